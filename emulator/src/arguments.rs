//! Reading a request's arguments: path, query and body parameters as one JSON object, checked
//! with the runtime's own validation and refused in the catalog's error shape.

use actionspec_runtime::{
    ActionDescriptor, ApiDescriptor, Error as RuntimeError, Location, Method, QueryArrays, TypeRef,
};
use bytes::Bytes;
use serde_json::{Map, Value};

use crate::failure::{Failure, InvalidField};

/// Path, query and body parameters as one JSON object, each converted to its declared type
/// where the text allows (what does not convert is left as text for the checks to report).
pub(crate) fn read_arguments(
    action: &'static ActionDescriptor,
    arrays: QueryArrays,
    path: Vec<(String, String)>,
    query: Option<&str>,
    body: &Bytes,
) -> Result<Map<String, Value>, Failure> {
    let mut args = Map::new();
    for (name, value) in path {
        let ty = action.param(&name).map(|param| &param.ty);
        args.insert(name, convert_text(ty, value));
    }
    if let Some(query) = query {
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            // Unknown query parameters are ignored, as servers do.
            let Some(param) = action
                .param(arrays.param_name(&name))
                .filter(|param| param.location == Location::Query)
            else {
                continue;
            };
            match &param.ty {
                TypeRef::List(item) => {
                    let items = args
                        .entry(param.name)
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(items) = items {
                        items.extend(
                            arrays
                                .items(&value)
                                .map(|part| convert_text(Some(item), part.to_owned())),
                        );
                    }
                }
                ty => {
                    args.insert(
                        param.name.to_owned(),
                        convert_text(Some(ty), value.into_owned()),
                    );
                }
            }
        }
    }
    let has_body = matches!(
        action.method(),
        Some(Method::Post | Method::Put | Method::Patch)
    );
    if has_body && !body.iter().all(u8::is_ascii_whitespace) {
        let value: Value = serde_json::from_slice(body).map_err(|error| {
            Failure::bad_request(format!("The body is not valid JSON: {error}"))
        })?;
        let Value::Object(fields) = value else {
            return Err(Failure::bad_request("The body must be a JSON object."));
        };
        for (name, value) in fields {
            // Unknown body fields are ignored, as servers do; a body never overrides the path.
            let is_body = action
                .param(&name)
                .is_some_and(|param| param.location == Location::Body);
            if is_body {
                args.insert(name, value);
            }
        }
    }
    Ok(args)
}

fn convert_text(ty: Option<&TypeRef>, text: String) -> Value {
    match ty {
        Some(TypeRef::Integer) => text
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or(Value::String(text)),
        Some(TypeRef::Number) => text
            .parse::<f64>()
            .ok()
            .and_then(|number| serde_json::Number::from_f64(number).map(Value::Number))
            .unwrap_or(Value::String(text)),
        Some(TypeRef::Boolean) => match text.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text),
        },
        _ => Value::String(text),
    }
}

/// The runtime's own argument checks; problems in the body answer 422 with field errors
/// naming their field, problems in the path or query 400 with field errors naming none.
pub(crate) fn check_arguments(
    api: &'static ApiDescriptor,
    action: &'static ActionDescriptor,
    args: &Map<String, Value>,
) -> Result<(), Failure> {
    let problems = match actionspec_runtime::validate_arguments(api, action, args) {
        Ok(()) => return Ok(()),
        Err(RuntimeError::InvalidArguments { problems, .. }) => problems,
        Err(other) => return Err(Failure::bad_request(other.to_string())),
    };
    let field_of = |path: &str| path.strip_prefix("$.").unwrap_or(path).to_owned();
    let top_level = |path: &str| {
        field_of(path)
            .split(['.', '['])
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    let in_body = problems.iter().any(|problem| {
        action
            .param(&top_level(&problem.path))
            .is_some_and(|param| param.location == Location::Body)
    });
    let summary = problems
        .iter()
        .map(|problem| format!("{}: {}", field_of(&problem.path), problem.message))
        .collect::<Vec<_>>()
        .join("; ");
    let fields = problems
        .iter()
        .map(|problem| InvalidField {
            // A problem in the path or query names its parameter in its message.
            field: in_body.then(|| field_of(&problem.path)),
            missing: problem.message.contains("missing"),
            message: if in_body {
                problem.message.clone()
            } else {
                format!("{}: {}", field_of(&problem.path), problem.message)
            },
        })
        .collect();
    Err(Failure::invalid(
        if in_body { 422 } else { 400 },
        summary,
        fields,
    ))
}
