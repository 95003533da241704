//! Data integrations (Pipes), found by slug, and the accounts users connect to them, one per
//! user, integration and organization (or none). Every secret given (OAuth app secrets, API
//! keys, tokens, client credentials) is kept beside the store, write-only: answers show the last
//! four characters at most, and only the credential and token actions answer a token or key.
//! Organizations' own settings of an integration are kept beside the store too. Connecting,
//! needing to reconnect and disconnecting record the `pipes.connected_account.*` events.
//!
//! Integrations are `user`-owned and each account is its user's one (`compatibility`) account
//! on the integration: organization-owned integrations and further accounts per user need
//! operations the catalog does not have.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use actionspec_emulator::{Call, Emulator, Failure, Reply, Store, ids};
use serde_json::{Map, Value, json};

use super::listing::by_id;
use super::{model, status, token};

const INTEGRATION: &str = "DataIntegration";
const ACCOUNT: &str = "ConnectedAccount";
const CONNECTED: &str = "pipes.connected_account.connected";
const REAUTHORIZATION_NEEDED: &str = "pipes.connected_account.reauthorization_needed";
const DISCONNECTED: &str = "pipes.connected_account.disconnected";
/// How long an access token the emulator issues lasts.
const TOKEN_LIFETIME: Duration = Duration::from_secs(3600);
/// The `ownership` of every integration created here.
const USER_OWNED: &str = "user";
/// The `connection_role` of the one account a user has on an integration (and organization).
const COMPATIBILITY: &str = "compatibility";

/// What is kept beside the store.
#[derive(Clone, Default)]
pub(super) struct Pipes(Arc<Mutex<Kept>>);

#[derive(Default)]
struct Kept {
    /// Connected account id -> its secrets.
    secrets: HashMap<String, Secrets>,
    /// (organization id, integration id) -> the organization's settings.
    settings: HashMap<(String, String), Value>,
}

/// The secrets of a connected account, never answered by reads.
#[derive(Default)]
struct Secrets {
    access_token: Option<String>,
    refresh_token: Option<String>,
    expires_at: Option<String>,
    api_key: Option<String>,
}

impl Pipes {
    fn lock(&self) -> MutexGuard<'_, Kept> {
        self.0.lock().unwrap_or_else(|poison| poison.into_inner())
    }
}

/// Serves the data integration actions but their list, which the catalog alone serves.
pub(super) fn register(emulator: Emulator) -> Emulator {
    let pipes = Pipes::default();
    /// A handler of `$function` given the kept state first.
    macro_rules! with {
        ($function:ident) => {{
            let pipes = pipes.clone();
            move |store: &mut Store, call: &Call| $function(&pipes, store, call)
        }};
    }
    emulator
        .handler("workos_data_integration_get", get)
        .handler("workos_data_integration_create", with!(create))
        .handler("workos_data_integration_update", with!(update))
        .handler("workos_data_integration_delete", with!(delete))
        .handler("workos_connected_account_authorize", authorize)
        .handler("workos_connected_account_api_key_set", with!(set_api_key))
        .handler(
            "workos_connected_account_client_credentials_set",
            with!(set_client_credentials),
        )
        .handler("workos_connected_account_credentials_get", with!(vend))
        .handler("workos_connected_account_token_get", with!(access_token))
        .handler("workos_connected_account_get", get_account)
        .handler("workos_connected_account_import", with!(import))
        .handler("workos_connected_account_update", with!(update_account))
        .handler("workos_connected_account_delete", with!(delete_account))
        .handler("workos_user_data_providers_list", providers)
        .handler(
            "workos_organization_data_integrations_list",
            with!(organization_settings),
        )
        .handler("workos_organization_data_integration_set", with!(configure))
}

// --- Data integrations -------------------------------------------------------------------------

/// The integration of the call's `slug`, or a 404.
fn integration(store: &Store, call: &Call) -> Result<Value, Failure> {
    let slug = call.str_arg("slug").unwrap_or_default();
    store
        .all(INTEGRATION)
        .into_iter()
        .find(|found| found["slug"] == slug)
        .ok_or_else(|| Failure::not_found("Data integration", slug))
}

fn get(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    Ok(Reply::json(status(call), &integration(store, call)?))
}

