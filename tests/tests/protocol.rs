//! A catalog whose wire protocol is nothing like WorkOS's, end to end: served by the emulator,
//! called through the engine, offered and called over MCP. The key goes alone in `X-Api-Key`
//! with a `gk_` prefix; PATCH carries an idempotency key too, in `X-Idempotency-Token`; query
//! arrays repeat their name; lists are `{"results": [...], "paging": {"prev", "next"}}` without a
//! marker, paged by `page_after`/`page_before`/`per_page` and ordered by `sort=oldest`; errors
//! are `{"detail", "type", "invalid_params": [{"name", "reason", "detail"}]}`; request ids are
//! `gr-` and a ULID in `Request-Id`. Nothing in the runtime, the emulator or the agent names any
//! of it: it is all in the descriptor table below.

use std::sync::OnceLock;

use actionspec_agent::Surface;
use actionspec_agent::manifest::Writes;
use actionspec_agent::mcp::seal::Sealer;
use actionspec_agent::mcp::{ActionServer, Mode, engine_policy};
use actionspec_emulator::{Emulator, Failure, InvalidField, Running};
use actionspec_runtime::descriptor::*;
use actionspec_runtime::{CallOptions, Engine, Error, Page};
use futures::TryStreamExt;
use rmcp::ServiceExt;
use rmcp::model::CallToolRequestParams;
use serde_json::{Value, json};

const KEY: &str = "gk_test_key";

static GADGET: TypeRef = TypeRef::Model("Gadget");
static STRINGS: TypeRef = TypeRef::List(&TypeRef::String);

const fn action(
    name: &'static str,
    operation: Operation,
    method: Method,
    path: &'static str,
    params: &'static [ParamDescriptor],
    returns: Returns,
    filters: &'static [FilterDescriptor],
) -> ActionDescriptor {
    ActionDescriptor {
        name,
        summary: "A gadget action",
        description: "",
        resource: "gadget",
        operation,
        access: if matches!(method, Method::Get) {
            Access::Read
        } else {
            Access::Write
        },
        destructive: false,
        idempotent: matches!(method, Method::Get),
        endpoint: Endpoint::Http {
            method,
            path,
            success_status: if matches!(method, Method::Post) {
                201
            } else {
                200
            },
        },
        params,
        constraints: &[],
        returns,
        emits: None,
        filters,
        agents: AgentAccess::Offered,
    }
}

static GADGETS_LIST: ActionDescriptor = action(
    "g_gadgets_list",
    Operation::List,
    Method::Get,
    "/gadgets",
    &[
        ParamDescriptor::query("tags", STRINGS),
        ParamDescriptor::query("per_page", TypeRef::Integer)
            .limits(Limits::NONE.min(1.0).max(50.0))
            .default("3"),
        ParamDescriptor::query("page_after", TypeRef::String),
        ParamDescriptor::query("page_before", TypeRef::String),
        ParamDescriptor::query("sort", TypeRef::String),
    ],
    Returns::Page(&GADGET),
    &[FilterDescriptor {
        param: "tags",
        fields: &["tags[]"],
        matching: FilterMatch::Equals,
        via: None,
    }],
);
static GADGET_GET: ActionDescriptor = action(
    "g_gadget_get",
    Operation::Get,
    Method::Get,
    "/gadgets/{id}",
    &[ParamDescriptor::path("id", TypeRef::String)],
    Returns::One(&GADGET),
    &[],
);
static GADGET_CREATE: ActionDescriptor = action(
    "g_gadget_create",
    Operation::Create,
    Method::Post,
    "/gadgets",
    &[
        ParamDescriptor::body("name", TypeRef::String).required(),
        ParamDescriptor::body("tags", STRINGS),
    ],
    Returns::One(&GADGET),
    &[],
);
static GADGET_RENAME: ActionDescriptor = action(
    "g_gadget_rename",
    Operation::Update,
    Method::Patch,
    "/gadgets/{id}",
    &[
        ParamDescriptor::path("id", TypeRef::String),
        ParamDescriptor::body("name", TypeRef::String).required(),
    ],
    Returns::One(&GADGET),
    &[],
);

static GADGET_MODEL: ModelDescriptor = ModelDescriptor {
    name: "Gadget",
    doc: "",
    object: None,
    id_prefix: Some("gd_"),
    fields: &[
        FieldDescriptor::new("id", TypeRef::String),
        FieldDescriptor::new("name", TypeRef::String),
        FieldDescriptor::new("tags", STRINGS),
        FieldDescriptor::new("created_at", TypeRef::Timestamp),
    ],
    references: &[],
};

