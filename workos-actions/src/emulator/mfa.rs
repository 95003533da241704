//! Multi-factor authentication: TOTP enrolment with a real secret (RFC 6238: SHA-1, 6
//! digits, 30-second steps), challenges, and verification of the current code.
//!
//! The secret is answered only at enrolment, as WorkOS does; it is kept beside the store,
//! never in the factor a get or list answers.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use actionspec_emulator::{Call, Failure, Reply, Store};
use base64::Engine as _;
use qrcodegen::{QrCode, QrCodeEcc};
use serde_json::{Map, Value, json};
use totp_rs::{Algorithm, Secret, TOTP};

use super::{model, status};

/// Issuer shown in authenticator apps when the call names none.
const DEFAULT_ISSUER: &str = "WorkOS";

/// Factor id -> its base32 secret.
#[derive(Clone, Default)]
pub(super) struct Secrets(Arc<Mutex<HashMap<String, String>>>);

impl Secrets {
    fn insert(&self, factor: String, secret: String) {
        self.0
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .insert(factor, secret);
    }

    fn get(&self, factor: &str) -> Option<String> {
        self.0
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .get(factor)
            .cloned()
    }
}

/// The TOTP of a base32 secret, as authenticator apps compute it (one step of skew either way).
pub fn totp(secret: &str, issuer: &str, account: &str) -> Result<TOTP, String> {
    let bytes = Secret::Encoded(secret.to_owned())
        .to_bytes()
        .map_err(|_| "the secret is not base32".to_owned())?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        Some(issuer.replace(':', " ")),
        account.replace(':', " "),
    )
    .map_err(|error| error.to_string())
}

pub(super) fn enroll(secrets: &Secrets, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let user_id = call.target_id().unwrap_or_default().to_owned();
    let user = store.require("User", &user_id)?;
    let factor_model = model(store, "AuthenticationFactor")?;
    let issuer = call
        .str_arg("totp_issuer")
        .unwrap_or(DEFAULT_ISSUER)
        .to_owned();
    let account = call
        .str_arg("totp_user")
        .map(str::to_owned)
        .or_else(|| user.get("email").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_else(|| user_id.clone());
    let secret = match call.str_arg("totp_secret") {
        Some(secret) => secret.to_owned(),
        None => match Secret::generate_secret().to_encoded() {
            Secret::Encoded(secret) => secret,
            Secret::Raw(_) => unreachable!("to_encoded answers an encoded secret"),
        },
    };
    let totp = totp(&secret, &issuer, &account).map_err(|message| {
        Failure::unprocessable("invalid_totp_secret", format!("totp_secret: {message}"))
    })?;
    let mut fields = Map::new();
    fields.insert("type".to_owned(), json!("totp"));
    fields.insert("user_id".to_owned(), json!(user_id));
    fields.insert(
        "totp".to_owned(),
        json!({ "issuer": issuer, "user": account }),
    );
    let factor = store.create(factor_model, fields)?;
    let factor_id = factor["id"].as_str().unwrap_or_default().to_owned();
    secrets.insert(factor_id.clone(), secret.clone());
    let challenge = new_challenge(store, &factor_id)?;
    let mut answered = factor;
    answered["totp"]["secret"] = json!(secret);
    let uri = totp.get_url();
    if let Some(qr_code) = qr_code(&uri) {
        answered["totp"]["qr_code"] = json!(qr_code);
    }
    answered["totp"]["uri"] = json!(uri);
    Ok(Reply::json(
        status(call),
        &json!({ "authentication_factor": answered, "authentication_challenge": challenge }),
    ))
}

/// The URI as a QR code an authenticator app can scan: an SVG image in a base64 data URL.
fn qr_code(uri: &str) -> Option<String> {
    let code = QrCode::encode_text(uri, QrCodeEcc::Medium).ok()?;
    let border = 4;
    let size = code.size() + border * 2;
    let mut path = String::new();
    for y in 0..code.size() {
        for x in 0..code.size() {
            if code.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + border, y + border));
            }
        }
    }
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    );
    Some(format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    ))
}

