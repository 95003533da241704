//! The engine behind every generated action.
//!
//! Generated code is thin: types, one-line methods, and a static [`ApiDescriptor`]. Every call,
//! typed or dynamic, goes through one function here that builds the URL, encodes parameters,
//! authenticates, enforces the write policy, sends, retries, decodes and paginates.

mod config;
pub mod descriptor;
mod dry_run;
mod engine;
mod error;
mod options;
mod paginate;
mod policy;
mod request;
mod retry;
mod string_enum;
mod validate;

pub use config::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_USER_AGENT, EngineBuilder,
};
pub use descriptor::*;
pub use dry_run::DryRun;
pub use engine::{Engine, IDEMPOTENCY_KEY_HEADER};
pub use error::{ApiError, ArgumentProblem, Error, FieldError, Result, TimeoutKind};
pub use options::CallOptions;
pub use paginate::{ItemStream, Page};
pub use policy::{BoxFuture, ConfirmWrite, Decision, WritePolicy, WriteRequest};
pub use retry::{
    DEFAULT_BACKOFF_MULTIPLIER, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF,
    DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_AFTER, RetryConfig, parse_retry_after,
    retryable_status, safe_to_repeat,
};

#[doc(hidden)]
pub mod __private {
    pub use serde;
}
