//! The MCP server handler: `tools/list` from the descriptor table, `tools/call` through the
//! engine, writes confirmed first ([`super::ask`]), in either protocol era.

use std::collections::HashMap;
use std::sync::Arc;

use actionspec_runtime::{ActionDescriptor, Engine};
use rmcp::model::{
    CacheScope, CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock,
    Implementation, ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig,
    Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler};
use serde_json::Value;

use super::ask::{self, Asking, Caller, Decision};
use super::confirm::{self, Approval};
use super::dynamic::{self, Routed};
use super::results::{error_result, text_error};
use super::seal::{Confirmed, Sealer};
use crate::manifest::{self, TOKEN_FIELD, Writes};
use crate::secrets::Secrets;
use crate::{Surface, describe, toolsets};

/// How long a client may keep `tools/list` when every caller gets the same list (the flags
/// decide it, for the life of the process): ten minutes, shared.
const SHARED_LIST_TTL_MS: u64 = 600_000;

/// How long a client may keep `tools/list` when it depends on the caller's token: a minute,
/// for that caller only (the token's permissions may change).
const CALLER_LIST_TTL_MS: u64 = 60_000;

/// One tool per action, or the three dynamic tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    PerAction,
    Dynamic,
}

/// The server: cheap to clone, one per HTTP session or request, all sharing one engine and
/// one sealer.
#[derive(Clone)]
pub struct ActionServer {
    state: Arc<State>,
    secrets: Secrets,
}

struct State {
    surface: Surface,
    engine: Engine,
    writes: Writes,
    mode: Mode,
    /// The actions offered, in catalog order; and the reads among them.
    actions: Vec<&'static ActionDescriptor>,
    reads: Vec<&'static ActionDescriptor>,
    /// `tools/list` for a caller who may write, and for one who may not.
    tools: Vec<Tool>,
    read_tools: Vec<Tool>,
    by_tool: HashMap<String, &'static ActionDescriptor>,
    sealer: Sealer,
}

impl ActionServer {
    /// A server offering `actions` (available ones, already filtered by the caller; those
    /// withheld from agents are left out here too) through `engine`, whose write policy must
    /// match `writes` (see [`super::engine_policy`]); confirmations are sealed by `sealer`.
    /// Secret answer fields are redacted ([`ActionServer::with_secrets`] to show them).
    pub fn new(
        surface: Surface,
        engine: Engine,
        writes: Writes,
        mode: Mode,
        actions: Vec<&'static ActionDescriptor>,
        sealer: Sealer,
    ) -> Self {
        let actions: Vec<_> = actions
            .into_iter()
            .filter(|action| action.is_for_agents())
            .collect();
        let by_tool = actions
            .iter()
            .map(|action| (manifest::tool_name(action).into_owned(), *action))
            .collect();
        let reads: Vec<_> = actions
            .iter()
            .copied()
            .filter(|action| !action.is_write())
            .collect();
        let list = |actions: &[&'static ActionDescriptor], writes: Writes| -> Vec<Tool> {
            toolsets::mcp_tools(surface.api, mode, actions, writes)
                .into_iter()
                .filter_map(to_tool)
                .collect()
        };
        let tools = list(&actions, writes);
        let read_tools = list(&reads, Writes::Hidden);
        ActionServer {
            state: Arc::new(State {
                surface,
                engine,
                writes,
                mode,
                actions,
                reads,
                tools,
                read_tools,
                by_tool,
                sealer,
            }),
            secrets: Secrets::Redacted,
        }
    }

    /// The same server, showing secret answer fields as `secrets` says.
    pub fn with_secrets(mut self, secrets: Secrets) -> Self {
        self.secrets = secrets;
        self
    }

    /// The tools `tools/list` answers a caller who may write.
    pub fn tools(&self) -> &[Tool] {
        &self.state.tools
    }

