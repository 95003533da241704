//! Invitations: pending, with a token, an acceptance URL and an expiry date.

use actionspec_emulator::{Call, Failure, Reply, Store, ids};
use serde_json::{Value, json};

use super::{emit, model_of, status, token};

/// Days an invitation stays valid when the call does not say.
const DEFAULT_EXPIRY_DAYS: i64 = 7;

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
        fields.insert("role_slug".to_owned(), json!("member"));
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

fn time_now() -> ids::OffsetDateTime {
    ids::OffsetDateTime::now_utc()
}
