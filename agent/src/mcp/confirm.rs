//! The approval the engine's write policy checks before it sends a confirmed write.
//!
//! The MCP server never sends a write on its own say-so: its engine's policy is
//! [`WritePolicy::confirm`] with [`approved`], which lets a write through only when the call
//! runs inside [`with_approval`] for exactly that request (action, method, URL and body, as the
//! dry run showed them). A person's acceptance or a redeemed confirmation ([`super::ask`])
//! grants it.

use actionspec_runtime::{Decision, DryRun, WritePolicy, WriteRequest};
use serde_json::Value;

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
