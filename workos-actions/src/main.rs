//! `workos-actions`: WorkOS from the command line.

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "workos-actions",
    about = "WorkOS actions from the command line"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve a local WorkOS emulator; prints its base URL as the first line.
    Emulator {
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Data to load at start.
        #[arg(long, value_enum)]
        seed: Option<Seed>,
        /// Accept only this API key (otherwise any key starting with `sk_`).
        #[arg(long, value_name = "KEY")]
        api_key: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Seed {
    /// Organizations, users, memberships, a connection, a directory, events.
    Demo,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Emulator {
            port,
            seed,
            api_key,
        } => {
            let mut emulator = workos_actions::emulator::emulator(matches!(seed, Some(Seed::Demo)));
            if let Some(key) = api_key {
                emulator = emulator.api_key(key);
            }
            match emulator.spawn(&format!("127.0.0.1:{port}")).await {
                Ok(running) => {
                    println!("{}", running.base_url());
                    running.wait().await;
                    std::process::ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("workos-actions emulator: {error}");
                    std::process::ExitCode::FAILURE
                }
            }
        }
    }
}
