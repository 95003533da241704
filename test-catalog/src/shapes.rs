//! Every shape a client must handle: path, query and body arguments, limits, constraints, nested
//! models, maps, free JSON, pages, an unavailable endpoint, a POST that only reads, secret
//! answer fields, an action withheld from agents.

use actionspec_runtime::descriptor::*;

use crate::{KIND, PAGINATION, PROTOCOL, THING_MODEL};

static THING: TypeRef = TypeRef::Model("Thing");

/// The table: its own environment variables, `test_` actions.
pub static API: ApiDescriptor = ApiDescriptor {
    name: "Test",
    default_base_url: "https://api.invalid",
    api_key_env: "ACTIONSPEC_TEST_KEY",
    base_url_env: "ACTIONSPEC_TEST_BASE_URL",
    request_id_header: "X-Request-ID",
    action_prefix: "test_",
    pagination: PAGINATION,
    // Sorted by name.
    actions: &[
        &BATCHES_RUN,
        &CREDENTIAL_CREATE,
        &CREDENTIAL_VERIFY,
        &CREDENTIALS_LIST,
        &EXPORT_CREATE,
        &THING_ARCHIVE,
        &THING_CREATE,
        &THING_DELETE,
        &THING_GET,
        &THING_PATCH,
        &THING_SEND,
        &THING_UPDATE,
        &THINGS_LIST,
        &WIDGET_CREATE,
    ],
    models: &[
        &CREDENTIAL,
        &CREDENTIAL_VERSION,
        &PART,
        &THING_MODEL,
        &WIDGET,
    ],
    enums: &[&KIND],
    events: None,
    webhooks: None,
    protocol: PROTOCOL,
};

pub static THING_GET: ActionDescriptor = ActionDescriptor {
    name: "test_thing_get",
    summary: "Get a thing",
    description: "",
    resource: "thing",
    operation: Operation::Get,
    access: Access::Read,
    destructive: false,
    idempotent: true,
    endpoint: Endpoint::Http {
        method: Method::Get,
        path: "/things/{id}",
        success_status: 200,
    },
    params: &[ParamDescriptor::path("id", TypeRef::String)],
    constraints: &[],
    returns: Returns::One(&THING),
    emits: None,
    filters: &[],
    agents: AgentAccess::Offered,
};

pub static THINGS_LIST: ActionDescriptor = ActionDescriptor {
    name: "test_things_list",
    summary: "List things",
    description: "",
    resource: "thing",
    operation: Operation::List,
    access: Access::Read,
    destructive: false,
    idempotent: true,
    endpoint: Endpoint::Http {
        method: Method::Get,
        path: "/things",
        success_status: 200,
    },
    params: &[
        ParamDescriptor::query("tags", TypeRef::List(&TypeRef::String)),
        ParamDescriptor::query("kind", TypeRef::Enum("Kind")),
        ParamDescriptor::query("created_after", TypeRef::Timestamp),
        ParamDescriptor::query("limit", TypeRef::Integer).limits(Limits::NONE.min(1.0).max(100.0)),
        ParamDescriptor::query("after", TypeRef::String),
    ],
    constraints: &[],
    returns: Returns::Page(&THING),
    emits: None,
    filters: &[],
    agents: AgentAccess::Offered,
};

