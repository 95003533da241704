//! The HTTP side: one axum route per available action, and the steps every request goes
//! through (auth, rate limit, faults, reading and checking the arguments, idempotent replay,
//! then the action's handler).

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::sync::{Arc, Mutex, RwLock};

use actionspec_runtime::{
    ActionDescriptor, ApiDescriptor, BrowserDescriptor, Endpoint, Method, Operation,
};
use axum::Router;
use axum::extract::{RawPathParams, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use axum::routing::{MethodFilter, MethodRouter};
use bytes::Bytes;
use serde_json::{Map, Value};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::arguments::{check_arguments, read_arguments};
use crate::failure::Failure;
use crate::faults::{Fault, FaultRule, Faults};
use crate::limits::{Limiter, RateLimit};
use crate::response::{dropped, error_response, malformed, reply_response};
use crate::seed::load_seed;
use crate::store::{Call, Reply, Store, success_status};
use crate::webhooks::{
    Delivery, DeliveryObserver, DeliveryOptions, WebhookEndpoint, WebhookSetupError, Webhooks,
};

/// A custom handler: serves one action in place of the generic behaviour, with the store
/// locked for it. It may adjust the call and hand it to [`Store::perform`].
pub type Handler = Arc<dyn Fn(&mut Store, &Call) -> Result<Reply, Failure> + Send + Sync>;

/// An emulator to configure, then start.
pub struct Emulator {
    api: &'static ApiDescriptor,
    api_key: Option<String>,
    handlers: HashMap<&'static str, Handler>,
    seeds: Vec<Value>,
    limits: Vec<(Option<String>, RateLimit)>,
    faults: Vec<FaultRule>,
    webhooks: Vec<WebhookEndpoint>,
    delivery: DeliveryOptions,
    delivery_observer: Option<DeliveryObserver>,
    /// Served beside the catalog's routes.
    extra_routes: Router,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("api", &self.api.name)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("handlers", &self.handlers.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// Why an emulator could not be set up.
#[derive(Debug)]
pub enum SetupError {
    /// A handler or limit names an action the catalog does not have (or that is unavailable).
    UnknownAction(String),
    /// Seed data that does not fit the catalog.
    Seed(String),
    /// A webhook endpoint that cannot be delivered to.
    Webhook(WebhookSetupError),
    /// The address could not be bound.
    Io(io::Error),
}

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetupError::UnknownAction(name) => {
                write!(f, "`{name}` is not an available action of the catalog")
            }
            SetupError::Seed(message) => write!(f, "seed data: {message}"),
            SetupError::Webhook(error) => write!(f, "webhook endpoint: {error}"),
            SetupError::Io(error) => write!(f, "could not start the emulator: {error}"),
        }
    }
}

impl std::error::Error for SetupError {}

impl From<io::Error> for SetupError {
    fn from(error: io::Error) -> Self {
        SetupError::Io(error)
    }
}

impl Emulator {
    /// An emulator of every available action of `api`, with no data.
    pub fn new(api: &'static ApiDescriptor) -> Emulator {
        Emulator {
            api,
            api_key: None,
            handlers: HashMap::new(),
            seeds: Vec::new(),
            limits: Vec::new(),
            faults: Vec::new(),
            webhooks: Vec::new(),
            delivery: DeliveryOptions::default(),
            delivery_observer: None,
            extra_routes: Router::new(),
        }
    }

    /// Routes served beside the catalog's, as they are (no API key, rate limit or fault):
    /// what the API's host serves outside the catalog, such as an authorization server.
    pub fn routes(mut self, routes: Router) -> Emulator {
        self.extra_routes = self.extra_routes.merge(routes);
        self
    }

    /// Accept only this API key (otherwise any key with the catalog's key prefix).
    pub fn api_key(mut self, key: impl Into<String>) -> Emulator {
        self.api_key = Some(key.into());
        self
    }

    /// Serve `action` with `handler` instead of the generic behaviour.
    pub fn handler(
        mut self,
        action: &'static str,
        handler: impl Fn(&mut Store, &Call) -> Result<Reply, Failure> + Send + Sync + 'static,
    ) -> Emulator {
        self.handlers.insert(action, Arc::new(handler));
        self
    }

