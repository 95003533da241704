//! Checking arguments against an action's descriptor before anything is sent.
//!
//! Every problem is collected, each with the JSON path of the value, and reported in one
//! [`Error::InvalidArguments`]: an agent fixes all of them in one go instead of one per round
//! trip. Typed and dynamic calls are checked by the same code; they differ in one point only.
//! A dynamic call (JSON from an agent or a command line) must use a known value for every enum:
//! a typo would otherwise reach the server as a request that does something else or fails
//! later, so the error lists the known values. A typed call may send a value the catalog does
//! not know yet (an enum's `Other` variant), since the caller chose it in code on purpose.

use std::fmt::{self, Write as _};

use serde_json::{Map, Value};

use crate::descriptor::{
    ActionDescriptor, ApiDescriptor, Constraint, Limits, Location, ModelDescriptor, TypeRef,
};
use crate::error::{ArgumentProblem, Error, ProblemKind, Result};
/// The engine's unknown-action error suggests names by the same rule.
pub(crate) use crate::suggest::closest as suggest;

/// Who wrote the arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Serialized from generated parameter types.
    Typed,
    /// JSON from an agent, a command line or another program.
    Dynamic,
}

/// A JSON path, built lazily: rendered only when a problem is reported.
#[derive(Clone, Copy)]
enum JsonPath<'a> {
    Root,
    Key(&'a JsonPath<'a>, &'a str),
    Index(&'a JsonPath<'a>, usize),
}

impl fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonPath::Root => f.write_str("$"),
            JsonPath::Key(parent, key) => {
                let plain = !key.is_empty()
                    && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !key.starts_with(|c: char| c.is_ascii_digit());
                if plain {
                    write!(f, "{parent}.{key}")
                } else {
                    write!(f, "{parent}[{}]", Value::String((*key).to_owned()))
                }
            }
            JsonPath::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

struct Checker<'a> {
    api: &'a ApiDescriptor,
    mode: Mode,
    problems: Vec<ArgumentProblem>,
}

impl Checker<'_> {
    fn report(&mut self, path: &JsonPath<'_>, kind: ProblemKind, message: impl Into<String>) {
        self.problems.push(ArgumentProblem {
            kind,
            path: path.to_string(),
            message: message.into(),
        });
    }
}

/// Checks `args` against `action`: unknown names, missing required ones, types (into models
/// and enums), limits, path segments and constraints.
pub(crate) fn check_arguments(
    api: &ApiDescriptor,
    action: &'static ActionDescriptor,
    args: &Map<String, Value>,
    mode: Mode,
) -> Result<()> {
    let mut checker = Checker {
        api,
        mode,
        problems: Vec::new(),
    };
    let root = JsonPath::Root;
    for key in args.keys() {
        if action.param(key).is_none() {
            let path = JsonPath::Key(&root, key);
            let message = unknown_name_message(key, action.params.iter().map(|param| param.name));
            checker.report(&path, ProblemKind::UnknownName, message);
        }
    }
    for param in action.params {
        let path = JsonPath::Key(&root, param.name);
        match args.get(param.name) {
            None | Some(Value::Null) => {
                if param.required {
                    checker.report(
                        &path,
                        ProblemKind::Missing,
                        format!("required {} is missing", describe_param_type(&param.ty)),
                    );
                }
            }
            Some(value) => {
                check_value(&mut checker, &path, &param.ty, &param.limits, value);
                match param.location {
                    Location::Path => check_segment(&mut checker, &path, value),
                    Location::Query => check_query(&mut checker, &path, value),
                    Location::Body => {}
                }
            }
        }
    }
    for constraint in action.constraints {
        check_constraint(&mut checker, constraint, args);
    }
    if checker.problems.is_empty() {
        Ok(())
    } else {
        Err(Error::InvalidArguments {
            action: action.name,
            problems: checker.problems,
        })
    }
}