pub(super) fn challenge(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let factor_id = call.target_id().unwrap_or_default().to_owned();
    if !store.exists("AuthenticationFactor", &factor_id) {
        return Err(Failure::not_found("Authentication factor", &factor_id));
    }
    let challenge = new_challenge(store, &factor_id)?;
    Ok(Reply::json(status(call), &challenge))
}

fn new_challenge(store: &mut Store, factor_id: &str) -> Result<Value, Failure> {
    let challenge_model = model(store, "AuthenticationChallenge")?;
    let mut fields = Map::new();
    fields.insert("authentication_factor_id".to_owned(), json!(factor_id));
    store.create(challenge_model, fields)
}

pub(super) fn verify(secrets: &Secrets, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let challenge_id = call.target_id().unwrap_or_default().to_owned();
    let challenge = store.require("AuthenticationChallenge", &challenge_id)?;
    let factor_id = challenge["authentication_factor_id"]
        .as_str()
        .unwrap_or_default();
    let code = call.str_arg("code").unwrap_or_default();
    let valid = match (
        secrets.get(factor_id),
        store.get("AuthenticationFactor", factor_id),
    ) {
        (Some(secret), Some(factor)) => {
            let issuer = factor["totp"]["issuer"].as_str().unwrap_or(DEFAULT_ISSUER);
            let account = factor["totp"]["user"].as_str().unwrap_or_default();
            totp(&secret, issuer, account)
                .ok()
                .and_then(|totp| totp.check_current(code).ok())
                .unwrap_or(false)
        }
        _ => false,
    };
    Ok(Reply::json(
        status(call),
        &json!({ "challenge": challenge, "valid": valid }),
    ))
}

/// A factor enrolled outside User Management (`/auth/factors/enroll`): TOTP with a real secret
/// (answered this once, like at a user's enrolment), SMS with its phone number, optionally
/// tied to a user. Answers the factor alone.
pub(super) fn enroll_standalone(
    secrets: &Secrets,
    store: &mut Store,
    call: &Call,
) -> Result<Reply, Failure> {
    let factor_model = model(store, "AuthenticationFactor")?;
    let kind = call.str_arg("type").unwrap_or_default().to_owned();
    let mut fields = Map::new();
    fields.insert("type".to_owned(), json!(kind));
    if let Some(user_id) = call.str_arg("user_id") {
        fields.insert("user_id".to_owned(), json!(user_id));
    }
    let mut secret = None;
    match kind.as_str() {
        "totp" => {
            let (Some(issuer), Some(account)) =
                (call.str_arg("totp_issuer"), call.str_arg("totp_user"))
            else {
                return Err(Failure::unprocessable(
                    "invalid_request_parameters",
                    "totp_issuer and totp_user are required for a totp factor.",
                ));
            };
            let drawn = match Secret::generate_secret().to_encoded() {
                Secret::Encoded(secret) => secret,
                Secret::Raw(_) => unreachable!("to_encoded answers an encoded secret"),
            };
            let uri = totp(&drawn, issuer, account)
                .map_err(|message| Failure::unprocessable("invalid_totp", message))?
                .get_url();
            fields.insert(
                "totp".to_owned(),
                json!({ "issuer": issuer, "user": account }),
            );
            secret = Some((drawn, uri));
        }
        "sms" => {
            let Some(phone_number) = call.str_arg("phone_number") else {
                return Err(Failure::unprocessable(
                    "invalid_request_parameters",
                    "phone_number is required for an sms factor.",
                ));
            };
            fields.insert("sms".to_owned(), json!({ "phone_number": phone_number }));
        }
        _ => {}
    }
    let factor = store.create(factor_model, fields)?;
    let mut answered = factor.clone();
    if let Some((secret, uri)) = secret {
        let factor_id = factor["id"].as_str().unwrap_or_default().to_owned();
        secrets.insert(factor_id, secret.clone());
        answered["totp"]["secret"] = json!(secret);
        if let Some(qr_code) = qr_code(&uri) {
            answered["totp"]["qr_code"] = json!(qr_code);
        }
        answered["totp"]["uri"] = json!(uri);
    }
    Ok(Reply::json(status(call), &answered))
}