    /// Objects to load at start: `{"ModelName": [{field: value, ...}, ...], ...}`. Ids and
    /// timestamps given are kept; missing ones are made.
    pub fn seed(mut self, data: Value) -> Emulator {
        self.seeds.push(data);
        self
    }

    /// A rate limit for one action, or for all of them together with `None`.
    pub fn rate_limit(mut self, action: Option<&str>, limit: RateLimit) -> Emulator {
        self.limits.push((action.map(str::to_owned), limit));
        self
    }

    /// Fails calls of one action (or of all) at random from the start; see [`Faults::rate`].
    pub fn fault(mut self, rule: FaultRule) -> Emulator {
        self.faults.push(rule);
        self
    }

    /// Delivers every event recorded from the start (seed data excluded) to `endpoint`.
    pub fn webhook(mut self, endpoint: WebhookEndpoint) -> Emulator {
        self.webhooks.push(endpoint);
        self
    }

    /// How webhooks are delivered: tries, waits, timeout, remote endpoints.
    pub fn webhook_delivery(mut self, options: DeliveryOptions) -> Emulator {
        self.delivery = options;
        self
    }

    /// Calls `observer` with every finished webhook delivery (delivered or failed).
    pub fn on_webhook_delivery(
        mut self,
        observer: impl Fn(&Delivery) + Send + Sync + 'static,
    ) -> Emulator {
        self.delivery_observer = Some(Arc::new(observer));
        self
    }

    /// The shared state, and the webhook endpoints to register once a runtime runs.
    fn build(mut self) -> Result<(Arc<Shared>, Vec<WebhookEndpoint>), SetupError> {
        let endpoints = std::mem::take(&mut self.webhooks);
        let available = |name: &str| {
            self.api
                .action(name)
                .is_some_and(ActionDescriptor::is_available)
        };
        for name in self.handlers.keys() {
            if !available(name) {
                return Err(SetupError::UnknownAction((*name).to_owned()));
            }
        }
        let limiter = Limiter::default();
        for (action, limit) in &self.limits {
            if let Some(name) = action
                && !available(name)
            {
                return Err(SetupError::UnknownAction(name.clone()));
            }
            limiter.set(action.as_deref(), Some(*limit));
        }
        let faults = Faults::default();
        for rule in &self.faults {
            if let Some(name) = &rule.action
                && !available(name)
            {
                return Err(SetupError::UnknownAction(name.clone()));
            }
            faults.rate(rule.action.as_deref(), rule.fault, rule.probability);
        }
        let mut store = Store::new(self.api);
        for seed in &self.seeds {
            load_seed(&mut store, seed).map_err(SetupError::Seed)?;
        }
        store
            .webhooks()
            .configure(self.delivery, self.delivery_observer);
        let shared = Arc::new(Shared {
            api: self.api,
            api_key: self.api_key,
            handlers: self.handlers,
            store: RwLock::new(store),
            limiter,
            faults,
            replays: Mutex::new(HashMap::new()),
        });
        Ok((shared, endpoints))
    }

    /// Serves on `addr` (`127.0.0.1:0` picks a free port) from a task of the current tokio
    /// runtime, until the returned handle is stopped or dropped.
    pub async fn spawn(mut self, addr: &str) -> Result<Running, SetupError> {
        let extra_routes = std::mem::take(&mut self.extra_routes);
        let (shared, endpoints) = self.build()?;
        start_webhooks(&shared, tokio::runtime::Handle::current(), endpoints)?;
        let listener = TcpListener::bind(addr).await?;
        let base_url = base_url(&listener)?;
        write_store(&shared).set_base_url(base_url.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let app = router(shared.clone()).merge(extra_routes);
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Running {
            base_url,
            shared,
            stop: Some(stop),
            thread: None,
            task: Some(task),
        })
    }

