//! A vendor's OpenAPI document (3.0 or 3.1, YAML or JSON), read into the few shapes that drift
//! reports compare with the catalog.
//!
//! The document is read as plain YAML nodes (JSON is YAML) with yaml-rust2, the parser beneath
//! the catalog loader's marked-yaml, rather than with a typed OpenAPI crate: the maintained ones
//! each model one version (`openapiv3` 3.0, `oas3` 3.1) and give no positions, while a
//! maintainer needs `file:line:col` for what cannot be read, and the comparison needs only
//! operations, parameters and schemas. Local `$ref` chains are followed (a cycle becomes
//! [`Kind::Recursive`]), `allOf` is merged, and both ways of writing nullable are understood:
//! 3.0's `nullable: true` and 3.1's `type: [T, "null"]` (or a `{type: "null"}` branch of
//! `anyOf`/`oneOf`).

mod yaml;

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;
use std::rc::Rc;

use actionspec_catalog::diagnostics::Location;
use actionspec_catalog::model::{Location as ParamLocation, Method};
use yaml::Node;

/// Why a document cannot be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocError {
    pub at: Location,
    pub message: String,
}

impl fmt::Display for DocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

impl std::error::Error for DocError {}

/// A parsed document.
pub struct Document {
    file: String,
    root: Rc<Node>,
}

/// One operation: a method on a path.
#[derive(Debug, Clone)]
pub struct Operation {
    pub method: Method,
    /// The path template as written (`/organizations/{id}`).
    pub path: String,
    pub id: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// Path and query parameters, then the JSON body's properties (`in: body`).
    pub params: Vec<Parameter>,
    /// Every 2xx status the operation answers, lowest first, each with its JSON schema if it
    /// has one.
    pub success: Vec<(u16, Option<Schema>)>,
    pub at: Location,
}

/// One parameter, or one property of a JSON request body.
#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub deprecated: bool,
    pub doc: Option<String>,
    pub schema: Schema,
}

/// A schema with its references resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    pub kind: Kind,
    pub nullable: bool,
    /// The values of `enum` (or `const`), as strings; empty when unrestricted.
    pub values: Vec<String>,
    /// `format` (`date-time`, ...).
    pub format: Option<String>,
    /// The component it came from (`#/components/schemas/Organization` gives `Organization`).
    pub component: Option<String>,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub default: Option<String>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    pub min_items: Option<u32>,
    pub max_items: Option<u32>,
}

/// What a schema describes.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    String,
    Integer,
    Number,
    Boolean,
    Array(Box<Schema>),
    Object(Object),
    /// Any value, or one the comparison does not look into (a union of unlike branches).
    Any,
    /// A `$ref` back to a component being read: the name of that component.
    Recursive(String),
}

/// The properties of an object schema.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object {
    pub properties: Vec<(String, Schema)>,
    pub required: BTreeSet<String>,
    /// `additionalProperties` as a schema: a map's values.
    pub additional: Option<Box<Schema>>,
}

impl Object {
    pub fn property(&self, name: &str) -> Option<&Schema> {
        self.properties
            .iter()
            .find(|(property, _)| property == name)
            .map(|(_, schema)| schema)
    }
}

impl Schema {
    fn of(kind: Kind) -> Schema {
        Schema {
            kind,
            nullable: false,
            values: Vec::new(),
            format: None,
            component: None,
            doc: None,
            deprecated: false,
            default: None,
            minimum: None,
            maximum: None,
            min_length: None,
            max_length: None,
            min_items: None,
            max_items: None,
        }
    }

    /// The items of a list envelope (`data: [..]`), when this is one.
    pub fn list_items(&self, items_field: &str) -> Option<&Schema> {
        let Kind::Object(object) = &self.kind else {
            return None;
        };
        match &object.property(items_field)?.kind {
            Kind::Array(items) => Some(items),
            _ => None,
        }
    }

    /// A short spelling for messages: `string`, `list<Organization>`, `integer | null`.
    pub fn spelling(&self) -> String {
        let base = match &self.kind {
            Kind::String if self.format.as_deref() == Some("date-time") => "timestamp".to_owned(),
            Kind::String if !self.values.is_empty() => "string enum".to_owned(),
            Kind::String => "string".to_owned(),
            Kind::Integer => "integer".to_owned(),
            Kind::Number => "number".to_owned(),
            Kind::Boolean => "boolean".to_owned(),
            Kind::Array(items) => format!("list<{}>", items.spelling()),
            Kind::Object(object) => match (&self.component, &object.additional) {
                (Some(name), _) => name.clone(),
                (None, Some(values)) if object.properties.is_empty() => {
                    format!("map<string,{}>", values.spelling())
                }
                (None, _) => "object".to_owned(),
            },
            Kind::Any => "any".to_owned(),
            Kind::Recursive(name) => name.clone(),
        };
        if self.nullable {
            format!("{base} | null")
        } else {
            base
        }
    }
}

