//! Invitations: pending, with a token, an acceptance URL and an expiry date; then accepted,
//! revoked or expired. Only a pending invitation can be resent, revoked or accepted, and
//! accepting one into an organization makes the recipient an active member of it.

use actionspec_emulator::{Call, Emulator, Failure, Reply, Store, ids};
use serde_json::{Map, Value, json};

use super::{emit, model, model_of, status, token};

/// Days an invitation stays valid when the call does not say.
const DEFAULT_EXPIRY_DAYS: i64 = 7;

/// The role a recipient joining an organization gets when the invitation names none.
const DEFAULT_ROLE: &str = "member";

/// Serves the invitation actions beyond the generic ones.
pub(super) fn register(emulator: Emulator) -> Emulator {
    emulator
        .handler("workos_user_invite", create)
        .handler("workos_invitations_list", read)
        .handler("workos_invitation_get", read)
        .handler("workos_invitation_find_by_token", find_by_token)
        .handler("workos_invitation_resend", resend)
        .handler("workos_invitation_revoke", revoke)
        .handler("workos_invitation_accept", accept)
}

pub(super) fn create(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let invitation = model_of(store, call)?;
    let mut fields = call.body_fields();
    let days = fields
        .remove("expires_in_days")
        .and_then(|days| days.as_i64())
        .unwrap_or(DEFAULT_EXPIRY_DAYS);
    let expires_at =
        ids::timestamp(time_now() + std::time::Duration::from_secs(days as u64 * 86_400));
    let token = token(25);
    let accept_url = format!("{}/invite?invitation_token={token}", store.base_url());
    if fields.contains_key("organization_id") && !fields.contains_key("role_slug") {
        fields.insert("role_slug".to_owned(), json!(DEFAULT_ROLE));
    }
    fields.insert("state".to_owned(), json!("pending"));
    fields.insert("expires_at".to_owned(), Value::String(expires_at));
    fields.insert("token".to_owned(), Value::String(token));
    fields.insert(
        "accept_invitation_url".to_owned(),
        Value::String(accept_url),
    );
    let object = store.create(invitation, fields)?;
    emit(store, call, &object);
    Ok(Reply::json(status(call), &object))
}

/// A list or a get, once pending invitations past their date are `expired`.
fn read(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    expire(store)?;
    store.perform(call)
}

fn find_by_token(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    expire(store)?;
    let wanted = call.str_arg("token").unwrap_or_default();
    store
        .all("Invitation")
        .into_iter()
        .find(|invitation| invitation["token"].as_str() == Some(wanted))
        .map(|invitation| Reply::json(status(call), &invitation))
        .ok_or_else(|| Failure::not_found("Invitation", wanted))
}

fn resend(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let invitation = pending(store, call)?;
    let id = invitation["id"].as_str().unwrap_or_default().to_owned();
    let object = store.update(model(store, "Invitation")?, &id, Map::new())?;
    emit(store, call, &object);
    Ok(Reply::json(status(call), &object))
}

fn revoke(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let invitation = pending(store, call)?;
    let id = invitation["id"].as_str().unwrap_or_default().to_owned();
    let mut changes = Map::new();
    changes.insert("state".to_owned(), json!("revoked"));
    changes.insert("revoked_at".to_owned(), json!(ids::now()));
    let object = store.update(model(store, "Invitation")?, &id, changes)?;
    emit(store, call, &object);
    Ok(Reply::json(status(call), &object))
}

/// The recipient becomes a user (if not one already) and, when the invitation names an
/// organization, an active member of it with the invitation's role.
fn accept(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let invitation = pending(store, call)?;
    let id = invitation["id"].as_str().unwrap_or_default().to_owned();
    let email = invitation["email"].as_str().unwrap_or_default().to_owned();
    let user = match user_by_email(store, &email) {
        Some(user) => user,
        None => {
            let mut fields = Map::new();
            fields.insert("email".to_owned(), json!(email));
            fields.insert("email_verified".to_owned(), json!(true));
            store.seed(model(store, "User")?, fields)?
        }
    };
    let user_id = user["id"].as_str().unwrap_or_default().to_owned();
    if let Some(organization_id) = invitation["organization_id"].as_str() {
        join(store, &user, organization_id, &invitation)?;
    }
    let mut changes = Map::new();
    changes.insert("state".to_owned(), json!("accepted"));
    changes.insert("accepted_at".to_owned(), json!(ids::now()));
    changes.insert("accepted_user_id".to_owned(), json!(user_id));
    let object = store.update(model(store, "Invitation")?, &id, changes)?;
    emit(store, call, &object);
    Ok(Reply::json(status(call), &object))
}

