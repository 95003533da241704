//! Radar on its own: an assessment answers its verdict from the allow and block lists (a value
//! on a block list blocks, with the `restriction` control; one on an allow list allows; a
//! value on neither is allowed, the emulator having no risk signals of its own). Attempts are
//! kept beside the store so their outcome can be reported; list entries are stored as the
//! `RadarListEntry` model, so the seed can fill the lists.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use actionspec_emulator::{Call, Failure, Reply, Store, ids};
use serde_json::{Map, Value, json};

use super::listing::by_id;
use super::{model, status};

const ENTRY: &str = "RadarListEntry";

/// Attempt id -> the attempt as assessed, with the outcomes reported since.
#[derive(Clone, Default)]
pub(super) struct Attempts(Arc<Mutex<HashMap<String, Value>>>);

impl Attempts {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Value>> {
        self.0.lock().unwrap_or_else(|poison| poison.into_inner())
    }
}

/// `POST /radar/attempts`: the verdict the lists give; block lists first.
fn assess(attempts: &Attempts, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let values = attempt_values(call);
    let entries = store.all(ENTRY);
    let on_list = |action: &str| {
        entries.iter().find_map(|entry| {
            let kind = entry["type"].as_str()?;
            let wanted = normalized(kind, entry["entry"].as_str()?);
            (entry["action"] == action
                && values
                    .iter()
                    .any(|(value_kind, value)| *value_kind == kind && *value == wanted))
            .then(|| kind.to_owned())
        })
    };
    let attempt_id = store.new_prefixed_id("radar_att_");
    let mut answer = Map::new();
    if let Some(kind) = on_list("block") {
        answer.insert("verdict".to_owned(), json!("block"));
        answer.insert(
            "reason".to_owned(),
            json!(format!("The {kind} is on a block list.")),
        );
        answer.insert("control".to_owned(), json!("restriction"));
        answer.insert("blocklist_type".to_owned(), json!(kind));
    } else if let Some(kind) = on_list("allow") {
        answer.insert("verdict".to_owned(), json!("allow"));
        answer.insert(
            "reason".to_owned(),
            json!(format!("The {kind} is on an allow list.")),
        );
    } else {
        answer.insert("verdict".to_owned(), json!("allow"));
        answer.insert(
            "reason".to_owned(),
            json!("No Radar control detected a risk."),
        );
    }
    answer.insert("attempt_id".to_owned(), json!(attempt_id));
    let answer = Value::Object(answer);
    let mut kept = call.body_fields();
    kept.insert("verdict".to_owned(), answer["verdict"].clone());
    kept.insert("created_at".to_owned(), json!(ids::now()));
    attempts.lock().insert(attempt_id, Value::Object(kept));
    Ok(Reply::json(status(call), &answer))
}

/// `PUT /radar/attempts/{id}`: records the outcomes reported; 404 for an unknown attempt.
fn update(attempts: &Attempts, _store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let id = call.str_arg("id").unwrap_or_default();
    let mut attempts = attempts.lock();
    let attempt = attempts
        .get_mut(id)
        .ok_or_else(|| Failure::not_found("Radar attempt", id))?;
    for field in ["attempt_status", "challenge_status"] {
        if let Some(value) = call.arg(field) {
            attempt[field] = value.clone();
        }
    }
    Ok(Reply::empty(status(call)))
}

/// `POST /radar/lists/{type}/{action}`: 200 with a message for an entry already there.
fn add_entry(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let (kind, action, entry) = entry_of(call)?;
    if find_entry(store, &kind, &action, &entry).is_some() {
        return Ok(Reply::json(
            200,
            &json!({ "message": "Entry already present in list" }),
        ));
    }
    let mut fields = Map::new();
    fields.insert("type".to_owned(), json!(kind));
    fields.insert("action".to_owned(), json!(action));
    fields.insert("entry".to_owned(), json!(entry));
    store.create(model(store, ENTRY)?, fields)?;
    Ok(Reply::empty(status(call)))
}

/// `DELETE /radar/lists/{type}/{action}`: 404 for an entry the list does not hold.
fn remove_entry(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let (kind, action, entry) = entry_of(call)?;
    let found = find_entry(store, &kind, &action, &entry)
        .ok_or_else(|| Failure::not_found("Radar list entry", &entry))?;
    store.delete(model(store, ENTRY)?, &by_id(&found))?;
    Ok(Reply::empty(status(call)))
}

/// The list type, list action and entry of the call, the entry checked against the type's
/// format and normalized (lower-case emails and domains, upper-case countries).
fn entry_of(call: &Call) -> Result<(String, String, String), Failure> {
    let kind = call.str_arg("type").unwrap_or_default().to_owned();
    let action = call.str_arg("action").unwrap_or_default().to_owned();
    let entry = call.str_arg("entry").unwrap_or_default().trim();
    let valid = match kind.as_str() {
        "ip_address" => entry.parse::<IpAddr>().is_ok(),
        "email" => entry
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.')),
        "domain" => entry.contains('.') && !entry.contains(['@', ' ', '/']),
        "country" => entry.len() == 2 && entry.chars().all(|c| c.is_ascii_alphabetic()),
        _ => !entry.is_empty(),
    };
    if !valid {
        return Err(Failure::new(
            400,
            "invalid_entry",
            format!("'{entry}' is not a valid {kind} entry."),
        ));
    }
    let entry = normalized(&kind, entry);
    Ok((kind, action, entry))
}

fn normalized(kind: &str, value: &str) -> String {
    match kind {
        "email" | "domain" => value.trim().to_lowercase(),
        "country" => value.trim().to_uppercase(),
        _ => value.trim().to_owned(),
    }
}

fn find_entry(store: &Store, kind: &str, action: &str, entry: &str) -> Option<Value> {
    store.all(ENTRY).into_iter().find(|stored| {
        stored["type"] == kind
            && stored["action"] == action
            && stored["entry"]
                .as_str()
                .is_some_and(|value| normalized(kind, value) == entry)
    })
}

/// What an attempt can match on each list type (no country: the emulator locates no IP).
fn attempt_values(call: &Call) -> Vec<(&'static str, String)> {
    let mut values = Vec::new();
    let mut add = |kind: &'static str, value: Option<&str>| {
        if let Some(value) = value.filter(|value| !value.is_empty()) {
            values.push((kind, normalized(kind, value)));
        }
    };
    let email = call.str_arg("email");
    add("ip_address", call.str_arg("ip_address"));
    add("email", email);
    add(
        "domain",
        email
            .and_then(|email| email.rsplit_once('@'))
            .map(|(_, domain)| domain),
    );
    add("user_agent", call.str_arg("user_agent"));
    add("device", call.str_arg("signals_id"));
    add("device_fingerprint", call.str_arg("signals_id"));
    values
}

/// Radar's handlers, with the attempts they share.
pub(super) fn register(emulator: actionspec_emulator::Emulator) -> actionspec_emulator::Emulator {
    let attempts = Attempts::default();
    let assessed = attempts.clone();
    emulator
        .handler(
            "workos_radar_attempt_create",
            move |store: &mut Store, call: &Call| assess(&assessed, store, call),
        )
        .handler(
            "workos_radar_attempt_update",
            move |store: &mut Store, call: &Call| update(&attempts, store, call),
        )
        .handler("workos_radar_list_entry_add", add_entry)
        .handler("workos_radar_list_entry_remove", remove_entry)
}
