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

/// A rate limit as a command line writes it: `[ACTION=]REQUESTS/SECONDS`, such as `100/10`
/// (every action together) or `workos_users_list=4/1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimitRule {
    /// The action's name, or `None` for all actions together.
    pub action: Option<String>,
    pub limit: RateLimit,
}

impl std::str::FromStr for RateLimitRule {
    type Err = String;

    fn from_str(text: &str) -> Result<RateLimitRule, String> {
        let (action, rule) = crate::faults::split_action(text);
        let parsed = rule.split_once('/').and_then(|(requests, seconds)| {
            let requests: u32 = requests.parse().ok().filter(|n| *n > 0)?;
            let seconds: u64 = seconds.parse().ok().filter(|n| *n > 0)?;
            Some(RateLimit::new(requests, Duration::from_secs(seconds)))
        });
        match parsed {
            Some(limit) => Ok(RateLimitRule { action, limit }),
            None => Err(format!(
                "`{text}`: write [ACTION=]REQUESTS/SECONDS with both above zero, such as 100/10"
            )),
        }
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

#[cfg(test)]
mod rule_tests {
    use super::*;

    #[test]
    fn rate_limit_rules_read_as_written() {
        let all: RateLimitRule = "100/10".parse().unwrap();
        assert_eq!(all.action, None);
        assert_eq!(all.limit, RateLimit::new(100, Duration::from_secs(10)));
        let one: RateLimitRule = "things_list=4/1".parse().unwrap();
        assert_eq!(one.action.as_deref(), Some("things_list"));
        for bad in ["100", "0/10", "10/0", "ten/1", "a=b/c"] {
            assert!(bad.parse::<RateLimitRule>().is_err(), "{bad}");
        }
    }
}