pub static THING_CREATE: ActionDescriptor = ActionDescriptor {
    name: "test_thing_create",
    summary: "Create a thing",
    description: "",
    resource: "thing",
    operation: Operation::Create,
    access: Access::Write,
    destructive: false,
    idempotent: false,
    endpoint: Endpoint::Http {
        method: Method::Post,
        path: "/things",
        success_status: 201,
    },
    params: &[
        ParamDescriptor::body("name", TypeRef::String)
            .required()
            .limits(Limits::NONE.min_length(1).max_length(10)),
        ParamDescriptor::body("kind", TypeRef::Enum("Kind")),
        ParamDescriptor::body("metadata", TypeRef::Map(&TypeRef::String)).limits(
            Limits::NONE
                .max_items(2)
                .key_max_length(5)
                .value_max_length(8),
        ),
        ParamDescriptor::body("parts", TypeRef::List(&TypeRef::Model("Part"))),
        ParamDescriptor::body("password", TypeRef::String),
        ParamDescriptor::body("password_hash", TypeRef::String),
        ParamDescriptor::body("password_hash_type", TypeRef::String),
        ParamDescriptor::body("size", TypeRef::Integer),
    ],
    constraints: &[
        Constraint::AtMostOne(&["password", "password_hash"]),
        Constraint::Together(&["password_hash", "password_hash_type"]),
    ],
    returns: Returns::One(&THING),
    emits: None,
    filters: &[],
    agents: AgentAccess::Offered,
};

/// A POST the server deduplicates: safe to retry after a 5xx or a timeout.
pub static THING_SEND: ActionDescriptor = ActionDescriptor {
    name: "test_thing_send",
    summary: "Send a thing",
    description: "",
    resource: "thing",
    operation: Operation::Other,
    access: Access::Write,
    destructive: false,
    idempotent: true,
    endpoint: Endpoint::Http {
        method: Method::Post,
        path: "/things/{id}/send",
        success_status: 200,
    },
    params: &[
        ParamDescriptor::path("id", TypeRef::String),
        ParamDescriptor::body("to", TypeRef::String),
    ],
    constraints: &[Constraint::ExactlyOne(&["to"])],
    returns: Returns::One(&TypeRef::Json),
    emits: None,
    filters: &[],
    agents: AgentAccess::Offered,
};

pub static THING_UPDATE: ActionDescriptor = ActionDescriptor {
    name: "test_thing_update",
    summary: "Update a thing",
    description: "",
    resource: "thing",
    operation: Operation::Update,
    access: Access::Write,
    destructive: false,
    idempotent: true,
    endpoint: Endpoint::Http {
        method: Method::Put,
        path: "/things/{id}",
        success_status: 200,
    },
    params: &[
        ParamDescriptor::path("id", TypeRef::String),
        ParamDescriptor::body("name", TypeRef::String),
    ],
    constraints: &[],
    returns: Returns::One(&THING),
    emits: None,
    filters: &[],
    agents: AgentAccess::Offered,
};

/// A PATCH the catalog does not call idempotent.
pub static THING_PATCH: ActionDescriptor = ActionDescriptor {
    name: "test_thing_patch",
    summary: "Patch a thing",
    description: "",
    resource: "thing",
    operation: Operation::Update,
    access: Access::Write,
    destructive: false,
    idempotent: false,
    endpoint: Endpoint::Http {
        method: Method::Patch,
        path: "/things/{id}",
        success_status: 200,
    },
    params: &[
        ParamDescriptor::path("id", TypeRef::String),
        ParamDescriptor::body("name", TypeRef::String),
    ],
    constraints: &[],
    returns: Returns::One(&THING),
    emits: None,
    filters: &[],
    agents: AgentAccess::Offered,
};

pub static THING_DELETE: ActionDescriptor = ActionDescriptor {
    name: "test_thing_delete",
    summary: "Delete a thing",
    description: "",
    resource: "thing",
    operation: Operation::Delete,
    access: Access::Write,
    destructive: true,
    idempotent: true,
    endpoint: Endpoint::Http {
        method: Method::Delete,
        path: "/things/{id}",
        success_status: 204,
    },
    params: &[ParamDescriptor::path("id", TypeRef::String)],
    constraints: &[],
    returns: Returns::Nothing,
    emits: None,
    filters: &[],
    agents: AgentAccess::Offered,
};

