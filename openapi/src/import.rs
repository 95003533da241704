//! A first catalog entry for an operation of the vendor's OpenAPI document.
//!
//! `codegen import` prints the action, with every model and enum it needs that the catalog does
//! not have yet, in the catalog's own format and layout, ready to paste into a spec file: the
//! loader accepts it as printed. What the document does not say is taken from the catalog's
//! conventions (the action's name from its path, an inline object's name from where it is
//! used), and each such name carries a comment saying so, for the maintainer to review.

use std::fmt::Write as _;

use actionspec_catalog::model::{Catalog, Method};
use actionspec_catalog::naming::{self, snake_case};

use crate::document::{Kind, Operation, Parameter, Schema};
use actionspec_catalog::path_template::path_shape;

/// Finds an operation by `operationId` or by `METHOD /path` (placeholder names may differ).
pub fn find<'o>(operations: &'o [Operation], selector: &str) -> Result<&'o Operation, String> {
    let by_id = operations
        .iter()
        .find(|operation| operation.id.as_deref() == Some(selector));
    if let Some(operation) = by_id {
        return Ok(operation);
    }
    let mut words = selector.split_whitespace();
    if let (Some(method), Some(path), None) = (words.next(), words.next(), words.next()) {
        let shape = path_shape(path);
        let found = operations.iter().find(|operation| {
            operation.method.as_str().eq_ignore_ascii_case(method)
                && path_shape(&operation.path) == shape
        });
        if let Some(operation) = found {
            return Ok(operation);
        }
    }
    Err(format!(
        "no operation has the id `{selector}`, and none is `METHOD /path` like it; name one as \
         `getWidget` or \"GET /widgets/{{id}}\""
    ))
}

/// The catalog entry of `operation`, as YAML text.
pub fn entry(
    catalog: &Catalog,
    operation: &Operation,
    name: Option<&str>,
) -> Result<String, String> {
    let mut importer = Importer {
        catalog,
        models: Vec::new(),
        enums: Vec::new(),
    };
    let action = importer.action(operation, name)?;
    let mut out = String::new();
    let id = operation.id.as_deref().unwrap_or("without an operationId");
    let _ = writeln!(
        out,
        "# From the OpenAPI operation {id} ({} {}), printed by `codegen import`.",
        operation.method.as_str(),
        operation.path
    );
    let _ = writeln!(
        out,
        "# Names marked \"invented\" follow the catalog's conventions: review them before committing."
    );
    out.push_str("\nactions:\n");
    out.push_str(&action);
    if !importer.models.is_empty() {
        out.push_str("\nmodels:\n");
        for model in &importer.models {
            out.push_str(&model.render());
        }
    }
    if !importer.enums.is_empty() {
        out.push_str("\nenums:\n");
        for enumeration in &importer.enums {
            out.push_str(&enumeration.render());
        }
    }
    Ok(out)
}

struct Importer<'c> {
    catalog: &'c Catalog,
    models: Vec<NewModel>,
    enums: Vec<NewEnum>,
}

struct NewModel {
    name: String,
    invented: bool,
    doc: Option<String>,
    object: Option<String>,
    fields: Vec<String>,
}

struct NewEnum {
    name: String,
    invented: bool,
    doc: Option<String>,
    values: Vec<String>,
}

/// The first lines of a new model or enum: its name (marked when invented) and its doc.
fn entry_head(name: &str, invented_name: bool, doc: Option<&str>) -> String {
    let mut out = format!(
        "  {name}:{}\n",
        invented(invented_name, "from where it is used")
    );
    if let Some(doc) = doc {
        let _ = writeln!(out, "    doc: {}", quoted(doc));
    }
    out
}

impl NewModel {
    fn render(&self) -> String {
        let mut out = entry_head(&self.name, self.invented, self.doc.as_deref());
        if let Some(object) = &self.object {
            let _ = writeln!(out, "    object: {object}");
        }
        out.push_str("    fields:\n");
        for field in &self.fields {
            let _ = writeln!(out, "      {field}");
        }
        out
    }
}

