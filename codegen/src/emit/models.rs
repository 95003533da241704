//! `src/models.rs`: a struct per model, a `string_enum!` per enum.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{doc_attrs, doc_lines, inner_doc_attrs, raw_doc_attrs};
use super::names::{enum_variants, field_ident, ident, setter_ident};
use super::types::{Paths, rust_type, secret_type, takes_into};
use super::{
    Context, Conversions, EmitError, Setter, checked_macro, code_span, json_name, json_struct,
    limits_summary, rust_file, setters_macro, unparse,
};
use actionspec_catalog::model::{Enum, Field, Model};

pub(super) fn render(context: &Context<'_>) -> Result<String, EmitError> {
    let module_doc = inner_doc_attrs(&[
        "Models and enums of the catalog: what the API answers, and the structured values some"
            .to_owned(),
        "requests send.".to_owned(),
        String::new(),
        "Answers may carry fields these structs do not know (they are ignored) and enum values"
            .to_owned(),
        "the catalog does not list (they decode into `Other`), so a server that adds either"
            .to_owned(),
        "breaks nothing. Models sent in requests have a `new` constructor taking their required"
            .to_owned(),
        "fields and a setter per optional field.".to_owned(),
    ]);
    let models = context
        .catalog
        .models
        .iter()
        .map(|model| {
            model_item(context, model).map_err(|error| {
                EmitError::new(format!("model `{}`: {}", model.name, error.message))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let enums = context
        .catalog
        .enums
        .iter()
        .map(|enumeration| {
            enum_item(enumeration).map_err(|error| {
                EmitError::new(format!("enum `{}`: {}", enumeration.name, error.message))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    rust_file(module_doc, &[models, enums].concat())
}

/// How one field is declared, built and set.
struct FieldPlan {
    ident: proc_macro2::Ident,
    /// The field's type as declared (`Option<..>` included).
    declared: TokenStream,
    /// The type a caller gives: the declared one without `Option`.
    value: TokenStream,
    /// Taken as `impl Into<value>`.
    into: bool,
    optional: bool,
}

fn field_plan(context: &Context<'_>, model: &Model, field: &Field) -> Result<FieldPlan, EmitError> {
    let (ident, _) = field_ident(&field.name)?;
    let mut value = if field.secret {
        secret_type(&field.ty, Paths::InModels)?
    } else {
        rust_type(&field.ty, Paths::InModels)?
    };
    let boxed = context
        .boxed
        .contains(&(model.name.clone(), field.name.clone()));
    if boxed {
        value = quote!(::std::boxed::Box<#value>);
    }
    let optional = !field.required || field.nullable;
    let declared = if optional {
        Paths::InModels.option(&value)
    } else {
        value.clone()
    };
    Ok(FieldPlan {
        ident,
        declared,
        value,
        into: boxed || takes_into(&field.ty),
        optional,
    })
}

fn model_item(context: &Context<'_>, model: &Model) -> Result<String, EmitError> {
    let name = ident(&model.name)?;
    let mut identity = Vec::new();
    if let Some(object) = &model.object {
        identity.push(format!("Its `object` field is {}", code_span(object)));
    }
    if let Some(prefix) = &model.id_prefix {
        identity.push(format!("its ids start with {}", code_span(prefix)));
    }
    let mut doc = doc_lines(&[model.doc.as_deref().unwrap_or_default()]);
    if !identity.is_empty() {
        if !doc.is_empty() {
            doc.push(String::new());
        }
        let sentence = identity.join("; ");
        doc.push(format!(
            "{}{}.",
            sentence[..1].to_ascii_uppercase(),
            &sentence[1..]
        ));
    }
    let doc = raw_doc_attrs(&doc);

    let input = context.input_models.contains(&model.name);
    let plans = model
        .fields
        .iter()
        .map(|field| field_plan(context, model, field))
        .collect::<Result<Vec<_>, _>>()?;
    let fields = model.fields.iter().zip(&plans).map(|(field, plan)| {
        let limits = limits_summary(&field.limits).map(|limits| format!("Limits: {limits}."));
        let secret = if field.secret {
            "Secret: `Debug` shows no value; read it with `expose_secret()`."
        } else {
            ""
        };
        let doc = doc_attrs(&[
            field.doc.as_deref().unwrap_or_default(),
            limits.as_deref().unwrap_or_default(),
            secret,
        ]);
        let (ident, declared) = (&plan.ident, &plan.declared);
        let json = json_name(ident, &field.name);
        quote! {
            #doc
            #json
            pub #ident: #declared,
        }
    });
    let default = plans
        .iter()
        .all(|plan| plan.optional)
        .then(|| quote!(Default,));
    let must_use = input.then(|| quote!(#[must_use]));
    // A model no action uses is documentation of the API's shapes: it gets both conversions.
    let conversions = match (input, context.output_models.contains(&model.name)) {
        (true, false) => Conversions::To,
        (false, true) => Conversions::From,
        (true, true) | (false, false) => Conversions::Both,
    };
    let mut out = json_struct(
        quote! {
            #doc
            #[derive(Debug, Clone, #default PartialEq)]
            #must_use
            pub struct #name {
                #(#fields)*
            }
        },
        conversions,
    )?;
    if !input {
        return Ok(out);
    }
    let (constructor, setters) = builders(&name, &plans)?;
    out.push('\n');
    out.push_str(&unparse(constructor)?);
    if let Some(setters) = setters {
        out.push('\n');
        out.push_str(&setters);
    }
    Ok(out)
}

/// `new(required fields...)`, and the `setters!` of the optional fields.
fn builders(
    name: &proc_macro2::Ident,
    plans: &[FieldPlan],
) -> Result<(TokenStream, Option<String>), EmitError> {
    let required: Vec<&FieldPlan> = plans.iter().filter(|plan| !plan.optional).collect();
    let args = required.iter().map(|plan| {
        let (ident, value) = (&plan.ident, &plan.value);
        if plan.into {
            let into = Paths::InModels.into(value);
            quote!(#ident: #into)
        } else {
            quote!(#ident: #value)
        }
    });
    let inits = plans.iter().map(|plan| {
        let ident = &plan.ident;
        if plan.optional {
            let none = Paths::InModels.none();
            quote!(#ident: #none)
        } else if plan.into {
            quote!(#ident: #ident.into())
        } else {
            quote!(#ident)
        }
    });
    let setters = plans
        .iter()
        .filter(|plan| plan.optional)
        .map(|plan| setter(&plan.ident, &plan.value))
        .collect::<Result<Vec<_>, _>>()?;
    let new_doc = if required.is_empty() {
        " A value with every field unset."
    } else {
        " A value with its required fields; optional fields start unset."
    };
    let constructor = quote! {
        impl #name {
            #[doc = #new_doc]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    };
    Ok((constructor, setters_macro(name, &setters)?))
}

/// The setter of an optional field or parameter, named after it (`new` becomes `new_`).
pub(super) fn setter(field: &proc_macro2::Ident, value: &TokenStream) -> Result<Setter, EmitError> {
    let plain = field.to_string();
    Ok(Setter {
        field: field.clone(),
        setter: setter_ident(plain.trim_start_matches("r#"))?,
        value: value.clone(),
    })
}

/// The `string_enum!` invocation of an enum, laid out by hand: prettyplease prints macro
/// bodies on one line.
fn enum_item(enumeration: &Enum) -> Result<String, EmitError> {
    let name = ident(&enumeration.name)?;
    let mut out = String::from("::actionspec_runtime::string_enum! {\n");
    for line in doc_lines(&[enumeration.doc.as_deref().unwrap_or_default()]) {
        push_doc(&mut out, "    ", &line);
    }
    out.push_str(&format!("    pub enum {name} {{\n"));
    for (value, variant) in enumeration
        .values
        .iter()
        .zip(enum_variants(&enumeration.values))
    {
        // The macro documents each variant with its wire value.
        let variant = ident(&variant)?;
        out.push_str(&format!(
            "        {variant} = {},\n",
            Literal::string(value)
        ));
    }
    out.push_str("    }\n}\n");
    checked_macro(out)
}

fn push_doc(out: &mut String, indent: &str, line: &str) {
    out.push_str(indent);
    out.push_str("///");
    if !line.is_empty() {
        out.push(' ');
        out.push_str(line);
    }
    out.push('\n');
}
