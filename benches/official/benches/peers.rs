//! The generated client against the official `workos` crate, on one loopback server, in one run.
//!
//! Four scenarios, each with the same server and bodies for every peer:
//! - one organization (`GET /organizations/{id}`), calls one after another;
//! - a page of 100 organizations with one domain each (`GET /organizations?limit=100`);
//! - 100 concurrent callers, each getting one organization;
//! - a stream of every organization over 1,000 pages of 100.
//!
//! Peers: the official crate (`workos` 3.5.0, as a user builds it: `Client::builder()` with the
//! key and base URL), this project's typed client (`workos_client::Client` built the same way)
//! and, for the first three, a hand-written reqwest call decoding with serde's derive.
//!
//! Each scenario runs in batches of rounds; in each round every peer runs one block of calls,
//! the order of the peers rotating by round, so that load from the rest of a shared machine
//! falls on all of them alike. The summary gives the throughput of the typed client relative
//! to the official crate and to the hand-written call (total time of the other peer over the
//! typed client's), with the lowest and highest ratio of the batches, and the same ratio of
//! the CPU time the calling thread spent in each peer's blocks (the client's own work, which
//! load from the rest of the machine stretches far less than wall time).
//!
//! Target: typed calls at least 1.0 of the official crate's throughput for one organization, a
//! page of 100 and 100 concurrent callers.
//!
//! Run with `cargo bench --manifest-path benches/official/Cargo.toml --bench peers`; a word
//! after `--` (`one`, `page`, `concurrent` or `stream`) runs that scenario alone.

use std::future::Future;
use std::hint::black_box;
use std::time::{Duration, Instant};

use futures::TryStreamExt;
use futures::future::join_all;
use workos_client::params::{OrganizationGetParams, OrganizationsListParams};

// The loopback server, shared with the workspace's client bench (tests/benches/client.rs).
#[path = "../../../tests/benches/support/loopback.rs"]
mod loopback;
use loopback::*;

// ---------------------------------------------------------------------------------------------
// The peers
// ---------------------------------------------------------------------------------------------

struct Peers {
    url: String,
    official: workos::Client,
    typed: workos_client::Client,
    /// The hand-written call's own client.
    http: reqwest::Client,
}

impl Peers {
    fn new(url: String) -> Self {
        let official = workos::Client::builder()
            .api_key(KEY)
            .base_url(url.as_str())
            .build();
        let typed = workos_client::Client::builder()
            .api_key(KEY)
            .base_url(url.as_str())
            .build()
            .map(workos_client::Client::from)
            .expect("a client");
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .build()
            .expect("a reqwest client");
        Self {
            url,
            official,
            typed,
            http,
        }
    }

    async fn official_get(&self) -> workos::Organization {
        self.official
            .organizations()
            .get_organization(ID)
            .await
            .expect("an official call")
    }

    async fn typed_get(&self) -> workos_client::models::Organization {
        self.typed
            .organization_get(OrganizationGetParams::new(ID))
            .await
            .expect("a typed call")
    }

    async fn hand_get(&self) -> HandOrganization {
        self.hand(format!("{}/organizations/{ID}", self.url)).await
    }

    async fn official_page(&self) -> Vec<workos::Organization> {
        let params = workos::organizations::ListOrganizationsParams {
            limit: Some(PAGE_SIZE as i64),
            ..Default::default()
        };
        self.official
            .organizations()
            .list_organizations(params)
            .await
            .expect("an official page")
            .data
    }

    async fn typed_page(&self) -> Vec<workos_client::models::Organization> {
        self.typed
            .organizations_list(OrganizationsListParams::new().limit(PAGE_SIZE as i64))
            .await
            .expect("a typed page")
            .items
    }

    async fn hand_page(&self) -> Vec<HandOrganization> {
        let page: HandPage = self
            .hand(format!("{}/organizations?limit={PAGE_SIZE}", self.url))
            .await;
        page.data
    }

    /// Every organization of the 1,000 pages; answers how many there were.
    async fn official_stream(&self) -> usize {
        let params = workos::organizations::ListOrganizationsParams {
            limit: Some(PAGE_SIZE as i64),
            ..Default::default()
        };
        let organizations = self.official.organizations();
        let mut stream = std::pin::pin!(organizations.list_organizations_auto_paging(params));
        let mut count = 0;
        while let Some(organization) = stream.try_next().await.expect("an official page") {
            black_box(organization);
            count += 1;
        }
        count
    }

