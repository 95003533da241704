//! Typed errors.
//!
//! Every failure a call can meet has its own variant, and every message says what went wrong
//! and what to do about it: a human reading a log and an agent reading a tool result should both
//! be able to fix the problem from the message alone. The API key never appears in any of them.

use std::fmt;
use std::time::{Duration, SystemTime};

/// What every call returns.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// 401: the server did not accept the API key.
    #[error(
        "unauthorized: the API key is wrong, expired or missing; check the key the client was built with. {0}"
    )]
    Unauthorized(Box<ApiError>),
    /// 403: the key is valid but lacks a permission this action needs.
    #[error("forbidden: the API key is valid but lacks the permission this action needs. {0}")]
    Forbidden(Box<ApiError>),
    /// 404: the resource (or one named by a parameter) does not exist.
    #[error("not found: check the ids passed to the action. {0}")]
    NotFound(Box<ApiError>),
    /// 400 or 422: the server rejected the arguments; [`ApiError::errors`] lists what it named.
    #[error("the server rejected the arguments. {0}")]
    Validation(Box<ApiError>),
    /// 409: the request conflicts with the current state, or an idempotency key was reused
    /// with a different body (`code: idempotency_error`).
    #[error("conflict. {0}")]
    Conflict(Box<ApiError>),
    /// 429: too many requests. [`ApiError::retry_after`] says how long the server asked to wait.
    #[error("rate limited. {0}")]
    RateLimited(Box<ApiError>),
    /// 5xx: the server failed.
    #[error("server error. {0}")]
    Server(Box<ApiError>),
    /// Any other status the action does not answer with on success.
    #[error("unexpected status. {0}")]
    UnexpectedStatus(Box<ApiError>),
    /// The request could not be sent, or the connection broke before the answer arrived.
    #[error("{action}: transport error after {attempts} attempt(s): {source}{}", outcome_note(*.write_outcome_unknown))]
    Transport {
        action: &'static str,
        attempts: u32,
        /// The request may have reached the server: a write may or may not have happened.
        write_outcome_unknown: bool,
        #[source]
        source: reqwest::Error,
    },
    /// No answer in time: either one attempt ran past the request timeout, or the call ran past
    /// its overall deadline.
    #[error("{action}: timed out after {attempts} attempt(s) ({}){}", timeout_note(*.kind, *.limit), outcome_note(*.write_outcome_unknown))]
    Timeout {
        action: &'static str,
        attempts: u32,
        kind: TimeoutKind,
        /// The limit that ran out.
        limit: Duration,
        /// The request may have reached the server: a write may or may not have happened.
        write_outcome_unknown: bool,
    },
    /// The server answered with success, but the body is not what the catalog says.
    #[error("{action}: could not decode the {status} answer (request id {}): {source}; body starts with: {excerpt:?}", request_id.as_deref().unwrap_or("none"))]
    Decode {
        action: &'static str,
        status: u16,
        request_id: Option<String>,
        /// The first few hundred characters of the body.
        excerpt: String,
        #[source]
        source: crate::json::JsonError,
    },
    /// A list's server answered a cursor it had answered before; the stream stops instead of
    /// looping over the same pages forever.
    #[error(
        "{action}: the server repeated the cursor `{cursor}` after {pages} page(s); stopping instead of looping"
    )]
    RepeatedCursor {
        action: &'static str,
        cursor: String,
        pages: u64,
    },
    /// The action is in the catalog but the API has no endpoint for it. Nothing was sent.
    #[error("{action} is not available: {reason}{}", alternatives_note(.alternatives))]
    Unavailable {
        action: &'static str,
        reason: &'static str,
        alternatives: &'static [&'static str],
    },
    /// The action is a page the user's browser opens; the engine builds its URL
    /// ([`Engine::url`](crate::Engine::url)) and never sends it. Nothing was sent.
    #[error(
        "{action} is a page a browser opens, not a request: build its URL (the `url` method, or a tool answering `{{\"url\": ...}}`) and send the user there; nothing was sent"
    )]
    BrowserOnly { action: &'static str },
    /// No action has this name. Nothing was sent.
    #[error("unknown action `{name}`{}", suggestions_note(.suggestions))]
    UnknownAction {
        name: String,
        /// Known actions with a similar name.
        suggestions: Vec<&'static str>,
    },
    /// The arguments break the action's descriptor. Nothing was sent.
    #[error("{action}: invalid arguments, nothing was sent:{}", problems_note(.problems))]
    InvalidArguments {
        action: &'static str,
        /// Every problem found, each with its JSON path.
        problems: Vec<ArgumentProblem>,
    },
    /// The write policy refused the action. Nothing was sent.
    #[error("{action}: write refused, nothing was sent: {reason}")]
    WriteRefused {
        action: &'static str,
        /// Why: the engine is read-only, or the confirmation callback's reason.
        reason: String,
    },
    /// The engine could not be configured (missing key, bad base URL, ...).
    #[error("configuration error: {0}")]
    Config(String),
}

