//! Connect applications and data integrations on the main emulator: what WorkOS does with
//! each, read back through the API. Client secrets are answered in full once; deleting an
//! application removes its secrets and the authorizations given to it; secrets given to data
//! integrations are never answered back except by the credential actions; connected accounts
//! are kept per user and provider, record their events, and go with their integration.

use actionspec_runtime::Error;
use serde_json::{Value, json};

use super::{Calls, assert_not_found, id, ids};

/// The demo seed's Acme Corp, Globex, its admin Ada, and the Connect application Ada authorized.
const ACME: &str = "org_01KEBVB6X9EQR8C258FDS1XZXR";
const GLOBEX: &str = "org_01KEVAXZS4JPV8A6MPZCK9PJ4E";
const INITECH: &str = "org_01KFATGRMZKPMQ0ZD32BBNVW75";
const ADA: &str = "user_01KFZF9ST34ZHT7HJHHHTFQFFX";
const REPORTS: &str = "conn_app_01KKS8Y0F3G2H1J0K9M8N7P6Q5";
const REPORTS_CLIENT: &str = "client_01KKS8Y0F3G2H1J0K9M8N7P6Q5";

/// The status and code of a refusal.
fn refusal(error: &Error) -> (u16, String) {
    let api = match error {
        Error::NotFound(api) | Error::Conflict(api) | Error::Validation(api) => api,
        other => panic!("not a refusal: {other}"),
    };
    (api.status, api.code.clone().unwrap_or_default())
}

/// The `pipes.connected_account.*` events about the user's accounts, oldest first.
async fn account_events(calls: &Calls, user: &str) -> Vec<(String, String)> {
    let types = [
        "pipes.connected_account.connected",
        "pipes.connected_account.reauthorization_needed",
        "pipes.connected_account.disconnected",
    ];
    calls
        .items(
            "workos_events_list",
            json!({"events": types, "order": "asc"}),
        )
        .await
        .iter()
        .filter(|event| event["data"]["user_id"] == user)
        .map(|event| {
            let kind = event["event"].as_str().unwrap_or_default();
            let slug = event["data"]["provider_slug"].as_str().unwrap_or_default();
            (kind.to_owned(), slug.to_owned())
        })
        .collect()
}

