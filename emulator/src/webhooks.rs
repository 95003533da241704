//! Webhook deliveries: every event the store records is POSTed to each enabled endpoint
//! subscribed to its type, signed as the catalog says its API signs ([`WebhookDescriptor`]).
//!
//! Each endpoint has a task of its own fed by a channel: recording an event only queues it, so
//! the API call that caused it never waits for a delivery, and one endpoint's events arrive in
//! the order they happened. A delivery answered with a non-2xx status, or not answered within
//! the timeout, is tried again after a growing wait, up to [`DeliveryOptions::attempts`] in
//! all; then it is marked failed and the endpoint moves on to its next event.
//!
//! Endpoints are registered with [`Emulator::webhook`](crate::Emulator::webhook) at start, on a
//! running emulator with [`Running::webhooks`](crate::Running::webhooks), or by a handler
//! through [`Store::webhooks`](crate::Store::webhooks) (an action creating a webhook
//! endpoint). Only loopback URLs are accepted unless [`DeliveryOptions::allow_remote`] says
//! otherwise, so an emulator cannot be turned against another machine by accident.

use std::collections::VecDeque;
use std::fmt;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

use actionspec_runtime::webhook::{WebhookDescriptor, WebhookSecret};
use bytes::Bytes;
use tokio::runtime::Handle;
use tokio::sync::mpsc;

/// How many finished deliveries [`Webhooks::deliveries`] keeps (the oldest are dropped).
pub const DELIVERY_LOG_SIZE: usize = 10_000;

/// One endpoint to deliver to: its URL, its secret and the event types it wants.
#[derive(Clone)]
pub struct WebhookEndpoint {
    url: String,
    secret: String,
    events: Vec<String>,
    enabled: bool,
}

impl fmt::Debug for WebhookEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookEndpoint")
            .field("url", &self.url)
            .field("secret", &"<redacted>")
            .field("events", &self.events)
            .field("enabled", &self.enabled)
            .finish()
    }
}

impl WebhookEndpoint {
    /// An enabled endpoint receiving every event, signed with `secret`.
    pub fn new(url: impl Into<String>, secret: impl Into<String>) -> WebhookEndpoint {
        WebhookEndpoint {
            url: url.into(),
            secret: secret.into(),
            events: Vec::new(),
            enabled: true,
        }
    }

    /// Only events of these types (`user.created`, ...); none named means every event.
    pub fn events<I, S>(mut self, types: I) -> WebhookEndpoint
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.events = types.into_iter().map(Into::into).collect();
        self
    }

    /// Registered disabled: it receives nothing until enabled.
    pub fn disabled(mut self) -> WebhookEndpoint {
        self.enabled = false;
        self
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    fn wants(&self, event_type: &str) -> bool {
        self.enabled && (self.events.is_empty() || self.events.iter().any(|t| t == event_type))
    }
}

/// How deliveries are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryOptions {
    /// Tries per event, the first included, before it is marked failed.
    pub attempts: u32,
    /// Wait before the second try; each later wait doubles, up to [`max_backoff`](Self::max_backoff).
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// How long one try may take, answer included.
    pub timeout: Duration,
    /// Accept endpoints that are not on this machine (loopback addresses and `localhost`).
    pub allow_remote: bool,
}

impl Default for DeliveryOptions {
    /// 5 tries, waiting 1 s, 2 s, 4 s and 8 s between them, 10 s each, loopback only.
    fn default() -> Self {
        DeliveryOptions {
            attempts: 5,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(30),
            timeout: Duration::from_secs(10),
            allow_remote: false,
        }
    }
}

impl DeliveryOptions {
    /// The wait after the `failures`-th failed try (1 for the first).
    fn backoff(&self, failures: u32) -> Duration {
        let factor = 2u32.saturating_pow(failures.saturating_sub(1));
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }
}

/// Identifies a registered endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EndpointId(pub u64);

