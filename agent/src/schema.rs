//! JSON Schemas of an action's arguments and of its result, built from the descriptor table.
//!
//! Schemas are inlined (no `$ref`: several tool hosts refuse it) and model cycles cannot occur
//! (the generator refuses them). Two flavors exist because tool hosts disagree:
//!
//! * [`Flavor::Standard`] (MCP, Anthropic, `describe`): limits as JSON Schema keywords,
//!   `default` shown, optional properties simply left out of `required`, maps as objects with
//!   `additionalProperties`, `json` values unconstrained.
//! * [`Flavor::OpenAiStrict`]: what OpenAI's strict mode accepts. Every object lists all of its
//!   properties in `required` and has `additionalProperties: false`; optional values are
//!   nullable; keywords strict mode does not support (lengths, defaults) move into the
//!   description; a map becomes a list of `{key, value}` pairs and a `json` value a string
//!   holding JSON text. [`from_openai_arguments`] turns such arguments back into the engine's.
//!
//! Result schemas are forgiving, as the engine is with answers: no property is required,
//! unknown properties are allowed and enum values are not closed, so that every answer the
//! engine accepts also passes a client's check against the tool's `outputSchema`.

use actionspec_runtime::{
    ActionDescriptor, ApiDescriptor, Constraint, Limits, ParamDescriptor, Returns, TypeRef,
};
use serde_json::{Map, Value, json};

/// Which tool host the schema is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// Plain JSON Schema (MCP, Anthropic).
    Standard,
    /// OpenAI's strict mode.
    OpenAiStrict,
}

/// The JSON Schema of `action`'s arguments: an object with one property per parameter and
/// `additionalProperties: false`.
pub fn arguments(api: &'static ApiDescriptor, action: &ActionDescriptor, flavor: Flavor) -> Value {
    let builder = Builder {
        api,
        input: true,
        flavor,
    };
    let mut properties = Map::new();
    let mut required = Vec::new();
    for param in action.params {
        let mut schema = builder.param(param);
        let is_required = param.required || flavor == Flavor::OpenAiStrict;
        if flavor == Flavor::OpenAiStrict && !param.required {
            schema = nullable(schema);
        }
        properties.insert(param.name.to_owned(), Value::Object(schema));
        if is_required {
            required.push(Value::from(param.name));
        }
    }
    let mut schema = Map::new();
    schema.insert("type".into(), "object".into());
    schema.insert("properties".into(), Value::Object(properties));
    schema.insert("required".into(), Value::Array(required));
    schema.insert("additionalProperties".into(), false.into());
    Value::Object(schema)
}

/// The JSON Schema of what a successful call of `action` answers (as `call_json` gives it), when
/// that is a JSON object: a model, a map, or a list page's envelope. `None` for actions that
/// answer nothing or a bare scalar; `{ "url": ... }` for a browser page.
pub fn result(api: &'static ApiDescriptor, action: &ActionDescriptor) -> Option<Value> {
    if action.is_browser() {
        // A browser page's tool answers the URL to open; nothing is sent.
        return Some(json!({
            "type": "object",
            "properties": {"url": {"type": "string", "format": "uri", "description": "The URL to open in the user's browser."}},
            "required": ["url"],
        }));
    }
    let builder = Builder {
        api,
        input: false,
        flavor: Flavor::Standard,
    };
    match action.returns {
        Returns::Nothing => None,
        Returns::One(ty) => match ty {
            TypeRef::Model(_) | TypeRef::Map(_) => {
                Some(Value::Object(builder.ty(ty, &Limits::NONE)))
            }
            _ => None,
        },
        Returns::Page(item) => {
            let pagination = &api.pagination;
            let mut properties = Map::new();
            properties.insert(
                pagination.items_field.to_owned(),
                json!({"type": "array", "items": builder.ty(item, &Limits::NONE)}),
            );
            // The next cursor, nested as the pagination descriptor says.
            if let Some((last, outer)) = pagination.next_cursor.split_last() {
                let mut cursor = json!({
                    "type": ["string", "null"],
                    "description": "Cursor of the next page; null on the last page.",
                });
                if outer.is_empty() {
                    properties.insert((*last).to_owned(), cursor);
                } else {
                    cursor = json!({"type": "object", "properties": {*last: cursor}});
                    for field in outer[1..].iter().rev() {
                        cursor = json!({"type": "object", "properties": {*field: cursor}});
                    }
                    properties.insert(outer[0].to_owned(), cursor);
                }
            }
            Some(json!({
                "type": "object",
                "description": format!(
                    "One page: the items in `{}`; pass the next cursor as `{}` for the next page.",
                    pagination.items_field, pagination.cursor_param
                ),
                "properties": properties,
            }))
        }
    }
}

