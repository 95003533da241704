//! Webhook signatures: checking that a request came from the API, and signing one as the API
//! does (for an emulator, or a tool forwarding events to a local handler).
//!
//! The catalog says how its API signs ([`WebhookDescriptor`], `api.webhooks`); a
//! [`WebhookSecret`] pairs that with one endpoint's secret. Verification parses the signature
//! header, refuses a timestamp outside the tolerance (either way: a stale replay or a clock far
//! ahead), then compares the HMAC in constant time. Only then is the body decoded, as a typed
//! call decodes an answer (unknown fields ignored, unknown enum values kept).
//!
//! ```
//! use std::time::SystemTime;
//! use actionspec_runtime::webhook::{
//!     SignatureScheme, TimestampUnit, WebhookDescriptor, WebhookError, WebhookSecret,
//! };
//!
//! const SCHEME: WebhookDescriptor = WebhookDescriptor {
//!     signature_header: "Example-Signature",
//!     scheme: SignatureScheme::TimestampedHmacSha256,
//!     timestamp_unit: TimestampUnit::Milliseconds,
//!     tolerance_secs: 180,
//! };
//! let secret = WebhookSecret::new(SCHEME, "whsec_test");
//! let body = br#"{"id":"event_1","event":"user.created","data":{}}"#;
//! let header = secret.sign(body, SystemTime::now());
//! assert!(secret.verify(body, &header).is_ok());
//! assert!(matches!(
//!     secret.verify(b"{}", &header),
//!     Err(WebhookError::SignatureMismatch)
//! ));
//! ```

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use reqwest::header::HeaderMap;
use sha2::Sha256;

use crate::json::{FromJson, JsonError};

/// How an API signs the webhooks it sends: the catalog's `api.webhooks` block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WebhookDescriptor {
    /// Request header carrying the signature (`WorkOS-Signature`).
    pub signature_header: &'static str,
    /// What the header holds and what is signed.
    pub scheme: SignatureScheme,
    /// Unit of the header's timestamp.
    pub timestamp_unit: TimestampUnit,
    /// How far (seconds) a timestamp may be from now, either way, by default.
    pub tolerance_secs: u64,
}

/// What a signature header holds and what is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignatureScheme {
    /// `t=<timestamp>, v1=<hex HMAC-SHA256 with the secret over "<timestamp>.<raw body>">`.
    ///
    /// Pairs are separated by commas (spaces around them ignored) and other keys are ignored;
    /// several `v1` pairs are accepted when any matches (a secret being rotated).
    TimestampedHmacSha256,
}

impl SignatureScheme {
    /// The catalog spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureScheme::TimestampedHmacSha256 => "timestamped_hmac_sha256",
        }
    }
}

/// Unit of a signature's timestamp, counted from the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimestampUnit {
    Seconds,
    Milliseconds,
}

impl TimestampUnit {
    /// The catalog spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TimestampUnit::Seconds => "seconds",
            TimestampUnit::Milliseconds => "milliseconds",
        }
    }

    /// Milliseconds in one unit.
    fn millis(self) -> u128 {
        match self {
            TimestampUnit::Seconds => 1000,
            TimestampUnit::Milliseconds => 1,
        }
    }
}

/// Why a webhook was refused. None of them shows the secret or the expected signature.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// The request has no signature header.
    #[error("the request has no `{header}` header")]
    MissingHeader { header: &'static str },
    /// The signature header cannot be read.
    #[error("the `{header}` header is malformed: {reason}")]
    MalformedHeader {
        header: &'static str,
        reason: &'static str,
    },
    /// The timestamp is older than the tolerance allows: a delayed or replayed request.
    #[error(
        "the webhook was signed {} s ago, more than the tolerance of {} s",
        age.as_secs(),
        tolerance.as_secs()
    )]
    Stale { age: Duration, tolerance: Duration },
    /// The timestamp is further ahead of this machine's clock than the tolerance allows.
    #[error(
        "the webhook's timestamp is {} s ahead of this clock, more than the tolerance of {} s",
        ahead.as_secs(),
        tolerance.as_secs()
    )]
    FromTheFuture {
        ahead: Duration,
        tolerance: Duration,
    },
    /// No signature matches the body and the secret: the body was changed, or the secret is
    /// not this endpoint's.
    #[error("the signature does not match the body and the endpoint's secret")]
    SignatureMismatch,
    /// The signature holds, but the body is not an event.
    #[error("the webhook's body is not a valid event at {}: {source}", source.path())]
    Decode {
        #[source]
        source: JsonError,
    },
}

