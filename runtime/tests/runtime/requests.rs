//! What goes on the wire, what comes back as errors, configuration, and secrecy of the key.

use actionspec_runtime::{CallOptions, Engine, Error, WritePolicy};
use serde_json::{Value, json};

use crate::support::{KEY, Reply, Server};
use actionspec_test_catalog::shapes::*;

#[tokio::test]
async fn path_ids_are_one_segment_each() {
    let server = Server::script(vec![Reply::json(200, json!({"id": "x", "name": "n"}))]).await;
    let engine = server.engine();
    let cases = [
        ("thing_01H", "/things/thing_01H"),
        ("../x", "/things/..%2Fx"),
        ("a/b", "/things/a%2Fb"),
        ("a?b=c", "/things/a%3Fb%3Dc"),
        ("a#frag", "/things/a%23frag"),
        ("%2F", "/things/%252F"),
        ("ünï ço", "/things/%C3%BCn%C3%AF%20%C3%A7o"),
        ("...", "/things/..."),
    ];
    for (id, _) in &cases {
        let _: Value = engine.call(&THING_GET, &json!({"id": id})).await.unwrap();
    }
    let targets: Vec<String> = server
        .requests()
        .into_iter()
        .map(|request| request.target)
        .collect();
    let expected: Vec<&str> = cases.iter().map(|(_, target)| *target).collect();
    assert_eq!(targets, expected);
}

#[tokio::test]
async fn query_arrays_are_comma_joined_and_values_encoded() {
    let server = Server::script(vec![Reply::json(200, crate::support::page(vec![], None))]).await;
    let _ = server
        .engine()
        .call_json(
            "test_things_list",
            json!({"tags": ["a.com", "b c", "x,y"], "kind": "big", "limit": 5, "after": "thing&1"}),
        )
        .await
        .unwrap();
    assert_eq!(
        server.requests()[0].target,
        "/things?tags=a.com,b%20c,x%2Cy&kind=big&limit=5&after=thing%261"
    );
}

