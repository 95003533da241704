//! The generated client against the local WorkOS emulator, started in-process once for this
//! file (seeded with the demo data), plus a second one for rate limits and faults so their
//! rules never touch the other tests.
//!
//! Every available action is called at least once and its effect read back, area by area
//! ([`AREAS`]): each area's test checks at its end that it called every available action of
//! its resources, and `every_resource_has_an_area` checks that the areas name every resource an
//! available action has, so a new action without a call here fails a test.

use std::collections::{BTreeSet, HashSet};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use actionspec_runtime::{CallOptions, Error};
use futures::TryStreamExt;
use serde_json::{Value, json};
use workos_actions::emulator::{Fault, RateLimit, Running};
use workos_client::descriptors::API;
use workos_client::{Client, models, params};

#[path = "emulator/authorization.rs"]
mod authorization;

const KEY: &str = "sk_test_emulator";

/// The areas of the emulator's behaviour, one test each, with the resources (as the descriptor
/// table names them) whose every available action the area's test calls.
const AREAS: &[(&str, &[&str])] = &[
    ("organizations", &["organization"]),
    (
        "users and memberships",
        &["user", "organization_membership", "invitation"],
    ),
    ("connections", &["connection"]),
    (
        "directories",
        &["directory", "directory_group", "directory_user"],
    ),
    ("audit logs", &["audit_log_export"]),
    ("events", &["event"]),
    (
        "mfa",
        &["authentication_factor", "authentication_challenge"],
    ),
    ("portal", &["portal_link"]),
    (
        "authorization",
        &[
            "role",
            "organization_role",
            "permission",
            "role_assignment",
            "resource",
        ],
    ),
    (
        "groups",
        &["group", "group_member", "group_role_assignment"],
    ),
    (
        "user management",
        &[
            "session",
            "password_reset",
            "magic_auth",
            "email_verification",
            "email_change",
            "authentication",
            "device_authorization",
            "radar_challenge",
            "sso_token",
            "sso_logout",
            "jwks",
            "authkit_login",
            "identity",
            "redirect_uri",
            "cors_origin",
            "jwt_template",
            "widget_token",
            "client_token",
        ],
    ),
    (
        "connect",
        &[
            "connect_application",
            "connect_application_secret",
            "authorized_application",
        ],
    ),
    (
        "data integrations",
        &[
            "data_integration",
            "connected_account",
            "data_provider",
            "data_integration_configuration",
        ],
    ),
    ("organization domains", &["organization_domain"]),
    ("webhook endpoints", &["webhook_endpoint"]),
    ("api keys", &["api_key"]),
    ("feature flags", &["feature_flag", "feature_flag_target"]),
    (
        "audit log settings",
        &[
            "audit_log_configuration",
            "audit_log_retention",
            "audit_log_action",
            "audit_log_schema",
            "audit_log_event",
        ],
    ),
    ("browser pages", &["sso", "authkit"]),
    ("vault", &["vault_object", "vault_object_version"]),
    ("vault data keys", &["vault_data_key"]),
    ("radar", &["radar_attempt", "radar_list_entry"]),
    (
        "agents",
        &[
            "agent_registration",
            "agent_claim_attempt",
            "agent_credential",
        ],
    ),
];

#[path = "emulator/platform.rs"]
mod platform;

#[path = "emulator/vault.rs"]
mod vault;

#[path = "emulator/connect.rs"]
mod connect;

fn main_emulator() -> &'static Running {
    static RUNNING: OnceLock<Running> = OnceLock::new();
    RUNNING.get_or_init(|| {
        workos_actions::emulator::emulator(true)
            .start("127.0.0.1:0")
            .expect("the emulator starts")
    })
}

fn faulty_emulator() -> &'static Running {
    static RUNNING: OnceLock<Running> = OnceLock::new();
    RUNNING.get_or_init(|| {
        workos_actions::emulator::emulator(true)
            .start("127.0.0.1:0")
            .expect("the emulator starts")
    })
}

fn client_for(running: &Running, key: &str) -> Client {
    Client::builder()
        .api_key(key)
        .base_url(running.base_url())
        .build()
        .expect("the client builds")
        .into()
}

fn client() -> Client {
    client_for(main_emulator(), KEY)
}

/// Dynamic calls by name through the client's engine, recording which actions ran.
struct Calls {
    client: Client,
    called: Mutex<BTreeSet<String>>,
}

impl Calls {
    /// Calls on the main emulator.
    fn new() -> Calls {
        Calls {
            client: client(),
            called: Mutex::new(BTreeSet::new()),
        }
    }

    async fn call(&self, action: &str, args: Value) -> Value {
        self.called.lock().unwrap().insert(action.to_owned());
        self.client
            .engine()
            .call_json(action, args.clone())
            .await
            .unwrap_or_else(|error| panic!("{action} {args}: {error}"))
    }

    async fn items(&self, action: &str, args: Value) -> Vec<Value> {
        self.called.lock().unwrap().insert(action.to_owned());
        self.client
            .engine()
            .stream_json(action, args)
            .try_collect()
            .await
            .unwrap_or_else(|error| panic!("{action}: {error}"))
    }

    /// A call the emulator refuses, as WorkOS refuses it (counted as called).
    async fn refused(&self, action: &str, args: Value) -> Error {
        self.called.lock().unwrap().insert(action.to_owned());
        self.fails(action, args).await
    }

    /// The URL of a browser page, built by the engine (nothing sent).
    fn url(&self, action: &str, args: Value) -> String {
        self.called.lock().unwrap().insert(action.to_owned());
        self.client
            .engine()
            .url_json(action, args.clone())
            .unwrap_or_else(|error| panic!("{action} {args}: {error}"))
    }

    async fn fails(&self, action: &str, args: Value) -> Error {
        self.client
            .engine()
            .call_json(action, args)
            .await
            .expect_err("the call fails")
    }