    async fn typed_stream(&self) -> usize {
        let mut stream = self
            .typed
            .organizations_list_stream(OrganizationsListParams::new().limit(PAGE_SIZE as i64));
        let mut count = 0;
        while let Some(organization) = stream.try_next().await.expect("a typed page") {
            black_box(organization);
            count += 1;
        }
        count
    }

    /// The hand-written peer, on the same client and server.
    async fn hand<T: serde::de::DeserializeOwned>(&self, url: String) -> T {
        loopback::hand_written(&self.http, url).await
    }
}

#[derive(serde::Deserialize)]
struct HandPage {
    data: Vec<HandOrganization>,
}

// ---------------------------------------------------------------------------------------------
// Interleaved blocks
// ---------------------------------------------------------------------------------------------

const OFFICIAL: usize = 0;
const TYPED: usize = 1;
const HAND: usize = 2;
const NAMES: [&str; 3] = ["official", "typed", "hand-written"];

/// How one scenario is measured.
struct Plan {
    name: &'static str,
    batches: usize,
    rounds: usize,
    /// Calls (or streams, or waves of concurrent calls) per block.
    per_block: usize,
    /// The peers that take part, by index into [`NAMES`].
    peers: &'static [usize],
}

/// Time of each peer in each batch.
struct Measured {
    plan: Plan,
    totals: Vec<[Duration; 3]>,
    /// CPU time of the calling thread, per peer: the client's own work, which load on the
    /// machine does not stretch as it stretches wall time.
    cpu: [Duration; 3],
}

/// CPU time this thread has run, from `/proc/thread-self/schedstat` (nanoseconds, first field);
/// zero where it cannot be read.
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

impl Measured {
    fn total(&self, peer: usize) -> Duration {
        self.totals.iter().map(|batch| batch[peer]).sum()
    }

    /// Throughput of the typed client relative to `peer`: `peer`'s time over the typed one's.
    fn ratio(&self, peer: usize) -> f64 {
        self.total(peer).as_secs_f64() / self.total(TYPED).as_secs_f64()
    }

    fn spread(&self, peer: usize) -> (f64, f64) {
        self.totals
            .iter()
            .map(|batch| batch[peer].as_secs_f64() / batch[TYPED].as_secs_f64())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), ratio| {
                (low.min(ratio), high.max(ratio))
            })
    }

    fn units(&self) -> u32 {
        (self.plan.batches * self.plan.rounds * self.plan.per_block) as u32
    }

    /// Time of one unit (call, wave or stream) of `peer`, on average.
    fn each(&self, peer: usize) -> Duration {
        self.total(peer) / self.units()
    }

    /// CPU time of the calling thread per unit of `peer`.
    fn cpu_each(&self, peer: usize) -> Duration {
        self.cpu[peer] / self.units()
    }
}

/// Runs `plan`, `run(peer)` being one unit of work of that peer.
async fn measure<F, Fut>(plan: Plan, run: F) -> Measured
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = ()>,
{
    // One unit of each peer first, not timed: connections are open, lazy statics built.
    for &peer in plan.peers {
        run(peer).await;
    }
    let mut totals = vec![[Duration::ZERO; 3]; plan.batches];
    let mut cpu = [Duration::ZERO; 3];
    for batch in &mut totals {
        for round in 0..plan.rounds {
            for offset in 0..plan.peers.len() {
                let peer = plan.peers[(round + offset) % plan.peers.len()];
                let cpu_before = thread_cpu();
                let started = Instant::now();
                for _ in 0..plan.per_block {
                    run(peer).await;
                }
                batch[peer] += started.elapsed();
                cpu[peer] += thread_cpu().saturating_sub(cpu_before);
            }
        }
    }
    Measured { plan, totals, cpu }
}

fn report(measured: &Measured, target: Option<f64>) {
    let plan = &measured.plan;
    let each: Vec<String> = plan
        .peers
        .iter()
        .map(|&peer| {
            format!(
                "{} {:.1} us (client thread's CPU {:.1} us)",
                NAMES[peer],
                measured.each(peer).as_secs_f64() * 1e6,
                measured.cpu_each(peer).as_secs_f64() * 1e6
            )
        })
        .collect();
    println!(
        "{} ({} batches x {} rounds x {} per block; each: {}):",
        plan.name,
        plan.batches,
        plan.rounds,
        plan.per_block,
        each.join(", ")
    );
    for &peer in plan.peers {
        if peer == TYPED {
            continue;
        }
        let ratio = measured.ratio(peer);
        let (low, high) = measured.spread(peer);
        let verdict = match target {
            Some(target) if peer == OFFICIAL => {
                if ratio >= target {
                    format!(" (target >= {target}) ok")
                } else {
                    format!(" (target >= {target}) MISSED")
                }
            }
            _ => String::new(),
        };
        let cpu = measured.cpu[peer].as_secs_f64() / measured.cpu[TYPED].as_secs_f64();
        println!(
            "  typed / {}: {ratio:.3}{verdict}; batches {low:.3} to {high:.3}; by the client thread's CPU time {cpu:.3}",
            NAMES[peer]
        );
    }
}