const fn answer(code: &'static str, message: &'static str) -> ErrorAnswer {
    ErrorAnswer { code, message }
}

static API: ApiDescriptor = ApiDescriptor {
    name: "Gadgets",
    default_base_url: "http://127.0.0.1:9",
    api_key_env: "GADGETS_TEST_KEY",
    base_url_env: "GADGETS_TEST_URL",
    request_id_header: "Request-Id",
    action_prefix: "g_",
    pagination: PaginationDescriptor {
        cursor_param: "page_after",
        before_param: Some("page_before"),
        limit_param: "per_page",
        order: Some(OrderDescriptor {
            param: "sort",
            ascending: "oldest",
        }),
        items_field: "results",
        marker: &[],
        next_cursor: &["paging", "next"],
        previous_cursor: Some(&["paging", "prev"]),
    },
    // Sorted by name.
    actions: &[&GADGET_CREATE, &GADGET_GET, &GADGET_RENAME, &GADGETS_LIST],
    models: &[&GADGET_MODEL],
    enums: &[],
    events: None,
    webhooks: None,
    protocol: ProtocolDescriptor {
        auth: AuthDescriptor {
            header: "X-Api-Key",
            scheme: "",
            key_prefix: "gk_",
        },
        request_id_prefix: "gr-",
        idempotency: Some(IdempotencyDescriptor {
            header: "X-Idempotency-Token",
            methods: &[Method::Post, Method::Patch],
        }),
        query_arrays: QueryArrays::Repeated,
        errors: ErrorShape {
            message: &["detail", "title"],
            code: &["type"],
            field_errors: Some(FieldErrorsShape {
                list: "invalid_params",
                field: "name",
                code: "reason",
                message: "detail",
            }),
            answers: ErrorAnswers {
                not_found: answer("not-found", "No {what} with id {id}."),
                not_found_id_field: None,
                no_route: answer("no-route", "Nothing here."),
                bad_request: answer("unreadable", "{problem}"),
                validation: answer("invalid-arguments", "{problems}"),
                missing_code: "absent",
                invalid_code: "wrong",
                unauthorized: answer("denied", "That key opens nothing."),
                rate_limited: answer("busy", "Busy."),
                idempotency_conflict: answer("key-reused", "That token went with another request."),
                server_error: answer("broken", "Broken."),
                unavailable: answer("away", "Away."),
            },
        },
    },
};

/// The emulator, once per test file; renaming to `forbidden` is refused with a field error.
fn running() -> &'static Running {
    static RUNNING: OnceLock<Running> = OnceLock::new();
    RUNNING.get_or_init(|| {
        Emulator::new(&API)
            .handler("g_gadget_rename", |store, call| {
                if call.str_arg("name") == Some("forbidden") {
                    let field = InvalidField {
                        field: Some("name".to_owned()),
                        missing: false,
                        message: "that name is taken".to_owned(),
                    };
                    return Err(Failure::invalid(422, "name: taken".to_owned(), vec![field]));
                }
                store.perform(call)
            })
            .start("127.0.0.1:0")
            .expect("the emulator starts")
    })
}

fn engine_with_key(key: &str) -> Engine {
    Engine::builder(&API)
        .api_key(key)
        .base_url(running().base_url())
        .max_retries(0)
        .build()
        .unwrap()
}

fn engine() -> Engine {
    engine_with_key(KEY)
}

fn api_error(error: &Error) -> &actionspec_runtime::ApiError {
    error
        .api_error()
        .unwrap_or_else(|| panic!("an API error, not {error}"))
}

async fn create(engine: &Engine, name: &str, tags: &[&str]) -> Value {
    engine
        .call_json("g_gadget_create", json!({"name": name, "tags": tags}))
        .await
        .unwrap()
}

#[tokio::test]
async fn keys_go_alone_in_their_header_and_only_the_prefix_opens() {
    let dry_run = engine()
        .dry_run_json("g_gadget_create", json!({"name": "a"}))
        .unwrap();
    let headers: Vec<(&str, &str)> = dry_run
        .headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    assert!(
        headers.contains(&("x-api-key", "<redacted>")),
        "{headers:?}"
    );
    assert!(
        headers
            .iter()
            .any(|(name, _)| *name == "x-idempotency-token"),
        "{headers:?}"
    );
    assert!(!headers.iter().any(|(name, _)| *name == "authorization"));

    let refused = engine_with_key("sk_not_ours")
        .call_json("g_gadget_get", json!({"id": "gd_x"}))
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::Unauthorized(_)), "{refused}");
    let said = api_error(&refused);
    assert_eq!(said.code.as_deref(), Some("denied"));
    assert_eq!(said.message, "That key opens nothing.");
    let request_id = said.request_id.as_deref().unwrap_or_default();
    assert!(
        request_id.starts_with("gr-") && request_id.len() == 3 + 26,
        "{request_id}"
    );
}

