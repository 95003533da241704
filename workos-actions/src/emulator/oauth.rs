//! The emulator as a WorkOS AuthKit authorization server, for tests and demos: the metadata
//! (`/.well-known/oauth-authorization-server`), the signing keys (`/oauth2/jwks`) and the
//! token endpoint (`/oauth2/token`) with the `client_credentials` grant of machine-to-machine
//! applications, the client secret given in the form or by Basic auth.
//!
//! Access tokens are RS256 JWTs as AuthKit's: `iss` is the emulator's base URL, `sub` the
//! client id, `aud` the RFC 8707 `resource` asked for, and `permissions` the application's.
//! The RSA key is drawn when first needed; [`AuthKit::rotate`] draws another (the JWKS then
//! publishes both), as a key rotation would.

use std::sync::{Arc, RwLock, RwLockReadGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize, PublicKeyComponents};
use aws_lc_rs::signature::KeyPair as _;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

/// The permission the demo's writer application holds, and `workos-actions mcp` asks for to
/// write (its `--write-permission` default).
pub const WRITE_PERMISSION: &str = "workos-actions:write";

/// How long an access token lasts, in seconds.
const TOKEN_LIFETIME: u64 = 3600;

/// A machine-to-machine application: its credentials and permissions.
#[derive(Debug, Clone)]
pub struct Application {
    pub client_id: String,
    pub client_secret: String,
    pub permissions: Vec<String>,
}

impl Application {
    pub fn new(client_id: &str, client_secret: &str, permissions: &[&str]) -> Self {
        Application {
            client_id: client_id.to_owned(),
            client_secret: client_secret.to_owned(),
            permissions: permissions.iter().map(|p| (*p).to_owned()).collect(),
        }
    }
}

/// The demo seed's applications: a writer holding [`WRITE_PERMISSION`], a reader without it.
pub fn demo_applications() -> Vec<Application> {
    vec![
        Application::new(
            "client_demo_writer",
            "demo-writer-secret",
            &[WRITE_PERMISSION],
        ),
        Application::new("client_demo_reader", "demo-reader-secret", &[]),
    ]
}

/// The authorization server's state: its applications and signing keys.
pub struct AuthKit {
    applications: Vec<Application>,
    /// Every key drawn, the newest last (it signs); all are published.
    keys: RwLock<Vec<SigningKey>>,
}

impl std::fmt::Debug for AuthKit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let clients: Vec<&str> = self
            .applications
            .iter()
            .map(|app| app.client_id.as_str())
            .collect();
        f.debug_struct("AuthKit")
            .field("applications", &clients)
            .finish_non_exhaustive()
    }
}

struct SigningKey {
    kid: String,
    encoding: EncodingKey,
    jwk: Value,
}

impl SigningKey {
    fn draw() -> SigningKey {
        let pair = KeyPair::generate(KeySize::Rsa2048).expect("an RSA key is drawn");
        let pkcs8 = pair.as_der().expect("an RSA key has a PKCS#8 form");
        let pem = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            STANDARD.encode(pkcs8.as_ref())
        );
        let encoding =
            EncodingKey::from_rsa_pem(pem.as_bytes()).expect("a drawn key reads back as PEM");
        let public = PublicKeyComponents::<Vec<u8>>::from(pair.public_key());
        let kid = format!("key_{}", super::token(20));
        let jwk = json!({
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": kid,
            "n": URL_SAFE_NO_PAD.encode(&public.n),
            "e": URL_SAFE_NO_PAD.encode(&public.e),
        });
        SigningKey { kid, encoding, jwk }
    }
}

impl AuthKit {
    /// An authorization server for `applications`.
    pub fn new(applications: Vec<Application>) -> Arc<AuthKit> {
        Arc::new(AuthKit {
            applications,
            keys: RwLock::new(Vec::new()),
        })
    }

