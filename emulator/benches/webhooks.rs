//! How long an event takes to reach a webhook handler: from sending the API call that causes it
//! to the handler receiving the signed POST, on loopback. The API call alone is measured beside
//! it, so the difference is what delivery adds (queueing, signing, the second request).
//!
//! Run with `cargo bench -p actionspec-emulator --bench webhooks`.

use std::time::{Duration, Instant};

use actionspec_emulator::{Emulator, WebhookEndpoint};
use criterion::Criterion;
use serde_json::json;
use tokio::sync::mpsc;

const KEY: &str = "sk_test_bench";

fn bench(criterion: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    // The handler: tells the bench when each delivery arrives.
    let (arrived, mut arrivals) = mpsc::unbounded_channel::<()>();
    let receiver = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move || {
                let arrived = arrived.clone();
                async move {
                    let _ = arrived.send(());
                    "ok"
                }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        url
    });
    let emulator = Emulator::new(&workos_client::descriptors::API)
        .api_key(KEY)
        .webhook(WebhookEndpoint::new(receiver, "whsec_bench").events(["organization.created"]))
        .start("127.0.0.1:0")
        .unwrap();
    let url = format!("{}/organizations", emulator.base_url());
    let client = reqwest::Client::new();
    let create = || {
        client
            .post(&url)
            .bearer_auth(KEY)
            .json(&json!({ "name": "Latency" }))
            .send()
    };

    let mut group = criterion.benchmark_group("webhook delivery");
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("API call, then the handler receives the event", |bencher| {
        bencher.iter_custom(|iterations| {
            runtime.block_on(async {
                let start = Instant::now();
                for _ in 0..iterations {
                    create().await.unwrap();
                    arrivals.recv().await.unwrap();
                }
                start.elapsed()
            })
        });
    });
    group.bench_function("API call alone", |bencher| {
        bencher.iter_custom(|iterations| {
            runtime.block_on(async {
                let start = Instant::now();
                for _ in 0..iterations {
                    create().await.unwrap();
                }
                let elapsed = start.elapsed();
                // Drain the deliveries outside the measured time.
                for _ in 0..iterations {
                    arrivals.recv().await.unwrap();
                }
                elapsed
            })
        });
    });
    group.finish();
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion);
    criterion.final_summary();
}
