//! `src/params.rs`: a parameters struct per available action.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, inner_doc_attrs, raw_doc_attrs};
use super::models::setter;
use super::names::{ActionNames, field_ident};
use super::types::{Paths, rust_type, takes_into};
use super::{
    Context, Conversions, EmitError, code_span, constraint_text, json_name, json_struct,
    limits_summary, rust_file, setters_macro, unparse,
};
use actionspec_catalog::model::{Action, Param};

pub(super) fn render(context: &Context<'_>) -> Result<String, EmitError> {
    let module_doc = inner_doc_attrs(&[
        "Parameters of each action, one struct per [`Client`](crate::Client) method.".to_owned(),
        String::new(),
        "`new` takes the required parameters, so none can be forgotten; each optional one has a"
            .to_owned(),
        "setter. Limits and rules across parameters are checked by the engine before anything is"
            .to_owned(),
        "sent.".to_owned(),
    ]);
    let items = context
        .actions()
        .filter(|(action, _)| action.is_available())
        .map(|(action, names)| {
            params_item(action, names).map_err(|error| {
                EmitError::new(format!("action `{}`: {}", action.name, error.message))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    rust_file(module_doc, &items)
}

fn params_item(action: &Action, names: &ActionNames) -> Result<String, EmitError> {
    let name = &names.params;
    let method = &names.method;
    // rustdoc cannot resolve a link to a raw identifier (`Client::r#type`): link the type.
    let target = if method.to_string().starts_with("r#") {
        "crate::Client".to_owned()
    } else {
        format!("crate::Client::{method}")
    };
    let mut doc = vec![format!(
        "Parameters of [`Client::{text}`]({target}).",
        text = names.method_text
    )];
    if !action.constraints.is_empty() {
        doc.push(String::new());
        doc.extend(
            action
                .constraints
                .iter()
                .map(|constraint| format!("- {}", constraint_text(constraint))),
        );
    }
    let doc = raw_doc_attrs(&doc);

    let mut fields = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for param in &action.params {
        let (ident, _) = field_ident(&param.name)?;
        let value = rust_type(&param.ty, Paths::Elsewhere)?;
        let declared = if param.required {
            value.clone()
        } else {
            quote!(Option<#value>)
        };
        let doc = param_doc(param);
        let json = json_name(&ident, &param.name);
        fields.push(quote! {
            #doc
            #json
            pub #ident: #declared,
        });
        if param.required {
            if takes_into(&param.ty) {
                args.push(quote!(#ident: impl Into<#value>));
                inits.push(quote!(#ident: #ident.into()));
            } else {
                args.push(quote!(#ident: #value));
                inits.push(quote!(#ident));
            }
        } else {
            inits.push(quote!(#ident: None));
            setters.push(setter(&ident, &value)?);
        }
    }
    let default = args.is_empty().then(|| quote!(Default,));
    let new_doc = if args.is_empty() {
        " Parameters with every optional one unset."
    } else {
        " Parameters with the required ones, in catalog order; optional ones start unset."
    };
    let mut out = json_struct(
        quote! {
            #doc
            #[derive(Debug, Clone, #default PartialEq)]
            #[non_exhaustive]
            #[must_use]
            pub struct #name {
                #(#fields)*
            }
        },
        Conversions::To,
    )?;
    out.push('\n');
    out.push_str(&unparse(quote! {
        impl #name {
            #[doc = #new_doc]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    })?);
    if let Some(setters) = setters_macro(name, &setters)? {
        out.push('\n');
        out.push_str(&setters);
    }
    Ok(out)
}

/// A parameter's doc: the spec's sentence, then its server default and limits.
fn param_doc(param: &Param) -> TokenStream {
    let mut facts = Vec::new();
    if let Some(default) = &param.default {
        facts.push(format!("Server default: {}.", code_span(default)));
    }
    if let Some(limits) = limits_summary(&param.limits) {
        facts.push(format!("Limits: {limits}."));
    }
    doc_attrs(&[param.doc.clone().unwrap_or_default(), facts.join(" ")])
}
