//! The generated crate's `serde` feature: every model, enum and parameters struct implements
//! `Serialize` and `Deserialize` (parameters: `Serialize`), agreeing with the JSON conversions
//! the client itself uses.

mod support;

use actionspec_runtime::json::{FromJson, ToJson};
use serde_json::{Value, json};
use support::fixtures;
use workos_client::models::{DomainState, Event, EventType, Organization};
use workos_client::params::OrganizationsListParams;

#[test]
fn models_round_trip_through_serde_as_through_the_client() {
    let body = fixtures::organization("org_01EHQMYV6MBK39QC5PZXHY59C3", "Foo Corp");
    let through_serde: Organization = serde_json::from_value(body.clone()).unwrap();
    let through_client = Organization::from_json(body.clone()).unwrap();
    assert_eq!(through_serde, through_client);
    assert_eq!(through_serde.domains[0].state, Some(DomainState::Verified));

    let written = serde_json::to_value(&through_serde).unwrap();
    assert_eq!(written, through_client.to_json());
    // What the model does not know (`lookup_key`) is not written back; the rest is.
    let mut expected = body;
    expected.as_object_mut().unwrap().remove("lookup_key");
    expected["domains"][0]
        .as_object_mut()
        .unwrap()
        .remove("verification_attempts");
    assert_eq!(written, expected);
}

#[test]
fn serde_errors_carry_the_path_of_the_bad_value() {
    let mut body = fixtures::organization("org_1", "Foo Corp");
    body["domains"][0]["domain"] = json!(7);
    let error = serde_json::from_value::<Organization>(body).unwrap_err();
    assert_eq!(
        error.to_string(),
        "at $.domains[0].domain: expected a string, found an integer"
    );
}

#[test]
fn enums_are_strings_and_keep_unknown_values() {
    let known: EventType = serde_json::from_str("\"dsync.user.created\"").unwrap();
    assert_eq!(known, EventType::DsyncUserCreated);
    let unknown: EventType = serde_json::from_str("\"dsync.user.renamed\"").unwrap();
    assert_eq!(unknown, EventType::Other("dsync.user.renamed".to_owned()));
    assert_eq!(
        serde_json::to_string(&unknown).unwrap(),
        "\"dsync.user.renamed\""
    );
    assert!(serde_json::from_str::<EventType>("3").is_err());
}

#[test]
fn events_from_a_webhook_body_decode_with_serde() {
    let body = fixtures::event(
        "event_01H2GNQD5B3K1N0X5Z8BMGN0YR",
        "dsync.user.created",
        json!({"id": "directory_user_01E1X1B89NH8Z3SDFJR4H7RGX7"}),
    );
    let text = serde_json::to_vec(&body).unwrap();
    let event: Event = serde_json::from_slice(&text).unwrap();
    assert_eq!(event.event, EventType::DsyncUserCreated);
    assert_eq!(event, actionspec_runtime::json::from_slice(&text).unwrap());
}

#[test]
fn parameters_serialize_without_unset_fields() {
    let params = OrganizationsListParams::new()
        .limit(10)
        .domains(vec!["foo-corp.com".to_owned()]);
    let written: Value = serde_json::to_value(&params).unwrap();
    assert_eq!(written, json!({"limit": 10, "domains": ["foo-corp.com"]}));
    assert_eq!(written, params.to_json());
}

#[test]
fn secret_fields_round_trip_through_serde_and_stay_out_of_debug() {
    use workos_client::models::AuthenticationFactorTotp;
    let body = json!({
        "issuer": "Foo Corp",
        "user": "marcelina.davis@example.com",
        "secret": "JJWFIBJMHEZCSR3Z",
        "uri": "otpauth://totp/Foo%20Corp:m?secret=JJWFIBJMHEZCSR3Z",
    });
    let totp: AuthenticationFactorTotp = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(
        totp.secret.as_ref().map(|secret| secret.expose_secret()),
        Some("JJWFIBJMHEZCSR3Z")
    );
    assert!(!format!("{totp:?}").contains("JJWFIBJMHEZCSR3Z"));
    // Written back whole: serializing is for storing or sending, not for showing.
    assert_eq!(serde_json::to_value(&totp).unwrap(), body);
    let alone: actionspec_runtime::Secret = serde_json::from_str("\"s3cret\"").unwrap();
    assert_eq!(serde_json::to_string(&alone).unwrap(), "\"s3cret\"");
}
