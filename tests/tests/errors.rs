//! Refusals and failures, through the typed client against a loopback server.
//!
//! Each WorkOS error answer (401, 403, 404, 400, 422, 429, 500, and a success whose body is not
//! the model) maps to its typed error carrying the status, code, message, field errors and the
//! `X-Request-ID` the server sent; none of them, nor the client's `Debug`, shows the API key.
//! Actions the API does not serve are refused by name before any I/O, with the reason and what
//! to use instead.

mod support;

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::json;
use support::{Reply, Server, TEST_KEY, assert_error_hides_key, assert_no_key};
use workos_client::descriptors::API;
use workos_client::{Error, params};

const ORG: &str = "org_01EHQMYV6MBK39QC5PZXHY59C3";

/// The actions of the catalog WorkOS has no endpoint for.
const UNAVAILABLE: &[&str] = &[
    "workos_connection_activate",
    "workos_connection_deactivate",
    "workos_event_get",
    "workos_portal_link_get",
    "workos_portal_links_list",
];

/// The answer a test scripts, with the request id it carries.
fn refusal(status: u16, body: serde_json::Value, request_id: &str) -> Reply {
    Reply::json(status, &body).header("X-Request-ID", request_id)
}

async fn get_organization(server: &Server) -> Error {
    server
        .client()
        .organization_get(params::OrganizationGetParams::new(ORG))
        .await
        .expect_err("the server refused")
}

#[tokio::test]
async fn unauthorized_401_says_to_check_the_key() {
    let message = "Could not authorize the request. Maybe your API key is invalid?";
    let server = Server::with([refusal(401, json!({ "message": message }), "req_01J401")]).await;
    let error = get_organization(&server).await;
    let Error::Unauthorized(api) = &error else {
        panic!("expected Unauthorized, got {error:?}");
    };
    assert_eq!(api.status, 401);
    assert_eq!(api.action, "workos_organization_get");
    assert_eq!(api.message, message);
    assert_eq!(api.code, None);
    assert_eq!(api.request_id.as_deref(), Some("req_01J401"));
    assert_eq!(api.attempts, 1);
    assert_eq!(error.status(), Some(401));
    assert_eq!(error.request_id(), Some("req_01J401"));
    assert_eq!(error.kind(), "unauthorized");
    let text = error.to_string();
    assert!(text.contains("API key"), "{text}");
    assert!(
        text.contains(message) && text.contains("req_01J401"),
        "{text}"
    );
    assert!(!error.nothing_sent());
    assert_error_hides_key(&error);
    assert_eq!(server.requests().len(), 1, "a 401 is not retried");
}

