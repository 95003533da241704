//! `ACTIONS.md`: the catalog as a page for people, from `templates/actions.md.j2`.
//!
//! The template only lays out; every string is prepared here, already safe for where it goes
//! (table cells have no `|` or line break), so the page reads the same whatever the spec holds.

use std::collections::BTreeMap;

use minijinja::{AutoEscape, Environment, Value, syntax::SyntaxConfig};

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
        .and_then(|template| template.render(data))
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
fn page(context: &Context<'_>) -> Value {
    let catalog = context.catalog;
    let actions: Vec<Value> = context
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
    let enums: Vec<Value> = catalog
        .enums
        .iter()
        .map(|enumeration| {
            map([
                ("name", Value::from(&enumeration.name)),
                ("anchor", Value::from(anchor(&enumeration.name))),
                ("doc", Value::from(enumeration.doc.as_deref().map(markdown))),
                (
                    "values",
                    Value::from(
                        enumeration
                            .values
                            .iter()
                            .map(|value| code_span(value))
                            .collect::<Vec<_>>(),
                    ),
                ),
            ])
        })
        .collect();
    map([
        ("header", Value::from(MARKDOWN_HEADER)),
        ("api", Value::from(&catalog.api.name)),
        ("prefix", Value::from(&catalog.api.action_prefix)),
        ("counts", Value::from(counts)),
        ("actions", Value::from(actions)),
        (
            "models",
            Value::from(
                catalog
                    .models
                    .iter()
                    .map(|model| model_data(catalog, model))
                    .collect::<Vec<_>>(),
            ),
        ),
        ("enums", Value::from(enums)),
    ])
}

fn action_data(catalog: &Catalog, action: &Action, rust: Option<String>) -> Value {
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
    let params: Vec<Value> = action
        .params
        .iter()
        .map(|param| {
            map([
                ("name", Value::from(code_span(&param.name))),
                ("in", Value::from(param.location.as_str())),
                ("type", Value::from(type_markdown(catalog, &param.ty))),
                ("required", Value::from(yes_no(param.required))),
                ("notes", Value::from(param_notes(param))),
            ])
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
    let agents_reason = match &action.agents {
        Agents::Offered => None,
        Agents::Withheld { reason } => Some(cell(&markdown(reason))),
    };
    let constraints: Vec<String> = action.constraints.iter().map(constraint_text).collect();
    map([
        ("name", Value::from(&action.name)),
        ("anchor", Value::from(anchor(&action.name))),
        ("summary", Value::from(cell(&markdown(&action.summary)))),
        (
            "description",
            Value::from(action.description.as_deref().map(markdown)),
        ),
        ("endpoint", Value::from(endpoint)),
        ("status", Value::from(status)),
        ("access", Value::from(action.access.as_str())),
        ("operation", Value::from(action.operation.as_str())),
        ("resource", Value::from(code_span(&action.resource))),
        ("destructive", Value::from(action.destructive)),
        ("idempotent", Value::from(action.idempotent)),
        ("paginated", Value::from(action.paginated)),
        ("available", Value::from(action.is_available())),
        ("reason", Value::from(reason)),
        ("alternatives", Value::from(alternatives)),
        ("agents_reason", Value::from(agents_reason)),
        ("rust", Value::from(rust)),
        ("params", Value::from(params)),
        ("constraints", Value::from(constraints)),
        ("returns", Value::from(returns)),
        ("is_browser", Value::from(action.browser.is_some())),
        (
            "browser",
            Value::from(action.browser.as_ref().map(browser_text)),
        ),
    ])
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

fn model_data(catalog: &Catalog, model: &Model) -> Value {
    let mut identity = Vec::new();
    if let Some(object) = &model.object {
        identity.push(format!("`object`: {}", code_span(object)));
    }
    if let Some(prefix) = &model.id_prefix {
        identity.push(format!("ids start with {}", code_span(prefix)));
    }
    let fields: Vec<Value> = model
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
            map([
                ("name", Value::from(code_span(&field.name))),
                ("type", Value::from(type_markdown(catalog, &field.ty))),
                ("required", Value::from(yes_no(field.required))),
                ("nullable", Value::from(yes_no(field.nullable))),
                ("notes", Value::from(notes)),
            ])
        })
        .collect();
    map([
        ("name", Value::from(&model.name)),
        ("anchor", Value::from(anchor(&model.name))),
        ("doc", Value::from(model.doc.as_deref().map(markdown))),
        (
            "identity",
            Value::from((!identity.is_empty()).then(|| identity.join(" · "))),
        ),
        ("fields", Value::from(fields)),
    ])
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

/// A template record: named values (minijinja is built without its serde support).
fn map<const N: usize>(fields: [(&'static str, Value); N]) -> Value {
    Value::from(BTreeMap::from(fields))
}
