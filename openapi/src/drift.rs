//! Where the catalog and the vendor's OpenAPI document disagree, entry by entry.
//!
//! Each available action is matched to the document's operation by method and path template
//! (placeholder names may differ), then its parameters, success status and answer are compared;
//! models and enums are compared where an action reaches them, and each difference is reported
//! once, at the catalog entry concerned. Differences the maintainers chose on purpose are
//! declared in the spec (`drift:` on the action, model or enum) and listed as such; a
//! declaration that matches nothing any more is itself reported. Operations no action covers are
//! drift too, unless a top-level `excluded` entry declares them left out on purpose.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use actionspec_catalog::diagnostics::Location;
use actionspec_catalog::load::SourceMap;
use actionspec_catalog::model::{Action, Catalog, Endpoint, Type};
use actionspec_catalog::path_template::path_shape;
use serde_json::{Value, json};

pub use actionspec_catalog::drift::Kind;

use crate::document::{Kind as SchemaKind, Object, Operation, Schema};

/// One difference.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The catalog entry concerned.
    pub at: Location,
    pub kind: Kind,
    /// The action, model or enum.
    pub owner: String,
    /// The parameter or field, for the kinds that name one.
    pub name: Option<String>,
    pub message: String,
    /// The reason given in the spec, when the difference is declared.
    pub declared: Option<String>,
}

/// An operation of the document that no available action covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uncovered {
    pub method: &'static str,
    pub path: String,
    pub id: Option<String>,
}

/// An operation no action covers that an `excluded` entry declares left out on purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excluded {
    pub operation: Uncovered,
    pub reason: String,
    /// The `excluded` entry.
    pub at: Location,
}

/// Everything a drift run found.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// In catalog order (file, line, column).
    pub findings: Vec<Finding>,
    /// Operations no action covers and no `excluded` entry declares: drift, in document order.
    pub uncovered: Vec<Uncovered>,
    /// Operations no action covers, left out on purpose, in document order.
    pub excluded: Vec<Excluded>,
    /// Operations of the document that an available action covers.
    pub covered: usize,
    pub operations: usize,
    pub available_actions: usize,
}

impl Report {
    /// Differences that no declaration explains, stale declarations included (undeclared
    /// uncovered operations are in [`Report::uncovered`]).
    pub fn undeclared(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|finding| finding.declared.is_none())
    }

    /// Every undeclared difference: the findings and the uncovered operations.
    pub fn undeclared_count(&self) -> usize {
        self.undeclared().count() + self.uncovered.len()
    }

    /// True when every difference, every operation left out included, is declared.
    pub fn is_clean(&self) -> bool {
        self.undeclared_count() == 0
    }

    pub fn declared(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|finding| finding.declared.is_some())
    }

    /// The report as a maintainer reads it.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for finding in self.undeclared() {
            let _ = writeln!(
                out,
                "{}: {} [{}]",
                finding.at, finding.message, finding.kind
            );
        }
        let declared: Vec<&Finding> = self.declared().collect();
        if !declared.is_empty() {
            let _ = writeln!(out, "\ndeclared on purpose ({}):", declared.len());
            for finding in declared {
                let reason = finding.declared.as_deref().unwrap_or_default();
                let _ = writeln!(out, "  {}: {}: {reason}", finding.at, finding.message);
            }
        }
        if !self.excluded.is_empty() {
            let _ = writeln!(
                out,
                "\noperations left out on purpose ({}):",
                self.excluded.len()
            );
            for excluded in &self.excluded {
                let operation = &excluded.operation;
                let _ = writeln!(
                    out,
                    "  {}: {} {}: {}",
                    excluded.at, operation.method, operation.path, excluded.reason
                );
            }
        }
        if !self.uncovered.is_empty() {
            let _ = writeln!(
                out,
                "\noperations of the document that no action covers and no `excluded` entry \
                 declares ({}) [uncovered]:",
                self.uncovered.len()
            );
            for operation in &self.uncovered {
                let id = operation.id.as_deref().unwrap_or("no operationId");
                let _ = writeln!(out, "  {} {} ({id})", operation.method, operation.path);
            }
        }
        let undeclared = self.undeclared().count();
        let _ = writeln!(
            out,
            "\ncoverage: {} of {} operations, {} declared excluded, by {} available actions",
            self.covered,
            self.operations,
            self.excluded.len(),
            self.available_actions
        );
        let _ = writeln!(
            out,
            "{} undeclared difference(s), {} declared",
            self.undeclared_count(),
            self.findings.len() - undeclared + self.excluded.len()
        );
        out
    }

    /// The same findings as data.
    pub fn to_json(&self) -> Value {
        let findings: Vec<Value> = self
            .findings
            .iter()
            .map(|finding| {
                json!({
                    "file": finding.at.file,
                    "line": finding.at.line,
                    "column": finding.at.column,
                    "kind": finding.kind.as_str(),
                    "owner": finding.owner,
                    "name": finding.name,
                    "message": finding.message,
                    "declared": finding.declared,
                })
            })
            .collect();
        let uncovered: Vec<Value> = self
            .uncovered
            .iter()
            .map(|operation| {
                json!({
                    "method": operation.method,
                    "path": operation.path,
                    "operation_id": operation.id,
                })
            })
            .collect();
        let excluded: Vec<Value> = self
            .excluded
            .iter()
            .map(|excluded| {
                json!({
                    "method": excluded.operation.method,
                    "path": excluded.operation.path,
                    "operation_id": excluded.operation.id,
                    "reason": excluded.reason,
                    "file": excluded.at.file,
                    "line": excluded.at.line,
                    "column": excluded.at.column,
                })
            })
            .collect();
        json!({
            "findings": findings,
            "uncovered": uncovered,
            "excluded": excluded,
            "coverage": {
                "covered": self.covered,
                "operations": self.operations,
                "excluded": self.excluded.len(),
                "available_actions": self.available_actions,
            },
            "undeclared": self.undeclared_count(),
        })
    }
}

