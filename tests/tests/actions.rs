//! One test per available action of the catalog, through the typed client, against a recording
//! loopback server.
//!
//! Each test calls the typed method with realistic arguments and checks the request that
//! reached the server (method, exact path, query, exact JSON body, headers) against both the
//! literal values a WorkOS request has and the action's descriptor. It then checks that a
//! realistic answer, with fields the catalog does not know and, in places, enum values it does
//! not know, decodes into the typed model holding the values sent. List actions are checked as
//! one page and as a stream over two pages; deletes answer their real status with no body.
//!
//! [`COVERED`] names the actions tested here; `every_available_action_has_a_test` fails when
//! the catalog gains an action that has no test here, or loses one that has.

mod support;

use futures::TryStreamExt;
use serde_json::{Value, json};
use support::fixtures as fx;
use support::{Expect, Reply, Server, assert_request, strings};
use workos_client::Page;
use workos_client::descriptors::API;
use workos_client::models::PaginationOrder;
use workos_client::params;

/// The actions tested in this file, one test each (the test is named after the action).
const COVERED: &[&str] = &[
    "workos_audit_log_export_get",
    "workos_audit_logs_list",
    "workos_connection_create",
    "workos_connection_delete",
    "workos_connection_get",
    "workos_connection_update",
    "workos_connections_list",
    "workos_directories_list",
    "workos_directory_get",
    "workos_directory_group_get",
    "workos_directory_sync_groups",
    "workos_directory_sync_users",
    "workos_directory_user_get",
    "workos_events_list",
    "workos_mfa_challenge_create",
    "workos_mfa_enrollment_create",
    "workos_mfa_enrollment_delete",
    "workos_mfa_enrollment_get",
    "workos_mfa_enrollments_list",
    "workos_mfa_verify",
    "workos_organization_create",
    "workos_organization_delete",
    "workos_organization_get",
    "workos_organization_membership_create",
    "workos_organization_membership_delete",
    "workos_organization_membership_get",
    "workos_organization_membership_update",
    "workos_organization_memberships_list",
    "workos_organization_update",
    "workos_organizations_list",
    "workos_portal_link_create",
    "workos_user_create",
    "workos_user_delete",
    "workos_user_get",
    "workos_user_invite",
    "workos_user_update",
    "workos_users_list",
];

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

/// Reads a stream over two pages and checks both requests: the first with the caller's query,
/// the second with the same query and the first page's cursor as `after`.
async fn stream_two_pages<T>(
    server: &Server,
    stream: workos_client::ItemStream<T>,
    route: (&'static str, &str),
    query: &[(&str, &str)],
    pages: [Value; 2],
    cursor: &str,
) -> Vec<T> {
    let (action, path) = route;
    let before = server.requests().len();
    for page in pages {
        server.push(Reply::json(200, &page));
    }
    let items: Vec<T> = stream
        .try_collect()
        .await
        .expect("the stream reads two pages");
    let requests = server.requests();
    assert_eq!(requests.len(), before + 2, "the stream fetched two pages");
    assert_request(
        &requests[before],
        Expect {
            action,
            method: "GET",
            path,
            query,
            body: None,
        },
    );
    let mut next = query.to_vec();
    next.push(("after", cursor));
    assert_request(
        &requests[before + 1],
        Expect {
            action,
            method: "GET",
            path,
            query: &next,
            body: None,
        },
    );
    assert_eq!(server.unused_replies(), 0);
    items
}

/// The checks every page shares: cursor, request id and the rest of the envelope.
fn assert_page<T>(page: &Page<T>, len: usize, cursor: Option<&str>, server: &Server) {
    assert_eq!(page.items.len(), len);
    assert_eq!(page.next_cursor.as_deref(), cursor);
    assert_eq!(page.is_last(), cursor.is_none());
    assert_eq!(page.envelope.get("object"), Some(&json!("list")));
    assert!(page.envelope.contains_key("list_metadata"));
    assert!(
        !page.envelope.contains_key("data"),
        "items stay out of the envelope"
    );
    let last = server.requests().pop().expect("a request was made");
    assert_eq!(page.request_id.as_deref(), Some(last.request_id.as_str()));
}

#[test]
fn every_available_action_has_a_test() {
    let available: std::collections::BTreeSet<&str> = API
        .actions
        .iter()
        .filter(|action| action.is_available())
        .map(|action| action.name)
        .collect();
    let covered: std::collections::BTreeSet<&str> = COVERED.iter().copied().collect();
    assert_eq!(
        covered.len(),
        COVERED.len(),
        "COVERED names an action twice"
    );
    let untested: Vec<_> = available.difference(&covered).collect();
    let stale: Vec<_> = covered.difference(&available).collect();
    assert!(
        untested.is_empty() && stale.is_empty(),
        "actions without a test here: {untested:?}; tested actions no longer available: {stale:?}"
    );
    assert_eq!(available.len(), 37);
}

mod organizations {
    use super::*;
    use workos_client::models::{
        DomainData, DomainDataState, DomainState, DomainVerificationStrategy, Organization,
    };

    #[tokio::test]
    async fn workos_organizations_list() {
        let server = Server::start().await;
        let client = server.client();
        let params = params::OrganizationsListParams::new()
            .domains(strings(&["foo-corp.com", "acme.io"]))
            .search("Acme Inc")
            .limit(2)
            .order(PaginationOrder::Asc);
        let query = [
            ("domains", "foo-corp.com,acme.io"),
            ("search", "Acme Inc"),
            ("limit", "2"),
            ("order", "asc"),
        ];
        let first = fx::organization(ORG, "Acme Inc.");
        let mut second = fx::organization(ORG_2, "Acme Labs");
        second["domains"][0]["state"] = json!("verification_in_progress");
        server.push(Reply::json(
            200,
            &fx::list(vec![first.clone(), second.clone()], None, Some(ORG_2)),
        ));

        let page = client.organizations_list(params.clone()).await.unwrap();
        let request = server.only_request();
        assert_request(
            &request,
            Expect {
                action: "workos_organizations_list",
                method: "GET",
                path: "/organizations",
                query: &query,
                body: None,
            },
        );
        let raw = request.query.as_deref().unwrap_or_default();
        assert!(
            raw.contains("domains=foo-corp.com,acme.io"),
            "domains are one comma-joined value, the comma unencoded: {raw}"
        );
        assert_page(&page, 2, Some(ORG_2), &server);
        assert_eq!(page.items[0].id, ORG);
        assert_eq!(page.items[0].name, "Acme Inc.");
        assert_eq!(page.items[0].domains[0].state, Some(DomainState::Verified));
        assert_eq!(page.items[1].name, "Acme Labs");
        assert_eq!(
            page.items[1].domains[0].state,
            Some(DomainState::Other("verification_in_progress".to_owned()))
        );
        assert_eq!(
            page.items[1].domains[0].state.as_ref().map(|s| s.as_str()),
            Some("verification_in_progress")
        );

        let items: Vec<Organization> = stream_two_pages(
            &server,
            client.organizations_list_stream(params),
            ("workos_organizations_list", "/organizations"),
            &query,
            [
                fx::list(vec![first, second], None, Some(ORG_2)),
                fx::list(
                    vec![fx::organization(ORG_3, "Acme West")],
                    Some(ORG_3),
                    None,
                ),
            ],
            ORG_2,
        )
        .await;
        let ids: Vec<&str> = items.iter().map(|org| org.id.as_str()).collect();
        assert_eq!(ids, [ORG, ORG_2, ORG_3]);
        assert_eq!(items[2].name, "Acme West");
    }

    #[tokio::test]
    async fn workos_organization_get() {
        let server = Server::with([Reply::json(200, &fx::organization(ORG, "Acme Inc."))]).await;
        let org = server
            .client()
            .organization_get(params::OrganizationGetParams::new(ORG))
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_organization_get",
                method: "GET",
                path: &format!("/organizations/{ORG}"),
                query: &[],
                body: None,
            },
        );
        assert_eq!(org.object, "organization");
        assert_eq!(org.id, ORG);
        assert_eq!(org.name, "Acme Inc.");
        assert_eq!(
            org.metadata.get("tier").map(String::as_str),
            Some("enterprise")
        );
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
    }

    #[tokio::test]
    async fn workos_organization_create() {
        let mut answer = fx::organization(ORG, "Foo Corp");
        answer["domains"] = json!([
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
        answer["metadata"] = json!({ "tier": "enterprise", "region": "eu" });
        let server = Server::with([Reply::json(201, &answer)]).await;
        let metadata = [("tier", "enterprise"), ("region", "eu")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect::<std::collections::BTreeMap<_, _>>();
        let org = server
            .client()
            .organization_create(
                params::OrganizationCreateParams::new("Foo Corp")
                    .domain_data(vec![
                        DomainData::new("foo-corp.com", DomainDataState::Verified),
                        DomainData::new("foo-corp.io", DomainDataState::Pending),
                    ])
                    .metadata(metadata.clone())
                    .external_id("2fe01467-f7ea-4dd2-8b79-c2b4f56d0191"),
            )
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_organization_create",
                method: "POST",
                path: "/organizations",
                query: &[],
                body: Some(json!({
                    "name": "Foo Corp",
                    "domain_data": [
                        { "domain": "foo-corp.com", "state": "verified" },
                        { "domain": "foo-corp.io", "state": "pending" },
                    ],
                    "metadata": { "tier": "enterprise", "region": "eu" },
                    "external_id": "2fe01467-f7ea-4dd2-8b79-c2b4f56d0191",
                })),
            },
        );
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
    }

    #[tokio::test]
    async fn workos_organization_update() {
        let mut answer = fx::organization(ORG, "Foo Corp International");
        answer["stripe_customer_id"] = json!("cus_NffrFeUfNV2Hib");
        answer["metadata"] = json!({});
        answer["external_id"] = json!(null);
        let server = Server::with([Reply::json(200, &answer)]).await;
        let org = server
            .client()
            .organization_update(
                params::OrganizationUpdateParams::new(ORG)
                    .name("Foo Corp International")
                    .domain_data(vec![DomainData::new("foo-corp.com", "verified")])
                    .metadata(std::collections::BTreeMap::new())
                    .stripe_customer_id("cus_NffrFeUfNV2Hib"),
            )
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_organization_update",
                method: "PUT",
                path: &format!("/organizations/{ORG}"),
                query: &[],
                body: Some(json!({
                    "name": "Foo Corp International",
                    "domain_data": [{ "domain": "foo-corp.com", "state": "verified" }],
                    "metadata": {},
                    "stripe_customer_id": "cus_NffrFeUfNV2Hib",
                })),
            },
        );
        assert_eq!(org.name, "Foo Corp International");
        assert_eq!(
            org.stripe_customer_id.as_deref(),
            Some("cus_NffrFeUfNV2Hib")
        );
        assert!(org.metadata.is_empty());
        assert_eq!(org.external_id, None);
    }

    #[tokio::test]
    async fn workos_organization_delete() {
        let server = Server::with([Reply::empty(202)]).await;
        let () = server
            .client()
            .organization_delete(params::OrganizationDeleteParams::new(ORG))
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_organization_delete",
                method: "DELETE",
                path: &format!("/organizations/{ORG}"),
                query: &[],
                body: None,
            },
        );
    }
}

