//! Vault, Radar and agent registrations on the main emulator: what WorkOS does with each, read
//! back through the API.

use actionspec_runtime::Error;
use serde_json::{Value, json};

use super::{Calls, assert_not_found, id};

/// The status and code of a refusal.
fn refusal(error: &Error) -> (u16, String) {
    let api = match error {
        Error::NotFound(api)
        | Error::Conflict(api)
        | Error::Validation(api)
        | Error::Forbidden(api)
        | Error::UnexpectedStatus(api) => api,
        other => panic!("not a refusal: {other}"),
    };
    (api.status, api.code.clone().unwrap_or_default())
}

/// The data of the events of this type about the object named `name`.
async fn vault_events(calls: &Calls, event: &str, name: &str) -> Vec<Value> {
    calls
        .items("workos_events_list", json!({"events": [event]}))
        .await
        .into_iter()
        .map(|event| event["data"].clone())
        .filter(|data| data["kv_name"] == name)
        .collect()
}

#[tokio::test]
async fn vault_objects_keep_versions_and_refuse_stale_version_checks() {
    let calls = Calls::new();
    let context = json!({"organization_id": "org_01KEBVB6X9EQR8C258FDS1XZXR"});
    let created = calls
        .call(
            "workos_vault_object_create",
            json!({"name": "vault-test-db-password", "value": "first-secret", "key_context": context}),
        )
        .await;
    let object_id = id(&created);
    assert_eq!(object_id.len(), 36, "a UUID: {object_id}");
    assert_eq!(created["context"], context);
    assert!(
        created.get("value").is_none(),
        "a create answers metadata only"
    );
    let first_version = created["version_id"].as_str().unwrap().to_owned();
    let again = calls
        .refused(
            "workos_vault_object_create",
            json!({"name": "vault-test-db-password", "value": "x", "key_context": {}}),
        )
        .await;
    assert_eq!(refusal(&again).0, 409, "names are unique");

    let read = calls
        .call("workos_vault_object_get", json!({"id": object_id}))
        .await;
    assert_eq!(read["value"], "first-secret");
    assert_eq!(read["metadata"], created);
    let by_name = calls
        .call(
            "workos_vault_object_get_by_name",
            json!({"name": "vault-test-db-password"}),
        )
        .await;
    assert_eq!(by_name, read);

    let updated = calls
        .call(
            "workos_vault_object_update",
            json!({"id": object_id, "value": "second-secret", "version_check": first_version}),
        )
        .await;
    assert!(updated.get("value").is_none());
    let second_version = updated["metadata"]["version_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(second_version, first_version, "an update is a new version");
    assert_eq!(
        updated["metadata"]["key_id"], created["key_id"],
        "the same context, the same key"
    );
    let stale = calls
        .fails(
            "workos_vault_object_update",
            json!({"id": object_id, "value": "third", "version_check": first_version}),
        )
        .await;
    assert_eq!(
        refusal(&stale).0,
        409,
        "the version checked is no longer current"
    );
    let described = calls
        .call("workos_vault_object_describe", json!({"id": object_id}))
        .await;
    assert_eq!(described, updated, "the refused update changed nothing");
    let read = calls
        .call("workos_vault_object_get", json!({"id": object_id}))
        .await;
    assert_eq!(read["value"], "second-secret");

    let versions = calls
        .call(
            "workos_vault_object_versions_list",
            json!({"id": object_id}),
        )
        .await;
    let versions = versions["data"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["id"], second_version, "newest first");
    assert_eq!(versions[0]["current_version"], true);
    assert_eq!(versions[1]["id"], first_version);
    assert_eq!(versions[1]["current_version"], false);
    assert_eq!(versions[0]["size"], "second-secret".len());
    assert_ne!(versions[0]["etag"], versions[1]["etag"]);

    let listed = calls
        .items(
            "workos_vault_objects_list",
            json!({"search": "vault-test-db"}),
        )
        .await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["name"], "vault-test-db-password");
    assert!(listed[0].get("value").is_none());

    let created_events = vault_events(&calls, "vault.data.created", "vault-test-db-password").await;
    assert_eq!(created_events.len(), 1);
    assert_eq!(created_events[0]["key_context"], context);
    assert_eq!(created_events[0]["actor_source"], "api");
    let updated_events = vault_events(&calls, "vault.data.updated", "vault-test-db-password").await;
    assert_eq!(
        updated_events.len(),
        1,
        "the refused update recorded nothing"
    );
    let vault_types = [
        "vault.data.created",
        "vault.data.read",
        "vault.data.updated",
        "vault.metadata.read",
        "vault.names.listed",
    ];
    let all_events = calls
        .items("workos_events_list", json!({"events": vault_types}))
        .await;
    assert!(all_events.len() >= 5, "{}", all_events.len());
    let text = serde_json::to_string(&all_events).unwrap();
    assert!(
        !text.contains("first-secret") && !text.contains("second-secret"),
        "events never carry a value"
    );

    let stale = calls
        .fails(
            "workos_vault_object_delete",
            json!({"id": object_id, "version_check": first_version}),
        )
        .await;
    assert_eq!(refusal(&stale).0, 409);
    let deleted = calls
        .call(
            "workos_vault_object_delete",
            json!({"id": object_id, "version_check": second_version}),
        )
        .await;
    assert_eq!(
        deleted,
        json!({"name": "vault-test-db-password", "success": true})
    );
    assert_not_found(
        calls
            .fails("workos_vault_object_get", json!({"id": object_id}))
            .await,
    );
    assert_not_found(
        calls
            .fails(
                "workos_vault_object_get_by_name",
                json!({"name": "vault-test-db-password"}),
            )
            .await,
    );
    assert_eq!(
        vault_events(&calls, "vault.data.deleted", "vault-test-db-password")
            .await
            .len(),
        1
    );

    // The demo's object, seeded without a version history, has its current one.
    let seeded = calls
        .call(
            "workos_vault_object_get_by_name",
            json!({"name": "acme-stripe-key"}),
        )
        .await;
    let versions = calls
        .call(
            "workos_vault_object_versions_list",
            json!({"id": id(&seeded)}),
        )
        .await;
    assert_eq!(versions["data"][0]["id"], seeded["metadata"]["version_id"]);
    calls.assert_cover("vault");
}

