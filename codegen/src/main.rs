//! `cargo run -p codegen -- generate | check | validate`: the maintainer's entry point.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Regenerates, checks or validates the typed client from the action catalog.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate the catalog and rewrite the stale files of the output folder.
    Generate(Paths),
    /// Exit non-zero, naming the stale files, when the output folder differs from the catalog.
    Check(Paths),
    /// Validate the catalog only; nothing is written.
    Validate {
        /// Catalog folders or files [default: spec/workos].
        specs: Vec<PathBuf>,
    },
}

#[derive(clap::Args)]
struct Paths {
    /// Catalog folder or file; repeat for several [default: spec/workos].
    #[arg(long = "spec")]
    specs: Vec<PathBuf>,
    /// Output folder [default: generated].
    #[arg(long, default_value = "generated")]
    out: PathBuf,
}

const REGENERATE: &str = "cargo run -p codegen -- generate";

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Relative paths are taken from the workspace root, so the command works from any folder
    // of the repository and diagnostics read `spec/workos/file.yaml:line:col`.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    if let Err(error) = std::env::set_current_dir(&root) {
        eprintln!(
            "error: cannot enter the workspace root {}: {error}",
            root.display()
        );
        return ExitCode::FAILURE;
    }
    match cli.command {
        Command::Generate(paths) => generate(&paths),
        Command::Check(paths) => check(&paths),
        Command::Validate { specs } => validate(&specs),
    }
}

fn spec_paths(specs: &[PathBuf]) -> Vec<PathBuf> {
    if specs.is_empty() {
        vec![PathBuf::from("spec/workos")]
    } else {
        specs.to_vec()
    }
}

/// Loads and renders, printing every problem; `None` when there was one.
fn render(specs: &[PathBuf]) -> Option<Vec<codegen::emit::GeneratedFile>> {
    let catalog = match codegen::load::load_paths(&spec_paths(specs)) {
        Ok(catalog) => catalog,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            eprintln!("nothing was written");
            return None;
        }
    };
    match codegen::emit::render(&catalog) {
        Ok(files) => Some(files),
        Err(error) => {
            eprintln!("error: {error}");
            eprintln!("nothing was written");
            None
        }
    }
}

fn generate(paths: &Paths) -> ExitCode {
    let Some(files) = render(&paths.specs) else {
        return ExitCode::FAILURE;
    };
    match codegen::output::write_files(&paths.out, &files) {
        Ok(changed) if changed.is_empty() => {
            println!(
                "{} is up to date ({} files)",
                paths.out.display(),
                files.len()
            );
            ExitCode::SUCCESS
        }
        Ok(changed) => {
            for path in &changed {
                println!("wrote {}", paths.out.join(path).display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: writing {}: {error}", paths.out.display());
            ExitCode::FAILURE
        }
    }
}

fn check(paths: &Paths) -> ExitCode {
    let Some(files) = render(&paths.specs) else {
        return ExitCode::FAILURE;
    };
    let stale = codegen::output::stale_files(&paths.out, &files);
    if stale.is_empty() {
        println!(
            "{} is up to date ({} files)",
            paths.out.display(),
            files.len()
        );
        return ExitCode::SUCCESS;
    }
    for path in &stale {
        eprintln!("stale: {}", paths.out.join(path).display());
    }
    eprintln!(
        "{} is not what the catalog gives; run `{REGENERATE}`",
        paths.out.display()
    );
    ExitCode::FAILURE
}

fn validate(specs: &[PathBuf]) -> ExitCode {
    match codegen::load::load_paths(&spec_paths(specs)) {
        Ok(catalog) => {
            let available = catalog
                .actions
                .iter()
                .filter(|action| action.is_available())
                .count();
            println!(
                "ok: {} actions ({available} available), {} models, {} enums",
                catalog.actions.len(),
                catalog.models.len(),
                catalog.enums.len()
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            ExitCode::FAILURE
        }
    }
}