/// One endpoint's secret, with the scheme its API signs with: verifies webhooks and signs them.
///
/// Its `Debug` output never shows the secret.
#[derive(Clone)]
pub struct WebhookSecret {
    descriptor: WebhookDescriptor,
    /// HMAC-SHA256 already keyed with the secret; cloned for each message.
    mac: Hmac<Sha256>,
    tolerance: Duration,
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookSecret")
            .field("descriptor", &self.descriptor)
            .field("secret", &"<redacted>")
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

impl WebhookSecret {
    /// The secret of one endpoint (as the API's dashboard shows it), for the API `descriptor`
    /// describes; the tolerance is the descriptor's.
    pub fn new(descriptor: WebhookDescriptor, secret: impl AsRef<[u8]>) -> WebhookSecret {
        WebhookSecret {
            descriptor,
            mac: keyed(secret.as_ref()),
            tolerance: Duration::from_secs(descriptor.tolerance_secs),
        }
    }

    /// How far a timestamp may be from now, either way.
    pub fn tolerance(mut self, tolerance: Duration) -> WebhookSecret {
        self.tolerance = tolerance;
        self
    }

    /// The scheme this secret signs and verifies with.
    pub fn descriptor(&self) -> &WebhookDescriptor {
        &self.descriptor
    }

    /// The signature header's name (`WorkOS-Signature`).
    pub fn header_name(&self) -> &'static str {
        self.descriptor.signature_header
    }

    /// The signature header's value among a request's headers.
    pub fn signature_in<'h>(&self, headers: &'h HeaderMap) -> Result<&'h str, WebhookError> {
        let header = self.descriptor.signature_header;
        let value = headers
            .get(header)
            .ok_or(WebhookError::MissingHeader { header })?;
        value.to_str().map_err(|_| WebhookError::MalformedHeader {
            header,
            reason: "it is not visible ASCII",
        })
    }

    /// Checks the raw `body` against the signature header's value, now.
    pub fn verify(&self, body: &[u8], signature: &str) -> Result<(), WebhookError> {
        self.verify_at(body, signature, SystemTime::now())
    }

    /// Checks the raw `body` against the signature header's value, as if the time were `now`.
    pub fn verify_at(
        &self,
        body: &[u8],
        signature: &str,
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        let header = self.descriptor.signature_header;
        let parsed =
            parse(signature).map_err(|reason| WebhookError::MalformedHeader { header, reason })?;
        self.check_time(parsed.timestamp, now)?;
        let mut matched = false;
        for candidate in parsed.signatures {
            let mut mac = self.mac.clone();
            feed(&mut mac, parsed.timestamp_text, body);
            // Constant time: `verify_slice` compares every byte whatever the first mismatch.
            matched |= mac.verify_slice(&candidate).is_ok();
        }
        if matched {
            Ok(())
        } else {
            Err(WebhookError::SignatureMismatch)
        }
    }

    /// Checks the raw `body` against the signature header's value, then decodes it as `T` (an
    /// event model).
    pub fn verify_event<T: FromJson>(
        &self,
        body: &[u8],
        signature: &str,
    ) -> Result<T, WebhookError> {
        self.verify(body, signature)?;
        crate::json::from_slice(body).map_err(|source| WebhookError::Decode { source })
    }

    /// The signature header's value for `body` sent at `at`, as the API makes it.
    pub fn sign(&self, body: &[u8], at: SystemTime) -> String {
        let since_epoch = at.duration_since(UNIX_EPOCH).unwrap_or_default();
        let timestamp = since_epoch.as_millis() / self.descriptor.timestamp_unit.millis();
        let timestamp = timestamp.to_string();
        let mut mac = self.mac.clone();
        feed(&mut mac, &timestamp, body);
        let digest = hex::encode(mac.finalize().into_bytes());
        match self.descriptor.scheme {
            SignatureScheme::TimestampedHmacSha256 => format!("t={timestamp}, v1={digest}"),
        }
    }

    /// A POST of `body` (JSON) to `url`, signed now, ready to send: how the API delivers a
    /// webhook, for an emulator or a tool forwarding events to a local handler.
    pub fn signed_post(
        &self,
        client: &reqwest::Client,
        url: &str,
        body: impl Into<bytes::Bytes>,
    ) -> reqwest::RequestBuilder {
        let body = body.into();
        let signature = self.sign(&body, SystemTime::now());
        client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(self.descriptor.signature_header, signature)
            .body(body)
    }

    fn check_time(&self, timestamp: u64, now: SystemTime) -> Result<(), WebhookError> {
        let unit = self.descriptor.timestamp_unit.millis();
        let signed_ms = u128::from(timestamp).saturating_mul(unit);
        let now_ms = now
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis();
        let tolerance = self.tolerance;
        let millis = |ms: u128| Duration::from_millis(u64::try_from(ms).unwrap_or(u64::MAX));
        if now_ms >= signed_ms {
            let age = millis(now_ms - signed_ms);
            if age > tolerance {
                return Err(WebhookError::Stale { age, tolerance });
            }
        } else {
            let ahead = millis(signed_ms - now_ms);
            if ahead > tolerance {
                return Err(WebhookError::FromTheFuture { ahead, tolerance });
            }
        }
        Ok(())
    }
}

