//! Arguments of `call`: `name=value` pairs typed by the descriptor, merged over `--json`.
//!
//! Values are typed by the runtime's one rule set for text ([`actionspec_runtime::text`], the
//! emulator's for query strings too). Typing only shapes the JSON; the engine checks it. A value
//! that does not parse as its type (`limit=ten`) is passed on as a string so that the engine's
//! message, which names the parameter and what it allows, is the one the user sees.

use std::io::Read;

use actionspec_runtime::{ActionDescriptor, text};
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
            Some(param) => text::to_json(&param.ty, raw),
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
