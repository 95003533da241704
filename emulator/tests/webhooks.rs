//! Webhook deliveries from the emulator to a receiver on loopback: signed, in order per
//! endpoint, retried after a failure, marked failed after the last try, filtered by type.
//!
//! One emulator and one receiver serve the whole file. Tests run at once, so each registers
//! endpoints of its own (a path of the receiver) and looks only at the events it caused.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use actionspec_emulator::{
    DeliveryOptions, DeliveryOutcome, Emulator, EndpointId, Running, WebhookEndpoint,
    WebhookSetupError,
};
use actionspec_runtime::ApiDescriptor;
use actionspec_runtime::webhook::WebhookSecret;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

const SECRET: &str = "whsec_emulator_test";
const KEY: &str = "sk_test_webhooks";

fn api() -> &'static ApiDescriptor {
    &workos_client::descriptors::API
}

/// What the receiver saw: one entry per request, in arrival order.
#[derive(Debug, Clone)]
struct Received {
    endpoint: String,
    signature: Option<String>,
    body: Vec<u8>,
}

#[derive(Default)]
struct Receiver {
    received: Mutex<Vec<Received>>,
    /// Requests seen per (endpoint, body), for the endpoints that fail a first try.
    tries: Mutex<HashMap<(String, Vec<u8>), u32>>,
}

/// Answers by the endpoint's name: `ok-*` 200, `flaky-*` 500 on each event's first try then
/// 204, `down-*` always 500, `slow-*` after two seconds.
async fn receive(
    State(receiver): State<Arc<Receiver>>,
    Path(endpoint): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    let signature = headers
        .get(api().webhooks.map_or("", |scheme| scheme.signature_header))
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    receiver.received.lock().unwrap().push(Received {
        endpoint: endpoint.clone(),
        signature,
        body: body.to_vec(),
    });
    let tries = {
        let mut tries = receiver.tries.lock().unwrap();
        let count = tries.entry((endpoint.clone(), body.to_vec())).or_default();
        *count += 1;
        *count
    };
    match endpoint.split('-').next() {
        Some("flaky") if tries == 1 => StatusCode::INTERNAL_SERVER_ERROR,
        Some("flaky") => StatusCode::NO_CONTENT,
        Some("down") => StatusCode::INTERNAL_SERVER_ERROR,
        Some("slow") => {
            tokio::time::sleep(Duration::from_secs(2)).await;
            StatusCode::OK
        }
        _ => StatusCode::OK,
    }
}

struct Fixture {
    emulator: Running,
    receiver: Arc<Receiver>,
    receiver_url: String,
    client: reqwest::Client,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let receiver = Arc::new(Receiver::default());
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let receiver_url = format!("http://{}", listener.local_addr().unwrap());
        let app = axum::Router::new()
            .route("/hook/{endpoint}", axum::routing::post(receive))
            .with_state(receiver.clone());
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                axum::serve(listener, app).await.unwrap();
            });
        });
        let emulator = Emulator::new(api())
            .api_key(KEY)
            .webhook_delivery(DeliveryOptions {
                attempts: 3,
                initial_backoff: Duration::from_millis(20),
                max_backoff: Duration::from_millis(50),
                timeout: Duration::from_millis(300),
                allow_remote: false,
            })
            .start("127.0.0.1:0")
            .unwrap();
        Fixture {
            emulator,
            receiver,
            receiver_url,
            client: reqwest::Client::new(),
        }
    })
}

impl Fixture {
    fn endpoint(&self, name: &str) -> WebhookEndpoint {
        WebhookEndpoint::new(format!("{}/hook/{name}", self.receiver_url), SECRET)
    }

    fn add(&self, endpoint: WebhookEndpoint) -> EndpointId {
        self.emulator.webhooks().add(endpoint).unwrap()
    }

