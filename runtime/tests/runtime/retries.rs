//! Retry sequences against scripted servers.

use std::time::{Duration, Instant};

use actionspec_runtime::{CallOptions, Error, RetryConfig, TimeoutKind};
use serde_json::{Value, json};

use crate::support::{Reply, Server};
use actionspec_test_catalog::shapes::*;

fn thing() -> Value {
    json!({"object": "thing", "id": "thing_1", "name": "one"})
}

fn keys(server: &Server) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|request| {
            request
                .header("idempotency-key")
                .expect("POST carries a key")
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn retries_429_then_succeeds() {
    let server = Server::script(vec![
        Reply::json(429, json!({"message": "slow down"})).header("retry-after", "0"),
        Reply::json(200, thing()),
    ])
    .await;
    let got: Value = server
        .engine()
        .call(&THING_GET, &json!({"id": "thing_1"}))
        .await
        .unwrap();
    assert_eq!(got["id"], "thing_1");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn honours_a_short_retry_after() {
    let server = Server::script(vec![
        Reply::json(429, json!({"message": "slow down"})).header("retry-after", "0.2"),
        Reply::json(200, thing()),
    ])
    .await;
    let started = Instant::now();
    let _: Value = server
        .engine()
        .call(&THING_GET, &json!({"id": "x"}))
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "slept through Retry-After"
    );
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn retries_503_twice_then_succeeds() {
    let server = Server::script(vec![
        Reply::json(503, json!({"message": "busy"})),
        Reply::json(503, json!({"message": "busy"})),
        Reply::json(200, thing()),
    ])
    .await;
    let got: Value = server
        .engine()
        .call(&THING_GET, &json!({"id": "thing_1"}))
        .await
        .unwrap();
    assert_eq!(got["name"], "one");
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn gives_up_on_500_when_attempts_run_out() {
    let server = Server::script(vec![
        Reply::json(500, json!({"message": "boom"})).header("x-request-id", "treq_9"),
    ])
    .await;
    let engine = server.builder().max_retries(2).build().unwrap();
    let error = engine
        .call::<_, Value>(&THING_GET, &json!({"id": "x"}))
        .await
        .unwrap_err();
    assert_eq!(server.count(), 3);
    let Error::Server(api) = &error else {
        panic!("expected a server error, got {error:?}");
    };
    assert_eq!(api.attempts, 3);
    assert_eq!(api.request_id.as_deref(), Some("treq_9"));
    assert!(
        !error.write_outcome_unknown(),
        "a read has no write outcome"
    );
    assert!(error.to_string().contains("3 attempts"), "{error}");
}

#[tokio::test]
async fn per_call_retry_count_overrides_the_engine() {
    let server = Server::script(vec![Reply::json(502, json!({}))]).await;
    let engine = server
        .engine()
        .with_options(CallOptions::new().max_retries(0));
    let error = engine
        .call::<_, Value>(&THING_GET, &json!({"id": "x"}))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Server(_)));
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn does_not_retry_other_client_errors() {
    for status in [400, 401, 403, 404, 409, 422] {
        let server = Server::script(vec![Reply::json(status, json!({"message": "no"}))]).await;
        let error = server
            .engine()
            .call::<_, Value>(&THING_GET, &json!({"id": "x"}))
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(status));
        assert_eq!(server.count(), 1, "status {status} must not be retried");
    }
}

#[tokio::test]
async fn retries_a_reset_connection_for_reads() {
    let server = Server::script(vec![Reply::Reset, Reply::json(200, thing())]).await;
    let got: Value = server
        .engine()
        .call(&THING_GET, &json!({"id": "x"}))
        .await
        .unwrap();
    assert_eq!(got["id"], "thing_1");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_reset_connection_is_a_transport_error_when_attempts_run_out() {
    let server = Server::script(vec![Reply::Reset]).await;
    let engine = server.builder().max_retries(1).build().unwrap();
    let error = engine
        .call::<_, Value>(&THING_GET, &json!({"id": "x"}))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Transport { attempts: 2, .. }),
        "{error:?}"
    );
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn retries_a_slow_read_after_its_timeout() {
    let server = Server::script(vec![
        Reply::json(200, thing()).delayed(Duration::from_secs(3)),
        Reply::json(200, thing()),
    ])
    .await;
    let engine = server
        .builder()
        .request_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let got: Value = engine.call(&THING_GET, &json!({"id": "x"})).await.unwrap();
    assert_eq!(got["id"], "thing_1");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_slow_read_times_out_when_attempts_run_out() {
    let server = Server::script(vec![
        Reply::json(200, thing()).delayed(Duration::from_secs(3)),
    ])
    .await;
    let engine = server
        .builder()
        .request_timeout(Duration::from_millis(300))
        .max_retries(1)
        .build()
        .unwrap();
    let error = engine
        .call::<_, Value>(&THING_GET, &json!({"id": "x"}))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Timeout {
                kind: TimeoutKind::Request,
                attempts: 2,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn the_deadline_bounds_the_whole_call() {
    let server = Server::script(vec![
        Reply::json(503, json!({})).delayed(Duration::from_millis(100)),
    ])
    .await;
    let engine = server
        .builder()
        .retry(
            RetryConfig::default()
                .max_retries(100)
                .initial_backoff(Duration::from_millis(10))
                .jitter(false),
        )
        .build()
        .unwrap()
        .with_options(CallOptions::new().deadline(Duration::from_millis(350)));
    let started = Instant::now();
    let error = engine
        .call::<_, Value>(&THING_GET, &json!({"id": "x"}))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
    assert!(
        matches!(
            error,
            Error::Server(_)
                | Error::Timeout {
                    kind: TimeoutKind::Deadline,
                    ..
                }
        ),
        "{error:?}"
    );
    // Each attempt takes at least 100 ms, so the deadline allows three or four at most.
    assert!(
        server.count() >= 2 && server.count() <= 4,
        "{} requests",
        server.count()
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_returned_not_slept() {
    let server = Server::script(vec![
        Reply::json(
            429,
            json!({"message": "Too many requests", "code": "rate_limit_exceeded"}),
        )
        .header("retry-after", "120")
        .header("x-request-id", "treq_rl"),
    ])
    .await;
    let started = Instant::now();
    let error = server
        .engine()
        .call::<_, Value>(&THING_GET, &json!({"id": "x"}))
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(server.count(), 1);
    let Error::RateLimited(api) = &error else {
        panic!("expected rate limited, got {error:?}");
    };
    assert_eq!(api.retry_after, Some(Duration::from_secs(120)));
    assert!(api.retry_at.is_some());
    let message = error.to_string();
    assert!(
        message.contains("wait 120 s") && message.contains("try again after"),
        "{message}"
    );
}

#[tokio::test]
async fn the_retry_after_cap_is_configurable_per_call() {
    let server = Server::script(vec![
        Reply::json(429, json!({})).header("retry-after", "1"),
        Reply::json(200, thing()),
    ])
    .await;
    let engine = server
        .engine()
        .with_options(CallOptions::new().max_retry_after(Duration::from_millis(500)));
    let error = engine
        .call::<_, Value>(&THING_GET, &json!({"id": "x"}))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::RateLimited(_)));
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_retried_post_carries_the_same_key_every_time() {
    let server = Server::script(vec![
        Reply::json(429, json!({})).header("retry-after", "0"),
        Reply::json(429, json!({})),
        Reply::json(201, thing()),
    ])
    .await;
    let _: Value = server
        .engine()
        .call(&THING_CREATE, &json!({"name": "one"}))
        .await
        .unwrap();
    let keys = keys(&server);
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|key| *key == keys[0]), "{keys:?}");
    assert_eq!(keys[0].len(), 36, "a UUID: {}", keys[0]);
}

#[tokio::test]
async fn each_logical_post_gets_its_own_key() {
    let server = Server::script(vec![Reply::json(201, thing())]).await;
    let engine = server.engine();
    for _ in 0..3 {
        let _: Value = engine
            .call(&THING_CREATE, &json!({"name": "one"}))
            .await
            .unwrap();
    }
    let mut keys = keys(&server);
    keys.dedup();
    assert_eq!(keys.len(), 3);
}

#[tokio::test]
async fn a_caller_supplied_key_is_used_on_every_attempt() {
    let server = Server::script(vec![
        Reply::json(503, json!({})),
        Reply::json(200, json!({"ok": true})),
    ])
    .await;
    let engine = server
        .engine()
        .with_options(CallOptions::new().idempotency_key("send-42"));
    let _: Value = engine
        .call(&THING_SEND, &json!({"id": "thing_1", "to": "a@b.c"}))
        .await
        .unwrap();
    assert_eq!(keys(&server), vec!["send-42", "send-42"]);
}

#[tokio::test]
async fn an_idempotent_post_is_retried_after_5xx_with_the_same_key() {
    let server = Server::script(vec![
        Reply::json(500, json!({})),
        Reply::json(502, json!({})),
        Reply::json(200, json!({"sent": true})),
    ])
    .await;
    let got: Value = server
        .engine()
        .call(&THING_SEND, &json!({"id": "thing_1", "to": "a@b.c"}))
        .await
        .unwrap();
    assert_eq!(got["sent"], true);
    let keys = keys(&server);
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|key| *key == keys[0]));
}

#[tokio::test]
async fn an_idempotent_post_is_retried_after_a_timeout() {
    let server = Server::script(vec![
        Reply::json(200, json!({})).delayed(Duration::from_secs(3)),
        Reply::json(200, json!({"sent": true})),
    ])
    .await;
    let engine = server
        .builder()
        .request_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let got: Value = engine
        .call(&THING_SEND, &json!({"id": "thing_1", "to": "a@b.c"}))
        .await
        .unwrap();
    assert_eq!(got["sent"], true);
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_non_idempotent_post_is_never_sent_twice_after_a_5xx() {
    for status in [500, 502, 503, 504, 408] {
        let server = Server::script(vec![
            Reply::json(status, json!({"message": "oops"})),
            Reply::json(201, thing()),
        ])
        .await;
        let error = server
            .engine()
            .call::<_, Value>(&THING_CREATE, &json!({"name": "one"}))
            .await
            .unwrap_err();
        assert_eq!(server.count(), 1, "status {status}");
        assert!(error.write_outcome_unknown(), "status {status}: {error:?}");
        assert!(
            error.to_string().contains("may or may not have happened"),
            "{error}"
        );
    }
}

#[tokio::test]
async fn a_non_idempotent_post_is_never_sent_twice_after_a_timeout() {
    let server = Server::script(vec![
        Reply::json(201, thing()).delayed(Duration::from_secs(3)),
        Reply::json(201, thing()),
    ])
    .await;
    let engine = server
        .builder()
        .request_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let error = engine
        .call::<_, Value>(&THING_CREATE, &json!({"name": "one"}))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Timeout {
                attempts: 1,
                write_outcome_unknown: true,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("may or may not have happened"));
    // Give a wrongly sent retry time to arrive before counting.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_non_idempotent_post_is_not_resent_after_a_reset() {
    let server = Server::script(vec![Reply::Reset, Reply::json(201, thing())]).await;
    let error = server
        .engine()
        .call::<_, Value>(&THING_CREATE, &json!({"name": "one"}))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Transport {
                write_outcome_unknown: true,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_non_idempotent_patch_is_not_resent_after_a_5xx() {
    let server = Server::script(vec![Reply::json(503, json!({})), Reply::json(200, thing())]).await;
    let error = server
        .engine()
        .call::<_, Value>(&THING_PATCH, &json!({"id": "thing_1", "name": "x"}))
        .await
        .unwrap_err();
    assert!(error.write_outcome_unknown());
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn put_and_delete_are_retried_after_5xx() {
    let server = Server::script(vec![Reply::json(503, json!({})), Reply::json(200, thing())]).await;
    let _: Value = server
        .engine()
        .call(&THING_UPDATE, &json!({"id": "thing_1", "name": "x"}))
        .await
        .unwrap();
    assert_eq!(server.count(), 2);
    assert_eq!(
        server.requests()[0].header("idempotency-key"),
        None,
        "only POSTs carry a key"
    );

    let server = Server::script(vec![Reply::json(500, json!({})), Reply::empty(204)]).await;
    server
        .engine()
        .call::<_, ()>(&THING_DELETE, &json!({"id": "thing_1"}))
        .await
        .unwrap();
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_post_that_reads_is_retried_like_a_read() {
    let server = Server::script(vec![
        Reply::json(500, json!({})),
        Reply::json(201, json!({"id": "export_1"})),
    ])
    .await;
    let got: Value = server
        .engine()
        .call(&EXPORT_CREATE, &json!({}))
        .await
        .unwrap();
    assert_eq!(got["id"], "export_1");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_post() {
    // Bind then drop a listener: the port is (very likely) closed, so every connect fails
    // before anything is sent.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let engine = actionspec_runtime::Engine::builder(&API)
        .api_key(crate::support::KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(crate::support::fast_retry().max_retries(2))
        .build()
        .unwrap();
    let error = engine
        .call::<_, Value>(&THING_CREATE, &json!({"name": "one"}))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Transport {
                attempts: 3,
                write_outcome_unknown: false,
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn backoff_grows_and_is_capped() {
    let retry = RetryConfig::default().jitter(false);
    assert_eq!(retry.backoff(0), Duration::from_millis(500));
    assert_eq!(retry.backoff(1), Duration::from_secs(1));
    assert_eq!(retry.backoff(2), Duration::from_secs(2));
    assert_eq!(retry.backoff(10), Duration::from_secs(8));
    assert_eq!(retry.backoff(u32::MAX), Duration::from_secs(8));
    let jittered = RetryConfig::default();
    for attempt in 0..6 {
        let plain = retry.backoff(attempt);
        for _ in 0..50 {
            let wait = jittered.backoff(attempt);
            assert!(
                wait >= plain / 2 && wait <= Duration::from_secs(8),
                "{wait:?} vs {plain:?}"
            );
        }
    }
}
