//! `src/descriptors.rs`: the catalog as `static` runtime descriptors, written as text (see
//! [`super::text`]): a regular table, the largest file of the crate.

use proc_macro2::{Ident, Literal};

use super::docs::sanitize;
use super::names::{ident, type_statics};
use super::text::{Expr, doc_comment, item, use_list};
use super::types::type_ref;
use super::{Context, EmitError, RUST_HEADER, code_span};
use actionspec_catalog::model::{
    Action, Agents, Auth, Bound, ConstraintKind, Endpoint, Enum, ErrorAnswer, Limits, Location,
    Model, Order, Param, Protocol, Type,
};

/// Runtime names the file may use; only those it does use are imported.
const RUNTIME_NAMES: &[&str] = &[
    "Access",
    "ActionDescriptor",
    "AgentAccess",
    "ApiDescriptor",
    "AuthDescriptor",
    "BrowserDescriptor",
    "Constraint",
    "Endpoint",
    "EnumDescriptor",
    "ErrorAnswer",
    "ErrorAnswers",
    "ErrorShape",
    "EventsDescriptor",
    "FieldDescriptor",
    "FieldErrorsShape",
    "FilterDescriptor",
    "FilterMatch",
    "FilterVia",
    "IdempotencyDescriptor",
    "Limits",
    "Location",
    "Method",
    "ModelDescriptor",
    "OnDelete",
    "Operation",
    "OrderDescriptor",
    "PaginationDescriptor",
    "ParamDescriptor",
    "ProtocolDescriptor",
    "QueryArrays",
    "ReferenceDescriptor",
    "Returns",
    "TypeRef",
];

pub(super) fn render(context: &Context<'_>) -> Result<String, EmitError> {
    let catalog = context.catalog;
    let api = &catalog.api;
    let model_statics = type_statics(
        "model",
        catalog.models.iter().map(|model| model.name.as_str()),
    )?;
    let enum_statics = type_statics(
        "enum",
        catalog
            .enums
            .iter()
            .map(|enumeration| enumeration.name.as_str()),
    )?;
    let mut module_doc = vec![
        "The catalog as static data, for tools that call actions by name.".to_owned(),
        String::new(),
        "[`API`] holds everything. Each action is a static named after its method in capitals,"
            .to_owned(),
        "unavailable actions included; models and enums are in the [`models`] and [`enums`]"
            .to_owned(),
        "modules, named the same way. Typed and dynamic calls alike go through these descriptors."
            .to_owned(),
    ];
    if let (Some((action, names)), Some(model)) = (context.actions().next(), model_statics.first())
    {
        module_doc.push(String::new());
        module_doc.push(format!(
            "For example `{}` is [`{}`], and the model `{}` is [`models::{model}`].",
            action.name, names.descriptor, catalog.models[0].name
        ));
    }

    // The top level: `API`, then a static per action.
    let mut top = String::new();
    doc_comment(
        &mut top,
        0,
        &[format!(
            "The {} API: every action, model and enum of its catalog.",
            api.name
        )],
        false,
    );
    item(
        &mut top,
        0,
        "pub static API: ApiDescriptor = ",
        &api_descriptor(context, &model_statics, &enum_statics),
        ";",
    );
    for (action, names) in context.actions() {
        top.push('\n');
        action_static(&mut top, action, &names.descriptor).map_err(|error| {
            EmitError::new(format!("action `{}`: {}", action.name, error.message))
        })?;
    }
    let mut models = String::new();
    for (index, (model, name)) in catalog.models.iter().zip(&model_statics).enumerate() {
        if index > 0 {
            models.push('\n');
        }
        model_static(&mut models, model, name).map_err(|error| {
            EmitError::new(format!("model `{}`: {}", model.name, error.message))
        })?;
    }
    let mut enums = String::new();
    for (index, (enumeration, name)) in catalog.enums.iter().zip(&enum_statics).enumerate() {
        if index > 0 {
            enums.push('\n');
        }
        enum_static(&mut enums, enumeration, name)?;
    }

    let mut out = format!("{RUST_HEADER}\n\n");
    doc_comment(&mut out, 0, &module_doc, true);
    out.push('\n');
    use_list(&mut out, 0, "::actionspec_runtime", RUNTIME_NAMES, &top);
    out.push('\n');
    out.push_str(&top);
    for (name, doc, body) in [
        (
            "models",
            "Descriptors of the catalog's models, named after them in capitals.",
            models,
        ),
        (
            "enums",
            "Descriptors of the catalog's enums, named after them in capitals.",
            enums,
        ),
    ] {
        out.push('\n');
        doc_comment(&mut out, 0, &[doc], false);
        out.push_str(&format!("pub mod {name} {{\n"));
        let before = out.len();
        use_list(&mut out, 1, "::actionspec_runtime", RUNTIME_NAMES, &body);
        if out.len() > before && !body.is_empty() {
            out.push('\n');
        }
        out.push_str(&body);
        out.push_str("}\n");
    }
    Ok(out)
}

