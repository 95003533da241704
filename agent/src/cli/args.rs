//! Arguments of `call`: `name=value` pairs typed by the descriptor, merged over `--json`.
//!
//! Typing only shapes the JSON; the engine checks it. A value that does not parse as its type
//! (`limit=ten`) is passed on as a string so that the engine's message, which names the
//! parameter and what it allows, is the one the user sees.

use std::io::Read;

use actionspec_runtime::{ActionDescriptor, TypeRef};
use serde_json::{Map, Value};

/// Builds the arguments object of a call from `--json` (inline, `@file` or `-`) and the
/// `name=value` pairs (which win over `--json` keys).
pub fn build(
    action: &ActionDescriptor,
    json: Option<&str>,
    pairs: &[String],
) -> Result<Value, String> {
    let mut args = match json {
        None => Map::new(),
        Some(source) => match read_json(source)? {
            Value::Object(map) => map,
            other => {
                return Err(format!(
                    "--json must hold a JSON object of arguments, not {}",
                    kind(&other)
                ));
            }
        },
    };
    for pair in pairs {
        let Some((name, raw)) = pair.split_once('=') else {
            return Err(format!(
                "`{pair}` is not name=value (for example limit=5 or domains=a.com,b.com)"
            ));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(format!("`{pair}` has no name before `=`"));
        }
        let value = match action.param(name) {
            Some(param) => typed(&param.ty, raw),
            None => Value::String(raw.to_owned()),
        };
        args.insert(name.to_owned(), value);
    }
    Ok(Value::Object(args))
}

fn read_json(source: &str) -> Result<Value, String> {
    let (text, origin) = if source == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|error| format!("could not read --json from stdin: {error}"))?;
        (text, "stdin".to_owned())
    } else if let Some(path) = source.strip_prefix('@') {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("could not read --json file `{path}`: {error}"))?;
        (text, format!("`{path}`"))
    } else {
        (source.to_owned(), "--json".to_owned())
    };
    serde_json::from_str(&text).map_err(|error| format!("{origin} is not valid JSON: {error}"))
}

/// `raw` shaped as `ty`, or as a string when it does not parse (the engine then says why).
pub fn typed(ty: &TypeRef, raw: &str) -> Value {
    let text = || Value::String(raw.to_owned());
    match ty {
        TypeRef::String | TypeRef::Timestamp | TypeRef::Enum(_) => text(),
        TypeRef::Integer => raw
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| text()),
        TypeRef::Number => match serde_json::from_str::<Value>(raw.trim()) {
            Ok(number @ Value::Number(_)) => number,
            _ => text(),
        },
        TypeRef::Boolean => match raw.trim() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => text(),
        },
        TypeRef::List(item) => {
            if raw.trim_start().starts_with('[') {
                serde_json::from_str(raw).unwrap_or_else(|_| text())
            } else if raw.is_empty() {
                Value::Array(Vec::new())
            } else {
                Value::Array(raw.split(',').map(|part| typed(item, part)).collect())
            }
        }
        TypeRef::Map(_) | TypeRef::Model(_) | TypeRef::Json => {
            serde_json::from_str(raw).unwrap_or_else(|_| text())
        }
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_typed_by_the_descriptor() {
        static STRING: TypeRef = TypeRef::String;
        static BOOLEAN: TypeRef = TypeRef::Boolean;
        assert_eq!(typed(&TypeRef::Integer, "5"), Value::from(5));
        assert_eq!(typed(&TypeRef::Integer, "ten"), Value::from("ten"));
        assert_eq!(typed(&TypeRef::Number, "1.5"), Value::from(1.5));
        assert_eq!(typed(&TypeRef::Boolean, "true"), Value::from(true));
        assert_eq!(typed(&TypeRef::String, "5"), Value::from("5"));
        assert_eq!(
            typed(&TypeRef::List(&STRING), "a.com,b.com"),
            serde_json::json!(["a.com", "b.com"])
        );
        assert_eq!(
            typed(&TypeRef::List(&BOOLEAN), "[true]"),
            serde_json::json!([true])
        );
        assert_eq!(
            typed(&TypeRef::Map(&STRING), r#"{"k":"v"}"#),
            serde_json::json!({"k": "v"})
        );
        assert_eq!(typed(&TypeRef::Json, "not json"), Value::from("not json"));
    }
}
