//! The wire protocol of an API: what every call agrees on beyond its own parameters.
//!
//! How the key is sent, which header carries an idempotency key, how arrays go in a query, and
//! where an error body keeps its message, code and field errors are facts of the API, written
//! in its catalog (`api.protocol`) like its actions. The engine reads error bodies and writes
//! queries with them; an emulator writes error bodies and reads queries with them, so both
//! directions of each convention live here, in one place. (The list envelope and its cursors
//! are [`PaginationDescriptor`](crate::PaginationDescriptor)'s.)

use serde_json::{Map, Value};

use crate::descriptor::Method;
use crate::error::FieldError;

/// Everything an API agrees on for every call.
#[derive(Debug)]
pub struct ProtocolDescriptor {
    /// How a request carries the API key, and what keys look like.
    pub auth: AuthDescriptor,
    /// Prefix of the request ids the API issues (`req_`), followed by a ULID.
    pub request_id_prefix: &'static str,
    /// The header that makes a write safe to repeat, when the API has one.
    pub idempotency: Option<IdempotencyDescriptor>,
    /// How a list argument goes in a query string.
    pub query_arrays: QueryArrays,
    /// Where an error body keeps what went wrong.
    pub errors: ErrorShape,
}

/// How a request carries the API key.
#[derive(Debug)]
pub struct AuthDescriptor {
    /// The header carrying the key (`Authorization`).
    pub header: &'static str,
    /// The word before the key, as in `Authorization: Bearer <key>`; empty: the key alone.
    pub scheme: &'static str,
    /// Prefix of every key the API issues (`sk_`): an emulator without a configured key
    /// accepts any key that starts with it.
    pub key_prefix: &'static str,
}

impl AuthDescriptor {
    /// The header value carrying `key`.
    pub fn value(&self, key: &str) -> String {
        if self.scheme.is_empty() {
            key.to_owned()
        } else {
            format!("{} {key}", self.scheme)
        }
    }

    /// The key in a header value, if the value has the scheme.
    pub fn key<'v>(&self, value: &'v str) -> Option<&'v str> {
        if self.scheme.is_empty() {
            return Some(value.trim());
        }
        let rest = value.strip_prefix(self.scheme)?;
        rest.strip_prefix(' ').map(str::trim)
    }
}

/// The header carrying an idempotency key, and the methods that send one.
#[derive(Debug)]
pub struct IdempotencyDescriptor {
    /// Header name (`Idempotency-Key`).
    pub header: &'static str,
    /// Methods whose calls carry a key (`POST`): one per call, the same on every attempt.
    pub methods: &'static [Method],
}

impl IdempotencyDescriptor {
    /// True when calls with this method carry a key.
    pub fn applies_to(&self, method: Method) -> bool {
        self.methods.contains(&method)
    }
}

/// How a list argument goes in a query string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueryArrays {
    /// One pair, items joined by commas: `a=1,2` (a comma inside an item is encoded).
    Comma,
    /// One pair per item: `a=1&a=2`.
    Repeated,
    /// One pair per item, the name with `[]`: `a[]=1&a[]=2`.
    Brackets,
}

impl QueryArrays {
    /// The catalog spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            QueryArrays::Comma => "comma",
            QueryArrays::Repeated => "repeated",
            QueryArrays::Brackets => "brackets",
        }
    }

    /// The parameter a query key names: `a` for `a[]` when arrays are bracketed.
    pub fn param_name(self, key: &str) -> &str {
        match self {
            QueryArrays::Brackets => key.strip_suffix("[]").unwrap_or(key),
            QueryArrays::Comma | QueryArrays::Repeated => key,
        }
    }

    /// The items one query value holds for a list parameter.
    pub fn items(self, value: &str) -> impl Iterator<Item = &str> {
        let split = match self {
            QueryArrays::Comma => Some(value.split(',').filter(|part| !part.is_empty())),
            QueryArrays::Repeated | QueryArrays::Brackets => None,
        };
        let whole = split.is_none().then_some(value);
        split.into_iter().flatten().chain(whole)
    }
}

/// Where an error body keeps its message, its code and its field errors.
#[derive(Debug)]
pub struct ErrorShape {
    /// Fields that may hold the message, in order: the first present is read, the first is
    /// written (`message`, `error_description`, `error`).
    pub message: &'static [&'static str],
    /// Fields that may hold the code, in order, as for the message (`code`, `error`).
    pub code: &'static [&'static str],
    /// The array of field errors, when the API sends one.
    pub field_errors: Option<FieldErrorsShape>,
    /// The codes and texts of the answers every emulated action may give.
    pub answers: ErrorAnswers,
}

/// The array of field errors in an error body, and the keys of its items.
#[derive(Debug)]
pub struct FieldErrorsShape {
    /// Field of the body holding the array (`errors`).
    pub list: &'static str,
    /// Key of an item naming the field (`field`).
    pub field: &'static str,
    /// Key of an item holding its code (`code`).
    pub code: &'static str,
    /// Key of an item holding its message (`message`).
    pub message: &'static str,
}

/// What went wrong, as an error body says it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ErrorBody {
    pub message: String,
    pub code: Option<String>,
    pub errors: Vec<FieldError>,
}

