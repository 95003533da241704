//! The checked catalog: what the loader produces once every rule holds, and all the emitters read.
//!
//! Everything here is owned, ordered and already validated: names are unique, every type
//! reference resolves, every path parameter is declared. Emitters never re-check.

use crate::path_template::PathTemplate;

/// A whole, valid catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    pub api: Api,
    /// Sorted by name.
    pub actions: Vec<Action>,
    /// Sorted by name.
    pub models: Vec<Model>,
    /// Sorted by name.
    pub enums: Vec<Enum>,
}

impl Catalog {
    /// The model with this name (models are sorted by name, so this is a binary search).
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models
            .binary_search_by(|model| model.name.as_str().cmp(name))
            .ok()
            .map(|index| &self.models[index])
    }

    /// The enum with this name (enums are sorted by name).
    pub fn enumeration(&self, name: &str) -> Option<&Enum> {
        self.enums
            .binary_search_by(|enumeration| enumeration.name.as_str().cmp(name))
            .ok()
            .map(|index| &self.enums[index])
    }
}

/// The `api` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub name: String,
    pub base_url: String,
    pub api_key_env: String,
    pub base_url_env: String,
    pub request_id_header: String,
    pub action_prefix: String,
    pub pagination: Pagination,
    /// The event stream, when the API keeps one.
    pub events: Option<Events>,
    pub protocol: Protocol,
    /// How the API signs the webhooks it sends, when it sends them.
    pub webhooks: Option<Webhooks>,
}

/// `api.events`: the list action serving the event stream, and the fields of an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Events {
    pub action: String,
    pub type_field: String,
    pub data_field: String,
}

/// `api.webhooks`: how the API signs the webhooks it sends.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhooks {
    /// Request header carrying the signature (`WorkOS-Signature`).
    pub signature_header: String,
    pub scheme: SignatureScheme,
    pub timestamp_unit: TimestampUnit,
    /// How far a signature's timestamp may be from now, either way, by default.
    pub tolerance_seconds: u32,
}

/// What a webhook's signature header holds and what is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureScheme {
    /// `t=<timestamp>, v1=<hex HMAC-SHA256 over "<timestamp>.<raw body>">`.
    TimestampedHmacSha256,
}

impl SignatureScheme {
    pub const ALL: [SignatureScheme; 1] = [SignatureScheme::TimestampedHmacSha256];

    pub fn as_str(self) -> &'static str {
        match self {
            SignatureScheme::TimestampedHmacSha256 => "timestamped_hmac_sha256",
        }
    }

    /// The variant name in `actionspec_runtime::SignatureScheme`.
    pub fn variant(self) -> &'static str {
        match self {
            SignatureScheme::TimestampedHmacSha256 => "TimestampedHmacSha256",
        }
    }
}

/// Unit of a webhook signature's timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampUnit {
    Seconds,
    Milliseconds,
}

impl TimestampUnit {
    pub const ALL: [TimestampUnit; 2] = [TimestampUnit::Seconds, TimestampUnit::Milliseconds];

    pub fn as_str(self) -> &'static str {
        match self {
            TimestampUnit::Seconds => "seconds",
            TimestampUnit::Milliseconds => "milliseconds",
        }
    }

    /// The variant name in `actionspec_runtime::TimestampUnit`.
    pub fn variant(self) -> &'static str {
        match self {
            TimestampUnit::Seconds => "Seconds",
            TimestampUnit::Milliseconds => "Milliseconds",
        }
    }
}

/// How list actions page.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub cursor_param: String,
    pub limit_param: String,
    pub items_field: String,
    /// `list_metadata.after` split on dots.
    pub next_cursor: Vec<String>,
    /// `list_metadata.before` split on dots, when the envelope has it.
    pub previous_cursor: Option<Vec<String>>,
    /// Fields every envelope holds with a fixed value (`object: list`), in catalog order.
    pub marker: Vec<(String, String)>,
    /// The parameter taking the previous page's cursor (`before`), if any.
    pub before_param: Option<String>,
    /// The parameter ordering the list, if any.
    pub order: Option<Order>,
    /// Added to every paginated action, after its own parameters.
    pub params: Vec<Param>,
}