/// The `API` static: the API's facts and every descriptor.
fn api_descriptor(context: &Context<'_>, models: &[Ident], enums: &[Ident]) -> Expr {
    let api = &context.catalog.api;
    let pagination = &api.pagination;
    let order = pagination.order.as_ref().map(|Order { param, ascending }| {
        Expr::record(
            "OrderDescriptor",
            vec![
                ("param", Expr::str(param)),
                ("ascending", Expr::str(ascending)),
            ],
        )
    });
    let marker = pagination
        .marker
        .iter()
        .map(|(field, value)| Expr::call("", vec![Expr::str(field), Expr::str(value)]))
        .collect();
    let events = api.events.as_ref().map(|events| {
        Expr::record(
            "EventsDescriptor",
            vec![
                ("action", Expr::str(&events.action)),
                ("type_field", Expr::str(&events.type_field)),
                ("data_field", Expr::str(&events.data_field)),
            ],
        )
    });
    let references = |prefix: &str, names: &mut dyn Iterator<Item = String>| {
        Expr::slice(
            names
                .map(|name| Expr::atom(format!("&{prefix}{name}")))
                .collect(),
        )
    };
    Expr::record(
        "ApiDescriptor",
        vec![
            ("name", Expr::str(&api.name)),
            ("default_base_url", Expr::str(&api.base_url)),
            ("api_key_env", Expr::str(&api.api_key_env)),
            ("base_url_env", Expr::str(&api.base_url_env)),
            ("request_id_header", Expr::str(&api.request_id_header)),
            ("action_prefix", Expr::str(&api.action_prefix)),
            (
                "pagination",
                Expr::record(
                    "PaginationDescriptor",
                    vec![
                        ("cursor_param", Expr::str(&pagination.cursor_param)),
                        (
                            "before_param",
                            Expr::option(pagination.before_param.as_deref().map(Expr::str)),
                        ),
                        ("limit_param", Expr::str(&pagination.limit_param)),
                        ("order", Expr::option(order)),
                        ("items_field", Expr::str(&pagination.items_field)),
                        ("marker", Expr::slice(marker)),
                        ("next_cursor", Expr::strs(&pagination.next_cursor)),
                        (
                            "previous_cursor",
                            Expr::option(pagination.previous_cursor.as_deref().map(Expr::strs)),
                        ),
                    ],
                ),
            ),
            (
                "actions",
                references(
                    "",
                    &mut context
                        .actions
                        .iter()
                        .map(|names| names.descriptor.to_string()),
                ),
            ),
            (
                "models",
                references("models::", &mut models.iter().map(Ident::to_string)),
            ),
            (
                "enums",
                references("enums::", &mut enums.iter().map(Ident::to_string)),
            ),
            ("events", Expr::option(events)),
            ("protocol", protocol_descriptor(&api.protocol)),
            (
                "webhooks",
                Expr::option(
                    api.webhooks
                        .as_ref()
                        .map(|_| Expr::atom("crate::webhooks::SCHEME")),
                ),
            ),
        ],
    )
}