    /// Runs `action` with `args` (a write token, if any, still among them), confirming a
    /// write first as `asking` allows.
    async fn invoke(
        &self,
        action: &'static ActionDescriptor,
        mut args: Value,
        asking: Asking<'_>,
    ) -> CallToolResponse {
        let state = &self.state;
        if action.is_write()
            && let Some(refusal) = asking.caller.refusal(action)
        {
            return text_error(refusal).into();
        }
        if !action.is_write() || state.writes != Writes::Confirm {
            return self.run(action, args, None).await.into();
        }
        let token = match args.as_object_mut().map(|map| map.remove(TOKEN_FIELD)) {
            Some(Some(Value::String(token))) => Some(token),
            Some(None | Some(Value::Null)) | None => None,
            Some(Some(_)) => {
                return text_error(format!("`{TOKEN_FIELD}` must be a string")).into();
            }
        };
        // The exact request, arguments checked: nothing is sent before it is confirmed.
        let request = match state.engine.dry_run_json(action.name, args.clone()) {
            Ok(request) => request,
            Err(error) => return error_result(state.surface, &error).into(),
        };
        match ask::decide(&state.sealer, action, &args, token, &request, asking).await {
            Decision::Answer(response) => response,
            Decision::Send(confirmed) => self
                .run(action, args, Some((Approval::of(&request), confirmed)))
                .await
                .into(),
        }
    }

    /// Sends the call; a confirmed write under its approval and idempotency key.
    async fn run(
        &self,
        action: &'static ActionDescriptor,
        args: Value,
        confirmed: Option<(Approval, Confirmed)>,
    ) -> CallToolResult {
        let engine = &self.state.engine;
        if action.is_browser() {
            // A read that sends nothing: the URL the user's browser opens.
            return match engine.url_json(action.name, args) {
                Ok(url) => CallToolResult::structured(serde_json::json!({ "url": url })),
                Err(error) => error_result(self.state.surface, &error),
            };
        }
        let outcome = match confirmed {
            Some((approval, confirmed)) => {
                let options = engine
                    .options()
                    .clone()
                    .idempotency_key(confirmed.idempotency_key());
                let engine = engine.with_options(options);
                confirm::with_approval(approval, engine.call_json(action.name, args)).await
            }
            None => engine.call_json(action.name, args).await,
        };
        let outcome = outcome.map(|mut value| {
            self.secrets
                .apply(self.state.surface.api, action, &mut value);
            value
        });
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
        context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, McpError> {
        let caller = Caller::of(&context);
        let tools = if caller.can_write() {
            &self.state.tools
        } else {
            &self.state.read_tools
        };
        let result = ListToolsResult::with_all_items(tools.clone());
        Ok(if caller.has_token() {
            result
                .with_cache_scope(CacheScope::Private)
                .with_ttl_ms(CALLER_LIST_TTL_MS)
        } else {
            result
                .with_cache_scope(CacheScope::Public)
                .with_ttl_ms(SHARED_LIST_TTL_MS)
        })
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        let args = Value::Object(request.arguments.unwrap_or_default());
        let asking = Asking::new(&context, request.request_state, request.input_responses);
        let state = &self.state;
        match state.mode {
            Mode::PerAction => {
                let Some(action) = state.by_tool.get(request.name.as_ref()).copied() else {
                    if let Some(refusal) = state
                        .surface
                        .api
                        .action(&request.name)
                        .and_then(describe::withheld)
                    {
                        return Ok(text_error(refusal).into());
                    }
                    return Err(McpError::invalid_params(
                        format!("unknown tool `{}`", request.name),
                        None,
                    ));
                };
                Ok(self.invoke(action, args, asking).await)
            }
            Mode::Dynamic => {
                let (actions, writes) = if asking.caller.can_write() {
                    (&state.actions, state.writes)
                } else {
                    (&state.reads, Writes::Hidden)
                };
                match dynamic::route(state.surface.api, actions, writes, &request.name, args)? {
                    Routed::Answer(result) => Ok(result.into()),
                    Routed::Call(action, args) => Ok(self.invoke(action, args, asking).await),
                }
            }
        }
    }
}