/// Why an endpoint was not registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookSetupError {
    /// The catalog does not say how its API signs webhooks (`api.webhooks`).
    NotSigned,
    /// The URL cannot be parsed, or is not `http`/`https`.
    BadUrl(String),
    /// The URL is not on this machine and remote deliveries are not allowed.
    Remote(String),
    /// No runtime to deliver from (the emulator is not started yet).
    NotRunning,
}

impl fmt::Display for WebhookSetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookSetupError::NotSigned => f.write_str(
                "the catalog does not say how its API signs webhooks (no `api.webhooks` block)",
            ),
            WebhookSetupError::BadUrl(url) => {
                write!(f, "`{url}` is not an http:// or https:// URL")
            }
            WebhookSetupError::Remote(url) => write!(
                f,
                "`{url}` is not on this machine; deliveries go to loopback addresses unless remote ones are allowed"
            ),
            WebhookSetupError::NotRunning => f.write_str("the emulator is not running"),
        }
    }
}

impl std::error::Error for WebhookSetupError {}

/// What became of one event sent to one endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub endpoint: EndpointId,
    pub url: String,
    pub event_id: String,
    pub event_type: String,
    /// Tries made, the successful one included.
    pub attempts: u32,
    pub outcome: DeliveryOutcome,
}

/// One line: `user.created event_01... -> http://127.0.0.1:3000/webhooks: 200 (1 try)`.
impl fmt::Display for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tries = if self.attempts == 1 { "try" } else { "tries" };
        write!(f, "{} {} -> {}: ", self.event_type, self.event_id, self.url)?;
        match &self.outcome {
            DeliveryOutcome::Delivered { status } => {
                write!(f, "{status} ({} {tries})", self.attempts)
            }
            DeliveryOutcome::Failed { last_error } => {
                write!(f, "failed after {} {tries}, {last_error}", self.attempts)
            }
        }
    }
}

/// How a delivery ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryOutcome {
    /// The endpoint answered with this 2xx status.
    Delivered { status: u16 },
    /// Every try failed; the last one for this reason (a status, a timeout, a refused
    /// connection).
    Failed { last_error: String },
}

/// Called with every finished delivery (a line on a terminal, a test's channel).
pub type DeliveryObserver = Arc<dyn Fn(&Delivery) + Send + Sync>;

/// The endpoints of one emulator and their delivery tasks. Cheap to clone (shared).
#[derive(Clone)]
pub struct Webhooks {
    inner: Arc<Inner>,
}

struct Inner {
    scheme: Option<WebhookDescriptor>,
    state: Mutex<State>,
    client: reqwest::Client,
}

struct State {
    options: DeliveryOptions,
    runtime: Option<Handle>,
    observer: Option<DeliveryObserver>,
    next_id: u64,
    endpoints: Vec<Registered>,
    log: VecDeque<Delivery>,
}

struct Registered {
    id: EndpointId,
    endpoint: WebhookEndpoint,
    queue: mpsc::UnboundedSender<Event>,
}

/// One event queued for one endpoint.
struct Event {
    id: String,
    event_type: String,
    body: Bytes,
}

impl fmt::Debug for Webhooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("Webhooks")
            .field(
                "endpoints",
                &state
                    .endpoints
                    .iter()
                    .map(|registered| (&registered.id, &registered.endpoint))
                    .collect::<Vec<_>>(),
            )
            .field("options", &state.options)
            .finish_non_exhaustive()
    }
}

