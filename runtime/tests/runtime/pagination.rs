//! Pages and streams.

use actionspec_runtime::{Error, Page};
use futures::StreamExt;
use serde_json::{Value, json};

use crate::support::{Reply, Server, page};
use actionspec_test_catalog::shapes::*;

actionspec_runtime::json_struct! {
    #[derive(Debug, PartialEq)]
    struct Thing: FromJson {
        pub id: String,
    }
}

/// The query value of `name` in a request target.
fn query(target: &str, name: &str) -> Option<String> {
    let (_, query) = target.split_once('?')?;
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// A server listing `total` things, `size` per page, cursor = the last id of the page.
async fn listing(total: usize, size: usize) -> Server {
    Server::with(move |request, _| {
        let start = match query(&request.target, "after") {
            Some(after) => after.trim_start_matches("thing_").parse::<usize>().unwrap() + 1,
            None => 0,
        };
        let end = (start + size).min(total);
        let items: Vec<Value> = (start..end)
            .map(|index| json!({"object": "thing", "id": format!("thing_{index}"), "name": "n"}))
            .collect();
        let after = (end < total).then(|| format!("thing_{}", end - 1));
        Reply::json(200, page(items, after.as_deref()))
    })
    .await
}

#[tokio::test]
async fn streams_every_item_over_many_pages() {
    let server = listing(250, 7).await;
    let items: Vec<Thing> = server
        .engine()
        .stream(&THINGS_LIST, json!({"limit": 7, "tags": ["a", "b"]}))
        .map(|item| item.unwrap())
        .collect()
        .await;
    assert_eq!(items.len(), 250);
    for (index, item) in items.iter().enumerate() {
        assert_eq!(item.id, format!("thing_{index}"));
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 36);
    assert_eq!(query(&requests[0].target, "after"), None);
    assert_eq!(
        query(&requests[1].target, "after").as_deref(),
        Some("thing_6")
    );
    for request in &requests {
        assert_eq!(
            query(&request.target, "limit").as_deref(),
            Some("7"),
            "{}",
            request.target
        );
        assert_eq!(query(&request.target, "tags").as_deref(), Some("a,b"));
    }
}

#[tokio::test]
async fn streams_an_empty_list() {
    let server = Server::script(vec![Reply::json(200, page(vec![], None))]).await;
    let items: Vec<actionspec_runtime::Result<Thing>> = server
        .engine()
        .stream(&THINGS_LIST, json!({}))
        .collect()
        .await;
    assert!(items.is_empty());
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn stops_on_a_repeated_cursor() {
    let server = Server::with(|request, _| {
        // Always answers the same cursor: a server bug that would loop forever.
        let id = query(&request.target, "after").unwrap_or_else(|| "start".into());
        Reply::json(200, page(vec![json!({"id": id})], Some("cursor_a")))
    })
    .await;
    let results: Vec<actionspec_runtime::Result<Thing>> = server
        .engine()
        .stream(&THINGS_LIST, json!({}))
        .collect()
        .await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap().id, "start");
    assert_eq!(results[1].as_ref().unwrap().id, "cursor_a");
    let error = results[2].as_ref().unwrap_err();
    assert!(
        matches!(error, Error::RepeatedCursor { pages: 2, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("cursor_a"));
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn take_caps_the_total_and_fetches_no_more_pages_than_needed() {
    let server = listing(1_000, 10).await;
    let items: Vec<Thing> = server
        .engine()
        .stream(&THINGS_LIST, json!({"limit": 10}))
        .take(25)
        .map(|item| item.unwrap())
        .collect()
        .await;
    assert_eq!(items.len(), 25);
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn an_error_ends_the_stream() {
    let server = Server::script(vec![
        Reply::json(200, page(vec![json!({"id": "thing_0"})], Some("thing_0"))),
        Reply::json(404, json!({"message": "gone", "code": "no_such_object"})),
    ])
    .await;
    let results: Vec<actionspec_runtime::Result<Thing>> = server
        .engine()
        .stream(&THINGS_LIST, json!({}))
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    assert!(matches!(results[1], Err(Error::NotFound(_))));
}

#[tokio::test]
async fn bad_arguments_fail_the_stream_before_any_request() {
    let server = listing(10, 5).await;
    let results: Vec<actionspec_runtime::Result<Thing>> = server
        .engine()
        .stream(&THINGS_LIST, json!({"limit": 1000}))
        .collect()
        .await;
    assert_eq!(results.len(), 1);
    assert!(matches!(results[0], Err(Error::InvalidArguments { .. })));
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn one_page_at_a_time() {
    let server = listing(12, 5).await;
    let engine = server.engine();
    let first: Page<Thing> = engine
        .page(&THINGS_LIST, &json!({"limit": 5}))
        .await
        .unwrap();
    assert_eq!(first.items.len(), 5);
    assert_eq!(first.next_cursor.as_deref(), Some("thing_4"));
    assert!(!first.is_last());
    assert_eq!(first.envelope["object"], "list");
    assert!(
        !first.envelope.contains_key("data"),
        "items are not kept twice"
    );
    let last: Page<Thing> = engine
        .page(&THINGS_LIST, &json!({"limit": 5, "after": "thing_9"}))
        .await
        .unwrap();
    assert_eq!(
        last.items,
        vec![
            Thing {
                id: "thing_10".into()
            },
            Thing {
                id: "thing_11".into()
            }
        ]
    );
    assert!(last.is_last());
}

#[tokio::test]
async fn a_page_without_items_is_a_decode_error() {
    let server = Server::script(vec![
        Reply::json(200, json!({"object": "list"})).header("x-request-id", "treq_p"),
    ])
    .await;
    let error = server
        .engine()
        .page::<_, Thing>(&THINGS_LIST, &json!({}))
        .await
        .unwrap_err();
    let Error::Decode {
        request_id,
        excerpt,
        ..
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!(request_id.as_deref(), Some("treq_p"));
    assert!(excerpt.contains("\"object\""));
    assert!(
        error.to_string().contains("missing field `data`"),
        "{error}"
    );
}

#[tokio::test]
async fn dynamic_pages_and_streams() {
    let server = listing(9, 4).await;
    let engine = server.engine();
    let page = engine
        .page_json("test_things_list", json!({"limit": 4}))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 4);
    assert_eq!(page.items[0]["id"], "thing_0");
    let all: Vec<Value> = engine
        .stream_json("test_things_list", json!({"limit": 4}))
        .map(|item| item.unwrap())
        .collect()
        .await;
    assert_eq!(all.len(), 9);
    let envelope = engine
        .call_json("test_things_list", json!({"limit": 4}))
        .await
        .unwrap();
    assert_eq!(envelope["data"].as_array().unwrap().len(), 4);
    assert_eq!(envelope["list_metadata"]["after"], "thing_3");

    let unknown: Vec<_> = engine
        .stream_json("test_things_lst", json!({}))
        .collect()
        .await;
    assert!(matches!(&unknown[..], [Err(Error::UnknownAction { .. })]));
}

#[tokio::test]
async fn a_stream_hands_out_the_items_before_one_that_does_not_decode_then_ends() {
    let items = vec![
        json!({"id": "thing_0"}),
        json!({"id": "thing_1"}),
        json!({"id": 2}),
        json!({"id": "thing_3"}),
    ];
    let server = Server::script(vec![
        Reply::json(200, page(items, Some("thing_3"))).header("x-request-id", "treq_s"),
    ])
    .await;
    let results: Vec<Result<Thing, Error>> = server
        .engine()
        .stream(&THINGS_LIST, json!({}))
        .collect()
        .await;
    assert_eq!(
        results.len(),
        3,
        "two items, the error, and no further page"
    );
    assert_eq!(results[1].as_ref().unwrap().id, "thing_1");
    let error = results[2].as_ref().unwrap_err();
    let Error::Decode { request_id, .. } = error else {
        panic!("{error:?}");
    };
    assert_eq!(request_id.as_deref(), Some("treq_s"));
    assert!(
        error
            .to_string()
            .contains("at $.data[2].id: expected a string, found an integer"),
        "{error}"
    );
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn items_that_are_not_an_array_are_a_decode_error() {
    let server = Server::script(vec![Reply::json(
        200,
        json!({"object": "list", "data": {"id": "thing_0"}}),
    )])
    .await;
    let mut stream = server.engine().stream::<_, Thing>(&THINGS_LIST, json!({}));
    let error = stream.next().await.unwrap().unwrap_err();
    assert!(
        error
            .to_string()
            .contains("at $.data: expected an array, found an object"),
        "{error}"
    );
    assert!(stream.next().await.is_none());
}