fn create(pipes: &Pipes, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let integration_model = model(store, INTEGRATION)?;
    let slug = call.str_arg("provider").unwrap_or_default();
    if store
        .all(INTEGRATION)
        .iter()
        .any(|found| found["slug"] == slug)
    {
        return Err(Failure::new(
            409,
            "data_integration_already_exists",
            format!("A data integration for '{slug}' already exists."),
        ));
    }
    let auth_methods = call
        .arg("auth_methods")
        .cloned()
        .unwrap_or_else(|| json!(["oauth"]));
    let uses = |method: &str| {
        auth_methods
            .as_array()
            .is_some_and(|methods| methods.iter().any(|given| given == method))
    };
    let credentials = match call.arg("credentials") {
        Some(given) => app_credentials(given)?,
        None if uses("oauth") => {
            return Err(invalid("credentials are required for OAuth integrations."));
        }
        None => Value::Null,
    };
    let custom_provider = match call.arg("custom_provider") {
        Some(given) => {
            let defined = custom_provider(given);
            if uses("oauth")
                && (defined["authorization_url"].is_null() || defined["token_url"].is_null())
            {
                return Err(invalid(
                    "custom_provider needs authorization_url and token_url for OAuth.",
                ));
            }
            defined
        }
        None => Value::Null,
    };
    let installing = call.arg("api_key");
    if installing.is_some() && !uses("api_key") {
        return Err(invalid("api_key is only for API key integrations."));
    }
    if let Some(key) = installing {
        check_owner(
            store,
            key["user_id"].as_str(),
            key["organization_id"].as_str(),
        )?;
    }
    let mut fields = Map::new();
    fields.insert("slug".to_owned(), json!(slug));
    let kind = if custom_provider.is_null() {
        slug
    } else {
        "custom"
    };
    fields.insert("integration_type".to_owned(), json!(kind));
    fields.insert("ownership".to_owned(), json!(USER_OWNED));
    for (name, default) in [
        ("description", Value::Null),
        ("enabled", json!(false)),
        ("scopes", Value::Null),
        ("config", json!({})),
    ] {
        fields.insert(name.to_owned(), call.arg(name).cloned().unwrap_or(default));
    }
    fields.insert("state".to_owned(), json!("valid"));
    fields.insert("redirect_uri".to_owned(), json!(redirect_uri(store)));
    fields.insert("auth_methods".to_owned(), auth_methods);
    fields.insert("credentials".to_owned(), credentials);
    fields.insert("installation".to_owned(), Value::Null);
    fields.insert("custom_provider".to_owned(), custom_provider);
    let created = store.create(integration_model, fields)?;
    let mut answer = created.clone();
    if let Some(key) = installing {
        answer["installation"] = install_key(pipes, store, &created, key)?;
    }
    Ok(Reply::json(status(call), &answer))
}

fn update(pipes: &Pipes, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let integration_model = model(store, INTEGRATION)?;
    let found = integration(store, call)?;
    let uses = |method: &str| uses_method(&found, method);
    let mut changes = Map::new();
    for name in ["description", "enabled", "scopes"] {
        if let Some(value) = call.args.get(name) {
            changes.insert(name.to_owned(), value.clone());
        }
    }
    if let Some(given) = call.arg("credentials") {
        if !uses("oauth") {
            return Err(invalid("credentials are only for OAuth integrations."));
        }
        changes.insert("credentials".to_owned(), app_credentials(given)?);
    }
    if let Some(patch) = call.arg("custom_provider") {
        let Some(Value::Object(mut defined)) = found.get("custom_provider").cloned() else {
            return Err(invalid("custom_provider is only for custom providers."));
        };
        if let Value::Object(patch) = patch {
            defined.extend(patch.clone());
        }
        changes.insert("custom_provider".to_owned(), Value::Object(defined));
    }
    let installing = call.arg("api_key");
    if let Some(key) = installing {
        if !uses("api_key") {
            return Err(invalid("api_key is only for API key integrations."));
        }
        check_owner(
            store,
            key["user_id"].as_str(),
            key["organization_id"].as_str(),
        )?;
    }
    let updated = store.update(integration_model, &by_id(&found), changes)?;
    let mut answer = updated.clone();
    if let Some(key) = installing {
        answer["installation"] = install_key(pipes, store, &updated, key)?;
    }
    Ok(Reply::json(status(call), &answer))
}

/// Deletes the integration and the accounts connected to it (each recording its disconnection).
fn delete(pipes: &Pipes, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let integration_model = model(store, INTEGRATION)?;
    let found = integration(store, call)?;
    let removed = store.delete(integration_model, &by_id(&found))?;
    for (removed_model, object) in removed {
        if removed_model.name == ACCOUNT {
            pipes.lock().secrets.remove(&by_id(&object));
            store.emit(DISCONNECTED, &event_data(&object, &found));
        }
    }
    pipes
        .lock()
        .settings
        .retain(|(_, integration_id), _| *integration_id != by_id(&found));
    Ok(Reply::empty(status(call)))
}

