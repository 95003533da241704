//! Streamable HTTP at `/mcp`, guarded ([`super::guard`]): loopback unless told otherwise, a
//! bearer token on every request when one is configured (required off loopback) or an OAuth
//! access token with `--auth-issuer`, and 403 for a browser `Origin` that is not allowed (DNS
//! rebinding). 2025-11-25 clients get a session (bounded: [`super::sessions`]); 2026-07-28
//! requests are served statelessly, by any replica. The API key stays in the process: it is
//! never read from, nor sent to, HTTP clients.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::middleware;
use axum::serve::ListenerExt;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};

use super::McpArgs;
use super::guard::{self, Auth, Guard};
use super::oauth::{ResourceServer, Settings};
use super::server::ActionServer;
use super::sessions::{self, Sessions};
use crate::{Surface, exit};

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
    if token.is_some() && args.auth_issuer.is_some() {
        eprintln!(
            "{}: --auth-issuer and a static bearer token ({} or --token-file) are exclusive: use one",
            surface.program, surface.mcp_token_env
        );
        return exit::CONFIG;
    }
    let loopback = address.ip().is_loopback();
    if token.is_none() && args.auth_issuer.is_none() && !loopback {
        eprintln!(
            "{}: refusing to serve on {address}, which is not loopback, without a bearer token: set {} or pass --token-file, or use --auth-issuer",
            surface.program, surface.mcp_token_env
        );
        return exit::CONFIG;
    }
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
    let mut public_routes = Router::new();
    let auth = match (&args.auth_issuer, token) {
        (Some(issuer), _) => {
            let settings = Settings {
                issuer: issuer.clone(),
                resource: args
                    .resource_url
                    .clone()
                    .unwrap_or_else(|| format!("http://{local}/mcp")),
                write_permission: args
                    .write_permission
                    .clone()
                    .unwrap_or_else(|| format!("{}:write", surface.program)),
            };
            let resource_server = match ResourceServer::new(settings) {
                Ok(resource_server) => resource_server,
                Err(message) => {
                    eprintln!("{}: {message}", surface.program);
                    return exit::USAGE;
                }
            };
            // Fetched now to report a wrong issuer early; fetched again when needed.
            if let Err(why) = resource_server.refresh().await {
                eprintln!(
                    "{}: warning: the issuer's keys could not be fetched yet: {why}",
                    surface.program
                );
            }
            public_routes = guard::metadata_routes(&resource_server);
            Auth::OAuth(resource_server)
        }
        (None, Some(token)) => Auth::Token(token),
        (None, None) => {
            eprintln!(
                "{}: no bearer token ({} or --token-file): any local process may use this server",
                surface.program, surface.mcp_token_env
            );
            Auth::Open
        }
    };
    let mut config = StreamableHttpServerConfig::default().with_json_response(true);
    if !loopback {
        // Off loopback the token guards the server; the Host may be any name of the machine.
        config = config.disable_allowed_hosts();
    }
    let sessions = Arc::new(Sessions::new(
        args.max_sessions,
        Duration::from_secs(args.session_idle),
    ));
    let service =
        StreamableHttpService::new(move || Ok(server.clone()), sessions.manager(), config);
    let guard = Arc::new(Guard::new(auth, &args.allow_origin));
    let app = Router::new()
        .route_service("/mcp", service)
        .layer(middleware::from_fn_with_state(sessions, sessions::cap))
        .layer(middleware::from_fn_with_state(guard, guard::check))
        .merge(public_routes);
    eprintln!("{}: serving MCP on http://{local}/mcp", surface.program);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    // Small answers (an SSE event, then the end of the stream) go out at once, not after the
    // peer's delayed ACK.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
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