mod connections {
    use super::*;
    use std::collections::BTreeMap;
    use workos_client::models::{
        Connection, ConnectionAttributeMaps, ConnectionAttributeMapsPatch, ConnectionKeyPair,
        ConnectionOidcOptions, ConnectionSamlOptions, ConnectionSamlOptionsPatch,
        ConnectionStandardAttributes, ConnectionState, ConnectionStatus, ConnectionType,
        OidcSignatureAlgorithm, OidcTokenAuthenticationMethod,
    };

    const CERT: &str = "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----";
    const KEY: &str = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----";

    #[tokio::test]
    async fn workos_connections_list() {
        let server = Server::start().await;
        let client = server.client();
        let params = params::ConnectionsListParams::new()
            .connection_type(ConnectionType::OktaSAML)
            .domain("foo-corp.com")
            .organization_id(ORG)
            .search("Foo")
            .limit(2);
        let query = [
            ("connection_type", "OktaSAML"),
            ("domain", "foo-corp.com"),
            ("organization_id", ORG),
            ("search", "Foo"),
            ("limit", "2"),
        ];
        let first = fx::connection(CONN, ORG, "Foo Corp");
        let mut second = fx::connection(CONN_2, ORG, "Foo Corp (staging)");
        second["connection_type"] = json!("HyperIdpSAML");
        second["state"] = json!("suspended");
        server.push(Reply::json(
            200,
            &fx::list(vec![first.clone(), second.clone()], None, Some(CONN_2)),
        ));

        let page = client.connections_list(params.clone()).await.unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_connections_list",
                method: "GET",
                path: "/connections",
                query: &query,
                body: None,
            },
        );
        assert_page(&page, 2, Some(CONN_2), &server);
        assert_eq!(page.items[0].connection_type, ConnectionType::OktaSAML);
        assert_eq!(page.items[0].state, ConnectionState::Active);
        assert_eq!(
            page.items[1].connection_type,
            ConnectionType::Other("HyperIdpSAML".to_owned())
        );
        assert_eq!(page.items[1].connection_type.as_str(), "HyperIdpSAML");
        assert_eq!(
            page.items[1].state,
            ConnectionState::Other("suspended".to_owned())
        );

        let items: Vec<Connection> = stream_two_pages(
            &server,
            client.connections_list_stream(params),
            ("workos_connections_list", "/connections"),
            &query,
            [
                fx::list(vec![first, second], None, Some(CONN_2)),
                fx::list(
                    vec![fx::connection(CONN_3, ORG, "Foo EU")],
                    Some(CONN_3),
                    None,
                ),
            ],
            CONN_2,
        )
        .await;
        let ids: Vec<&str> = items.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, [CONN, CONN_2, CONN_3]);
    }

    #[tokio::test]
    async fn workos_connection_get() {
        let server = Server::with([Reply::json(200, &fx::connection(CONN, ORG, "Foo Corp"))]).await;
        let connection = server
            .client()
            .connection_get(params::ConnectionGetParams::new(CONN))
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_connection_get",
                method: "GET",
                path: &format!("/connections/{CONN}"),
                query: &[],
                body: None,
            },
        );
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
        assert_eq!(
            connection.options.as_ref().map(|o| o.signing_cert.clone()),
            Some(None)
        );
    }

    #[tokio::test]
    async fn workos_connection_create() {
        let mut answer = fx::connection(CONN, ORG, "Foo Corp");
        answer["state"] = json!("draft");
        answer["external_id"] = json!("foo-okta");
        answer["options"] = json!({ "signing_cert": CERT });
        let server = Server::with([Reply::json(201, &answer)]).await;
        let custom = BTreeMap::from([("department".to_owned(), "dept".to_owned())]);
        let connection = server
            .client()
            .connection_create(
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
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_connection_create",
                method: "POST",
                path: "/connections",
                query: &[],
                body: Some(json!({
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
                })),
            },
        );
        assert_eq!(connection.id, CONN);
        assert_eq!(connection.state, ConnectionState::Draft);
        assert_eq!(connection.external_id.as_deref(), Some("foo-okta"));
        assert_eq!(
            connection.options.and_then(|o| o.signing_cert).as_deref(),
            Some(CERT)
        );
    }

    /// The other shape a connection is created from: OIDC options.
    #[tokio::test]
    async fn workos_connection_create_with_oidc_options() {
        let mut answer = fx::connection(CONN, ORG, "Foo Corp");
        answer["connection_type"] = json!("GenericOIDC");
        answer["state"] = json!("validating");
        answer.as_object_mut().unwrap().remove("options");
        let server = Server::with([Reply::json(201, &answer)]).await;
        let connection = server
            .client()
            .connection_create(
                params::ConnectionCreateParams::new(ORG).oidc_options(
                    ConnectionOidcOptions::new(
                        "https://idp.foo-corp.com/.well-known/openid-configuration",
                        "client_0a1b2c",
                    )
                    .client_secret("s3cr3t-value")
                    .pkce(true)
                    .token_authentication_method(OidcTokenAuthenticationMethod::ClientSecretPost)
                    .id_token_signature_algorithm(OidcSignatureAlgorithm::Rs256)
                    .fetch_user_info(false),
                ),
            )
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_connection_create",
                method: "POST",
                path: "/connections",
                query: &[],
                body: Some(json!({
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
                })),
            },
        );
        assert_eq!(connection.connection_type, ConnectionType::GenericOIDC);
        assert_eq!(connection.state, ConnectionState::Validating);
        assert_eq!(connection.options, None);
    }

    #[tokio::test]
    async fn workos_connection_update() {
        let mut answer = fx::connection(CONN, ORG, "Foo Corp SSO");
        answer["external_id"] = json!("foo-okta-2");
        let server = Server::with([Reply::json(200, &answer)]).await;
        let custom = BTreeMap::from([
            ("department".to_owned(), json!("dept")),
            ("cost_center".to_owned(), Value::Null),
        ]);
        let connection = server
            .client()
            .connection_update(
                params::ConnectionUpdateParams::new(CONN)
                    .name("Foo Corp SSO")
                    .external_id("foo-okta-2")
                    .attribute_maps(ConnectionAttributeMapsPatch::new().custom_attributes(custom))
                    .saml_options(ConnectionSamlOptionsPatch::new().idp_metadata_url(
                        "https://foo-corp.okta.com/app/exk1a2b3c4/sso/saml/metadata",
                    )),
            )
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_connection_update",
                method: "PATCH",
                path: &format!("/connections/{CONN}"),
                query: &[],
                body: Some(json!({
                    "name": "Foo Corp SSO",
                    "external_id": "foo-okta-2",
                    "attribute_maps": {
                        "custom_attributes": { "department": "dept", "cost_center": null },
                    },
                    "saml_options": {
                        "idp_metadata_url": "https://foo-corp.okta.com/app/exk1a2b3c4/sso/saml/metadata",
                    },
                })),
            },
        );
        assert_eq!(connection.name, "Foo Corp SSO");
        assert_eq!(connection.external_id.as_deref(), Some("foo-okta-2"));
    }

    #[tokio::test]
    async fn workos_connection_delete() {
        let server = Server::with([Reply::empty(204)]).await;
        let () = server
            .client()
            .connection_delete(params::ConnectionDeleteParams::new(CONN))
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_connection_delete",
                method: "DELETE",
                path: &format!("/connections/{CONN}"),
                query: &[],
                body: None,
            },
        );
    }
}

