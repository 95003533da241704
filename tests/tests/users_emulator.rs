//! What the emulator does for User Management beyond CRUD, as WorkOS does it: invitations
//! move from pending to accepted, revoked or expired and only pending ones are resent, revoked
//! or accepted; sessions are listed while active; memberships are deactivated and
//! reactivated; password reset tokens and Magic Auth codes work once; email verification and
//! change; the events each records. One emulator (with the demo seed) serves the whole file.

use std::sync::OnceLock;

use futures::TryStreamExt;
use serde_json::{Value, json};
use workos_actions::emulator::Running;
use workos_client::Client;

/// The demo seed's Acme Corp, its admin Ada, and the session and SSO profile it holds.
const ACME: &str = "org_01KEBVB6X9EQR8C258FDS1XZXR";
const ADA: &str = "user_01KFZF9ST34ZHT7HJHHHTFQFFX";
const ADA_SESSION: &str = "session_01KKS3R5A8B7C6D5E4F3G2H1J0";
const ADA_PROFILE: &str = "prof_01KKS4T6B9C8D7E6F5G4H3J2K1";
/// A client id of the environment, as the SDKs send it.
const CLIENT_ID: &str = "client_01KKS8Y0F3G2H1J0K9M8N7P6Q5";

fn emulator() -> &'static Running {
    static RUNNING: OnceLock<Running> = OnceLock::new();
    RUNNING.get_or_init(|| {
        workos_actions::emulator::emulator(true)
            .start("127.0.0.1:0")
            .expect("the emulator starts")
    })
}

fn client() -> Client {
    Client::builder()
        .api_key("sk_test_users")
        .base_url(emulator().base_url())
        .build()
        .expect("the client builds")
        .into()
}

async fn call(action: &str, args: Value) -> Value {
    client()
        .engine()
        .call_json(action, args.clone())
        .await
        .unwrap_or_else(|error| panic!("{action} {args}: {error}"))
}

async fn items(action: &str, args: Value) -> Vec<Value> {
    client()
        .engine()
        .stream_json(action, args)
        .try_collect()
        .await
        .unwrap_or_else(|error| panic!("{action}: {error}"))
}

/// The refusal of a call, as status and code.
async fn refusal(action: &str, args: Value) -> (u16, String) {
    let error = client()
        .engine()
        .call_json(action, args.clone())
        .await
        .expect_err("the call is refused");
    let Some(api) = error.api_error() else {
        panic!("{action} {args}: not an API refusal: {error}");
    };
    (api.status, api.code.clone().unwrap_or_default())
}

/// Events of these types about the object with this id, oldest first.
async fn events_about(types: &[&str], id: &str) -> Vec<String> {
    items(
        "workos_events_list",
        json!({ "events": types, "order": "asc" }),
    )
    .await
    .into_iter()
    .filter(|event| event["data"]["id"] == id)
    .map(|event| event["event"].as_str().unwrap_or_default().to_owned())
    .collect()
}

fn id(value: &Value) -> String {
    value["id"].as_str().expect("an id").to_owned()
}

async fn new_user(email: &str) -> String {
    id(&call("workos_user_create", json!({ "email": email })).await)
}

