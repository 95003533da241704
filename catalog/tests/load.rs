//! The loader on valid catalogs: defaults, merging, pagination parameters.

use actionspec_catalog::load::{Source, load_sources};
use actionspec_catalog::model::{Access, Endpoint, Location, Method, Type};

fn source(name: &str, text: &str) -> Source {
    Source {
        name: name.to_owned(),
        text: text.to_owned(),
    }
}

const API: &str = include_str!("fixtures/example-api.yaml");

const WIDGETS: &str = r#"
actions:
  ex_widgets_list:
    summary: List widgets
    resource: widget
    operation: list
    access: read
    method: GET
    path: /widgets
    paginated: true
    params:
      colors: { in: query, type: "list<Color>" }
    returns: Widget
  ex_widget_delete:
    summary: Delete a widget
    resource: widget
    operation: delete
    access: write
    method: DELETE
    path: /widgets/{id}/{color}
    status: 204
    params:
      id: { in: path, type: string, doc: "Widget id." }
      color: { in: path, type: Color }
      reason: { in: body, type: string }
  ex_widget_create:
    summary: Create a widget
    resource: widget
    operation: create
    access: write
    method: POST
    path: /widgets
    status: 201
    params:
      name: { in: body, type: string, required: true, max_length: 10 }
      tags: { in: body, type: "map<string,string>", max_items: 5, key_max_length: 40 }
      size: { in: body, type: integer }
      shape: { in: body, type: string }
    constraints:
      - at_most_one: [size, shape]
    returns: Widget
  ex_widget_get:
    summary: Get a widget
    resource: widget
    operation: get
    access: read
    unavailable:
      reason: There is no such endpoint.
      alternatives: [ex_widgets_list]
models:
  Widget:
    object: widget
    id_prefix: wid_
    fields:
      id: string
      color: { type: Color, nullable: true }
      parts: list<Widget>
enums:
  Color:
    values: [red, green]
"#;

#[test]
fn loads_merges_and_applies_defaults() {
    let catalog = load_sources(&[source("api.yaml", API), source("widgets.yaml", WIDGETS)])
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let names: Vec<&str> = catalog
        .actions
        .iter()
        .map(|action| action.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "ex_widget_create",
            "ex_widget_delete",
            "ex_widget_get",
            "ex_widgets_list"
        ]
    );

    let create = &catalog.actions[0];
    assert!(
        !create.idempotent,
        "a POST is not idempotent unless the spec says so"
    );
    assert!(!create.destructive);
    assert!(matches!(
        create.endpoint,
        Endpoint::Http {
            method: Method::Post,
            status: 201,
            ..
        }
    ));
    assert_eq!(create.constraints[0].params, ["size", "shape"]);

    let delete = &catalog.actions[1];
    assert!(delete.destructive && delete.idempotent);
    assert_eq!(delete.access, Access::Write);
    assert!(
        delete.params[0].required,
        "path parameters are always required"
    );
    assert_eq!(delete.returns, None);
    assert_eq!(
        (&delete.params[1].ty, delete.params[2].location),
        (&Type::Enum("Color".into()), Location::Body),
        "a path parameter may be an enum, and a DELETE may carry a body"
    );

    let get = &catalog.actions[2];
    assert!(!get.is_available());

    let list = &catalog.actions[3];
    let params: Vec<(&str, Location)> = list
        .params
        .iter()
        .map(|param| (param.name.as_str(), param.location))
        .collect();
    assert_eq!(
        params,
        [
            ("colors", Location::Query),
            ("limit", Location::Query),
            ("after", Location::Query)
        ]
    );
    assert_eq!(
        list.params[0].ty,
        Type::List(Box::new(Type::Enum("Color".into())))
    );
    assert_eq!(list.returns, Some(Type::Model("Widget".into())));
    assert_eq!(
        catalog.api.pagination.next_cursor,
        ["list_metadata", "after"]
    );

    let widget = catalog.model("Widget").unwrap();
    assert!(widget.fields[1].nullable);
    assert_eq!(widget.id_prefix.as_deref(), Some("wid_"));
}