mod directories {
    use super::*;
    use workos_client::models::{
        Directory, DirectoryGroup, DirectoryState, DirectoryType, DirectoryUser, DirectoryUserState,
    };

    #[tokio::test]
    async fn workos_directories_list() {
        let server = Server::start().await;
        let client = server.client();
        let params = params::DirectoriesListParams::new()
            .organization_id(ORG)
            .search("Foo")
            .limit(2)
            .order(PaginationOrder::Desc);
        let query = [
            ("organization_id", ORG),
            ("search", "Foo"),
            ("limit", "2"),
            ("order", "desc"),
        ];
        let first = fx::directory(DIRECTORY, ORG, "Foo Corp");
        let mut second = fx::directory(DIRECTORY_2, ORG, "Foo Corp HR");
        second["type"] = json!("adp workforce now");
        second["state"] = json!("paused");
        server.push(Reply::json(
            200,
            &fx::list(vec![first.clone(), second.clone()], None, Some(DIRECTORY_2)),
        ));

        let page = client.directories_list(params.clone()).await.unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_directories_list",
                method: "GET",
                path: "/directories",
                query: &query,
                body: None,
            },
        );
        assert_page(&page, 2, Some(DIRECTORY_2), &server);
        assert_eq!(page.items[0].r#type, DirectoryType::GsuiteDirectory);
        assert_eq!(
            page.items[1].r#type,
            DirectoryType::Other("adp workforce now".to_owned())
        );
        assert_eq!(
            page.items[1].state,
            DirectoryState::Other("paused".to_owned())
        );

        let items: Vec<Directory> = stream_two_pages(
            &server,
            client.directories_list_stream(params),
            ("workos_directories_list", "/directories"),
            &query,
            [
                fx::list(vec![first, second], None, Some(DIRECTORY_2)),
                fx::list(vec![fx::directory(DIRECTORY_3, ORG, "Foo EU")], None, None),
            ],
            DIRECTORY_2,
        )
        .await;
        let ids: Vec<&str> = items.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, [DIRECTORY, DIRECTORY_2, DIRECTORY_3]);
    }

    #[tokio::test]
    async fn workos_directory_get() {
        let server = Server::with([Reply::json(
            200,
            &fx::directory(DIRECTORY, ORG_2, "Foo Corp"),
        )])
        .await;
        let directory = server
            .client()
            .directory_get(params::DirectoryGetParams::new(DIRECTORY))
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_directory_get",
                method: "GET",
                path: &format!("/directories/{DIRECTORY}"),
                query: &[],
                body: None,
            },
        );
        assert_eq!(directory.object, "directory");
        assert_eq!(directory.id, DIRECTORY);
        assert_eq!(directory.organization_id, ORG_2);
        assert_eq!(directory.external_key, "sPa12dwRQ");
        assert_eq!(directory.r#type, DirectoryType::GsuiteDirectory);
        assert_eq!(directory.state, DirectoryState::Linked);
        assert_eq!(directory.name, "Foo Corp");
        assert_eq!(directory.domain.as_deref(), Some("foo-corp.com"));
        let metadata = directory.metadata.expect("metadata");
        assert_eq!(
            (
                metadata.users.active,
                metadata.users.inactive,
                metadata.groups
            ),
            (42, 3, 5)
        );
    }

    #[tokio::test]
    async fn workos_directory_sync_users() {
        let server = Server::start().await;
        let client = server.client();
        let params = params::DirectorySyncUsersParams::new(DIRECTORY)
            .group(DIRECTORY_GROUP)
            .limit(2);
        let query = [
            ("directory", DIRECTORY),
            ("group", DIRECTORY_GROUP),
            ("limit", "2"),
        ];
        let first = fx::directory_user(
            DIRECTORY_USER,
            DIRECTORY,
            ORG,
            "marcelina.davis@example.com",
        );
        let mut second =
            fx::directory_user(DIRECTORY_USER_2, DIRECTORY, ORG, "veda.torp@example.com");
        second["state"] = json!("on_leave");
        second["email"] = json!(null);
        server.push(Reply::json(
            200,
            &fx::list(
                vec![first.clone(), second.clone()],
                None,
                Some(DIRECTORY_USER_2),
            ),
        ));

        let page = client.directory_sync_users(params.clone()).await.unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_directory_sync_users",
                method: "GET",
                path: "/directory_users",
                query: &query,
                body: None,
            },
        );
        assert_page(&page, 2, Some(DIRECTORY_USER_2), &server);
        assert_eq!(page.items[0].state, DirectoryUserState::Active);
        assert_eq!(
            page.items[0].email.as_deref(),
            Some("marcelina.davis@example.com")
        );
        assert_eq!(
            page.items[1].state,
            DirectoryUserState::Other("on_leave".to_owned())
        );
        assert_eq!(page.items[1].email, None);

        let items: Vec<DirectoryUser> = stream_two_pages(
            &server,
            client.directory_sync_users_stream(params),
            ("workos_directory_sync_users", "/directory_users"),
            &query,
            [
                fx::list(vec![first, second], None, Some(DIRECTORY_USER_2)),
                fx::list(
                    vec![fx::directory_user(
                        DIRECTORY_USER_3,
                        DIRECTORY,
                        ORG,
                        "lee@example.com",
                    )],
                    Some(DIRECTORY_USER_3),
                    None,
                ),
            ],
            DIRECTORY_USER_2,
        )
        .await;
        let ids: Vec<&str> = items.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids, [DIRECTORY_USER, DIRECTORY_USER_2, DIRECTORY_USER_3]);
    }

    #[tokio::test]
    async fn workos_directory_sync_groups() {
        let server = Server::start().await;
        let client = server.client();
        let params = params::DirectorySyncGroupsParams::new(DIRECTORY)
            .user(DIRECTORY_USER)
            .limit(2);
        let query = [
            ("directory", DIRECTORY),
            ("user", DIRECTORY_USER),
            ("limit", "2"),
        ];
        let first = fx::directory_group(DIRECTORY_GROUP, DIRECTORY, ORG, "Developers");
        let second = fx::directory_group(DIRECTORY_GROUP_2, DIRECTORY, ORG, "Designers");
        server.push(Reply::json(
            200,
            &fx::list(
                vec![first.clone(), second.clone()],
                None,
                Some(DIRECTORY_GROUP_2),
            ),
        ));

        let page = client.directory_sync_groups(params.clone()).await.unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_directory_sync_groups",
                method: "GET",
                path: "/directory_groups",
                query: &query,
                body: None,
            },
        );
        assert_page(&page, 2, Some(DIRECTORY_GROUP_2), &server);
        assert_eq!(page.items[0].name, "Developers");
        assert_eq!(page.items[1].name, "Designers");
        assert_eq!(page.items[1].directory_id, DIRECTORY);

        let items: Vec<DirectoryGroup> = stream_two_pages(
            &server,
            client.directory_sync_groups_stream(params),
            ("workos_directory_sync_groups", "/directory_groups"),
            &query,
            [
                fx::list(vec![first, second], None, Some(DIRECTORY_GROUP_2)),
                fx::list(
                    vec![fx::directory_group(
                        DIRECTORY_GROUP_3,
                        DIRECTORY,
                        ORG,
                        "Support",
                    )],
                    Some(DIRECTORY_GROUP_3),
                    None,
                ),
            ],
            DIRECTORY_GROUP_2,
        )
        .await;
        let ids: Vec<&str> = items.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(ids, [DIRECTORY_GROUP, DIRECTORY_GROUP_2, DIRECTORY_GROUP_3]);
    }

    #[tokio::test]
    async fn workos_directory_user_get() {
        let answer = fx::directory_user(
            DIRECTORY_USER,
            DIRECTORY,
            ORG,
            "marcelina.davis@example.com",
        );
        let server = Server::with([Reply::json(200, &answer)]).await;
        let user = server
            .client()
            .directory_user_get(params::DirectoryUserGetParams::new(DIRECTORY_USER))
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_directory_user_get",
                method: "GET",
                path: &format!("/directory_users/{DIRECTORY_USER}"),
                query: &[],
                body: None,
            },
        );
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
        assert_eq!(
            emails[0].value.as_deref(),
            Some("marcelina.davis@example.com")
        );
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
    }

    #[tokio::test]
    async fn workos_directory_group_get() {
        let answer = fx::directory_group(DIRECTORY_GROUP, DIRECTORY, ORG, "Developers");
        let server = Server::with([Reply::json(200, &answer)]).await;
        let group = server
            .client()
            .directory_group_get(params::DirectoryGroupGetParams::new(DIRECTORY_GROUP))
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_directory_group_get",
                method: "GET",
                path: &format!("/directory_groups/{DIRECTORY_GROUP}"),
                query: &[],
                body: None,
            },
        );
        assert_eq!(group.object, "directory_group");
        assert_eq!(group.id, DIRECTORY_GROUP);
        assert_eq!(group.idp_id, "02grqrue4294w24");
        assert_eq!(group.directory_id, DIRECTORY);
        assert_eq!(group.organization_id, ORG);
        assert_eq!(group.name, "Developers");
        assert_eq!(
            group.raw_attributes.expect("raw attributes")["email"],
            json!("developers@foo-corp.com")
        );
    }
}

