//! Rows of WorkOS Connect (applications, their client secrets, organizations' authorized
//! applications) and of Pipes (data integrations, connected accounts, their credentials,
//! providers and organizations' settings).

use std::collections::BTreeMap;

use super::*;

const APP: &str = "conn_app_01HXYZ123456789ABCDEFGHIJ";
const APP_2: &str = "conn_app_01HXYZ987654321KJIHGFEDCBA";
const APP_3: &str = "conn_app_01HZ1Q2W3E4R5T6Y7U8I9O0P1A";
const CLIENT: &str = "client_01HXYZ123456789ABCDEFGHIJ";
const SECRET: &str = "secret_01J9Q2Z3X4Y5W6V7U8T9S0R1Q";
const GRANT: &str = "authorized_app_01HZ9C1K8R2S3T4V5W6X7Y8Z9C";
const GRANT_2: &str = "authorized_app_01HZ9C1K8R2S3T4V5W6X7Y8Z9D";
const GRANT_3: &str = "authorized_app_01HZ9C1K8R2S3T4V5W6X7Y8Z9E";
const INTEGRATION: &str = "data_integration_01EHZNVPK3SFK441A1RGBFSHRT";
const INTEGRATION_2: &str = "data_integration_01EHZNWAMCZ8C4MMW1FRRK0W8D";
const INTEGRATION_3: &str = "data_integration_01EHZNX3C5FQ9J5QG9B8R1E7PW";
const ACCOUNT: &str = "data_installation_01EHZNVPK3SFK441A1RGBFSHRT";

fn application(id: &str, kind: &str) -> Value {
    let mut app = json!({
        "object": "connect_application",
        "id": id,
        "client_id": CLIENT,
        "name": "Acme Reports",
        "description": null,
        "scopes": ["openid", "profile", "email"],
        "application_type": kind,
        "organization_id": ORG,
        "created_at": fx::CREATED,
        "updated_at": fx::UPDATED,
    });
    if kind == "oauth" {
        app["redirect_uris"] =
            json!([{ "uri": "https://reports.acme.com/callback", "default": true }]);
        app["uses_pkce"] = json!(true);
        app["is_first_party"] = json!(false);
        app["was_dynamically_registered"] = json!(false);
    }
    app
}

fn client_secret() -> Value {
    json!({
        "object": "connect_application_secret",
        "id": SECRET,
        "secret_hint": "abc123",
        "last_used_at": null,
        "created_at": fx::CREATED,
        "updated_at": fx::UPDATED,
    })
}

fn grant(id: &str) -> Value {
    json!({
        "object": "authorized_connect_application",
        "id": id,
        "granted_scopes": ["openid", "profile"],
        "application": application(APP, "oauth"),
        "user_id": USER,
    })
}

fn integration(id: &str, slug: &str) -> Value {
    json!({
        "object": "data_integration",
        "id": id,
        "slug": slug,
        "integration_type": slug,
        "description": "Reads repositories.",
        "enabled": true,
        "state": "valid",
        "scopes": ["repo", "read:org"],
        "redirect_uri": "https://api.workos.com/data-integrations/oauth/callback",
        "auth_methods": ["oauth"],
        "credentials": { "type": "custom", "client_id": "Iv1.abc123", "redacted_client_secret": "c4f1" },
        "installation": null,
        "config": {},
        "custom_provider": null,
        "created_at": fx::CREATED,
        "updated_at": fx::UPDATED,
    })
}

fn account(method: &str) -> Value {
    json!({
        "object": "connected_account",
        "id": ACCOUNT,
        "user_id": USER,
        "organization_id": null,
        "scopes": ["repo"],
        "auth_method": method,
        "api_key_last_4": if method == "api_key" { json!("cdef") } else { Value::Null },
        "state": "connected",
        "created_at": fx::CREATED,
        "updated_at": fx::UPDATED,
    })
}

fn configuration() -> Value {
    json!({
        "object": "data_integration_configuration",
        "id": INTEGRATION,
        "organization_id": ORG,
        "slug": "github",
        "name": "GitHub",
        "enabled": true,
        "scopes": ["repo"],
        "config": {},
        "credentials": {
            "credentials_type": "organization",
            "has_credentials": true,
            "client_id": "Iv1.org",
            "client_secret_last_four": "9f8e",
            "redirect_uri": "https://api.workos.com/data-integrations/oauth/callback",
        },
        "created_at": fx::CREATED,
        "updated_at": fx::UPDATED,
    })
}

