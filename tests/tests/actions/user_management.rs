//! Rows of User Management beyond users' CRUD: invitations, sessions, authentication, the
//! application's settings and tokens.

use super::*;

const SESSION: &str = "session_01H93ZY4F80QPBEZ1R5B2SHQG8";
const PASSWORD_RESET: &str = "password_reset_01HYGDNK5G7FZ4YJFXYXPB5JRW";
const MAGIC_AUTH: &str = "magic_auth_01HWZBQAY251RZ9BKB4RZW4D4A";
const EMAIL_VERIFICATION: &str = "email_verification_01HYGGEB6FYMWQNWF3XDZG7VV3";
const RADAR_CHALLENGE: &str = "radar_challenge_01HYGGEB6FYMWQNWF3XDZG7VV3";
const REDIRECT_URI: &str = "ruri_01HZ9C1K8R2S3T4V5W6X7Y8Z9A";
const CORS_ORIGIN: &str = "cors_origin_01HZ9C1K8R2S3T4V5W6X7Y8Z9B";
const AUTHORIZED_APP: &str = "authorized_app_01HZ9C1K8R2S3T4V5W6X7Y8Z9C";
const AUTHORIZED_APP_2: &str = "authorized_app_01HZ9C1K8R2S3T4V5W6X7Y8Z9D";
const AUTHORIZED_APP_3: &str = "authorized_app_01HZ9C1K8R2S3T4V5W6X7Y8Z9E";
const PROFILE: &str = "prof_01DMC79VCBZ0NY2099737PSVF1";
const CLIENT_ID: &str = "client_01HZ9C1K8R2S3T4V5W6X7Y8Z9F";
const TOKEN: &str = "Z1uX3RbwcIl5fIGJJJCXXisdI";
const JWT: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6InNzb19vaWRjX2tleV9wYWlyXzAxIn0.eyJzaWQiOiJzZXNzaW9uXzAxIn0.c2lnbmF0dXJl";

fn session(id: &str) -> Value {
    json!({
        "object": "session",
        "id": id,
        "user_id": USER,
        "organization_id": ORG,
        "status": "active",
        "auth_method": "password",
        "ip_address": "192.0.2.1",
        "user_agent": "Mozilla/5.0",
        "expires_at": "2026-02-01T00:00:00.000Z",
        "ended_at": null,
        "created_at": "2026-01-01T00:00:00.000Z",
        "updated_at": "2026-01-01T00:00:00.000Z",
        "last_activity_at": "2026-01-02T00:00:00.000Z",
    })
}

fn password_reset() -> Value {
    json!({
        "object": "password_reset",
        "id": PASSWORD_RESET,
        "user_id": USER,
        "email": "marcelina.davis@example.com",
        "password_reset_token": TOKEN,
        "password_reset_url": format!("https://your-app.com/reset-password?token={TOKEN}"),
        "expires_at": "2026-01-01T00:30:00.000Z",
        "created_at": "2026-01-01T00:00:00.000Z",
    })
}

fn one_time_code(object: &str, id: &str) -> Value {
    json!({
        "object": object,
        "id": id,
        "user_id": USER,
        "email": "marcelina.davis@example.com",
        "code": "123456",
        "expires_at": "2026-01-01T00:10:00.000Z",
        "created_at": "2026-01-01T00:00:00.000Z",
        "updated_at": "2026-01-01T00:00:00.000Z",
    })
}

fn authorized_application(id: &str) -> Value {
    json!({
        "object": "authorized_connect_application",
        "id": id,
        "granted_scopes": ["openid", "profile"],
        "application": {
            "object": "connect_application",
            "id": "conn_app_01HZ9C1K8R2S3T4V5W6X7Y8Z9G",
            "client_id": CLIENT_ID,
            "name": "Reports",
            "description": null,
            "scopes": ["openid", "profile", "email"],
            "application_type": "oauth",
            "created_at": "2026-01-01T00:00:00.000Z",
            "updated_at": "2026-01-01T00:00:00.000Z",
        },
    })
}

fn setting(object: &str, id: &str, field: &str, value: &str) -> Value {
    let mut setting = json!({
        "object": object,
        "id": id,
        field: value,
        "created_at": "2026-01-01T00:00:00.000Z",
        "updated_at": "2026-01-01T00:00:00.000Z",
    });
    if object == "redirect_uri" {
        setting["default"] = json!(false);
    }
    setting
}

fn user_answer() -> Value {
    json!({ "user": fx::user(USER, "marcelina.davis@example.com") })
}