/// A sentence per cross-parameter rule, for descriptions (schemas keep no root `anyOf`).
pub fn constraint_sentences(action: &ActionDescriptor) -> Vec<String> {
    action
        .constraints
        .iter()
        .map(|constraint| {
            let names = constraint
                .params()
                .iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(", ");
            match constraint {
                Constraint::ExactlyOne(_) => format!("Give exactly one of {names}."),
                Constraint::AtMostOne(_) => format!("Give at most one of {names}."),
                Constraint::AtLeastOne(_) => format!("Give at least one of {names}."),
                Constraint::Together(_) => format!("Give all of {names} or none."),
            }
        })
        .collect()
}

/// Turns arguments shaped by the [`Flavor::OpenAiStrict`] schema back into the engine's: nulls
/// dropped (they mean "not given"), `{key, value}` lists made maps, JSON text parsed.
/// Arguments that do not fit are passed on as they are, for the engine to report.
pub fn from_openai_arguments(
    api: &'static ApiDescriptor,
    action: &ActionDescriptor,
    args: Value,
) -> Value {
    let Value::Object(args) = args else {
        return args;
    };
    let mut out = Map::new();
    for (name, value) in args {
        if value.is_null() {
            continue;
        }
        let value = match action.param(&name) {
            Some(param) => from_openai_value(api, &param.ty, value),
            None => value,
        };
        out.insert(name, value);
    }
    Value::Object(out)
}

fn from_openai_value(api: &'static ApiDescriptor, ty: &TypeRef, value: Value) -> Value {
    match (ty, value) {
        (TypeRef::Json, Value::String(text)) => {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        }
        (TypeRef::List(item), Value::Array(items)) => Value::Array(
            items
                .into_iter()
                .map(|value| from_openai_value(api, item, value))
                .collect(),
        ),
        (TypeRef::Map(inner), Value::Array(pairs)) => {
            let mut map = Map::new();
            for pair in pairs {
                match pair {
                    Value::Object(mut pair) => {
                        let key = pair.remove("key");
                        let value = pair.remove("value").unwrap_or(Value::Null);
                        match key {
                            Some(Value::String(key)) => {
                                map.insert(key, from_openai_value(api, inner, value));
                            }
                            // Not a pair: leave the shape wrong for the engine to report.
                            _ => return Value::Array(Vec::new()),
                        }
                    }
                    _ => return Value::Array(Vec::new()),
                }
            }
            Value::Object(map)
        }
        (TypeRef::Model(name), Value::Object(fields)) => {
            let Some(model) = api.model(name) else {
                return Value::Object(fields);
            };
            let mut out = Map::new();
            for (field_name, value) in fields {
                let field = model.field(&field_name);
                if value.is_null() && field.is_some_and(|field| !field.nullable) {
                    continue;
                }
                let value = match field {
                    Some(field) => from_openai_value(api, &field.ty, value),
                    None => value,
                };
                out.insert(field_name, value);
            }
            Value::Object(out)
        }
        (_, value) => value,
    }
}

struct Builder {
    api: &'static ApiDescriptor,
    /// Arguments (strict) rather than results (forgiving).
    input: bool,
    flavor: Flavor,
}

impl Builder {
    fn strict(&self) -> bool {
        self.flavor == Flavor::OpenAiStrict
    }

    fn param(&self, param: &ParamDescriptor) -> Map<String, Value> {
        let mut schema = self.ty(&param.ty, &param.limits);
        let mut description = param.doc.trim().to_owned();
        if let Some(default) = param.default {
            if self.strict() {
                append(&mut description, &format!("Default: {default}."));
            } else if let Ok(value) = serde_json::from_str::<Value>(default) {
                schema.insert("default".into(), value);
            }
        }
        if self.strict() {
            let hints = limit_hints(&param.limits);
            if !hints.is_empty() {
                append(&mut description, &hints);
            }
        }
        if let Some(Value::String(own)) = schema.get("description") {
            // An enum or model carries its own doc; the parameter's comes first.
            if !description.is_empty() {
                description = format!("{description} {own}");
            } else {
                description = own.clone();
            }
        }
        if !description.is_empty() {
            schema.insert("description".into(), description.into());
        }
        schema
    }

