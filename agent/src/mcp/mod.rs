//! The MCP server: one tool per selected action ([`crate::toolsets`]) or three with
//! `--tools dynamic`, on stdio
//! or Streamable HTTP at `/mcp`.
//!
//! stdout carries the protocol only; logs go to stderr; on stdio the server ends when stdin
//! closes. Both protocol revisions are served: 2025-11-25 (an `initialize` handshake, a
//! session, server-initiated elicitation) and 2026-07-28 (stateless: every request carries its
//! version and the client's capabilities). Writes are confirmed ([`ask`], with confirmations
//! sealed by [`seal`] so that replicas sharing a key confirm each other's), hidden
//! (`--read-only`) or run without asking (`--allow-writes`, announced on stderr at start).
//! Secret answer fields reach the agent redacted unless `--show-secrets` (announced on stderr
//! at start); actions withheld from agents are offered in no mode and refused by name. Over
//! HTTP the server may be an OAuth protected resource ([`oauth`]) and bounds its legacy
//! sessions ([`sessions`]).

pub mod ask;
pub mod confirm;
pub mod dynamic;
pub mod guard;
mod http;
pub mod oauth;
mod results;
pub mod seal;
mod server;
pub mod sessions;

use std::path::PathBuf;

use actionspec_runtime::WritePolicy;
use clap::Args;
use rmcp::ServiceExt;

pub use server::{ActionServer, Mode};

use crate::manifest::Writes;
use crate::secrets::{self, Secrets};
use crate::{Surface, exit, toolsets};

// The `mcp` command's options (a plain comment: a doc comment would become its help text).
#[derive(Debug, Clone, Args)]
pub struct McpArgs {
    /// Hide the write tools.
    #[arg(long, conflicts_with = "allow_writes")]
    pub read_only: bool,
    /// Run writes without asking anyone (unattended use).
    #[arg(long)]
    pub allow_writes: bool,
    /// Hand agents the secret fields of answers (keys, TOTP secrets, one-time codes) instead
    /// of redacting them.
    #[arg(long)]
    pub show_secrets: bool,
    /// Which tools to offer: comma-separated toolset names (`tools --list-toolsets`), `all`
    /// or globs over action names (`organization,*_get`), or `dynamic` for three tools that
    /// find, describe and call actions [default: all while they fit 140 KB, else dynamic].
    #[arg(long, value_name = "TOOLSET|GLOB,...|dynamic")]
    pub tools: Option<String>,
    /// Serve Streamable HTTP at /mcp on this address (e.g. 127.0.0.1:8765) instead of stdio.
    #[arg(long, value_name = "ADDR")]
    pub http: Option<String>,
    /// File holding the bearer token HTTP clients must send (instead of the environment
    /// variable the program names).
    #[arg(long, value_name = "PATH")]
    pub token_file: Option<PathBuf>,
    /// A browser origin allowed besides loopback ones (repeatable), e.g. `https://app.example.com`.
    #[arg(long, value_name = "ORIGIN")]
    pub allow_origin: Vec<String>,
    /// HTTP: accept OAuth access tokens of this authorization server (an AuthKit domain, the
    /// emulator's base URL) instead of a static bearer token.
    #[arg(long, value_name = "URL")]
    pub auth_issuer: Option<String>,
    /// HTTP with --auth-issuer: this server's public URL, the audience tokens must name
    /// [default: http://ADDR/mcp].
    #[arg(long, value_name = "URL", requires = "auth_issuer")]
    pub resource_url: Option<String>,
    /// HTTP with --auth-issuer: the permission (or scope) a token needs to write
    /// [default: PROGRAM:write].
    #[arg(long, value_name = "NAME", requires = "auth_issuer")]
    pub write_permission: Option<String>,
    /// File holding the key (32 bytes or more) that seals confirmations: give replicas the
    /// same one. Without it each process draws its own.
    #[arg(long, value_name = "PATH")]
    pub confirm_key_file: Option<PathBuf>,
    /// HTTP: most 2025-11-25 sessions open at once; past it `initialize` is answered 503.
    #[arg(long, value_name = "N", default_value_t = sessions::DEFAULT_MAX_SESSIONS)]
    pub max_sessions: usize,
    /// HTTP: seconds a 2025-11-25 session may stay idle before it ends.
    #[arg(long, value_name = "SECONDS", default_value_t = sessions::DEFAULT_IDLE_SECONDS)]
    pub session_idle: u64,
}

/// Runs the server `args` describe until the client leaves (stdio) or the process is stopped
/// (HTTP); answers the exit code.
pub async fn serve(surface: Surface, args: McpArgs) -> u8 {
    let writes = if args.read_only {
        Writes::Hidden
    } else if args.allow_writes {
        Writes::Allow
    } else {
        Writes::Confirm
    };
    let (mode, actions) =
        match toolsets::select(surface.api, surface.program, args.tools.as_deref(), writes) {
            Ok(selection) => selection,
            Err(message) => {
                eprintln!("{}: {message}", surface.program);
                return exit::USAGE;
            }
        };
    if !surface.has_key() {
        eprintln!("{}", surface.missing_key_message());
        return exit::CONFIG;
    }
    let sealer = match &args.confirm_key_file {
        Some(path) => match seal::Sealer::from_key_file(path) {
            Ok(sealer) => sealer,
            Err(message) => {
                eprintln!("{}: {message}", surface.program);
                return exit::CONFIG;
            }
        },
        None => seal::Sealer::random(),
    };
    let engine = match crate::engine_builder(surface)
        .write_policy(engine_policy(writes))
        .build()
    {
        Ok(engine) => engine,
        Err(error) => {
            eprintln!("{}: {error}", surface.program);
            return exit::code_of(&error);
        }
    };
    if writes == Writes::Allow {
        eprintln!(
            "{}: WARNING: --allow-writes: every write an agent asks for is sent WITHOUT confirmation",
            surface.program
        );
    }
    let secrets = Secrets::from_flag(args.show_secrets);
    if secrets == Secrets::Shown {
        eprintln!("{}", secrets::warning(surface.program, "to the agent"));
    }
    let server =
        ActionServer::new(surface, engine, writes, mode, actions, sealer).with_secrets(secrets);
    match args.http {
        Some(ref address) => http::serve(surface, server, address, &args).await,
        None => serve_stdio(surface, server).await,
    }
}

async fn serve_stdio(surface: Surface, server: ActionServer) -> u8 {
    let running = match server.serve(rmcp::transport::stdio()).await {
        Ok(running) => running,
        // stdin closed before a session began: the client left, nothing failed.
        Err(rmcp::service::ServerInitializeError::ConnectionClosed(_)) => return exit::OK,
        Err(error) => {
            eprintln!(
                "{}: the MCP session did not start: {error}",
                surface.program
            );
            return exit::INTERNAL;
        }
    };
    match running.waiting().await {
        Ok(_) => exit::OK,
        Err(error) => {
            eprintln!("{}: the MCP session failed: {error}", surface.program);
            exit::INTERNAL
        }
    }
}

/// The engine's write policy for `writes`.
pub fn engine_policy(writes: Writes) -> WritePolicy {
    match writes {
        Writes::Hidden => WritePolicy::ReadOnly,
        Writes::Confirm => confirm::policy(),
        Writes::Allow => WritePolicy::Allow,
    }
}
