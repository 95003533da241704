//! The agent surface's costs, measured in one run of the release binary:
//!
//! - from process start to the answer of the first `tools/list` over stdio (target under
//!   50 ms), and the process's peak resident memory by then (target under 30 MB);
//! - the size of `tools/list` in bytes, whole and per tool, one tool per action and with
//!   `--tools dynamic` (what an agent pays in context);
//! - a read `tools/call` against a loopback server, next to the same call made directly through
//!   the engine on the same server (target: median at most 1 ms above), interleaved;
//! - `workos-actions list` from start to exit (target under 20 ms);
//! - a read `tools/call` over Streamable HTTP at 2026-07-28 (stateless: `_meta` on the request,
//!   no session) next to the same call at 2025-11-25 (in a session), interleaved;
//! - the time to verify an OAuth access token (RS256, keys cached), against the emulator's
//!   AuthKit;
//! - the server's resident memory after 3,000 `initialize` requests over HTTP (a measured run:
//!   past `--max-sessions` they are answered 503, and the server still answers).
//!
//! Criterion reports each on its own; the summary printed at the end comes from interleaved
//! loops in the same run. Run with `cargo bench -p workos-actions`.

use std::hint::black_box;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use actionspec_runtime::Engine;
use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use criterion::Criterion;
use serde_json::{Value, json};

const BINARY: &str = env!("CARGO_BIN_EXE_workos-actions");
const KEY: &str = "sk_test_bench";

/// A loopback stand-in answering `GET /organizations/{id}`; its base URL.
fn serve() -> String {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            sender.send(listener.local_addr().unwrap()).unwrap();
            let app = Router::new().route(
                "/organizations/{id}",
                get(|Path(id): Path<String>| async move {
                    axum::Json(json!({
                        "object": "organization", "id": id, "name": "Acme",
                        "allow_profiles_outside_organization": false, "domains": [],
                        "created_at": "2026-01-01T00:00:00.000Z",
                        "updated_at": "2026-01-01T00:00:00.000Z",
                    }))
                }),
            );
            axum::serve(listener, app).await.unwrap();
        });
    });
    format!("http://{}", receiver.recv().unwrap())
}

/// One tool per action: the read calls name their tool, and the whole catalog's list is past
/// the default's budget, which would make the default the dynamic tools.
const EVERY_TOOL: &[&str] = &["--tools", "all"];

/// An MCP session over the binary's stdio, spoken line by line.
struct Session {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: u64,
}

impl Session {
    fn start(base_url: &str, flags: &[&str]) -> Session {
        let mut child = Command::new(BINARY)
            .arg("mcp")
            .args(flags)
            .env("WORKOS_API_KEY", KEY)
            .env("WORKOS_BASE_URL", base_url)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut session = Session {
            child,
            stdin,
            stdout,
            next_id: 1,
        };
        session.request(
            "initialize",
            json!({
                "protocolVersion": "2025-11-25",
                "capabilities": {},
                "clientInfo": {"name": "bench", "version": "0"}
            }),
        );
        session.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        session
    }