    /// Asserts these calls included every available action of the area's resources.
    fn assert_cover(&self, area: &str) {
        let (_, resources) = AREAS
            .iter()
            .find(|(name, _)| *name == area)
            .unwrap_or_else(|| panic!("`{area}` is not in AREAS"));
        let called = self.called.lock().unwrap();
        let missing: Vec<&str> = API
            .actions
            .iter()
            .filter(|action| action.is_available() && resources.contains(&action.resource))
            .map(|action| action.name)
            .filter(|name| !called.contains(*name))
            .collect();
        assert!(
            missing.is_empty(),
            "{area}: actions never called: {missing:?}"
        );
    }

    /// Deletes the object with `delete`, then checks `get` finds it no more.
    async fn delete(&self, delete: &str, get: &str, id: &str) {
        self.call(delete, json!({"id": id})).await;
        assert_not_found(self.fails(get, json!({"id": id})).await);
    }

    /// A new organization with one verified domain.
    async fn organization(&self, name: &str, domain: &str) -> Value {
        let args = json!({"name": name, "domain_data": [{"domain": domain, "state": "verified"}]});
        self.call("workos_organization_create", args).await
    }

    /// A new user.
    async fn user(&self, email: &str) -> Value {
        self.call("workos_user_create", json!({"email": email}))
            .await
    }
}

fn id(value: &Value) -> String {
    value["id"].as_str().expect("an id").to_owned()
}

fn ids(items: &[Value]) -> Vec<String> {
    items.iter().map(id).collect()
}

fn assert_not_found(error: Error) {
    assert!(matches!(error, Error::NotFound(_)), "{error}");
}

#[test]
fn every_resource_has_an_area() {
    let available: BTreeSet<&str> = API
        .actions
        .iter()
        .filter(|action| action.is_available())
        .map(|action| action.resource)
        .collect();
    let named: Vec<&str> = AREAS
        .iter()
        .flat_map(|(_, resources)| resources.iter().copied())
        .collect();
    let in_areas: BTreeSet<&str> = named.iter().copied().collect();
    assert_eq!(in_areas.len(), named.len(), "a resource is in two areas");
    let without_area: Vec<_> = available.difference(&in_areas).collect();
    let stale: Vec<_> = in_areas.difference(&available).collect();
    assert!(
        without_area.is_empty() && stale.is_empty(),
        "resources of available actions in no area: {without_area:?}; \
         area resources without an available action: {stale:?}"
    );
}

#[tokio::test]
async fn organizations_are_created_found_updated_and_deleted() {
    let calls = Calls::new();
    let org = calls
        .call(
            "workos_organization_create",
            json!({"name": "Coverage Inc", "domain_data": [{"domain": "coverage.test", "state": "verified"}], "metadata": {"plan": "gold"}, "allow_profiles_outside_organization": true, "external_id": "coverage-ext-1"}),
        )
        .await;
    let org_id = id(&org);
    assert_eq!(org["allow_profiles_outside_organization"], true);
    assert!(
        org_id.starts_with("org_") && org_id.len() == 4 + 26,
        "{org_id}"
    );
    assert_eq!(org["domains"][0]["domain"], "coverage.test");
    assert!(id(&org["domains"][0]).starts_with("org_domain_"));
    let listed = calls
        .items(
            "workos_organizations_list",
            json!({"domains": ["coverage.test"]}),
        )
        .await;
    assert_eq!(ids(&listed), [org_id.as_str()]);
    calls
        .call(
            "workos_organization_update",
            json!({"id": org_id, "name": "Coverage LLC", "stripe_customer_id": "cus_1", "allow_profiles_outside_organization": false}),
        )
        .await;
    let read = calls
        .call("workos_organization_get", json!({"id": org_id}))
        .await;
    assert_eq!(read["name"], "Coverage LLC");
    assert_eq!(read["metadata"]["plan"], "gold");
    assert_eq!(read["allow_profiles_outside_organization"], false);
    assert_ne!(read["updated_at"], org["updated_at"]);
    let by_external_id = calls
        .call(
            "workos_organization_get_by_external_id",
            json!({"external_id": "coverage-ext-1"}),
        )
        .await;
    assert_eq!(by_external_id["id"], org_id.as_str());
    assert_not_found(
        calls
            .fails(
                "workos_organization_get_by_external_id",
                json!({"external_id": "no-such-ext"}),
            )
            .await,
    );

    calls
        .delete(
            "workos_organization_delete",
            "workos_organization_get",
            &org_id,
        )
        .await;
    calls.assert_cover("organizations");
}

