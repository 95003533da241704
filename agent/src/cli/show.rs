//! `list`, `describe` and `tools`: the catalog as text or JSON, no key needed.

use std::io::Write;

use actionspec_runtime::{ActionDescriptor, Endpoint};
use serde_json::{Value, json};

use super::{AccessFilter, DescribeArgs, ListArgs, ToolsArgs};
use crate::manifest::{Format, Writes};
use crate::mcp::Mode;
use crate::schema::{self, Flavor};
use crate::{Surface, describe, exit, manifest, toolsets};

pub(super) fn list(surface: Surface, args: &ListArgs) -> u8 {
    let actions: Vec<&ActionDescriptor> = surface
        .api
        .actions
        .iter()
        .copied()
        .filter(|action| args.all || action.is_for_agents())
        .filter(|action| match args.access {
            None => true,
            Some(AccessFilter::Read) => !action.is_write(),
            Some(AccessFilter::Write) => action.is_write(),
        })
        .collect();
    let mut out = String::new();
    if args.json {
        let rows: Vec<Value> = actions.iter().map(|action| describe::row(action)).collect();
        out = pretty(&Value::Array(rows));
    } else {
        let width = actions.iter().map(|a| a.name.len()).max().unwrap_or(0);
        for action in &actions {
            let access = describe::access_label(action);
            match action.endpoint {
                Endpoint::Http { method, path, .. } => {
                    let withheld = action
                        .withheld_from_agents()
                        .map(|reason| format!("  (not for agents: {reason})"))
                        .unwrap_or_default();
                    out.push_str(&format!(
                        "{:width$}  {access:18}  {:6} {path}{withheld}\n",
                        action.name,
                        method.as_str()
                    ));
                }
                Endpoint::Browser(browser) => {
                    out.push_str(&format!(
                        "{:width$}  {access:18}  URL    {} (a browser page: its URL, nothing sent)\n",
                        action.name, browser.path
                    ));
                }
                Endpoint::Unavailable {
                    reason,
                    alternatives,
                } => {
                    out.push_str(&format!(
                        "{:width$}  {access:18}  unavailable: {reason}{}\n",
                        action.name,
                        if alternatives.is_empty() {
                            String::new()
                        } else {
                            format!(" (use {})", alternatives.join(", "))
                        }
                    ));
                }
            }
        }
    }
    print(&out)
}

pub(super) fn describe(surface: Surface, args: &DescribeArgs) -> u8 {
    let api = surface.api;
    let Some(action) = api.action(&args.action) else {
        return unknown_action(surface, &args.action);
    };
    if args.json {
        return print(&pretty(&describe::action(api, action)));
    }
    let input = schema::arguments(api, action, Flavor::Standard);
    let output = schema::result(api, action);
    let mut out = format!("{}\n  {}\n", action.name, action.summary.trim());
    let description = action.description.trim();
    if !description.is_empty() {
        out.push_str(&format!("\n  {}\n", description.replace('\n', "\n  ")));
    }
    out.push('\n');
    match action.endpoint {
        Endpoint::Http { method, path, .. } => {
            out.push_str(&format!(
                "{method} {path}  ({})\n",
                describe::access_label(action)
            ));
            if let Some(reason) = action.withheld_from_agents() {
                out.push_str(&format!("not for agents: {reason}\n"));
            }
        }
        Endpoint::Browser(browser) => {
            out.push_str(&format!(
                "GET {} in the user's browser: the call answers its URL and sends nothing  ({})\n",
                browser.path,
                describe::access_label(action)
            ));
        }
        Endpoint::Unavailable {
            reason,
            alternatives,
        } => {
            out.push_str(&format!("unavailable: {reason}\n"));
            if !alternatives.is_empty() {
                out.push_str(&format!("use instead: {}\n", alternatives.join(", ")));
            }
        }
    }
    out.push_str("\nparameters:\n");
    if action.params.is_empty() {
        out.push_str("  (none)\n");
    }
    for param in action.params {
        let mut facts = vec![
            param.location.as_str().to_owned(),
            param.ty.spelling(),
            if param.required {
                "required".to_owned()
            } else {
                "optional".to_owned()
            },
        ];
        if let Some(default) = param.default {
            facts.push(format!("default {default}"));
        }
        facts.extend(describe::limit_words(&param.limits));
        out.push_str(&format!("  {}  ({})\n", param.name, facts.join(", ")));
        if !param.doc.trim().is_empty() {
            out.push_str(&format!("      {}\n", param.doc.trim()));
        }
    }
    for sentence in schema::constraint_sentences(action) {
        out.push_str(&format!("  {sentence}\n"));
    }
    out.push_str("\narguments schema:\n");
    out.push_str(&pretty(&input));
    out.push_str("\nresult schema:\n");
    match output {
        Some(output) => out.push_str(&pretty(&output)),
        None => out.push_str("(answers no JSON object)\n"),
    }
    print(&out)
}

