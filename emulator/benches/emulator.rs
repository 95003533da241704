//! The emulator's throughput against a bare axum handler answering the same bytes, and the
//! memory it holds for 100,000 organizations.
//!
//! Targets: `GET /organizations/{id}` and a page of `GET /organizations` each at least 0.5 of
//! the requests per second of a bare axum handler that answers the same body from memory, on
//! the same machine in the same run.
//!
//! Criterion measures each request kind on its own; the ratios of the summary come from an
//! interleaved loop (short blocks of each server in turn, total times compared), which holds
//! up on a shared machine where runs a minute apart do not. Requests go through one reqwest
//! client with 8 in flight, as a busy client would send them. The memory figure is the heap
//! the emulator holds after loading 100,000 organizations (a counting global allocator), and
//! the process's resident memory beside it.
//!
//! Run with `cargo bench -p actionspec-emulator`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use actionspec_emulator::{Emulator, Running};
use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use bytes::Bytes;
use criterion::{Criterion, Throughput};
use serde_json::{Value, json};

/// Live heap bytes of the whole process.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const KEY: &str = "sk_bench";
const IN_FLIGHT: usize = 8;

fn organization(index: usize) -> Value {
    json!({
        "name": format!("Organization {index:06}"),
        "domains": [{
            "object": "organization_domain",
            "id": format!("org_domain_{index:026}"),
            "organization_id": "",
            "domain": format!("org{index}.example"),
            "state": "verified",
            "verification_strategy": "manual",
            "created_at": "2026-01-01T00:00:00.000Z",
            "updated_at": "2026-01-01T00:00:00.000Z"
        }],
        "metadata": {"tier": "gold"},
        "external_id": null,
    })
}

fn seeded(count: usize) -> Emulator {
    let organizations: Vec<Value> = (0..count).map(organization).collect();
    Emulator::new(&workos_client::descriptors::API).seed(json!({ "Organization": organizations }))
}

/// A bare axum server answering `body` with 200 and JSON on one path, on a thread and runtime
/// of its own with as many workers as the emulator's, so neither shares the client's.
fn bare(path: &'static str, body: Bytes) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = Router::new().route(
        path,
        get(move || {
            let body = body.clone();
            async move { ([(header::CONTENT_TYPE, "application/json")], body).into_response() }
        }),
    );
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    base
}

struct Target {
    name: &'static str,
    emulator_url: String,
    bare_url: String,
}

async fn burst(client: &reqwest::Client, url: &str, requests: usize) {
    let mut left = requests;
    while left > 0 {
        let batch = left.min(IN_FLIGHT);
        let calls = (0..batch).map(|_| async {
            let answer = client.get(url).bearer_auth(KEY).send().await.unwrap();
            assert!(answer.status().is_success());
            black_box(answer.bytes().await.unwrap());
        });
        futures::future::join_all(calls).await;
        left -= batch;
    }
}

/// Total time of `rounds` blocks of each server, alternating which goes first.
async fn interleaved(client: &reqwest::Client, target: &Target, rounds: usize) -> (f64, f64) {
    let (mut emulator, mut bare) = (Duration::ZERO, Duration::ZERO);
    for round in 0..rounds {
        let order = if round % 2 == 0 {
            [&target.emulator_url, &target.bare_url]
        } else {
            [&target.bare_url, &target.emulator_url]
        };
        for url in order {
            let started = Instant::now();
            burst(client, url, 200).await;
            if *url == target.emulator_url {
                emulator += started.elapsed();
            } else {
                bare += started.elapsed();
            }
        }
    }
    let per_second = |time: Duration| (rounds * 200) as f64 / time.as_secs_f64();
    (per_second(emulator), per_second(bare))
}

fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn memory_of_100_000() -> (f64, Option<u64>) {
    let before = LIVE.load(Ordering::Relaxed);
    let rss_before = resident_kib();
    let running: Running = seeded(100_000).start("127.0.0.1:0").unwrap();
    let count = running.with_store(|store| store.count("Organization"));
    assert_eq!(count, 100_000);
    let held = LIVE.load(Ordering::Relaxed) - before;
    let events = running.with_store(|store| store.count("Event"));
    assert_eq!(
        events, 100_000,
        "each seeded organization records its creation event"
    );
    let rss = resident_kib()
        .zip(rss_before)
        .map(|(after, before)| after.saturating_sub(before));
    drop(running);
    (held as f64 / (1024.0 * 1024.0), rss)
}

fn main() {
    let mut criterion = Criterion::default()
        .configure_from_args()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let running = seeded(1_000).start("127.0.0.1:0").unwrap();
    let client = reqwest::Client::new();
    let first_id = running.with_store(|store| {
        store.all("Organization")[500]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    });
    let get_url = format!("{}/organizations/{first_id}", running.base_url());
    let page_url = format!("{}/organizations?limit=10", running.base_url());
    let fetch = |url: &str| {
        runtime.block_on(async {
            client
                .get(url)
                .bearer_auth(KEY)
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap()
        })
    };
    let get_body = fetch(&get_url);
    let page_body = fetch(&page_url);
    let bare_get = bare("/organizations/{id}", get_body);
    let bare_page = bare("/organizations", page_body);
    let targets = [
        Target {
            name: "GET /organizations/{id}",
            emulator_url: get_url.clone(),
            bare_url: format!("{bare_get}/organizations/{first_id}"),
        },
        Target {
            name: "GET /organizations (a page of 10)",
            emulator_url: page_url.clone(),
            bare_url: format!("{bare_page}/organizations?limit=10"),
        },
    ];

    let mut group = criterion.benchmark_group("emulator");
    group.throughput(Throughput::Elements(IN_FLIGHT as u64));
    for target in &targets {
        for (server, url) in [
            ("emulator", &target.emulator_url),
            ("bare axum", &target.bare_url),
        ] {
            group.bench_function(format!("{} {server}", target.name), |bencher| {
                bencher
                    .to_async(&runtime)
                    .iter(|| burst(&client, url, IN_FLIGHT));
            });
        }
    }
    group.finish();

    println!("\nsummary (interleaved blocks of 200 requests, {IN_FLIGHT} in flight, 10 rounds):");
    for target in &targets {
        let (emulator, bare) = runtime.block_on(interleaved(&client, target, 10));
        println!(
            "  {:<36} emulator {:>8.0} req/s, bare axum {:>8.0} req/s, ratio {:.2} (target >= 0.5)",
            target.name,
            emulator,
            bare,
            emulator / bare
        );
    }
    drop(running);
    let (held_mib, rss_kib) = memory_of_100_000();
    println!(
        "  100,000 organizations (and their 100,000 creation events): {held_mib:.1} MiB of heap held by the emulator{}",
        rss_kib
            .map(|kib| format!(", resident memory +{:.1} MiB", kib as f64 / 1024.0))
            .unwrap_or_default()
    );
    criterion.final_summary();
}