    fn ty(&self, ty: &TypeRef, limits: &Limits) -> Map<String, Value> {
        let mut schema = Map::new();
        match ty {
            TypeRef::String => {
                schema.insert("type".into(), "string".into());
                if self.input && !self.strict() {
                    put(&mut schema, "minLength", limits.min_length);
                    put(&mut schema, "maxLength", limits.max_length);
                }
            }
            TypeRef::Timestamp => {
                schema.insert("type".into(), "string".into());
                if self.input {
                    schema.insert("format".into(), "date-time".into());
                }
            }
            TypeRef::Integer | TypeRef::Number => {
                let name = if matches!(ty, TypeRef::Integer) {
                    "integer"
                } else {
                    "number"
                };
                schema.insert("type".into(), name.into());
                if self.input {
                    put_number(&mut schema, "minimum", limits.min);
                    put_number(&mut schema, "maximum", limits.max);
                }
            }
            TypeRef::Boolean => {
                schema.insert("type".into(), "boolean".into());
            }
            TypeRef::Json => {
                if self.strict() {
                    schema.insert("type".into(), "string".into());
                    schema.insert("description".into(), "Any JSON value, as JSON text.".into());
                }
            }
            TypeRef::List(item) => {
                schema.insert("type".into(), "array".into());
                schema.insert("items".into(), Value::Object(self.ty(item, &Limits::NONE)));
                if self.input {
                    put(&mut schema, "minItems", limits.min_items);
                    put(&mut schema, "maxItems", limits.max_items);
                }
            }
            TypeRef::Map(value) => {
                let mut value_limits = Limits::NONE;
                value_limits.max_length = limits.value_max_length;
                let value_schema = self.ty(value, &value_limits);
                if self.strict() {
                    let mut key = json!({"type": "string"});
                    if let Some(max) = limits.key_max_length {
                        key["description"] = format!("At most {max} characters.").into();
                    }
                    schema.insert("type".into(), "array".into());
                    schema.insert(
                        "description".into(),
                        "A map, as a list of key and value pairs.".into(),
                    );
                    schema.insert(
                        "items".into(),
                        json!({
                            "type": "object",
                            "properties": {"key": key, "value": value_schema},
                            "required": ["key", "value"],
                            "additionalProperties": false,
                        }),
                    );
                    put(&mut schema, "maxItems", limits.max_items);
                } else {
                    schema.insert("type".into(), "object".into());
                    schema.insert("additionalProperties".into(), Value::Object(value_schema));
                    if self.input {
                        put(&mut schema, "minProperties", limits.min_items);
                        put(&mut schema, "maxProperties", limits.max_items);
                        if let Some(max) = limits.key_max_length {
                            schema.insert("propertyNames".into(), json!({"maxLength": max}));
                        }
                    }
                }
            }
            TypeRef::Enum(name) => {
                schema.insert("type".into(), "string".into());
                if let Some(enumeration) = self.api.enumeration(name) {
                    if self.input {
                        schema.insert("enum".into(), enumeration.values.into());
                    } else {
                        schema.insert(
                            "description".into(),
                            format!("Known values: {}.", enumeration.values.join(", ")).into(),
                        );
                    }
                }
            }
            TypeRef::Model(name) => {
                schema.insert("type".into(), "object".into());
                let Some(model) = self.api.model(name) else {
                    return schema;
                };
                let mut properties = Map::new();
                let mut required = Vec::new();
                for field in model.fields {
                    let mut field_schema = self.ty(&field.ty, &field.limits);
                    let optional = !field.required;
                    if field.nullable || (self.strict() && optional) {
                        field_schema = nullable(field_schema);
                    }
                    let doc = field.doc.trim();
                    if !doc.is_empty() {
                        let text = match field_schema.get("description") {
                            Some(Value::String(own)) => format!("{doc} {own}"),
                            _ => doc.to_owned(),
                        };
                        field_schema.insert("description".into(), text.into());
                    }
                    properties.insert(field.name.to_owned(), Value::Object(field_schema));
                    if self.input && (field.required || self.strict()) {
                        required.push(Value::from(field.name));
                    }
                }
                schema.insert("properties".into(), Value::Object(properties));
                if self.input {
                    schema.insert("required".into(), Value::Array(required));
                    schema.insert("additionalProperties".into(), false.into());
                }
                let doc = model.doc.trim();
                if !doc.is_empty() {
                    schema.insert("description".into(), doc.into());
                }
            }
        }
        schema
    }
}

