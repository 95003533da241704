//! `src/lib.rs`: crate docs with a compiled example, modules and re-exports.

use quote::quote;

use super::docs::inner_doc_attrs;
use super::names::ActionNames;
use super::{Context, EmitError, rust_file};
use actionspec_catalog::model::{Action, Operation, Param, Type};

/// Above this many arguments clippy objects to a function; a `new` taking every required
/// parameter may need more.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

pub(super) fn render(context: &Context<'_>) -> Result<String, EmitError> {
    let catalog = context.catalog;
    let api = &catalog.api;
    let available = catalog
        .actions
        .iter()
        .filter(|action| action.is_available())
        .count();
    let mut lines = vec![
        format!(
            "Typed async client of the {} API, generated from the action catalog in `spec/`.",
            api.name
        ),
        String::new(),
        "Each method of [`Client`] is one action of the catalog: it takes a struct from [`params`],"
            .to_owned(),
        "answers types from [`models`], and goes through the one request path of [`runtime`]"
            .to_owned(),
        "(validation, authentication, write policy, retries, decoding, pagination). [`descriptors`]"
            .to_owned(),
        "holds the same catalog as data, for tools that call actions by name; `ACTIONS.md` beside"
            .to_owned(),
        format!(
            "this crate lists them all ({} actions, {available} of them available).",
            catalog.actions.len()
        ),
    ];
    lines.extend(example(context));
    let docs = inner_doc_attrs(&lines);
    let many_arguments = catalog
        .actions
        .iter()
        .filter(|action| action.is_available())
        .map(|action| action.params.iter().filter(|param| param.required).count())
        .chain(
            catalog
                .models
                .iter()
                .filter(|model| context.input_models.contains(&model.name))
                .map(|model| {
                    model
                        .fields
                        .iter()
                        .filter(|field| field.required && !field.nullable)
                        .count()
                }),
        )
        .any(|count| count > CLIPPY_MAX_ARGUMENTS);
    let allow = many_arguments.then(|| quote!(#![allow(clippy::too_many_arguments)]));
    let webhooks = catalog.api.webhooks.is_some().then(|| {
        quote!(
            pub mod webhooks;
        )
    });
    let tokens = quote! {
        #docs
        #allow

        pub mod descriptors;
        pub mod models;
        pub mod params;
        #webhooks

        mod client;

        pub use actionspec_runtime::{
            self as runtime, CallOptions, Engine, EngineBuilder, Error, ItemStream, Page, Result,
        };
        pub use client::Client;
    };
    rust_file(tokens)
}

/// The crate example: build a client, make one typed call, read one stream; each part only when
/// the catalog has an action it can show with literal arguments.
fn example(context: &Context<'_>) -> Vec<String> {
    let crate_name = &context.crate_name;
    let api = &context.catalog.api;
    let mut body = vec![
        format!("use {crate_name}::{{Client, params}};"),
        String::new(),
        format!("// Reads the API key from `{}`.", api.api_key_env),
        "let client = Client::from_env()?;".to_owned(),
    ];
    let one = pick(context, false);
    if let Some((action, names, args)) = &one {
        body.push(String::new());
        let call = [
            "client".to_owned(),
            format!(
                "    .{}(params::{}::new({args}))",
                names.method, names.params
            ),
            "    .await?".to_owned(),
        ];
        if action.returns.is_some() {
            let binding = &action.resource;
            let binding = if !super::names::ident(binding).is_ok_and(|ident| ident == binding)
                || ["client", "params", "items", "item"].contains(&binding.as_str())
            {
                "answer"
            } else {
                binding
            };
            body.push(format!("let {binding} = {}", call[0]));
            body.extend(call[1..].iter().cloned());
            push_semicolon(&mut body);
            body.push(format!("println!(\"{{{binding}:?}}\");"));
        } else {
            body.extend(call);
            push_semicolon(&mut body);
        }
    }
    if let Some((_, names, args)) = pick(context, true) {
        body.push(String::new());
        body.push("// Pages are fetched as the stream is read.".to_owned());
        body.push("use futures::TryStreamExt as _;".to_owned());
        body.push(format!(
            "let mut items = client.{}_stream(params::{}::new({args}));",
            names.method_text, names.params
        ));
        if body.last().is_some_and(|line| line.len() > 90) {
            let line = body.pop().unwrap_or_default();
            let (head, tail) = line.split_once(" = ").unwrap_or((&line, ""));
            let tail = tail.strip_prefix("client.").unwrap_or(tail);
            body.push(format!("{head} ="));
            body.push(format!("    client.{tail}"));
        }
        body.push("while let Some(item) = items.try_next().await? {".to_owned());
        body.push("    println!(\"{item:?}\");".to_owned());
        body.push("}".to_owned());
    }
    let mut lines = vec![String::new(), "```no_run".to_owned()];
    lines.push(format!(
        "# async fn example() -> {crate_name}::Result<()> {{"
    ));
    lines.extend(body);
    lines.push("# Ok(())".to_owned());
    lines.push("# }".to_owned());
    lines.push("```".to_owned());
    lines
}

fn push_semicolon(lines: &mut [String]) {
    if let Some(last) = lines.last_mut() {
        last.push(';');
    }
}

/// The available action to show: a `get` for a call (else a read, else any) or a `list` for a
/// stream, whose required parameters all have a literal example; among those, one of the
/// resource with the most actions (the API's central object), then the first by name.
fn pick<'a>(
    context: &'a Context<'_>,
    paginated: bool,
) -> Option<(&'a Action, &'a ActionNames, String)> {
    let candidates: Vec<(&Action, &ActionNames, String)> = context
        .actions()
        .filter(|(action, _)| action.is_available() && action.paginated == paginated)
        .filter_map(|(action, names)| {
            let args: Option<Vec<String>> = action
                .params
                .iter()
                .filter(|param| param.required)
                .map(|param| example_value(context, action, param))
                .collect();
            args.map(|args| (action, names, args.join(", ")))
        })
        .collect();
    let wanted = if paginated {
        Operation::List
    } else {
        Operation::Get
    };
    let rank = |action: &Action| {
        if action.operation == wanted {
            0
        } else if action.access == actionspec_catalog::model::Access::Read {
            1
        } else {
            2
        }
    };
    let mut actions_of: std::collections::BTreeMap<&str, usize> = Default::default();
    for action in &context.catalog.actions {
        *actions_of.entry(action.resource.as_str()).or_default() += 1;
    }
    candidates.into_iter().min_by_key(|(action, _, _)| {
        (
            rank(action),
            std::cmp::Reverse(actions_of.get(action.resource.as_str()).copied()),
        )
    })
}

/// A literal for a required parameter: ids get the prefix of the object they name
/// (`"org_123"`), other strings a placeholder, enums their first value.
fn example_value(context: &Context<'_>, action: &Action, param: &Param) -> Option<String> {
    let catalog = context.catalog;
    Some(match &param.ty {
        Type::String | Type::Timestamp => {
            let prefix = if param.name == "id" {
                match &action.returns {
                    Some(Type::Model(name)) => catalog
                        .model(name)
                        .and_then(|model| model.id_prefix.clone()),
                    _ => None,
                }
            } else {
                param.name.strip_suffix("_id").and_then(|object| {
                    catalog
                        .models
                        .iter()
                        .find(|model| model.object.as_deref() == Some(object))
                        .and_then(|model| model.id_prefix.clone())
                })
            };
            let text = match prefix {
                Some(prefix) => format!("{prefix}123"),
                None => format!("{}_123", param.name),
            };
            proc_macro2::Literal::string(&text).to_string()
        }
        Type::Integer => "1".to_owned(),
        Type::Number => "1.0".to_owned(),
        Type::Boolean => "true".to_owned(),
        Type::Enum(name) => {
            let value = catalog.enumeration(name)?.values.first()?;
            proc_macro2::Literal::string(value).to_string()
        }
        Type::Json | Type::List(_) | Type::Map(_) | Type::Model(_) => return None,
    })
}