#[test]
fn loading_twice_gives_the_same_catalog() {
    let sources = [source("api.yaml", API), source("widgets.yaml", WIDGETS)];
    assert_eq!(load_sources(&sources), load_sources(&sources));
}

/// Nesting tens of thousands of levels deep (a few hundred kilobytes) is refused with a located
/// error, in a test thread's small stack, instead of overflowing it; nesting just under the
/// limit parses.
#[test]
fn deep_nesting_is_refused_before_it_can_overflow_the_stack() {
    let levels = 50_000;
    let cases = [
        (
            "sequences.yaml",
            format!("actions:\n{}a\n", "- ".repeat(levels)),
        ),
        ("keys.yaml", format!("{}a\n", "? ".repeat(levels))),
        (
            "flow.yaml",
            format!("actions: {}{}\n", "[".repeat(levels), "]".repeat(levels)),
        ),
        (
            "maps.yaml",
            format!(
                "actions: {}1{}\n",
                "{a: ".repeat(levels),
                "}".repeat(levels)
            ),
        ),
    ];
    for (name, text) in cases {
        let diagnostics = load_sources(&[source("api.yaml", API), source(name, &text)])
            .expect_err("a deeply nested file must be refused");
        let located = diagnostics
            .iter()
            .find(|diagnostic| diagnostic.location.file == name)
            .unwrap_or_else(|| panic!("no diagnostic in {name}: {diagnostics}"));
        assert!(located.location.line >= 1, "{located}");
    }
    let shallow = format!("actions:\n{}a\n", "- ".repeat(60));
    let diagnostics = load_sources(&[source("api.yaml", API), source("ok.yaml", &shallow)])
        .expect_err("a sequence of sequences is not an actions mapping");
    assert!(
        !diagnostics.to_string().contains("nests deeper"),
        "{diagnostics}"
    );
}

#[test]
fn secret_fields_and_actions_withheld_from_agents_reach_the_model() {
    use actionspec_catalog::model::Agents;
    let text = r#"
actions:
  ex_key_verify:
    summary: Verify a one-time code
    resource: key
    operation: other
    access: write
    method: POST
    path: /keys/{id}/verify
    agents:
      available: false
      reason: >-
        It takes a person's one-time code.
    params:
      id: { in: path, type: string, required: true }
      code: { in: body, type: string, required: true }
    returns: Key
  ex_key_get:
    summary: Get a key
    resource: key
    operation: get
    access: read
    method: GET
    path: /keys/{id}
    params:
      id: { in: path, type: string, required: true }
    returns: Key
models:
  Key:
    fields:
      id: string
      value: { type: string, secret: true }
      codes: { type: "list<string>", required: false, nullable: true, secret: true }
      hints: { type: "map<string,list<string>>", required: false, secret: true }
      label: { type: string, secret: false }
"#;
    let catalog = load_sources(&[source("api.yaml", API), source("keys.yaml", text)])
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let key = catalog.model("Key").unwrap();
    let secret: Vec<(&str, bool)> = key
        .fields
        .iter()
        .map(|field| (field.name.as_str(), field.secret))
        .collect();
    assert_eq!(
        secret,
        [
            ("id", false),
            ("value", true),
            ("codes", true),
            ("hints", true),
            ("label", false)
        ]
    );
    let action = |name: &str| catalog.actions.iter().find(|a| a.name == name).unwrap();
    assert_eq!(
        action("ex_key_verify").agents,
        Agents::Withheld {
            reason: "It takes a person's one-time code.".to_owned()
        }
    );
    assert!(action("ex_key_verify").is_available(), "still callable");
    assert_eq!(action("ex_key_get").agents, Agents::Offered);
}