/// The OAuth app credentials as answered: the secret reduced to its last four characters.
fn app_credentials(given: &Value) -> Result<Value, Failure> {
    let client_id = given["client_id"].as_str();
    let client_secret = given["client_secret"].as_str();
    match given["type"].as_str() {
        Some("custom") => {
            let (Some(client_id), Some(client_secret)) = (client_id, client_secret) else {
                return Err(invalid(
                    "client_id and client_secret are required for custom credentials.",
                ));
            };
            Ok(json!({
                "type": "custom",
                "client_id": client_id,
                "redacted_client_secret": last_four(client_secret),
            }))
        }
        _ => {
            if client_id.is_some() || client_secret.is_some() {
                return Err(invalid(
                    "organization credentials take no client_id or client_secret: each organization gives its own.",
                ));
            }
            Ok(json!({ "type": "organization", "client_id": null, "redacted_client_secret": null }))
        }
    }
}

/// A custom provider's definition with WorkOS's defaults for what was not given.
fn custom_provider(given: &Value) -> Value {
    let mut defined = json!({
        "name": "",
        "authorization_url": null,
        "token_url": null,
        "refresh_token_url": null,
        "pkce_enabled": true,
        "request_scope_separator": " ",
        "scopes_required": false,
        "client_secret_required": true,
        "additional_authorization_parameters": {},
        "token_body_content_type": "application/x-www-form-urlencoded",
        "authenticate_via": "request_body",
    });
    if let (Value::Object(defined), Value::Object(given)) = (&mut defined, given) {
        defined.extend(given.clone());
    }
    defined
}

/// Installs (or rotates) a user's key on an API key integration: the `installation` answered.
fn install_key(
    pipes: &Pipes,
    store: &mut Store,
    integration: &Value,
    key: &Value,
) -> Result<Value, Failure> {
    let user = key["user_id"].as_str().unwrap_or_default();
    let organization = key["organization_id"].as_str();
    let secret = key["secret"].as_str().unwrap_or_default();
    let account = store_api_key(pipes, store, integration, user, organization, secret)?;
    Ok(json!({
        "id": account["id"],
        "connection_role": account["connection_role"],
        "account_identifier": account["account_identifier"],
        "account_display_name": account["account_display_name"],
        "user_id": account["user_id"],
        "organization_id": account["organization_id"],
        "api_key_last_4": account["api_key_last_4"],
    }))
}

fn redirect_uri(store: &Store) -> String {
    format!("{}/data-integrations/oauth/callback", store.base_url())
}

fn uses_method(integration: &Value, method: &str) -> bool {
    integration["auth_methods"]
        .as_array()
        .is_some_and(|methods| methods.iter().any(|given| given == method))
}

// --- Connected accounts ------------------------------------------------------------------------

/// 404 for a user or organization that does not exist.
fn check_owner(
    store: &Store,
    user: Option<&str>,
    organization: Option<&str>,
) -> Result<(), Failure> {
    store.require("User", user.unwrap_or_default())?;
    if let Some(organization) = organization {
        store.require("Organization", organization)?;
    }
    Ok(())
}

/// The integration of the call's `slug` after checking its user and organization exist.
fn scope(store: &Store, call: &Call) -> Result<Value, Failure> {
    check_owner(
        store,
        call.str_arg("user_id"),
        call.str_arg("organization_id"),
    )?;
    integration(store, call)
}

/// The user's account on the integration, in the organization or in none.
fn account_of(
    store: &Store,
    integration: &Value,
    user: &str,
    organization: Option<&str>,
) -> Option<Value> {
    store.all(ACCOUNT).into_iter().find(|account| {
        account["data_integration_id"] == integration["id"]
            && account["user_id"] == user
            && account["organization_id"].as_str() == organization
    })
}

fn account_of_call(store: &Store, integration: &Value, call: &Call) -> Option<Value> {
    let user = call.str_arg("user_id").unwrap_or_default();
    account_of(store, integration, user, call.str_arg("organization_id"))
}

fn not_connected(call: &Call) -> Failure {
    Failure::not_found(
        "Connected account",
        call.str_arg("slug").unwrap_or_default(),
    )
}

fn get_account(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let integration = scope(store, call)?;
    let account = account_of_call(store, &integration, call).ok_or_else(|| not_connected(call))?;
    Ok(Reply::json(status(call), &account))
}