#[tokio::test]
async fn errors_are_read_where_the_protocol_keeps_them() {
    let engine = engine();
    let missing = engine
        .call_json("g_gadget_get", json!({"id": "gd_nope"}))
        .await
        .unwrap_err();
    assert!(matches!(missing, Error::NotFound(_)), "{missing}");
    let said = api_error(&missing);
    assert_eq!(said.code.as_deref(), Some("not-found"));
    assert_eq!(said.message, "No Gadget with id gd_nope.");

    // The emulator's own argument checks answer in the same shape.
    let answer = reqwest::Client::new()
        .post(format!("{}/gadgets", running().base_url()))
        .header("X-Api-Key", KEY)
        .json(&json!({"tags": "not a list"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 422);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["type"], "invalid-arguments", "{body}");
    let reasons: Vec<(&Value, &Value)> = body["invalid_params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| (&item["name"], &item["reason"]))
        .collect();
    assert!(
        reasons.contains(&(&json!("name"), &json!("absent"))),
        "{body}"
    );
    assert!(
        reasons.contains(&(&json!("tags"), &json!("wrong"))),
        "{body}"
    );
    assert!(
        body.get("message").is_none() && body.get("errors").is_none(),
        "{body}"
    );

    // A handler's field error reaches the caller's typed error.
    let gadget = create(&engine, "lamp", &[]).await;
    let refused = engine
        .call_json(
            "g_gadget_rename",
            json!({"id": gadget["id"], "name": "forbidden"}),
        )
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::Validation(_)), "{refused}");
    let said = api_error(&refused);
    assert_eq!(said.message, "name: taken");
    assert_eq!(said.errors.len(), 1);
    let field = &said.errors[0];
    assert_eq!(field.field.as_deref(), Some("name"));
    assert_eq!(field.code.as_deref(), Some("wrong"));
    assert_eq!(field.message.as_deref(), Some("that name is taken"));
}

#[tokio::test]
async fn idempotency_tokens_replay_and_refuse_on_the_methods_named() {
    let engine = engine();
    let keyed = engine.with_options(CallOptions::new().idempotency_key("token-create-1"));
    let first = create(&keyed, "first", &[]).await;
    let again = create(&keyed, "first", &[]).await;
    assert_eq!(
        first["id"], again["id"],
        "a replay answers the first answer"
    );
    let reused = keyed
        .call_json("g_gadget_create", json!({"name": "second"}))
        .await
        .unwrap_err();
    assert!(matches!(reused, Error::Conflict(_)), "{reused}");
    assert_eq!(api_error(&reused).code.as_deref(), Some("key-reused"));

    // PATCH carries a token too here, so reusing one for another rename is refused.
    let keyed = engine.with_options(CallOptions::new().idempotency_key("token-rename-1"));
    keyed
        .call_json("g_gadget_rename", json!({"id": first["id"], "name": "one"}))
        .await
        .unwrap();
    let reused = keyed
        .call_json("g_gadget_rename", json!({"id": first["id"], "name": "two"}))
        .await
        .unwrap_err();
    assert_eq!(api_error(&reused).code.as_deref(), Some("key-reused"));
}

