//! The command-line commands: `list`, `describe`, `call`, `tools` and `mcp`.
//!
//! [`Command`] is a clap subcommand enum a catalog's binary flattens into its own, next to
//! commands of its own; [`run`] executes one and answers the exit code.

mod args;
mod call;
mod show;

use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};

use crate::Surface;
use crate::exit;
use crate::manifest::Format;
use crate::mcp::McpArgs;

pub use call::{ask_on_terminal, person_policy};

/// Options every command takes.
#[derive(Debug, Clone, Default, Args)]
pub struct GlobalArgs {
    /// Log what the engine does to stderr (-v: requests, -vv: retries and details). The API key
    /// is never logged.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
}

/// The generic commands.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// List the actions: name, access, method and path.
    List(ListArgs),
    /// Show one action: parameters (type, required, limits, default, doc) and the JSON
    /// Schemas of its arguments and result.
    Describe(DescribeArgs),
    /// Call an action; the result is JSON on stdout, secret fields redacted unless
    /// --show-secrets.
    Call(CallArgs),
    /// Print the tool definitions of the available actions (`mcp`: as `mcp` lists them), or
    /// the toolsets with their sizes.
    Tools(ToolsArgs),
    /// Serve the actions to AI agents over MCP (stdio, or Streamable HTTP with --http).
    Mcp(McpArgs),
}

/// Access filter of `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AccessFilter {
    Read,
    Write,
}

#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Only reads or only writes.
    #[arg(long, value_enum)]
    pub access: Option<AccessFilter>,
    /// Include the unavailable actions, with the reason and what to use instead, and those
    /// not offered to agents, with the reason.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Clone, Args)]
pub struct DescribeArgs {
    /// The action's name.
    pub action: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Args)]
pub struct CallArgs {
    /// The action's name.
    pub action: String,
    /// Arguments as name=value, typed by the action's parameters: limit=5,
    /// domains=a.com,b.com, email_verified=true, nested values as JSON.
    #[arg(value_name = "NAME=VALUE")]
    pub pairs: Vec<String>,
    /// Arguments as one JSON object: inline, @FILE, or - for stdin (name=value pairs win).
    #[arg(long, value_name = "JSON|@FILE|-")]
    pub json: Option<String>,
    /// Print the exact request (method, URL, headers with the key redacted, body) and send
    /// nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Run a write without asking (needed for writes when there is no terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Refuse every write.
    #[arg(long, conflicts_with = "yes")]
    pub read_only: bool,
    /// For a list action: every item of every page, one JSON line each.
    #[arg(long)]
    pub all_pages: bool,
    /// Print secret fields of the answer (keys, TOTP secrets, one-time codes) instead of
    /// redacting them.
    #[arg(long)]
    pub show_secrets: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ToolsArgs {
    /// The tool host's shape.
    #[arg(long, value_enum, default_value = "mcp")]
    pub format: Format,
    /// Leave out the writes.
    #[arg(long)]
    pub read_only: bool,
    /// Only these tools, as `mcp --tools` takes them: toolset names, `all`, globs over action
    /// names, or `dynamic` (MCP format only) [default: every available action].
    #[arg(long, value_name = "TOOLSET|GLOB,...|dynamic")]
    pub tools: Option<String>,
    /// List the toolsets instead: name, actions, and bytes of their MCP `tools/list`; then
    /// `all`, `dynamic` and which one `mcp` offers by default.
    #[arg(long, conflicts_with = "tools")]
    pub list_toolsets: bool,
    /// With --list-toolsets: print JSON instead of a table.
    #[arg(long, requires = "list_toolsets")]
    pub json: bool,
}

/// Runs `command` and answers the process exit code.
pub fn run(surface: Surface, global: &GlobalArgs, command: Command) -> ExitCode {
    init_logging(global.verbose);
    let code = match command {
        Command::List(args) => show::list(surface, &args),
        Command::Describe(args) => show::describe(surface, &args),
        Command::Tools(args) => show::tools(surface, &args),
        Command::Call(args) => block_on(call::call(surface, args)),
        Command::Mcp(args) => block_on(crate::mcp::serve(surface, args)),
    };
    exit::exit(code)
}

/// Runs a command's future on a small multi-threaded runtime and answers its exit code.
pub fn block_on(future: impl Future<Output = u8>) -> u8 {
    match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(future),
        Err(error) => {
            eprintln!("could not start the async runtime: {error}");
            exit::INTERNAL
        }
    }
}

/// Logs go to stderr only (stdout carries results, or the MCP protocol).
fn init_logging(verbose: u8) {
    let level = match verbose {
        0 => tracing::Level::WARN,
        1 => tracing::Level::INFO,
        _ => tracing::Level::DEBUG,
    };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_target(false)
        .try_init();
}
