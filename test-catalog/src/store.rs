//! A catalog for a server that stores what it is sent: ids and timestamps, defaults, filters
//! (one through another model), a nested list with its own default page size, a reference that
//! cascades on delete, events, and an action only a custom handler serves.

use actionspec_runtime::descriptor::*;

use crate::{KIND, PAGINATION, PROTOCOL, STRING_LIST, THING_MODEL};

static THING: TypeRef = TypeRef::Model("Thing");
static PART: TypeRef = TypeRef::Model("Part");
static EVENT: TypeRef = TypeRef::Model("Event");

// One line per action reads better here than a struct literal of twelve fields each.
#[allow(clippy::too_many_arguments)]
const fn action(
    name: &'static str,
    operation: Operation,
    method: Method,
    path: &'static str,
    status: u16,
    params: &'static [ParamDescriptor],
    returns: Returns,
    emits: Option<&'static str>,
    filters: &'static [FilterDescriptor],
) -> ActionDescriptor {
    ActionDescriptor {
        name,
        summary: "",
        description: "",
        resource: "thing",
        operation,
        access: if matches!(method, Method::Get) {
            Access::Read
        } else {
            Access::Write
        },
        destructive: matches!(method, Method::Delete),
        idempotent: !matches!(method, Method::Post),
        endpoint: Endpoint::Http {
            method,
            path,
            success_status: status,
        },
        params,
        constraints: &[],
        returns,
        emits,
        filters,
        agents: AgentAccess::Offered,
    }
}

/// The pagination parameters of a list with no others.
static PAGE_PARAMS: [ParamDescriptor; 4] = [
    ParamDescriptor::query("limit", TypeRef::Integer).limits(Limits::NONE.min(1.0).max(100.0)),
    ParamDescriptor::query("after", TypeRef::String),
    ParamDescriptor::query("before", TypeRef::String),
    ParamDescriptor::query("order", TypeRef::String),
];

pub static THINGS_LIST: ActionDescriptor = action(
    "t_things_list",
    Operation::List,
    Method::Get,
    "/things",
    200,
    &[
        ParamDescriptor::query("search", TypeRef::String),
        ParamDescriptor::query("tags", STRING_LIST),
        ParamDescriptor::query("part_label", TypeRef::String),
        ParamDescriptor::query("limit", TypeRef::Integer).limits(Limits::NONE.min(1.0).max(100.0)),
        ParamDescriptor::query("after", TypeRef::String),
        ParamDescriptor::query("before", TypeRef::String),
        ParamDescriptor::query("order", TypeRef::String),
    ],
    Returns::Page(&THING),
    None,
    &[
        FilterDescriptor {
            param: "search",
            fields: &["name"],
            matching: FilterMatch::Contains,
            via: None,
        },
        FilterDescriptor {
            param: "tags",
            fields: &["tags[]"],
            matching: FilterMatch::Equals,
            via: None,
        },
        FilterDescriptor {
            param: "part_label",
            fields: &["label"],
            matching: FilterMatch::Equals,
            via: Some(FilterVia {
                model: "Part",
                link: "thing_id",
            }),
        },
    ],
);
pub static THING_GET: ActionDescriptor = action(
    "t_thing_get",
    Operation::Get,
    Method::Get,
    "/things/{id}",
    200,
    &[ParamDescriptor::path("id", TypeRef::String)],
    Returns::One(&THING),
    None,
    &[],
);
pub static THING_CREATE: ActionDescriptor = action(
    "t_thing_create",
    Operation::Create,
    Method::Post,
    "/things",
    201,
    &[
        ParamDescriptor::body("name", TypeRef::String)
            .required()
            .limits(Limits::NONE.max_length(10)),
        ParamDescriptor::body("tags", STRING_LIST),
    ],
    Returns::One(&THING),
    Some("thing.created"),
    &[],
);
pub static THING_DELETE: ActionDescriptor = action(
    "t_thing_delete",
    Operation::Delete,
    Method::Delete,
    "/things/{id}",
    204,
    &[ParamDescriptor::path("id", TypeRef::String)],
    Returns::Nothing,
    Some("thing.deleted"),
    &[],
);
pub static THING_POKE: ActionDescriptor = action(
    "t_thing_poke",
    Operation::Other,
    Method::Post,
    "/things/{id}/poke",
    200,
    &[ParamDescriptor::path("id", TypeRef::String)],
    Returns::One(&THING),
    None,
    &[],
);
pub static PARTS_LIST: ActionDescriptor = ActionDescriptor {
    resource: "part",
    ..action(
        "t_parts_list",
        Operation::List,
        Method::Get,
        "/things/{id}/parts",
        200,
        &[
            ParamDescriptor::path("id", TypeRef::String),
            // The catalog's default page size is the emulator's.
            ParamDescriptor::query("limit", TypeRef::Integer).default("2"),
        ],
        Returns::Page(&PART),
        None,
        &[FilterDescriptor {
            param: "id",
            fields: &["thing_id"],
            matching: FilterMatch::Equals,
            via: None,
        }],
    )
};
pub static PART_CREATE: ActionDescriptor = ActionDescriptor {
    resource: "part",
    ..action(
        "t_part_create",
        Operation::Create,
        Method::Post,
        "/parts",
        201,
        &[
            ParamDescriptor::body("thing_id", TypeRef::String).required(),
            ParamDescriptor::body("label", TypeRef::String).required(),
        ],
        Returns::One(&PART),
        None,
        &[],
    )
};
pub static EVENTS_LIST: ActionDescriptor = ActionDescriptor {
    resource: "event",
    ..action(
        "t_events_list",
        Operation::List,
        Method::Get,
        "/events",
        200,
        &PAGE_PARAMS,
        Returns::Page(&EVENT),
        None,
        &[],
    )
};

