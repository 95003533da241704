//! Building an engine: key, base URL, user agent, HTTP client, timeouts, retries, write policy.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use crate::descriptor::ApiDescriptor;
use crate::engine::{Engine, Inner};
use crate::error::{Error, Result};
use crate::options::CallOptions;
use crate::policy::WritePolicy;
use crate::retry::RetryConfig;

/// Default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for one attempt, from sending to the end of the answer's body.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// The user agent sent unless the builder names another: `actionspec-runtime/<version>`.
pub const DEFAULT_USER_AGENT: &str =
    concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Configures an [`Engine`]. Start from [`Engine::builder`].
pub struct EngineBuilder {
    api: &'static ApiDescriptor,
    api_key: Option<String>,
    base_url: Option<String>,
    user_agent: Option<String>,
    client: Option<reqwest::Client>,
    connect_timeout: Duration,
    request_timeout: Duration,
    deadline: Option<Duration>,
    retry: RetryConfig,
    policy: WritePolicy,
    log_bodies: bool,
    read_env: bool,
}

impl fmt::Debug for EngineBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EngineBuilder")
            .field("api", &self.api.name)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("user_agent", &self.user_agent)
            .field("custom_client", &self.client.is_some())
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("deadline", &self.deadline)
            .field("retry", &self.retry)
            .field("policy", &self.policy)
            .field("log_bodies", &self.log_bodies)
            .finish()
    }
}

impl EngineBuilder {
    pub(crate) fn new(api: &'static ApiDescriptor) -> Self {
        Self {
            api,
            api_key: None,
            base_url: None,
            user_agent: None,
            client: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            deadline: None,
            retry: RetryConfig::default(),
            policy: WritePolicy::Allow,
            log_bodies: false,
            read_env: false,
        }
    }

    /// The API key. Without it, [`build`](Self::build) reads the variable named by
    /// [`ApiDescriptor::api_key_env`] when [`from_env`](Self::from_env) was asked for.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Fill what was not set explicitly from the environment: the key from
    /// [`ApiDescriptor::api_key_env`], the base URL from [`ApiDescriptor::base_url_env`].
    pub fn from_env(mut self) -> Self {
        self.read_env = true;
        self
    }

    /// The base URL (default [`ApiDescriptor::default_base_url`]); loopback emulators and tests
    /// set it.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The `User-Agent` header (default [`DEFAULT_USER_AGENT`]).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = Some(agent.into());
        self
    }

    /// Send through the caller's own client (proxies, TLS settings, connection pool). The
    /// engine's connect timeout then does not apply: configure it on that client.
    pub fn client(mut self, client: reqwest::Client) -> Self {
        self.client = Some(client);
        self
    }

    /// Time allowed to open a connection (default [`DEFAULT_CONNECT_TIMEOUT`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for one attempt (default [`DEFAULT_REQUEST_TIMEOUT`]).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Time allowed for a whole call, retries and waits included (default: none; each attempt
    /// is still bounded by the request timeout and the number of retries).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Retry settings (default [`RetryConfig::default`]).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// How many times a failed attempt may be retried (shorthand for the retry setting).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// The write policy (default [`WritePolicy::Allow`]).
    pub fn write_policy(mut self, policy: WritePolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Log request and response bodies as `trace` events. Off by default: bodies hold
    /// customer data. The key is never logged.
    pub fn log_bodies(mut self, on: bool) -> Self {
        self.log_bodies = on;
        self
    }

    /// Checks the configuration and builds the engine.
    pub fn build(self) -> Result<Engine> {
        let api = self.api;
        let env = |name: &str| {
            if self.read_env && !name.is_empty() {
                std::env::var(name)
                    .ok()
                    .filter(|value| !value.trim().is_empty())
            } else {
                None
            }
        };
        let api_key = match self.api_key.clone().or_else(|| env(api.api_key_env)) {
            Some(key) => key,
            None => {
                return Err(Error::Config(format!(
                    "no API key: pass one to the builder's `api_key` or set {}",
                    api.api_key_env
                )));
            }
        };
        let protocol = &api.protocol;
        let mut auth =
            HeaderValue::try_from(protocol.auth.value(api_key.trim())).map_err(|_| {
                Error::Config(
                    "the API key holds characters that cannot go in an HTTP header".to_owned(),
                )
            })?;
        auth.set_sensitive(true);
        let auth_header = header_name(protocol.auth.header)?;
        let idempotency_header = match &protocol.idempotency {
            Some(idempotency) => Some(header_name(idempotency.header)?),
            None => None,
        };
        let key_finder = memchr::memmem::Finder::new(api_key.trim().as_bytes()).into_owned();

        let base_url = self
            .base_url
            .clone()
            .or_else(|| env(api.base_url_env))
            .unwrap_or_else(|| api.default_base_url.to_owned());
        let parsed = reqwest::Url::parse(&base_url).map_err(|error| {
            Error::Config(format!("base URL `{base_url}` is not a URL: {error}"))
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.query().is_some() {
            return Err(Error::Config(format!(
                "base URL `{base_url}` must be an http(s) URL without a query"
            )));
        }
        let base_url = base_url.trim_end_matches('/').to_owned();

        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        let user_agent = HeaderValue::try_from(user_agent).map_err(|_| {
            Error::Config(format!(
                "user agent `{user_agent}` cannot go in an HTTP header"
            ))
        })?;

        let client = match self.client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .build()
                .map_err(|error| {
                    Error::Config(format!("could not build the HTTP client: {error}"))
                })?,
        };

        Ok(Engine::from_inner(
            Arc::new(Inner {
                api,
                client,
                base_url,
                auth_header,
                auth,
                idempotency_header,
                key_finder,
                user_agent,
                request_timeout: self.request_timeout,
                deadline: self.deadline,
                retry: self.retry,
                policy: self.policy,
                log_bodies: self.log_bodies,
            }),
            Arc::new(CallOptions::default()),
        ))
    }
}

/// A header name of the catalog's protocol, checked once here rather than on every call.
fn header_name(name: &str) -> Result<HeaderName> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::Config(format!("`{name}` is not an HTTP header name")))
}
