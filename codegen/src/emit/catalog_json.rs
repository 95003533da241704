//! `catalog.json`: the checked catalog as data, for tools outside Rust.
//!
//! Keys keep the order written here (structs, not maps); actions, models and enums keep the
//! catalog's sorted order. Absent values are `null`, absent limits are left out, prose is
//! trimmed.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Context, EmitError};
use actionspec_catalog::model::{self, Catalog, Endpoint};

pub(super) fn render(context: &Context<'_>) -> Result<String, EmitError> {
    let document = Document::new(context.catalog);
    let mut text = serde_json::to_string_pretty(&document)
        .map_err(|error| EmitError::new(format!("cannot encode the catalog: {error}")))?;
    text.push('\n');
    Ok(text)
}

#[derive(Serialize)]
struct Document<'a> {
    api: Api<'a>,
    actions: Vec<Action<'a>>,
    models: Vec<Model<'a>>,
    enums: Vec<Enum<'a>>,
}

#[derive(Serialize)]
struct Api<'a> {
    name: &'a str,
    base_url: &'a str,
    api_key_env: &'a str,
    base_url_env: &'a str,
    request_id_header: &'a str,
    action_prefix: &'a str,
    pagination: Pagination<'a>,
}

#[derive(Serialize)]
struct Pagination<'a> {
    cursor_param: &'a str,
    limit_param: &'a str,
    items_field: &'a str,
    next_cursor: &'a [String],
    params: Vec<Param<'a>>,
}

#[derive(Serialize)]
struct Action<'a> {
    name: &'a str,
    summary: &'a str,
    description: Option<&'a str>,
    resource: &'a str,
    operation: &'static str,
    method: Option<&'static str>,
    path: Option<String>,
    status: Option<u16>,
    access: &'static str,
    destructive: bool,
    idempotent: bool,
    available: bool,
    unavailable_reason: Option<&'a str>,
    alternatives: &'a [String],
    agents: Agents<'a>,
    paginated: bool,
    returns: Option<String>,
    params: Vec<Param<'a>>,
    constraints: Vec<Constraint<'a>>,
    /// Only on a page the browser opens: its URL is built, never sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    browser: Option<Browser<'a>>,
}

#[derive(Serialize)]
struct Browser<'a> {
    redirect_param: Option<&'a str>,
    authorization: bool,
    fixed: BTreeMap<&'a str, &'a str>,
}

/// Whether AI agents are offered the action, and why not.
#[derive(Serialize)]
struct Agents<'a> {
    available: bool,
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct Param<'a> {
    name: &'a str,
    #[serde(rename = "in")]
    location: &'static str,
    #[serde(rename = "type")]
    ty: String,
    required: bool,
    doc: Option<&'a str>,
    default: Option<&'a str>,
    limits: Limits,
}

#[derive(Serialize)]
struct Constraint<'a> {
    kind: &'static str,
    params: &'a [String],
}

#[derive(Serialize)]
struct Model<'a> {
    name: &'a str,
    doc: Option<&'a str>,
    object: Option<&'a str>,
    id_prefix: Option<&'a str>,
    fields: Vec<Field<'a>>,
}

#[derive(Serialize)]
struct Field<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    ty: String,
    required: bool,
    nullable: bool,
    secret: bool,
    doc: Option<&'a str>,
    limits: Limits,
}

#[derive(Serialize)]
struct Enum<'a> {
    name: &'a str,
    doc: Option<&'a str>,
    values: &'a [String],
}

/// Only the bounds that are set; whole numbers written as integers.
#[derive(Serialize)]
struct Limits {
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<serde_json::Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<serde_json::Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_length: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_length: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_items: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_items: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_max_length: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_max_length: Option<u32>,
}