const TARGET: f64 = 1.0;
const CONCURRENT: usize = 100;

fn main() {
    // `cargo test --benches` runs bench targets without `--bench`: nothing to measure then.
    if !std::env::args().any(|argument| argument == "--bench") {
        return;
    }
    let only: Option<String> = std::env::args()
        .skip(1)
        .find(|argument| !argument.starts_with("--"));
    let wanted = |name: &str| only.as_deref().is_none_or(|word| word == name);
    let peers = Peers::new(serve());
    // One thread for every client: each call's own work is on it; the server has another.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the client runtime");
    let peers = &peers;

    runtime.block_on(async {
        // Every peer answers the same before anything is timed.
        let (official, typed, hand) = (
            peers.official_get().await,
            peers.typed_get().await,
            peers.hand_get().await,
        );
        assert_eq!(
            (&official.id, &typed.id, &hand.id),
            (&ID.into(), &ID.into(), &ID.into())
        );
        assert_eq!(typed.domains[0].domain, official.domains[0].domain);
        assert_eq!(typed.metadata.len(), official.metadata.len());
        let (official, typed) = (peers.official_page().await, peers.typed_page().await);
        assert_eq!((official.len(), typed.len()), (PAGE_SIZE, PAGE_SIZE));
        assert_eq!(official[99].id, typed[99].id);
    });

    println!("summary (this run; one loopback server; ratios are throughput, typed / peer):");
    if wanted("one") {
        let one = runtime.block_on(measure(
            Plan {
                name: "one organization",
                batches: 5,
                rounds: 300,
                per_block: 20,
                peers: &[OFFICIAL, TYPED, HAND],
            },
            |peer| async move {
                match peer {
                    OFFICIAL => drop(black_box(peers.official_get().await)),
                    TYPED => drop(black_box(peers.typed_get().await)),
                    _ => drop(black_box(peers.hand_get().await)),
                }
            },
        ));
        report(&one, Some(TARGET));
    }

    if wanted("page") {
        let page = runtime.block_on(measure(
            Plan {
                name: "a page of 100",
                batches: 5,
                rounds: 60,
                per_block: 10,
                peers: &[OFFICIAL, TYPED, HAND],
            },
            |peer| async move {
                match peer {
                    OFFICIAL => drop(black_box(peers.official_page().await)),
                    TYPED => drop(black_box(peers.typed_page().await)),
                    _ => drop(black_box(peers.hand_page().await)),
                }
            },
        ));
        report(&page, Some(TARGET));
    }

    if wanted("concurrent") {
        let concurrent = runtime.block_on(measure(
            Plan {
                name: "100 concurrent callers, one organization each (a block: one wave of 100)",
                batches: 5,
                rounds: 60,
                per_block: 1,
                peers: &[OFFICIAL, TYPED, HAND],
            },
            |peer| async move {
                match peer {
                    OFFICIAL => {
                        let calls = (0..CONCURRENT).map(|_| peers.official_get());
                        drop(black_box(join_all(calls).await));
                    }
                    TYPED => {
                        let calls = (0..CONCURRENT).map(|_| peers.typed_get());
                        drop(black_box(join_all(calls).await));
                    }
                    _ => {
                        let calls = (0..CONCURRENT).map(|_| peers.hand_get());
                        drop(black_box(join_all(calls).await));
                    }
                }
            },
        ));
        report(&concurrent, Some(TARGET));
    }

    if wanted("stream") {
        let stream = runtime.block_on(measure(
            Plan {
                name: "a stream of 1,000 pages of 100",
                batches: 3,
                rounds: 4,
                per_block: 1,
                peers: &[OFFICIAL, TYPED],
            },
            |peer| async move {
                let count = match peer {
                    OFFICIAL => peers.official_stream().await,
                    _ => peers.typed_stream().await,
                };
                assert_eq!(count, PAGE_SIZE * PAGES);
            },
        ));
        report(&stream, None);
    }
}
