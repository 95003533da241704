//! Catalog types as Rust types (fully qualified, so no user name can shadow them) and as
//! `actionspec_runtime::TypeRef` expressions, both as source text.

use std::collections::BTreeSet;

use super::EmitError;
use super::names::ident;
use super::text::str_lit;
use actionspec_catalog::model::{Catalog, Field, Type};

/// How a file spells types.
///
/// Only `models.rs` declares types named by the catalog, which may be `String`, `Option` or
/// `Vec`: there every standard type is fully qualified and catalog types are bare. Every other
/// file declares only names no catalog can produce (`...Params`, `Client`, capitals), so the
/// prelude's `String`, `Vec` and `Option` are safe there, and catalog types are
/// `crate::models::Name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Paths {
    InModels,
    Elsewhere,
}

impl Paths {
    fn string(self) -> &'static str {
        match self {
            Paths::InModels => "::std::string::String",
            Paths::Elsewhere => "String",
        }
    }

    pub(super) fn option(self, inner: &str) -> String {
        match self {
            Paths::InModels => format!("::std::option::Option<{inner}>"),
            Paths::Elsewhere => format!("Option<{inner}>"),
        }
    }

    pub(super) fn none(self) -> &'static str {
        match self {
            Paths::InModels => "::std::option::Option::None",
            Paths::Elsewhere => "None",
        }
    }

    pub(super) fn into(self, target: &str) -> String {
        match self {
            Paths::InModels => format!("impl ::std::convert::Into<{target}>"),
            Paths::Elsewhere => format!("impl Into<{target}>"),
        }
    }
}

/// The Rust type of a value of `ty`.
pub(super) fn rust_type(ty: &Type, paths: Paths) -> Result<String, EmitError> {
    typed(ty, paths, false)
}

/// The Rust type of a `secret` field of type `ty` (strings, or lists and maps of them): each
/// string is an `actionspec_runtime::Secret`, whose `Debug` shows no value.
pub(super) fn secret_type(ty: &Type, paths: Paths) -> Result<String, EmitError> {
    typed(ty, paths, true)
}

fn typed(ty: &Type, paths: Paths, secret: bool) -> Result<String, EmitError> {
    Ok(match ty {
        Type::String if secret => "::actionspec_runtime::Secret".to_owned(),
        Type::String | Type::Timestamp => paths.string().to_owned(),
        Type::Integer => "i64".to_owned(),
        Type::Number => "f64".to_owned(),
        Type::Boolean => "bool".to_owned(),
        Type::Json => "::serde_json::Value".to_owned(),
        Type::List(item) => {
            let item = typed(item, paths, secret)?;
            match paths {
                Paths::InModels => format!("::std::vec::Vec<{item}>"),
                Paths::Elsewhere => format!("Vec<{item}>"),
            }
        }
        Type::Map(value) => format!(
            "::std::collections::BTreeMap<{}, {}>",
            paths.string(),
            typed(value, paths, secret)?
        ),
        Type::Model(name) | Type::Enum(name) => {
            let name = ident(name)?;
            match paths {
                Paths::InModels => name.to_string(),
                Paths::Elsewhere => format!("crate::models::{name}"),
            }
        }
    })
}

/// True when a constructor argument of this type is best taken as `impl Into<T>`: strings take
/// `&str`, enums take their wire value.
pub(super) fn takes_into(ty: &Type) -> bool {
    matches!(ty, Type::String | Type::Timestamp | Type::Enum(_))
}

/// A `TypeRef` expression (names imported from the runtime in `descriptors.rs`).
pub(super) fn type_ref(ty: &Type) -> String {
    match ty {
        Type::String => "TypeRef::String".to_owned(),
        Type::Integer => "TypeRef::Integer".to_owned(),
        Type::Number => "TypeRef::Number".to_owned(),
        Type::Boolean => "TypeRef::Boolean".to_owned(),
        Type::Timestamp => "TypeRef::Timestamp".to_owned(),
        Type::Json => "TypeRef::Json".to_owned(),
        Type::List(item) => format!("TypeRef::List(&{})", type_ref(item)),
        Type::Map(value) => format!("TypeRef::Map(&{})", type_ref(value)),
        Type::Model(name) => format!("TypeRef::Model({})", str_lit(name)),
        Type::Enum(name) => format!("TypeRef::Enum({})", str_lit(name)),
    }
}

/// Fields that must be boxed: a model held directly (not through a list or map) by a model it
/// contains again directly would have infinite size. Keyed by (model, field).
pub(super) fn boxed_fields(catalog: &Catalog) -> BTreeSet<(String, String)> {
    let mut boxed = BTreeSet::new();
    for model in &catalog.models {
        for field in &model.fields {
            if let Some(target) = direct_model(field)
                && reaches(catalog, target, &model.name)
            {
                boxed.insert((model.name.clone(), field.name.clone()));
            }
        }
    }
    boxed
}

/// The model a field holds directly (not through a list or a map).
fn direct_model(field: &Field) -> Option<&str> {
    match &field.ty {
        Type::Model(name) => Some(name),
        _ => None,
    }
}

/// True when `goal` is reachable from model `start` through direct model fields.
fn reaches(catalog: &Catalog, start: &str, goal: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![start];
    while let Some(name) = stack.pop() {
        if name == goal {
            return true;
        }
        if !seen.insert(name) {
            continue;
        }
        if let Some(model) = catalog.model(name) {
            stack.extend(model.fields.iter().filter_map(direct_model));
        }
    }
    false
}

