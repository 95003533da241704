//! A local WorkOS: the generic emulator over the WorkOS catalog, plus the few effects that are
//! WorkOS's alone (domains from `domain_data`, membership roles and default statuses, TOTP enrolment and
//! verification, portal links, audit log exports, invitations, roles and permission checks, groups,
//! Vault objects and data keys, Radar verdicts from its lists, agent claims and credentials)
//! and the `demo` seed.
//!
//! ```no_run
//! # fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let running = workos_actions::emulator::emulator(true).start("127.0.0.1:0")?;
//! println!("{}", running.base_url()); // point WORKOS_BASE_URL (or an SDK's base_url) here
//! # Ok(()) }
//! ```

mod agents;
mod api_keys;
mod audit_log_settings;
mod audit_logs;
mod authentication;
mod authorization;
mod connect;
mod connections;
mod data_integrations;
mod feature_flags;
mod groups;
mod invitations;
mod listing;
mod memberships;
mod mfa;
pub mod oauth;
mod organization_domains;
mod organizations;
mod platform;
mod portal;
mod radar;
mod sessions;
mod user_management;
mod vault;
mod webhook_endpoints;

use actionspec_emulator::{Call, Emulator, Failure, Store};
use serde_json::Value;

pub use actionspec_emulator::{
    DeliveryOptions, Fault, FaultRule, RateLimit, RateLimitRule, Running, SetupError,
    WebhookEndpoint,
};

/// The `demo` data set: organizations with domains, users, memberships, a connection, a
/// directory with users and groups, a TOTP factor, an invitation, an audit log export,
/// permissions, the `admin` and `member` roles, a resource with a role assigned on it, a group,
/// a disabled webhook endpoint, two feature flags, a Vault object, a Radar block list entry,
/// an agent registration with an open claim, a Connect application and a GitHub data
/// integration.
pub const DEMO_SEED: &str = include_str!("demo_seed.json");

/// The demo seed, parsed.
pub fn demo_seed() -> Value {
    serde_json::from_str(DEMO_SEED).unwrap_or(Value::Null)
}

/// A WorkOS emulator, with the demo data when `seed_demo` is true. Configure it further
/// (API key, rate limits) before starting it. It is also an AuthKit authorization server
/// ([`oauth`]), whose applications are the demo's two when `seed_demo` is true.
pub fn emulator(seed_demo: bool) -> Emulator {
    let applications = if seed_demo {
        oauth::demo_applications()
    } else {
        Vec::new()
    };
    emulator_with_authkit(seed_demo, &oauth::AuthKit::new(applications))
}

/// [`emulator`] with the given authorization server (a test keeps it to rotate its keys or
/// sign tokens of its own).
pub fn emulator_with_authkit(
    seed_demo: bool,
    authkit: &std::sync::Arc<oauth::AuthKit>,
) -> Emulator {
    let secrets = mfa::Secrets::default();
    let mut emulator = Emulator::new(&workos_client::descriptors::API)
        .handler("workos_organization_create", organizations::create)
        .handler("workos_organization_update", organizations::update)
        .handler("workos_organization_memberships_list", memberships::list)
        .handler("workos_organization_membership_create", memberships::create)
        .handler("workos_organization_membership_update", memberships::update)
        .handler("workos_connection_create", connections::create)
        .handler("workos_portal_link_create", portal::create)
        .handler("workos_audit_logs_list", audit_logs::create)
        .handler("workos_audit_log_export_get", audit_logs::get)
        .handler("workos_mfa_enrollment_create", {
            let secrets = secrets.clone();
            move |store: &mut Store, call: &Call| mfa::enroll(&secrets, store, call)
        })
        .handler("workos_mfa_challenge_create", mfa::challenge)
        .handler("workos_mfa_verify", {
            let secrets = secrets.clone();
            move |store: &mut Store, call: &Call| mfa::verify(&secrets, store, call)
        });
    emulator = authentication::register(
        sessions::register(user_management::register(
            invitations::register(emulator),
            authkit,
        )),
        authkit,
        &secrets,
    );
    emulator = groups::register(authorization::register(emulator));
    emulator = platform::handlers(emulator);
    emulator = agents::register(radar::register(vault::register(emulator)));
    emulator = data_integrations::register(connect::register(emulator));
    if seed_demo {
        emulator = emulator.seed(demo_seed());
    }
    emulator.routes(authkit.routes())
}

/// The model the action works on, or a 501 naming the action (a catalog edit broke it).
fn model_of(
    store: &Store,
    call: &Call,
) -> Result<&'static workos_client::runtime::ModelDescriptor, Failure> {
    store.model_of(call.action).ok_or_else(|| {
        Failure::new(
            501,
            "not_emulated",
            format!("{} has no model in the catalog", call.action.name),
        )
    })
}

/// A model by name, or a 501.
fn model(
    store: &Store,
    name: &str,
) -> Result<&'static workos_client::runtime::ModelDescriptor, Failure> {
    store.model(name).ok_or_else(|| {
        Failure::new(
            501,
            "not_emulated",
            format!("the catalog has no model `{name}`"),
        )
    })
}

/// The success status the catalog gives the action.
fn status(call: &Call) -> u16 {
    match call.action.endpoint {
        workos_client::runtime::Endpoint::Http { success_status, .. } => success_status,
        workos_client::runtime::Endpoint::Browser(_)
        | workos_client::runtime::Endpoint::Unavailable { .. } => 200,
    }
}

/// Records the event the action emits, if any.
fn emit(store: &mut Store, call: &Call, object: &Value) {
    if let Some(event) = call.action.emits {
        store.emit(event, object);
    }
}

/// A random token of letters and digits.
fn token(length: usize) -> String {
    (0..length).map(|_| fastrand::alphanumeric()).collect()
}
