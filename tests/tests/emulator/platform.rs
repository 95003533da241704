//! Organization domains, webhook endpoints, API keys, feature flags and audit log settings on
//! the main emulator: what WorkOS does with each, read back through the API, the events each
//! change records, and webhook deliveries to endpoints created through the API.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actionspec_runtime::Error;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

use super::{Calls, KEY, assert_not_found, client_for, id, ids};

/// The status and code of a refusal.
fn refusal(error: &Error) -> (u16, String) {
    let api = match error {
        Error::NotFound(api) | Error::Conflict(api) | Error::Validation(api) => api,
        other => panic!("not a refusal: {other}"),
    };
    (api.status, api.code.clone().unwrap_or_default())
}

/// Event types recorded about the organization, oldest first.
async fn events_of(calls: &Calls, organization: &str, types: &[&str]) -> Vec<String> {
    calls
        .items(
            "workos_events_list",
            json!({"events": types, "organization_id": organization, "order": "asc"}),
        )
        .await
        .iter()
        .map(|event| event["event"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn organization_domains_are_added_pending_verified_and_removed() {
    let calls = Calls::new();
    let org = calls.organization("Domains Inc", "domains.test").await;
    let org_id = id(&org);
    let added = calls
        .call(
            "workos_organization_domain_create",
            json!({"domain": "Domains.Dev", "organization_id": org_id}),
        )
        .await;
    let domain_id = id(&added);
    assert!(domain_id.starts_with("org_domain_"), "{domain_id}");
    assert_eq!(added["domain"], "domains.dev");
    assert_eq!(added["state"], "pending");
    assert_eq!(added["verification_strategy"], "dns");
    assert_eq!(added["verification_token"].as_str().map(str::len), Some(22));
    assert!(added["verification_prefix"].is_string());
    let read = calls
        .call("workos_organization_domain_get", json!({"id": domain_id}))
        .await;
    assert_eq!(read, added);
    let org = calls
        .call("workos_organization_get", json!({"id": org_id}))
        .await;
    assert_eq!(
        org["domains"][1], added,
        "the organization lists its new domain"
    );

    let again = calls
        .fails(
            "workos_organization_domain_create",
            json!({"domain": "domains.dev", "organization_id": org_id}),
        )
        .await;
    assert_eq!(refusal(&again), (409, "domain_already_exists".to_owned()));

    let verified = calls
        .call(
            "workos_organization_domain_verify",
            json!({"id": domain_id}),
        )
        .await;
    assert_eq!(verified["state"], "verified");
    let org = calls
        .call("workos_organization_get", json!({"id": org_id}))
        .await;
    assert_eq!(org["domains"][1]["state"], "verified");
    let twice = calls
        .fails(
            "workos_organization_domain_verify",
            json!({"id": domain_id}),
        )
        .await;
    assert_eq!(refusal(&twice), (400, "domain_already_verified".to_owned()));
    // A seeded domain is found through its organization too.
    let seeded = calls
        .items(
            "workos_organizations_list",
            json!({"domains": ["globex.dev"]}),
        )
        .await;
    let pending = &seeded[0]["domains"][1];
    let seeded_read = calls
        .call("workos_organization_domain_get", json!({"id": id(pending)}))
        .await;
    assert_eq!(seeded_read["state"], "pending");

    calls
        .call(
            "workos_organization_domain_delete",
            json!({"id": domain_id}),
        )
        .await;
    assert_not_found(
        calls
            .fails("workos_organization_domain_get", json!({"id": domain_id}))
            .await,
    );
    let org = calls
        .call("workos_organization_get", json!({"id": org_id}))
        .await;
    assert_eq!(org["domains"].as_array().map(Vec::len), Some(1));
    let events = events_of(
        &calls,
        &org_id,
        &[
            "organization_domain.created",
            "organization_domain.verified",
            "organization_domain.deleted",
        ],
    )
    .await;
    assert_eq!(
        events,
        [
            "organization_domain.created",
            "organization_domain.verified",
            "organization_domain.deleted",
        ]
    );
    calls.assert_cover("organization domains");
}

#[tokio::test]
async fn api_keys_show_their_value_once_and_validate_while_live() {
    let calls = Calls::new();
    let org_id = id(&calls.organization("Keys Inc", "keys.test").await);
    let created = calls
        .call(
            "workos_organization_api_key_create",
            json!({"organization_id": org_id, "name": "Production", "permissions": ["posts:read"]}),
        )
        .await;
    let key_id = id(&created);
    let value = created["value"]
        .as_str()
        .expect("the value, once")
        .to_owned();
    assert!(key_id.starts_with("api_key_") && value.starts_with("sk_"));
    assert_eq!(
        created["obfuscated_value"],
        format!("sk_...{}", &value[value.len() - 4..])
    );
    assert_eq!(
        created["owner"],
        json!({"type": "organization", "id": org_id})
    );
    let listed = calls
        .items(
            "workos_organization_api_keys_list",
            json!({"organization_id": org_id}),
        )
        .await;
    assert_eq!(ids(&listed), [key_id.as_str()]);
    assert!(
        listed[0].get("value").is_none(),
        "a list never shows the value"
    );

    let valid = calls
        .call("workos_api_key_validate", json!({"value": value}))
        .await;
    assert_eq!(valid["api_key"]["id"], key_id.as_str());
    assert!(valid["api_key"]["last_used_at"].is_string());
    assert!(valid["api_key"].get("value").is_none());
    let unknown = calls
        .call("workos_api_key_validate", json!({"value": "sk_not_a_key"}))
        .await;
    assert_eq!(unknown["api_key"], Value::Null);

    // A scheduled expiry leaves the key live; an immediate one ends it for good.
    let scheduled = calls
        .call(
            "workos_api_key_expire",
            json!({"id": key_id, "expires_at": "2099-01-01T00:00:00.000Z"}),
        )
        .await;
    assert_eq!(scheduled["expires_at"], "2099-01-01T00:00:00.000Z");
    let still = calls
        .call("workos_api_key_validate", json!({"value": value}))
        .await;
    assert_eq!(still["api_key"]["id"], key_id.as_str());
    calls
        .call("workos_api_key_expire", json!({"id": key_id}))
        .await;
    let expired = calls
        .call("workos_api_key_validate", json!({"value": value}))
        .await;
    assert_eq!(expired["api_key"], Value::Null);
    let again = calls
        .fails("workos_api_key_expire", json!({"id": key_id}))
        .await;
    assert_eq!(refusal(&again), (409, "api_key_already_expired".to_owned()));

    // A user's key needs an active membership in its organization.
    let user_id = id(&calls.user("keyholder@keys.test").await);
    let refused = calls
        .fails(
            "workos_user_api_key_create",
            json!({"user_id": user_id, "name": "CLI", "organization_id": org_id}),
        )
        .await;
    assert_eq!(refusal(&refused).0, 422);
    calls
        .call(
            "workos_organization_membership_create",
            json!({"user_id": user_id, "organization_id": org_id}),
        )
        .await;
    let user_key = calls
        .call(
            "workos_user_api_key_create",
            json!({"user_id": user_id, "name": "CLI", "organization_id": org_id}),
        )
        .await;
    assert_eq!(
        user_key["owner"],
        json!({"type": "user", "id": user_id, "organization_id": org_id})
    );
    let mine = calls
        .items(
            "workos_user_api_keys_list",
            json!({"user_id": user_id, "organization_id": org_id}),
        )
        .await;
    assert_eq!(ids(&mine), [id(&user_key)]);
    let elsewhere = calls
        .items(
            "workos_user_api_keys_list",
            json!({"user_id": user_id, "organization_id": "org_01EHZNVPK3SFK441A1RGBFSHRT"}),
        )
        .await;
    assert!(elsewhere.is_empty());
    let user_value = user_key["value"].as_str().unwrap().to_owned();
    calls
        .call("workos_api_key_delete", json!({"id": id(&user_key)}))
        .await;
    let deleted = calls
        .call("workos_api_key_validate", json!({"value": user_value}))
        .await;
    assert_eq!(deleted["api_key"], Value::Null);
    // Events about the organization's keys, its member's key included.
    let events: Vec<String> = calls
        .items(
            "workos_events_list",
            json!({"events": ["api_key.created", "api_key.updated", "api_key.revoked"], "order": "asc"}),
        )
        .await
        .iter()
        .filter(|event| {
            let owner = &event["data"]["owner"];
            owner["id"] == org_id.as_str() || owner["organization_id"] == org_id.as_str()
        })
        .map(|event| event["event"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        events,
        [
            "api_key.created",
            "api_key.updated",
            "api_key.updated",
            "api_key.created",
            "api_key.revoked",
        ]
    );
    calls.assert_cover("api keys");
}

#[tokio::test]
async fn feature_flags_reach_their_targets_while_enabled() {
    let calls = Calls::new();
    let org_id = id(&calls.organization("Flags Inc", "flags.test").await);
    let user_id = id(&calls.user("flagged@flags.test").await);
    calls
        .call(
            "workos_organization_membership_create",
            json!({"user_id": user_id, "organization_id": org_id}),
        )
        .await;
    let flags = calls.items("workos_feature_flags_list", json!({})).await;
    assert!(
        flags
            .iter()
            .any(|flag| flag["slug"] == "advanced-audit-logs")
    );
    let flag = calls
        .call(
            "workos_feature_flag_get",
            json!({"slug": "advanced-audit-logs"}),
        )
        .await;
    assert!(id(&flag).starts_with("flag_"));
    assert_not_found(
        calls
            .fails("workos_feature_flag_get", json!({"slug": "no-such-flag"}))
            .await,
    );
    let slugs = |items: Vec<Value>| -> Vec<String> {
        items
            .iter()
            .map(|flag| flag["slug"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let org_flags = json!({"organization_id": org_id});
    let user_flags = json!({"user_id": user_id});
    assert!(
        slugs(
            calls
                .items("workos_organization_feature_flags_list", org_flags.clone())
                .await
        )
        .is_empty()
    );

    calls
        .call(
            "workos_feature_flag_target_add",
            json!({"slug": "advanced-audit-logs", "resource_id": org_id}),
        )
        .await;
    assert_eq!(
        slugs(
            calls
                .items("workos_organization_feature_flags_list", org_flags.clone())
                .await
        ),
        ["advanced-audit-logs"]
    );
    // A member sees the flags of their organization.
    assert_eq!(
        slugs(
            calls
                .items("workos_user_feature_flags_list", user_flags.clone())
                .await
        ),
        ["advanced-audit-logs"]
    );
    let bad = calls
        .fails(
            "workos_feature_flag_target_add",
            json!({"slug": "advanced-audit-logs", "resource_id": "conn_01E4ZCR3C56J083X43JQXF3JK5"}),
        )
        .await;
    assert_eq!(refusal(&bad).0, 400);

    // Enabled and on by default: everyone sees it; disabled: no one, not even targets.
    let enabled = calls
        .call(
            "workos_feature_flag_enable",
            json!({"slug": "new-dashboard"}),
        )
        .await;
    assert_eq!(enabled["enabled"], true);
    let seen = slugs(
        calls
            .items("workos_user_feature_flags_list", user_flags.clone())
            .await,
    );
    assert!(seen.contains(&"new-dashboard".to_owned()), "{seen:?}");
    calls
        .call(
            "workos_feature_flag_disable",
            json!({"slug": "new-dashboard"}),
        )
        .await;
    calls
        .call(
            "workos_feature_flag_disable",
            json!({"slug": "advanced-audit-logs"}),
        )
        .await;
    assert!(
        slugs(
            calls
                .items("workos_organization_feature_flags_list", org_flags.clone())
                .await
        )
        .is_empty()
    );
    calls
        .call(
            "workos_feature_flag_enable",
            json!({"slug": "advanced-audit-logs"}),
        )
        .await;
    calls
        .call(
            "workos_feature_flag_target_remove",
            json!({"slug": "advanced-audit-logs", "resource_id": org_id}),
        )
        .await;
    assert!(
        slugs(
            calls
                .items("workos_organization_feature_flags_list", org_flags)
                .await
        )
        .is_empty()
    );
    let events = calls
        .items(
            "workos_events_list",
            json!({"events": ["flag.rule_updated"]}),
        )
        .await;
    assert!(
        events
            .iter()
            .any(|event| event["data"]["slug"] == "advanced-audit-logs")
    );
    calls.assert_cover("feature flags");
}

#[tokio::test]
async fn audit_log_retention_schemas_and_events_follow_workos() {
    let calls = Calls::new();
    let org_id = id(&calls.organization("Audited Inc", "audited.test").await);
    let retention = calls
        .call("workos_audit_log_retention_get", json!({"id": org_id}))
        .await;
    assert_eq!(retention["retention_period_in_days"], 30);
    calls
        .call(
            "workos_audit_log_retention_update",
            json!({"id": org_id, "retention_period_in_days": 365}),
        )
        .await;
    let configuration = calls
        .call("workos_audit_log_configuration_get", json!({"id": org_id}))
        .await;
    assert_eq!(
        configuration,
        json!({"organization_id": org_id, "retention_period_in_days": 365, "state": "active"})
    );
    let odd = calls
        .fails(
            "workos_audit_log_retention_update",
            json!({"id": org_id, "retention_period_in_days": 90}),
        )
        .await;
    assert_eq!(refusal(&odd).0, 422);

    let action = "platform_test.document.shared";
    for targets in [
        json!([{"type": "document"}]),
        json!([{"type": "document"}, {"type": "team"}]),
    ] {
        calls
            .call(
                "workos_audit_log_schema_create",
                json!({"action_name": action, "targets": targets}),
            )
            .await;
    }
    let actions = calls
        .items("workos_audit_log_actions_list", json!({"limit": 100}))
        .await;
    let listed = actions
        .iter()
        .find(|listed| listed["name"] == action)
        .expect("the new action");
    assert_eq!(listed["schema"]["version"], 2);
    let versions: Vec<Value> = calls
        .items(
            "workos_audit_log_schemas_list",
            json!({"action_name": action, "limit": 1}),
        )
        .await
        .iter()
        .map(|schema| schema["version"].clone())
        .collect();
    assert_eq!(versions, [json!(2), json!(1)]);

    let event = |version: Option<i64>, target: &str| {
        let mut event = json!({
            "action": action,
            "occurred_at": "2026-03-01T12:00:00.000Z",
            "actor": {"id": "user_01E4ZCR3C56J083X43JQXF3JK5", "type": "user"},
            "targets": [{"id": "doc_1", "type": target}],
            "context": {"location": "203.0.113.7"},
        });
        if let Some(version) = version {
            event["version"] = json!(version);
        }
        json!({"organization_id": org_id, "event": event})
    };
    let recorded = calls
        .call("workos_audit_log_event_create", event(None, "team"))
        .await;
    assert_eq!(recorded, json!({"success": true}));
    let off_schema = calls
        .fails("workos_audit_log_event_create", event(Some(1), "team"))
        .await;
    assert_eq!(refusal(&off_schema).0, 400);
    let mut nowhere = event(None, "document");
    nowhere["organization_id"] = json!("org_01EHZNVPK3SFK441A1RGBFSHRT");
    assert_not_found(calls.fails("workos_audit_log_event_create", nowhere).await);
    assert_not_found(
        calls
            .fails(
                "workos_audit_log_schemas_list",
                json!({"action_name": "no.such.action"}),
            )
            .await,
    );
    calls.assert_cover("audit log settings");
}

/// What a webhook receiver got: the signature header and the body of each request.
type Received = Arc<Mutex<Vec<(String, axum::body::Bytes)>>>;

async fn receive(
    State(received): State<Received>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    let signature = headers
        .get(workos_client::webhooks::SIGNATURE_HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    received.lock().unwrap().push((signature, body));
    StatusCode::OK
}

/// A receiver on loopback and its URL.
async fn receiver() -> (Received, String) {
    let received = Received::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/webhooks", listener.local_addr().unwrap());
    let app = axum::Router::new()
        .route("/webhooks", axum::routing::post(receive))
        .with_state(received.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (received, url)
}

/// The event types received so far, each checked against `secret`, once `expected` are all
/// there (or 5 s passed).
async fn received_types(received: &Received, secret: &str, expected: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(5);
    while received.lock().unwrap().len() < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    received
        .lock()
        .unwrap()
        .iter()
        .map(|(signature, body)| {
            let event = workos_client::webhooks::verify(body, signature, secret)
                .expect("signed with the endpoint's secret");
            event.event.to_string()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_endpoints_created_through_the_api_receive_their_events() {
    // An emulator of its own: no other test's events reach the receiver.
    let running = workos_actions::emulator::emulator(true)
        .start("127.0.0.1:0")
        .expect("the emulator starts");
    let calls = Calls {
        client: client_for(&running, KEY),
        called: Mutex::new(BTreeSet::new()),
    };
    let (received, url) = receiver().await;
    let endpoint = calls
        .call(
            "workos_webhook_endpoint_create",
            json!({"endpoint_url": url, "events": ["organization.created"]}),
        )
        .await;
    let endpoint_id = id(&endpoint);
    assert!(endpoint_id.starts_with("we_"), "{endpoint_id}");
    assert_eq!(endpoint["status"], "enabled");
    let secret = endpoint["secret"].as_str().expect("a secret").to_owned();
    let duplicate = calls
        .fails(
            "workos_webhook_endpoint_create",
            json!({"endpoint_url": url, "events": ["user.created"]}),
        )
        .await;
    assert_eq!(refusal(&duplicate), (409, "duplicate_endpoint".to_owned()));
    let listed = calls
        .items("workos_webhook_endpoints_list", json!({"limit": 100}))
        .await;
    assert!(
        listed
            .iter()
            .any(|listed| listed["id"] == endpoint_id.as_str())
    );

    // Subscribed to organization.created only: the user it makes is not delivered.
    calls.organization("Hooked Inc", "hooked.test").await;
    calls.user("unheard@hooked.test").await;
    assert_eq!(
        received_types(&received, &secret, 1).await,
        ["organization.created"]
    );

    // Disabled, it receives nothing; enabled with other events, it receives those.
    calls
        .call(
            "workos_webhook_endpoint_update",
            json!({"id": endpoint_id, "status": "disabled"}),
        )
        .await;
    calls.organization("Unheard Inc", "unheard.test").await;
    let updated = calls
        .call(
            "workos_webhook_endpoint_update",
            json!({"id": endpoint_id, "status": "enabled", "events": ["user.created"]}),
        )
        .await;
    assert_eq!(updated["secret"], secret.as_str(), "the secret stays");
    calls.user("heard@hooked.test").await;
    assert_eq!(
        received_types(&received, &secret, 2).await,
        ["organization.created", "user.created"]
    );

    calls
        .call("workos_webhook_endpoint_delete", json!({"id": endpoint_id}))
        .await;
    calls.user("after@hooked.test").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        received.lock().unwrap().len(),
        2,
        "a deleted endpoint hears nothing"
    );
    // The seeded endpoint is disabled and receives nothing either.
    let seeded = listed
        .iter()
        .find(|listed| listed["id"] != endpoint_id.as_str())
        .expect("the seeded endpoint");
    assert_eq!(seeded["status"], "disabled");
    calls.assert_cover("webhook endpoints");
}
