//! `cargo run -p codegen -- generate | check | validate | drift | import`: the maintainers' entry
//! point.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Deserialize;

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
        /// Catalog folders or files, relative to the current folder [default: `spec` of the
        /// workspace's `[workspace.metadata.actionspec]`].
        specs: Vec<PathBuf>,
    },
    /// Report where the catalog and the vendor's OpenAPI document disagree. Exit status: 0
    /// when every difference is declared in the spec, 1 when there is undeclared drift, 2 when
    /// the document or the catalog cannot be read.
    Drift(DriftArgs),
    /// Print a catalog entry for an operation of the vendor's OpenAPI document: the action and
    /// the models and enums it needs that the catalog lacks, ready to paste into a spec file.
    Import(ImportArgs),
}

#[derive(clap::Args)]
struct ImportArgs {
    /// The vendor's OpenAPI 3.0 or 3.1 document, YAML or JSON.
    #[arg(long)]
    openapi: PathBuf,
    /// The operation: its operationId, or "METHOD /path".
    #[arg(long)]
    operation: String,
    /// The action's name [default: made from the path, as the catalog names its actions].
    #[arg(long)]
    name: Option<String>,
    /// Catalog folder or file, relative to the current folder; repeat for several [default:
    /// `spec` of the workspace's `[workspace.metadata.actionspec]`].
    #[arg(long = "spec")]
    specs: Vec<PathBuf>,
}

#[derive(clap::Args)]
struct DriftArgs {
    /// The vendor's OpenAPI 3.0 or 3.1 document, YAML or JSON.
    #[arg(long)]
    openapi: PathBuf,
    /// Catalog folder or file, relative to the current folder; repeat for several [default:
    /// `spec` of the workspace's `[workspace.metadata.actionspec]`].
    #[arg(long = "spec")]
    specs: Vec<PathBuf>,
    /// Print the findings as JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct Paths {
    /// Catalog folder or file, relative to the current folder; repeat for several [default:
    /// `spec` of the workspace's `[workspace.metadata.actionspec]`].
    #[arg(long = "spec")]
    specs: Vec<PathBuf>,
    /// Output folder, relative to the current folder [default: `out` of the workspace's
    /// `[workspace.metadata.actionspec]`].
    #[arg(long)]
    out: Option<PathBuf>,
}

const REGENERATE: &str = "cargo run -p codegen -- generate";

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate(paths) => resolve_paths(paths).map(|(specs, out)| generate(&specs, &out)),
        Command::Check(paths) => resolve_paths(paths).map(|(specs, out)| check(&specs, &out)),
        Command::Validate { specs } => spec_paths(specs).map(|specs| validate(&specs)),
        Command::Drift(args) => drift(args),
        Command::Import(args) => import(args),
    };
    result.unwrap_or_else(|message| {
        eprintln!("error: {message}");
        ExitCode::FAILURE
    })
}

/// The folders a command works on: the ones given, as given (relative to the current folder),
/// and the workspace's own for the ones left out.
///
/// Paths are resolved at run time, never from where the binary was built: a binary built in
/// one checkout and run in another (a moved folder, a restored cache, `cargo install`) works on
/// the checkout it runs in.
fn resolve_paths(paths: Paths) -> Result<(Vec<PathBuf>, PathBuf), String> {
    let specs = spec_paths(paths.specs)?;
    let out = match paths.out {
        Some(out) => out,
        None => workspace_defaults()?.out,
    };
    Ok((specs, out))
}

fn spec_paths(specs: Vec<PathBuf>) -> Result<Vec<PathBuf>, String> {
    if specs.is_empty() {
        Ok(workspace_defaults()?.spec)
    } else {
        Ok(specs)
    }
}

/// The nearest folder at or above the current one whose `Cargo.toml` declares a `[workspace]`,
/// as a relative path (`.`, `..`, `../..`) so that diagnostics stay short and clickable from
/// where the command runs.
fn workspace_root() -> Result<PathBuf, String> {
    let here = std::env::current_dir()
        .map_err(|error| format!("cannot read the current folder: {error}"))?;
    let mut relative = PathBuf::new();
    for folder in here.ancestors() {
        let manifest = folder.join("Cargo.toml");
        if std::fs::read_to_string(&manifest)
            .is_ok_and(|text| text.lines().any(|line| line.trim() == "[workspace]"))
        {
            return Ok(relative);
        }
        relative.push("..");
    }
    Err(format!(
        "no Cargo workspace at or above {}; run the command inside the repository, or name the \
         folders with --spec and --out",
        here.display()
    ))
}

/// The part of the workspace manifest that says where the catalog and the output are.
#[derive(Deserialize)]
struct Manifest {
    workspace: ManifestWorkspace,
}

#[derive(Deserialize)]
struct ManifestWorkspace {
    #[serde(default)]
    metadata: ManifestMetadata,
}

#[derive(Deserialize, Default)]
struct ManifestMetadata {
    actionspec: Option<Defaults>,
}

/// `[workspace.metadata.actionspec]`: the folders a command works on when none is given,
/// relative to the workspace root.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Defaults {
    /// Catalog folders or files, merged in this order.
    spec: Vec<PathBuf>,
    /// The generated crate.
    out: PathBuf,
}

