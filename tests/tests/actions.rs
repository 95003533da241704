//! Every available action of the catalog through the typed client, as rows of one table, against
//! recording loopback servers.
//!
//! A row (see `support::cases`) calls the typed method with realistic arguments and checks the
//! request that reached the server against the action's descriptor (method, path template,
//! success status) and the literal values a WorkOS request has (path parameters, query, exact
//! JSON body, headers). A realistic answer, with fields the catalog does not know and, in
//! places, enum values it does not know, must decode into the typed model holding every value
//! sent, and the row checks what it says about the model. List actions are read as one page
//! and as a stream over two pages; deletes answer their real status with no body.
//!
//! `every_available_action_has_a_row` fails when the catalog gains an action without a row
//! here, or a row names an action the catalog no longer serves. Adding an action is one row.

#[path = "actions/authorization.rs"]
mod authorization;
mod support;
#[path = "actions/user_management.rs"]
mod user_management;

#[path = "actions/platform.rs"]
mod platform;

#[path = "actions/vault.rs"]
mod vault;

#[path = "actions/connect.rs"]
mod connect;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use support::cases::{Case, row, run_all};
use support::fixtures as fx;
use support::{Reply, Server, strings};
use workos_client::descriptors::API;
use workos_client::models::*;
use workos_client::params;

/// Ids with the prefixes WorkOS gives each kind of object.
mod ids {
    pub const ORG: &str = "org_01EHWNCE74X7JSDV0X3SZ3KJNY";
    pub const ORG_2: &str = "org_01EHZNVPK3SFK441A1RGBFSHRT";
    pub const ORG_3: &str = "org_01H5JQDV7R7ATEYZDEG0W5PRYS";
    pub const CONN: &str = "conn_01E4ZCR3C56J083X43JQXF3JK5";
    pub const CONN_2: &str = "conn_01E2NPPCT7XQ2MVVYDHWGK1WN4";
    pub const CONN_3: &str = "conn_01H1WSXQ3NNTQ2ZQ6PZ4RB3K8X";
    pub const DIRECTORY: &str = "directory_01ECAZ4NV9QMV47GW873HDCX74";
    pub const DIRECTORY_2: &str = "directory_01E8CS3GSBEBZ1F1CZAEE3KHDG";
    pub const DIRECTORY_3: &str = "directory_01H8Q0RMBZ1JB0K4A5S6X1Y2Z3";
    pub const DIRECTORY_USER: &str = "directory_user_01E1JG7J09H96KYP8HM9B0G5SJ";
    pub const DIRECTORY_USER_2: &str = "directory_user_01E64QTDNS0EGJ0FMCVY9BWGZT";
    pub const DIRECTORY_USER_3: &str = "directory_user_01H2G5QK8M9N0P1Q2R3S4T5V6W";
    pub const DIRECTORY_GROUP: &str = "directory_group_01E1JJS84MFPPQ3G655FHTKX6Z";
    pub const DIRECTORY_GROUP_2: &str = "directory_group_01E64QTDNS0EGJ0FMCVY9BWGZT";
    pub const DIRECTORY_GROUP_3: &str = "directory_group_01H2G5QK8M9N0P1Q2R3S4T5V6W";
    pub const USER: &str = "user_01E4ZCR3C56J083X43JQXF3JK5";
    pub const USER_2: &str = "user_01HYGBX8ZGD19949T3BM4FW1C3";
    pub const USER_3: &str = "user_01H7ZGXFP5C6BBQY6Z7277ZCT0";
    pub const MEMBERSHIP: &str = "om_01HXYZ123456789ABCDEFGHIJ";
    pub const MEMBERSHIP_2: &str = "om_01HXYZ987654321KJIHGFEDCBA";
    pub const MEMBERSHIP_3: &str = "om_01HZ1Q2W3E4R5T6Y7U8I9O0P1A";
    pub const INVITATION: &str = "invitation_01E4ZCR3C56J083X43JQXF3JK5";
    pub const FACTOR: &str = "auth_factor_01FVYZ5QM8N98T9ME5BCB2BBMJ";
    pub const FACTOR_2: &str = "auth_factor_01HXYZ987654321KJIHGFEDCBA";
    pub const FACTOR_3: &str = "auth_factor_01HZ1Q2W3E4R5T6Y7U8I9O0P1A";
    pub const CHALLENGE: &str = "auth_challenge_01FVYZ5QM8N98T9ME5BCB2BBMJ";
    pub const EVENT: &str = "event_01EHZNVPK3SFK441A1RGBFSHRT";
    pub const EVENT_2: &str = "event_01EHZNWAMCZ8C4MMW1FRRK0W8D";
    pub const EVENT_3: &str = "event_01EHZNX3C5FQ9J5QG9B8R1E7PW";
    pub const EXPORT: &str = "audit_log_export_01GBZK5MP7TD1YCFQHFR22180V";
}

use ids::*;

/// A fixture with some fields changed, for the rows that need another value (an unknown enum
/// value, a field left out).
fn with(mut value: Value, change: impl FnOnce(&mut Value)) -> Value {
    change(&mut value);
    value
}

#[test]
fn every_available_action_has_a_row() {
    let available: BTreeSet<&str> = API
        .actions
        .iter()
        .filter(|action| action.is_available())
        .map(|action| action.name)
        .collect();
    let table = table();
    let rows: BTreeSet<&str> = table.iter().map(|case| case.action).collect();
    let without_row: Vec<_> = available.difference(&rows).collect();
    let stale: Vec<_> = rows.difference(&available).collect();
    assert!(
        without_row.is_empty() && stale.is_empty(),
        "available actions without a row here: {without_row:?}; \
         rows naming no available action: {stale:?}"
    );
    let names: Vec<String> = table.iter().map(Case::name).collect();
    let distinct: BTreeSet<&String> = names.iter().collect();
    assert_eq!(distinct.len(), names.len(), "two rows share a name");
}

#[tokio::test]
async fn every_row_sends_what_the_catalog_declares_and_decodes_the_answer() {
    run_all(table()).await;
}