impl NewEnum {
    fn render(&self) -> String {
        let mut out = entry_head(&self.name, self.invented, self.doc.as_deref());
        let values: Vec<String> = self
            .values
            .iter()
            .map(|value| plain_or_quoted(value))
            .collect();
        let flow = format!("    values: [{}]", values.join(", "));
        if flow.len() <= 100 {
            let _ = writeln!(out, "{flow}");
        } else {
            out.push_str("    values:\n");
            for value in values {
                let _ = writeln!(out, "      - {value}");
            }
        }
        out
    }
}

impl Importer<'_> {
    fn action(&mut self, operation: &Operation, name: Option<&str>) -> Result<String, String> {
        let pagination = &self.catalog.api.pagination;
        let answer = operation
            .success
            .iter()
            .find_map(|(_, schema)| schema.as_ref());
        // Only a GET pages: a write that answers a list envelope returns it as one value.
        let items = answer
            .filter(|_| operation.method == Method::Get)
            .and_then(|answer| answer.list_items(&pagination.items_field));
        let paginated = items.is_some();
        let segments: Vec<&str> = operation
            .path
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        let ends_with_id = segments.last().is_some_and(|last| last.starts_with('{'));
        let plural = segments
            .iter()
            .rev()
            .find(|segment| !segment.starts_with('{'))
            .map_or("items", |segment| *segment);
        let plural = snake_case(plural);
        let resource = singular(&plural);
        let (operation_kind, access) = match (operation.method, ends_with_id) {
            (Method::Get, _) if paginated => ("list", "read"),
            (Method::Get, _) => ("get", "read"),
            (Method::Post, false) => ("create", "write"),
            (Method::Post, true) => ("other", "write"),
            (Method::Put | Method::Patch, _) => ("update", "write"),
            (Method::Delete, _) => ("delete", "write"),
        };
        let prefix = &self.catalog.api.action_prefix;
        let (name, name_invented) = match name {
            Some(name) => (name.to_owned(), false),
            None if operation_kind == "list" => (format!("{prefix}{plural}_list"), true),
            None => (format!("{prefix}{resource}_{operation_kind}"), true),
        };
        if self
            .catalog
            .actions
            .iter()
            .any(|action| action.name == name)
        {
            return Err(format!(
                "the catalog already has an action `{name}`; choose another with --name"
            ));
        }
        let context = pascal_case(&resource);
        let has_body = operation
            .params
            .iter()
            .any(|param| param.location == actionspec_catalog::model::Location::Body);
        if has_body && matches!(operation.method, Method::Get | Method::Delete) {
            return Err(format!(
                "{} {} takes a JSON body, which the catalog (and the engine) never send on a {}; \
                 it cannot be imported as it is",
                operation.method.as_str(),
                operation.path,
                operation.method.as_str()
            ));
        }

        let mut out = format!(
            "  {name}:{}\n",
            invented(name_invented, "from the path; --name chooses another")
        );
        let (summary, description) = match summary_and_description(operation) {
            (Some(summary), description) => (plain_or_quoted(&summary), description),
            (None, description) => {
                let words = |name: &str| name.replace('_', " ");
                let article = if resource.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                let made = match operation_kind {
                    "list" => format!("List {}", words(&plural)),
                    "get" => format!("Get {article} {}", words(&resource)),
                    "create" => format!("Create {article} {}", words(&resource)),
                    "update" => format!("Update {article} {}", words(&resource)),
                    "delete" => format!("Delete {article} {}", words(&resource)),
                    _ => format!("{} {}", operation.method.as_str(), operation.path),
                };
                let made = plain_or_quoted(&made);
                (
                    format!("{made} # invented: the document has no summary"),
                    description,
                )
            }
        };
        let _ = writeln!(out, "    summary: {summary}");
        if let Some(description) = description {
            let _ = writeln!(out, "    description: {}", quoted(&description));
        }
        let _ = writeln!(out, "    resource: {resource}");
        let _ = writeln!(out, "    operation: {operation_kind}");
        let _ = writeln!(out, "    access: {access}");
        let _ = writeln!(out, "    method: {}", operation.method.as_str());
        let path = rename_placeholders(&operation.path);
        let _ = writeln!(out, "    path: {path}");
        if let Some((status, _)) = operation.success.first()
            && *status != 200
        {
            let _ = writeln!(out, "    status: {status}");
        }
        if paginated {
            out.push_str("    paginated: true\n");
        }
        let params: Vec<&Parameter> = operation
            .params
            .iter()
            .filter(|param| {
                !(paginated
                    && pagination
                        .params
                        .iter()
                        .any(|shared| shared.name == param.name))
            })
            .collect();
        if !params.is_empty() {
            out.push_str("    params:\n");
            let mut names: Vec<String> = Vec::new();
            for param in params {
                let name = snake_case(&param.name);
                let line = if names.contains(&name) {
                    format!(
                        "# left out: `{}` ({}), whose catalog name `{name}` a parameter before it has",
                        param.name,
                        param.location.as_str()
                    )
                } else if param.deprecated {
                    format!(
                        "# left out: `{}` ({}), deprecated in the document",
                        param.name,
                        param.location.as_str()
                    )
                } else {
                    self.param(param, &context)
                };
                names.push(name);
                let _ = writeln!(out, "      {line}");
            }
        }
        if let Some(returns) = items.or(answer) {
            let ty = self.type_of(returns, &context);
            let _ = writeln!(out, "    returns: {}", type_text(&ty));
        }
        Ok(out)
    }

    fn param(&mut self, param: &Parameter, context: &str) -> String {
        let name = snake_case(&param.name);
        let location = param.location.as_str();
        let hint = format!("{context}{}", pascal_case(&name));
        if location == "query" && !scalar_or_list(&param.schema) {
            return format!(
                "# left out: `{name}` (query, {}); the catalog's query parameters are scalars, \
                 enums or lists of them",
                param.schema.spelling()
            );
        }
        let mut ty = self.type_of(&param.schema, &hint);
        // A path parameter is one segment: a string or an integer.
        if location == "path" && ty != "integer" {
            ty = "string".to_owned();
        }
        let mut parts = vec![
            format!("in: {location}"),
            format!("type: {}", type_text(&ty)),
        ];
        if param.required && location != "path" {
            parts.push("required: true".to_owned());
        }
        parts.extend(limits(&param.schema, &ty));
        if let Some(default) = &param.schema.default {
            parts.push(format!("default: {}", scalar(default)));
        }
        if let Some(doc) = param.doc.as_ref().or(param.schema.doc.as_ref()) {
            parts.push(format!("doc: {}", quoted(doc)));
        }
        format!("{name}: {{ {} }}", parts.join(", "))
    }

    /// The catalog spelling of a schema's type, creating the models and enums it needs.
    fn type_of(&mut self, schema: &Schema, hint: &str) -> String {
        match &schema.kind {
            Kind::String if !schema.values.is_empty() => self.enumeration(schema, hint),
            Kind::String if schema.format.as_deref() == Some("date-time") => "timestamp".to_owned(),
            Kind::String => "string".to_owned(),
            Kind::Integer => "integer".to_owned(),
            Kind::Number => "number".to_owned(),
            Kind::Boolean => "boolean".to_owned(),
            Kind::Array(items) => format!("list<{}>", self.type_of(items, &singular(hint))),
            Kind::Object(object) if object.properties.is_empty() => match &object.additional {
                Some(values) => format!("map<string,{}>", self.type_of(values, hint)),
                None => "json".to_owned(),
            },
            Kind::Object(_) => self.model(schema, hint),
            Kind::Recursive(name) => name.clone(),
            Kind::Any => "json".to_owned(),
        }
    }

    fn enumeration(&mut self, schema: &Schema, hint: &str) -> String {
        let mut wanted: Vec<&str> = schema.values.iter().map(String::as_str).collect();
        wanted.sort_unstable();
        let same = |values: &[String]| {
            let mut values: Vec<&str> = values.iter().map(String::as_str).collect();
            values.sort_unstable();
            values == wanted
        };
        if let Some(existing) = self.catalog.enums.iter().find(|e| same(&e.values)) {
            return existing.name.clone();
        }
        if let Some(existing) = self.enums.iter().find(|e| same(&e.values)) {
            return existing.name.clone();
        }
        let (name, invented) = self.free_name(schema.component.as_deref(), hint);
        self.enums.push(NewEnum {
            name: name.clone(),
            invented,
            doc: schema.doc.clone(),
            values: schema.values.clone(),
        });
        name
    }

    fn model(&mut self, schema: &Schema, hint: &str) -> String {
        if let Some(component) = &schema.component {
            let known = self.catalog.model(component).is_some()
                || self.models.iter().any(|model| &model.name == component);
            if known {
                return component.clone();
            }
        }
        let Kind::Object(object) = &schema.kind else {
            return "json".to_owned();
        };
        let (name, invented) = self.free_name(schema.component.as_deref(), hint);
        // Listed before its fields are read, so a field that refers back finds it.
        let index = self.models.len();
        self.models.push(NewModel {
            name: name.clone(),
            invented,
            doc: schema.doc.clone(),
            object: object
                .property("object")
                .and_then(|object| match object.values.as_slice() {
                    [one] => Some(one.clone()),
                    _ => None,
                }),
            fields: Vec::new(),
        });
        let mut fields = Vec::new();
        let object_name = self.models[index].object.clone();
        let mut names: Vec<String> = Vec::new();
        for (field, field_schema) in &object.properties {
            let field_name = snake_case(field);
            if names.contains(&field_name) {
                fields.push(format!(
                    "# left out: `{field}`, whose catalog name `{field_name}` a field before it has"
                ));
                continue;
            }
            names.push(field_name.clone());
            // The `object` field names the model itself: a string, as the catalog has it.
            let ty = if field == "object" && object_name.is_some() {
                "string".to_owned()
            } else {
                self.type_of(field_schema, &format!("{name}{}", pascal_case(&field_name)))
            };
            let mut parts = vec![format!("type: {}", type_text(&ty))];
            if !object.required.contains(field) {
                parts.push("required: false".to_owned());
            }
            if field_schema.nullable {
                parts.push("nullable: true".to_owned());
            }
            parts.extend(limits(field_schema, &ty));
            if let Some(doc) = &field_schema.doc {
                parts.push(format!("doc: {}", quoted(doc)));
            }
            fields.push(format!("{field_name}: {{ {} }}", parts.join(", ")));
        }
        self.models[index].fields = fields;
        name
    }

    /// A model or enum name no entry of the catalog or of this import has: the component's own
    /// name when it has one, else one made from where it is used.
    fn free_name(&self, component: Option<&str>, hint: &str) -> (String, bool) {
        let base = component.map_or_else(|| pascal_case(hint), pascal_case);
        let taken = |name: &str| {
            self.catalog.model(name).is_some()
                || self.catalog.enumeration(name).is_some()
                || self.models.iter().any(|model| model.name == name)
                || self
                    .enums
                    .iter()
                    .any(|enumeration| enumeration.name == name)
        };
        let mut name = base.clone();
        let mut counter = 2;
        while taken(&name) {
            name = format!("{base}{counter}");
            counter += 1;
        }
        (name.clone(), component.is_none() || name != base)
    }
}

