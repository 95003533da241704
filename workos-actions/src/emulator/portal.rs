//! Admin Portal links: one-time links for an existing organization; nothing is stored.

use actionspec_emulator::{Call, Failure, Reply, Store};
use serde_json::json;

use super::{status, token};

pub(super) fn create(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let organization = call.str_arg("organization").unwrap_or_default();
    if !store.exists("Organization", organization) {
        return Err(Failure::not_found("Organization", organization));
    }
    let intent = call.str_arg("intent").unwrap_or("sso");
    let link = format!(
        "{}/portal/launch?secret={}&intent={intent}",
        store.base_url(),
        token(32)
    );
    Ok(Reply::json(status(call), &json!({ "link": link })))
}
