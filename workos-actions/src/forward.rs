//! `workos-actions events forward`: WorkOS's events, delivered to a local handler as webhooks.
//!
//! It follows the catalog's event list (`workos_events_list`, oldest first from the last event
//! delivered) through the engine's pagination stream, and POSTs each new event to `--to`,
//! signed exactly as WorkOS signs a webhook (the runtime's [`WebhookSecret`]), so the handler
//! under development runs its real verification. One line per delivery; a handler that fails
//! or cannot be reached gets the same event again after a growing wait, so nothing is
//! skipped. The last event delivered is kept in a small state file (`--state`): after a
//! restart, a network error or Ctrl-C, forwarding resumes right after it.
//!
//! Without `WORKOS_API_KEY` it forwards the events of a local emulator with the demo data, as
//! `workos-actions demo` does, and says how to make calls against it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use actionspec_agent::exit;
use futures::StreamExt;
use serde_json::{Value, json};
use workos_client::Engine;
use workos_client::descriptors::API;
use workos_client::runtime::{Error, WebhookSecret, WritePolicy};

/// Where the last delivered event is kept unless `--state` says otherwise.
pub const DEFAULT_STATE_FILE: &str = ".workos-actions/events-forward.json";

/// The key the emulator started without `WORKOS_API_KEY` accepts.
const EMULATOR_KEY: &str = "sk_test_local";

/// Longest wait between two tries of a failing delivery or listing.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// Events fetched per page.
const PAGE_SIZE: u32 = 100;

#[derive(Debug, clap::Args)]
pub struct ForwardArgs {
    /// The local handler's URL, e.g. http://localhost:3000/webhooks.
    #[arg(long, value_name = "URL")]
    pub to: String,
    /// The secret the handler verifies signatures with (as a webhook endpoint's secret).
    #[arg(
        long,
        value_name = "SECRET",
        env = "WORKOS_WEBHOOK_SECRET",
        hide_env_values = true
    )]
    pub secret: String,
    /// Only these event types, comma-separated (default: every type the catalog knows).
    #[arg(long, value_name = "TYPE,...", value_delimiter = ',')]
    pub events: Vec<String>,
    /// Start after this event id (default: where the state file says, else only events from
    /// now on).
    #[arg(long, value_name = "EVENT_ID")]
    pub after: Option<String>,
    /// The file keeping the last delivered event.
    #[arg(long, value_name = "FILE", default_value = DEFAULT_STATE_FILE)]
    pub state: PathBuf,
    /// Milliseconds between two looks for new events.
    #[arg(long, value_name = "MS", default_value_t = 2000)]
    pub poll_ms: u64,
}

/// Runs until Ctrl-C; answers the exit code.
pub async fn run(args: ForwardArgs) -> u8 {
    let Some(scheme) = API.webhooks else {
        eprintln!(
            "workos-actions events forward: the catalog does not say how webhooks are signed"
        );
        return exit::INTERNAL;
    };
    let (engine, emulator) = match target().await {
        Ok(target) => target,
        Err(code) => return code,
    };
    let forwarder = Forwarder {
        engine,
        secret: WebhookSecret::new(scheme, &args.secret),
        client: reqwest::Client::new(),
        types: event_types(&args.events),
        to: args.to.clone(),
        state: args.state.clone(),
        poll: Duration::from_millis(args.poll_ms),
    };
    let code = tokio::select! {
        code = forwarder.run(args.after) => code,
        _ = tokio::signal::ctrl_c() => {
            println!("stopped; the same command resumes after the last event delivered");
            exit::OK
        }
    };
    drop(emulator);
    code
}

/// The engine to list events with (read-only), and the emulator it talks to when there is
/// no key.
async fn target() -> Result<(Engine, Option<crate::emulator::Running>), u8> {
    let builder = Engine::builder(&API)
        .user_agent(concat!(
            "workos-actions-forward/",
            env!("CARGO_PKG_VERSION")
        ))
        .write_policy(WritePolicy::ReadOnly);
    let (builder, emulator) = if crate::SURFACE.has_key() {
        (builder.from_env(), None)
    } else {
        let running = match crate::emulator::emulator(true).spawn("127.0.0.1:0").await {
            Ok(running) => running,
            Err(error) => {
                eprintln!("workos-actions events forward: could not start the emulator: {error}");
                return Err(exit::INTERNAL);
            }
        };
        println!(
            "No WORKOS_API_KEY, so these are the events of a local WorkOS emulator at {url}\n\
             holding demo data. Make calls against it with WORKOS_BASE_URL={url} \
             WORKOS_API_KEY={EMULATOR_KEY}.",
            url = running.base_url()
        );
        let builder = builder.api_key(EMULATOR_KEY).base_url(running.base_url());
        (builder, Some(running))
    };
    match builder.build() {
        Ok(engine) => Ok((engine, emulator)),
        Err(error) => {
            eprintln!("workos-actions events forward: {error}");
            Err(exit::code_of(&error))
        }
    }
}

/// The types asked for, or every one the catalog's event list accepts.
fn event_types(asked: &[String]) -> Vec<String> {
    if !asked.is_empty() {
        return asked.to_vec();
    }
    API.enumeration("EventType")
        .map(|types| {
            types
                .values
                .iter()
                .map(|value| (*value).to_owned())
                .collect()
        })
        .unwrap_or_default()
}

struct Forwarder {
    engine: Engine,
    secret: WebhookSecret,
    client: reqwest::Client,
    types: Vec<String>,
    to: String,
    state: PathBuf,
    poll: Duration,
}