#[tokio::test]
async fn users_memberships_and_invitations_are_managed_and_deleted() {
    let calls = Calls::new();
    let org = calls.organization("Members LLC", "members.test").await;
    let org_id = id(&org);
    let user = calls
        .call(
            "workos_user_create",
            json!({"email": "cover@members.test", "first_name": "Cover", "password": "correct horse battery staple"}),
        )
        .await;
    let user_id = id(&user);
    assert!(user.get("password").is_none());
    calls
        .call(
            "workos_user_update",
            json!({"id": user_id, "last_name": "Age"}),
        )
        .await;
    assert_eq!(
        calls.call("workos_user_get", json!({"id": user_id})).await["last_name"],
        "Age"
    );
    let membership = calls
        .call(
            "workos_organization_membership_create",
            json!({"user_id": user_id, "organization_id": org_id, "role_slug": "admin"}),
        )
        .await;
    let membership_id = id(&membership);
    assert_eq!(membership["role"]["slug"], "admin");
    assert_eq!(membership["organization_name"], "Members LLC");
    assert_eq!(membership["user"]["id"], user_id.as_str());
    calls
        .call(
            "workos_organization_membership_update",
            json!({"id": membership_id, "role_slugs": ["member", "billing"]}),
        )
        .await;
    let read = calls
        .call(
            "workos_organization_membership_get",
            json!({"id": membership_id}),
        )
        .await;
    assert_eq!(
        read["roles"],
        json!([{"slug": "member"}, {"slug": "billing"}])
    );
    let members = calls
        .items("workos_users_list", json!({"organization_id": org_id}))
        .await;
    assert_eq!(ids(&members), [user_id.as_str()]);
    let memberships = calls
        .items(
            "workos_organization_memberships_list",
            json!({"organization_id": org_id}),
        )
        .await;
    assert_eq!(ids(&memberships), [membership_id.as_str()]);

    let invitation = calls
        .call(
            "workos_user_invite",
            json!({"email": "next@members.test", "organization_id": org_id, "inviter_user_id": user_id}),
        )
        .await;
    assert_eq!(invitation["state"], "pending");
    assert!(
        invitation["accept_invitation_url"]
            .as_str()
            .unwrap()
            .contains(invitation["token"].as_str().unwrap())
    );

    let invitation_id = id(&invitation);
    let args = json!({"id": invitation_id});
    let listed = calls
        .items(
            "workos_invitations_list",
            json!({"organization_id": org_id}),
        )
        .await;
    assert_eq!(ids(&listed), [invitation_id.as_str()]);
    let by_token = json!({"token": invitation["token"]});
    let found = calls
        .call("workos_invitation_find_by_token", by_token)
        .await;
    assert_eq!(id(&found), invitation_id);
    calls.call("workos_invitation_resend", args.clone()).await;
    let accepted = calls.call("workos_invitation_accept", args.clone()).await;
    assert_eq!(accepted["state"], "accepted");
    let revoked = calls
        .refused("workos_invitation_revoke", args.clone())
        .await;
    assert_eq!(revoked.status(), Some(400));
    let read = calls.call("workos_invitation_get", args).await;
    assert_eq!(read["accepted_user_id"], accepted["accepted_user_id"]);
    let deactivated = calls
        .call(
            "workos_organization_membership_deactivate",
            json!({"id": membership_id}),
        )
        .await;
    assert_eq!(deactivated["status"], "inactive");
    let reactivated = calls
        .call(
            "workos_organization_membership_reactivate",
            json!({"id": membership_id}),
        )
        .await;
    assert_eq!(reactivated["status"], "active");
    calls
        .call(
            "workos_user_update",
            json!({"id": user_id, "external_id": "cover-1"}),
        )
        .await;
    let by_external_id = calls
        .call(
            "workos_user_get_by_external_id",
            json!({"external_id": "cover-1"}),
        )
        .await;
    assert_eq!(id(&by_external_id), user_id);

    calls
        .delete(
            "workos_organization_membership_delete",
            "workos_organization_membership_get",
            &membership_id,
        )
        .await;
    calls
        .delete("workos_user_delete", "workos_user_get", &user_id)
        .await;
    calls.assert_cover("users and memberships");
}

/// The seed has an inactive membership at Globex.
#[tokio::test]
async fn memberships_list_only_active_ones_unless_asked() {
    let calls = Calls::new();
    let globex = calls
        .items("workos_organizations_list", json!({"search": "Globex"}))
        .await;
    let globex_id = id(&globex[0]);
    let statuses = |items: &[Value]| -> BTreeSet<String> {
        items
            .iter()
            .map(|item| item["status"].as_str().unwrap().to_owned())
            .collect()
    };
    let active = calls
        .items(
            "workos_organization_memberships_list",
            json!({"organization_id": globex_id}),
        )
        .await;
    assert_eq!(statuses(&active), BTreeSet::from(["active".to_owned()]));
    let every = calls
        .items(
            "workos_organization_memberships_list",
            json!({"organization_id": globex_id, "statuses": ["active", "inactive"]}),
        )
        .await;
    assert_eq!(every.len(), active.len() + 1);
}

#[tokio::test]
async fn events_record_invitations_and_deletes() {
    let calls = Calls::new();
    let org_id = id(&calls.organization("Events LLC", "events.test").await);
    let user_id = id(&calls.user("leaving@events.test").await);
    let invitation = calls
        .call(
            "workos_user_invite",
            json!({"email": "next@events.test", "organization_id": org_id, "inviter_user_id": user_id}),
        )
        .await;
    let events = calls
        .items(
            "workos_events_list",
            json!({"events": ["invitation.created"], "organization_id": org_id}),
        )
        .await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["data"]["id"], invitation["id"]);

    calls
        .call("workos_user_delete", json!({"id": user_id}))
        .await;
    calls
        .call("workos_organization_delete", json!({"id": org_id}))
        .await;
    let deleted = calls
        .items(
            "workos_events_list",
            json!({"events": ["organization.deleted", "user.deleted"], "range_start": "2026-01-01T00:00:00Z"}),
        )
        .await;
    let deleted_ids: HashSet<&str> = deleted
        .iter()
        .filter_map(|event| event["data"]["id"].as_str())
        .collect();
    assert!(deleted_ids.contains(org_id.as_str()) && deleted_ids.contains(user_id.as_str()));
    calls.assert_cover("events");
}

#[tokio::test]
async fn portal_links_are_generated() {
    let calls = Calls::new();
    let org_id = id(&calls.organization("Portal LLC", "portal.test").await);
    let link = calls
        .call(
            "workos_portal_link_create",
            json!({"organization": org_id, "intent": "sso"}),
        )
        .await;
    assert!(link["link"].as_str().unwrap().starts_with("http"));
    calls.assert_cover("portal");
}

