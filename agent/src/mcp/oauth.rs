//! The HTTP server as an OAuth protected resource (RFC 9728), for `--auth-issuer URL`: access
//! tokens from that authorization server (WorkOS AuthKit, or the emulator) are JWTs, verified
//! with the keys its metadata names.
//!
//! * `/.well-known/oauth-protected-resource` (and its `/mcp` path form) names the issuer;
//! * a request without a valid token gets 401 and `WWW-Authenticate: Bearer
//!   resource_metadata="..."`, which is how an MCP client finds where to get a token;
//! * a token is valid when its RS256 signature checks against a key of the issuer's JWKS
//!   (`jwks_uri` from its metadata, cached; fetched again, at most once a second, when a token
//!   names a key id the cache lacks) and its `iss`, `aud` (the resource URL), `exp` and `nbf`
//!   hold;
//! * the token's `sub` is the caller bound into confirmations, and it may write only when its
//!   `permissions` (or its space-separated `scope`) hold the write permission.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};

/// Where the protected resource metadata lives, before the resource's path.
pub const METADATA_PATH: &str = "/.well-known/oauth-protected-resource";

/// The least time between two fetches of the issuer's keys caused by unknown key ids.
const REFETCH_INTERVAL: Duration = Duration::from_secs(1);

/// How far `exp` and `nbf` may be off, for clocks that differ a little.
const LEEWAY_SECONDS: u64 = 30;

/// How long a fetch of the issuer's metadata or keys may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);

/// What the server checks tokens against.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The authorization server's issuer URL (an AuthKit domain, the emulator's base URL).
    pub issuer: String,
    /// This server's resource URL: the audience tokens must name.
    pub resource: String,
    /// The permission (or scope) a token needs to write.
    pub write_permission: String,
}

/// Who a valid token speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The token's `sub`.
    pub subject: String,
    /// The token holds the write permission.
    pub can_write: bool,
}

/// Verifies access tokens; cheap to share.
#[derive(Clone)]
pub struct ResourceServer {
    inner: Arc<Inner>,
}

struct Inner {
    settings: Settings,
    validation: Validation,
    http: reqwest::Client,
    keys: RwLock<HashMap<String, DecodingKey>>,
    /// When the keys were last fetched; held across a fetch so concurrent misses fetch once.
    fetched: tokio::sync::Mutex<Option<Instant>>,
}

impl std::fmt::Debug for ResourceServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResourceServer")
            .field("settings", &self.inner.settings)
            .finish_non_exhaustive()
    }
}

impl ResourceServer {
    /// A resource server for `settings`; nothing is fetched until [`Self::refresh`] or the
    /// first token.
    pub fn new(mut settings: Settings) -> Result<Self, String> {
        settings.issuer = settings.issuer.trim().trim_end_matches('/').to_owned();
        for (flag, url) in [
            ("--auth-issuer", &settings.issuer),
            ("--resource-url", &settings.resource),
        ] {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(format!("{flag} `{url}` is not an http(s) URL"));
            }
        }
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_issuer(&[&settings.issuer]);
        validation.set_audience(&[&settings.resource]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECONDS;
        let http = reqwest::Client::builder()
            .timeout(FETCH_TIMEOUT)
            .build()
            .map_err(|error| format!("could not make an HTTP client: {error}"))?;
        Ok(ResourceServer {
            inner: Arc::new(Inner {
                settings,
                validation,
                http,
                keys: RwLock::new(HashMap::new()),
                fetched: tokio::sync::Mutex::new(None),
            }),
        })
    }

    /// The settings it checks tokens against.
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// The protected resource metadata document (RFC 9728).
    pub fn metadata(&self) -> Value {
        let settings = &self.inner.settings;
        json!({
            "resource": settings.resource,
            "authorization_servers": [settings.issuer],
            "bearer_methods_supported": ["header"],
            "scopes_supported": [settings.write_permission],
        })
    }

    /// The URL of [`Self::metadata`]: the well-known path inserted before the resource's path.
    pub fn metadata_url(&self) -> String {
        let resource = &self.inner.settings.resource;
        let after_scheme = resource.find("://").map_or(0, |index| index + 3);
        let path_start = resource[after_scheme..]
            .find('/')
            .map_or(resource.len(), |index| after_scheme + index);
        let path = resource[path_start..].trim_end_matches('/');
        format!("{}{METADATA_PATH}{path}", &resource[..path_start])
    }

    /// The `WWW-Authenticate` value of a 401.
    pub fn challenge(&self, invalid: bool) -> String {
        let error = if invalid {
            "error=\"invalid_token\", "
        } else {
            ""
        };
        format!(
            "Bearer {error}resource_metadata=\"{}\"",
            self.metadata_url()
        )
    }

