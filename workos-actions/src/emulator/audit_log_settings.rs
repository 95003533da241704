//! Audit log settings and definitions: an organization's retention (30 days until set), the
//! actions and their versioned schemas, and recorded events, checked against the schema of
//! their action when it has one. Kept beside the store: none of these objects has an id.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use actionspec_emulator::{Call, Failure, Reply, Store, ids};
use serde_json::{Value, json};

use super::listing::page;
use super::status;

/// Retention when an organization has none set.
const DEFAULT_RETENTION_DAYS: i64 = 30;

#[derive(Clone, Default)]
pub(super) struct AuditLogs(Arc<Mutex<State>>);

#[derive(Default)]
struct State {
    /// Organization id -> retention in days.
    retention: HashMap<String, i64>,
    /// Action name -> its schemas, oldest first.
    actions: BTreeMap<String, Action>,
}

struct Action {
    created_at: String,
    updated_at: String,
    schemas: Vec<Value>,
}

impl AuditLogs {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(|poison| poison.into_inner())
    }

    fn retention(&self, organization: &str) -> i64 {
        self.lock()
            .retention
            .get(organization)
            .copied()
            .unwrap_or(DEFAULT_RETENTION_DAYS)
    }
}

pub(super) fn configuration(
    logs: &AuditLogs,
    store: &mut Store,
    call: &Call,
) -> Result<Reply, Failure> {
    let organization = organization(store, call)?;
    let answer = json!({
        "organization_id": organization,
        "retention_period_in_days": logs.retention(&organization),
        "state": "active",
    });
    Ok(Reply::json(status(call), &answer))
}

pub(super) fn get_retention(
    logs: &AuditLogs,
    store: &mut Store,
    call: &Call,
) -> Result<Reply, Failure> {
    let organization = organization(store, call)?;
    let answer = json!({ "retention_period_in_days": logs.retention(&organization) });
    Ok(Reply::json(status(call), &answer))
}

/// Only 30 and 365 days are offered.
pub(super) fn set_retention(
    logs: &AuditLogs,
    store: &mut Store,
    call: &Call,
) -> Result<Reply, Failure> {
    let organization = organization(store, call)?;
    let days = call
        .arg("retention_period_in_days")
        .and_then(Value::as_i64)
        .unwrap_or_default();
    if days != 30 && days != 365 {
        return Err(Failure::unprocessable(
            "invalid_retention_period",
            "retention_period_in_days must be 30 or 365.",
        ));
    }
    logs.lock().retention.insert(organization, days);
    let answer = json!({ "retention_period_in_days": days });
    Ok(Reply::json(status(call), &answer))
}

pub(super) fn list_actions(
    logs: &AuditLogs,
    store: &mut Store,
    call: &Call,
) -> Result<Reply, Failure> {
    let mut actions: Vec<Value> = logs
        .lock()
        .actions
        .iter()
        .map(|(name, action)| {
            json!({
                "object": "audit_log_action",
                "name": name,
                "schema": action.schemas.last(),
                "created_at": action.created_at,
                "updated_at": action.updated_at,
            })
        })
        .collect();
    actions.sort_by(|a, b| {
        (a["created_at"].as_str(), a["name"].as_str())
            .cmp(&(b["created_at"].as_str(), b["name"].as_str()))
    });
    Ok(page(store, call, actions, |action| {
        action["name"].as_str().unwrap_or_default().to_owned()
    }))
}

pub(super) fn list_schemas(
    logs: &AuditLogs,
    store: &mut Store,
    call: &Call,
) -> Result<Reply, Failure> {
    let name = call.str_arg("action_name").unwrap_or_default();
    let schemas = logs
        .lock()
        .actions
        .get(name)
        .map(|action| action.schemas.clone())
        .ok_or_else(|| Failure::not_found("Audit log action", name))?;
    Ok(page(store, call, schemas, |schema| {
        schema["version"].to_string()
    }))
}

/// A new version of the action's schema; the action is created with its first.
pub(super) fn create_schema(
    logs: &AuditLogs,
    _store: &mut Store,
    call: &Call,
) -> Result<Reply, Failure> {
    let name = call.str_arg("action_name").unwrap_or_default().to_owned();
    let now = ids::now();
    let mut state = logs.lock();
    let action = state.actions.entry(name).or_insert_with(|| Action {
        created_at: now.clone(),
        updated_at: now.clone(),
        schemas: Vec::new(),
    });
    let mut schema = json!({
        "object": "audit_log_schema",
        "version": action.schemas.len() + 1,
        "targets": call.arg("targets").cloned().unwrap_or_else(|| json!([])),
        "created_at": now,
    });
    if let Some(actor) = call.arg("actor") {
        schema["actor"] = actor.clone();
    }
    if let Some(metadata) = call.arg("metadata") {
        schema["metadata"] = metadata.clone();
    }
    action.schemas.push(schema.clone());
    action.updated_at = now;
    Ok(Reply::json(status(call), &schema))
}

/// Records an event of an existing organization. When its action has schemas, the event's
/// version (the latest by default) must exist and its targets be of that schema's types.
pub(super) fn create_event(
    logs: &AuditLogs,
    store: &mut Store,
    call: &Call,
) -> Result<Reply, Failure> {
    let organization = call.str_arg("organization_id").unwrap_or_default();
    store.require("Organization", organization)?;
    let event = call.arg("event").cloned().unwrap_or_default();
    let name = event["action"].as_str().unwrap_or_default();
    let state = logs.lock();
    if let Some(action) = state.actions.get(name) {
        let schema = match event["version"].as_u64() {
            Some(version) => action
                .schemas
                .iter()
                .find(|schema| schema["version"].as_u64() == Some(version)),
            None => action.schemas.last(),
        };
        let Some(schema) = schema else {
            return Err(invalid(format!(
                "Action '{name}' has no schema of this version."
            )));
        };
        let allowed: Vec<&str> = schema["targets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|target| target["type"].as_str())
            .collect();
        for target in event["targets"].as_array().into_iter().flatten() {
            let kind = target["type"].as_str().unwrap_or_default();
            if !allowed.contains(&kind) {
                return Err(invalid(format!(
                    "Target type '{kind}' is not in the schema of action '{name}'."
                )));
            }
        }
    }
    Ok(Reply::json(status(call), &json!({ "success": true })))
}

fn invalid(message: String) -> Failure {
    Failure::new(400, "invalid_audit_log", message)
}

/// The existing organization of the call's `id`.
fn organization(store: &Store, call: &Call) -> Result<String, Failure> {
    let id = call.target_id().unwrap_or_default();
    store.require("Organization", id)?;
    Ok(id.to_owned())
}