/// A connected account from OAuth tokens held elsewhere; 409 when the user has one.
fn import(pipes: &Pipes, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let account_model = model(store, ACCOUNT)?;
    let integration = scope(store, call)?;
    if !uses_method(&integration, "oauth") {
        return Err(invalid(
            "Only accounts of OAuth integrations can be imported.",
        ));
    }
    if account_of_call(store, &integration, call).is_some() {
        return Err(Failure::new(
            409,
            "connected_account_already_exists",
            "The user already has a connected account for this integration.",
        ));
    }
    let secrets = oauth_secrets(call, Secrets::default())?;
    let state = call
        .str_arg("state")
        .map_or_else(|| derived_state(&secrets), str::to_owned);
    let mut fields = new_account(
        &integration,
        call.str_arg("user_id").unwrap_or_default(),
        call.str_arg("organization_id"),
    );
    fields.insert(
        "scopes".to_owned(),
        call.arg("scopes").cloned().unwrap_or_else(|| json!([])),
    );
    fields.insert("auth_method".to_owned(), json!("oauth"));
    fields.insert("state".to_owned(), json!(state));
    let created = store.create(account_model, fields)?;
    pipes.lock().secrets.insert(by_id(&created), secrets);
    if state == "connected" {
        store.emit(CONNECTED, &event_data(&created, &integration));
    }
    Ok(Reply::json(status(call), &created))
}

/// Replaces the tokens, scopes or state given; a change of state records its event.
fn update_account(pipes: &Pipes, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let account_model = model(store, ACCOUNT)?;
    let integration = scope(store, call)?;
    let account = account_of_call(store, &integration, call).ok_or_else(|| not_connected(call))?;
    let id = by_id(&account);
    let tokens_given = ["access_token", "refresh_token", "expires_at"]
        .iter()
        .any(|name| call.arg(name).is_some());
    let mut changes = Map::new();
    if tokens_given {
        let kept = pipes.lock().secrets.remove(&id).unwrap_or_default();
        let secrets = oauth_secrets(call, kept)?;
        if call.arg("state").is_none() {
            changes.insert("state".to_owned(), json!(derived_state(&secrets)));
        }
        pipes.lock().secrets.insert(id.clone(), secrets);
    }
    for name in ["scopes", "state"] {
        if let Some(value) = call.arg(name) {
            changes.insert(name.to_owned(), value.clone());
        }
    }
    let updated = store.update(account_model, &id, changes)?;
    record_state_change(store, &account, &updated, &integration);
    Ok(Reply::json(status(call), &updated))
}

fn delete_account(pipes: &Pipes, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let account_model = model(store, ACCOUNT)?;
    let integration = scope(store, call)?;
    let account = account_of_call(store, &integration, call).ok_or_else(|| not_connected(call))?;
    store.delete(account_model, &by_id(&account))?;
    pipes.lock().secrets.remove(&by_id(&account));
    store.emit(DISCONNECTED, &event_data(&account, &integration));
    Ok(Reply::empty(status(call)))
}

fn set_api_key(pipes: &Pipes, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let integration = scope(store, call)?;
    let user = call.str_arg("user_id").unwrap_or_default();
    let secret = call.str_arg("secret").unwrap_or_default();
    let account = store_api_key(
        pipes,
        store,
        &integration,
        user,
        call.str_arg("organization_id"),
        secret,
    )?;
    Ok(Reply::json(status(call), &account))
}

fn set_client_credentials(pipes: &Pipes, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let integration = scope(store, call)?;
    let user = call.str_arg("user_id").unwrap_or_default();
    let organization = call.str_arg("organization_id");
    let secret = call.str_arg("client_secret").unwrap_or_default();
    let mut fields = Map::new();
    fields.insert("client_id".to_owned(), json!(call.str_arg("client_id")));
    fields.insert("client_secret_last_4".to_owned(), json!(last_four(secret)));
    fields.insert(
        "config".to_owned(),
        call.arg("config").cloned().unwrap_or_else(|| json!({})),
    );
    // The client secret serves no emulated call: only its last four characters are kept.
    let account = upsert(
        pipes,
        store,
        &integration,
        (user, organization),
        "client_credentials",
        fields,
        Secrets::default(),
    )?;
    Ok(Reply::json(status(call), &account))
}

fn store_api_key(
    pipes: &Pipes,
    store: &mut Store,
    integration: &Value,
    user: &str,
    organization: Option<&str>,
    secret: &str,
) -> Result<Value, Failure> {
    let mut fields = Map::new();
    fields.insert("api_key_last_4".to_owned(), json!(last_four(secret)));
    let kept = Secrets {
        api_key: Some(secret.to_owned()),
        ..Secrets::default()
    };
    upsert(
        pipes,
        store,
        integration,
        (user, organization),
        "api_key",
        fields,
        kept,
    )
}

