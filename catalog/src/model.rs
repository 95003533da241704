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
}

/// `api.events`: the list action serving the event stream, and the fields of an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Events {
    pub action: String,
    pub type_field: String,
    pub data_field: String,
}

/// How list actions page.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub cursor_param: String,
    pub limit_param: String,
    pub items_field: String,
    /// `list_metadata.after` split on dots.
    pub next_cursor: Vec<String>,
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
}

/// A growing set of strings.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub name: String,
    pub doc: Option<String>,
    pub values: Vec<String>,
}