/// Which limit a [`Error::Timeout`] ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutKind {
    /// One attempt ran past the per-request timeout.
    Request,
    /// The whole call, retries included, ran past its deadline.
    Deadline,
}

fn timeout_note(kind: TimeoutKind, limit: Duration) -> String {
    match kind {
        TimeoutKind::Request => format!("each attempt may take {limit:?}"),
        TimeoutKind::Deadline => format!("the call's deadline is {limit:?}"),
    }
}

fn outcome_note(unknown: bool) -> &'static str {
    if unknown {
        "; the write may or may not have happened: check its effect (get or list) before repeating it"
    } else {
        ""
    }
}

fn alternatives_note(alternatives: &[&str]) -> String {
    if alternatives.is_empty() {
        String::new()
    } else {
        format!("; use instead: {}", alternatives.join(", "))
    }
}

fn suggestions_note(suggestions: &[&str]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean: {}?", suggestions.join(", "))
    }
}

fn problems_note(problems: &[ArgumentProblem]) -> String {
    let mut out = String::new();
    for problem in problems {
        out.push_str("\n  - ");
        out.push_str(&problem.to_string());
    }
    out
}

/// One thing wrong with an argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgumentProblem {
    /// What kind of problem it is, for programs that answer it (an emulator's error codes).
    pub kind: ProblemKind,
    /// JSON path of the value, from the arguments object: `$.domain_data[0].state`.
    pub path: String,
    /// What is wrong and, where possible, what is allowed.
    pub message: String,
}

/// The kinds of [`ArgumentProblem`] the checks report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProblemKind {
    /// A name the action (or the model of a nested object) does not have.
    UnknownName,
    /// A required value is absent: a required parameter or field, or part of a group of
    /// parameters that go together.
    Missing,
    /// The value is not of the declared type (null where a value is required included), or
    /// cannot be written as JSON at all.
    WrongType,
    /// A string that is not one of the enum's known values.
    UnknownValue,
    /// A string in the wrong format (a date-time that is not RFC 3339).
    BadFormat,
    /// A number below its minimum or above its maximum.
    OutOfRange,
    /// A string (or a map's key) shorter or longer than allowed.
    BadLength,
    /// An array or map with fewer or more entries than allowed.
    BadCount,
    /// A path parameter that is not one URL segment (empty, blank, `.` or `..`).
    BadSegment,
    /// A query parameter holding nested objects or arrays.
    NestedQuery,
    /// A rule across parameters is broken (exactly one of, at most one of, at least one of).
    Constraint,
}

