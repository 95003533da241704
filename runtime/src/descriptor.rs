//! The catalog as static data.
//!
//! The generator emits one [`ApiDescriptor`] per catalog: every action (available or not), every
//! model and every enum, as `static` values. The request path, dynamic calls, argument
//! validation, and every tool built on the engine (command line, MCP server, emulator, tool
//! manifests) read these tables; none of them names an action in hand-written code.

pub use crate::protocol::{
    AuthDescriptor, ErrorAnswer, ErrorAnswers, ErrorBody, ErrorShape, FieldErrorsShape,
    IdempotencyDescriptor, ProtocolDescriptor, QueryArrays,
};

/// One API: where it lives, how it authenticates, and everything its catalog declares.
#[derive(Debug)]
pub struct ApiDescriptor {
    /// Human name, e.g. `WorkOS`.
    pub name: &'static str,
    /// Base URL used when neither the builder nor the environment names one.
    pub default_base_url: &'static str,
    /// Environment variable holding the API key (read by `from_env`).
    pub api_key_env: &'static str,
    /// Environment variable that overrides the base URL.
    pub base_url_env: &'static str,
    /// Response header carrying the server's request id.
    pub request_id_header: &'static str,
    /// Prefix shared by every action name (`workos_`), stripped for Rust method names.
    pub action_prefix: &'static str,
    /// How list actions page through results.
    pub pagination: PaginationDescriptor,
    /// Every action, sorted by name, unavailable ones included.
    pub actions: &'static [&'static ActionDescriptor],
    /// Every model, sorted by name.
    pub models: &'static [&'static ModelDescriptor],
    /// Every enum, sorted by name.
    pub enums: &'static [&'static EnumDescriptor],
    /// Where the API records what changed, when it keeps an event stream.
    pub events: Option<EventsDescriptor>,
    /// What every call agrees on: auth, idempotency, query arrays, error bodies.
    pub protocol: ProtocolDescriptor,
    /// How the API signs the webhooks it sends, when it sends them.
    pub webhooks: Option<crate::webhook::WebhookDescriptor>,
}

impl ApiDescriptor {
    /// The action with this exact name, available or not.
    pub fn action(&self, name: &str) -> Option<&'static ActionDescriptor> {
        self.actions
            .binary_search_by(|action| action.name.cmp(name))
            .ok()
            .map(|index| self.actions[index])
    }

    /// The model with this exact name.
    pub fn model(&self, name: &str) -> Option<&'static ModelDescriptor> {
        self.models
            .binary_search_by(|model| model.name.cmp(name))
            .ok()
            .map(|index| self.models[index])
    }

    /// The enum with this exact name.
    pub fn enumeration(&self, name: &str) -> Option<&'static EnumDescriptor> {
        self.enums
            .binary_search_by(|enumeration| enumeration.name.cmp(name))
            .ok()
            .map(|index| self.enums[index])
    }
}

/// The shape of a paginated list response and the query parameters that move through it.
#[derive(Debug)]
pub struct PaginationDescriptor {
    /// Query parameter that takes the cursor of the next page (`after`).
    pub cursor_param: &'static str,
    /// Query parameter that takes the cursor of the previous page (`before`), if any.
    pub before_param: Option<&'static str>,
    /// Query parameter that caps the page size (`limit`).
    pub limit_param: &'static str,
    /// The parameter choosing the order of a list, if any.
    pub order: Option<OrderDescriptor>,
    /// Field of the list envelope holding the items (`data`).
    pub items_field: &'static str,
    /// Fields every list envelope holds with a fixed value (`object: list`).
    pub marker: &'static [(&'static str, &'static str)],
    /// Path, from the envelope, of the next page's cursor (`["list_metadata", "after"]`);
    /// null or absent means the last page.
    pub next_cursor: &'static [&'static str],
    /// Path, from the envelope, of the previous page's cursor (`["list_metadata", "before"]`),
    /// when the envelope has one.
    pub previous_cursor: Option<&'static [&'static str]>,
}

/// The query parameter that orders a list, and its value for ascending order (any other
/// value, or none, is the API's default order: newest first).
#[derive(Debug, Clone, Copy)]
pub struct OrderDescriptor {
    /// Parameter name (`order`).
    pub param: &'static str,
    /// Its value for oldest first (`asc`).
    pub ascending: &'static str,
}

