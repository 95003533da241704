//! WorkOS actions for people and agents: the generic agent surface
//! ([`actionspec_agent`]) over WorkOS's catalog (`workos_client::descriptors::API`).
//!
//! This crate only names the catalog and what is WorkOS's own (the program name, the variable
//! holding the MCP bearer token); every command is generic. Exit codes are those of
//! [`actionspec_agent`]:
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | internal failure |
//! | 2 | usage or invalid arguments: nothing was sent |
//! | 3 | write refused (policy or person): nothing was sent |
//! | 4 | authentication: 401 or 403, fix `WORKOS_API_KEY` |
//! | 5 | any other API error |
//! | 6 | network or timeout |
//! | 7 | configuration: no key, bad base URL, missing MCP token setting |

use actionspec_agent::Surface;
use clap::{Parser, Subcommand};

/// Environment variable holding the bearer token of the MCP HTTP transport.
pub const MCP_TOKEN_ENV: &str = "WORKOS_ACTIONS_MCP_TOKEN";

/// The agent surface over WorkOS's catalog.
pub const SURFACE: Surface = Surface {
    api: &workos_client::descriptors::API,
    program: "workos-actions",
    version: env!("CARGO_PKG_VERSION"),
    mcp_token_env: MCP_TOKEN_ENV,
    key_alternatives: &[],
};

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "workos-actions",
    version,
    about = "WorkOS actions for people and agents: list, describe, call, tool manifests and an MCP server."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: actionspec_agent::cli::GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Every subcommand: the generic ones, and room for WorkOS's own beside them.
#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(flatten)]
    Agent(actionspec_agent::cli::Command),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> std::process::ExitCode {
    match cli.command {
        Command::Agent(command) => actionspec_agent::cli::run(SURFACE, &cli.global, command),
    }
}