    fn send(&mut self, message: &Value) {
        let mut line = message.to_string();
        line.push('\n');
        self.stdin.write_all(line.as_bytes()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// Sends a request and answers the raw line of its response.
    fn request(&mut self, method: &str, params: Value) -> String {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let mut line = String::new();
            assert!(
                self.stdout.read_line(&mut line).unwrap() > 0,
                "the server ended"
            );
            if serde_json::from_str::<Value>(&line).is_ok_and(|v| v["id"] == id) {
                return line;
            }
        }
    }

    /// Peak resident memory so far, in bytes (Linux).
    fn peak_rss(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    }

    fn end(mut self) {
        drop(self.stdin);
        let _ = self.child.wait();
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn start_to_tools_list(base_url: &str) -> (Duration, Option<u64>) {
    let started = Instant::now();
    let mut session = Session::start(base_url, &[]);
    let answer = session.request("tools/list", json!({}));
    let elapsed = started.elapsed();
    black_box(answer);
    let rss = session.peak_rss();
    session.end();
    (elapsed, rss)
}

fn list_once() -> Duration {
    let started = Instant::now();
    let output = Command::new(BINARY)
        .arg("list")
        .env_remove("WORKOS_API_KEY")
        .stdout(Stdio::piped())
        .output()
        .unwrap();
    assert!(output.status.success());
    started.elapsed()
}

fn tool_sizes(base_url: &str, flags: &[&str]) -> (usize, Vec<(String, usize)>) {
    let mut session = Session::start(base_url, flags);
    let answer: Value = serde_json::from_str(&session.request("tools/list", json!({}))).unwrap();
    session.end();
    let tools = answer["result"]["tools"].as_array().unwrap();
    let whole = serde_json::to_string(&answer["result"]).unwrap().len();
    let each = tools
        .iter()
        .map(|tool| {
            (
                tool["name"].as_str().unwrap().to_owned(),
                serde_json::to_string(tool).unwrap().len(),
            )
        })
        .collect();
    (whole, each)
}

/// `mcp --http 127.0.0.1:0` as a child process; its URL read from its stderr.
struct HttpServer {
    child: Child,
    url: String,
}

impl HttpServer {
    fn start(base_url: &str) -> HttpServer {
        let mut child = Command::new(BINARY)
            .args(["mcp", "--http", "127.0.0.1:0"])
            .args(EVERY_TOOL)
            .env("WORKOS_API_KEY", KEY)
            .env("WORKOS_BASE_URL", base_url)
            .env_remove("WORKOS_ACTIONS_MCP_TOKEN")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let url = loop {
            let line = lines.next().expect("the server announces its URL").unwrap();
            if let Some(url) = line.split("serving MCP on ").nth(1) {
                break url.trim().to_owned();
            }
        };
        std::thread::spawn(move || for _ in lines.map_while(Result::ok) {});
        HttpServer { child, url }
    }

    /// Resident memory now, in bytes (Linux).
    fn rss(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client of the HTTP server in one protocol era, spoken as raw JSON-RPC over HTTP.
struct HttpClient {
    http: reqwest::Client,
    url: String,
    /// The 2025-11-25 session, or none at 2026-07-28.
    session: Option<String>,
}

impl HttpClient {
    async fn legacy(url: &str) -> HttpClient {
        let mut client = HttpClient {
            http: reqwest::Client::new(),
            url: url.to_owned(),
            session: None,
        };
        let (_, session) = client
            .post(
                json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
                "protocolVersion": "2025-11-25", "capabilities": {},
                "clientInfo": {"name": "bench", "version": "0"}}}),
            )
            .await;
        client.session = session;
        client
            .post(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}))
            .await;
        client
    }

    fn modern(url: &str) -> HttpClient {
        HttpClient {
            http: reqwest::Client::new(),
            url: url.to_owned(),
            session: None,
        }
    }

    /// Posts `message`: the answer's body and the session it names.
    async fn post(&self, mut message: Value) -> (String, Option<String>) {
        let mut request = self
            .http
            .post(&self.url)
            .header("accept", "application/json, text/event-stream");
        match &self.session {
            Some(session) => {
                request = request
                    .header("mcp-session-id", session)
                    .header("mcp-protocol-version", "2025-11-25");
            }
            None if message["method"] != "initialize" => {
                message["params"]["_meta"] = json!({
                    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
                    "io.modelcontextprotocol/clientCapabilities": {},
                    "io.modelcontextprotocol/clientInfo": {"name": "bench", "version": "0"},
                });
                // The standard headers 2026-07-28 asks for beside the body.
                request = request
                    .header("mcp-protocol-version", "2026-07-28")
                    .header("mcp-method", message["method"].as_str().unwrap_or(""));
                if let Some(name) = message["params"]["name"].as_str() {
                    request = request.header("mcp-name", name);
                }
            }
            None => {}
        }
        let response = request.json(&message).send().await.unwrap();
        let session = response
            .headers()
            .get("mcp-session-id")
            .map(|value| value.to_str().unwrap().to_owned());
        (response.text().await.unwrap(), session)
    }

    async fn read(&self) -> String {
        let (body, _) = self
            .post(
                json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {
                "name": "workos_organization_get", "arguments": {"id": "org_bench"}}}),
            )
            .await;
        assert!(body.contains("org_bench"), "{body}");
        body
    }
}