#[tokio::test]
async fn lists_page_through_their_own_envelope_with_repeated_arrays() {
    let engine = engine();
    let tag = "listing";
    let mut made = Vec::new();
    for name in ["a", "b", "c", "d", "e"] {
        made.push(create(&engine, name, &[tag]).await);
    }
    // Arrays repeat their name: a comma is part of one item, not a separator. (`p,q` is this
    // test's own: the tests of this file share one emulator.)
    let comma = create(&engine, "comma", &["p,q"]).await;
    let only_comma = engine
        .page_json("g_gadgets_list", json!({"tags": ["p,q"]}))
        .await
        .unwrap();
    assert_eq!(only_comma.items.len(), 1);
    assert_eq!(only_comma.items[0]["id"], comma["id"]);
    let either = engine
        .page_json(
            "g_gadgets_list",
            json!({"tags": ["p,q", tag], "per_page": 50}),
        )
        .await
        .unwrap();
    assert_eq!(either.items.len(), 6);

    let first: Page<Value> = engine
        .page_json(
            "g_gadgets_list",
            json!({"tags": [tag], "sort": "oldest", "per_page": 2}),
        )
        .await
        .unwrap();
    let ids =
        |items: &[Value]| -> Vec<Value> { items.iter().map(|item| item["id"].clone()).collect() };
    let made_ids = ids(&made);
    assert_eq!(ids(&first.items), made_ids[..2]);
    assert_eq!(
        first.next_cursor.as_ref(),
        made_ids[1].as_str().map(str::to_owned).as_ref()
    );
    assert!(
        first.envelope.get("object").is_none(),
        "no marker: {:?}",
        first.envelope
    );
    assert_eq!(first.envelope["paging"]["prev"], Value::Null);
    assert!(
        first
            .request_id
            .as_deref()
            .is_some_and(|id| id.starts_with("gr-"))
    );

    // The stream follows `paging.next` through `page_after`, oldest first.
    let streamed: Vec<Value> = engine
        .stream_json(
            "g_gadgets_list",
            json!({"tags": [tag], "sort": "oldest", "per_page": 2}),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&streamed), made_ids);

    // Newest first without `sort`; the default page size is the catalog's.
    let newest = engine
        .page_json("g_gadgets_list", json!({"tags": [tag]}))
        .await
        .unwrap();
    let mut reversed = made_ids.clone();
    reversed.reverse();
    assert_eq!(ids(&newest.items), reversed[..3]);

    // `page_before` goes back from a cursor.
    let before = engine
        .page_json(
            "g_gadgets_list",
            json!({"tags": [tag], "sort": "oldest", "page_before": made_ids[3], "per_page": 2}),
        )
        .await
        .unwrap();
    assert_eq!(ids(&before.items), made_ids[1..3]);
    assert_eq!(before.envelope["paging"]["prev"], made_ids[1]);
}

#[tokio::test]
async fn mcp_offers_and_calls_the_catalog_through_its_protocol() {
    let surface = Surface {
        api: &API,
        program: "gadgets",
        version: "0.0.0",
        mcp_token_env: "GADGETS_TEST_MCP_TOKEN",
        key_alternatives: &[],
    };
    let engine = Engine::builder(&API)
        .api_key(KEY)
        .base_url(running().base_url())
        .write_policy(engine_policy(Writes::Allow))
        .build()
        .unwrap();
    let actions = API.actions.to_vec();
    let server = ActionServer::new(
        surface,
        engine.clone(),
        Writes::Allow,
        Mode::PerAction,
        actions,
        Sealer::random(),
    );
    let (client_io, server_io) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
        if let Ok(running) = server.serve(tokio::io::split(server_io)).await {
            let _ = running.waiting().await;
        }
    });
    let client = ().serve(tokio::io::split(client_io)).await.expect("initialize");

    let tools = client.list_all_tools().await.unwrap();
    let mut names: Vec<&str> = tools.iter().map(|tool| tool.name.as_ref()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "g_gadget_create",
            "g_gadget_get",
            "g_gadget_rename",
            "g_gadgets_list"
        ]
    );

    let tag = "over-mcp";
    let arguments = |value: Value| match value {
        Value::Object(map) => map,
        _ => unreachable!(),
    };
    let made = client
        .call_tool(
            CallToolRequestParams::new("g_gadget_create")
                .with_arguments(arguments(json!({"name": "via mcp", "tags": [tag, "x,y"]}))),
        )
        .await
        .unwrap();
    assert_ne!(made.is_error, Some(true), "{made:?}");
    let listed = client
        .call_tool(
            CallToolRequestParams::new("g_gadgets_list")
                .with_arguments(arguments(json!({"tags": [tag]}))),
        )
        .await
        .unwrap();
    let listed = listed.structured_content.expect("a structured result");
    assert_eq!(listed["results"][0]["name"], "via mcp", "{listed}");
    assert_eq!(
        listed["results"][0]["tags"],
        json!([tag, "x,y"]),
        "{listed}"
    );
    assert_eq!(listed["paging"]["next"], Value::Null, "{listed}");

    let missing = client
        .call_tool(
            CallToolRequestParams::new("g_gadget_get")
                .with_arguments(arguments(json!({"id": "gd_gone"}))),
        )
        .await
        .unwrap();
    assert_eq!(missing.is_error, Some(true));
    let text = serde_json::to_string(&missing).unwrap();
    assert!(text.contains("No Gadget with id gd_gone."), "{text}");
    assert!(!text.contains(KEY), "the key leaked: {text}");
    client.cancel().await.unwrap();
}
