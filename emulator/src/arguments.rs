//! Reading a request's arguments: path, query and body parameters as one JSON object, checked
//! with the runtime's own validation and refused with WorkOS-style bodies.

use actionspec_runtime::text;
use actionspec_runtime::{
    ActionDescriptor, ApiDescriptor, Error as RuntimeError, Location, Method, ProblemKind,
};
use bytes::Bytes;
use serde_json::{Map, Value, json};

use crate::failure::Failure;

/// Path, query and body parameters as one JSON object. Path and query values are text,
/// converted to their declared type by the runtime's one rule set
/// ([`actionspec_runtime::text`]; what does not convert is left as text for the checks to
/// report); a list given more than once (`?ids=a&ids=b,c`) gathers every item.
pub(crate) fn read_arguments(
    action: &'static ActionDescriptor,
    path: Vec<(String, String)>,
    query: Option<&str>,
    body: &Bytes,
) -> Result<Map<String, Value>, Failure> {
    let mut args = Map::new();
    for (name, value) in path {
        let value = match action.param(&name) {
            Some(param) => text::to_json(&param.ty, &value),
            None => Value::String(value),
        };
        args.insert(name, value);
    }
    if let Some(query) = query {
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            // Unknown query parameters are ignored, as servers do.
            let Some(param) = action
                .param(&name)
                .filter(|param| param.location == Location::Query)
            else {
                continue;
            };
            match (
                args.get_mut(name.as_ref()),
                text::to_json(&param.ty, &value),
            ) {
                (Some(Value::Array(items)), Value::Array(more)) => items.extend(more),
                (_, value) => {
                    args.insert(name.into_owned(), value);
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

/// The runtime's own argument checks; problems in the body answer 422 with `{field, code}`
/// errors, problems in the path or query 400 with `{code, message}` errors.
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
    let code = |kind: ProblemKind| match kind {
        ProblemKind::Missing => "required",
        _ => "invalid",
    };
    let (status, errors): (u16, Vec<Value>) = if in_body {
        (
            422,
            problems
                .iter()
                .map(|problem| {
                    json!({
                        "field": field_of(&problem.path),
                        "code": code(problem.kind),
                        "message": problem.message,
                    })
                })
                .collect(),
        )
    } else {
        (
            400,
            problems
                .iter()
                .map(|problem| {
                    json!({
                        "code": code(problem.kind),
                        "message": format!("{}: {}", field_of(&problem.path), problem.message),
                    })
                })
                .collect(),
        )
    };
    Err(Failure {
        status,
        body: json!({
            "message": format!("Validation failed: {summary}"),
            "code": "invalid_request_parameters",
            "errors": errors,
        }),
        retry_after: None,
    })
}
