//! Shared by the test binaries of this folder: a recording loopback HTTP server, a client
//! pointed at it, and assertions on what crossed the wire.
//!
//! The server is a hand-written HTTP/1.1 responder on `127.0.0.1:0`. It answers each request
//! with the next scripted [`Reply`] (or a fallback), closes the connection, and records the
//! request exactly as it arrived: method, raw path, raw and decoded query, headers and body
//! bytes. Writing it by hand keeps the raw request target intact (no router normalizes it),
//! which is what the path-injection tests need to see.

// Each test binary uses a different part of this module.
#![allow(dead_code)]

pub mod cases;
pub mod fixtures;
pub mod scratch;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use percent_encoding::percent_decode_str;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use workos_client::Client;
use workos_client::descriptors::API;

/// The API key every test client sends. It must never show up in errors or `Debug` output.
pub const TEST_KEY: &str = "sk_test_123";

/// Longest request head the server reads; a longer one ends the connection.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// One scripted answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    /// A JSON answer.
    pub fn json(status: u16, body: &Value) -> Reply {
        Reply {
            status,
            headers: vec![("content-type".to_owned(), "application/json".to_owned())],
            body: body.to_string().into_bytes(),
        }
    }

    /// An answer without a body (deletes).
    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// An answer with any body and content type.
    pub fn raw(status: u16, content_type: &str, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![("content-type".to_owned(), content_type.to_owned())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// Adds a header (a `X-Request-ID` given here replaces the server's own).
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// The request target exactly as sent: raw path and raw query.
    pub target: String,
    /// The raw path, before any `?`.
    pub path: String,
    /// The raw query, after the `?`, when there was one.
    pub query: Option<String>,
    /// Headers in arrival order, names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The `X-Request-ID` the server answered this request with.
    pub request_id: String,
}

impl Recorded {
    /// The only value of a header, or `None`; panics if the header came more than once.
    pub fn header(&self, name: &str) -> Option<&str> {
        let values = self.header_values(name);
        assert!(
            values.len() <= 1,
            "header `{name}` was sent {} times: {values:?}",
            values.len()
        );
        values.first().copied()
    }

    /// Every value of a header.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .filter(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// The query as decoded `(key, value)` pairs, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        self.query.as_deref().map(query_pairs).unwrap_or_default()
    }

    /// The decoded value of one query parameter; panics if it came more than once.
    pub fn query_value(&self, name: &str) -> Option<String> {
        let values: Vec<String> = self
            .query_pairs()
            .into_iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value)
            .collect();
        assert!(
            values.len() <= 1,
            "query parameter `{name}` was sent {} times",
            values.len()
        );
        values.into_iter().next()
    }

    /// The raw path segments, without the leading `/`.
    pub fn segments(&self) -> Vec<&str> {
        self.path
            .strip_prefix('/')
            .unwrap_or(&self.path)
            .split('/')
            .collect()
    }

    /// The body as JSON; panics with the body text when it is not JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "request body is not JSON ({error}): {:?}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// A query string as decoded `(key, value)` pairs, in order.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

