//! The catalog as written: every entry read from the files, each value with where it stood,
//! before the checks across entries (`resolve`, `emulation`) turn it into the model.
//!
//! `items` and `emulation` fill these in; `resolve` and `emulation` read them.

use super::declared::{Declaration, Exclusion};
use super::protocol::RawListNames;
use super::reader::Spanned;
use super::type_expr::TypeExpr;
use crate::diagnostics::Location;
use crate::model::{
    Access, ConstraintKind, FilterMatch, Limits, Location as ParamLocation, Method, OnDelete,
    Operation, Protocol,
};

/// Everything read from every file, before cross-checks.
#[derive(Default)]
pub(crate) struct RawCatalog {
    /// Where each `api` key stood, read or not.
    pub api_blocks: Vec<Location>,
    /// Every action name declared, with whether it was declared available.
    pub action_names: Vec<(Spanned<String>, bool)>,
    /// Every model and enum name declared.
    pub type_names: Vec<(Spanned<String>, TypeKind)>,
    pub apis: Vec<RawApi>,
    pub actions: Vec<RawAction>,
    pub models: Vec<RawModel>,
    pub enums: Vec<RawEnum>,
    /// Every `excluded` entry, in file order.
    pub exclusions: Vec<Exclusion>,
}

/// What a type name refers to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum TypeKind {
    Model,
    Enum,
}

pub(crate) struct RawApi {
    pub name: String,
    pub base_url: Spanned<String>,
    pub api_key_env: String,
    pub base_url_env: String,
    pub request_id_header: String,
    pub action_prefix: Spanned<String>,
    pub pagination: RawPagination,
    pub events: Option<RawEvents>,
    pub protocol: Protocol,
    /// Nothing in it refers to the rest of the catalog: read straight into the model.
    pub webhooks: Option<crate::model::Webhooks>,
}

pub(crate) struct RawPagination {
    pub cursor_param: Spanned<String>,
    pub limit_param: Spanned<String>,
    pub items_field: String,
    pub next_cursor: Vec<String>,
    pub params: Vec<RawParam>,
    pub more: RawListNames,
}

pub(crate) struct RawAction {
    pub name: Spanned<String>,
    pub at: Location,
    pub summary: String,
    pub description: Option<String>,
    pub resource: String,
    pub operation: Operation,
    pub access: Spanned<Access>,
    pub destructive: Option<Spanned<bool>>,
    pub idempotent: Option<Spanned<bool>>,
    pub http: Option<RawHttp>,
    pub unavailable: Option<RawUnavailable>,
    pub paginated: Option<Spanned<bool>>,
    pub params: Vec<RawParam>,
    pub constraints: Vec<RawConstraint>,
    pub returns: Option<Spanned<TypeExpr>>,
    pub drift: Vec<Declaration>,
    pub emits: Option<Spanned<String>>,
    pub agents: Option<RawAgents>,
    pub browser: Option<RawBrowser>,
}

/// An action's `agents` as written.
pub(crate) struct RawAgents {
    pub available: bool,
    pub reason: Option<String>,
}

/// An action's `browser` as written.
pub(crate) struct RawBrowser {
    pub at: Location,
    pub redirect_param: Option<Spanned<String>>,
    pub authorization: Option<Spanned<bool>>,
    pub fixed: Vec<(Spanned<String>, String)>,
}

pub(crate) struct RawHttp {
    pub method: Spanned<Method>,
    pub path: Spanned<String>,
    pub status: Option<Spanned<u32>>,
}

pub(crate) struct RawUnavailable {
    pub reason: String,
    pub alternatives: Vec<Spanned<String>>,
}

pub(crate) struct RawParam {
    pub name: Spanned<String>,
    pub location: Spanned<ParamLocation>,
    pub ty: Spanned<TypeExpr>,
    pub required: Option<Spanned<bool>>,
    pub doc: Option<String>,
    pub default: Option<String>,
    pub limits: RawLimits,
    pub filter: Option<RawFilter>,
}

pub(crate) struct RawConstraint {
    pub kind: Spanned<ConstraintKind>,
    pub params: Vec<Spanned<String>>,
}

pub(crate) struct RawModel {
    pub name: Spanned<String>,
    pub doc: Option<String>,
    pub object: Option<String>,
    pub id_prefix: Option<String>,
    pub fields: Vec<RawField>,
    pub drift: Vec<Declaration>,
}

pub(crate) struct RawField {
    pub name: Spanned<String>,
    pub ty: Spanned<TypeExpr>,
    pub required: bool,
    pub nullable: bool,
    pub doc: Option<String>,
    pub limits: RawLimits,
    pub references: Option<RawReference>,
    /// `secret: true`, with where it stood; `None` when absent or false.
    pub secret: Option<Location>,
}

pub(crate) struct RawEnum {
    pub name: Spanned<String>,
    pub doc: Option<String>,
    pub values: Vec<String>,
    pub drift: Vec<Declaration>,
}

/// Limits as written, with where each key stood (to say which one does not fit the type).
#[derive(Default)]
pub(crate) struct RawLimits {
    pub limits: Limits,
    pub keys: Vec<(&'static str, Location)>,
}

/// `api.events` as written.
pub(crate) struct RawEvents {
    pub action: Spanned<String>,
    pub type_field: Spanned<String>,
    pub data_field: Spanned<String>,
}

/// A parameter's `filter` as written.
pub(crate) struct RawFilter {
    pub at: Location,
    pub fields: Vec<Spanned<String>>,
    pub matching: Option<Spanned<FilterMatch>>,
    pub via: Option<Spanned<String>>,
    pub link: Option<Spanned<String>>,
}

/// A field's `references` as written.
pub(crate) struct RawReference {
    pub model: Spanned<String>,
    pub on_delete: Option<Spanned<OnDelete>>,
}