/// Creates the user's account with this auth method, or replaces its stored secret: 422 when
/// the integration or the existing account uses another method. Connecting records its event.
fn upsert(
    pipes: &Pipes,
    store: &mut Store,
    integration: &Value,
    (user, organization): (&str, Option<&str>),
    method: &str,
    mut fields: Map<String, Value>,
    secrets: Secrets,
) -> Result<Value, Failure> {
    let account_model = model(store, ACCOUNT)?;
    let existing = account_of(store, integration, user, organization);
    let current = existing.as_ref().map(|account| {
        account["auth_method"]
            .as_str()
            .unwrap_or("oauth")
            .to_owned()
    });
    if !uses_method(integration, method)
        || current.as_deref().is_some_and(|current| current != method)
    {
        let uses = current.unwrap_or_else(|| {
            integration["auth_methods"][0]
                .as_str()
                .unwrap_or("oauth")
                .to_owned()
        });
        return Err(Failure::unprocessable(
            "auth_method_mismatch",
            format!("The installation uses `{uses}`, not `{method}`."),
        ));
    }
    fields.insert("state".to_owned(), json!("connected"));
    let account = match &existing {
        Some(account) => store.update(account_model, &by_id(account), fields)?,
        None => {
            fields.extend(new_account(integration, user, organization));
            fields.insert("scopes".to_owned(), json!([]));
            fields.insert("auth_method".to_owned(), json!(method));
            store.create(account_model, fields)?
        }
    };
    pipes.lock().secrets.insert(by_id(&account), secrets);
    if existing
        .as_ref()
        .is_none_or(|before| before["state"] != "connected")
    {
        store.emit(CONNECTED, &event_data(&account, integration));
    }
    Ok(account)
}

/// The fields every new account starts with: its owner and integration, and its role as the
/// user's one account there. The provider is never called, so its identifier stays unknown;
/// no action sets a label.
fn new_account(integration: &Value, user: &str, organization: Option<&str>) -> Map<String, Value> {
    let mut fields = Map::new();
    fields.insert("user_id".to_owned(), json!(user));
    fields.insert("organization_id".to_owned(), json!(organization));
    fields.insert("data_integration_id".to_owned(), integration["id"].clone());
    fields.insert("connection_role".to_owned(), json!(COMPATIBILITY));
    fields.insert("account_identifier".to_owned(), Value::Null);
    fields.insert("account_display_name".to_owned(), Value::Null);
    fields
}

/// The OAuth tokens of the call over those kept; 422 for an expiry without an access token.
fn oauth_secrets(call: &Call, kept: Secrets) -> Result<Secrets, Failure> {
    let mut secrets = kept;
    if let Some(access_token) = call.str_arg("access_token") {
        secrets.access_token = Some(access_token.to_owned());
        secrets.expires_at = None;
    }
    if let Some(refresh_token) = call.str_arg("refresh_token") {
        secrets.refresh_token = Some(refresh_token.to_owned());
    }
    if let Some(expires_at) = call.str_arg("expires_at") {
        if secrets.access_token.is_none() {
            return Err(invalid("expires_at is only for an access token."));
        }
        secrets.expires_at = Some(expires_at.to_owned());
    }
    Ok(secrets)
}

/// `connected` when the tokens can call the provider (a live access token, or a refresh
/// token), `needs_reauthorization` otherwise.
fn derived_state(secrets: &Secrets) -> String {
    let usable = secrets.refresh_token.is_some()
        || (secrets.access_token.is_some() && secrets.expires_at.as_deref().is_none_or(in_future));
    if usable {
        "connected"
    } else {
        "needs_reauthorization"
    }
    .to_owned()
}

/// Records the event of an account's change of state.
fn record_state_change(store: &mut Store, before: &Value, after: &Value, integration: &Value) {
    if before["state"] == after["state"] {
        return;
    }
    let event = match after["state"].as_str() {
        Some("connected") => CONNECTED,
        Some("needs_reauthorization") => REAUTHORIZATION_NEEDED,
        _ => return,
    };
    store.emit(event, &event_data(after, integration));
}

/// An account as the `pipes.connected_account.*` events carry it.
fn event_data(account: &Value, integration: &Value) -> Value {
    json!({
        "object": "connected_account",
        "id": account["id"],
        "data_integration_id": integration["id"],
        "provider_slug": integration["slug"],
        "user_id": account["user_id"],
        "organization_id": account["organization_id"],
        "scopes": account["scopes"],
        "state": account["state"],
        "created_at": account["created_at"],
        "updated_at": account["updated_at"],
    })
}