/// Resident memory of a fresh HTTP server after 3,000 `initialize` (8 at a time), the answers'
/// statuses, and whether it still answers a stateless `tools/list`.
fn memory_after_initializes(runtime: &tokio::runtime::Runtime, base_url: &str) -> String {
    let server = HttpServer::start(base_url);
    let before = server.rss().unwrap_or(0);
    let statuses = runtime.block_on(async {
        let http = reqwest::Client::new();
        let statuses =
            std::sync::Arc::new(std::sync::Mutex::new(std::collections::BTreeMap::new()));
        let mut tasks = Vec::new();
        for worker in 0..8 {
            let (http, url, statuses) = (http.clone(), server.url.clone(), statuses.clone());
            tasks.push(tokio::spawn(async move {
                for _ in (worker..3000).step_by(8) {
                    let status = http
                        .post(&url)
                        .header("accept", "application/json, text/event-stream")
                        .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                            "params": {"protocolVersion": "2025-11-25", "capabilities": {},
                            "clientInfo": {"name": "bench", "version": "0"}}}))
                        .send()
                        .await
                        .map(|response| response.status().as_u16())
                        .unwrap_or(0);
                    *statuses.lock().unwrap().entry(status).or_insert(0) += 1;
                }
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        statuses.lock().unwrap().clone()
    });
    let after = server.rss().unwrap_or(0);
    let answers = runtime.block_on(async {
        let (body, _) = HttpClient::modern(&server.url)
            .post(json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}))
            .await;
        body.contains("workos_organization_get")
    });
    format!(
        "{:.1} MB before, {:.1} MB after (target < 64 MB); statuses {statuses:?}; still answering: {answers}",
        before as f64 / 1e6,
        after as f64 / 1e6
    )
}

