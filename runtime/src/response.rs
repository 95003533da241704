//! What came back: a successful answer before decoding, its decoding, and the typed error of
//! a refusal, read with the catalog's error shape.
//!
//! [`RawResponse`] with [`RawResponse::decode_error`] is also what pagination reads pages with.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::HeaderValue;
use serde_json::Value;

use crate::descriptor::{ActionDescriptor, ErrorBody, ErrorShape, Returns};
use crate::error::{ApiError, Error, Result};
use crate::json::{self, FromJson, JsonError};

/// Longest body excerpt kept in an error.
const EXCERPT_CHARS: usize = 300;

/// An answer, before decoding.
pub(crate) struct RawResponse {
    pub status: u16,
    /// The server's request id, when it is text.
    pub request_id: Option<HeaderValue>,
    pub body: Bytes,
}

impl RawResponse {
    /// The server's request id, as text.
    pub fn request_id(&self) -> Option<String> {
        self.request_id
            .as_ref()
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    }

    /// The error for a body that does not decode as the catalog says.
    pub fn decode_error(&self, action: &'static ActionDescriptor, source: JsonError) -> Error {
        Error::Decode {
            action: action.name,
            status: self.status,
            request_id: self.request_id(),
            excerpt: excerpt(&self.body),
            source,
        }
    }
}

/// Decodes a one-value answer straight from its text. Actions that answer nothing, and empty
/// bodies, decode from `null` so that `T = ()` (and `serde_json::Value`) work.
pub(crate) fn decode_one<T: FromJson>(
    action: &'static ActionDescriptor,
    raw: &RawResponse,
) -> Result<T> {
    // Written with `match` rather than combinators: this is compiled once per answer type.
    let text: &[u8] = if answers_nothing(action, raw) {
        b"null"
    } else {
        &raw.body
    };
    match json::from_slice(text) {
        Ok(answer) => Ok(answer),
        Err(source) => Err(raw.decode_error(action, source)),
    }
}

/// A dynamic call's answer as JSON: `null` for actions that answer nothing and for empty
/// bodies.
pub(crate) fn decode_value(action: &'static ActionDescriptor, raw: &RawResponse) -> Result<Value> {
    if answers_nothing(action, raw) {
        return Ok(Value::Null);
    }
    json::parse(&raw.body).map_err(|source| raw.decode_error(action, source))
}

fn answers_nothing(action: &'static ActionDescriptor, raw: &RawResponse) -> bool {
    matches!(action.returns, Returns::Nothing)
        || raw.body.iter().all(|byte| byte.is_ascii_whitespace())
}

/// The body with every occurrence of the API key replaced by `<redacted>`; the body itself
/// (no copy) when the key is not in it, which is always for a well-behaved server.
pub(crate) fn redact_key(finder: &memchr::memmem::Finder<'static>, body: Bytes) -> Bytes {
    let key = finder.needle();
    if key.is_empty() || finder.find(&body).is_none() {
        return body;
    }
    let mut out = Vec::with_capacity(body.len());
    let mut rest = &body[..];
    while let Some(at) = finder.find(rest) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(b"<redacted>");
        rest = &rest[at + key.len()..];
    }
    out.extend_from_slice(rest);
    Bytes::from(out)
}

fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().nth(EXCERPT_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// The typed error for a refusal, with what the server said where the catalog's error shape
/// says it keeps it.
pub(crate) fn api_error(
    shape: &ErrorShape,
    action: &'static ActionDescriptor,
    answer: &RawResponse,
    retry_after: Option<Duration>,
    now: SystemTime,
    attempts: u32,
) -> Error {
    let status = answer.status;
    let said = shape.read(&answer.body).unwrap_or_else(|| ErrorBody {
        message: excerpt(&answer.body),
        ..Default::default()
    });
    let error = Box::new(ApiError {
        action: action.name,
        status,
        code: said.code,
        message: said.message,
        request_id: answer.request_id(),
        errors: said.errors,
        retry_after,
        retry_at: retry_after.and_then(|wait| now.checked_add(wait)),
        attempts,
        write_outcome_unknown: action.is_write() && (status >= 500 || status == 408),
    });
    match status {
        400 | 422 => Error::Validation(error),
        401 => Error::Unauthorized(error),
        403 => Error::Forbidden(error),
        404 => Error::NotFound(error),
        409 => Error::Conflict(error),
        429 => Error::RateLimited(error),
        500..=599 => Error::Server(error),
        _ => Error::UnexpectedStatus(error),
    }
}