#[tokio::test]
async fn forbidden_403() {
    let message = "The API key does not have permission to use Directory Sync.";
    let server = Server::with([refusal(
        403,
        json!({ "message": message, "code": "insufficient_permissions" }),
        "req_01J403",
    )])
    .await;
    let error = server
        .client()
        .directory_get(params::DirectoryGetParams::new(
            "directory_01ECAZ4NV9QMV47GW873HDCX74",
        ))
        .await
        .unwrap_err();
    let Error::Forbidden(api) = &error else {
        panic!("expected Forbidden, got {error:?}");
    };
    assert_eq!(api.status, 403);
    assert_eq!(api.code.as_deref(), Some("insufficient_permissions"));
    assert_eq!(api.message, message);
    assert_eq!(api.request_id.as_deref(), Some("req_01J403"));
    assert_eq!(error.kind(), "forbidden");
    assert!(error.to_string().contains("permission"), "{error}");
    assert_error_hides_key(&error);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn not_found_404_keeps_the_code() {
    let message = format!("Organization not found: '{ORG}'.");
    let server = Server::with([refusal(
        404,
        json!({ "message": message, "code": "entity_not_found", "entity_id": ORG }),
        "req_01J404",
    )])
    .await;
    let error = get_organization(&server).await;
    let Error::NotFound(api) = &error else {
        panic!("expected NotFound, got {error:?}");
    };
    assert_eq!(api.status, 404);
    assert_eq!(api.code.as_deref(), Some("entity_not_found"));
    assert_eq!(api.message, message);
    assert_eq!(api.request_id.as_deref(), Some("req_01J404"));
    assert!(api.errors.is_empty());
    assert_eq!(error.kind(), "not_found");
    let text = error.to_string();
    assert!(
        text.contains("entity_not_found") && text.contains(&message),
        "{text}"
    );
    assert_error_hides_key(&error);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn bad_request_400_lists_code_and_message_errors() {
    let server = Server::with([refusal(
        400,
        json!({
            "code": "password_strength_error",
            "message": "Validation failed.",
            "errors": [
                { "code": "password_too_short", "message": "Password must be at least 10 characters." },
                { "code": "password_pwned", "message": "Password appears in a data breach." },
            ],
        }),
        "req_01J400",
    )])
    .await;
    let error = server
        .client()
        .user_create(
            params::UserCreateParams::new("marcelina.davis@example.com").password("hunter2"),
        )
        .await
        .unwrap_err();
    let Error::Validation(api) = &error else {
        panic!("expected Validation, got {error:?}");
    };
    assert_eq!(api.status, 400);
    assert_eq!(api.code.as_deref(), Some("password_strength_error"));
    assert_eq!(api.message, "Validation failed.");
    assert_eq!(api.request_id.as_deref(), Some("req_01J400"));
    let errors: Vec<(Option<&str>, Option<&str>, Option<&str>)> = api
        .errors
        .iter()
        .map(|e| (e.field.as_deref(), e.code.as_deref(), e.message.as_deref()))
        .collect();
    assert_eq!(
        errors,
        [
            (
                None,
                Some("password_too_short"),
                Some("Password must be at least 10 characters.")
            ),
            (
                None,
                Some("password_pwned"),
                Some("Password appears in a data breach.")
            ),
        ]
    );
    assert!(!api.write_outcome_unknown, "a 400 did nothing");
    let text = error.to_string();
    assert!(text.contains("password_too_short"), "{text}");
    assert!(
        !text.contains("hunter2"),
        "the password stays out of the error: {text}"
    );
    assert_error_hides_key(&error);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn unprocessable_422_lists_field_errors() {
    let server = Server::with([refusal(
        422,
        json!({
            "code": "invalid_request_parameters",
            "message": "Validation failed.",
            "errors": [
                { "field": "email", "code": "email_string_required" },
                { "field": "expires_in_days", "code": "number_too_large" },
            ],
        }),
        "req_01J422",
    )])
    .await;
    let error = server
        .client()
        .user_invite(params::UserInviteParams::new("not-an-email"))
        .await
        .unwrap_err();
    let Error::Validation(api) = &error else {
        panic!("expected Validation, got {error:?}");
    };
    assert_eq!(api.status, 422);
    assert_eq!(api.code.as_deref(), Some("invalid_request_parameters"));
    assert_eq!(api.message, "Validation failed.");
    assert_eq!(api.request_id.as_deref(), Some("req_01J422"));
    let errors: Vec<(Option<&str>, Option<&str>)> = api
        .errors
        .iter()
        .map(|e| (e.field.as_deref(), e.code.as_deref()))
        .collect();
    assert_eq!(
        errors,
        [
            (Some("email"), Some("email_string_required")),
            (Some("expires_in_days"), Some("number_too_large")),
        ]
    );
    assert_eq!(error.kind(), "validation");
    let text = error.to_string();
    assert!(
        text.contains("email") && text.contains("email_string_required"),
        "{text}"
    );
    assert_error_hides_key(&error);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn rate_limited_429_carries_the_wait() {
    // WorkOS answers this endpoint's 429 with a bare JSON string.
    let server = Server::with([Reply::json(429, &json!("Ratelimited"))
        .header("Retry-After", "30")
        .header("X-Request-ID", "req_01J429")])
    .await;
    let error = server
        .client()
        .directory_sync_users(params::DirectorySyncUsersParams::new(
            "directory_01ECAZ4NV9QMV47GW873HDCX74",
        ))
        .await
        .unwrap_err();
    let Error::RateLimited(api) = &error else {
        panic!("expected RateLimited, got {error:?}");
    };
    assert_eq!(api.status, 429);
    assert_eq!(api.retry_after, Some(Duration::from_secs(30)));
    assert!(api.retry_at.is_some());
    assert!(api.message.contains("Ratelimited"), "{}", api.message);
    assert_eq!(api.request_id.as_deref(), Some("req_01J429"));
    assert_eq!(api.attempts, 1);
    assert_eq!(error.kind(), "rate_limited");
    let text = error.to_string();
    assert!(text.contains("wait 30 s"), "{text}");
    assert_error_hides_key(&error);
    assert_eq!(server.requests().len(), 1, "retries are off");
}

/// With retries on, a `Retry-After` beyond the cap ends the call at once instead of sleeping.
#[tokio::test]
async fn rate_limited_429_beyond_the_cap_is_not_waited_for() {
    let server = Server::with([refusal(
        429,
        json!({ "message": "Too many requests." }),
        "req_01J42A",
    )
    .header("Retry-After", "600")])
    .await;
    let client = workos_client::Client::from(server.builder().max_retries(3).build().unwrap());
    let started = std::time::Instant::now();
    let error = client
        .organization_get(params::OrganizationGetParams::new(ORG))
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    let Error::RateLimited(api) = &error else {
        panic!("expected RateLimited, got {error:?}");
    };
    assert_eq!(api.retry_after, Some(Duration::from_secs(600)));
    assert_eq!(api.message, "Too many requests.");
    assert_eq!(api.request_id.as_deref(), Some("req_01J42A"));
    assert_error_hides_key(&error);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn server_error_500() {
    let server = Server::with([
        refusal(
            500,
            json!({ "message": "Internal Server Error" }),
            "req_01J500",
        ),
        refusal(
            500,
            json!({ "message": "Internal Server Error" }),
            "req_01J501",
        ),
    ])
    .await;
    let error = get_organization(&server).await;
    let Error::Server(api) = &error else {
        panic!("expected Server, got {error:?}");
    };
    assert_eq!(api.status, 500);
    assert_eq!(api.message, "Internal Server Error");
    assert_eq!(api.code, None);
    assert_eq!(api.request_id.as_deref(), Some("req_01J500"));
    assert!(!api.write_outcome_unknown, "a read changes nothing");
    assert_eq!(error.kind(), "server");
    assert_error_hides_key(&error);

    // The same failure on a write leaves its outcome unknown, and says so.
    let error = server
        .client()
        .organization_create(params::OrganizationCreateParams::new("Foo Corp"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Server(_)), "{error:?}");
    assert!(error.write_outcome_unknown());
    assert_eq!(error.request_id(), Some("req_01J501"));
    assert!(
        error.to_string().contains("may or may not have happened"),
        "{error}"
    );
    assert_error_hides_key(&error);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn success_with_a_body_that_is_not_the_model_is_a_decode_error() {
    let body = json!({
        "object": "organization",
        "id": ORG,
        "name": 42,
        "domains": [],
        "metadata": {},
        "external_id": null,
        "created_at": "2026-01-15T12:00:00.000Z",
        "updated_at": "2026-01-15T12:00:00.000Z",
    });
    let server = Server::with([refusal(200, body.clone(), "req_01J200")]).await;
    let error = get_organization(&server).await;
    let Error::Decode {
        action,
        status,
        request_id,
        excerpt,
        ..
    } = &error
    else {
        panic!("expected Decode, got {error:?}");
    };
    assert_eq!(*action, "workos_organization_get");
    assert_eq!(*status, 200);
    assert_eq!(request_id.as_deref(), Some("req_01J200"));
    assert_eq!(*excerpt, body.to_string());
    assert_eq!(error.status(), Some(200));
    assert_eq!(error.request_id(), Some("req_01J200"));
    assert_eq!(error.kind(), "decode");
    let text = error.to_string();
    assert!(
        text.contains("req_01J200") && text.contains("200"),
        "{text}"
    );
    assert_error_hides_key(&error);
}

/// A long body that is not JSON at all (a proxy's page) is cut to a short excerpt.
#[tokio::test]
async fn a_long_foreign_body_is_cut_to_an_excerpt() {
    let page = format!(
        "<!DOCTYPE html><html><head><title>Scheduled maintenance</title></head><body>{}</body></html>",
        "<p>We will be back shortly.</p>".repeat(200)
    );
    let server = Server::with([Reply::raw(200, "text/html", &page)]).await;
    let error = get_organization(&server).await;
    let Error::Decode { excerpt, .. } = &error else {
        panic!("expected Decode, got {error:?}");
    };
    assert!(excerpt.starts_with("<!DOCTYPE html><html><head><title>Scheduled maintenance"));
    assert!(
        excerpt.chars().count() < 400,
        "the excerpt is short: {} characters",
        excerpt.chars().count()
    );
    assert!(error.to_string().len() < 1000);
    assert_eq!(
        error.request_id(),
        server.only_request().request_id.as_str().into()
    );
    assert_error_hides_key(&error);
}

#[tokio::test]
async fn debug_output_never_shows_the_key() {
    let server = Server::start().await;
    let client = server.client();
    assert_no_key("client", &client);
    assert_no_key("engine", client.engine());
    assert_no_key("builder", &server.builder());
    let debug = format!("{client:?}");
    assert!(
        debug.contains(server.url()),
        "Debug still shows the base URL: {debug}"
    );
    // The key does go where it belongs.
    server.push(Reply::empty(202));
    client
        .organization_delete(params::OrganizationDeleteParams::new(ORG))
        .await
        .unwrap();
    assert_eq!(
        server.only_request().header("authorization"),
        Some(format!("Bearer {TEST_KEY}").as_str())
    );
}

#[tokio::test]
async fn unavailable_actions_are_refused_with_reason_and_alternatives() {
    let unavailable: BTreeSet<&str> = API
        .actions
        .iter()
        .filter(|action| !action.is_available())
        .map(|action| action.name)
        .collect();
    assert_eq!(unavailable, UNAVAILABLE.iter().copied().collect());

    let server = Server::start().await;
    server.fallback(Reply::json(200, &json!({})));
    let engine = server.client().engine().clone();
    for name in UNAVAILABLE {
        let error = engine
            .call_json(name, json!({ "id": "conn_01E4ZCR3C56J083X43JQXF3JK5" }))
            .await
            .expect_err("an unavailable action is refused");
        let Error::Unavailable {
            action,
            reason,
            alternatives,
        } = &error
        else {
            panic!("{name}: expected Unavailable, got {error:?}");
        };
        assert_eq!(action, name);
        assert!(reason.len() > 40, "{name}: the reason explains: {reason}");
        assert!(!alternatives.is_empty(), "{name} names what to use instead");
        let text = error.to_string();
        assert!(text.contains(reason), "{name}: {text}");
        for alternative in *alternatives {
            assert!(
                text.contains(alternative),
                "{name}: {text} lacks {alternative}"
            );
            let target = API
                .action(alternative)
                .unwrap_or_else(|| panic!("{name} points to unknown {alternative}"));
            assert!(
                target.is_available(),
                "{name} points to unavailable {alternative}"
            );
        }
        assert!(error.nothing_sent());
        assert_eq!(error.kind(), "unavailable");
        assert_error_hides_key(&error);

        // Every other way in is closed too.
        assert!(matches!(
            engine.action(name),
            Err(Error::Unavailable { .. })
        ));
        assert!(matches!(
            engine.page_json(name, json!({})).await,
            Err(Error::Unavailable { .. })
        ));
        assert!(matches!(
            engine.validate_json(name, &json!({})),
            Err(Error::Unavailable { .. })
        ));
        assert!(matches!(
            engine.dry_run_json(name, json!({})),
            Err(Error::Unavailable { .. })
        ));
        let mut stream = engine.stream_json(name, json!({}));
        let first = futures::StreamExt::next(&mut stream).await;
        assert!(
            matches!(first, Some(Err(Error::Unavailable { .. }))),
            "{first:?}"
        );
        assert!(futures::StreamExt::next(&mut stream).await.is_none());
    }
    assert!(
        server.requests().is_empty(),
        "an unavailable action reached the server"
    );
}

#[tokio::test]
async fn an_unknown_action_name_suggests_the_right_one() {
    let server = Server::start().await;
    let error = server
        .client()
        .engine()
        .call_json("workos_organisation_get", json!({ "id": ORG }))
        .await
        .unwrap_err();
    let Error::UnknownAction { name, suggestions } = &error else {
        panic!("expected UnknownAction, got {error:?}");
    };
    assert_eq!(name, "workos_organisation_get");
    assert!(
        suggestions.contains(&"workos_organization_get"),
        "{suggestions:?}"
    );
    assert!(error.nothing_sent());
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_key_echoed_by_the_server_never_reaches_an_error() {
    let echo = format!("Invalid API key {TEST_KEY} (and again: {TEST_KEY})");
    let server = Server::with([refusal(401, json!({ "message": echo }), "req_01JECHO")]).await;
    let error = get_organization(&server).await;
    let Error::Unauthorized(api) = &error else {
        panic!("expected Unauthorized, got {error:?}");
    };
    assert_eq!(
        api.message,
        "Invalid API key <redacted> (and again: <redacted>)"
    );
    assert_error_hides_key(&error);

    // A success whose body echoes the key and does not decode: the excerpt is scrubbed too.
    let body = json!({ "object": "organization", "id": ORG, "name": TEST_KEY });
    let server = Server::with([refusal(200, body, "req_01JECHO2")]).await;
    let error = get_organization(&server).await;
    let Error::Decode { excerpt, .. } = &error else {
        panic!("expected Decode, got {error:?}");
    };
    assert!(excerpt.contains("<redacted>"), "{excerpt}");
    assert_error_hides_key(&error);
}