mod users {
    use super::*;
    use std::collections::BTreeMap;
    use workos_client::models::{InvitationState, Locale, PasswordHashType, User};

    #[tokio::test]
    async fn workos_users_list() {
        let server = Server::start().await;
        let client = server.client();
        let params = params::UsersListParams::new()
            .organization_id(ORG)
            .email("marcelina+sso@example.com")
            .limit(2);
        let query = [
            ("organization_id", ORG),
            ("email", "marcelina+sso@example.com"),
            ("limit", "2"),
        ];
        let first = fx::user(USER, "marcelina+sso@example.com");
        let second = fx::user(USER_2, "marcelina+sso@example.com");
        server.push(Reply::json(
            200,
            &fx::list(vec![first.clone(), second.clone()], None, Some(USER_2)),
        ));

        let page = client.users_list(params.clone()).await.unwrap();
        let request = server.only_request();
        assert_request(
            &request,
            Expect {
                action: "workos_users_list",
                method: "GET",
                path: "/user_management/users",
                query: &query,
                body: None,
            },
        );
        let raw = request.query.as_deref().unwrap_or_default();
        assert!(
            raw.contains("email=marcelina%2Bsso%40example.com"),
            "`+` must be encoded or the server reads a space: {raw}"
        );
        assert_page(&page, 2, Some(USER_2), &server);
        assert_eq!(page.items[0].email, "marcelina+sso@example.com");

        let items: Vec<User> = stream_two_pages(
            &server,
            client.users_list_stream(params),
            ("workos_users_list", "/user_management/users"),
            &query,
            [
                fx::list(vec![first, second], None, Some(USER_2)),
                fx::list(
                    vec![fx::user(USER_3, "marcelina+sso@example.com")],
                    Some(USER_3),
                    None,
                ),
            ],
            USER_2,
        )
        .await;
        let ids: Vec<&str> = items.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids, [USER, USER_2, USER_3]);
    }

    #[tokio::test]
    async fn workos_user_get() {
        let server = Server::with([Reply::json(
            200,
            &fx::user(USER, "marcelina.davis@example.com"),
        )])
        .await;
        let user = server
            .client()
            .user_get(params::UserGetParams::new(USER))
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_user_get",
                method: "GET",
                path: &format!("/user_management/users/{USER}"),
                query: &[],
                body: None,
            },
        );
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
        assert_eq!(
            user.last_sign_in_at.as_deref(),
            Some("2025-06-25T19:07:33.155Z")
        );
        assert_eq!(user.locale.as_deref(), Some("en-US"));
        assert_eq!(
            user.metadata
                .and_then(|m| m.get("plan").cloned())
                .as_deref(),
            Some("pro")
        );
    }

    #[tokio::test]
    async fn workos_user_create() {
        let mut answer = fx::user(USER, "marcelina.davis@example.com");
        answer["email_verified"] = json!(false);
        answer["last_sign_in_at"] = json!(null);
        answer["metadata"] = json!({ "plan": "pro" });
        answer["external_id"] = json!("f1ffa2b2-c20b-4d39-be5c-212726e11222");
        let server = Server::with([Reply::json(201, &answer)]).await;
        let user = server
            .client()
            .user_create(
                params::UserCreateParams::new("marcelina.davis@example.com")
                    .first_name("Marcelina")
                    .last_name("Davis")
                    .email_verified(false)
                    .metadata(BTreeMap::from([("plan".to_owned(), "pro".to_owned())]))
                    .external_id("f1ffa2b2-c20b-4d39-be5c-212726e11222")
                    .password_hash("$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy")
                    .password_hash_type(PasswordHashType::Bcrypt),
            )
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_user_create",
                method: "POST",
                path: "/user_management/users",
                query: &[],
                body: Some(json!({
                    "email": "marcelina.davis@example.com",
                    "first_name": "Marcelina",
                    "last_name": "Davis",
                    "email_verified": false,
                    "metadata": { "plan": "pro" },
                    "external_id": "f1ffa2b2-c20b-4d39-be5c-212726e11222",
                    "password_hash": "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
                    "password_hash_type": "bcrypt",
                })),
            },
        );
        assert_eq!(user.id, USER);
        assert_eq!(user.email, "marcelina.davis@example.com");
        assert!(!user.email_verified);
        assert_eq!(user.last_sign_in_at, None);
        assert_eq!(
            user.external_id.as_deref(),
            Some("f1ffa2b2-c20b-4d39-be5c-212726e11222")
        );
    }

    #[tokio::test]
    async fn workos_user_update() {
        let mut answer = fx::user(USER, "marcelina@foo-corp.com");
        answer["first_name"] = json!("Marce");
        answer["locale"] = json!("fr-CA");
        let server = Server::with([Reply::json(200, &answer)]).await;
        let user = server
            .client()
            .user_update(
                params::UserUpdateParams::new(USER)
                    .email("marcelina@foo-corp.com")
                    .first_name("Marce")
                    .locale("fr-CA")
                    .password("correct horse battery staple"),
            )
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_user_update",
                method: "PUT",
                path: &format!("/user_management/users/{USER}"),
                query: &[],
                body: Some(json!({
                    "email": "marcelina@foo-corp.com",
                    "first_name": "Marce",
                    "locale": "fr-CA",
                    "password": "correct horse battery staple",
                })),
            },
        );
        assert_eq!(user.email, "marcelina@foo-corp.com");
        assert_eq!(user.first_name.as_deref(), Some("Marce"));
        assert_eq!(user.locale.as_deref(), Some("fr-CA"));
    }

    #[tokio::test]
    async fn workos_user_delete() {
        let server = Server::with([Reply::empty(200)]).await;
        let () = server
            .client()
            .user_delete(params::UserDeleteParams::new(USER))
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_user_delete",
                method: "DELETE",
                path: &format!("/user_management/users/{USER}"),
                query: &[],
                body: None,
            },
        );
    }

    #[tokio::test]
    async fn workos_user_invite() {
        let answer = fx::invitation(INVITATION, "marcelina.davis@example.com", ORG, USER_2);
        let server = Server::with([Reply::json(201, &answer)]).await;
        let invitation = server
            .client()
            .user_invite(
                params::UserInviteParams::new("marcelina.davis@example.com")
                    .organization_id(ORG)
                    .role_slug("admin")
                    .expires_in_days(14)
                    .inviter_user_id(USER_2)
                    .locale(Locale::EnUs),
            )
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_user_invite",
                method: "POST",
                path: "/user_management/invitations",
                query: &[],
                body: Some(json!({
                    "email": "marcelina.davis@example.com",
                    "organization_id": ORG,
                    "role_slug": "admin",
                    "expires_in_days": 14,
                    "inviter_user_id": USER_2,
                    "locale": "en-US",
                })),
            },
        );
        assert_eq!(invitation.object, "invitation");
        assert_eq!(invitation.id, INVITATION);
        assert_eq!(invitation.email, "marcelina.davis@example.com");
        assert_eq!(invitation.state, InvitationState::Pending);
        assert_eq!(invitation.organization_id.as_deref(), Some(ORG));
        assert_eq!(invitation.inviter_user_id.as_deref(), Some(USER_2));
        assert_eq!(invitation.role_slug.as_deref(), Some("admin"));
        assert_eq!(invitation.accepted_at, None);
        assert_eq!(invitation.accepted_user_id, None);
        assert_eq!(invitation.token, "Z1uX3RbwcIl5fIGJJJCXXisdI");
        assert!(
            invitation
                .accept_invitation_url
                .ends_with("Z1uX3RbwcIl5fIGJJJCXXisdI")
        );
    }

    /// A typed call may send an enum value the catalog does not know yet (chosen in code on
    /// purpose), and an answer may carry one.
    #[tokio::test]
    async fn unknown_enum_values_travel_both_ways() {
        let mut answer = fx::invitation(INVITATION, "marcelina.davis@example.com", ORG, USER_2);
        answer["state"] = json!("scheduled");
        let server = Server::with([Reply::json(201, &answer)]).await;
        let invitation = server
            .client()
            .user_invite(
                params::UserInviteParams::new("marcelina.davis@example.com")
                    .locale(Locale::Other("tlh".to_owned())),
            )
            .await
            .unwrap();
        assert_eq!(
            server.only_request().json(),
            json!({ "email": "marcelina.davis@example.com", "locale": "tlh" })
        );
        assert_eq!(
            invitation.state,
            InvitationState::Other("scheduled".to_owned())
        );
        assert_eq!(invitation.state.to_string(), "scheduled");
    }
}

