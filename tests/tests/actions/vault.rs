//! Rows of Vault objects and data keys, Radar attempts and lists, and agent registrations,
//! claims and credentials.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::support::cases::{Case, row};
use super::support::fixtures as fx;
use super::{ORG, ORG_2, with};
use workos_client::models::*;
use workos_client::params;

const OBJECT: &str = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
const OBJECT_2: &str = "b2c3d4e5-f6a7-8901-bcde-f12345678901";
const OBJECT_3: &str = "c3d4e5f6-a7b8-9012-cdef-123456789012";
const VERSION: &str = "c3d4e5f6-7890-abcd-ef12-34567890abcd";
const VERSION_2: &str = "d4e5f6a7-8901-bcde-f123-4567890abcde";
const DATA_KEY: &str = "bf51ccec-78b4-5200-b383-35730e71ef61";
const BLOB: &str = "V09TLkVLTS52MQBiZjUxY2NlYy03OGI0LTUyMDAtYjM4My0zNTczMGU3MWVmNjEB";
const PLAIN_KEY: &str = "DR9idtey9MpMrA1VRFrz30HB1yNgL2PoHZyjAkFeWgg=";
const ATTEMPT: &str = "radar_att_01HZBC6N1EB1ZY7KG32X";
const REGISTRATION: &str = "agent_reg_01EHWNCE74X7JSDV0X3SZ3KJNY";

fn context(organization: &str) -> BTreeMap<String, String> {
    BTreeMap::from([("organization_id".to_owned(), organization.to_owned())])
}

fn metadata(id: &str, version: &str) -> Value {
    json!({
        "id": id,
        "environment_id": "environment_01K8ZYT4AWJ6XP0E0S8CTBHE3P",
        "key_id": "bf65e326-43a0-4b20-88c4-07ff3de5434c",
        "context": { "organization_id": ORG },
        "updated_at": fx::UPDATED,
        "updated_by": { "id": "key_01K8ZYT4AWJ6XP0E0S8CTBHE3P", "name": "My API Key" },
        "version_id": version,
        "region": "us-east-1",
    })
}

fn object(id: &str, name: &str) -> Value {
    json!({ "id": id, "name": name, "metadata": metadata(id, VERSION) })
}

fn summary(id: &str, name: &str) -> Value {
    json!({ "id": id, "name": name, "updated_at": fx::UPDATED, "size": 12 })
}

fn version(id: &str, current: bool) -> Value {
    json!({
        "id": id,
        "created_at": fx::CREATED,
        "current_version": current,
        "size": 256,
        "etag": "d41d8cd98f00b204e9800998ecf8427e",
        "storage": "primary",
    })
}

fn data_key(organization: &str) -> Value {
    json!({
        "id": DATA_KEY,
        "data_key": PLAIN_KEY,
        "encrypted_keys": BLOB,
        "context": { "organization_id": organization },
        "algorithm": "AES-256-GCM",
    })
}

fn registration() -> Value {
    json!({
        "id": REGISTRATION,
        "agent_identity": {
            "id": "agent_identity_01EHWNCE74X7JSDV0X3SZ3KJNY",
            "userland_user_id": null,
            "created_at": fx::CREATED,
            "updated_at": fx::UPDATED,
        },
        "organization_id": ORG,
        "status": "verified",
        "revoked_at": null,
        "kind": "service_auth",
        "claim": {
            "id": "agent_reg_claim_01EHWNCE74X7JSDV0X3SZ3KJNY",
            "claim_completion": {
                "id": "agent_reg_claim_attempt_01EHWNCE74X7JSDV0X3SZ3KJNY",
                "created_at": fx::CREATED,
                "updated_at": fx::UPDATED,
                "expires_at": fx::UPDATED,
                "claimed_at": fx::UPDATED,
            },
            "created_at": fx::CREATED,
            "updated_at": fx::UPDATED,
            "expires_at": fx::UPDATED,
        },
        "created_at": fx::CREATED,
        "updated_at": fx::UPDATED,
        "display_name": "Support bot",
    })
}