/// The `ProtocolDescriptor` of `api.protocol`.
fn protocol_descriptor(protocol: &Protocol) -> Expr {
    let Auth {
        header,
        scheme,
        key_prefix,
    } = &protocol.auth;
    let idempotency = protocol.idempotency.as_ref().map(|idempotency| {
        let methods = idempotency
            .methods
            .iter()
            .map(|method| Expr::atom(format!("Method::{}", method.variant())))
            .collect();
        Expr::record(
            "IdempotencyDescriptor",
            vec![
                ("header", Expr::str(&idempotency.header)),
                ("methods", Expr::slice(methods)),
            ],
        )
    });
    let errors = &protocol.errors;
    let field_errors = errors.field_errors.as_ref().map(|shape| {
        Expr::record(
            "FieldErrorsShape",
            vec![
                ("list", Expr::str(&shape.list)),
                ("field", Expr::str(&shape.field)),
                ("code", Expr::str(&shape.code)),
                ("message", Expr::str(&shape.message)),
            ],
        )
    });
    let answer = |answer: &ErrorAnswer| {
        Expr::record(
            "ErrorAnswer",
            vec![
                ("code", Expr::str(&answer.code)),
                ("message", Expr::str(&answer.message)),
            ],
        )
    };
    let answers = &errors.answers;
    let answers = Expr::record(
        "ErrorAnswers",
        vec![
            ("not_found", answer(&answers.not_found)),
            (
                "not_found_id_field",
                Expr::option(answers.not_found_id_field.as_deref().map(Expr::str)),
            ),
            ("no_route", answer(&answers.no_route)),
            ("bad_request", answer(&answers.bad_request)),
            ("validation", answer(&answers.validation)),
            ("missing_code", Expr::str(&answers.missing_code)),
            ("invalid_code", Expr::str(&answers.invalid_code)),
            ("unauthorized", answer(&answers.unauthorized)),
            ("rate_limited", answer(&answers.rate_limited)),
            (
                "idempotency_conflict",
                answer(&answers.idempotency_conflict),
            ),
            ("server_error", answer(&answers.server_error)),
            ("unavailable", answer(&answers.unavailable)),
        ],
    );
    Expr::record(
        "ProtocolDescriptor",
        vec![
            (
                "auth",
                Expr::record(
                    "AuthDescriptor",
                    vec![
                        ("header", Expr::str(header)),
                        ("scheme", Expr::str(scheme)),
                        ("key_prefix", Expr::str(key_prefix)),
                    ],
                ),
            ),
            ("request_id_prefix", Expr::str(&protocol.request_id_prefix)),
            ("idempotency", Expr::option(idempotency)),
            (
                "query_arrays",
                Expr::atom(format!("QueryArrays::{}", protocol.query_arrays.variant())),
            ),
            (
                "errors",
                Expr::record(
                    "ErrorShape",
                    vec![
                        ("message", Expr::strs(&errors.message)),
                        ("code", Expr::strs(&errors.code)),
                        ("field_errors", Expr::option(field_errors)),
                        ("answers", answers),
                    ],
                ),
            ),
        ],
    )
}

