//! How a write is put to the person (or to the agent) before it is sent, in either protocol
//! era, with the confirmation sealed ([`super::seal`]) so that any replica can take the answer:
//!
//! * a confirmation token given back with the call: sent when it opens for this call and
//!   caller;
//! * at 2026-07-28, a client declaring form elicitation: the call is answered `input_required`
//!   with one question showing the exact request and the sealed value as `requestState`; the
//!   retry carrying `accept` sends the write, `decline` or `cancel` sends nothing;
//! * at 2025-11-25, a client declaring form elicitation: the server asks it (a server-initiated
//!   request in the session) and sends on acceptance;
//! * any other client: nothing is sent; the answer is a preview of the exact request with the
//!   sealed value as its `confirmation_token`.

use std::collections::BTreeMap;
use std::time::Duration;

use actionspec_runtime::{ActionDescriptor, DryRun};
use rmcp::model::{
    CallToolResponse, CallToolResult, ElicitRequest, ElicitRequestParams, ElicitationAction,
    ElicitationSchema, InputRequest, InputRequiredResult, InputResponses, ProtocolVersion,
};
use rmcp::service::{ElicitationMode, RequestContext};
use rmcp::{Peer, RoleServer};
use serde_json::{Map, Value, json};

use super::results::text_error;
use super::seal::{self, Confirmed, Sealer};
use crate::describe;
use crate::manifest::{self, TOKEN_FIELD};

/// How long the server waits for the person to answer a server-initiated question.
const ELICITATION_TIMEOUT: Duration = Duration::from_secs(600);

/// The key of the one question in an `input_required` result.
const QUESTION: &str = "confirm_write";

/// Who is calling, as the server knows it; confirmations are bound to [`Caller::id`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// `stdio`, `http` (no OAuth: whoever holds the static token, if any), or `oauth:` and the
    /// access token's subject.
    pub id: String,
    /// For an OAuth caller, the write permission and whether its token holds it.
    pub token: Option<(String, bool)>,
}

impl Caller {
    /// The person running the server over stdio.
    pub fn stdio() -> Self {
        Caller {
            id: "stdio".to_owned(),
            token: None,
        }
    }

    /// A client of the HTTP server without OAuth.
    pub fn http() -> Self {
        Caller {
            id: "http".to_owned(),
            token: None,
        }
    }

    /// The subject of a verified access token, which holds `permission` or not.
    pub fn oauth(subject: &str, permission: &str, holds_it: bool) -> Self {
        Caller {
            id: format!("oauth:{subject}"),
            token: Some((permission.to_owned(), holds_it)),
        }
    }

    /// May write: always, but for an access token without the write permission.
    pub fn can_write(&self) -> bool {
        self.token.as_ref().is_none_or(|(_, holds)| *holds)
    }

    /// What the server offers this caller depends on its token.
    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// Why this caller may not write, when it may not.
    pub fn refusal(&self, action: &ActionDescriptor) -> Option<String> {
        match &self.token {
            Some((permission, false)) => Some(format!(
                "{}: writing needs an access token holding the permission `{permission}`, and this one does not; nothing was sent",
                action.name
            )),
            _ => None,
        }
    }

    /// The caller of the request `context` carries: set by the HTTP guard, else stdio.
    pub fn of(context: &RequestContext<RoleServer>) -> Self {
        context
            .extensions
            .get::<axum::http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Caller>())
            .or_else(|| context.extensions.get::<Caller>())
            .cloned()
            .unwrap_or_else(Caller::stdio)
    }
}

/// What the call carries besides its arguments.
pub(super) struct Asking<'a> {
    pub caller: Caller,
    /// The request speaks 2026-07-28 or later.
    pub modern: bool,
    /// The client declared form elicitation (on this request, or in its session).
    pub form_elicitation: bool,
    pub request_state: Option<String>,
    pub input_responses: Option<InputResponses>,
    pub peer: &'a Peer<RoleServer>,
}

impl<'a> Asking<'a> {
    /// Reads the era, the client's capabilities and the caller from `context`.
    pub fn new(
        context: &'a RequestContext<RoleServer>,
        request_state: Option<String>,
        input_responses: Option<InputResponses>,
    ) -> Self {
        let modern = context
            .protocol_version()
            .is_some_and(|v| v.as_str() >= ProtocolVersion::V_2026_07_28.as_str());
        let form_elicitation = if modern {
            context
                .client_capabilities()
                .and_then(|capabilities| capabilities.elicitation)
                .is_some_and(|elicitation| elicitation.form.is_some() || elicitation.url.is_none())
        } else {
            context
                .peer
                .supported_elicitation_modes()
                .contains(&ElicitationMode::Form)
        };
        Asking {
            caller: Caller::of(context),
            modern,
            form_elicitation,
            request_state,
            input_responses,
            peer: &context.peer,
        }
    }
}

