//! Each call runs in a span with the action, method, path template, attempt, status and
//! request id; the key never appears, bodies only when asked.
//!
//! Alone in its binary: tracing caches per-callsite interest process-wide, so a subscriber set
//! for one test races with tests running on other threads.

#[path = "runtime/support/mod.rs"]
mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use actionspec_test_catalog::shapes::THING_UPDATE;
use support::{KEY, Reply, Server};

/// Collects formatted tracing output.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn each_call_has_a_span_without_the_key_or_bodies() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = Server::script(vec![
        Reply::json(503, json!({})),
        Reply::json(201, json!({"id": "thing_1", "name": "secret-body-value"}))
            .header("x-request-id", "treq_trace"),
    ])
    .await;
    let engine = server
        .builder()
        .request_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let _: Value = engine
        .call(
            &THING_UPDATE,
            &json!({"id": "thing_1", "name": "secret-body-value"}),
        )
        .await
        .unwrap();
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("action=\"test_thing_update\""), "{log}");
    assert!(log.contains("method=\"PUT\""), "{log}");
    assert!(log.contains("path=\"/things/{id}\""), "{log}");
    assert!(log.contains("attempt=2"), "{log}");
    assert!(log.contains("status=201"), "{log}");
    assert!(log.contains("request_id=\"treq_trace\""), "{log}");
    assert!(log.contains("retrying"), "{log}");
    assert!(!log.contains(KEY), "{log}");
    assert!(
        !log.contains("secret-body-value"),
        "bodies are off by default: {log}"
    );

    captured.0.lock().unwrap().clear();
    let engine = server.builder().log_bodies(true).build().unwrap();
    let _: Value = engine
        .call(
            &THING_UPDATE,
            &json!({"id": "thing_1", "name": "secret-body-value"}),
        )
        .await
        .unwrap();
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("secret-body-value"),
        "bodies when asked: {log}"
    );
    assert!(!log.contains(KEY), "{log}");
}