    /// Creates an organization through the API; answers its id.
    async fn create_organization(&self, name: &str) -> String {
        let answer: Value = self
            .client
            .post(format!("{}/organizations", self.emulator.base_url()))
            .bearer_auth(KEY)
            .json(&json!({ "name": name }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        answer["id"].as_str().unwrap().to_owned()
    }

    async fn delete_organization(&self, id: &str) {
        let status = self
            .client
            .delete(format!("{}/organizations/{id}", self.emulator.base_url()))
            .bearer_auth(KEY)
            .send()
            .await
            .unwrap()
            .status();
        assert!(status.is_success(), "{status}");
    }

    /// What `endpoint` received, as (event type, id of the object it is about) in order, each
    /// request's signature checked first.
    fn received(&self, endpoint: &str) -> Vec<(String, String)> {
        let secret = WebhookSecret::new(api().webhooks.unwrap(), SECRET);
        let received: Vec<Received> = self.receiver.received.lock().unwrap().clone();
        received
            .into_iter()
            .filter(|request| request.endpoint == endpoint)
            .map(|request| {
                let signature = request.signature.expect("a signature header");
                let event: Value = secret
                    .verify_event(&request.body, &signature)
                    .unwrap_or_else(|error| panic!("{endpoint}: {error}"));
                (
                    event["event"].as_str().unwrap().to_owned(),
                    event["data"]["id"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }
}

/// Waits (up to ten seconds) until `done` holds.
async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out: {what}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn events_arrive_signed_and_in_order() {
    let fixture = fixture();
    fixture.add(fixture.endpoint("ok-order"));
    let mut ids = Vec::new();
    for number in 0..5 {
        ids.push(
            fixture
                .create_organization(&format!("Order {number}"))
                .await,
        );
    }
    fixture.delete_organization(&ids[0]).await;
    let mut expected: Vec<(String, String)> = ids
        .iter()
        .map(|id| ("organization.created".to_owned(), id.clone()))
        .collect();
    expected.push(("organization.deleted".to_owned(), ids[0].clone()));
    let ours = |received: Vec<(String, String)>| -> Vec<(String, String)> {
        received
            .into_iter()
            .filter(|(_, id)| ids.contains(id))
            .collect()
    };
    eventually("six deliveries", || {
        ours(fixture.received("ok-order")).len() == 6
    })
    .await;
    assert_eq!(ours(fixture.received("ok-order")), expected);
}

#[tokio::test]
async fn a_failed_try_is_retried() {
    let fixture = fixture();
    let endpoint = fixture.add(fixture.endpoint("flaky-retry"));
    let id = fixture.create_organization("Flaky").await;
    let webhooks = fixture.emulator.webhooks();
    let delivered = || {
        webhooks.deliveries().into_iter().find(|delivery| {
            delivery.endpoint == endpoint && delivery.event_type == "organization.created"
        })
    };
    eventually("the retried delivery", || delivered().is_some()).await;
    let delivery = delivered().unwrap();
    assert_eq!(delivery.attempts, 2, "{delivery:?}");
    assert_eq!(delivery.outcome, DeliveryOutcome::Delivered { status: 204 });
    let seen: Vec<_> = fixture
        .received("flaky-retry")
        .into_iter()
        .filter(|(_, about)| *about == id)
        .collect();
    assert_eq!(seen.len(), 2, "one failed try and one delivered: {seen:?}");
}

#[tokio::test]
async fn a_delivery_fails_after_the_last_try_and_the_next_event_still_goes() {
    let fixture = fixture();
    let endpoint = fixture.add(
        fixture
            .endpoint("down-always")
            .events(["organization.deleted"]),
    );
    let first = fixture.create_organization("Down 1").await;
    let second = fixture.create_organization("Down 2").await;
    fixture.delete_organization(&first).await;
    fixture.delete_organization(&second).await;
    let webhooks = fixture.emulator.webhooks();
    let ours = || -> Vec<_> {
        webhooks
            .deliveries()
            .into_iter()
            .filter(|delivery| delivery.endpoint == endpoint)
            .collect()
    };
    // Other tests delete organizations too: wait until every event this endpoint was sent,
    // ours among them, has ended.
    let sent = || -> Vec<String> {
        let mut ids: Vec<String> = fixture
            .received("down-always")
            .into_iter()
            .map(|(_, about)| about)
            .collect();
        ids.dedup();
        ids
    };
    eventually("both deliveries to end", || {
        let sent = sent();
        sent.contains(&second) && ours().len() == sent.len()
    })
    .await;
    for delivery in ours() {
        assert_eq!(delivery.attempts, 3, "{delivery:?}");
        assert_eq!(
            delivery.outcome,
            DeliveryOutcome::Failed {
                last_error: "answered 500".to_owned()
            }
        );
    }
    let tries = fixture.received("down-always");
    for id in [&first, &second] {
        let count = tries.iter().filter(|(_, about)| about == id).count();
        assert_eq!(count, 3, "three tries of {id}");
    }
}

#[tokio::test]
async fn only_the_subscribed_types_are_sent() {
    let fixture = fixture();
    fixture.add(
        fixture
            .endpoint("ok-deleted-only")
            .events(["organization.deleted"]),
    );
    let kept = fixture.create_organization("Kept").await;
    let gone = fixture.create_organization("Gone").await;
    fixture.delete_organization(&gone).await;
    eventually("the delete's delivery", || {
        fixture
            .received("ok-deleted-only")
            .iter()
            .any(|(_, about)| *about == gone)
    })
    .await;
    let received = fixture.received("ok-deleted-only");
    assert!(
        received
            .iter()
            .all(|(event, _)| event == "organization.deleted"),
        "{received:?}"
    );
    assert!(!received.iter().any(|(_, about)| *about == kept));
}

#[tokio::test]
async fn a_slow_endpoint_times_out_without_holding_up_the_api() {
    let fixture = fixture();
    // Only this test updates organizations, so nothing else is queued for this endpoint.
    let endpoint = fixture.add(
        fixture
            .endpoint("slow-timeout")
            .events(["organization.updated"]),
    );
    let webhooks = fixture.emulator.webhooks();
    let finished = || {
        webhooks
            .deliveries()
            .into_iter()
            .filter(|delivery| delivery.endpoint == endpoint)
            .count()
    };
    let id = fixture.create_organization("Slow").await;
    let status = fixture
        .client
        .put(format!(
            "{}/organizations/{id}",
            fixture.emulator.base_url()
        ))
        .bearer_auth(KEY)
        .json(&json!({ "name": "Slower" }))
        .send()
        .await
        .unwrap()
        .status();
    assert!(status.is_success(), "{status}");
    // Three tries of 300 ms each cannot have ended when the call that caused them answers.
    assert_eq!(finished(), 0);
    eventually("the timed-out delivery", || finished() == 1).await;
    let delivery = webhooks
        .deliveries()
        .into_iter()
        .find(|delivery| delivery.endpoint == endpoint)
        .unwrap();
    assert_eq!(
        delivery.outcome,
        DeliveryOutcome::Failed {
            last_error: "no answer within 300 ms".to_owned()
        }
    );
}

#[tokio::test]
async fn a_disabled_endpoint_receives_nothing_until_enabled() {
    let fixture = fixture();
    let endpoint = fixture.add(fixture.endpoint("ok-toggled").disabled());
    let before = fixture.create_organization("While disabled").await;
    assert!(fixture.emulator.webhooks().set_enabled(endpoint, true));
    let after = fixture.create_organization("While enabled").await;
    eventually("the delivery after enabling", || {
        fixture
            .received("ok-toggled")
            .iter()
            .any(|(_, about)| *about == after)
    })
    .await;
    assert!(
        !fixture
            .received("ok-toggled")
            .iter()
            .any(|(_, about)| *about == before)
    );
    assert!(fixture.emulator.webhooks().remove(endpoint));
    assert!(!fixture.emulator.webhooks().remove(endpoint));
}

#[test]
fn remote_and_malformed_urls_are_refused() {
    let webhooks = fixture().emulator.webhooks();
    assert!(matches!(
        webhooks.add(WebhookEndpoint::new("https://example.com/hook", SECRET)),
        Err(WebhookSetupError::Remote(_))
    ));
    assert!(matches!(
        webhooks.add(WebhookEndpoint::new("127.0.0.1:9/hook", SECRET)),
        Err(WebhookSetupError::BadUrl(_))
    ));
}
