//! Rows of organization domains, webhook endpoints, API keys, feature flags, the audit log
//! settings, actions, schemas and events, and the organization by external id.

use serde_json::{Value, json};

use super::support::cases::{Case, row};
use super::support::fixtures as fx;
use super::support::strings;
use super::{ORG, ORG_2, USER, with};
use workos_client::models::*;
use workos_client::params;

const DOMAIN: &str = "org_domain_01EHZNVPK2QXHMVWCEDQEKY69A";
const ENDPOINT: &str = "we_01HXYZ123456789ABCDEFGHIJ";
const ENDPOINT_2: &str = "we_01HXYZ987654321KJIHGFEDCBA";
const ENDPOINT_3: &str = "we_01HZ1Q2W3E4R5T6Y7U8I9O0P1A";
const KEY: &str = "api_key_01EHZNVPK3SFK441A1RGBFSHRT";
const KEY_2: &str = "api_key_01EHZNWAMCZ8C4MMW1FRRK0W8D";
const KEY_3: &str = "api_key_01EHZNX3C5FQ9J5QG9B8R1E7PW";
const FLAG: &str = "flag_01EHZNVPK3SFK441A1RGBFSHRT";
const FLAG_2: &str = "flag_01EHZNWAMCZ8C4MMW1FRRK0W8D";
const FLAG_3: &str = "flag_01EHZNX3C5FQ9J5QG9B8R1E7PW";
const DIRECTORY: &str = "directory_01ECAZ4NV9QMV47GW873HDCX74";

fn endpoint(id: &str, url: &str, status: &str) -> Value {
    json!({
        "object": "webhook_endpoint",
        "id": id,
        "endpoint_url": url,
        "secret": "whsec_Kj3mN8pQ2rS5tV7wX9yZ",
        "status": status,
        "events": ["user.created", "dsync.user.updated"],
        "created_at": fx::CREATED,
        "updated_at": fx::UPDATED,
    })
}

fn api_key(id: &str, owner: Value) -> Value {
    json!({
        "object": "api_key",
        "id": id,
        "owner": owner,
        "name": "Production API Key",
        "obfuscated_value": "sk_...3456",
        "last_used_at": null,
        "expires_at": null,
        "permissions": ["posts:read", "posts:write"],
        "created_at": fx::CREATED,
        "updated_at": fx::UPDATED,
        "rotation": "manual",
    })
}

fn org_owner() -> Value {
    json!({ "type": "organization", "id": ORG })
}

fn user_owner() -> Value {
    json!({ "type": "user", "id": USER, "organization_id": ORG })
}

fn flag(id: &str, slug: &str, enabled: bool) -> Value {
    json!({
        "object": "feature_flag",
        "id": id,
        "slug": slug,
        "name": "Advanced audit logs",
        "description": "Longer retention for enterprise organizations.",
        "owner": { "email": "jane@example.com", "first_name": "Jane", "last_name": null },
        "tags": ["enterprise"],
        "enabled": enabled,
        "default_value": false,
        "created_at": fx::CREATED,
        "updated_at": fx::UPDATED,
    })
}

fn schema(version: i64) -> Value {
    json!({
        "object": "audit_log_schema",
        "version": version,
        "actor": { "metadata": { "type": "object", "properties": { "role": { "type": "string" } } } },
        "targets": [{ "type": "team", "metadata": { "type": "object" } }],
        "metadata": { "type": "object" },
        "created_at": fx::CREATED,
    })
}

fn action(name: &str) -> Value {
    json!({
        "object": "audit_log_action",
        "name": name,
        "schema": schema(1),
        "created_at": fx::CREATED,
        "updated_at": fx::UPDATED,
    })
}

