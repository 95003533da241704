//! SSO connections: the type inferred from the options, active once created, the
//! organization's name and domains.

use actionspec_emulator::{Call, Failure, Reply, Store};
use serde_json::{Value, json};

use super::{emit, model_of, status};

pub(super) fn create(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let connection = model_of(store, call)?;
    let organization_id = call
        .str_arg("organization_id")
        .unwrap_or_default()
        .to_owned();
    let organization = store.require("Organization", &organization_id)?;
    let saml = call.arg("saml_options").is_some();
    let mut fields = call.body_fields();
    fields.retain(|name, _| connection.field(name).is_some());
    if !fields.contains_key("connection_type") {
        let inferred = if saml { "GenericSAML" } else { "GenericOIDC" };
        fields.insert("connection_type".to_owned(), json!(inferred));
    }
    if !fields.contains_key("name") {
        fields.insert(
            "name".to_owned(),
            organization.get("name").cloned().unwrap_or(json!("")),
        );
    }
    fields.insert("state".to_owned(), json!("active"));
    fields.insert("status".to_owned(), json!("linked"));
    let domains: Vec<Value> = organization
        .get("domains")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|domain| {
            Some(json!({
                "object": "connection_domain",
                "id": format!("conn_domain_{}", domain.get("id")?.as_str()?.trim_start_matches("org_domain_")),
                "domain": domain.get("domain")?,
            }))
        })
        .collect();
    fields.insert("domains".to_owned(), Value::Array(domains));
    if saml {
        fields.insert("options".to_owned(), json!({ "signing_cert": null }));
    }
    let object = store.create(connection, fields)?;
    emit(store, call, &object);
    Ok(Reply::json(status(call), &object))
}
