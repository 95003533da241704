//! Connect applications, found by id or client id: a new one gets a client id and is checked
//! as WorkOS checks it (an `m2m` or third-party `oauth` application belongs to an existing
//! organization; redirect URIs and PKCE are OAuth only). Client secrets are kept beside the
//! store: the value is answered once, at creation, and lists show a hint. Deleting an
//! application removes its secrets and the authorizations users gave it. An organization's
//! authorized applications are those its members granted.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

use actionspec_emulator::{Call, Emulator, Failure, Reply, Store, ids};
use serde_json::{Map, Value, json};

use super::listing::{by_id, page};
use super::{model, status, token};

const APPLICATION: &str = "ConnectApplication";
const GRANT: &str = "AuthorizedApplication";

/// Client secret id -> the application it belongs to and the secret as lists show it.
#[derive(Clone, Default)]
pub(super) struct Secrets(Arc<Mutex<BTreeMap<String, (String, Value)>>>);

impl Secrets {
    fn lock(&self) -> MutexGuard<'_, BTreeMap<String, (String, Value)>> {
        self.0.lock().unwrap_or_else(|poison| poison.into_inner())
    }
}

/// Serves the Connect actions.
pub(super) fn register(emulator: Emulator) -> Emulator {
    let secrets = Secrets::default();
    /// A handler of `$function` given the secrets first.
    macro_rules! with_secrets {
        ($function:ident) => {{
            let secrets = secrets.clone();
            move |store: &mut Store, call: &Call| $function(&secrets, store, call)
        }};
    }
    emulator
        .handler("workos_connect_applications_list", list)
        .handler("workos_connect_application_get", get)
        .handler("workos_connect_application_create", create)
        .handler("workos_connect_application_update", update)
        .handler("workos_connect_application_delete", with_secrets!(delete))
        .handler(
            "workos_connect_application_secrets_list",
            with_secrets!(list_secrets),
        )
        .handler(
            "workos_connect_application_secret_create",
            with_secrets!(create_secret),
        )
        .handler(
            "workos_connect_application_secret_delete",
            with_secrets!(delete_secret),
        )
        .handler(
            "workos_organization_authorized_applications_list",
            organization_grants,
        )
}

/// Applications of the registration types asked for (`authenticated` only by default) and of
/// the organization, if one is named.
fn list(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let types: Vec<&str> = match call.arg("registration_types") {
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).collect(),
        _ => vec!["authenticated"],
    };
    let organization = call.str_arg("organization_id");
    let items = store
        .all(APPLICATION)
        .into_iter()
        .filter(|app| {
            let kind = if app["was_dynamically_registered"] == true {
                "dynamic"
            } else {
                "authenticated"
            };
            types.contains(&kind)
                && organization.is_none_or(|org| app["organization_id"].as_str() == Some(org))
        })
        .collect();
    Ok(page(store, call, items, by_id))
}

/// The application named by `id`: its id or its client id.
fn find(store: &Store, call: &Call) -> Result<Value, Failure> {
    let wanted = call.str_arg("id").unwrap_or_default();
    if let Some(app) = store.get(APPLICATION, wanted) {
        return Ok(app);
    }
    store
        .all(APPLICATION)
        .into_iter()
        .find(|app| app["client_id"].as_str() == Some(wanted))
        .ok_or_else(|| Failure::not_found("Connect application", wanted))
}

fn get(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    Ok(Reply::json(status(call), &find(store, call)?))
}

fn create(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let application = model(store, APPLICATION)?;
    let oauth = call.str_arg("application_type") == Some("oauth");
    let organization = call.str_arg("organization_id");
    let mut fields = call.body_fields();
    if oauth {
        let Some(first_party) = call.arg("is_first_party").and_then(Value::as_bool) else {
            return Err(invalid(
                "is_first_party is required for OAuth applications.",
            ));
        };
        if !first_party && organization.is_none() {
            return Err(invalid(
                "organization_id is required for third-party OAuth applications.",
            ));
        }
        if !first_party {
            fields.insert("was_dynamically_registered".to_owned(), json!(false));
        }
        fields.insert(
            "redirect_uris".to_owned(),
            redirect_uris(call.arg("redirect_uris"))?,
        );
        fields.entry("uses_pkce".to_owned()).or_insert(json!(false));
        // WorkOS answers an OAuth application's CORS origins, none at first.
        fields.insert("cors_origins".to_owned(), json!([]));
    } else {
        if organization.is_none() {
            return Err(invalid("organization_id is required for M2M applications."));
        }
        if let Some(name) = ["redirect_uris", "uses_pkce", "is_first_party"]
            .into_iter()
            .find(|name| call.arg(name).is_some())
        {
            return Err(invalid(format!("{name} is only for OAuth applications.")));
        }
    }
    if let Some(organization) = organization {
        store.require("Organization", organization)?;
    }
    let id = store.new_id(application);
    let suffix = id.strip_prefix("conn_app_").unwrap_or(&id).to_owned();
    fields.insert("id".to_owned(), json!(id));
    fields.insert("client_id".to_owned(), json!(format!("client_{suffix}")));
    fields
        .entry("description".to_owned())
        .or_insert(Value::Null);
    let created = store.create(application, fields)?;
    Ok(Reply::json(status(call), &created))
}

