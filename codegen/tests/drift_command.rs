//! `codegen drift` as a maintainer runs it: its exit status says whether all drift is declared,
//! `--json` gives the library's findings, and a document that cannot be read exits 2 saying
//! where and why. The fixtures are the drift report's own (`openapi/tests/fixtures/openapi/`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use actionspec_catalog::load::load_paths_mapped;
use actionspec_openapi::document::Document;
use actionspec_openapi::drift::{Report, compare};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixtures() -> PathBuf {
    repository().join("openapi/tests/fixtures/openapi")
}

const HEAD: &str = "openapi: 3.1.0\ninfo: { title: t, version: \"1\" }\n";

/// What the library reports for the catalog of `folder` and `document`.
fn library_report(folder: &Path, document: &Path) -> Report {
    let (catalog, places) = load_paths_mapped(&[folder.join("spec")])
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let operations = Document::read(document)
        .and_then(|document| document.operations())
        .unwrap_or_else(|error| panic!("{error}"));
    compare(&catalog, &places, &operations)
}

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .output()
        .expect("the codegen binary runs")
}

/// A catalog folder with the fixture catalog, and the document given (if any) beside it.
fn workspace(document: Option<(&str, &str)>) -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    let spec = folder.path().join("spec");
    std::fs::create_dir(&spec).unwrap();
    for (from, name) in [
        (
            repository().join("catalog/tests/fixtures/example-api.yaml"),
            "example-api.yaml",
        ),
        (fixtures().join("widgets.yaml"), "openapi-widgets.yaml"),
    ] {
        std::fs::copy(from, spec.join(name)).unwrap();
    }
    if let Some((name, text)) = document {
        std::fs::write(folder.path().join(name), text).unwrap();
    }
    folder
}

fn run_drift(folder: &Path, document: &Path, extra: &[&str]) -> Output {
    let spec = folder.join("spec");
    let mut args = vec![
        "drift",
        "--spec",
        spec.to_str().unwrap(),
        "--openapi",
        document.to_str().unwrap(),
    ];
    args.extend(extra);
    codegen(&args)
}

#[test]
fn exit_status_says_whether_all_drift_is_declared() {
    let folder = workspace(None);
    let drifting = run_drift(folder.path(), &fixtures().join("v31.yaml"), &[]);
    assert_eq!(drifting.status.code(), Some(1));
    let text = String::from_utf8_lossy(&drifting.stdout);
    assert!(text.contains("[param_location]"), "{text}");

    let json = run_drift(folder.path(), &fixtures().join("v30.json"), &["--json"]);
    assert_eq!(json.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON output");
    let findings = value["findings"].as_array().unwrap();
    let report = library_report(folder.path(), &fixtures().join("v30.json"));
    assert_eq!(findings.len(), report.findings.len());
    assert!(
        findings
            .iter()
            .all(|finding| finding["line"].as_u64() > Some(1))
    );
    assert_eq!(value["coverage"]["operations"], 6);

    // The same API with every difference gone but the declared one: exit 0.
    let clean = format!(
        "{HEAD}paths:
  /widgets:
    get:
      parameters:
        - {{ name: color, in: query, schema: {{ type: string, enum: [red, green, blue] }} }}
        - {{ name: owner, in: query, schema: {{ type: string }} }}
        - {{ name: before, in: query, schema: {{ type: string }} }}
        - {{ name: limit, in: query, schema: {{ type: integer }} }}
        - {{ name: after, in: query, schema: {{ type: string }} }}
"
    );
    let folder = workspace(Some(("clean.yaml", &clean)));
    let mut catalog =
        std::fs::read_to_string(folder.path().join("spec/openapi-widgets.yaml")).unwrap();
    // Keep only the list action: the others have no operation in this document.
    let cut = catalog.find("  ex_widget_get:").unwrap();
    let models = catalog.find("\nmodels:").unwrap();
    catalog.replace_range(cut..models, "");
    std::fs::write(folder.path().join("spec/openapi-widgets.yaml"), catalog).unwrap();
    let output = run_drift(folder.path(), &folder.path().join("clean.yaml"), &[]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.contains("0 undeclared difference(s), 1 declared"),
        "{text}"
    );
}

#[test]
fn an_unreadable_document_exits_2_with_where_and_why() {
    let cases = [
        (
            "syntax.yaml",
            "openapi: 3.1.0\npaths: [unclosed\n",
            "syntax.yaml:3:1",
        ),
        (
            "swagger.yaml",
            "swagger: \"2.0\"\npaths: {}\n",
            "no `openapi` version",
        ),
        (
            "old.yaml",
            "openapi: 2.0.0\npaths: {}\n",
            "only 3.0 and 3.1",
        ),
        (
            "dangling.yaml",
            "openapi: 3.0.0\npaths:\n  /widgets/{id}:\n    get:\n      responses:\n        \"200\":\n          content:\n            application/json:\n              schema: { $ref: \"#/components/schemas/Nope\" }\n",
            "dangling.yaml:9:23: `$ref: #/components/schemas/Nope` names nothing",
        ),
        (
            "remote.yaml",
            "openapi: 3.0.0\npaths:\n  /widgets/{id}:\n    get:\n      responses:\n        \"200\":\n          content:\n            application/json:\n              schema: { $ref: \"other.yaml#/X\" }\n",
            "is not local",
        ),
        (
            "deep.yaml",
            &format!("openapi: 3.1.0\nx:\n{}a\n", "- ".repeat(50_000)),
            "deep.yaml:3:1",
        ),
    ];
    for (name, text, expected) in cases {
        let folder = workspace(Some((name, text)));
        let output = run_drift(folder.path(), &folder.path().join(name), &[]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert!(output.stdout.is_empty(), "{name}");
    }
    let folder = workspace(None);
    let missing = run_drift(folder.path(), &folder.path().join("absent.yaml"), &[]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("absent.yaml:1:1: cannot read"));
}