pub(super) fn rows() -> Vec<Case> {
    [vault(), radar(), agents()].into_iter().flatten().collect()
}

fn vault() -> Vec<Case> {
    vec![
        row("workos_vault_objects_list", &[])
            .query(&[("search", "stripe"), ("limit", "2")])
            .items([
                summary(OBJECT, "stripe-key-acme"),
                with(summary(OBJECT_2, "stripe-key-globex"), |item| {
                    item["updated_at"] = Value::Null
                }),
                summary(OBJECT_3, "stripe-key-initech"),
            ])
            .typed(
                params::VaultObjectsListParams::new()
                    .search("stripe")
                    .limit(2),
                |client, params| client.vault_objects_list(params),
                |client, params| client.vault_objects_list_stream(params),
                |page| {
                    assert_eq!(page.items[0].name, "stripe-key-acme");
                    assert_eq!(page.items[1].updated_at, None);
                },
                |items| assert_eq!(items[2].id, OBJECT_3),
            ),
        row("workos_vault_object_create", &[])
            .body(json!({
                "name": "stripe-key-acme",
                "value": "sk_live_abc",
                "key_context": { "organization_id": ORG },
            }))
            .answers(metadata(OBJECT, VERSION))
            .typed(
                |client| {
                    client.vault_object_create(params::VaultObjectCreateParams::new(
                        "stripe-key-acme",
                        "sk_live_abc",
                        context(ORG),
                    ))
                },
                |metadata| {
                    assert_eq!(metadata.id, OBJECT);
                    assert_eq!(metadata.context, context(ORG));
                    assert_eq!(metadata.version_id.as_deref(), Some(VERSION));
                },
            ),
        row("workos_vault_object_get", &[OBJECT])
            .answers(with(object(OBJECT, "stripe-key-acme"), |object| {
                object["value"] = json!("sk_live_abc")
            }))
            .typed(
                |client| client.vault_object_get(params::VaultObjectGetParams::new(OBJECT)),
                |object| {
                    assert_eq!(object.value.expose_secret(), "sk_live_abc");
                    assert_eq!(object.metadata.updated_by.name, "My API Key");
                },
            ),
        row("workos_vault_object_get_by_name", &["stripe-key-acme"])
            .answers(with(object(OBJECT, "stripe-key-acme"), |object| {
                object["value"] = json!("sk_live_abc")
            }))
            .typed(
                |client| {
                    client.vault_object_get_by_name(params::VaultObjectGetByNameParams::new(
                        "stripe-key-acme",
                    ))
                },
                |object| assert_eq!(object.id, OBJECT),
            ),
        row("workos_vault_object_describe", &[OBJECT])
            .answers(object(OBJECT, "stripe-key-acme"))
            .typed(
                |client| {
                    client.vault_object_describe(params::VaultObjectDescribeParams::new(OBJECT))
                },
                |object| {
                    assert_eq!(
                        object.metadata.key_id,
                        "bf65e326-43a0-4b20-88c4-07ff3de5434c"
                    )
                },
            ),
        row("workos_vault_object_update", &[OBJECT])
            .body(json!({ "value": "sk_live_def", "version_check": VERSION }))
            .answers(with(object(OBJECT, "stripe-key-acme"), |object| {
                object["metadata"]["version_id"] = json!(VERSION_2)
            }))
            .typed(
                |client| {
                    client.vault_object_update(
                        params::VaultObjectUpdateParams::new(OBJECT, "sk_live_def")
                            .version_check(VERSION),
                    )
                },
                |object| assert_eq!(object.metadata.version_id.as_deref(), Some(VERSION_2)),
            ),
        row("workos_vault_object_delete", &[OBJECT])
            .query(&[("version_check", VERSION)])
            .answers(json!({ "name": "stripe-key-acme", "success": true }))
            .typed(
                |client| {
                    client.vault_object_delete(
                        params::VaultObjectDeleteParams::new(OBJECT).version_check(VERSION),
                    )
                },
                |deleted| assert!(deleted.success),
            ),
        row("workos_vault_object_versions_list", &[OBJECT])
            .answers(json!({
                "data": [version(VERSION_2, true), version(VERSION, false)],
                "list_metadata": { "before": null, "after": null },
            }))
            .typed(
                |client| {
                    client.vault_object_versions_list(params::VaultObjectVersionsListParams::new(
                        OBJECT,
                    ))
                },
                |versions| {
                    assert!(versions.data[0].current_version);
                    assert_eq!(versions.data[1].id, VERSION);
                },
            ),
        row("workos_vault_data_key_create", &[])
            .body(json!({ "context": { "organization_id": ORG } }))
            .answers(data_key(ORG))
            .typed(
                |client| {
                    client
                        .vault_data_key_create(params::VaultDataKeyCreateParams::new(context(ORG)))
                },
                |key| {
                    assert_eq!(key.data_key.expose_secret(), PLAIN_KEY);
                    assert_eq!(key.encrypted_keys, BLOB);
                },
            ),
        row("workos_vault_data_key_decrypt", &[])
            .body(json!({ "keys": BLOB }))
            .answers(json!({ "id": DATA_KEY, "data_key": PLAIN_KEY, "algorithm": "AES-256-GCM" }))
            .typed(
                |client| {
                    client.vault_data_key_decrypt(params::VaultDataKeyDecryptParams::new(BLOB))
                },
                |key| {
                    assert_eq!(
                        (key.id.as_str(), key.data_key.expose_secret()),
                        (DATA_KEY, PLAIN_KEY)
                    )
                },
            ),
        row("workos_vault_data_key_rekey", &[])
            .body(json!({ "encrypted_keys": BLOB, "context": { "organization_id": ORG_2 } }))
            .answers(data_key(ORG_2))
            .typed(
                |client| {
                    client.vault_data_key_rekey(params::VaultDataKeyRekeyParams::new(
                        BLOB,
                        context(ORG_2),
                    ))
                },
                |key| assert_eq!(key.context, context(ORG_2)),
            ),
    ]
}

