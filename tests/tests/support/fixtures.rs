//! Realistic WorkOS answers, shaped like the examples of WorkOS's OpenAPI document.
//!
//! Every object carries at least one field the catalog does not know (a server that adds a
//! field must break nothing), and each builder takes the values a test sends so the test can
//! check that the decoded model holds them. Tests change single fields with
//! `value["field"] = ...` where they need another value (an unknown enum value, say).

use serde_json::{Value, json};

/// The timestamp WorkOS's examples use.
pub const CREATED: &str = "2026-01-15T12:00:00.000Z";
/// A later one, for `updated_at`.
pub const UPDATED: &str = "2026-02-03T08:30:15.250Z";

/// A list envelope.
pub fn list(data: Vec<Value>, before: Option<&str>, after: Option<&str>) -> Value {
    json!({
        "object": "list",
        "data": data,
        "list_metadata": { "before": before, "after": after },
    })
}

/// An event list envelope: WorkOS sends only the `after` cursor there.
pub fn event_list(data: Vec<Value>, after: Option<&str>) -> Value {
    json!({
        "object": "list",
        "data": data,
        "list_metadata": { "after": after },
    })
}

pub fn organization_domain(id: &str, organization_id: &str, domain: &str, state: &str) -> Value {
    json!({
        "object": "organization_domain",
        "id": id,
        "organization_id": organization_id,
        "domain": domain,
        "state": state,
        "verification_prefix": "superapp-domain-verification-z3kjny",
        "verification_token": "m5Oztg3jdK4NJLgs8uIlIprMw",
        "verification_strategy": "dns",
        "created_at": CREATED,
        "updated_at": UPDATED,
        "verification_attempts": 2,
    })
}

pub fn organization(id: &str, name: &str) -> Value {
    json!({
        "object": "organization",
        "id": id,
        "name": name,
        "domains": [organization_domain(
            "org_domain_01EHZNVPK2QXHMVWCEDQEKY69A",
            id,
            "foo-corp.com",
            "verified",
        )],
        "metadata": { "tier": "enterprise" },
        "external_id": "2fe01467-f7ea-4dd2-8b79-c2b4f56d0191",
        "stripe_customer_id": "cus_R9qWAGMQ6nGE7V",
        "created_at": CREATED,
        "updated_at": UPDATED,
        "allow_profiles_outside_organization": false,
        "lookup_key": "acme-inc",
    })
}

pub fn connection(id: &str, organization_id: &str, name: &str) -> Value {
    json!({
        "object": "connection",
        "id": id,
        "organization_id": organization_id,
        "connection_type": "OktaSAML",
        "name": name,
        "state": "active",
        "status": "linked",
        "domains": [{
            "id": "conn_domain_01EHZNVPK2QXHMVWCEDQEKY69A",
            "object": "connection_domain",
            "domain": "foo-corp.com",
        }],
        "external_id": null,
        "options": { "signing_cert": null, "signature_algorithm": "RSA-SHA256" },
        "created_at": CREATED,
        "updated_at": UPDATED,
        "saml_sp_metadata_url": "https://auth.workos.com/saml/conn_01E4ZCR3C56J083X43JQXF3JK5/metadata",
    })
}

pub fn directory(id: &str, organization_id: &str, name: &str) -> Value {
    json!({
        "object": "directory",
        "id": id,
        "organization_id": organization_id,
        "external_key": "sPa12dwRQ",
        "type": "gsuite directory",
        "state": "linked",
        "name": name,
        "domain": "foo-corp.com",
        "metadata": { "users": { "active": 42, "inactive": 3 }, "groups": 5 },
        "created_at": CREATED,
        "updated_at": UPDATED,
        "last_synced_at": UPDATED,
    })
}

pub fn directory_group(id: &str, directory_id: &str, organization_id: &str, name: &str) -> Value {
    json!({
        "object": "directory_group",
        "id": id,
        "idp_id": "02grqrue4294w24",
        "directory_id": directory_id,
        "organization_id": organization_id,
        "name": name,
        "raw_attributes": { "id": "02grqrue4294w24", "email": "developers@foo-corp.com" },
        "created_at": CREATED,
        "updated_at": UPDATED,
        "member_count": 12,
    })
}