#[tokio::test]
async fn vault_data_keys_decrypt_back_and_rekey_to_the_same_key() {
    let calls = Calls::new();
    let context = json!({"organization_id": "org_01KEBVB6X9EQR8C258FDS1XZXR"});
    let created = calls
        .call("workos_vault_data_key_create", json!({"context": context}))
        .await;
    let key = created["data_key"].as_str().unwrap().to_owned();
    assert_eq!(key.len(), 44, "32 bytes in base64: {}", key.len());
    assert_eq!(created["context"], context);
    let decrypted = calls
        .call(
            "workos_vault_data_key_decrypt",
            json!({"keys": created["encrypted_keys"]}),
        )
        .await;
    assert_eq!(decrypted, json!({"id": created["id"], "data_key": key}));

    let other = calls
        .call("workos_vault_data_key_create", json!({"context": context}))
        .await;
    assert_ne!(other["data_key"], key, "each data key is new");

    let moved = json!({"organization_id": "org_01KEVAXZS4JPV8A6MPZCK9PJ4E"});
    let rekeyed = calls
        .call(
            "workos_vault_data_key_rekey",
            json!({"encrypted_keys": created["encrypted_keys"], "context": moved}),
        )
        .await;
    assert_eq!(rekeyed["id"], created["id"]);
    assert_eq!(rekeyed["data_key"], key, "the same key");
    assert_eq!(rekeyed["context"], moved);
    assert_ne!(rekeyed["encrypted_keys"], created["encrypted_keys"]);
    let decrypted = calls
        .call(
            "workos_vault_data_key_decrypt",
            json!({"keys": rekeyed["encrypted_keys"]}),
        )
        .await;
    assert_eq!(decrypted["data_key"], key);

    // A tampered blob is refused, not decrypted to another key.
    let mut blob = created["encrypted_keys"].as_str().unwrap().to_owned();
    let flipped = if blob.starts_with('A') { "B" } else { "A" };
    blob.replace_range(..1, flipped);
    for keys in [blob.as_str(), "bm90IGEga2V5"] {
        let refused = calls
            .fails("workos_vault_data_key_decrypt", json!({"keys": keys}))
            .await;
        assert_eq!(refusal(&refused).0, 400, "{keys}");
    }
    calls.assert_cover("vault data keys");
}

