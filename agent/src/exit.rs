//! Exit codes of the command-line tool (the table is in the crate docs).

use std::process::ExitCode;

use actionspec_runtime::Error;

/// Success.
pub const OK: u8 = 0;
/// Internal failure: the output could not be written, a task failed.
pub const INTERNAL: u8 = 1;
/// Usage or invalid arguments; nothing was sent. (clap uses 2 for usage errors too.)
pub const USAGE: u8 = 2;
/// A write refused by the write policy or by the person; nothing was sent.
pub const REFUSED: u8 = 3;
/// The API answered 401 or 403.
pub const AUTH: u8 = 4;
/// Any other API error.
pub const API: u8 = 5;
/// No answer: connection failure or timeout.
pub const NETWORK: u8 = 6;
/// Configuration: missing key, bad base URL, missing or unreadable token setting.
pub const CONFIG: u8 = 7;

/// The exit code of a failed call.
pub fn code_of(error: &Error) -> u8 {
    match error {
        Error::InvalidArguments { .. }
        | Error::UnknownAction { .. }
        | Error::Unavailable { .. } => USAGE,
        Error::WriteRefused { .. } => REFUSED,
        Error::Unauthorized(_) | Error::Forbidden(_) => AUTH,
        Error::Transport { .. } | Error::Timeout { .. } => NETWORK,
        Error::Config(_) => CONFIG,
        _ => API,
    }
}

/// `code` as a process exit code.
pub fn exit(code: u8) -> ExitCode {
    ExitCode::from(code)
}
