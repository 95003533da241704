//! `codegen drift`: the catalog against an OpenAPI document, on fixtures written for the tests
//! (`tests/fixtures/openapi/`): a 3.1 YAML document and the same API as a 3.0 JSON one.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use codegen::drift::{Kind, Report, compare};
use codegen::load::{Source, load_sources_mapped};
use codegen::openapi::Document;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn catalog_sources() -> Vec<Source> {
    ["example-api.yaml", "openapi/widgets.yaml"]
        .into_iter()
        .map(|name| Source {
            name: name.to_owned(),
            text: std::fs::read_to_string(fixtures().join(name)).unwrap(),
        })
        .collect()
}

fn report_for_text(name: &str, document: &str) -> Report {
    let (catalog, places) =
        load_sources_mapped(&catalog_sources()).unwrap_or_else(|errors| panic!("{errors}"));
    let operations = Document::parse(name, document)
        .and_then(|document| document.operations())
        .unwrap_or_else(|error| panic!("{error}"));
    compare(&catalog, &places, &operations)
}

fn report_for(fixture: &str) -> Report {
    let text = std::fs::read_to_string(fixtures().join("openapi").join(fixture)).unwrap();
    report_for_text(fixture, &text)
}

/// What a finding says, without where the document came from.
fn summary(report: &Report) -> Vec<(Kind, String, Option<String>, String, bool)> {
    report
        .findings
        .iter()
        .map(|finding| {
            (
                finding.kind,
                finding.owner.clone(),
                finding.name.clone(),
                finding.message.clone(),
                finding.declared.is_some(),
            )
        })
        .collect()
}

#[test]
fn every_kind_of_drift_is_found_at_its_catalog_entry() {
    let report = report_for("v31.yaml");
    insta::assert_snapshot!(report.to_text());
    let kinds: Vec<Kind> = report.undeclared().map(|finding| finding.kind).collect();
    for kind in [
        Kind::OperationMissing,
        Kind::ParamMissing,
        Kind::ParamExtra,
        Kind::ParamLocation,
        Kind::ParamType,
        Kind::ParamRequired,
        Kind::EnumValues,
        Kind::FieldMissing,
        Kind::FieldExtra,
        Kind::FieldType,
        Kind::StaleDeclaration,
    ] {
        assert!(kinds.contains(&kind), "no {kind} in {kinds:?}");
    }
    for finding in &report.findings {
        assert_eq!(finding.at.file, "openapi/widgets.yaml", "{finding:?}");
        assert!(finding.at.line > 1, "{finding:?}");
    }
    assert_eq!((report.covered, report.operations), (5, 6));
    assert_eq!(report.uncovered.len(), 1);
    assert_eq!(report.uncovered[0].path, "/things");
}

#[test]
fn declared_differences_are_listed_as_declared() {
    let report = report_for("v31.yaml");
    let declared: Vec<_> = report.declared().collect();
    assert_eq!(declared.len(), 1);
    assert_eq!(declared[0].kind, Kind::ParamMissing);
    assert_eq!(declared[0].name.as_deref(), Some("before"));
    assert_eq!(
        declared[0].declared.as_deref(),
        Some("Streams move forward only.")
    );
    assert!(
        report
            .undeclared()
            .all(|finding| finding.name.as_deref() != Some("before"))
    );
}

#[test]
fn openapi_3_0_json_and_3_1_yaml_read_alike() {
    // The 3.0 document writes nullable as `nullable: true` (also beside an `allOf`), answers
    // and bodies through `components.responses` and `components.requestBodies`, and an enum
    // of one value instead of `const`.
    assert_eq!(
        summary(&report_for("v30.json")),
        summary(&report_for("v31.yaml"))
    );
}

#[test]
fn placeholder_names_may_differ() {
    let report = report_for("v31.yaml");
    for finding in &report.findings {
        let about_ids = matches!(
            finding.name.as_deref(),
            Some("id" | "widgetId" | "part_id" | "partId")
        );
        assert!(!about_ids, "{finding:?}");
    }
}

const HEAD: &str = "openapi: 3.1.0\ninfo: { title: t, version: \"1\" }\n";

#[test]
fn status_and_answer_types_are_compared() {
    let document = format!(
        "{HEAD}paths:
  /widgets/{{id}}:
    delete:
      responses:
        \"202\": {{ description: Accepted. }}
  /gadgets/{{id}}:
    get:
      responses:
        \"200\":
          content:
            application/json:
              schema: {{ type: array, items: {{ type: string }} }}
"
    );
    let report = report_for_text("inline.yaml", &document);
    let status = report
        .findings
        .iter()
        .find(|finding| finding.kind == Kind::Status)
        .expect("a status finding");
    assert!(
        status
            .message
            .contains("204 in the catalog, 202 in the document"),
        "{status:?}"
    );
    let answer = report
        .findings
        .iter()
        .find(|finding| finding.kind == Kind::AnswerType)
        .expect("an answer finding");
    assert!(
        answer
            .message
            .contains("`Widget` in the catalog, `list<string>`"),
        "{answer:?}"
    );
}

#[test]
fn reference_cycles_and_chains_end() {
    // A schema that is nothing but a reference to another that refers back, and an object
    // whose property refers to itself through a chain.
    let document = format!(
        "{HEAD}paths:
  /widgets/{{id}}:
    get:
      responses:
        \"200\":
          content:
            application/json:
              schema: {{ $ref: \"#/components/schemas/A\" }}
  /widgets/{{id}}/parts/{{part_id}}:
    get:
      responses:
        \"200\":
          content:
            application/json:
              schema: {{ $ref: \"#/components/schemas/Loop1\" }}
components:
  schemas:
    A: {{ $ref: \"#/components/schemas/B\" }}
    B: {{ type: object, properties: {{ parent: {{ $ref: \"#/components/schemas/C\" }} }} }}
    C: {{ $ref: \"#/components/schemas/A\" }}
    Loop1: {{ $ref: \"#/components/schemas/Loop2\" }}
    Loop2: {{ $ref: \"#/components/schemas/Loop1\" }}
"
    );
    let report = report_for_text("cycles.yaml", &document);
    assert!(
        report
            .findings
            .iter()
            .any(|finding| finding.kind == Kind::FieldExtra && finding.owner == "Widget"),
        "{}",
        report.to_text()
    );
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
    for source in catalog_sources() {
        let name = source.name.replace('/', "-");
        std::fs::write(spec.join(name), source.text).unwrap();
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
    let drifting = run_drift(folder.path(), &fixtures().join("openapi/v31.yaml"), &[]);
    assert_eq!(drifting.status.code(), Some(1));
    let text = String::from_utf8_lossy(&drifting.stdout);
    assert!(text.contains("[param_location]"), "{text}");

    let json = run_drift(
        folder.path(),
        &fixtures().join("openapi/v30.json"),
        &["--json"],
    );
    assert_eq!(json.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON output");
    let findings = value["findings"].as_array().unwrap();
    assert_eq!(findings.len(), report_for("v30.json").findings.len());
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
