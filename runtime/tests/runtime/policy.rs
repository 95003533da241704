//! The write policy at every entry point.

use std::sync::{Arc, Mutex};

use actionspec_runtime::{Decision, Error, Page, WritePolicy, WriteRequest};
use futures::StreamExt;
use serde_json::{Value, json};

use crate::support::{KEY, Reply, Server, page};
use actionspec_test_catalog::shapes::*;

async fn ok_server() -> Server {
    Server::with(|request, _| match request.method.as_str() {
        "DELETE" => Reply::empty(204),
        _ if request.target.starts_with("/batches") => {
            Reply::json(200, page(vec![json!({"n": 1})], None))
        }
        _ => Reply::json(200, json!({"id": "thing_1", "name": "one"})),
    })
    .await
}

/// Every entry point that can send a write, each returning the error (or success) it met.
async fn every_write_entry_point(
    engine: &actionspec_runtime::Engine,
) -> Vec<(&'static str, actionspec_runtime::Result<()>)> {
    let mut results = Vec::new();
    results.push((
        "call",
        engine
            .call::<_, Value>(&THING_CREATE, &json!({"name": "one"}))
            .await
            .map(drop),
    ));
    results.push((
        "call delete",
        engine
            .call::<_, ()>(&THING_DELETE, &json!({"id": "thing_1"}))
            .await,
    ));
    results.push((
        "call_json",
        engine
            .call_json("test_thing_update", json!({"id": "thing_1", "name": "x"}))
            .await
            .map(drop),
    ));
    results.push((
        "page",
        engine
            .page::<_, Value>(&BATCHES_RUN, &json!({}))
            .await
            .map(drop),
    ));
    results.push((
        "page_json",
        engine
            .page_json("test_batches_run", json!({}))
            .await
            .map(|_: Page<Value>| ()),
    ));
    let streamed: Vec<_> = engine
        .stream::<_, Value>(&BATCHES_RUN, json!({}))
        .collect()
        .await;
    results.push((
        "stream",
        streamed.into_iter().try_for_each(|item| item.map(drop)),
    ));
    let streamed: Vec<_> = engine
        .stream_json("test_batches_run", json!({}))
        .collect()
        .await;
    results.push((
        "stream_json",
        streamed.into_iter().try_for_each(|item| item.map(drop)),
    ));
    results
}

#[tokio::test]
async fn read_only_refuses_every_write_before_any_io() {
    let server = ok_server().await;
    let engine = server
        .builder()
        .write_policy(WritePolicy::ReadOnly)
        .build()
        .unwrap();
    for (entry, result) in every_write_entry_point(&engine).await {
        let error = result.expect_err(entry);
        assert!(
            matches!(error, Error::WriteRefused { .. }),
            "{entry}: {error:?}"
        );
        assert!(error.nothing_sent());
        let message = error.to_string();
        assert!(
            message.contains("read-only") && message.contains("test_"),
            "{entry}: {message}"
        );
    }
    assert_eq!(server.count(), 0);
    // Reads still pass.
    let _: Value = engine
        .call(&THING_GET, &json!({"id": "thing_1"}))
        .await
        .unwrap();
    let _: Value = engine.call(&EXPORT_CREATE, &json!({})).await.unwrap();
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn allow_sends_every_write() {
    let server = ok_server().await;
    let engine = server.engine();
    for (entry, result) in every_write_entry_point(&engine).await {
        result.unwrap_or_else(|error| panic!("{entry}: {error}"));
    }
    assert_eq!(server.count(), 7);
}

#[tokio::test]
async fn a_refusing_callback_sends_nothing_at_any_entry_point() {
    let server = ok_server().await;
    let seen: Arc<Mutex<Vec<WriteRequest>>> = Arc::default();
    let log = Arc::clone(&seen);
    let policy = WritePolicy::confirm(move |request| {
        log.lock().unwrap().push(request);
        async { Decision::Refuse("the operator said no".to_owned()) }
    });
    let engine = server.builder().write_policy(policy).build().unwrap();
    let results = every_write_entry_point(&engine).await;
    for (entry, result) in &results {
        let error = result.as_ref().expect_err(entry);
        assert!(
            error.to_string().contains("the operator said no"),
            "{entry}: {error}"
        );
    }
    assert_eq!(server.count(), 0);
    assert_eq!(seen.lock().unwrap().len(), results.len());
    // Reads never reach the callback.
    let _: Value = engine
        .call(&THING_GET, &json!({"id": "thing_1"}))
        .await
        .unwrap();
    assert_eq!(seen.lock().unwrap().len(), results.len());
}

#[tokio::test]
async fn the_callback_sees_the_exact_request_and_the_destructive_mark() {
    let server = ok_server().await;
    let seen: Arc<Mutex<Vec<WriteRequest>>> = Arc::default();
    let log = Arc::clone(&seen);
    let policy = WritePolicy::confirm(move |request: WriteRequest| {
        let destructive = request.destructive;
        log.lock().unwrap().push(request);
        async move {
            if destructive {
                Decision::Refuse("no deletes".into())
            } else {
                Decision::Allow
            }
        }
    });
    let engine = server.builder().write_policy(policy).build().unwrap();
    let _: Value = engine
        .call(&THING_CREATE, &json!({"name": "one", "kind": "big"}))
        .await
        .unwrap();
    let error = engine
        .call::<_, ()>(&THING_DELETE, &json!({"id": "thing 1"}))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::WriteRefused { .. }));
    assert_eq!(server.count(), 1, "only the allowed create was sent");

    let seen = seen.lock().unwrap();
    let create = &seen[0];
    assert_eq!(create.action.name, "test_thing_create");
    assert_eq!(create.method.as_str(), "POST");
    assert_eq!(create.url, format!("{}/things", server.url()));
    assert_eq!(create.body, Some(json!({"name": "one", "kind": "big"})));
    assert!(!create.destructive);
    let delete = &seen[1];
    assert!(delete.destructive);
    assert_eq!(delete.url, format!("{}/things/thing%201", server.url()));
    assert_eq!(delete.body, None);
    let shown = format!("{seen:?}");
    assert!(!shown.contains(KEY), "the key never reaches the callback");

    // What was confirmed is what was sent.
    let sent = &server.requests()[0];
    assert_eq!(sent.json(), json!({"name": "one", "kind": "big"}));
}
