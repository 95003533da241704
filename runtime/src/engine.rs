//! The engine and its one request path.
//!
//! Every entry point (typed call, page, stream, dynamic call, dry run) checks its arguments
//! with `Engine::check` and builds its request with `Engine::build` (`Engine::prepare` does
//! both), and every entry point that sends goes through `Engine::send` (in `send.rs`): write
//! policy, idempotency key, attempts, retries and error mapping live there and nowhere else.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use reqwest::header::{self, HeaderName, HeaderValue};
use serde_json::{Map, Value};

use crate::config::EngineBuilder;
use crate::descriptor::{ActionDescriptor, ApiDescriptor, Endpoint, Method, PaginationDescriptor};
use crate::dry_run::DryRun;
use crate::error::{ArgumentProblem, Error, ProblemKind, Result};
use crate::json::{FromJson, ToJson};
use crate::options::CallOptions;
use crate::paginate::{self, ItemStream, Page};
use crate::policy::WritePolicy;
use crate::request::{self, Prepared};
use crate::response::{RawResponse, decode_one, decode_value};
use crate::retry::RetryConfig;
use crate::validate::{self, Mode};

/// A configured client for one API. Cheap to clone: clones share the HTTP connection pool and
/// configuration. `Debug` never shows the API key.
#[derive(Clone)]
pub struct Engine {
    pub(crate) inner: Arc<Inner>,
    options: Arc<CallOptions>,
}