/// A browser following a page's URL, as the user's would: no API key, no redirect followed.
async fn follow(url: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(url)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn browser_pages_send_the_browser_back() {
    let calls = Calls::new();
    let callback = "https://foo-corp.test/callback?from=login";
    for action in [
        "workos_sso_authorization_url",
        "workos_authkit_authorization_url",
    ] {
        let url = calls.url(
            action,
            json!({
                "client_id": "client_01HZBC6N1EB1ZY7KG32X",
                "redirect_uri": callback,
                "organization": "org_01EHWNCE74X7JSDV0X3SZ3KJNY",
                "state": "a b&c",
            })
            .as_object()
            .map(|args| {
                let mut args = args.clone();
                if action.contains("authkit") {
                    let org = args.remove("organization").unwrap();
                    args.insert("organization_id".into(), org);
                }
                Value::Object(args)
            })
            .unwrap(),
        );
        let answer = follow(&url).await;
        assert_eq!(answer.status(), 302, "{action}");
        let location = answer.headers()["location"].to_str().unwrap().to_owned();
        let (back, pairs) = location
            .split_once("&code=")
            .expect("a code after the query");
        assert_eq!(back, callback, "{action}: {location}");
        let (code, state) = pairs.split_once("&state=").expect("the state");
        assert!(code.len() >= 20, "{location}");
        assert_eq!(state, "a+b%26c", "{location}");
        // Another visit, another code.
        let again = follow(&url).await;
        assert_ne!(again.headers()["location"], location.as_str());
    }

    let logout = calls.url(
        "workos_authkit_logout_url",
        json!({"session_id": "session_01H93ZY4F80QPBEZ1R5B2SHQG8", "return_to": "https://foo-corp.test/bye"}),
    );
    let answer = follow(&logout).await;
    assert_eq!(answer.status(), 302);
    assert_eq!(answer.headers()["location"], "https://foo-corp.test/bye");
    let nowhere = calls.url(
        "workos_authkit_logout_url",
        json!({"session_id": "session_01H93ZY4F80QPBEZ1R5B2SHQG8"}),
    );
    assert_eq!(follow(&nowhere).await.status(), 200);
    let sso_logout = calls.url(
        "workos_sso_logout_url",
        json!({"token": "eyJhbGciOiJIUzI1NiJ9.e30.c2ln"}),
    );
    assert_eq!(follow(&sso_logout).await.status(), 200);

    // Arguments are checked as a call's are, and the fixed pairs must be there.
    let base = main_emulator().base_url();
    let missing = follow(&format!(
        "{base}/sso/authorize?response_type=code&client_id=c"
    ))
    .await;
    assert_eq!(missing.status(), 400);
    let body: Value = missing.json().await.unwrap();
    assert!(body.to_string().contains("redirect_uri"), "{body}");
    let fixed = url_without(
        &calls.url(
            "workos_sso_authorization_url",
            json!({"client_id": "c", "redirect_uri": callback, "provider": "GoogleOAuth"}),
        ),
        "response_type=code",
    );
    assert_eq!(follow(&fixed).await.status(), 400);
    calls.assert_cover("browser pages");
}

/// The URL with one query pair taken out.
fn url_without(url: &str, pair: &str) -> String {
    let (path, query) = url.split_once('?').unwrap();
    let rest: Vec<&str> = query.split('&').filter(|part| *part != pair).collect();
    assert_ne!(rest.len(), query.split('&').count(), "{url} has no {pair}");
    format!("{path}?{}", rest.join("&"))
}

#[tokio::test]
async fn connections_are_created_found_updated_and_deleted() {
    let calls = Calls::new();
    let org_id = id(&calls
        .organization("Connections LLC", "connections.test")
        .await);
    let connection = calls
        .call(
            "workos_connection_create",
            json!({"organization_id": org_id, "oidc_options": {"discovery_endpoint": "https://idp.test/.well-known/openid-configuration", "client_id": "abc"}}),
        )
        .await;
    let connection_id = id(&connection);
    assert_eq!(connection["connection_type"], "GenericOIDC");
    assert_eq!(connection["state"], "active");
    calls
        .call(
            "workos_connection_update",
            json!({"id": connection_id, "name": "Coverage OIDC"}),
        )
        .await;
    assert_eq!(
        calls
            .call("workos_connection_get", json!({"id": connection_id}))
            .await["name"],
        "Coverage OIDC"
    );
    let connections = calls
        .items(
            "workos_connections_list",
            json!({"organization_id": org_id}),
        )
        .await;
    assert_eq!(ids(&connections), [connection_id.as_str()]);
    calls
        .delete(
            "workos_connection_delete",
            "workos_connection_get",
            &connection_id,
        )
        .await;
    calls.assert_cover("connections");
}

#[tokio::test]
async fn seeded_directories_their_groups_and_users_read_back() {
    let calls = Calls::new();
    let directories = calls.items("workos_directories_list", json!({})).await;
    let directory = directories
        .iter()
        .find(|directory| directory["name"] == "Acme Corp Okta Directory")
        .expect("the seeded directory");
    let directory_id = id(directory);
    assert_eq!(
        calls
            .call("workos_directory_get", json!({"id": directory_id}))
            .await["type"],
        "okta scim v2.0"
    );
    let groups = calls
        .items(
            "workos_directory_sync_groups",
            json!({"directory": directory_id}),
        )
        .await;
    assert_eq!(groups.len(), 2);
    let finance = groups
        .iter()
        .find(|group| group["name"] == "Finance")
        .unwrap();
    assert_eq!(
        calls
            .call("workos_directory_group_get", json!({"id": id(finance)}))
            .await["name"],
        "Finance"
    );
    let finance_users = calls
        .items(
            "workos_directory_sync_users",
            json!({"directory": directory_id, "group": id(finance)}),
        )
        .await;
    assert_eq!(finance_users.len(), 2);
    let grace = finance_users
        .iter()
        .find(|user| user["email"] == "grace@acme.com")
        .unwrap();
    assert_eq!(
        calls
            .call("workos_directory_user_get", json!({"id": id(grace)}))
            .await["first_name"],
        "Grace"
    );
    let grace_groups = calls
        .items(
            "workos_directory_sync_groups",
            json!({"directory": directory_id, "user": id(grace)}),
        )
        .await;
    assert_eq!(grace_groups.len(), 2);
    // Deleting the directory deletes the users and groups it synced.
    calls
        .delete(
            "workos_directory_delete",
            "workos_directory_get",
            &directory_id,
        )
        .await;
    assert_not_found(
        calls
            .fails("workos_directory_user_get", json!({"id": id(grace)}))
            .await,
    );
    calls.assert_cover("directories");
}

#[tokio::test]
async fn audit_log_exports_become_ready() {
    let calls = Calls::new();
    let org_id = id(&calls.organization("Audit LLC", "audit.test").await);
    let export = calls
        .call(
            "workos_audit_logs_list",
            json!({"organization_id": org_id, "range_start": "2026-01-01T00:00:00Z", "range_end": "2026-12-31T00:00:00Z"}),
        )
        .await;
    assert_eq!(export["state"], "pending");
    let export = calls
        .call("workos_audit_log_export_get", json!({"id": id(&export)}))
        .await;
    assert_eq!(export["state"], "ready");
    assert!(export["url"].as_str().unwrap().starts_with("http"));
    calls.assert_cover("audit logs");
}

#[tokio::test]
async fn mfa_factors_are_enrolled_challenged_verified_and_deleted() {
    let calls = Calls::new();
    let user_id = id(&calls.user("cover@mfa.test").await);
    let enrolled = calls
        .call(
            "workos_mfa_enrollment_create",
            json!({"id": user_id, "type": "totp", "totp_issuer": "Coverage"}),
        )
        .await;
    let factor_id = id(&enrolled["authentication_factor"]);
    let uri = enrolled["authentication_factor"]["totp"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        uri.starts_with("otpauth://totp/Coverage:cover%40mfa.test?"),
        "{uri}"
    );
    let factor = calls
        .call("workos_mfa_enrollment_get", json!({"id": factor_id}))
        .await;
    assert!(factor["totp"].get("secret").is_none(), "{factor}");
    let factors = calls
        .items("workos_mfa_enrollments_list", json!({"id": user_id}))
        .await;
    assert_eq!(ids(&factors), [factor_id.as_str()]);
    let challenge = calls
        .call("workos_mfa_challenge_create", json!({"id": factor_id}))
        .await;
    assert_eq!(challenge["authentication_factor_id"], factor_id.as_str());
    let secret = enrolled["authentication_factor"]["totp"]["secret"]
        .as_str()
        .unwrap();
    let code = totp(secret).generate_current().unwrap();
    let verified = calls
        .call(
            "workos_mfa_verify",
            json!({"id": id(&challenge), "code": code}),
        )
        .await;
    assert_eq!(verified["valid"], true);
    let standalone = calls
        .call(
            "workos_mfa_factor_enroll",
            json!({"type": "sms", "phone_number": "+15555550123"}),
        )
        .await;
    assert_eq!(standalone["sms"]["phone_number"], "+15555550123");
    calls
        .delete(
            "workos_mfa_enrollment_delete",
            "workos_mfa_enrollment_get",
            &factor_id,
        )
        .await;
    calls.assert_cover("mfa");
}

fn totp(secret: &str) -> totp_rs::TOTP {
    let bytes = totp_rs::Secret::Encoded(secret.to_owned())
        .to_bytes()
        .unwrap();
    totp_rs::TOTP::new_unchecked(
        totp_rs::Algorithm::SHA1,
        6,
        0,
        30,
        bytes,
        None,
        String::new(),
    )
}

#[tokio::test]
async fn totp_verification_accepts_the_current_code_only() {
    let client = client();
    let user = client
        .user_create(params::UserCreateParams::new("totp@verify.test"))
        .await
        .unwrap();
    let enrolled = client
        .mfa_enrollment_create(params::MfaEnrollmentCreateParams::new(
            user.id.clone(),
            models::AuthenticationFactorEnrollType::Totp,
        ))
        .await
        .unwrap();
    let totp_details = enrolled.authentication_factor.totp.clone().unwrap();
    // The emulator answers the real values; the typed model keeps them out of `Debug`.
    let secret = totp_details.secret.clone().unwrap().into_exposed();
    assert!(secret.len() >= 26, "a 160-bit base32 secret: {secret}");
    assert!(!format!("{enrolled:?}").contains(&secret));
    let uri = totp_details.uri.unwrap();
    assert!(uri.expose_secret().starts_with("otpauth://totp/"));
    let generator = totp(&secret);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let near: HashSet<String> = [now - 30, now, now + 30]
        .iter()
        .map(|at| generator.generate(*at))
        .collect();
    let wrong = (1..)
        .map(|hours| generator.generate(now + hours * 3600))
        .find(|code| !near.contains(code))
        .unwrap();
    let challenge_id = enrolled.authentication_challenge.id.clone();
    let refused = client
        .mfa_verify(params::MfaVerifyParams::new(challenge_id.clone(), wrong))
        .await
        .unwrap();
    assert!(!refused.valid);
    let accepted = client
        .mfa_verify(params::MfaVerifyParams::new(
            challenge_id,
            generator.generate_current().unwrap(),
        ))
        .await
        .unwrap();
    assert!(accepted.valid);
}

#[tokio::test]
async fn pages_cover_the_list_once_in_both_orders() {
    let client = client();
    let mut created = Vec::new();
    for index in 0..25 {
        let org = client
            .organization_create(
                params::OrganizationCreateParams::new(format!("Page {index:02}")).domain_data(
                    vec![models::DomainData {
                        domain: "pagination.test".to_owned(),
                        state: models::DomainDataState::Verified,
                    }],
                ),
            )
            .await
            .unwrap();
        created.push(org.id);
    }
    let engine = client.engine();
    for order in ["asc", "desc"] {
        let mut seen = Vec::new();
        let mut after: Option<String> = None;
        let mut pages = 0;
        loop {
            let mut args = json!({"domains": ["pagination.test"], "limit": 10, "order": order});
            if let Some(cursor) = &after {
                args["after"] = json!(cursor);
            }
            let page = engine
                .page_json("workos_organizations_list", args)
                .await
                .unwrap();
            pages += 1;
            assert!(page.items.len() <= 10);
            seen.extend(ids(&page.items));
            match page.next_cursor {
                Some(cursor) => after = Some(cursor),
                None => break,
            }
        }
        assert_eq!(pages, 3);
        let mut expected = created.clone();
        if order == "desc" {
            expected.reverse();
        }
        assert_eq!(seen, expected, "order {order}");

        // Back from the last page with `before`.
        let last_first = &seen[20];
        let page = engine
            .page_json(
                "workos_organizations_list",
                json!({"domains": ["pagination.test"], "limit": 10, "order": order, "before": last_first}),
            )
            .await
            .unwrap();
        assert_eq!(ids(&page.items), seen[10..20]);
        assert_eq!(
            page.envelope["list_metadata"]["before"],
            json!(seen[10].clone())
        );
    }
    // The default page size is 10, newest first.
    let page = engine
        .page_json(
            "workos_organizations_list",
            json!({"domains": ["pagination.test"]}),
        )
        .await
        .unwrap();
    assert_eq!(
        ids(&page.items),
        created.iter().rev().take(10).cloned().collect::<Vec<_>>()
    );
    assert_eq!(page.envelope["list_metadata"]["before"], Value::Null);
}

#[tokio::test]
async fn writes_record_events_in_order() {
    let client = client();
    let org = client
        .organization_create(params::OrganizationCreateParams::new("Eventful"))
        .await
        .unwrap();
    client
        .organization_update(
            params::OrganizationUpdateParams::new(org.id.clone()).name("Eventful 2"),
        )
        .await
        .unwrap();
    let user = client
        .user_create(params::UserCreateParams::new("eventful@events.test"))
        .await
        .unwrap();
    let membership = client
        .organization_membership_create(params::OrganizationMembershipCreateParams::new(
            user.id.clone(),
            org.id.clone(),
        ))
        .await
        .unwrap();
    client
        .organization_delete(params::OrganizationDeleteParams::new(org.id.clone()))
        .await
        .unwrap();
    // The membership went with its organization.
    let error = client
        .organization_membership_get(params::OrganizationMembershipGetParams::new(
            membership.id.clone(),
        ))
        .await
        .unwrap_err();
    assert_not_found(error);
    let events: Vec<models::Event> = client
        .events_list_stream(
            params::EventsListParams::new(vec![
                models::EventType::OrganizationCreated,
                models::EventType::OrganizationUpdated,
                models::EventType::OrganizationDeleted,
                models::EventType::OrganizationMembershipCreated,
                models::EventType::OrganizationMembershipDeleted,
            ])
            .organization_id(org.id.clone())
            .order(models::PaginationOrder::Asc),
        )
        .try_collect()
        .await
        .unwrap();
    let kinds: Vec<String> = events.iter().map(|event| event.event.to_string()).collect();
    assert_eq!(
        kinds,
        [
            "organization.created",
            "organization.updated",
            "organization_membership.created",
            "organization.deleted",
            "organization_membership.deleted",
        ]
    );
    assert_eq!(events[1].data["name"], "Eventful 2");
    assert!(events.iter().all(|event| event.id.starts_with("event_")));
}

#[tokio::test]
async fn errors_read_like_workos_errors() {
    let running = main_emulator();
    // 401: a key that is not a secret key, and none at all.
    let error = client_for(running, "pk_not_secret")
        .organizations_list(params::OrganizationsListParams::new())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Unauthorized(_)), "{error}");
    let http = reqwest::Client::new();
    let answer = http
        .get(format!("{}/organizations", running.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 401);

    let client = client();
    // 404 with the entity's id.
    let error = client
        .organization_get(params::OrganizationGetParams::new(
            "org_01AAAAAAAAAAAAAAAAAAAAAAAA",
        ))
        .await
        .unwrap_err();
    let api = error.api_error().unwrap();
    assert_eq!(api.status, 404);
    assert_eq!(api.code.as_deref(), Some("entity_not_found"));
    assert!(api.request_id.as_deref().unwrap().starts_with("req_"));
    // A membership needs an existing user and organization.
    let org = client
        .organization_create(params::OrganizationCreateParams::new("Errors"))
        .await
        .unwrap();
    let error = client
        .organization_membership_create(params::OrganizationMembershipCreateParams::new(
            "user_01AAAAAAAAAAAAAAAAAAAAAAAA",
            org.id.clone(),
        ))
        .await
        .unwrap_err();
    assert_not_found(error);
    // An update of a missing object.
    let error = client
        .user_update(
            params::UserUpdateParams::new("user_01AAAAAAAAAAAAAAAAAAAAAAAA").first_name("X"),
        )
        .await
        .unwrap_err();
    assert_not_found(error);
    // 422 from the server's own checks: the same user twice in one organization.
    let user = client
        .user_create(params::UserCreateParams::new("twice@errors.test"))
        .await
        .unwrap();
    let create = || {
        client.organization_membership_create(params::OrganizationMembershipCreateParams::new(
            user.id.clone(),
            org.id.clone(),
        ))
    };
    create().await.unwrap();
    let error = create().await.unwrap_err();
    assert!(matches!(error, Error::Validation(_)), "{error}");

    // What the client refuses to send, the server refuses too, with WorkOS's bodies.
    let body = http
        .post(format!("{}/organizations", running.base_url()))
        .bearer_auth(KEY)
        .json(&json!({"metadata": {"k": 5}}))
        .send()
        .await
        .unwrap();
    assert_eq!(body.status(), 422);
    let body: Value = body.json().await.unwrap();
    assert_eq!(body["code"], "invalid_request_parameters");
    let fields: BTreeSet<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|error| error["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, BTreeSet::from(["metadata.k", "name"]));
    let query = http
        .get(format!("{}/organizations?limit=500", running.base_url()))
        .bearer_auth(KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(query.status(), 400);
    let query: Value = query.json().await.unwrap();
    assert!(
        query["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("limit")
    );
    let broken = http
        .post(format!("{}/organizations", running.base_url()))
        .bearer_auth(KEY)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(broken.status(), 400);
}

#[tokio::test]
async fn an_idempotency_key_replays_or_conflicts() {
    let client = client();
    let keyed = client.with_options(CallOptions::new().idempotency_key("emulator-test-key-1"));
    let first = keyed
        .organization_create(params::OrganizationCreateParams::new("Once"))
        .await
        .unwrap();
    let again = keyed
        .organization_create(params::OrganizationCreateParams::new("Once"))
        .await
        .unwrap();
    assert_eq!(first.id, again.id);
    assert_eq!(first.created_at, again.created_at);
    let error = keyed
        .organization_create(params::OrganizationCreateParams::new("Twice"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Conflict(_)), "{error}");
    assert_eq!(
        error.api_error().unwrap().code.as_deref(),
        Some("idempotency_error")
    );
    let named: Vec<models::Organization> = client
        .organizations_list_stream(params::OrganizationsListParams::new().search("Once"))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(named.iter().filter(|org| org.name == "Once").count(), 1);

    // Twenty requests racing with one key do the write once.
    let racing = client.with_options(CallOptions::new().idempotency_key("emulator-test-key-2"));
    let calls = (0..20)
        .map(|_| racing.organization_create(params::OrganizationCreateParams::new("Racing")));
    let answers = futures::future::try_join_all(calls).await.unwrap();
    let answered: HashSet<&str> = answers.iter().map(|org| org.id.as_str()).collect();
    assert_eq!(answered.len(), 1);
    let named: Vec<models::Organization> = client
        .organizations_list_stream(params::OrganizationsListParams::new().search("Racing"))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(named.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_calls_through_one_client_leave_consistent_data() {
    let client = client();
    let calls = (0..1000).map(|index| {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .organization_create(
                    params::OrganizationCreateParams::new(format!("Concurrent {index:04}"))
                        .domain_data(vec![models::DomainData {
                            domain: "concurrent.test".to_owned(),
                            state: models::DomainDataState::Pending,
                        }]),
                )
                .await
        })
    });
    let created: Vec<models::Organization> = futures::future::try_join_all(calls)
        .await
        .unwrap()
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    let created_ids: HashSet<String> = created.iter().map(|org| org.id.clone()).collect();
    assert_eq!(created_ids.len(), 1000);
    let listed: Vec<models::Organization> = client
        .organizations_list_stream(
            params::OrganizationsListParams::new()
                .domains(vec!["concurrent.test".to_owned()])
                .limit(100),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1000);
    let listed_ids: HashSet<String> = listed.iter().map(|org| org.id.clone()).collect();
    assert_eq!(listed_ids, created_ids);
    let names: HashSet<&str> = listed.iter().map(|org| org.name.as_str()).collect();
    assert_eq!(names.len(), 1000);
}

#[tokio::test]
async fn rate_limits_answer_429_and_the_client_waits_them_out() {
    let running = faulty_emulator();
    let client = client_for(running, KEY);
    let org = client
        .organizations_list(params::OrganizationsListParams::new().limit(1))
        .await
        .unwrap()
        .items
        .remove(0);
    running.set_rate_limit(
        Some("workos_organization_get"),
        Some(RateLimit::new(2, Duration::from_secs(1))),
    );
    let http = reqwest::Client::new();
    let url = format!("{}/organizations/{}", running.base_url(), org.id);
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for _ in 0..3 {
        let answer = http.get(&url).bearer_auth(KEY).send().await.unwrap();
        statuses.push(answer.status().as_u16());
        if let Some(value) = answer.headers().get("retry-after") {
            retry_after = Some(value.to_str().unwrap().to_owned());
        }
    }
    assert_eq!(statuses, [200, 200, 429]);
    assert_eq!(retry_after.as_deref(), Some("1"));
    let started = Instant::now();
    for _ in 0..4 {
        let read = client
            .organization_get(params::OrganizationGetParams::new(org.id.clone()))
            .await
            .unwrap();
        assert_eq!(read.id, org.id);
    }
    assert!(started.elapsed() >= Duration::from_millis(500));
    running.set_rate_limit(Some("workos_organization_get"), None);
}

#[tokio::test]
async fn injected_faults_reach_the_client_as_a_server_would_send_them() {
    let running = faulty_emulator();
    let client = client_for(running, KEY);
    let action = "workos_directories_list";
    let list = || client.directories_list(params::DirectoriesListParams::new());
    // 500, 503 and a dropped connection: a read is retried until it succeeds.
    running.faults().script(
        Some(action),
        [
            Some(Fault::Status(500)),
            Some(Fault::Drop),
            Some(Fault::Status(503)),
        ],
    );
    let page = list().await.unwrap();
    assert!(!page.items.is_empty());
    // Malformed JSON is not retried: it is a decode error.
    running
        .faults()
        .script(Some(action), [Some(Fault::MalformedJson)]);
    let error = list().await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error}");
    // A slow answer is late, then normal.
    running.faults().script(
        Some(action),
        [Some(Fault::Slow(Duration::from_millis(300)))],
    );
    let started = Instant::now();
    list().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    // A write that meets a 500 is not retried: it may or may not have happened.
    running.faults().script(
        Some("workos_organization_create"),
        [Some(Fault::Status(500))],
    );
    let error = client
        .organization_create(params::OrganizationCreateParams::new("Unlucky"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Server(_)), "{error}");
    assert!(error.write_outcome_unknown());
}

/// Sign-ins and their one-time codes, sessions, SSO, and the application's settings.
#[tokio::test]
async fn user_management_codes_sessions_and_settings() {
    let calls = Calls::new();
    let email = "cover@signin.test";
    let user = calls.user(email).await;
    let user_id = id(&user);
    let reset = calls
        .call("workos_password_reset_create", json!({"email": email}))
        .await;
    let read = calls
        .call("workos_password_reset_get", json!({"id": id(&reset)}))
        .await;
    let token = read["password_reset_token"].clone();
    let confirm = json!({"token": token, "new_password": "correct horse battery staple"});
    let reset_user = calls.call("workos_password_reset_confirm", confirm).await;
    assert_eq!(reset_user["user"]["email_verified"], true);

    let magic = calls
        .call("workos_magic_auth_create", json!({"email": email}))
        .await;
    let code = calls
        .call("workos_magic_auth_get", json!({"id": id(&magic)}))
        .await["code"]
        .clone();
    let grant = json!({"grant_type": "urn:workos:oauth:grant-type:magic-auth:code", "client_id": "client_cover", "email": email, "code": code});
    let signed_in = calls.call("workos_user_authenticate", grant).await;
    assert_eq!(signed_in["user"]["id"], user_id.as_str());
    let sessions = calls
        .items("workos_sessions_list", json!({"id": user_id}))
        .await;
    assert_eq!(sessions.len(), 1);
    calls
        .call(
            "workos_session_revoke",
            json!({"session_id": id(&sessions[0])}),
        )
        .await;
    assert!(
        calls
            .items("workos_sessions_list", json!({"id": user_id}))
            .await
            .is_empty()
    );

    let other = id(&calls.user("unverified@signin.test").await);
    calls
        .call("workos_user_email_verification_send", json!({"id": other}))
        .await;
    let sent = main_emulator().with_store(|store| {
        store
            .all("EmailVerification")
            .into_iter()
            .rfind(|sent| sent["user_id"] == other.as_str())
            .expect("a code")
    });
    calls
        .call("workos_email_verification_get", json!({"id": id(&sent)}))
        .await;
    let verified = calls
        .call(
            "workos_user_email_verification_confirm",
            json!({"id": other, "code": sent["code"]}),
        )
        .await;
    assert_eq!(verified["user"]["email_verified"], true);
    calls
        .call(
            "workos_user_email_change_send",
            json!({"id": other, "new_email": "changed@signin.test"}),
        )
        .await;
    let change = main_emulator().with_store(|store| {
        store
            .all("EmailVerification")
            .into_iter()
            .rfind(|sent| sent["email"] == "changed@signin.test")
            .expect("a code")
    });
    let changed = calls
        .call(
            "workos_user_email_change_confirm",
            json!({"id": other, "code": change["code"]}),
        )
        .await;
    assert_eq!(changed["user"]["email"], "changed@signin.test");
    let identities = calls
        .call("workos_user_identities_list", json!({"id": other}))
        .await;
    assert_eq!(identities, json!([]));

    let device = calls
        .call(
            "workos_device_authorization_create",
            json!({"client_id": "client_cover"}),
        )
        .await;
    assert!(device["device_code"].is_string());
    let radar = calls
        .call(
            "workos_radar_challenge_send",
            json!({"user_id": user_id, "pending_authentication_token": "pending", "phone_number": "+15555550100"}),
        )
        .await;
    assert_eq!(radar["phone_number"], "+15555550100");
    let unknown = json!({"id": "radar_challenge_01HXXXXXXXXXXXXXXXXXXXXXXX"});
    assert_not_found(calls.refused("workos_radar_challenge_get", unknown).await);
    let sso = json!({"client_id": "client_cover", "client_secret": KEY, "code": "unknown", "grant_type": "authorization_code"});
    let refused = calls.refused("workos_sso_token_create", sso).await;
    assert_eq!(refused.status(), Some(400));
    let profile = json!({"profile_id": "prof_01KKS4T6B9C8D7E6F5G4H3J2K1"});
    let logout = calls.call("workos_sso_logout_authorize", profile).await;
    assert!(logout["logout_token"].is_string());
    let keys = calls
        .call("workos_sso_jwks_get", json!({"client_id": "client_cover"}))
        .await;
    assert!(!keys["keys"].as_array().unwrap().is_empty());
    let external = json!({"external_auth_id": "ext_cover", "user": {"id": "cover-ext", "email": "ext@signin.test"}});
    let complete = calls.call("workos_authkit_login_complete", external).await;
    assert!(complete["redirect_uri"].is_string());

    let uri = calls
        .call(
            "workos_redirect_uri_create",
            json!({"uri": "https://cover.test/callback"}),
        )
        .await;
    let uris = calls.items("workos_redirect_uris_list", json!({})).await;
    assert!(ids(&uris).contains(&id(&uri)));
    calls
        .call("workos_redirect_uri_delete", json!({"id": id(&uri)}))
        .await;
    let origin = calls
        .call(
            "workos_cors_origin_create",
            json!({"origin": "https://cover.test"}),
        )
        .await;
    let origins = calls.items("workos_cors_origins_list", json!({})).await;
    assert!(ids(&origins).contains(&id(&origin)));
    calls
        .call("workos_jwt_template_update", json!({"content": "{}"}))
        .await;
    let template = calls.call("workos_jwt_template_get", json!({})).await;
    assert_eq!(template["content"], "{}");
    let org = id(&calls.organization("Widgets Inc", "widgets.test").await);
    let widget = calls
        .call(
            "workos_widget_token_create",
            json!({"user_id": user_id, "organization_id": org, "scopes": ["widgets:sso:manage"]}),
        )
        .await;
    assert!(widget["token"].is_string());
    let client_token = calls
        .call(
            "workos_client_token_create",
            json!({"user_id": user_id, "organization_id": org}),
        )
        .await;
    assert!(client_token["token"].is_string());
    let granted = calls
        .items(
            "workos_authorized_applications_list",
            json!({"user_id": user_id}),
        )
        .await;
    assert!(granted.is_empty());
    let missing = json!({"user_id": user_id, "application_id": "client_unknown"});
    assert_not_found(
        calls
            .refused("workos_authorized_application_delete", missing)
            .await,
    );
    calls.assert_cover("user management");
}