/// Says on stderr that no action is called `name`, with the close ones; answers the usage code.
pub(super) fn unknown_action(surface: Surface, name: &str) -> u8 {
    let names = surface.api.actions.iter().map(|action| action.name);
    let close = actionspec_runtime::suggest::closest(name, names);
    let hint = if close.is_empty() {
        format!("run `{} list` to see them", surface.program)
    } else {
        format!("did you mean: {}?", close.join(", "))
    };
    eprintln!("{}: unknown action `{name}`; {hint}", surface.program);
    exit::USAGE
}

pub(super) fn tools(surface: Surface, args: &ToolsArgs) -> u8 {
    let writes = if args.read_only {
        Writes::Hidden
    } else {
        Writes::Confirm
    };
    if args.list_toolsets {
        return list_toolsets(surface, writes, args.json);
    }
    if args.tools.is_none() {
        return print(&pretty(&manifest::manifest(
            surface.api,
            args.format,
            args.read_only,
        )));
    }
    let (mode, actions) =
        match toolsets::select(surface.api, surface.program, args.tools.as_deref(), writes) {
            Ok(selection) => selection,
            Err(message) => {
                eprintln!("{}: {message}", surface.program);
                return exit::USAGE;
            }
        };
    let value = match (args.format, mode) {
        (Format::Mcp, mode) => json!({
            "tools": toolsets::mcp_tools(surface.api, mode, &actions, writes),
        }),
        (_, Mode::Dynamic) => {
            eprintln!(
                "{}: --tools dynamic is an MCP mode; use --format mcp",
                surface.program
            );
            return exit::USAGE;
        }
        (format, Mode::PerAction) => Value::Array(
            actions
                .iter()
                .map(|action| manifest::tool(surface.api, action, format))
                .collect(),
        ),
    };
    print(&pretty(&value))
}

/// `tools --list-toolsets`: a table, or JSON with `--json`.
fn list_toolsets(surface: Surface, writes: Writes, json: bool) -> u8 {
    let rows = toolsets::rows(surface.api, writes);
    let default = toolsets::default_name(&rows);
    if json {
        let rows: Vec<Value> = rows
            .iter()
            .map(|row| json!({"name": row.name, "actions": row.actions, "bytes": row.bytes}))
            .collect();
        return print(&pretty(&json!({
            "toolsets": rows,
            "default": default,
            "budget_bytes": toolsets::DEFAULT_BUDGET_BYTES,
        })));
    }
    let width = rows.iter().map(|row| row.name.len()).max().unwrap_or(0);
    let mut out = format!("{:width$}  {:>7}  {:>8}\n", "toolset", "actions", "bytes");
    for row in &rows {
        out.push_str(&format!(
            "{:width$}  {:>7}  {:>8}\n",
            row.name, row.actions, row.bytes
        ));
    }
    out.push_str(&format!(
        "default: {default} (every tool while their tools/list fits {} bytes, else dynamic)\n",
        toolsets::DEFAULT_BUDGET_BYTES
    ));
    print(&out)
}

pub(super) fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
    text.push('\n');
    text
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
pub(super) fn print(text: &str) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => exit::OK,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => exit::OK,
        Err(error) => {
            eprintln!("could not write the output: {error}");
            exit::INTERNAL
        }
    }
}
