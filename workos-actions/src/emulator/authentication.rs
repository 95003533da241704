//! Authentication: password resets, Magic Auth codes, email verification and change, the
//! authenticate grants the emulator can check, device authorization, Radar SMS challenges,
//! SSO tokens, logout and keys, AuthKit sign-ins completed by an application, and factors
//! enrolled outside User Management.
//!
//! Every token or code is good once, before it expires. A successful authentication starts a
//! session ([`sessions::start`]) and answers an RS256 access token signed with the AuthKit
//! keys (its `sid` claim is the session id) and a refresh token. The grants served are Magic
//! Auth and `refresh_token`; the others need what the emulator does not keep (passwords,
//! identity providers, a browser approving a device, pending sign-ins) and are refused with
//! WorkOS's codes.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use actionspec_emulator::{Call, Emulator, Failure, Reply, Store, ids};
use serde_json::{Map, Value, json};

use super::invitations::user_by_email;
use super::oauth::AuthKit;
use super::user_management::now_seconds;
use super::{emit, mfa, model, model_of, sessions, status, token};

/// How long a password reset token lasts.
const PASSWORD_RESET_LIFETIME: Duration = Duration::from_secs(30 * 60);
/// How long a Magic Auth code lasts.
const MAGIC_AUTH_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// How long an email verification or email change code lasts.
const EMAIL_CODE_LIFETIME: Duration = Duration::from_secs(24 * 3600);
/// How long an access token lasts, in seconds.
const ACCESS_TOKEN_LIFETIME: u64 = 300;
/// How long a device code lasts, in seconds.
const DEVICE_CODE_LIFETIME: u64 = 300;

const MAGIC_AUTH_GRANT: &str = "urn:workos:oauth:grant-type:magic-auth:code";
const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// What the emulator remembers beside the store: spent codes, refresh tokens, device codes.
#[derive(Clone, Default)]
struct Memory(Arc<Mutex<Inner>>);

#[derive(Default)]
struct Inner {
    /// Ids of password resets, Magic Auth codes and email verifications already used.
    spent: HashSet<String>,
    /// Refresh token -> session id; a token is exchanged once.
    refresh_tokens: HashMap<String, String>,
    /// Device codes handed out and not yet approved.
    device_codes: HashSet<String>,
}

impl Memory {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.0.lock().unwrap_or_else(|poison| poison.into_inner())
    }
}

/// Serves these actions; access tokens are signed with `authkit`'s keys, and standalone TOTP
/// factors keep their secrets in `secrets` so `workos_mfa_verify` checks their codes.
pub(super) fn register(
    emulator: Emulator,
    authkit: &Arc<AuthKit>,
    secrets: &mfa::Secrets,
) -> Emulator {
    let memory = Memory::default();
    let with = |run: fn(&Memory, &mut Store, &Call) -> Result<Reply, Failure>| {
        let memory = memory.clone();
        move |store: &mut Store, call: &Call| run(&memory, store, call)
    };
    let (signer, keys, secrets) = (authkit.clone(), authkit.clone(), secrets.clone());
    let authenticate_memory = memory.clone();
    emulator
        .handler("workos_password_reset_create", password_reset_create)
        .handler(
            "workos_password_reset_confirm",
            with(password_reset_confirm),
        )
        .handler("workos_magic_auth_create", magic_auth_create)
        .handler("workos_user_email_verification_send", verification_send)
        .handler(
            "workos_user_email_verification_confirm",
            with(verification_confirm),
        )
        .handler("workos_user_email_change_send", email_change_send)
        .handler(
            "workos_user_email_change_confirm",
            with(email_change_confirm),
        )
        .handler(
            "workos_user_authenticate",
            move |store: &mut Store, call: &Call| {
                authenticate(&authenticate_memory, &signer, store, call)
            },
        )
        .handler("workos_device_authorization_create", with(device_authorize))
        .handler("workos_radar_challenge_send", radar_send)
        .handler("workos_sso_token_create", sso_token)
        .handler("workos_sso_logout_authorize", sso_logout)
        .handler("workos_sso_jwks_get", move |_: &mut Store, call: &Call| {
            let mut set = keys.jwks();
            // No certificate chain: the emulator's keys are bare RSA keys.
            for key in set["keys"].as_array_mut().into_iter().flatten() {
                key["x5c"] = json!([]);
            }
            Ok(Reply::json(status(call), &set))
        })
        .handler("workos_authkit_login_complete", login_complete)
        .handler(
            "workos_mfa_factor_enroll",
            move |store: &mut Store, call: &Call| mfa::enroll_standalone(&secrets, store, call),
        )
}

