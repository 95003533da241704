//! Audit log exports: created `pending` for an existing organization; the next get finds them
//! `ready` with a download URL.

use actionspec_emulator::{Call, Failure, Reply, Store, ids};
use serde_json::{Map, json};

use super::{model_of, status};

pub(super) fn create(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let export = model_of(store, call)?;
    let organization = call.str_arg("organization_id").unwrap_or_default();
    if !store.exists("Organization", organization) {
        return Err(Failure::not_found("Organization", organization));
    }
    let start = call.str_arg("range_start").and_then(ids::parse_timestamp);
    let end = call.str_arg("range_end").and_then(ids::parse_timestamp);
    if let (Some(start), Some(end)) = (start, end)
        && start > end
    {
        return Err(Failure::unprocessable(
            "invalid_date_range",
            "range_start must be before range_end.",
        ));
    }
    let mut fields = Map::new();
    fields.insert("state".to_owned(), json!("pending"));
    let object = store.create(export, fields)?;
    Ok(Reply::json(status(call), &object))
}

pub(super) fn get(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let export = model_of(store, call)?;
    let id = call.target_id().unwrap_or_default().to_owned();
    let Some(current) = store.get(export.name, &id) else {
        return Err(Failure::not_found("Audit log export", &id));
    };
    let object = if current.get("state").and_then(|state| state.as_str()) == Some("pending") {
        let mut changes = Map::new();
        changes.insert("state".to_owned(), json!("ready"));
        changes.insert(
            "url".to_owned(),
            json!(format!("{}/audit_logs/exports/{id}.csv", store.base_url())),
        );
        store.update(export, &id, changes)?
    } else {
        current
    };
    Ok(Reply::json(status(call), &object))
}