#[tokio::test]
async fn connect_applications_their_secrets_and_authorizations() {
    let calls = Calls::new();
    // The seeded application, by its id and by its client id.
    let seeded = calls
        .call(
            "workos_connect_application_get",
            json!({"id": REPORTS_CLIENT}),
        )
        .await;
    assert_eq!(seeded["id"], REPORTS);
    assert_eq!(seeded["redirect_uris"][0]["default"], true);

    let refused = calls
        .refused(
            "workos_connect_application_create",
            json!({"name": "Partner", "application_type": "oauth", "is_first_party": false}),
        )
        .await;
    assert_eq!(refusal(&refused).0, 422, "a third-party app needs an owner");
    let refused = calls
        .fails(
            "workos_connect_application_create",
            json!({"name": "Bot", "application_type": "m2m", "organization_id": ACME, "uses_pkce": true}),
        )
        .await;
    assert_eq!(refusal(&refused).0, 422, "PKCE is OAuth only");
    assert_not_found(
        calls
            .fails(
                "workos_connect_application_create",
                json!({"name": "Bot", "application_type": "m2m", "organization_id": "org_01KZZZZZZZZZZZZZZZZZZZZZZZ"}),
            )
            .await,
    );

    let app = calls
        .call(
            "workos_connect_application_create",
            json!({
                "name": "Partner Portal",
                "application_type": "oauth",
                "is_first_party": false,
                "organization_id": INITECH,
                "redirect_uris": [{"uri": "https://partner.test/a"}, {"uri": "https://partner.test/b"}],
            }),
        )
        .await;
    let app_id = id(&app);
    let client_id = app["client_id"].as_str().unwrap_or_default().to_owned();
    assert!(app_id.starts_with("conn_app_"), "{app_id}");
    assert_eq!(client_id, app_id.replacen("conn_app_", "client_", 1));
    assert_eq!(app["description"], Value::Null);
    assert_eq!(app["was_dynamically_registered"], false);
    assert_eq!(
        app["redirect_uris"],
        json!([{"uri": "https://partner.test/a", "default": true}, {"uri": "https://partner.test/b", "default": false}]),
        "the first redirect URI is the default when none is marked"
    );
    assert_eq!(
        app["cors_origins"],
        json!([]),
        "an OAuth application has none yet"
    );
    let bot = calls
        .call(
            "workos_connect_application_create",
            json!({"name": "Sync Bot", "application_type": "m2m", "organization_id": INITECH}),
        )
        .await;
    assert!(bot.get("cors_origins").is_none(), "OAuth applications only");
    let listed = calls
        .items(
            "workos_connect_applications_list",
            json!({"organization_id": INITECH, "order": "asc"}),
        )
        .await;
    assert_eq!(ids(&listed), [app_id.clone(), id(&bot)]);
    let dynamic = calls
        .items(
            "workos_connect_applications_list",
            json!({"organization_id": INITECH, "registration_types": ["dynamic"]}),
        )
        .await;
    assert!(
        dynamic.is_empty(),
        "applications created here are not dynamic"
    );

    let renamed = calls
        .call(
            "workos_connect_application_update",
            json!({"id": client_id, "name": "Partner Hub", "scopes": ["openid"]}),
        )
        .await;
    assert_eq!(
        (renamed["name"].clone(), renamed["scopes"].clone()),
        (json!("Partner Hub"), json!(["openid"]))
    );
    assert_eq!(renamed["redirect_uris"], app["redirect_uris"]);
    let refused = calls
        .fails(
            "workos_connect_application_update",
            json!({"id": id(&bot), "redirect_uris": [{"uri": "https://bot.test"}]}),
        )
        .await;
    assert_eq!(
        refusal(&refused).0,
        422,
        "an M2M application has no redirect URIs"
    );

    // Secrets: the value once, a hint in lists.
    let first = calls
        .call(
            "workos_connect_application_secret_create",
            json!({"id": app_id}),
        )
        .await;
    let second = calls
        .call(
            "workos_connect_application_secret_create",
            json!({"id": client_id}),
        )
        .await;
    let value = first["secret"].as_str().expect("the value, this once");
    assert_eq!(value.len(), 48);
    assert_ne!(first["secret"], second["secret"]);
    assert!(value.ends_with(first["secret_hint"].as_str().unwrap()));
    assert!(id(&first).starts_with("secret_"));
    let secrets = calls
        .call(
            "workos_connect_application_secrets_list",
            json!({"id": app_id}),
        )
        .await;
    let secrets = secrets.as_array().expect("a list").clone();
    assert_eq!(ids(&secrets), [id(&first), id(&second)]);
    assert!(secrets.iter().all(|secret| secret.get("secret").is_none()));
    assert!(!Value::Array(secrets).to_string().contains(value));
    calls
        .call(
            "workos_connect_application_secret_delete",
            json!({"id": id(&first)}),
        )
        .await;
    let left = calls
        .call(
            "workos_connect_application_secrets_list",
            json!({"id": app_id}),
        )
        .await;
    assert_eq!(ids(left.as_array().unwrap()), [id(&second)]);
    assert_not_found(
        calls
            .fails(
                "workos_connect_application_secret_delete",
                json!({"id": id(&first)}),
            )
            .await,
    );

    // Deleting an application takes its secrets along.
    calls
        .call("workos_connect_application_delete", json!({"id": app_id}))
        .await;
    assert_not_found(
        calls
            .fails("workos_connect_application_get", json!({"id": client_id}))
            .await,
    );
    assert_not_found(
        calls
            .fails(
                "workos_connect_application_secrets_list",
                json!({"id": app_id}),
            )
            .await,
    );
    assert_not_found(
        calls
            .fails(
                "workos_connect_application_secret_delete",
                json!({"id": id(&second)}),
            )
            .await,
    );

    // An organization's authorized applications are those its members granted: Ada, a member
    // of Acme and Globex, authorized the seeded application.
    for org in [ACME, GLOBEX] {
        let granted = calls
            .items(
                "workos_organization_authorized_applications_list",
                json!({"organization_id": org}),
            )
            .await;
        assert_eq!(granted.len(), 1, "{org}");
        assert_eq!(granted[0]["user_id"], ADA);
        assert_eq!(granted[0]["application"]["id"], REPORTS);
    }
    let none = calls
        .items(
            "workos_organization_authorized_applications_list",
            json!({"organization_id": INITECH}),
        )
        .await;
    assert!(none.is_empty());
    assert_not_found(
        calls
            .fails(
                "workos_organization_authorized_applications_list",
                json!({"organization_id": "org_01KZZZZZZZZZZZZZZZZZZZZZZZ"}),
            )
            .await,
    );
    // An authorization shows the application as it is now, and goes with it.
    calls
        .call(
            "workos_connect_application_update",
            json!({"id": REPORTS, "name": "Acme Reporting"}),
        )
        .await;
    let granted = calls
        .items(
            "workos_authorized_applications_list",
            json!({"user_id": ADA}),
        )
        .await;
    assert_eq!(granted[0]["application"]["name"], "Acme Reporting");
    calls
        .call(
            "workos_connect_application_delete",
            json!({"id": REPORTS_CLIENT}),
        )
        .await;
    let granted = calls
        .items(
            "workos_organization_authorized_applications_list",
            json!({"organization_id": ACME}),
        )
        .await;
    assert!(
        granted.is_empty(),
        "the authorization went with the application"
    );
    let missing = json!({"user_id": ADA, "application_id": REPORTS_CLIENT});
    assert_not_found(
        calls
            .refused("workos_authorized_application_delete", missing)
            .await,
    );
    calls.assert_cover("connect");
}