/// An active membership of the user in the organization with the invitation's role: a new
/// one, or the user's existing one there made active.
fn join(
    store: &mut Store,
    user: &Value,
    organization_id: &str,
    invitation: &Value,
) -> Result<(), Failure> {
    let membership = model(store, "OrganizationMembership")?;
    let organization = store.require("Organization", organization_id)?;
    let user_id = user["id"].as_str().unwrap_or_default();
    let role = invitation["role_slug"].as_str().unwrap_or(DEFAULT_ROLE);
    let existing = store.all(membership.name).into_iter().find(|existing| {
        existing["user_id"].as_str() == Some(user_id)
            && existing["organization_id"].as_str() == Some(organization_id)
    });
    let mut fields = Map::new();
    fields.insert("status".to_owned(), json!("active"));
    let object = match existing {
        Some(existing) if existing["status"] == "active" => return Ok(()),
        Some(existing) => {
            let id = existing["id"].as_str().unwrap_or_default().to_owned();
            let object = store.update(membership, &id, fields)?;
            store.emit("organization_membership.updated", &object);
            return Ok(());
        }
        None => {
            fields.insert("user_id".to_owned(), json!(user_id));
            fields.insert("organization_id".to_owned(), json!(organization_id));
            fields.insert("organization_name".to_owned(), organization["name"].clone());
            fields.insert("directory_managed".to_owned(), json!(false));
            fields.insert("custom_attributes".to_owned(), json!({}));
            fields.insert("role".to_owned(), json!({ "slug": role }));
            fields.insert("roles".to_owned(), json!([{ "slug": role }]));
            fields.insert("user".to_owned(), user.clone());
            store.create(membership, fields)?
        }
    };
    store.emit("organization_membership.created", &object);
    Ok(())
}

/// The invitation the call names, refused as WorkOS does unless it is pending.
fn pending(store: &mut Store, call: &Call) -> Result<Value, Failure> {
    expire(store)?;
    let id = call.target_id().unwrap_or_default();
    let invitation = store.require("Invitation", id)?;
    let refusal = match invitation["state"].as_str() {
        Some("pending") => return Ok(invitation),
        Some("accepted") => ("invite_accepted", "Invite has already been accepted."),
        Some("revoked") => ("invite_revoked", "Invite has been revoked."),
        Some("expired") => ("invite_expired", "Invite has expired."),
        _ => ("invite_not_pending", "Invite is not pending."),
    };
    Err(Failure::new(400, refusal.0, refusal.1))
}

/// Marks every pending invitation past its `expires_at` as `expired`.
fn expire(store: &mut Store) -> Result<(), Failure> {
    let invitation = model(store, "Invitation")?;
    let now = ids::now();
    let lapsed: Vec<String> = store
        .all(invitation.name)
        .into_iter()
        .filter(|object| {
            object["state"] == "pending"
                && object["expires_at"]
                    .as_str()
                    .and_then(ids::parse_timestamp)
                    .zip(ids::parse_timestamp(&now))
                    .is_some_and(|(expires, now)| expires <= now)
        })
        .filter_map(|object| object["id"].as_str().map(str::to_owned))
        .collect();
    for id in lapsed {
        let mut changes = Map::new();
        changes.insert("state".to_owned(), json!("expired"));
        store.update(invitation, &id, changes)?;
    }
    Ok(())
}

/// The user with this email address (compared without case), if any.
pub(super) fn user_by_email(store: &Store, email: &str) -> Option<Value> {
    store.all("User").into_iter().find(|user| {
        user["email"]
            .as_str()
            .is_some_and(|known| known.eq_ignore_ascii_case(email))
    })
}

fn time_now() -> ids::OffsetDateTime {
    ids::OffsetDateTime::now_utc()
}