/// Asserts that `sent` holds exactly the `wanted` pairs, in any order.
pub fn assert_same_pairs(mut sent: Vec<(String, String)>, wanted: &[(&str, &str)], what: &str) {
    sent.sort();
    let mut wanted: Vec<(String, String)> = wanted
        .iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
        .collect();
    wanted.sort();
    assert_eq!(sent, wanted, "{what}");
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

#[derive(Default)]
struct State {
    replies: VecDeque<Reply>,
    fallback: Option<Reply>,
    requests: Vec<Recorded>,
}

/// A recording loopback server. Dropping it stops it.
pub struct Server {
    url: String,
    state: Arc<Mutex<State>>,
    task: JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// Starts a server on a free loopback port.
    pub async fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let url = format!(
            "http://{}",
            listener.local_addr().expect("loopback address")
        );
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = Arc::clone(&shared);
                tokio::spawn(async move {
                    // A client that hangs up early only loses its own answer.
                    let _ = serve(stream, state).await;
                });
            }
        });
        Server { url, state, task }
    }

    /// A server that answers these replies, in order.
    pub async fn with(replies: impl IntoIterator<Item = Reply>) -> Server {
        let server = Server::start().await;
        for reply in replies {
            server.push(reply);
        }
        server
    }

    /// The base URL to give a client.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Queues the answer to the next unanswered request.
    pub fn push(&self, reply: Reply) {
        self.lock().replies.push_back(reply);
    }

    /// The answer to every request once the queue is empty (default: a 500 that says the
    /// script ran out, so a test that sends more than it scripted fails loudly).
    pub fn fallback(&self, reply: Reply) {
        self.lock().fallback = Some(reply);
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.lock().requests.clone()
    }

    /// The one request received so far; panics if there were none or several.
    pub fn only_request(&self) -> Recorded {
        let requests = self.requests();
        assert_eq!(
            requests.len(),
            1,
            "expected exactly one request, got {}: {:?}",
            requests.len(),
            requests.iter().map(|r| &r.target).collect::<Vec<_>>()
        );
        requests.into_iter().next().expect("one request")
    }

    /// How many scripted replies are still unused.
    pub fn unused_replies(&self) -> usize {
        self.lock().replies.len()
    }

    /// A client of this server with the test key and retries off.
    pub fn client(&self) -> Client {
        Client::from(
            self.builder()
                .build()
                .expect("a client for the loopback server"),
        )
    }

    /// The builder behind [`Server::client`], to change a setting first.
    pub fn builder(&self) -> workos_client::EngineBuilder {
        Client::builder()
            .api_key(TEST_KEY)
            .base_url(self.url.clone())
            .max_retries(0)
            .request_timeout(Duration::from_secs(10))
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Reads one request, records it, answers it and closes the connection.
async fn serve(stream: TcpStream, state: Arc<Mutex<State>>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);

    let mut head_bytes = 0;
    let mut lines = Vec::new();
    loop {
        let mut line = Vec::new();
        let read = reader.read_until(b'\n', &mut line).await?;
        head_bytes += read;
        if read == 0 || head_bytes > MAX_HEAD_BYTES {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&line)
            .trim_end_matches(['\r', '\n'])
            .to_owned();
        if text.is_empty() {
            break;
        }
        lines.push(text);
    }
    let Some(request_line) = lines.first() else {
        return Ok(());
    };
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines[1..]
        .iter()
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };

    let body = if header("transfer-encoding").is_some_and(|value| value.contains("chunked")) {
        read_chunked(&mut reader).await?
    } else {
        let length: usize = header("content-length")
            .and_then(|value| value.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        reader.read_exact(&mut body).await?;
        body
    };

    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
        None => (target.clone(), None),
    };

    let reply = {
        let mut state = state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let number = state.requests.len() + 1;
        let mut reply = state
            .replies
            .pop_front()
            .or_else(|| state.fallback.clone())
            .unwrap_or_else(|| {
                Reply::json(
                    500,
                    &serde_json::json!({
                        "message": "the test server has no scripted reply for this request"
                    }),
                )
            });
        let request_id = match reply
            .headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("x-request-id"))
        {
            Some((_, value)) => value.clone(),
            None => {
                let id = format!("req_test_{number:04}");
                reply.headers.push(("X-Request-ID".to_owned(), id.clone()));
                id
            }
        };
        state.requests.push(Recorded {
            method,
            target,
            path,
            query,
            headers,
            body,
            request_id,
        });
        reply
    };

    let mut out = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (name, value) in &reply.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    if !matches!(reply.status, 100..=199 | 204 | 304) {
        out.push_str(&format!("content-length: {}\r\n", reply.body.len()));
    }
    out.push_str("connection: close\r\n\r\n");
    write.write_all(out.as_bytes()).await?;
    write.write_all(&reply.body).await?;
    write.shutdown().await
}

/// Reads a chunked body (the client may stream one).
async fn read_chunked<R: AsyncBufReadExt + Unpin>(reader: &mut R) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut size_line = String::new();
        reader.read_line(&mut size_line).await?;
        let size_text = size_line.trim().split(';').next().unwrap_or_default();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| std::io::Error::other("bad chunk size"))?;
        if size == 0 {
            // Trailers end with an empty line.
            loop {
                let mut trailer = String::new();
                if reader.read_line(&mut trailer).await? == 0 || trailer.trim().is_empty() {
                    return Ok(body);
                }
            }
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..]).await?;
        let mut crlf = [0; 2];
        reader.read_exact(&mut crlf).await?;
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// What a test expects one request to look like. The method and the path template are the
/// descriptor's.
pub struct Expect<'a> {
    /// The action the request is for.
    pub action: &'a str,
    /// The values of the path parameters, in the template's order: the exact raw path is the
    /// template with them in place.
    pub path: &'a [&'a str],
    /// Every decoded query pair, in any order; nothing else may be sent.
    pub query: &'a [(&'a str, &'a str)],
    /// The exact JSON body, or `None` for no body at all.
    pub body: Option<&'a Value>,
}