pub(super) fn rows() -> Vec<Case> {
    [connect(), data_integrations(), connected_accounts()]
        .into_iter()
        .flatten()
        .collect()
}

fn connect() -> Vec<Case> {
    vec![
        row("workos_connect_applications_list", &[])
            .query(&[
                ("registration_types", "authenticated,dynamic"),
                ("organization_id", ORG),
                ("limit", "2"),
            ])
            .raw_query("registration_types=authenticated,dynamic")
            .items([
                application(APP, "oauth"),
                application(APP_2, "m2m"),
                with(application(APP_3, "oauth"), |app| {
                    app["application_type"] = json!("saml_bridge")
                }),
            ])
            .typed(
                params::ConnectApplicationsListParams::new()
                    .registration_types(vec![
                        ConnectApplicationRegistrationType::Authenticated,
                        ConnectApplicationRegistrationType::Dynamic,
                    ])
                    .organization_id(ORG)
                    .limit(2),
                |client, params| client.connect_applications_list(params),
                |client, params| client.connect_applications_list_stream(params),
                |page| {
                    assert_eq!(
                        page.items[0].application_type,
                        Some(ConnectApplicationType::Oauth)
                    );
                    assert_eq!(page.items[0].redirect_uris.as_ref().map(Vec::len), Some(1));
                    assert_eq!(
                        page.items[1].application_type,
                        Some(ConnectApplicationType::M2m)
                    );
                },
                |items| {
                    let other = ConnectApplicationType::Other("saml_bridge".to_owned());
                    assert_eq!(items[2].application_type, Some(other));
                },
            ),
        row("workos_connect_application_get", &[CLIENT])
            .answers(application(APP, "oauth"))
            .typed(
                |client| {
                    client.connect_application_get(params::ConnectApplicationGetParams::new(CLIENT))
                },
                |app| {
                    assert_eq!(app.id, APP);
                    assert_eq!(app.client_id, CLIENT);
                },
            ),
        row("workos_connect_application_create", &[])
            .body(json!({
                "name": "Acme Reports",
                "application_type": "oauth",
                "scopes": ["openid", "profile", "email"],
                "redirect_uris": [{ "uri": "https://reports.acme.com/callback", "default": true }],
                "uses_pkce": true,
                "is_first_party": false,
                "organization_id": ORG,
            }))
            .answers(application(APP, "oauth"))
            .typed(
                |client| {
                    client.connect_application_create(
                        params::ConnectApplicationCreateParams::new(
                            "Acme Reports",
                            ConnectApplicationType::Oauth,
                        )
                        .scopes(strings(&["openid", "profile", "email"]))
                        .redirect_uris(vec![
                            RedirectUriSettingInput::new("https://reports.acme.com/callback")
                                .default(true),
                        ])
                        .uses_pkce(true)
                        .is_first_party(false)
                        .organization_id(ORG),
                    )
                },
                |app| {
                    assert_eq!(app.uses_pkce, Some(true));
                    assert_eq!(app.organization_id.as_deref(), Some(ORG));
                },
            ),
        row("workos_connect_application_update", &[APP])
            .body(json!({ "name": "Acme Insights", "description": "Dashboards." }))
            .answers(with(application(APP, "m2m"), |app| {
                app["name"] = json!("Acme Insights");
                app["description"] = json!("Dashboards.");
            }))
            .typed(
                |client| {
                    client.connect_application_update(
                        params::ConnectApplicationUpdateParams::new(APP)
                            .name("Acme Insights")
                            .description("Dashboards."),
                    )
                },
                |app| assert_eq!(app.description.as_deref(), Some("Dashboards.")),
            ),
        row("workos_connect_application_delete", &[APP]).deletes(204, |client| {
            client.connect_application_delete(params::ConnectApplicationDeleteParams::new(APP))
        }),
        row("workos_connect_application_secrets_list", &[APP])
            .answers(json!([client_secret()]))
            .typed(
                |client| {
                    client.connect_application_secrets_list(
                        params::ConnectApplicationSecretsListParams::new(APP),
                    )
                },
                |secrets| {
                    assert_eq!(secrets[0].id, SECRET);
                    assert_eq!(secrets[0].secret_hint, "abc123");
                    assert_eq!(secrets[0].last_used_at, None);
                },
            ),
        row("workos_connect_application_secret_create", &[APP])
            .body(json!({}))
            .answers(with(client_secret(), |secret| {
                secret["secret"] = json!("wos_cs_8kR2mN5pQ9tV3xZ7abc123");
            }))
            .typed(
                |client| {
                    client.connect_application_secret_create(
                        params::ConnectApplicationSecretCreateParams::new(APP),
                    )
                },
                |secret| assert!(secret.secret.expose_secret().ends_with(&secret.secret_hint)),
            ),
        row("workos_connect_application_secret_delete", &[SECRET]).deletes(204, |client| {
            client.connect_application_secret_delete(
                params::ConnectApplicationSecretDeleteParams::new(SECRET),
            )
        }),
        row("workos_organization_authorized_applications_list", &[ORG])
            .query(&[("limit", "2")])
            .items([grant(GRANT), grant(GRANT_2), grant(GRANT_3)])
            .typed(
                params::OrganizationAuthorizedApplicationsListParams::new(ORG).limit(2),
                |client, params| client.organization_authorized_applications_list(params),
                |client, params| client.organization_authorized_applications_list_stream(params),
                |page| {
                    assert_eq!(page.items[0].user_id.as_deref(), Some(USER));
                    assert_eq!(page.items[0].application.client_id, CLIENT);
                },
                |items| assert_eq!(items[2].granted_scopes, ["openid", "profile"]),
            ),
    ]
}