/// Compares every available action of the catalog with the document's operations.
pub fn compare(catalog: &Catalog, places: &SourceMap, operations: &[Operation]) -> Report {
    let mut index: BTreeMap<(&'static str, String), usize> = BTreeMap::new();
    for (position, operation) in operations.iter().enumerate() {
        index
            .entry((operation.method.as_str(), path_shape(&operation.path)))
            .or_insert(position);
    }
    let mut run = Run {
        catalog,
        places,
        findings: Vec::new(),
        seen: BTreeSet::new(),
        compared_models: BTreeSet::new(),
    };
    let mut covered = BTreeSet::new();
    let mut available_actions = 0;
    for action in &catalog.actions {
        let Endpoint::Http {
            method,
            path,
            status,
        } = &action.endpoint
        else {
            continue;
        };
        available_actions += 1;
        let key = (method.as_str(), path_shape(&path.to_string()));
        match index.get(&key) {
            Some(&position) => {
                covered.insert(position);
                run.action(action, *status, &operations[position]);
            }
            None => run.push(
                Kind::OperationMissing,
                &action.name,
                None,
                format!(
                    "`{}`: the document has no operation `{} {path}`",
                    action.name,
                    method.as_str()
                ),
            ),
        }
    }
    let mut findings = run.findings;
    mark_declared(&mut findings, places);
    let (uncovered, excluded) = left_out(operations, &covered, places, &mut findings);
    findings.sort_by(|a, b| (&a.at, &a.message).cmp(&(&b.at, &b.message)));
    Report {
        findings,
        uncovered,
        excluded,
        covered: covered.len(),
        operations: operations.len(),
        available_actions,
    }
}

/// Splits the operations no action covers into the undeclared and the `excluded` ones, and
/// turns each `excluded` entry that names no such operation into a finding.
fn left_out(
    operations: &[Operation],
    covered: &BTreeSet<usize>,
    places: &SourceMap,
    findings: &mut Vec<Finding>,
) -> (Vec<Uncovered>, Vec<Excluded>) {
    let mut uncovered = Vec::new();
    let mut excluded = Vec::new();
    // Per entry: whether it names an operation of the document, and one no action covers.
    let mut used = vec![false; places.exclusions.len()];
    let mut applied = vec![false; places.exclusions.len()];
    for (position, operation) in operations.iter().enumerate() {
        let shape = path_shape(&operation.path);
        let declared = places.exclusions.iter().position(|exclusion| {
            exclusion.method.as_str() == operation.method.as_str() && exclusion.shape == shape
        });
        if let Some(index) = declared {
            used[index] = true;
        }
        if covered.contains(&position) {
            continue;
        }
        let entry = Uncovered {
            method: operation.method.as_str(),
            path: operation.path.clone(),
            id: operation.id.clone(),
        };
        match declared {
            Some(index) => {
                applied[index] = true;
                excluded.push(Excluded {
                    operation: entry,
                    reason: places.exclusions[index].reason.clone(),
                    at: places.exclusions[index].at.clone(),
                });
            }
            None => uncovered.push(entry),
        }
    }
    for (index, exclusion) in places.exclusions.iter().enumerate() {
        let subject = format!("{} {}", exclusion.method.as_str(), exclusion.path);
        let problem = if !used[index] {
            "the document has no such operation"
        } else if applied[index] {
            continue;
        } else {
            "an action of the catalog covers it"
        };
        findings.push(Finding {
            at: exclusion.at.clone(),
            kind: Kind::StaleExclusion,
            owner: subject.clone(),
            name: None,
            message: format!("`{subject}` is excluded, but {problem}; remove the `excluded` entry"),
            declared: None,
        });
    }
    (uncovered, excluded)
}

/// Gives each finding its declaration's reason, and turns each declaration that matched
/// nothing into a finding of its own.
fn mark_declared(findings: &mut Vec<Finding>, places: &SourceMap) {
    let mut stale = Vec::new();
    for declaration in &places.declarations {
        let matching = findings.iter_mut().filter(|finding| {
            finding.kind == declaration.kind
                && finding.owner == declaration.owner
                && finding.name == declaration.name
        });
        let mut matched = false;
        for finding in matching {
            finding.declared = Some(declaration.reason.clone());
            matched = true;
        }
        if !matched {
            let subject = match &declaration.name {
                Some(name) => format!("`{} {name}`", declaration.kind),
                None => format!("`{}`", declaration.kind),
            };
            stale.push(Finding {
                at: declaration.at.clone(),
                kind: Kind::StaleDeclaration,
                owner: declaration.owner.clone(),
                name: declaration.name.clone(),
                message: format!(
                    "`{}`: the declared difference {subject} is not found any more; remove the \
                     `drift` entry",
                    declaration.owner
                ),
                declared: None,
            });
        }
    }
    findings.extend(stale);
}

struct Run<'c> {
    catalog: &'c Catalog,
    places: &'c SourceMap,
    findings: Vec<Finding>,
    /// (kind, owner, name) already reported: a model reached by several actions is reported once.
    seen: BTreeSet<(Kind, String, Option<String>)>,
    /// Models already compared with a document object.
    compared_models: BTreeSet<String>,
}