mod memberships {
    use super::*;
    use workos_client::models::{OrganizationMembership, OrganizationMembershipStatus};

    #[tokio::test]
    async fn workos_organization_memberships_list() {
        let server = Server::start().await;
        let client = server.client();
        let params = params::OrganizationMembershipsListParams::new()
            .user_id(USER)
            .organization_id(ORG)
            .statuses(vec![
                OrganizationMembershipStatus::Active,
                OrganizationMembershipStatus::Pending,
            ])
            .limit(2);
        let query = [
            ("user_id", USER),
            ("organization_id", ORG),
            ("statuses", "active,pending"),
            ("limit", "2"),
        ];
        let first = fx::organization_membership(MEMBERSHIP, USER, ORG);
        let mut second = fx::organization_membership(MEMBERSHIP_2, USER, ORG);
        second["status"] = json!("suspended");
        server.push(Reply::json(
            200,
            &fx::list(
                vec![first.clone(), second.clone()],
                None,
                Some(MEMBERSHIP_2),
            ),
        ));

        let page = client
            .organization_memberships_list(params.clone())
            .await
            .unwrap();
        let request = server.only_request();
        assert_request(
            &request,
            Expect {
                action: "workos_organization_memberships_list",
                method: "GET",
                path: "/user_management/organization_memberships",
                query: &query,
                body: None,
            },
        );
        let raw = request.query.as_deref().unwrap_or_default();
        assert!(raw.contains("statuses=active,pending"), "{raw}");
        assert_page(&page, 2, Some(MEMBERSHIP_2), &server);
        assert_eq!(page.items[0].status, OrganizationMembershipStatus::Active);
        assert_eq!(
            page.items[1].status,
            OrganizationMembershipStatus::Other("suspended".to_owned())
        );

        let items: Vec<OrganizationMembership> = stream_two_pages(
            &server,
            client.organization_memberships_list_stream(params),
            (
                "workos_organization_memberships_list",
                "/user_management/organization_memberships",
            ),
            &query,
            [
                fx::list(vec![first, second], None, Some(MEMBERSHIP_2)),
                fx::list(
                    vec![fx::organization_membership(MEMBERSHIP_3, USER, ORG)],
                    Some(MEMBERSHIP_3),
                    None,
                ),
            ],
            MEMBERSHIP_2,
        )
        .await;
        let ids: Vec<&str> = items.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, [MEMBERSHIP, MEMBERSHIP_2, MEMBERSHIP_3]);
    }

    #[tokio::test]
    async fn workos_organization_membership_get() {
        let answer = fx::organization_membership(MEMBERSHIP, USER, ORG);
        let server = Server::with([Reply::json(200, &answer)]).await;
        let membership = server
            .client()
            .organization_membership_get(params::OrganizationMembershipGetParams::new(MEMBERSHIP))
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_organization_membership_get",
                method: "GET",
                path: &format!("/user_management/organization_memberships/{MEMBERSHIP}"),
                query: &[],
                body: None,
            },
        );
        assert_eq!(membership.object, "organization_membership");
        assert_eq!(membership.id, MEMBERSHIP);
        assert_eq!(membership.user_id, USER);
        assert_eq!(membership.organization_id, ORG);
        assert_eq!(membership.organization_name.as_deref(), Some("Acme Corp"));
        assert_eq!(membership.status, OrganizationMembershipStatus::Active);
        assert!(!membership.directory_managed);
        assert_eq!(membership.role.slug, "admin");
        assert_eq!(
            membership.custom_attributes.expect("custom attributes")["department"],
            json!("Engineering")
        );
        let user = membership.user.expect("the embedded user");
        assert_eq!(user.id, USER);
        assert_eq!(user.email, "marcelina.davis@example.com");
    }

    #[tokio::test]
    async fn workos_organization_membership_create() {
        let mut answer = fx::organization_membership(MEMBERSHIP, USER, ORG);
        answer["role"] = json!({ "slug": "admin" });
        answer["roles"] = json!([{ "slug": "admin" }, { "slug": "billing" }]);
        let server = Server::with([Reply::json(201, &answer)]).await;
        let membership = server
            .client()
            .organization_membership_create(
                params::OrganizationMembershipCreateParams::new(USER, ORG)
                    .role_slugs(strings(&["admin", "billing"])),
            )
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_organization_membership_create",
                method: "POST",
                path: "/user_management/organization_memberships",
                query: &[],
                body: Some(json!({
                    "user_id": USER,
                    "organization_id": ORG,
                    "role_slugs": ["admin", "billing"],
                })),
            },
        );
        assert_eq!(membership.user_id, USER);
        assert_eq!(membership.organization_id, ORG);
        let roles: Vec<String> = membership
            .roles
            .unwrap_or_default()
            .into_iter()
            .map(|r| r.slug)
            .collect();
        assert_eq!(roles, ["admin", "billing"]);
    }

    #[tokio::test]
    async fn workos_organization_membership_update() {
        let mut answer = fx::organization_membership(MEMBERSHIP, USER, ORG);
        answer["role"] = json!({ "slug": "member" });
        answer["roles"] = json!([{ "slug": "member" }]);
        let server = Server::with([Reply::json(200, &answer)]).await;
        let membership = server
            .client()
            .organization_membership_update(
                params::OrganizationMembershipUpdateParams::new(MEMBERSHIP).role_slug("member"),
            )
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_organization_membership_update",
                method: "PUT",
                path: &format!("/user_management/organization_memberships/{MEMBERSHIP}"),
                query: &[],
                body: Some(json!({ "role_slug": "member" })),
            },
        );
        assert_eq!(membership.id, MEMBERSHIP);
        assert_eq!(membership.role.slug, "member");
    }

    #[tokio::test]
    async fn workos_organization_membership_delete() {
        let server = Server::with([Reply::empty(200)]).await;
        let () = server
            .client()
            .organization_membership_delete(params::OrganizationMembershipDeleteParams::new(
                MEMBERSHIP,
            ))
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_organization_membership_delete",
                method: "DELETE",
                path: &format!("/user_management/organization_memberships/{MEMBERSHIP}"),
                query: &[],
                body: None,
            },
        );
    }
}

