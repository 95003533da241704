//! The agent surface's costs, measured in one run of the release binary:
//!
//! - from process start to the answer of the first `tools/list` over stdio (target under
//!   50 ms), and the process's peak resident memory by then (target under 30 MB);
//! - the size of `tools/list` in bytes, whole and per tool, one tool per action and with
//!   `--tools dynamic` (what an agent pays in context);
//! - a read `tools/call` against a loopback server, next to the same call made directly through
//!   the engine on the same server (target: median at most 1 ms above), interleaved;
//! - `workos-actions list` from start to exit (target under 20 ms).
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
        let mut session = Session::start(&base_url, &[]);
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

    // The summary, from interleaved loops.
    let mut starts = Vec::new();
    let mut peaks = Vec::new();
    let mut lists = Vec::new();
    for _ in 0..15 {
        let (elapsed, rss) = start_to_tools_list(&base_url);
        starts.push(elapsed);
        peaks.extend(rss);
        lists.push(list_once());
    }
    let mut session = Session::start(&base_url, &[]);
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

    let (whole, each) = tool_sizes(&base_url, &[]);
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
