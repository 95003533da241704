//! A WorkOS webhook handler in axum: the signature is checked against the raw body with the
//! endpoint's secret before the event is trusted, then the event is used typed.
//!
//! Try it against the emulator, which signs its deliveries as WorkOS does:
//!
//! ```sh
//! WORKOS_WEBHOOK_SECRET=whsec_local cargo run -p workspace-tests --example webhook_handler
//! WORKOS_WEBHOOK_SECRET=whsec_local cargo run -p workos-actions -- emulator \
//!     --webhook http://127.0.0.1:3000/webhooks
//! ```
//!
//! or forward real events to it with `workos-actions events forward --to
//! http://127.0.0.1:3000/webhooks` (same secret variable).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use workos_client::models::Event;
use workos_client::webhooks::{self, WebhookError, WebhookSecret};

/// Answers 200 for a genuine event, 400 (saying which check failed) for anything else.
async fn receive(
    State(secret): State<Arc<WebhookSecret>>,
    headers: HeaderMap,
    body: Bytes, // the raw body: the signature covers these exact bytes
) -> Result<StatusCode, (StatusCode, String)> {
    let event: Event = secret
        .signature_in(&headers)
        .and_then(|signature| secret.verify_event(&body, signature))
        .map_err(|error: WebhookError| (StatusCode::BAD_REQUEST, error.to_string()))?;
    println!(
        "{} {} {:?}",
        event.event.as_str(),
        event.id,
        event.data.get("id")
    );
    Ok(StatusCode::OK)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let secret = std::env::var("WORKOS_WEBHOOK_SECRET").unwrap_or_else(|_| {
        eprintln!("set WORKOS_WEBHOOK_SECRET to the endpoint's secret");
        std::process::exit(2);
    });
    // WorkOS's scheme and default tolerance (180 s either way) come from the catalog.
    let secret = Arc::new(webhooks::secret(secret));
    let app = Router::new()
        .route("/webhooks", post(receive))
        .with_state(secret);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://127.0.0.1:3000/webhooks");
    axum::serve(listener, app).await
}
