//! What the client benches share: the loopback server (WorkOS's answers for one organization and
//! for pages of organizations, served from bytes built once) and the hand-written reqwest peer.
//! Included by path from `tests/benches/client.rs` and the official crate's peer bench
//! (`benches/official/benches/peers.rs`), so that both measure against the same server, bodies
//! and baseline.

// Each bench uses a different part.
#![allow(dead_code)]

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

pub const KEY: &str = "sk_test_bench_a1b2c3d4e5f6";
pub const ID: &str = "org_01EHZNVPK3SFK441A1RGBFSHRT";
pub const PAGE_SIZE: usize = 100;
pub const PAGES: usize = 1_000;
/// Ids of listed organizations: this prefix, then the page and item numbers in 7 digits each,
/// so a cursor (the last id of a page) names its page.
pub const LIST_ID_PREFIX: &str = "org_01HZBENCH";

/// An organization as WorkOS answers it: one verified domain, metadata, external id.
pub fn organization(id: &str) -> serde_json::Value {
    json!({
        "object": "organization",
        "id": id,
        "name": "Foo Corporation",
        "allow_profiles_outside_organization": false,
        "domains": [{
            "object": "organization_domain",
            "id": "org_domain_01EHZNVPK2QXHMVWCEDQEKY69A",
            "organization_id": id,
            "domain": "foo-corp.com",
            "state": "verified",
            "verification_strategy": "dns",
            "verification_prefix": "superapp-domain-verification-z3kjny",
            "verification_token": "m5Oztg3jdK4NJLgs8uIlIprMw",
            "created_at": "2024-06-25T19:07:33.155Z",
            "updated_at": "2024-06-25T19:07:33.155Z"
        }],
        "metadata": {"tier": "enterprise", "region": "eu-west-1"},
        "external_id": "2fe01467-f7ea-4dd2-8b79-c2b4f56d0191",
        "stripe_customer_id": "cus_R9qWAGMQ6nGE7V",
        "created_at": "2024-06-25T19:07:33.155Z",
        "updated_at": "2024-06-25T19:07:33.155Z"
    })
}

/// A list envelope of page `page`, its cursor pointing at the next page unless `last`.
pub fn list_page(page: usize, last: bool) -> Bytes {
    let data: Vec<_> = (0..PAGE_SIZE)
        .map(|item| organization(&format!("{LIST_ID_PREFIX}{page:07}{item:07}")))
        .collect();
    let after = (!last).then(|| format!("{LIST_ID_PREFIX}{page:07}{:07}", PAGE_SIZE - 1));
    let before = (page > 0).then(|| format!("{LIST_ID_PREFIX}{page:07}{:07}", 0));
    let body = json!({
        "object": "list",
        "data": data,
        "list_metadata": {"before": before, "after": after}
    });
    Bytes::from(serde_json::to_vec(&body).expect("a JSON value serializes"))
}

/// Every body the server sends, built before anything is measured.
pub struct Bodies {
    organization: Bytes,
    /// `GET /organizations`: `PAGES` pages following `after`.
    pages: Vec<Bytes>,
    /// `GET /single/organizations`: one page, the last.
    single: Bytes,
}

pub fn json_reply(body: Bytes) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::HeaderName::from_static("x-request-id"), "req_bench"),
        ],
        body,
    )
        .into_response()
}

pub async fn get_organization(
    State(bodies): State<&'static Bodies>,
    Path(id): Path<String>,
) -> Response {
    if id == ID {
        json_reply(bodies.organization.clone())
    } else {
        (StatusCode::NOT_FOUND, "{\"message\":\"not found\"}").into_response()
    }
}

/// The page after the cursor in `after`, or the first page.
pub async fn list_organizations(
    State(bodies): State<&'static Bodies>,
    RawQuery(query): RawQuery,
) -> Response {
    let after = query.as_deref().and_then(|query| {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix("after="))
    });
    let page = match after {
        None => 0,
        Some(cursor) => match cursor
            .strip_prefix(LIST_ID_PREFIX)
            .and_then(|rest| rest.get(..7))
            .and_then(|page| page.parse::<usize>().ok())
        {
            Some(page) => page + 1,
            None => {
                return (StatusCode::BAD_REQUEST, "{\"message\":\"bad cursor\"}").into_response();
            }
        },
    };
    match bodies.pages.get(page) {
        Some(body) => json_reply(body.clone()),
        None => (StatusCode::BAD_REQUEST, "{\"message\":\"no such page\"}").into_response(),
    }
}

pub async fn list_single(State(bodies): State<&'static Bodies>) -> Response {
    json_reply(bodies.single.clone())
}

/// Starts the server on its own thread and runtime; answers its base URL.
pub fn serve() -> String {
    let bodies: &'static Bodies = Box::leak(Box::new(Bodies {
        organization: Bytes::from(serde_json::to_vec(&organization(ID)).expect("serializes")),
        pages: (0..PAGES)
            .map(|page| list_page(page, page + 1 == PAGES))
            .collect(),
        single: list_page(0, true),
    }));
    let app = Router::new()
        .route("/organizations/{id}", get(get_organization))
        .route("/organizations", get(list_organizations))
        .route("/single/organizations", get(list_single))
        .with_state(bodies);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    listener
        .set_nonblocking(true)
        .expect("a non-blocking listener");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("the server runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("a tokio listener");
            axum::serve(listener, app).await.expect("the server runs");
        });
    });
    url
}

/// The organization as a hand-written client declares it: serde's derive, enums as strings.
#[derive(serde::Deserialize)]
pub struct HandOrganization {
    pub object: String,
    pub id: String,
    pub name: String,
    pub domains: Vec<HandDomain>,
    pub metadata: BTreeMap<String, String>,
    pub external_id: Option<String>,
    pub stripe_customer_id: Option<String>,
    pub allow_profiles_outside_organization: Option<bool>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(serde::Deserialize)]
pub struct HandDomain {
    pub object: String,
    pub id: String,
    pub organization_id: String,
    pub domain: String,
    pub state: Option<String>,
    pub verification_prefix: Option<String>,
    pub verification_token: Option<String>,
    pub verification_strategy: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// What a careful hand-written call does: the same headers and per-attempt timeout as the
/// engine's request, a status check, and decoding of the body with serde's derive.
pub async fn hand_written<T: serde::de::DeserializeOwned>(
    http: &reqwest::Client,
    url: String,
) -> T {
    let response = http
        .get(url)
        .bearer_auth(KEY)
        .header(
            reqwest::header::USER_AGENT,
            actionspec_runtime::DEFAULT_USER_AGENT,
        )
        .header(reqwest::header::ACCEPT, "application/json")
        .timeout(actionspec_runtime::DEFAULT_REQUEST_TIMEOUT)
        .send()
        .await
        .expect("the server answers");
    assert!(
        response.status().is_success(),
        "status {}",
        response.status()
    );
    let body = response.bytes().await.expect("a body");
    serde_json::from_slice(&body).expect("the answer decodes")
}
