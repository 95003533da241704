//! Error answers: what went wrong, worded and shaped as the catalog's protocol says the
//! emulated API words and shapes it (`api.protocol.errors`).

use actionspec_runtime::{ErrorBody, FieldError, ProtocolDescriptor};
use serde_json::Value;

/// An error answer: a status, what went wrong, and the seconds to put in `Retry-After`.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub status: u16,
    pub problem: Problem,
    /// Seconds to put in `Retry-After`, for 429 and 503 answers.
    pub retry_after: Option<u64>,
}

/// What went wrong. The generic kinds take their code and text from the catalog's
/// [`ErrorAnswers`](actionspec_runtime::ErrorAnswers); [`Problem::Other`] carries its own.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// An object that does not exist: `what` is the model's human name, `id` its id.
    NotFound { what: String, id: String },
    /// No endpoint serves the path.
    NoRoute,
    /// A request that cannot be read.
    BadRequest(String),
    /// Arguments that break the catalog: every problem, joined, and one entry per problem.
    Invalid {
        summary: String,
        fields: Vec<InvalidField>,
    },
    /// No valid API key.
    Unauthorized,
    /// Too many requests.
    RateLimited,
    /// An idempotency key reused with another request.
    IdempotencyConflict,
    /// The server failed.
    ServerError,
    /// The service is unavailable for a while.
    Unavailable,
    /// A code and a message of their own (a handler's refusal, an emulator limit).
    Other { code: String, message: String },
}

/// One problem of an [`Problem::Invalid`] answer.
#[derive(Debug, Clone, PartialEq)]
pub struct InvalidField {
    /// The field, for a problem in the body; `None` for one in the path or query.
    pub field: Option<String>,
    /// The value is missing (else it does not fit).
    pub missing: bool,
    pub message: String,
}

impl Failure {
    fn of(status: u16, problem: Problem) -> Failure {
        Failure {
            status,
            problem,
            retry_after: None,
        }
    }

    /// Any status with a code and a message of its own.
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> Failure {
        Failure::of(
            status,
            Problem::Other {
                code: code.to_owned(),
                message: message.into(),
            },
        )
    }

    /// 404 for an object that does not exist.
    pub fn not_found(what: &str, id: &str) -> Failure {
        Failure::of(
            404,
            Problem::NotFound {
                what: what.to_owned(),
                id: id.to_owned(),
            },
        )
    }

    /// 404 for a path no endpoint serves.
    pub fn no_route() -> Failure {
        Failure::of(404, Problem::NoRoute)
    }

    /// 400 for a request that cannot be read (bad query, body that is not a JSON object).
    pub fn bad_request(message: impl Into<String>) -> Failure {
        Failure::of(400, Problem::BadRequest(message.into()))
    }

    /// 400 (path or query) or 422 (body) for arguments that break the catalog.
    pub fn invalid(status: u16, summary: String, fields: Vec<InvalidField>) -> Failure {
        Failure::of(status, Problem::Invalid { summary, fields })
    }

    /// 401 without a valid API key.
    pub fn unauthorized() -> Failure {
        Failure::of(401, Problem::Unauthorized)
    }

    /// 429 with the seconds to wait.
    pub fn rate_limited(retry_after: u64) -> Failure {
        Failure {
            retry_after: Some(retry_after),
            ..Failure::of(429, Problem::RateLimited)
        }
    }

    /// 409 for an idempotency key reused with another request.
    pub fn idempotency_conflict() -> Failure {
        Failure::of(409, Problem::IdempotencyConflict)
    }

    /// 500 (or another 5xx) for a failure of the server.
    pub fn server_error(status: u16) -> Failure {
        Failure::of(status, Problem::ServerError)
    }

    /// 503 with the seconds to wait.
    pub fn unavailable(retry_after: u64) -> Failure {
        Failure {
            retry_after: Some(retry_after),
            ..Failure::of(503, Problem::Unavailable)
        }
    }

    /// 422 for a request that is well-formed but not acceptable (field problems, a
    /// state that does not allow the change).
    pub fn unprocessable(code: &str, message: impl Into<String>) -> Failure {
        Failure::new(422, code, message)
    }

    /// The code the API answers with, as the protocol words it.
    pub fn code(&self, protocol: &ProtocolDescriptor) -> String {
        self.said(protocol).0.code.unwrap_or_default()
    }

    /// The JSON body, shaped as the protocol says.
    pub fn body(&self, protocol: &ProtocolDescriptor) -> Value {
        let (said, id_field) = self.said(protocol);
        let extra: Vec<(&str, &str)> = match (&self.problem, id_field) {
            (Problem::NotFound { id, .. }, Some(field)) => vec![(field, id.as_str())],
            _ => Vec::new(),
        };
        protocol.errors.write(&said, &extra)
    }

    /// The message, code and field errors, and the field repeating a missing id (if any).
    fn said(&self, protocol: &ProtocolDescriptor) -> (ErrorBody, Option<&'static str>) {
        let answers = &protocol.errors.answers;
        let worded =
            |answer: &actionspec_runtime::ErrorAnswer, values: &[(&str, &str)]| ErrorBody {
                message: answer.message(values),
                code: Some(answer.code.to_owned()),
                errors: Vec::new(),
            };
        let said = match &self.problem {
            Problem::NotFound { what, id } => {
                let said = worded(&answers.not_found, &[("what", what), ("id", id)]);
                return (said, answers.not_found_id_field);
            }
            Problem::NoRoute => worded(&answers.no_route, &[]),
            Problem::BadRequest(problem) => worded(&answers.bad_request, &[("problem", problem)]),
            Problem::Invalid { summary, fields } => {
                let mut said = worded(&answers.validation, &[("problems", summary)]);
                said.errors = fields
                    .iter()
                    .map(|field| FieldError {
                        field: field.field.clone(),
                        code: Some(if field.missing {
                            answers.missing_code.to_owned()
                        } else {
                            answers.invalid_code.to_owned()
                        }),
                        message: Some(field.message.clone()),
                    })
                    .collect();
                said
            }
            Problem::Unauthorized => worded(&answers.unauthorized, &[]),
            Problem::RateLimited => worded(&answers.rate_limited, &[]),
            Problem::IdempotencyConflict => worded(&answers.idempotency_conflict, &[]),
            Problem::ServerError => worded(&answers.server_error, &[]),
            Problem::Unavailable => worded(&answers.unavailable, &[]),
            Problem::Other { code, message } => ErrorBody {
                message: message.clone(),
                code: Some(code.clone()),
                errors: Vec::new(),
            },
        };
        (said, None)
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