/// Checks JSON arguments against `action` as a dynamic call's are checked (known enum values
/// only), without an [`Engine`](crate::Engine): for servers and tools that receive arguments
/// rather than send them, such as an emulator of the API. Every problem is reported, each with
/// its JSON path, in [`Error::InvalidArguments`].
pub fn validate_arguments(
    api: &ApiDescriptor,
    action: &'static ActionDescriptor,
    args: &Map<String, Value>,
) -> Result<()> {
    check_arguments(api, action, args, Mode::Dynamic)
}

fn describe_param_type(ty: &TypeRef) -> String {
    format!("parameter of type {}", ty.spelling())
}

fn check_value(
    checker: &mut Checker<'_>,
    path: &JsonPath<'_>,
    ty: &TypeRef,
    limits: &Limits,
    value: &Value,
) {
    match ty {
        TypeRef::Json => {}
        TypeRef::String => match value {
            Value::String(text) => check_length(checker, path, limits, text),
            other => expected(checker, path, ty, other),
        },
        TypeRef::Timestamp => match value {
            Value::String(text) => {
                if time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
                    .is_err()
                {
                    checker.report(
                        path,
                        ProblemKind::BadFormat,
                        format!(
                            "`{text}` is not an RFC 3339 date-time (like 2026-01-31T09:30:00Z)"
                        ),
                    );
                }
            }
            other => expected(checker, path, ty, other),
        },
        TypeRef::Integer => match value {
            Value::Number(number) if number.is_i64() || number.is_u64() => {
                check_range(checker, path, limits, number.as_f64().unwrap_or(f64::NAN));
            }
            other => expected(checker, path, ty, other),
        },
        TypeRef::Number => match value {
            Value::Number(number) => {
                check_range(checker, path, limits, number.as_f64().unwrap_or(f64::NAN));
            }
            other => expected(checker, path, ty, other),
        },
        TypeRef::Boolean => {
            if !value.is_boolean() {
                expected(checker, path, ty, value);
            }
        }
        TypeRef::List(item) => match value {
            Value::Array(items) => {
                check_count(checker, path, limits, items.len(), "items");
                // Scalar bounds of a list parameter speak of its items.
                let item_limits = Limits {
                    min_items: None,
                    max_items: None,
                    ..*limits
                };
                for (index, element) in items.iter().enumerate() {
                    let element_path = JsonPath::Index(path, index);
                    check_value(checker, &element_path, item, &item_limits, element);
                }
            }
            other => expected(checker, path, ty, other),
        },
        TypeRef::Map(item) => match value {
            Value::Object(entries) => {
                check_count(checker, path, limits, entries.len(), "entries");
                let value_limits = Limits {
                    max_length: limits.value_max_length,
                    ..Limits::default()
                };
                for (key, element) in entries {
                    let element_path = JsonPath::Key(path, key);
                    if let Some(max) = limits.key_max_length
                        && key.chars().count() > max as usize
                    {
                        checker.report(
                            &element_path,
                            ProblemKind::BadLength,
                            format!(
                                "key is {} characters long; at most {max} allowed",
                                key.chars().count()
                            ),
                        );
                    }
                    check_value(checker, &element_path, item, &value_limits, element);
                }
            }
            other => expected(checker, path, ty, other),
        },
        TypeRef::Enum(name) => match value {
            Value::String(text) => {
                if checker.mode == Mode::Dynamic
                    && let Some(enumeration) = checker.api.enumeration(name)
                    && !enumeration.values.contains(&text.as_str())
                {
                    checker.report(
                        path,
                        ProblemKind::UnknownValue,
                        format!(
                            "`{text}` is not a known {name}; use one of: {}",
                            enumeration.values.join(", ")
                        ),
                    );
                }
            }
            other => expected(checker, path, ty, other),
        },
        TypeRef::Model(name) => match value {
            Value::Object(fields) => {
                // The catalog's own check guarantees models exist; an unknown one is not the
                // caller's fault, so its contents pass unchecked.
                if let Some(model) = checker.api.model(name) {
                    check_model(checker, path, model, fields);
                }
            }
            other => expected(checker, path, ty, other),
        },
    }
}

