//! How an action and a proposed write are shown, the same on the command line and over MCP:
//! an action's row and its full description as JSON (`list --json`, `describe --json`,
//! `find_actions`, `describe_action`), the words for its access and limits, and the text a
//! person reads before a write is sent.

use actionspec_runtime::{
    ActionDescriptor, ApiDescriptor, Endpoint, Limits, Method, ParamDescriptor, WriteRequest,
};
use serde_json::{Value, json};

use crate::schema::{self, Flavor};

/// One action in a list: name, summary, access, and where it goes (or why it cannot).
pub fn row(action: &ActionDescriptor) -> Value {
    let mut row = json!({
        "name": action.name,
        "summary": action.summary.trim(),
        "access": action.access.as_str(),
        "destructive": action.destructive,
        "available": action.is_available(),
    });
    match action.endpoint {
        Endpoint::Http { method, path, .. } => {
            row["method"] = method.as_str().into();
            row["path"] = path.into();
        }
        Endpoint::Browser(browser) => {
            row["method"] = "GET".into();
            row["path"] = browser.path.into();
            row["browser"] = true.into();
        }
        Endpoint::Unavailable {
            reason,
            alternatives,
        } => {
            row["reason"] = reason.into();
            row["alternatives"] = alternatives.into();
        }
    }
    if let Some(reason) = action.withheld_from_agents() {
        row["for_agents"] = false.into();
        row["agents_reason"] = reason.into();
    }
    row
}

/// Why an agent may not call `action`, as the refusal of a call by name says it; `None` when
/// agents are offered it.
pub fn withheld(action: &ActionDescriptor) -> Option<String> {
    action
        .withheld_from_agents()
        .map(|reason| format!("{} is not offered to agents: {reason}", action.name))
}

/// One action in full: its [`row`], description, parameters, constraints and the JSON
/// Schemas of its arguments and result.
pub fn action(api: &'static ApiDescriptor, action: &ActionDescriptor) -> Value {
    let mut value = row(action);
    value["description"] = action.description.into();
    value["idempotent"] = action.idempotent.into();
    value["paginated"] = action.is_paginated().into();
    value["parameters"] = action.params.iter().map(param).collect();
    value["constraints"] = schema::constraint_sentences(action).into();
    value["arguments_schema"] = schema::arguments(api, action, Flavor::Standard);
    value["result_schema"] = schema::result(api, action).unwrap_or(Value::Null);
    value
}

fn param(param: &ParamDescriptor) -> Value {
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

/// `read`, `write` or `write, destructive`.
pub fn access_label(action: &ActionDescriptor) -> &'static str {
    match (action.is_write(), action.destructive) {
        (false, _) => "read",
        (true, false) => "write",
        (true, true) => "write, destructive",
    }
}

/// A parameter's limits in words: `min 1`, `max length 64`, ...
pub fn limit_words(limits: &Limits) -> Vec<String> {
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

/// What a person is shown before a write: the action, whether it removes data, and the exact
/// request (method, URL, body; never the key), indented under a first line.
pub fn write(action: &ActionDescriptor, method: Method, url: &str, body: Option<&Value>) -> String {
    let mut text = format!(
        "{} is a {}write. It will send:\n  {method} {url}\n",
        action.name,
        if action.destructive {
            "destructive "
        } else {
            ""
        },
    );
    if let Some(body) = body {
        let body = serde_json::to_string_pretty(body).unwrap_or_default();
        text.push_str(&format!("  {}\n", body.replace('\n', "\n  ")));
    }
    text
}

/// [`write()`] for the request a write policy is asked about.
pub fn write_request(request: &WriteRequest) -> String {
    write(
        request.action,
        request.method,
        &request.url,
        request.body.as_ref(),
    )
}
