//! [`Secret`]: a string the catalog marks `secret: true` (a created key's value, a TOTP
//! secret, a one-time code), kept out of `Debug` output.
//!
//! Generated models hold such a field as a `Secret` instead of a `String`. It decodes from a
//! JSON string in the same one pass as the rest of the answer and encodes back to the same
//! string (requests, and `Serialize` with the `serde` feature), but prints as
//! `Secret("<redacted>")`, and it has no `Display`: a `{:?}` of a model, a log line or a panic
//! message shows no secret. The value is read on purpose, with [`Secret::expose_secret`].
//!
//! ```
//! use actionspec_runtime::Secret;
//!
//! let secret = Secret::from("JJWFIBJMHEZCSR3Z");
//! assert_eq!(format!("{secret:?}"), r#"Secret("<redacted>")"#);
//! assert_eq!(secret.expose_secret(), "JJWFIBJMHEZCSR3Z");
//! ```

use std::fmt;

use serde_json::Value;

use crate::json::{FromJson, JsonError, Reader, ToJson};

/// A string that is not shown by `Debug`; [`expose_secret`](Secret::expose_secret) reads it.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value itself: call it only where the value is meant to go (shown to its owner once,
    /// stored, sent on).
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// The value itself, owned (see [`expose_secret`](Secret::expose_secret)).
    pub fn into_exposed(self) -> String {
        self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Secret").field(&"<redacted>").finish()
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(value.to_owned())
    }
}

impl FromJson for Secret {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        match reader.string() {
            Ok(value) => Ok(Secret(value)),
            Err(error) => Err(error),
        }
    }

    fn placeholder() -> Self {
        Secret(String::new())
    }
}

impl ToJson for Secret {
    fn to_json(&self) -> Value {
        Value::String(self.0.clone())
    }
}

crate::__serde_impls!(serialize Secret);
crate::__serde_impls!(deserialize Secret);
