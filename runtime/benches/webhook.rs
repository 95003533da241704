//! What checking a webhook costs per event: parsing the header, the tolerance, HMAC-SHA256 over
//! the body and the constant-time comparison; and the same followed by decoding the body.
//! Signing is measured beside it (the emulator and `events forward` sign every delivery).
//!
//! The body is an 800-byte event, about the size of a WorkOS `user.updated` webhook.
//!
//! Run with `cargo bench -p actionspec-runtime --bench webhook`.

use std::hint::black_box;
use std::time::SystemTime;

use actionspec_runtime::webhook::{
    SignatureScheme, TimestampUnit, WebhookDescriptor, WebhookSecret,
};
use criterion::{Criterion, Throughput};
use serde_json::{Value, json};

const SCHEME: WebhookDescriptor = WebhookDescriptor {
    signature_header: "Bench-Signature",
    scheme: SignatureScheme::TimestampedHmacSha256,
    timestamp_unit: TimestampUnit::Milliseconds,
    tolerance_secs: 180,
};

fn event() -> Vec<u8> {
    let mut metadata = serde_json::Map::new();
    for index in 0..12 {
        metadata.insert(
            format!("key_{index}"),
            json!(format!("value number {index}")),
        );
    }
    let event = json!({
        "object": "event",
        "id": "event_01JABCDEFGHJKMNPQRSTVWXYZ0",
        "event": "user.updated",
        "data": {
            "object": "user",
            "id": "user_01JABCDEFGHJKMNPQRSTVWXYZ0",
            "email": "ada.lovelace@example.com",
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email_verified": true,
            "profile_picture_url": "https://workos.imgix.net/images/ada.png",
            "external_id": "f1ffa2b2-c20b-4d39-be5c-212726e11222",
            "metadata": metadata,
            "created_at": "2026-01-01T00:00:00.000Z",
            "updated_at": "2026-01-02T00:00:00.000Z",
        },
        "created_at": "2026-01-02T00:00:00.000Z",
    });
    serde_json::to_vec(&event).unwrap()
}

fn bench(criterion: &mut Criterion) {
    let secret = WebhookSecret::new(SCHEME, "whsec_bench_secret_0123456789");
    let body = event();
    let header = secret.sign(&body, SystemTime::now());
    let mut group = criterion.benchmark_group("webhook");
    group.throughput(Throughput::Elements(1));
    group.bench_function(format!("verify ({} B body)", body.len()), |bencher| {
        bencher.iter(|| secret.verify(black_box(&body), black_box(&header)).unwrap());
    });
    group.bench_function("verify and decode", |bencher| {
        bencher.iter(|| {
            secret
                .verify_event::<Value>(black_box(&body), black_box(&header))
                .unwrap()
        });
    });
    group.bench_function("sign", |bencher| {
        bencher.iter(|| secret.sign(black_box(&body), SystemTime::now()));
    });
    group.finish();
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion);
    criterion.final_summary();
}
