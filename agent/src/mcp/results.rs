//! Tool results that report a failure, shared by the per-action and the dynamic tools.

use actionspec_runtime::Error;
use rmcp::model::{CallToolResult, ContentBlock};

use crate::Surface;

/// A failed call as a tool result the agent can read: the runtime's message, and for a key
/// the server's operator must fix, who fixes it.
pub(super) fn error_result(surface: Surface, error: &Error) -> CallToolResult {
    let mut text = error.to_string();
    if matches!(error, Error::Unauthorized(_) | Error::Forbidden(_)) {
        text.push_str(&format!(
            " The server's key comes from {}; the person running the server must fix it.",
            surface.api.api_key_env
        ));
    }
    text_error(text)
}

/// A tool result that is an error with `text`.
pub(super) fn text_error(text: String) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(text)])
}
