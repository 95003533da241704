//! The one request path: write policy, idempotency key, attempts, retries and error mapping.
//!
//! [`Engine::send`] puts a prepared request on the wire ([`Outgoing`]), then runs attempts
//! until one succeeds or the [`Budget`] says to stop: each attempt is built, sent and read,
//! then classified (done, or failed and maybe retryable), and a failed one waits before the
//! next as the server or the backoff says.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{self, HeaderMap, HeaderValue};
use tokio::time::Instant;
use tracing::Instrument;

use crate::descriptor::{ActionDescriptor, Method};
use crate::engine::Engine;
use crate::error::{ArgumentProblem, Error, ProblemKind, Result, TimeoutKind};
use crate::request::Prepared;
use crate::response::{RawResponse, api_error, redact_key};
use crate::retry::{self, RetryConfig};

/// A request as it goes out on every attempt of one call.
struct Outgoing {
    method: reqwest::Method,
    url: String,
    body: Option<Bytes>,
    /// One per call that carries one, the same on each attempt.
    idempotency_key: Option<HeaderValue>,
    /// The call may be repeated after a failure the server may have acted on.
    safe: bool,
}

/// How one attempt failed.
struct Failed {
    error: Error,
    retryable: bool,
    /// The server's `Retry-After`, when it sent one.
    retry_after: Option<Duration>,
}

/// The time and retries one call may spend, from the engine's settings and the call's options.
struct Budget<'a> {
    retry: &'a RetryConfig,
    max_retries: u32,
    max_retry_after: Duration,
    request_timeout: Duration,
    deadline: Option<Duration>,
    started: Instant,
}

/// The time an attempt may take, and the limit that ends it.
struct AttemptLimit {
    wait: Duration,
    kind: TimeoutKind,
    limit: Duration,
}

impl Budget<'_> {
    /// The time attempt number `attempt` may take: the request timeout, or what is left of the
    /// deadline when that is shorter. An error when the deadline has passed.
    fn attempt_limit(
        &self,
        action: &'static ActionDescriptor,
        attempt: u32,
    ) -> Result<AttemptLimit> {
        let request = AttemptLimit {
            wait: self.request_timeout,
            kind: TimeoutKind::Request,
            limit: self.request_timeout,
        };
        let Some(deadline) = self.deadline else {
            return Ok(request);
        };
        let left = deadline.saturating_sub(self.started.elapsed());
        if left.is_zero() {
            return Err(Error::Timeout {
                action: action.name,
                attempts: attempt - 1,
                kind: TimeoutKind::Deadline,
                limit: deadline,
                write_outcome_unknown: action.is_write() && attempt > 1,
            });
        }
        if left < self.request_timeout {
            return Ok(AttemptLimit {
                wait: left,
                kind: TimeoutKind::Deadline,
                limit: deadline,
            });
        }
        Ok(request)
    }

    /// How long to wait before retrying after attempt number `attempt` failed, or the error
    /// to give up with: not retryable, no retries left, a `Retry-After` past the cap, or no
    /// time left before the deadline.
    fn retry_wait(&self, attempt: u32, failed: Failed) -> Result<Duration> {
        if !failed.retryable || attempt > self.max_retries {
            return Err(failed.error);
        }
        let wait = match failed.retry_after {
            Some(wait) if wait > self.max_retry_after => {
                tracing::debug!(?wait, "server asked to wait longer than the cap; giving up");
                return Err(failed.error);
            }
            Some(wait) => wait,
            None => self.retry.backoff(attempt - 1),
        };
        if let Some(deadline) = self.deadline
            && self.started.elapsed() + wait >= deadline
        {
            tracing::debug!(?wait, "no time left before the deadline to wait and retry");
            return Err(failed.error);
        }
        tracing::debug!(attempt, ?wait, error = %failed.error, "retrying");
        Ok(wait)
    }
}

impl Engine {
    /// Sends a prepared request: write policy, idempotency key, attempts, retries, errors.
    pub(crate) async fn send(
        &self,
        action: &'static ActionDescriptor,
        prepared: Prepared,
    ) -> Result<RawResponse> {
        let span = tracing::info_span!(
            "action",
            action = action.name,
            method = prepared.method.as_str(),
            path = action.path().unwrap_or(""),
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        self.send_in_span(action, prepared, span.clone())
            .instrument(span)
            .await
    }

    /// Attempts until one succeeds or the budget says to stop, waiting between them.
    async fn send_in_span(
        &self,
        action: &'static ActionDescriptor,
        prepared: Prepared,
        span: tracing::Span,
    ) -> Result<RawResponse> {
        let outgoing = self.outgoing(action, prepared).await?;
        let budget = self.budget();
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let limit = budget.attempt_limit(action, attempt)?;
            let failed = match self
                .attempt(action, &outgoing, attempt, &budget, &limit, &span)
                .await
            {
                Ok(answer) => return Ok(answer),
                Err(failed) => failed,
            };
            let wait = budget.retry_wait(attempt, failed)?;
            tokio::time::sleep(wait).await;
        }
    }

    /// The request of a call as it goes out: its idempotency key made, the write policy
    /// asked, the body written once.
    async fn outgoing(
        &self,
        action: &'static ActionDescriptor,
        prepared: Prepared,
    ) -> Result<Outgoing> {
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
        Ok(Outgoing {
            method: reqwest_method(method),
            url,
            body,
            idempotency_key,
            safe: retry::safe_to_repeat(action, method),
        })
    }