#[tokio::test]
async fn headers_and_bodies() {
    let server = Server::with(|request, _| match request.method.as_str() {
        "DELETE" => Reply::empty(204),
        _ => Reply::json(200, json!({"id": "thing_1", "name": "n"})),
    })
    .await;
    let engine = server.engine();
    let _: Value = engine
        .call(&THING_GET, &json!({"id": "thing_1"}))
        .await
        .unwrap();
    let _: Value = engine.call(&EXPORT_CREATE, &json!({})).await.unwrap();
    let _: Value = engine
        .call(&THING_UPDATE, &json!({"id": "thing_1"}))
        .await
        .unwrap();
    engine
        .call::<_, ()>(&THING_DELETE, &json!({"id": "thing_1"}))
        .await
        .unwrap();
    let requests = server.requests();

    let get = &requests[0];
    assert_eq!(
        get.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(
        get.header("user-agent"),
        Some(concat!("actionspec-runtime/", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(get.header("accept"), Some("application/json"));
    assert_eq!(get.header("content-type"), None);
    assert_eq!(get.header("idempotency-key"), None);
    assert_eq!(get.body, "");

    // A POST without body parameters sends an empty object and a key.
    let post = &requests[1];
    assert_eq!(post.body, "{}");
    assert_eq!(post.header("content-type"), Some("application/json"));
    assert!(post.header("idempotency-key").is_some());

    let put = &requests[2];
    assert_eq!(put.method, "PUT");
    assert_eq!(put.body, "{}");
    assert_eq!(put.header("idempotency-key"), None);

    let delete = &requests[3];
    assert_eq!(delete.method, "DELETE");
    assert_eq!(delete.body, "");
}

#[tokio::test]
async fn user_agent_and_client_can_be_replaced() {
    let server = Server::script(vec![Reply::json(200, json!({}))]).await;
    let engine = server
        .builder()
        .user_agent("my-tool/2.0")
        .client(reqwest::Client::new())
        .build()
        .unwrap();
    let _: Value = engine.call(&THING_GET, &json!({"id": "x"})).await.unwrap();
    assert_eq!(
        server.requests()[0].header("user-agent"),
        Some("my-tool/2.0")
    );
}

actionspec_runtime::json_struct! {
    #[derive(Debug)]
    struct Thing: FromJson {
        pub id: String,
        pub kind: Option<String>,
    }
}

#[tokio::test]
async fn unknown_fields_are_ignored_and_nothing_decodes_to_unit() {
    let server = Server::script(vec![
        Reply::json(
            200,
            json!({"id": "thing_1", "kind": "brand-new", "added_later": {"x": 1}}),
        ),
        Reply::json(200, json!({"deleted": true})),
    ])
    .await;
    let engine = server.engine();
    let thing: Thing = engine
        .call(&THING_GET, &json!({"id": "thing_1"}))
        .await
        .unwrap();
    assert_eq!(thing.id, "thing_1");
    assert_eq!(thing.kind.as_deref(), Some("brand-new"));
    // A body on an action that answers nothing is not decoded.
    engine
        .call::<_, ()>(&THING_DELETE, &json!({"id": "thing_1"}))
        .await
        .unwrap();
    assert_eq!(
        engine
            .call_json("test_thing_delete", json!({"id": "x"}))
            .await
            .unwrap(),
        Value::Null
    );
}

#[tokio::test]
async fn errors_are_typed_and_keep_what_the_server_said() {
    let cases = vec![
        (
            Reply::json(
                401,
                json!({"message": "Unauthorized", "code": "unauthorized"}),
            ),
            "unauthorized",
            "wrong, expired or missing",
        ),
        (
            Reply::json(403, json!({"message": "Forbidden"})),
            "forbidden",
            "lacks the permission",
        ),
        (
            Reply::json(
                404,
                json!({"message": "Thing not found", "code": "no_such_object"}),
            ),
            "not_found",
            "no_such_object",
        ),
        (
            Reply::json(
                400,
                json!({"message": "Bad", "code": "invalid_arguments",
                       "errors": [{"code": "name_required", "message": "Name is required"}]}),
            ),
            "validation",
            "name_required: Name is required",
        ),
        (
            Reply::json(
                422,
                json!({"message": "Validation failed", "code": "invalid_arguments",
                       "errors": [{"field": "domain", "code": "invalid"}]}),
            ),
            "validation",
            "field `domain`: invalid",
        ),
        (
            Reply::json(409, json!({"message": "Key reused", "code": "key_reused"})),
            "conflict",
            "key_reused",
        ),
        (
            Reply::text(418, "I'm a teapot"),
            "unexpected_status",
            "I'm a teapot",
        ),
    ];
    for (reply, kind, needle) in cases {
        let server = Server::script(vec![reply.header("X-Request-ID", "treq_abc")]).await;
        let error = server
            .engine()
            .call::<_, Value>(&THING_GET, &json!({"id": "x"}))
            .await
            .unwrap_err();
        assert_eq!(error.kind(), kind, "{error:?}");
        assert_eq!(error.request_id(), Some("treq_abc"));
        let message = error.to_string();
        assert!(message.contains(needle), "{kind}: {message}");
        assert!(message.contains("treq_abc"), "{message}");
        assert!(!message.contains(KEY));
    }

    let server = Server::script(vec![Reply::json(
        422,
        json!({"message": "Validation failed", "code": "invalid_arguments",
               "errors": [{"field": "domain", "code": "invalid"}, {"field": "name", "code": "too_long"}]}),
    )])
    .await;
    let error = server
        .engine()
        .call::<_, Value>(&THING_GET, &json!({"id": "x"}))
        .await
        .unwrap_err();
    let api = error.api_error().unwrap();
    assert_eq!(api.status, 422);
    assert_eq!(api.code.as_deref(), Some("invalid_arguments"));
    assert_eq!(api.message, "Validation failed");
    assert_eq!(api.errors.len(), 2);
    assert_eq!(api.errors[1].field.as_deref(), Some("name"));
    assert_eq!(api.errors[1].code.as_deref(), Some("too_long"));
}

#[tokio::test]
async fn a_body_that_does_not_match_is_a_decode_error_with_an_excerpt() {
    let long = format!("{{\"id\": 5, \"pad\": \"{}\"}}", "x".repeat(2_000));
    let server = Server::script(vec![
        Reply::text(200, &long).header("x-request-id", "treq_d"),
    ])
    .await;
    let error = server
        .engine()
        .call::<_, Thing>(&THING_GET, &json!({"id": "x"}))
        .await
        .unwrap_err();
    let Error::Decode {
        status,
        request_id,
        excerpt,
        ..
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!(*status, 200);
    assert_eq!(request_id.as_deref(), Some("treq_d"));
    assert!(excerpt.starts_with("{\"id\": 5"));
    assert!(excerpt.chars().count() <= 301, "the excerpt is short");
}

#[test]
fn dry_run_shows_the_exact_request_without_the_key() {
    let engine = Engine::builder(&API)
        .api_key(KEY)
        .base_url("http://127.0.0.1:9/")
        .write_policy(WritePolicy::ReadOnly)
        .build()
        .unwrap();
    let typed = engine
        .dry_run(&THING_CREATE, &json!({"name": "one", "kind": "big"}))
        .unwrap();
    assert_eq!(typed.method.as_str(), "POST");
    assert_eq!(typed.url, "http://127.0.0.1:9/things");
    assert_eq!(typed.header("Authorization"), Some("Bearer <redacted>"));
    assert_eq!(typed.header("content-type"), Some("application/json"));
    assert!(typed.header("idempotency-key").is_some());
    assert_eq!(typed.body, Some(json!({"name": "one", "kind": "big"})));
    let text = typed.to_string();
    assert!(
        text.starts_with("POST http://127.0.0.1:9/things\n"),
        "{text}"
    );
    assert!(text.contains("authorization: Bearer <redacted>"));
    assert!(!text.contains(KEY) && !format!("{typed:?}").contains(KEY));
    assert!(!typed.to_json().to_string().contains(KEY));

    let dynamic = engine
        .with_options(CallOptions::new().idempotency_key("k-1"))
        .dry_run_json("test_thing_get", json!({"id": "a/b"}))
        .unwrap();
    assert_eq!(dynamic.url, "http://127.0.0.1:9/things/a%2Fb");
    assert_eq!(dynamic.body, None);
    assert_eq!(dynamic.header("idempotency-key"), None);
    let keyed = engine
        .with_options(CallOptions::new().idempotency_key("k-1"))
        .dry_run_json("test_thing_create", json!({"name": "x"}))
        .unwrap();
    assert_eq!(keyed.header("idempotency-key"), Some("k-1"));
    // Dry runs check arguments too.
    assert!(engine.dry_run_json("test_thing_create", json!({})).is_err());
}

#[test]
fn debug_never_shows_the_key() {
    let builder = Engine::builder(&API)
        .api_key(KEY)
        .base_url("http://127.0.0.1:9");
    assert!(!format!("{builder:?}").contains(KEY));
    let engine = builder.build().unwrap();
    let shown = format!("{engine:?} {engine:#?}");
    assert!(!shown.contains(KEY), "{shown}");
    assert!(!shown.contains("a1b2c3d4e5"));
    assert!(shown.contains("<redacted>"));
    let clone = engine.with_options(CallOptions::new().max_retries(1));
    assert!(!format!("{clone:?}").contains(KEY));
}

#[test]
fn configuration_from_arguments_and_the_environment() {
    // The only test touching these variables (named after the fake catalog).
    let missing = Engine::from_env(&API).unwrap_err();
    assert!(matches!(missing, Error::Config(_)));
    assert!(
        missing.to_string().contains("ACTIONSPEC_TEST_KEY"),
        "{missing}"
    );

    // SAFETY: no other test reads or writes these variables.
    unsafe {
        std::env::set_var("ACTIONSPEC_TEST_KEY", "tk_from_env");
        std::env::set_var("ACTIONSPEC_TEST_BASE_URL", "http://127.0.0.1:1234/");
    }
    let engine = Engine::from_env(&API).unwrap();
    assert_eq!(engine.base_url(), "http://127.0.0.1:1234");
    assert!(!format!("{engine:?}").contains("tk_from_env"));
    // Arguments win over the environment.
    let engine = Engine::builder(&API)
        .from_env()
        .base_url("http://localhost:1")
        .build()
        .unwrap();
    assert_eq!(engine.base_url(), "http://localhost:1");
    unsafe {
        std::env::remove_var("ACTIONSPEC_TEST_KEY");
        std::env::remove_var("ACTIONSPEC_TEST_BASE_URL");
    }
    // Without the environment, the default base URL.
    let engine = Engine::builder(&API).api_key("k").build().unwrap();
    assert_eq!(engine.base_url(), "https://api.invalid");
    assert!(
        Engine::builder(&API)
            .api_key("k")
            .base_url("ftp://x")
            .build()
            .is_err()
    );
    assert!(
        Engine::builder(&API)
            .api_key("k")
            .base_url("not a url")
            .build()
            .is_err()
    );
    assert!(Engine::builder(&API).api_key("bad\nkey").build().is_err());
}

#[test]
fn engine_and_futures_can_cross_threads() {
    fn clone_send_sync<T: Clone + Send + Sync + std::fmt::Debug + 'static>() {}
    fn send<T: Send>(_: &T) {}
    fn error_bounds<T: std::error::Error + Send + Sync + 'static>() {}
    clone_send_sync::<Engine>();
    clone_send_sync::<CallOptions>();
    error_bounds::<Error>();
    let engine = Engine::builder(&API).api_key("k").build().unwrap();
    let params = json!({"id": "x"});
    send(&engine.call::<_, Value>(&THING_GET, &params));
    send(&engine.page::<_, Value>(&THINGS_LIST, &params));
    send(&engine.call_json("test_thing_get", json!({})));
    send(&engine.page_json("test_things_list", json!({})));
    send(&engine.stream::<_, Value>(&THINGS_LIST, json!({})));
}