/// The API's event stream: the list action that serves it and the fields of an event.
///
/// Actions that change data name the event they emit ([`ActionDescriptor::emits`]); an
/// emulator records one for every change and serves them through this list.
#[derive(Debug, Clone, Copy)]
pub struct EventsDescriptor {
    /// The list action serving the events (`workos_events_list`).
    pub action: &'static str,
    /// Field of an event holding its type (`event`).
    pub type_field: &'static str,
    /// Field of an event holding the object it is about (`data`).
    pub data_field: &'static str,
}

/// One action of the catalog.
#[derive(Debug)]
pub struct ActionDescriptor {
    /// Agent-facing name, e.g. `workos_organization_get`.
    pub name: &'static str,
    /// One line: what the action does.
    pub summary: &'static str,
    /// Longer description (may be empty).
    pub description: &'static str,
    /// The resource the action works on (`organization`), for emulators and docs.
    pub resource: &'static str,
    /// What the action does to its resource.
    pub operation: Operation,
    /// Whether the action reads or changes data.
    pub access: Access,
    /// A write that removes data.
    pub destructive: bool,
    /// Sending it twice has the same effect as once (safe to retry after a 5xx or timeout).
    pub idempotent: bool,
    /// Where it is served, or why it is not.
    pub endpoint: Endpoint,
    /// Parameters in catalog order (pagination parameters included for list actions).
    pub params: &'static [ParamDescriptor],
    /// Rules spanning several parameters.
    pub constraints: &'static [Constraint],
    /// What a successful call answers.
    pub returns: Returns,
    /// The event a successful call records (`organization.created`), if any.
    pub emits: Option<&'static str>,
    /// How the parameters of a list action select its items, one entry per filtering parameter.
    pub filters: &'static [FilterDescriptor],
    /// Whether AI agents are offered the action (tool lists, manifests, MCP); a program
    /// calls it either way.
    pub agents: AgentAccess,
}

/// Whether an action is offered to AI agents.
///
/// Some actions belong to a person's own flow, not to an agent acting for them: they take the
/// person's password or a one-time code. Such an action stays in the typed client and the
/// engine, but the agent surfaces (tool lists, manifests, the MCP server, the command line's
/// `call`) leave it out and refuse it by name with the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentAccess {
    /// Offered (the default).
    Offered,
    /// Not offered to agents.
    Withheld {
        /// Why, in a sentence, as an agent asking for it is told.
        reason: &'static str,
    },
}

impl ActionDescriptor {
    /// True when the API serves the action: it can be called, or (a browser action) its URL
    /// built.
    pub fn is_available(&self) -> bool {
        matches!(self.endpoint, Endpoint::Http { .. } | Endpoint::Browser(_))
    }

    /// True for a page the browser opens: its URL is built, never sent.
    pub fn is_browser(&self) -> bool {
        matches!(self.endpoint, Endpoint::Browser(_))
    }

    /// True when the action can be called and agents are offered it.
    pub fn is_for_agents(&self) -> bool {
        self.is_available() && self.agents == AgentAccess::Offered
    }

    /// Why agents are not offered the action, when the catalog withholds it from them.
    pub fn withheld_from_agents(&self) -> Option<&'static str> {
        match self.agents {
            AgentAccess::Offered => None,
            AgentAccess::Withheld { reason } => Some(reason),
        }
    }

    /// True when the action changes data.
    pub fn is_write(&self) -> bool {
        self.access == Access::Write
    }

    /// True when the action answers a page of a list envelope.
    pub fn is_paginated(&self) -> bool {
        matches!(self.returns, Returns::Page(_))
    }

    /// The HTTP method, when the action is available.
    pub fn method(&self) -> Option<Method> {
        match self.endpoint {
            Endpoint::Http { method, .. } => Some(method),
            Endpoint::Browser(_) => Some(Method::Get),
            Endpoint::Unavailable { .. } => None,
        }
    }

    /// The path template, when the action is available.
    pub fn path(&self) -> Option<&'static str> {
        match self.endpoint {
            Endpoint::Http { path, .. } => Some(path),
            Endpoint::Browser(browser) => Some(browser.path),
            Endpoint::Unavailable { .. } => None,
        }
    }

    /// The parameter with this wire name.
    pub fn param(&self, name: &str) -> Option<&'static ParamDescriptor> {
        self.params.iter().find(|param| param.name == name)
    }

    /// How the parameter with this wire name filters the list, if it does.
    pub fn filter(&self, param: &str) -> Option<&'static FilterDescriptor> {
        self.filters.iter().find(|filter| filter.param == param)
    }
}

