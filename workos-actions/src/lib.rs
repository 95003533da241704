//! WorkOS actions for people and agents: the generic agent surface
//! ([`actionspec_agent`]) and emulator ([`actionspec_emulator`]) over WorkOS's catalog
//! (`workos_client::descriptors::API`).
//!
//! This crate only names the catalog and what is WorkOS's own: the program name, the variable
//! holding the MCP bearer token, the emulator's WorkOS-only effects, demo data and AuthKit
//! authorization server ([`emulator`]), and the demo session ([`demo`]). Every other command is generic. Exit codes
//! are those of [`actionspec_agent`]:
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

pub mod demo;
pub mod emulator;

use actionspec_agent::{Surface, cli, exit};
use clap::{Parser, Subcommand, ValueEnum};

/// Environment variable holding the bearer token of the MCP HTTP transport.
pub const MCP_TOKEN_ENV: &str = "WORKOS_ACTIONS_MCP_TOKEN";

/// The agent surface over WorkOS's catalog.
pub const SURFACE: Surface = Surface {
    api: &workos_client::descriptors::API,
    program: "workos-actions",
    version: env!("CARGO_PKG_VERSION"),
    mcp_token_env: MCP_TOKEN_ENV,
    key_alternatives: &[
        "try it without a key: `workos-actions demo` runs a session against a local emulator, and `workos-actions emulator --seed demo` serves one (then set WORKOS_BASE_URL to the URL it prints and WORKOS_API_KEY=sk_test_local)",
    ],
};

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "workos-actions",
    version,
    about = "WorkOS actions for people and agents: list, describe, call, tool manifests, an MCP server, a local emulator and a demo session."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: actionspec_agent::cli::GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Every subcommand: the generic ones, and WorkOS's own beside them.
#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(flatten)]
    Agent(actionspec_agent::cli::Command),
    /// Serve a local WorkOS emulator; prints its base URL as the first line.
    Emulator(EmulatorArgs),
    /// A short session of real calls: against WorkOS when WORKOS_API_KEY is set, else against
    /// a local emulator started for it.
    Demo(DemoArgs),
}

#[derive(Debug, clap::Args)]
pub struct EmulatorArgs {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Data to load at start.
    #[arg(long, value_enum)]
    pub seed: Option<Seed>,
    /// Accept only this API key (otherwise any key starting with `sk_`).
    #[arg(long, value_name = "KEY")]
    pub api_key: Option<String>,
    /// Fail calls at random, for one action or all: FAULT is a 4xx or 5xx status (429 and 503
    /// with Retry-After), slow:250ms, slow:2s, drop (the connection closes mid-answer) or
    /// malformed (invalid JSON); e.g. `503@0.1` or `workos_users_list=slow:2s@1`. Repeatable.
    #[arg(long = "fault", value_name = "[ACTION=]FAULT@PROBABILITY")]
    pub faults: Vec<emulator::FaultRule>,
    /// Answer 429 with Retry-After past this many requests per window, for one action or all
    /// together, as WorkOS does; e.g. `6000/60` or `workos_users_list=4/1`. Repeatable.
    #[arg(long = "rate-limit", value_name = "[ACTION=]REQUESTS/SECONDS")]
    pub rate_limits: Vec<emulator::RateLimitRule>,
}

/// Data sets the emulator can start with.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Seed {
    /// Organizations, users, memberships, a connection, a directory, events.
    Demo,
}

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Against WorkOS, send the session's writes without asking.
    #[arg(long)]
    pub yes: bool,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> std::process::ExitCode {
    match cli.command {
        Command::Agent(command) => actionspec_agent::cli::run(SURFACE, &cli.global, command),
        Command::Emulator(args) => exit::exit(cli::block_on(serve_emulator(args))),
        Command::Demo(args) => exit::exit(cli::block_on(demo::run(args.yes))),
    }
}

async fn serve_emulator(args: EmulatorArgs) -> u8 {
    let mut emulator = emulator::emulator(matches!(args.seed, Some(Seed::Demo)));
    if let Some(key) = args.api_key {
        emulator = emulator.api_key(key);
    }
    for rule in args.rate_limits {
        emulator = emulator.rate_limit(rule.action.as_deref(), rule.limit);
    }
    for rule in args.faults {
        emulator = emulator.fault(rule);
    }
    match emulator.spawn(&format!("127.0.0.1:{}", args.port)).await {
        Ok(running) => {
            println!("{}", running.base_url());
            running.wait().await;
            exit::OK
        }
        Err(error @ emulator::SetupError::UnknownAction(_)) => {
            eprintln!("workos-actions emulator: {error}");
            exit::USAGE
        }
        Err(error) => {
            eprintln!("workos-actions emulator: {error}");
            exit::INTERNAL
        }
    }
}