impl Forwarder {
    async fn run(&self, after: Option<String>) -> u8 {
        let base_url = self.engine.base_url().to_owned();
        let mut last = match after {
            Some(after) => Some(after),
            None => match read_state(&self.state, &base_url) {
                Some(after) => Some(after),
                None => match self.newest().await {
                    Ok(newest) => newest,
                    Err(error) => {
                        eprintln!("workos-actions events forward: {error}");
                        return exit::code_of(&error);
                    }
                },
            },
        };
        if let Err(error) = write_state(&self.state, &base_url, last.as_deref()) {
            eprintln!(
                "workos-actions events forward: cannot write {}: {error}",
                self.state.display()
            );
            return exit::USAGE;
        }
        println!(
            "forwarding events from {base_url} to {} ({})",
            self.to,
            last.as_deref()
                .map_or_else(|| "from the first".to_owned(), |id| format!("after {id}"))
        );
        let mut failures = 0;
        loop {
            let mut events = self.engine.stream_json(
                API.events.map_or("", |events| events.action),
                json!({
                    "events": self.types,
                    "after": last,
                    "order": "asc",
                    "limit": PAGE_SIZE,
                }),
            );
            let mut broken = None;
            while let Some(event) = events.next().await {
                match event {
                    Ok(event) => {
                        let id = self.deliver(&event).await;
                        if let Err(error) = write_state(&self.state, &base_url, Some(&id)) {
                            eprintln!("warning: cannot write {}: {error}", self.state.display());
                        }
                        last = Some(id);
                        failures = 0;
                    }
                    Err(error) => {
                        broken = Some(error);
                        break;
                    }
                }
            }
            match broken {
                Some(error) if !retryable(&error) => {
                    eprintln!("workos-actions events forward: {error}");
                    return exit::code_of(&error);
                }
                Some(error) => {
                    failures += 1;
                    let wait = backoff(failures);
                    eprintln!(
                        "listing events failed: {error}; again in {} s",
                        wait.as_secs_f32()
                    );
                    tokio::time::sleep(wait).await;
                }
                None => tokio::time::sleep(self.poll).await,
            }
        }
    }

    /// The id of the newest event of the types asked for, if any: the starting point when
    /// nothing says where to start.
    async fn newest(&self) -> Result<Option<String>, Error> {
        let page = self
            .engine
            .call_json(
                API.events.map_or("", |events| events.action),
                json!({ "events": self.types, "order": "desc", "limit": 1 }),
            )
            .await?;
        let items = page.get(API.pagination.items_field);
        Ok(items
            .and_then(|items| items.get(0))
            .and_then(|event| event.get("id"))
            .and_then(Value::as_str)
            .map(str::to_owned))
    }

    /// Delivers one event until the handler answers 2xx, printing a line per try; answers its id.
    async fn deliver(&self, event: &Value) -> String {
        let id = event.get("id").and_then(Value::as_str).unwrap_or_default();
        let kind = API
            .events
            .and_then(|events| event.get(events.type_field))
            .and_then(Value::as_str)
            .unwrap_or("?");
        let body = event.to_string();
        let mut failures = 0;
        loop {
            let sent = self
                .secret
                .signed_post(&self.client, &self.to, body.clone())
                .timeout(Duration::from_secs(10))
                .send()
                .await;
            let outcome = match sent {
                Ok(answer) if answer.status().is_success() => {
                    println!("{kind}  {id}  {}", answer.status().as_u16());
                    return id.to_owned();
                }
                Ok(answer) => answer.status().as_u16().to_string(),
                Err(error) if error.is_timeout() => "no answer within 10 s".to_owned(),
                Err(error) if error.is_connect() => "connection refused".to_owned(),
                Err(_) => "request failed".to_owned(),
            };
            failures += 1;
            let wait = backoff(failures);
            println!("{kind}  {id}  {outcome}; again in {} s", wait.as_secs_f32());
            tokio::time::sleep(wait).await;
        }
    }
}

/// Errors worth waiting out (after the engine's own retries): the network, timeouts, 429 and
/// 5xx.
fn retryable(error: &Error) -> bool {
    matches!(
        error,
        Error::Transport { .. } | Error::Timeout { .. } | Error::RateLimited(_) | Error::Server(_)
    )
}

/// 1 s, 2 s, 4 s, ... up to [`MAX_BACKOFF`].
fn backoff(failures: u32) -> Duration {
    let factor = 2u32.saturating_pow(failures.saturating_sub(1).min(16));
    Duration::from_secs(1)
        .saturating_mul(factor)
        .min(MAX_BACKOFF)
}

/// The last delivered event, when the state file belongs to this API base URL.
fn read_state(path: &Path, base_url: &str) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let state: Value = serde_json::from_str(&text).ok()?;
    if state.get("base_url").and_then(Value::as_str) != Some(base_url) {
        return None;
    }
    state
        .get("after")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// Replaces the state file in one step (a new file renamed over the old), so an interrupted
/// write leaves the previous state.
fn write_state(path: &Path, base_url: &str, after: Option<&str>) -> std::io::Result<()> {
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)?;
    }
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let state = json!({ "base_url": base_url, "after": after });
    std::fs::write(&partial, format!("{state}\n"))?;
    std::fs::rename(&partial, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_its_cap() {
        let waits: Vec<u64> = (1..=7).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 30, 30]);
        assert_eq!(backoff(u32::MAX), MAX_BACKOFF);
    }

    #[test]
    fn the_state_belongs_to_one_base_url() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("state.json");
        assert_eq!(read_state(&path, "http://a"), None);
        write_state(&path, "http://a", Some("event_1")).unwrap();
        assert_eq!(read_state(&path, "http://a").as_deref(), Some("event_1"));
        assert_eq!(read_state(&path, "http://b"), None);
        write_state(&path, "http://a", None).unwrap();
        assert_eq!(read_state(&path, "http://a"), None);
    }
}