/// Deepest schema nesting read (a document that nests deeper is refused, not followed).
const MAX_DEPTH: usize = 64;

impl Document {
    /// Reads a document from a file.
    pub fn read(path: &Path) -> Result<Document, DocError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| DocError {
            at: Location {
                file: name.clone(),
                line: 1,
                column: 1,
            },
            message: format!("cannot read the document: {error}"),
        })?;
        Document::parse(&name, &text)
    }

    /// Parses a document's text; `name` is what locations show.
    pub fn parse(name: &str, text: &str) -> Result<Document, DocError> {
        let at = |line, column| Location {
            file: name.to_owned(),
            line,
            column,
        };
        // The parser recurses once per level: refuse what would overflow the stack first.
        if let Some((line, column)) = actionspec_catalog::nesting::too_deep(text) {
            return Err(DocError {
                at: at(line, column),
                message: "the document nests too deeply to be read".to_owned(),
            });
        }
        let root = yaml::parse(text).map_err(|error| DocError {
            at: at(error.line, error.column),
            message: format!("not a readable YAML or JSON document: {}", error.message),
        })?;
        let version = root.text("openapi").map(str::to_owned);
        match version {
            Some(version) if version.starts_with("3.0") || version.starts_with("3.1") => {
                Ok(Document {
                    file: name.to_owned(),
                    root,
                })
            }
            Some(version) => Err(DocError {
                at: at(1, 1),
                message: format!("OpenAPI {version} is not read; only 3.0 and 3.1 are"),
            }),
            None => Err(DocError {
                at: at(1, 1),
                message: "not an OpenAPI document: it has no `openapi` version".to_owned(),
            }),
        }
    }

    fn at(&self, node: &Node) -> Location {
        Location {
            file: self.file.clone(),
            line: node.line,
            column: node.column,
        }
    }

    fn error(&self, node: &Node, message: impl Into<String>) -> DocError {
        DocError {
            at: self.at(node),
            message: message.into(),
        }
    }

    fn mapping<'n>(
        &self,
        node: &'n Node,
        what: &str,
    ) -> Result<&'n [(String, Rc<Node>)], DocError> {
        node.as_mapping()
            .ok_or_else(|| self.error(node, format!("{what} must be a mapping")))
    }

    /// Every operation with a method the catalog can use, in document order.
    pub fn operations(&self) -> Result<Vec<Operation>, DocError> {
        self.mapping(&self.root, "the document")?;
        let Some(paths) = self.root.get("paths") else {
            return Ok(Vec::new());
        };
        let mut operations = Vec::new();
        for (path, item) in self.mapping(paths, "`paths`")? {
            let item = self.resolve(item, 0)?;
            let entries = self.mapping(item, &format!("path `{path}`"))?;
            let shared = match item.get("parameters") {
                Some(parameters) => self.parameters(parameters)?,
                None => Vec::new(),
            };
            for (key, node) in entries {
                let method = match key.as_str() {
                    "get" => Method::Get,
                    "post" => Method::Post,
                    "put" => Method::Put,
                    "patch" => Method::Patch,
                    "delete" => Method::Delete,
                    _ => continue,
                };
                operations.push(self.operation(method, path, node, &shared)?);
            }
        }
        Ok(operations)
    }

    fn operation(
        &self,
        method: Method,
        path: &str,
        node: &Node,
        shared: &[Parameter],
    ) -> Result<Operation, DocError> {
        let what = format!("{} {path}", method.as_str());
        self.mapping(node, &what)?;
        let text = |key: &str| node.text(key).map(|text| text.trim().to_owned());
        let mut params: Vec<Parameter> = shared.to_vec();
        if let Some(parameters) = node.get("parameters") {
            for param in self.parameters(parameters)? {
                params.retain(|shared| {
                    shared.name != param.name || shared.location != param.location
                });
                params.push(param);
            }
        }
        if let Some(body) = node.get("requestBody") {
            params.extend(self.body_properties(body)?);
        }
        let success = match node.get("responses") {
            Some(responses) => self.success(responses)?,
            None => Vec::new(),
        };
        Ok(Operation {
            method,
            path: path.to_owned(),
            id: text("operationId"),
            summary: text("summary"),
            description: text("description"),
            params,
            success,
            at: self.at(node),
        })
    }

    fn parameters(&self, node: &Node) -> Result<Vec<Parameter>, DocError> {
        let Some(items) = node.as_sequence() else {
            return Err(self.error(node, "`parameters` must be a list"));
        };
        let mut params = Vec::new();
        for item in items {
            let item = self.resolve(item, 0)?;
            self.mapping(item, "a parameter")?;
            let name = item
                .text("name")
                .ok_or_else(|| self.error(item, "a parameter has no `name`"))?;
            let location = match item.text("in") {
                Some("path") => ParamLocation::Path,
                Some("query") => ParamLocation::Query,
                // Headers and cookies are the engine's business (auth, idempotency), not the
                // catalog's.
                Some("header" | "cookie") => continue,
                _ => {
                    return Err(self.error(
                        item,
                        "a parameter's `in` must be path, query, header or cookie",
                    ));
                }
            };
            let schema = match item.get("schema") {
                Some(schema) => self.schema(schema)?,
                None => Schema::of(Kind::Any),
            };
            params.push(Parameter {
                name: name.to_owned(),
                location,
                required: flag(item, "required") || location == ParamLocation::Path,
                deprecated: flag(item, "deprecated") || schema.deprecated,
                doc: item.text("description").map(|doc| doc.trim().to_owned()),
                schema,
            });
        }
        Ok(params)
    }

    /// The properties of a JSON request body, as body parameters.
    fn body_properties(&self, node: &Node) -> Result<Vec<Parameter>, DocError> {
        let body = self.resolve(node, 0)?;
        let Some(schema) = self.json_schema(body)? else {
            return Ok(Vec::new());
        };
        let Kind::Object(object) = schema.kind else {
            return Ok(Vec::new());
        };
        Ok(object
            .properties
            .into_iter()
            .map(|(name, schema)| Parameter {
                required: object.required.contains(&name),
                location: ParamLocation::Body,
                deprecated: schema.deprecated,
                doc: schema.doc.clone(),
                name,
                schema,
            })
            .collect())
    }

    /// The `application/json` schema of a request body or response.
    fn json_schema(&self, node: &Node) -> Result<Option<Schema>, DocError> {
        self.mapping(node, "a body")?;
        let Some(content) = node.get("content").and_then(Node::as_mapping) else {
            return Ok(None);
        };
        let Some(json) = content
            .iter()
            .find(|(media, _)| media.starts_with("application/json"))
            .map(|(_, media)| media)
        else {
            return Ok(None);
        };
        self.mapping(json, "a media type")?;
        match json.get("schema") {
            Some(schema) => self.schema(schema).map(Some),
            None => Ok(None),
        }
    }

    fn success(&self, node: &Node) -> Result<Vec<(u16, Option<Schema>)>, DocError> {
        let mut success = Vec::new();
        for (status, response) in self.mapping(node, "`responses`")? {
            let Ok(code) = status.parse::<u16>() else {
                continue;
            };
            if (200..300).contains(&code) {
                let response = self.resolve(response, 0)?;
                success.push((code, self.json_schema(response)?));
            }
        }
        success.sort_by_key(|(code, _)| *code);
        Ok(success)
    }

    /// Follows `$ref`s to the node they name (not for schemas: see [`Document::schema`]).
    fn resolve<'n>(&'n self, node: &'n Node, depth: usize) -> Result<&'n Node, DocError> {
        let Some(reference) = node.text("$ref") else {
            return Ok(node);
        };
        if depth > MAX_DEPTH {
            return Err(self.error(node, "a `$ref` chain that does not end"));
        }
        let target = self.pointer(node, reference)?;
        self.resolve(target, depth + 1)
    }

    /// The node a local reference (`#/components/schemas/Name`) points at.
    fn pointer<'n>(&'n self, from: &Node, reference: &str) -> Result<&'n Node, DocError> {
        let Some(pointer) = reference.strip_prefix("#/") else {
            return Err(self.error(
                from,
                format!("`$ref: {reference}` is not local; only `#/...` references are read"),
            ));
        };
        let mut node: &Node = &self.root;
        for part in pointer.split('/') {
            let part = part.replace("~1", "/").replace("~0", "~");
            let next = match node.as_sequence() {
                Some(items) => part
                    .parse::<usize>()
                    .ok()
                    .and_then(|index| items.get(index))
                    .map(|item| &**item),
                None => node.get(&part),
            };
            node = next.ok_or_else(|| {
                self.error(
                    from,
                    format!("`$ref: {reference}` names nothing in the document"),
                )
            })?;
        }
        Ok(node)
    }

    /// A schema, with references followed and compositions merged.
    fn schema(&self, node: &Node) -> Result<Schema, DocError> {
        self.read_schema(node, &mut Vec::new(), 0)
    }

    fn read_schema(
        &self,
        node: &Node,
        open: &mut Vec<String>,
        depth: usize,
    ) -> Result<Schema, DocError> {
        if depth > MAX_DEPTH {
            return Err(self.error(node, format!("schemas nest deeper than {MAX_DEPTH} levels")));
        }
        // 3.1 allows `true` (anything) as a schema.
        if node.as_str() == Some("true") {
            return Ok(Schema::of(Kind::Any));
        }
        self.mapping(node, "a schema")?;
        let mut schema = if let Some(reference) = node.text("$ref") {
            let component = reference
                .strip_prefix("#/components/schemas/")
                .map(str::to_owned);
            if open.iter().any(|name| name == reference) {
                let name = component.unwrap_or_else(|| reference.to_owned());
                return Ok(Schema::of(Kind::Recursive(name)));
            }
            let target = self.pointer(node, reference)?;
            open.push(reference.to_owned());
            let mut schema = self.read_schema(target, open, depth + 1)?;
            open.pop();
            // The innermost name is the definition's own (`Alias: {$ref: Color}` is a `Color`).
            if schema.component.is_none() {
                schema.component = component;
            }
            schema
        } else if let Some(parts) = node.get("allOf") {
            let parts = self.schemas(parts, open, depth)?;
            merge_all(parts)
        } else if let Some(branches) = node.get("anyOf").or_else(|| node.get("oneOf")) {
            let branches = self.schemas(branches, open, depth)?;
            union(branches)
        } else {
            self.plain_schema(node, open, depth)?
        };
        // Keywords beside a `$ref` or a composition (3.1 allows them) still count.
        if flag(node, "nullable") {
            schema.nullable = true;
        }
        if flag(node, "deprecated") {
            schema.deprecated = true;
        }
        if let Some(doc) = node.text("description") {
            schema.doc = Some(doc.trim().to_owned());
        }
        Ok(schema)
    }

    fn schemas(
        &self,
        node: &Node,
        open: &mut Vec<String>,
        depth: usize,
    ) -> Result<Vec<Schema>, DocError> {
        let Some(items) = node.as_sequence() else {
            return Err(self.error(node, "a composition must be a list of schemas"));
        };
        items
            .iter()
            .map(|item| self.read_schema(item, open, depth + 1))
            .collect()
    }

    fn plain_schema(
        &self,
        node: &Node,
        open: &mut Vec<String>,
        depth: usize,
    ) -> Result<Schema, DocError> {
        let mut nullable = false;
        let mut types: Vec<String> = Vec::new();
        if let Some(ty) = node.get("type") {
            match (ty.as_str(), ty.as_sequence()) {
                (Some(one), _) => types.push(one.to_owned()),
                (None, Some(list)) => {
                    types.extend(list.iter().filter_map(|ty| ty.as_str()).map(str::to_owned));
                }
                (None, None) => {
                    return Err(self.error(ty, "`type` must be a word or a list of words"));
                }
            }
        }
        if let Some(position) = types.iter().position(|ty| ty == "null") {
            types.remove(position);
            nullable = true;
        }
        let ty = match types.as_slice() {
            [one] => Some(one.as_str()),
            [] if node.get("properties").is_some() => Some("object"),
            [] if node.get("items").is_some() => Some("array"),
            _ => None,
        };
        let kind = match ty {
            Some("string") => Kind::String,
            Some("integer") => Kind::Integer,
            Some("number") => Kind::Number,
            Some("boolean") => Kind::Boolean,
            Some("array") => {
                let items = match node.get("items") {
                    Some(items) => self.read_schema(items, open, depth + 1)?,
                    None => Schema::of(Kind::Any),
                };
                Kind::Array(Box::new(items))
            }
            Some("object") => Kind::Object(self.object(node, open, depth)?),
            Some(other) => return Err(self.error(node, format!("unknown schema type `{other}`"))),
            None => Kind::Any,
        };
        let mut values = Vec::new();
        let listed = node
            .get("enum")
            .and_then(Node::as_sequence)
            .unwrap_or_default();
        let constant = node.get("const");
        for value in listed.iter().map(|value| &**value).chain(constant) {
            match value.as_str() {
                Some("null" | "~") => nullable = true,
                Some(value) => values.push(value.to_owned()),
                None => {}
            }
        }
        let scalar = |key: &str| node.text(key).map(str::to_owned);
        let count = |key: &str| scalar(key).and_then(|value| value.parse::<u32>().ok());
        let number = |key: &str| scalar(key).and_then(|value| value.parse::<f64>().ok());
        let mut schema = Schema::of(kind);
        schema.nullable = nullable;
        schema.values = values;
        schema.format = scalar("format");
        schema.default = scalar("default");
        schema.minimum = number("minimum");
        schema.maximum = number("maximum");
        schema.min_length = count("minLength");
        schema.max_length = count("maxLength");
        schema.min_items = count("minItems").or_else(|| count("minProperties"));
        schema.max_items = count("maxItems").or_else(|| count("maxProperties"));
        Ok(schema)
    }

    fn object(
        &self,
        node: &Node,
        open: &mut Vec<String>,
        depth: usize,
    ) -> Result<Object, DocError> {
        let mut object = Object::default();
        if let Some(properties) = node.get("properties") {
            for (name, property) in self.mapping(properties, "`properties`")? {
                let schema = self.read_schema(property, open, depth + 1)?;
                object.properties.push((name.clone(), schema));
            }
        }
        if let Some(required) = node.get("required").and_then(Node::as_sequence) {
            object.required = required
                .iter()
                .filter_map(|name| name.as_str())
                .map(str::to_owned)
                .collect();
        }
        if let Some(additional) = node.get("additionalProperties")
            && additional.as_mapping().is_some()
        {
            object.additional = Some(Box::new(self.read_schema(additional, open, depth + 1)?));
        }
        Ok(object)
    }
}