pub(super) fn rows() -> Vec<Case> {
    let invitation = || fx::invitation(INVITATION, "marcelina.davis@example.com", ORG, USER_2);
    vec![
        row("workos_invitations_list", &[])
            .query(&[("organization_id", ORG), ("email", "a+b@example.com"), ("limit", "2")])
            .raw_query("email=a%2Bb%40example.com")
            .items([
                fx::invitation(INVITATION, "a+b@example.com", ORG, USER_2),
                fx::invitation("invitation_01E4ZCR3C56J083X43JQXF3JK6", "a+b@example.com", ORG, USER_2),
                fx::invitation("invitation_01E4ZCR3C56J083X43JQXF3JK7", "a+b@example.com", ORG, USER_2),
            ])
            .typed(
                params::InvitationsListParams::new()
                    .organization_id(ORG)
                    .email("a+b@example.com")
                    .limit(2),
                |client, params| client.invitations_list(params),
                |client, params| client.invitations_list_stream(params),
                |page| assert_eq!(page.items[0].state, InvitationState::Pending),
                |_| {},
            ),
        row("workos_invitation_get", &[INVITATION])
            .answers(invitation())
            .typed(
                |client| client.invitation_get(params::InvitationGetParams::new(INVITATION)),
                |found| assert_eq!(found.token.expose_secret(), TOKEN),
            ),
        row("workos_invitation_find_by_token", &[TOKEN])
            .answers(invitation())
            .typed(
                |client| {
                    client.invitation_find_by_token(params::InvitationFindByTokenParams::new(TOKEN))
                },
                |found| assert_eq!(found.id, INVITATION),
            ),
        row("workos_invitation_resend", &[INVITATION])
            .body(json!({ "locale": "fr-CA" }))
            .answers(invitation())
            .typed(
                |client| {
                    client.invitation_resend(
                        params::InvitationResendParams::new(INVITATION).locale(Locale::FrCa),
                    )
                },
                |resent| assert_eq!(resent.state, InvitationState::Pending),
            ),
        row("workos_invitation_revoke", &[INVITATION])
            .body(json!({}))
            .answers(with(invitation(), |it| {
                it["state"] = json!("revoked");
                it["revoked_at"] = json!("2026-01-02T00:00:00.000Z");
            }))
            .typed(
                |client| client.invitation_revoke(params::InvitationRevokeParams::new(INVITATION)),
                |revoked| {
                    assert_eq!(revoked.state, InvitationState::Revoked);
                    assert!(revoked.revoked_at.is_some());
                },
            ),
        row("workos_invitation_accept", &[INVITATION])
            .body(json!({}))
            .answers(with(invitation(), |it| {
                it["state"] = json!("accepted");
                it["accepted_user_id"] = json!(USER);
            }))
            .typed(
                |client| client.invitation_accept(params::InvitationAcceptParams::new(INVITATION)),
                |accepted| assert_eq!(accepted.accepted_user_id.as_deref(), Some(USER)),
            ),
        row("workos_sessions_list", &[USER])
            .query(&[("limit", "2")])
            .items([
                session(SESSION),
                session("session_01H93ZY4F80QPBEZ1R5B2SHQG9"),
                with(session("session_01H93ZY4F80QPBEZ1R5B2SHQGA"), |it| {
                    it["auth_method"] = json!("webauthn_v2");
                }),
            ])
            .typed(
                params::SessionsListParams::new(USER).limit(2),
                |client, params| client.sessions_list(params),
                |client, params| client.sessions_list_stream(params),
                |page| assert_eq!(page.items[0].status, SessionStatus::Active),
                |items| {
                    let unknown = SessionAuthMethod::Other("webauthn_v2".to_owned());
                    assert_eq!(items[2].auth_method, unknown);
                },
            ),
        row("workos_session_revoke", &[])
            .body(json!({ "session_id": SESSION }))
            .deletes(200, |client| {
                client.session_revoke(params::SessionRevokeParams::new(SESSION))
            }),
        row("workos_organization_membership_deactivate", &[MEMBERSHIP])
            .body(json!({}))
            .answers(with(fx::organization_membership(MEMBERSHIP, USER, ORG), |it| {
                it["status"] = json!("inactive");
            }))
            .typed(
                |client| {
                    client.organization_membership_deactivate(
                        params::OrganizationMembershipDeactivateParams::new(MEMBERSHIP),
                    )
                },
                |membership| {
                    assert_eq!(membership.status, OrganizationMembershipStatus::Inactive)
                },
            ),
        row("workos_organization_membership_reactivate", &[MEMBERSHIP])
            .body(json!({}))
            .answers(fx::organization_membership(MEMBERSHIP, USER, ORG))
            .typed(
                |client| {
                    client.organization_membership_reactivate(
                        params::OrganizationMembershipReactivateParams::new(MEMBERSHIP),
                    )
                },
                |membership| assert_eq!(membership.status, OrganizationMembershipStatus::Active),
            ),
        row("workos_user_get_by_external_id", &["crm-4417"])
            .answers(fx::user(USER, "marcelina.davis@example.com"))
            .typed(
                |client| {
                    client.user_get_by_external_id(params::UserGetByExternalIdParams::new(
                        "crm-4417",
                    ))
                },
                |user| assert_eq!(user.id, USER),
            ),
        row("workos_user_identities_list", &[USER])
            .answers(json!([
                { "idp_id": "4F42ABDE-1E44-4B66-824A-5F733C037A6D", "type": "OAuth", "provider": "GoogleOAuth" },
                { "idp_id": "98765", "type": "OAuth", "provider": "PasskeyOAuth" },
            ]))
            .typed(
                |client| client.user_identities_list(params::UserIdentitiesListParams::new(USER)),
                |identities| {
                    assert_eq!(identities[0].provider, IdentityProvider::GoogleOAuth);
                    let unknown = IdentityProvider::Other("PasskeyOAuth".to_owned());
                    assert_eq!(identities[1].provider, unknown);
                },
            ),
        row("workos_password_reset_create", &[])
            .body(json!({ "email": "marcelina.davis@example.com" }))
            .answers(password_reset())
            .typed(
                |client| {
                    client.password_reset_create(params::PasswordResetCreateParams::new(
                        "marcelina.davis@example.com",
                    ))
                },
                |reset| assert_eq!(reset.password_reset_token.expose_secret(), TOKEN),
            ),
        row("workos_password_reset_get", &[PASSWORD_RESET])
            .answers(password_reset())
            .typed(
                |client| {
                    client.password_reset_get(params::PasswordResetGetParams::new(PASSWORD_RESET))
                },
                |reset| assert_eq!(reset.user_id, USER),
            ),
        row("workos_password_reset_confirm", &[])
            .body(json!({ "token": TOKEN, "new_password": "correct horse battery staple" }))
            .answers(user_answer())
            .typed(
                |client| {
                    client.password_reset_confirm(params::PasswordResetConfirmParams::new(
                        TOKEN,
                        "correct horse battery staple",
                    ))
                },
                |answer| assert_eq!(answer.user.id, USER),
            ),
        row("workos_magic_auth_create", &[])
            .body(json!({ "email": "marcelina.davis@example.com", "ip_address": "192.0.2.1" }))
            .answers(one_time_code("magic_auth", MAGIC_AUTH))
            .typed(
                |client| {
                    client.magic_auth_create(
                        params::MagicAuthCreateParams::new("marcelina.davis@example.com")
                            .ip_address("192.0.2.1"),
                    )
                },
                |magic| assert_eq!(magic.code.expose_secret(), "123456"),
            ),
        row("workos_magic_auth_get", &[MAGIC_AUTH])
            .answers(one_time_code("magic_auth", MAGIC_AUTH))
            .typed(
                |client| client.magic_auth_get(params::MagicAuthGetParams::new(MAGIC_AUTH)),
                |magic| assert_eq!(magic.id, MAGIC_AUTH),
            ),
        row("workos_email_verification_get", &[EMAIL_VERIFICATION])
            .answers(one_time_code("email_verification", EMAIL_VERIFICATION))
            .typed(
                |client| {
                    client.email_verification_get(params::EmailVerificationGetParams::new(
                        EMAIL_VERIFICATION,
                    ))
                },
                |sent| assert_eq!(sent.code.expose_secret(), "123456"),
            ),
        row("workos_user_email_verification_send", &[USER])
            .body(json!({}))
            .answers(user_answer())
            .typed(
                |client| {
                    client.user_email_verification_send(
                        params::UserEmailVerificationSendParams::new(USER),
                    )
                },
                |answer| assert_eq!(answer.user.id, USER),
            ),
        row("workos_user_email_verification_confirm", &[USER])
            .body(json!({ "code": "123456" }))
            .answers(user_answer())
            .typed(
                |client| {
                    client.user_email_verification_confirm(
                        params::UserEmailVerificationConfirmParams::new(USER, "123456"),
                    )
                },
                |answer| assert!(answer.user.email_verified),
            ),
        row("workos_user_email_change_send", &[USER])
            .body(json!({ "new_email": "marcelina@new.example.com" }))
            .answers(json!({
                "object": "email_change",
                "user": fx::user(USER, "marcelina.davis@example.com"),
                "new_email": "marcelina@new.example.com",
                "expires_at": "2026-01-02T00:00:00.000Z",
                "created_at": "2026-01-01T00:00:00.000Z",
            }))
            .typed(
                |client| {
                    client.user_email_change_send(params::UserEmailChangeSendParams::new(
                        USER,
                        "marcelina@new.example.com",
                    ))
                },
                |change| assert_eq!(change.new_email, "marcelina@new.example.com"),
            ),
        row("workos_user_email_change_confirm", &[USER])
            .body(json!({ "code": "123456" }))
            .answers(json!({
                "object": "email_change_confirmation",
                "user": fx::user(USER, "marcelina@new.example.com"),
            }))
            .typed(
                |client| {
                    client.user_email_change_confirm(params::UserEmailChangeConfirmParams::new(
                        USER, "123456",
                    ))
                },
                |confirmed| assert_eq!(confirmed.user.email, "marcelina@new.example.com"),
            ),
        row("workos_user_authenticate", &[])
            .body(json!({
                "grant_type": "urn:workos:oauth:grant-type:magic-auth:code",
                "client_id": CLIENT_ID,
                "code": "123456",
                "email": "marcelina.davis@example.com",
                "ip_address": "192.0.2.1",
            }))
            .answers(json!({
                "user": fx::user(USER, "marcelina.davis@example.com"),
                "organization_id": ORG,
                "access_token": JWT,
                "refresh_token": "yAjhKk123NLIjdrBdGZPf8pLIDvK",
                "authentication_method": "MagicAuth",
            }))
            .typed(
                |client| {
                    client.user_authenticate(
                        params::UserAuthenticateParams::new(
                            AuthenticateGrantType::UrnWorkosOauthGrantTypeMagicAuthCode,
                            CLIENT_ID,
                        )
                        .code("123456")
                        .email("marcelina.davis@example.com")
                        .ip_address("192.0.2.1"),
                    )
                },
                |signed_in| {
                    assert_eq!(signed_in.access_token.expose_secret(), JWT);
                    let method = signed_in.authentication_method;
                    assert_eq!(method, Some(AuthenticationMethod::MagicAuth));
                },
            ),
        row("workos_device_authorization_create", &[])
            .body(json!({ "client_id": CLIENT_ID }))
            .answers(json!({
                "device_code": "CVE2wOfIFK4vhmiDBntpX9s8KT2f0qngpWYL0LGy9HxYgBRXUKIUkZB9BgIFho5h",
                "user_code": "BCDF-GHJK",
                "verification_uri": "https://authkit_domain/device",
                "verification_uri_complete": "https://authkit_domain/device?user_code=BCDF-GHJK",
                "expires_in": 300.0,
                "interval": 5.0,
            }))
            .typed(
                |client| {
                    client.device_authorization_create(
                        params::DeviceAuthorizationCreateParams::new(CLIENT_ID),
                    )
                },
                |device| assert_eq!(device.user_code, "BCDF-GHJK"),
            ),
        row("workos_radar_challenge_send", &[])
            .body(json!({
                "user_id": USER,
                "pending_authentication_token": TOKEN,
                "phone_number": "+15555550123",
            }))
            .answers(json!({ "verification_id": "radar_sms_01", "phone_number": "+15555550123" }))
            .typed(
                |client| {
                    client.radar_challenge_send(params::RadarChallengeSendParams::new(
                        USER,
                        TOKEN,
                        "+15555550123",
                    ))
                },
                |sent| assert_eq!(sent.verification_id, "radar_sms_01"),
            ),
        row("workos_radar_challenge_get", &[RADAR_CHALLENGE])
            .answers(with(one_time_code("radar_challenge", RADAR_CHALLENGE), |it| {
                it["type"] = json!("email");
            }))
            .typed(
                |client| {
                    client.radar_challenge_get(params::RadarChallengeGetParams::new(
                        RADAR_CHALLENGE,
                    ))
                },
                |challenge| assert_eq!(challenge.r#type, RadarChallengeType::Email),
            ),
        row("workos_sso_token_create", &[])
            .body(json!({
                "client_id": CLIENT_ID,
                "client_secret": "sk_test_secret",
                "code": "01E2RJ4C05B52KKZ8FSRDAP23J",
                "grant_type": "authorization_code",
            }))
            .answers(json!({
                "token_type": "Bearer",
                "access_token": "01DMEK0J53CVMC32CK5SE0KZ8Q",
                "expires_in": 600,
                "profile": {
                    "object": "profile",
                    "id": PROFILE,
                    "organization_id": ORG,
                    "connection_id": CONN,
                    "connection_type": "OktaSAML",
                    "idp_id": "00u1a0ufowBJlzPlk357",
                    "email": "marcelina.davis@example.com",
                    "first_name": "Marcelina",
                    "last_name": "Davis",
                    "name": "Marcelina Davis",
                    "raw_attributes": { "department": "Engineering" },
                },
            }))
            .typed(
                |client| {
                    client.sso_token_create(params::SsoTokenCreateParams::new(
                        CLIENT_ID,
                        "sk_test_secret",
                        "01E2RJ4C05B52KKZ8FSRDAP23J",
                        SsoGrantType::AuthorizationCode,
                    ))
                },
                |token| assert_eq!(token.profile.id, PROFILE),
            ),
        row("workos_sso_logout_authorize", &[])
            .body(json!({ "profile_id": PROFILE }))
            .answers(json!({
                "logout_url": "https://auth.workos.com/sso/logout?token=eyJ",
                "logout_token": "eyJ",
            }))
            .typed(
                |client| {
                    client.sso_logout_authorize(params::SsoLogoutAuthorizeParams::new(PROFILE))
                },
                |logout| assert_eq!(logout.logout_token.expose_secret(), "eyJ"),
            ),
        row("workos_sso_jwks_get", &[CLIENT_ID])
            .answers(json!({ "keys": [{
                "alg": "RS256", "kty": "RSA", "use": "sig", "kid": "sso_oidc_key_pair_01",
                "n": "0vx7agoebGcQSuu", "e": "AQAB", "x5c": ["MIIDQjCCAiqgAwIBAgIGATz"],
                "x5t#S256": "ZjQzYjA",
            }]}))
            .typed(
                |client| client.sso_jwks_get(params::SsoJwksGetParams::new(CLIENT_ID)),
                |set| assert_eq!(set.keys[0].kid, "sso_oidc_key_pair_01"),
            ),
        row("workos_authkit_login_complete", &[])
            .body(json!({
                "external_auth_id": "ext_auth_01",
                "user": { "id": "app-user-77", "email": "marcelina.davis@example.com", "first_name": "Marcelina" },
            }))
            .answers(json!({ "redirect_uri": "https://authkit.example.com/oauth2/complete?code=1" }))
            .typed(
                |client| {
                    client.authkit_login_complete(params::AuthkitLoginCompleteParams::new(
                        "ext_auth_01",
                        ExternalUser::new("app-user-77", "marcelina.davis@example.com")
                            .first_name("Marcelina"),
                    ))
                },
                |answer| assert!(answer.redirect_uri.contains("code=1")),
            ),
        row("workos_mfa_factor_enroll", &[])
            .body(json!({ "type": "totp", "totp_issuer": "Foo Corp", "totp_user": "marcelina.davis@example.com" }))
            .answers(fx::authentication_factor(FACTOR, USER))
            .typed(
                |client| {
                    client.mfa_factor_enroll(
                        params::MfaFactorEnrollParams::new(StandaloneFactorType::Totp)
                            .totp_issuer("Foo Corp")
                            .totp_user("marcelina.davis@example.com"),
                    )
                },
                |factor| assert_eq!(factor.id, FACTOR),
            ),
        row("workos_redirect_uris_list", &[])
            .query(&[("limit", "2")])
            .items([
                setting("redirect_uri", REDIRECT_URI, "uri", "https://a.example.com/callback"),
                setting("redirect_uri", "ruri_01HZ9C1K8R2S3T4V5W6X7Y8Z9H", "uri", "https://b.example.com/callback"),
                setting("redirect_uri", "ruri_01HZ9C1K8R2S3T4V5W6X7Y8Z9J", "uri", "https://c.example.com/callback"),
            ])
            .typed(
                params::RedirectUrisListParams::new().limit(2),
                |client, params| client.redirect_uris_list(params),
                |client, params| client.redirect_uris_list_stream(params),
                |page| assert_eq!(page.items[0].uri, "https://a.example.com/callback"),
                |_| {},
            ),
        row("workos_redirect_uri_create", &[])
            .body(json!({ "uri": "https://a.example.com/callback" }))
            .answers(with(
                setting("redirect_uri", REDIRECT_URI, "uri", "https://a.example.com/callback"),
                |it| it["default"] = json!(true),
            ))
            .typed(
                |client| {
                    client.redirect_uri_create(params::RedirectUriCreateParams::new(
                        "https://a.example.com/callback",
                    ))
                },
                |uri| assert!(uri.default),
            ),
        row("workos_redirect_uri_delete", &[REDIRECT_URI]).deletes(204, |client| {
            client.redirect_uri_delete(params::RedirectUriDeleteParams::new(REDIRECT_URI))
        }),
        row("workos_cors_origins_list", &[])
            .query(&[("limit", "2")])
            .items([
                setting("cors_origin", CORS_ORIGIN, "origin", "https://a.example.com"),
                setting("cors_origin", "cors_origin_01HZ9C1K8R2S3T4V5W6X7Y8Z9K", "origin", "https://b.example.com"),
                setting("cors_origin", "cors_origin_01HZ9C1K8R2S3T4V5W6X7Y8Z9M", "origin", "https://c.example.com"),
            ])
            .typed(
                params::CorsOriginsListParams::new().limit(2),
                |client, params| client.cors_origins_list(params),
                |client, params| client.cors_origins_list_stream(params),
                |page| assert_eq!(page.items[1].origin, "https://b.example.com"),
                |_| {},
            ),
        row("workos_cors_origin_create", &[])
            .body(json!({ "origin": "https://a.example.com" }))
            .answers(setting("cors_origin", CORS_ORIGIN, "origin", "https://a.example.com"))
            .typed(
                |client| {
                    client.cors_origin_create(params::CorsOriginCreateParams::new(
                        "https://a.example.com",
                    ))
                },
                |origin| assert_eq!(origin.id, CORS_ORIGIN),
            ),
        row("workos_jwt_template_get", &[])
            .answers(json!({
                "object": "jwt_template",
                "content": "{\"tier\": \"{{ organization.metadata.tier }}\"}",
                "created_at": "2026-01-01T00:00:00.000Z",
                "updated_at": "2026-01-01T00:00:00.000Z",
            }))
            .typed(
                |client| client.jwt_template_get(params::JwtTemplateGetParams::new()),
                |template| assert!(template.content.contains("tier")),
            ),
        row("workos_jwt_template_update", &[])
            .body(json!({ "content": "{}" }))
            .answers(json!({
                "object": "jwt_template",
                "content": "{}",
                "created_at": "2026-01-01T00:00:00.000Z",
                "updated_at": "2026-01-02T00:00:00.000Z",
            }))
            .typed(
                |client| client.jwt_template_update(params::JwtTemplateUpdateParams::new("{}")),
                |template| assert_eq!(template.content, "{}"),
            ),
        row("workos_authorized_applications_list", &[USER])
            .query(&[("limit", "2")])
            .items([
                authorized_application(AUTHORIZED_APP),
                authorized_application(AUTHORIZED_APP_2),
                authorized_application(AUTHORIZED_APP_3),
            ])
            .typed(
                params::AuthorizedApplicationsListParams::new(USER).limit(2),
                |client, params| client.authorized_applications_list(params),
                |client, params| client.authorized_applications_list_stream(params),
                |page| assert_eq!(page.items[0].application.client_id, CLIENT_ID),
                |_| {},
            ),
        row("workos_authorized_application_delete", &[USER, CLIENT_ID]).deletes(204, |client| {
            client.authorized_application_delete(params::AuthorizedApplicationDeleteParams::new(
                USER, CLIENT_ID,
            ))
        }),
        row("workos_widget_token_create", &[])
            .body(json!({ "user_id": USER, "organization_id": ORG, "scopes": ["widgets:users-table:manage"] }))
            .answers(json!({ "token": JWT }))
            .typed(
                |client| {
                    client.widget_token_create(
                        params::WidgetTokenCreateParams::new()
                            .user_id(USER)
                            .organization_id(ORG)
                            .scopes(vec![WidgetScope::WidgetsUsersTableManage]),
                    )
                },
                |token| assert_eq!(token.token.expose_secret(), JWT),
            ),
        row("workos_client_token_create", &[])
            .body(json!({ "organization_id": ORG, "user_id": USER }))
            .answers(json!({ "token": JWT }))
            .typed(
                |client| {
                    client.client_token_create(params::ClientTokenCreateParams::new(ORG, USER))
                },
                |token| assert_eq!(token.token.expose_secret(), JWT),
            ),
    ]
}