impl Webhooks {
    /// No endpoints yet; deliveries are signed as `scheme` says (none: endpoints are refused).
    pub(crate) fn new(scheme: Option<WebhookDescriptor>) -> Webhooks {
        Webhooks {
            inner: Arc::new(Inner {
                scheme,
                state: Mutex::new(State {
                    options: DeliveryOptions::default(),
                    runtime: None,
                    observer: None,
                    next_id: 1,
                    endpoints: Vec::new(),
                    log: VecDeque::new(),
                }),
                client: reqwest::Client::new(),
            }),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// Delivery tasks run on this runtime (the emulator's own).
    pub(crate) fn attach(&self, runtime: Handle) {
        self.state().runtime = Some(runtime);
    }

    pub(crate) fn configure(&self, options: DeliveryOptions, observer: Option<DeliveryObserver>) {
        let mut state = self.state();
        state.options = options;
        state.observer = observer;
    }

    /// Registers an endpoint and starts its delivery task.
    pub fn add(&self, endpoint: WebhookEndpoint) -> Result<EndpointId, WebhookSetupError> {
        let scheme = self.inner.scheme.ok_or(WebhookSetupError::NotSigned)?;
        let mut state = self.state();
        check_url(&endpoint.url, state.options.allow_remote)?;
        let runtime = state.runtime.clone().ok_or(WebhookSetupError::NotRunning)?;
        let id = EndpointId(state.next_id);
        state.next_id += 1;
        let (queue, events) = mpsc::unbounded_channel();
        let worker = Worker {
            id,
            url: endpoint.url.clone(),
            secret: WebhookSecret::new(scheme, &endpoint.secret),
            webhooks: Arc::downgrade(&self.inner),
        };
        runtime.spawn(worker.run(events));
        state.endpoints.push(Registered {
            id,
            endpoint,
            queue,
        });
        Ok(id)
    }

    /// Stops an endpoint receiving new events (those queued are still delivered), or starts it
    /// again. False when there is no such endpoint.
    pub fn set_enabled(&self, id: EndpointId, enabled: bool) -> bool {
        let mut state = self.state();
        match state
            .endpoints
            .iter_mut()
            .find(|registered| registered.id == id)
        {
            Some(registered) => {
                registered.endpoint.enabled = enabled;
                true
            }
            None => false,
        }
    }

    /// Removes an endpoint; what is queued for it is still delivered. False when there is no
    /// such endpoint.
    pub fn remove(&self, id: EndpointId) -> bool {
        let mut state = self.state();
        let before = state.endpoints.len();
        state.endpoints.retain(|registered| registered.id != id);
        state.endpoints.len() != before
    }

    /// Every registered endpoint.
    pub fn endpoints(&self) -> Vec<(EndpointId, WebhookEndpoint)> {
        self.state()
            .endpoints
            .iter()
            .map(|registered| (registered.id, registered.endpoint.clone()))
            .collect()
    }

    /// Finished deliveries, oldest first (the last [`DELIVERY_LOG_SIZE`]).
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.state().log.iter().cloned().collect()
    }

    /// Queues an event (the stored JSON of it) for every endpoint that wants its type. Never
    /// waits.
    pub(crate) fn dispatch(&self, event_type: &str, event_id: &str, body: &Bytes) {
        let state = self.state();
        for registered in &state.endpoints {
            if registered.endpoint.wants(event_type) {
                let _ = registered.queue.send(Event {
                    id: event_id.to_owned(),
                    event_type: event_type.to_owned(),
                    body: body.clone(),
                });
            }
        }
    }

    fn finished(&self, delivery: Delivery) {
        let observer = {
            let mut state = self.state();
            if state.log.len() == DELIVERY_LOG_SIZE {
                state.log.pop_front();
            }
            state.log.push_back(delivery.clone());
            state.observer.clone()
        };
        if let Some(observer) = observer {
            observer(&delivery);
        }
    }

    fn options(&self) -> DeliveryOptions {
        self.state().options
    }
}

/// The delivery task of one endpoint.
struct Worker {
    id: EndpointId,
    url: String,
    secret: WebhookSecret,
    /// Weak, so that the queue (held by the registry) closes and the task ends when the
    /// emulator is dropped.
    webhooks: Weak<Inner>,
}

impl Worker {
    async fn run(self, mut events: mpsc::UnboundedReceiver<Event>) {
        while let Some(event) = events.recv().await {
            let Some(delivery) = self.deliver(&event).await else {
                return;
            };
            match self.webhooks() {
                Some(webhooks) => webhooks.finished(delivery),
                None => return,
            }
        }
    }