/// The schema admitting `null` as well.
fn nullable(mut schema: Map<String, Value>) -> Map<String, Value> {
    match schema.get_mut("type") {
        Some(Value::String(name)) => {
            let name = std::mem::take(name);
            schema.insert("type".into(), json!([name, "null"]));
        }
        Some(Value::Array(names)) => {
            if !names.iter().any(|name| name == "null") {
                names.push("null".into());
            }
        }
        // Any value already (json): null included.
        _ => return schema,
    }
    if let Some(Value::Array(values)) = schema.get_mut("enum") {
        values.push(Value::Null);
    }
    schema
}

fn put(schema: &mut Map<String, Value>, key: &str, value: Option<u32>) {
    if let Some(value) = value {
        schema.insert(key.into(), value.into());
    }
}

fn put_number(schema: &mut Map<String, Value>, key: &str, value: Option<f64>) {
    if let Some(value) = value {
        let value = if value.fract() == 0.0 && value.abs() < 9.0e15 {
            Value::from(value as i64)
        } else {
            Value::from(value)
        };
        schema.insert(key.into(), value);
    }
}

/// Limits strict mode cannot say as keywords, in words.
fn limit_hints(limits: &Limits) -> String {
    let mut hints = Vec::new();
    if let Some(min) = limits.min_length {
        hints.push(format!("at least {min} characters"));
    }
    if let Some(max) = limits.max_length {
        hints.push(format!("at most {max} characters"));
    }
    if let Some(max) = limits.value_max_length {
        hints.push(format!("values of at most {max} characters"));
    }
    if let Some(min) = limits.min_items {
        hints.push(format!("at least {min} entries"));
    }
    if hints.is_empty() {
        String::new()
    } else {
        let mut text = hints.join(", ");
        text.push('.');
        let first = text[..1].to_uppercase();
        text.replace_range(..1, &first);
        text
    }
}

fn append(text: &mut String, sentence: &str) {
    if !text.is_empty() && !text.ends_with(' ') {
        if !text.ends_with('.') {
            text.push('.');
        }
        text.push(' ');
    }
    text.push_str(sentence);
}

#[cfg(test)]
mod tests {
    use super::*;
    use actionspec_test_catalog::shapes::{API, WIDGET_CREATE};

    #[test]
    fn standard_arguments_keep_limits_defaults_and_maps() {
        let schema = arguments(&API, &WIDGET_CREATE, Flavor::Standard);
        assert_eq!(schema["required"], json!(["name"]));
        assert_eq!(schema["properties"]["name"]["maxLength"], 10);
        assert_eq!(schema["properties"]["size"]["default"], 3);
        assert_eq!(
            schema["properties"]["labels"]["additionalProperties"],
            json!({"type": "string"})
        );
        assert_eq!(schema["properties"]["extra"], json!({}));
    }

    #[test]
    fn strict_arguments_require_everything_and_round_trip() {
        let schema = arguments(&API, &WIDGET_CREATE, Flavor::OpenAiStrict);
        assert_eq!(
            schema["required"],
            json!(["name", "labels", "extra", "size", "values"])
        );
        assert_eq!(schema["properties"]["name"]["type"], "string");
        assert!(schema["properties"]["name"].get("maxLength").is_none());
        assert!(
            schema["properties"]["name"]["description"]
                .as_str()
                .unwrap()
                .contains("At most 10 characters")
        );
        assert_eq!(
            schema["properties"]["size"]["type"],
            json!(["integer", "null"])
        );
        assert_eq!(
            schema["properties"]["labels"]["type"],
            json!(["array", "null"])
        );

        let openai = json!({
            "name": "w",
            "labels": [{"key": "team", "value": "core"}],
            "extra": "{\"a\": [1]}",
            "size": null,
            "values": ["1", "\"x\""],
        });
        assert_eq!(
            from_openai_arguments(&API, &WIDGET_CREATE, openai),
            json!({"name": "w", "labels": {"team": "core"}, "extra": {"a": [1]}, "values": [1, "x"]})
        );
    }

    #[test]
    fn results_are_forgiving() {
        let schema = result(&API, &WIDGET_CREATE).unwrap();
        assert_eq!(schema["type"], "object");
        assert!(schema.get("required").is_none());
        assert!(schema.get("additionalProperties").is_none());
        assert_eq!(schema["properties"]["id"], json!({"type": "string"}));
    }
}
