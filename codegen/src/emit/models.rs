//! `src/models.rs`: a struct per model, a `string_enum!` per enum, written as text (see
//! [`super::text`]).

use proc_macro2::Literal;

use super::docs::doc_lines;
use super::names::{enum_variants, field_ident, ident, setter_ident};
use super::text::doc_comment;
use super::types::{Paths, rust_type, secret_type, takes_into};
use super::{
    Context, Conversions, EmitError, RUST_HEADER, Setter, StructField, code_span, constructor,
    json_struct, limits_summary, setters_macro,
};
use actionspec_catalog::model::{Enum, Field, Model};

pub(super) fn render(context: &Context<'_>) -> Result<String, EmitError> {
    let mut out = format!("{RUST_HEADER}\n\n");
    doc_comment(
        &mut out,
        0,
        &[
            "Models and enums of the catalog: what the API answers, and the structured values some",
            "requests send.",
            "",
            "Answers may carry fields these structs do not know (they are ignored) and enum values",
            "the catalog does not list (they decode into `Other`), so a server that adds either",
            "breaks nothing. Models sent in requests have a `new` constructor taking their required",
            "fields and a setter per optional field.",
        ],
        true,
    );
    for model in &context.catalog.models {
        out.push('\n');
        model_item(&mut out, context, model).map_err(|error| {
            EmitError::new(format!("model `{}`: {}", model.name, error.message))
        })?;
    }
    for enumeration in &context.catalog.enums {
        out.push('\n');
        enum_item(&mut out, enumeration).map_err(|error| {
            EmitError::new(format!("enum `{}`: {}", enumeration.name, error.message))
        })?;
    }
    Ok(out)
}

/// How one field is declared, built and set.
struct FieldPlan {
    ident: proc_macro2::Ident,
    /// The field's type as declared (`Option<..>` included).
    declared: String,
    /// The type a caller gives: the declared one without `Option`.
    value: String,
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
        value = format!("::std::boxed::Box<{value}>");
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

fn model_item(out: &mut String, context: &Context<'_>, model: &Model) -> Result<(), EmitError> {
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

    let input = context.input_models.contains(&model.name);
    let plans = model
        .fields
        .iter()
        .map(|field| field_plan(context, model, field))
        .collect::<Result<Vec<_>, _>>()?;
    let fields: Vec<StructField> = model
        .fields
        .iter()
        .zip(&plans)
        .map(|(field, plan)| {
            let limits = limits_summary(&field.limits).map(|limits| format!("Limits: {limits}."));
            let secret = if field.secret {
                "Secret: `Debug` shows no value; read it with `expose_secret()`."
            } else {
                ""
            };
            StructField {
                doc: doc_lines(&[
                    field.doc.as_deref().unwrap_or_default(),
                    limits.as_deref().unwrap_or_default(),
                    secret,
                ]),
                ident: plan.ident.clone(),
                wire: field.name.clone(),
                ty: plan.declared.clone(),
            }
        })
        .collect();
    let derive = if plans.iter().all(|plan| plan.optional) {
        "#[derive(Debug, Clone, Default, PartialEq)]"
    } else {
        "#[derive(Debug, Clone, PartialEq)]"
    };
    let attributes: &[&str] = if input {
        &[derive, "#[must_use]"]
    } else {
        &[derive]
    };
    // A model no action uses is documentation of the API's shapes: it gets both conversions.
    let conversions = match (input, context.output_models.contains(&model.name)) {
        (true, false) => Conversions::To,
        (false, true) => Conversions::From,
        (true, true) | (false, false) => Conversions::Both,
    };
    json_struct(out, &doc, attributes, &name, conversions, &fields);
    if input {
        out.push('\n');
        builders(out, &name, plans)?;
    }
    Ok(())
}

/// `new(required fields...)`, and the `setters!` of the optional fields.
fn builders(
    out: &mut String,
    name: &proc_macro2::Ident,
    plans: Vec<FieldPlan>,
) -> Result<(), EmitError> {
    let args: Vec<String> = plans
        .iter()
        .filter(|plan| !plan.optional)
        .map(|plan| {
            if plan.into {
                format!("{}: {}", plan.ident, Paths::InModels.into(&plan.value))
            } else {
                format!("{}: {}", plan.ident, plan.value)
            }
        })
        .collect();
    let inits = plans
        .iter()
        .map(|plan| {
            let value = if plan.optional {
                Some(Paths::InModels.none().to_owned())
            } else if plan.into {
                Some(format!("{}.into()", plan.ident))
            } else {
                None
            };
            (plan.ident.to_string(), value)
        })
        .collect();
    let new_doc = if args.is_empty() {
        "A value with every field unset."
    } else {
        "A value with its required fields; optional fields start unset."
    };
    constructor(out, name, new_doc, args, inits);
    let setters = plans
        .into_iter()
        .filter(|plan| plan.optional)
        .map(|plan| setter(&plan.ident, plan.value))
        .collect::<Result<Vec<_>, _>>()?;
    setters_macro(out, name, &setters);
    Ok(())
}

/// The setter of an optional field or parameter, named after it (`new` becomes `new_`).
pub(super) fn setter(field: &proc_macro2::Ident, value: String) -> Result<Setter, EmitError> {
    let plain = field.to_string();
    Ok(Setter {
        field: field.clone(),
        setter: setter_ident(plain.trim_start_matches("r#"))?,
        value,
    })
}

/// The `string_enum!` invocation of an enum.
fn enum_item(out: &mut String, enumeration: &Enum) -> Result<(), EmitError> {
    let name = ident(&enumeration.name)?;
    out.push_str("::actionspec_runtime::string_enum! {\n");
    doc_comment(
        out,
        1,
        &doc_lines(&[enumeration.doc.as_deref().unwrap_or_default()]),
        false,
    );
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
    Ok(())
}