/// The workspace's default folders, relative to the current folder.
fn workspace_defaults() -> Result<Defaults, String> {
    let root = workspace_root()?;
    let manifest = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|error| format!("cannot read {}: {error}", manifest.display()))?;
    let parsed: Manifest =
        toml::from_str(&text).map_err(|error| format!("{}: {error}", manifest.display()))?;
    let missing = |what: &str| {
        format!(
            "{} {what}: add `[workspace.metadata.actionspec]` with `spec = [\"CATALOG FOLDER\"]` \
             and `out = \"OUTPUT FOLDER\"` (relative to it), or name the folders with --spec and \
             --out",
            manifest.display()
        )
    };
    match parsed.workspace.metadata.actionspec {
        None => Err(missing("has no `[workspace.metadata.actionspec]`")),
        Some(defaults) if defaults.spec.is_empty() => Err(missing(
            "names no catalog folder in `[workspace.metadata.actionspec]`",
        )),
        Some(defaults) => Ok(Defaults {
            spec: defaults.spec.iter().map(|spec| root.join(spec)).collect(),
            out: root.join(defaults.out),
        }),
    }
}

/// Loads and renders, printing every problem; `None` when there was one.
fn render(specs: &[PathBuf]) -> Option<Vec<codegen::emit::GeneratedFile>> {
    let catalog = match actionspec_catalog::load::load_paths(specs) {
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

fn generate(specs: &[PathBuf], out: &Path) -> ExitCode {
    let Some(files) = render(specs) else {
        return ExitCode::FAILURE;
    };
    match codegen::output::write_files(out, &files) {
        Ok(changed) if changed.is_empty() => {
            println!("{} is up to date ({} files)", out.display(), files.len());
            ExitCode::SUCCESS
        }
        Ok(changed) => {
            for path in &changed {
                println!("wrote {}", out.join(path).display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: writing {}: {error}", out.display());
            ExitCode::FAILURE
        }
    }
}

fn check(specs: &[PathBuf], out: &Path) -> ExitCode {
    let Some(files) = render(specs) else {
        return ExitCode::FAILURE;
    };
    let stale = codegen::output::stale_files(out, &files);
    if stale.is_empty() {
        println!("{} is up to date ({} files)", out.display(), files.len());
        return ExitCode::SUCCESS;
    }
    for path in &stale {
        eprintln!("stale: {}", out.join(path).display());
    }
    eprintln!(
        "{} is not what the catalog gives; run `{REGENERATE}`",
        out.display()
    );
    ExitCode::FAILURE
}

fn validate(specs: &[PathBuf]) -> ExitCode {
    match actionspec_catalog::load::load_paths(specs) {
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

/// Exit status of `drift` when the document or the catalog cannot be read.
const UNREADABLE: u8 = 2;

fn drift(args: DriftArgs) -> Result<ExitCode, String> {
    let specs = spec_paths(args.specs)?;
    let (catalog, places) = match actionspec_catalog::load::load_paths_mapped(&specs) {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return Ok(ExitCode::from(UNREADABLE));
        }
    };
    let operations = actionspec_openapi::document::Document::read(&args.openapi)
        .and_then(|document| document.operations());
    let operations = match operations {
        Ok(operations) => operations,
        Err(error) => {
            eprintln!("{error}");
            return Ok(ExitCode::from(UNREADABLE));
        }
    };
    let report = actionspec_openapi::drift::compare(&catalog, &places, &operations);
    if args.json {
        println!("{:#}", report.to_json());
    } else {
        print!("{}", report.to_text());
    }
    Ok(if report.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn import(args: ImportArgs) -> Result<ExitCode, String> {
    let specs = without_empty_files(spec_paths(args.specs)?);
    let catalog = match actionspec_catalog::load::load_paths(&specs) {
        Ok(catalog) => catalog,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return Ok(ExitCode::from(UNREADABLE));
        }
    };
    let operations = match actionspec_openapi::document::Document::read(&args.openapi)
        .and_then(|document| document.operations())
    {
        Ok(operations) => operations,
        Err(error) => {
            eprintln!("{error}");
            return Ok(ExitCode::from(UNREADABLE));
        }
    };
    let operation = actionspec_openapi::import::find(&operations, &args.operation)?;
    let entry = actionspec_openapi::import::entry(&catalog, operation, args.name.as_deref())?;
    print!("{entry}");
    Ok(ExitCode::SUCCESS)
}

/// The catalog files of these folders and files, less the empty ones: `codegen import ... >
/// spec/workos/new.yaml` creates its own output file, empty, before the catalog is read.
fn without_empty_files(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        let listed = path
            .is_dir()
            .then(|| std::fs::read_dir(&path).ok())
            .flatten();
        match listed {
            Some(entries) => {
                let mut found: Vec<PathBuf> = entries
                    .filter_map(|entry| Some(entry.ok()?.path()))
                    .filter(|file| {
                        file.extension()
                            .is_some_and(|extension| extension == "yaml")
                    })
                    .filter(|file| std::fs::metadata(file).is_ok_and(|meta| meta.len() > 0))
                    .collect();
                found.sort();
                files.extend(found);
            }
            None => files.push(path),
        }
    }
    files
}