/// How one parameter of a list action selects items: an item is kept when the value of any of
/// `fields` matches the parameter's value (any of its values, for a list parameter).
///
/// A field is a path into the item: `directory_id`, `data.organization_id`, or
/// `domains[].domain` (the `domain` of any element of `domains`). With [`via`](Self::via) the
/// fields are those of another model, and an item is kept when an object of that model
/// matches and links to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FilterDescriptor {
    /// Wire name of the parameter (a query parameter, or a path parameter scoping a nested list).
    pub param: &'static str,
    /// Paths of the fields compared with the parameter's value; any may match.
    pub fields: &'static [&'static str],
    /// How they are compared.
    pub matching: FilterMatch,
    /// Through another model, for a filter on a relation the item does not hold itself.
    pub via: Option<FilterVia>,
}

/// How a filter compares a field with a parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilterMatch {
    /// The same value.
    Equals,
    /// The field contains the value, ignoring case (a search).
    Contains,
    /// The field (a timestamp) is at or after the value.
    From,
    /// The field (a timestamp) is at or before the value.
    Until,
}

impl FilterMatch {
    /// The catalog spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            FilterMatch::Equals => "equals",
            FilterMatch::Contains => "contains",
            FilterMatch::From => "from",
            FilterMatch::Until => "until",
        }
    }
}

/// A filter through a linking model: an item is kept when an object of `model` matches the
/// filter's fields and its `link` field (a path, like the fields) holds the item's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FilterVia {
    /// The linking model (`OrganizationMembership`).
    pub model: &'static str,
    /// Path of its field that holds the listed item's id (`user_id`).
    pub link: &'static str,
}

/// Where an action is served.
#[derive(Debug, Clone, Copy)]
pub enum Endpoint {
    /// An HTTP endpoint.
    Http {
        method: Method,
        /// Path template such as `/organizations/{id}`.
        path: &'static str,
        /// Status of a successful answer (200, 201, 202 or 204).
        success_status: u16,
    },
    /// A page the user's browser opens (an OAuth authorization, a logout): the engine builds
    /// its URL ([`Engine::url`](crate::Engine::url)) and never sends it. Always a `GET`.
    Browser(BrowserDescriptor),
    /// The API has no endpoint for this action.
    Unavailable {
        /// Why, in a sentence.
        reason: &'static str,
        /// Actions to use instead.
        alternatives: &'static [&'static str],
    },
}

/// Where a browser action sends the browser, and what its URL always carries.
#[derive(Debug, Clone, Copy)]
pub struct BrowserDescriptor {
    /// Path template such as `/sso/authorize`.
    pub path: &'static str,
    /// Query pairs every URL of the action carries (`response_type=code`), after the arguments.
    pub fixed: &'static [(&'static str, &'static str)],
    /// The query parameter naming where the API sends the browser back (`redirect_uri`).
    pub redirect_param: Option<&'static str>,
    /// An OAuth 2.0 authorization request (RFC 6749, 4.1.1): the API sends the browser back to
    /// [`redirect_param`](Self::redirect_param) with a `code` and the `state` it was given.
    pub authorization: bool,
}

/// HTTP methods the catalog can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    /// Upper-case name, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether an action reads or changes data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    Read,
    Write,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Write => "write",
        }
    }
}

/// What an action does to its resource: enough for an emulator to serve it generically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    List,
    Get,
    Create,
    Update,
    Delete,
    Other,
}

impl Operation {
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::List => "list",
            Operation::Get => "get",
            Operation::Create => "create",
            Operation::Update => "update",
            Operation::Delete => "delete",
            Operation::Other => "other",
        }
    }
}