mod audit_logs {
    use super::*;
    use workos_client::models::AuditLogExportState;

    #[tokio::test]
    async fn workos_audit_logs_list() {
        let answer = fx::audit_log_export(EXPORT, "pending", None);
        let server = Server::with([Reply::json(201, &answer)]).await;
        let export = server
            .client()
            .audit_logs_list(
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
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_audit_logs_list",
                method: "POST",
                path: "/audit_logs/exports",
                query: &[],
                body: Some(json!({
                    "organization_id": ORG,
                    "range_start": "2026-01-01T00:00:00Z",
                    "range_end": "2026-01-31T23:59:59Z",
                    "actions": ["user.signed_in", "user.logged_out"],
                    "actor_names": ["Jon Smith"],
                    "actor_ids": [USER],
                    "targets": ["team", "user"],
                })),
            },
        );
        assert_eq!(export.object, "audit_log_export");
        assert_eq!(export.id, EXPORT);
        assert_eq!(export.state, AuditLogExportState::Pending);
        assert_eq!(export.url, None);
        assert_eq!(export.created_at, "2022-09-02T17:14:57.094Z");
    }

    #[tokio::test]
    async fn workos_audit_log_export_get() {
        let url = "https://exports.audit-logs.com/audit-log-exports/export.csv";
        let server = Server::start().await;
        server.push(Reply::json(
            200,
            &fx::audit_log_export(EXPORT, "ready", Some(url)),
        ));
        server.push(Reply::json(
            200,
            &fx::audit_log_export(EXPORT, "archived", None),
        ));
        let client = server.client();
        let export = client
            .audit_log_export_get(params::AuditLogExportGetParams::new(EXPORT))
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_audit_log_export_get",
                method: "GET",
                path: &format!("/audit_logs/exports/{EXPORT}"),
                query: &[],
                body: None,
            },
        );
        assert_eq!(export.id, EXPORT);
        assert_eq!(export.state, AuditLogExportState::Ready);
        assert_eq!(export.url.as_deref(), Some(url));

        let later = client
            .audit_log_export_get(params::AuditLogExportGetParams::new(EXPORT))
            .await
            .unwrap();
        assert_eq!(
            later.state,
            AuditLogExportState::Other("archived".to_owned())
        );
    }
}

