//! The generated client's request path against a hand-written reqwest call, and its memory
//! while streaming, on one loopback server in one run.
//!
//! Targets:
//! - a typed call (`client.organization_get`) at least 0.95 of the throughput of a hand-written
//!   reqwest call doing the same request;
//! - a dynamic call (`engine().call_json("workos_organization_get", ..)`) at least 0.90 of it;
//! - peak memory while streaming 100,000 items over 1,000 pages at most twice the peak of
//!   streaming one page of 100.
//!
//! Criterion measures each call on its own. The throughput ratios of the summary come from an
//! interleaved loop run afterwards (short blocks of calls of each kind in rotating order, total
//! time of each kind compared), which holds up on a small shared machine where comparing
//! benchmarks run a minute apart does not; the ratios of criterion's own samples are printed
//! beside them.
//!
//! Run with `cargo bench -p workspace-tests`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::RefCell;
use std::future::Future;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use futures::TryStreamExt;
use serde_json::json;
use workos_client::Client;
use workos_client::models::Organization;
use workos_client::params::{OrganizationGetParams, OrganizationsListParams};

// ---------------------------------------------------------------------------------------------
// Peak memory
// ---------------------------------------------------------------------------------------------

/// Counts the bytes the whole process holds while [`COUNTING`] is on.
///
/// What is counted: every allocation and free of every thread between [`start_counting`] and
/// [`stop_counting`]: the client (engine, reqwest and hyper buffers, the page being decoded,
/// the items), and also the loopback server, which runs in this process on its own thread. The
/// server's page bodies are built before counting starts and handed out as shared [`Bytes`], so
/// what it adds per page is only its request parsing and response headers, the same for every
/// page. Frees of memory allocated before counting started make the running total go below
/// zero; the peak is the highest total reached, that is the peak above the level at the start.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static CURRENT: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn record(delta: isize) {
    if COUNTING.load(Ordering::Relaxed) {
        let now = CURRENT.fetch_add(delta, Ordering::Relaxed) + delta;
        PEAK.fetch_max(now, Ordering::Relaxed);
    }
}

// SAFETY: every call is passed to the system allocator unchanged; only sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            record(layout.size() as isize);
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc_zeroed(layout) };
        if !pointer.is_null() {
            record(layout.size() as isize);
        }
        pointer
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            record(new_size as isize - layout.size() as isize);
        }
        moved
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        record(-(layout.size() as isize));
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn start_counting() {
    CURRENT.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::SeqCst);
}

/// Stops counting; answers the peak in bytes above the level when counting started.
fn stop_counting() -> usize {
    COUNTING.store(false, Ordering::SeqCst);
    PEAK.load(Ordering::Relaxed).max(0) as usize
}

// The loopback server, shared with the official crate's peer bench (benches/official).
#[path = "support/loopback.rs"]
mod loopback;
use loopback::*;

// ---------------------------------------------------------------------------------------------
// The three calls
// ---------------------------------------------------------------------------------------------

/// What every call needs: the one reqwest client, the generated client on top of it.
struct Setup {
    runtime: tokio::runtime::Runtime,
    url: String,
    http: reqwest::Client,
    client: Client,
    /// The same, with the base URL of the one-page listing.
    single: Client,
}

fn setup() -> Setup {
    let url = serve();
    // The client side runs on one thread, the server on another: each call's own work is all on
    // this thread, which is what the comparison is about, on a two-core machine.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the client runtime");
    let http = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .build()
        .expect("a reqwest client");
    let build = |base: &str| {
        Client::builder()
            .api_key(KEY)
            .base_url(base)
            .client(http.clone())
            .build()
            .map(Client::from)
            .expect("a client")
    };
    let client = build(&url);
    let single = build(&format!("{url}/single"));
    Setup {
        runtime,
        url,
        http,
        client,
        single,
    }
}