fn password_reset_create(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let reset = model_of(store, call)?;
    let email = call.str_arg("email").unwrap_or_default();
    let user = user_by_email(store, email).ok_or_else(|| Failure::not_found("User", email))?;
    let token = token(40);
    let mut fields = Map::new();
    fields.insert("user_id".to_owned(), user["id"].clone());
    fields.insert("email".to_owned(), user["email"].clone());
    fields.insert(
        "password_reset_url".to_owned(),
        json!(format!("{}/reset-password?token={token}", store.base_url())),
    );
    fields.insert("password_reset_token".to_owned(), json!(token));
    fields.insert(
        "expires_at".to_owned(),
        json!(later(PASSWORD_RESET_LIFETIME)),
    );
    let object = store.create(reset, fields)?;
    emit(store, call, &object);
    Ok(Reply::json(status(call), &object))
}

/// Spends the reset token and marks the user's email verified (the emulator keeps no
/// passwords).
fn password_reset_confirm(
    memory: &Memory,
    store: &mut Store,
    call: &Call,
) -> Result<Reply, Failure> {
    let wanted = call.str_arg("token").unwrap_or_default();
    let reset = store
        .all("PasswordReset")
        .into_iter()
        .find(|reset| reset["password_reset_token"].as_str() == Some(wanted));
    let refused = || {
        Failure::new(
            400,
            "password_reset_error",
            "The password reset token is invalid, expired or already used.",
        )
    };
    let reset = reset.ok_or_else(refused)?;
    let id = reset["id"].as_str().unwrap_or_default().to_owned();
    if expired(&reset) || !memory.lock().spent.insert(id) {
        return Err(refused());
    }
    let user = verify_email(store, reset["user_id"].as_str().unwrap_or_default())?;
    emit(store, call, &reset);
    Ok(Reply::json(status(call), &json!({ "user": user })))
}

/// A six-digit code for the address, creating its user if there is none.
fn magic_auth_create(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let magic = model_of(store, call)?;
    let email = call.str_arg("email").unwrap_or_default().to_owned();
    let user = match user_by_email(store, &email) {
        Some(user) => user,
        None => {
            let mut fields = Map::new();
            fields.insert("email".to_owned(), json!(email));
            store.seed(model(store, "User")?, fields)?
        }
    };
    let mut fields = Map::new();
    fields.insert("user_id".to_owned(), user["id"].clone());
    fields.insert("email".to_owned(), user["email"].clone());
    fields.insert("code".to_owned(), json!(six_digits()));
    fields.insert("expires_at".to_owned(), json!(later(MAGIC_AUTH_LIFETIME)));
    let object = store.create(magic, fields)?;
    emit(store, call, &object);
    Ok(Reply::json(status(call), &object))
}

fn verification_send(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let user_id = call.target_id().unwrap_or_default();
    let user = store.require("User", user_id)?;
    if user["email_verified"] == true {
        return Err(Failure::new(
            400,
            "email_already_verified",
            "The user's email address is already verified.",
        ));
    }
    let email = user["email"].as_str().unwrap_or_default().to_owned();
    let verification = new_code(store, &user, &email)?;
    emit(store, call, &verification);
    Ok(Reply::json(status(call), &json!({ "user": user })))
}

/// A new email verification code of the user for `email` (their address, or the one they
/// change to).
fn new_code(store: &mut Store, user: &Value, email: &str) -> Result<Value, Failure> {
    let mut fields = Map::new();
    fields.insert("user_id".to_owned(), user["id"].clone());
    fields.insert("email".to_owned(), json!(email));
    fields.insert("code".to_owned(), json!(six_digits()));
    fields.insert("expires_at".to_owned(), json!(later(EMAIL_CODE_LIFETIME)));
    store.create(model(store, "EmailVerification")?, fields)
}