/// One action.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub name: String,
    pub summary: String,
    pub description: Option<String>,
    pub resource: String,
    pub operation: Operation,
    pub access: Access,
    pub destructive: bool,
    pub idempotent: bool,
    pub endpoint: Endpoint,
    pub paginated: bool,
    /// Declared order; for paginated actions the pagination parameters follow.
    pub params: Vec<Param>,
    pub constraints: Vec<Constraint>,
    /// Type of the answer, or of each item when paginated; `None`: no body to decode.
    pub returns: Option<Type>,
    /// The event a successful call records.
    pub emits: Option<String>,
    /// How parameters select the items of a list, in parameter order.
    pub filters: Vec<Filter>,
    /// Whether AI agents are offered the action.
    pub agents: Agents,
    /// A page the user's browser opens (`Endpoint::Http` with `GET`): its URL is built, never
    /// sent.
    pub browser: Option<Browser>,
}

/// An action's `agents`: offered to AI agents (the default), or withheld with a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Agents {
    Offered,
    Withheld { reason: String },
}

/// `browser` of an action: a `GET` that a browser follows, such as an OAuth authorization or a
/// logout redirect, whose URL the client builds instead of sending it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Browser {
    /// The query parameter naming where the API sends the browser back.
    pub redirect_param: Option<String>,
    /// An OAuth 2.0 authorization request: the browser comes back with `code` and `state`.
    pub authorization: bool,
    /// Query pairs every URL carries, in catalog order.
    pub fixed: Vec<(String, String)>,
}

/// A parameter's `filter`: which fields of a list's items it selects on.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub param: String,
    /// Paths into the item (or into the `via` model): `name`, `domains[].domain`, `data.id`.
    pub fields: Vec<String>,
    pub matching: FilterMatch,
    pub via: Option<FilterVia>,
}

/// How a filter compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilterMatch {
    Equals,
    Contains,
    From,
    Until,
}

impl FilterMatch {
    pub const ALL: [FilterMatch; 4] = [
        FilterMatch::Equals,
        FilterMatch::Contains,
        FilterMatch::From,
        FilterMatch::Until,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FilterMatch::Equals => "equals",
            FilterMatch::Contains => "contains",
            FilterMatch::From => "from",
            FilterMatch::Until => "until",
        }
    }

    /// The variant name in `actionspec_runtime::FilterMatch`.
    pub fn variant(self) -> &'static str {
        match self {
            FilterMatch::Equals => "Equals",
            FilterMatch::Contains => "Contains",
            FilterMatch::From => "From",
            FilterMatch::Until => "Until",
        }
    }
}

/// A filter through a linking model.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterVia {
    pub model: String,
    /// Path of the linking model's field holding the listed item's id.
    pub link: String,
}

impl Action {
    pub fn is_available(&self) -> bool {
        matches!(self.endpoint, Endpoint::Http { .. })
    }
}

/// Where an action is served, or why it is not.
#[derive(Debug, Clone, PartialEq)]
pub enum Endpoint {
    Http {
        method: Method,
        path: PathTemplate,
        status: u16,
    },
    Unavailable {
        reason: String,
        alternatives: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub const ALL: [Method; 5] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// The variant name in `actionspec_runtime::Method`.
    pub fn variant(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Put => "Put",
            Method::Patch => "Patch",
            Method::Delete => "Delete",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    Read,
    Write,
}

impl Access {
    pub const ALL: [Access; 2] = [Access::Read, Access::Write];

    pub fn as_str(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Write => "write",
        }
    }

    pub fn variant(self) -> &'static str {
        match self {
            Access::Read => "Read",
            Access::Write => "Write",
        }
    }
}

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
    pub const ALL: [Operation; 6] = [
        Operation::List,
        Operation::Get,
        Operation::Create,
        Operation::Update,
        Operation::Delete,
        Operation::Other,
    ];

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

    pub fn variant(self) -> &'static str {
        match self {
            Operation::List => "List",
            Operation::Get => "Get",
            Operation::Create => "Create",
            Operation::Update => "Update",
            Operation::Delete => "Delete",
            Operation::Other => "Other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Location {
    Path,
    Query,
    Body,
}

