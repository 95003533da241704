//! Dynamic calls and argument checking.

use actionspec_runtime::{ArgumentProblem, Error, ProblemKind};
use serde_json::{Value, json};

use crate::support::{Reply, Server};
use actionspec_test_catalog::shapes::*;

fn problems(error: Error) -> Vec<ArgumentProblem> {
    match error {
        Error::InvalidArguments { problems, .. } => problems,
        other => panic!("expected invalid arguments, got {other:?}"),
    }
}

fn find<'a>(problems: &'a [ArgumentProblem], path: &str) -> &'a ArgumentProblem {
    problems
        .iter()
        .find(|problem| problem.path == path)
        .unwrap_or_else(|| panic!("no problem at {path}: {problems:#?}"))
}

#[tokio::test]
async fn a_dynamic_call_sends_and_answers_json() {
    let server = Server::script(vec![Reply::json(
        201,
        json!({"id": "thing_1", "name": "one", "extra": [1]}),
    )])
    .await;
    let answer = server
        .engine()
        .call_json(
            "test_thing_create",
            json!({"name": "one", "metadata": {"a": "b"}, "parts": [{"label": "x", "count": 2}]}),
        )
        .await
        .unwrap();
    assert_eq!(
        answer["extra"],
        json!([1]),
        "the answer is passed through whole"
    );
    let sent = &server.requests()[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.target, "/things");
    assert_eq!(
        sent.json(),
        json!({"name": "one", "metadata": {"a": "b"}, "parts": [{"label": "x", "count": 2}]})
    );
}