#[tokio::test]
async fn radar_verdicts_follow_the_allow_and_block_lists() {
    let calls = Calls::new();
    let attempt = |ip: &str, email: &str| {
        json!({
            "ip_address": ip,
            "user_agent": "Mozilla/5.0",
            "email": email,
            "auth_method": "Password",
            "action": "sign-in",
        })
    };
    // The demo's block list holds 198.51.100.42.
    let blocked = calls
        .call(
            "workos_radar_attempt_create",
            attempt("198.51.100.42", "pat@radar-test.dev"),
        )
        .await;
    assert_eq!(blocked["verdict"], "block");
    assert_eq!(blocked["control"], "restriction");
    assert_eq!(blocked["blocklist_type"], "ip_address");
    assert!(
        blocked["attempt_id"]
            .as_str()
            .unwrap()
            .starts_with("radar_att_")
    );

    let allowed = calls
        .call(
            "workos_radar_attempt_create",
            attempt("203.0.113.7", "pat@radar-test.dev"),
        )
        .await;
    assert_eq!(allowed["verdict"], "allow");
    assert!(allowed.get("control").is_none());

    let list = |kind: &str, action: &str, entry: &str| json!({"type": kind, "action": action, "entry": entry});
    calls
        .call(
            "workos_radar_list_entry_add",
            list("domain", "block", "Radar-Test.dev"),
        )
        .await;
    // Already there (the case differs): kept once, as one removal below shows.
    calls
        .call(
            "workos_radar_list_entry_add",
            list("domain", "block", "radar-test.dev"),
        )
        .await;
    let blocked = calls
        .call(
            "workos_radar_attempt_create",
            attempt("203.0.113.7", "pat@radar-test.dev"),
        )
        .await;
    assert_eq!(blocked["verdict"], "block");
    assert_eq!(blocked["blocklist_type"], "domain");

    // An email on the allow list is allowed unless a block list holds something else of it.
    calls
        .call(
            "workos_radar_list_entry_add",
            list("email", "allow", "vip@radar-allow.dev"),
        )
        .await;
    let vip = calls
        .call(
            "workos_radar_attempt_create",
            attempt("203.0.113.8", "vip@radar-allow.dev"),
        )
        .await;
    assert_eq!(vip["verdict"], "allow");
    assert!(vip["reason"].as_str().unwrap().contains("allow list"));

    calls
        .call(
            "workos_radar_list_entry_remove",
            list("domain", "block", "radar-test.dev"),
        )
        .await;
    let allowed_again = calls
        .call(
            "workos_radar_attempt_create",
            attempt("203.0.113.7", "pat@radar-test.dev"),
        )
        .await;
    assert_eq!(allowed_again["verdict"], "allow");
    let missing = calls
        .fails(
            "workos_radar_list_entry_remove",
            list("domain", "block", "radar-test.dev"),
        )
        .await;
    assert_not_found(missing);
    let malformed = calls
        .fails(
            "workos_radar_list_entry_add",
            list("ip_address", "block", "not-an-ip"),
        )
        .await;
    assert_eq!(refusal(&malformed), (400, "invalid_entry".to_owned()));
    let unknown_list = calls
        .fails(
            "workos_radar_list_entry_add",
            list("planet", "block", "mars"),
        )
        .await;
    assert!(
        matches!(unknown_list, Error::InvalidArguments { .. }),
        "{unknown_list}"
    );

    calls
        .call(
            "workos_radar_attempt_update",
            json!({"id": allowed_again["attempt_id"], "attempt_status": "success"}),
        )
        .await;
    assert_not_found(
        calls
            .fails(
                "workos_radar_attempt_update",
                json!({"id": "radar_att_01KKX3D4Q7CE0T2X5H8V1Z9B3R", "challenge_status": "success"}),
            )
            .await,
    );
    calls.assert_cover("radar");
}