/// True for what a query parameter can carry: a scalar, or a list of scalars.
fn scalar_or_list(schema: &Schema) -> bool {
    let scalar = |schema: &Schema| {
        matches!(
            schema.kind,
            Kind::String | Kind::Integer | Kind::Number | Kind::Boolean
        )
    };
    match &schema.kind {
        Kind::Array(items) => scalar(items),
        _ => scalar(schema),
    }
}

/// The bounds of a schema that fit the catalog type they are written on.
fn limits(schema: &Schema, ty: &str) -> Vec<String> {
    let number = |value: f64| {
        if value.fract() == 0.0 && value.abs() < 1e15 {
            format!("{}", value as i64)
        } else {
            value.to_string()
        }
    };
    let mut parts = Vec::new();
    match ty {
        "integer" | "number" => {
            parts.extend(schema.minimum.map(|min| format!("min: {}", number(min))));
            parts.extend(schema.maximum.map(|max| format!("max: {}", number(max))));
        }
        "string" | "timestamp" => {
            parts.extend(schema.min_length.map(|n| format!("min_length: {n}")));
            parts.extend(schema.max_length.map(|n| format!("max_length: {n}")));
        }
        _ if ty.starts_with("list<") || ty.starts_with("map<") => {
            parts.extend(schema.min_items.map(|n| format!("min_items: {n}")));
            parts.extend(schema.max_items.map(|n| format!("max_items: {n}")));
        }
        _ => {}
    }
    parts
}

