//! `ACTIONS.md`: the catalog as a page for people, from `templates/actions.md.j2`.
//!
//! The template only lays out; every string is prepared here, already safe for where it goes
//! (table cells have no `|` or line break), so the page reads the same whatever the spec holds.

use std::collections::BTreeMap;

use minijinja::{AutoEscape, Environment, Value, syntax::SyntaxConfig};
use serde_json::json;

use super::docs::markdown;
use super::{Context, EmitError, MARKDOWN_HEADER, code_span, constraint_text, limits_summary};
use actionspec_catalog::model::{Action, Agents, Catalog, Endpoint, Model, Param, Type};

const TEMPLATE: &str = include_str!("../../templates/actions.md.j2");

pub(super) fn render(context: &Context<'_>) -> Result<String, EmitError> {
    let mut env = Environment::new();
    let syntax = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .map_err(template_error)?;
    env.set_syntax(syntax);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_template("actions.md", TEMPLATE)
        .map_err(template_error)?;
    let data = page(context);
    let text = env
        .get_template("actions.md")
        .and_then(|template| template.render(to_value(&data)))
        .map_err(template_error)?;
    Ok(tidy(&text))
}

/// One blank line at most between blocks, no trailing spaces, one final newline: the template
/// stays readable without whitespace control on every tag.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank = true;
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn template_error(error: minijinja::Error) -> EmitError {
    EmitError::new(format!("template `actions.md.j2`: {error:#}"))
}

