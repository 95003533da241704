//! Adding an action is a spec edit only: a copy of the catalog gains a new read action, the
//! generator regenerates the client into a scratch crate, and code calling the new method builds
//! and runs against a loopback server. No hand-written Rust is touched.
//!
//! The scratch crate builds in `target/scratch-crates` (shared with the generator's fixture
//! compile test), so the dependencies are compiled once per checkout and reused by later runs.

use std::path::{Path, PathBuf};
use std::process::Command;

const NEW_ACTION: &str = r#"
actions:
  workos_organization_get_by_external_id:
    summary: Get an organization by its external id
    description: Looks up the organization whose `external_id` you set at creation.
    resource: organization
    operation: get
    access: read
    method: GET
    path: /organizations/external_id/{external_id}
    params:
      external_id: { in: path, type: string, max_length: 128, doc: "Your own id for the organization." }
    returns: Organization
"#;

/// Calls the new method against a one-shot loopback server and checks what crossed the wire.
const CALLER: &str = r##"
use std::io::{BufRead, BufReader, Write};

#[tokio::test]
async fn the_new_action_is_callable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut request_line = String::new();
        reader.read_line(&mut request_line).unwrap();
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 2 {
            line.clear();
        }
        let body = r#"{"object":"organization","id":"org_1","name":"Acme","external_id":"ext/1","domains":[],"metadata":{},"allow_profiles_outside_organization":false,"created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-01T00:00:00.000Z"}"#;
        let mut stream = stream;
        write!(
            stream,
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}",
            body.len(),
            body
        )
        .unwrap();
        request_line
    });

    let client: workos_client::Client = workos_client::Client::builder()
        .api_key("sk_test_extension")
        .base_url(&base_url)
        .build()
        .unwrap()
        .into();
    let organization = client
        .organization_get_by_external_id(
            workos_client::params::OrganizationGetByExternalIdParams::new("ext/1"),
        )
        .await
        .unwrap();
    assert_eq!(organization.id, "org_1");
    assert_eq!(organization.name, "Acme");
    let request_line = server.join().unwrap();
    assert_eq!(request_line.trim_end(), "GET /organizations/external_id/ext%2F1 HTTP/1.1");
    assert!(workos_client::descriptors::API.action("workos_organization_get_by_external_id").is_some());
}
"##;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
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

#[test]
fn a_new_read_action_needs_only_a_spec_edit() {
    let root = workspace_root();
    let scratch = tempfile::tempdir().unwrap();

    // A copy of the catalog, plus one file with the new action.
    let spec = scratch.path().join("spec");
    std::fs::create_dir_all(&spec).unwrap();
    for entry in std::fs::read_dir(root.join("spec/workos")).unwrap() {
        let path = entry.unwrap().path();
        if path
            .extension()
            .is_some_and(|extension| extension == "yaml")
        {
            std::fs::copy(&path, spec.join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(spec.join("zz_extension.yaml"), NEW_ACTION).unwrap();

    // Regenerate into a scratch crate with the generator's library.
    let catalog = codegen::load::load_paths(&[spec])
        .unwrap_or_else(|diagnostics| panic!("the extended catalog is invalid:\n{diagnostics}"));
    assert!(
        catalog
            .actions
            .iter()
            .any(|action| action.name == "workos_organization_get_by_external_id")
    );
    let crate_dir = scratch.path().join("client");
    let files = codegen::emit::render(&catalog).unwrap();
    codegen::output::write_files(&crate_dir, &files).unwrap();
    std::fs::write(crate_dir.join("Cargo.toml"), scratch_manifest(&root)).unwrap();
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();
    std::fs::create_dir_all(crate_dir.join("tests")).unwrap();
    std::fs::write(crate_dir.join("tests/call.rs"), CALLER).unwrap();

    // Build it and run the caller.
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