fn main() {
    let base_url = serve();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let engine = Engine::builder(&workos_client::descriptors::API)
        .api_key(KEY)
        .base_url(&base_url)
        .build()
        .unwrap();
    let call_params = json!({"name": "workos_organization_get", "arguments": {"id": "org_bench"}});

    let mut criterion = Criterion::default()
        .configure_from_args()
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    criterion.bench_function("mcp stdio: start to first tools/list", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| start_to_tools_list(&base_url).0).sum())
    });
    criterion.bench_function("workos-actions list", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| list_once()).sum())
    });
    {
        let mut session = Session::start(&base_url, EVERY_TOOL);
        criterion.bench_function("read: tools/call over stdio", |b| {
            b.iter(|| black_box(session.request("tools/call", call_params.clone())))
        });
        criterion.bench_function("read: engine.call_json", |b| {
            b.iter(|| {
                black_box(runtime.block_on(
                    engine.call_json("workos_organization_get", json!({"id": "org_bench"})),
                ))
            })
        });
        session.end();
    }

    // Over HTTP, the two protocol eras; and the verification of an access token.
    let http_server = HttpServer::start(&base_url);
    let legacy = runtime.block_on(HttpClient::legacy(&http_server.url));
    let modern = HttpClient::modern(&http_server.url);
    criterion.bench_function("read: tools/call over HTTP at 2025-11-25 (session)", |b| {
        b.iter(|| black_box(runtime.block_on(legacy.read())))
    });
    criterion.bench_function(
        "read: tools/call over HTTP at 2026-07-28 (stateless)",
        |b| b.iter(|| black_box(runtime.block_on(modern.read()))),
    );
    let authkit = workos_actions::emulator::oauth::AuthKit::new(Vec::new());
    let issuer = workos_actions::emulator::emulator_with_authkit(false, &authkit)
        .start("127.0.0.1:0")
        .unwrap();
    let resource = "http://127.0.0.1:8765/mcp";
    let verifier =
        actionspec_agent::mcp::oauth::ResourceServer::new(actionspec_agent::mcp::oauth::Settings {
            issuer: issuer.base_url().to_owned(),
            resource: resource.to_owned(),
            write_permission: "workos-actions:write".to_owned(),
        })
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let access_token = authkit.sign(&json!({
        "iss": issuer.base_url(), "sub": "client_bench", "aud": resource,
        "iat": now, "exp": now + 3600, "permissions": ["workos-actions:write"],
    }));
    runtime
        .block_on(verifier.verify(&access_token))
        .expect("the token verifies");
    criterion.bench_function("oauth: verify an access token (RS256, keys cached)", |b| {
        b.iter(|| black_box(runtime.block_on(verifier.verify(&access_token)).unwrap()))
    });

    // The summary, from interleaved loops.
    let (mut at_legacy, mut at_modern) = (Vec::new(), Vec::new());
    for round in 0..400 {
        for turn in 0..2 {
            let started = Instant::now();
            if (turn == 0) == (round % 2 == 0) {
                black_box(runtime.block_on(legacy.read()));
                at_legacy.push(started.elapsed());
            } else {
                black_box(runtime.block_on(modern.read()));
                at_modern.push(started.elapsed());
            }
        }
    }
    let mut verifies = Vec::new();
    for _ in 0..400 {
        let started = Instant::now();
        black_box(runtime.block_on(verifier.verify(&access_token)).unwrap());
        verifies.push(started.elapsed());
    }
    drop(http_server);
    let memory = memory_after_initializes(&runtime, &base_url);
    let mut starts = Vec::new();
    let mut peaks = Vec::new();
    let mut lists = Vec::new();
    for _ in 0..15 {
        let (elapsed, rss) = start_to_tools_list(&base_url);
        starts.push(elapsed);
        peaks.extend(rss);
        lists.push(list_once());
    }
    let mut session = Session::start(&base_url, EVERY_TOOL);
    let (mut via_mcp, mut direct) = (Vec::new(), Vec::new());
    for round in 0..400 {
        let mcp_first = round % 2 == 0;
        for turn in 0..2 {
            if (turn == 0) == mcp_first {
                let started = Instant::now();
                black_box(session.request("tools/call", call_params.clone()));
                via_mcp.push(started.elapsed());
            } else {
                let started = Instant::now();
                let answer = runtime.block_on(
                    engine.call_json("workos_organization_get", json!({"id": "org_bench"})),
                );
                black_box(answer.unwrap());
                direct.push(started.elapsed());
            }
        }
    }
    session.end();
    let (mcp_median, direct_median) = (median(via_mcp), median(direct));
    peaks.sort();
    let peak = peaks.get(peaks.len() / 2).copied().unwrap_or(0);

    let (whole, each) = tool_sizes(&base_url, EVERY_TOOL);
    let (dynamic_whole, dynamic_each) = tool_sizes(&base_url, &["--tools", "dynamic"]);
    let sizes: Vec<usize> = each.iter().map(|(_, size)| *size).collect();
    let (largest_name, largest) = each.iter().max_by_key(|(_, size)| *size).unwrap();

    println!("\nsummary (medians of interleaved runs)");
    println!(
        "  start to first tools/list over stdio: {:.1} ms (target < 50 ms), peak RSS {:.1} MB (target < 30 MB)",
        median(starts).as_secs_f64() * 1e3,
        peak as f64 / 1e6
    );
    println!(
        "  workos-actions list: {:.1} ms (target < 20 ms)",
        median(lists).as_secs_f64() * 1e3
    );
    println!(
        "  read tools/call {:.3} ms vs engine.call_json {:.3} ms: {:+.3} ms (target <= +1 ms), ratio {:.2}",
        mcp_median.as_secs_f64() * 1e3,
        direct_median.as_secs_f64() * 1e3,
        (mcp_median.as_secs_f64() - direct_median.as_secs_f64()) * 1e3,
        mcp_median.as_secs_f64() / direct_median.as_secs_f64()
    );
    println!(
        "  read tools/call over HTTP: 2026-07-28 stateless {:.3} ms, 2025-11-25 session {:.3} ms",
        median(at_modern).as_secs_f64() * 1e3,
        median(at_legacy).as_secs_f64() * 1e3
    );
    println!(
        "  verify an access token: {:.1} µs",
        median(verifies).as_secs_f64() * 1e6
    );
    println!("  resident memory after 3,000 initialize over HTTP: {memory}");
    println!(
        "  tools/list, one tool per action: {whole} bytes for {} tools; per tool median {} bytes, smallest {}, largest {largest} ({largest_name})",
        each.len(),
        {
            let mut sorted = sizes.clone();
            sorted.sort();
            sorted[sorted.len() / 2]
        },
        sizes.iter().min().unwrap(),
    );
    println!(
        "  tools/list, --tools dynamic: {dynamic_whole} bytes for {} tools ({}), {:.1}x smaller",
        dynamic_each.len(),
        dynamic_each
            .iter()
            .map(|(name, size)| format!("{name} {size}"))
            .collect::<Vec<_>>()
            .join(", "),
        whole as f64 / dynamic_whole as f64
    );
}
