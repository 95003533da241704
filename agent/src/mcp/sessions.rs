//! Legacy sessions over HTTP, bounded. A 2025-11-25 client opens a session with `initialize`
//! and the server keeps it (about 55 KB) until the client ends it or it idles out; 2026-07-28
//! clients have none. So that clients which never come back cannot fill the memory, a session
//! idle for `--session-idle` seconds ends (its client gets 404 and starts another, as the
//! protocol says), and past `--max-sessions` open sessions an `initialize` is answered 503 with
//! `Retry-After`, while every other request, stateless ones included, is still served.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;

/// Open sessions allowed by default: about 30 MB of them.
pub const DEFAULT_MAX_SESSIONS: usize = 500;

/// Seconds a session may stay idle by default.
pub const DEFAULT_IDLE_SECONDS: u64 = 300;

/// The header naming a request's session.
const SESSION_HEADER: &str = "mcp-session-id";

/// Largest body read to tell an `initialize` apart once the sessions are full (rmcp's own
/// limit on a request body).
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// The session manager and its cap.
#[derive(Debug)]
pub struct Sessions {
    manager: Arc<LocalSessionManager>,
    max: usize,
}

impl Sessions {
    /// At most `max` sessions, each ending after `idle` without a request.
    pub fn new(max: usize, idle: Duration) -> Self {
        let mut manager = LocalSessionManager::default();
        manager.session_config.keep_alive = Some(idle);
        Sessions {
            manager: Arc::new(manager),
            max,
        }
    }

    /// The manager to give rmcp's HTTP service.
    pub fn manager(&self) -> Arc<LocalSessionManager> {
        Arc::clone(&self.manager)
    }

    /// How many sessions are open.
    pub async fn open(&self) -> usize {
        self.manager.sessions.read().await.len()
    }
}

/// Middleware: 503 for an `initialize` once the sessions are full. The body is read only then.
pub async fn cap(State(sessions): State<Arc<Sessions>>, request: Request, next: Next) -> Response {
    let opens_one =
        request.method() == Method::POST && !request.headers().contains_key(SESSION_HEADER);
    if !opens_one || sessions.open().await < sessions.max {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return (StatusCode::PAYLOAD_TOO_LARGE, "the body is too large\n").into_response();
        }
    };
    let is_initialize = serde_json::from_slice::<serde_json::Value>(&bytes)
        .is_ok_and(|message| message["method"] == "initialize");
    if is_initialize {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, "30")],
            format!(
                "the server holds its maximum of {} sessions; retry later, or use protocol 2026-07-28, which needs none\n",
                sessions.max
            ),
        )
            .into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}