pub static THING_ARCHIVE: ActionDescriptor = ActionDescriptor {
    name: "test_thing_archive",
    summary: "Archive a thing",
    description: "",
    resource: "thing",
    operation: Operation::Other,
    access: Access::Write,
    destructive: false,
    idempotent: false,
    endpoint: Endpoint::Unavailable {
        reason: "the API has no archive endpoint",
        alternatives: &["test_thing_delete", "test_thing_update"],
    },
    params: &[ParamDescriptor::path("id", TypeRef::String)],
    constraints: &[],
    returns: Returns::Nothing,
    emits: None,
    filters: &[],
    agents: AgentAccess::Offered,
};

/// A POST that changes no data (like an export request): a read.
pub static EXPORT_CREATE: ActionDescriptor = ActionDescriptor {
    name: "test_export_create",
    summary: "Start an export",
    description: "",
    resource: "export",
    operation: Operation::Create,
    access: Access::Read,
    destructive: false,
    idempotent: false,
    endpoint: Endpoint::Http {
        method: Method::Post,
        path: "/exports",
        success_status: 201,
    },
    params: &[],
    constraints: &[],
    returns: Returns::One(&TypeRef::Json),
    emits: None,
    filters: &[],
    agents: AgentAccess::Offered,
};

/// A list action that writes, so that the write policy can be tested on pages and streams.
pub static BATCHES_RUN: ActionDescriptor = ActionDescriptor {
    name: "test_batches_run",
    summary: "Run batches and list what ran",
    description: "",
    resource: "batch",
    operation: Operation::Other,
    access: Access::Write,
    destructive: true,
    idempotent: false,
    endpoint: Endpoint::Http {
        method: Method::Post,
        path: "/batches",
        success_status: 200,
    },
    params: &[ParamDescriptor::query("after", TypeRef::String)],
    constraints: &[],
    returns: Returns::Page(&TypeRef::Json),
    emits: None,
    filters: &[],
    agents: AgentAccess::Offered,
};

pub static PART: ModelDescriptor = ModelDescriptor {
    name: "Part",
    doc: "",
    object: None,
    id_prefix: None,
    fields: &[
        FieldDescriptor::new("label", TypeRef::String).limits(Limits::NONE.max_length(4)),
        FieldDescriptor::new("count", TypeRef::Integer)
            .optional()
            .limits(Limits::NONE.min(1.0)),
        FieldDescriptor::new("kind", TypeRef::Enum("Kind"))
            .optional()
            .nullable(),
    ],
    references: &[],
};

/// Arguments a tool schema must translate: a map, free JSON, a default, a list of free JSON.
pub static WIDGET_CREATE: ActionDescriptor = ActionDescriptor {
    name: "test_widget_create",
    summary: "Create a widget",
    description: "",
    resource: "widget",
    operation: Operation::Create,
    access: Access::Write,
    destructive: false,
    idempotent: false,
    endpoint: Endpoint::Http {
        method: Method::Post,
        path: "/widgets",
        success_status: 201,
    },
    params: &[
        ParamDescriptor::body("name", TypeRef::String)
            .required()
            .limits(Limits::NONE.max_length(10)),
        ParamDescriptor::body("labels", TypeRef::Map(&TypeRef::String)),
        ParamDescriptor::body("extra", TypeRef::Json),
        ParamDescriptor::body("size", TypeRef::Integer).default("3"),
        ParamDescriptor::body("values", TypeRef::List(&TypeRef::Json)),
    ],
    constraints: &[],
    returns: Returns::One(&TypeRef::Model("Widget")),
    emits: None,
    filters: &[],
    agents: AgentAccess::Offered,
};

/// A model whose only optional field a result schema must not require.
pub static WIDGET: ModelDescriptor = ModelDescriptor {
    name: "Widget",
    doc: "A widget.",
    object: None,
    id_prefix: None,
    fields: &[
        FieldDescriptor::new("id", TypeRef::String),
        FieldDescriptor::new("note", TypeRef::String).optional(),
    ],
    references: &[],
};

