//! Webhook endpoints: each one created, enabled or changed through the API is registered with
//! the emulator's deliveries, so it receives the events it subscribes to, signed with the
//! secret answered at its creation. A URL off this machine is stored but gets no deliveries
//! unless the emulator allows remote ones.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use actionspec_emulator::{Call, EndpointId, Failure, Reply, Store, WebhookEndpoint};
use serde_json::{Value, json};

use super::{model_of, status};

/// Endpoint id (`we_...`) -> its registration with the deliveries.
#[derive(Clone, Default)]
pub(super) struct Registrations(Arc<Mutex<HashMap<String, EndpointId>>>);

impl Registrations {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, EndpointId>> {
        self.0.lock().unwrap_or_else(|poison| poison.into_inner())
    }

    /// Registers the stored endpoint as it now is, replacing an earlier registration.
    fn sync(&self, store: &Store, endpoint: &Value) {
        let id = endpoint["id"].as_str().unwrap_or_default().to_owned();
        let mut registered = self.lock();
        if let Some(previous) = registered.remove(&id) {
            store.webhooks().remove(previous);
        }
        if endpoint["status"] != "enabled" {
            return;
        }
        let events = endpoint["events"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned);
        let delivery = WebhookEndpoint::new(
            endpoint["endpoint_url"].as_str().unwrap_or_default(),
            endpoint["secret"].as_str().unwrap_or_default(),
        )
        .events(events);
        if let Ok(registration) = store.webhooks().add(delivery) {
            registered.insert(id, registration);
        }
    }

    fn forget(&self, store: &Store, id: &str) {
        if let Some(previous) = self.lock().remove(id) {
            store.webhooks().remove(previous);
        }
    }
}

pub(super) fn create(
    registrations: &Registrations,
    store: &mut Store,
    call: &Call,
) -> Result<Reply, Failure> {
    let model = model_of(store, call)?;
    let url = call.str_arg("endpoint_url").unwrap_or_default();
    refuse_duplicate(store, url, None)?;
    let mut fields = call.body_fields();
    fields.insert("secret".to_owned(), json!(super::token(32)));
    fields.insert("status".to_owned(), json!("enabled"));
    let endpoint = store.create(model, fields)?;
    registrations.sync(store, &endpoint);
    Ok(Reply::json(status(call), &endpoint))
}

pub(super) fn update(
    registrations: &Registrations,
    store: &mut Store,
    call: &Call,
) -> Result<Reply, Failure> {
    let model = model_of(store, call)?;
    let id = call.target_id().unwrap_or_default().to_owned();
    if let Some(url) = call.str_arg("endpoint_url") {
        refuse_duplicate(store, url, Some(&id))?;
    }
    let endpoint = store.update(model, &id, call.body_fields())?;
    registrations.sync(store, &endpoint);
    Ok(Reply::json(status(call), &endpoint))
}

pub(super) fn delete(
    registrations: &Registrations,
    store: &mut Store,
    call: &Call,
) -> Result<Reply, Failure> {
    let id = call.target_id().unwrap_or_default().to_owned();
    let reply = store.perform(call)?;
    registrations.forget(store, &id);
    Ok(reply)
}

/// 409 `duplicate_endpoint` when another endpoint has the URL.
fn refuse_duplicate(store: &Store, url: &str, except: Option<&str>) -> Result<(), Failure> {
    let taken = store
        .all("WebhookEndpoint")
        .iter()
        .any(|endpoint| endpoint["endpoint_url"] == url && endpoint["id"].as_str() != except);
    if taken {
        return Err(Failure::new(
            409,
            "duplicate_endpoint",
            "A Webhook Endpoint with the same endpoint URL already exists.",
        ));
    }
    Ok(())
}