/// The hand-written peer, on the same client and server.
async fn hand_written(setup: &Setup) -> HandOrganization {
    loopback::hand_written(&setup.http, format!("{}/organizations/{ID}", setup.url)).await
}

async fn typed(setup: &Setup) -> Organization {
    setup
        .client
        .organization_get(OrganizationGetParams::new(ID))
        .await
        .expect("a typed call")
}

async fn dynamic(setup: &Setup) -> serde_json::Value {
    setup
        .client
        .engine()
        .call_json("workos_organization_get", json!({ "id": ID }))
        .await
        .expect("a dynamic call")
}

/// Per-call time of each sample criterion took (warm-up included; [`Samples::median`] keeps
/// only the last `sample_size`, which are the measured ones).
#[derive(Default)]
struct Samples(RefCell<Vec<Duration>>);

impl Samples {
    /// Runs `iters` calls for criterion and keeps the time per call of this sample.
    async fn measure<F: Future>(&self, iters: u64, call: impl Fn() -> F) -> Duration {
        let start = Instant::now();
        for _ in 0..iters {
            black_box(call().await);
        }
        let elapsed = start.elapsed();
        self.0.borrow_mut().push(Duration::from_secs_f64(
            elapsed.as_secs_f64() / iters.max(1) as f64,
        ));
        elapsed
    }

    fn median(&self, sample_size: usize) -> Option<Duration> {
        let times = self.0.borrow();
        let measured = &times[times.len().saturating_sub(sample_size)..];
        (!measured.is_empty()).then(|| median(measured.to_vec()))
    }
}

const SAMPLE_SIZE: usize = 100;

struct CriterionTimes {
    hand_written: Samples,
    typed: Samples,
    dynamic: Samples,
}

fn bench_calls(c: &mut Criterion, setup: &Setup) -> CriterionTimes {
    let times = CriterionTimes {
        hand_written: Samples::default(),
        typed: Samples::default(),
        dynamic: Samples::default(),
    };
    let mut group = c.benchmark_group("organization_get");
    group
        .sample_size(SAMPLE_SIZE)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Elements(1));
    group.bench_function("hand_written_reqwest", |b| {
        b.to_async(&setup.runtime)
            .iter_custom(|iters| times.hand_written.measure(iters, || hand_written(setup)))
    });
    group.bench_function("typed", |b| {
        b.to_async(&setup.runtime)
            .iter_custom(|iters| times.typed.measure(iters, || typed(setup)))
    });
    group.bench_function("dynamic", |b| {
        b.to_async(&setup.runtime)
            .iter_custom(|iters| times.dynamic.measure(iters, || dynamic(setup)))
    });
    group.finish();
    times
}

// ---------------------------------------------------------------------------------------------
// The summary's own measurements
// ---------------------------------------------------------------------------------------------

/// The interleaved loop: `BATCHES` batches of `ROUNDS` rounds; in each round every kind of call
/// makes `CALLS_PER_BLOCK` calls back to back, the order of the kinds rotating by round.
const BATCHES: usize = 5;
const ROUNDS: usize = 200;
const CALLS_PER_BLOCK: usize = 10;

/// Kinds of call, in the order of [`Interleaved`]'s arrays.
const HAND_WRITTEN: usize = 0;
const TYPED: usize = 1;
const DYNAMIC: usize = 2;

/// Total time and per-call times of each kind of call, from the interleaved loop.
///
/// Blocks of a few milliseconds each, interleaved, put every kind under the same load: on a
/// shared machine the speed of loopback calls drifts by a factor of two within a minute, which
/// would swamp a difference of a few percent between benchmarks run one after another.
struct Interleaved {
    /// Time spent in each kind's calls, per batch.
    totals: [[Duration; 3]; BATCHES],
    /// Every call's time, per kind.
    calls: [Vec<Duration>; 3],
}

