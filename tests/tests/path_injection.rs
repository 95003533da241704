//! Ids can never reach another endpoint.
//!
//! For every available action with a path parameter (read from the descriptor table, so a new
//! action is covered without a change here), hostile ids are sent through a dynamic call with
//! otherwise minimal valid arguments. Either the request that reached the server has exactly
//! the template's segments, the id's segment being its percent-encoding, or the engine refused
//! the id before sending anything and said why. Typed calls and query parameters get the same
//! treatment in the tests at the end.

mod support;

use std::collections::BTreeSet;

use actionspec_runtime::{ActionDescriptor, Constraint, Limits, Location, TypeRef};
use serde_json::{Map, Value, json};
use support::{Reply, Server, assert_route};
use workos_client::descriptors::API;
use workos_client::params;

/// Ids that must travel as one encoded segment.
const ENCODED_IDS: &[&str] = &[
    "../x",
    "a/b",
    "a?b=c",
    "%2F",
    "ünïcødé/😀",
    "a#b",
    "a b",
    "%2e%2e",
    "..%2F..%2Fadmin",
    "org_01H~-._",
    "...",
];

/// Ids the engine refuses before sending: they would change the path or name nothing.
const REFUSED_IDS: &[&str] = &["..", ".", "", "   "];

/// Percent-encodes `id` as one path segment: every byte outside RFC 3986's unreserved set
/// (`A-Z a-z 0-9 - . _ ~`), upper-case hex. Written here on purpose rather than borrowed from
/// the runtime, so the two can disagree.
fn encode_segment(id: &str) -> String {
    let mut out = String::new();
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[test]
fn the_reference_encoder_encodes() {
    assert_eq!(encode_segment("../x"), "..%2Fx");
    assert_eq!(encode_segment("a?b=c"), "a%3Fb%3Dc");
    assert_eq!(encode_segment("%2F"), "%252F");
    assert_eq!(encode_segment("ü😀"), "%C3%BC%F0%9F%98%80");
    assert_eq!(encode_segment("org_01H~-._"), "org_01H~-._");
}

/// A valid value of `ty` within `limits`, as small as the catalog allows.
fn sample(ty: &TypeRef, limits: &Limits) -> Value {
    match ty {
        TypeRef::String => {
            let length = limits.min_length.unwrap_or(1).max(1) as usize;
            json!("x".repeat(length))
        }
        TypeRef::Integer => json!(limits.min.map_or(1, |min| min as i64)),
        TypeRef::Number => json!(limits.min.unwrap_or(1.0)),
        TypeRef::Boolean => json!(true),
        TypeRef::Timestamp => json!("2026-01-15T12:00:00Z"),
        TypeRef::Json | TypeRef::Map(_) => json!({}),
        TypeRef::List(item) => {
            let count = limits.min_items.unwrap_or(1).max(1) as usize;
            Value::Array(vec![sample(item, &Limits::NONE); count])
        }
        TypeRef::Enum(name) => {
            let enumeration = API
                .enumeration(name)
                .unwrap_or_else(|| panic!("enum `{name}` is not in the catalog"));
            json!(enumeration.values[0])
        }
        TypeRef::Model(name) => {
            let model = API
                .model(name)
                .unwrap_or_else(|| panic!("model `{name}` is not in the catalog"));
            let fields: Map<String, Value> = model
                .fields
                .iter()
                .filter(|field| field.required)
                .map(|field| (field.name.to_owned(), sample(&field.ty, &field.limits)))
                .collect();
            Value::Object(fields)
        }
    }
}

/// The smallest valid arguments of `action` apart from its id path parameters: every required
/// parameter (an enum path parameter is one of its values, not an id), plus the first of each
/// group a constraint requires one of.
fn minimal_args(action: &ActionDescriptor) -> Map<String, Value> {
    let mut args = Map::new();
    for param in action.params {
        if param.required && (param.location != Location::Path || is_enum(&param.ty)) {
            args.insert(param.name.to_owned(), sample(&param.ty, &param.limits));
        }
    }
    for constraint in action.constraints {
        if let Constraint::ExactlyOne(names) | Constraint::AtLeastOne(names) = constraint
            && !names.iter().any(|name| args.contains_key(*name))
        {
            let param = action
                .param(names[0])
                .expect("a constraint names a parameter");
            args.insert(param.name.to_owned(), sample(&param.ty, &param.limits));
        }
    }
    args
}

/// Whether the minimal arguments of the action give this parameter.
fn args_have(action: &ActionDescriptor, name: &str) -> bool {
    minimal_args(action).contains_key(name)
}

fn is_enum(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Enum(_))
}

