//! A regenerated client in a scratch crate: what the catalog gives after a spec edit, built and
//! exercised by a caller test, with no hand-written Rust of the workspace touched.
//!
//! Scratch crates build in `target/scratch-crates` (shared with the generator's fixture compile
//! test), so their dependencies are compiled once per checkout and reused by later runs.

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

/// Copies the catalog's `*.yaml` files into `to`.
pub fn copy_catalog(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(workspace_root().join("spec/workos")).unwrap() {
        let path = entry.unwrap().path();
        if path
            .extension()
            .is_some_and(|extension| extension == "yaml")
        {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

/// Renders the catalog of `spec` into a crate under `scratch`, adds `caller` as its test
/// `tests/call.rs`, builds it and runs that test; panics with cargo's output when either fails.
pub fn build_and_call(scratch: &Path, spec: &Path, caller: &str) {
    let root = workspace_root();
    let catalog = actionspec_catalog::load::load_paths(&[spec.to_path_buf()])
        .unwrap_or_else(|diagnostics| panic!("the edited catalog is invalid:\n{diagnostics}"));
    let crate_dir = scratch.join("client");
    let files = codegen::emit::render(&catalog).unwrap();
    codegen::output::write_files(&crate_dir, &files).unwrap();
    std::fs::write(crate_dir.join("Cargo.toml"), scratch_manifest(&root)).unwrap();
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();
    std::fs::create_dir_all(crate_dir.join("tests")).unwrap();
    std::fs::write(crate_dir.join("tests/call.rs"), caller).unwrap();

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args([
            "test",
            "--quiet",
            "--offline",
            "--test",
            "call",
            "--manifest-path",
        ])
        .arg(crate_dir.join("Cargo.toml"))
        .env(
            "CARGO_TARGET_DIR",
            root.join("target/scratch-crates/target"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the regenerated client did not build or its call failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The workspace's own dependency line for `name` (`serde = { version = "1", ... }`), with path
/// dependencies made absolute, so the scratch crate resolves exactly what the workspace does.
fn workspace_dependency(root: &Path, manifest: &str, name: &str) -> String {
    let line = manifest
        .lines()
        .find(|line| line.split('=').next().is_some_and(|key| key.trim() == name))
        .unwrap_or_else(|| panic!("`{name}` is not a workspace dependency"));
    line.replace("path = \"", &format!("path = \"{}/", root.display()))
}

/// Turns `generated/Cargo.toml` into a standalone manifest, dependency by dependency, with
/// tokio added for the caller.
fn scratch_manifest(root: &Path) -> String {
    let workspace = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let generated = std::fs::read_to_string(root.join("generated/Cargo.toml")).unwrap();
    let mut manifest = String::from(
        "[package]\nname = \"workos-client\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n",
    );
    let mut section = "";
    for line in generated.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line;
            if matches!(
                section,
                "[features]" | "[dependencies]" | "[dev-dependencies]"
            ) {
                manifest.push_str(&format!("\n{section}\n"));
                if section == "[dev-dependencies]" {
                    manifest.push_str(&workspace_dependency(root, &workspace, "tokio"));
                    manifest.push('\n');
                }
            }
            continue;
        }
        let copied = matches!(
            section,
            "[features]" | "[dependencies]" | "[dev-dependencies]"
        );
        if !copied || line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.strip_suffix(".workspace = true") {
            Some(name) if !(section == "[dev-dependencies]" && name == "tokio") => {
                manifest.push_str(&workspace_dependency(root, &workspace, name));
            }
            Some(_) => continue,
            None => manifest.push_str(line),
        }
        manifest.push('\n');
    }
    if !generated.contains("[dev-dependencies]") {
        manifest.push_str("\n[dev-dependencies]\n");
        manifest.push_str(&workspace_dependency(root, &workspace, "tokio"));
        manifest.push('\n');
    }
    manifest
}
