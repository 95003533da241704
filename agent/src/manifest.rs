//! Tool definitions of the available actions, in the shapes MCP, OpenAI and Anthropic take.
//!
//! Every form follows the same rules: a name matching `^[A-Za-z0-9_-]{1,64}$`, an input
//! schema with an object root, `additionalProperties: false`, no `$ref` and no `anyOf`,
//! `oneOf` or `allOf` at the root; the description comes from the catalog and says when a tool
//! changes data. Cross-parameter rules are written into the description.

use std::borrow::Cow;

use actionspec_runtime::{ActionDescriptor, ApiDescriptor};
use serde_json::{Value, json};

use crate::schema::{self, Flavor};

/// Longest tool name hosts accept.
pub const MAX_TOOL_NAME: usize = 64;

/// The shapes `tools --format` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `{"tools": [...]}` as an MCP `tools/list` answer holds them.
    Mcp,
    /// Chat Completions function tools in strict mode: `{"type": "function", "function": {...}}`.
    Openai,
    /// Messages API tools: `{"name", "description", "input_schema"}`.
    Anthropic,
}

/// The tool name of an action: its own name when it fits `^[A-Za-z0-9_-]{1,64}$` (catalog
/// names do), else the name with other characters replaced by `_` and cut to 64.
pub fn tool_name(action: &ActionDescriptor) -> Cow<'static, str> {
    let name = action.name;
    if is_valid_tool_name(name) {
        return Cow::Borrowed(name);
    }
    let mut fixed: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(MAX_TOOL_NAME)
        .collect();
    if fixed.is_empty() {
        fixed.push('_');
    }
    Cow::Owned(fixed)
}

/// True when `name` matches `^[A-Za-z0-9_-]{1,64}$`.
pub fn is_valid_tool_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_TOOL_NAME
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The tool description: the catalog's summary and description, the parameter rules, and
/// for a write what it changes.
pub fn description(action: &ActionDescriptor) -> String {
    let mut parts = vec![ensure_period(action.summary.trim())];
    let more = action.description.trim();
    if !more.is_empty() {
        parts.push(more.to_owned());
    }
    parts.extend(schema::constraint_sentences(action));
    if action.is_write() {
        parts.push(if action.destructive {
            "This is a write that changes data: it deletes data and cannot be undone.".to_owned()
        } else {
            "This is a write that changes data.".to_owned()
        });
    } else {
        parts.push("Read only: changes nothing.".to_owned());
    }
    if action.is_paginated() {
        parts.push(
            "Answers one page; pass the previous answer's next cursor to get the next one."
                .to_owned(),
        );
    }
    parts.join(" ")
}

fn ensure_period(text: &str) -> String {
    if text.ends_with('.') || text.is_empty() {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

/// The actions agents are offered: available ones the catalog does not withhold from
/// agents, reads only when `read_only`.
pub fn available(
    api: &'static ApiDescriptor,
    read_only: bool,
) -> impl Iterator<Item = &'static ActionDescriptor> {
    api.actions
        .iter()
        .copied()
        .filter(move |action| action.is_for_agents() && !(read_only && action.is_write()))
}

/// Tool definitions of every available action (reads only when `read_only`) in `format`.
/// The MCP form is exactly what the MCP server lists with the same flag: writes are confirmed.
pub fn manifest(api: &'static ApiDescriptor, format: Format, read_only: bool) -> Value {
    let tools: Vec<Value> = available(api, read_only)
        .map(|action| tool(api, action, format))
        .collect();
    match format {
        Format::Mcp => json!({ "tools": tools }),
        Format::Openai | Format::Anthropic => Value::Array(tools),
    }
}

/// One action's tool definition in `format` (MCP: as the server offers it when writes are
/// confirmed, its default).
pub fn tool(api: &'static ApiDescriptor, action: &ActionDescriptor, format: Format) -> Value {
    let (name, description) = (tool_name(action), description(action));
    match format {
        Format::Mcp => mcp_tool(api, action, Writes::Confirm),
        Format::Openai => json!({
            "type": "function",
            "function": {
                "name": name,
                "description": description,
                "parameters": schema::arguments(api, action, Flavor::OpenAiStrict),
                "strict": true,
            }
        }),
        Format::Anthropic => json!({
            "name": name,
            "description": description,
            "input_schema": schema::arguments(api, action, Flavor::Standard),
        }),
    }
}

/// What happens to writes offered over MCP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writes {
    /// Write tools are not offered; the engine refuses every write.
    Hidden,
    /// Each write is confirmed by the person or with a token first.
    Confirm,
    /// Writes run without asking.
    Allow,
}

/// Argument that carries a confirmation token back to a write tool.
pub const TOKEN_FIELD: &str = "confirmation_token";

/// One action's MCP tool, as the server lists it and `tools --format mcp` prints it: a write
/// that is confirmed takes [`TOKEN_FIELD`] and may answer a preview ([`preview_schema`]).
pub fn mcp_tool(api: &'static ApiDescriptor, action: &ActionDescriptor, writes: Writes) -> Value {
    let mut tool = json!({
        "name": tool_name(action),
        "title": action.summary.trim(),
        "description": description(action),
        "inputSchema": schema::arguments(api, action, Flavor::Standard),
        "annotations": annotations(action),
    });
    let result = schema::result(api, action);
    if action.is_write() && writes == Writes::Confirm {
        tool["inputSchema"]["properties"][TOKEN_FIELD] = json!({
            "type": "string",
            "description": "Leave out on the first call. The first call sends nothing: it asks the person, or answers a preview with a token; pass that token here, with the same arguments, once the person agreed.",
        });
        if let Some(result) = result {
            tool["outputSchema"] = json!({
                "type": "object",
                "anyOf": [result, preview_schema()],
            });
        }
        if let Some(Value::String(description)) = tool.get_mut("description") {
            description.push_str(" Confirmed first: nothing is sent until the person agrees.");
        }
    } else if let Some(result) = result {
        tool["outputSchema"] = result;
    }
    tool
}

/// The shape of a write's preview.
pub fn preview_schema() -> Value {
    json!({
        "type": "object",
        "description": "A preview: nothing was sent yet.",
        "properties": {
            "confirmation_required": {"type": "boolean"},
            TOKEN_FIELD: {"type": "string"},
            "expires_in_seconds": {"type": "integer"},
            "destructive": {"type": "boolean"},
            "request": {
                "type": "object",
                "properties": {
                    "method": {"type": "string"},
                    "url": {"type": "string"},
                    "body": {}
                }
            },
            "message": {"type": "string"}
        },
        "required": ["confirmation_required", TOKEN_FIELD, "request", "message"]
    })
}

/// The four MCP hints, every one set explicitly from the catalog.
pub fn annotations(action: &ActionDescriptor) -> Value {
    json!({
        "title": action.summary.trim(),
        "readOnlyHint": !action.is_write(),
        "destructiveHint": action.is_write() && action.destructive,
        "idempotentHint": !action.is_write() || action.idempotent,
        // A browser page's URL is built locally: nothing reaches the API.
        "openWorldHint": !action.is_browser(),
    })
}
