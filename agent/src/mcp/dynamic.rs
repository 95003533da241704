//! `--tools dynamic`: three tools instead of one per action, for clients whose context cannot
//! hold a tool per action. `find_actions` searches by words, `describe_action` gives one
//! action's schemas, `call_action` runs one by name through the same confirmation.

use actionspec_runtime::{ActionDescriptor, ApiDescriptor, suggest};
use rmcp::ErrorData as McpError;
use rmcp::model::CallToolResult;
use serde_json::{Value, json};

use super::results::text_error;
use crate::describe;
use crate::manifest::{self, TOKEN_FIELD, Writes};

pub const FIND: &str = "find_actions";
pub const DESCRIBE: &str = "describe_action";
pub const CALL: &str = "call_action";

/// Most actions `find_actions` answers.
const MAX_FOUND: usize = 20;

/// The three tools' definitions.
pub fn tools(writes: Writes) -> Vec<Value> {
    let read_only = json!({
        "readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": false,
    });
    let confirm_note = match writes {
        Writes::Hidden => " Only reads are offered.",
        Writes::Confirm => {
            " A write is confirmed first: the first call asks the person, or answers a preview and a confirmation token to pass back (same name and arguments) once the person agreed."
        }
        Writes::Allow => " Writes run without confirmation.",
    };
    let mut call_properties = json!({
        "name": {"type": "string", "description": "The action's name, as find_actions gives it."},
        "arguments": {
            "type": "object",
            "description": "The action's arguments, as describe_action's arguments_schema says.",
        },
    });
    if writes == Writes::Confirm {
        call_properties[TOKEN_FIELD] = json!({
            "type": "string",
            "description": "Leave out on the first call of a write; then the token its preview gave.",
        });
    }
    vec![
        json!({
            "name": FIND,
            "title": "Find actions",
            "description": "Find the API's actions by words (matched against names, summaries and descriptions); answers each one's name, summary and access. Use describe_action next.",
            "inputSchema": {
                "type": "object",
                "properties": {
                    "query": {"type": "string", "description": "Words to look for, e.g. `list users`."},
                    "access": {"type": "string", "enum": ["read", "write"], "description": "Only reads or only writes."},
                },
                "required": ["query"],
                "additionalProperties": false,
            },
            "annotations": read_only,
        }),
        json!({
            "name": DESCRIBE,
            "title": "Describe an action",
            "description": "One action in full: what it does, whether it writes, and the JSON Schemas of its arguments and result.",
            "inputSchema": {
                "type": "object",
                "properties": {"name": {"type": "string", "description": "The action's name."}},
                "required": ["name"],
                "additionalProperties": false,
            },
            "annotations": read_only,
        }),
        json!({
            "name": CALL,
            "title": "Call an action",
            "description": format!("Call an action by name with JSON arguments.{confirm_note}"),
            "inputSchema": {
                "type": "object",
                "properties": call_properties,
                "required": ["name"],
                "additionalProperties": false,
            },
            "annotations": {
                "readOnlyHint": writes == Writes::Hidden,
                "destructiveHint": writes != Writes::Hidden,
                "idempotentHint": false,
                "openWorldHint": true,
            },
        }),
    ]
}