mod events {
    use super::*;
    use workos_client::models::{Event, EventType};

    #[tokio::test]
    async fn workos_events_list() {
        let server = Server::start().await;
        let client = server.client();
        let params = params::EventsListParams::new(vec![
            EventType::UserCreated,
            EventType::DsyncUserCreated,
        ])
        .range_start("2026-01-01T00:00:00Z")
        .range_end("2026-01-31T23:59:59Z")
        .organization_id(ORG)
        .limit(2);
        let query = [
            ("events", "user.created,dsync.user.created"),
            ("range_start", "2026-01-01T00:00:00Z"),
            ("range_end", "2026-01-31T23:59:59Z"),
            ("organization_id", ORG),
            ("limit", "2"),
        ];
        let first = fx::event(
            EVENT,
            "dsync.user.created",
            fx::directory_user(DIRECTORY_USER, DIRECTORY, ORG, "veda@foo-corp.com"),
        );
        let second = fx::event(
            EVENT_2,
            "vault.key.rotated",
            json!({ "key_id": "key_01HXYZ", "rotated_by": "policy" }),
        );
        server.push(Reply::json(
            200,
            &fx::event_list(vec![first.clone(), second.clone()], Some(EVENT_2)),
        ));

        let page = client.events_list(params.clone()).await.unwrap();
        let request = server.only_request();
        assert_request(
            &request,
            Expect {
                action: "workos_events_list",
                method: "GET",
                path: "/events",
                query: &query,
                body: None,
            },
        );
        let raw = request.query.as_deref().unwrap_or_default();
        assert!(
            raw.contains("events=user.created,dsync.user.created"),
            "{raw}"
        );
        assert_page(&page, 2, Some(EVENT_2), &server);
        assert_eq!(page.items[0].event, EventType::DsyncUserCreated);
        assert_eq!(page.items[0].data["email"], json!("veda@foo-corp.com"));
        assert_eq!(
            page.items[0]
                .context
                .as_ref()
                .map(|c| c["actor"]["source"].clone()),
            Some(json!("api"))
        );
        assert_eq!(
            page.items[1].event,
            EventType::Other("vault.key.rotated".to_owned())
        );
        assert_eq!(page.items[1].data["key_id"], json!("key_01HXYZ"));

        let items: Vec<Event> = stream_two_pages(
            &server,
            client.events_list_stream(params),
            ("workos_events_list", "/events"),
            &query,
            [
                fx::event_list(vec![first, second], Some(EVENT_2)),
                fx::event_list(
                    vec![fx::event(
                        EVENT_3,
                        "user.created",
                        fx::user(USER, "lee@example.com"),
                    )],
                    None,
                ),
            ],
            EVENT_2,
        )
        .await;
        let ids: Vec<&str> = items.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, [EVENT, EVENT_2, EVENT_3]);
        assert_eq!(items[2].event, EventType::UserCreated);
    }
}

mod mfa {
    use super::*;
    use workos_client::models::{
        AuthenticationFactor, AuthenticationFactorEnrollType, AuthenticationFactorType,
    };

