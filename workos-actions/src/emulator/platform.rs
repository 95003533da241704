//! The handlers of organization domains, webhook endpoints, API keys, feature flags and audit
//! log settings, registered in one place.

use actionspec_emulator::{Call, Emulator, Store};

use super::{
    api_keys, audit_log_settings, feature_flags, organization_domains, organizations,
    webhook_endpoints,
};

/// Organization domains, webhook endpoints, API keys, feature flags and audit log settings,
/// each with the state it keeps beside the store.
pub(super) fn handlers(emulator: Emulator) -> Emulator {
    let endpoints = webhook_endpoints::Registrations::default();
    let keys = api_keys::Values::default();
    let targets = feature_flags::Targets::default();
    let logs = audit_log_settings::AuditLogs::default();
    /// A handler of `$module::$function` given `$state` first.
    macro_rules! with {
        ($state:ident, $module:ident::$function:ident) => {{
            let $state = $state.clone();
            move |store: &mut Store, call: &Call| $module::$function(&$state, store, call)
        }};
    }
    emulator
        .handler(
            "workos_organization_get_by_external_id",
            organizations::get_by_external_id,
        )
        .handler(
            "workos_organization_domain_create",
            organization_domains::create,
        )
        .handler("workos_organization_domain_get", organization_domains::get)
        .handler(
            "workos_organization_domain_verify",
            organization_domains::verify,
        )
        .handler(
            "workos_organization_domain_delete",
            organization_domains::delete,
        )
        .handler(
            "workos_webhook_endpoint_create",
            with!(endpoints, webhook_endpoints::create),
        )
        .handler(
            "workos_webhook_endpoint_update",
            with!(endpoints, webhook_endpoints::update),
        )
        .handler(
            "workos_webhook_endpoint_delete",
            with!(endpoints, webhook_endpoints::delete),
        )
        .handler(
            "workos_organization_api_key_create",
            with!(keys, api_keys::create_for_organization),
        )
        .handler(
            "workos_user_api_key_create",
            with!(keys, api_keys::create_for_user),
        )
        .handler("workos_api_key_validate", with!(keys, api_keys::validate))
        .handler("workos_api_key_expire", api_keys::expire)
        .handler("workos_feature_flag_get", feature_flags::get)
        .handler("workos_feature_flag_enable", feature_flags::enable)
        .handler("workos_feature_flag_disable", feature_flags::disable)
        .handler(
            "workos_feature_flag_target_add",
            with!(targets, feature_flags::add_target),
        )
        .handler(
            "workos_feature_flag_target_remove",
            with!(targets, feature_flags::remove_target),
        )
        .handler(
            "workos_organization_feature_flags_list",
            with!(targets, feature_flags::for_organization),
        )
        .handler(
            "workos_user_feature_flags_list",
            with!(targets, feature_flags::for_user),
        )
        .handler(
            "workos_audit_log_configuration_get",
            with!(logs, audit_log_settings::configuration),
        )
        .handler(
            "workos_audit_log_retention_get",
            with!(logs, audit_log_settings::get_retention),
        )
        .handler(
            "workos_audit_log_retention_update",
            with!(logs, audit_log_settings::set_retention),
        )
        .handler(
            "workos_audit_log_actions_list",
            with!(logs, audit_log_settings::list_actions),
        )
        .handler(
            "workos_audit_log_schemas_list",
            with!(logs, audit_log_settings::list_schemas),
        )
        .handler(
            "workos_audit_log_schema_create",
            with!(logs, audit_log_settings::create_schema),
        )
        .handler(
            "workos_audit_log_event_create",
            with!(logs, audit_log_settings::create_event),
        )
}