/// What a call of a dynamic tool comes to: an answer at once, or a call of an action.
pub(super) enum Routed {
    Answer(CallToolResult),
    Call(&'static ActionDescriptor, Value),
}

/// Answers `find_actions` and `describe_action` over the offered `actions`, and turns
/// `call_action` into the action's call (a token, if any, among its arguments).
pub(super) fn route(
    api: &'static ApiDescriptor,
    actions: &[&'static ActionDescriptor],
    writes: Writes,
    tool: &str,
    args: Value,
) -> Result<Routed, McpError> {
    let name = args.get("name").and_then(Value::as_str).unwrap_or("");
    let answer = match tool {
        FIND => {
            let query = args.get("query").and_then(Value::as_str).unwrap_or("");
            let access = args.get("access").and_then(Value::as_str);
            let found: Vec<Value> = find(actions, query, access)
                .into_iter()
                .map(describe::row)
                .collect();
            CallToolResult::structured(json!({ "actions": found }))
        }
        DESCRIBE => {
            let Some(action) = lookup(actions, name) else {
                return Ok(Routed::Answer(unknown(api, actions, name)));
            };
            let mut described = describe::action(api, action);
            // An agent reads the description its tool would have had.
            described["description"] = manifest::description(action).into();
            if action.is_write() && writes == Writes::Confirm {
                described["arguments_schema"]["description"] = format!(
                    "Pass these as `arguments` of {CALL}; a write also takes `{TOKEN_FIELD}` beside them once confirmed."
                )
                .into();
            }
            CallToolResult::structured(described)
        }
        CALL => {
            let Some(action) = lookup(actions, name) else {
                return Ok(Routed::Answer(unknown(api, actions, name)));
            };
            let mut arguments = match args.get("arguments") {
                None | Some(Value::Null) => json!({}),
                Some(value @ Value::Object(_)) => value.clone(),
                Some(_) => {
                    return Ok(Routed::Answer(text_error(
                        "`arguments` must be a JSON object".to_owned(),
                    )));
                }
            };
            if let Some(token) = args.get(TOKEN_FIELD)
                && let Some(map) = arguments.as_object_mut()
            {
                map.insert(TOKEN_FIELD.to_owned(), token.clone());
            }
            return Ok(Routed::Call(action, arguments));
        }
        other => {
            return Err(McpError::invalid_params(
                format!("unknown tool `{other}`"),
                None,
            ));
        }
    };
    Ok(Routed::Answer(answer))
}

fn lookup(actions: &[&'static ActionDescriptor], name: &str) -> Option<&'static ActionDescriptor> {
    actions.iter().copied().find(|action| action.name == name)
}

/// A name no offered action has: withheld from agents (the catalog's reason), or unknown
/// (the close names).
fn unknown(
    api: &'static ApiDescriptor,
    actions: &[&'static ActionDescriptor],
    name: &str,
) -> CallToolResult {
    if let Some(refusal) = api.action(name).and_then(describe::withheld) {
        return text_error(refusal);
    }
    let close = suggest::closest(name, actions.iter().map(|action| action.name));
    let hint = if close.is_empty() {
        format!("use {FIND} to look for one")
    } else {
        format!("did you mean: {}?", close.join(", "))
    };
    text_error(format!("no action named `{name}` is offered; {hint}"))
}

/// Actions ranked by how many of the query's words they contain (name words count double).
fn find(
    actions: &[&'static ActionDescriptor],
    query: &str,
    access: Option<&str>,
) -> Vec<&'static ActionDescriptor> {
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut scored: Vec<(usize, &'static ActionDescriptor)> = actions
        .iter()
        .copied()
        .filter(|action| access.is_none_or(|access| action.access.as_str() == access))
        .map(|action| {
            let name = action.name.to_lowercase();
            let text = format!("{} {}", action.summary, action.description).to_lowercase();
            let score = words
                .iter()
                .map(|word| {
                    let stem = word.trim_end_matches('s');
                    2 * usize::from(name.contains(stem)) + usize::from(text.contains(stem))
                })
                .sum();
            (score, action)
        })
        .filter(|(score, _)| words.is_empty() || *score > 0)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.name.cmp(b.1.name)));
    scored
        .into_iter()
        .take(MAX_FOUND)
        .map(|(_, action)| action)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use actionspec_test_catalog::shapes::API;

    fn text(result: &CallToolResult) -> String {
        serde_json::to_string(result).unwrap()
    }

    #[test]
    fn an_action_withheld_from_agents_is_not_found_described_or_called() {
        let actions: Vec<_> = manifest::available(&API, false).collect();
        let found = match route(
            &API,
            &actions,
            Writes::Confirm,
            FIND,
            json!({"query": "credential"}),
        ) {
            Ok(Routed::Answer(result)) => result,
            _ => panic!("find answers at once"),
        };
        let found = found.structured_content.expect("a structured answer");
        let names: Vec<&str> = found["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row["name"].as_str().unwrap())
            .collect();
        assert!(names.contains(&"test_credential_create"), "{names:?}");
        assert!(!names.contains(&"test_credential_verify"), "{names:?}");

        for tool in [DESCRIBE, CALL] {
            let args = json!({"name": "test_credential_verify", "arguments": {"id": "cred_1", "code": "123456"}});
            let Ok(Routed::Answer(result)) = route(&API, &actions, Writes::Confirm, tool, args)
            else {
                panic!("{tool}: refused at once, nothing called");
            };
            assert_eq!(result.is_error, Some(true));
            let text = text(&result);
            assert!(
                text.contains("test_credential_verify is not offered to agents: It takes a person's one-time code"),
                "{tool}: {text}"
            );
        }
    }
}