pub static PART_MODEL: ModelDescriptor = ModelDescriptor {
    name: "Part",
    doc: "",
    object: Some("part"),
    id_prefix: Some("part_"),
    fields: &[
        FieldDescriptor::new("id", TypeRef::String),
        FieldDescriptor::new("thing_id", TypeRef::String),
        FieldDescriptor::new("label", TypeRef::String),
    ],
    references: &[ReferenceDescriptor {
        field: "thing_id",
        model: "Thing",
        on_delete: OnDelete::Cascade,
    }],
};
pub static EVENT_MODEL: ModelDescriptor = ModelDescriptor {
    name: "Event",
    doc: "",
    object: Some("event"),
    id_prefix: Some("event_"),
    fields: &[
        FieldDescriptor::new("id", TypeRef::String),
        FieldDescriptor::new("kind", TypeRef::String),
        FieldDescriptor::new("about", TypeRef::Json),
        FieldDescriptor::new("created_at", TypeRef::Timestamp),
    ],
    references: &[],
};

/// The table: `t_` actions over things, their parts (deleted with them) and the events both make.
pub static API: ApiDescriptor = ApiDescriptor {
    name: "Test",
    default_base_url: "https://api.invalid",
    api_key_env: "T_KEY",
    base_url_env: "T_URL",
    request_id_header: "X-Request-ID",
    action_prefix: "t_",
    pagination: PAGINATION,
    // Sorted by name.
    actions: &[
        &EVENTS_LIST,
        &PART_CREATE,
        &PARTS_LIST,
        &THING_CREATE,
        &THING_DELETE,
        &THING_GET,
        &THING_POKE,
        &THINGS_LIST,
    ],
    models: &[&EVENT_MODEL, &PART_MODEL, &THING_MODEL],
    enums: &[&KIND],
    events: Some(EventsDescriptor {
        action: "t_events_list",
        type_field: "kind",
        data_field: "about",
    }),
    webhooks: None,
    protocol: PROTOCOL,
};
