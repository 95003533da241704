//! Feature flags, found by slug: enabled and disabled, targeted at organizations and users
//! (targets kept beside the store, as the flag object does not show them), and the flags an
//! organization or a user sees: enabled ones targeted at them (a user also through the
//! organizations they are a member of) or on by default.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use actionspec_emulator::{Call, Failure, Reply, Store};
use serde_json::{Map, Value, json};

use super::listing::{by_id, page};
use super::{emit, model, status};

/// Flag slug -> the organization and user ids it targets.
#[derive(Clone, Default)]
pub(super) struct Targets(Arc<Mutex<HashMap<String, BTreeSet<String>>>>);

impl Targets {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, BTreeSet<String>>> {
        self.0.lock().unwrap_or_else(|poison| poison.into_inner())
    }
}

pub(super) fn get(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let flag = find(store, call)?;
    Ok(Reply::json(status(call), &flag))
}

pub(super) fn enable(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    switch(store, call, true)
}

pub(super) fn disable(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    switch(store, call, false)
}

fn switch(store: &mut Store, call: &Call, enabled: bool) -> Result<Reply, Failure> {
    let flag = find(store, call)?;
    if flag["enabled"] == enabled {
        return Ok(Reply::json(status(call), &flag));
    }
    let mut changes = Map::new();
    changes.insert("enabled".to_owned(), json!(enabled));
    let id = by_id(&flag);
    let object = store.update(model(store, "FeatureFlag")?, &id, changes)?;
    emit(store, call, &object);
    Ok(Reply::json(status(call), &object))
}

pub(super) fn add_target(
    targets: &Targets,
    store: &mut Store,
    call: &Call,
) -> Result<Reply, Failure> {
    let (flag, target) = flag_and_target(store, call)?;
    let slug = flag["slug"].as_str().unwrap_or_default().to_owned();
    let added = targets.lock().entry(slug).or_default().insert(target);
    if added {
        emit(store, call, &flag);
    }
    Ok(Reply::empty(status(call)))
}

pub(super) fn remove_target(
    targets: &Targets,
    store: &mut Store,
    call: &Call,
) -> Result<Reply, Failure> {
    let (flag, target) = flag_and_target(store, call)?;
    let slug = flag["slug"].as_str().unwrap_or_default();
    let removed = targets
        .lock()
        .get_mut(slug)
        .is_some_and(|set| set.remove(&target));
    if removed {
        emit(store, call, &flag);
    }
    Ok(Reply::empty(status(call)))
}

/// `GET /organizations/{organization_id}/feature-flags`.
pub(super) fn for_organization(
    targets: &Targets,
    store: &mut Store,
    call: &Call,
) -> Result<Reply, Failure> {
    let organization = call.str_arg("organization_id").unwrap_or_default();
    store.require("Organization", organization)?;
    Ok(seen_by(targets, store, call, &[organization.to_owned()]))
}

/// `GET /user_management/users/{user_id}/feature-flags`.
pub(super) fn for_user(
    targets: &Targets,
    store: &mut Store,
    call: &Call,
) -> Result<Reply, Failure> {
    let user = call.str_arg("user_id").unwrap_or_default();
    store.require("User", user)?;
    let mut subjects = vec![user.to_owned()];
    subjects.extend(
        store
            .all("OrganizationMembership")
            .iter()
            .filter(|membership| membership["user_id"] == user && membership["status"] == "active")
            .filter_map(|membership| membership["organization_id"].as_str().map(str::to_owned)),
    );
    Ok(seen_by(targets, store, call, &subjects))
}

/// The page of enabled flags on by default or targeted at any of `subjects`.
fn seen_by(targets: &Targets, store: &Store, call: &Call, subjects: &[String]) -> Reply {
    let targets = targets.lock();
    let flags = store
        .all("FeatureFlag")
        .into_iter()
        .filter(|flag| {
            let targeted = || {
                let slug = flag["slug"].as_str().unwrap_or_default();
                targets
                    .get(slug)
                    .is_some_and(|set| subjects.iter().any(|subject| set.contains(subject)))
            };
            flag["enabled"] == true && (flag["default_value"] == true || targeted())
        })
        .collect();
    page(store, call, flags, by_id)
}

/// The flag the call's `slug` names, or 404.
fn find(store: &Store, call: &Call) -> Result<Value, Failure> {
    let slug = call.str_arg("slug").unwrap_or_default();
    store
        .all("FeatureFlag")
        .into_iter()
        .find(|flag| flag["slug"] == slug)
        .ok_or_else(|| Failure::not_found("Feature flag", slug))
}

/// The flag and the existing organization or user the call targets.
fn flag_and_target(store: &Store, call: &Call) -> Result<(Value, String), Failure> {
    let flag = find(store, call)?;
    let target = call.str_arg("resource_id").unwrap_or_default();
    let kind = if target.starts_with("org_") {
        "Organization"
    } else if target.starts_with("user_") {
        "User"
    } else {
        return Err(Failure::new(
            400,
            "invalid_resource_id",
            format!("'{target}' is neither an organization id (org_...) nor a user id (user_...)."),
        ));
    };
    store.require(kind, target)?;
    Ok((flag, target.to_owned()))
}
