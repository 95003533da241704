//! Differences from the vendor's OpenAPI document that the maintainers chose on purpose.
//!
//! An action, a model or an enum may carry a `drift` list; `codegen drift` lists each entry as
//! declared instead of as drift, and reports an entry that no longer matches any difference.
//! Any file may carry an `excluded` list: operations of the document the catalog leaves out,
//! each with its reason.

use marked_yaml::Node;

use super::items::words;
use super::reader::{Reader, Spanned};
use crate::diagnostics::Location;
use crate::drift::Kind;
use crate::model::Method;
use crate::path_template::document_shape;

/// One entry of a `drift` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    /// The action, model or enum that carries it.
    pub owner: String,
    pub kind: Kind,
    /// The parameter or field it is about, for the kinds that name one.
    pub name: Option<String>,
    /// Why the catalog differs, in a sentence.
    pub reason: String,
    pub at: Location,
}

impl Reader {
    /// Reads the `drift` list of `owner`, if it has one.
    pub(crate) fn read_declarations(
        &mut self,
        owner: &Spanned<String>,
        node: Option<&Node>,
        what: &str,
    ) -> Vec<Declaration> {
        let Some(node) = node else {
            return Vec::new();
        };
        let what = format!("`drift` of {what}");
        let Some(items) = self.sequence(node, &what) else {
            return Vec::new();
        };
        let kinds: Vec<(&str, Kind)> = Kind::DECLARABLE
            .iter()
            .map(|kind| (kind.as_str(), *kind))
            .collect();
        let mut declarations = Vec::new();
        for item in items {
            let item_what = format!("an entry of {what}");
            let Some(map) = self.mapping(item, &item_what) else {
                continue;
            };
            self.known_keys(map, &["kind", "name", "reason"], &item_what);
            let at = self.node_at(item);
            let kind = self
                .required(map, &at, "kind", &item_what)
                .and_then(|kind| self.choice(kind, &format!("`kind` of {item_what}"), &kinds));
            let name = map
                .get_node("name")
                .and_then(|name| self.text(name, &format!("`name` of {item_what}")));
            let reason = self
                .required(map, &at, "reason", &item_what)
                .and_then(|reason| self.text(reason, &format!("`reason` of {item_what}")));
            let (Some(kind), Some(reason)) = (kind, reason) else {
                continue;
            };
            match (kind.value.names_a_member(), &name) {
                (true, None) => self.error(
                    at.clone(),
                    format!("{item_what}: `{}` needs the `name` it is about", kind.value),
                ),
                (false, Some(name)) => self.error(
                    name.at.clone(),
                    format!("{item_what}: `{}` takes no `name`", kind.value),
                ),
                _ => {}
            }
            declarations.push(Declaration {
                owner: owner.value.clone(),
                kind: kind.value,
                name: name.map(|name| name.value),
                reason: reason.value,
                at,
            });
        }
        declarations
    }
}

/// An operation of the vendor's document that the catalog leaves out on purpose: an entry of a
/// file's top-level `excluded` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exclusion {
    /// `GET`, `POST`, ... as the document writes it.
    pub method: Method,
    /// The path as written (the document's placeholder names may be kept).
    pub path: String,
    /// The path with its placeholders emptied (`/sso/jwks/{}`), for matching.
    pub shape: String,
    /// Why the catalog leaves it out, in a sentence.
    pub reason: String,
    pub at: Location,
    /// Where the path was written, for errors about it.
    pub path_at: Location,
}

impl Reader {
    /// Reads a file's top-level `excluded` list.
    pub(crate) fn read_exclusions(&mut self, node: &Node) -> Vec<Exclusion> {
        let what = "`excluded`";
        let Some(items) = self.sequence(node, what) else {
            return Vec::new();
        };
        let methods = words(Method::ALL, Method::as_str);
        let mut exclusions = Vec::new();
        for item in items {
            let item_what = format!("an entry of {what}");
            let Some(map) = self.mapping(item, &item_what) else {
                continue;
            };
            self.known_keys(map, &["method", "path", "reason"], &item_what);
            let at = self.node_at(item);
            let method = self
                .required(map, &at, "method", &item_what)
                .and_then(|method| {
                    self.choice(method, &format!("`method` of {item_what}"), &methods)
                });
            let path = self
                .required(map, &at, "path", &item_what)
                .and_then(|path| self.text(path, &format!("`path` of {item_what}")));
            let reason = self
                .required(map, &at, "reason", &item_what)
                .and_then(|reason| self.text(reason, &format!("`reason` of {item_what}")));
            let shape = path
                .as_ref()
                .and_then(|path| match document_shape(&path.value) {
                    Ok(shape) => Some(shape),
                    Err(error) => {
                        let at = Location {
                            column: path.at.column + error.column - 1,
                            ..path.at.clone()
                        };
                        self.error(at, format!("`path` of {item_what}: {}", error.message));
                        None
                    }
                });
            let (Some(method), Some(path), Some(shape), Some(reason)) =
                (method, path, shape, reason)
            else {
                continue;
            };
            exclusions.push(Exclusion {
                method: method.value,
                path: path.value,
                shape,
                reason: reason.value,
                at,
                path_at: path.at,
            });
        }
        exclusions
    }
}
