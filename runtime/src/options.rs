//! Per-call options.

use std::time::Duration;

/// Options for the calls made through one [`Engine`](crate::Engine) clone
/// (see [`Engine::with_options`](crate::Engine::with_options)). Every option left unset falls
/// back to the engine's configuration.
///
/// ```
/// use std::time::Duration;
/// let options = actionspec_runtime::CallOptions::new()
///     .max_retries(0)
///     .deadline(Duration::from_secs(5))
///     .idempotency_key("order-42-create");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallOptions {
    pub(crate) idempotency_key: Option<String>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) max_retry_after: Option<Duration>,
    pub(crate) request_timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// The `Idempotency-Key` sent with POSTs instead of a fresh random one. Every call made
    /// with these options sends this key, so use one key per logical operation: the server
    /// treats a second POST with the same key as a repeat of the first.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// How many times a failed attempt may be retried (0 turns retries off).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// The longest `Retry-After` the engine sleeps through; a longer one is returned as
    /// [`Error::RateLimited`](crate::Error::RateLimited).
    pub fn max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = Some(cap);
        self
    }

    /// How long one attempt may take, from sending to the end of the answer's body.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = Some(timeout);
        self
    }

    /// How long the whole call may take, retries and waits included.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The idempotency key set by [`CallOptions::idempotency_key`].
    pub fn get_idempotency_key(&self) -> Option<&str> {
        self.idempotency_key.as_deref()
    }
}
