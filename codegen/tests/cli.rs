//! The `codegen` binary as a maintainer runs it: folders come from where it runs, never from
//! where it was built, the default ones from the workspace manifest, and its help says each
//! default once.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn codegen(folder: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .current_dir(folder)
        .output()
        .expect("the codegen binary runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The workspace manifest of a checkout whose catalog is `spec` and output `out`.
fn manifest(spec: &str, out: &str) -> String {
    format!(
        "[workspace]\nmembers = []\n\n[workspace.metadata.actionspec]\nspec = [{spec:?}]\n\
         out = {out:?}\n"
    )
}

/// A second checkout: a workspace manifest, the catalog and the generated crate.
fn second_checkout() -> tempfile::TempDir {
    let checkout = tempfile::tempdir().unwrap();
    std::fs::write(
        checkout.path().join("Cargo.toml"),
        manifest("spec/workos", "generated"),
    )
    .unwrap();
    copy_folder(&repository().join("spec"), &checkout.path().join("spec"));
    copy_folder(
        &repository().join("generated"),
        &checkout.path().join("generated"),
    );
    std::fs::create_dir(checkout.path().join("nested")).unwrap();
    checkout
}

#[test]
fn a_binary_works_on_the_checkout_it_runs_in() {
    let checkout = second_checkout();
    let root = checkout.path();
    let fresh = codegen(root, &["check"]);
    assert!(fresh.status.success(), "{}", text(&fresh));

    // Edit the copy's catalog: the copy is stale, and says so from its root and below it.
    let file = root.join("spec/workos/organizations.yaml");
    let spec = std::fs::read_to_string(&file).unwrap();
    let edited = spec.replacen(
        "summary: Get an organization",
        "summary: Get one organization",
        1,
    );
    assert_ne!(spec, edited, "the fixture edit must change the catalog");
    std::fs::write(&file, edited).unwrap();
    for folder in [root.to_path_buf(), root.join("nested")] {
        let stale = codegen(&folder, &["check"]);
        assert!(!stale.status.success(), "{}", text(&stale));
        assert!(text(&stale).contains("stale:"), "{}", text(&stale));
    }

    // Regenerating from a nested folder rewrites the copy, and only the copy.
    let original = std::fs::read(repository().join("generated/src/client.rs")).unwrap();
    let generate = codegen(&root.join("nested"), &["generate"]);
    assert!(generate.status.success(), "{}", text(&generate));
    assert!(
        text(&generate).contains("wrote ../generated/"),
        "{}",
        text(&generate)
    );
    let client = std::fs::read_to_string(root.join("generated/src/client.rs")).unwrap();
    assert!(client.contains("Get one organization"));
    assert_eq!(
        std::fs::read(repository().join("generated/src/client.rs")).unwrap(),
        original
    );
    let fresh = codegen(root, &["check"]);
    assert!(fresh.status.success(), "{}", text(&fresh));
}

#[test]
fn given_paths_are_relative_to_the_current_folder() {
    let checkout = second_checkout();
    let nested = checkout.path().join("nested");
    let found = codegen(&nested, &["validate", "../spec/workos"]);
    assert!(found.status.success(), "{}", text(&found));
    let missing = codegen(&nested, &["validate", "spec/workos"]);
    assert!(!missing.status.success());
    assert!(
        text(&missing).contains("spec/workos:1:1: cannot read the file"),
        "{}",
        text(&missing)
    );
    let out = codegen(
        &nested,
        &["check", "--spec", "../spec/workos", "--out", "../generated"],
    );
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn outside_a_workspace_the_defaults_are_refused_with_the_way_out() {
    let folder = tempfile::tempdir().unwrap();
    let output = codegen(folder.path(), &["check"]);
    assert!(!output.status.success());
    let message = text(&output);
    assert!(message.contains("no Cargo workspace"), "{message}");
    assert!(message.contains("--spec and --out"), "{message}");
}

#[test]
fn the_default_folders_are_the_workspace_manifests() {
    let checkout = second_checkout();
    let root = checkout.path();
    std::fs::rename(root.join("spec/workos"), root.join("api")).unwrap();
    std::fs::rename(root.join("generated"), root.join("client")).unwrap();
    std::fs::write(root.join("Cargo.toml"), manifest("api", "client")).unwrap();
    let fresh = codegen(&root.join("nested"), &["check"]);
    assert!(fresh.status.success(), "{}", text(&fresh));
    assert!(
        text(&fresh).contains("../client is up to date"),
        "{}",
        text(&fresh)
    );
    let validate = codegen(root, &["validate"]);
    assert!(validate.status.success(), "{}", text(&validate));

    // Without the table, the defaults are refused with the way out; named folders still work.
    std::fs::write(root.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
    for command in ["check", "validate"] {
        let refused = codegen(root, &[command]);
        assert!(!refused.status.success());
        let message = text(&refused);
        assert!(
            message.contains("Cargo.toml has no `[workspace.metadata.actionspec]`"),
            "{message}"
        );
        assert!(message.contains("--spec and --out"), "{message}");
    }
    let named = codegen(root, &["check", "--spec", "api", "--out", "client"]);
    assert!(named.status.success(), "{}", text(&named));
}

#[test]
fn help_names_each_default_once() {
    for command in ["generate", "check"] {
        let output = codegen(&repository(), &[command, "--help"]);
        assert!(output.status.success());
        let help = text(&output);
        for line in help.lines().filter(|line| line.contains("--")) {
            assert!(line.matches("[default:").count() <= 1, "{line}");
        }
        assert!(help.contains("--out"), "{help}");
    }
}