impl<'a> Document<'a> {
    fn new(catalog: &'a Catalog) -> Self {
        let api = &catalog.api;
        let pagination = &api.pagination;
        Document {
            api: Api {
                name: &api.name,
                base_url: &api.base_url,
                api_key_env: &api.api_key_env,
                base_url_env: &api.base_url_env,
                request_id_header: &api.request_id_header,
                action_prefix: &api.action_prefix,
                pagination: Pagination {
                    cursor_param: &pagination.cursor_param,
                    limit_param: &pagination.limit_param,
                    items_field: &pagination.items_field,
                    next_cursor: &pagination.next_cursor,
                    params: pagination.params.iter().map(Param::new).collect(),
                },
            },
            actions: catalog.actions.iter().map(Action::new).collect(),
            models: catalog.models.iter().map(Model::new).collect(),
            enums: catalog
                .enums
                .iter()
                .map(|enumeration| Enum {
                    name: &enumeration.name,
                    doc: trimmed(&enumeration.doc),
                    values: &enumeration.values,
                })
                .collect(),
        }
    }
}

impl<'a> Action<'a> {
    fn new(action: &'a model::Action) -> Self {
        let (method, path, status, reason, alternatives) = match &action.endpoint {
            Endpoint::Http {
                method,
                path,
                status,
            } => (
                Some(method.as_str()),
                Some(path.to_string()),
                action.browser.is_none().then_some(*status),
                None,
                &[][..],
            ),
            Endpoint::Unavailable {
                reason,
                alternatives,
            } => (
                None,
                None,
                None,
                Some(reason.as_str()),
                alternatives.as_slice(),
            ),
        };
        Action {
            name: &action.name,
            summary: &action.summary,
            description: trimmed(&action.description),
            resource: &action.resource,
            operation: action.operation.as_str(),
            method,
            path,
            status,
            access: action.access.as_str(),
            destructive: action.destructive,
            idempotent: action.idempotent,
            available: action.is_available(),
            unavailable_reason: reason,
            alternatives,
            agents: match &action.agents {
                model::Agents::Offered => Agents {
                    available: true,
                    reason: None,
                },
                model::Agents::Withheld { reason } => Agents {
                    available: false,
                    reason: Some(reason),
                },
            },
            paginated: action.paginated,
            returns: action.returns.as_ref().map(model::Type::spelling),
            params: action.params.iter().map(Param::new).collect(),
            constraints: action
                .constraints
                .iter()
                .map(|constraint| Constraint {
                    kind: constraint.kind.as_str(),
                    params: &constraint.params,
                })
                .collect(),
            browser: action.browser.as_ref().map(|browser| Browser {
                redirect_param: browser.redirect_param.as_deref(),
                authorization: browser.authorization,
                fixed: browser
                    .fixed
                    .iter()
                    .map(|(name, value)| (name.as_str(), value.as_str()))
                    .collect(),
            }),
        }
    }
}

impl<'a> Param<'a> {
    fn new(param: &'a model::Param) -> Self {
        Param {
            name: &param.name,
            location: param.location.as_str(),
            ty: param.ty.spelling(),
            required: param.required,
            doc: trimmed(&param.doc),
            default: param.default.as_deref(),
            limits: Limits::new(&param.limits),
        }
    }
}

impl<'a> Model<'a> {
    fn new(model: &'a model::Model) -> Self {
        Model {
            name: &model.name,
            doc: trimmed(&model.doc),
            object: model.object.as_deref(),
            id_prefix: model.id_prefix.as_deref(),
            fields: model
                .fields
                .iter()
                .map(|field| Field {
                    name: &field.name,
                    ty: field.ty.spelling(),
                    required: field.required,
                    nullable: field.nullable,
                    secret: field.secret,
                    doc: trimmed(&field.doc),
                    limits: Limits::new(&field.limits),
                })
                .collect(),
        }
    }
}

impl Limits {
    fn new(limits: &model::Limits) -> Self {
        Limits {
            min: limits.min.and_then(number),
            max: limits.max.and_then(number),
            min_length: limits.min_length,
            max_length: limits.max_length,
            min_items: limits.min_items,
            max_items: limits.max_items,
            key_max_length: limits.key_max_length,
            value_max_length: limits.value_max_length,
        }
    }
}

/// Prose without the line break a YAML block scalar leaves at its end.
fn trimmed(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim)
}

/// A JSON number: an integer when the bound is whole. Not finite: no JSON number (the loader
/// rejects those before this runs).
fn number(value: f64) -> Option<serde_json::Number> {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        Some(serde_json::Number::from(value as i64))
    } else {
        serde_json::Number::from_f64(value)
    }
}