#[tokio::test]
async fn data_integrations_and_connected_accounts() {
    let calls = Calls::new();
    integrations_keep_secrets_write_only(&calls).await;
    connected_accounts_vend_credentials_and_record_events(&calls).await;
    calls.assert_cover("data integrations");
}

async fn integrations_keep_secrets_write_only(calls: &Calls) {
    let seeded = calls
        .call("workos_data_integration_get", json!({"slug": "github"}))
        .await;
    assert_eq!(seeded["credentials"]["redacted_client_secret"], "c4f1");
    assert_eq!(seeded["ownership"], "user");
    let listed = calls
        .items("workos_data_integrations_list", json!({}))
        .await;
    assert!(listed.iter().any(|found| found["slug"] == "github"));

    let crm_secret = "crm-secret-value-7Qx2";
    let crm = calls
        .call(
            "workos_data_integration_create",
            json!({
                "provider": "acme-crm",
                "enabled": true,
                "scopes": ["contacts.read", "contacts.write"],
                "credentials": {"type": "custom", "client_id": "crm-client", "client_secret": crm_secret},
                "custom_provider": {
                    "name": "Acme CRM",
                    "authorization_url": "https://crm.acme.test/oauth/authorize",
                    "token_url": "https://crm.acme.test/oauth/token",
                    "request_scope_separator": ",",
                },
            }),
        )
        .await;
    assert!(id(&crm).starts_with("data_integration_"));
    assert_eq!(crm["integration_type"], "custom");
    assert_eq!(
        crm["ownership"], "user",
        "every integration here is user-owned"
    );
    assert_eq!(crm["custom_provider"]["pkce_enabled"], true, "a default");
    assert_eq!(
        crm["credentials"],
        json!({"type": "custom", "client_id": "crm-client", "redacted_client_secret": "7Qx2"})
    );
    let read = calls
        .call("workos_data_integration_get", json!({"slug": "acme-crm"}))
        .await;
    assert_eq!(read, crm);
    assert!(
        !read.to_string().contains(crm_secret),
        "never answered back"
    );

    let again = calls
        .fails(
            "workos_data_integration_create",
            json!({"provider": "acme-crm", "auth_methods": ["api_key"]}),
        )
        .await;
    assert_eq!(
        refusal(&again),
        (409, "data_integration_already_exists".to_owned())
    );
    let refused = calls
        .fails(
            "workos_data_integration_create",
            json!({"provider": "notion"}),
        )
        .await;
    assert_eq!(
        refusal(&refused).0,
        422,
        "an OAuth integration needs credentials"
    );
    let refused = calls
        .fails(
            "workos_data_integration_create",
            json!({"provider": "notion", "credentials": {"type": "organization", "client_secret": "x"}}),
        )
        .await;
    assert_eq!(
        refusal(&refused).0,
        422,
        "organizations bring their own secret"
    );

    let rotated = calls
        .call(
            "workos_data_integration_update",
            json!({"slug": "acme-crm", "description": "CRM sync", "credentials": {"type": "custom", "client_id": "crm-client-2", "client_secret": "rotated-9Zk1"}, "custom_provider": {"scopes_required": true}}),
        )
        .await;
    assert_eq!(rotated["credentials"]["redacted_client_secret"], "9Zk1");
    assert_eq!(rotated["custom_provider"]["scopes_required"], true);
    assert_eq!(rotated["custom_provider"]["name"], "Acme CRM", "kept");

    // The URL that connects an account, at the custom provider's endpoint.
    let user = calls.user("pipes@connect.test").await;
    let user_id = id(&user);
    let authorize = calls
        .call(
            "workos_connected_account_authorize",
            json!({"slug": "acme-crm", "user_id": user_id, "return_to": "https://app.test/done"}),
        )
        .await;
    let url = authorize["url"].as_str().unwrap_or_default();
    assert!(
        url.starts_with("https://crm.acme.test/oauth/authorize?"),
        "{url}"
    );
    assert!(
        url.contains("client_id=crm-client-2")
            && url.contains("scope=contacts.read%2Ccontacts.write"),
        "{url}"
    );
    // The state answered is the one the URL carries, new for each authorization.
    let state = authorize["state"].as_str().unwrap_or_default();
    assert!(state.len() >= 16, "{authorize}");
    assert!(url.ends_with(&format!("&state={state}")), "{url}");
    let again = calls
        .call(
            "workos_connected_account_authorize",
            json!({"slug": "acme-crm", "user_id": user_id}),
        )
        .await;
    assert_ne!(again["state"], authorize["state"]);
    calls
        .call(
            "workos_data_integration_update",
            json!({"slug": "acme-crm", "enabled": false}),
        )
        .await;
    let refused = calls
        .fails(
            "workos_connected_account_authorize",
            json!({"slug": "acme-crm", "user_id": user_id}),
        )
        .await;
    assert_eq!(
        refusal(&refused).0,
        400,
        "a disabled integration connects no one"
    );
    calls
        .call(
            "workos_data_integration_update",
            json!({"slug": "acme-crm", "enabled": true}),
        )
        .await;

    // Organizations bring their own app to an `organization` integration.
    calls
        .call(
            "workos_data_integration_create",
            json!({"provider": "gitlab", "scopes": ["read_api", "read_user"], "credentials": {"type": "organization"}}),
        )
        .await;
    let set = calls
        .call(
            "workos_organization_data_integration_set",
            json!({"organization_id": INITECH, "slug": "gitlab", "enabled": true, "scopes": ["read_api"], "client_id": "initech-app", "client_secret": "initech-secret-Ab12", "config": {"host": "gitlab.initech.test"}}),
        )
        .await;
    assert_eq!(set["enabled"], true);
    assert_eq!(set["scopes"], json!(["read_api"]));
    assert_eq!(set["credentials"]["has_credentials"], true);
    assert_eq!(set["credentials"]["client_secret_last_four"], "Ab12");
    assert!(!set.to_string().contains("initech-secret-Ab12"));
    let of = |org: &'static str| async move {
        let settings = calls
            .call(
                "workos_organization_data_integrations_list",
                json!({"organization_id": org}),
            )
            .await;
        settings["data"]
            .as_array()
            .and_then(|all| all.iter().find(|found| found["slug"] == "gitlab").cloned())
            .expect("gitlab is listed")
    };
    assert_eq!(of(INITECH).await, set);
    let elsewhere = of(ACME).await;
    assert_eq!(elsewhere["enabled"], false, "the integration's own setting");
    assert_eq!(elsewhere["credentials"]["has_credentials"], false);
    let refused = calls
        .fails(
            "workos_organization_data_integration_set",
            json!({"organization_id": INITECH, "slug": "gitlab", "scopes": ["admin"]}),
        )
        .await;
    assert_eq!(refusal(&refused).0, 422, "only the provider's scopes");
    // An account in the organization is vended the organization's settings.
    calls
        .call(
            "workos_connected_account_import",
            json!({"user_id": user_id, "slug": "gitlab", "organization_id": INITECH, "access_token": "gl-token", "scopes": ["read_api"]}),
        )
        .await;
    let vended = calls
        .call(
            "workos_connected_account_credentials_get",
            json!({"slug": "gitlab", "user_id": user_id, "organization_id": INITECH}),
        )
        .await;
    assert_eq!(
        vended["credential"]["config"],
        json!({"host": "gitlab.initech.test"})
    );
    let refused = calls
        .fails(
            "workos_organization_data_integration_set",
            json!({"organization_id": INITECH, "slug": "github", "client_id": "a", "client_secret": "b"}),
        )
        .await;
    assert_eq!(
        refusal(&refused).0,
        400,
        "github uses the environment's app"
    );
    calls
        .call("workos_data_integration_delete", json!({"slug": "gitlab"}))
        .await;
    assert_not_found(
        calls
            .fails("workos_data_integration_get", json!({"slug": "gitlab"}))
            .await,
    );
}