fn radar() -> Vec<Case> {
    vec![
        row("workos_radar_attempt_create", &[])
            .body(json!({
                "ip_address": "49.78.240.97",
                "user_agent": "Mozilla/5.0",
                "email": "user@example.com",
                "auth_method": "Password",
                "action": "sign-in",
                "signals_id": "01JBS0GN92GC2RJQS4X9DBPQ2A",
            }))
            .answers(json!({
                "verdict": "block",
                "reason": "Detected enabled Radar control",
                "attempt_id": ATTEMPT,
                "control": "restriction",
                "blocklist_type": "ip_address",
                "score": 0.97,
            }))
            .typed(
                |client| {
                    client.radar_attempt_create(
                        params::RadarAttemptCreateParams::new(
                            "49.78.240.97",
                            "Mozilla/5.0",
                            "user@example.com",
                            RadarAuthMethod::Password,
                            RadarAttemptAction::SignIn,
                        )
                        .signals_id("01JBS0GN92GC2RJQS4X9DBPQ2A"),
                    )
                },
                |assessment| {
                    assert_eq!(assessment.verdict, RadarVerdict::Block);
                    assert_eq!(assessment.control, Some(RadarControl::Restriction));
                    assert_eq!(assessment.blocklist_type, Some(RadarListType::IpAddress));
                },
            ),
        row("workos_radar_attempt_create", &[])
            .variant("allowed, no control")
            .body(json!({
                "ip_address": "49.78.240.97",
                "user_agent": "Mozilla/5.0",
                "email": "user@example.com",
                "auth_method": "Passkey",
                "action": "sign-up",
            }))
            .answers(json!({
                "verdict": "allow",
                "reason": "No Radar control detected a risk.",
                "attempt_id": ATTEMPT,
            }))
            .typed(
                |client| {
                    client.radar_attempt_create(params::RadarAttemptCreateParams::new(
                        "49.78.240.97",
                        "Mozilla/5.0",
                        "user@example.com",
                        RadarAuthMethod::Passkey,
                        RadarAttemptAction::SignUp,
                    ))
                },
                |assessment| {
                    assert_eq!(assessment.verdict, RadarVerdict::Allow);
                    assert_eq!(assessment.control, None);
                },
            ),
        row("workos_radar_attempt_update", &[ATTEMPT])
            .body(json!({ "attempt_status": "success" }))
            .deletes(204, |client| {
                client.radar_attempt_update(
                    params::RadarAttemptUpdateParams::new(ATTEMPT)
                        .attempt_status(RadarOutcome::Success),
                )
            }),
        row("workos_radar_list_entry_add", &["ip_address", "block"])
            .body(json!({ "entry": "198.51.100.42" }))
            .deletes(204, |client| {
                client.radar_list_entry_add(params::RadarListEntryAddParams::new(
                    RadarListType::IpAddress,
                    RadarListAction::Block,
                    "198.51.100.42",
                ))
            }),
        row("workos_radar_list_entry_remove", &["email", "allow"])
            .body(json!({ "entry": "vip@example.com" }))
            .deletes(204, |client| {
                client.radar_list_entry_remove(params::RadarListEntryRemoveParams::new(
                    RadarListType::Email,
                    RadarListAction::Allow,
                    "vip@example.com",
                ))
            }),
    ]
}