fn verification_confirm(memory: &Memory, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let user_id = call.target_id().unwrap_or_default().to_owned();
    let user = store.require("User", &user_id)?;
    if user["email_verified"] == true {
        return Err(Failure::new(
            400,
            "email_previously_verified",
            "The user's email address is already verified.",
        ));
    }
    let email = user["email"].as_str().unwrap_or_default();
    let code = call.str_arg("code").unwrap_or_default();
    spend_code(memory, store, &user_id, email, code, "email_verification")?;
    let user = verify_email(store, &user_id)?;
    Ok(Reply::json(status(call), &json!({ "user": user })))
}

/// Spends the newest code of the user for `email`, refused with `<prefix>_code_...` codes.
fn spend_code(
    memory: &Memory,
    store: &Store,
    user_id: &str,
    email: &str,
    code: &str,
    prefix: &str,
) -> Result<(), Failure> {
    let newest = store.all("EmailVerification").into_iter().rfind(|sent| {
        sent["user_id"].as_str() == Some(user_id) && sent["email"].as_str() == Some(email)
    });
    let Some(sent) = newest.filter(|sent| sent["code"].as_str() == Some(code)) else {
        return Err(Failure::new(
            400,
            &format!("{prefix}_code_incorrect"),
            "The code is incorrect.",
        ));
    };
    if expired(&sent) {
        return Err(Failure::new(
            400,
            &format!("{prefix}_code_expired"),
            "The code has expired.",
        ));
    }
    let id = sent["id"].as_str().unwrap_or_default().to_owned();
    if !memory.lock().spent.insert(id) {
        return Err(Failure::new(
            400,
            &format!("{prefix}_code_previously_used"),
            "The code was already used.",
        ));
    }
    Ok(())
}

fn verify_email(store: &mut Store, user_id: &str) -> Result<Value, Failure> {
    let mut changes = Map::new();
    changes.insert("email_verified".to_owned(), json!(true));
    store.update(model(store, "User")?, user_id, changes)
}

fn email_change_send(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let user_id = call.target_id().unwrap_or_default();
    let user = store.require("User", user_id)?;
    let new_email = call.str_arg("new_email").unwrap_or_default();
    if user["email"]
        .as_str()
        .is_some_and(|email| email.eq_ignore_ascii_case(new_email))
    {
        return Err(Failure::new(
            400,
            "email_change_not_needed",
            "The user already has this email address.",
        ));
    }
    if user_by_email(store, new_email).is_some() {
        return Err(Failure::new(
            409,
            "email_not_available",
            "Another user has this email address.",
        ));
    }
    let sent = new_code(store, &user, new_email)?;
    let change = json!({
        "object": "email_change",
        "user": user,
        "new_email": new_email,
        "expires_at": sent["expires_at"],
        "created_at": sent["created_at"],
    });
    Ok(Reply::json(status(call), &change))
}

fn email_change_confirm(memory: &Memory, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let user_id = call.target_id().unwrap_or_default().to_owned();
    let user = store.require("User", &user_id)?;
    let current = user["email"].as_str().unwrap_or_default();
    // The newest code sent to another address and not spent yet.
    let pending = store.all("EmailVerification").into_iter().rfind(|sent| {
        sent["user_id"].as_str() == Some(&user_id)
            && sent["email"].as_str() != Some(current)
            && !sent["id"]
                .as_str()
                .is_some_and(|id| memory.lock().spent.contains(id))
    });
    let Some(new_email) = pending.and_then(|sent| sent["email"].as_str().map(str::to_owned)) else {
        return Err(Failure::new(
            400,
            "no_pending_email_change",
            "The user has no pending email change.",
        ));
    };
    let code = call.str_arg("code").unwrap_or_default();
    spend_code(memory, store, &user_id, &new_email, code, "email_change")?;
    if user_by_email(store, &new_email).is_some() {
        return Err(Failure::new(
            409,
            "email_not_available",
            "Another user has this email address.",
        ));
    }
    let mut changes = Map::new();
    changes.insert("email".to_owned(), json!(new_email));
    changes.insert("email_verified".to_owned(), json!(true));
    let user = store.update(model(store, "User")?, &user_id, changes)?;
    emit(store, call, &user);
    Ok(Reply::json(
        status(call),
        &json!({ "object": "email_change_confirmation", "user": user }),
    ))
}