fn invented(invented: bool, how: &str) -> String {
    if invented {
        format!(" # invented {how}")
    } else {
        String::new()
    }
}

/// A type as the catalog writes it: quoted when it has brackets.
fn type_text(ty: &str) -> String {
    if ty.contains('<') {
        format!("\"{ty}\"")
    } else {
        ty.to_owned()
    }
}

/// Free text as a YAML double-quoted scalar on one line (JSON string syntax is YAML's).
fn quoted(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    serde_json::Value::String(one_line).to_string()
}

/// Text bare when YAML reads it back as the same string, else quoted.
fn plain_or_quoted(text: &str) -> String {
    let special_start = text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`~ ".contains(c));
    let special_inside = text.contains(": ")
        || text.contains(" #")
        || text.contains(['\n', '\t', '[', ']', '{', '}', ','])
        || text.ends_with([':', ' ']);
    let reads_otherwise = matches!(
        text.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "yes" | "no" | "on" | "off" | ""
    ) || text.parse::<f64>().is_ok();
    if special_start || special_inside || reads_otherwise {
        quoted(text)
    } else {
        text.to_owned()
    }
}

/// A default as written: numbers and booleans bare, anything else quoted.
fn scalar(value: &str) -> String {
    let plain = value == "true" || value == "false" || value.parse::<f64>().is_ok();
    if plain {
        value.to_owned()
    } else {
        quoted(value)
    }
}

/// The operation's summary (else the first sentence of its description) and description.
fn summary_and_description(operation: &Operation) -> (Option<String>, Option<String>) {
    let description = operation
        .description
        .clone()
        .filter(|text| !text.is_empty());
    if let Some(summary) = &operation.summary {
        return (Some(summary.clone()), description);
    }
    let Some(text) = description else {
        return (None, None);
    };
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.find(". ") {
        Some(end) => (Some(one_line[..end].to_owned()), Some(one_line)),
        None => (Some(one_line.trim_end_matches('.').to_owned()), None),
    }
}

/// Placeholders in the catalog's snake_case: `/widgets/{widgetId}` gives `/widgets/{widget_id}`.
fn rename_placeholders(path: &str) -> String {
    path.split('/')
        .map(
            |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => format!("{{{}}}", snake_case(name)),
                None => segment.to_owned(),
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

/// `widget_part` and `widgetPart` give `WidgetPart`.
pub fn pascal_case(name: &str) -> String {
    naming::pascal_case(&snake_case(name))
}

/// The catalog's resources are singular: `directories` gives `directory`.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("sses") || word.ends_with("xes") {
        word[..word.len() - 2].to_owned()
    } else if let Some(stem) = word.strip_suffix('s')
        && !word.ends_with("ss")
    {
        stem.to_owned()
    } else {
        word.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_catalog() {
        assert_eq!(pascal_case("widget_part"), "WidgetPart");
        assert_eq!(pascal_case("OrganizationDomain"), "OrganizationDomain");
        assert_eq!(singular("directories"), "directory");
        assert_eq!(singular("auth_factors"), "auth_factor");
        assert_eq!(singular("access"), "access");
        assert_eq!(
            rename_placeholders("/a/{widgetId}/b/{id}"),
            "/a/{widget_id}/b/{id}"
        );
    }
}