static CREDENTIAL_TYPE: TypeRef = TypeRef::Model("Credential");
static CREDENTIAL_VERSION_TYPE: TypeRef = TypeRef::Model("CredentialVersion");

/// An answer holding secrets: a string, a list and a map of them, and a model holding one,
/// nested (nullable, and in a list). No model holds itself: tool schemas inline models.
pub static CREDENTIAL: ModelDescriptor = ModelDescriptor {
    name: "Credential",
    doc: "A credential, shown once.",
    object: None,
    id_prefix: Some("cred_"),
    fields: &[
        FieldDescriptor::new("id", TypeRef::String),
        FieldDescriptor::new("value", TypeRef::String).secret(),
        FieldDescriptor::new("recovery_codes", TypeRef::List(&TypeRef::String))
            .optional()
            .nullable()
            .secret(),
        FieldDescriptor::new("hints", TypeRef::Map(&TypeRef::String))
            .optional()
            .secret(),
        FieldDescriptor::new("previous", CREDENTIAL_VERSION_TYPE)
            .optional()
            .nullable(),
        FieldDescriptor::new("others", TypeRef::List(&CREDENTIAL_VERSION_TYPE)).optional(),
    ],
    references: &[],
};

/// An earlier value of a credential, nested in it.
pub static CREDENTIAL_VERSION: ModelDescriptor = ModelDescriptor {
    name: "CredentialVersion",
    doc: "",
    object: None,
    id_prefix: None,
    fields: &[
        FieldDescriptor::new("id", TypeRef::String),
        FieldDescriptor::new("value", TypeRef::String).secret(),
    ],
    references: &[],
};

/// Answers a secret once.
pub static CREDENTIAL_CREATE: ActionDescriptor = ActionDescriptor {
    name: "test_credential_create",
    summary: "Create a credential",
    description: "",
    resource: "credential",
    operation: Operation::Create,
    access: Access::Write,
    destructive: false,
    idempotent: false,
    endpoint: Endpoint::Http {
        method: Method::Post,
        path: "/credentials",
        success_status: 201,
    },
    params: &[ParamDescriptor::body("label", TypeRef::String)],
    constraints: &[],
    returns: Returns::One(&CREDENTIAL_TYPE),
    emits: None,
    filters: &[],
    agents: AgentAccess::Offered,
};

/// Pages of secrets.
pub static CREDENTIALS_LIST: ActionDescriptor = ActionDescriptor {
    name: "test_credentials_list",
    summary: "List credentials",
    description: "",
    resource: "credential",
    operation: Operation::List,
    access: Access::Read,
    destructive: false,
    idempotent: true,
    endpoint: Endpoint::Http {
        method: Method::Get,
        path: "/credentials",
        success_status: 200,
    },
    params: &[
        ParamDescriptor::query("limit", TypeRef::Integer).limits(Limits::NONE.min(1.0).max(100.0)),
        ParamDescriptor::query("after", TypeRef::String),
    ],
    constraints: &[],
    returns: Returns::Page(&CREDENTIAL_TYPE),
    emits: None,
    filters: &[],
    agents: AgentAccess::Offered,
};

/// Takes a person's one-time code: callable by a program, offered to no agent.
pub static CREDENTIAL_VERIFY: ActionDescriptor = ActionDescriptor {
    name: "test_credential_verify",
    summary: "Verify a one-time code",
    description: "",
    resource: "credential",
    operation: Operation::Other,
    access: Access::Read,
    destructive: false,
    idempotent: true,
    endpoint: Endpoint::Http {
        method: Method::Post,
        path: "/credentials/{id}/verify",
        success_status: 200,
    },
    params: &[
        ParamDescriptor::path("id", TypeRef::String),
        ParamDescriptor::body("code", TypeRef::String).required(),
    ],
    constraints: &[],
    returns: Returns::Nothing,
    emits: None,
    filters: &[],
    agents: AgentAccess::Withheld {
        reason: "It takes a person's one-time code, which only their own sign-in sends.",
    },
};
