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
