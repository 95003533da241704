//! The rest of User Management: users by external id, identities, membership
//! (de)activation, the environment's JWT template, users' authorized applications, and
//! short-lived tokens for widgets and the Client API (RS256 JWTs signed by the AuthKit keys).

use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use actionspec_emulator::{Call, Emulator, Failure, Reply, Store, ids};
use serde_json::{Value, json};

use super::oauth::AuthKit;
use super::{memberships, status};

/// How long a widget or Client API token lasts, in seconds.
const TOKEN_LIFETIME: u64 = 3600;

/// The content of the JWT template before anyone sets one: no custom claims.
const EMPTY_TEMPLATE: &str = "{}";

/// Serves these actions; tokens are signed with `authkit`'s keys.
pub(super) fn register(emulator: Emulator, authkit: &Arc<AuthKit>) -> Emulator {
    let template = Template::default();
    let (widgets, clients) = (authkit.clone(), authkit.clone());
    emulator
        .handler("workos_user_get_by_external_id", by_external_id)
        .handler("workos_user_identities_list", identities)
        .handler(
            "workos_organization_membership_deactivate",
            memberships::deactivate,
        )
        .handler(
            "workos_organization_membership_reactivate",
            memberships::reactivate,
        )
        .handler("workos_jwt_template_get", {
            let template = template.clone();
            move |_: &mut Store, call: &Call| Ok(Reply::json(status(call), &template.read()))
        })
        .handler(
            "workos_jwt_template_update",
            move |_: &mut Store, call: &Call| {
                let content = call.str_arg("content").unwrap_or_default();
                Ok(Reply::json(status(call), &template.write(content)))
            },
        )
        .handler("workos_authorized_application_delete", revoke_application)
        .handler(
            "workos_widget_token_create",
            move |store: &mut Store, call: &Call| widget_token(&widgets, store, call),
        )
        .handler(
            "workos_client_token_create",
            move |store: &mut Store, call: &Call| client_token(&clients, store, call),
        )
}

fn by_external_id(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let wanted = call.str_arg("external_id").unwrap_or_default();
    store
        .all("User")
        .into_iter()
        .find(|user| user["external_id"].as_str() == Some(wanted))
        .map(|user| Reply::json(status(call), &user))
        .ok_or_else(|| Failure::not_found("User", wanted))
}

/// The emulator links no OAuth identities: an existing user has none.
fn identities(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    store.require("User", call.str_arg("id").unwrap_or_default())?;
    Ok(Reply::json(status(call), &json!([])))
}

/// The environment's one JWT template.
#[derive(Clone, Default)]
struct Template(Arc<Mutex<Option<Value>>>);

impl Template {
    fn read(&self) -> Value {
        let mut template = self.0.lock().unwrap_or_else(|poison| poison.into_inner());
        template
            .get_or_insert_with(|| {
                let now = ids::now();
                json!({ "object": "jwt_template", "content": EMPTY_TEMPLATE, "created_at": now, "updated_at": now })
            })
            .clone()
    }

    fn write(&self, content: &str) -> Value {
        let mut current = self.read();
        current["content"] = json!(content);
        current["updated_at"] = json!(ids::now());
        *self.0.lock().unwrap_or_else(|poison| poison.into_inner()) = Some(current.clone());
        current
    }
}

/// Deletes the user's authorization of the application named by its id or its client id.
fn revoke_application(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let user_id = call.str_arg("user_id").unwrap_or_default();
    let application = call.str_arg("application_id").unwrap_or_default();
    store.require("User", user_id)?;
    let found = store
        .all("AuthorizedApplication")
        .into_iter()
        .find(|grant| {
            grant["user_id"].as_str() == Some(user_id)
                && (grant["application"]["id"].as_str() == Some(application)
                    || grant["application"]["client_id"].as_str() == Some(application))
        });
    let Some(grant) = found else {
        return Err(Failure::not_found("Authorized application", application));
    };
    let model = super::model(store, "AuthorizedApplication")?;
    store.delete(model, grant["id"].as_str().unwrap_or_default())?;
    Ok(Reply::empty(status(call)))
}

fn widget_token(authkit: &AuthKit, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let user_id = call.str_arg("user_id");
    let organization_id = call.str_arg("organization_id");
    if call.arg("scopes").is_some() && organization_id.is_none() {
        return Err(Failure::unprocessable(
            "invalid_request_parameters",
            "organization_id is required when scopes are given.",
        ));
    }
    if let Some(user_id) = user_id {
        store.require("User", user_id)?;
    }
    if let Some(organization_id) = organization_id {
        store.require("Organization", organization_id)?;
    }
    let claims = json!({
        "iss": store.base_url(),
        "sub": user_id,
        "org_id": organization_id,
        "scopes": call.arg("scopes").cloned().unwrap_or_else(|| json!([])),
        "iat": now_seconds(),
        "exp": now_seconds() + TOKEN_LIFETIME,
    });
    Ok(Reply::json(
        status(call),
        &json!({ "token": authkit.sign(&claims) }),
    ))
}

fn client_token(authkit: &AuthKit, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let user_id = call.str_arg("user_id").unwrap_or_default();
    let organization_id = call.str_arg("organization_id").unwrap_or_default();
    store.require("User", user_id)?;
    store.require("Organization", organization_id)?;
    let claims = json!({
        "iss": store.base_url(),
        "sub": user_id,
        "org_id": organization_id,
        "iat": now_seconds(),
        "exp": now_seconds() + TOKEN_LIFETIME,
    });
    Ok(Reply::json(
        status(call),
        &json!({ "token": authkit.sign(&claims) }),
    ))
}

/// Seconds since the epoch.
pub(super) fn now_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}