/// Asserts everything about one request: route, method, path, query, body and headers.
pub fn assert_request(request: &Recorded, expect: Expect<'_>) {
    assert_route(expect.action, request);
    let descriptor = API.action(expect.action).expect("a catalog action");
    let method = descriptor.method().expect("an available action").as_str();
    let template = descriptor.path().expect("an available action has a path");
    assert_eq!(
        request.path,
        fill(template, expect.path),
        "path of {}",
        expect.action
    );

    assert_same_pairs(
        request.query_pairs(),
        expect.query,
        &format!("query of {}", expect.action),
    );
    if expect.query.is_empty() {
        assert_eq!(request.query, None, "{} sent an empty query", expect.action);
    }

    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {TEST_KEY}").as_str()),
        "authorization of {}",
        expect.action
    );
    let agent = request.header("user-agent").unwrap_or_default();
    assert!(
        agent.starts_with("workos-client/"),
        "user agent of {}: {agent}",
        expect.action
    );
    assert_eq!(request.header("accept"), Some("application/json"));

    match expect.body {
        Some(body) => {
            assert_eq!(
                request.header("content-type"),
                Some("application/json"),
                "content type of {}",
                expect.action
            );
            assert_eq!(&request.json(), body, "body of {}", expect.action);
        }
        None => {
            assert!(
                request.body.is_empty(),
                "{} sent a body: {:?}",
                expect.action,
                String::from_utf8_lossy(&request.body)
            );
            assert_eq!(
                request.header("content-type"),
                None,
                "{} sent a content type without a body",
                expect.action
            );
        }
    }

    let key = request.header("idempotency-key");
    if method == "POST" {
        let key = key.unwrap_or_else(|| panic!("{} sent no idempotency key", expect.action));
        assert!(is_uuid_v4(key), "idempotency key `{key}` is not a UUID v4");
    } else {
        assert_eq!(key, None, "{} is not a POST", expect.action);
    }
}

/// A path template with these values in place of its parameters, in order.
fn fill(template: &str, values: &[&str]) -> String {
    let mut values = values.iter();
    let path: Vec<&str> = template
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                values
                    .next()
                    .unwrap_or_else(|| panic!("no value for `{segment}` of `{template}`"))
            } else {
                segment
            }
        })
        .collect();
    assert!(
        values.next().is_none(),
        "more path values than `{template}` has parameters"
    );
    path.join("/")
}

/// Asserts that the request took the route the descriptor of `action` declares: its method,
/// and a path with the template's segments (literal ones equal, parameters non-empty).
pub fn assert_route(action: &str, request: &Recorded) {
    let descriptor = API
        .action(action)
        .unwrap_or_else(|| panic!("`{action}` is not in the catalog"));
    let method = descriptor
        .method()
        .unwrap_or_else(|| panic!("`{action}` is not available"));
    assert_eq!(request.method, method.as_str(), "method of {action}");
    let template = descriptor.path().expect("an available action has a path");
    let expected: Vec<&str> = template.trim_start_matches('/').split('/').collect();
    let sent = request.segments();
    assert_eq!(
        sent.len(),
        expected.len(),
        "{action}: `{}` does not have the segments of `{template}`",
        request.path
    );
    for (sent, expected) in sent.iter().zip(&expected) {
        if expected.starts_with('{') {
            assert!(!sent.is_empty(), "{action}: empty parameter segment");
        } else {
            assert_eq!(sent, expected, "{action}: literal segment of `{template}`");
        }
    }
}

/// True for the canonical text form of a version 4 UUID.
pub fn is_uuid_v4(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|group| group.len()).collect();
    lengths == [8, 4, 4, 4, 12]
        && groups
            .iter()
            .all(|group| group.chars().all(|c| c.is_ascii_hexdigit()))
        && groups[2].starts_with('4')
}

/// `Vec<String>` from string literals, for list parameters.
pub fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

/// Asserts the key appears in neither rendering of a value.
pub fn assert_no_key<T: std::fmt::Debug + ?Sized>(what: &str, value: &T) {
    let debug = format!("{value:?}");
    assert!(
        !debug.contains(TEST_KEY),
        "{what}: Debug output shows the API key: {debug}"
    );
}

/// Asserts an error shows the key in neither `Debug` nor `Display`.
pub fn assert_error_hides_key(error: &workos_client::Error) {
    assert_no_key("error", error);
    let display = error.to_string();
    assert!(
        !display.contains(TEST_KEY),
        "error message shows the API key: {display}"
    );
}