impl Run<'_> {
    fn push(&mut self, kind: Kind, owner: &str, name: Option<&str>, message: String) {
        let key = (kind, owner.to_owned(), name.map(str::to_owned));
        if !self.seen.insert(key) {
            return;
        }
        let at = self
            .places
            .place(owner, name)
            .or_else(|| self.places.place(owner, None))
            .cloned()
            .unwrap_or_else(|| Location {
                file: String::new(),
                line: 1,
                column: 1,
            });
        self.findings.push(Finding {
            at,
            kind,
            owner: owner.to_owned(),
            name: name.map(str::to_owned),
            message,
            declared: None,
        });
    }

    fn action(&mut self, action: &Action, status: u16, operation: &Operation) {
        let name = &action.name;
        // A browser page answers the browser (a redirect), not the caller: no status to compare.
        if action.browser.is_none()
            && !operation.success.is_empty()
            && !operation.success.iter().any(|(code, _)| *code == status)
        {
            let codes: Vec<String> = operation
                .success
                .iter()
                .map(|(code, _)| code.to_string())
                .collect();
            self.push(
                Kind::Status,
                name,
                None,
                format!(
                    "`{name}`: succeeds with {status} in the catalog, {} in the document",
                    codes.join(" or ")
                ),
            );
        }
        let renamed = path_renames(action, operation);
        let catalog_name = |documented: &str| -> String {
            renamed
                .iter()
                .find(|(theirs, _)| theirs == documented)
                .map_or(documented, |(_, ours)| ours.as_str())
                .to_owned()
        };
        let fixed = |name: &str| {
            action
                .browser
                .as_ref()
                .is_some_and(|browser| browser.fixed.iter().any(|(fixed, _)| fixed == name))
        };
        for documented in &operation.params {
            if fixed(&documented.name) {
                // Every URL of the browser page carries it.
                continue;
            }
            let ours = catalog_name(&documented.name);
            let Some(param) = action.params.iter().find(|param| param.name == ours) else {
                let deprecated = if documented.deprecated {
                    ", deprecated there"
                } else {
                    ""
                };
                self.push(
                    Kind::ParamMissing,
                    name,
                    Some(&documented.name),
                    format!(
                        "`{name}`: parameter `{}` ({}, {}) is in the document{deprecated}, not in the catalog",
                        documented.name,
                        documented.location.as_str(),
                        documented.schema.spelling()
                    ),
                );
                continue;
            };
            if param.location != documented.location {
                self.push(
                    Kind::ParamLocation,
                    name,
                    Some(&param.name),
                    format!(
                        "`{name}`: parameter `{}` is in the {} in the catalog, in the {} in the document",
                        param.name,
                        param.location.as_str(),
                        documented.location.as_str()
                    ),
                );
            }
            if param.required != documented.required {
                let (yes, no) = if param.required {
                    ("catalog", "document")
                } else {
                    ("document", "catalog")
                };
                self.push(
                    Kind::ParamRequired,
                    name,
                    Some(&param.name),
                    format!(
                        "`{name}`: parameter `{}` is required in the {yes}, optional in the {no}",
                        param.name
                    ),
                );
            }
            if let Some(difference) = self.types(&param.ty, &documented.schema) {
                self.push(
                    Kind::ParamType,
                    name,
                    Some(&param.name),
                    format!("`{name}`: parameter `{}`: {difference}", param.name),
                );
            }
        }
        for param in &action.params {
            if !operation
                .params
                .iter()
                .any(|documented| catalog_name(&documented.name) == param.name)
            {
                self.push(
                    Kind::ParamExtra,
                    name,
                    Some(&param.name),
                    format!(
                        "`{name}`: parameter `{}` ({}) is in the catalog, not in the document",
                        param.name,
                        param.location.as_str()
                    ),
                );
            }
        }
        // The answer of the catalog's own status, else the first success that has one.
        let answer = operation
            .success
            .iter()
            .find(|(code, schema)| *code == status && schema.is_some())
            .or_else(|| {
                operation
                    .success
                    .iter()
                    .find(|(_, schema)| schema.is_some())
            })
            .and_then(|(_, schema)| schema.as_ref());
        let (Some(returns), Some(answer)) = (&action.returns, answer) else {
            return;
        };
        let answer = if action.paginated {
            match answer.list_items(&self.catalog.api.pagination.items_field) {
                Some(items) => items,
                None => return,
            }
        } else {
            answer
        };
        if let Some(difference) = self.types(returns, answer) {
            self.push(
                Kind::AnswerType,
                name,
                None,
                format!("`{name}`: the answer: {difference}"),
            );
        }
    }

    /// Compares a catalog type with a document schema; models and enums met on the way are
    /// compared too (their differences are reported on them). `Some(message)` when the two
    /// types themselves differ.
    fn types(&mut self, ty: &Type, schema: &Schema) -> Option<String> {
        let differ = || {
            Some(format!(
                "`{}` in the catalog, `{}` in the document",
                ty.spelling(),
                schema.spelling()
            ))
        };
        match (ty, &schema.kind) {
            (Type::Json, _) | (_, SchemaKind::Any) => None,
            (Type::Model(_), SchemaKind::Recursive(_)) => None,
            (Type::String | Type::Timestamp, SchemaKind::String) => {
                if schema.values.is_empty() {
                    None
                } else {
                    Some(format!(
                        "any string in the catalog, one of {} in the document",
                        schema.values.join(", ")
                    ))
                }
            }
            (Type::Enum(name), SchemaKind::String) => {
                self.enum_values(name, schema);
                None
            }
            (Type::Integer, SchemaKind::Integer)
            | (Type::Number, SchemaKind::Number)
            | (Type::Boolean, SchemaKind::Boolean) => None,
            (Type::List(item), SchemaKind::Array(items)) => self
                .types(item, items)
                .map(|difference| format!("items: {difference}")),
            (Type::Map(value), SchemaKind::Object(object)) if object.properties.is_empty() => {
                let values = object.additional.as_deref()?;
                self.types(value, values)
                    .map(|difference| format!("values: {difference}"))
            }
            (Type::Model(name), SchemaKind::Object(object)) => {
                self.model(name, object);
                None
            }
            _ => differ(),
        }
    }

    fn enum_values(&mut self, name: &str, schema: &Schema) {
        let Some(enumeration) = self.catalog.enumeration(name) else {
            return;
        };
        if schema.values.is_empty() {
            return;
        }
        let ours: BTreeSet<&str> = enumeration.values.iter().map(String::as_str).collect();
        let theirs: BTreeSet<&str> = schema.values.iter().map(String::as_str).collect();
        let only_ours: Vec<&str> = ours.difference(&theirs).copied().collect();
        let only_theirs: Vec<&str> = theirs.difference(&ours).copied().collect();
        if only_ours.is_empty() && only_theirs.is_empty() {
            return;
        }
        let mut parts = Vec::new();
        if !only_theirs.is_empty() {
            parts.push(format!("only the document has {}", only_theirs.join(", ")));
        }
        if !only_ours.is_empty() {
            parts.push(format!("only the catalog has {}", only_ours.join(", ")));
        }
        self.push(
            Kind::EnumValues,
            name,
            None,
            format!("enum `{name}`: {}", parts.join("; ")),
        );
    }

    fn model(&mut self, name: &str, object: &Object) {
        if !self.compared_models.insert(name.to_owned()) {
            return;
        }
        let Some(model) = self.catalog.model(name) else {
            return;
        };
        for (field_name, schema) in &object.properties {
            let Some(field) = model.fields.iter().find(|field| &field.name == field_name) else {
                self.push(
                    Kind::FieldMissing,
                    name,
                    Some(field_name),
                    format!(
                        "model `{name}`: field `{field_name}` ({}) is in the document, not in the catalog",
                        schema.spelling()
                    ),
                );
                continue;
            };
            // The `object` field holds the model's own `object` name: that is its one value.
            let names_the_object = field.name == "object"
                && model
                    .object
                    .as_ref()
                    .is_some_and(|object| schema.values == [object.clone()]);
            let mut differences = Vec::new();
            if !names_the_object && let Some(difference) = self.types(&field.ty, schema) {
                differences.push(difference);
            }
            if field.nullable != schema.nullable {
                differences.push(if field.nullable {
                    "nullable in the catalog, never null in the document".to_owned()
                } else {
                    "never null in the catalog, nullable in the document".to_owned()
                });
            }
            if !differences.is_empty() {
                self.push(
                    Kind::FieldType,
                    name,
                    Some(field_name),
                    format!(
                        "model `{name}`: field `{field_name}`: {}",
                        differences.join("; ")
                    ),
                );
            }
        }
        for field in &model.fields {
            if object.property(&field.name).is_none() {
                self.push(
                    Kind::FieldExtra,
                    name,
                    Some(&field.name),
                    format!(
                        "model `{name}`: field `{}` is in the catalog, not in the document",
                        field.name
                    ),
                );
            }
        }
    }
}

/// Path placeholders of the document renamed to the catalog's, by position: the two may name
/// them differently (`{auditLogExportId}` and `{id}`).
fn path_renames(action: &Action, operation: &Operation) -> Vec<(String, String)> {
    let placeholders = |path: &str| -> Vec<String> {
        path.split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .map(str::to_owned)
            .collect()
    };
    let Some(ours) = action_path(action) else {
        return Vec::new();
    };
    placeholders(&operation.path)
        .into_iter()
        .zip(placeholders(&ours))
        .collect()
}

fn action_path(action: &Action) -> Option<String> {
    match &action.endpoint {
        Endpoint::Http { path, .. } => Some(path.to_string()),
        Endpoint::Unavailable { .. } => None,
    }
}