async fn connected_accounts_vend_credentials_and_record_events(calls: &Calls) {
    let user_id = id(&calls.user("accounts@connect.test").await);
    let other_id = id(&calls.user("other@connect.test").await);
    calls
        .call(
            "workos_data_integration_create",
            json!({"provider": "linear", "enabled": true, "scopes": ["read", "write"], "credentials": {"type": "custom", "client_id": "lin", "client_secret": "lin-secret"}}),
        )
        .await;
    let token = "lin_oauth_access_token_0001";
    let account_of = json!({"user_id": user_id, "slug": "linear"});
    let imported = calls
        .call(
            "workos_connected_account_import",
            json!({"user_id": user_id, "slug": "linear", "access_token": token, "expires_at": "2099-01-01T00:00:00Z", "scopes": ["read"]}),
        )
        .await;
    assert!(id(&imported).starts_with("data_installation_"));
    assert_eq!(
        (imported["state"].clone(), imported["auth_method"].clone()),
        (json!("connected"), json!("oauth"))
    );
    // The user's one account on the integration; no provider is called to identify it.
    assert_eq!(
        (
            imported["connection_role"].clone(),
            imported["account_identifier"].clone(),
            imported["account_display_name"].clone()
        ),
        (json!("compatibility"), Value::Null, Value::Null)
    );
    assert!(
        !imported.to_string().contains(token),
        "tokens are never answered by reads"
    );
    assert_eq!(
        calls
            .call("workos_connected_account_get", account_of.clone())
            .await,
        imported
    );
    let again = calls
        .fails(
            "workos_connected_account_import",
            json!({"user_id": user_id, "slug": "linear", "access_token": "x"}),
        )
        .await;
    assert_eq!(
        refusal(&again),
        (409, "connected_account_already_exists".to_owned())
    );
    assert_not_found(
        calls
            .fails(
                "workos_connected_account_get",
                json!({"user_id": user_id, "slug": "linear", "organization_id": ACME}),
            )
            .await,
    );

    let vended = calls
        .call(
            "workos_connected_account_credentials_get",
            json!({"slug": "linear", "user_id": user_id}),
        )
        .await;
    assert_eq!(vended["active"], true);
    assert_eq!(vended["credential"]["value"], token);
    assert_eq!(vended["credential"]["missing_scopes"], json!(["write"]));
    assert_eq!(
        (
            vended["credential"]["metadata"].clone(),
            vended["credential"]["config"].clone()
        ),
        (json!({}), json!({}))
    );
    let access = calls
        .call(
            "workos_connected_account_token_get",
            json!({"slug": "linear", "user_id": user_id}),
        )
        .await;
    assert_eq!(access["access_token"]["access_token"], token);
    let none = calls
        .call(
            "workos_connected_account_credentials_get",
            json!({"slug": "linear", "user_id": other_id}),
        )
        .await;
    assert_eq!(none, json!({"active": false, "error": "not_installed"}));

    // The user's providers show the account; another user's show none.
    let providers = calls
        .call(
            "workos_user_data_providers_list",
            json!({"user_id": user_id}),
        )
        .await;
    let linear = providers["data"]
        .as_array()
        .and_then(|all| all.iter().find(|found| found["slug"] == "linear").cloned())
        .expect("linear is listed");
    assert_eq!(linear["connected_account"], imported);
    assert_eq!(linear["connected_accounts"], json!([imported]));
    assert_eq!(
        (
            linear["connection_owner"].clone(),
            linear["ownership"].clone()
        ),
        (json!("user"), json!("userland_user"))
    );
    assert_eq!(
        (linear["name"].clone(), linear["credentials_type"].clone()),
        (json!("Linear"), json!("oauth2"))
    );
    let providers = calls
        .call(
            "workos_user_data_providers_list",
            json!({"user_id": other_id}),
        )
        .await;
    assert!(
        providers["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|found| found["connected_account"].is_null()
                && found["connected_accounts"] == json!([]))
    );

    let stale = calls
        .call(
            "workos_connected_account_update",
            json!({"user_id": user_id, "slug": "linear", "state": "needs_reauthorization"}),
        )
        .await;
    assert_eq!(stale["state"], "needs_reauthorization");
    let vended = calls
        .call(
            "workos_connected_account_credentials_get",
            json!({"slug": "linear", "user_id": user_id}),
        )
        .await;
    assert_eq!(
        vended,
        json!({"active": false, "error": "needs_reauthorization"})
    );
    // New tokens, expired but refreshable: WorkOS answers a fresh token.
    let renewed = calls
        .call(
            "workos_connected_account_update",
            json!({"user_id": user_id, "slug": "linear", "access_token": "lin_old", "refresh_token": "lin_refresh", "expires_at": "2020-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(renewed["state"], "connected");
    let access = calls
        .call(
            "workos_connected_account_token_get",
            json!({"slug": "linear", "user_id": user_id}),
        )
        .await;
    let fresh = access["access_token"]["access_token"]
        .as_str()
        .unwrap_or_default();
    assert!(!fresh.is_empty() && fresh != "lin_old", "{access}");
    assert!(
        access["access_token"]["expires_at"]
            .as_str()
            .unwrap_or_default()
            > "2026"
    );

    // An API key integration: the key is answered by the credential action only.
    let key = "lin_api_key_ZZ42";
    let stripe = calls
        .call(
            "workos_data_integration_create",
            json!({"provider": "stripe-keys", "enabled": true, "auth_methods": ["api_key"], "api_key": {"secret": key, "user_id": user_id}}),
        )
        .await;
    assert_eq!(stripe["credentials"], Value::Null);
    assert_eq!(stripe["installation"]["api_key_last_4"], "ZZ42");
    assert_eq!(stripe["installation"]["connection_role"], "compatibility");
    assert_eq!(
        calls
            .call(
                "workos_data_integration_get",
                json!({"slug": "stripe-keys"})
            )
            .await["installation"],
        Value::Null
    );
    let keyed = calls
        .call(
            "workos_connected_account_get",
            json!({"user_id": user_id, "slug": "stripe-keys"}),
        )
        .await;
    assert_eq!(
        id(&keyed),
        stripe["installation"]["id"].as_str().unwrap_or_default()
    );
    assert_eq!(
        (
            keyed["auth_method"].clone(),
            keyed["api_key_last_4"].clone()
        ),
        (json!("api_key"), json!("ZZ42"))
    );
    let rotated = calls
        .call(
            "workos_connected_account_api_key_set",
            json!({"slug": "stripe-keys", "user_id": user_id, "secret": "rotated_key_QQ11"}),
        )
        .await;
    assert_eq!(
        (id(&rotated), rotated["api_key_last_4"].clone()),
        (id(&keyed), json!("QQ11"))
    );
    let vended = calls
        .call(
            "workos_connected_account_credentials_get",
            json!({"slug": "stripe-keys", "user_id": user_id}),
        )
        .await;
    assert_eq!(
        vended["credential"],
        json!({"object": "credential", "auth_method": "api_key", "value": "rotated_key_QQ11", "config": {}})
    );
    let mismatch = calls
        .fails(
            "workos_connected_account_token_get",
            json!({"slug": "stripe-keys", "user_id": user_id}),
        )
        .await;
    assert_eq!(refusal(&mismatch), (422, "auth_method_mismatch".to_owned()));
    let mismatch = calls
        .refused(
            "workos_connected_account_client_credentials_set",
            json!({"slug": "stripe-keys", "user_id": user_id, "client_id": "c", "client_secret": "s"}),
        )
        .await;
    assert_eq!(refusal(&mismatch), (422, "auth_method_mismatch".to_owned()));
    let refused = calls
        .fails(
            "workos_connected_account_authorize",
            json!({"slug": "stripe-keys", "user_id": user_id}),
        )
        .await;
    assert_eq!(refusal(&refused).0, 400, "API keys do not go through OAuth");

    // Client credentials, in an organization.
    calls
        .call(
            "workos_data_integration_create",
            json!({"provider": "salesforce-cc", "enabled": true, "auth_methods": ["client_credentials"], "config": {"api_version": "v60.0", "mydomain": "login"}}),
        )
        .await;
    let cc = calls
        .call(
            "workos_connected_account_client_credentials_set",
            json!({"slug": "salesforce-cc", "user_id": user_id, "organization_id": ACME, "client_id": "sf-client", "client_secret": "sf-secret-Pq9W", "config": {"mydomain": "acme"}}),
        )
        .await;
    assert_eq!(
        (
            cc["organization_id"].clone(),
            cc["client_secret_last_4"].clone()
        ),
        (json!(ACME), json!("Pq9W"))
    );
    assert!(!cc.to_string().contains("sf-secret-Pq9W"));
    let vended = calls
        .call(
            "workos_connected_account_credentials_get",
            json!({"slug": "salesforce-cc", "user_id": user_id, "organization_id": ACME}),
        )
        .await;
    assert_eq!(vended["credential"]["auth_method"], "client_credentials");
    assert!(vended["credential"]["value"].is_string());
    assert_eq!(
        vended["credential"]["config"],
        json!({"api_version": "v60.0", "mydomain": "acme"}),
        "the connection's settings over the integration's"
    );

    // Disconnecting, directly or with the integration.
    calls
        .call("workos_connected_account_delete", account_of.clone())
        .await;
    assert_not_found(
        calls
            .fails("workos_connected_account_get", account_of.clone())
            .await,
    );
    let none = calls
        .call(
            "workos_connected_account_credentials_get",
            json!({"slug": "linear", "user_id": user_id}),
        )
        .await;
    assert_eq!(none["error"], "not_installed");
    calls
        .call(
            "workos_data_integration_delete",
            json!({"slug": "stripe-keys"}),
        )
        .await;
    calls
        .call(
            "workos_data_integration_create",
            json!({"provider": "stripe-keys", "auth_methods": ["api_key"]}),
        )
        .await;
    assert_not_found(
        calls
            .fails(
                "workos_connected_account_get",
                json!({"user_id": user_id, "slug": "stripe-keys"}),
            )
            .await,
    );
    calls
        .call(
            "workos_connected_account_import",
            json!({"user_id": user_id, "slug": "linear", "refresh_token": "r"}),
        )
        .await;
    assert_eq!(
        account_events(calls, &user_id).await,
        [
            ("pipes.connected_account.connected", "linear"),
            ("pipes.connected_account.reauthorization_needed", "linear"),
            ("pipes.connected_account.connected", "linear"),
            ("pipes.connected_account.connected", "stripe-keys"),
            ("pipes.connected_account.connected", "salesforce-cc"),
            ("pipes.connected_account.disconnected", "linear"),
            ("pipes.connected_account.disconnected", "stripe-keys"),
            ("pipes.connected_account.connected", "linear"),
        ]
        .map(|(kind, slug)| (kind.to_owned(), slug.to_owned()))
    );
}
