//! The engine and its one request path.
//!
//! Every entry point (typed call, page, stream, dynamic call, dry run) checks its arguments
//! with `Engine::check` and builds its request with `Engine::build` (`Engine::prepare` does
//! both), and every entry point that sends goes through `Engine::send`: write policy,
//! idempotency key, attempts, retries and error mapping live there and nowhere else.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use std::future::Future;

use bytes::Bytes;
use reqwest::header::{self, HeaderMap, HeaderValue};
use serde_json::{Map, Value};
use tokio::time::Instant;
use tracing::Instrument;

use crate::config::EngineBuilder;
use crate::descriptor::{ActionDescriptor, ApiDescriptor, Endpoint, Method, Returns};
use crate::dry_run::DryRun;
use crate::error::{
    ApiError, ArgumentProblem, Error, FieldError, ProblemKind, Result, TimeoutKind,
};
use crate::json::{self, FromJson, JsonError, ToJson};
use crate::options::CallOptions;
use crate::paginate::{self, ItemStream, Page};
use crate::policy::WritePolicy;
use crate::request::{self, Prepared};
use crate::retry::{self, RetryConfig};
use crate::validate::{self, Mode};

/// Header carrying the idempotency key of a `POST`.
pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";

/// Longest body excerpt kept in an error.
const EXCERPT_CHARS: usize = 300;

/// A configured client for one API. Cheap to clone: clones share the HTTP connection pool and
/// configuration. `Debug` never shows the API key.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
    options: Arc<CallOptions>,
}

pub(crate) struct Inner {
    pub api: &'static ApiDescriptor,
    pub client: reqwest::Client,
    pub base_url: String,
    pub auth: HeaderValue,
    /// Finds the API key in an answer, so a server that echoes it never gets it into an error,
    /// a log line or a result.
    pub key_finder: memchr::memmem::Finder<'static>,
    pub user_agent: HeaderValue,
    pub request_timeout: Duration,
    pub deadline: Option<Duration>,
    pub retry: RetryConfig,
    pub policy: WritePolicy,
    pub log_bodies: bool,
}

impl fmt::Debug for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Engine")
            .field("api", &inner.api.name)
            .field("base_url", &inner.base_url)
            .field("api_key", &"<redacted>")
            .field("user_agent", &inner.user_agent)
            .field("request_timeout", &inner.request_timeout)
            .field("deadline", &inner.deadline)
            .field("retry", &inner.retry)
            .field("policy", &inner.policy)
            .field("options", &self.options)
            .finish()
    }
}

/// A successful answer, before decoding.
pub(crate) struct RawResponse {
    pub status: u16,
    /// The server's request id, when it is text.
    pub request_id: Option<HeaderValue>,
    pub body: Bytes,
}

impl RawResponse {
    /// The server's request id, as text.
    pub fn request_id(&self) -> Option<String> {
        request_id_text(self.request_id.as_ref())
    }
}

