//! Webhook signatures: vectors computed here with the `hmac` crate directly (not with the code
//! under test), the tolerance's edges either way, and every way a request can be tampered with.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actionspec_runtime::webhook::{
    SignatureScheme, TimestampUnit, WebhookDescriptor, WebhookError, WebhookSecret,
};
use hmac::{Hmac, Mac};
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::Value;
use sha2::Sha256;

const SCHEME: WebhookDescriptor = WebhookDescriptor {
    signature_header: "Test-Signature",
    scheme: SignatureScheme::TimestampedHmacSha256,
    timestamp_unit: TimestampUnit::Milliseconds,
    tolerance_secs: 180,
};

const SECRET: &str = "whsec_known_secret_0123";
const BODY: &[u8] = br#"{"id":"event_01","event":"user.created","data":{"id":"user_01"},"created_at":"2026-01-01T00:00:00.000Z"}"#;
const SIGNED_MS: u64 = 1_767_225_600_123;

/// HMAC-SHA256 of `message` with `key`, in lower-case hex, computed without the code under test.
fn expected_hex(key: &str, message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

fn at_ms(ms: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(ms)
}

fn header_for(key: &str, timestamp: u64, body: &[u8]) -> String {
    let mut message = format!("{timestamp}.").into_bytes();
    message.extend_from_slice(body);
    format!("t={timestamp}, v1={}", expected_hex(key, &message))
}

fn secret() -> WebhookSecret {
    WebhookSecret::new(SCHEME, SECRET)
}

#[test]
fn sign_matches_an_independently_computed_vector() {
    let expected = header_for(SECRET, SIGNED_MS, BODY);
    assert_eq!(secret().sign(BODY, at_ms(SIGNED_MS)), expected);
    // A fixed vector too, so that the helper above cannot drift with the code.
    let fixed = expected_hex("secret", b"1000.{}");
    assert_eq!(
        WebhookSecret::new(SCHEME, "secret").sign(b"{}", at_ms(1000)),
        format!("t=1000, v1={fixed}")
    );
}

#[test]
fn seconds_timestamps_are_signed_in_seconds() {
    let scheme = WebhookDescriptor {
        timestamp_unit: TimestampUnit::Seconds,
        ..SCHEME
    };
    let secret = WebhookSecret::new(scheme, SECRET);
    let header = secret.sign(BODY, at_ms(SIGNED_MS));
    assert_eq!(header, header_for(SECRET, SIGNED_MS / 1000, BODY));
    assert!(
        secret
            .verify_at(BODY, &header, at_ms(SIGNED_MS + 1000))
            .is_ok()
    );
}

#[test]
fn an_independently_signed_request_verifies() {
    let header = header_for(SECRET, SIGNED_MS, BODY);
    secret()
        .verify_at(BODY, &header, at_ms(SIGNED_MS + 2_000))
        .unwrap();
}

#[test]
fn the_tolerance_holds_at_its_edges_both_ways() {
    let header = header_for(SECRET, SIGNED_MS, BODY);
    let tolerance_ms = 180_000;
    let cases: &[(&str, u64, Option<&str>)] = &[
        ("signed now", SIGNED_MS, None),
        ("exactly the tolerance old", SIGNED_MS + tolerance_ms, None),
        (
            "a millisecond past it",
            SIGNED_MS + tolerance_ms + 1,
            Some("stale"),
        ),
        ("an hour old", SIGNED_MS + 3_600_000, Some("stale")),
        (
            "exactly the tolerance ahead",
            SIGNED_MS - tolerance_ms,
            None,
        ),
        (
            "a millisecond further ahead",
            SIGNED_MS - tolerance_ms - 1,
            Some("future"),
        ),
    ];
    for (case, now, expected) in cases {
        let outcome = secret().verify_at(BODY, &header, at_ms(*now));
        match (expected, &outcome) {
            (None, Ok(())) => {}
            (Some("stale"), Err(WebhookError::Stale { tolerance, .. }))
            | (Some("future"), Err(WebhookError::FromTheFuture { tolerance, .. })) => {
                assert_eq!(*tolerance, Duration::from_secs(180), "{case}");
            }
            _ => panic!("{case}: expected {expected:?}, got {outcome:?}"),
        }
    }
}

#[test]
fn the_tolerance_is_configurable() {
    let header = header_for(SECRET, SIGNED_MS, BODY);
    let strict = secret().tolerance(Duration::from_secs(5));
    assert!(
        strict
            .verify_at(BODY, &header, at_ms(SIGNED_MS + 5_000))
            .is_ok()
    );
    let error = strict
        .verify_at(BODY, &header, at_ms(SIGNED_MS + 5_001))
        .unwrap_err();
    assert!(
        matches!(error, WebhookError::Stale { age, .. } if age == Duration::from_millis(5_001))
    );
    assert!(error.to_string().contains("tolerance of 5 s"), "{error}");
}

#[test]
fn tampering_and_the_wrong_secret_are_refused() {
    let header = header_for(SECRET, SIGNED_MS, BODY);
    let now = at_ms(SIGNED_MS + 1_000);
    let tampered_body = String::from_utf8(BODY.to_vec())
        .unwrap()
        .replace("user_01", "user_02");
    // The last hex digit changed.
    let mut flipped = header.clone();
    let last = flipped.pop().unwrap();
    flipped.push(if last == '0' { '1' } else { '0' });
    // The timestamp moved by a millisecond, still within the tolerance.
    let moved = header.replace(&format!("t={SIGNED_MS}"), &format!("t={}", SIGNED_MS + 1));
    let cases: Vec<(&str, WebhookSecret, &[u8], String)> = vec![
        (
            "body changed",
            secret(),
            tampered_body.as_bytes(),
            header.clone(),
        ),
        (
            "body with a trailing newline",
            secret(),
            b"{}\n",
            header_for(SECRET, SIGNED_MS, b"{}"),
        ),
        ("signature changed", secret(), BODY, flipped),
        ("timestamp changed", secret(), BODY, moved),
        (
            "another endpoint's secret",
            WebhookSecret::new(SCHEME, "whsec_other"),
            BODY,
            header.clone(),
        ),
        (
            "signed with another secret",
            secret(),
            BODY,
            header_for("whsec_other", SIGNED_MS, BODY),
        ),
    ];
    for (case, secret, body, header) in cases {
        let outcome = secret.verify_at(body, &header, now);
        assert!(
            matches!(outcome, Err(WebhookError::SignatureMismatch)),
            "{case}: {outcome:?}"
        );
    }
}

#[test]
fn malformed_headers_say_what_is_wrong() {
    let good = header_for(SECRET, SIGNED_MS, BODY);
    let digest = good.split("v1=").nth(1).unwrap().to_owned();
    let cases = [
        ("", "expected"),
        ("garbage", "expected"),
        (&format!("v1={digest}") as &str, "no timestamp"),
        (&format!("t={SIGNED_MS}"), "no `v1=`"),
        (&format!("t=, v1={digest}"), "not a whole number"),
        (&format!("t=-5, v1={digest}"), "not a whole number"),
        (&format!("t=1.5, v1={digest}"), "not a whole number"),
        (
            &format!("t=99999999999999999999999, v1={digest}"),
            "too large",
        ),
        (&format!("t=1, t=2, v1={digest}"), "two timestamps"),
        (&format!("t={SIGNED_MS}, v1=xyz"), "not hexadecimal"),
        (&format!("t={SIGNED_MS}, v1=abcd"), "64 hexadecimal"),
    ];
    for (header, reason) in cases {
        let outcome = secret().verify_at(BODY, header, at_ms(SIGNED_MS));
        match outcome {
            Err(error @ WebhookError::MalformedHeader { .. }) => {
                let text = error.to_string();
                assert!(text.contains("Test-Signature"), "{header}: {text}");
                assert!(text.contains(reason), "{header}: {text}");
            }
            other => panic!("{header:?}: expected a malformed header, got {other:?}"),
        }
    }
}

#[test]
fn spacing_order_other_keys_and_extra_signatures_are_accepted() {
    let good = header_for(SECRET, SIGNED_MS, BODY);
    let digest = good.split("v1=").nth(1).unwrap().to_owned();
    let wrong = "0".repeat(64);
    let headers = [
        format!("t={SIGNED_MS},v1={digest}"),
        format!("v1={digest}, t={SIGNED_MS}"),
        format!(" t={SIGNED_MS} ,  v1={digest} "),
        format!("t={SIGNED_MS}, v0=abc, v1={digest}"),
        format!("t={SIGNED_MS}, v1={wrong}, v1={digest}"),
        format!("t={SIGNED_MS}, v1={}", digest.to_uppercase()),
    ];
    for header in headers {
        secret()
            .verify_at(BODY, &header, at_ms(SIGNED_MS))
            .unwrap_or_else(|error| panic!("{header}: {error}"));
    }
}

#[test]
fn neither_debug_nor_errors_show_the_secret_or_the_expected_signature() {
    let secret = secret();
    let debug = format!("{secret:?}");
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");
    let expected = header_for(SECRET, SIGNED_MS, b"{}");
    let digest = expected.split("v1=").nth(1).unwrap();
    let error = secret
        .verify_at(
            b"{}",
            &header_for("whsec_other", SIGNED_MS, b"{}"),
            at_ms(SIGNED_MS),
        )
        .unwrap_err();
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(SECRET) && !text.contains(digest), "{text}");
    }
}

