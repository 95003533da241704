//! Organization memberships: roles from `role_slug` / `role_slugs`, the organization's name,
//! and one active membership per user and organization.

use actionspec_emulator::{Call, Failure, Reply, Store};
use serde_json::{Map, Value, json};

use super::{emit, model_of, status};

/// The role a member gets when the call names none.
const DEFAULT_ROLE: &str = "member";

/// Only `active` memberships are listed unless `statuses` says otherwise.
pub(super) fn list(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    if call.arg("statuses").is_some() {
        return store.perform(call);
    }
    let mut call = call.clone();
    call.args.insert("statuses".to_owned(), json!(["active"]));
    store.perform(&call)
}

pub(super) fn create(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let membership = model_of(store, call)?;
    let user_id = call.str_arg("user_id").unwrap_or_default().to_owned();
    let organization_id = call
        .str_arg("organization_id")
        .unwrap_or_default()
        .to_owned();
    let organization = store.require("Organization", &organization_id)?;
    let user = store.require("User", &user_id)?;
    let duplicate = store.all(membership.name).into_iter().any(|existing| {
        existing.get("user_id").and_then(Value::as_str) == Some(&user_id)
            && existing.get("organization_id").and_then(Value::as_str) == Some(&organization_id)
    });
    if duplicate {
        return Err(Failure::unprocessable(
            "organization_membership_already_exists",
            format!(
                "The user {user_id} is already a member of the organization {organization_id}."
            ),
        ));
    }
    let mut fields = Map::new();
    fields.insert("user_id".to_owned(), json!(user_id));
    fields.insert("organization_id".to_owned(), json!(organization_id));
    fields.insert(
        "organization_name".to_owned(),
        organization.get("name").cloned().unwrap_or(Value::Null),
    );
    fields.insert("status".to_owned(), json!("active"));
    fields.insert("directory_managed".to_owned(), json!(false));
    fields.insert("custom_attributes".to_owned(), json!({}));
    // The official SDKs expect the member embedded in the membership.
    fields.insert("user".to_owned(), user);
    roles(call, &mut fields, true);
    let object = store.create(membership, fields)?;
    emit(store, call, &object);
    Ok(Reply::json(status(call), &object))
}

pub(super) fn update(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let membership = model_of(store, call)?;
    let id = call.target_id().unwrap_or_default().to_owned();
    let mut changes = Map::new();
    roles(call, &mut changes, false);
    let object = store.update(membership, &id, changes)?;
    emit(store, call, &object);
    Ok(Reply::json(status(call), &object))
}

/// `role` and `roles` from the call's `role_slug` or `role_slugs` (the default role when
/// `default` and neither is given).
fn roles(call: &Call, fields: &mut Map<String, Value>, default: bool) {
    let slugs: Vec<String> = if let Some(slug) = call.str_arg("role_slug") {
        vec![slug.to_owned()]
    } else if let Some(Value::Array(slugs)) = call.arg("role_slugs") {
        slugs
            .iter()
            .filter_map(|slug| slug.as_str().map(str::to_owned))
            .collect()
    } else if default {
        vec![DEFAULT_ROLE.to_owned()]
    } else {
        return;
    };
    let Some(first) = slugs.first() else {
        return;
    };
    fields.insert("role".to_owned(), json!({ "slug": first }));
    fields.insert(
        "roles".to_owned(),
        Value::Array(slugs.iter().map(|slug| json!({ "slug": slug })).collect()),
    );
}

/// `active` → `inactive` (an event); already `inactive`: unchanged, no event; `pending`: refused.
pub(super) fn deactivate(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    switch(store, call, "active", "inactive", "deactivate")
}

/// `inactive` → `active` with the roles it had (an event); already `active`: unchanged, no
/// event; `pending`: refused.
pub(super) fn reactivate(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    switch(store, call, "inactive", "active", "reactivate")
}

fn switch(
    store: &mut Store,
    call: &Call,
    from: &str,
    to: &str,
    verb: &str,
) -> Result<Reply, Failure> {
    let membership = model_of(store, call)?;
    let id = call.target_id().unwrap_or_default().to_owned();
    let current = store.require(membership.name, &id)?;
    match current["status"].as_str() {
        Some(status) if status == to => Ok(Reply::json(super::status(call), &current)),
        Some(status) if status == from => {
            let mut changes = Map::new();
            changes.insert("status".to_owned(), json!(to));
            let object = store.update(membership, &id, changes)?;
            emit(store, call, &object);
            Ok(Reply::json(super::status(call), &object))
        }
        _ => Err(Failure::new(
            400,
            &format!("cannot_{verb}_pending_organization_membership"),
            format!("A pending organization membership cannot be {verb}d."),
        )),
    }
}