/// HMAC-SHA256 keyed with `secret`.
fn keyed(secret: &[u8]) -> Hmac<Sha256> {
    match <Hmac<Sha256> as Mac>::new_from_slice(secret) {
        Ok(mac) => mac,
        // HMAC hashes a long key and pads a short one: every length is accepted.
        Err(_) => unreachable!("HMAC accepts a key of any length"),
    }
}

/// What the scheme signs: `<timestamp>.<raw body>`.
fn feed(mac: &mut Hmac<Sha256>, timestamp: &str, body: &[u8]) {
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
}

/// A signature header, read.
struct Parsed<'a> {
    timestamp_text: &'a str,
    timestamp: u64,
    signatures: Vec<Vec<u8>>,
}

fn parse(header: &str) -> Result<Parsed<'_>, &'static str> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for pair in header.split(',') {
        let Some((key, value)) = pair.trim().split_once('=') else {
            return Err("expected `t=<timestamp>, v1=<signature>`");
        };
        match key {
            "t" => {
                if timestamp.is_some() {
                    return Err("it has two timestamps (`t=`)");
                }
                if value.is_empty() || !value.bytes().all(|byte| byte.is_ascii_digit()) {
                    return Err("the timestamp (`t=`) is not a whole number");
                }
                let number = value
                    .parse::<u64>()
                    .map_err(|_| "the timestamp (`t=`) is too large")?;
                timestamp = Some((value, number));
            }
            "v1" => {
                let bytes =
                    hex::decode(value).map_err(|_| "the signature (`v1=`) is not hexadecimal")?;
                if bytes.len() != 32 {
                    return Err("the signature (`v1=`) is not 64 hexadecimal digits");
                }
                signatures.push(bytes);
            }
            _ => {}
        }
    }
    let Some((timestamp_text, timestamp)) = timestamp else {
        return Err("it has no timestamp (`t=`)");
    };
    if signatures.is_empty() {
        return Err("it has no `v1=` signature");
    }
    Ok(Parsed {
        timestamp_text,
        timestamp,
        signatures,
    })
}