#[tokio::test]
async fn every_problem_is_reported_at_once_and_nothing_is_sent() {
    let server = Server::script(vec![Reply::json(201, json!({}))]).await;
    let error = server
        .engine()
        .call_json(
            "test_thing_create",
            json!({
                "nmae": "typo",
                "kind": "huge",
                "size": 1.5,
                "metadata": {"toolong": "x", "k": "123456789", "k2": 5},
                "parts": [{"label": "abcdef", "count": 0, "color": "red"}, {"count": "2"}, "nope"],
                "password": "p",
                "password_hash": "h",
            }),
        )
        .await
        .unwrap_err();
    assert!(error.nothing_sent());
    let message = error.to_string();
    let problems = problems(error);
    for (path, kind) in [
        ("$.nmae", ProblemKind::UnknownName),
        ("$.name", ProblemKind::Missing),
        ("$.kind", ProblemKind::UnknownValue),
        ("$.size", ProblemKind::WrongType),
        ("$.metadata", ProblemKind::BadCount),
        ("$.metadata.toolong", ProblemKind::BadLength),
        ("$.metadata.k", ProblemKind::BadLength),
        ("$.parts[0].count", ProblemKind::OutOfRange),
        ("$.parts[0].color", ProblemKind::UnknownName),
        ("$.parts[1].label", ProblemKind::Missing),
        ("$.parts[2]", ProblemKind::WrongType),
    ] {
        assert_eq!(find(&problems, path).kind, kind, "{path}");
    }
    assert!(
        find(&problems, "$.nmae")
            .message
            .contains("did you mean name"),
        "{problems:#?}"
    );
    assert!(find(&problems, "$.name").message.contains("required"));
    let kind = &find(&problems, "$.kind").message;
    assert!(
        kind.contains("huge") && kind.contains("big, small"),
        "{kind}"
    );
    assert!(
        find(&problems, "$.size")
            .message
            .contains("expected an integer")
    );
    assert!(
        find(&problems, "$.metadata")
            .message
            .contains("has 3 entries; at most 2")
    );
    assert!(
        find(&problems, "$.metadata.toolong")
            .message
            .contains("at most 5")
    );
    assert!(
        find(&problems, "$.metadata.k")
            .message
            .contains("at most 8")
    );
    assert!(
        find(&problems, "$.metadata.k2")
            .message
            .contains("expected a string")
    );
    assert!(
        find(&problems, "$.parts[0].label")
            .message
            .contains("at most 4")
    );
    assert!(
        find(&problems, "$.parts[0].count")
            .message
            .contains("at least 1")
    );
    assert!(
        find(&problems, "$.parts[0].color")
            .message
            .contains("unknown name")
    );
    assert!(
        find(&problems, "$.parts[1].label")
            .message
            .contains("required")
    );
    assert!(
        find(&problems, "$.parts[1].count")
            .message
            .contains("expected an integer, got a string")
    );
    assert!(
        find(&problems, "$.parts[2]")
            .message
            .contains("expected an object (Part)")
    );
    let constraints: Vec<_> = problems
        .iter()
        .filter(|problem| problem.path == "$")
        .collect();
    assert_eq!(constraints.len(), 2, "{constraints:#?}");
    assert!(constraints.iter().any(|problem| {
        problem
            .message
            .contains("at most one of `password`, `password_hash`")
    }));
    assert!(
        constraints
            .iter()
            .any(|problem| problem.message.contains("missing `password_hash_type`"))
    );
    assert_eq!(problems.len(), 16, "{problems:#?}");
    assert!(
        message.contains("nothing was sent") && message.contains("$.parts[0].label"),
        "{message}"
    );
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn constraints_exactly_one_and_together() {
    let server = Server::script(vec![Reply::json(200, json!({}))]).await;
    let engine = server.engine();
    let missing = problems(
        engine
            .call_json("test_thing_send", json!({"id": "thing_1"}))
            .await
            .unwrap_err(),
    );
    assert_eq!(missing.len(), 1);
    assert!(
        missing[0]
            .message
            .contains("exactly one of `to` must be given; none was")
    );
    let fine = engine
        .call_json(
            "test_thing_create",
            json!({"name": "n", "password_hash": "h", "password_hash_type": "bcrypt"}),
        )
        .await;
    assert!(fine.is_ok(), "{fine:?}");
}

#[tokio::test]
async fn types_and_limits_of_query_parameters() {
    let server = Server::script(vec![Reply::json(200, json!({}))]).await;
    let engine = server.engine();
    let found = problems(
        engine
            .call_json(
                "test_things_list",
                json!({"limit": 0, "tags": ["a", 3, {"x": 1}], "created_after": "yesterday"}),
            )
            .await
            .unwrap_err(),
    );
    assert!(find(&found, "$.limit").message.contains("at least 1"));
    assert!(
        find(&found, "$.tags[1]")
            .message
            .contains("expected a string, got an integer")
    );
    assert!(find(&found, "$.tags").message.contains("scalar"));
    assert!(find(&found, "$.created_after").message.contains("RFC 3339"));
    assert_eq!(server.count(), 0);
    engine
        .call_json(
            "test_things_list",
            json!({"limit": 100, "created_after": "2026-01-31T09:30:00.5+01:00"}),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn path_parameters_must_be_real_segments() {
    let server = Server::script(vec![Reply::json(200, json!({}))]).await;
    let engine = server.engine();
    for id in ["", "  ", ".", ".."] {
        let found = problems(
            engine
                .call_json("test_thing_get", json!({"id": id}))
                .await
                .unwrap_err(),
        );
        assert_eq!(found.len(), 1, "{id:?}: {found:?}");
        assert_eq!(found[0].path, "$.id");
    }
    let found = problems(
        engine
            .call_json("test_thing_get", json!({}))
            .await
            .unwrap_err(),
    );
    assert!(found[0].message.contains("required"));
    let found = problems(
        engine
            .call_json("test_thing_get", json!({"id": ["a"]}))
            .await
            .unwrap_err(),
    );
    assert!(found[0].message.contains("expected a string, got an array"));
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn arguments_must_be_an_object() {
    let server = Server::script(vec![Reply::json(200, json!({}))]).await;
    let found = problems(
        server
            .engine()
            .call_json("test_thing_get", json!(["thing_1"]))
            .await
            .unwrap_err(),
    );
    assert!(found[0].message.contains("JSON object"), "{found:?}");
}

#[tokio::test]
async fn unknown_and_unavailable_actions_fail_before_io() {
    let server = Server::script(vec![Reply::json(200, json!({}))]).await;
    let engine = server.engine();
    let error = engine
        .call_json("test_thing_gett", json!({}))
        .await
        .unwrap_err();
    match &error {
        Error::UnknownAction { suggestions, .. } => assert_eq!(suggestions[0], "test_thing_get"),
        other => panic!("{other:?}"),
    }
    assert!(
        error.to_string().contains("did you mean: test_thing_get"),
        "{error}"
    );

    let error = engine
        .call_json("test_thing_archive", json!({"id": "thing_1"}))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Unavailable { .. }));
    let message = error.to_string();
    assert!(
        message.contains("no archive endpoint")
            && message.contains("test_thing_delete, test_thing_update"),
        "{message}"
    );

    let typed = engine
        .call::<_, ()>(&THING_ARCHIVE, &json!({"id": "x"}))
        .await
        .unwrap_err();
    assert!(matches!(typed, Error::Unavailable { .. }));
    assert!(engine.dry_run(&THING_ARCHIVE, &json!({"id": "x"})).is_err());
    assert_eq!(server.count(), 0);
}

actionspec_runtime::json_struct! {
    struct CreateThing: ToJson {
        pub name: String,
        pub kind: Option<String>,
        pub size: Option<i64>,
    }
}

#[tokio::test]
async fn typed_calls_are_checked_against_the_same_limits() {
    let server = Server::script(vec![Reply::json(
        201,
        json!({"id": "thing_1", "name": "n"}),
    )])
    .await;
    let engine = server.engine();
    let error = engine
        .call::<_, Value>(
            &THING_CREATE,
            &CreateThing {
                name: "far too long a name".to_owned(),
                kind: None,
                size: None,
            },
        )
        .await
        .unwrap_err();
    let found = problems(error);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "$.name");
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn typed_calls_may_send_an_enum_value_the_catalog_does_not_know() {
    let server = Server::script(vec![Reply::json(
        201,
        json!({"id": "thing_1", "name": "n"}),
    )])
    .await;
    let engine = server.engine();
    let _: Value = engine
        .call(
            &THING_CREATE,
            &CreateThing {
                name: "n".to_owned(),
                kind: Some("medium".to_owned()),
                size: Some(3),
            },
        )
        .await
        .unwrap();
    assert_eq!(server.requests()[0].json()["kind"], "medium");
    // The same value in a dynamic call is refused.
    let error = engine
        .call_json("test_thing_create", json!({"name": "n", "kind": "medium"}))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("big, small"));
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn null_means_not_given() {
    let server = Server::script(vec![Reply::json(
        200,
        json!({"id": "thing_1", "name": "n"}),
    )])
    .await;
    let engine = server.engine();
    let _ = engine
        .call_json("test_thing_update", json!({"id": "thing_1", "name": null}))
        .await
        .unwrap();
    assert_eq!(server.requests()[0].json(), json!({}));
    let found = problems(
        engine
            .call_json("test_thing_get", json!({"id": null}))
            .await
            .unwrap_err(),
    );
    assert!(found[0].message.contains("required"));
}

#[test]
fn validate_json_checks_without_an_engine_call() {
    let engine = actionspec_runtime::Engine::builder(&API)
        .api_key("k")
        .build()
        .unwrap();
    let action = engine
        .validate_json("test_thing_get", &json!({"id": "thing_1"}))
        .unwrap();
    assert_eq!(action.name, "test_thing_get");
    assert!(
        engine
            .validate_json("test_thing_get", &json!({"id": 5.5}))
            .is_err()
    );
}

#[test]
fn validate_arguments_needs_no_engine_and_refuses_unknown_enum_values() {
    let args = |value: Value| value.as_object().cloned().unwrap();
    actionspec_runtime::validate_arguments(&API, &THINGS_LIST, &args(json!({"kind": "big"})))
        .unwrap();
    let found = problems(
        actionspec_runtime::validate_arguments(
            &API,
            &THINGS_LIST,
            &args(json!({"kind": "huge", "limit": 0})),
        )
        .unwrap_err(),
    );
    assert!(find(&found, "$.kind").message.contains("big, small"));
    assert!(find(&found, "$.limit").message.contains("at least 1"));
}