    /// Serves on `addr` from a thread of its own with its own runtime, so any caller (a
    /// test, a bench, a synchronous program) can start one; stops when the handle is dropped.
    pub fn start(mut self, addr: &str) -> Result<Running, SetupError> {
        let extra_routes = std::mem::take(&mut self.extra_routes);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let (shared, endpoints) = self.build()?;
        start_webhooks(&shared, runtime.handle().clone(), endpoints)?;
        // Bound here, without the runtime, so that a caller inside another runtime can start one.
        let listener = std::net::TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let base_url = format!("http://{}", listener.local_addr()?);
        write_store(&shared).set_base_url(base_url.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let app = router(shared.clone()).merge(extra_routes);
        let thread = std::thread::Builder::new()
            .name("emulator".to_owned())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = TcpListener::from_std(listener) else {
                        return;
                    };
                    let _ = axum::serve(listener, app)
                        .with_graceful_shutdown(async move {
                            let _ = stopped.await;
                        })
                        .await;
                });
            })?;
        Ok(Running {
            base_url,
            shared,
            stop: Some(stop),
            thread: Some(thread),
            task: None,
        })
    }
}

/// Starts the webhook deliveries on `runtime` and registers the endpoints given at start.
fn start_webhooks(
    shared: &Shared,
    runtime: tokio::runtime::Handle,
    endpoints: Vec<WebhookEndpoint>,
) -> Result<(), SetupError> {
    let webhooks = write_store(shared).webhooks().clone();
    webhooks.attach(runtime);
    for endpoint in endpoints {
        webhooks.add(endpoint).map_err(SetupError::Webhook)?;
    }
    Ok(())
}

fn base_url(listener: &TcpListener) -> io::Result<String> {
    let address = listener.local_addr()?;
    Ok(format!("http://{address}"))
}

/// A running emulator. Dropping it stops the server.
pub struct Running {
    base_url: String,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl std::fmt::Debug for Running {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Running")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl Running {
    /// `http://127.0.0.1:PORT`: what a client's base URL is set to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The fault rules; change them at any time.
    pub fn faults(&self) -> &Faults {
        &self.shared.faults
    }

    /// Sets (or removes) a rate limit of one action, or of all with `action: None`.
    pub fn set_rate_limit(&self, action: Option<&str>, limit: Option<RateLimit>) {
        self.shared.limiter.set(action, limit);
    }

    /// The webhook endpoints: add, enable, disable or remove one while running, and read
    /// what was delivered.
    pub fn webhooks(&self) -> Webhooks {
        self.with_store(|store| store.webhooks().clone())
    }

    /// Reads the data directly, for checks and inspection.
    pub fn with_store<R>(&self, read: impl FnOnce(&Store) -> R) -> R {
        let store = self
            .shared
            .store
            .read()
            .unwrap_or_else(|poison| poison.into_inner());
        read(&store)
    }

    /// Waits until the server stops (for a program that only serves).
    pub async fn wait(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Stops the server and waits for it.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.shutdown();
    }
}

struct Shared {
    api: &'static ApiDescriptor,
    api_key: Option<String>,
    handlers: HashMap<&'static str, Handler>,
    store: RwLock<Store>,
    limiter: Limiter,
    faults: Faults,
    /// Idempotency key -> the request it was first used with, and the answer.
    replays: Mutex<HashMap<String, Replay>>,
}

/// The request an idempotency key was first used with (action and arguments), and its answer.
type Replay = (String, Result<Reply, Failure>);

fn write_store(shared: &Shared) -> std::sync::RwLockWriteGuard<'_, Store> {
    shared
        .store
        .write()
        .unwrap_or_else(|poison| poison.into_inner())
}

