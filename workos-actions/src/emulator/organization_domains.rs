//! Organization domains: each lives in its organization's `domains`, so an organization read
//! and a domain read always agree (seeded domains included). Added pending with a DNS token;
//! verifying a pending domain verifies it (the emulator has no DNS to look at).

use actionspec_emulator::{Call, Failure, Reply, Store, ids};
use serde_json::{Value, json};

use super::{emit, model, status};

pub(super) fn create(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let organization_id = call.str_arg("organization_id").unwrap_or_default();
    let name = call.str_arg("domain").unwrap_or_default().to_lowercase();
    let organization = store.require("Organization", organization_id)?;
    let exists = domains_of(&organization)
        .iter()
        .any(|domain| domain.get("domain").and_then(Value::as_str) == Some(name.as_str()));
    if exists {
        return Err(Failure::new(
            409,
            "domain_already_exists",
            "Domain already exists for this organization.",
        ));
    }
    let now = ids::now();
    let domain = json!({
        "object": "organization_domain",
        "id": store.new_id(model(store, "OrganizationDomain")?),
        "organization_id": organization_id,
        "domain": name,
        "state": "pending",
        "verification_strategy": "dns",
        "verification_prefix": "superapp-domain-verification",
        "verification_token": super::token(22),
        "created_at": now,
        "updated_at": now,
    });
    let mut domains = domains_of(&organization);
    domains.push(domain.clone());
    save(store, organization, domains)?;
    emit(store, call, &domain);
    Ok(Reply::json(status(call), &domain))
}

pub(super) fn get(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let (_, domain) = find(store, call)?;
    Ok(Reply::json(status(call), &domain))
}

/// Pending (or failed) becomes verified, as when WorkOS finds the TXT record.
pub(super) fn verify(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let (organization, domain) = find(store, call)?;
    if matches!(
        domain.get("state").and_then(Value::as_str),
        Some("verified" | "legacy_verified")
    ) {
        return Err(Failure::new(
            400,
            "domain_already_verified",
            "Domain is already verified.",
        ));
    }
    let mut verified = domain.clone();
    verified["state"] = json!("verified");
    verified["updated_at"] = json!(ids::now());
    let domains = domains_of(&organization)
        .into_iter()
        .map(|other| {
            if other["id"] == domain["id"] {
                verified.clone()
            } else {
                other
            }
        })
        .collect();
    save(store, organization, domains)?;
    emit(store, call, &verified);
    Ok(Reply::json(status(call), &verified))
}

pub(super) fn delete(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let (organization, domain) = find(store, call)?;
    let domains = domains_of(&organization)
        .into_iter()
        .filter(|other| other["id"] != domain["id"])
        .collect();
    save(store, organization, domains)?;
    emit(store, call, &domain);
    Ok(Reply::empty(status(call)))
}

/// The organization holding the domain the call names, and the domain; 404 when none does.
fn find(store: &Store, call: &Call) -> Result<(Value, Value), Failure> {
    let id = call.target_id().unwrap_or_default();
    store
        .all("Organization")
        .into_iter()
        .find_map(|organization| {
            let domain = domains_of(&organization)
                .into_iter()
                .find(|domain| domain.get("id").and_then(Value::as_str) == Some(id))?;
            Some((organization, domain))
        })
        .ok_or_else(|| Failure::not_found("Organization domain", id))
}

fn domains_of(organization: &Value) -> Vec<Value> {
    organization
        .get("domains")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// Stores the organization with these domains (its `updated_at` stamped).
fn save(store: &mut Store, organization: Value, domains: Vec<Value>) -> Result<(), Failure> {
    let id = organization["id"].as_str().unwrap_or_default().to_owned();
    let mut changes = serde_json::Map::new();
    changes.insert("domains".to_owned(), Value::Array(domains));
    store.update(model(store, "Organization")?, &id, changes)?;
    Ok(())
}