/// The path parameters holding ids: an enum one takes only its values, which validation checks.
fn path_params(action: &ActionDescriptor) -> Vec<&'static str> {
    action
        .params
        .iter()
        .filter(|param| param.location == Location::Path && !is_enum(&param.ty))
        .map(|param| param.name)
        .collect()
}

fn actions_with_path_params() -> Vec<&'static ActionDescriptor> {
    API.actions
        .iter()
        .copied()
        .filter(|action| action.is_available() && !path_params(action).is_empty())
        .collect()
}

/// The minimal arguments are valid: the engine accepts them for every action, so a refusal in
/// the tests below is about the id alone.
#[tokio::test]
async fn minimal_arguments_are_valid_for_every_action() {
    let server = Server::start().await;
    let engine = server.client().engine().clone();
    for action in API.actions.iter().filter(|action| action.is_available()) {
        let mut args = minimal_args(action);
        for name in path_params(action) {
            args.insert(name.to_owned(), json!("id_01H"));
        }
        if let Err(error) = engine.validate_json(action.name, &Value::Object(args)) {
            panic!("{}: minimal arguments refused: {error}", action.name);
        }
    }
}

#[tokio::test]
async fn hostile_ids_stay_one_encoded_segment() {
    let server = Server::start().await;
    server.fallback(Reply::json(200, &json!({})));
    let client = server.client();
    let actions = actions_with_path_params();
    // Every area with ids in its paths is here; the count moves only with the catalog.
    assert!(
        actions.len() >= 15,
        "only {} actions with path parameters",
        actions.len()
    );

    let mut checked = 0;
    for action in &actions {
        let template = action.path().expect("available");
        let template_segments: Vec<&str> = template.trim_start_matches('/').split('/').collect();
        for id in ENCODED_IDS {
            let mut args = minimal_args(action);
            for name in path_params(action) {
                args.insert(name.to_owned(), json!(id));
            }
            let before = server.requests().len();
            if let Err(error) = client
                .engine()
                .call_json(action.name, Value::Object(args))
                .await
            {
                panic!("{} with id {id:?} failed: {error}", action.name);
            }
            let requests = server.requests();
            assert_eq!(
                requests.len(),
                before + 1,
                "{} sent one request",
                action.name
            );
            let request = &requests[before];
            assert_route(action.name, request);
            // The query holds the action's own required query arguments, nothing of the id.
            let pairs = request.query_pairs();
            let keys: BTreeSet<&str> = pairs.iter().map(|(key, _)| key.as_str()).collect();
            let expected: BTreeSet<&str> = action
                .params
                .iter()
                .filter(|param| param.location == Location::Query && args_have(action, param.name))
                .map(|param| param.name)
                .collect();
            assert!(
                keys == expected && pairs.iter().all(|(_, value)| !value.contains(id)),
                "{}: {id:?} leaked into the query {:?}",
                action.name,
                request.query
            );
            let segments = request.segments();
            assert_eq!(
                segments.len(),
                template_segments.len(),
                "{} with id {id:?} reached `{}`",
                action.name,
                request.target
            );
            for (sent, expected) in segments.iter().zip(&template_segments) {
                if expected.starts_with('{') {
                    assert_eq!(
                        *sent,
                        encode_segment(id),
                        "{}: id {id:?} is not one encoded segment",
                        action.name
                    );
                } else {
                    assert_eq!(sent, expected);
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, actions.len() * ENCODED_IDS.len());
}

#[tokio::test]
async fn ids_that_would_change_the_path_are_refused_before_sending() {
    let server = Server::start().await;
    server.fallback(Reply::json(200, &json!({})));
    let client = server.client();
    let actions = actions_with_path_params();
    assert!(!actions.is_empty());
    for action in &actions {
        for id in REFUSED_IDS {
            let mut args = minimal_args(action);
            let names = path_params(action);
            for name in &names {
                args.insert((*name).to_owned(), json!(id));
            }
            let error = client
                .engine()
                .call_json(action.name, Value::Object(args))
                .await
                .expect_err(&format!("{} accepted the id {id:?}", action.name));
            assert!(error.nothing_sent(), "{}: {error}", action.name);
            assert_eq!(
                error.kind(),
                "invalid_arguments",
                "{}: {error}",
                action.name
            );
            let message = error.to_string();
            for name in &names {
                assert!(
                    message.contains(&format!("$.{name}")),
                    "{}: the error does not name `{name}`: {message}",
                    action.name
                );
            }
            assert!(message.contains("nothing was sent"), "{message}");
        }
    }
    assert!(
        server.requests().is_empty(),
        "a refused id reached the server"
    );
}

/// The typed methods take the same path: an id with `/` stays one segment, `..` is refused.
#[tokio::test]
async fn typed_calls_encode_and_refuse_ids_too() {
    let server = Server::with([
        Reply::json(200, &support::fixtures::organization("../users", "Acme")),
        Reply::empty(202),
    ])
    .await;
    let client = server.client();
    client
        .organization_get(params::OrganizationGetParams::new("../users"))
        .await
        .unwrap();
    client
        .organization_delete(params::OrganizationDeleteParams::new(
            "org_1/../../users/user_1",
        ))
        .await
        .unwrap();
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/organizations/..%2Fusers",
            "/organizations/org_1%2F..%2F..%2Fusers%2Fuser_1"
        ]
    );

    let error = client
        .user_delete(params::UserDeleteParams::new(".."))
        .await
        .unwrap_err();
    assert!(error.nothing_sent());
    assert!(error.to_string().contains("$.id"), "{error}");
    assert_eq!(
        server.requests().len(),
        2,
        "the refused delete sent nothing"
    );
}

/// An enum path parameter holding a value the catalog does not know (a typed `Other`) is
/// encoded as one segment like an id, and refused like one when it would change the path.
#[tokio::test]
async fn unknown_enum_values_in_the_path_are_one_segment_too() {
    use workos_client::models::{RadarListAction, RadarListType};
    let server = Server::with([Reply::empty(204)]).await;
    let client = server.client();
    client
        .radar_list_entry_add(params::RadarListEntryAddParams::new(
            RadarListType::Other("a/b".to_owned()),
            RadarListAction::Block,
            "198.51.100.42",
        ))
        .await
        .unwrap();
    let error = client
        .radar_list_entry_add(params::RadarListEntryAddParams::new(
            RadarListType::Other("..".to_owned()),
            RadarListAction::Allow,
            "198.51.100.42",
        ))
        .await
        .unwrap_err();
    assert!(
        error.nothing_sent() && error.to_string().contains("$.type"),
        "{error}"
    );
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/radar/lists/a%2Fb/block"]);
}

/// A list action's stream puts the id in every page's path, encoded the same way.
#[tokio::test]
async fn stream_pages_keep_the_encoded_id() {
    use futures::TryStreamExt;
    let server = Server::with([
        Reply::json(
            200,
            &support::fixtures::list(
                vec![support::fixtures::authentication_factor(
                    "auth_factor_1",
                    "a/b",
                )],
                None,
                Some("auth_factor_1"),
            ),
        ),
        Reply::json(200, &support::fixtures::list(vec![], None, None)),
    ])
    .await;
    let factors: Vec<_> = server
        .client()
        .mfa_enrollments_list_stream(params::MfaEnrollmentsListParams::new("a/b?c"))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(factors.len(), 1);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(
            request.path,
            "/user_management/users/a%2Fb%3Fc/auth_factors"
        );
    }
    assert_eq!(
        requests[1].query_value("after").as_deref(),
        Some("auth_factor_1")
    );
}

/// Query values cannot add parameters: `&`, `=` and `#` are encoded inside the value.
#[tokio::test]
async fn query_values_cannot_add_parameters() {
    let server = Server::with([Reply::json(
        200,
        &support::fixtures::list(vec![], None, None),
    )])
    .await;
    let hostile = "directory_1&group=directory_group_2#x";
    server
        .client()
        .directory_sync_users(params::DirectorySyncUsersParams::new(hostile))
        .await
        .unwrap();
    let request = server.only_request();
    assert_eq!(request.path, "/directory_users");
    assert_eq!(
        request.query_pairs(),
        [("directory".to_owned(), hostile.to_owned())]
    );
    assert_eq!(request.query_value("group"), None);
}