#[tokio::test]
async fn agent_claims_link_users_and_credentials_validate_from_registrations() {
    let calls = Calls::new();
    let registration_id = "agent_reg_01KKX3E5R8DF1V3Y6J9W2A0C4S";
    let registration = calls
        .call(
            "workos_agent_registration_get",
            json!({"id": registration_id}),
        )
        .await;
    assert_eq!(registration["status"], "verified");
    assert_eq!(registration["revoked_at"], Value::Null, "not revoked");
    assert_eq!(registration["claim"]["claim_completion"], Value::Null);
    assert_not_found(
        calls
            .fails(
                "workos_agent_registration_get",
                json!({"id": "agent_reg_01KKX3E5R8DF1V3Y6J9W2A0C4Z"}),
            )
            .await,
    );

    let token = "cla_tkn_01KKX3F6S9EG2W4Z7K0X3B1D5T";
    let link = |email: &str, external_id: &str, organization: Option<&str>| {
        let mut args = json!({
            "type": "link_external_user",
            "claim_attempt_token": token,
            "user": {"email": email, "external_id": external_id},
        });
        if let Some(organization) = organization {
            args["organization_id"] = json!(organization);
        }
        args
    };
    // A new user: created, with no organizations yet.
    let linked = calls
        .call(
            "workos_agent_claim_attempt_link",
            link("agent-owner@claims.dev", "ext-claims-1", None),
        )
        .await;
    assert_eq!(linked["id"], registration_id);
    assert_eq!(linked["organizations"], json!([]));
    let code = linked["user_code"].as_str().unwrap();
    assert_eq!((code.len(), &code[4..5]), (9, "-"), "{code}");
    let users = calls
        .items(
            "workos_users_list",
            json!({"email": "agent-owner@claims.dev"}),
        )
        .await;
    assert_eq!(users.len(), 1);
    assert_eq!(users[0]["external_id"], "ext-claims-1");

    let mismatch = calls
        .fails(
            "workos_agent_claim_attempt_link",
            link("someone-else@claims.dev", "ext-claims-1", None),
        )
        .await;
    assert_eq!(refusal(&mismatch), (400, "email_mismatch".to_owned()));
    let taken = calls
        .fails(
            "workos_agent_claim_attempt_link",
            link("agent-owner@claims.dev", "ext-claims-2", None),
        )
        .await;
    assert_eq!(refusal(&taken), (409, "email_already_in_use".to_owned()));
    let bad_token = calls
        .fails(
            "workos_agent_claim_attempt_link",
            json!({"type": "link_external_user", "claim_attempt_token": "cla_tkn_unknown", "user": {"email": "a@b.dev", "external_id": "x"}}),
        )
        .await;
    assert_eq!(refusal(&bad_token), (400, "invalid_claim".to_owned()));

    // A member of Acme Corp and Globex must choose one of them.
    let member = calls
        .call(
            "workos_user_create",
            json!({"email": "two-orgs@claims.dev", "external_id": "ext-two-orgs"}),
        )
        .await;
    for organization in [
        "org_01KEBVB6X9EQR8C258FDS1XZXR",
        "org_01KEVAXZS4JPV8A6MPZCK9PJ4E",
    ] {
        calls
            .call(
                "workos_organization_membership_create",
                json!({"user_id": id(&member), "organization_id": organization}),
            )
            .await;
    }
    let choose = calls
        .fails(
            "workos_agent_claim_attempt_link",
            link("two-orgs@claims.dev", "ext-two-orgs", None),
        )
        .await;
    assert_eq!(
        refusal(&choose),
        (409, "organization_selection_required".to_owned())
    );
    let placed = calls
        .call(
            "workos_agent_claim_attempt_link",
            link(
                "two-orgs@claims.dev",
                "ext-two-orgs",
                Some("org_01KEVAXZS4JPV8A6MPZCK9PJ4E"),
            ),
        )
        .await;
    let names: Vec<&str> = placed["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|organization| organization["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"Acme Corp") && names.contains(&"Globex"));
    let outsider = calls
        .fails(
            "workos_agent_claim_attempt_link",
            link(
                "two-orgs@claims.dev",
                "ext-two-orgs",
                Some("org_01KFN4X97HE3C3W76D01QV5CEM"),
            ),
        )
        .await;
    assert_eq!(refusal(&outsider), (400, "invalid_organization".to_owned()));

    let valid = calls
        .call(
            "workos_agent_credential_validate",
            json!({"type": "api_key", "credential": "sk_agent_01KKX3E5R8DF1V3Y6J9W2A0C4S"}),
        )
        .await;
    assert_eq!(valid["valid"], true);
    assert_eq!(valid["registration_id"], registration_id);
    for (kind, credential) in [
        ("api_key", "sk_agent_01KKX3E5R8DF1V3Y6J9W2A0C4Z"),
        ("api_key", "sk_test_unknown"),
        ("access_token", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"),
    ] {
        let invalid = calls
            .call(
                "workos_agent_credential_validate",
                json!({"type": kind, "credential": credential}),
            )
            .await;
        assert_eq!(
            invalid,
            json!({"valid": false, "registration_id": null, "expires_at": null}),
            "{credential}"
        );
    }
    calls.assert_cover("agents");
}
