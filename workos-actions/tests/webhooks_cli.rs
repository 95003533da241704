//! Webhooks from the command line, against a receiver on loopback: `emulator --webhook` delivers
//! signed events, and `events forward` sends each new event once, across a restart, after a
//! failed try, starting from the newest event when nothing says where.

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use workos_actions::emulator::Running;

const SECRET: &str = "whsec_cli_test_secret";

/// Kills the child when the test ends, passed or not.
struct Process(Child);

impl Process {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Process {
        let mut command = Command::new(env!("CARGO_BIN_EXE_workos-actions"));
        command
            .args(args)
            .env_remove("WORKOS_API_KEY")
            .env_remove("WORKOS_BASE_URL")
            .env_remove("WORKOS_WEBHOOK_SECRET")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        Process(command.spawn().expect("the binary starts"))
    }

    /// Stops it and answers what it printed.
    fn stop(mut self) -> String {
        let _ = self.0.kill();
        let _ = self.0.wait();
        let mut out = String::new();
        if let Some(mut stdout) = self.0.stdout.take() {
            let _ = stdout.read_to_string(&mut out);
        }
        out
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Requests received per endpoint name, each checked with the generated crate's `verify`.
#[derive(Default)]
struct Receiver {
    events: Mutex<Vec<(String, Value)>>,
    requests: Mutex<Vec<String>>,
}

/// `fail-once-*` answers 503 to its very first request, everything else 200.
async fn receive(
    State(receiver): State<Arc<Receiver>>,
    UrlPath(endpoint): UrlPath<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    let first = {
        let mut requests = receiver.requests.lock().unwrap();
        requests.push(endpoint.clone());
        requests.iter().filter(|seen| **seen == endpoint).count() == 1
    };
    if first && endpoint.starts_with("fail-once") {
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    let signature = headers
        .get(workos_client::webhooks::SIGNATURE_HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    match workos_client::webhooks::verify(&body, signature, SECRET) {
        Ok(_) => {
            let event: Value = serde_json::from_slice(&body).unwrap();
            receiver.events.lock().unwrap().push((endpoint, event));
            StatusCode::OK
        }
        Err(_) => StatusCode::BAD_REQUEST,
    }
}

fn receiver() -> &'static (Arc<Receiver>, String) {
    static RECEIVER: OnceLock<(Arc<Receiver>, String)> = OnceLock::new();
    RECEIVER.get_or_init(|| {
        let receiver = Arc::new(Receiver::default());
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let app = axum::Router::new()
            .route("/hook/{endpoint}", axum::routing::post(receive))
            .with_state(receiver.clone());
        std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                    axum::serve(listener, app).await.unwrap();
                });
        });
        (receiver, url)
    })
}

/// The verified events `endpoint` received, in order.
fn received(endpoint: &str) -> Vec<Value> {
    receiver()
        .0
        .events
        .lock()
        .unwrap()
        .iter()
        .filter(|(name, _)| name == endpoint)
        .map(|(_, event)| event.clone())
        .collect()
}

fn hook(endpoint: &str) -> String {
    format!("{}/hook/{endpoint}", receiver().1)
}

