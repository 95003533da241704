//! API keys: the full value is answered once, at creation, and kept beside the store (never in
//! the key a list answers, which shows `obfuscated_value`). A validation answers the key while
//! it is live, and `api_key: null` once it is expired or deleted.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use actionspec_emulator::{Call, Failure, Reply, Store, ids};
use serde_json::{Map, Value, json};

use super::{emit, model, status};

/// Key value -> key id.
#[derive(Clone, Default)]
pub(super) struct Values(Arc<Mutex<HashMap<String, String>>>);

impl Values {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, String>> {
        self.0.lock().unwrap_or_else(|poison| poison.into_inner())
    }
}

/// `POST /organizations/{organization_id}/api_keys`.
pub(super) fn create_for_organization(
    values: &Values,
    store: &mut Store,
    call: &Call,
) -> Result<Reply, Failure> {
    let organization_id = call.str_arg("organization_id").unwrap_or_default();
    store.require("Organization", organization_id)?;
    let owner = json!({ "type": "organization", "id": organization_id });
    create(values, store, call, owner)
}

/// `POST /user_management/users/{user_id}/api_keys`: the user must be an active member of the
/// organization.
pub(super) fn create_for_user(
    values: &Values,
    store: &mut Store,
    call: &Call,
) -> Result<Reply, Failure> {
    let user_id = call.str_arg("user_id").unwrap_or_default();
    let organization_id = call.str_arg("organization_id").unwrap_or_default();
    store.require("User", user_id)?;
    store.require("Organization", organization_id)?;
    let member = store
        .all("OrganizationMembership")
        .iter()
        .any(|membership| {
            membership["user_id"] == user_id
                && membership["organization_id"] == organization_id
                && membership["status"] == "active"
        });
    if !member {
        return Err(Failure::unprocessable(
            "organization_membership_not_found",
            format!(
                "User '{user_id}' has no active membership in organization '{organization_id}'."
            ),
        ));
    }
    let owner = json!({ "type": "user", "id": user_id, "organization_id": organization_id });
    create(values, store, call, owner)
}

fn create(values: &Values, store: &mut Store, call: &Call, owner: Value) -> Result<Reply, Failure> {
    let api_key = model(store, "ApiKey")?;
    if let Some(expires_at) = call.str_arg("expires_at")
        && !in_future(expires_at)
    {
        return Err(Failure::unprocessable(
            "invalid_expires_at",
            "expires_at must be in the future.",
        ));
    }
    let value = format!("sk_{}", super::token(40));
    let mut fields = Map::new();
    fields.insert("owner".to_owned(), owner);
    fields.insert(
        "name".to_owned(),
        json!(call.str_arg("name").unwrap_or_default()),
    );
    fields.insert("obfuscated_value".to_owned(), json!(obfuscated(&value)));
    fields.insert("last_used_at".to_owned(), Value::Null);
    fields.insert(
        "expires_at".to_owned(),
        call.arg("expires_at").cloned().unwrap_or(Value::Null),
    );
    fields.insert(
        "permissions".to_owned(),
        call.arg("permissions")
            .cloned()
            .unwrap_or_else(|| json!([])),
    );
    let stored = store.create(api_key, fields)?;
    let id = stored["id"].as_str().unwrap_or_default().to_owned();
    values.lock().insert(value.clone(), id);
    emit(store, call, &stored);
    let mut answer = stored;
    answer["value"] = json!(value);
    Ok(Reply::json(status(call), &answer))
}

/// The key for a live value, stamping its `last_used_at`; `api_key: null` otherwise.
pub(super) fn validate(values: &Values, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let api_key = model(store, "ApiKey")?;
    let value = call.str_arg("value").unwrap_or_default();
    let id = values.lock().get(value).cloned();
    let live = id
        .and_then(|id| store.get(api_key.name, &id))
        .filter(|key| key["expires_at"].as_str().is_none_or(in_future));
    let answer = match live {
        Some(mut key) => {
            key["last_used_at"] = json!(ids::now());
            store.put(api_key, &key);
            key
        }
        None => Value::Null,
    };
    Ok(Reply::json(status(call), &json!({ "api_key": answer })))
}

/// Expires a key now, or at a future `expires_at`; 409 for a key already expired.
pub(super) fn expire(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let api_key = model(store, "ApiKey")?;
    let id = call.target_id().unwrap_or_default().to_owned();
    let key = store
        .get(api_key.name, &id)
        .ok_or_else(|| Failure::not_found("API Key", &id))?;
    if key["expires_at"].as_str().is_some_and(|at| !in_future(at)) {
        return Err(Failure::new(
            409,
            "api_key_already_expired",
            "API key is already expired",
        ));
    }
    let at = call
        .str_arg("expires_at")
        .filter(|at| in_future(at))
        .map_or_else(ids::now, str::to_owned);
    let mut changes = Map::new();
    changes.insert("expires_at".to_owned(), json!(at));
    let object = store.update(api_key, &id, changes)?;
    emit(store, call, &object);
    Ok(Reply::json(status(call), &object))
}

/// `sk_...` and the last four characters.
fn obfuscated(value: &str) -> String {
    let tail = &value[value.len().saturating_sub(4)..];
    format!("sk_...{tail}")
}

fn in_future(at: &str) -> bool {
    ids::parse_timestamp(at).is_some_and(|at| at > ids::OffsetDateTime::now_utc())
}