impl Interleaved {
    /// Throughput of `kind` relative to the hand-written call over the whole loop: calls are
    /// as many of each kind, so it is the hand-written calls' total time over this kind's.
    fn ratio(&self, kind: usize) -> f64 {
        let total = |kind: usize| {
            self.totals
                .iter()
                .map(|batch| batch[kind])
                .sum::<Duration>()
        };
        total(HAND_WRITTEN).as_secs_f64() / total(kind).as_secs_f64()
    }

    /// The same ratio in each batch, lowest and highest: how much the estimate moves.
    fn spread(&self, kind: usize) -> (f64, f64) {
        self.totals
            .iter()
            .map(|batch| batch[HAND_WRITTEN].as_secs_f64() / batch[kind].as_secs_f64())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), ratio| {
                (low.min(ratio), high.max(ratio))
            })
    }

    /// Calls per second of `kind` over the whole loop.
    fn per_second(&self, kind: usize) -> f64 {
        let total = self
            .totals
            .iter()
            .map(|batch| batch[kind])
            .sum::<Duration>();
        (BATCHES * ROUNDS * CALLS_PER_BLOCK) as f64 / total.as_secs_f64()
    }

    /// Median time of one call of `kind`.
    fn median(&self, kind: usize) -> Duration {
        median(self.calls[kind].clone())
    }
}

async fn interleaved(setup: &Setup) -> Interleaved {
    /// Runs one block, adding each call's time to `calls`; answers the block's total.
    async fn block<F: Future>(calls: &mut Vec<Duration>, call: impl Fn() -> F) -> Duration {
        let mut total = Duration::ZERO;
        for _ in 0..CALLS_PER_BLOCK {
            let start = Instant::now();
            black_box(call().await);
            let elapsed = start.elapsed();
            calls.push(elapsed);
            total += elapsed;
        }
        total
    }
    let mut totals = [[Duration::ZERO; 3]; BATCHES];
    let mut calls: [Vec<Duration>; 3] =
        std::array::from_fn(|_| Vec::with_capacity(BATCHES * ROUNDS * CALLS_PER_BLOCK));
    for batch in &mut totals {
        for round in 0..ROUNDS {
            for offset in 0..3 {
                let kind = (round + offset) % 3;
                let calls = &mut calls[kind];
                batch[kind] += match kind {
                    HAND_WRITTEN => block(calls, || hand_written(setup)).await,
                    TYPED => block(calls, || typed(setup)).await,
                    _ => block(calls, || dynamic(setup)).await,
                };
            }
        }
    }
    Interleaved { totals, calls }
}

/// Peak bytes above the starting level while streaming every item of `client`'s organization
/// list with pages of 100, and the number of items read. Each item is dropped once read.
async fn stream_peak(client: &Client) -> (usize, usize) {
    let mut stream =
        client.organizations_list_stream(OrganizationsListParams::new().limit(PAGE_SIZE as i64));
    start_counting();
    let mut count = 0;
    while let Some(organization) = stream.try_next().await.expect("a page") {
        black_box(organization);
        count += 1;
    }
    drop(stream);
    (stop_counting(), count)
}

/// Median peaks of streaming one page and `PAGES` pages, three runs each, alternating.
async fn peaks(setup: &Setup) -> (usize, usize) {
    // One stream of each, not counted, so lazy statics and pooled connections exist already.
    assert_eq!(stream_peak(&setup.single).await.1, PAGE_SIZE);
    assert_eq!(stream_peak(&setup.client).await.1, PAGE_SIZE * PAGES);
    let mut one = Vec::new();
    let mut many = Vec::new();
    for _ in 0..3 {
        let (peak, count) = stream_peak(&setup.single).await;
        assert_eq!(count, PAGE_SIZE);
        one.push(peak);
        let (peak, count) = stream_peak(&setup.client).await;
        assert_eq!(count, PAGE_SIZE * PAGES);
        many.push(peak);
    }
    one.sort_unstable();
    many.sort_unstable();
    (one[1], many[1])
}

// ---------------------------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------------------------

