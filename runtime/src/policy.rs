//! The write policy: which writes may be sent.
//!
//! The policy is checked in the one request path, after the request is built and before any
//! byte is sent, so typed calls, pages, streams and dynamic calls all obey it. Reads always pass.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::descriptor::{ActionDescriptor, Method};
use crate::error::{Error, Result};

/// Which writes an engine may send.
#[derive(Clone, Default)]
pub enum WritePolicy {
    /// Every action may be sent.
    #[default]
    Allow,
    /// Every write is refused before any network I/O, with an error naming the action.
    ReadOnly,
    /// Each write is shown to a callback first; a refusal sends nothing.
    Confirm(Arc<dyn ConfirmWrite>),
}

impl WritePolicy {
    /// A policy that asks `callback` before each write.
    ///
    /// ```
    /// use actionspec_runtime::{Decision, WritePolicy};
    /// let policy = WritePolicy::confirm(|request| async move {
    ///     if request.destructive {
    ///         Decision::Refuse(format!("{} deletes data; not without a human", request.action.name))
    ///     } else {
    ///         Decision::Allow
    ///     }
    /// });
    /// ```
    pub fn confirm<F, Fut>(callback: F) -> Self
    where
        F: Fn(WriteRequest) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Decision> + Send + 'static,
    {
        WritePolicy::Confirm(Arc::new(FnConfirm(callback)))
    }
}

impl WritePolicy {
    /// Lets `action`'s request through, or refuses it. Reads always pass; nothing is sent
    /// before this returns.
    pub(crate) async fn enforce(
        &self,
        action: &'static ActionDescriptor,
        method: Method,
        url: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<()> {
        if !action.is_write() {
            return Ok(());
        }
        match self {
            WritePolicy::Allow => Ok(()),
            WritePolicy::ReadOnly => Err(Error::WriteRefused {
                action: action.name,
                reason: format!(
                    "the client is read-only and {} is a {}write",
                    action.name,
                    if action.destructive {
                        "destructive "
                    } else {
                        ""
                    }
                ),
            }),
            WritePolicy::Confirm(confirmer) => {
                let request = WriteRequest {
                    action,
                    method,
                    url: url.to_owned(),
                    body: body.cloned(),
                    destructive: action.destructive,
                };
                match confirmer.confirm(request).await {
                    Decision::Allow => Ok(()),
                    Decision::Refuse(reason) => Err(Error::WriteRefused {
                        action: action.name,
                        reason,
                    }),
                }
            }
        }
    }
}

impl fmt::Debug for WritePolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WritePolicy::Allow => f.write_str("Allow"),
            WritePolicy::ReadOnly => f.write_str("ReadOnly"),
            WritePolicy::Confirm(_) => f.write_str("Confirm(<callback>)"),
        }
    }
}

/// What a confirmation callback answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Send the request.
    Allow,
    /// Send nothing; the call fails with [`Error::WriteRefused`](crate::Error::WriteRefused)
    /// carrying this reason.
    Refuse(String),
}

/// The exact request a write would send, shown to a confirmation callback. It never holds
/// the API key.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WriteRequest {
    /// The action's descriptor.
    pub action: &'static ActionDescriptor,
    /// HTTP method.
    pub method: Method,
    /// Full URL, query included.
    pub url: String,
    /// JSON body, when one is sent.
    pub body: Option<serde_json::Value>,
    /// The write removes data.
    pub destructive: bool,
}

/// A boxed future, as the confirmation trait returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Decides whether a write may be sent. Implemented for async closures through
/// [`WritePolicy::confirm`]; implement it directly for stateful confirmers.
pub trait ConfirmWrite: Send + Sync {
    /// Looks at the request and answers whether to send it.
    fn confirm(&self, request: WriteRequest) -> BoxFuture<'static, Decision>;
}

struct FnConfirm<F>(F);

impl<F, Fut> ConfirmWrite for FnConfirm<F>
where
    F: Fn(WriteRequest) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Decision> + Send + 'static,
{
    fn confirm(&self, request: WriteRequest) -> BoxFuture<'static, Decision> {
        Box::pin((self.0)(request))
    }
}