fn update(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let application = model(store, APPLICATION)?;
    let app = find(store, call)?;
    let mut changes = call.body_fields();
    if call.arg("redirect_uris").is_some() {
        if app["application_type"] != "oauth" {
            return Err(invalid("redirect_uris is only for OAuth applications."));
        }
        changes.insert(
            "redirect_uris".to_owned(),
            redirect_uris(call.arg("redirect_uris"))?,
        );
    }
    let id = by_id(&app);
    let updated = store.update(application, &id, changes)?;
    // Authorizations show the application as it is now.
    let grant = model(store, GRANT)?;
    for mut granted in store.all(GRANT) {
        if granted["application"]["id"] == id.as_str() {
            granted["application"] = updated.clone();
            store.put(grant, &granted);
        }
    }
    Ok(Reply::json(status(call), &updated))
}

/// Removes the application, its client secrets and the authorizations users gave it.
fn delete(secrets: &Secrets, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let application = model(store, APPLICATION)?;
    let id = by_id(&find(store, call)?);
    store.delete(application, &id)?;
    secrets.lock().retain(|_, (owner, _)| *owner != id);
    let grant = model(store, GRANT)?;
    for granted in store.all(GRANT) {
        if granted["application"]["id"] == id.as_str() {
            store.delete(grant, &by_id(&granted))?;
        }
    }
    Ok(Reply::empty(status(call)))
}

/// The application's secrets, oldest first, without their values.
fn list_secrets(secrets: &Secrets, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let id = by_id(&find(store, call)?);
    let listed: Vec<Value> = secrets
        .lock()
        .values()
        .filter(|(owner, _)| *owner == id)
        .map(|(_, secret)| secret.clone())
        .collect();
    Ok(Reply::json(status(call), &Value::Array(listed)))
}

/// A new secret: kept as lists show it (a hint of its last characters); the value is
/// answered this once and kept nowhere.
fn create_secret(secrets: &Secrets, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let owner = by_id(&find(store, call)?);
    let secret_model = model(store, "ConnectApplicationSecret")?;
    let value = token(48);
    let now = ids::now();
    let id = store.new_id(secret_model);
    let listed = json!({
        "object": "connect_application_secret",
        "id": id,
        "secret_hint": &value[value.len() - 4..],
        "last_used_at": null,
        "created_at": now,
        "updated_at": now,
    });
    secrets.lock().insert(id, (owner, listed.clone()));
    let mut answer = listed;
    answer["secret"] = json!(value);
    Ok(Reply::json(status(call), &answer))
}

fn delete_secret(secrets: &Secrets, _: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let id = call.str_arg("id").unwrap_or_default();
    match secrets.lock().remove(id) {
        Some(_) => Ok(Reply::empty(status(call))),
        None => Err(Failure::not_found("Client secret", id)),
    }
}

/// The authorizations given by the organization's members, oldest first.
fn organization_grants(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let organization = call.str_arg("organization_id").unwrap_or_default();
    store.require("Organization", organization)?;
    let members: HashSet<String> = store
        .all("OrganizationMembership")
        .into_iter()
        .filter(|membership| membership["organization_id"] == organization)
        .filter_map(|membership| membership["user_id"].as_str().map(str::to_owned))
        .collect();
    let grants = store
        .all(GRANT)
        .into_iter()
        .filter(|granted| {
            granted["user_id"]
                .as_str()
                .is_some_and(|user| members.contains(user))
        })
        .collect();
    Ok(page(store, call, grants, by_id))
}

/// Redirect URIs with a `default` each: the one marked, else the first. 422 for two marked.
fn redirect_uris(given: Option<&Value>) -> Result<Value, Failure> {
    let given: Vec<Value> = given.and_then(Value::as_array).cloned().unwrap_or_default();
    let marked = given.iter().filter(|uri| uri["default"] == true).count();
    if marked > 1 {
        return Err(invalid("Only one redirect URI may be the default."));
    }
    let uris = given
        .iter()
        .enumerate()
        .map(|(index, uri)| {
            let mut setting = Map::new();
            setting.insert("uri".to_owned(), uri["uri"].clone());
            let default = uri["default"] == true || (marked == 0 && index == 0);
            setting.insert("default".to_owned(), json!(default));
            Value::Object(setting)
        })
        .collect();
    Ok(Value::Array(uris))
}

fn invalid(message: impl Into<String>) -> Failure {
    Failure::unprocessable("invalid_request_parameters", message)
}