#[test]
fn verify_event_checks_then_decodes() {
    let secret = secret();
    let header = secret.sign(BODY, SystemTime::now());
    let event: Value = secret.verify_event(BODY, &header).unwrap();
    assert_eq!(event["event"], "user.created");
    // A signed body that is not JSON is a decode error, after the signature held.
    let text = b"not json";
    let header = secret.sign(text, SystemTime::now());
    let outcome = secret.verify_event::<Value>(text, &header);
    assert!(
        matches!(outcome, Err(WebhookError::Decode { .. })),
        "{outcome:?}"
    );
    // A tampered body is refused before any decoding.
    let outcome = secret.verify_event::<Value>(b"{}", &header);
    assert!(
        matches!(outcome, Err(WebhookError::SignatureMismatch)),
        "{outcome:?}"
    );
}

#[test]
fn the_header_is_found_among_a_requests_headers() {
    let secret = secret();
    let mut headers = HeaderMap::new();
    assert!(matches!(
        secret.signature_in(&headers),
        Err(WebhookError::MissingHeader {
            header: "Test-Signature"
        })
    ));
    let value = secret.sign(BODY, SystemTime::now());
    headers.insert("test-signature", HeaderValue::from_str(&value).unwrap());
    assert_eq!(secret.signature_in(&headers).unwrap(), value);
    secret
        .verify(BODY, secret.signature_in(&headers).unwrap())
        .unwrap();
}
