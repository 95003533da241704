//! Confirmations as sealed values: what the server hands out when it asks for a write to be
//! confirmed (the `requestState` of an `input_required` result, or the `confirmation_token`
//! of a preview) is a value it sealed, not a row in its memory.
//!
//! The value holds a random nonce and an expiry (five minutes), sealed with rmcp's
//! [`RequestStateCodec`] (HMAC-SHA256). The action, a digest of the canonical arguments and
//! the caller are bound into the seal as associated data, so the value opens only for the
//! same call by the same caller. Any server holding the same key opens it: replicas given one
//! `--confirm-key-file` confirm each other's writes.
//!
//! A write confirmed by a value is sent with an `Idempotency-Key` derived from its nonce, so a
//! value presented twice, even to two replicas, makes one write: the API (and the emulator)
//! answers the second `POST` with the first answer. `PUT` and `DELETE` carry no key; they are
//! idempotent by nature: a repeated `PUT` sets the same fields again, a repeated `DELETE` finds
//! nothing left (404). Each process also remembers the nonces it redeemed until they expire and
//! refuses them a second time.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rmcp::model::{RequestStateCodec, SealOptions};
use serde_json::Value;

/// How long a sealed confirmation stays valid.
pub const LIFETIME: Duration = Duration::from_secs(300);

/// The one message for a value that does not open: which check failed is not told.
pub const REFUSED: &str = "the confirmation is not valid: it was altered, has expired, was already used, or was given for other arguments or another caller";

/// Bytes of randomness in a nonce.
const NONCE_BYTES: usize = 16;

/// Seals and opens confirmations with one key; remembers the nonces it redeemed.
pub struct Sealer {
    codec: RequestStateCodec,
    lifetime: Duration,
    used: Mutex<HashMap<String, Instant>>,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sealer").finish_non_exhaustive()
    }
}

/// The call a confirmation is for: the action, its arguments and who asks.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    pub action: &'a str,
    pub arguments: &'a Value,
    pub caller: &'a str,
}

/// A confirmation that opened: the write it confirms may be sent once, under this key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmed {
    nonce: String,
}

impl Confirmed {
    /// A confirmation that no value carries (the person accepted a server-initiated question):
    /// a fresh nonce all the same, so every confirmed write has its own key.
    pub fn fresh() -> Self {
        Confirmed { nonce: nonce() }
    }

    /// The `Idempotency-Key` the confirmed write is sent with.
    pub fn idempotency_key(&self) -> String {
        format!("confirmed-{}", self.nonce)
    }
}

impl Sealer {
    /// Smallest key accepted, in bytes.
    pub const MIN_KEY_BYTES: usize = RequestStateCodec::MIN_KEY_LENGTH;

    /// A sealer with `key` (at least [`Self::MIN_KEY_BYTES`] bytes).
    pub fn new(key: &[u8]) -> Result<Self, String> {
        let codec = RequestStateCodec::try_new(key.to_vec()).map_err(|_| {
            format!(
                "the confirmation key holds {} bytes; it needs {} or more",
                key.len(),
                Self::MIN_KEY_BYTES
            )
        })?;
        Ok(Sealer {
            codec,
            lifetime: LIFETIME,
            used: Mutex::new(HashMap::new()),
        })
    }

    /// The same sealer, its values valid for `lifetime` instead of [`LIFETIME`].
    pub fn with_lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = lifetime;
        self
    }

    /// How long a value it seals stays valid.
    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    /// A sealer with a key drawn for this process alone.
    pub fn random() -> Self {
        let mut key = [0u8; 32];
        fill(&mut key);
        Self::new(&key).expect("32 bytes is long enough")
    }

    /// A sealer with the key in `path` (its bytes as they are; 32 or more).
    pub fn from_key_file(path: &Path) -> Result<Self, String> {
        let key = std::fs::read(path).map_err(|error| {
            format!(
                "could not read --confirm-key-file `{}`: {error}",
                path.display()
            )
        })?;
        Self::new(&key).map_err(|why| format!("--confirm-key-file `{}`: {why}", path.display()))
    }

    /// A value confirming `call`, valid for [`Sealer::lifetime`].
    pub fn seal(&self, call: Call<'_>) -> String {
        let bound = bound(call);
        self.codec.seal_with(
            nonce().as_bytes(),
            &SealOptions::new()
                .associated_data(&bound)
                .ttl(self.lifetime),
        )
    }

    /// Opens `value` for `call` and uses it up in this process; [`REFUSED`] when it was
    /// altered, has expired, was sealed with another key or for another call or caller, or was
    /// already redeemed here.
    pub fn redeem(&self, value: &str, call: Call<'_>) -> Result<Confirmed, &'static str> {
        let nonce = self
            .codec
            .open_with(value.trim(), &bound(call))
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .ok_or(REFUSED)?;
        let now = Instant::now();
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        used.retain(|_, expires| *expires > now);
        if used.insert(nonce.clone(), now + self.lifetime).is_some() {
            return Err(REFUSED);
        }
        Ok(Confirmed { nonce })
    }
}

