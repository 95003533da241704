//! When to retry, and how long to wait.
//!
//! A retry must never do a write twice. Reads, `PUT`, `DELETE` and actions the catalog marks
//! idempotent are repeated after 408, 429, 500, 502, 503, 504, connection failures and
//! timeouts. Any other write (a `POST` or `PATCH` not marked idempotent) is repeated only when
//! the server cannot have acted on it: after a 429, or when the connection failed before the
//! request was sent.

use std::time::{Duration, SystemTime};

use crate::descriptor::{Access, ActionDescriptor, Method};

/// Default number of retries after the first attempt (the official SDKs retry 3 times).
pub const DEFAULT_MAX_RETRIES: u32 = 3;
/// Default wait before the first retry.
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(500);
/// Default growth of the wait per retry.
pub const DEFAULT_BACKOFF_MULTIPLIER: f64 = 2.0;
/// Default cap on one computed wait.
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(8);
/// Default cap on a `Retry-After` the engine sleeps through.
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Retry settings of an engine. See the crate documentation for the rules.
///
/// ```
/// use std::time::Duration;
/// let retry = actionspec_runtime::RetryConfig::default()
///     .max_retries(5)
///     .initial_backoff(Duration::from_millis(200));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RetryConfig {
    pub(crate) max_retries: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) multiplier: f64,
    pub(crate) max_backoff: Duration,
    pub(crate) max_retry_after: Duration,
    pub(crate) jitter: bool,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            max_retries: DEFAULT_MAX_RETRIES,
            initial_backoff: DEFAULT_INITIAL_BACKOFF,
            multiplier: DEFAULT_BACKOFF_MULTIPLIER,
            max_backoff: DEFAULT_MAX_BACKOFF,
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
            jitter: true,
        }
    }
}

impl RetryConfig {
    /// No retries at all.
    pub fn none() -> Self {
        Self::default().max_retries(0)
    }

    /// Retries after the first attempt (default [`DEFAULT_MAX_RETRIES`]).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// Wait before the first retry (default [`DEFAULT_INITIAL_BACKOFF`]).
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// Growth of the wait per retry (default [`DEFAULT_BACKOFF_MULTIPLIER`]; values below 1
    /// count as 1).
    pub fn multiplier(mut self, multiplier: f64) -> Self {
        self.multiplier = if multiplier.is_finite() && multiplier >= 1.0 {
            multiplier
        } else {
            1.0
        };
        self
    }

    /// Cap on one computed wait (default [`DEFAULT_MAX_BACKOFF`]).
    pub fn max_backoff(mut self, cap: Duration) -> Self {
        self.max_backoff = cap;
        self
    }

    /// Cap on a server's `Retry-After` the engine sleeps through (default
    /// [`DEFAULT_MAX_RETRY_AFTER`]); a longer one ends the call with
    /// [`Error::RateLimited`](crate::Error::RateLimited), saying when to try again.
    pub fn max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    /// Multiply each computed wait by a random factor in [0.5, 1.5) (default on), so that
    /// clients that failed together do not retry together.
    pub fn jitter(mut self, on: bool) -> Self {
        self.jitter = on;
        self
    }

    /// The configured number of retries.
    pub fn get_max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The wait before retry number `retry` (0 for the first retry), without a server hint:
    /// `initial × multiplier^retry`, times the jitter factor, capped at the maximum.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exponent = i32::try_from(retry).unwrap_or(i32::MAX);
        let base = self.initial_backoff.as_secs_f64() * self.multiplier.powi(exponent);
        let cap = self.max_backoff.as_secs_f64();
        let mut wait = base.min(cap);
        if self.jitter {
            wait *= 0.5 + fastrand::f64();
        }
        Duration::try_from_secs_f64(wait.min(cap)).unwrap_or(self.max_backoff)
    }
}

/// True when repeating the action cannot do its work twice: reads, `GET`, `PUT`, `DELETE`, and
/// actions the catalog marks idempotent.
pub fn safe_to_repeat(action: &ActionDescriptor, method: Method) -> bool {
    action.idempotent
        || action.access == Access::Read
        || matches!(method, Method::Get | Method::Put | Method::Delete)
}

/// True when an answer with this status may be retried.
///
/// 429 means the server refused the request without acting on it, so even a non-idempotent
/// write may be repeated. 408 and the 5xx statuses may follow a write that happened.
pub fn retryable_status(status: u16, safe_to_repeat: bool) -> bool {
    match status {
        429 => true,
        408 | 500 | 502 | 503 | 504 => safe_to_repeat,
        _ => false,
    }
}

/// Parses a `Retry-After` value: delay seconds (fractions accepted, since some servers send
/// them) or an HTTP date (IMF-fixdate, RFC 850 or asctime). A date in the past means "now".
/// Negative numbers and anything else unreadable give `None`; the caller then falls back to its
/// own backoff. A number too large for a `Duration` saturates, so it is seen as "too long".
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let (whole, fraction) = match value.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (value, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if all_digits(whole) && fraction.is_none_or(all_digits) {
        let seconds: f64 = value.parse().ok()?;
        return Some(Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}