/// What a successful call answers.
#[derive(Debug, Clone, Copy)]
pub enum Returns {
    /// No body (or a body the caller has no use for).
    Nothing,
    /// One value of this type.
    One(&'static TypeRef),
    /// One page of a list envelope whose items have this type.
    Page(&'static TypeRef),
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Location {
    /// One percent-encoded path segment.
    Path,
    /// A query-string pair (arrays as [`QueryArrays`] says).
    Query,
    /// A field of the JSON body.
    Body,
}

impl Location {
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Body => "body",
        }
    }
}

/// One parameter of an action.
#[derive(Debug)]
pub struct ParamDescriptor {
    /// Wire name.
    pub name: &'static str,
    pub location: Location,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: &'static str,
    pub limits: Limits,
    /// The server's default when the parameter is omitted, as JSON text (`10`, `"desc"`), for
    /// documentation and schemas only: the engine never sends it.
    pub default: Option<&'static str>,
}

/// A value's type, as the catalog spells it (`list<string>`, `map<string,Organization>`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeRef {
    String,
    Integer,
    Number,
    Boolean,
    /// An RFC 3339 date-time string.
    Timestamp,
    /// Any JSON value.
    Json,
    List(&'static TypeRef),
    /// A JSON object with string keys.
    Map(&'static TypeRef),
    /// A model, by name.
    Model(&'static str),
    /// An enum, by name.
    Enum(&'static str),
}

impl TypeRef {
    /// The catalog spelling: `list<map<string,string>>`.
    pub fn spelling(&self) -> String {
        match self {
            TypeRef::String => "string".to_owned(),
            TypeRef::Integer => "integer".to_owned(),
            TypeRef::Number => "number".to_owned(),
            TypeRef::Boolean => "boolean".to_owned(),
            TypeRef::Timestamp => "timestamp".to_owned(),
            TypeRef::Json => "json".to_owned(),
            TypeRef::List(item) => format!("list<{}>", item.spelling()),
            TypeRef::Map(value) => format!("map<string,{}>", value.spelling()),
            TypeRef::Model(name) | TypeRef::Enum(name) => (*name).to_owned(),
        }
    }
}

/// Bounds on one value. Every bound is optional; which apply depends on the type.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Limits {
    /// Smallest number allowed (integers and numbers).
    pub min: Option<f64>,
    /// Largest number allowed.
    pub max: Option<f64>,
    /// Fewest characters in a string.
    pub min_length: Option<u32>,
    /// Most characters in a string.
    pub max_length: Option<u32>,
    /// Fewest items in a list, or entries in a map.
    pub min_items: Option<u32>,
    /// Most items in a list, or entries in a map.
    pub max_items: Option<u32>,
    /// Most characters in a map key.
    pub key_max_length: Option<u32>,
    /// Most characters in a map value (string maps).
    pub value_max_length: Option<u32>,
}

/// A rule over several parameters of one action, by wire name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Constraint {
    /// Exactly one of these must be given.
    ExactlyOne(&'static [&'static str]),
    /// At most one of these may be given.
    AtMostOne(&'static [&'static str]),
    /// At least one of these must be given.
    AtLeastOne(&'static [&'static str]),
    /// Either all of these are given or none.
    Together(&'static [&'static str]),
}

impl Constraint {
    /// The parameters the rule speaks of.
    pub fn params(&self) -> &'static [&'static str] {
        match *self {
            Constraint::ExactlyOne(names)
            | Constraint::AtMostOne(names)
            | Constraint::AtLeastOne(names)
            | Constraint::Together(names) => names,
        }
    }

    /// The catalog spelling of the rule's kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Constraint::ExactlyOne(_) => "exactly_one",
            Constraint::AtMostOne(_) => "at_most_one",
            Constraint::AtLeastOne(_) => "at_least_one",
            Constraint::Together(_) => "together",
        }
    }
}

/// A JSON object type of the catalog.
#[derive(Debug)]
pub struct ModelDescriptor {
    pub name: &'static str,
    pub doc: &'static str,
    /// Value of the object's `object` field (`organization`), when it has one.
    pub object: Option<&'static str>,
    /// Prefix of the ids of this object (`org_`), when it has them.
    pub id_prefix: Option<&'static str>,
    pub fields: &'static [FieldDescriptor],
    /// Fields holding the id of another object, which must exist.
    pub references: &'static [ReferenceDescriptor],
}

/// A field of a model that holds the id of an object of another model.
///
/// The referenced object must exist when the field is set, and deleting it does what
/// [`on_delete`](Self::on_delete) says to the objects referring to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferenceDescriptor {
    /// Wire name of the field (`organization_id`).
    pub field: &'static str,
    /// Name of the referenced model (`Organization`).
    pub model: &'static str,
    pub on_delete: OnDelete,
}

/// What deleting an object does to the objects referring to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OnDelete {
    /// They are deleted too (a membership goes with its organization).
    Cascade,
    /// They stay, still holding the id.
    Keep,
}

impl OnDelete {
    /// The catalog spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            OnDelete::Cascade => "cascade",
            OnDelete::Keep => "keep",
        }
    }
}

impl ModelDescriptor {
    /// The field with this wire name.
    pub fn field(&self, name: &str) -> Option<&'static FieldDescriptor> {
        self.fields.iter().find(|field| field.name == name)
    }

    /// The fields marked secret, in field order.
    pub fn secret_fields(&self) -> impl Iterator<Item = &'static FieldDescriptor> {
        self.fields.iter().filter(|field| field.secret)
    }

    /// The reference held by the field with this wire name, if it holds one.
    pub fn reference(&self, field: &str) -> Option<&'static ReferenceDescriptor> {
        self.references
            .iter()
            .find(|reference| reference.field == field)
    }
}

