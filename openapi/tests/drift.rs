//! The drift report: the catalog against an OpenAPI document, on fixtures written for the
//! tests (`tests/fixtures/openapi/`): a 3.1 YAML document and the same API as a 3.0 JSON one,
//! against the catalog loader's example API (`catalog/tests/fixtures/`) and the widgets of
//! `openapi/widgets.yaml`. `codegen drift` itself is tested in `codegen/tests/drift_command.rs`.

use std::path::{Path, PathBuf};

use actionspec_catalog::load::{Source, load_sources_mapped};
use actionspec_openapi::document::Document;
use actionspec_openapi::drift::{Kind, Report, compare};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn catalog_sources() -> Vec<Source> {
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalog/tests/fixtures/example-api.yaml");
    [
        ("example-api.yaml", example),
        (
            "openapi/widgets.yaml",
            fixtures().join("openapi/widgets.yaml"),
        ),
    ]
    .into_iter()
    .map(|(name, path)| Source {
        name: name.to_owned(),
        text: std::fs::read_to_string(path).unwrap(),
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

/// The catalog with `excluded.yaml` after it, and its report against the 3.1 document.
fn report_with_exclusions(edit: impl FnOnce(&mut actionspec_catalog::load::SourceMap)) -> Report {
    let mut sources = catalog_sources();
    sources.push(Source {
        name: "openapi/excluded.yaml".to_owned(),
        text: std::fs::read_to_string(fixtures().join("openapi/excluded.yaml")).unwrap(),
    });
    let (catalog, mut places) =
        load_sources_mapped(&sources).unwrap_or_else(|errors| panic!("{errors}"));
    edit(&mut places);
    let text = std::fs::read_to_string(fixtures().join("openapi/v31.yaml")).unwrap();
    let operations = Document::parse("v31.yaml", &text)
        .and_then(|document| document.operations())
        .unwrap_or_else(|error| panic!("{error}"));
    compare(&catalog, &places, &operations)
}

#[test]
fn an_uncovered_operation_is_drift_unless_excluded() {
    let without = report_for("v31.yaml");
    assert_eq!(without.uncovered.len(), 1);
    assert!(without.excluded.is_empty());
    assert_eq!(without.undeclared_count(), without.undeclared().count() + 1);
    assert!(
        without
            .to_text()
            .contains("[uncovered]:\n  GET /things (listThings)")
    );

    let report = report_with_exclusions(|_| {});
    assert!(report.uncovered.is_empty(), "{:?}", report.uncovered);
    assert_eq!(report.excluded.len(), 1);
    let excluded = &report.excluded[0];
    assert_eq!(
        (excluded.operation.method, excluded.operation.path.as_str()),
        ("GET", "/things")
    );
    assert_eq!(excluded.reason, "Things are listed by another tool.");
    assert_eq!(
        (excluded.at.file.as_str(), excluded.at.line),
        ("openapi/excluded.yaml", 4)
    );
    // Excluded is not covered: the coverage figure is unchanged, and says how many are excluded.
    assert_eq!((report.covered, report.operations), (5, 6));
    let text = report.to_text();
    assert!(
        text.contains("coverage: 5 of 6 operations, 1 declared excluded, by 6 available actions"),
        "{text}"
    );
    assert!(
        text.contains(
            "operations left out on purpose (1):\n  openapi/excluded.yaml:4:5: GET /things: \
             Things are listed by another tool."
        ),
        "{text}"
    );
    assert!(!text.contains("[uncovered]"), "{text}");

    let json = report.to_json();
    assert_eq!(json["coverage"]["excluded"], 1);
    assert_eq!(json["excluded"][0]["path"], "/things");
    assert_eq!(json["excluded"][0]["operation_id"], "listThings");
    assert_eq!(
        json["excluded"][0]["reason"],
        "Things are listed by another tool."
    );
    assert_eq!(json["uncovered"].as_array().unwrap().len(), 0);
    assert_eq!(json["undeclared"], report.undeclared_count());
}

#[test]
fn an_exclusion_of_nothing_left_out_is_stale() {
    let report = report_with_exclusions(|_| {});
    let stale: Vec<_> = report
        .undeclared()
        .filter(|finding| finding.kind == Kind::StaleExclusion)
        .collect();
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert_eq!(stale[0].owner, "DELETE /gizmos/{gizmoId}");
    assert_eq!(
        (stale[0].at.file.as_str(), stale[0].at.line),
        ("openapi/excluded.yaml", 5)
    );
    assert!(
        stale[0]
            .message
            .contains("the document has no such operation"),
        "{}",
        stale[0].message
    );
    assert!(!report.is_clean());
    assert!(report.to_text().contains("[stale_exclusion]"));

    // The loader refuses an exclusion of an action's own endpoint; one reaching the report
    // anyway (its placeholder named otherwise) is stale too.
    let report = report_with_exclusions(|places| {
        let mut covered = places.exclusions[0].clone();
        covered.path = "/widgets/{widget}".to_owned();
        covered.shape = "/widgets/{}".to_owned();
        places.exclusions.push(covered);
    });
    let stale: Vec<&str> = report
        .undeclared()
        .filter(|finding| finding.kind == Kind::StaleExclusion)
        .map(|finding| finding.message.as_str())
        .collect();
    assert_eq!(stale.len(), 2, "{stale:?}");
    assert!(
        stale.iter().any(|message| message.contains(
            "`GET /widgets/{widget}` is excluded, but an action \
                                                of the catalog covers it"
        )),
        "{stale:?}"
    );
}