/// What to do with a write.
pub(super) enum Decision {
    /// Confirmed: send it, under this confirmation's idempotency key.
    Send(Confirmed),
    /// Answer this and send nothing (a question, a preview, a refusal).
    Answer(CallToolResponse),
}

/// Decides about `action` with `arguments` (the token taken out) whose request is `request`.
pub(super) async fn decide(
    sealer: &Sealer,
    action: &'static ActionDescriptor,
    arguments: &Value,
    token: Option<String>,
    request: &DryRun,
    asking: Asking<'_>,
) -> Decision {
    let call = seal::Call {
        action: action.name,
        arguments,
        caller: &asking.caller.id,
    };
    let redeem = |value: &str| match sealer.redeem(value, call) {
        Ok(confirmed) => Decision::Send(confirmed),
        Err(why) => answer(text_error(format!(
            "{}: {why}; nothing was sent. Call it again without `{TOKEN_FIELD}` to be asked anew.",
            action.name
        ))),
    };
    if let Some(token) = token {
        return redeem(&token);
    }
    if asking.modern
        && let Some(state) = &asking.request_state
    {
        let answer_action = asking
            .input_responses
            .as_ref()
            .and_then(|responses| responses.get(QUESTION))
            .and_then(|response| response.get("action"))
            .and_then(Value::as_str);
        return match answer_action {
            Some("accept") => redeem(state),
            _ => declined(action),
        };
    }
    let message = question(action, request);
    if asking.form_elicitation {
        if asking.modern {
            let value = sealer.seal(call);
            let question = InputRequest::Elicitation(ElicitRequest::new(form(message)));
            let result = InputRequiredResult::new(
                Some(BTreeMap::from([(QUESTION.to_owned(), question)])),
                Some(value),
            );
            return Decision::Answer(result.into());
        }
        match asking
            .peer
            .create_elicitation_with_timeout(form(message), Some(ELICITATION_TIMEOUT))
            .await
        {
            Ok(result) if result.action == ElicitationAction::Accept => {
                return Decision::Send(Confirmed::fresh());
            }
            Ok(_) => return declined(action),
            Err(error) => {
                tracing::warn!(%error, "elicitation failed; answering with a confirmation token");
            }
        }
    }
    answer(preview(sealer, action, request, sealer.seal(call)))
}

fn answer(result: CallToolResult) -> Decision {
    Decision::Answer(result.into())
}

fn declined(action: &ActionDescriptor) -> Decision {
    answer(text_error(format!(
        "{}: the person declined the write; nothing was sent",
        action.name
    )))
}

fn form(message: String) -> ElicitRequestParams {
    ElicitRequestParams::FormElicitationParams {
        meta: None,
        message,
        requested_schema: ElicitationSchema::new(BTreeMap::new()),
    }
}

/// The question put to the person: the action, and the exact request it sends.
fn question(action: &ActionDescriptor, request: &DryRun) -> String {
    let mut message = format!("{}: {}\n", action.name, action.summary.trim());
    message.push_str(&describe::write(
        action,
        request.method,
        &request.url,
        request.body.as_ref(),
    ));
    if action.destructive {
        message.push_str("It deletes data and cannot be undone. ");
    }
    message.push_str("Accept to send it; decline to send nothing.");
    message
}

/// The preview answered to a client that cannot ask the person, with its token.
fn preview(
    sealer: &Sealer,
    action: &ActionDescriptor,
    request: &DryRun,
    token: String,
) -> CallToolResult {
    let lifetime = sealer.lifetime().as_secs();
    let mut body = Map::new();
    body.insert("confirmation_required".into(), true.into());
    body.insert(TOKEN_FIELD.into(), token.into());
    body.insert("expires_in_seconds".into(), lifetime.into());
    body.insert("destructive".into(), action.destructive.into());
    body.insert(
        "request".into(),
        json!({"method": request.method.as_str(), "url": request.url, "body": request.body}),
    );
    body.insert(
        "message".into(),
        format!(
            "Nothing was sent. Show this {}write to the person; once they agree, call {} again with the same arguments and `{TOKEN_FIELD}` set to this token (valid once, for {lifetime} seconds).",
            if action.destructive { "destructive " } else { "" },
            manifest::tool_name(action),
        )
        .into(),
    );
    CallToolResult::structured(Value::Object(body))
}
