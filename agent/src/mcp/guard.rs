//! Who may talk to the HTTP server: a browser `Origin` must be loopback or allowed (against DNS
//! rebinding: 403 otherwise), and the request must carry the credentials the server asks for:
//! none, the static bearer token, or an OAuth access token ([`super::oauth`]). The caller it
//! establishes goes with the request to the handler ([`Caller`]), which binds confirmations to
//! it and offers writes only to a caller that may write.

use std::net::IpAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::ask::Caller;
use super::oauth::{METADATA_PATH, ResourceServer};

/// The credentials every request must carry.
#[derive(Debug)]
pub enum Auth {
    /// None (loopback only).
    Open,
    /// This static bearer token.
    Token(String),
    /// An access token of this authorization server.
    OAuth(ResourceServer),
}

/// The HTTP server's guard.
#[derive(Debug)]
pub struct Guard {
    auth: Auth,
    /// Browser origins allowed besides loopback ones, lower case, no trailing slash.
    origins: Vec<String>,
}

impl Guard {
    pub fn new(auth: Auth, allowed_origins: &[String]) -> Self {
        Guard {
            auth,
            origins: allowed_origins
                .iter()
                .map(|origin| normalize_origin(origin))
                .collect(),
        }
    }

    fn allows_origin(&self, origin: &HeaderValue) -> bool {
        let Ok(origin) = origin.to_str() else {
            return false;
        };
        let origin = normalize_origin(origin);
        if self.origins.contains(&origin) {
            return true;
        }
        let Some((scheme, rest)) = origin.split_once("://") else {
            return false;
        };
        if scheme != "http" && scheme != "https" {
            return false;
        }
        // The host, without a port; IPv6 in brackets.
        let host = if let Some(inner) = rest.strip_prefix('[') {
            inner.split(']').next().unwrap_or("")
        } else {
            rest.split(':').next().unwrap_or("")
        };
        host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }
}

/// The public routes of an OAuth protected resource: its metadata, at the root and in the
/// path form (RFC 9728).
pub fn metadata_routes(server: &ResourceServer) -> Router {
    let metadata = server.metadata();
    let mut router = Router::new();
    let path_form = server
        .metadata_url()
        .split(METADATA_PATH)
        .nth(1)
        .filter(|path| !path.is_empty())
        .map(|path| format!("{METADATA_PATH}{path}"));
    for path in std::iter::once(METADATA_PATH.to_owned()).chain(path_form) {
        let metadata = metadata.clone();
        router = router.route(
            &path,
            get(move || {
                let metadata = metadata.clone();
                async move { axum::Json(metadata) }
            }),
        );
    }
    router
}

/// Middleware: checks the Origin and the credentials, and hands the caller on.
pub async fn check(State(guard): State<Arc<Guard>>, mut request: Request, next: Next) -> Response {
    if let Some(origin) = request.headers().get(header::ORIGIN)
        && !guard.allows_origin(origin)
    {
        return (StatusCode::FORBIDDEN, "this Origin is not allowed\n").into_response();
    }
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            value
                .strip_prefix("Bearer ")
                .or_else(|| value.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|token| !token.is_empty());
    let caller = match &guard.auth {
        Auth::Open => Caller::http(),
        Auth::Token(expected) => {
            if !bearer.is_some_and(|given| same(given.as_bytes(), expected.as_bytes())) {
                return (
                    StatusCode::UNAUTHORIZED,
                    [(header::WWW_AUTHENTICATE, "Bearer".to_owned())],
                    "missing or wrong bearer token\n",
                )
                    .into_response();
            }
            Caller::http()
        }
        Auth::OAuth(server) => {
            let verified = match bearer {
                Some(token) => server.verify(token).await.map_err(Some),
                None => Err(None),
            };
            match verified {
                Ok(principal) => Caller::oauth(
                    &principal.subject,
                    &server.settings().write_permission,
                    principal.can_write,
                ),
                Err(why) => {
                    if let Some(why) = &why {
                        tracing::info!(%why, "access token refused");
                    }
                    return (
                        StatusCode::UNAUTHORIZED,
                        [(header::WWW_AUTHENTICATE, server.challenge(why.is_some()))],
                        "a valid access token is required\n",
                    )
                        .into_response();
                }
            }
        }
    };
    request.extensions_mut().insert(caller);
    next.run(request).await
}

fn normalize_origin(origin: &str) -> String {
    origin.trim().trim_end_matches('/').to_ascii_lowercase()
}

/// Compares in time independent of where the first difference is.
fn same(given: &[u8], expected: &[u8]) -> bool {
    let mut difference = given.len() ^ expected.len();
    for (index, byte) in expected.iter().enumerate() {
        let other = given.get(index).copied().unwrap_or(0);
        difference |= usize::from(byte ^ other);
    }
    difference == 0
}