fn flag(node: &Node, key: &str) -> bool {
    node.text(key) == Some("true")
}

/// `allOf`: the properties of every part together; any other part leaves its kind.
fn merge_all(parts: Vec<Schema>) -> Schema {
    let mut merged: Option<Schema> = None;
    for part in parts {
        merged = Some(match merged {
            None => part,
            Some(mut whole) => {
                match (&mut whole.kind, part.kind) {
                    (Kind::Object(whole), Kind::Object(part)) => {
                        for (name, schema) in part.properties {
                            whole.properties.retain(|(existing, _)| *existing != name);
                            whole.properties.push((name, schema));
                        }
                        whole.required.extend(part.required);
                        if part.additional.is_some() {
                            whole.additional = part.additional;
                        }
                    }
                    (Kind::Any, kind) => whole.kind = kind,
                    _ => {}
                }
                // A merged object is a new shape, not the component of its first part.
                whole.component = None;
                whole.nullable &= part.nullable;
                whole
            }
        });
    }
    merged.unwrap_or_else(|| Schema::of(Kind::Any))
}

/// `anyOf` / `oneOf`: a `null` branch makes the rest nullable; one remaining branch is that
/// branch; objects merge with every property optional; anything else is [`Kind::Any`].
fn union(branches: Vec<Schema>) -> Schema {
    let (nulls, mut rest): (Vec<Schema>, Vec<Schema>) = branches
        .into_iter()
        .partition(|branch| branch.kind == Kind::Any && branch.nullable);
    let nullable = !nulls.is_empty() || rest.iter().any(|branch| branch.nullable);
    let mut schema = if rest.len() == 1 {
        rest.remove(0)
    } else if !rest.is_empty()
        && rest
            .iter()
            .all(|branch| matches!(branch.kind, Kind::Object(_)))
    {
        merge_branches(rest)
    } else if let Some(first) = rest.first()
        && rest.iter().all(|branch| branch.kind == first.kind)
    {
        let mut merged = first.clone();
        merged.values = rest
            .iter()
            .flat_map(|branch| branch.values.clone())
            .collect();
        merged
    } else {
        Schema::of(Kind::Any)
    };
    schema.nullable |= nullable;
    schema
}

/// The objects of a union, as one object whose properties are all optional: a property that the
/// branches type alike keeps its type (string values are pooled), one they type differently
/// becomes [`Kind::Any`].
fn merge_branches(branches: Vec<Schema>) -> Schema {
    let mut merged = Object::default();
    for branch in branches {
        let Kind::Object(object) = branch.kind else {
            continue;
        };
        for (name, schema) in object.properties {
            let Some((_, existing)) = merged
                .properties
                .iter_mut()
                .find(|(other, _)| *other == name)
            else {
                merged.properties.push((name, schema));
                continue;
            };
            if *existing == schema {
                continue;
            }
            if existing.kind == Kind::String && schema.kind == Kind::String {
                for value in schema.values {
                    if !existing.values.contains(&value) {
                        existing.values.push(value);
                    }
                }
            } else {
                existing.kind = Kind::Any;
                existing.component = None;
            }
            existing.nullable |= schema.nullable;
        }
    }
    Schema::of(Kind::Object(merged))
}
