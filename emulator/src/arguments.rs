//! Reading a request's arguments: path, query and body parameters as one JSON object, checked
//! with the runtime's own validation and refused in the catalog's error shape.

use actionspec_runtime::text;
use actionspec_runtime::{
    ActionDescriptor, ApiDescriptor, Error as RuntimeError, Location, Method, ProblemKind,
    QueryArrays, TypeRef,
};
use bytes::Bytes;
use serde_json::{Map, Value};

use crate::failure::{Failure, InvalidField};

/// Path, query and body parameters as one JSON object. Path and query values are text,
/// converted to their declared type by the runtime's one rule set
/// ([`actionspec_runtime::text`]; what does not convert is left as text for the checks to
/// report); a list given more than once (`?ids=a&ids=b,c`) gathers every item.
pub(crate) fn read_arguments(
    action: &'static ActionDescriptor,
    arrays: QueryArrays,
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
                .param(arrays.param_name(&name))
                .filter(|param| param.location == Location::Query)
            else {
                continue;
            };
            match &param.ty {
                // A list's items as the protocol writes them, each typed by the one rule set;
                // a list given more than once (`?ids=a&ids=b`) gathers every item.
                TypeRef::List(item) if !value.trim_start().starts_with('[') => {
                    let items = args
                        .entry(param.name)
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(items) = items {
                        items.extend(arrays.items(&value).map(|part| text::to_json(item, part)));
                    }
                }
                ty => {
                    args.insert(param.name.to_owned(), text::to_json(ty, &value));
                }
            }
        }
    }
    let has_body = matches!(
        action.method(),
        Some(Method::Post | Method::Put | Method::Patch | Method::Delete)
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
            missing: problem.kind == ProblemKind::Missing,
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