    fn budget(&self) -> Budget<'_> {
        let retry = &self.inner.retry;
        let options = self.options();
        Budget {
            retry,
            max_retries: options.max_retries.unwrap_or(retry.max_retries),
            max_retry_after: options.max_retry_after.unwrap_or(retry.max_retry_after),
            request_timeout: options
                .request_timeout
                .unwrap_or(self.inner.request_timeout),
            deadline: options.deadline.or(self.inner.deadline),
            started: Instant::now(),
        }
    }

    /// The idempotency key of a call whose method carries one (as the catalog's protocol
    /// says): the caller's own or a fresh UUID, sent with each of its attempts.
    pub(crate) fn idempotency_key(&self, method: Method) -> Result<Option<HeaderValue>> {
        let applies = self.inner.api.protocol.idempotency.as_ref();
        if !applies.is_some_and(|idempotency| idempotency.applies_to(method)) {
            return Ok(None);
        }
        let key = match &self.options().idempotency_key {
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

    /// One attempt within its time limit: built, sent, read and classified.
    async fn attempt(
        &self,
        action: &'static ActionDescriptor,
        outgoing: &Outgoing,
        attempt: u32,
        budget: &Budget<'_>,
        limit: &AttemptLimit,
        span: &tracing::Span,
    ) -> Result<RawResponse, Failed> {
        let exchange = self.exchange(action, outgoing, attempt, budget.request_timeout, span);
        match tokio::time::timeout(limit.wait, exchange).await {
            Ok(outcome) => outcome,
            Err(_) => Err(Failed {
                error: Error::Timeout {
                    action: action.name,
                    attempts: attempt,
                    kind: limit.kind,
                    limit: limit.limit,
                    write_outcome_unknown: action.is_write(),
                },
                retryable: outgoing.safe && limit.kind == TimeoutKind::Request,
                retry_after: None,
            }),
        }
    }

    /// The request of one attempt, put together directly rather than through a
    /// `RequestBuilder`, which would merge a second header map into the first. A URL that does
    /// not parse fails in reqwest's `build`, with reqwest's own error.
    fn request(&self, outgoing: &Outgoing) -> reqwest::Result<reqwest::Request> {
        let Ok(url) = reqwest::Url::parse(&outgoing.url) else {
            return self
                .inner
                .client
                .request(outgoing.method.clone(), outgoing.url.as_str())
                .build();
        };
        let mut request = reqwest::Request::new(outgoing.method.clone(), url);
        *request.headers_mut() = self.headers(outgoing);
        if let Some(body) = &outgoing.body {
            *request.body_mut() = Some(body.clone().into());
        }
        Ok(request)
    }

    /// The headers of one attempt.
    fn headers(&self, outgoing: &Outgoing) -> HeaderMap {
        let inner = &self.inner;
        let mut headers = HeaderMap::with_capacity(6);
        headers.insert(inner.auth_header.clone(), inner.auth.clone());
        headers.insert(header::USER_AGENT, inner.user_agent.clone());
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        if outgoing.body.is_some() {
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
        }
        if let (Some(name), Some(key)) = (&inner.idempotency_header, &outgoing.idempotency_key) {
            headers.insert(name.clone(), key.clone());
        }
        headers
    }

    /// Sends one attempt and reads the whole answer.
    async fn exchange(
        &self,
        action: &'static ActionDescriptor,
        outgoing: &Outgoing,
        attempt: u32,
        request_timeout: Duration,
        span: &tracing::Span,
    ) -> Result<RawResponse, Failed> {
        let transport =
            |source| transport_failure(action, source, attempt, outgoing.safe, request_timeout);
        let response = match self.request(outgoing) {
            Ok(request) => self.inner.client.execute(request).await,
            Err(error) => Err(error),
        }
        .map_err(transport)?;
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
        let retry_after = response
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let body = response.bytes().await.map_err(transport)?;
        let answer = RawResponse {
            status,
            request_id,
            body: redact_key(&self.inner.key_finder, body),
        };
        if self.inner.log_bodies {
            let body = String::from_utf8_lossy(&answer.body);
            tracing::trace!(body = %body, "response body");
        }
        self.classify(
            action,
            answer,
            retry_after.as_deref(),
            attempt,
            outgoing.safe,
        )
    }

    /// A 2xx answer is done; any other is the typed error of what the server said.
    fn classify(
        &self,
        action: &'static ActionDescriptor,
        answer: RawResponse,
        retry_after: Option<&str>,
        attempt: u32,
        safe: bool,
    ) -> Result<RawResponse, Failed> {
        if (200..300).contains(&answer.status) {
            return Ok(answer);
        }
        let now = SystemTime::now();
        let retry_after = retry_after.and_then(|value| retry::parse_retry_after(value, now));
        let shape = &self.inner.api.protocol.errors;
        Err(Failed {
            error: api_error(shape, action, &answer, retry_after, now, attempt),
            retryable: retry::retryable_status(answer.status, safe),
            retry_after,
        })
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

fn transport_failure(
    action: &'static ActionDescriptor,
    source: reqwest::Error,
    attempt: u32,
    safe: bool,
    request_timeout: Duration,
) -> Failed {
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
    Failed {
        error,
        retryable: not_sent || safe,
        retry_after: None,
    }
}
