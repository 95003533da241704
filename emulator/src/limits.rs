//! Rate limits: at most `requests` per `per`, counted in fixed windows, for all actions
//! together or per action. A request over the limit gets 429 with `Retry-After`: the whole
//! seconds until its window ends.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A limit of `requests` per `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub requests: u32,
    pub per: Duration,
}

impl RateLimit {
    pub fn new(requests: u32, per: Duration) -> RateLimit {
        RateLimit { requests, per }
    }
}

#[derive(Debug)]
struct Window {
    started: Instant,
    count: u32,
}

/// The configured limits and their current windows; limits can change while serving.
#[derive(Debug, Default)]
pub(crate) struct Limiter {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    all: Option<RateLimit>,
    per_action: HashMap<String, RateLimit>,
    windows: HashMap<Option<String>, Window>,
}

impl Limiter {
    /// Sets (or with `None` removes) the limit of one action, or of all with `action: None`.
    pub fn set(&self, action: Option<&str>, limit: Option<RateLimit>) {
        let mut inner = self.lock();
        match (action, limit) {
            (None, limit) => inner.all = limit,
            (Some(action), Some(limit)) => {
                inner.per_action.insert(action.to_owned(), limit);
            }
            (Some(action), None) => {
                inner.per_action.remove(action);
            }
        }
        let scope = action.map(str::to_owned);
        inner.windows.remove(&scope);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// `Err(seconds to wait)` when this request of `action` is over a limit.
    pub fn admit(&self, action: &str) -> Result<(), u64> {
        let mut inner = self.lock();
        if inner.all.is_none() && inner.per_action.is_empty() {
            return Ok(());
        }
        let now = Instant::now();
        let scopes = [
            (None, inner.all),
            (
                Some(action.to_owned()),
                inner.per_action.get(action).copied(),
            ),
        ];
        for (scope, limit) in scopes {
            let Some(limit) = limit else {
                continue;
            };
            let window = inner.windows.entry(scope).or_insert(Window {
                started: now,
                count: 0,
            });
            if now.duration_since(window.started) >= limit.per {
                window.started = now;
                window.count = 0;
            }
            if window.count >= limit.requests {
                let left = limit.per.saturating_sub(now.duration_since(window.started));
                return Err(left.as_secs_f64().ceil().max(1.0) as u64);
            }
            window.count += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_over_the_limit_wait_for_the_window() {
        let limiter = Limiter::default();
        limiter.set(Some("a"), Some(RateLimit::new(2, Duration::from_secs(10))));
        assert_eq!(limiter.admit("a"), Ok(()));
        assert_eq!(limiter.admit("a"), Ok(()));
        let wait = limiter.admit("a").unwrap_err();
        assert!((9..=10).contains(&wait), "{wait}");
        assert_eq!(limiter.admit("b"), Ok(()));
    }
}
