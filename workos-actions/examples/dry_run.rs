//! The request the typed client builds for one action, printed as `call --dry-run` prints it
//! and not sent, for any action of the catalog: those withheld from agents too, which every
//! agent surface (`call` included) refuses by name. The SDK fidelity check
//! (`tools/sdk-fidelity/fidelity.py`) reaches those actions through it.
//!
//! Usage: `dry_run ACTION 'JSON ARGUMENTS'`, with `WORKOS_BASE_URL` read as the client reads it.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(action), Some(json), None) = (args.next(), args.next(), args.next()) else {
        eprintln!("usage: dry_run ACTION 'JSON ARGUMENTS'");
        return ExitCode::from(2);
    };
    let arguments: serde_json::Value = match serde_json::from_str(&json) {
        Ok(arguments) => arguments,
        Err(error) => {
            eprintln!("dry_run: the arguments are not JSON: {error}");
            return ExitCode::from(2);
        }
    };
    // Nothing is sent, so no key is needed; the printed request redacts it anyway.
    let engine = actionspec_runtime::Engine::builder(&workos_client::descriptors::API)
        .from_env()
        .api_key("sk_dry_run")
        .build();
    match engine.and_then(|engine| engine.dry_run_json(&action, arguments)) {
        Ok(request) => {
            println!("{}", request.to_json());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("dry_run: {error}");
            ExitCode::FAILURE
        }
    }
}