    fn webhooks(&self) -> Option<Webhooks> {
        self.webhooks.upgrade().map(|inner| Webhooks { inner })
    }

    /// Tries until delivered or out of tries; `None` when the emulator is gone.
    async fn deliver(&self, event: &Event) -> Option<Delivery> {
        let options = self.webhooks()?.options();
        let attempts = options.attempts.max(1);
        let mut attempt = 0;
        let outcome = loop {
            attempt += 1;
            let client = self.webhooks()?.inner.client.clone();
            let error = match self.attempt(&client, event, options.timeout).await {
                Ok(status) => break DeliveryOutcome::Delivered { status },
                Err(error) => error,
            };
            if attempt >= attempts {
                break DeliveryOutcome::Failed { last_error: error };
            }
            tokio::time::sleep(options.backoff(attempt)).await;
        };
        Some(Delivery {
            endpoint: self.id,
            url: self.url.clone(),
            event_id: event.id.clone(),
            event_type: event.event_type.clone(),
            attempts: attempt,
            outcome,
        })
    }

    /// One try: the 2xx status, or why it failed. Signed afresh, as a retry is sent later.
    async fn attempt(
        &self,
        client: &reqwest::Client,
        event: &Event,
        timeout: Duration,
    ) -> Result<u16, String> {
        let sent = self
            .secret
            .signed_post(client, &self.url, event.body.clone())
            .timeout(timeout)
            .send()
            .await;
        match sent {
            Ok(response) if response.status().is_success() => Ok(response.status().as_u16()),
            Ok(response) => Err(format!("answered {}", response.status().as_u16())),
            Err(error) if error.is_timeout() => {
                Err(format!("no answer within {} ms", timeout.as_millis()))
            }
            Err(error) if error.is_connect() => Err("connection refused".to_owned()),
            Err(_) => Err("the request failed".to_owned()),
        }
    }
}

/// An `http`/`https` URL, on this machine unless `allow_remote`.
fn check_url(url: &str, allow_remote: bool) -> Result<(), WebhookSetupError> {
    let parsed = reqwest::Url::parse(url).map_err(|_| WebhookSetupError::BadUrl(url.to_owned()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(WebhookSetupError::BadUrl(url.to_owned()));
    }
    let Some(host) = parsed.host_str() else {
        return Err(WebhookSetupError::BadUrl(url.to_owned()));
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let local = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<IpAddr>()
            .is_ok_and(|address| address.is_loopback());
    if local || allow_remote {
        Ok(())
    } else {
        Err(WebhookSetupError::Remote(url.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_urls_unless_remote_is_allowed() {
        let cases = [
            ("http://127.0.0.1:8080/hook", Ok(())),
            ("http://127.9.9.9/hook", Ok(())),
            ("http://localhost:3000/webhooks", Ok(())),
            ("http://[::1]:3000/", Ok(())),
            ("https://example.com/hook", Err("remote")),
            ("http://10.0.0.1/hook", Err("remote")),
            ("http://localhost.example.com/", Err("remote")),
            ("ftp://127.0.0.1/", Err("bad")),
            ("not a url", Err("bad")),
        ];
        for (url, expected) in cases {
            let outcome = check_url(url, false).map_err(|error| match error {
                WebhookSetupError::Remote(_) => "remote",
                _ => "bad",
            });
            assert_eq!(outcome, expected, "{url}");
        }
        assert!(check_url("https://example.com/hook", true).is_ok());
    }

    #[test]
    fn backoff_doubles_up_to_its_cap() {
        let options = DeliveryOptions {
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(350),
            ..DeliveryOptions::default()
        };
        let waits: Vec<u128> = (1..=4).map(|n| options.backoff(n).as_millis()).collect();
        assert_eq!(waits, [100, 200, 350, 350]);
    }

    #[test]
    fn the_secret_is_not_in_debug_output() {
        let endpoint = WebhookEndpoint::new("http://127.0.0.1/", "whsec_hidden");
        assert!(!format!("{endpoint:?}").contains("whsec_hidden"));
    }
}
