//! Agent registrations, answered from stored `AgentRegistration` objects (the generic get
//! serves them by id), their claims linked to users, and agent credentials validated.
//!
//! Claim attempts and agent credentials are made on the agent's side, which this API does not
//! cover, so the emulator derives them from the registrations it holds: the claim attempt
//! token of a registration's open claim `agent_reg_claim_<ULID>` is `cla_tkn_<ULID>`, and the
//! API key of a verified registration `agent_reg_<ULID>` is `sk_agent_<ULID>`. The emulator
//! issues no agent access tokens: each one is answered invalid.

use actionspec_emulator::{Call, Emulator, Failure, Reply, Store, ids};
use serde_json::{Map, Value, json};

use super::{model, status};

const REGISTRATION: &str = "AgentRegistration";
const CLAIM_TOKEN_PREFIX: &str = "cla_tkn_";
const API_KEY_PREFIX: &str = "sk_agent_";

/// The agents' handlers.
pub(super) fn register(emulator: Emulator) -> Emulator {
    emulator
        .handler("workos_agent_claim_attempt_link", link)
        .handler("workos_agent_credential_validate", validate)
}

/// `PATCH /agents/claims/attempts`: the user found by external id (or created), their
/// organizations, and a user code for the agent.
fn link(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let token = call.str_arg("claim_attempt_token").unwrap_or_default();
    let registration = token
        .strip_prefix(CLAIM_TOKEN_PREFIX)
        .and_then(|ulid| {
            store.all(REGISTRATION).into_iter().find(|registration| {
                registration["claim"]["id"]
                    .as_str()
                    .and_then(|id| id.rsplit('_').next())
                    == Some(ulid)
            })
        })
        .ok_or_else(|| {
            Failure::new(
                400,
                "invalid_claim",
                "The claim attempt token is not valid.",
            )
        })?;
    let claim = &registration["claim"];
    if !claim["claim_completion"].is_null() {
        return Err(Failure::new(
            409,
            "already_claimed",
            "The agent is already claimed.",
        ));
    }
    if matches!(registration["status"].as_str(), Some("revoked" | "expired")) {
        return Err(Failure::new(
            403,
            "claim_denied",
            "The registration can no longer be claimed.",
        ));
    }
    let expired = claim["expires_at"]
        .as_str()
        .and_then(ids::parse_timestamp)
        .is_some_and(|at| at <= ids::OffsetDateTime::now_utc());
    if expired {
        return Err(Failure::new(410, "claim_expired", "The claim has expired."));
    }
    let user = user_for(store, call)?;
    let user_id = user["id"].as_str().unwrap_or_default();
    let organizations: Vec<Value> = store
        .all("OrganizationMembership")
        .iter()
        .filter(|membership| membership["user_id"] == user_id && membership["status"] == "active")
        .filter_map(|membership| {
            let organization =
                store.get("Organization", membership["organization_id"].as_str()?)?;
            Some(json!({ "id": organization["id"], "name": organization["name"] }))
        })
        .collect();
    match call.str_arg("organization_id") {
        Some(chosen)
            if !organizations
                .iter()
                .any(|organization| organization["id"] == chosen) =>
        {
            return Err(Failure::new(
                400,
                "invalid_organization",
                format!("The user is not a member of organization '{chosen}'."),
            ));
        }
        None if organizations.len() > 1 => {
            let body = json!({
                "code": "organization_selection_required",
                "message": "The user belongs to several organizations: choose one with organization_id.",
                "organizations": organizations,
            });
            return Ok(Reply::json(409, &body));
        }
        _ => {}
    }
    let answer = json!({
        "id": registration["id"],
        "status": registration["status"],
        "user_code": user_code(),
        "organizations": organizations,
    });
    Ok(Reply::json(status(call), &answer))
}

/// The user with the call's external id (its email must match), else a new user; 409 when
/// another user has the email.
fn user_for(store: &mut Store, call: &Call) -> Result<Value, Failure> {
    let email = call
        .arg("user")
        .and_then(|user| user["email"].as_str())
        .unwrap_or_default()
        .to_owned();
    let external_id = call
        .arg("user")
        .and_then(|user| user["external_id"].as_str())
        .unwrap_or_default()
        .to_owned();
    let users = store.all("User");
    if let Some(user) = users
        .iter()
        .find(|user| user["external_id"] == external_id.as_str())
    {
        let same = user["email"]
            .as_str()
            .is_some_and(|known| known.eq_ignore_ascii_case(&email));
        if !same {
            return Err(Failure::new(
                400,
                "email_mismatch",
                "The email does not match the user with this external id.",
            ));
        }
        return Ok(user.clone());
    }
    let taken = users.iter().any(|user| {
        user["email"]
            .as_str()
            .is_some_and(|known| known.eq_ignore_ascii_case(&email))
    });
    if taken {
        return Err(Failure::new(
            409,
            "email_already_in_use",
            "Another user has this email address.",
        ));
    }
    let mut fields = Map::new();
    fields.insert("email".to_owned(), json!(email.to_lowercase()));
    fields.insert("external_id".to_owned(), json!(external_id));
    let user = store.create(model(store, "User")?, fields)?;
    store.emit("user.created", &user);
    Ok(user)
}

/// `POST /agents/credentials/validate`: valid for the API key of a verified registration.
fn validate(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let credential = call.str_arg("credential").unwrap_or_default();
    let registration = match call.str_arg("type") {
        Some("api_key") => credential.strip_prefix(API_KEY_PREFIX).and_then(|ulid| {
            store
                .get(REGISTRATION, &format!("agent_reg_{ulid}"))
                .filter(|registration| registration["status"] == "verified")
        }),
        _ => None,
    };
    let answer = match registration {
        Some(registration) => {
            json!({ "valid": true, "registration_id": registration["id"], "expires_at": null })
        }
        None => json!({ "valid": false, "registration_id": null, "expires_at": null }),
    };
    Ok(Reply::json(status(call), &answer))
}

/// A code such as `BCDF-GHJK`, in letters that are hard to misread.
fn user_code() -> String {
    const LETTERS: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";
    let mut code: String = (0..8)
        .map(|_| char::from(LETTERS[fastrand::usize(..LETTERS.len())]))
        .collect();
    code.insert(4, '-');
    code
}