fn router(shared: Arc<Shared>) -> Router {
    let mut routes: BTreeMap<&'static str, MethodRouter<Arc<Shared>>> = BTreeMap::new();
    for action in shared.api.actions.iter().copied() {
        let (Some(method), Some(path)) = (action.method(), action.path()) else {
            continue;
        };
        let filter = match method {
            Method::Get => MethodFilter::GET,
            Method::Post => MethodFilter::POST,
            Method::Put => MethodFilter::PUT,
            Method::Patch => MethodFilter::PATCH,
            Method::Delete => MethodFilter::DELETE,
        };
        let entry = routes.remove(path).unwrap_or_default();
        let entry = if path.contains('{') {
            entry.on(
                filter,
                move |State(shared): State<Arc<Shared>>,
                      params: RawPathParams,
                      RawQuery(query): RawQuery,
                      headers: HeaderMap,
                      body: Bytes| async move {
                    let params = params
                        .iter()
                        .map(|(name, value)| (name.to_owned(), value.to_owned()))
                        .collect();
                    respond(shared, action, params, query, headers, body).await
                },
            )
        } else {
            entry.on(
                filter,
                move |State(shared): State<Arc<Shared>>,
                      RawQuery(query): RawQuery,
                      headers: HeaderMap,
                      body: Bytes| async move {
                    respond(shared, action, Vec::new(), query, headers, body).await
                },
            )
        };
        routes.insert(path, entry);
    }
    let mut router = Router::new();
    for (path, entry) in routes {
        router = router.route(path, entry);
    }
    let protocol = &shared.api.protocol;
    router
        .fallback(move || async move { error_response(protocol, &Failure::no_route()) })
        .with_state(shared)
}

async fn respond(
    shared: Arc<Shared>,
    action: &'static ActionDescriptor,
    path: Vec<(String, String)>,
    query: Option<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let protocol = &shared.api.protocol;
    let answered = if let Endpoint::Browser(browser) = action.endpoint {
        browser_answer(&shared, action, browser, path, query.as_deref())
    } else {
        answer(&shared, action, path, query, &headers, body).await
    };
    let mut response = match answered {
        Ok(Answer::Reply(reply)) => reply_response(reply),
        Ok(Answer::Broken(response)) => response,
        Err(failure) => error_response(protocol, &failure),
    };
    let request_id = format!("{}{}", protocol.request_id_prefix, ulid::Ulid::new());
    if let (Ok(name), Ok(value)) = (
        header::HeaderName::try_from(shared.api.request_id_header),
        HeaderValue::try_from(request_id),
    ) {
        response.headers_mut().insert(name, value);
    }
    response
}

enum Answer {
    Reply(Reply),
    /// A fault's answer: a dropped connection or a body that is not JSON.
    Broken(Response),
}

async fn answer(
    shared: &Shared,
    action: &'static ActionDescriptor,
    path: Vec<(String, String)>,
    query: Option<String>,
    headers: &HeaderMap,
    body: Bytes,
) -> Result<Answer, Failure> {
    authorize(shared, headers)?;
    shared
        .limiter
        .admit(action.name)
        .map_err(Failure::rate_limited)?;
    match shared.faults.draw(action.name) {
        Some(Fault::Status(status)) => return Err(fault_failure(status)),
        Some(Fault::Slow(delay)) => tokio::time::sleep(delay).await,
        Some(Fault::Drop) => return Ok(Answer::Broken(dropped())),
        Some(Fault::MalformedJson) => return Ok(Answer::Broken(malformed(action))),
        None => {}
    }
    let protocol = &shared.api.protocol;
    let args = read_arguments(action, protocol.query_arrays, path, query.as_deref(), &body)?;
    check_arguments(shared.api, action, &args)?;
    let call = Call { action, args };
    let key = protocol
        .idempotency
        .as_ref()
        .filter(|idempotency| {
            action
                .method()
                .is_some_and(|method| idempotency.applies_to(method))
        })
        .and_then(|idempotency| headers.get(idempotency.header))
        .and_then(|key| key.to_str().ok())
        .filter(|key| !key.is_empty())
        .map(str::to_owned);
    let Some(key) = key else {
        return execute(shared, &call).map(Answer::Reply);
    };
    let fingerprint = format!("{} {}", action.name, Value::Object(call.args.clone()));
    // The key's lookup and the call happen under one lock, so two requests racing with one
    // key do the write once. Writes are serialized by the store's lock anyway.
    let mut replays = shared
        .replays
        .lock()
        .unwrap_or_else(|poison| poison.into_inner());
    if let Some((first, outcome)) = replays.get(&key) {
        return if *first == fingerprint {
            outcome.clone().map(Answer::Reply)
        } else {
            Err(Failure::idempotency_conflict())
        };
    }
    let outcome = execute(shared, &call);
    replays.insert(key, (fingerprint, outcome.clone()));
    outcome.map(Answer::Reply)
}

