//! `call`: one action through the engine, the result as JSON on stdout.

use std::io::{BufRead, IsTerminal, Write};

use actionspec_runtime::{
    ActionDescriptor, Decision, Endpoint, Error, Returns, WritePolicy, WriteRequest,
};
use futures::StreamExt;

use super::show::{pretty, print, unknown_action};
use super::{CallArgs, args};
use crate::secrets::{self, Secrets};
use crate::{Surface, describe, exit};

pub(super) async fn call(surface: Surface, call: CallArgs) -> u8 {
    let action = match find(surface, &call.action) {
        Ok(action) => action,
        Err(code) => return code,
    };
    let arguments = match args::build(action, call.json.as_deref(), &call.pairs) {
        Ok(arguments) => arguments,
        Err(message) => {
            eprintln!("{}: {message}", surface.program);
            return exit::USAGE;
        }
    };
    if call.all_pages && !action.is_paginated() {
        eprintln!(
            "{}: --all-pages needs a list action; {} answers one value",
            surface.program, action.name
        );
        return exit::USAGE;
    }
    // A dry run and a browser page's URL send nothing, so they need no key.
    let sends = !call.dry_run && !action.is_browser();
    let has_key = surface.has_key();
    if !has_key && sends {
        eprintln!("{}", surface.missing_key_message());
        return exit::CONFIG;
    }
    let policy = if call.read_only {
        WritePolicy::ReadOnly
    } else {
        person_policy(call.yes)
    };
    let mut builder = crate::engine_builder(surface).write_policy(policy);
    if !has_key {
        // Nothing is sent (a dry run shows the request with the key redacted).
        builder = builder.api_key("no-key-as-nothing-is-sent");
    }
    let engine = match builder.build() {
        Ok(engine) => engine,
        Err(error) => return report(surface, &error),
    };

    if action.is_browser() {
        // The URL on the configured base URL, for the user's browser.
        return match engine.url_json(action.name, arguments) {
            Ok(url) => print(&pretty(&serde_json::json!({ "url": url }))),
            Err(error) => report(surface, &error),
        };
    }
    if call.dry_run {
        return match engine.dry_run_json(action.name, arguments) {
            Ok(request) => print(&pretty(&request.to_json())),
            Err(error) => report(surface, &error),
        };
    }
    let secrets = Secrets::from_flag(call.show_secrets);
    if secrets == Secrets::Shown {
        eprintln!("{}", secrets::warning(surface.program, "on stdout"));
    }
    if call.all_pages {
        return all_pages(surface, &engine, action, arguments, secrets).await;
    }
    match engine.call_json(action.name, arguments).await {
        Ok(mut value) => {
            secrets.apply(surface.api, action, &mut value);
            print(&pretty(&value))
        }
        Err(error) => report(surface, &error),
    }
}

fn find(surface: Surface, name: &str) -> Result<&'static ActionDescriptor, u8> {
    let Some(action) = surface.api.action(name) else {
        return Err(unknown_action(surface, name));
    };
    if let Endpoint::Unavailable {
        reason,
        alternatives,
    } = action.endpoint
    {
        let instead = if alternatives.is_empty() {
            String::new()
        } else {
            format!("; use instead: {}", alternatives.join(", "))
        };
        eprintln!(
            "{}: {} is not available: {reason}{instead}",
            surface.program, action.name
        );
        return Err(exit::USAGE);
    }
    if let Some(refusal) = describe::withheld(action) {
        eprintln!("{}: {refusal}", surface.program);
        return Err(exit::USAGE);
    }
    Ok(action)
}

/// Every item of every page as a JSON line; a progress line on stderr when it is a terminal.
async fn all_pages(
    surface: Surface,
    engine: &actionspec_runtime::Engine,
    action: &'static ActionDescriptor,
    arguments: serde_json::Value,
    secrets: Secrets,
) -> u8 {
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_message(format!("{}: 0 items", action.name));
        bar
    });
    let mut items = engine.stream_json(action.name, arguments);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut count: u64 = 0;
    let mut code = exit::OK;
    while let Some(item) = items.next().await {
        match item {
            Ok(mut item) => {
                if let Returns::Page(ty) = action.returns {
                    secrets.apply_to(surface.api, ty, &mut item);
                }
                let written = serde_json::to_writer(&mut out, &item)
                    .map_err(std::io::Error::from)
                    .and_then(|()| out.write_all(b"\n"));
                if let Err(error) = written {
                    if error.kind() != std::io::ErrorKind::BrokenPipe {
                        eprintln!("could not write the output: {error}");
                        code = exit::INTERNAL;
                    }
                    break;
                }
                count += 1;
                if let Some(bar) = &progress {
                    bar.set_message(format!("{}: {count} items", action.name));
                    bar.tick();
                }
            }
            Err(error) => {
                let _ = out.flush();
                code = report(surface, &error);
                break;
            }
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if let Err(error) = out.flush()
        && error.kind() != std::io::ErrorKind::BrokenPipe
        && code == exit::OK
    {
        eprintln!("could not write the output: {error}");
        code = exit::INTERNAL;
    }
    code
}

/// The write policy of a command a person runs: every write sent with `--yes`, else asked on
/// the terminal, else (no terminal to ask on) refused with the way out.
pub fn person_policy(yes: bool) -> WritePolicy {
    if yes {
        WritePolicy::Allow
    } else if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        WritePolicy::confirm(ask_on_terminal)
    } else {
        WritePolicy::confirm(|_request| async {
            Decision::Refuse(
                "no terminal to ask for confirmation on; pass --yes to run this write".to_owned(),
            )
        })
    }
}

/// Shows the exact request on stderr and asks on the terminal.
pub async fn ask_on_terminal(request: WriteRequest) -> Decision {
    let answer = tokio::task::spawn_blocking(move || {
        let mut text = describe::write_request(&request);
        text.push_str("Send it? [y/N] ");
        eprint!("{text}");
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map(|_| line)
    })
    .await;
    match answer {
        Ok(Ok(line)) if matches!(line.trim(), "y" | "Y" | "yes" | "YES" | "Yes") => Decision::Allow,
        _ => Decision::Refuse("not confirmed at the terminal".to_owned()),
    }
}

/// Prints `error` on stderr and answers its exit code.
pub(crate) fn report(surface: Surface, error: &Error) -> u8 {
    let code = exit::code_of(error);
    let mut line = format!("{}: {error}", surface.program);
    if code == exit::AUTH {
        line.push_str(&format!(
            "\nhint: the key comes from {}; set it to a valid {} API key with the permissions this action needs",
            surface.api.api_key_env, surface.api.name
        ));
    }
    if code == exit::CONFIG && !surface.has_key() {
        line = surface.missing_key_message();
    }
    eprintln!("{line}");
    code
}