impl Location {
    pub const ALL: [Location; 3] = [Location::Path, Location::Query, Location::Body];

    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Body => "body",
        }
    }

    pub fn variant(self) -> &'static str {
        match self {
            Location::Path => "Path",
            Location::Query => "Query",
            Location::Body => "Body",
        }
    }
}

/// One parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub location: Location,
    pub ty: Type,
    pub required: bool,
    pub doc: Option<String>,
    /// The server's default, as written in the spec (documentation only).
    pub default: Option<String>,
    pub limits: Limits,
}

/// A type of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    String,
    Integer,
    Number,
    Boolean,
    Timestamp,
    Json,
    List(Box<Type>),
    Map(Box<Type>),
    Model(String),
    Enum(String),
}

impl Type {
    /// The catalog spelling, e.g. `list<map<string,string>>`.
    pub fn spelling(&self) -> String {
        match self {
            Type::String => "string".to_owned(),
            Type::Integer => "integer".to_owned(),
            Type::Number => "number".to_owned(),
            Type::Boolean => "boolean".to_owned(),
            Type::Timestamp => "timestamp".to_owned(),
            Type::Json => "json".to_owned(),
            Type::List(item) => format!("list<{}>", item.spelling()),
            Type::Map(value) => format!("map<string,{}>", value.spelling()),
            Type::Model(name) | Type::Enum(name) => name.clone(),
        }
    }
}

/// Bounds on one value (see `spec/README.md`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Limits {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    pub min_items: Option<u32>,
    pub max_items: Option<u32>,
    pub key_max_length: Option<u32>,
    pub value_max_length: Option<u32>,
}

/// One bound that is set: a number (`min`, `max`) or a count of characters or items.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    Number(f64),
    Count(u32),
}

impl Limits {
    /// Every spec key of a bound, in the order the spec documents them.
    pub const KEYS: [&'static str; 8] = [
        "min",
        "max",
        "min_length",
        "max_length",
        "min_items",
        "max_items",
        "key_max_length",
        "value_max_length",
    ];

    pub fn is_empty(&self) -> bool {
        *self == Limits::default()
    }

    /// The bounds that are set, by spec key, in [`Limits::KEYS`] order.
    pub fn bounds(&self) -> Vec<(&'static str, Bound)> {
        let numbers = [("min", self.min), ("max", self.max)];
        let counts = [
            ("min_length", self.min_length),
            ("max_length", self.max_length),
            ("min_items", self.min_items),
            ("max_items", self.max_items),
            ("key_max_length", self.key_max_length),
            ("value_max_length", self.value_max_length),
        ];
        numbers
            .into_iter()
            .filter_map(|(key, value)| Some((key, Bound::Number(value?))))
            .chain(
                counts
                    .into_iter()
                    .filter_map(|(key, value)| Some((key, Bound::Count(value?)))),
            )
            .collect()
    }
}

/// A rule across parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    pub kind: ConstraintKind,
    /// Wire names, as written.
    pub params: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConstraintKind {
    ExactlyOne,
    AtMostOne,
    AtLeastOne,
    Together,
}

impl ConstraintKind {
    pub const ALL: [ConstraintKind; 4] = [
        ConstraintKind::ExactlyOne,
        ConstraintKind::AtMostOne,
        ConstraintKind::AtLeastOne,
        ConstraintKind::Together,
    ];

    /// The spec key, e.g. `exactly_one`.
    pub fn as_str(self) -> &'static str {
        match self {
            ConstraintKind::ExactlyOne => "exactly_one",
            ConstraintKind::AtMostOne => "at_most_one",
            ConstraintKind::AtLeastOne => "at_least_one",
            ConstraintKind::Together => "together",
        }
    }

    /// The variant name in `actionspec_runtime::Constraint`.
    pub fn variant(self) -> &'static str {
        match self {
            ConstraintKind::ExactlyOne => "ExactlyOne",
            ConstraintKind::AtMostOne => "AtMostOne",
            ConstraintKind::AtLeastOne => "AtLeastOne",
            ConstraintKind::Together => "Together",
        }
    }
}

/// A JSON object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub name: String,
    pub doc: Option<String>,
    pub object: Option<String>,
    pub id_prefix: Option<String>,
    pub fields: Vec<Field>,
    /// Fields holding another object's id, in field order.
    pub references: Vec<Reference>,
}

