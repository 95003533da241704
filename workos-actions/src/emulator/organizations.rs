//! Organizations: `domain_data` becomes `domains`, each an `organization_domain` object.

use actionspec_emulator::{Call, Failure, Reply, Store, ids};
use serde_json::{Map, Value, json};

use super::{emit, model, model_of, status};

pub(super) fn create(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let organization = model_of(store, call)?;
    let mut fields = call.body_fields();
    let id = store.new_id(organization);
    let domain_data = fields.remove("domain_data");
    let domains = domains(store, &id, domain_data.as_ref(), &[])?;
    fields.insert("id".to_owned(), Value::String(id));
    fields.insert("domains".to_owned(), Value::Array(domains));
    let object = store.create(organization, fields)?;
    emit(store, call, &object);
    Ok(Reply::json(status(call), &object))
}

pub(super) fn update(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let organization = model_of(store, call)?;
    let id = call.target_id().unwrap_or_default().to_owned();
    let mut changes = call.body_fields();
    if let Some(domain_data) = changes.remove("domain_data") {
        let current = store
            .get(organization.name, &id)
            .and_then(|object| object.get("domains").and_then(Value::as_array).cloned())
            .unwrap_or_default();
        let domains = domains(store, &id, Some(&domain_data), &current)?;
        changes.insert("domains".to_owned(), Value::Array(domains));
    }
    let object = store.update(organization, &id, changes)?;
    emit(store, call, &object);
    Ok(Reply::json(status(call), &object))
}

/// `organization_domain` objects for `domain_data`, keeping the id and creation time of a
/// domain the organization already has.
fn domains(
    store: &Store,
    organization_id: &str,
    domain_data: Option<&Value>,
    current: &[Value],
) -> Result<Vec<Value>, Failure> {
    let domain_model = model(store, "OrganizationDomain")?;
    let now = ids::now();
    let mut domains = Vec::new();
    for data in domain_data.and_then(Value::as_array).into_iter().flatten() {
        let name = data
            .get("domain")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let state = data
            .get("state")
            .and_then(Value::as_str)
            .unwrap_or("pending");
        let existing = current
            .iter()
            .find(|domain| domain.get("domain").and_then(Value::as_str) == Some(name));
        let id = existing
            .and_then(|domain| domain.get("id").cloned())
            .unwrap_or_else(|| Value::String(store.new_id(domain_model)));
        let created_at = existing
            .and_then(|domain| domain.get("created_at").cloned())
            .unwrap_or_else(|| Value::String(now.clone()));
        let mut domain = Map::new();
        domain.insert("object".to_owned(), json!("organization_domain"));
        domain.insert("id".to_owned(), id);
        domain.insert("organization_id".to_owned(), json!(organization_id));
        domain.insert("domain".to_owned(), json!(name));
        domain.insert("state".to_owned(), json!(state));
        domain.insert(
            "verification_strategy".to_owned(),
            json!(if state == "verified" { "manual" } else { "dns" }),
        );
        if state == "pending" {
            domain.insert(
                "verification_prefix".to_owned(),
                json!("superapp-domain-verification"),
            );
            domain.insert("verification_token".to_owned(), json!(super::token(22)));
        }
        domain.insert("created_at".to_owned(), created_at);
        domain.insert("updated_at".to_owned(), json!(now));
        domains.push(Value::Object(domain));
    }
    Ok(domains)
}

/// The organization whose `external_id` is the one given, or 404.
pub(super) fn get_by_external_id(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let external_id = call.str_arg("external_id").unwrap_or_default();
    store
        .all("Organization")
        .into_iter()
        .find(|organization| organization["external_id"] == external_id)
        .map(|organization| Reply::json(status(call), &organization))
        .ok_or_else(|| Failure::not_found("Organization", external_id))
}