fn check_model(
    checker: &mut Checker<'_>,
    path: &JsonPath<'_>,
    model: &ModelDescriptor,
    fields: &Map<String, Value>,
) {
    for key in fields.keys() {
        if model.field(key).is_none() {
            let field_path = JsonPath::Key(path, key);
            let message = unknown_name_message(key, model.fields.iter().map(|field| field.name));
            checker.report(&field_path, ProblemKind::UnknownName, message);
        }
    }
    for field in model.fields {
        let field_path = JsonPath::Key(path, field.name);
        match fields.get(field.name) {
            None => {
                if field.required {
                    checker.report(
                        &field_path,
                        ProblemKind::Missing,
                        format!("required field of type {} is missing", field.ty.spelling()),
                    );
                }
            }
            Some(Value::Null) => {
                if field.required && !field.nullable {
                    checker.report(
                        &field_path,
                        ProblemKind::WrongType,
                        format!("must be a {}, not null", field.ty.spelling()),
                    );
                }
            }
            Some(element) => check_value(checker, &field_path, &field.ty, &field.limits, element),
        }
    }
}

fn expected(checker: &mut Checker<'_>, path: &JsonPath<'_>, ty: &TypeRef, value: &Value) {
    let mut message = format!("expected {}, got {}", article(ty), json_kind(value));
    if let TypeRef::Enum(name) = ty
        && let Some(enumeration) = checker.api.enumeration(name)
    {
        let _ = write!(
            message,
            " (a {name}: one of {})",
            enumeration.values.join(", ")
        );
    }
    checker.report(path, ProblemKind::WrongType, message);
}

fn article(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "a string".to_owned(),
        TypeRef::Timestamp => "an RFC 3339 date-time string".to_owned(),
        TypeRef::Integer => "an integer".to_owned(),
        TypeRef::Number => "a number".to_owned(),
        TypeRef::Boolean => "true or false".to_owned(),
        TypeRef::Json => "any JSON value".to_owned(),
        TypeRef::List(_) => format!("an array ({})", ty.spelling()),
        TypeRef::Map(_) => format!("an object ({})", ty.spelling()),
        TypeRef::Model(name) => format!("an object ({name})"),
        TypeRef::Enum(_) => "a string".to_owned(),
    }
}

/// How a JSON value is spoken of in messages.
pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(number) if number.is_f64() => "a fractional number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn check_length(checker: &mut Checker<'_>, path: &JsonPath<'_>, limits: &Limits, text: &str) {
    if limits.min_length.is_none() && limits.max_length.is_none() {
        return;
    }
    let length = text.chars().count();
    if let Some(min) = limits.min_length
        && length < min as usize
    {
        checker.report(
            path,
            ProblemKind::BadLength,
            format!("is {length} characters long; at least {min} required"),
        );
    }
    if let Some(max) = limits.max_length
        && length > max as usize
    {
        checker.report(
            path,
            ProblemKind::BadLength,
            format!("is {length} characters long; at most {max} allowed"),
        );
    }
}

fn check_range(checker: &mut Checker<'_>, path: &JsonPath<'_>, limits: &Limits, number: f64) {
    if let Some(min) = limits.min
        && number < min
    {
        checker.report(
            path,
            ProblemKind::OutOfRange,
            format!("is {number}; must be at least {min}"),
        );
    }
    if let Some(max) = limits.max
        && number > max
    {
        checker.report(
            path,
            ProblemKind::OutOfRange,
            format!("is {number}; must be at most {max}"),
        );
    }
}