/// The associated data a value is bound to: action, digest of the canonical arguments, caller.
fn bound(call: Call<'_>) -> Vec<u8> {
    let mut canonical = Vec::new();
    write_canonical(call.arguments, &mut canonical);
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &canonical);
    let mut bound = Vec::with_capacity(call.action.len() + call.caller.len() + 40);
    bound.extend_from_slice(call.action.as_bytes());
    bound.push(0);
    bound.extend_from_slice(digest.as_ref());
    bound.push(0);
    bound.extend_from_slice(call.caller.as_bytes());
    bound
}

/// JSON with object keys sorted at every level, so equal arguments give equal bytes
/// whatever order the client sent them in.
fn write_canonical(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push(b'{');
            for (index, (key, value)) in entries.into_iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(Value::String(key.clone()).to_string().as_bytes());
                out.push(b':');
                write_canonical(value, out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                write_canonical(item, out);
            }
            out.push(b']');
        }
        scalar => out.extend_from_slice(scalar.to_string().as_bytes()),
    }
}

fn nonce() -> String {
    let mut bytes = [0u8; NONCE_BYTES];
    fill(&mut bytes);
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Random bytes from the OS; aws-lc's own generator would first seed itself from CPU jitter,
/// which costs a server's start tens of milliseconds.
fn fill(bytes: &mut [u8]) {
    getrandom::fill(bytes).expect("the system's random source answers");
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call<'a>(arguments: &'a Value, caller: &'a str) -> Call<'a> {
        Call {
            action: "create",
            arguments,
            caller,
        }
    }

    #[test]
    fn a_value_opens_once_for_its_call_and_caller_only() {
        let sealer = Sealer::random();
        let args = json!({"name": "Acme", "domains": ["a.com"]});
        let value = sealer.seal(call(&args, "alice"));

        let reordered = json!({"domains": ["a.com"], "name": "Acme"});
        let other_args = json!({"name": "Other", "domains": ["a.com"]});
        let other_action = Call {
            action: "delete",
            ..call(&args, "alice")
        };
        for (why, presented) in [
            ("other arguments", call(&other_args, "alice")),
            ("another caller", call(&args, "bob")),
            ("another action", other_action),
        ] {
            assert_eq!(sealer.redeem(&value, presented), Err(REFUSED), "{why}");
        }
        let confirmed = sealer.redeem(&value, call(&reordered, "alice")).unwrap();
        assert!(confirmed.idempotency_key().starts_with("confirmed-"));
        assert_eq!(
            sealer.redeem(&value, call(&args, "alice")),
            Err(REFUSED),
            "used up"
        );
    }

    #[test]
    fn a_shared_key_opens_on_another_sealer_and_gives_the_same_idempotency_key() {
        let key = [7u8; 32];
        let first = Sealer::new(&key).unwrap();
        let second = Sealer::new(&key).unwrap();
        let args = json!({"name": "Acme"});
        let value = first.seal(call(&args, "alice"));
        let here = first.redeem(&value, call(&args, "alice")).unwrap();
        let there = second.redeem(&value, call(&args, "alice")).unwrap();
        assert_eq!(here.idempotency_key(), there.idempotency_key());
        assert_eq!(
            Sealer::random().redeem(&value, call(&args, "alice")),
            Err(REFUSED),
            "a foreign key"
        );
    }

    #[test]
    fn altered_or_malformed_values_are_refused() {
        let sealer = Sealer::random();
        let args = json!({});
        let value = sealer.seal(call(&args, "alice"));
        let mut altered = value.clone().into_bytes();
        let middle = altered.len() / 2;
        altered[middle] = if altered[middle] == b'A' { b'B' } else { b'A' };
        for presented in [
            String::from_utf8(altered).unwrap(),
            String::new(),
            "rs1.x.y".to_owned(),
            value[..value.len() - 2].to_owned(),
        ] {
            assert_eq!(
                sealer.redeem(&presented, call(&args, "alice")),
                Err(REFUSED)
            );
        }
    }

    #[test]
    fn an_expired_value_is_refused() {
        let sealer = Sealer::random().with_lifetime(Duration::from_millis(1));
        let args = json!({});
        let value = sealer.seal(call(&args, "alice"));
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(sealer.redeem(&value, call(&args, "alice")), Err(REFUSED));
    }

    #[test]
    fn short_keys_are_refused() {
        assert!(Sealer::new(&[1u8; 31]).unwrap_err().contains("32 or more"));
    }
}
