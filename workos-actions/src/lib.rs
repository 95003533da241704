//! WorkOS actions for people and agents: the generic agent surface
//! ([`actionspec_agent`]) and emulator ([`actionspec_emulator`]) over WorkOS's catalog
//! (`workos_client::descriptors::API`).
//!
//! This crate only names the catalog and what is WorkOS's own: the program name, the variable
//! holding the MCP bearer token, the emulator's WorkOS-only effects, demo data and AuthKit
//! authorization server ([`emulator`]), the demo session ([`demo`]) and the forwarding of
//! events to a local webhook handler ([`forward`]). Every other command is generic. Exit codes
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
pub mod forward;

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
    /// WorkOS's events, delivered to a local handler as signed webhooks.
    #[command(subcommand)]
    Events(EventsCommand),
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
    /// POST every event, signed as WorkOS signs webhooks, to this URL (loopback only unless
    /// --webhook-allow-remote). Repeatable.
    #[arg(long = "webhook", value_name = "URL", requires = "webhook_secret")]
    pub webhooks: Vec<String>,
    /// The secret the webhook endpoints verify signatures with.
    #[arg(
        long,
        value_name = "SECRET",
        env = "WORKOS_WEBHOOK_SECRET",
        hide_env_values = true
    )]
    pub webhook_secret: Option<String>,
    /// Only these event types go to the webhook endpoints, comma-separated (default: all).
    #[arg(long, value_name = "TYPE,...", value_delimiter = ',')]
    pub webhook_events: Vec<String>,
    /// Accept webhook URLs that are not on this machine.
    #[arg(long)]
    pub webhook_allow_remote: bool,
}

/// `workos-actions events ...`.
#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// POST each new event to a local URL, signed as a WorkOS webhook, until Ctrl-C; resumes
    /// after the last event delivered (kept in --state). Without WORKOS_API_KEY, the events of
    /// a local emulator.
    Forward(forward::ForwardArgs),
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
        Command::Events(EventsCommand::Forward(args)) => {
            exit::exit(cli::block_on(forward::run(args)))
        }
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
    if let Some(secret) = &args.webhook_secret {
        for url in &args.webhooks {
            let endpoint = emulator::WebhookEndpoint::new(url, secret)
                .events(args.webhook_events.iter().cloned());
            emulator = emulator.webhook(endpoint);
        }
    }
    emulator = emulator
        .webhook_delivery(emulator::DeliveryOptions {
            allow_remote: args.webhook_allow_remote,
            ..emulator::DeliveryOptions::default()
        })
        .on_webhook_delivery(|delivery| eprintln!("webhook {delivery}"));
    match emulator.spawn(&format!("127.0.0.1:{}", args.port)).await {
        Ok(running) => {
            println!("{}", running.base_url());
            running.wait().await;
            exit::OK
        }
        Err(
            error @ (emulator::SetupError::UnknownAction(_) | emulator::SetupError::Webhook(_)),
        ) => {
            eprintln!("workos-actions emulator: {error}");
            exit::USAGE
        }
        Err(error) => {
            eprintln!("workos-actions emulator: {error}");
            exit::INTERNAL
        }
    }
}