fn authenticate(
    memory: &Memory,
    authkit: &AuthKit,
    store: &mut Store,
    call: &Call,
) -> Result<Reply, Failure> {
    let grant = call.str_arg("grant_type").unwrap_or_default();
    let organization_id = call.str_arg("organization_id");
    if let Some(organization_id) = organization_id {
        store.require("Organization", organization_id)?;
    }
    let (user, session, method) = match grant {
        MAGIC_AUTH_GRANT => {
            let user = magic_auth_user(memory, store, call)?;
            if user["email_verified"] != true {
                // A Magic Auth code proves the address: WorkOS verifies it.
                verify_email(store, user["id"].as_str().unwrap_or_default())?;
            }
            (user, None, "MagicAuth")
        }
        "refresh_token" => {
            let token = call.str_arg("refresh_token").unwrap_or_default();
            let session_id = memory.lock().refresh_tokens.remove(token);
            let session_id = session_id
                .filter(|session_id| sessions::active(store, session_id))
                .ok_or_else(|| {
                    Failure::new(
                        400,
                        "invalid_grant",
                        "The refresh token is invalid, revoked or already used.",
                    )
                })?;
            let session = store.require("Session", &session_id)?;
            let user = store.require("User", session["user_id"].as_str().unwrap_or_default())?;
            (user, Some(session), "")
        }
        DEVICE_CODE_GRANT => {
            let code = call.str_arg("device_code").unwrap_or_default();
            let (error, message) = if memory.lock().device_codes.contains(code) {
                (
                    "authorization_pending",
                    "The user has not approved the device yet.",
                )
            } else {
                ("invalid_grant", "The device code is invalid or expired.")
            };
            return Err(Failure::new(400, error, message));
        }
        other => {
            return Err(Failure::new(
                400,
                "unsupported_grant_type",
                format!("The emulator does not serve the `{other}` grant."),
            ));
        }
    };
    let user_id = user["id"].as_str().unwrap_or_default().to_owned();
    let session = match session {
        Some(session) => session,
        None => {
            let session = sessions::start(store, &user_id, organization_id, "magic_code", call)?;
            let mut changes = Map::new();
            changes.insert("last_sign_in_at".to_owned(), json!(ids::now()));
            store.update(model(store, "User")?, &user_id, changes)?;
            session
        }
    };
    let session_id = session["id"].as_str().unwrap_or_default().to_owned();
    let organization = session["organization_id"].as_str();
    let claims = json!({
        "iss": store.base_url(),
        "sub": user_id,
        "sid": session_id,
        "org_id": organization,
        "jti": token(26),
        "iat": now_seconds(),
        "exp": now_seconds() + ACCESS_TOKEN_LIFETIME,
    });
    let refresh_token = token(40);
    memory
        .lock()
        .refresh_tokens
        .insert(refresh_token.clone(), session_id);
    let mut answer = json!({
        "user": store.require("User", &user_id)?,
        "access_token": authkit.sign(&claims),
        "refresh_token": refresh_token,
    });
    if let Some(organization) = organization {
        answer["organization_id"] = json!(organization);
    }
    if !method.is_empty() {
        answer["authentication_method"] = json!(method);
    }
    Ok(Reply::json(status(call), &answer))
}

/// The user of the Magic Auth code the call gives for its email, spending the code; an
/// unknown, expired or spent code is refused as WorkOS does.
fn magic_auth_user(memory: &Memory, store: &mut Store, call: &Call) -> Result<Value, Failure> {
    let email = call.str_arg("email").unwrap_or_default();
    let code = call.str_arg("code").unwrap_or_default();
    let newest = store.all("MagicAuth").into_iter().rfind(|sent| {
        sent["email"]
            .as_str()
            .is_some_and(|sent| sent.eq_ignore_ascii_case(email))
    });
    let Some(sent) = newest.filter(|sent| sent["code"].as_str() == Some(code)) else {
        store.emit(
            "authentication.magic_auth_failed",
            &json!({ "email": email }),
        );
        return Err(Failure::new(
            400,
            "invalid_one_time_code",
            "The code is invalid.",
        ));
    };
    if expired(&sent) {
        return Err(Failure::new(
            400,
            "one_time_code_expired",
            "The code has expired.",
        ));
    }
    let id = sent["id"].as_str().unwrap_or_default().to_owned();
    if !memory.lock().spent.insert(id) {
        return Err(Failure::new(
            400,
            "one_time_code_previously_used",
            "The code was already used.",
        ));
    }
    let user = store.require("User", sent["user_id"].as_str().unwrap_or_default())?;
    store.emit(
        "authentication.magic_auth_succeeded",
        &json!({ "type": "magic_auth", "status": "succeeded", "user_id": user["id"], "email": email }),
    );
    Ok(user)
}