#[tokio::test]
async fn an_invitation_is_resent_while_pending_and_refused_once_revoked() {
    let invitation = call(
        "workos_user_invite",
        json!({ "email": "revoked@acme.test", "organization_id": ACME }),
    )
    .await;
    let invitation_id = id(&invitation);
    let resent = call("workos_invitation_resend", json!({ "id": invitation_id })).await;
    assert_eq!(resent["state"], "pending");
    let revoked = call("workos_invitation_revoke", json!({ "id": invitation_id })).await;
    assert_eq!(revoked["state"], "revoked");
    assert!(revoked["revoked_at"].is_string(), "{revoked}");
    for (action, code) in [
        ("workos_invitation_resend", "invite_revoked"),
        ("workos_invitation_revoke", "invite_revoked"),
        ("workos_invitation_accept", "invite_revoked"),
    ] {
        let answer = refusal(action, json!({ "id": invitation_id })).await;
        assert_eq!(answer, (400, code.to_owned()), "{action}");
    }
    let read = call("workos_invitation_get", json!({ "id": invitation_id })).await;
    assert_eq!(read["state"], "revoked");
    let by_token = call(
        "workos_invitation_find_by_token",
        json!({ "token": invitation["token"] }),
    )
    .await;
    assert_eq!(id(&by_token), invitation_id);
    let listed = items(
        "workos_invitations_list",
        json!({ "email": "revoked@acme.test" }),
    )
    .await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["state"], "revoked");
    assert_eq!(
        events_about(
            &[
                "invitation.created",
                "invitation.resent",
                "invitation.revoked"
            ],
            &invitation_id
        )
        .await,
        [
            "invitation.created",
            "invitation.resent",
            "invitation.revoked"
        ]
    );
    let unknown = refusal(
        "workos_invitation_find_by_token",
        json!({ "token": "no-such-token" }),
    )
    .await;
    assert_eq!(unknown.0, 404);
}

#[tokio::test]
async fn accepting_an_invitation_makes_the_recipient_an_active_member_with_its_role() {
    let email = "accepted@acme.test";
    let invitation = call(
        "workos_user_invite",
        json!({ "email": email, "organization_id": ACME, "role_slug": "admin", "inviter_user_id": ADA }),
    )
    .await;
    let invitation_id = id(&invitation);
    let accepted = call("workos_invitation_accept", json!({ "id": invitation_id })).await;
    assert_eq!(accepted["state"], "accepted");
    let user_id = accepted["accepted_user_id"]
        .as_str()
        .expect("the new user")
        .to_owned();
    let user = call("workos_user_get", json!({ "id": user_id })).await;
    assert_eq!(user["email"], email);
    let memberships = items(
        "workos_organization_memberships_list",
        json!({ "user_id": user_id, "organization_id": ACME }),
    )
    .await;
    assert_eq!(memberships.len(), 1, "{memberships:?}");
    assert_eq!(memberships[0]["status"], "active");
    assert_eq!(memberships[0]["role"]["slug"], "admin");
    assert_eq!(
        refusal("workos_invitation_resend", json!({ "id": invitation_id })).await,
        (400, "invite_accepted".to_owned())
    );
    assert_eq!(
        events_about(&["invitation.accepted"], &invitation_id).await,
        ["invitation.accepted"]
    );
}

#[tokio::test]
async fn memberships_are_deactivated_and_reactivated_with_their_roles() {
    let user_id = new_user("toggle@acme.test").await;
    let membership = call(
        "workos_organization_membership_create",
        json!({ "user_id": user_id, "organization_id": ACME, "role_slug": "billing" }),
    )
    .await;
    let membership_id = id(&membership);
    let inactive = call(
        "workos_organization_membership_deactivate",
        json!({ "id": membership_id }),
    )
    .await;
    assert_eq!(inactive["status"], "inactive");
    // Deactivating an inactive membership changes nothing and records no event.
    let again = call(
        "workos_organization_membership_deactivate",
        json!({ "id": membership_id }),
    )
    .await;
    assert_eq!(again["updated_at"], inactive["updated_at"]);
    let active = call(
        "workos_organization_membership_reactivate",
        json!({ "id": membership_id }),
    )
    .await;
    assert_eq!(active["status"], "active");
    assert_eq!(active["role"]["slug"], "billing");
    assert_eq!(
        events_about(&["organization_membership.updated"], &membership_id).await,
        [
            "organization_membership.updated",
            "organization_membership.updated"
        ]
    );
    let missing = refusal(
        "workos_organization_membership_reactivate",
        json!({ "id": "om_01HXXXXXXXXXXXXXXXXXXXXXXX" }),
    )
    .await;
    assert_eq!(missing.0, 404);
}

