//! `src/descriptors.rs`: the catalog as `static` runtime descriptors.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::docs::{inner_doc_attrs, raw_doc_attrs};
use super::names::{ident, type_statics};
use super::types::type_ref;
use super::{Context, EmitError, code_span, imports, rust_file};
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
    let module_doc = inner_doc_attrs(&module_doc);

    let (name, base_url, api_key_env, base_url_env, request_id_header, action_prefix) = (
        &api.name,
        &api.base_url,
        &api.api_key_env,
        &api.base_url_env,
        &api.request_id_header,
        &api.action_prefix,
    );
    let pagination = &api.pagination;
    let (cursor_param, limit_param, items_field, next_cursor) = (
        &pagination.cursor_param,
        &pagination.limit_param,
        &pagination.items_field,
        &pagination.next_cursor,
    );
    let before_param = option(pagination.before_param.as_ref().map(|param| quote!(#param)));
    let order = option(pagination.order.as_ref().map(|Order { param, ascending }| {
        quote!(OrderDescriptor { param: #param, ascending: #ascending })
    }));
    let (marker_fields, marker_values): (Vec<&String>, Vec<&String>) = pagination
        .marker
        .iter()
        .map(|(field, value)| (field, value))
        .unzip();
    let previous_cursor = option(
        pagination
            .previous_cursor
            .as_ref()
            .map(|path| quote!(&[#(#path),*])),
    );
    let protocol = protocol_descriptor(&api.protocol);
    let action_statics: Vec<&Ident> = context
        .actions
        .iter()
        .map(|names| &names.descriptor)
        .collect();
    let events = match &api.events {
        Some(events) => {
            let (action, type_field, data_field) =
                (&events.action, &events.type_field, &events.data_field);
            quote!(Some(EventsDescriptor { action: #action, type_field: #type_field, data_field: #data_field }))
        }
        None => quote!(None),
    };
    let webhooks = match &api.webhooks {
        Some(_) => quote!(Some(crate::webhooks::SCHEME)),
        None => quote!(None),
    };
    let api_doc = format!(" The {name} API: every action, model and enum of its catalog.");
    let api_static = quote! {
        #[doc = #api_doc]
        pub static API: ApiDescriptor = ApiDescriptor {
            name: #name,
            default_base_url: #base_url,
            api_key_env: #api_key_env,
            base_url_env: #base_url_env,
            request_id_header: #request_id_header,
            action_prefix: #action_prefix,
            pagination: PaginationDescriptor {
                cursor_param: #cursor_param,
                before_param: #before_param,
                limit_param: #limit_param,
                order: #order,
                items_field: #items_field,
                marker: &[#((#marker_fields, #marker_values)),*],
                next_cursor: &[#(#next_cursor),*],
                previous_cursor: #previous_cursor,
            },
            actions: &[#(&#action_statics),*],
            models: &[#(&models::#model_statics),*],
            enums: &[#(&enums::#enum_statics),*],
            events: #events,
            protocol: #protocol,
            webhooks: #webhooks,
        };

    };

    let actions = context
        .actions()
        .map(|(action, names)| {
            action_static(action, &names.descriptor).map_err(|error| {
                EmitError::new(format!("action `{}`: {}", action.name, error.message))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let models = catalog
        .models
        .iter()
        .zip(&model_statics)
        .map(|(model, name)| {
            model_static(model, name).map_err(|error| {
                EmitError::new(format!("model `{}`: {}", model.name, error.message))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let enums = catalog
        .enums
        .iter()
        .zip(&enum_statics)
        .map(|(enumeration, name)| enum_static(enumeration, name))
        .collect::<Result<Vec<_>, _>>()?;
    let models = quote!(#(#models)*);
    let enums = quote!(#(#enums)*);
    let top = quote!(#api_static #(#actions)*);
    let (top_use, models_use, enums_use) = (
        imports(&top, RUNTIME_NAMES, &[]),
        imports(&models, RUNTIME_NAMES, &[]),
        imports(&enums, RUNTIME_NAMES, &[]),
    );
    let tokens = quote! {
        #module_doc
        #top_use
        #top

        /// Descriptors of the catalog's models, named after them in capitals.
        pub mod models {
            #models_use
            #models
        }

        /// Descriptors of the catalog's enums, named after them in capitals.
        pub mod enums {
            #enums_use
            #enums
        }
    };
    rust_file(tokens, &[])
}

/// `Some(tokens)` or `None`.
fn option(tokens: Option<TokenStream>) -> TokenStream {
    match tokens {
        Some(tokens) => quote!(Some(#tokens)),
        None => quote!(None),
    }
}

/// The `ProtocolDescriptor` of `api.protocol`.
fn protocol_descriptor(protocol: &Protocol) -> TokenStream {
    let Auth {
        header,
        scheme,
        key_prefix,
    } = &protocol.auth;
    let request_id_prefix = &protocol.request_id_prefix;
    let idempotency = option(protocol.idempotency.as_ref().map(|idempotency| {
        let header = &idempotency.header;
        let methods = idempotency
            .methods
            .iter()
            .map(|method| Ident::new(method.variant(), proc_macro2::Span::call_site()));
        quote!(IdempotencyDescriptor { header: #header, methods: &[#(Method::#methods),*] })
    }));
    let query_arrays = Ident::new(
        protocol.query_arrays.variant(),
        proc_macro2::Span::call_site(),
    );
    let errors = &protocol.errors;
    let (message, code) = (&errors.message, &errors.code);
    let field_errors = option(errors.field_errors.as_ref().map(|shape| {
        let (list, field, code, message) = (&shape.list, &shape.field, &shape.code, &shape.message);
        quote!(FieldErrorsShape { list: #list, field: #field, code: #code, message: #message })
    }));
    let answer = |answer: &ErrorAnswer| {
        let (code, message) = (&answer.code, &answer.message);
        quote!(ErrorAnswer { code: #code, message: #message })
    };
    let answers = &errors.answers;
    let not_found_id_field = option(
        answers
            .not_found_id_field
            .as_ref()
            .map(|field| quote!(#field)),
    );
    let (missing_code, invalid_code) = (&answers.missing_code, &answers.invalid_code);
    let [
        not_found,
        no_route,
        bad_request,
        validation,
        unauthorized,
        rate_limited,
        idempotency_conflict,
        server_error,
        unavailable,
    ] = [
        &answers.not_found,
        &answers.no_route,
        &answers.bad_request,
        &answers.validation,
        &answers.unauthorized,
        &answers.rate_limited,
        &answers.idempotency_conflict,
        &answers.server_error,
        &answers.unavailable,
    ]
    .map(answer);
    quote! {
        ProtocolDescriptor {
            auth: AuthDescriptor { header: #header, scheme: #scheme, key_prefix: #key_prefix },
            request_id_prefix: #request_id_prefix,
            idempotency: #idempotency,
            query_arrays: QueryArrays::#query_arrays,
            errors: ErrorShape {
                message: &[#(#message),*],
                code: &[#(#code),*],
                field_errors: #field_errors,
                answers: ErrorAnswers {
                    not_found: #not_found,
                    not_found_id_field: #not_found_id_field,
                    no_route: #no_route,
                    bad_request: #bad_request,
                    validation: #validation,
                    missing_code: #missing_code,
                    invalid_code: #invalid_code,
                    unauthorized: #unauthorized,
                    rate_limited: #rate_limited,
                    idempotency_conflict: #idempotency_conflict,
                    server_error: #server_error,
                    unavailable: #unavailable,
                },
            },
        }
    }
}

fn action_static(action: &Action, name: &Ident) -> Result<TokenStream, EmitError> {
    let doc = raw_doc_attrs(&[format!(
        "{}: {}",
        code_span(&action.name),
        super::docs::sanitize(&action.summary).join(" ")
    )]);
    let (action_name, summary, resource) = (&action.name, &action.summary, &action.resource);
    let description = action.description.as_deref().unwrap_or_default().trim();
    let operation = ident(action.operation.variant())?;
    let access = ident(action.access.variant())?;
    let (destructive, idempotent) = (action.destructive, action.idempotent);
    let endpoint = match &action.endpoint {
        Endpoint::Http { path, .. } if action.browser.is_some() => {
            let browser = action.browser.as_ref().expect("checked by the guard");
            let path = path.to_string();
            let fixed = browser
                .fixed
                .iter()
                .map(|(name, value)| quote!((#name, #value)));
            let redirect_param = match &browser.redirect_param {
                Some(param) => quote!(Some(#param)),
                None => quote!(None),
            };
            let authorization = browser.authorization;
            quote! {
                Endpoint::Browser(BrowserDescriptor {
                    path: #path,
                    fixed: &[#(#fixed),*],
                    redirect_param: #redirect_param,
                    authorization: #authorization,
                })
            }
        }
        Endpoint::Http {
            method,
            path,
            status,
        } => {
            let method = ident(method.variant())?;
            let path = path.to_string();
            let status = Literal::u16_unsuffixed(*status);
            quote!(Endpoint::Http { method: Method::#method, path: #path, success_status: #status })
        }
        Endpoint::Unavailable {
            reason,
            alternatives,
        } => quote! {
            Endpoint::Unavailable { reason: #reason, alternatives: &[#(#alternatives),*] }
        },
    };
    let params = action
        .params
        .iter()
        .map(param_descriptor)
        .collect::<Result<Vec<_>, _>>()?;
    let constraints = action.constraints.iter().map(|constraint| {
        let kind = match constraint.kind {
            ConstraintKind::ExactlyOne => quote!(ExactlyOne),
            ConstraintKind::AtMostOne => quote!(AtMostOne),
            ConstraintKind::AtLeastOne => quote!(AtLeastOne),
            ConstraintKind::Together => quote!(Together),
        };
        let names = &constraint.params;
        quote!(Constraint::#kind(&[#(#names),*]))
    });
    let returns = match (&action.returns, action.paginated) {
        (None, _) => quote!(Returns::Nothing),
        (Some(ty), false) => {
            let ty = type_ref(ty);
            quote!(Returns::One(&#ty))
        }
        (Some(ty), true) => {
            let ty = type_ref(ty);
            quote!(Returns::Page(&#ty))
        }
    };
    let emits = optional_str(action.emits.as_deref());
    let agents = match &action.agents {
        Agents::Offered => quote!(AgentAccess::Offered),
        Agents::Withheld { reason } => quote!(AgentAccess::Withheld { reason: #reason }),
    };
    let filters = action.filters.iter().map(|filter| {
        let (param, fields) = (&filter.param, &filter.fields);
        let matching = Ident::new(filter.matching.variant(), proc_macro2::Span::call_site());
        let via = match &filter.via {
            Some(via) => {
                let (model, link) = (&via.model, &via.link);
                quote!(Some(FilterVia { model: #model, link: #link }))
            }
            None => quote!(None),
        };
        quote!(FilterDescriptor { param: #param, fields: &[#(#fields),*], matching: FilterMatch::#matching, via: #via })
    });
    Ok(quote! {
        #doc
        pub static #name: ActionDescriptor = ActionDescriptor {
            name: #action_name,
            summary: #summary,
            description: #description,
            resource: #resource,
            operation: Operation::#operation,
            access: Access::#access,
            destructive: #destructive,
            idempotent: #idempotent,
            endpoint: #endpoint,
            params: &[#(#params),*],
            constraints: &[#(#constraints),*],
            returns: #returns,
            emits: #emits,
            filters: &[#(#filters),*],
            agents: #agents,
        };
    })
}

/// `ParamDescriptor::query("search", TypeRef::String).doc("...")`: only what differs from
/// the defaults is spelled, so an entry takes a line or two.
fn param_descriptor(param: &Param) -> Result<TokenStream, EmitError> {
    let name = &param.name;
    let ty = type_ref(&param.ty);
    let mut tokens = match param.location {
        Location::Path => quote!(ParamDescriptor::path(#name, #ty)),
        Location::Query => quote!(ParamDescriptor::query(#name, #ty)),
        Location::Body => quote!(ParamDescriptor::body(#name, #ty)),
    };
    if param.required && param.location != Location::Path {
        tokens.extend(quote!(.required()));
    }
    tokens.extend(doc_and_limits(param.doc.as_deref(), &param.limits)?);
    if let Some(default) = &param.default {
        let json = default_json(&param.ty, default);
        tokens.extend(quote!(.default(#json)));
    }
    Ok(tokens)
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
fn doc_and_limits(doc: Option<&str>, limits: &Limits) -> Result<TokenStream, EmitError> {
    let mut tokens = TokenStream::new();
    if let Some(doc) = doc.map(str::trim).filter(|doc| !doc.is_empty()) {
        tokens.extend(quote!(.doc(#doc)));
    }
    if let Some(limits) = limits_expr(limits)? {
        tokens.extend(quote!(.limits(#limits)));
    }
    Ok(tokens)
}

fn model_static(model: &Model, name: &Ident) -> Result<TokenStream, EmitError> {
    let doc = format!(" {}", code_span(&model.name));
    let model_name = &model.name;
    let model_doc = model.doc.as_deref().unwrap_or_default().trim();
    let object = optional_str(model.object.as_deref());
    let id_prefix = optional_str(model.id_prefix.as_deref());
    let fields = model
        .fields
        .iter()
        .map(|field| {
            let name = &field.name;
            let ty = type_ref(&field.ty);
            let mut tokens = quote!(FieldDescriptor::new(#name, #ty));
            if !field.required {
                tokens.extend(quote!(.optional()));
            }
            if field.nullable {
                tokens.extend(quote!(.nullable()));
            }
            if field.secret {
                tokens.extend(quote!(.secret()));
            }
            tokens.extend(doc_and_limits(field.doc.as_deref(), &field.limits)?);
            Ok(tokens)
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    let references = model.references.iter().map(|reference| {
        let (field, model) = (&reference.field, &reference.model);
        let on_delete = Ident::new(reference.on_delete.variant(), proc_macro2::Span::call_site());
        quote!(ReferenceDescriptor { field: #field, model: #model, on_delete: OnDelete::#on_delete })
    });
    Ok(quote! {
        #[doc = #doc]
        pub static #name: ModelDescriptor = ModelDescriptor {
            name: #model_name,
            doc: #model_doc,
            object: #object,
            id_prefix: #id_prefix,
            fields: &[#(#fields),*],
            references: &[#(#references),*],
        };
    })
}

/// The values come from the enum's own `KNOWN` list (`string_enum!`), so they are written once.
fn enum_static(enumeration: &Enum, name: &Ident) -> Result<TokenStream, EmitError> {
    let doc = format!(" {}", code_span(&enumeration.name));
    let enum_name = &enumeration.name;
    let enum_doc = enumeration.doc.as_deref().unwrap_or_default().trim();
    let rust_name = ident(&enumeration.name)?;
    Ok(quote! {
        #[doc = #doc]
        pub static #name: EnumDescriptor = EnumDescriptor {
            name: #enum_name,
            doc: #enum_doc,
            values: crate::models::#rust_name::KNOWN,
        };
    })
}

fn optional_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}

/// `Limits::NONE.max_length(128)`, naming the bounds that are set; `None` when none is.
fn limits_expr(limits: &Limits) -> Result<Option<TokenStream>, EmitError> {
    let mut calls = TokenStream::new();
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
        let key = ident(key)?;
        calls.extend(quote!(.#key(#value)));
    }
    Ok((!calls.is_empty()).then(|| quote!(Limits::NONE #calls)))
}
