//! An MCP client for the tests: a person answering elicitations, tool calls, conformance of
//! structured results to output schemas.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rmcp::model::{
    CallToolRequestParams, CallToolResult, ClientCapabilities, ClientConfig, ElicitRequestParams,
    ElicitResult, ElicitationAction, Implementation, ProtocolVersion,
};
use rmcp::service::{RequestContext, RunningService};
use rmcp::{ClientHandler, ErrorData as McpError, RoleClient};
use serde_json::{Value, json};

use super::{TEST_KEY, api};

/// A person behind the client: answers elicitations as told, and counts them.
#[derive(Clone)]
pub struct Person {
    pub elicitation: bool,
    pub version: ProtocolVersion,
    pub accept: Arc<AtomicBool>,
    pub asked: Arc<AtomicUsize>,
    pub messages: Arc<Mutex<Vec<String>>>,
}

impl Person {
    pub fn new(elicitation: bool, version: ProtocolVersion) -> Self {
        Person {
            elicitation,
            version,
            accept: Arc::new(AtomicBool::new(true)),
            asked: Arc::new(AtomicUsize::new(0)),
            messages: Arc::new(Mutex::new(Vec::new())),
        }
    }
}

impl ClientHandler for Person {
    fn get_info(&self) -> ClientConfig {
        let capabilities = if self.elicitation {
            ClientCapabilities::builder().enable_elicitation().build()
        } else {
            ClientCapabilities::default()
        };
        ClientConfig::new(capabilities, Implementation::new("agent-test", "0.1.0"))
            .with_protocol_version(self.version.clone())
    }

    async fn create_elicitation(
        &self,
        request: ElicitRequestParams,
        _context: RequestContext<RoleClient>,
    ) -> Result<ElicitResult, McpError> {
        self.asked.fetch_add(1, Ordering::SeqCst);
        if let ElicitRequestParams::FormElicitationParams { message, .. } = request {
            self.messages.lock().unwrap().push(message);
        }
        Ok(if self.accept.load(Ordering::SeqCst) {
            ElicitResult::new(ElicitationAction::Accept).with_content(json!({}))
        } else {
            ElicitResult::new(ElicitationAction::Decline)
        })
    }
}

pub type Client = RunningService<RoleClient, Person>;

pub async fn call(client: &Client, tool: &str, args: Value) -> CallToolResult {
    let Value::Object(args) = args else {
        panic!("arguments are an object")
    };
    let result = client
        .call_tool(CallToolRequestParams::new(tool.to_owned()).with_arguments(args))
        .await
        .expect("a tool result, not a protocol error");
    let text = serde_json::to_string(&result).unwrap();
    assert!(!text.contains(TEST_KEY), "the key leaked in a result");
    result
}

pub fn text_of(result: &CallToolResult) -> String {
    result
        .content
        .iter()
        .filter_map(|content| content.as_text().map(|text| text.text.clone()))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn created(name: &str) -> usize {
    api()
        .seen("/organizations")
        .iter()
        .filter(|seen| {
            seen.method == "POST" && seen.body.as_ref().is_some_and(|b| b["name"] == name)
        })
        .count()
}

/// Every top-level property of a structured result has the type its tool's `outputSchema`
/// gives, and the root is an object.
pub fn assert_conforms(result: &CallToolResult, output_schema: Option<&Value>) {
    let Some(structured) = &result.structured_content else {
        return;
    };
    assert!(structured.is_object());
    let Some(schema) = output_schema else {
        return;
    };
    assert_eq!(schema["type"], "object");
    let branches: Vec<&Value> = match schema.get("anyOf") {
        Some(Value::Array(branches)) => branches.iter().collect(),
        _ => vec![schema],
    };
    let fits = |branch: &Value| {
        let required_present = branch["required"].as_array().is_none_or(|names| {
            names
                .iter()
                .all(|name| structured.get(name.as_str().unwrap()).is_some())
        });
        let types_fit = branch["properties"].as_object().is_none_or(|properties| {
            properties.iter().all(|(name, property)| {
                let Some(value) = structured.get(name) else {
                    return true;
                };
                let kind = match value {
                    Value::Null => "null",
                    Value::Bool(_) => "boolean",
                    Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
                    Value::Number(_) => "number",
                    Value::String(_) => "string",
                    Value::Array(_) => "array",
                    Value::Object(_) => "object",
                };
                match &property["type"] {
                    Value::String(ty) => ty == kind || (ty == "number" && kind == "integer"),
                    Value::Array(types) => types.iter().any(|ty| ty == kind),
                    _ => true,
                }
            })
        });
        required_present && types_fit
    };
    assert!(
        branches.into_iter().any(fits),
        "{structured} does not fit {schema}"
    );
}

/// The protocol era a client speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Era {
    /// 2025-11-25: `initialize`, a session, server-initiated elicitation.
    Legacy,
    /// 2026-07-28: `server/discover`, per-request `_meta`, `input_required`.
    Modern,
}

