//! Differences from the vendor's OpenAPI document that the maintainers chose on purpose.
//!
//! An action, a model or an enum may carry a `drift` list; `codegen drift` lists each entry as
//! declared instead of as drift, and reports an entry that no longer matches any difference.

use marked_yaml::Node;

use super::reader::{Reader, Spanned};
use crate::diagnostics::Location;
use crate::drift::Kind;

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