fn agents() -> Vec<Case> {
    vec![
        row("workos_agent_registration_get", &[REGISTRATION])
            .answers(registration())
            .typed(
                |client| {
                    client.agent_registration_get(params::AgentRegistrationGetParams::new(
                        REGISTRATION,
                    ))
                },
                |registration| {
                    assert_eq!(registration.status, AgentRegistrationStatus::Verified);
                    assert_eq!(registration.kind, AgentRegistrationKind::ServiceAuth);
                    assert_eq!(registration.revoked_at, None);
                    let claim = registration.claim.expect("a claim");
                    assert!(claim.claim_completion.is_some());
                },
            ),
        row("workos_agent_claim_attempt_link", &[])
            .body(json!({
                "type": "link_external_user",
                "claim_attempt_token": "cla_tkn_01EHWNCE74X7JSDV0X3SZ3KJNY",
                "user": { "email": "alice@example.com", "external_id": "user_abc123" },
                "organization_id": ORG,
            }))
            .answers(json!({
                "id": REGISTRATION,
                "status": "unverified",
                "user_code": "BCDF-GHJK",
                "organizations": [{ "id": ORG, "name": "Acme Corp", "domain": "acme.com" }],
            }))
            .typed(
                |client| {
                    client.agent_claim_attempt_link(
                        params::AgentClaimAttemptLinkParams::new(
                            AgentClaimAttemptOperation::LinkExternalUser,
                            "cla_tkn_01EHWNCE74X7JSDV0X3SZ3KJNY",
                            AgentClaimUser::new("alice@example.com", "user_abc123"),
                        )
                        .organization_id(ORG),
                    )
                },
                |claim| {
                    assert_eq!(claim.user_code.expose_secret(), "BCDF-GHJK");
                    assert_eq!(claim.organizations[0].name, "Acme Corp");
                },
            ),
        row("workos_agent_credential_validate", &[])
            .body(json!({
                "type": "access_token",
                "credential": "eyJhbGciOiJSUzI1NiIsImtpZCI6",
                "audience": "https://api.example.com",
            }))
            .answers(json!({
                "valid": true,
                "registration_id": REGISTRATION,
                "expires_at": fx::UPDATED,
            }))
            .typed(
                |client| {
                    client.agent_credential_validate(
                        params::AgentCredentialValidateParams::new(
                            AgentCredentialType::AccessToken,
                            "eyJhbGciOiJSUzI1NiIsImtpZCI6",
                        )
                        .audience("https://api.example.com"),
                    )
                },
                |validation| {
                    assert!(validation.valid);
                    assert_eq!(validation.registration_id.as_deref(), Some(REGISTRATION));
                },
            ),
    ]
}