impl ErrorShape {
    /// Reads an error body; `None` when it is not a JSON object.
    pub fn read(&self, body: &[u8]) -> Option<ErrorBody> {
        let map: Map<String, Value> = serde_json::from_slice(body).ok()?;
        let first = |map: &Map<String, Value>, keys: &[&str]| {
            keys.iter()
                .find_map(|key| map.get(*key).and_then(Value::as_str))
                .map(str::to_owned)
        };
        let errors = self
            .field_errors
            .as_ref()
            .and_then(|shape| {
                let items = map.get(shape.list)?.as_array()?;
                let items = items
                    .iter()
                    .filter_map(Value::as_object)
                    .map(|item| FieldError {
                        field: first(item, &[shape.field]),
                        code: first(item, &[shape.code]),
                        message: first(item, &[shape.message]),
                    });
                Some(items.collect())
            })
            .unwrap_or_default();
        Some(ErrorBody {
            message: first(&map, self.message).unwrap_or_default(),
            code: first(&map, self.code),
            errors,
        })
    }

    /// Writes an error body: the message and code in their first fields, the field errors
    /// (when the API has an array for them and there are some), then `extra` fields.
    pub fn write(&self, body: &ErrorBody, extra: &[(&str, &str)]) -> Value {
        let mut map = Map::new();
        if let Some(key) = self.message.first() {
            map.insert((*key).to_owned(), Value::from(body.message.as_str()));
        }
        if let (Some(key), Some(code)) = (self.code.first(), &body.code) {
            map.insert((*key).to_owned(), Value::from(code.as_str()));
        }
        if let Some(shape) = &self.field_errors
            && !body.errors.is_empty()
        {
            let items = body.errors.iter().map(|error| {
                let mut item = Map::new();
                let keyed = [
                    (shape.field, &error.field),
                    (shape.code, &error.code),
                    (shape.message, &error.message),
                ];
                for (key, value) in keyed {
                    if let Some(value) = value {
                        item.insert(key.to_owned(), Value::from(value.as_str()));
                    }
                }
                Value::Object(item)
            });
            map.insert(shape.list.to_owned(), Value::Array(items.collect()));
        }
        for (key, value) in extra {
            map.insert((*key).to_owned(), Value::from(*value));
        }
        Value::Object(map)
    }
}

/// The code and text of one answer. Texts may hold placeholders, filled by whoever answers
/// (`{what}` and `{id}` for a missing object, `{problem}`, `{problems}`).
#[derive(Debug, Clone, Copy)]
pub struct ErrorAnswer {
    pub code: &'static str,
    pub message: &'static str,
}

impl ErrorAnswer {
    /// The message with each `{name}` of `values` replaced by its value.
    pub fn message(&self, values: &[(&str, &str)]) -> String {
        let mut message = self.message.to_owned();
        for (name, value) in values {
            message = message.replace(&format!("{{{name}}}"), value);
        }
        message
    }
}

/// The codes and texts of the answers an emulator gives any action, as the API writes them.
#[derive(Debug)]
pub struct ErrorAnswers {
    /// 404, an object that does not exist (`{what}`, `{id}`).
    pub not_found: ErrorAnswer,
    /// Field of the 404 body that repeats the missing id (`entity_id`), if any.
    pub not_found_id_field: Option<&'static str>,
    /// 404, a path no endpoint serves.
    pub no_route: ErrorAnswer,
    /// 400, a request that cannot be read (`{problem}`).
    pub bad_request: ErrorAnswer,
    /// 400 or 422, arguments that break the catalog (`{problems}`: every problem, joined).
    pub validation: ErrorAnswer,
    /// Code of a field error for a missing value (`required`).
    pub missing_code: &'static str,
    /// Code of a field error for a value that does not fit (`invalid`).
    pub invalid_code: &'static str,
    /// 401, no valid API key.
    pub unauthorized: ErrorAnswer,
    /// 429, too many requests.
    pub rate_limited: ErrorAnswer,
    /// 409, an idempotency key reused with another request.
    pub idempotency_conflict: ErrorAnswer,
    /// 500, the server failed.
    pub server_error: ErrorAnswer,
    /// 503, the service is unavailable for a while.
    pub unavailable: ErrorAnswer,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_arrays_read_their_own_spelling() {
        let items = |arrays: QueryArrays, value| arrays.items(value).collect::<Vec<_>>();
        assert_eq!(items(QueryArrays::Comma, "a,b,,c"), ["a", "b", "c"]);
        assert_eq!(items(QueryArrays::Repeated, "a,b"), ["a,b"]);
        assert_eq!(items(QueryArrays::Brackets, "a,b"), ["a,b"]);
        assert_eq!(QueryArrays::Brackets.param_name("tags[]"), "tags");
        assert_eq!(QueryArrays::Repeated.param_name("tags[]"), "tags[]");
    }

    #[test]
    fn auth_values_round_trip() {
        let bearer = AuthDescriptor {
            header: "Authorization",
            scheme: "Bearer",
            key_prefix: "k_",
        };
        assert_eq!(bearer.value("k_1"), "Bearer k_1");
        assert_eq!(bearer.key("Bearer k_1"), Some("k_1"));
        assert_eq!(bearer.key("Bearerk_1"), None);
        assert_eq!(bearer.key("Basic k_1"), None);
        let bare = AuthDescriptor {
            header: "X-Api-Key",
            scheme: "",
            key_prefix: "k_",
        };
        assert_eq!(bare.value("k_1"), "k_1");
        assert_eq!(bare.key(" k_1 "), Some("k_1"));
    }
}