pub(super) fn platform() -> Vec<Case> {
    vec![
        row("workos_organization_get_by_external_id", &["2fe01467-f7ea"])
            .answers(fx::organization(ORG, "Acme Inc."))
            .typed(
                |client| {
                    client.organization_get_by_external_id(
                        params::OrganizationGetByExternalIdParams::new("2fe01467-f7ea"),
                    )
                },
                |org| assert_eq!(org.id, ORG),
            ),
        row("workos_organization_domain_create", &[])
            .body(json!({ "domain": "foo-corp.com", "organization_id": ORG }))
            .answers(fx::organization_domain(
                DOMAIN,
                ORG,
                "foo-corp.com",
                "pending",
            ))
            .typed(
                |client| {
                    client.organization_domain_create(params::OrganizationDomainCreateParams::new(
                        "foo-corp.com",
                        ORG,
                    ))
                },
                |domain| {
                    assert_eq!(domain.id, DOMAIN);
                    assert_eq!(domain.state, Some(DomainState::Pending));
                    assert_eq!(
                        domain.verification_token.as_deref(),
                        Some("m5Oztg3jdK4NJLgs8uIlIprMw")
                    );
                },
            ),
        row("workos_organization_domain_get", &[DOMAIN])
            .answers(fx::organization_domain(
                DOMAIN,
                ORG,
                "foo-corp.com",
                "verified",
            ))
            .typed(
                |client| {
                    client.organization_domain_get(params::OrganizationDomainGetParams::new(DOMAIN))
                },
                |domain| assert_eq!(domain.state, Some(DomainState::Verified)),
            ),
        row("workos_organization_domain_verify", &[DOMAIN])
            .body(json!({}))
            .answers(fx::organization_domain(
                DOMAIN,
                ORG,
                "foo-corp.com",
                "verified",
            ))
            .typed(
                |client| {
                    client.organization_domain_verify(params::OrganizationDomainVerifyParams::new(
                        DOMAIN,
                    ))
                },
                |domain| {
                    assert_eq!(domain.organization_id, ORG);
                    assert_eq!(domain.state, Some(DomainState::Verified));
                },
            ),
        row("workos_organization_domain_delete", &[DOMAIN]).deletes(204, |client| {
            client.organization_domain_delete(params::OrganizationDomainDeleteParams::new(DOMAIN))
        }),
        row("workos_webhook_endpoints_list", &[])
            .query(&[("limit", "2")])
            .items([
                endpoint(ENDPOINT, "https://foo-corp.com/webhooks", "enabled"),
                with(
                    endpoint(ENDPOINT_2, "https://foo-corp.com/hooks", "paused"),
                    |e| {
                        e["events"] = json!(["user.created", "widget.spun"]);
                    },
                ),
                endpoint(ENDPOINT_3, "https://foo-corp.io/webhooks", "disabled"),
            ])
            .typed(
                params::WebhookEndpointsListParams::new().limit(2),
                |client, params| client.webhook_endpoints_list(params),
                |client, params| client.webhook_endpoints_list_stream(params),
                |page| {
                    assert_eq!(page.items[0].status, WebhookEndpointStatus::Enabled);
                    assert_eq!(
                        page.items[0].events,
                        [
                            WebhookEventType::UserCreated,
                            WebhookEventType::DsyncUserUpdated
                        ]
                    );
                    assert_eq!(
                        page.items[1].status,
                        WebhookEndpointStatus::Other("paused".to_owned())
                    );
                    assert_eq!(
                        page.items[1].events[1],
                        WebhookEventType::Other("widget.spun".to_owned())
                    );
                },
                |items| assert_eq!(items[2].status, WebhookEndpointStatus::Disabled),
            ),
        row("workos_webhook_endpoint_create", &[])
            .body(json!({
                "endpoint_url": "https://foo-corp.com/webhooks",
                "events": ["user.created", "dsync.user.updated"],
            }))
            .answers(endpoint(
                ENDPOINT,
                "https://foo-corp.com/webhooks",
                "enabled",
            ))
            .typed(
                |client| {
                    client.webhook_endpoint_create(params::WebhookEndpointCreateParams::new(
                        "https://foo-corp.com/webhooks",
                        vec![
                            WebhookEventType::UserCreated,
                            WebhookEventType::DsyncUserUpdated,
                        ],
                    ))
                },
                |endpoint| {
                    assert_eq!(endpoint.id, ENDPOINT);
                    assert_eq!(
                        endpoint.secret.expose_secret(),
                        "whsec_Kj3mN8pQ2rS5tV7wX9yZ"
                    );
                },
            ),
        row("workos_webhook_endpoint_update", &[ENDPOINT])
            .body(json!({ "status": "disabled", "events": ["organization.updated"] }))
            .answers(with(
                endpoint(ENDPOINT, "https://foo-corp.com/webhooks", "disabled"),
                |e| e["events"] = json!(["organization.updated"]),
            ))
            .typed(
                |client| {
                    client.webhook_endpoint_update(
                        params::WebhookEndpointUpdateParams::new(ENDPOINT)
                            .status(WebhookEndpointStatus::Disabled)
                            .events(vec![WebhookEventType::OrganizationUpdated]),
                    )
                },
                |endpoint| assert_eq!(endpoint.status, WebhookEndpointStatus::Disabled),
            ),
        row("workos_webhook_endpoint_delete", &[ENDPOINT]).deletes(204, |client| {
            client.webhook_endpoint_delete(params::WebhookEndpointDeleteParams::new(ENDPOINT))
        }),
        row("workos_organization_api_keys_list", &[ORG])
            .query(&[("limit", "2")])
            .items([
                api_key(KEY, org_owner()),
                api_key(KEY_2, org_owner()),
                with(api_key(KEY_3, org_owner()), |k| {
                    k["expires_at"] = json!("2030-01-01T00:00:00.000Z")
                }),
            ])
            .typed(
                params::OrganizationApiKeysListParams::new(ORG).limit(2),
                |client, params| client.organization_api_keys_list(params),
                |client, params| client.organization_api_keys_list_stream(params),
                |page| {
                    let owner = &page.items[0].owner;
                    assert_eq!(owner.r#type, ApiKeyOwnerType::Organization);
                    assert_eq!(owner.id, ORG);
                    assert_eq!(owner.organization_id, None);
                    assert_eq!(page.items[0].obfuscated_value, "sk_...3456");
                },
                |items| {
                    assert_eq!(
                        items[2].expires_at.as_deref(),
                        Some("2030-01-01T00:00:00.000Z")
                    )
                },
            ),
        row("workos_organization_api_key_create", &[ORG])
            .body(json!({
                "name": "Production API Key",
                "permissions": ["posts:read", "posts:write"],
                "expires_at": "2030-01-01T00:00:00.000Z",
            }))
            .answers(with(api_key(KEY, org_owner()), |k| {
                k["value"] = json!("sk_abcdefghijklmnop123456");
                k["expires_at"] = json!("2030-01-01T00:00:00.000Z");
            }))
            .typed(
                |client| {
                    client.organization_api_key_create(
                        params::OrganizationApiKeyCreateParams::new(ORG, "Production API Key")
                            .permissions(strings(&["posts:read", "posts:write"]))
                            .expires_at("2030-01-01T00:00:00.000Z"),
                    )
                },
                |key| {
                    assert_eq!(key.value.expose_secret(), "sk_abcdefghijklmnop123456");
                    assert_eq!(key.permissions, ["posts:read", "posts:write"]);
                },
            ),
        row("workos_user_api_keys_list", &[USER])
            .query(&[("organization_id", ORG)])
            .items([
                api_key(KEY, user_owner()),
                api_key(KEY_2, user_owner()),
                api_key(KEY_3, user_owner()),
            ])
            .typed(
                params::UserApiKeysListParams::new(USER).organization_id(ORG),
                |client, params| client.user_api_keys_list(params),
                |client, params| client.user_api_keys_list_stream(params),
                |page| {
                    let owner = &page.items[0].owner;
                    assert_eq!(owner.r#type, ApiKeyOwnerType::User);
                    assert_eq!(owner.organization_id.as_deref(), Some(ORG));
                },
                |_| {},
            ),
        row("workos_user_api_key_create", &[USER])
            .body(json!({ "name": "CLI key", "organization_id": ORG }))
            .answers(with(api_key(KEY, user_owner()), |k| {
                k["name"] = json!("CLI key");
                k["value"] = json!("sk_abcdefghijklmnop123456");
            }))
            .typed(
                |client| {
                    client.user_api_key_create(params::UserApiKeyCreateParams::new(
                        USER, "CLI key", ORG,
                    ))
                },
                |key| {
                    assert_eq!(key.owner.id, USER);
                    assert_eq!(key.name, "CLI key");
                },
            ),
        row("workos_api_key_validate", &[])
            .variant("live")
            .body(json!({ "value": "sk_abcdefghijklmnop123456" }))
            .answers(json!({ "api_key": api_key(KEY, org_owner()) }))
            .typed(
                |client| {
                    client.api_key_validate(params::ApiKeyValidateParams::new(
                        "sk_abcdefghijklmnop123456",
                    ))
                },
                |validation| {
                    assert_eq!(validation.api_key.map(|key| key.id).as_deref(), Some(KEY));
                    assert_eq!(validation.agent_registration_id, None);
                },
            ),
        row("workos_api_key_validate", &[])
            .variant("unknown")
            .body(json!({ "value": "sk_unknown" }))
            .answers(json!({ "api_key": null }))
            .typed(
                |client| client.api_key_validate(params::ApiKeyValidateParams::new("sk_unknown")),
                |validation| assert!(validation.api_key.is_none()),
            ),
        row("workos_api_key_expire", &[KEY])
            .body(json!({ "expires_at": "2030-01-01T00:00:00.000Z" }))
            .answers(with(api_key(KEY, org_owner()), |k| {
                k["expires_at"] = json!("2030-01-01T00:00:00.000Z")
            }))
            .typed(
                |client| {
                    client.api_key_expire(
                        params::ApiKeyExpireParams::new(KEY).expires_at("2030-01-01T00:00:00.000Z"),
                    )
                },
                |key| assert_eq!(key.expires_at.as_deref(), Some("2030-01-01T00:00:00.000Z")),
            ),
        row("workos_api_key_delete", &[KEY]).deletes(204, |client| {
            client.api_key_delete(params::ApiKeyDeleteParams::new(KEY))
        }),
        row("workos_feature_flags_list", &[])
            .query(&[("order", "asc")])
            .items([
                flag(FLAG, "advanced-audit-logs", true),
                with(flag(FLAG_2, "new-dashboard", false), |f| {
                    f["owner"] = json!(null);
                    f["description"] = json!(null);
                }),
                flag(FLAG_3, "beta-sso", true),
            ])
            .typed(
                params::FeatureFlagsListParams::new().order(PaginationOrder::Asc),
                |client, params| client.feature_flags_list(params),
                |client, params| client.feature_flags_list_stream(params),
                |page| {
                    let owner = page.items[0].owner.as_ref().expect("an owner");
                    assert_eq!(owner.email, "jane@example.com");
                    assert_eq!(owner.last_name, None);
                    assert!(page.items[0].enabled);
                    assert!(page.items[1].owner.is_none());
                },
                |items| assert_eq!(items[2].slug, "beta-sso"),
            ),
        row("workos_feature_flag_get", &["advanced-audit-logs"])
            .answers(flag(FLAG, "advanced-audit-logs", true))
            .typed(
                |client| {
                    client
                        .feature_flag_get(params::FeatureFlagGetParams::new("advanced-audit-logs"))
                },
                |flag| {
                    assert_eq!(flag.id, FLAG);
                    assert_eq!(flag.tags, ["enterprise"]);
                    assert!(!flag.default_value);
                },
            ),
        row("workos_feature_flag_enable", &["advanced-audit-logs"])
            .body(json!({}))
            .answers(flag(FLAG, "advanced-audit-logs", true))
            .typed(
                |client| {
                    client.feature_flag_enable(params::FeatureFlagEnableParams::new(
                        "advanced-audit-logs",
                    ))
                },
                |flag| assert!(flag.enabled),
            ),
        row("workos_feature_flag_disable", &["advanced-audit-logs"])
            .body(json!({}))
            .answers(flag(FLAG, "advanced-audit-logs", false))
            .typed(
                |client| {
                    client.feature_flag_disable(params::FeatureFlagDisableParams::new(
                        "advanced-audit-logs",
                    ))
                },
                |flag| assert!(!flag.enabled),
            ),
        row(
            "workos_feature_flag_target_add",
            &["advanced-audit-logs", ORG],
        )
        .body(json!({}))
        .deletes(204, |client| {
            client.feature_flag_target_add(params::FeatureFlagTargetAddParams::new(
                "advanced-audit-logs",
                ORG,
            ))
        }),
        row(
            "workos_feature_flag_target_remove",
            &["advanced-audit-logs", USER],
        )
        .deletes(204, |client| {
            client.feature_flag_target_remove(params::FeatureFlagTargetRemoveParams::new(
                "advanced-audit-logs",
                USER,
            ))
        }),
        row("workos_organization_feature_flags_list", &[ORG_2])
            .items([
                flag(FLAG, "advanced-audit-logs", true),
                flag(FLAG_2, "new-dashboard", true),
                flag(FLAG_3, "beta-sso", true),
            ])
            .typed(
                params::OrganizationFeatureFlagsListParams::new(ORG_2),
                |client, params| client.organization_feature_flags_list(params),
                |client, params| client.organization_feature_flags_list_stream(params),
                |page| assert_eq!(page.items[1].slug, "new-dashboard"),
                |_| {},
            ),
        row("workos_user_feature_flags_list", &[USER])
            .items([
                flag(FLAG, "advanced-audit-logs", true),
                flag(FLAG_2, "new-dashboard", true),
                flag(FLAG_3, "beta-sso", true),
            ])
            .typed(
                params::UserFeatureFlagsListParams::new(USER),
                |client, params| client.user_feature_flags_list(params),
                |client, params| client.user_feature_flags_list_stream(params),
                |page| assert_eq!(page.items[0].slug, "advanced-audit-logs"),
                |_| {},
            ),
        row("workos_audit_log_configuration_get", &[ORG])
            .answers(json!({
                "organization_id": ORG,
                "retention_period_in_days": 30,
                "state": "active",
                "log_stream": {
                    "id": "als_01EHZNVPK3SFK441A1RGBFSHRT",
                    "type": "Datadog",
                    "state": "active",
                    "last_synced_at": null,
                    "created_at": fx::CREATED,
                },
            }))
            .typed(
                |client| {
                    client.audit_log_configuration_get(params::AuditLogConfigurationGetParams::new(
                        ORG,
                    ))
                },
                |configuration| {
                    assert_eq!(configuration.retention_period_in_days, 30);
                    assert_eq!(configuration.state, AuditLogConfigurationState::Active);
                    let stream = configuration.log_stream.expect("a log stream");
                    assert_eq!(stream.r#type, AuditLogStreamType::Datadog);
                    assert_eq!(stream.last_synced_at, None);
                },
            ),
        row("workos_audit_log_retention_get", &[ORG])
            .answers(json!({ "retention_period_in_days": 365 }))
            .typed(
                |client| {
                    client.audit_log_retention_get(params::AuditLogRetentionGetParams::new(ORG))
                },
                |retention| assert_eq!(retention.retention_period_in_days, Some(365)),
            ),
        row("workos_audit_log_retention_update", &[ORG])
            .body(json!({ "retention_period_in_days": 30 }))
            .answers(json!({ "retention_period_in_days": 30 }))
            .typed(
                |client| {
                    client.audit_log_retention_update(params::AuditLogRetentionUpdateParams::new(
                        ORG, 30,
                    ))
                },
                |retention| assert_eq!(retention.retention_period_in_days, Some(30)),
            ),
        row("workos_audit_log_actions_list", &[])
            .items([
                action("user.signed_in"),
                action("user.logged_out"),
                action("team.created"),
            ])
            .key("name")
            .typed(
                params::AuditLogActionsListParams::new(),
                |client, params| client.audit_log_actions_list(params),
                |client, params| client.audit_log_actions_list_stream(params),
                |page| {
                    assert_eq!(page.items[0].name, "user.signed_in");
                    assert_eq!(page.items[0].schema.version, 1);
                    assert_eq!(page.items[0].schema.targets[0].r#type, "team");
                },
                |_| {},
            ),
        row("workos_audit_log_schemas_list", &["user.signed_in"])
            .items([schema(3), schema(2), schema(1)])
            .key("version")
            .typed(
                params::AuditLogSchemasListParams::new("user.signed_in"),
                |client, params| client.audit_log_schemas_list(params),
                |client, params| client.audit_log_schemas_list_stream(params),
                |page| assert_eq!(page.items[0].version, 3),
                |items| assert_eq!(items[2].version, 1),
            ),
        row("workos_audit_log_schema_create", &["user.signed_in"])
            .body(json!({ "targets": [{ "type": "team" }] }))
            .answers(schema(1))
            .typed(
                |client| {
                    client.audit_log_schema_create(params::AuditLogSchemaCreateParams::new(
                        "user.signed_in",
                        vec![AuditLogSchemaTargetInput::new("team")],
                    ))
                },
                |schema| {
                    assert_eq!(schema.object, "audit_log_schema");
                    assert!(schema.actor.is_some());
                },
            ),
        row("workos_audit_log_event_create", &[])
            .body(json!({
                "organization_id": ORG,
                "event": {
                    "action": "user.signed_in",
                    "occurred_at": "2026-01-15T12:00:00.000Z",
                    "actor": { "id": USER, "type": "user" },
                    "targets": [{ "id": "team_01", "type": "team" }],
                    "context": { "location": "203.0.113.7" },
                },
            }))
            .answers(json!({ "success": true }))
            .typed(
                |client| {
                    client.audit_log_event_create(params::AuditLogEventCreateParams::new(
                        ORG,
                        AuditLogEventInput::new(
                            "user.signed_in",
                            "2026-01-15T12:00:00.000Z",
                            AuditLogActor::new(USER, "user"),
                            vec![AuditLogTarget::new("team_01", "team")],
                            AuditLogEventContext::new("203.0.113.7"),
                        ),
                    ))
                },
                |created| assert!(created.success),
            ),
        row("workos_directory_delete", &[DIRECTORY]).deletes(202, |client| {
            client.directory_delete(params::DirectoryDeleteParams::new(DIRECTORY))
        }),
    ]
}
