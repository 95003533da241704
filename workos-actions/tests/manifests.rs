//! `workos-actions tools`: the definitions of every available action in the three formats
//! follow the rules tool hosts enforce.

mod support;

use serde_json::Value;
use support::{code, run, stdout};
use workos_client::descriptors::API;

fn manifest(format: &str, extra: &[&str]) -> Value {
    let mut args = vec!["tools", "--format", format];
    args.extend_from_slice(extra);
    let output = run(&args, &[("WORKOS_API_KEY", None)]);
    assert_eq!(code(&output), 0, "{}", support::stderr(&output));
    serde_json::from_str(&stdout(&output)).expect("the manifest is JSON")
}

fn available(read_only: bool) -> Vec<&'static actionspec_runtime::ActionDescriptor> {
    API.actions
        .iter()
        .copied()
        .filter(|action| action.is_for_agents() && !(read_only && action.is_write()))
        .collect()
}

fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// No `$ref` anywhere in the value.
fn assert_no_ref(value: &Value, tool: &str) {
    match value {
        Value::Object(map) => {
            assert!(!map.contains_key("$ref"), "{tool}: $ref in {value}");
            map.values().for_each(|value| assert_no_ref(value, tool));
        }
        Value::Array(items) => items.iter().for_each(|value| assert_no_ref(value, tool)),
        _ => {}
    }
}

/// The rules every input schema follows, whatever the host.
fn assert_input_schema(schema: &Value, tool: &str) {
    assert_eq!(schema["type"], "object", "{tool}: object root");
    assert_eq!(
        schema["additionalProperties"],
        Value::Bool(false),
        "{tool}: additionalProperties false"
    );
    assert!(schema["properties"].is_object(), "{tool}: properties");
    for combinator in ["anyOf", "oneOf", "allOf"] {
        assert!(
            schema.get(combinator).is_none(),
            "{tool}: {combinator} at the root"
        );
    }
    assert_no_ref(schema, tool);
}

/// OpenAI's strict mode: every object lists all of its properties in `required` and forbids
/// others, recursively; every schema says its type.
fn assert_strict(schema: &Value, tool: &str) {
    let Value::Object(map) = schema else {
        panic!("{tool}: a schema is not an object: {schema}");
    };
    let types: Vec<&str> = match &map["type"] {
        Value::String(name) => vec![name.as_str()],
        Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
        other => panic!("{tool}: no type in {other}"),
    };
    if types.contains(&"object") {
        assert_eq!(
            map["additionalProperties"],
            Value::Bool(false),
            "{tool}: {schema}"
        );
        let properties = map["properties"].as_object().expect("properties");
        let required: Vec<&str> = map["required"]
            .as_array()
            .expect("required")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for (name, property) in properties {
            assert!(
                required.contains(&name.as_str()),
                "{tool}: `{name}` not required"
            );
            assert_strict(property, tool);
        }
    }
    if types.contains(&"array") {
        assert_strict(&map["items"], tool);
    }
    for unsupported in ["default", "minLength", "maxLength", "additionalProperties"] {
        if unsupported == "additionalProperties" && types.contains(&"object") {
            continue;
        }
        assert!(
            !map.contains_key(unsupported),
            "{tool}: `{unsupported}` in {schema}"
        );
    }
}

#[test]
fn mcp_tools_follow_the_rules_for_every_action() {
    let manifest = manifest("mcp", &[]);
    let tools = manifest["tools"].as_array().expect("tools");
    let actions = available(false);
    assert_eq!(tools.len(), actions.len());
    for (tool, action) in tools.iter().zip(&actions) {
        let name = tool["name"].as_str().unwrap();
        assert_eq!(name, action.name);
        assert!(valid_name(name), "{name}");
        assert_input_schema(&tool["inputSchema"], name);
        for param in action.params {
            assert!(tool["inputSchema"]["properties"].get(param.name).is_some());
            let required = tool["inputSchema"]["required"]
                .as_array()
                .unwrap()
                .contains(&Value::from(param.name));
            assert_eq!(required, param.required, "{name}.{}", param.name);
        }
        let annotations = &tool["annotations"];
        for hint in [
            "readOnlyHint",
            "destructiveHint",
            "idempotentHint",
            "openWorldHint",
        ] {
            assert!(annotations[hint].is_boolean(), "{name}: {hint}");
        }
        assert_eq!(annotations["readOnlyHint"], !action.is_write());
        assert_eq!(
            annotations["destructiveHint"],
            action.is_write() && action.destructive
        );
        assert!(tool["title"].is_string());
        let description = tool["description"].as_str().unwrap();
        assert!(description.contains(action.summary.trim().trim_end_matches('.')));
        assert_eq!(
            description.contains("changes data"),
            action.is_write(),
            "{name}"
        );
        if let Some(output) = tool.get("outputSchema") {
            assert_eq!(output["type"], "object", "{name}: outputSchema root");
            assert_no_ref(output, name);
        }
        // As the server lists them: a write takes its confirmation token.
        assert_eq!(
            tool["inputSchema"]["properties"]
                .get("confirmation_token")
                .is_some(),
            action.is_write(),
            "{name}"
        );
    }
    // A default from the catalog shows in the schema.
    let list = tools
        .iter()
        .find(|tool| tool["name"] == "workos_organizations_list")
        .unwrap();
    assert_eq!(list["inputSchema"]["properties"]["limit"]["default"], 10);
    assert_eq!(list["inputSchema"]["properties"]["limit"]["maximum"], 100);
}

#[test]
fn openai_tools_pass_strict_mode_for_every_action() {
    let manifest = manifest("openai", &[]);
    let tools = manifest.as_array().expect("a list of tools");
    let actions = available(false);
    assert_eq!(tools.len(), actions.len());
    for (tool, action) in tools.iter().zip(&actions) {
        assert_eq!(tool["type"], "function");
        let function = &tool["function"];
        let name = function["name"].as_str().unwrap();
        assert_eq!(name, action.name);
        assert!(valid_name(name), "{name}");
        assert_eq!(function["strict"], true);
        let parameters = &function["parameters"];
        assert_input_schema(parameters, name);
        assert_strict(parameters, name);
        // Optional parameters are nullable.
        for param in action.params.iter().filter(|param| !param.required) {
            let ty = &parameters["properties"][param.name]["type"];
            assert!(
                ty.as_array()
                    .is_some_and(|types| types.contains(&Value::from("null"))),
                "{name}.{} is optional but not nullable: {ty}",
                param.name
            );
        }
        assert_eq!(
            function["description"]
                .as_str()
                .unwrap()
                .contains("changes data"),
            action.is_write()
        );
    }
}

#[test]
fn anthropic_tools_follow_the_rules_for_every_action() {
    let manifest = manifest("anthropic", &[]);
    let tools = manifest.as_array().expect("a list of tools");
    let actions = available(false);
    assert_eq!(tools.len(), actions.len());
    for (tool, action) in tools.iter().zip(&actions) {
        let name = tool["name"].as_str().unwrap();
        assert_eq!(name, action.name);
        assert!(valid_name(name));
        assert_input_schema(&tool["input_schema"], name);
        assert!(!tool["description"].as_str().unwrap().is_empty());
    }
}

#[test]
fn read_only_manifests_leave_the_writes_out() {
    let manifest = manifest("mcp", &["--read-only"]);
    let tools = manifest["tools"].as_array().unwrap();
    assert_eq!(tools.len(), available(true).len());
    assert!(tools.len() < available(false).len());
    assert!(
        tools
            .iter()
            .all(|tool| tool["annotations"]["readOnlyHint"] == true)
    );
}
