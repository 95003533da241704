//! Argument values that arrive as text (a command line's `name=value`, a URL's path and query)
//! as the JSON their parameter's type takes.
//!
//! One rule set, typed by the descriptor:
//!
//! * integer: `5` (surrounding spaces ignored);
//! * number: a JSON number (`1.5`, `-2`, `1e3`), or any finite decimal (`.5`, `+1`);
//! * boolean: `true` or `false`;
//! * list: a JSON array (`[1,2]`), or the items separated by commas (`a.com,b.com`), each
//!   typed as the item type; empty items are dropped, so an empty text is an empty list;
//! * map, model and any-JSON: the text as JSON (`{"k":"v"}`);
//! * string, date-time and enum: the text as it is.
//!
//! Converting only shapes the value; [`validate_arguments`](crate::validate_arguments) (or the
//! engine) checks it. Text that does not convert (`limit=ten`) stays a string, so that the
//! check's message, which names the parameter and what it allows, is the one people see.

use serde_json::Value;

use crate::descriptor::TypeRef;

/// `text` as a value of type `ty`, or as a string when it does not convert.
pub fn to_json(ty: &TypeRef, text: &str) -> Value {
    let as_text = || Value::String(text.to_owned());
    let trimmed = text.trim();
    match ty {
        TypeRef::String | TypeRef::Timestamp | TypeRef::Enum(_) => as_text(),
        TypeRef::Integer => trimmed
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| as_text()),
        TypeRef::Number => number(trimmed).unwrap_or_else(as_text),
        TypeRef::Boolean => match trimmed {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => as_text(),
        },
        TypeRef::List(item) => {
            if trimmed.starts_with('[') {
                serde_json::from_str(trimmed).unwrap_or_else(|_| as_text())
            } else {
                Value::Array(
                    text.split(',')
                        .filter(|part| !part.is_empty())
                        .map(|part| to_json(item, part))
                        .collect(),
                )
            }
        }
        TypeRef::Map(_) | TypeRef::Model(_) | TypeRef::Json => {
            serde_json::from_str(text).unwrap_or_else(|_| as_text())
        }
    }
}

/// A JSON number as written (`5` stays an integer), else a finite decimal.
fn number(text: &str) -> Option<Value> {
    match serde_json::from_str::<Value>(text) {
        Ok(number @ Value::Number(_)) => Some(number),
        _ => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    static STRING: TypeRef = TypeRef::String;
    static INTEGER: TypeRef = TypeRef::Integer;
    static BOOLEAN: TypeRef = TypeRef::Boolean;

    #[test]
    fn values_are_typed_by_the_descriptor() {
        let cases: &[(&TypeRef, &str, Value)] = &[
            (&TypeRef::Integer, "5", json!(5)),
            (&TypeRef::Integer, " 5 ", json!(5)),
            (&TypeRef::Integer, "ten", json!("ten")),
            (&TypeRef::Integer, "1.5", json!("1.5")),
            (&TypeRef::Number, "1.5", json!(1.5)),
            (&TypeRef::Number, "5", json!(5)),
            (&TypeRef::Number, ".5", json!(0.5)),
            (&TypeRef::Number, "inf", json!("inf")),
            (&TypeRef::Number, "NaN", json!("NaN")),
            (&TypeRef::Boolean, "true", json!(true)),
            (&TypeRef::Boolean, "false", json!(false)),
            (&TypeRef::Boolean, "yes", json!("yes")),
            (&TypeRef::String, "5", json!("5")),
            (&TypeRef::String, " a ", json!(" a ")),
            (&TypeRef::Timestamp, "2026-01-31", json!("2026-01-31")),
            (
                &TypeRef::List(&STRING),
                "a.com,b.com",
                json!(["a.com", "b.com"]),
            ),
            (
                &TypeRef::List(&STRING),
                "a.com,,b.com,",
                json!(["a.com", "b.com"]),
            ),
            (&TypeRef::List(&STRING), "", json!([])),
            (&TypeRef::List(&INTEGER), "1,2,x", json!([1, 2, "x"])),
            (&TypeRef::List(&BOOLEAN), "[true]", json!([true])),
            (&TypeRef::List(&BOOLEAN), "[true", json!("[true")),
            (&TypeRef::Map(&STRING), r#"{"k":"v"}"#, json!({"k": "v"})),
            (&TypeRef::Json, "[1]", json!([1])),
            (&TypeRef::Json, "not json", json!("not json")),
        ];
        for (ty, text, expected) in cases {
            assert_eq!(
                &to_json(ty, text),
                expected,
                "{} from {text:?}",
                ty.spelling()
            );
        }
    }
}