fn check_count(
    checker: &mut Checker<'_>,
    path: &JsonPath<'_>,
    limits: &Limits,
    count: usize,
    noun: &str,
) {
    if let Some(min) = limits.min_items
        && count < min as usize
    {
        checker.report(
            path,
            ProblemKind::BadCount,
            format!("has {count} {noun}; at least {min} required"),
        );
    }
    if let Some(max) = limits.max_items
        && count > max as usize
    {
        checker.report(
            path,
            ProblemKind::BadCount,
            format!("has {count} {noun}; at most {max} allowed"),
        );
    }
}

/// A path parameter must be one real segment: not empty, not `.` or `..`.
fn check_segment(checker: &mut Checker<'_>, path: &JsonPath<'_>, value: &Value) {
    let text = match value {
        Value::String(text) => text.as_str(),
        Value::Number(_) => return,
        // Already reported as a type problem.
        _ => return,
    };
    if text.is_empty() {
        checker.report(
            path,
            ProblemKind::BadSegment,
            "must not be empty: it names the resource in the URL",
        );
    } else if text.trim().is_empty() {
        checker.report(
            path,
            ProblemKind::BadSegment,
            "must not be blank: it names the resource in the URL",
        );
    } else if text == "." || text == ".." {
        checker.report(
            path,
            ProblemKind::BadSegment,
            format!("`{text}` is not an id; it would change the URL's path"),
        );
    }
}

/// Query values are scalars or arrays of scalars (sent comma-joined).
fn check_query(checker: &mut Checker<'_>, path: &JsonPath<'_>, value: &Value) {
    let nested = match value {
        Value::Object(_) => true,
        Value::Array(items) => items.iter().any(|item| item.is_array() || item.is_object()),
        _ => false,
    };
    if nested {
        checker.report(
            path,
            ProblemKind::NestedQuery,
            "a query parameter takes a scalar or an array of scalars, not nested objects or arrays",
        );
    }
}

fn given(args: &Map<String, Value>, name: &str) -> bool {
    args.get(name).is_some_and(|value| !value.is_null())
}

fn check_constraint(checker: &mut Checker<'_>, constraint: &Constraint, args: &Map<String, Value>) {
    let names = constraint.params();
    let present: Vec<&str> = names
        .iter()
        .copied()
        .filter(|name| given(args, name))
        .collect();
    let list = |names: &[&str]| {
        names
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let broken = ProblemKind::Constraint;
    let problem = match constraint {
        Constraint::ExactlyOne(_) if present.len() != 1 => Some((
            broken,
            if present.is_empty() {
                format!("exactly one of {} must be given; none was", list(names))
            } else {
                format!(
                    "exactly one of {} must be given; got {}",
                    list(names),
                    list(&present)
                )
            },
        )),
        Constraint::AtMostOne(_) if present.len() > 1 => Some((
            broken,
            format!(
                "at most one of {} may be given; got {}",
                list(names),
                list(&present)
            ),
        )),
        Constraint::AtLeastOne(_) if present.is_empty() => Some((
            broken,
            format!("at least one of {} must be given", list(names)),
        )),
        Constraint::Together(_) if !present.is_empty() && present.len() < names.len() => {
            let missing: Vec<&str> = names
                .iter()
                .copied()
                .filter(|name| !given(args, name))
                .collect();
            // The rest of a group that goes together is missing, as a required value is.
            Some((
                ProblemKind::Missing,
                format!(
                    "{} go together: give all or none (missing {})",
                    list(names),
                    list(&missing)
                ),
            ))
        }
        _ => None,
    };
    if let Some((kind, message)) = problem {
        checker.report(&JsonPath::Root, kind, message);
    }
}

fn unknown_name_message<'a>(name: &str, known: impl Iterator<Item = &'a str> + Clone) -> String {
    let suggestions = suggest(name, known.clone());
    let mut message = "unknown name".to_owned();
    if !suggestions.is_empty() {
        let _ = write!(message, "; did you mean {}?", suggestions.join(" or "));
    }
    let all: Vec<&str> = known.collect();
    if all.is_empty() {
        message.push_str("; this takes no parameters");
    } else {
        let _ = write!(message, "; known names: {}", all.join(", "));
    }
    message
}