/// Every row, area by area.
fn table() -> Vec<Case> {
    [
        organizations(),
        connections(),
        directories(),
        users(),
        memberships(),
        audit_logs(),
        events(),
        mfa(),
        portal(),
        authorization::rows(),
        user_management::rows(),
        browser_pages(),
        deletes(),
        platform::platform(),
        vault::rows(),
        connect::rows(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Every delete: the status WorkOS answers, with no body.
fn deletes() -> Vec<Case> {
    vec![
        row("workos_organization_delete", &[ORG]).deletes(202, |client| {
            client.organization_delete(params::OrganizationDeleteParams::new(ORG))
        }),
        row("workos_connection_delete", &[CONN]).deletes(204, |client| {
            client.connection_delete(params::ConnectionDeleteParams::new(CONN))
        }),
        row("workos_user_delete", &[USER]).deletes(200, |client| {
            client.user_delete(params::UserDeleteParams::new(USER))
        }),
        row("workos_organization_membership_delete", &[MEMBERSHIP]).deletes(200, |client| {
            client.organization_membership_delete(params::OrganizationMembershipDeleteParams::new(
                MEMBERSHIP,
            ))
        }),
        row("workos_mfa_enrollment_delete", &[FACTOR]).deletes(204, |client| {
            client.mfa_enrollment_delete(params::MfaEnrollmentDeleteParams::new(FACTOR))
        }),
    ]
}

fn organizations() -> Vec<Case> {
    let metadata = BTreeMap::from([
        ("tier".to_owned(), "enterprise".to_owned()),
        ("region".to_owned(), "eu".to_owned()),
    ]);
    vec![
        row("workos_organizations_list", &[])
            .query(&[
                ("domains", "foo-corp.com,acme.io"),
                ("search", "Acme Inc"),
                ("limit", "2"),
                ("order", "asc"),
            ])
            // Domains are one comma-joined value, the comma unencoded.
            .raw_query("domains=foo-corp.com,acme.io")
            .items([
                fx::organization(ORG, "Acme Inc."),
                with(fx::organization(ORG_2, "Acme Labs"), |org| {
                    org["domains"][0]["state"] = json!("verification_in_progress")
                }),
                fx::organization(ORG_3, "Acme West"),
            ])
            .typed(
                params::OrganizationsListParams::new()
                    .domains(strings(&["foo-corp.com", "acme.io"]))
                    .search("Acme Inc")
                    .limit(2)
                    .order(PaginationOrder::Asc),
                |client, params| client.organizations_list(params),
                |client, params| client.organizations_list_stream(params),
                |page| {
                    assert_eq!(page.items[0].id, ORG);
                    assert_eq!(page.items[0].name, "Acme Inc.");
                    assert_eq!(page.items[0].domains[0].state, Some(DomainState::Verified));
                    assert_eq!(page.items[1].name, "Acme Labs");
                    let state = page.items[1].domains[0].state.as_ref();
                    assert_eq!(
                        state,
                        Some(&DomainState::Other("verification_in_progress".to_owned()))
                    );
                    assert_eq!(state.map(|s| s.as_str()), Some("verification_in_progress"));
                },
                |items| assert_eq!(items[2].name, "Acme West"),
            ),
        row("workos_organization_get", &[ORG])
            .answers(fx::organization(ORG, "Acme Inc."))
            .typed(
                |client| client.organization_get(params::OrganizationGetParams::new(ORG)),
                |org| {
                    assert_eq!(org.object, "organization");
                    assert_eq!(org.id, ORG);
                    assert_eq!(org.name, "Acme Inc.");
                    assert_eq!(org.metadata["tier"], "enterprise");
                    assert_eq!(
                        org.external_id.as_deref(),
                        Some("2fe01467-f7ea-4dd2-8b79-c2b4f56d0191")
                    );
                    assert_eq!(
                        org.stripe_customer_id.as_deref(),
                        Some("cus_R9qWAGMQ6nGE7V")
                    );
                    assert_eq!(org.allow_profiles_outside_organization, Some(false));
                    assert_eq!(org.created_at, fx::CREATED);
                    assert_eq!(org.updated_at, fx::UPDATED);
                    let domain = &org.domains[0];
                    assert_eq!(domain.id, "org_domain_01EHZNVPK2QXHMVWCEDQEKY69A");
                    assert_eq!(domain.organization_id, ORG);
                    assert_eq!(domain.domain, "foo-corp.com");
                    assert_eq!(domain.state, Some(DomainState::Verified));
                    assert_eq!(
                        domain.verification_strategy,
                        Some(DomainVerificationStrategy::Dns)
                    );
                    assert_eq!(
                        domain.verification_token.as_deref(),
                        Some("m5Oztg3jdK4NJLgs8uIlIprMw")
                    );
                },
            ),
        row("workos_organization_create", &[])
            .body(json!({
                "name": "Foo Corp",
                "domain_data": [
                    { "domain": "foo-corp.com", "state": "verified" },
                    { "domain": "foo-corp.io", "state": "pending" },
                ],
                "metadata": { "tier": "enterprise", "region": "eu" },
                "external_id": "2fe01467-f7ea-4dd2-8b79-c2b4f56d0191",
            }))
            .answers(with(fx::organization(ORG, "Foo Corp"), |org| {
                org["domains"] = json!([
                    fx::organization_domain(
                        "org_domain_01HEJXJSTVEDT7T58BM70FMFET",
                        ORG,
                        "foo-corp.com",
                        "verified"
                    ),
                    fx::organization_domain(
                        "org_domain_01HEJXJSTVEDT7T58BM70FMFEV",
                        ORG,
                        "foo-corp.io",
                        "pending"
                    ),
                ]);
                org["metadata"] = json!({ "tier": "enterprise", "region": "eu" });
            }))
            .typed(
                {
                    let metadata = metadata.clone();
                    |client| {
                        client.organization_create(
                            params::OrganizationCreateParams::new("Foo Corp")
                                .domain_data(vec![
                                    DomainData::new("foo-corp.com", DomainDataState::Verified),
                                    DomainData::new("foo-corp.io", DomainDataState::Pending),
                                ])
                                .metadata(metadata)
                                .external_id("2fe01467-f7ea-4dd2-8b79-c2b4f56d0191"),
                        )
                    }
                },
                move |org| {
                    assert_eq!(org.id, ORG);
                    assert_eq!(org.name, "Foo Corp");
                    assert_eq!(org.metadata, metadata);
                    let domains: Vec<(&str, Option<&DomainState>)> = org
                        .domains
                        .iter()
                        .map(|d| (d.domain.as_str(), d.state.as_ref()))
                        .collect();
                    assert_eq!(
                        domains,
                        [
                            ("foo-corp.com", Some(&DomainState::Verified)),
                            ("foo-corp.io", Some(&DomainState::Pending)),
                        ]
                    );
                },
            ),
        row("workos_organization_update", &[ORG])
            .body(json!({
                "name": "Foo Corp International",
                "domain_data": [{ "domain": "foo-corp.com", "state": "verified" }],
                "metadata": {},
                "stripe_customer_id": "cus_NffrFeUfNV2Hib",
            }))
            .answers(with(
                fx::organization(ORG, "Foo Corp International"),
                |org| {
                    org["stripe_customer_id"] = json!("cus_NffrFeUfNV2Hib");
                    org["metadata"] = json!({});
                    org["external_id"] = json!(null);
                },
            ))
            .typed(
                |client| {
                    client.organization_update(
                        params::OrganizationUpdateParams::new(ORG)
                            .name("Foo Corp International")
                            .domain_data(vec![DomainData::new("foo-corp.com", "verified")])
                            .metadata(BTreeMap::new())
                            .stripe_customer_id("cus_NffrFeUfNV2Hib"),
                    )
                },
                |org| {
                    assert_eq!(org.name, "Foo Corp International");
                    assert_eq!(
                        org.stripe_customer_id.as_deref(),
                        Some("cus_NffrFeUfNV2Hib")
                    );
                    assert!(org.metadata.is_empty());
                    assert_eq!(org.external_id, None);
                },
            ),
    ]
}

const CERT: &str = "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----";
const KEY: &str = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----";

fn connections() -> Vec<Case> {
    vec![
        row("workos_connections_list", &[])
            .query(&[
                ("connection_type", "OktaSAML"),
                ("domain", "foo-corp.com"),
                ("organization_id", ORG),
                ("search", "Foo"),
                ("limit", "2"),
            ])
            .items([
                fx::connection(CONN, ORG, "Foo Corp"),
                with(fx::connection(CONN_2, ORG, "Foo Corp (staging)"), |c| {
                    c["connection_type"] = json!("HyperIdpSAML");
                    c["state"] = json!("suspended");
                }),
                fx::connection(CONN_3, ORG, "Foo EU"),
            ])
            .typed(
                params::ConnectionsListParams::new()
                    .connection_type(ConnectionType::OktaSAML)
                    .domain("foo-corp.com")
                    .organization_id(ORG)
                    .search("Foo")
                    .limit(2),
                |client, params| client.connections_list(params),
                |client, params| client.connections_list_stream(params),
                |page| {
                    assert_eq!(page.items[0].connection_type, ConnectionType::OktaSAML);
                    assert_eq!(page.items[0].state, ConnectionState::Active);
                    let unknown = &page.items[1];
                    assert_eq!(
                        unknown.connection_type,
                        ConnectionType::Other("HyperIdpSAML".to_owned())
                    );
                    assert_eq!(unknown.connection_type.as_str(), "HyperIdpSAML");
                    assert_eq!(unknown.state, ConnectionState::Other("suspended".to_owned()));
                },
                |_| {},
            ),
        row("workos_connection_get", &[CONN])
            .answers(fx::connection(CONN, ORG, "Foo Corp"))
            .typed(
                |client| client.connection_get(params::ConnectionGetParams::new(CONN)),
                |connection| {
                    assert_eq!(connection.object, "connection");
                    assert_eq!(connection.id, CONN);
                    assert_eq!(connection.organization_id.as_deref(), Some(ORG));
                    assert_eq!(connection.name, "Foo Corp");
                    assert_eq!(connection.connection_type, ConnectionType::OktaSAML);
                    assert_eq!(connection.state, ConnectionState::Active);
                    assert_eq!(connection.status, Some(ConnectionStatus::Linked));
                    assert_eq!(connection.domains.len(), 1);
                    assert_eq!(connection.domains[0].domain, "foo-corp.com");
                    assert_eq!(connection.domains[0].object, "connection_domain");
                    assert_eq!(connection.external_id, None);
                    let cert = connection.options.map(|o| o.signing_cert);
                    assert_eq!(cert, Some(None));
                },
            ),
        row("workos_connection_create", &[])
            .variant("SAML options")
            .body(json!({
                "organization_id": ORG,
                "name": "Foo Corp",
                "external_id": "foo-okta",
                "connection_type": "OktaSAML",
                "attribute_maps": {
                    "standard_attributes": { "email": "mail", "first_name": "givenName" },
                    "custom_attributes": { "department": "dept" },
                },
                "saml_options": {
                    "idp_entity_id": "http://www.okta.com/exk1a2b3c4",
                    "idp_sso_url": "https://foo-corp.okta.com/app/sso/saml",
                    "idp_signing_certs": [CERT],
                    "sp_signing_key_pair": { "key": KEY, "cert": CERT },
                },
            }))
            .answers(with(fx::connection(CONN, ORG, "Foo Corp"), |c| {
                c["state"] = json!("draft");
                c["external_id"] = json!("foo-okta");
                c["options"] = json!({ "signing_cert": CERT });
            }))
            .typed(
                |client| {
                    let custom = BTreeMap::from([("department".to_owned(), "dept".to_owned())]);
                    client.connection_create(
                        params::ConnectionCreateParams::new(ORG)
                            .name("Foo Corp")
                            .external_id("foo-okta")
                            .connection_type(ConnectionType::OktaSAML)
                            .attribute_maps(
                                ConnectionAttributeMaps::new()
                                    .standard_attributes(
                                        ConnectionStandardAttributes::new()
                                            .email("mail")
                                            .first_name("givenName"),
                                    )
                                    .custom_attributes(custom),
                            )
                            .saml_options(
                                ConnectionSamlOptions::new()
                                    .idp_entity_id("http://www.okta.com/exk1a2b3c4")
                                    .idp_sso_url("https://foo-corp.okta.com/app/sso/saml")
                                    .idp_signing_certs(vec![CERT.to_owned()])
                                    .sp_signing_key_pair(ConnectionKeyPair::new(KEY, CERT)),
                            ),
                    )
                },
                |connection| {
                    assert_eq!(connection.id, CONN);
                    assert_eq!(connection.state, ConnectionState::Draft);
                    assert_eq!(connection.external_id.as_deref(), Some("foo-okta"));
                    let cert = connection.options.and_then(|o| o.signing_cert);
                    assert_eq!(cert.as_deref(), Some(CERT));
                },
            ),
        row("workos_connection_create", &[])
            .variant("OIDC options")
            .body(json!({
                "organization_id": ORG,
                "oidc_options": {
                    "discovery_endpoint": "https://idp.foo-corp.com/.well-known/openid-configuration",
                    "client_id": "client_0a1b2c",
                    "client_secret": "s3cr3t-value",
                    "pkce": true,
                    "token_authentication_method": "client_secret_post",
                    "id_token_signature_algorithm": "RS256",
                    "fetch_user_info": false,
                },
            }))
            .answers(with(fx::connection(CONN, ORG, "Foo Corp"), |c| {
                c["connection_type"] = json!("GenericOIDC");
                c["state"] = json!("validating");
                c.as_object_mut().unwrap().remove("options");
            }))
            .typed(
                |client| {
                    client.connection_create(
                        params::ConnectionCreateParams::new(ORG).oidc_options(
                            ConnectionOidcOptions::new(
                                "https://idp.foo-corp.com/.well-known/openid-configuration",
                                "client_0a1b2c",
                            )
                            .client_secret("s3cr3t-value")
                            .pkce(true)
                            .token_authentication_method(
                                OidcTokenAuthenticationMethod::ClientSecretPost,
                            )
                            .id_token_signature_algorithm(OidcSignatureAlgorithm::Rs256)
                            .fetch_user_info(false),
                        ),
                    )
                },
                |connection| {
                    assert_eq!(connection.connection_type, ConnectionType::GenericOIDC);
                    assert_eq!(connection.state, ConnectionState::Validating);
                    assert_eq!(connection.options, None);
                },
            ),
        row("workos_connection_update", &[CONN])
            .body(json!({
                "name": "Foo Corp SSO",
                "external_id": "foo-okta-2",
                "attribute_maps": {
                    "custom_attributes": { "department": "dept", "cost_center": null },
                },
                "saml_options": {
                    "idp_metadata_url": "https://foo-corp.okta.com/app/exk1a2b3c4/sso/saml/metadata",
                },
            }))
            .answers(with(fx::connection(CONN, ORG, "Foo Corp SSO"), |c| {
                c["external_id"] = json!("foo-okta-2");
            }))
            .typed(
                |client| {
                    let custom = BTreeMap::from([
                        ("department".to_owned(), json!("dept")),
                        ("cost_center".to_owned(), Value::Null),
                    ]);
                    client.connection_update(
                        params::ConnectionUpdateParams::new(CONN)
                            .name("Foo Corp SSO")
                            .external_id("foo-okta-2")
                            .attribute_maps(
                                ConnectionAttributeMapsPatch::new().custom_attributes(custom),
                            )
                            .saml_options(ConnectionSamlOptionsPatch::new().idp_metadata_url(
                                "https://foo-corp.okta.com/app/exk1a2b3c4/sso/saml/metadata",
                            )),
                    )
                },
                |connection| {
                    assert_eq!(connection.name, "Foo Corp SSO");
                    assert_eq!(connection.external_id.as_deref(), Some("foo-okta-2"));
                },
            ),
    ]
}

fn directories() -> Vec<Case> {
    vec![
        row("workos_directories_list", &[])
            .query(&[
                ("organization_id", ORG),
                ("search", "Foo"),
                ("limit", "2"),
                ("order", "desc"),
            ])
            .items([
                fx::directory(DIRECTORY, ORG, "Foo Corp"),
                with(fx::directory(DIRECTORY_2, ORG, "Foo Corp HR"), |d| {
                    d["type"] = json!("adp workforce now");
                    d["state"] = json!("paused");
                }),
                fx::directory(DIRECTORY_3, ORG, "Foo EU"),
            ])
            .typed(
                params::DirectoriesListParams::new()
                    .organization_id(ORG)
                    .search("Foo")
                    .limit(2)
                    .order(PaginationOrder::Desc),
                |client, params| client.directories_list(params),
                |client, params| client.directories_list_stream(params),
                |page| {
                    assert_eq!(page.items[0].r#type, DirectoryType::GsuiteDirectory);
                    let unknown = &page.items[1];
                    assert_eq!(
                        unknown.r#type,
                        DirectoryType::Other("adp workforce now".to_owned())
                    );
                    assert_eq!(unknown.state, DirectoryState::Other("paused".to_owned()));
                },
                |_| {},
            ),
        row("workos_directory_get", &[DIRECTORY])
            .answers(fx::directory(DIRECTORY, ORG_2, "Foo Corp"))
            .typed(
                |client| client.directory_get(params::DirectoryGetParams::new(DIRECTORY)),
                |directory| {
                    assert_eq!(directory.object, "directory");
                    assert_eq!(directory.id, DIRECTORY);
                    assert_eq!(directory.organization_id, ORG_2);
                    assert_eq!(directory.external_key, "sPa12dwRQ");
                    assert_eq!(directory.r#type, DirectoryType::GsuiteDirectory);
                    assert_eq!(directory.state, DirectoryState::Linked);
                    assert_eq!(directory.name, "Foo Corp");
                    assert_eq!(directory.domain.as_deref(), Some("foo-corp.com"));
                    let metadata = directory.metadata.expect("metadata");
                    let counts = (metadata.users.active, metadata.users.inactive);
                    assert_eq!((counts.0, counts.1, metadata.groups), (42, 3, 5));
                },
            ),
        row("workos_directory_sync_users", &[])
            .query(&[
                ("directory", DIRECTORY),
                ("group", DIRECTORY_GROUP),
                ("limit", "2"),
            ])
            .items([
                fx::directory_user(
                    DIRECTORY_USER,
                    DIRECTORY,
                    ORG,
                    "marcelina.davis@example.com",
                ),
                with(
                    fx::directory_user(DIRECTORY_USER_2, DIRECTORY, ORG, "veda.torp@example.com"),
                    |user| {
                        user["state"] = json!("on_leave");
                        user["email"] = json!(null);
                    },
                ),
                fx::directory_user(DIRECTORY_USER_3, DIRECTORY, ORG, "lee@example.com"),
            ])
            .typed(
                params::DirectorySyncUsersParams::new(DIRECTORY)
                    .group(DIRECTORY_GROUP)
                    .limit(2),
                |client, params| client.directory_sync_users(params),
                |client, params| client.directory_sync_users_stream(params),
                |page| {
                    assert_eq!(page.items[0].state, DirectoryUserState::Active);
                    let email = page.items[0].email.as_deref();
                    assert_eq!(email, Some("marcelina.davis@example.com"));
                    let unknown = &page.items[1];
                    assert_eq!(
                        unknown.state,
                        DirectoryUserState::Other("on_leave".to_owned())
                    );
                    assert_eq!(unknown.email, None);
                },
                |_| {},
            ),
        row("workos_directory_sync_groups", &[])
            .query(&[
                ("directory", DIRECTORY),
                ("user", DIRECTORY_USER),
                ("limit", "2"),
            ])
            .items([
                fx::directory_group(DIRECTORY_GROUP, DIRECTORY, ORG, "Developers"),
                fx::directory_group(DIRECTORY_GROUP_2, DIRECTORY, ORG, "Designers"),
                fx::directory_group(DIRECTORY_GROUP_3, DIRECTORY, ORG, "Support"),
            ])
            .typed(
                params::DirectorySyncGroupsParams::new(DIRECTORY)
                    .user(DIRECTORY_USER)
                    .limit(2),
                |client, params| client.directory_sync_groups(params),
                |client, params| client.directory_sync_groups_stream(params),
                |page| {
                    assert_eq!(page.items[0].name, "Developers");
                    assert_eq!(page.items[1].name, "Designers");
                    assert_eq!(page.items[1].directory_id, DIRECTORY);
                },
                |_| {},
            ),
        row("workos_directory_user_get", &[DIRECTORY_USER])
            .answers(fx::directory_user(
                DIRECTORY_USER,
                DIRECTORY,
                ORG,
                "marcelina.davis@example.com",
            ))
            .typed(
                |client| {
                    client.directory_user_get(params::DirectoryUserGetParams::new(DIRECTORY_USER))
                },
                |user| {
                    assert_eq!(user.object, "directory_user");
                    assert_eq!(user.id, DIRECTORY_USER);
                    assert_eq!(user.directory_id, DIRECTORY);
                    assert_eq!(user.organization_id, ORG);
                    assert_eq!(user.idp_id, "2836");
                    assert_eq!(user.first_name.as_deref(), Some("Marcelina"));
                    assert_eq!(user.job_title.as_deref(), Some("Software Engineer"));
                    assert_eq!(user.state, DirectoryUserState::Active);
                    let emails = user.emails.expect("emails");
                    assert_eq!(emails[0].primary, Some(true));
                    let email = emails[0].value.as_deref();
                    assert_eq!(email, Some("marcelina.davis@example.com"));
                    assert_eq!(user.raw_attributes["manager"], json!({ "value": "2835" }));
                    assert_eq!(user.custom_attributes["cost_center"], json!(4021));
                    assert_eq!(user.role.map(|r| r.slug).as_deref(), Some("admin"));
                    let roles: Vec<String> = user
                        .roles
                        .unwrap_or_default()
                        .into_iter()
                        .map(|r| r.slug)
                        .collect();
                    assert_eq!(roles, ["admin", "billing"]);
                    let groups = user.groups.expect("groups");
                    assert_eq!(groups[0].id, DIRECTORY_GROUP);
                    assert_eq!(groups[0].name, "Developers");
                },
            ),
        row("workos_directory_group_get", &[DIRECTORY_GROUP])
            .answers(fx::directory_group(
                DIRECTORY_GROUP,
                DIRECTORY,
                ORG,
                "Developers",
            ))
            .typed(
                |client| {
                    client
                        .directory_group_get(params::DirectoryGroupGetParams::new(DIRECTORY_GROUP))
                },
                |group| {
                    assert_eq!(group.object, "directory_group");
                    assert_eq!(group.id, DIRECTORY_GROUP);
                    assert_eq!(group.idp_id, "02grqrue4294w24");
                    assert_eq!(group.directory_id, DIRECTORY);
                    assert_eq!(group.organization_id, ORG);
                    assert_eq!(group.name, "Developers");
                    let raw = group.raw_attributes.expect("raw attributes");
                    assert_eq!(raw["email"], json!("developers@foo-corp.com"));
                },
            ),
    ]
}

fn users() -> Vec<Case> {
    vec![
        row("workos_users_list", &[])
            .query(&[
                ("organization_id", ORG),
                ("email", "marcelina+sso@example.com"),
                ("limit", "2"),
            ])
            // `+` must be encoded or the server reads a space.
            .raw_query("email=marcelina%2Bsso%40example.com")
            .items([
                fx::user(USER, "marcelina+sso@example.com"),
                fx::user(USER_2, "marcelina+sso@example.com"),
                fx::user(USER_3, "marcelina+sso@example.com"),
            ])
            .typed(
                params::UsersListParams::new()
                    .organization_id(ORG)
                    .email("marcelina+sso@example.com")
                    .limit(2),
                |client, params| client.users_list(params),
                |client, params| client.users_list_stream(params),
                |page| assert_eq!(page.items[0].email, "marcelina+sso@example.com"),
                |_| {},
            ),
        row("workos_user_get", &[USER])
            .answers(fx::user(USER, "marcelina.davis@example.com"))
            .typed(
                |client| client.user_get(params::UserGetParams::new(USER)),
                |user| {
                    assert_eq!(user.object, "user");
                    assert_eq!(user.id, USER);
                    assert_eq!(user.email, "marcelina.davis@example.com");
                    assert!(user.email_verified);
                    assert_eq!(user.first_name.as_deref(), Some("Marcelina"));
                    assert_eq!(user.last_name.as_deref(), Some("Davis"));
                    assert_eq!(
                        user.profile_picture_url.as_deref(),
                        Some("https://workoscdn.com/images/v1/123abc")
                    );
                    let signed_in = user.last_sign_in_at.as_deref();
                    assert_eq!(signed_in, Some("2025-06-25T19:07:33.155Z"));
                    assert_eq!(user.locale.as_deref(), Some("en-US"));
                    let plan = user.metadata.and_then(|m| m.get("plan").cloned());
                    assert_eq!(plan.as_deref(), Some("pro"));
                },
            ),
        row("workos_user_create", &[])
            .body(json!({
                "email": "marcelina.davis@example.com",
                "first_name": "Marcelina",
                "last_name": "Davis",
                "email_verified": false,
                "metadata": { "plan": "pro" },
                "external_id": "f1ffa2b2-c20b-4d39-be5c-212726e11222",
                "password_hash": "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
                "password_hash_type": "bcrypt",
            }))
            .answers(with(
                fx::user(USER, "marcelina.davis@example.com"),
                |user| {
                    user["email_verified"] = json!(false);
                    user["last_sign_in_at"] = json!(null);
                    user["metadata"] = json!({ "plan": "pro" });
                    user["external_id"] = json!("f1ffa2b2-c20b-4d39-be5c-212726e11222");
                },
            ))
            .typed(
                |client| {
                    client.user_create(
                        params::UserCreateParams::new("marcelina.davis@example.com")
                            .first_name("Marcelina")
                            .last_name("Davis")
                            .email_verified(false)
                            .metadata(BTreeMap::from([("plan".to_owned(), "pro".to_owned())]))
                            .external_id("f1ffa2b2-c20b-4d39-be5c-212726e11222")
                            .password_hash(
                                "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
                            )
                            .password_hash_type(PasswordHashType::Bcrypt),
                    )
                },
                |user| {
                    assert_eq!(user.id, USER);
                    assert_eq!(user.email, "marcelina.davis@example.com");
                    assert!(!user.email_verified);
                    assert_eq!(user.last_sign_in_at, None);
                    assert_eq!(
                        user.external_id.as_deref(),
                        Some("f1ffa2b2-c20b-4d39-be5c-212726e11222")
                    );
                },
            ),
        row("workos_user_update", &[USER])
            .body(json!({
                "email": "marcelina@foo-corp.com",
                "first_name": "Marce",
                "locale": "fr-CA",
                "password": "correct horse battery staple",
            }))
            .answers(with(fx::user(USER, "marcelina@foo-corp.com"), |user| {
                user["first_name"] = json!("Marce");
                user["locale"] = json!("fr-CA");
            }))
            .typed(
                |client| {
                    client.user_update(
                        params::UserUpdateParams::new(USER)
                            .email("marcelina@foo-corp.com")
                            .first_name("Marce")
                            .locale("fr-CA")
                            .password("correct horse battery staple"),
                    )
                },
                |user| {
                    assert_eq!(user.email, "marcelina@foo-corp.com");
                    assert_eq!(user.first_name.as_deref(), Some("Marce"));
                    assert_eq!(user.locale.as_deref(), Some("fr-CA"));
                },
            ),
        row("workos_user_invite", &[])
            .body(json!({
                "email": "marcelina.davis@example.com",
                "organization_id": ORG,
                "role_slug": "admin",
                "expires_in_days": 14,
                "inviter_user_id": USER_2,
                "locale": "en-US",
            }))
            .answers(fx::invitation(
                INVITATION,
                "marcelina.davis@example.com",
                ORG,
                USER_2,
            ))
            .typed(
                |client| {
                    client.user_invite(
                        params::UserInviteParams::new("marcelina.davis@example.com")
                            .organization_id(ORG)
                            .role_slug("admin")
                            .expires_in_days(14)
                            .inviter_user_id(USER_2)
                            .locale(Locale::EnUs),
                    )
                },
                |invitation| {
                    assert_eq!(invitation.object, "invitation");
                    assert_eq!(invitation.id, INVITATION);
                    assert_eq!(invitation.email, "marcelina.davis@example.com");
                    assert_eq!(invitation.state, InvitationState::Pending);
                    assert_eq!(invitation.organization_id.as_deref(), Some(ORG));
                    assert_eq!(invitation.inviter_user_id.as_deref(), Some(USER_2));
                    assert_eq!(invitation.role_slug.as_deref(), Some("admin"));
                    assert_eq!(invitation.accepted_at, None);
                    assert_eq!(invitation.accepted_user_id, None);
                    assert_eq!(
                        invitation.token.expose_secret(),
                        "Z1uX3RbwcIl5fIGJJJCXXisdI"
                    );
                    let url = &invitation.accept_invitation_url;
                    assert!(url.expose_secret().ends_with("Z1uX3RbwcIl5fIGJJJCXXisdI"));
                },
            ),
        // A typed call may send an enum value the catalog does not know yet (chosen in code on
        // purpose), and an answer may carry one.
        row("workos_user_invite", &[])
            .variant("unknown enum values both ways")
            .body(json!({ "email": "marcelina.davis@example.com", "locale": "tlh" }))
            .answers(with(
                fx::invitation(INVITATION, "marcelina.davis@example.com", ORG, USER_2),
                |invitation| invitation["state"] = json!("scheduled"),
            ))
            .typed(
                |client| {
                    client.user_invite(
                        params::UserInviteParams::new("marcelina.davis@example.com")
                            .locale(Locale::Other("tlh".to_owned())),
                    )
                },
                |invitation| {
                    let scheduled = InvitationState::Other("scheduled".to_owned());
                    assert_eq!(invitation.state, scheduled);
                    assert_eq!(invitation.state.to_string(), "scheduled");
                },
            ),
    ]
}

fn memberships() -> Vec<Case> {
    vec![
        row("workos_organization_memberships_list", &[])
            .query(&[
                ("user_id", USER),
                ("organization_id", ORG),
                ("statuses", "active,pending"),
                ("limit", "2"),
            ])
            .raw_query("statuses=active,pending")
            .items([
                fx::organization_membership(MEMBERSHIP, USER, ORG),
                with(fx::organization_membership(MEMBERSHIP_2, USER, ORG), |m| {
                    m["status"] = json!("suspended")
                }),
                fx::organization_membership(MEMBERSHIP_3, USER, ORG),
            ])
            .typed(
                params::OrganizationMembershipsListParams::new()
                    .user_id(USER)
                    .organization_id(ORG)
                    .statuses(vec![
                        OrganizationMembershipStatus::Active,
                        OrganizationMembershipStatus::Pending,
                    ])
                    .limit(2),
                |client, params| client.organization_memberships_list(params),
                |client, params| client.organization_memberships_list_stream(params),
                |page| {
                    assert_eq!(page.items[0].status, OrganizationMembershipStatus::Active);
                    assert_eq!(
                        page.items[1].status,
                        OrganizationMembershipStatus::Other("suspended".to_owned())
                    );
                },
                |_| {},
            ),
        row("workos_organization_membership_get", &[MEMBERSHIP])
            .answers(fx::organization_membership(MEMBERSHIP, USER, ORG))
            .typed(
                |client| {
                    client.organization_membership_get(
                        params::OrganizationMembershipGetParams::new(MEMBERSHIP),
                    )
                },
                |membership| {
                    assert_eq!(membership.object, "organization_membership");
                    assert_eq!(membership.id, MEMBERSHIP);
                    assert_eq!(membership.user_id, USER);
                    assert_eq!(membership.organization_id, ORG);
                    assert_eq!(membership.organization_name.as_deref(), Some("Acme Corp"));
                    assert_eq!(membership.status, OrganizationMembershipStatus::Active);
                    assert!(!membership.directory_managed);
                    assert_eq!(membership.role.slug, "admin");
                    let custom = membership.custom_attributes.expect("custom attributes");
                    assert_eq!(custom["department"], json!("Engineering"));
                    let user = membership.user.expect("the embedded user");
                    assert_eq!(user.id, USER);
                    assert_eq!(user.email, "marcelina.davis@example.com");
                },
            ),
        row("workos_organization_membership_create", &[])
            .body(json!({
                "user_id": USER,
                "organization_id": ORG,
                "role_slugs": ["admin", "billing"],
            }))
            .answers(with(
                fx::organization_membership(MEMBERSHIP, USER, ORG),
                |m| {
                    m["role"] = json!({ "slug": "admin" });
                    m["roles"] = json!([{ "slug": "admin" }, { "slug": "billing" }]);
                },
            ))
            .typed(
                |client| {
                    client.organization_membership_create(
                        params::OrganizationMembershipCreateParams::new(USER, ORG)
                            .role_slugs(strings(&["admin", "billing"])),
                    )
                },
                |membership| {
                    assert_eq!(membership.user_id, USER);
                    assert_eq!(membership.organization_id, ORG);
                    let roles = membership.roles.unwrap_or_default();
                    let slugs: Vec<String> = roles.into_iter().map(|r| r.slug).collect();
                    assert_eq!(slugs, ["admin", "billing"]);
                },
            ),
        row("workos_organization_membership_update", &[MEMBERSHIP])
            .body(json!({ "role_slug": "member" }))
            .answers(with(
                fx::organization_membership(MEMBERSHIP, USER, ORG),
                |m| {
                    m["role"] = json!({ "slug": "member" });
                    m["roles"] = json!([{ "slug": "member" }]);
                },
            ))
            .typed(
                |client| {
                    client.organization_membership_update(
                        params::OrganizationMembershipUpdateParams::new(MEMBERSHIP)
                            .role_slug("member"),
                    )
                },
                |membership| {
                    assert_eq!(membership.id, MEMBERSHIP);
                    assert_eq!(membership.role.slug, "member");
                },
            ),
    ]
}

fn audit_logs() -> Vec<Case> {
    let url = "https://exports.audit-logs.com/audit-log-exports/export.csv";
    vec![
        row("workos_audit_logs_list", &[])
            .body(json!({
                "organization_id": ORG,
                "range_start": "2026-01-01T00:00:00Z",
                "range_end": "2026-01-31T23:59:59Z",
                "actions": ["user.signed_in", "user.logged_out"],
                "actor_names": ["Jon Smith"],
                "actor_ids": [USER],
                "targets": ["team", "user"],
            }))
            .answers(fx::audit_log_export(EXPORT, "pending", None))
            .typed(
                |client| {
                    client.audit_logs_list(
                        params::AuditLogsListParams::new(
                            ORG,
                            "2026-01-01T00:00:00Z",
                            "2026-01-31T23:59:59Z",
                        )
                        .actions(strings(&["user.signed_in", "user.logged_out"]))
                        .actor_names(strings(&["Jon Smith"]))
                        .actor_ids(strings(&[USER]))
                        .targets(strings(&["team", "user"])),
                    )
                },
                |export| {
                    assert_eq!(export.object, "audit_log_export");
                    assert_eq!(export.id, EXPORT);
                    assert_eq!(export.state, AuditLogExportState::Pending);
                    assert_eq!(export.url, None);
                    assert_eq!(export.created_at, "2022-09-02T17:14:57.094Z");
                },
            ),
        row("workos_audit_log_export_get", &[EXPORT])
            .answers(fx::audit_log_export(EXPORT, "ready", Some(url)))
            .typed(
                |client| client.audit_log_export_get(params::AuditLogExportGetParams::new(EXPORT)),
                move |export| {
                    assert_eq!(export.id, EXPORT);
                    assert_eq!(export.state, AuditLogExportState::Ready);
                    assert_eq!(export.url.as_deref(), Some(url));
                },
            ),
        row("workos_audit_log_export_get", &[EXPORT])
            .variant("a state the catalog does not know")
            .answers(fx::audit_log_export(EXPORT, "archived", None))
            .typed(
                |client| client.audit_log_export_get(params::AuditLogExportGetParams::new(EXPORT)),
                |export| {
                    let archived = AuditLogExportState::Other("archived".to_owned());
                    assert_eq!(export.state, archived);
                },
            ),
    ]
}

fn events() -> Vec<Case> {
    vec![
        row("workos_events_list", &[])
            .query(&[
                ("events", "user.created,dsync.user.created"),
                ("range_start", "2026-01-01T00:00:00Z"),
                ("range_end", "2026-01-31T23:59:59Z"),
                ("organization_id", ORG),
                ("limit", "2"),
            ])
            .raw_query("events=user.created,dsync.user.created")
            .items([
                fx::event(
                    EVENT,
                    "dsync.user.created",
                    fx::directory_user(DIRECTORY_USER, DIRECTORY, ORG, "veda@foo-corp.com"),
                ),
                fx::event(
                    EVENT_2,
                    "vault.key.rotated",
                    json!({ "key_id": "key_01HXYZ", "rotated_by": "policy" }),
                ),
                fx::event(EVENT_3, "user.created", fx::user(USER, "lee@example.com")),
            ])
            // WorkOS sends only the `after` cursor in an event list.
            .envelope(|items, _, after| fx::event_list(items, after))
            .typed(
                params::EventsListParams::new(vec![
                    EventType::UserCreated,
                    EventType::DsyncUserCreated,
                ])
                .range_start("2026-01-01T00:00:00Z")
                .range_end("2026-01-31T23:59:59Z")
                .organization_id(ORG)
                .limit(2),
                |client, params| client.events_list(params),
                |client, params| client.events_list_stream(params),
                |page| {
                    assert_eq!(page.items[0].event, EventType::DsyncUserCreated);
                    assert_eq!(page.items[0].data["email"], json!("veda@foo-corp.com"));
                    let context = page.items[0].context.as_ref();
                    assert_eq!(context.map(|c| &c["actor"]["source"]), Some(&json!("api")));
                    let unknown = &page.items[1];
                    assert_eq!(
                        unknown.event,
                        EventType::Other("vault.key.rotated".to_owned())
                    );
                    assert_eq!(unknown.data["key_id"], json!("key_01HXYZ"));
                },
                |items| assert_eq!(items[2].event, EventType::UserCreated),
            ),
    ]
}

fn mfa() -> Vec<Case> {
    vec![
        row("workos_mfa_enrollments_list", &[USER])
            .query(&[("limit", "2")])
            .items([
                fx::authentication_factor(FACTOR, USER),
                with(fx::authentication_factor(FACTOR_2, USER), |factor| {
                    factor["type"] = json!("passkey");
                    factor.as_object_mut().unwrap().remove("totp");
                }),
                fx::authentication_factor(FACTOR_3, USER),
            ])
            .typed(
                params::MfaEnrollmentsListParams::new(USER).limit(2),
                |client, params| client.mfa_enrollments_list(params),
                |client, params| client.mfa_enrollments_list_stream(params),
                |page| {
                    assert_eq!(page.items[0].r#type, AuthenticationFactorType::Totp);
                    let unknown = &page.items[1];
                    assert_eq!(
                        unknown.r#type,
                        AuthenticationFactorType::Other("passkey".to_owned())
                    );
                    assert_eq!(unknown.totp, None);
                },
                |_| {},
            ),
        row("workos_mfa_enrollment_get", &[FACTOR])
            .answers(fx::authentication_factor(FACTOR, USER))
            .typed(
                |client| client.mfa_enrollment_get(params::MfaEnrollmentGetParams::new(FACTOR)),
                |factor| {
                    assert_eq!(factor.object, "authentication_factor");
                    assert_eq!(factor.id, FACTOR);
                    assert_eq!(factor.r#type, AuthenticationFactorType::Totp);
                    assert_eq!(factor.user_id.as_deref(), Some(USER));
                    let totp = factor.totp.expect("totp details");
                    assert_eq!(totp.issuer, "Foo Corp");
                    assert_eq!(totp.user, "marcelina.davis@example.com");
                    assert_eq!(totp.secret, None, "the secret is only given at enrollment");
                    assert_eq!(factor.sms, None);
                },
            ),
        row("workos_mfa_enrollment_create", &[USER])
            .body(json!({
                "type": "totp",
                "totp_issuer": "Foo Corp",
                "totp_user": "marcelina.davis@example.com",
            }))
            .answers(json!({
                "authentication_factor": with(fx::authentication_factor(FACTOR, USER), |factor| {
                    factor["totp"] = json!({
                        "issuer": "Foo Corp",
                        "user": "marcelina.davis@example.com",
                        "secret": "JJWFIBJMHEZCSR3Z",
                        "qr_code": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
                        "uri": "otpauth://totp/Foo%20Corp:marcelina.davis%40example.com?secret=JJWFIBJMHEZCSR3Z&issuer=Foo%20Corp",
                    })
                }),
                "authentication_challenge": fx::authentication_challenge(CHALLENGE, FACTOR),
                "recovery_codes_available": false,
            }))
            .typed(
                |client| {
                    client.mfa_enrollment_create(
                        params::MfaEnrollmentCreateParams::new(
                            USER,
                            AuthenticationFactorEnrollType::Totp,
                        )
                        .totp_issuer("Foo Corp")
                        .totp_user("marcelina.davis@example.com"),
                    )
                },
                |enrolled| {
                    let factor = enrolled.authentication_factor;
                    assert_eq!(factor.id, FACTOR);
                    let totp = factor.totp.expect("totp details");
                    assert_eq!(totp.issuer, "Foo Corp");
                    // Secret fields: `Debug` shows none of them, `expose_secret` gives each.
                    let shown = format!("{totp:?}");
                    for hidden in ["JJWFIBJMHEZCSR3Z", "otpauth", "data:image"] {
                        assert!(!shown.contains(hidden), "{hidden} in {shown}");
                    }
                    assert!(shown.contains(r#"secret: Some(Secret("<redacted>"))"#), "{shown}");
                    assert!(shown.contains("Foo Corp"), "other fields stay: {shown}");
                    let secret = totp.secret.as_ref().map(|secret| secret.expose_secret());
                    assert_eq!(secret, Some("JJWFIBJMHEZCSR3Z"));
                    let uri = totp.uri.expect("the uri").into_exposed();
                    assert!(uri.starts_with("otpauth://totp/"));
                    let qr_code = totp.qr_code.expect("the QR code");
                    assert!(qr_code.expose_secret().starts_with("data:image/png;base64,"));
                    let challenge = enrolled.authentication_challenge;
                    assert_eq!(challenge.id, CHALLENGE);
                    assert_eq!(challenge.authentication_factor_id, FACTOR);
                    assert_eq!(challenge.expires_at, None);
                },
            ),
        row("workos_mfa_challenge_create", &[FACTOR])
            // A POST without body parameters still sends a JSON object.
            .body(json!({}))
            .answers(with(fx::authentication_challenge(CHALLENGE, FACTOR), |c| {
                c["expires_at"] = json!("2026-01-15T12:10:00.000Z");
            }))
            .typed(
                |client| client.mfa_challenge_create(params::MfaChallengeCreateParams::new(FACTOR)),
                |challenge| {
                    assert_eq!(challenge.object, "authentication_challenge");
                    assert_eq!(challenge.id, CHALLENGE);
                    assert_eq!(challenge.authentication_factor_id, FACTOR);
                    let expires = challenge.expires_at.as_deref();
                    assert_eq!(expires, Some("2026-01-15T12:10:00.000Z"));
                    assert_eq!(challenge.code, None);
                },
            ),
        row("workos_mfa_verify", &[CHALLENGE])
            .body(json!({ "code": "123456" }))
            .answers(json!({
                "challenge": fx::authentication_challenge(CHALLENGE, FACTOR),
                "valid": true,
                "verified_at": fx::UPDATED,
            }))
            .typed(
                |client| client.mfa_verify(params::MfaVerifyParams::new(CHALLENGE, "123456")),
                |verified| {
                    assert!(verified.valid);
                    assert_eq!(verified.challenge.id, CHALLENGE);
                    assert_eq!(verified.challenge.authentication_factor_id, FACTOR);
                },
            ),
    ]
}

fn portal() -> Vec<Case> {
    let link = "https://setup.workos.com/portal/launch?secret=JteZqfJZqUcgWGaYCC6iI0gW0";
    vec![
        row("workos_portal_link_create", &[])
            .body(json!({
                "organization": ORG,
                "intent": "sso",
                "return_url": "https://foo-corp.com/settings",
                "success_url": "https://foo-corp.com/settings/sso/done",
                "it_contact_emails": ["it@foo-corp.com", "sso-admin@foo-corp.com"],
            }))
            .answers(json!({ "link": link, "expires_at": "2026-01-15T12:05:00.000Z" }))
            .typed(
                |client| {
                    client.portal_link_create(
                        params::PortalLinkCreateParams::new(ORG)
                            .intent(PortalIntent::Sso)
                            .return_url("https://foo-corp.com/settings")
                            .success_url("https://foo-corp.com/settings/sso/done")
                            .it_contact_emails(strings(&[
                                "it@foo-corp.com",
                                "sso-admin@foo-corp.com",
                            ])),
                    )
                },
                move |portal| {
                    assert_eq!(portal.link.expose_secret(), link);
                    assert!(!format!("{portal:?}").contains("JteZqfJZqUcgWGaYCC6iI0gW0"));
                },
            ),
    ]
}

/// Pages the browser opens: the typed call answers the URL, on the client's base URL, and sends
/// nothing.
fn browser_pages() -> Vec<Case> {
    const CLIENT: &str = "client_01HZBC6N1EB1ZY7KG32X";
    const CALLBACK: &str = "https://foo-corp.com/auth/callback?from=login";
    vec![
        row("workos_sso_authorization_url", &[])
            .query(&[
                ("client_id", CLIENT),
                ("redirect_uri", CALLBACK),
                ("organization", ORG),
                ("state", "dj1kUXc0dzlXZ1hjUQ=="),
                ("provider_scopes", "openid,profile,email"),
                ("response_type", "code"),
            ])
            // The redirect URI is one escaped query value; the scopes are comma-joined, as the
            // protocol writes arrays.
            .raw_query("redirect_uri=https%3A%2F%2Ffoo-corp.com%2Fauth%2Fcallback%3Ffrom%3Dlogin")
            .raw_query("provider_scopes=openid,profile,email")
            .browser(|client| {
                client.sso_authorization_url(
                    params::SsoAuthorizationUrlParams::new(CLIENT, CALLBACK)
                        .organization(ORG)
                        .state("dj1kUXc0dzlXZ1hjUQ==")
                        .provider_scopes(strings(&["openid", "profile", "email"])),
                )
            }),
        row("workos_sso_authorization_url", &[])
            .variant("oauth provider")
            .query(&[
                ("client_id", CLIENT),
                ("redirect_uri", CALLBACK),
                ("provider", "GoogleOAuth"),
                ("login_hint", "marcelina@foo-corp.com"),
                ("response_type", "code"),
            ])
            .browser(|client| {
                client.sso_authorization_url(
                    params::SsoAuthorizationUrlParams::new(CLIENT, CALLBACK)
                        .provider(SsoProvider::GoogleOAuth)
                        .login_hint("marcelina@foo-corp.com"),
                )
            }),
        row("workos_sso_logout_url", &[])
            .query(&[("token", "eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiJ4In0.c2ln")])
            .browser(|client| {
                client.sso_logout_url(params::SsoLogoutUrlParams::new(
                    "eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiJ4In0.c2ln",
                ))
            }),
        row("workos_authkit_authorization_url", &[])
            .query(&[
                ("client_id", CLIENT),
                ("redirect_uri", CALLBACK),
                ("provider", "authkit"),
                ("screen_hint", "sign-up"),
                (
                    "code_challenge",
                    "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                ),
                ("code_challenge_method", "S256"),
                ("max_age", "0"),
                ("response_type", "code"),
            ])
            .browser(|client| {
                client.authkit_authorization_url(
                    params::AuthkitAuthorizationUrlParams::new(CLIENT, CALLBACK)
                        .provider(AuthkitProvider::Authkit)
                        .screen_hint(AuthkitScreenHint::SignUp)
                        .code_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
                        .code_challenge_method(PkceMethod::S256)
                        .max_age(0),
                )
            }),
        row("workos_authkit_logout_url", &[])
            .query(&[
                ("session_id", "session_01H93ZY4F80QPBEZ1R5B2SHQG8"),
                ("return_to", "https://foo-corp.com/signed-out"),
            ])
            .browser(|client| {
                client.authkit_logout_url(
                    params::AuthkitLogoutUrlParams::new("session_01H93ZY4F80QPBEZ1R5B2SHQG8")
                        .return_to("https://foo-corp.com/signed-out"),
                )
            }),
    ]
}

/// A browser page's arguments are checked as a call's are, and it is never sent.
mod browser {
    use super::*;
    use workos_client::Error;

    /// The SSO page needs a connection, an organization or a provider; a PKCE challenge needs
    /// its method. Refused before anything is built, and nothing reaches the server.
    #[tokio::test]
    async fn constraints_hold_and_nothing_is_sent() {
        let server = Server::start().await;
        let client = server.client();
        let error = client
            .sso_authorization_url(params::SsoAuthorizationUrlParams::new(
                "client_01HZBC6N1EB1ZY7KG32X",
                "https://foo-corp.com/callback",
            ))
            .unwrap_err();
        let Error::InvalidArguments { problems, .. } = &error else {
            panic!("not an argument error: {error}");
        };
        let message = problems[0].message.as_str();
        for name in ["connection", "organization", "provider"] {
            assert!(message.contains(name), "{message}");
        }
        let error = client
            .authkit_authorization_url(
                params::AuthkitAuthorizationUrlParams::new("client_1", "https://foo-corp.com/cb")
                    .code_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
            )
            .unwrap_err();
        assert!(matches!(error, Error::InvalidArguments { .. }), "{error}");
        let error = client
            .authkit_authorization_url(
                params::AuthkitAuthorizationUrlParams::new("client_1", "https://foo-corp.com/cb")
                    .max_age(-1),
            )
            .unwrap_err();
        assert!(error.to_string().contains("max_age"), "{error}");
        assert!(server.requests().is_empty());
    }

    /// The engine refuses to send a browser page, whichever way it is called, and a request
    /// has no URL to build.
    #[tokio::test]
    async fn the_engine_never_sends_a_browser_page() {
        let server = Server::start().await;
        let client = server.client();
        let engine = client.engine();
        let args = json!({ "session_id": "session_01H93ZY4F80QPBEZ1R5B2SHQG8" });
        let sent = engine
            .call_json("workos_authkit_logout_url", args.clone())
            .await
            .unwrap_err();
        assert!(matches!(sent, Error::BrowserOnly { .. }), "{sent}");
        assert!(sent.nothing_sent());
        assert!(
            engine
                .dry_run_json("workos_authkit_logout_url", args.clone())
                .is_err()
        );
        let url = engine
            .url_json("workos_authkit_logout_url", args)
            .expect("the URL");
        assert_eq!(
            url,
            format!(
                "{}/user_management/sessions/logout?session_id=session_01H93ZY4F80QPBEZ1R5B2SHQG8",
                server.url()
            )
        );
        let request = engine
            .url_json("workos_organization_get", json!({ "id": ORG }))
            .unwrap_err();
        assert!(request.to_string().contains("not a page"), "{request}");
        assert!(server.requests().is_empty());
    }
}

/// Headers every request shares, beyond what each row checks.
mod headers {
    use super::*;
    use workos_client::CallOptions;

    /// One fresh key per logical POST: two calls never share one.
    #[tokio::test]
    async fn each_post_gets_its_own_idempotency_key() {
        let answer = fx::organization(ORG, "Foo Corp");
        let server = Server::with([Reply::json(201, &answer), Reply::json(201, &answer)]).await;
        let client = server.client();
        for _ in 0..2 {
            client
                .organization_create(params::OrganizationCreateParams::new("Foo Corp"))
                .await
                .unwrap();
        }
        let keys: Vec<String> = server
            .requests()
            .iter()
            .map(|r| r.header("idempotency-key").expect("a key").to_owned())
            .collect();
        assert_ne!(keys[0], keys[1]);
    }

    /// The caller's own key is sent as given.
    #[tokio::test]
    async fn a_caller_key_is_sent_as_given() {
        let answer = fx::organization(ORG, "Foo Corp");
        let server = Server::with([Reply::json(201, &answer)]).await;
        server
            .client()
            .with_options(CallOptions::new().idempotency_key("org-create-foo-corp-1"))
            .organization_create(params::OrganizationCreateParams::new("Foo Corp"))
            .await
            .unwrap();
        assert_eq!(
            server.only_request().header("idempotency-key"),
            Some("org-create-foo-corp-1")
        );
    }
}