async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out: {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn create_organization(base_url: &str, key: &str, name: &str) -> String {
    let answer: Value = reqwest::Client::new()
        .post(format!("{base_url}/organizations"))
        .bearer_auth(key)
        .json(&json!({ "name": name }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["id"].as_str().unwrap().to_owned()
}

fn about(event: &Value) -> String {
    event["data"]["id"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn the_emulator_command_delivers_signed_events_to_its_webhooks() {
    let process = Process::start(
        &[
            "emulator",
            "--webhook",
            &hook("emulator"),
            "--webhook-events",
            "organization.created",
        ],
        &[("WORKOS_WEBHOOK_SECRET", SECRET)],
    );
    let mut server = process;
    let mut stdout = server.0.stdout.take().unwrap();
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while stdout.read(&mut byte).unwrap() == 1 && byte[0] != b'\n' {
        line.push(byte[0]);
    }
    let base_url = String::from_utf8(line).unwrap();
    assert!(base_url.starts_with("http://127.0.0.1:"), "{base_url}");
    let id = create_organization(&base_url, "sk_test_cli", "Hooked").await;
    eventually("the delivery", || {
        received("emulator").iter().any(|event| about(event) == id)
    })
    .await;
    assert!(
        received("emulator")
            .iter()
            .all(|event| event["event"] == "organization.created")
    );
}

#[test]
fn the_emulator_refuses_a_remote_webhook_unless_allowed() {
    let output = Command::new(env!("CARGO_BIN_EXE_workos-actions"))
        .args([
            "emulator",
            "--webhook",
            "https://example.com/hook",
            "--webhook-secret",
            SECRET,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not on this machine"), "{stderr}");
    assert!(!stderr.contains(SECRET), "{stderr}");
}

fn state_after(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str::<Value>(&text)
        .ok()
        .map(|state| state["after"].clone())
}

#[tokio::test]
async fn forward_sends_each_new_event_once_across_a_restart() {
    const KEY: &str = "sk_test_forward";
    let emulator: Running = workos_actions::emulator::emulator(false)
        .api_key(KEY)
        .start("127.0.0.1:0")
        .unwrap();
    let base_url = emulator.base_url().to_owned();
    let before = create_organization(&base_url, KEY, "Before forwarding").await;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let state_arg = state.to_str().unwrap().to_owned();
    let to = hook("fail-once-forward");
    let args = [
        "events",
        "forward",
        "--to",
        &to,
        "--secret",
        SECRET,
        "--events",
        "organization.created,organization.deleted",
        "--state",
        &state_arg,
        "--poll-ms",
        "50",
    ];
    let env = [
        ("WORKOS_API_KEY", KEY),
        ("WORKOS_BASE_URL", base_url.as_str()),
    ];

    // First run: it starts after the newest event, so the organization made before is not sent.
    let first = Process::start(&args, &env);
    eventually("the state file", || state_after(&state).is_some()).await;
    let mut ids = Vec::new();
    for number in 0..3 {
        ids.push(create_organization(&base_url, KEY, &format!("Forwarded {number}")).await);
    }
    eventually("three deliveries", || {
        received("fail-once-forward").len() == 3
    })
    .await;
    let last_event = received("fail-once-forward")[2]["id"].clone();
    eventually("the state to hold the last one", || {
        state_after(&state) == Some(last_event.clone())
    })
    .await;
    let printed = first.stop();
    assert!(
        printed.contains("503; again in 1 s"),
        "the refused first try is said: {printed}"
    );
    let delivered_lines = printed
        .lines()
        .filter(|line| line.starts_with("organization.created  event_") && line.ends_with("  200"))
        .count();
    assert_eq!(delivered_lines, 3, "{printed}");

    // While it is stopped: two more organizations and a delete.
    for number in 3..5 {
        ids.push(create_organization(&base_url, KEY, &format!("Forwarded {number}")).await);
    }
    let deleted = reqwest::Client::new()
        .delete(format!("{base_url}/organizations/{}", ids[0]))
        .bearer_auth(KEY)
        .send()
        .await
        .unwrap();
    assert!(deleted.status().is_success());

    // Second run: it resumes after the last delivered event.
    let second = Process::start(&args, &env);
    eventually("six deliveries", || {
        received("fail-once-forward").len() == 6
    })
    .await;
    // Give it a few polls to send anything twice, then stop it.
    tokio::time::sleep(Duration::from_millis(300)).await;
    second.stop();

    let events = received("fail-once-forward");
    let event_ids: HashSet<&str> = events
        .iter()
        .map(|event| event["id"].as_str().unwrap())
        .collect();
    assert_eq!(event_ids.len(), events.len(), "nothing sent twice");
    let story: Vec<(String, String)> = events
        .iter()
        .map(|event| (event["event"].as_str().unwrap().to_owned(), about(event)))
        .collect();
    let mut expected: Vec<(String, String)> = ids
        .iter()
        .map(|id| ("organization.created".to_owned(), id.clone()))
        .collect();
    expected.push(("organization.deleted".to_owned(), ids[0].clone()));
    assert_eq!(story, expected);
    assert!(!story.iter().any(|(_, id)| *id == before));
}