/// Models reachable from any parameter of any action: they are built by callers, so they get a
/// constructor and setters, and are encoded.
pub(super) fn input_models(catalog: &Catalog) -> BTreeSet<String> {
    reachable_models(
        catalog,
        catalog
            .actions
            .iter()
            .flat_map(|action| action.params.iter().map(|param| &param.ty)),
    )
}

/// Models reachable from what any action answers: they are decoded.
pub(super) fn output_models(catalog: &Catalog) -> BTreeSet<String> {
    reachable_models(
        catalog,
        catalog
            .actions
            .iter()
            .filter_map(|action| action.returns.as_ref()),
    )
}

/// Every model the given types name, directly or through fields, lists and maps.
fn reachable_models<'c>(
    catalog: &'c Catalog,
    roots: impl IntoIterator<Item = &'c Type>,
) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut stack: Vec<&Type> = roots.into_iter().collect();
    while let Some(ty) = stack.pop() {
        match ty {
            Type::List(inner) | Type::Map(inner) => stack.push(inner),
            Type::Model(name) => {
                if found.insert(name.clone())
                    && let Some(model) = catalog.model(name)
                {
                    stack.extend(model.fields.iter().map(|field| &field.ty));
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use actionspec_catalog::model::{
        Api, Auth, ErrorAnswer, ErrorAnswers, ErrorShape, Limits, Model, Pagination, Protocol,
        QueryArrays,
    };

    fn field(name: &str, ty: Type) -> Field {
        Field {
            name: name.to_owned(),
            ty,
            required: false,
            nullable: true,
            doc: None,
            limits: Limits::default(),
            secret: false,
        }
    }

    fn catalog(models: Vec<Model>) -> Catalog {
        let pagination = Pagination {
            cursor_param: "after".into(),
            limit_param: "limit".into(),
            items_field: "data".into(),
            next_cursor: vec!["after".into()],
            params: Vec::new(),
            previous_cursor: None,
            marker: Vec::new(),
            before_param: None,
            order: None,
        };
        let answer = || ErrorAnswer {
            code: "c".into(),
            message: "m".into(),
        };
        let protocol = Protocol {
            auth: Auth {
                header: "Authorization".into(),
                scheme: "Bearer".into(),
                key_prefix: "k_".into(),
            },
            request_id_prefix: "r_".into(),
            idempotency: None,
            query_arrays: QueryArrays::Comma,
            errors: ErrorShape {
                message: vec!["message".into()],
                code: vec!["code".into()],
                field_errors: None,
                answers: ErrorAnswers {
                    not_found: answer(),
                    not_found_id_field: None,
                    no_route: answer(),
                    bad_request: answer(),
                    validation: answer(),
                    missing_code: "missing".into(),
                    invalid_code: "invalid".into(),
                    unauthorized: answer(),
                    rate_limited: answer(),
                    idempotency_conflict: answer(),
                    server_error: answer(),
                    unavailable: answer(),
                },
            },
        };
        let api = Api {
            name: "T".into(),
            base_url: "https://t.test".into(),
            api_key_env: "T_KEY".into(),
            base_url_env: "T_URL".into(),
            request_id_header: "Request-Id".into(),
            action_prefix: "t_".into(),
            pagination,
            events: None,
            protocol,
            webhooks: None,
        };
        Catalog {
            api,
            actions: Vec::new(),
            models,
            enums: Vec::new(),
        }
    }

    fn model(name: &str, fields: Vec<Field>) -> Model {
        Model {
            name: name.to_owned(),
            doc: None,
            object: None,
            id_prefix: None,
            fields,
            references: Vec::new(),
        }
    }

    #[test]
    fn only_fields_on_a_direct_cycle_are_boxed() {
        // A -> B -> A directly, A -> list<A> and A -> C (no way back) need no box.
        let catalog = catalog(vec![
            model(
                "A",
                vec![
                    field("b", Type::Model("B".into())),
                    field("all", Type::List(Box::new(Type::Model("A".into())))),
                    field("c", Type::Model("C".into())),
                ],
            ),
            model("B", vec![field("a", Type::Model("A".into()))]),
            model("C", vec![field("name", Type::String)]),
        ]);
        let boxed: Vec<(String, String)> = boxed_fields(&catalog).into_iter().collect();
        assert_eq!(
            boxed,
            [
                ("A".to_owned(), "b".to_owned()),
                ("B".to_owned(), "a".to_owned())
            ]
        );
    }

    #[test]
    fn type_spellings() {
        let map = Type::Map(Box::new(Type::List(Box::new(Type::Model("Option".into())))));
        assert_eq!(
            rust_type(&map, Paths::Elsewhere).unwrap(),
            "::std::collections::BTreeMap<String, Vec<crate::models::Option>>"
        );
        assert_eq!(
            rust_type(&map, Paths::InModels).unwrap(),
            "::std::collections::BTreeMap<::std::string::String, ::std::vec::Vec<Option>>"
        );
        assert_eq!(
            type_ref(&map),
            "TypeRef::Map(&TypeRef::List(&TypeRef::Model(\"Option\")))"
        );
    }
}
