//! The agent surface of an action catalog: everything a person or an AI agent uses to reach
//! the actions, built from one [`ApiDescriptor`] and nothing else.
//!
//! * [`schema`]: JSON Schemas of an action's arguments and result;
//! * [`manifest`]: tool definitions for MCP, OpenAI and Anthropic (the one MCP tool builder,
//!   with how writes are offered: [`manifest::Writes`]);
//! * [`describe`]: an action and a proposed write as people and agents are shown them;
//! * [`cli`]: the `list`, `describe`, `call`, `tools` and `mcp` commands (clap);
//! * [`mcp`]: the MCP server (rmcp) on stdio or Streamable HTTP, with confirmed writes;
//! * [`toolsets`]: which tools `--tools` selects (toolsets by resource, globs, the dynamic
//!   mode) and the default within a byte budget, shared by `tools` and `mcp`;
//! * [`secrets`]: the one redaction of secret answer fields, for `call` and `mcp` alike
//!   (`--show-secrets` turns it off).
//!
//! Actions the catalog withholds from agents
//! ([`AgentAccess::Withheld`](actionspec_runtime::AgentAccess)) are in no tool list or
//! manifest, and a call of one by name (`call`, an MCP tool name, `call_action`) is refused
//! with the catalog's reason.
//!
//! `cli` runs `mcp` for its `mcp` command; otherwise both build on the shared modules above and
//! not on each other.
//!
//! A catalog's binary is a few lines: it names its [`Surface`] (the descriptor table, the
//! program name, the variable holding the MCP bearer token) and hands the parsed [`cli::Command`]
//! to [`cli::run`]. Nothing here names an action; every call goes through
//! [`actionspec_runtime::Engine`], so validation, the write policy, retries and redaction are
//! the runtime's.
//!
//! # Exit codes
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | internal failure (could not write the output, ...) |
//! | 2 | usage or invalid arguments: nothing was sent |
//! | 3 | write refused, by the write policy (`--read-only`, no terminal without `--yes`) or by the person: nothing was sent |
//! | 4 | authentication: the API answered 401 or 403; fix the key or its permissions |
//! | 5 | any other API error (404, 409, 422, 429, 5xx, an answer that does not decode) |
//! | 6 | network or timeout: no answer |
//! | 7 | configuration: no API key, a bad base URL, an MCP token setting missing or unreadable |

pub mod cli;
pub mod describe;
pub mod exit;
pub mod manifest;
pub mod mcp;
pub mod schema;
pub mod secrets;
pub mod toolsets;

pub use actionspec_runtime::ApiDescriptor;

/// What a catalog's binary tells the generic commands about itself.
#[derive(Debug, Clone, Copy)]
pub struct Surface {
    /// The catalog.
    pub api: &'static ApiDescriptor,
    /// The program's name, as people type it (`workos-actions`).
    pub program: &'static str,
    /// The program's version, shown to MCP clients.
    pub version: &'static str,
    /// Environment variable holding the bearer token the MCP HTTP transport requires.
    pub mcp_token_env: &'static str,
    /// Other ways to get going without an API key, each a phrase completing "or ..."
    /// (`"run against the local emulator with ..."`), shown after the line saying how to
    /// set the key.
    pub key_alternatives: &'static [&'static str],
}

impl Surface {
    /// The one line saying how to provide the API key, with the alternatives.
    pub fn missing_key_message(&self) -> String {
        let env = self.api.api_key_env;
        let mut line = format!(
            "{}: no API key: set {env} (export {env}=<your {} API key>)",
            self.program, self.api.name
        );
        for alternative in self.key_alternatives {
            line.push_str(", or ");
            line.push_str(alternative);
        }
        line
    }

    /// True when the key's variable holds a value.
    pub fn has_key(&self) -> bool {
        std::env::var(self.api.api_key_env).is_ok_and(|key| !key.trim().is_empty())
    }
}

/// An engine builder for `surface`: key and base URL from the environment, the program named
/// in the user agent.
pub(crate) fn engine_builder(surface: Surface) -> actionspec_runtime::EngineBuilder {
    actionspec_runtime::Engine::builder(surface.api)
        .from_env()
        .user_agent(format!("{}/{}", surface.program, surface.version))
}