    #[tokio::test]
    async fn workos_mfa_enrollments_list() {
        let server = Server::start().await;
        let client = server.client();
        let params = params::MfaEnrollmentsListParams::new(USER).limit(2);
        let query = [("limit", "2")];
        let path = format!("/user_management/users/{USER}/auth_factors");
        let first = fx::authentication_factor(FACTOR, USER);
        let mut second = fx::authentication_factor(FACTOR_2, USER);
        second["type"] = json!("passkey");
        second.as_object_mut().unwrap().remove("totp");
        server.push(Reply::json(
            200,
            &fx::list(vec![first.clone(), second.clone()], None, Some(FACTOR_2)),
        ));

        let page = client.mfa_enrollments_list(params.clone()).await.unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_mfa_enrollments_list",
                method: "GET",
                path: &path,
                query: &query,
                body: None,
            },
        );
        assert_page(&page, 2, Some(FACTOR_2), &server);
        assert_eq!(page.items[0].r#type, AuthenticationFactorType::Totp);
        assert_eq!(
            page.items[1].r#type,
            AuthenticationFactorType::Other("passkey".to_owned())
        );
        assert_eq!(page.items[1].totp, None);

        let items: Vec<AuthenticationFactor> = stream_two_pages(
            &server,
            client.mfa_enrollments_list_stream(params),
            ("workos_mfa_enrollments_list", path.as_str()),
            &query,
            [
                fx::list(vec![first, second], None, Some(FACTOR_2)),
                fx::list(
                    vec![fx::authentication_factor(FACTOR_3, USER)],
                    Some(FACTOR_3),
                    None,
                ),
            ],
            FACTOR_2,
        )
        .await;
        let ids: Vec<&str> = items.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, [FACTOR, FACTOR_2, FACTOR_3]);
    }

    #[tokio::test]
    async fn workos_mfa_enrollment_get() {
        let server =
            Server::with([Reply::json(200, &fx::authentication_factor(FACTOR, USER))]).await;
        let factor = server
            .client()
            .mfa_enrollment_get(params::MfaEnrollmentGetParams::new(FACTOR))
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_mfa_enrollment_get",
                method: "GET",
                path: &format!("/auth/factors/{FACTOR}"),
                query: &[],
                body: None,
            },
        );
        assert_eq!(factor.object, "authentication_factor");
        assert_eq!(factor.id, FACTOR);
        assert_eq!(factor.r#type, AuthenticationFactorType::Totp);
        assert_eq!(factor.user_id.as_deref(), Some(USER));
        let totp = factor.totp.expect("totp details");
        assert_eq!(totp.issuer, "Foo Corp");
        assert_eq!(totp.user, "marcelina.davis@example.com");
        assert_eq!(totp.secret, None, "the secret is only given at enrollment");
        assert_eq!(factor.sms, None);
    }

    #[tokio::test]
    async fn workos_mfa_enrollment_create() {
        let mut factor = fx::authentication_factor(FACTOR, USER);
        factor["totp"] = json!({
            "issuer": "Foo Corp",
            "user": "marcelina.davis@example.com",
            "secret": "JJWFIBJMHEZCSR3Z",
            "qr_code": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
            "uri": "otpauth://totp/Foo%20Corp:marcelina.davis%40example.com?secret=JJWFIBJMHEZCSR3Z&issuer=Foo%20Corp",
        });
        let answer = json!({
            "authentication_factor": factor,
            "authentication_challenge": fx::authentication_challenge(CHALLENGE, FACTOR),
            "recovery_codes_available": false,
        });
        let server = Server::with([Reply::json(201, &answer)]).await;
        let enrolled = server
            .client()
            .mfa_enrollment_create(
                params::MfaEnrollmentCreateParams::new(USER, AuthenticationFactorEnrollType::Totp)
                    .totp_issuer("Foo Corp")
                    .totp_user("marcelina.davis@example.com"),
            )
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_mfa_enrollment_create",
                method: "POST",
                path: &format!("/user_management/users/{USER}/auth_factors"),
                query: &[],
                body: Some(json!({
                    "type": "totp",
                    "totp_issuer": "Foo Corp",
                    "totp_user": "marcelina.davis@example.com",
                })),
            },
        );
        let factor = enrolled.authentication_factor;
        assert_eq!(factor.id, FACTOR);
        let totp = factor.totp.expect("totp details");
        assert_eq!(totp.issuer, "Foo Corp");
        assert_eq!(totp.secret.as_deref(), Some("JJWFIBJMHEZCSR3Z"));
        assert!(totp.uri.unwrap_or_default().starts_with("otpauth://totp/"));
        assert!(
            totp.qr_code
                .unwrap_or_default()
                .starts_with("data:image/png;base64,")
        );
        let challenge = enrolled.authentication_challenge;
        assert_eq!(challenge.id, CHALLENGE);
        assert_eq!(challenge.authentication_factor_id, FACTOR);
        assert_eq!(challenge.expires_at, None);
    }

    #[tokio::test]
    async fn workos_mfa_enrollment_delete() {
        let server = Server::with([Reply::empty(204)]).await;
        let () = server
            .client()
            .mfa_enrollment_delete(params::MfaEnrollmentDeleteParams::new(FACTOR))
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_mfa_enrollment_delete",
                method: "DELETE",
                path: &format!("/auth/factors/{FACTOR}"),
                query: &[],
                body: None,
            },
        );
    }

    #[tokio::test]
    async fn workos_mfa_challenge_create() {
        let mut answer = fx::authentication_challenge(CHALLENGE, FACTOR);
        answer["expires_at"] = json!("2026-01-15T12:10:00.000Z");
        let server = Server::with([Reply::json(201, &answer)]).await;
        let challenge = server
            .client()
            .mfa_challenge_create(params::MfaChallengeCreateParams::new(FACTOR))
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_mfa_challenge_create",
                method: "POST",
                path: &format!("/auth/factors/{FACTOR}/challenge"),
                query: &[],
                // A POST without body parameters still sends a JSON object.
                body: Some(json!({})),
            },
        );
        assert_eq!(challenge.object, "authentication_challenge");
        assert_eq!(challenge.id, CHALLENGE);
        assert_eq!(challenge.authentication_factor_id, FACTOR);
        assert_eq!(
            challenge.expires_at.as_deref(),
            Some("2026-01-15T12:10:00.000Z")
        );
        assert_eq!(challenge.code, None);
    }

    #[tokio::test]
    async fn workos_mfa_verify() {
        let answer = json!({
            "challenge": fx::authentication_challenge(CHALLENGE, FACTOR),
            "valid": true,
            "verified_at": fx::UPDATED,
        });
        let server = Server::with([Reply::json(201, &answer)]).await;
        let verified = server
            .client()
            .mfa_verify(params::MfaVerifyParams::new(CHALLENGE, "123456"))
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_mfa_verify",
                method: "POST",
                path: &format!("/auth/challenges/{CHALLENGE}/verify"),
                query: &[],
                body: Some(json!({ "code": "123456" })),
            },
        );
        assert!(verified.valid);
        assert_eq!(verified.challenge.id, CHALLENGE);
        assert_eq!(verified.challenge.authentication_factor_id, FACTOR);
    }
}

mod portal {
    use super::*;
    use workos_client::models::PortalIntent;

    #[tokio::test]
    async fn workos_portal_link_create() {
        let link = "https://setup.workos.com/portal/launch?secret=JteZqfJZqUcgWGaYCC6iI0gW0";
        let server = Server::with([Reply::json(
            201,
            &json!({ "link": link, "expires_at": "2026-01-15T12:05:00.000Z" }),
        )])
        .await;
        let portal = server
            .client()
            .portal_link_create(
                params::PortalLinkCreateParams::new(ORG)
                    .intent(PortalIntent::Sso)
                    .return_url("https://foo-corp.com/settings")
                    .success_url("https://foo-corp.com/settings/sso/done")
                    .it_contact_emails(strings(&["it@foo-corp.com", "sso-admin@foo-corp.com"])),
            )
            .await
            .unwrap();
        assert_request(
            &server.only_request(),
            Expect {
                action: "workos_portal_link_create",
                method: "POST",
                path: "/portal/generate_link",
                query: &[],
                body: Some(json!({
                    "organization": ORG,
                    "intent": "sso",
                    "return_url": "https://foo-corp.com/settings",
                    "success_url": "https://foo-corp.com/settings/sso/done",
                    "it_contact_emails": ["it@foo-corp.com", "sso-admin@foo-corp.com"],
                })),
            },
        );
        assert_eq!(portal.link, link);
    }
}

/// Headers every request shares, beyond what each action test checks.
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