pub fn directory_user(id: &str, directory_id: &str, organization_id: &str, email: &str) -> Value {
    json!({
        "object": "directory_user",
        "id": id,
        "directory_id": directory_id,
        "organization_id": organization_id,
        "idp_id": "2836",
        "email": email,
        "first_name": "Marcelina",
        "last_name": "Davis",
        "name": "Marcelina Davis",
        "emails": [{ "primary": true, "type": "work", "value": email }],
        "job_title": "Software Engineer",
        "username": "mdavis",
        "state": "active",
        "raw_attributes": { "department": "Engineering", "manager": { "value": "2835" } },
        "custom_attributes": { "department": "Engineering", "cost_center": 4021 },
        "role": { "slug": "admin" },
        "roles": [{ "slug": "admin" }, { "slug": "billing" }],
        "groups": [directory_group(
            "directory_group_01E1JJS84MFPPQ3G655FHTKX6Z",
            directory_id,
            organization_id,
            "Developers",
        )],
        "created_at": CREATED,
        "updated_at": UPDATED,
        "employment_type": "full_time",
    })
}

pub fn user(id: &str, email: &str) -> Value {
    json!({
        "object": "user",
        "id": id,
        "first_name": "Marcelina",
        "last_name": "Davis",
        "name": "Marcelina Davis",
        "profile_picture_url": "https://workoscdn.com/images/v1/123abc",
        "email": email,
        "email_verified": true,
        "external_id": "f1ffa2b2-c20b-4d39-be5c-212726e11222",
        "metadata": { "plan": "pro" },
        "last_sign_in_at": "2025-06-25T19:07:33.155Z",
        "locale": "en-US",
        "created_at": CREATED,
        "updated_at": UPDATED,
        "impersonator": null,
    })
}

pub fn invitation(id: &str, email: &str, organization_id: &str, inviter: &str) -> Value {
    json!({
        "object": "invitation",
        "id": id,
        "email": email,
        "state": "pending",
        "accepted_at": null,
        "revoked_at": null,
        "expires_at": "2026-01-29T12:00:00.000Z",
        "organization_id": organization_id,
        "inviter_user_id": inviter,
        "accepted_user_id": null,
        "role_slug": "admin",
        "token": "Z1uX3RbwcIl5fIGJJJCXXisdI",
        "accept_invitation_url": "https://your-app.com/invite?invitation_token=Z1uX3RbwcIl5fIGJJJCXXisdI",
        "created_at": CREATED,
        "updated_at": UPDATED,
        "resent_count": 0,
    })
}

pub fn organization_membership(id: &str, user_id: &str, organization_id: &str) -> Value {
    json!({
        "object": "organization_membership",
        "id": id,
        "user_id": user_id,
        "organization_id": organization_id,
        "organization_name": "Acme Corp",
        "status": "active",
        "directory_managed": false,
        "custom_attributes": { "department": "Engineering" },
        "role": { "slug": "admin" },
        "roles": [{ "slug": "admin" }],
        "user": user(user_id, "marcelina.davis@example.com"),
        "created_at": CREATED,
        "updated_at": UPDATED,
        "idp_attributes": {},
    })
}

pub fn audit_log_export(id: &str, state: &str, url: Option<&str>) -> Value {
    let mut export = json!({
        "object": "audit_log_export",
        "id": id,
        "state": state,
        "created_at": "2022-09-02T17:14:57.094Z",
        "updated_at": "2022-09-02T17:14:57.094Z",
        "row_count": 1250,
    });
    if let Some(url) = url {
        export["url"] = json!(url);
    }
    export
}

pub fn event(id: &str, event: &str, data: Value) -> Value {
    json!({
        "object": "event",
        "id": id,
        "event": event,
        "data": data,
        "context": { "actor": { "id": "user_01E4ZCR3C56J083X43JQXF3JK5", "source": "api" } },
        "created_at": "2021-06-25T19:07:33.155Z",
        "environment_id": "environment_01HXYZ",
    })
}

pub fn authentication_factor(id: &str, user_id: &str) -> Value {
    json!({
        "object": "authentication_factor",
        "id": id,
        "type": "totp",
        "user_id": user_id,
        "totp": { "issuer": "Foo Corp", "user": "marcelina.davis@example.com" },
        "created_at": CREATED,
        "updated_at": UPDATED,
        "last_used_at": null,
    })
}

pub fn authentication_challenge(id: &str, factor_id: &str) -> Value {
    json!({
        "object": "authentication_challenge",
        "id": id,
        "authentication_factor_id": factor_id,
        "created_at": CREATED,
        "updated_at": UPDATED,
        "attempts_remaining": 5,
    })
}