fn action_static(out: &mut String, action: &Action, name: &Ident) -> Result<(), EmitError> {
    doc_comment(
        out,
        0,
        &[format!(
            "{}: {}",
            code_span(&action.name),
            sanitize(&action.summary).join(" ")
        )],
        false,
    );
    let description = action.description.as_deref().unwrap_or_default().trim();
    let endpoint = match &action.endpoint {
        Endpoint::Http { path, .. } if action.browser.is_some() => {
            let browser = action.browser.as_ref().expect("checked by the guard");
            let fixed = browser
                .fixed
                .iter()
                .map(|(name, value)| Expr::call("", vec![Expr::str(name), Expr::str(value)]))
                .collect();
            Expr::call(
                "Endpoint::Browser",
                vec![Expr::record(
                    "BrowserDescriptor",
                    vec![
                        ("path", Expr::str(&path.to_string())),
                        ("fixed", Expr::slice(fixed)),
                        (
                            "redirect_param",
                            Expr::option(browser.redirect_param.as_deref().map(Expr::str)),
                        ),
                        (
                            "authorization",
                            Expr::atom(browser.authorization.to_string()),
                        ),
                    ],
                )],
            )
        }
        Endpoint::Http {
            method,
            path,
            status,
        } => Expr::record(
            "Endpoint::Http",
            vec![
                (
                    "method",
                    Expr::atom(format!("Method::{}", ident(method.variant())?)),
                ),
                ("path", Expr::str(&path.to_string())),
                ("success_status", Expr::atom(status.to_string())),
            ],
        ),
        Endpoint::Unavailable {
            reason,
            alternatives,
        } => Expr::record(
            "Endpoint::Unavailable",
            vec![
                ("reason", Expr::str(reason)),
                ("alternatives", Expr::strs(alternatives)),
            ],
        ),
    };
    let params = action
        .params
        .iter()
        .map(param_descriptor)
        .collect::<Result<Vec<_>, _>>()?;
    let constraints = action
        .constraints
        .iter()
        .map(|constraint| {
            let kind = match constraint.kind {
                ConstraintKind::ExactlyOne => "ExactlyOne",
                ConstraintKind::AtMostOne => "AtMostOne",
                ConstraintKind::AtLeastOne => "AtLeastOne",
                ConstraintKind::Together => "Together",
            };
            Expr::call(
                &format!("Constraint::{kind}"),
                vec![Expr::strs(&constraint.params)],
            )
        })
        .collect();
    let returns = match (&action.returns, action.paginated) {
        (None, _) => Expr::atom("Returns::Nothing"),
        (Some(ty), false) => Expr::atom(format!("Returns::One(&{})", type_ref(ty))),
        (Some(ty), true) => Expr::atom(format!("Returns::Page(&{})", type_ref(ty))),
    };
    let agents = match &action.agents {
        Agents::Offered => Expr::atom("AgentAccess::Offered"),
        Agents::Withheld { reason } => {
            Expr::record("AgentAccess::Withheld", vec![("reason", Expr::str(reason))])
        }
    };
    let filters = action
        .filters
        .iter()
        .map(|filter| {
            let via = filter.via.as_ref().map(|via| {
                Expr::record(
                    "FilterVia",
                    vec![
                        ("model", Expr::str(&via.model)),
                        ("link", Expr::str(&via.link)),
                    ],
                )
            });
            Expr::record(
                "FilterDescriptor",
                vec![
                    ("param", Expr::str(&filter.param)),
                    ("fields", Expr::strs(&filter.fields)),
                    (
                        "matching",
                        Expr::atom(format!("FilterMatch::{}", filter.matching.variant())),
                    ),
                    ("via", Expr::option(via)),
                ],
            )
        })
        .collect();
    let descriptor = Expr::record(
        "ActionDescriptor",
        vec![
            ("name", Expr::str(&action.name)),
            ("summary", Expr::str(&action.summary)),
            ("description", Expr::str(description)),
            ("resource", Expr::str(&action.resource)),
            (
                "operation",
                Expr::atom(format!("Operation::{}", ident(action.operation.variant())?)),
            ),
            (
                "access",
                Expr::atom(format!("Access::{}", ident(action.access.variant())?)),
            ),
            ("destructive", Expr::atom(action.destructive.to_string())),
            ("idempotent", Expr::atom(action.idempotent.to_string())),
            ("endpoint", endpoint),
            ("params", Expr::slice(params)),
            ("constraints", Expr::slice(constraints)),
            ("returns", returns),
            (
                "emits",
                Expr::option(action.emits.as_deref().map(Expr::str)),
            ),
            ("filters", Expr::slice(filters)),
            ("agents", agents),
        ],
    );
    item(
        out,
        0,
        &format!("pub static {name}: ActionDescriptor = "),
        &descriptor,
        ";",
    );
    Ok(())
}

/// `ParamDescriptor::query("search", TypeRef::String).doc("...")`: only what differs from
/// the defaults is spelled, so an entry takes a line or two.
fn param_descriptor(param: &Param) -> Result<Expr, EmitError> {
    let constructor = match param.location {
        Location::Path => "ParamDescriptor::path",
        Location::Query => "ParamDescriptor::query",
        Location::Body => "ParamDescriptor::body",
    };
    let base = Expr::call(
        constructor,
        vec![Expr::str(&param.name), Expr::atom(type_ref(&param.ty))],
    );
    let mut calls = Vec::new();
    if param.required && param.location != Location::Path {
        calls.push(("required".to_owned(), Vec::new()));
    }
    calls.extend(doc_and_limits(param.doc.as_deref(), &param.limits)?);
    if let Some(default) = &param.default {
        calls.push((
            "default".to_owned(),
            vec![Expr::str(&default_json(&param.ty, default))],
        ));
    }
    Ok(chain(base, calls))
}

/// `base` followed by builder calls, or `base` alone.
fn chain(base: Expr, calls: Vec<(String, Vec<Expr>)>) -> Expr {
    if calls.is_empty() {
        base
    } else {
        Expr::Chain {
            base: Box::new(base),
            calls,
        }
    }
}

/// A parameter's default as JSON text: written as-is for numbers and booleans that parse as
/// such, quoted for everything else (the spec writes `default: desc`, the schema needs `"desc"`).
fn default_json(ty: &Type, default: &str) -> String {
    let literal = match ty {
        Type::Integer | Type::Number | Type::Boolean => serde_json::from_str(default)
            .ok()
            .filter(|value: &serde_json::Value| value.is_number() || value.is_boolean()),
        _ => None,
    };
    literal
        .unwrap_or_else(|| serde_json::Value::String(default.to_owned()))
        .to_string()
}

