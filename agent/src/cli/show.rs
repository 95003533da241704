//! `list`, `describe` and `tools`: the catalog as text or JSON, no key needed.

use std::io::Write;

use actionspec_runtime::{ActionDescriptor, Endpoint, Limits, ParamDescriptor};
use serde_json::{Value, json};

use super::{AccessFilter, DescribeArgs, ListArgs, ToolsArgs};
use crate::schema::{self, Flavor};
use crate::{Surface, exit, manifest};

pub(super) fn list(surface: Surface, args: &ListArgs) -> u8 {
    let actions: Vec<&ActionDescriptor> = surface
        .api
        .actions
        .iter()
        .copied()
        .filter(|action| args.all || action.is_available())
        .filter(|action| match args.access {
            None => true,
            Some(AccessFilter::Read) => !action.is_write(),
            Some(AccessFilter::Write) => action.is_write(),
        })
        .collect();
    let mut out = String::new();
    if args.json {
        let rows: Vec<Value> = actions.iter().map(|action| list_row(action)).collect();
        out = pretty(&Value::Array(rows));
    } else {
        let width = actions.iter().map(|a| a.name.len()).max().unwrap_or(0);
        for action in &actions {
            let access = access_label(action);
            match action.endpoint {
                Endpoint::Http { method, path, .. } => {
                    out.push_str(&format!(
                        "{:width$}  {access:18}  {:6} {path}\n",
                        action.name,
                        method.as_str()
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

fn access_label(action: &ActionDescriptor) -> &'static str {
    match (action.is_write(), action.destructive) {
        (false, _) => "read",
        (true, false) => "write",
        (true, true) => "write, destructive",
    }
}

fn list_row(action: &ActionDescriptor) -> Value {
    let mut row = json!({
        "name": action.name,
        "summary": action.summary,
        "access": action.access.as_str(),
        "destructive": action.destructive,
        "available": action.is_available(),
    });
    match action.endpoint {
        Endpoint::Http { method, path, .. } => {
            row["method"] = method.as_str().into();
            row["path"] = path.into();
        }
        Endpoint::Unavailable {
            reason,
            alternatives,
        } => {
            row["reason"] = reason.into();
            row["alternatives"] = alternatives.into();
        }
    }
    row
}

pub(super) fn describe(surface: Surface, args: &DescribeArgs) -> u8 {
    let api = surface.api;
    let Some(action) = api.action(&args.action) else {
        let close = suggestions(surface, &args.action);
        let hint = if close.is_empty() {
            format!("run `{} list` to see them", surface.program)
        } else {
            format!("did you mean: {}?", close.join(", "))
        };
        eprintln!(
            "{}: unknown action `{}`; {hint}",
            surface.program, args.action
        );
        return exit::USAGE;
    };
    let input = schema::arguments(api, action, Flavor::Standard);
    let output = schema::result(api, action);
    if args.json {
        let mut value = list_row(action);
        value["description"] = action.description.into();
        value["idempotent"] = action.idempotent.into();
        value["paginated"] = action.is_paginated().into();
        value["parameters"] = action.params.iter().map(param_json).collect();
        value["constraints"] = schema::constraint_sentences(action).into();
        value["arguments_schema"] = input;
        value["result_schema"] = output.unwrap_or(Value::Null);
        return print(&pretty(&value));
    }
    let mut out = format!("{}\n  {}\n", action.name, action.summary.trim());
    let description = action.description.trim();
    if !description.is_empty() {
        out.push_str(&format!("\n  {}\n", description.replace('\n', "\n  ")));
    }
    out.push('\n');
    match action.endpoint {
        Endpoint::Http { method, path, .. } => {
            out.push_str(&format!("{method} {path}  ({})\n", access_label(action)));
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
        facts.extend(limit_words(&param.limits));
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

fn param_json(param: &ParamDescriptor) -> Value {
    json!({
        "name": param.name,
        "in": param.location.as_str(),
        "type": param.ty.spelling(),
        "required": param.required,
        "default": param.default.and_then(|text| serde_json::from_str::<Value>(text).ok()),
        "limits": limit_words(&param.limits),
        "doc": param.doc.trim(),
    })
}

fn limit_words(limits: &Limits) -> Vec<String> {
    let mut words = Vec::new();
    let number = |value: f64| {
        if value.fract() == 0.0 {
            format!("{}", value as i64)
        } else {
            value.to_string()
        }
    };
    if let Some(min) = limits.min {
        words.push(format!("min {}", number(min)));
    }
    if let Some(max) = limits.max {
        words.push(format!("max {}", number(max)));
    }
    for (name, value) in [
        ("min length", limits.min_length),
        ("max length", limits.max_length),
        ("min items", limits.min_items),
        ("max items", limits.max_items),
        ("key max length", limits.key_max_length),
        ("value max length", limits.value_max_length),
    ] {
        if let Some(value) = value {
            words.push(format!("{name} {value}"));
        }
    }
    words
}

/// Up to three action names close to `name`.
pub(crate) fn suggestions(surface: Surface, name: &str) -> Vec<&'static str> {
    let mut scored: Vec<(f64, &'static str)> = surface
        .api
        .actions
        .iter()
        .map(|action| (strsim::jaro_winkler(name, action.name), action.name))
        .filter(|(score, candidate)| *score > 0.8 || candidate.contains(name))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(3).map(|(_, name)| name).collect()
}

pub(super) fn tools(surface: Surface, args: &ToolsArgs) -> u8 {
    let manifest = match args.format {
        // Exactly what `mcp` lists with the same flags: writes carry the confirmation token.
        manifest::Format::Mcp => {
            let writes = if args.read_only {
                crate::mcp::Writes::Hidden
            } else {
                crate::mcp::Writes::Confirm
            };
            let tools: Vec<Value> = manifest::available(surface.api, args.read_only)
                .map(|action| crate::mcp::action_tool(surface, action, writes))
                .collect();
            json!({ "tools": tools })
        }
        format => manifest::manifest(surface.api, format, args.read_only),
    };
    print(&pretty(&manifest))
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