    /// Draws a new signing key: tokens from now on name it; the JWKS keeps the old ones.
    pub fn rotate(&self) {
        let key = SigningKey::draw();
        self.keys
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .push(key);
    }

    /// `claims` signed with the current key, as a token of this server (tests make expired or
    /// otherwise wrong tokens with it).
    pub fn sign(&self, claims: &Value) -> String {
        let keys = self.keys();
        let key = keys.last().expect("keys() draws one when there is none");
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(key.kid.clone());
        jsonwebtoken::encode(&header, claims, &key.encoding).expect("claims in JSON sign")
    }

    /// The routes to serve beside the API's.
    pub fn routes(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/.well-known/oauth-authorization-server", get(metadata))
            .route("/.well-known/openid-configuration", get(metadata))
            .route("/oauth2/jwks", get(jwks))
            .route("/oauth2/token", post(token))
            .with_state(Arc::clone(self))
    }

    pub(super) fn jwks(&self) -> Value {
        let keys = self.keys();
        json!({ "keys": keys.iter().map(|key| key.jwk.clone()).collect::<Vec<_>>() })
    }

    /// The keys, the first one drawn now when there is none yet.
    fn keys(&self) -> RwLockReadGuard<'_, Vec<SigningKey>> {
        {
            let mut keys = self.keys.write().unwrap_or_else(|e| e.into_inner());
            if keys.is_empty() {
                keys.push(SigningKey::draw());
            }
        }
        self.keys.read().unwrap_or_else(|e| e.into_inner())
    }

    fn application(&self, client_id: &str, secret: &str) -> Option<&Application> {
        self.applications
            .iter()
            .find(|app| app.client_id == client_id && app.client_secret == secret)
    }
}

/// The issuer: the emulator's own base URL, as the client reached it.
fn issuer(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

async fn metadata(headers: HeaderMap) -> Response {
    let issuer = issuer(&headers);
    axum::Json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/oauth2/authorize"),
        "token_endpoint": format!("{issuer}/oauth2/token"),
        "jwks_uri": format!("{issuer}/oauth2/jwks"),
        "grant_types_supported": ["client_credentials"],
        "response_types_supported": ["code"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "code_challenge_methods_supported": ["S256"],
    }))
    .into_response()
}

async fn jwks(State(authkit): State<Arc<AuthKit>>) -> Response {
    axum::Json(authkit.jwks()).into_response()
}

async fn token(State(authkit): State<Arc<AuthKit>>, headers: HeaderMap, body: Bytes) -> Response {
    let form: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let field = |name: &str| {
        form.iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    };
    if field("grant_type").as_deref() != Some("client_credentials") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "only client_credentials is served here",
        );
    }
    let Some((client_id, secret)) =
        basic_credentials(&headers).or_else(|| field("client_id").zip(field("client_secret")))
    else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "client credentials are missing",
        );
    };
    let Some(application) = authkit.application(&client_id, &secret) else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "unknown client or wrong secret",
        );
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let mut claims = json!({
        "iss": issuer(&headers),
        "sub": application.client_id,
        "iat": now,
        "nbf": now,
        "exp": now + TOKEN_LIFETIME,
        "jti": super::token(24),
        "permissions": application.permissions,
        "scope": application.permissions.join(" "),
    });
    if let Some(resource) = field("resource") {
        claims["aud"] = resource.into();
    }
    axum::Json(json!({
        "access_token": authkit.sign(&claims),
        "token_type": "Bearer",
        "expires_in": TOKEN_LIFETIME,
        "scope": application.permissions.join(" "),
    }))
    .into_response()
}

/// `client_id:client_secret` from `Authorization: Basic`, form-decoded as RFC 6749 says.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))?;
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let decode = |part: &str| {
        form_urlencoded::parse(format!("v={part}").as_bytes())
            .next()
            .map(|(_, value)| value.into_owned())
    };
    Some((decode(id)?, decode(secret)?))
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        axum::Json(json!({"error": error, "error_description": description})),
    )
        .into_response()
}
