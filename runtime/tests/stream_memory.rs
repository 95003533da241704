//! Streaming many pages holds one page at a time: peak memory while streaming 100,000 items
//! over 1,000 pages stays within twice the peak of streaming one page.
//!
//! A counting allocator measures every allocation of this test binary (the loopback server's
//! included, which is the same for each page), so this file holds a single test.

#[path = "runtime/support/mod.rs"]
mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::StreamExt;
use serde_json::json;

use actionspec_test_catalog::shapes::THINGS_LIST;
use support::{Reply, Server, page};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: defers every allocation to the system allocator; only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

actionspec_runtime::json_struct! {
    #[allow(dead_code)]
    struct Thing: FromJson {
        pub id: String,
        pub name: String,
    }
}

const PAGE_SIZE: usize = 100;

async fn listing(pages: usize) -> Server {
    Server::unrecorded(move |request, _| {
        let index = request
            .target
            .split_once("after=page_")
            .map_or(0, |(_, rest)| rest.parse::<usize>().unwrap());
        let items = (0..PAGE_SIZE)
            .map(|item| json!({"object": "thing", "id": format!("thing_{index}_{item}"), "name": "a thing with a name of some length"}))
            .collect();
        let next = format!("page_{}", index + 1);
        Reply::json(200, page(items, (index + 1 < pages).then_some(next.as_str())))
    })
    .await
}

/// Peak bytes above the level before streaming, and the number of items seen.
async fn stream_peak(pages: usize) -> (usize, usize) {
    let server = listing(pages).await;
    let engine = server.engine();
    // Warm the connection pool and lazy statics outside the measurement.
    let _ = engine
        .call_json("test_things_list", json!({"limit": 1}))
        .await
        .unwrap();
    let baseline = CURRENT.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    let mut stream = engine.stream::<_, Thing>(&THINGS_LIST, json!({"limit": PAGE_SIZE}));
    let mut count = 0;
    while let Some(item) = stream.next().await {
        item.unwrap();
        count += 1;
    }
    let peak = PEAK.load(Ordering::Relaxed) - baseline;
    assert_eq!(server.count(), pages + 1);
    (peak, count)
}

#[tokio::test(flavor = "current_thread")]
async fn streaming_many_pages_holds_one_page_at_a_time() {
    let (one, one_count) = stream_peak(1).await;
    let (many, many_count) = stream_peak(1_000).await;
    eprintln!("peak: one page {one} bytes, 1,000 pages {many} bytes");
    assert_eq!(one_count, PAGE_SIZE);
    assert_eq!(many_count, 1_000 * PAGE_SIZE);
    assert!(
        many <= 2 * one,
        "peak while streaming 1,000 pages is {many} bytes, one page {one} bytes"
    );
}
