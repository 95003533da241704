//! Throughput of the request path against a hand-written reqwest call, on loopback.
//!
//! Targets: a typed call at least 0.95 of the hand-written call's throughput, a dynamic call at
//! least 0.90. Run with `cargo bench -p actionspec-runtime`.

#[path = "../tests/runtime/support/catalog.rs"]
#[allow(dead_code)]
mod catalog;

use std::time::Duration;

use actionspec_runtime::Engine;
use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use criterion::{Criterion, criterion_group, criterion_main};
use serde::{Deserialize, Serialize};

const KEY: &str = "sk_bench";

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Thing {
    id: String,
    name: String,
    kind: Option<String>,
}

#[derive(Serialize)]
struct GetThing<'a> {
    id: &'a str,
}

async fn serve() -> String {
    let app = Router::new().route(
        "/things/{id}",
        get(|Path(id): Path<String>| async move {
            (
                [("content-type", "application/json"), ("x-request-id", "req_bench")],
                format!(r#"{{"object":"thing","id":"{id}","name":"Bench thing","kind":"big","created_at":"2026-01-01T00:00:00Z"}}"#),
            )
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let url = runtime.block_on(serve());
    let client = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let engine = Engine::builder(&catalog::API)
        .api_key(KEY)
        .base_url(&url)
        .client(client.clone())
        .build()
        .unwrap();

    let mut group = c.benchmark_group("get_one");
    group.bench_function("hand_written_reqwest", |b| {
        b.to_async(&runtime).iter(|| async {
            let thing: Thing = client
                .get(format!("{url}/things/thing_01H"))
                .bearer_auth(KEY)
                .timeout(Duration::from_secs(60))
                .send()
                .await
                .unwrap()
                .error_for_status()
                .unwrap()
                .json()
                .await
                .unwrap();
            thing
        })
    });
    group.bench_function("engine_typed", |b| {
        b.to_async(&runtime).iter(|| async {
            let thing: Thing = engine
                .call(&catalog::THING_GET, &GetThing { id: "thing_01H" })
                .await
                .unwrap();
            thing
        })
    });
    group.bench_function("engine_dynamic", |b| {
        b.to_async(&runtime).iter(|| async {
            engine
                .call_json("test_thing_get", serde_json::json!({"id": "thing_01H"}))
                .await
                .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
