//! A small hand-written catalog covering every shape the engine must handle.

use actionspec_runtime::descriptor::*;

const NO_LIMITS: Limits = Limits {
    min: None,
    max: None,
    min_length: None,
    max_length: None,
    min_items: None,
    max_items: None,
    key_max_length: None,
    value_max_length: None,
};

const fn param(
    name: &'static str,
    location: Location,
    ty: TypeRef,
    required: bool,
) -> ParamDescriptor {
    ParamDescriptor {
        name,
        location,
        ty,
        required,
        doc: "",
        limits: NO_LIMITS,
    }
}

const fn limited(mut param: ParamDescriptor, limits: Limits) -> ParamDescriptor {
    param.limits = limits;
    param
}

static THING: TypeRef = TypeRef::Model("Thing");

pub static API: ApiDescriptor = ApiDescriptor {
    name: "Test",
    default_base_url: "https://api.invalid",
    api_key_env: "ACTIONSPEC_RUNTIME_TEST_KEY",
    base_url_env: "ACTIONSPEC_RUNTIME_TEST_BASE_URL",
    request_id_header: "X-Request-ID",
    action_prefix: "test_",
    pagination: PaginationDescriptor {
        cursor_param: "after",
        limit_param: "limit",
        items_field: "data",
        next_cursor: &["list_metadata", "after"],
    },
    // Sorted by name.
    actions: &[
        &BATCHES_RUN,
        &EXPORT_CREATE,
        &THING_ARCHIVE,
        &THING_CREATE,
        &THING_DELETE,
        &THING_GET,
        &THING_PATCH,
        &THING_SEND,
        &THING_UPDATE,
        &THINGS_LIST,
    ],
    models: &[&PART, &THING_MODEL],
    enums: &[&THING_KIND],
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
    params: &[param("id", Location::Path, TypeRef::String, true)],
    constraints: &[],
    returns: Returns::One(&THING),
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
        param(
            "tags",
            Location::Query,
            TypeRef::List(&TypeRef::String),
            false,
        ),
        param("kind", Location::Query, TypeRef::Enum("ThingKind"), false),
        param("created_after", Location::Query, TypeRef::Timestamp, false),
        limited(
            param("limit", Location::Query, TypeRef::Integer, false),
            Limits {
                min: Some(1.0),
                max: Some(100.0),
                ..NO_LIMITS
            },
        ),
        param("after", Location::Query, TypeRef::String, false),
    ],
    constraints: &[],
    returns: Returns::Page(&THING),
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
        limited(
            param("name", Location::Body, TypeRef::String, true),
            Limits {
                min_length: Some(1),
                max_length: Some(10),
                ..NO_LIMITS
            },
        ),
        param("kind", Location::Body, TypeRef::Enum("ThingKind"), false),
        limited(
            param(
                "metadata",
                Location::Body,
                TypeRef::Map(&TypeRef::String),
                false,
            ),
            Limits {
                max_items: Some(2),
                key_max_length: Some(5),
                value_max_length: Some(8),
                ..NO_LIMITS
            },
        ),
        param(
            "parts",
            Location::Body,
            TypeRef::List(&TypeRef::Model("Part")),
            false,
        ),
        param("password", Location::Body, TypeRef::String, false),
        param("password_hash", Location::Body, TypeRef::String, false),
        param("password_hash_type", Location::Body, TypeRef::String, false),
        param("size", Location::Body, TypeRef::Integer, false),
    ],
    constraints: &[
        Constraint::AtMostOne(&["password", "password_hash"]),
        Constraint::Together(&["password_hash", "password_hash_type"]),
    ],
    returns: Returns::One(&THING),
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
        param("id", Location::Path, TypeRef::String, true),
        param("to", Location::Body, TypeRef::String, false),
    ],
    constraints: &[Constraint::ExactlyOne(&["to"])],
    returns: Returns::One(&TypeRef::Json),
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
        param("id", Location::Path, TypeRef::String, true),
        param("name", Location::Body, TypeRef::String, false),
    ],
    constraints: &[],
    returns: Returns::One(&THING),
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
        param("id", Location::Path, TypeRef::String, true),
        param("name", Location::Body, TypeRef::String, false),
    ],
    constraints: &[],
    returns: Returns::One(&THING),
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
    params: &[param("id", Location::Path, TypeRef::String, true)],
    constraints: &[],
    returns: Returns::Nothing,
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
    params: &[param("id", Location::Path, TypeRef::String, true)],
    constraints: &[],
    returns: Returns::Nothing,
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
    params: &[param("after", Location::Query, TypeRef::String, false)],
    constraints: &[],
    returns: Returns::Page(&TypeRef::Json),
};

pub static THING_MODEL: ModelDescriptor = ModelDescriptor {
    name: "Thing",
    doc: "",
    object: Some("thing"),
    id_prefix: Some("thing_"),
    fields: &[
        FieldDescriptor {
            name: "id",
            ty: TypeRef::String,
            required: true,
            nullable: false,
            doc: "",
            limits: NO_LIMITS,
        },
        FieldDescriptor {
            name: "name",
            ty: TypeRef::String,
            required: true,
            nullable: false,
            doc: "",
            limits: NO_LIMITS,
        },
        FieldDescriptor {
            name: "kind",
            ty: TypeRef::Enum("ThingKind"),
            required: false,
            nullable: true,
            doc: "",
            limits: NO_LIMITS,
        },
    ],
};

pub static PART: ModelDescriptor = ModelDescriptor {
    name: "Part",
    doc: "",
    object: None,
    id_prefix: None,
    fields: &[
        FieldDescriptor {
            name: "label",
            ty: TypeRef::String,
            required: true,
            nullable: false,
            doc: "",
            limits: Limits {
                max_length: Some(4),
                ..NO_LIMITS
            },
        },
        FieldDescriptor {
            name: "count",
            ty: TypeRef::Integer,
            required: false,
            nullable: false,
            doc: "",
            limits: Limits {
                min: Some(1.0),
                ..NO_LIMITS
            },
        },
        FieldDescriptor {
            name: "kind",
            ty: TypeRef::Enum("ThingKind"),
            required: false,
            nullable: true,
            doc: "",
            limits: NO_LIMITS,
        },
    ],
};

pub static THING_KIND: EnumDescriptor = EnumDescriptor {
    name: "ThingKind",
    doc: "",
    values: &["big", "small"],
};
