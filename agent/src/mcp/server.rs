//! The MCP server handler: `tools/list` from the descriptor table, `tools/call` through the
//! engine, writes confirmed by the person (elicitation) or by a single-use token.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use actionspec_runtime::{ActionDescriptor, Engine};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, ElicitRequestParams,
    ElicitationAction, ElicitationSchema, Implementation, ListToolsResult, PaginatedRequestParams,
    ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::{ElicitationMode, RequestContext};
use rmcp::{ErrorData as McpError, Peer, RoleServer, ServerHandler};
use serde_json::{Map, Value, json};

use super::confirm::{self, Approval, Tokens};
use super::dynamic::{self, Routed};
use super::results::{error_result, text_error};
use crate::manifest::{self, TOKEN_FIELD, Writes};
use crate::{Surface, describe};

/// How long the server waits for the person to answer an elicitation.
const ELICITATION_TIMEOUT: Duration = Duration::from_secs(600);

/// One tool per action, or the three dynamic tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    PerAction,
    Dynamic,
}

/// The server: cheap to clone, one per HTTP session, all sharing one engine and token store.
#[derive(Clone)]
pub struct ActionServer {
    state: Arc<State>,
}

struct State {
    surface: Surface,
    engine: Engine,
    writes: Writes,
    mode: Mode,
    /// The actions offered, in catalog order.
    actions: Vec<&'static ActionDescriptor>,
    tools: Vec<Tool>,
    by_tool: HashMap<String, &'static ActionDescriptor>,
    tokens: Tokens,
}

impl ActionServer {
    /// A server offering `actions` (available ones, already filtered by the caller) through
    /// `engine`, whose write policy must match `writes` (see [`super::engine_policy`]).
    pub fn new(
        surface: Surface,
        engine: Engine,
        writes: Writes,
        mode: Mode,
        actions: Vec<&'static ActionDescriptor>,
    ) -> Self {
        let by_tool = actions
            .iter()
            .map(|action| (manifest::tool_name(action).into_owned(), *action))
            .collect();
        let tools = match mode {
            Mode::PerAction => actions
                .iter()
                .filter_map(|action| to_tool(manifest::mcp_tool(surface.api, action, writes)))
                .collect(),
            Mode::Dynamic => dynamic::tools(writes)
                .into_iter()
                .filter_map(to_tool)
                .collect(),
        };
        ActionServer {
            state: Arc::new(State {
                surface,
                engine,
                writes,
                mode,
                actions,
                tools,
                by_tool,
                tokens: Tokens::default(),
            }),
        }
    }

    /// The tools `tools/list` answers.
    pub fn tools(&self) -> &[Tool] {
        &self.state.tools
    }

    /// Runs `action` with `args` (a write token, if any, still among them) for `peer`.
    async fn invoke(
        &self,
        action: &'static ActionDescriptor,
        mut args: Value,
        peer: &Peer<RoleServer>,
    ) -> CallToolResult {
        let state = &self.state;
        if !action.is_write() || state.writes != Writes::Confirm {
            return self.run(action, args, None).await;
        }
        let token = match args.as_object_mut().map(|map| map.remove(TOKEN_FIELD)) {
            Some(Some(Value::String(token))) => Some(token),
            Some(None | Some(Value::Null)) | None => None,
            Some(Some(_)) => {
                return text_error(format!("`{TOKEN_FIELD}` must be a string"));
            }
        };
        // The exact request, arguments checked: nothing is sent before it is confirmed.
        let request = match state.engine.dry_run_json(action.name, args.clone()) {
            Ok(request) => request,
            Err(error) => return error_result(state.surface, &error),
        };
        if let Some(token) = token {
            return match state.tokens.redeem(&token, action.name, &args) {
                Ok(()) => self.run(action, args, Some(Approval::of(&request))).await,
                Err(why) => text_error(format!(
                    "{}: {why}; nothing was sent. Call it again without `{TOKEN_FIELD}` for a new preview and token.",
                    action.name
                )),
            };
        }
        if peer
            .supported_elicitation_modes()
            .contains(&ElicitationMode::Form)
        {
            match ask_person(peer, action, &request).await {
                Some(true) => {
                    return self.run(action, args, Some(Approval::of(&request))).await;
                }
                Some(false) => {
                    return text_error(format!(
                        "{}: write refused by the person, nothing was sent",
                        action.name
                    ));
                }
                // The client could not ask: fall back to a token.
                None => {}
            }
        }
        let token = state.tokens.issue(action.name, &args);
        let mut body = Map::new();
        body.insert("confirmation_required".into(), true.into());
        body.insert(TOKEN_FIELD.into(), token.into());
        body.insert(
            "expires_in_seconds".into(),
            state.tokens.lifetime().as_secs().into(),
        );
        body.insert("destructive".into(), action.destructive.into());
        body.insert(
            "request".into(),
            json!({"method": request.method.as_str(), "url": request.url, "body": request.body}),
        );
        body.insert(
            "message".into(),
            format!(
                "Nothing was sent. Show this {}write to the person; once they agree, call {} again with the same arguments and `{TOKEN_FIELD}` set to this token (valid once, for {} seconds).",
                if action.destructive { "destructive " } else { "" },
                manifest::tool_name(action),
                state.tokens.lifetime().as_secs()
            )
            .into(),
        );
        CallToolResult::structured(Value::Object(body))
    }

