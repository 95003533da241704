//! Confirmation of writes: single-use tokens bound to the arguments, and the approval the
//! engine's write policy checks before it sends.
//!
//! The MCP server never sends a write on its own say-so: its engine's policy is
//! [`WritePolicy::confirm`] with [`approved`], which lets a write through only when the call
//! runs inside [`with_approval`] for exactly that request (action, method, URL and body, as the
//! dry run showed them). A person's acceptance (elicitation) or a redeemed token grants it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actionspec_runtime::{Decision, DryRun, WritePolicy, WriteRequest};
use serde_json::Value;

/// How long a confirmation token stays valid.
pub const TOKEN_LIFETIME: Duration = Duration::from_secs(300);

/// The request a confirmation was given for.
#[derive(Debug, Clone, PartialEq)]
pub struct Approval {
    action: &'static str,
    method: &'static str,
    url: String,
    body: Option<Value>,
}

impl Approval {
    /// Approval of exactly the request `dry_run` shows.
    pub fn of(dry_run: &DryRun) -> Self {
        Approval {
            action: dry_run.action,
            method: dry_run.method.as_str(),
            url: dry_run.url.clone(),
            body: dry_run.body.clone(),
        }
    }

    fn covers(&self, request: &WriteRequest) -> bool {
        self.action == request.action.name
            && self.method == request.method.as_str()
            && self.url == request.url
            && self.body == request.body
    }
}

tokio::task_local! {
    static APPROVAL: Approval;
}

/// Runs `future` (an engine call) with `approval` granted to it.
pub async fn with_approval<F: Future>(approval: Approval, future: F) -> F::Output {
    APPROVAL.scope(approval, future).await
}

/// The policy of the server's engine: a write passes only under a matching approval.
pub fn policy() -> WritePolicy {
    WritePolicy::confirm(|request: WriteRequest| {
        let decision = if approved(&request) {
            Decision::Allow
        } else {
            Decision::Refuse(
                "not confirmed: call the tool without a token to get a preview and a confirmation token"
                    .to_owned(),
            )
        };
        async move { decision }
    })
}

/// True when the running call holds an approval of exactly `request`.
pub fn approved(request: &WriteRequest) -> bool {
    APPROVAL
        .try_with(|approval| approval.covers(request))
        .unwrap_or(false)
}

/// Tokens handed out with previews, each for one action and one set of arguments.
#[derive(Debug)]
pub struct Tokens {
    lifetime: Duration,
    issued: Mutex<HashMap<String, Issued>>,
}

#[derive(Debug)]
struct Issued {
    action: &'static str,
    arguments: Value,
    expires: Instant,
}

impl Default for Tokens {
    fn default() -> Self {
        Self::new(TOKEN_LIFETIME)
    }
}

impl Tokens {
    /// Tokens valid for `lifetime`.
    pub fn new(lifetime: Duration) -> Self {
        Tokens {
            lifetime,
            issued: Mutex::new(HashMap::new()),
        }
    }

    /// How long a token lives.
    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    /// A fresh token for `action` with exactly `arguments`.
    pub fn issue(&self, action: &'static str, arguments: &Value) -> String {
        let token = uuid::Uuid::new_v4().simple().to_string();
        let now = Instant::now();
        let mut issued = self.issued.lock().unwrap_or_else(|e| e.into_inner());
        issued.retain(|_, entry| entry.expires > now);
        issued.insert(
            token.clone(),
            Issued {
                action,
                arguments: arguments.clone(),
                expires: now + self.lifetime,
            },
        );
        token
    }

    /// Uses up `token`: fine only when it was issued for `action` with exactly `arguments`
    /// and has not expired. Any presentation uses it up, so a token works once at most.
    pub fn redeem(
        &self,
        token: &str,
        action: &'static str,
        arguments: &Value,
    ) -> Result<(), &'static str> {
        let entry = self
            .issued
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(token);
        match entry {
            None => Err("the confirmation token is unknown or was already used"),
            Some(entry) if entry.expires <= Instant::now() => {
                Err("the confirmation token has expired")
            }
            Some(entry) if entry.action != action || entry.arguments != *arguments => {
                Err("the confirmation token was issued for other arguments")
            }
            Some(_) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_token_works_once_and_only_for_its_arguments() {
        let tokens = Tokens::default();
        let args = json!({"name": "Acme"});
        let token = tokens.issue("create", &args);
        assert!(tokens.redeem(&token, "create", &args).is_ok());
        assert!(tokens.redeem(&token, "create", &args).is_err());

        let token = tokens.issue("create", &args);
        assert!(
            tokens
                .redeem(&token, "create", &json!({"name": "Other"}))
                .is_err()
        );
        // Used up by the wrong presentation.
        assert!(tokens.redeem(&token, "create", &args).is_err());

        let token = tokens.issue("create", &args);
        assert!(tokens.redeem(&token, "delete", &args).is_err());
    }

    #[test]
    fn a_token_expires() {
        let tokens = Tokens::new(Duration::from_millis(1));
        let args = json!({});
        let token = tokens.issue("create", &args);
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(
            tokens.redeem(&token, "create", &args),
            Err("the confirmation token has expired")
        );
    }
}