impl Era {
    pub fn version(self) -> ProtocolVersion {
        match self {
            Era::Legacy => ProtocolVersion::V_2025_11_25,
            Era::Modern => ProtocolVersion::V_2026_07_28,
        }
    }

    /// Connects `person` over `transport` the way a client of this era does.
    pub async fn connect<T, E, A>(self, person: Person, transport: T) -> Client
    where
        T: rmcp::transport::IntoTransport<RoleClient, E, A>,
        E: std::error::Error + Send + Sync + 'static,
    {
        use rmcp::{ClientLifecycleMode, ClientServiceExt, ServiceExt};
        let client = match self {
            Era::Legacy => person.serve(transport).await,
            Era::Modern => {
                person
                    .serve_with_lifecycle(
                        transport,
                        ClientLifecycleMode::Discover {
                            preferred_versions: vec![ProtocolVersion::V_2026_07_28],
                        },
                    )
                    .await
            }
        };
        let client = client.expect("the client connects");
        let version = client.peer_info().map(|info| info.protocol_version.clone());
        assert_eq!(version, Some(self.version()), "the era spoken");
        client
    }

    /// A client of this era to the HTTP server at `url`, with `token` as its bearer token.
    pub async fn over_http(self, person: Person, url: &str, token: Option<&str>) -> Client {
        use rmcp::transport::StreamableHttpClientTransport;
        use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
        let mut config = StreamableHttpClientTransportConfig::with_uri(url.to_owned());
        if let Some(token) = token {
            config = config.auth_header(token.to_owned());
        }
        self.connect(person, StreamableHttpClientTransport::from_config(config))
            .await
    }
}

/// Arguments as the JSON object rmcp's requests take.
pub fn object(args: Value) -> serde_json::Map<String, Value> {
    match args {
        Value::Object(map) => map,
        other => panic!("arguments are an object, not {other}"),
    }
}

/// `workos-actions mcp --http 127.0.0.1:0 FLAGS` as a child process, its URL read from its
/// stderr; killed when dropped.
pub struct HttpServer {
    child: std::process::Child,
    pub url: String,
    /// Everything the server wrote on stderr after its first line.
    pub log: Arc<Mutex<String>>,
}

impl HttpServer {
    /// Starts one with `flags`, the test environment and `env` over it.
    pub fn start(flags: &[&str], env: &[(&str, Option<&str>)]) -> HttpServer {
        use std::io::{BufRead, BufReader};
        let mut args = vec!["mcp", "--http", "127.0.0.1:0"];
        if !flags.contains(&"--tools") {
            args.extend(["--tools", "all"]);
        }
        args.extend_from_slice(flags);
        let mut command = super::base_command(&args, env);
        command
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().expect("the server starts");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let url = loop {
            let line = lines.next().expect("the server announces its URL").unwrap();
            assert!(!line.contains(TEST_KEY));
            if let Some(url) = line.split("serving MCP on ").nth(1) {
                break url.trim().to_owned();
            }
        };
        // Keep draining stderr so the server never blocks on it; kept for the check at the end.
        let log = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        HttpServer { child, url, log }
    }

    /// The server's base URL (its `/mcp` URL without the path).
    pub fn base_url(&self) -> &str {
        self.url.trim_end_matches("/mcp")
    }

    /// Stops the server and checks its stderr for the key.
    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::thread::sleep(std::time::Duration::from_millis(50));
        let log = self.log.lock().unwrap();
        assert!(!log.contains(TEST_KEY), "the key leaked on stderr: {log}");
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The local WorkOS of this test binary: the emulator with the demo seed, and its AuthKit.
pub struct Local {
    pub running: workos_actions::emulator::Running,
    pub authkit: Arc<workos_actions::emulator::oauth::AuthKit>,
}

impl Local {
    /// The environment pointing the binary at it.
    pub fn env(&self) -> Vec<(&'static str, Option<&str>)> {
        vec![("WORKOS_BASE_URL", Some(self.running.base_url()))]
    }

    /// Organizations named `name` it holds.
    pub fn organizations_named(&self, name: &str) -> usize {
        self.running.with_store(|store| {
            store
                .all("Organization")
                .iter()
                .filter(|org| org["name"] == name)
                .count()
        })
    }
}

/// Started once per test binary.
pub fn local() -> &'static Local {
    static LOCAL: std::sync::OnceLock<Local> = std::sync::OnceLock::new();
    LOCAL.get_or_init(|| {
        use workos_actions::emulator::oauth;
        let authkit = oauth::AuthKit::new(oauth::demo_applications());
        let running = workos_actions::emulator::emulator_with_authkit(true, &authkit)
            .start("127.0.0.1:0")
            .expect("the emulator starts");
        Local { running, authkit }
    })
}

/// A raw 2025-11-25 `initialize` request, for tests that post it themselves.
pub fn initialize_request() -> Value {
    json!({
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": {"name": "raw", "version": "0"}
        }
    })
}