pub(crate) struct Inner {
    pub api: &'static ApiDescriptor,
    pub client: reqwest::Client,
    pub base_url: String,
    /// The header carrying the key, and its value (the scheme and the key).
    pub auth_header: HeaderName,
    pub auth: HeaderValue,
    /// The header carrying an idempotency key, when the API has one.
    pub idempotency_header: Option<HeaderName>,
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
        let action = self.lookup(name)?;
        route(action)?;
        Ok(action)
    }

    /// The descriptor named `name`, whatever its endpoint.
    fn lookup(&self, name: &str) -> Result<&'static ActionDescriptor> {
        let api = self.inner.api;
        api.action(name).ok_or_else(|| Error::UnknownAction {
            name: name.to_owned(),
            suggestions: validate::suggest(name, api.actions.iter().map(|action| action.name)),
        })
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
    ) -> BoxFuture<'static, Result<RawResponse>> {
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
        let call =
            to_args(action, &params).and_then(|args| self.list_call(action, args, Mode::Typed));
        paginate::stream(call)
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
        let call = json_args(descriptor, args)
            .and_then(|args| self.list_call(descriptor, args, Mode::Dynamic));
        paginate::stream(call)
    }

    /// Checks JSON arguments against the named action without sending anything; a browser
    /// action's are checked as its URL's would be.
    pub fn validate_json(&self, action: &str, args: &Value) -> Result<&'static ActionDescriptor> {
        let descriptor = self.lookup(action)?;
        let Value::Object(map) = args else {
            return Err(not_an_object(descriptor, args));
        };
        match descriptor.endpoint {
            Endpoint::Browser(_) => {
                validate::check_arguments(self.inner.api, descriptor, map, Mode::Dynamic)?
            }
            _ => {
                self.check(descriptor, map, Mode::Dynamic)?;
            }
        }
        Ok(descriptor)
    }

    /// The URL of a browser action (an authorization or logout page) for typed parameters:
    /// checked as a call's arguments are, built on the configured base URL with the protocol's
    /// query encoding, and never sent. The caller redirects the user's browser there.
    pub fn url<P>(&self, action: &'static ActionDescriptor, params: &P) -> Result<String>
    where
        P: ToJson + ?Sized,
    {
        let args = to_args(action, params)?;
        self.browser_url(action, args, Mode::Typed)
    }

    /// The URL of the browser action named `action` for JSON arguments (see [`Engine::url`]).
    pub fn url_json(&self, action: &str, args: Value) -> Result<String> {
        let descriptor = self.lookup(action)?;
        let args = json_args(descriptor, args)?;
        self.browser_url(descriptor, args, Mode::Dynamic)
    }

    fn browser_url(
        &self,
        action: &'static ActionDescriptor,
        args: Map<String, Value>,
        mode: Mode,
    ) -> Result<String> {
        if let Endpoint::Unavailable { .. } = action.endpoint {
            route(action)?;
        }
        let route = browser_route(action)?;
        validate::check_arguments(self.inner.api, action, &args, mode)?;
        Ok(self.build(action, route, args).url)
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
        let inner = &self.inner;
        let mut headers = vec![
            (
                inner.auth_header.as_str().to_owned(),
                inner.api.protocol.auth.value("<redacted>"),
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
        let idempotency = inner.api.protocol.idempotency.as_ref();
        if let (Some(idempotency), Some(name)) = (idempotency, &inner.idempotency_header)
            && idempotency.applies_to(prepared.method)
        {
            let key = self
                .options
                .idempotency_key
                .clone()
                .unwrap_or_else(|| "<fresh UUID, made per call>".to_owned());
            headers.push((name.as_str().to_owned(), key));
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

    /// Builds the request of checked arguments.
    fn build(
        &self,
        action: &'static ActionDescriptor,
        route: Route,
        args: Map<String, Value>,
    ) -> Prepared {
        let arrays = self.inner.api.protocol.query_arrays;
        request::prepare(&self.inner.base_url, action, route, arrays, args)
    }

    /// A checked list call, for a stream to send once per page.
    fn list_call(
        &self,
        action: &'static ActionDescriptor,
        args: Map<String, Value>,
        mode: Mode,
    ) -> Result<ListCall> {
        let route = self.check(action, &args, mode)?;
        Ok(ListCall {
            engine: self.clone(),
            action,
            route,
            args,
        })
    }
}

/// What a stream needs of the engine: a checked list call, sent again with each page's
/// cursor. Its answers are read with [`RawResponse::decode_error`] for what does not decode.
pub(crate) struct ListCall {
    engine: Engine,
    action: &'static ActionDescriptor,
    route: Route,
    args: Map<String, Value>,
}

impl ListCall {
    pub fn action(&self) -> &'static ActionDescriptor {
        self.action
    }

    /// How the API pages its lists.
    pub fn pagination(&self) -> &'static PaginationDescriptor {
        &self.engine.inner.api.pagination
    }

    /// Sends the call for the page at `cursor` (the first page without one).
    pub fn fetch(&self, cursor: Option<&str>) -> BoxFuture<'static, Result<RawResponse>> {
        let mut args = self.args.clone();
        if let Some(cursor) = cursor {
            let cursor_param = self.pagination().cursor_param;
            args.insert(cursor_param.to_owned(), Value::String(cursor.to_owned()));
        }
        let prepared = self.engine.build(self.action, self.route, args);
        let (engine, action) = (self.engine.clone(), self.action);
        Box::pin(async move { engine.send(action, prepared).await })
    }
}

/// Where an available action is served.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Route {
    pub method: Method,
    pub path: &'static str,
    /// Query pairs every URL carries (a browser action's).
    pub fixed: &'static [(&'static str, &'static str)],
}

/// The route of an action, or why it has none (a browser action's is [`browser_route`]).
fn route(action: &'static ActionDescriptor) -> Result<Route> {
    match action.endpoint {
        Endpoint::Http { method, path, .. } => Ok(Route {
            method,
            path,
            fixed: &[],
        }),
        Endpoint::Browser(_) => Err(Error::BrowserOnly {
            action: action.name,
        }),
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

/// The route of a browser action; any other action has a request to send instead.
fn browser_route(action: &'static ActionDescriptor) -> Result<Route> {
    match action.endpoint {
        Endpoint::Browser(browser) => Ok(Route {
            method: Method::Get,
            path: browser.path,
            fixed: browser.fixed,
        }),
        _ => Err(Error::InvalidArguments {
            action: action.name,
            problems: vec![ArgumentProblem {
                kind: ProblemKind::WrongType,
                path: "$".to_owned(),
                message: "this action is a request to send, not a page a browser opens: call it \
                          instead of building its URL"
                    .to_owned(),
            }],
        }),
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