    /// Who `token` speaks for, or why it is refused (for the log, never for the client).
    pub async fn verify(&self, token: &str) -> Result<Principal, String> {
        let header = jsonwebtoken::decode_header(token).map_err(|error| error.to_string())?;
        let kid = header.kid.ok_or("the token names no key (kid)")?;
        let key = match self.key(&kid) {
            Some(key) => key,
            None => {
                self.refetch_for(&kid).await?;
                self.key(&kid)
                    .ok_or_else(|| format!("the issuer has no key `{kid}`"))?
            }
        };
        let data = jsonwebtoken::decode::<Value>(token, &key, &self.inner.validation)
            .map_err(|error| error.to_string())?;
        let claims = data.claims;
        let subject = claims["sub"]
            .as_str()
            .filter(|sub| !sub.is_empty())
            .ok_or("the token has no subject")?
            .to_owned();
        let wanted = self.inner.settings.write_permission.as_str();
        let in_permissions = claims["permissions"]
            .as_array()
            .is_some_and(|list| list.iter().any(|p| p.as_str() == Some(wanted)));
        let in_scope = claims["scope"]
            .as_str()
            .is_some_and(|scope| scope.split_whitespace().any(|s| s == wanted));
        Ok(Principal {
            subject,
            can_write: in_permissions || in_scope,
        })
    }

    /// Fetches the issuer's keys now (at start, to report a wrong issuer early).
    pub async fn refresh(&self) -> Result<usize, String> {
        let mut fetched = self.inner.fetched.lock().await;
        let count = self.fetch_keys().await?;
        *fetched = Some(Instant::now());
        Ok(count)
    }

    fn key(&self, kid: &str) -> Option<DecodingKey> {
        self.inner
            .keys
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(kid)
            .cloned()
    }

    /// Fetches the keys again for an unknown `kid`, unless they were fetched very recently.
    async fn refetch_for(&self, kid: &str) -> Result<(), String> {
        let mut fetched = self.inner.fetched.lock().await;
        // Another request may have fetched them while this one waited.
        if self.key(kid).is_some() {
            return Ok(());
        }
        if fetched.is_some_and(|at| at.elapsed() < REFETCH_INTERVAL) {
            return Err(format!("no key `{kid}` (keys fetched moments ago)"));
        }
        let result = self.fetch_keys().await;
        *fetched = Some(Instant::now());
        result.map(|_| ())
    }

    async fn fetch_keys(&self) -> Result<usize, String> {
        let issuer = &self.inner.settings.issuer;
        let metadata = self
            .get_json(&format!("{issuer}/.well-known/oauth-authorization-server"))
            .await?;
        let jwks_uri = metadata["jwks_uri"]
            .as_str()
            .ok_or_else(|| format!("the metadata of {issuer} names no jwks_uri"))?;
        let set: JwkSet = serde_json::from_value(self.get_json(jwks_uri).await?)
            .map_err(|error| format!("{jwks_uri} is not a JWK set: {error}"))?;
        let keys: HashMap<String, DecodingKey> = set
            .keys
            .iter()
            .filter_map(|jwk| {
                let kid = jwk.common.key_id.clone()?;
                DecodingKey::from_jwk(jwk).ok().map(|key| (kid, key))
            })
            .collect();
        let count = keys.len();
        *self.inner.keys.write().unwrap_or_else(|e| e.into_inner()) = keys;
        Ok(count)
    }

    async fn get_json(&self, url: &str) -> Result<Value, String> {
        let response = self
            .inner
            .http
            .get(url)
            .send()
            .await
            .map_err(|error| format!("could not fetch {url}: {error}"))?;
        if !response.status().is_success() {
            return Err(format!("{url} answered {}", response.status()));
        }
        response
            .json()
            .await
            .map_err(|error| format!("{url} did not answer JSON: {error}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(resource: &str) -> ResourceServer {
        ResourceServer::new(Settings {
            issuer: "https://auth.example.com/".to_owned(),
            resource: resource.to_owned(),
            write_permission: "w".to_owned(),
        })
        .unwrap()
    }

    #[test]
    fn the_metadata_url_inserts_the_well_known_path_before_the_resource_path() {
        for (resource, expected) in [
            (
                "http://127.0.0.1:8765/mcp",
                "http://127.0.0.1:8765/.well-known/oauth-protected-resource/mcp",
            ),
            (
                "https://mcp.example.com",
                "https://mcp.example.com/.well-known/oauth-protected-resource",
            ),
            (
                "https://mcp.example.com/",
                "https://mcp.example.com/.well-known/oauth-protected-resource",
            ),
        ] {
            assert_eq!(server(resource).metadata_url(), expected);
        }
        let server = server("http://127.0.0.1:8765/mcp");
        assert_eq!(
            server.metadata()["authorization_servers"][0],
            "https://auth.example.com"
        );
        assert!(server.challenge(true).contains("error=\"invalid_token\""));
    }

    #[test]
    fn urls_must_be_http() {
        let error = ResourceServer::new(Settings {
            issuer: "auth.example.com".to_owned(),
            resource: "http://127.0.0.1/mcp".to_owned(),
            write_permission: "w".to_owned(),
        })
        .unwrap_err();
        assert!(error.contains("--auth-issuer"));
    }
}
