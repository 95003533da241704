//! `src/params.rs`: a parameters struct per available action, written as text (see
//! [`super::text`]).

use super::docs::doc_lines;
use super::models::setter;
use super::names::{ActionNames, field_ident};
use super::text::doc_comment;
use super::types::{Paths, rust_type, takes_into};
use super::{
    Context, Conversions, EmitError, RUST_HEADER, StructField, code_span, constraint_text,
    constructor, json_struct, limits_summary, setters_macro,
};
use actionspec_catalog::model::{Action, Param};

pub(super) fn render(context: &Context<'_>) -> Result<String, EmitError> {
    let mut out = format!("{RUST_HEADER}\n\n");
    doc_comment(
        &mut out,
        0,
        &[
            "Parameters of each action, one struct per [`Client`](crate::Client) method.",
            "",
            "`new` takes the required parameters, so none can be forgotten; each optional one has a",
            "setter. Limits and rules across parameters are checked by the engine before anything is",
            "sent.",
        ],
        true,
    );
    for (action, names) in context
        .actions()
        .filter(|(action, _)| action.is_available())
    {
        out.push('\n');
        params_item(&mut out, action, names).map_err(|error| {
            EmitError::new(format!("action `{}`: {}", action.name, error.message))
        })?;
    }
    Ok(out)
}

fn params_item(out: &mut String, action: &Action, names: &ActionNames) -> Result<(), EmitError> {
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
            Paths::Elsewhere.option(&value)
        };
        fields.push(StructField {
            doc: param_doc(param),
            ident: ident.clone(),
            wire: param.name.clone(),
            ty: declared,
        });
        if param.required {
            if takes_into(&param.ty) {
                args.push(format!("{ident}: {}", Paths::Elsewhere.into(&value)));
                inits.push((ident.to_string(), Some(format!("{ident}.into()"))));
            } else {
                args.push(format!("{ident}: {value}"));
                inits.push((ident.to_string(), None));
            }
        } else {
            inits.push((ident.to_string(), Some(Paths::Elsewhere.none().to_owned())));
            setters.push(setter(&ident, value)?);
        }
    }
    let derive = if args.is_empty() {
        "#[derive(Debug, Clone, Default, PartialEq)]"
    } else {
        "#[derive(Debug, Clone, PartialEq)]"
    };
    let new_doc = if args.is_empty() {
        "Parameters with every optional one unset."
    } else {
        "Parameters with the required ones, in catalog order; optional ones start unset."
    };
    json_struct(
        out,
        &doc,
        &[derive, "#[non_exhaustive]", "#[must_use]"],
        name,
        Conversions::To,
        &fields,
    );
    out.push('\n');
    constructor(out, name, new_doc, args, inits);
    setters_macro(out, name, &setters);
    Ok(())
}

/// A parameter's doc: the spec's sentence, then its server default and limits.
fn param_doc(param: &Param) -> Vec<String> {
    let mut facts = Vec::new();
    if let Some(default) = &param.default {
        facts.push(format!("Server default: {}.", code_span(default)));
    }
    if let Some(limits) = limits_summary(&param.limits) {
        facts.push(format!("Limits: {limits}."));
    }
    doc_lines(&[param.doc.clone().unwrap_or_default(), facts.join(" ")])
}
