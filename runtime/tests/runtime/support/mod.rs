//! Test support: a scripted loopback HTTP/1.1 server (the catalog is `actionspec-test-catalog`).
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actionspec_runtime::{Engine, EngineBuilder, RetryConfig};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The key every test engine uses; tests assert it never leaks.
pub const KEY: &str = "tk_test_SECRET_a1b2c3d4e5";

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Answer after `delay`.
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
        delay: Duration,
    },
    /// Read the request, then reset the connection without answering.
    Reset,
}

impl Reply {
    pub fn json(status: u16, body: Value) -> Self {
        Reply::Respond {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string(),
            delay: Duration::ZERO,
        }
    }

    pub fn text(status: u16, body: &str) -> Self {
        Reply::Respond {
            status,
            headers: vec![("content-type".into(), "text/plain".into())],
            body: body.to_owned(),
            delay: Duration::ZERO,
        }
    }

    pub fn empty(status: u16) -> Self {
        Reply::Respond {
            status,
            headers: Vec::new(),
            body: String::new(),
            delay: Duration::ZERO,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Reply::Respond { headers, .. } = &mut self {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    pub fn delayed(mut self, wait: Duration) -> Self {
        if let Reply::Respond { delay, .. } = &mut self {
            *delay = wait;
        }
        self
    }
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(header, _)| header.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("request body is JSON")
    }
}

type Responder = dyn Fn(&Recorded, usize) -> Reply + Send + Sync;

/// A loopback server answering each request from a script; one request per connection.
pub struct Server {
    url: String,
    seen: Arc<Mutex<Vec<Recorded>>>,
    count: Arc<AtomicUsize>,
}

impl Server {
    /// Answers the n-th request with `script[n]`; the last reply repeats.
    pub async fn script(script: Vec<Reply>) -> Server {
        assert!(!script.is_empty());
        Self::with(move |_, index| script[index.min(script.len() - 1)].clone()).await
    }

    /// Answers each request with what `respond(request, index)` says.
    pub async fn with(
        respond: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static,
    ) -> Server {
        Self::start(respond, true).await
    }

    /// Like [`Server::with`], but keeps only the count of requests (for memory measurements).
    pub async fn unrecorded(
        respond: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static,
    ) -> Server {
        Self::start(respond, false).await
    }

    async fn start(
        respond: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static,
        record: bool,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let respond: Arc<Responder> = Arc::new(respond);
        let count = Arc::new(AtomicUsize::new(0));
        let server_seen = Arc::clone(&seen);
        let server_count = Arc::clone(&count);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let seen = record.then(|| Arc::clone(&server_seen));
                let count = Arc::clone(&server_count);
                let respond = Arc::clone(&respond);
                tokio::spawn(serve(stream, seen, count, respond));
            }
        });
        Server { url, seen, count }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.seen.lock().expect("lock").clone()
    }

    pub fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    /// A builder pointed at this server with the test key and tiny retry waits.
    pub fn builder(&self) -> EngineBuilder {
        Engine::builder(&actionspec_test_catalog::shapes::API)
            .api_key(KEY)
            .base_url(self.url())
            .request_timeout(Duration::from_secs(5))
            .retry(fast_retry())
    }

    pub fn engine(&self) -> Engine {
        self.builder().build().expect("engine")
    }
}

/// Retries with waits of a few milliseconds.
pub fn fast_retry() -> RetryConfig {
    RetryConfig::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
        .jitter(false)
}

async fn serve(
    mut stream: TcpStream,
    seen: Option<Arc<Mutex<Vec<Recorded>>>>,
    count: Arc<AtomicUsize>,
    respond: Arc<Responder>,
) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let index = count.fetch_add(1, Ordering::SeqCst);
    if let Some(seen) = seen {
        seen.lock().expect("lock").push(request.clone());
    }
    match respond(&request, index) {
        Reply::Reset => {
            let _ = stream.set_zero_linger();
            drop(stream);
        }
        Reply::Respond {
            status,
            headers,
            body,
            delay,
        } => {
            tokio::time::sleep(delay).await;
            let mut head = format!("HTTP/1.1 {status} Status\r\n");
            for (name, value) in &headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str(&format!(
                "content-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            ));
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(body.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<Recorded> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(position) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break position;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    Some(Recorded {
        method,
        target,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// A page of the list envelope.
pub fn page(items: Vec<Value>, after: Option<&str>) -> Value {
    serde_json::json!({
        "object": "list",
        "data": items,
        "list_metadata": {"before": null, "after": after},
    })
}