/// One field of a model.
#[derive(Debug)]
pub struct FieldDescriptor {
    /// Wire name.
    pub name: &'static str,
    pub ty: TypeRef,
    /// Must be present (in a response: always sent; in a request: must be given).
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    pub doc: &'static str,
    pub limits: Limits,
    /// Holds a secret (a key's value, a TOTP secret, a one-time code): a `string`, or a list
    /// or map of them. Typed models keep it as a [`Secret`](crate::Secret); the agent
    /// surfaces show it redacted unless asked.
    pub secret: bool,
}

/// A closed set of strings that may grow: unknown values are kept, not rejected.
#[derive(Debug)]
pub struct EnumDescriptor {
    pub name: &'static str,
    pub doc: &'static str,
    /// Known values, in catalog order.
    pub values: &'static [&'static str],
}

/// Compact `const` constructors, so the generated descriptor table reads one entry per line or
/// two instead of a struct literal per field.
impl Limits {
    /// No bound at all.
    pub const NONE: Limits = Limits {
        min: None,
        max: None,
        min_length: None,
        max_length: None,
        min_items: None,
        max_items: None,
        key_max_length: None,
        value_max_length: None,
    };

    /// True when no bound is set.
    pub const fn is_none(&self) -> bool {
        self.min.is_none()
            && self.max.is_none()
            && self.min_length.is_none()
            && self.max_length.is_none()
            && self.min_items.is_none()
            && self.max_items.is_none()
            && self.key_max_length.is_none()
            && self.value_max_length.is_none()
    }

    pub const fn min(mut self, min: f64) -> Self {
        self.min = Some(min);
        self
    }

    pub const fn max(mut self, max: f64) -> Self {
        self.max = Some(max);
        self
    }

    pub const fn min_length(mut self, length: u32) -> Self {
        self.min_length = Some(length);
        self
    }

    pub const fn max_length(mut self, length: u32) -> Self {
        self.max_length = Some(length);
        self
    }

    pub const fn min_items(mut self, items: u32) -> Self {
        self.min_items = Some(items);
        self
    }

    pub const fn max_items(mut self, items: u32) -> Self {
        self.max_items = Some(items);
        self
    }

    pub const fn key_max_length(mut self, length: u32) -> Self {
        self.key_max_length = Some(length);
        self
    }

    pub const fn value_max_length(mut self, length: u32) -> Self {
        self.value_max_length = Some(length);
        self
    }
}

impl ParamDescriptor {
    /// An optional parameter (a path parameter is always required), without doc or limits.
    pub const fn new(name: &'static str, location: Location, ty: TypeRef) -> Self {
        ParamDescriptor {
            name,
            location,
            ty,
            required: matches!(location, Location::Path),
            doc: "",
            limits: Limits::NONE,
            default: None,
        }
    }

    pub const fn path(name: &'static str, ty: TypeRef) -> Self {
        Self::new(name, Location::Path, ty)
    }

    pub const fn query(name: &'static str, ty: TypeRef) -> Self {
        Self::new(name, Location::Query, ty)
    }

    pub const fn body(name: &'static str, ty: TypeRef) -> Self {
        Self::new(name, Location::Body, ty)
    }

    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub const fn doc(mut self, doc: &'static str) -> Self {
        self.doc = doc;
        self
    }

    pub const fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The server's default, as JSON text.
    pub const fn default(mut self, json: &'static str) -> Self {
        self.default = Some(json);
        self
    }
}

impl FieldDescriptor {
    /// A required, non-nullable field without doc or limits.
    pub const fn new(name: &'static str, ty: TypeRef) -> Self {
        FieldDescriptor {
            name,
            ty,
            required: true,
            nullable: false,
            doc: "",
            limits: Limits::NONE,
            secret: false,
        }
    }

    /// Holds a secret.
    pub const fn secret(mut self) -> Self {
        self.secret = true;
        self
    }

    /// May be absent.
    pub const fn optional(mut self) -> Self {
        self.required = false;
        self
    }

    /// May be `null`.
    pub const fn nullable(mut self) -> Self {
        self.nullable = true;
        self
    }

    pub const fn doc(mut self, doc: &'static str) -> Self {
        self.doc = doc;
        self
    }

    pub const fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}