#[tokio::test]
async fn a_user_is_found_by_external_id() {
    let created = call(
        "workos_user_create",
        json!({ "email": "external@acme.test", "external_id": "crm-4417" }),
    )
    .await;
    let found = call(
        "workos_user_get_by_external_id",
        json!({ "external_id": "crm-4417" }),
    )
    .await;
    assert_eq!(found["id"], created["id"]);
    let missing = refusal(
        "workos_user_get_by_external_id",
        json!({ "external_id": "crm-0000" }),
    )
    .await;
    assert_eq!(missing.0, 404);
    let identities = call(
        "workos_user_identities_list",
        json!({ "id": created["id"] }),
    )
    .await;
    assert_eq!(identities, json!([]));
}

#[tokio::test]
async fn a_password_reset_token_works_once() {
    let user_id = new_user("reset@acme.test").await;
    let reset = call(
        "workos_password_reset_create",
        json!({ "email": "reset@acme.test" }),
    )
    .await;
    assert_eq!(reset["user_id"], user_id.as_str());
    let token = reset["password_reset_token"].as_str().unwrap().to_owned();
    assert!(
        reset["password_reset_url"]
            .as_str()
            .unwrap()
            .ends_with(&token)
    );
    let read = call("workos_password_reset_get", json!({ "id": reset["id"] })).await;
    assert_eq!(read["password_reset_token"], token.as_str());
    let args = json!({ "token": token, "new_password": "correct horse battery staple" });
    let confirmed = call("workos_password_reset_confirm", args.clone()).await;
    assert_eq!(confirmed["user"]["id"], user_id.as_str());
    assert_eq!(confirmed["user"]["email_verified"], true);
    assert_eq!(
        refusal("workos_password_reset_confirm", args).await,
        (400, "password_reset_error".to_owned())
    );
    let reset_id = id(&reset);
    assert_eq!(
        events_about(
            &["password_reset.created", "password_reset.succeeded"],
            &reset_id
        )
        .await,
        ["password_reset.created", "password_reset.succeeded"]
    );
    let nobody = refusal(
        "workos_password_reset_create",
        json!({ "email": "nobody@acme.test" }),
    )
    .await;
    assert_eq!(nobody.0, 404);
}