fn request_id_text(value: Option<&HeaderValue>) -> Option<String> {
    value
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

/// How one attempt ended.
enum Attempt {
    Done(RawResponse),
    Failed {
        error: Error,
        retryable: bool,
        /// The server's `Retry-After`, when it sent one.
        retry_after: Option<Duration>,
    },
}

impl Engine {
    /// Starts configuring an engine for `api`.
    pub fn builder(api: &'static ApiDescriptor) -> EngineBuilder {
        EngineBuilder::new(api)
    }

    /// An engine configured from the environment: the key from [`ApiDescriptor::api_key_env`],
    /// the base URL from [`ApiDescriptor::base_url_env`] or else the default, everything else
    /// at its default.
    pub fn from_env(api: &'static ApiDescriptor) -> Result<Engine> {
        EngineBuilder::new(api).from_env().build()
    }

    pub(crate) fn from_inner(inner: Arc<Inner>, options: Arc<CallOptions>) -> Self {
        Self { inner, options }
    }

    /// The catalog this engine serves.
    pub fn api(&self) -> &'static ApiDescriptor {
        self.inner.api
    }

    /// The base URL requests go to (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The write policy.
    pub fn write_policy(&self) -> &WritePolicy {
        &self.inner.policy
    }

    /// The per-call options of this clone.
    pub fn options(&self) -> &CallOptions {
        &self.options
    }

    /// A clone whose calls use `options` (connection pool and configuration stay shared).
    pub fn with_options(&self, options: CallOptions) -> Engine {
        Engine {
            inner: Arc::clone(&self.inner),
            options: Arc::new(options),
        }
    }

    /// The callable action with this name, or an error that suggests close names or, for an
    /// unavailable action, names the reason and the alternatives.
    pub fn action(&self, name: &str) -> Result<&'static ActionDescriptor> {
        let api = self.inner.api;
        let action = api.action(name).ok_or_else(|| Error::UnknownAction {
            name: name.to_owned(),
            suggestions: validate::suggest(name, api.actions.iter().map(|action| action.name)),
        })?;
        route(action)?;
        Ok(action)
    }

    /// Calls `action` with typed parameters and decodes its answer (`T = ()` for actions that
    /// answer nothing).
    ///
    /// The parameters are turned into JSON arguments right away; the returned future owns
    /// everything it needs (`'static`, so it can be spawned). Only the decoding is generic, so
    /// each generated method adds little code of its own.
    pub fn call<P, T>(
        &self,
        action: &'static ActionDescriptor,
        params: &P,
    ) -> impl Future<Output = Result<T>> + Send + 'static + use<P, T>
    where
        P: ToJson + ?Sized,
        T: FromJson,
    {
        let sent = self.send_typed(action, to_args(action, params));
        async move {
            match sent.await {
                Ok(raw) => decode_one(action, &raw),
                Err(error) => Err(error),
            }
        }
    }

    /// Fetches one page of a list action. Pass the previous page's
    /// [`next_cursor`](Page::next_cursor) as the cursor parameter to get the next one.
    pub fn page<P, T>(
        &self,
        action: &'static ActionDescriptor,
        params: &P,
    ) -> impl Future<Output = Result<Page<T>>> + Send + 'static + use<P, T>
    where
        P: ToJson + ?Sized,
        T: FromJson,
    {
        let pagination = &self.inner.api.pagination;
        let sent = self.send_typed(action, to_args(action, params));
        async move {
            match sent.await {
                Ok(raw) => paginate::decode(pagination, action, &raw),
                Err(error) => Err(error),
            }
        }
    }

    /// Checks typed arguments and sends them: the part of every typed call that is not generic,
    /// compiled once here rather than in each crate that calls it.
    ///
    /// The sending future is boxed: it holds reqwest's and the retry loop's state (several
    /// KiB), which would otherwise be moved with every typed call's future and held inline by
    /// each of many concurrent calls; one allocation per call costs less.
    fn send_typed(
        &self,
        action: &'static ActionDescriptor,
        args: Result<Map<String, Value>>,
    ) -> futures::future::BoxFuture<'static, Result<RawResponse>> {
        let engine = self.clone();
        let prepared = args.and_then(|args| self.prepare(action, args, Mode::Typed));
        Box::pin(async move { engine.send(action, prepared?).await })
    }

    /// Every item of a list action, page after page, holding one page at a time. The caller's
    /// `limit` parameter sets the page size; cap the total with
    /// [`StreamExt::take`](futures::StreamExt::take) (no page is fetched beyond need). The
    /// stream ends with an error if the server repeats a cursor.
    pub fn stream<P, T>(&self, action: &'static ActionDescriptor, params: P) -> ItemStream<T>
    where
        P: ToJson,
        T: FromJson + Send + 'static,
    {
        let first = to_args(action, &params).and_then(|args| {
            let route = self.check(action, &args, Mode::Typed)?;
            Ok((route, args))
        });
        paginate::stream(self.clone(), action, first)
    }

    /// Calls the action named `action` with JSON arguments, checked against its descriptor
    /// first (every problem reported at once, nothing sent). Answers the response as JSON:
    /// `null` for actions that answer nothing, the whole list envelope for list actions.
    pub async fn call_json(&self, action: &str, args: Value) -> Result<Value> {
        let action = self.action(action)?;
        let args = json_args(action, args)?;
        let prepared = self.prepare(action, args, Mode::Dynamic)?;
        // Boxed, as in typed calls: the sending state stays out of this future.
        let raw = Box::pin(self.send(action, prepared)).await?;
        decode_value(action, &raw)
    }

    /// One page of the list action named `action`, items as JSON.
    pub async fn page_json(&self, action: &str, args: Value) -> Result<Page<Value>> {
        let action = self.action(action)?;
        let args = json_args(action, args)?;
        let prepared = self.prepare(action, args, Mode::Dynamic)?;
        // Boxed, as in typed calls: the sending state stays out of this future.
        let raw = Box::pin(self.send(action, prepared)).await?;
        paginate::decode(&self.inner.api.pagination, action, &raw)
    }

    /// Every item of the list action named `action`, as JSON (see [`Engine::stream`]).
    pub fn stream_json(&self, action: &str, args: Value) -> ItemStream<Value> {
        let descriptor = match self.action(action) {
            Ok(descriptor) => descriptor,
            Err(error) => return paginate::failed(error),
        };
        let first = json_args(descriptor, args).and_then(|args| {
            let route = self.check(descriptor, &args, Mode::Dynamic)?;
            Ok((route, args))
        });
        paginate::stream(self.clone(), descriptor, first)
    }

    /// Checks JSON arguments against the named action without sending anything.
    pub fn validate_json(&self, action: &str, args: &Value) -> Result<&'static ActionDescriptor> {
        let descriptor = self.action(action)?;
        let Value::Object(map) = args else {
            return Err(not_an_object(descriptor, args));
        };
        self.check(descriptor, map, Mode::Dynamic)?;
        Ok(descriptor)
    }

    /// The exact request a typed call would send, without sending it.
    pub fn dry_run<P>(&self, action: &'static ActionDescriptor, params: &P) -> Result<DryRun>
    where
        P: ToJson + ?Sized,
    {
        let args = to_args(action, params)?;
        let prepared = self.prepare(action, args, Mode::Typed)?;
        Ok(self.render(action, prepared))
    }

    /// The exact request a dynamic call would send, without sending it.
    pub fn dry_run_json(&self, action: &str, args: Value) -> Result<DryRun> {
        let action = self.action(action)?;
        let args = json_args(action, args)?;
        let prepared = self.prepare(action, args, Mode::Dynamic)?;
        Ok(self.render(action, prepared))
    }

    fn render(&self, action: &'static ActionDescriptor, prepared: Prepared) -> DryRun {
        let mut headers = vec![
            (
                header::AUTHORIZATION.as_str().to_owned(),
                "Bearer <redacted>".to_owned(),
            ),
            (
                header::USER_AGENT.as_str().to_owned(),
                String::from_utf8_lossy(self.inner.user_agent.as_bytes()).into_owned(),
            ),
            (
                header::ACCEPT.as_str().to_owned(),
                "application/json".to_owned(),
            ),
        ];
        if prepared.body.is_some() {
            headers.push((
                header::CONTENT_TYPE.as_str().to_owned(),
                "application/json".to_owned(),
            ));
        }
        if prepared.method == Method::Post {
            let key = self
                .options
                .idempotency_key
                .clone()
                .unwrap_or_else(|| "<fresh UUID, made per call>".to_owned());
            headers.push((IDEMPOTENCY_KEY_HEADER.to_owned(), key));
        }
        DryRun {
            action: action.name,
            method: prepared.method,
            url: prepared.url,
            headers,
            body: prepared.body,
        }
    }

    /// Refuses unavailable actions and checks the arguments: nothing here does I/O.
    pub(crate) fn check(
        &self,
        action: &'static ActionDescriptor,
        args: &Map<String, Value>,
        mode: Mode,
    ) -> Result<Route> {
        let route = route(action)?;
        validate::check_arguments(self.inner.api, action, args, mode)?;
        Ok(route)
    }

    /// Checks the arguments and builds the request.
    pub(crate) fn prepare(
        &self,
        action: &'static ActionDescriptor,
        args: Map<String, Value>,
        mode: Mode,
    ) -> Result<Prepared> {
        let route = self.check(action, &args, mode)?;
        Ok(self.build(action, route, args))
    }

    /// Builds the request of checked arguments (the stream adds its cursor to them).
    pub(crate) fn build(
        &self,
        action: &'static ActionDescriptor,
        route: Route,
        args: Map<String, Value>,
    ) -> Prepared {
        request::prepare(&self.inner.base_url, action, route.method, route.path, args)
    }

    /// Sends a prepared request: write policy, idempotency key, attempts, retries, errors.
    pub(crate) async fn send(
        &self,
        action: &'static ActionDescriptor,
        prepared: Prepared,
    ) -> Result<RawResponse> {
        let method = prepared.method;
        let span = tracing::info_span!(
            "action",
            action = action.name,
            method = method.as_str(),
            path = action.path().unwrap_or(""),
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        self.send_in_span(action, prepared, span.clone())
            .instrument(span)
            .await
    }

    async fn send_in_span(
        &self,
        action: &'static ActionDescriptor,
        prepared: Prepared,
        span: tracing::Span,
    ) -> Result<RawResponse> {
        let Prepared { method, url, body } = prepared;
        let idempotency_key = self.idempotency_key(method)?;
        self.inner
            .policy
            .enforce(action, method, &url, body.as_ref())
            .await?;
        let body = match &body {
            Some(value) => {
                let bytes = serde_json::to_vec(value).map_err(|error| Error::InvalidArguments {
                    action: action.name,
                    problems: vec![ArgumentProblem {
                        kind: ProblemKind::WrongType,
                        path: "$".to_owned(),
                        message: format!("cannot be written as JSON: {error}"),
                    }],
                })?;
                if self.inner.log_bodies {
                    tracing::trace!(body = %String::from_utf8_lossy(&bytes), "request body");
                }
                Some(Bytes::from(bytes))
            }
            None => None,
        };

        let retry = &self.inner.retry;
        let max_retries = self.options.max_retries.unwrap_or(retry.max_retries);
        let max_retry_after = self
            .options
            .max_retry_after
            .unwrap_or(retry.max_retry_after);
        let request_timeout = self
            .options
            .request_timeout
            .unwrap_or(self.inner.request_timeout);
        let deadline = self.options.deadline.or(self.inner.deadline);
        let safe = retry::safe_to_repeat(action, method);
        let started = Instant::now();
        let http_method = reqwest_method(method);

        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let remaining = match deadline {
                Some(limit) => {
                    let left = limit.saturating_sub(started.elapsed());
                    if left.is_zero() {
                        return Err(Error::Timeout {
                            action: action.name,
                            attempts: attempt - 1,
                            kind: TimeoutKind::Deadline,
                            limit,
                            write_outcome_unknown: action.is_write() && attempt > 1,
                        });
                    }
                    Some(left)
                }
                None => None,
            };
            let (limit, kind) = match (remaining, deadline) {
                (Some(left), Some(total)) if left < request_timeout => {
                    (left, (TimeoutKind::Deadline, total))
                }
                _ => (request_timeout, (TimeoutKind::Request, request_timeout)),
            };

            // The request is put together directly rather than through a `RequestBuilder`,
            // which would merge a second header map into the first.
            // A URL that does not parse fails in `build` below, with reqwest's own error.
            let request = match reqwest::Url::parse(&url) {
                Ok(parsed) => {
                    let mut request = reqwest::Request::new(http_method.clone(), parsed);
                    *request.headers_mut() = self.headers(body.is_some(), idempotency_key.as_ref());
                    if let Some(body) = &body {
                        *request.body_mut() = Some(body.clone().into());
                    }
                    Ok(request)
                }
                Err(_) => self
                    .inner
                    .client
                    .request(http_method.clone(), url.as_str())
                    .build(),
            };
            let exchange = self.exchange(action, request, attempt, safe, request_timeout, &span);
            let outcome = match tokio::time::timeout(limit, exchange).await {
                Ok(outcome) => outcome,
                Err(_) => Attempt::Failed {
                    error: Error::Timeout {
                        action: action.name,
                        attempts: attempt,
                        kind: kind.0,
                        limit: kind.1,
                        write_outcome_unknown: action.is_write(),
                    },
                    retryable: safe && kind.0 == TimeoutKind::Request,
                    retry_after: None,
                },
            };

            let (error, retryable, retry_after) = match outcome {
                Attempt::Done(raw) => return Ok(raw),
                Attempt::Failed {
                    error,
                    retryable,
                    retry_after,
                } => (error, retryable, retry_after),
            };
            if !retryable || attempt > max_retries {
                return Err(error);
            }
            let wait = match retry_after {
                Some(wait) if wait > max_retry_after => {
                    tracing::debug!(?wait, "server asked to wait longer than the cap; giving up");
                    return Err(error);
                }
                Some(wait) => wait,
                None => retry.backoff(attempt - 1),
            };
            if let Some(limit) = deadline
                && started.elapsed() + wait >= limit
            {
                tracing::debug!(?wait, "no time left before the deadline to wait and retry");
                return Err(error);
            }
            tracing::debug!(attempt, ?wait, error = %error, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    /// The idempotency key of a call: one per `POST`, the caller's own or a fresh UUID, sent
    /// with each of its attempts.
    fn idempotency_key(&self, method: Method) -> Result<Option<HeaderValue>> {
        if method != Method::Post {
            return Ok(None);
        }
        let key = match &self.options.idempotency_key {
            Some(key) => HeaderValue::try_from(key.as_str()).map_err(|_| {
                Error::Config(format!(
                    "the idempotency key {key:?} holds characters that cannot go in an HTTP header"
                ))
            })?,
            None => HeaderValue::try_from(uuid::Uuid::new_v4().to_string())
                .map_err(|_| Error::Config("could not make an idempotency key".to_owned()))?,
        };
        Ok(Some(key))
    }

    /// The headers of one attempt.
    fn headers(&self, has_body: bool, idempotency_key: Option<&HeaderValue>) -> HeaderMap {
        let mut headers = HeaderMap::with_capacity(6);
        headers.insert(header::AUTHORIZATION, self.inner.auth.clone());
        headers.insert(header::USER_AGENT, self.inner.user_agent.clone());
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        if has_body {
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
        }
        if let Some(key) = idempotency_key {
            headers.insert(IDEMPOTENCY_KEY_HEADER, key.clone());
        }
        headers
    }

    /// One attempt: send, read the whole answer, classify it.
    async fn exchange(
        &self,
        action: &'static ActionDescriptor,
        request: reqwest::Result<reqwest::Request>,
        attempt: u32,
        safe: bool,
        request_timeout: Duration,
        span: &tracing::Span,
    ) -> Attempt {
        let sent = match request {
            Ok(request) => self.inner.client.execute(request).await,
            Err(error) => Err(error),
        };
        let response = match sent {
            Ok(response) => response,
            Err(source) => {
                return transport_failure(action, source, attempt, safe, request_timeout);
            }
        };
        let status = response.status().as_u16();
        span.record("status", status);
        // Kept as the header value (shared, not copied) until someone asks for it.
        let request_id = response
            .headers()
            .get(self.inner.api.request_id_header)
            .filter(|value| value.to_str().is_ok())
            .cloned();
        if let Some(id) = request_id.as_ref().and_then(|id| id.to_str().ok()) {
            span.record("request_id", id);
        }
        let retry_after_header = response
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let body = match response.bytes().await {
            Ok(body) => redact_key(&self.inner.key_finder, body),
            Err(source) => {
                return transport_failure(action, source, attempt, safe, request_timeout);
            }
        };
        if self.inner.log_bodies {
            tracing::trace!(body = %String::from_utf8_lossy(&body), "response body");
        }
        if (200..300).contains(&status) {
            return Attempt::Done(RawResponse {
                status,
                request_id,
                body,
            });
        }
        let now = SystemTime::now();
        let retry_after = retry_after_header
            .as_deref()
            .and_then(|value| retry::parse_retry_after(value, now));
        let request_id = request_id_text(request_id.as_ref());
        let error = api_error(action, status, request_id, &body, retry_after, now, attempt);
        Attempt::Failed {
            error,
            retryable: retry::retryable_status(status, safe),
            retry_after,
        }
    }
}

fn reqwest_method(method: Method) -> reqwest::Method {
    match method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
    }
}

/// Where an available action is served.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Route {
    pub method: Method,
    pub path: &'static str,
}

/// The route of an action, or why it has none.
fn route(action: &'static ActionDescriptor) -> Result<Route> {
    match action.endpoint {
        Endpoint::Http { method, path, .. } => Ok(Route { method, path }),
        Endpoint::Unavailable {
            reason,
            alternatives,
        } => Err(Error::Unavailable {
            action: action.name,
            reason,
            alternatives,
        }),
    }
}

fn transport_failure(
    action: &'static ActionDescriptor,
    source: reqwest::Error,
    attempt: u32,
    safe: bool,
    request_timeout: Duration,
) -> Attempt {
    // A failed connect sent nothing, so even a non-idempotent write may be repeated.
    let not_sent = source.is_connect();
    let error = if source.is_timeout() {
        Error::Timeout {
            action: action.name,
            attempts: attempt,
            kind: TimeoutKind::Request,
            limit: request_timeout,
            write_outcome_unknown: action.is_write() && !not_sent,
        }
    } else {
        Error::Transport {
            action: action.name,
            attempts: attempt,
            write_outcome_unknown: action.is_write() && !not_sent,
            source,
        }
    };
    Attempt::Failed {
        error,
        retryable: not_sent || safe,
        retry_after: None,
    }
}

/// The JSON object of typed parameters.
fn to_args<P: ToJson + ?Sized>(
    action: &'static ActionDescriptor,
    params: &P,
) -> Result<Map<String, Value>> {
    json_args(action, params.to_json())
}

fn json_args(action: &'static ActionDescriptor, args: Value) -> Result<Map<String, Value>> {
    match args {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        other => Err(not_an_object(action, &other)),
    }
}

fn not_an_object(action: &'static ActionDescriptor, value: &Value) -> Error {
    Error::InvalidArguments {
        action: action.name,
        problems: vec![ArgumentProblem {
            kind: ProblemKind::WrongType,
            path: "$".to_owned(),
            message: format!(
                "the arguments must be a JSON object with one key per parameter, not {}",
                validate::json_kind(value)
            ),
        }],
    }
}

/// Decodes a one-value answer straight from its text. Actions that answer nothing, and empty
/// bodies, decode from `null` so that `T = ()` (and `serde_json::Value`) work.
pub(crate) fn decode_one<T: FromJson>(
    action: &'static ActionDescriptor,
    raw: &RawResponse,
) -> Result<T> {
    // Written with `match` rather than combinators: this is compiled once per answer type.
    let text: &[u8] = if answers_nothing(action, raw) {
        b"null"
    } else {
        &raw.body
    };
    match json::from_slice(text) {
        Ok(answer) => Ok(answer),
        Err(source) => Err(decode_error(action, raw, source)),
    }
}

/// A dynamic call's answer as JSON: `null` for actions that answer nothing and for empty
/// bodies.
fn decode_value(action: &'static ActionDescriptor, raw: &RawResponse) -> Result<Value> {
    if answers_nothing(action, raw) {
        return Ok(Value::Null);
    }
    json::parse(&raw.body).map_err(|source| decode_error(action, raw, source))
}

fn answers_nothing(action: &'static ActionDescriptor, raw: &RawResponse) -> bool {
    matches!(action.returns, Returns::Nothing)
        || raw.body.iter().all(|byte| byte.is_ascii_whitespace())
}

pub(crate) fn decode_error(
    action: &'static ActionDescriptor,
    raw: &RawResponse,
    source: JsonError,
) -> Error {
    Error::Decode {
        action: action.name,
        status: raw.status,
        request_id: raw.request_id(),
        excerpt: excerpt(&raw.body),
        source,
    }
}

/// The body with every occurrence of the API key replaced by `<redacted>`; the body itself
/// (no copy) when the key is not in it, which is always for a well-behaved server.
fn redact_key(finder: &memchr::memmem::Finder<'static>, body: Bytes) -> Bytes {
    let key = finder.needle();
    if key.is_empty() || finder.find(&body).is_none() {
        return body;
    }
    let mut out = Vec::with_capacity(body.len());
    let mut rest = &body[..];
    while let Some(at) = finder.find(rest) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(b"<redacted>");
        rest = &rest[at + key.len()..];
    }
    out.extend_from_slice(rest);
    Bytes::from(out)
}

fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().nth(EXCERPT_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// The typed error for a refusal, with what the server said.
fn api_error(
    action: &'static ActionDescriptor,
    status: u16,
    request_id: Option<String>,
    body: &[u8],
    retry_after: Option<Duration>,
    now: SystemTime,
    attempts: u32,
) -> Error {
    let parsed: Option<Map<String, Value>> = serde_json::from_slice(body).ok();
    let text = |map: &Map<String, Value>, key: &str| {
        map.get(key).and_then(Value::as_str).map(str::to_owned)
    };
    let (message, code, errors) = match &parsed {
        Some(map) => {
            let message = text(map, "message")
                .or_else(|| text(map, "error_description"))
                .or_else(|| text(map, "error"))
                .unwrap_or_default();
            let code = text(map, "code").or_else(|| text(map, "error"));
            let errors = map
                .get("errors")
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(Value::as_object)
                        .map(|item| FieldError {
                            field: text(item, "field"),
                            code: text(item, "code"),
                            message: text(item, "message"),
                        })
                        .collect()
                })
                .unwrap_or_default();
            (message, code, errors)
        }
        None => (excerpt(body), None, Vec::new()),
    };
    let error = Box::new(ApiError {
        action: action.name,
        status,
        code,
        message,
        request_id,
        errors,
        retry_after,
        retry_at: retry_after.and_then(|wait| now.checked_add(wait)),
        attempts,
        write_outcome_unknown: action.is_write() && (status >= 500 || status == 408),
    });
    match status {
        400 | 422 => Error::Validation(error),
        401 => Error::Unauthorized(error),
        403 => Error::Forbidden(error),
        404 => Error::NotFound(error),
        409 => Error::Conflict(error),
        429 => Error::RateLimited(error),
        500..=599 => Error::Server(error),
        _ => Error::UnexpectedStatus(error),
    }
}
