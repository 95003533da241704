//! The engine behind every generated action.
//!
//! Generated code is thin: types, one-line methods, and a static [`ApiDescriptor`]. Every call,
//! typed or dynamic, goes through one request path here that checks the arguments, builds the
//! URL and body, enforces the write policy, authenticates, sends, retries, decodes and
//! paginates. The command-line tool and the MCP server use the same path, so each behaviour
//! below is written and tested once.
//!
//! ```no_run
//! use actionspec_runtime::{ApiDescriptor, CallOptions, Engine, WritePolicy};
//! use futures::StreamExt;
//!
//! async fn example(api: &'static ApiDescriptor) -> actionspec_runtime::Result<()> {
//!     let engine = Engine::builder(api)
//!         .from_env() // key and base URL from the variables the catalog names
//!         .write_policy(WritePolicy::ReadOnly)
//!         .build()?;
//!     // A dynamic call, as an agent makes it: checked against the catalog before sending.
//!     let org = engine
//!         .call_json("workos_organization_get", serde_json::json!({"id": "org_123"}))
//!         .await?;
//!     println!("{org}");
//!     // Every item of a list, one page in memory at a time.
//!     let mut users = engine.stream_json("workos_users_list", serde_json::json!({"limit": 100}));
//!     while let Some(user) = users.next().await {
//!         println!("{}", user?["email"]);
//!     }
//!     // Per-call options on a cheap clone.
//!     let patient = engine.with_options(CallOptions::new().max_retries(6));
//!     # let _ = patient;
//!     Ok(())
//! }
//! ```
//!
//! # Defaults
//!
//! | setting | default | where to change it |
//! |---|---|---|
//! | API key | the variable named by [`ApiDescriptor::api_key_env`] (with [`EngineBuilder::from_env`]) | [`EngineBuilder::api_key`] |
//! | base URL | the variable named by [`ApiDescriptor::base_url_env`], else [`ApiDescriptor::default_base_url`] | [`EngineBuilder::base_url`] |
//! | user agent | `actionspec-runtime/<version>` ([`DEFAULT_USER_AGENT`]) | [`EngineBuilder::user_agent`] |
//! | connect timeout | 10 s ([`DEFAULT_CONNECT_TIMEOUT`]) | [`EngineBuilder::connect_timeout`] (or the caller's own client) |
//! | request timeout (one attempt, body included) | 60 s ([`DEFAULT_REQUEST_TIMEOUT`]) | [`EngineBuilder::request_timeout`], [`CallOptions::request_timeout`] |
//! | deadline (whole call, retries and waits included) | none | [`EngineBuilder::deadline`], [`CallOptions::deadline`] |
//! | retries after the first attempt | 3 ([`DEFAULT_MAX_RETRIES`]) | [`RetryConfig::max_retries`], [`CallOptions::max_retries`] |
//! | backoff | 500 ms × 2ⁿ, capped at 8 s, times a jitter factor in [0.5, 1.5) | [`RetryConfig`] |
//! | longest `Retry-After` slept through | 60 s ([`DEFAULT_MAX_RETRY_AFTER`]) | [`RetryConfig::max_retry_after`], [`CallOptions::max_retry_after`] |
//! | write policy | allow | [`EngineBuilder::write_policy`] |
//! | bodies in traces | off | [`EngineBuilder::log_bodies`] |
//!
//! These follow the official WorkOS SDKs: both retry 3 times; Python waits 1 s × 2ⁿ (capped at
//! 30 s) with a 0.5–1.5 jitter, Node waits 500 ms × 1.5ⁿ (capped at 8 s) and caps `Retry-After`
//! at 60 s. The engine starts at Node's 500 ms, grows like Python, and keeps Node's caps, so a
//! call that fails for good gives up after about 3.5 s of waiting rather than 7 s.
//!
//! # Retries
//!
//! A retry must never do a write twice.
//!
//! * Reads (including a `POST` the catalog marks as a read), `PUT`, `DELETE`, and actions the
//!   catalog marks [`idempotent`](ActionDescriptor::idempotent) are retried after 408, 429, 500,
//!   502, 503 and 504 answers, broken connections and timeouts.
//! * Any other write (a `POST` or `PATCH` not marked idempotent) is retried only when the server
//!   cannot have acted on it: after a 429, or when the connection failed before the request was
//!   sent. After a 5xx, a timeout or a connection broken mid-request it fails with an error that
//!   says the write may or may not have happened ([`Error::write_outcome_unknown`]).
//! * Nothing else is retried (400, 401, 403, 404, 409, 422, ...).
//! * The wait is the server's `Retry-After` (seconds, fractions accepted, or an HTTP date; see
//!   [`parse_retry_after`]) when it sent one, else the backoff above. A `Retry-After` longer
//!   than the cap ends the call with [`Error::RateLimited`], which says when to try again. A
//!   wait that would pass the deadline ends the call with the last error.
//! * Every call whose method the catalog's protocol names ([`IdempotencyDescriptor`]; `POST`
//!   with an `Idempotency-Key` header for WorkOS) carries an idempotency key: a fresh UUID per
//!   logical call, reused on each of its retries, or the caller's own
//!   ([`CallOptions::idempotency_key`]).
//!
//! # Requests
//!
//! Arguments are one JSON object with a key per parameter (typed parameters are serialized to
//! it, so typed and dynamic calls share the rest of the path). `null` means "not given". Each
//! parameter goes where its descriptor says:
//!
//! * **path**: percent-encoded as exactly one segment: everything outside `A-Z a-z 0-9 - . _ ~`
//!   is encoded, `/`, `?`, `#` and `%` included, so an id such as `../x` or `a?b=c` cannot reach
//!   another endpoint; empty and blank ids and `.`/`..` are refused before sending;
//! * **query**: a `key=value` pair, arrays as the catalog's protocol says ([`QueryArrays`]):
//!   comma-joined (`domains=a.com,b.com`, WorkOS's `form` style without explode; a comma inside
//!   an item is encoded), repeated (`domains=a.com&domains=b.com`) or bracketed;
//! * **body**: a field of the JSON body. `POST`, `PUT` and `PATCH` always send a JSON object
//!   (`{}` without body parameters); `GET` and `DELETE` send no body.
//!
//! # Checking arguments
//!
//! Before anything is sent, arguments are checked against the descriptor: unknown names,
//! missing required ones, types (recursively into models and enums), [`Limits`] and
//! [`Constraint`]s. Every problem is reported at once, each with its JSON path, in
//! [`Error::InvalidArguments`]. Typed calls get the same checks with one difference: a dynamic
//! call must use a known enum value (a typo would be worse than an error listing the known
//! values), while a typed call may send a value the catalog does not know yet (an enum's
//! `Other` variant, chosen in code on purpose). Answers are forgiving the other way round:
//! unknown fields are ignored and unknown enum values are kept.
//! [`validate_arguments`] runs the dynamic call's checks without an engine, for a program
//! that receives arguments instead of sending them (an emulator of the API); each
//! [`ArgumentProblem`] has a [`ProblemKind`] such a program can answer by. Arguments that
//! arrive as text (a command line, a URL) become JSON by one rule set, [`text::to_json`];
//! names that are not known are answered with the close ones by one rule, [`suggest::closest`].
//!
//! # Write policy
//!
//! [`WritePolicy::Allow`] sends everything; [`WritePolicy::ReadOnly`] refuses every write before
//! any I/O; [`WritePolicy::confirm`] shows each write's exact request ([`WriteRequest`]: the
//! action, method, URL, body and whether it is destructive; never the key) to an async
//! callback that may refuse. The check sits in the single send path, so typed calls, pages,
//! streams and dynamic calls all obey it. [`Engine::dry_run`] and [`Engine::dry_run_json`]
//! render a request without sending it.
//!
//! # Observability
//!
//! Each call runs in an `action` [`tracing`] span with the fields `action`, `method`, `path`
//! (the template), `attempt`, `status` and `request_id`; retries are `debug` events. The key is
//! never logged, and bodies only at `trace` level when [`EngineBuilder::log_bodies`] asks.
//!
//! # Types and JSON
//!
//! Generated structs and enums are declared with [`json_struct!`] and [`string_enum!`], which
//! add the [`json`] conversions the engine decodes answers and encodes arguments with. Typed
//! answers decode straight from the JSON text in one pass ([`json::Reader`], a pull parser):
//! no `serde_json::Value` tree is built, and each model's decoder is one plain function that
//! is quick to compile; a page's envelope is read in the same pass as its items. Decode errors
//! name the JSON path of the bad value; unknown fields are ignored and unknown enum values
//! kept. Dynamic calls (`call_json`) answer the whole JSON as `serde_json` parses it. The
//! `serde` feature also gives the generated types `Serialize` and `Deserialize`.

mod config;
pub mod descriptor;
mod dry_run;
mod engine;
mod error;
pub mod json;
mod options;
mod paginate;
mod policy;
mod protocol;
mod request;
mod response;
mod retry;
mod secret;
mod send;
mod setters;
mod string_enum;
mod structs;
pub mod suggest;
pub mod text;
mod validate;
pub mod webhook;

pub use config::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_USER_AGENT, EngineBuilder,
};
pub use descriptor::*;
pub use dry_run::DryRun;
pub use engine::Engine;
pub use error::{ApiError, ArgumentProblem, Error, FieldError, ProblemKind, Result, TimeoutKind};
pub use options::CallOptions;
pub use paginate::{ItemStream, Page};
pub use policy::{BoxFuture, ConfirmWrite, Decision, WritePolicy, WriteRequest};
pub use retry::{
    DEFAULT_BACKOFF_MULTIPLIER, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_AFTER, RetryConfig, parse_retry_after, retryable_status, safe_to_repeat,
};
pub use secret::Secret;
pub use validate::validate_arguments;
pub use webhook::{SignatureScheme, TimestampUnit, WebhookDescriptor, WebhookError, WebhookSecret};

#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}