const TYPED_TARGET: f64 = 0.95;
const DYNAMIC_TARGET: f64 = 0.90;
const MEMORY_TARGET: f64 = 2.0;

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort_unstable();
    values[values.len() / 2]
}

fn verdict(met: bool) -> &'static str {
    if met { "ok" } else { "MISSED" }
}

fn kib(bytes: usize) -> String {
    format!("{:.0} KiB", bytes as f64 / 1024.0)
}

fn micros(time: Duration) -> String {
    format!("{:.1} us", time.as_secs_f64() * 1e6)
}

fn summary(setup: &Setup, criterion: &CriterionTimes) {
    let interleaved = setup.runtime.block_on(interleaved(setup));
    let (one, many) = setup.runtime.block_on(peaks(setup));

    println!();
    println!("summary (this run; one loopback server; the same reqwest::Client):");
    for (name, kind, target) in [
        ("typed", TYPED, TYPED_TARGET),
        ("dynamic", DYNAMIC, DYNAMIC_TARGET),
    ] {
        let ratio = interleaved.ratio(kind);
        let (low, high) = interleaved.spread(kind);
        println!(
            "{name} call: {ratio:.3} of the hand-written call's throughput (target >= {target}) {}; batches {low:.3} to {high:.3}",
            verdict(ratio >= target),
        );
    }
    println!(
        "  interleaved loop, {BATCHES} x {ROUNDS} rounds of {CALLS_PER_BLOCK} calls of each kind: hand-written {:.0}/s, typed {:.0}/s, dynamic {:.0}/s; median call {}, {}, {}",
        interleaved.per_second(HAND_WRITTEN),
        interleaved.per_second(TYPED),
        interleaved.per_second(DYNAMIC),
        micros(interleaved.median(HAND_WRITTEN)),
        micros(interleaved.median(TYPED)),
        micros(interleaved.median(DYNAMIC)),
    );
    let samples = (
        criterion.hand_written.median(SAMPLE_SIZE),
        criterion.typed.median(SAMPLE_SIZE),
        criterion.dynamic.median(SAMPLE_SIZE),
    );
    match samples {
        (Some(hand), Some(typed), Some(dynamic)) => println!(
            "  criterion samples above (run one after another, so load changes show), median per call: hand-written {}, typed {} ({:.3}), dynamic {} ({:.3})",
            micros(hand),
            micros(typed),
            hand.as_secs_f64() / typed.as_secs_f64(),
            micros(dynamic),
            hand.as_secs_f64() / dynamic.as_secs_f64(),
        ),
        _ => println!("  criterion samples: not all three calls were benchmarked (filtered)"),
    }
    let ratio = many as f64 / one as f64;
    println!(
        "streaming: peak {} for {} items over {PAGES} pages, {} for one page of {PAGE_SIZE}; ratio {ratio:.2} (target <= {MEMORY_TARGET}) {}",
        kib(many),
        PAGE_SIZE * PAGES,
        kib(one),
        verdict(ratio <= MEMORY_TARGET),
    );
}

fn main() {
    let setup = setup();
    // Each call answers what it should before anything is timed.
    setup.runtime.block_on(async {
        let (hand, typed) = (hand_written(&setup).await, typed(&setup).await);
        assert_eq!(hand.id, ID);
        assert_eq!(
            (&typed.id, &typed.name, &typed.external_id, &typed.metadata),
            (&hand.id, &hand.name, &hand.external_id, &hand.metadata)
        );
        assert_eq!(typed.domains.len(), hand.domains.len());
        assert_eq!(typed.domains[0].domain, hand.domains[0].domain);
        assert_eq!(dynamic(&setup).await["id"], ID);
    });

    let mut criterion = Criterion::default().configure_from_args();
    let times = bench_calls(&mut criterion, &setup);
    criterion.final_summary();

    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and then criterion only
    // checks that each benchmark runs once, so the summary is skipped too.
    if std::env::args().any(|argument| argument == "--bench") {
        summary(&setup, &times);
    }
}