fn data_integrations() -> Vec<Case> {
    vec![
        row("workos_data_integrations_list", &[])
            .query(&[("limit", "2")])
            .items([
                // The official SDKs' later revision answers `ownership`; the document does not.
                with(integration(INTEGRATION, "github"), |found| found["ownership"] = json!("user")),
                with(integration(INTEGRATION_2, "stripe"), |found| {
                    found["auth_methods"] = json!(["api_key"]);
                    found["credentials"] = Value::Null;
                    found["scopes"] = Value::Null;
                }),
                with(integration(INTEGRATION_3, "salesforce"), |found| {
                    found["state"] = json!("paused");
                }),
            ])
            .typed(
                params::DataIntegrationsListParams::new().limit(2),
                |client, params| client.data_integrations_list(params),
                |client, params| client.data_integrations_list_stream(params),
                |page| {
                    let credentials = page.items[0].credentials.as_ref().expect("credentials");
                    assert_eq!(credentials.r#type, DataIntegrationCredentialsType::Custom);
                    assert_eq!(credentials.redacted_client_secret.as_deref(), Some("c4f1"));
                    assert_eq!(page.items[1].auth_methods, [DataIntegrationAuthMethod::ApiKey]);
                    assert_eq!(page.items[1].scopes, None);
                    assert_eq!(page.items[0].ownership, Some(DataIntegrationOwnership::User));
                    assert_eq!(page.items[1].ownership, None);
                },
                |items| {
                    let paused = DataIntegrationState::Other("paused".to_owned());
                    assert_eq!(items[2].state, paused);
                },
            ),
        row("workos_data_integration_get", &["github"])
            .answers(integration(INTEGRATION, "github"))
            .typed(
                |client| client.data_integration_get(params::DataIntegrationGetParams::new("github")),
                |found| assert_eq!(found.state, DataIntegrationState::Valid),
            ),
        row("workos_data_integration_create", &[])
            .body(json!({
                "provider": "acme-crm",
                "enabled": true,
                "scopes": ["contacts.read"],
                "credentials": { "type": "custom", "client_id": "crm-client", "client_secret": "crm-secret-0042" },
                "custom_provider": {
                    "name": "Acme CRM",
                    "authorization_url": "https://crm.acme.com/oauth/authorize",
                    "token_url": "https://crm.acme.com/oauth/token",
                    "authenticate_via": "basic_auth_header",
                },
            }))
            .answers(with(integration(INTEGRATION, "acme-crm"), |created| {
                created["integration_type"] = json!("custom");
                created["custom_provider"] = json!({
                    "name": "Acme CRM",
                    "authorization_url": "https://crm.acme.com/oauth/authorize",
                    "token_url": "https://crm.acme.com/oauth/token",
                    "refresh_token_url": null,
                    "pkce_enabled": true,
                    "request_scope_separator": " ",
                    "scopes_required": false,
                    "client_secret_required": true,
                    "additional_authorization_parameters": {},
                    "token_body_content_type": "application/x-www-form-urlencoded",
                    "authenticate_via": "basic_auth_header",
                });
            }))
            .typed(
                |client| {
                    client.data_integration_create(
                        params::DataIntegrationCreateParams::new("acme-crm")
                            .enabled(true)
                            .scopes(strings(&["contacts.read"]))
                            .credentials(
                                DataIntegrationCredentialsInput::new(
                                    DataIntegrationCredentialsType::Custom,
                                )
                                .client_id("crm-client")
                                .client_secret("crm-secret-0042"),
                            )
                            .custom_provider(
                                CustomProviderInput::new("Acme CRM")
                                    .authorization_url("https://crm.acme.com/oauth/authorize")
                                    .token_url("https://crm.acme.com/oauth/token")
                                    .authenticate_via(CustomProviderAuthentication::BasicAuthHeader),
                            ),
                    )
                },
                |created| {
                    let provider = created.custom_provider.expect("a custom provider");
                    assert_eq!(provider.authenticate_via, CustomProviderAuthentication::BasicAuthHeader);
                    assert!(provider.pkce_enabled);
                },
            ),
        row("workos_data_integration_update", &["stripe"])
            .body(json!({ "enabled": false, "api_key": { "secret": "rk_live_abcdef", "user_id": USER } }))
            .answers(with(integration(INTEGRATION_2, "stripe"), |updated| {
                updated["enabled"] = json!(false);
                updated["installation"] = json!({
                    "id": ACCOUNT, "user_id": USER, "organization_id": null, "api_key_last_4": "cdef",
                });
            }))
            .typed(
                |client| {
                    client.data_integration_update(
                        params::DataIntegrationUpdateParams::new("stripe")
                            .enabled(false)
                            .api_key(DataIntegrationApiKeyInput::new("rk_live_abcdef", USER)),
                    )
                },
                |updated| {
                    let installation = updated.installation.expect("an installation");
                    assert_eq!(installation.api_key_last_4.as_deref(), Some("cdef"));
                },
            ),
        row("workos_data_integration_delete", &["github"]).deletes(204, |client| {
            client.data_integration_delete(params::DataIntegrationDeleteParams::new("github"))
        }),
        row("workos_user_data_providers_list", &[USER])
            .query(&[("organization_id", ORG)])
            .answers(json!({
                "object": "list",
                "data": [{
                    "object": "data_provider",
                    "id": INTEGRATION,
                    "name": "GitHub",
                    "description": null,
                    "slug": "github",
                    "integration_type": "github",
                    "credentials_type": "oauth2",
                    "scopes": ["repo"],
                    "auth_methods": ["oauth"],
                    "ownership": "userland_user",
                    "connection_owner": "user",
                    "connected_account": account("oauth"),
                    "connected_accounts": [account("oauth")],
                    "created_at": fx::CREATED,
                    "updated_at": fx::UPDATED,
                    "integrationType": "github",
                }],
            }))
            .typed(
                |client| {
                    client.user_data_providers_list(
                        params::UserDataProvidersListParams::new(USER).organization_id(ORG),
                    )
                },
                |providers| {
                    assert_eq!(providers.data[0].ownership, DataProviderOwnership::UserlandUser);
                    assert_eq!(providers.data[0].connection_owner, Some(DataIntegrationOwnership::User));
                    let accounts = providers.data[0].connected_accounts.as_deref().unwrap_or_default();
                    assert_eq!(accounts.iter().map(|account| &account.id).collect::<Vec<_>>(), [ACCOUNT]);
                    let account = providers.data[0].connected_account.as_ref().expect("an account");
                    assert_eq!(account.state, ConnectedAccountState::Connected);
                },
            ),
        row("workos_organization_data_integrations_list", &[ORG])
            .answers(json!({ "object": "list", "data": [configuration()] }))
            .typed(
                |client| {
                    client.organization_data_integrations_list(
                        params::OrganizationDataIntegrationsListParams::new(ORG),
                    )
                },
                |settings| {
                    let credentials = settings.data[0].credentials.as_ref().expect("credentials");
                    assert_eq!(credentials.credentials_type, DataIntegrationCredentialsSource::Organization);
                    assert!(credentials.has_credentials);
                },
            ),
        row("workos_organization_data_integration_set", &[ORG, "github"])
            .body(json!({ "scopes": ["repo"], "client_id": "Iv1.org", "client_secret": "org-secret-9f8e" }))
            .answers(configuration())
            .typed(
                |client| {
                    client.organization_data_integration_set(
                        params::OrganizationDataIntegrationSetParams::new(ORG, "github")
                            .scopes(strings(&["repo"]))
                            .client_id("Iv1.org")
                            .client_secret("org-secret-9f8e"),
                    )
                },
                |settings| assert_eq!(settings.scopes.as_deref(), Some(&["repo".to_owned()][..])),
            ),
    ]
}

fn connected_accounts() -> Vec<Case> {
    vec![
        row("workos_connected_account_authorize", &["github"])
            .body(json!({
                "user_id": USER,
                "organization_id": ORG,
                "return_to": "https://app.acme.com/integrations",
                "config": { "subdomain": "acme" },
            }))
            .answers(json!({
                "url": "https://github.com/login/oauth/authorize?client_id=Iv1.abc123&state=xyz",
                "state": "xyz",
            }))
            .typed(
                |client| {
                    client.connected_account_authorize(
                        params::ConnectedAccountAuthorizeParams::new("github", USER)
                            .organization_id(ORG)
                            .return_to("https://app.acme.com/integrations")
                            .config(BTreeMap::from([(
                                "subdomain".to_owned(),
                                "acme".to_owned(),
                            )])),
                    )
                },
                |answer| {
                    assert!(
                        answer
                            .url
                            .expose_secret()
                            .starts_with("https://github.com/")
                    );
                    assert_eq!(
                        answer.state.as_ref().map(|state| state.expose_secret()),
                        Some("xyz")
                    );
                },
            ),
        row("workos_connected_account_api_key_set", &["stripe"])
            .body(json!({ "user_id": USER, "secret": "rk_live_abcdef" }))
            .answers(account("api_key"))
            .typed(
                |client| {
                    client.connected_account_api_key_set(
                        params::ConnectedAccountApiKeySetParams::new(
                            "stripe",
                            USER,
                            "rk_live_abcdef",
                        ),
                    )
                },
                |account| {
                    assert_eq!(account.auth_method, Some(DataIntegrationAuthMethod::ApiKey));
                    assert_eq!(account.api_key_last_4.as_deref(), Some("cdef"));
                },
            ),
        row(
            "workos_connected_account_client_credentials_set",
            &["salesforce"],
        )
        .body(json!({
            "user_id": USER,
            "organization_id": ORG,
            "client_id": "3MVG9dZJodJWxft2VoStSCVwPFsx0eDcpVc",
            "client_secret": "sf-secret-7a1b",
            "config": { "mydomain": "acme" },
        }))
        .answers(with(account("client_credentials"), |account| {
            account["organization_id"] = json!(ORG);
            account["client_id"] = json!("3MVG9dZJodJWxft2VoStSCVwPFsx0eDcpVc");
            account["client_secret_last_4"] = json!("7a1b");
            account["config"] = json!({ "mydomain": "acme" });
        }))
        .typed(
            |client| {
                client.connected_account_client_credentials_set(
                    params::ConnectedAccountClientCredentialsSetParams::new(
                        "salesforce",
                        USER,
                        "3MVG9dZJodJWxft2VoStSCVwPFsx0eDcpVc",
                        "sf-secret-7a1b",
                    )
                    .organization_id(ORG)
                    .config(BTreeMap::from([("mydomain".to_owned(), "acme".to_owned())])),
                )
            },
            |account| assert_eq!(account.client_secret_last_4.as_deref(), Some("7a1b")),
        ),
        row("workos_connected_account_credentials_get", &["github"])
            .body(json!({ "user_id": USER }))
            .answers(json!({
                "active": true,
                "credential": {
                    "object": "credential",
                    "auth_method": "oauth",
                    "value": "gho_16C7e42F292c6912E7710c838347Ae178B4a",
                    "expires_at": "2026-12-31T23:59:59.000Z",
                    "scopes": ["repo"],
                    "missing_scopes": ["read:org"],
                    "metadata": { "installation_id": 42 },
                    "config": { "subdomain": "acme" },
                },
            }))
            .typed(
                |client| {
                    client.connected_account_credentials_get(
                        params::ConnectedAccountCredentialsGetParams::new("github", USER),
                    )
                },
                |answer| {
                    assert!(answer.active);
                    let credential = answer.credential.expect("a credential");
                    assert_eq!(credential.missing_scopes, Some(strings(&["read:org"])));
                    let metadata = credential.metadata.expect("metadata");
                    assert_eq!(metadata["installation_id"], 42);
                    let config = credential.config.expect("config");
                    assert_eq!(config["subdomain"], "acme");
                },
            ),
        row("workos_connected_account_credentials_get", &["github"])
            .variant("not installed")
            .body(json!({ "user_id": USER, "organization_id": ORG }))
            .answers(json!({ "active": false, "error": "not_installed" }))
            .typed(
                |client| {
                    client.connected_account_credentials_get(
                        params::ConnectedAccountCredentialsGetParams::new("github", USER)
                            .organization_id(ORG),
                    )
                },
                |answer| {
                    assert!(!answer.active && answer.credential.is_none());
                    assert_eq!(
                        answer.error,
                        Some(ConnectedAccountInactiveReason::NotInstalled)
                    );
                },
            ),
        row("workos_connected_account_token_get", &["github"])
            .body(json!({ "user_id": USER }))
            .answers(json!({
                "active": true,
                "access_token": {
                    "object": "access_token",
                    "access_token": "gho_16C7e42F292c6912E7710c838347Ae178B4a",
                    "expires_at": null,
                    "scopes": ["repo"],
                    "missing_scopes": [],
                },
            }))
            .typed(
                |client| {
                    client.connected_account_token_get(params::ConnectedAccountTokenGetParams::new(
                        "github", USER,
                    ))
                },
                |answer| {
                    let token = answer.access_token.expect("a token");
                    assert_eq!(token.expires_at, None);
                    assert!(token.missing_scopes.is_empty());
                },
            ),
        row("workos_connected_account_get", &[USER, "github"])
            .query(&[("organization_id", ORG)])
            .answers(with(account("oauth"), |account| {
                account["connection_role"] = json!("compatibility");
                account["account_identifier"] = json!("octocat");
                account["account_display_name"] = Value::Null;
            }))
            .typed(
                |client| {
                    client.connected_account_get(
                        params::ConnectedAccountGetParams::new(USER, "github").organization_id(ORG),
                    )
                },
                |account| {
                    assert_eq!(account.scopes, ["repo"]);
                    assert_eq!(
                        account.connection_role,
                        Some(ConnectedAccountConnectionRole::Compatibility)
                    );
                    assert_eq!(account.account_identifier.as_deref(), Some("octocat"));
                    assert_eq!(account.account_display_name, None);
                },
            ),
        row("workos_connected_account_import", &[USER, "github"])
            .body(json!({
                "access_token": "gho_16C7e42F292c6912E7710c838347Ae178B4a",
                "refresh_token": "ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c",
                "expires_at": "2026-12-31T23:59:59.000Z",
                "scopes": ["repo"],
            }))
            .answers(account("oauth"))
            .typed(
                |client| {
                    client.connected_account_import(
                        params::ConnectedAccountImportParams::new(USER, "github")
                            .access_token("gho_16C7e42F292c6912E7710c838347Ae178B4a")
                            .refresh_token("ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c")
                            .expires_at("2026-12-31T23:59:59.000Z")
                            .scopes(strings(&["repo"])),
                    )
                },
                |account| assert_eq!(account.id, ACCOUNT),
            ),
        row("workos_connected_account_update", &[USER, "github"])
            .query(&[("organization_id", ORG)])
            .body(json!({ "state": "needs_reauthorization" }))
            .answers(with(account("oauth"), |account| {
                account["state"] = json!("needs_reauthorization");
            }))
            .typed(
                |client| {
                    client.connected_account_update(
                        params::ConnectedAccountUpdateParams::new(USER, "github")
                            .organization_id(ORG)
                            .state(ConnectedAccountStateInput::NeedsReauthorization),
                    )
                },
                |account| assert_eq!(account.state, ConnectedAccountState::NeedsReauthorization),
            ),
        row("workos_connected_account_delete", &[USER, "github"]).deletes(204, |client| {
            client
                .connected_account_delete(params::ConnectedAccountDeleteParams::new(USER, "github"))
        }),
    ]
}
