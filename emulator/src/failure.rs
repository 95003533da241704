//! Error answers, shaped like the emulated API's: `{"message", "code", "errors"}`.

use serde_json::{Value, json};

/// An error answer: a status and its JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub status: u16,
    pub body: Value,
    /// Seconds to put in `Retry-After`, for 429 and 503 answers.
    pub retry_after: Option<u64>,
}

impl Failure {
    /// Any status with a message and a code.
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> Failure {
        Failure {
            status,
            body: json!({ "message": message.into(), "code": code }),
            retry_after: None,
        }
    }

    /// 404 for an object that does not exist (`entity_not_found`, with the id).
    pub fn not_found(what: &str, id: &str) -> Failure {
        Failure {
            status: 404,
            body: json!({
                "message": format!("{what} not found: '{id}'."),
                "code": "entity_not_found",
                "entity_id": id,
            }),
            retry_after: None,
        }
    }

    /// 400 for a request that cannot be read (bad query, body that is not a JSON object).
    pub fn bad_request(message: impl Into<String>) -> Failure {
        Failure::new(400, "invalid_request_parameters", message)
    }

    /// 401 without a valid API key.
    pub fn unauthorized() -> Failure {
        Failure::new(
            401,
            "unauthorized",
            "Could not authorize the request. Maybe your API key is invalid?",
        )
    }

    /// 429 with the seconds to wait.
    pub fn rate_limited(retry_after: u64) -> Failure {
        Failure {
            retry_after: Some(retry_after),
            ..Failure::new(
                429,
                "rate_limit_exceeded",
                "Rate limit exceeded; retry after the time in Retry-After.",
            )
        }
    }

    /// 409 for an idempotency key reused with another request.
    pub fn idempotency_conflict() -> Failure {
        Failure::new(
            409,
            "idempotency_error",
            "This Idempotency-Key was already used with a different request; use a new key for a new request.",
        )
    }

    /// 422 for a request that is well-formed but not acceptable (field problems, a
    /// state that does not allow the change).
    pub fn unprocessable(code: &str, message: impl Into<String>) -> Failure {
        Failure::new(422, code, message)
    }

    /// The `code` of the body.
    pub fn code(&self) -> Option<&str> {
        self.body.get("code").and_then(Value::as_str)
    }
}

/// A human name for a model in messages: `OrganizationMembership` -> `Organization membership`.
pub(crate) fn model_title(model: &str) -> String {
    let mut title = String::with_capacity(model.len() + 4);
    for (index, character) in model.chars().enumerate() {
        if index > 0 && character.is_ascii_uppercase() {
            title.push(' ');
            title.push(character.to_ascii_lowercase());
        } else {
            title.push(character);
        }
    }
    title
}