impl fmt::Display for ArgumentProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// What the server said when it refused a request.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The action that was called.
    pub action: &'static str,
    /// HTTP status.
    pub status: u16,
    /// Machine-readable code, when the server sent one (`entity_not_found`).
    pub code: Option<String>,
    /// The server's message (or a short excerpt of the body when it sent no JSON message).
    pub message: String,
    /// The server's request id: quote it when asking the API's support.
    pub request_id: Option<String>,
    /// Field errors: 400 answers `[{code, message}]`, 422 answers `[{field, code}]`.
    pub errors: Vec<FieldError>,
    /// How long the server asked to wait (`Retry-After`), when it said.
    pub retry_after: Option<Duration>,
    /// When the server's `Retry-After` ends, as a wall-clock time.
    pub retry_at: Option<SystemTime>,
    /// How many requests this call sent.
    pub attempts: u32,
    /// A write whose answer was a server failure may or may not have happened.
    pub write_outcome_unknown: bool,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} answered {}", self.action, self.status)?;
        if let Some(code) = &self.code {
            write!(f, " ({code})")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        for error in &self.errors {
            write!(f, "; {error}")?;
        }
        if let Some(wait) = self.retry_after {
            write!(
                f,
                "; the server asked to wait {} s",
                wait.as_secs_f64().ceil()
            )?;
            if let Some(at) = self.retry_at {
                write!(f, ", try again after {}", httpdate::fmt_http_date(at))?;
            }
        }
        if self.attempts > 1 {
            write!(f, "; {} attempts were made", self.attempts)?;
        }
        write!(
            f,
            " (request id {})",
            self.request_id.as_deref().unwrap_or("none")
        )?;
        f.write_str(outcome_note(self.write_outcome_unknown))
    }
}

/// One field error of a 400 or 422 answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field, when the server named one (422).
    pub field: Option<String>,
    /// Machine-readable code.
    pub code: Option<String>,
    /// Human message (400).
    pub message: Option<String>,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::with_capacity(3);
        if let Some(field) = &self.field {
            parts.push(format!("field `{field}`"));
        }
        if let Some(code) = &self.code {
            parts.push(code.clone());
        }
        if let Some(message) = &self.message {
            parts.push(message.clone());
        }
        f.write_str(&parts.join(": "))
    }
}

impl Error {
    /// The server's refusal, for errors that carry one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Unauthorized(e)
            | Error::Forbidden(e)
            | Error::NotFound(e)
            | Error::Validation(e)
            | Error::Conflict(e)
            | Error::RateLimited(e)
            | Error::Server(e)
            | Error::UnexpectedStatus(e) => Some(e),
            _ => None,
        }
    }

    /// HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Decode { status, .. } => Some(*status),
            other => other.api_error().map(|e| e.status),
        }
    }

    /// The server's request id, when the server answered.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Decode { request_id, .. } => request_id.as_deref(),
            other => other.api_error().and_then(|e| e.request_id.as_deref()),
        }
    }

    /// True when nothing at all was sent (refused before any I/O).
    pub fn nothing_sent(&self) -> bool {
        matches!(
            self,
            Error::Unavailable { .. }
                | Error::BrowserOnly { .. }
                | Error::UnknownAction { .. }
                | Error::InvalidArguments { .. }
                | Error::WriteRefused { .. }
                | Error::Config(_)
        )
    }

    /// True when a write may or may not have taken effect.
    pub fn write_outcome_unknown(&self) -> bool {
        match self {
            Error::Transport {
                write_outcome_unknown,
                ..
            }
            | Error::Timeout {
                write_outcome_unknown,
                ..
            } => *write_outcome_unknown,
            other => other.api_error().is_some_and(|e| e.write_outcome_unknown),
        }
    }

    /// A short machine-readable name of the variant (`rate_limited`), for tool results and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Unauthorized(_) => "unauthorized",
            Error::Forbidden(_) => "forbidden",
            Error::NotFound(_) => "not_found",
            Error::Validation(_) => "validation",
            Error::Conflict(_) => "conflict",
            Error::RateLimited(_) => "rate_limited",
            Error::Server(_) => "server",
            Error::UnexpectedStatus(_) => "unexpected_status",
            Error::Transport { .. } => "transport",
            Error::Timeout { .. } => "timeout",
            Error::Decode { .. } => "decode",
            Error::RepeatedCursor { .. } => "repeated_cursor",
            Error::Unavailable { .. } => "unavailable",
            Error::BrowserOnly { .. } => "browser_only",
            Error::UnknownAction { .. } => "unknown_action",
            Error::InvalidArguments { .. } => "invalid_arguments",
            Error::WriteRefused { .. } => "write_refused",
            Error::Config(_) => "config",
        }
    }
}