/// `.doc(..)` and `.limits(..)` calls for what is set.
fn doc_and_limits(
    doc: Option<&str>,
    limits: &Limits,
) -> Result<Vec<(String, Vec<Expr>)>, EmitError> {
    let mut calls = Vec::new();
    if let Some(doc) = doc.map(str::trim).filter(|doc| !doc.is_empty()) {
        calls.push(("doc".to_owned(), vec![Expr::str(doc)]));
    }
    if let Some(limits) = limits_expr(limits)? {
        calls.push(("limits".to_owned(), vec![limits]));
    }
    Ok(calls)
}

fn model_static(out: &mut String, model: &Model, name: &Ident) -> Result<(), EmitError> {
    let fields = model
        .fields
        .iter()
        .map(|field| {
            let base = Expr::call(
                "FieldDescriptor::new",
                vec![Expr::str(&field.name), Expr::atom(type_ref(&field.ty))],
            );
            let mut calls = Vec::new();
            for (set, call) in [
                (!field.required, "optional"),
                (field.nullable, "nullable"),
                (field.secret, "secret"),
            ] {
                if set {
                    calls.push((call.to_owned(), Vec::new()));
                }
            }
            calls.extend(doc_and_limits(field.doc.as_deref(), &field.limits)?);
            Ok(chain(base, calls))
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    let references = model
        .references
        .iter()
        .map(|reference| {
            Expr::record(
                "ReferenceDescriptor",
                vec![
                    ("field", Expr::str(&reference.field)),
                    ("model", Expr::str(&reference.model)),
                    (
                        "on_delete",
                        Expr::atom(format!("OnDelete::{}", reference.on_delete.variant())),
                    ),
                ],
            )
        })
        .collect();
    let descriptor = Expr::record(
        "ModelDescriptor",
        vec![
            ("name", Expr::str(&model.name)),
            (
                "doc",
                Expr::str(model.doc.as_deref().unwrap_or_default().trim()),
            ),
            (
                "object",
                Expr::option(model.object.as_deref().map(Expr::str)),
            ),
            (
                "id_prefix",
                Expr::option(model.id_prefix.as_deref().map(Expr::str)),
            ),
            ("fields", Expr::slice(fields)),
            ("references", Expr::slice(references)),
        ],
    );
    doc_comment(out, 1, &[code_span(&model.name)], false);
    item(
        out,
        1,
        &format!("pub static {name}: ModelDescriptor = "),
        &descriptor,
        ";",
    );
    Ok(())
}

/// The values come from the enum's own `KNOWN` list (`string_enum!`), so they are written once.
fn enum_static(out: &mut String, enumeration: &Enum, name: &Ident) -> Result<(), EmitError> {
    let descriptor = Expr::record(
        "EnumDescriptor",
        vec![
            ("name", Expr::str(&enumeration.name)),
            (
                "doc",
                Expr::str(enumeration.doc.as_deref().unwrap_or_default().trim()),
            ),
            (
                "values",
                Expr::atom(format!(
                    "crate::models::{}::KNOWN",
                    ident(&enumeration.name)?
                )),
            ),
        ],
    );
    doc_comment(out, 1, &[code_span(&enumeration.name)], false);
    item(
        out,
        1,
        &format!("pub static {name}: EnumDescriptor = "),
        &descriptor,
        ";",
    );
    Ok(())
}

/// `Limits::NONE.max_length(128)`, naming the bounds that are set; `None` when none is.
fn limits_expr(limits: &Limits) -> Result<Option<Expr>, EmitError> {
    let mut calls = Vec::new();
    for (key, bound) in limits.bounds() {
        let value = match bound {
            Bound::Number(value) if !value.is_finite() => {
                return Err(EmitError::new(format!(
                    "the limit `{key}` is not a finite number"
                )));
            }
            Bound::Number(value) => Literal::f64_unsuffixed(value),
            Bound::Count(value) => Literal::u32_unsuffixed(value),
        };
        calls.push((key.to_owned(), vec![Expr::atom(value.to_string())]));
    }
    Ok((!calls.is_empty()).then(|| chain(Expr::atom("Limits::NONE"), calls)))
}