// --- Credentials -------------------------------------------------------------------------------

/// A usable credential of the account, or why there is none.
enum Vended {
    Credential(Value),
    Inactive(&'static str),
}

/// What calls the provider as the user, of any auth method.
fn vend(pipes: &Pipes, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let answer = match credential(pipes, store, call, None)? {
        Vended::Credential(credential) => json!({ "active": true, "credential": credential }),
        Vended::Inactive(error) => json!({ "active": false, "error": error }),
    };
    Ok(Reply::json(status(call), &answer))
}

/// An OAuth access token of the account; 422 for an account of another auth method.
fn access_token(pipes: &Pipes, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let answer = match credential(pipes, store, call, Some("oauth"))? {
        Vended::Credential(credential) => json!({
            "active": true,
            "access_token": {
                "object": "access_token",
                "access_token": credential["value"],
                "expires_at": credential["expires_at"],
                "scopes": credential["scopes"],
                "missing_scopes": credential["missing_scopes"],
            },
        }),
        Vended::Inactive(error) => json!({ "active": false, "error": error }),
    };
    Ok(Reply::json(status(call), &answer))
}

fn credential(
    pipes: &Pipes,
    store: &mut Store,
    call: &Call,
    only: Option<&str>,
) -> Result<Vended, Failure> {
    let integration = scope(store, call)?;
    let Some(account) = account_of_call(store, &integration, call) else {
        return Ok(Vended::Inactive("not_installed"));
    };
    let method = account["auth_method"]
        .as_str()
        .unwrap_or("oauth")
        .to_owned();
    if let Some(only) = only.filter(|only| *only != method) {
        return Err(Failure::unprocessable(
            "auth_method_mismatch",
            format!("The installation uses `{method}`, not `{only}`."),
        ));
    }
    if account["state"] != "connected" {
        return Ok(Vended::Inactive("needs_reauthorization"));
    }
    let id = by_id(&account);
    let scopes = account["scopes"].clone();
    let missing = missing_scopes(&integration, &scopes);
    let config = account_config(pipes, &integration, &account);
    let credential = match method.as_str() {
        "api_key" => json!({
            "object": "credential",
            "auth_method": "api_key",
            "value": pipes.lock().secrets.get(&id).and_then(|kept| kept.api_key.clone()),
            "config": config,
        }),
        // No provider answers a token here, so there is no metadata to capture from one.
        "client_credentials" => json!({
            "object": "credential",
            "auth_method": "client_credentials",
            "value": format!("cc_{}", token(40)),
            "expires_at": expiry(),
            "scopes": scopes,
            "missing_scopes": missing,
            "metadata": {},
            "config": config,
        }),
        _ => {
            let Some((value, expires_at)) = live_access_token(pipes, &id) else {
                let account_model = model(store, ACCOUNT)?;
                let mut changes = Map::new();
                changes.insert("state".to_owned(), json!("needs_reauthorization"));
                let updated = store.update(account_model, &id, changes)?;
                record_state_change(store, &account, &updated, &integration);
                return Ok(Vended::Inactive("needs_reauthorization"));
            };
            json!({
                "object": "credential",
                "auth_method": "oauth",
                "value": value,
                "expires_at": expires_at,
                "scopes": scopes,
                "missing_scopes": missing,
                "metadata": {},
                "config": config,
            })
        }
    };
    Ok(Vended::Credential(credential))
}

/// The provider's settings for an account: the integration's, under the settings of the
/// account's organization, under the account's own.
fn account_config(pipes: &Pipes, integration: &Value, account: &Value) -> Value {
    let mut config = Map::new();
    let mut layer = |settings: &Value| {
        if let Value::Object(settings) = settings {
            config.extend(settings.clone());
        }
    };
    layer(&integration["config"]);
    if let Some(organization) = account["organization_id"].as_str() {
        let key = (organization.to_owned(), by_id(integration));
        if let Some(settings) = pipes.lock().settings.get(&key) {
            layer(&settings["config"]);
        }
    }
    layer(&account["config"]);
    Value::Object(config)
}

/// The account's access token and its expiry: the one stored while it lives, else a new one
/// (WorkOS refreshes an expired token with the refresh token); `None` without either.
fn live_access_token(pipes: &Pipes, id: &str) -> Option<(String, Option<String>)> {
    let mut kept = pipes.lock();
    let secrets = kept.secrets.entry(id.to_owned()).or_default();
    let live =
        secrets.access_token.is_some() && secrets.expires_at.as_deref().is_none_or(in_future);
    if !live {
        secrets.refresh_token.as_ref()?;
        secrets.access_token = Some(format!("at_{}", token(40)));
        secrets.expires_at = Some(expiry());
    }
    Some((secrets.access_token.clone()?, secrets.expires_at.clone()))
}

/// Scopes the integration asks for that the account was not granted.
fn missing_scopes(integration: &Value, granted: &Value) -> Value {
    let granted: Vec<&Value> = granted
        .as_array()
        .map(|g| g.iter().collect())
        .unwrap_or_default();
    let missing: Vec<Value> = integration["scopes"]
        .as_array()
        .map(|wanted| {
            wanted
                .iter()
                .filter(|scope| !granted.contains(scope))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    Value::Array(missing)
}

fn expiry() -> String {
    ids::timestamp(ids::OffsetDateTime::now_utc() + TOKEN_LIFETIME)
}

fn in_future(at: &str) -> bool {
    ids::parse_timestamp(at).is_some_and(|at| at > ids::OffsetDateTime::now_utc())
}

/// The URL that starts the OAuth flow: a custom provider's authorization endpoint with the
/// integration's client, redirect URI and scopes, or the emulator's own page for a built-in one;
/// with the new `state` it carries, answered beside it.
fn authorize(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let integration = scope(store, call)?;
    if !uses_method(&integration, "oauth") {
        return Err(Failure::bad_request(format!(
            "Data integration '{}' does not connect through OAuth.",
            integration["slug"].as_str().unwrap_or_default()
        )));
    }
    if integration["enabled"] != true {
        return Err(Failure::bad_request(format!(
            "Data integration '{}' is not enabled.",
            integration["slug"].as_str().unwrap_or_default()
        )));
    }
    let state = token(32);
    let mut query = form_urlencoded::Serializer::new(String::new());
    let endpoint = match integration["custom_provider"]["authorization_url"].as_str() {
        Some(endpoint) => {
            let provider = &integration["custom_provider"];
            query.append_pair("response_type", "code");
            if let Some(client_id) = integration["credentials"]["client_id"].as_str() {
                query.append_pair("client_id", client_id);
            }
            query.append_pair(
                "redirect_uri",
                integration["redirect_uri"].as_str().unwrap_or_default(),
            );
            if let Some(scopes) = integration["scopes"].as_array() {
                let separator = provider["request_scope_separator"].as_str().unwrap_or(" ");
                let scopes: Vec<&str> = scopes.iter().filter_map(Value::as_str).collect();
                query.append_pair("scope", &scopes.join(separator));
            }
            if let Some(Value::Object(extra)) = provider.get("additional_authorization_parameters")
            {
                for (name, value) in extra {
                    query.append_pair(name, value.as_str().unwrap_or_default());
                }
            }
            endpoint.to_owned()
        }
        None => format!(
            "{}/data-integrations/{}/oauth/authorize",
            store.base_url(),
            integration["slug"].as_str().unwrap_or_default()
        ),
    };
    query.append_pair("state", &state);
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    let url = format!("{endpoint}{separator}{}", query.finish());
    Ok(Reply::json(
        status(call),
        &json!({ "url": url, "state": state }),
    ))
}

// --- What users and organizations see ----------------------------------------------------------

/// The enabled integrations, each with the user's account (in the organization, if named).
fn providers(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let user = call.str_arg("user_id").unwrap_or_default();
    let organization = call.str_arg("organization_id");
    check_owner(store, Some(user), organization)?;
    let listed: Vec<Value> = store
        .all(INTEGRATION)
        .into_iter()
        .filter(|integration| integration["enabled"] == true)
        .map(|integration| {
            let account = account_of(store, &integration, user, organization);
            let owner = integration["ownership"].as_str().unwrap_or(USER_OWNED);
            // The former spelling of the same value.
            let ownership = if owner == USER_OWNED {
                "userland_user"
            } else {
                owner
            };
            let credentials_type = if uses_method(&integration, "oauth") {
                "oauth2".to_owned()
            } else {
                integration["auth_methods"][0]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            };
            json!({
                "object": "data_provider",
                "id": integration["id"],
                "name": display_name(&integration),
                "description": integration["description"],
                "slug": integration["slug"],
                "integration_type": integration["integration_type"],
                "credentials_type": credentials_type,
                "scopes": integration["scopes"],
                "auth_methods": integration["auth_methods"],
                "ownership": ownership,
                "connection_owner": owner,
                "connected_accounts": account.iter().collect::<Vec<_>>(),
                "connected_account": account,
                "created_at": integration["created_at"],
                "updated_at": integration["updated_at"],
            })
        })
        .collect();
    Ok(Reply::json(
        status(call),
        &json!({ "object": "list", "data": listed }),
    ))
}

/// A custom provider's name, else the slug with its first letter upper-case.
fn display_name(integration: &Value) -> String {
    if let Some(name) = integration["custom_provider"]["name"].as_str() {
        return name.to_owned();
    }
    let slug = integration["slug"].as_str().unwrap_or_default();
    let mut letters = slug.chars();
    letters
        .next()
        .map(|first| first.to_uppercase().chain(letters).collect())
        .unwrap_or_default()
}

fn organization_settings(pipes: &Pipes, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let organization = call.str_arg("organization_id").unwrap_or_default();
    store.require("Organization", organization)?;
    let kept = pipes.lock();
    let listed: Vec<Value> = store
        .all(INTEGRATION)
        .iter()
        .map(|integration| {
            let key = (organization.to_owned(), by_id(integration));
            configuration(store, organization, integration, kept.settings.get(&key))
        })
        .collect();
    Ok(Reply::json(
        status(call),
        &json!({ "object": "list", "data": listed }),
    ))
}

/// Sets the organization's own settings of an integration (only what is given).
fn configure(pipes: &Pipes, store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let organization = call.str_arg("organization_id").unwrap_or_default();
    store.require("Organization", organization)?;
    let integration = integration(store, call)?;
    let brings_own = integration["credentials"]["type"] == "organization";
    if !brings_own && (call.arg("client_id").is_some() || call.arg("config").is_some()) {
        return Err(Failure::bad_request(
            "client_id, client_secret and config are only for integrations whose credentials organizations give.",
        ));
    }
    if let Some(Value::Array(scopes)) = call.arg("scopes")
        && let Some(allowed) = integration["scopes"].as_array()
        && let Some(unknown) = scopes.iter().find(|scope| !allowed.contains(scope))
    {
        return Err(invalid(format!(
            "Scope {unknown} is not a scope of the provider."
        )));
    }
    let key = (organization.to_owned(), by_id(&integration));
    let mut kept = pipes.lock();
    let now = ids::now();
    let settings = kept
        .settings
        .entry(key)
        .or_insert_with(|| json!({ "created_at": now }));
    settings["updated_at"] = json!(now);
    for name in ["enabled", "scopes", "client_id", "config"] {
        if let Some(value) = call.arg(name) {
            settings[name] = value.clone();
        }
    }
    if let Some(secret) = call.str_arg("client_secret") {
        settings["client_secret_last_four"] = json!(last_four(secret));
    }
    let answer = configuration(store, organization, &integration, Some(&*settings));
    Ok(Reply::json(status(call), &answer))
}

/// An integration as it applies to the organization: its settings over the integration's.
fn configuration(
    store: &Store,
    organization: &str,
    integration: &Value,
    settings: Option<&Value>,
) -> Value {
    let own = |name: &str| {
        settings
            .and_then(|settings| settings.get(name))
            .filter(|value| !value.is_null())
    };
    let mut answer = json!({
        "object": "data_integration_configuration",
        "id": integration["id"],
        "organization_id": organization,
        "slug": integration["slug"],
        "name": display_name(integration),
        "enabled": own("enabled").unwrap_or(&integration["enabled"]),
        "scopes": own("scopes").unwrap_or(&integration["scopes"]),
        "config": own("config").unwrap_or(&integration["config"]),
        "created_at": own("created_at").unwrap_or(&integration["created_at"]),
        "updated_at": own("updated_at").unwrap_or(&integration["updated_at"]),
    });
    if integration["credentials"]["type"] == "organization" {
        let client_id = own("client_id").cloned().unwrap_or(Value::Null);
        answer["credentials"] = json!({
            "credentials_type": "organization",
            "has_credentials": !client_id.is_null(),
            "client_id": client_id,
            "client_secret_last_four": own("client_secret_last_four").cloned().unwrap_or(Value::Null),
            "redirect_uri": redirect_uri(store),
        });
    }
    answer
}

/// The last four characters of a secret, all that answers show of it.
fn last_four(secret: &str) -> String {
    let start = secret.char_indices().rev().nth(3).map_or(0, |(at, _)| at);
    secret[start..].to_owned()
}

fn invalid(message: impl Into<String>) -> Failure {
    Failure::unprocessable("invalid_request_parameters", message)
}