fn device_authorize(memory: &Memory, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let device_code = token(40);
    let user_code = format!("{}-{}", letters(4), letters(4));
    memory.lock().device_codes.insert(device_code.clone());
    let verification = format!("{}/device", store.base_url());
    Ok(Reply::json(
        status(call),
        &json!({
            "device_code": device_code,
            "user_code": user_code,
            "verification_uri": verification,
            "verification_uri_complete": format!("{verification}?user_code={user_code}"),
            "expires_in": DEVICE_CODE_LIFETIME,
            "interval": 5,
        }),
    ))
}

fn radar_send(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    store.require("User", call.str_arg("user_id").unwrap_or_default())?;
    Ok(Reply::json(
        status(call),
        &json!({
            "verification_id": format!("radar_sms_{}", token(26)),
            "phone_number": call.str_arg("phone_number"),
        }),
    ))
}

/// SSO codes come from an identity provider's redirect, which the emulator has none of: every
/// code is refused as an unknown one is.
fn sso_token(_: &mut Store, _: &Call) -> Result<Reply, Failure> {
    Err(Failure::new(
        400,
        "invalid_grant",
        "The code is invalid, expired or already used.",
    ))
}

fn sso_logout(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let profile_id = call.str_arg("profile_id").unwrap_or_default();
    store.require("Profile", profile_id)?;
    let logout_token = token(40);
    Ok(Reply::json(
        status(call),
        &json!({
            "logout_url": format!("{}/sso/logout?token={logout_token}", store.base_url()),
            "logout_token": logout_token,
        }),
    ))
}

/// Creates or updates the user whose `external_id` is the given user's id, and answers where
/// AuthKit continues.
fn login_complete(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let given = call.arg("user").cloned().unwrap_or(Value::Null);
    let external_id = given["id"].as_str().unwrap_or_default().to_owned();
    let email = given["email"].as_str().unwrap_or_default().to_owned();
    let users = model(store, "User")?;
    let known = store
        .all(users.name)
        .into_iter()
        .find(|user| user["external_id"].as_str() == Some(&external_id));
    if let Some(owner) = user_by_email(store, &email)
        && owner["external_id"].as_str() != Some(&external_id)
    {
        return Err(Failure::unprocessable(
            "email_not_available",
            "Another user has this email address.",
        ));
    }
    let mut fields = Map::new();
    fields.insert("email".to_owned(), json!(email));
    fields.insert("external_id".to_owned(), json!(external_id));
    for name in ["first_name", "last_name", "name", "metadata"] {
        if let Some(value) = given.get(name).filter(|value| !value.is_null()) {
            fields.insert(name.to_owned(), value.clone());
        }
    }
    match known {
        Some(user) => {
            let object = store.update(users, user["id"].as_str().unwrap_or_default(), fields)?;
            store.emit("user.updated", &object);
        }
        None => {
            store.seed(users, fields)?;
        }
    }
    let external_auth_id = call.str_arg("external_auth_id").unwrap_or_default();
    let redirect = format!(
        "{}/authkit/oauth2/complete?external_auth_id={external_auth_id}&code={}",
        store.base_url(),
        token(32)
    );
    Ok(Reply::json(
        status(call),
        &json!({ "redirect_uri": redirect }),
    ))
}

/// Whether an object's `expires_at` is past.
fn expired(object: &Value) -> bool {
    object["expires_at"]
        .as_str()
        .and_then(ids::parse_timestamp)
        .is_some_and(|expires| expires <= ids::OffsetDateTime::now_utc())
}

/// The timestamp `lifetime` from now.
fn later(lifetime: Duration) -> String {
    ids::timestamp(ids::OffsetDateTime::now_utc() + lifetime)
}

fn six_digits() -> String {
    format!("{:06}", fastrand::u32(0..1_000_000))
}

fn letters(count: usize) -> String {
    (0..count)
        .map(|_| char::from(b'A' + fastrand::u8(0..26)))
        .collect()
}