/// A field's `references`: the model whose id it holds, and what deleting that object does.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub field: String,
    pub model: String,
    pub on_delete: OnDelete,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OnDelete {
    Cascade,
    Keep,
}

impl OnDelete {
    pub const ALL: [OnDelete; 2] = [OnDelete::Cascade, OnDelete::Keep];

    pub fn as_str(self) -> &'static str {
        match self {
            OnDelete::Cascade => "cascade",
            OnDelete::Keep => "keep",
        }
    }

    /// The variant name in `actionspec_runtime::OnDelete`.
    pub fn variant(self) -> &'static str {
        match self {
            OnDelete::Cascade => "Cascade",
            OnDelete::Keep => "Keep",
        }
    }
}

/// One field of a model.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub ty: Type,
    pub required: bool,
    pub nullable: bool,
    pub doc: Option<String>,
    pub limits: Limits,
    /// Holds a secret: a `string`, or a list or map of them.
    pub secret: bool,
}

impl Type {
    /// True for `string`, and for lists and maps whose values are (at any depth) strings: the
    /// types a `secret` field may have.
    pub fn is_strings(&self) -> bool {
        match self {
            Type::String => true,
            Type::List(inner) | Type::Map(inner) => inner.is_strings(),
            _ => false,
        }
    }
}

/// A growing set of strings.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub name: String,
    pub doc: Option<String>,
    pub values: Vec<String>,
}

/// `api.protocol`: what every call of the API agrees on beyond its own parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Protocol {
    pub auth: Auth,
    /// Prefix of the request ids the API issues (`req_`).
    pub request_id_prefix: String,
    pub idempotency: Option<Idempotency>,
    pub query_arrays: QueryArrays,
    pub errors: ErrorShape,
}

/// How a request carries the API key.
#[derive(Debug, Clone, PartialEq)]
pub struct Auth {
    pub header: String,
    /// Empty: the header holds the key alone.
    pub scheme: String,
    pub key_prefix: String,
}

/// The idempotency header and the methods that carry it.
#[derive(Debug, Clone, PartialEq)]
pub struct Idempotency {
    pub header: String,
    pub methods: Vec<Method>,
}

/// How a list argument goes in a query string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryArrays {
    Comma,
    Repeated,
    Brackets,
}

impl QueryArrays {
    pub const ALL: [QueryArrays; 3] = [
        QueryArrays::Comma,
        QueryArrays::Repeated,
        QueryArrays::Brackets,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QueryArrays::Comma => "comma",
            QueryArrays::Repeated => "repeated",
            QueryArrays::Brackets => "brackets",
        }
    }

    /// The variant name in `actionspec_runtime::QueryArrays`.
    pub fn variant(self) -> &'static str {
        match self {
            QueryArrays::Comma => "Comma",
            QueryArrays::Repeated => "Repeated",
            QueryArrays::Brackets => "Brackets",
        }
    }
}

/// Where an error body keeps its message, code and field errors, and the emulator's answers.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorShape {
    /// Fields that may hold the message, first present wins.
    pub message: Vec<String>,
    pub code: Vec<String>,
    pub field_errors: Option<FieldErrors>,
    pub answers: ErrorAnswers,
}

/// The array of field errors and the keys of its items.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldErrors {
    pub list: String,
    pub field: String,
    pub code: String,
    pub message: String,
}

/// A code and a message template.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorAnswer {
    pub code: String,
    pub message: String,
}

/// The generic answers an emulator gives, as the API words them.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorAnswers {
    pub not_found: ErrorAnswer,
    pub not_found_id_field: Option<String>,
    pub no_route: ErrorAnswer,
    pub bad_request: ErrorAnswer,
    pub validation: ErrorAnswer,
    pub missing_code: String,
    pub invalid_code: String,
    pub unauthorized: ErrorAnswer,
    pub rate_limited: ErrorAnswer,
    pub idempotency_conflict: ErrorAnswer,
    pub server_error: ErrorAnswer,
    pub unavailable: ErrorAnswer,
}

/// `api.pagination.order`: the parameter ordering a list, and its value for ascending order.
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    pub param: String,
    pub ascending: String,
}