    async fn run(
        &self,
        action: &'static ActionDescriptor,
        args: Value,
        approval: Option<Approval>,
    ) -> CallToolResult {
        let engine = &self.state.engine;
        let outcome = match approval {
            Some(approval) => {
                confirm::with_approval(approval, engine.call_json(action.name, args)).await
            }
            None => engine.call_json(action.name, args).await,
        };
        match outcome {
            Ok(Value::Null) => CallToolResult::success(vec![ContentBlock::text(format!(
                "{}: done (no content in the answer)",
                action.name
            ))]),
            Ok(value @ Value::Object(_)) => CallToolResult::structured(value),
            Ok(value) => CallToolResult::success(vec![ContentBlock::text(value.to_string())]),
            Err(error) => error_result(self.state.surface, &error),
        }
    }
}

/// Asks the person through elicitation: `Some(accepted)`, or `None` when the client could not.
async fn ask_person(
    peer: &Peer<RoleServer>,
    action: &ActionDescriptor,
    request: &actionspec_runtime::DryRun,
) -> Option<bool> {
    let mut message = format!("{}: {}\n", action.name, action.summary.trim());
    message.push_str(&describe::write(
        action,
        request.method,
        &request.url,
        request.body.as_ref(),
    ));
    if action.destructive {
        message.push_str("It deletes data and cannot be undone. ");
    }
    message.push_str("Accept to send it; decline to send nothing.");
    let params = ElicitRequestParams::FormElicitationParams {
        meta: None,
        message,
        requested_schema: ElicitationSchema::new(BTreeMap::new()),
    };
    match peer
        .create_elicitation_with_timeout(params, Some(ELICITATION_TIMEOUT))
        .await
    {
        Ok(result) => Some(result.action == ElicitationAction::Accept),
        Err(error) => {
            tracing::warn!(%error, "elicitation failed; answering with a confirmation token");
            None
        }
    }
}

fn to_tool(value: Value) -> Option<Tool> {
    match serde_json::from_value(value) {
        Ok(tool) => Some(tool),
        Err(error) => {
            tracing::error!(%error, "a tool definition does not fit MCP; left out");
            None
        }
    }
}

impl ServerHandler for ActionServer {
    fn get_info(&self) -> ServerConfig {
        let surface = self.state.surface;
        let writes = match self.state.writes {
            Writes::Hidden => "Read only: no write is offered.",
            Writes::Confirm => {
                "Writes are confirmed: the first call of a write asks the person, or answers a preview with a confirmation token to pass back once the person agreed."
            }
            Writes::Allow => "Writes run without confirmation.",
        };
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new(surface.program, surface.version))
            .with_instructions(format!(
                "Actions of the {} API. {writes} A failed call answers isError with a message saying what to fix.",
                surface.api.name
            ))
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, McpError> {
        Ok(ListToolsResult::with_all_items(self.state.tools.clone()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        let args = Value::Object(request.arguments.unwrap_or_default());
        let result = match self.state.mode {
            Mode::PerAction => {
                let Some(action) = self.state.by_tool.get(request.name.as_ref()).copied() else {
                    return Err(McpError::invalid_params(
                        format!("unknown tool `{}`", request.name),
                        None,
                    ));
                };
                self.invoke(action, args, &context.peer).await
            }
            Mode::Dynamic => {
                let state = &self.state;
                match dynamic::route(
                    state.surface.api,
                    &state.actions,
                    state.writes,
                    &request.name,
                    args,
                )? {
                    Routed::Answer(result) => result,
                    Routed::Call(action, args) => self.invoke(action, args, &context.peer).await,
                }
            }
        };
        Ok(result.into())
    }
}
