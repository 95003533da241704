//! Shared by the test files of this folder: a loopback stand-in for the API that records
//! every request, and a runner of the built binary.

#![allow(dead_code)]

pub mod mcp;

use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex, OnceLock};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The API key the binary is given. It must never show up in any output.
pub const TEST_KEY: &str = "sk_test_agent_surface_0123456789";

pub const BINARY: &str = env!("CARGO_BIN_EXE_workos-actions");

/// One request as the stand-in received it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// Raw path and query, as sent.
    pub target: String,
    pub authorization: Option<String>,
    pub body: Option<Value>,
}

/// A running stand-in.
pub struct Api {
    pub base_url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Api {
    /// Requests received so far whose target starts with `prefix`.
    pub fn seen(&self, prefix: &str) -> Vec<Seen> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|seen| seen.target.starts_with(prefix))
            .cloned()
            .collect()
    }
}

/// The stand-in of this test binary, started once on a thread of its own.
pub fn api() -> &'static Api {
    static API: OnceLock<Api> = OnceLock::new();
    API.get_or_init(|| {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (sender, receiver) = std::sync::mpsc::channel();
        let state = Arc::clone(&seen);
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                sender.send(listener.local_addr().unwrap()).unwrap();
                let app = Router::new().fallback(answer).with_state(state);
                axum::serve(listener, app).await.unwrap();
            });
        });
        let address = receiver.recv().unwrap();
        Api {
            base_url: format!("http://{address}"),
            seen,
        }
    })
}

pub fn organization(id: &str, name: &str) -> Value {
    json!({
        "object": "organization",
        "id": id,
        "name": name,
        "allow_profiles_outside_organization": false,
        "domains": [],
        "metadata": {},
        "external_id": null,
        "created_at": "2026-01-01T00:00:00.000Z",
        "updated_at": "2026-01-01T00:00:00.000Z",
    })
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        [
            ("content-type", "application/json"),
            ("x-request-id", "req_test"),
        ],
        json!({"code": code, "message": message}).to_string(),
    )
        .into_response()
}

async fn answer(
    State(seen): State<Arc<Mutex<Vec<Seen>>>>,
    method: Method,
    uri: Uri,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Response {
    let target = uri
        .path_and_query()
        .map(|target| target.as_str().to_owned())
        .unwrap_or_default();
    let body_json = serde_json::from_slice::<Value>(&body).ok();
    seen.lock().unwrap().push(Seen {
        method: method.to_string(),
        target: target.clone(),
        authorization: headers
            .get("authorization")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned),
        body: body_json.clone(),
    });
    if headers.get("authorization").and_then(|v| v.to_str().ok())
        != Some(&format!("Bearer {TEST_KEY}"))
    {
        return error(StatusCode::UNAUTHORIZED, "unauthorized", "Unauthorized");
    }
    let path = uri.path();
    let query = uri.query().unwrap_or("");
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let json_answer = |status: StatusCode, value: Value| {
        (
            status,
            [
                ("content-type", "application/json"),
                ("x-request-id", "req_test"),
            ],
            value.to_string(),
        )
            .into_response()
    };
    match (method.as_str(), segments.as_slice()) {
        ("GET", ["organizations", "org_forbidden"]) => {
            error(StatusCode::FORBIDDEN, "forbidden", "Forbidden")
        }
        ("GET", ["organizations", "org_missing"]) => error(
            StatusCode::NOT_FOUND,
            "entity_not_found",
            "Organization not found",
        ),
        ("GET", ["organizations", "org_broken"]) => {
            error(StatusCode::BAD_REQUEST, "bad_request", "Broken on purpose")
        }
        ("GET", ["organizations", id]) => {
            let id = percent_decode(id);
            json_answer(StatusCode::OK, organization(&id, "Acme"))
        }
        ("GET", ["organizations"]) => {
            // Three pages: no cursor, then `c1`, then `c2`.
            let page = if query.contains("after=c2") {
                (vec![organization("org_5", "E")], Value::Null)
            } else if query.contains("after=c1") {
                (
                    vec![organization("org_3", "C"), organization("org_4", "D")],
                    Value::from("c2"),
                )
            } else {
                (
                    vec![organization("org_1", "A"), organization("org_2", "B")],
                    Value::from("c1"),
                )
            };
            json_answer(
                StatusCode::OK,
                json!({"object": "list", "data": page.0, "list_metadata": {"before": null, "after": page.1}}),
            )
        }
        ("POST", ["organizations"]) => {
            let name = body_json
                .as_ref()
                .and_then(|body| body.get("name"))
                .and_then(Value::as_str)
                .unwrap_or("unnamed")
                .to_owned();
            json_answer(StatusCode::CREATED, organization("org_new", &name))
        }
        ("DELETE", ["organizations", _]) => StatusCode::ACCEPTED.into_response(),
        _ => error(StatusCode::NOT_FOUND, "not_found", "No such route"),
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && index + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(&text[index + 1..index + 3], 16)
        {
            out.push(byte);
            index += 3;
            continue;
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Runs the binary with the key and the stand-in's URL (unless `env` overrides them).
pub fn run(args: &[&str], env: &[(&str, Option<&str>)]) -> Output {
    run_with_stdin(args, env, None)
}

pub fn run_with_stdin(args: &[&str], env: &[(&str, Option<&str>)], stdin: Option<&str>) -> Output {
    let mut command = base_command(args, env);
    command.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().expect("the binary starts");
    if let Some(text) = stdin {
        use std::io::Write;
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(text.as_bytes()).unwrap();
    }
    let output = child.wait_with_output().unwrap();
    assert_no_key(&output);
    output
}

/// The command for the binary with the test environment.
pub fn base_command(args: &[&str], env: &[(&str, Option<&str>)]) -> Command {
    let mut command = Command::new(BINARY);
    command.args(args);
    command.env("WORKOS_API_KEY", TEST_KEY);
    command.env("WORKOS_BASE_URL", &api().base_url);
    command.env_remove("WORKOS_ACTIONS_MCP_TOKEN");
    for (name, value) in env {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    command
}

/// The key appears in neither stdout nor stderr.
pub fn assert_no_key(output: &Output) {
    for stream in [&output.stdout, &output.stderr] {
        let text = String::from_utf8_lossy(stream);
        assert!(!text.contains(TEST_KEY), "the API key leaked: {text}");
    }
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn code(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}