/// A page the browser opens: no API key (a browser has none), no store. Its arguments are
/// checked as a call's are; then the browser is sent back to the action's `redirect_param` (an
/// authorization adds a fresh `code` and the `state` it was given), or, with no way back, the
/// page answers 200.
fn browser_answer(
    shared: &Shared,
    action: &'static ActionDescriptor,
    browser: BrowserDescriptor,
    path: Vec<(String, String)>,
    query: Option<&str>,
) -> Result<Answer, Failure> {
    let protocol = &shared.api.protocol;
    let args = read_arguments(action, protocol.query_arrays, path, query, &Bytes::new())?;
    check_arguments(shared.api, action, &args)?;
    let raw: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    for (name, value) in browser.fixed {
        let given = raw.iter().find(|(given, _)| given == name);
        if given.is_none_or(|(_, given)| given != value) {
            return Err(Failure::new(
                400,
                "invalid_request",
                format!("`{name}` must be `{value}`"),
            ));
        }
    }
    let back = browser
        .redirect_param
        .and_then(|param| args.get(param))
        .and_then(Value::as_str);
    let Some(back) = back else {
        return Ok(Answer::Reply(Reply::json(200, &Value::Object(Map::new()))));
    };
    let mut pairs = form_urlencoded::Serializer::new(String::new());
    if browser.authorization {
        pairs.append_pair("code", &ulid::Ulid::new().to_string());
        if let Some(state) = args.get("state").and_then(Value::as_str) {
            pairs.append_pair("state", state);
        }
    }
    let pairs = pairs.finish();
    let location = match (pairs.is_empty(), back.contains('?')) {
        (true, _) => back.to_owned(),
        (false, true) => format!("{back}&{pairs}"),
        (false, false) => format!("{back}?{pairs}"),
    };
    let mut response = Response::new(axum::body::Body::empty());
    *response.status_mut() = axum::http::StatusCode::FOUND;
    let location = HeaderValue::try_from(location)
        .map_err(|_| Failure::new(400, "invalid_request", "the redirect is not a valid URL"))?;
    response.headers_mut().insert(header::LOCATION, location);
    Ok(Answer::Broken(response))
}

fn execute(shared: &Shared, call: &Call) -> Result<Reply, Failure> {
    if let Some(handler) = shared.handlers.get(call.action.name) {
        return handler(&mut write_store(shared), call);
    }
    if matches!(call.action.operation, Operation::Get | Operation::List) {
        let store = shared
            .store
            .read()
            .unwrap_or_else(|poison| poison.into_inner());
        if let Some(model) = store.model_of(call.action) {
            if call.action.operation == Operation::List {
                let status = success_status(call.action);
                return store.list(call, model).map(|page| Reply::raw(status, page));
            }
            let id = call.target_id().unwrap_or_default();
            if let Some(bytes) = store.get_raw(model.name, id) {
                return Ok(Reply::raw(success_status(call.action), bytes.clone()));
            }
        }
    }
    write_store(shared).perform(call)
}

/// Accepts the configured key, or else any key with the catalog's prefix, sent as the
/// catalog's auth scheme says.
fn authorize(shared: &Shared, headers: &HeaderMap) -> Result<(), Failure> {
    let auth = &shared.api.protocol.auth;
    let key = headers
        .get(auth.header)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| auth.key(value));
    let accepted = match (key, &shared.api_key) {
        (Some(key), Some(expected)) => key == expected,
        (Some(key), None) => key.starts_with(auth.key_prefix) && key.len() > auth.key_prefix.len(),
        (None, _) => false,
    };
    if accepted {
        Ok(())
    } else {
        Err(Failure::unauthorized())
    }
}

fn fault_failure(status: u16) -> Failure {
    match status {
        429 => Failure::rate_limited(1),
        503 => Failure::unavailable(1),
        500..=599 => Failure::server_error(status),
        _ => Failure::new(status, "injected_fault", "An injected fault."),
    }
}