#[tokio::test]
async fn a_magic_auth_code_signs_in_once_and_starts_a_session_that_can_be_revoked() {
    let email = "magic@acme.test";
    let magic = call("workos_magic_auth_create", json!({ "email": email })).await;
    let code = magic["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 6);
    let user_id = magic["user_id"].as_str().unwrap().to_owned();
    assert_eq!(
        call("workos_magic_auth_get", json!({ "id": magic["id"] })).await["code"],
        code.as_str()
    );
    let grant = json!({
        "grant_type": "urn:workos:oauth:grant-type:magic-auth:code",
        "client_id": CLIENT_ID,
        "email": email,
        "code": code,
        "organization_id": ACME,
        "ip_address": "192.0.2.44",
    });
    let wrong = with(&grant, "code", json!("000000"));
    let wrong = if code == "000000" {
        with(&grant, "code", json!("111111"))
    } else {
        wrong
    };
    assert_eq!(
        refusal("workos_user_authenticate", wrong).await,
        (400, "invalid_one_time_code".to_owned())
    );
    let signed_in = call("workos_user_authenticate", grant.clone()).await;
    assert_eq!(signed_in["user"]["id"], user_id.as_str());
    assert_eq!(signed_in["user"]["email_verified"], true);
    assert_eq!(signed_in["organization_id"], ACME);
    assert_eq!(signed_in["authentication_method"], "MagicAuth");
    assert_eq!(
        refusal("workos_user_authenticate", grant).await,
        (400, "one_time_code_previously_used".to_owned())
    );

    let sessions = items("workos_sessions_list", json!({ "id": user_id })).await;
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    let session_id = id(&sessions[0]);
    assert_eq!(sessions[0]["status"], "active");
    assert_eq!(sessions[0]["auth_method"], "magic_code");
    assert_eq!(sessions[0]["ip_address"], "192.0.2.44");
    // The access token names the session; the refresh token renews it, once.
    let claims = claims(signed_in["access_token"].as_str().unwrap());
    assert_eq!(claims["sid"], session_id.as_str());
    assert_eq!(claims["sub"], user_id.as_str());
    let refresh = json!({
        "grant_type": "refresh_token",
        "client_id": CLIENT_ID,
        "refresh_token": signed_in["refresh_token"],
    });
    let renewed = call("workos_user_authenticate", refresh.clone()).await;
    assert_eq!(claims_of(&renewed)["sid"], session_id.as_str());
    assert_eq!(
        refusal("workos_user_authenticate", refresh).await,
        (400, "invalid_grant".to_owned())
    );

    call("workos_session_revoke", json!({ "session_id": session_id })).await;
    assert!(
        items("workos_sessions_list", json!({ "id": user_id }))
            .await
            .is_empty()
    );
    let after_revocation = json!({
        "grant_type": "refresh_token",
        "client_id": CLIENT_ID,
        "refresh_token": renewed["refresh_token"],
    });
    assert_eq!(
        refusal("workos_user_authenticate", after_revocation).await,
        (400, "invalid_grant".to_owned())
    );
    assert_eq!(
        events_about(&["session.created", "session.revoked"], &session_id).await,
        ["session.created", "session.revoked"]
    );
    assert_eq!(
        refusal("workos_session_revoke", json!({ "session_id": session_id }))
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn the_seeded_session_is_listed_and_grants_the_emulator_cannot_check_are_refused() {
    let sessions = items("workos_sessions_list", json!({ "id": ADA })).await;
    assert!(sessions.iter().any(|session| session["id"] == ADA_SESSION));
    let password = json!({
        "grant_type": "password",
        "client_id": CLIENT_ID,
        "email": "ada@acme.com",
        "password": "anything",
    });
    assert_eq!(
        refusal("workos_user_authenticate", password).await,
        (400, "unsupported_grant_type".to_owned())
    );
    let device = call(
        "workos_device_authorization_create",
        json!({ "client_id": CLIENT_ID }),
    )
    .await;
    assert!(
        device["verification_uri_complete"]
            .as_str()
            .unwrap()
            .ends_with(device["user_code"].as_str().unwrap())
    );
    let poll = json!({
        "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
        "client_id": CLIENT_ID,
        "device_code": device["device_code"],
    });
    assert_eq!(
        refusal("workos_user_authenticate", poll).await,
        (400, "authorization_pending".to_owned())
    );
    let sso = json!({
        "client_id": CLIENT_ID,
        "client_secret": "sk_test_users",
        "code": "01E2RJ4C05B52KKZ8FSRDAP23J",
        "grant_type": "authorization_code",
    });
    assert_eq!(
        refusal("workos_sso_token_create", sso).await,
        (400, "invalid_grant".to_owned())
    );
    let logout = call(
        "workos_sso_logout_authorize",
        json!({ "profile_id": ADA_PROFILE }),
    )
    .await;
    assert!(
        logout["logout_url"]
            .as_str()
            .unwrap()
            .ends_with(logout["logout_token"].as_str().unwrap())
    );
    let keys = call("workos_sso_jwks_get", json!({ "client_id": CLIENT_ID })).await;
    assert_eq!(keys["keys"][0]["kty"], "RSA");
}

#[tokio::test]
async fn an_email_is_verified_and_changed_with_one_time_codes() {
    let user_id = new_user("verify@acme.test").await;
    call(
        "workos_user_email_verification_send",
        json!({ "id": user_id }),
    )
    .await;
    let sent = newest_code(&user_id, "verify@acme.test");
    let read = call("workos_email_verification_get", json!({ "id": sent["id"] })).await;
    assert_eq!(read["code"], sent["code"]);
    let wrong = if sent["code"] == "000000" {
        "111111"
    } else {
        "000000"
    };
    assert_eq!(
        refusal(
            "workos_user_email_verification_confirm",
            json!({ "id": user_id, "code": wrong })
        )
        .await,
        (400, "email_verification_code_incorrect".to_owned())
    );
    let verified = call(
        "workos_user_email_verification_confirm",
        json!({ "id": user_id, "code": sent["code"] }),
    )
    .await;
    assert_eq!(verified["user"]["email_verified"], true);
    assert_eq!(
        refusal(
            "workos_user_email_verification_send",
            json!({ "id": user_id })
        )
        .await,
        (400, "email_already_verified".to_owned())
    );

    assert_eq!(
        refusal(
            "workos_user_email_change_send",
            json!({ "id": user_id, "new_email": "ada@acme.com" })
        )
        .await,
        (409, "email_not_available".to_owned())
    );
    let change = call(
        "workos_user_email_change_send",
        json!({ "id": user_id, "new_email": "renamed@acme.test" }),
    )
    .await;
    assert_eq!(change["new_email"], "renamed@acme.test");
    assert_eq!(change["user"]["email"], "verify@acme.test");
    let code = newest_code(&user_id, "renamed@acme.test")["code"].clone();
    let confirmed = call(
        "workos_user_email_change_confirm",
        json!({ "id": user_id, "code": code }),
    )
    .await;
    assert_eq!(confirmed["user"]["email"], "renamed@acme.test");
    assert_eq!(
        call("workos_user_get", json!({ "id": user_id })).await["email"],
        "renamed@acme.test"
    );
    assert_eq!(
        refusal(
            "workos_user_email_change_confirm",
            json!({ "id": user_id, "code": code })
        )
        .await,
        (400, "no_pending_email_change".to_owned())
    );
}

#[tokio::test]
async fn the_jwt_template_widget_tokens_and_authorized_applications() {
    let before = call("workos_jwt_template_get", json!({})).await;
    assert_eq!(before["object"], "jwt_template");
    let content = r#"{"tier": "{{ organization.metadata.tier }}"}"#;
    call("workos_jwt_template_update", json!({ "content": content })).await;
    assert_eq!(
        call("workos_jwt_template_get", json!({})).await["content"],
        content
    );
    let widget = call(
        "workos_widget_token_create",
        json!({ "user_id": ADA, "organization_id": ACME, "scopes": ["widgets:users-table:manage"] }),
    )
    .await;
    let widget_claims = claims(widget["token"].as_str().unwrap());
    assert_eq!(widget_claims["org_id"], ACME);
    assert_eq!(
        widget_claims["scopes"],
        json!(["widgets:users-table:manage"])
    );
    assert_eq!(
        refusal(
            "workos_widget_token_create",
            json!({ "user_id": ADA, "scopes": ["widgets:sso:manage"] })
        )
        .await
        .0,
        422
    );
    let client_token = call(
        "workos_client_token_create",
        json!({ "user_id": ADA, "organization_id": ACME }),
    )
    .await;
    assert_eq!(claims(client_token["token"].as_str().unwrap())["sub"], ADA);

    let granted = items(
        "workos_authorized_applications_list",
        json!({ "user_id": ADA }),
    )
    .await;
    assert_eq!(granted.len(), 1);
    // An OAuth application answers every key the official SDKs require of one.
    let application = &granted[0]["application"];
    assert_eq!(application["application_type"], "oauth");
    for key in [
        "redirect_uris",
        "cors_origins",
        "uses_pkce",
        "is_first_party",
    ] {
        assert!(
            application.get(key).is_some(),
            "{key} missing: {application}"
        );
    }
    assert_eq!(application["redirect_uris"][0]["default"], true);
    let client_id = granted[0]["application"]["client_id"].clone();
    call(
        "workos_authorized_application_delete",
        json!({ "user_id": ADA, "application_id": client_id }),
    )
    .await;
    assert!(
        items(
            "workos_authorized_applications_list",
            json!({ "user_id": ADA })
        )
        .await
        .is_empty()
    );
}

#[tokio::test]
async fn a_login_completed_by_the_application_creates_then_updates_its_user() {
    let user = json!({ "id": "app-user-77", "email": "app.user@acme.test", "first_name": "App" });
    let args = json!({ "external_auth_id": "ext_auth_01", "user": user });
    let answer = call("workos_authkit_login_complete", args).await;
    assert!(
        answer["redirect_uri"]
            .as_str()
            .unwrap()
            .contains("external_auth_id=ext_auth_01")
    );
    let created = call(
        "workos_user_get_by_external_id",
        json!({ "external_id": "app-user-77" }),
    )
    .await;
    assert_eq!(created["first_name"], "App");
    let renamed =
        json!({ "id": "app-user-77", "email": "app.user@acme.test", "first_name": "Renamed" });
    call(
        "workos_authkit_login_complete",
        json!({ "external_auth_id": "ext_auth_02", "user": renamed }),
    )
    .await;
    let updated = call(
        "workos_user_get_by_external_id",
        json!({ "external_id": "app-user-77" }),
    )
    .await;
    assert_eq!(updated["id"], created["id"]);
    assert_eq!(updated["first_name"], "Renamed");
    let taken = json!({ "id": "someone-else", "email": "app.user@acme.test" });
    assert_eq!(
        refusal(
            "workos_authkit_login_complete",
            json!({ "external_auth_id": "ext_auth_03", "user": taken })
        )
        .await,
        (422, "email_not_available".to_owned())
    );
}

#[tokio::test]
async fn a_standalone_totp_factor_verifies_its_current_code() {
    let factor = call(
        "workos_mfa_factor_enroll",
        json!({ "type": "totp", "totp_issuer": "Acme", "totp_user": "ada@acme.com" }),
    )
    .await;
    let secret = factor["totp"]["secret"].as_str().unwrap().to_owned();
    let read = call("workos_mfa_enrollment_get", json!({ "id": factor["id"] })).await;
    assert!(read["totp"].get("secret").is_none(), "{read}");
    let challenge = call("workos_mfa_challenge_create", json!({ "id": factor["id"] })).await;
    let bytes = totp_rs::Secret::Encoded(secret).to_bytes().unwrap();
    let totp = totp_rs::TOTP::new_unchecked(
        totp_rs::Algorithm::SHA1,
        6,
        0,
        30,
        bytes,
        None,
        String::new(),
    );
    let verified = call(
        "workos_mfa_verify",
        json!({ "id": challenge["id"], "code": totp.generate_current().unwrap() }),
    )
    .await;
    assert_eq!(verified["valid"], true);
    assert_eq!(
        refusal("workos_mfa_factor_enroll", json!({ "type": "sms" }))
            .await
            .0,
        422
    );
}

/// The newest email verification code the emulator sent the user for this address.
fn newest_code(user_id: &str, email: &str) -> Value {
    emulator().with_store(|store| {
        store
            .all("EmailVerification")
            .into_iter()
            .rfind(|sent| sent["user_id"] == user_id && sent["email"] == email)
            .expect("a code was sent")
    })
}

fn with(args: &Value, name: &str, value: Value) -> Value {
    let mut args = args.clone();
    args[name] = value;
    args
}

/// The claims of a JWT, unverified (the tests of the AuthKit server verify signatures).
fn claims(token: &str) -> Value {
    use base64::Engine as _;
    let payload = token.split('.').nth(1).expect("a JWT has a payload");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

fn claims_of(answer: &Value) -> Value {
    claims(answer["access_token"].as_str().expect("an access token"))
}
