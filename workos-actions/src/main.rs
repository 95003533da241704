use clap::Parser;

fn main() -> std::process::ExitCode {
    workos_actions::run(workos_actions::Cli::parse())
}
