//! Streamable HTTP at `/mcp`, guarded: loopback unless told otherwise, a bearer token on every
//! request when one is configured (required off loopback), and 403 for a browser `Origin`
//! that is not allowed (DNS rebinding). The API key stays in the process: it is never read
//! from, nor sent to, HTTP clients.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};

use super::McpArgs;
use super::server::ActionServer;
use crate::{Surface, exit};

/// Who may talk to the server.
struct Guard {
    /// The bearer token every request must carry, when one is configured.
    token: Option<String>,
    /// Browser origins allowed besides loopback ones, lower case, no trailing slash.
    origins: Vec<String>,
}

pub(super) async fn serve(
    surface: Surface,
    server: ActionServer,
    address: &str,
    args: &McpArgs,
) -> u8 {
    let address = match parse_address(address) {
        Ok(address) => address,
        Err(message) => {
            eprintln!("{}: --http: {message}", surface.program);
            return exit::USAGE;
        }
    };
    let token = match token(surface, args) {
        Ok(token) => token,
        Err(message) => {
            eprintln!("{}: {message}", surface.program);
            return exit::CONFIG;
        }
    };
    let loopback = address.ip().is_loopback();
    if token.is_none() && !loopback {
        eprintln!(
            "{}: refusing to serve on {address}, which is not loopback, without a bearer token: set {} or pass --token-file",
            surface.program, surface.mcp_token_env
        );
        return exit::CONFIG;
    }
    if token.is_none() {
        eprintln!(
            "{}: no bearer token ({} or --token-file): any local process may use this server",
            surface.program, surface.mcp_token_env
        );
    }
    let mut config = StreamableHttpServerConfig::default();
    if !loopback {
        // Off loopback the token guards the server; the Host may be any name of the machine.
        config = config.disable_allowed_hosts();
    }
    let service = StreamableHttpService::new(
        move || Ok(server.clone()),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    let guard = Arc::new(Guard {
        token,
        origins: args
            .allow_origin
            .iter()
            .map(|origin| normalize_origin(origin))
            .collect(),
    });
    let app = Router::new()
        .route_service("/mcp", service)
        .layer(middleware::from_fn_with_state(guard, check));
    let listener = match tokio::net::TcpListener::bind(address).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!(
                "{}: could not listen on {address}: {error}",
                surface.program
            );
            return exit::CONFIG;
        }
    };
    let local = listener.local_addr().unwrap_or(address);
    eprintln!("{}: serving MCP on http://{local}/mcp", surface.program);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
    {
        Ok(()) => exit::OK,
        Err(error) => {
            eprintln!("{}: the HTTP server failed: {error}", surface.program);
            exit::INTERNAL
        }
    }
}

fn parse_address(address: &str) -> Result<SocketAddr, String> {
    if let Some(port) = address.strip_prefix("localhost:") {
        let port: u16 = port
            .parse()
            .map_err(|_| format!("`{address}` has no valid port"))?;
        return Ok(SocketAddr::from(([127, 0, 0, 1], port)));
    }
    if let Ok(port) = address.parse::<u16>() {
        return Ok(SocketAddr::from(([127, 0, 0, 1], port)));
    }
    address
        .parse()
        .map_err(|_| format!("`{address}` is not an address such as 127.0.0.1:8765"))
}

/// The bearer token from `--token-file`, else from the program's variable.
fn token(surface: Surface, args: &McpArgs) -> Result<Option<String>, String> {
    if let Some(path) = &args.token_file {
        let text = std::fs::read_to_string(path).map_err(|error| {
            format!("could not read --token-file `{}`: {error}", path.display())
        })?;
        let token = text.trim();
        if token.is_empty() {
            return Err(format!("--token-file `{}` is empty", path.display()));
        }
        return Ok(Some(token.to_owned()));
    }
    Ok(std::env::var(surface.mcp_token_env)
        .ok()
        .map(|token| token.trim().to_owned())
        .filter(|token| !token.is_empty()))
}

async fn check(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    if let Some(origin) = request.headers().get(header::ORIGIN)
        && !guard.allows_origin(origin)
    {
        return (StatusCode::FORBIDDEN, "this Origin is not allowed\n").into_response();
    }
    if let Some(expected) = &guard.token {
        let given = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "));
        if !given.is_some_and(|given| same(given.trim().as_bytes(), expected.as_bytes())) {
            return (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer")],
                "missing or wrong bearer token\n",
            )
                .into_response();
        }
    }
    next.run(request).await
}

impl Guard {
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