/// The page's data.
fn page(context: &Context<'_>) -> serde_json::Value {
    let catalog = context.catalog;
    let actions: Vec<serde_json::Value> = context
        .actions()
        .map(|(action, names)| {
            let rust = action.is_available().then(|| {
                let mut rust = format!(
                    "`Client::{}` with `params::{}`",
                    names.method_text, names.params
                );
                if action.paginated {
                    rust.push_str(&format!(
                        " (every item: `Client::{}_stream`)",
                        names.method_text
                    ));
                }
                rust
            });
            action_data(catalog, action, rust)
        })
        .collect();
    let available = catalog
        .actions
        .iter()
        .filter(|action| action.is_available())
        .count();
    let counts = format!(
        "{} ({available} available), {} and {}",
        count(catalog.actions.len(), "action"),
        count(catalog.models.len(), "model"),
        count(catalog.enums.len(), "enum"),
    );
    json!({
        "header": MARKDOWN_HEADER,
        "api": catalog.api.name,
        "prefix": catalog.api.action_prefix,
        "counts": counts,
        "actions": actions,
        "models": catalog.models.iter().map(|model| model_data(catalog, model)).collect::<Vec<_>>(),
        "enums": catalog.enums.iter().map(|enumeration| json!({
            "name": enumeration.name,
            "anchor": anchor(&enumeration.name),
            "doc": enumeration.doc.as_deref().map(markdown),
            "values": enumeration.values.iter().map(|value| code_span(value)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn action_data(catalog: &Catalog, action: &Action, rust: Option<String>) -> serde_json::Value {
    let (endpoint, status, reason, alternatives) = match &action.endpoint {
        Endpoint::Http {
            method,
            path,
            status,
        } => (
            Some(code_span(&format!("{} {path}", method.as_str()))),
            action.browser.is_none().then_some(*status),
            None,
            Vec::new(),
        ),
        Endpoint::Unavailable {
            reason,
            alternatives,
        } => (
            None,
            None,
            Some(cell(&markdown(reason))),
            alternatives
                .iter()
                .map(|name| format!("[{}](#{})", code_span(name), anchor(name)))
                .collect(),
        ),
    };
    let params: Vec<serde_json::Value> = action
        .params
        .iter()
        .map(|param| {
            json!({
                "name": code_span(&param.name),
                "in": param.location.as_str(),
                "type": type_markdown(catalog, &param.ty),
                "required": yes_no(param.required),
                "notes": param_notes(param),
            })
        })
        .collect();
    let returns = action.returns.as_ref().map(|ty| {
        let ty = type_markdown(catalog, ty);
        if action.paginated {
            format!("pages of {ty}")
        } else {
            ty
        }
    });
    json!({
        "name": action.name,
        "anchor": anchor(&action.name),
        "summary": cell(&markdown(&action.summary)),
        "description": action.description.as_deref().map(markdown),
        "endpoint": endpoint,
        "status": status,
        "access": action.access.as_str(),
        "operation": action.operation.as_str(),
        "resource": code_span(&action.resource),
        "destructive": action.destructive,
        "idempotent": action.idempotent,
        "paginated": action.paginated,
        "available": action.is_available(),
        "reason": reason,
        "alternatives": alternatives,
        "agents_reason": match &action.agents {
            Agents::Offered => None,
            Agents::Withheld { reason } => Some(cell(&markdown(reason))),
        },
        "rust": rust,
        "params": params,
        "constraints": action.constraints.iter().map(constraint_text).collect::<Vec<_>>(),
        "returns": returns,
        "is_browser": action.browser.is_some(),
        "browser": action.browser.as_ref().map(browser_text),
    })
}

/// What a browser page's URL carries and where the browser comes back.
fn browser_text(browser: &actionspec_catalog::model::Browser) -> String {
    let mut parts = Vec::new();
    if let Some(param) = &browser.redirect_param {
        let what = if browser.authorization {
            "with `code` and `state` (an OAuth 2.0 authorization)"
        } else {
            ""
        };
        parts.push(
            format!("The browser comes back to {} {what}", code_span(param))
                .trim_end()
                .to_owned(),
        );
    }
    if !browser.fixed.is_empty() {
        let pairs: Vec<String> = browser
            .fixed
            .iter()
            .map(|(name, value)| code_span(&format!("{name}={value}")))
            .collect();
        parts.push(format!("Every URL carries {}", pairs.join(", ")));
    }
    parts
        .iter()
        .map(|part| format!("{part}."))
        .collect::<Vec<_>>()
        .join(" ")
}

fn model_data(catalog: &Catalog, model: &Model) -> serde_json::Value {
    let mut identity = Vec::new();
    if let Some(object) = &model.object {
        identity.push(format!("`object`: {}", code_span(object)));
    }
    if let Some(prefix) = &model.id_prefix {
        identity.push(format!("ids start with {}", code_span(prefix)));
    }
    let fields: Vec<serde_json::Value> = model
        .fields
        .iter()
        .map(|field| {
            let mut notes = field
                .doc
                .as_deref()
                .map(|doc| cell(&markdown(doc)))
                .unwrap_or_default();
            if let Some(limits) = limits_summary(&field.limits) {
                append_sentence(&mut notes, &format!("Limits: {limits}."));
            }
            if field.secret {
                append_sentence(
                    &mut notes,
                    "Secret: agents and the command line show it redacted unless asked.",
                );
            }
            json!({
                "name": code_span(&field.name),
                "type": type_markdown(catalog, &field.ty),
                "required": yes_no(field.required),
                "nullable": yes_no(field.nullable),
                "notes": notes,
            })
        })
        .collect();
    json!({
        "name": model.name,
        "anchor": anchor(&model.name),
        "doc": model.doc.as_deref().map(markdown),
        "identity": (!identity.is_empty()).then(|| identity.join(" · ")),
        "fields": fields,
    })
}

/// A parameter's table cell: its doc, server default and limits.
fn param_notes(param: &Param) -> String {
    let mut notes = param
        .doc
        .as_deref()
        .map(|doc| cell(&markdown(doc)))
        .unwrap_or_default();
    if let Some(default) = &param.default {
        append_sentence(
            &mut notes,
            &format!("Default: {}.", cell(&code_span(default))),
        );
    }
    if let Some(limits) = limits_summary(&param.limits) {
        append_sentence(&mut notes, &format!("Limits: {limits}."));
    }
    notes
}

fn append_sentence(notes: &mut String, sentence: &str) {
    if !notes.is_empty() {
        notes.push(' ');
    }
    notes.push_str(sentence);
}

/// A type, linked to its section when it is a model or an enum of the catalog.
fn type_markdown(catalog: &Catalog, ty: &Type) -> String {
    match ty {
        Type::Model(name) | Type::Enum(name)
            if catalog.model(name).is_some() || catalog.enumeration(name).is_some() =>
        {
            format!("[{}](#{})", code_span(name), anchor(name))
        }
        _ => code_span(&ty.spelling()).replace('|', "\\|"),
    }
}

/// The anchor GitHub gives a heading that is just this name in a code span.
fn anchor(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Text that fits a table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// `1 model`, `2 models`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

/// The JSON data as a template value (minijinja is built without its serde support).
fn to_value(data: &serde_json::Value) -> Value {
    match data {
        serde_json::Value::Null => Value::from(()),
        serde_json::Value::Bool(value) => Value::from(*value),
        serde_json::Value::Number(number) => match number.as_i64() {
            Some(value) => Value::from(value),
            None => Value::from(number.as_f64().unwrap_or_default()),
        },
        serde_json::Value::String(text) => Value::from(text.as_str()),
        serde_json::Value::Array(items) => {
            Value::from(items.iter().map(to_value).collect::<Vec<_>>())
        }
        serde_json::Value::Object(map) => Value::from(
            map.iter()
                .map(|(key, value)| (key.clone(), to_value(value)))
                .collect::<BTreeMap<String, Value>>(),
        ),
    }
}
