//! Reading YAML nodes with their positions.
//!
//! The loader walks marked-yaml's node tree by hand instead of deserializing with serde: serde
//! stops at the first error, while a maintainer wants every problem of a spec in one run, each
//! with its `file:line:col`. Every helper here records a diagnostic and returns `None` on a
//! mismatch, so the walk goes on.

use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode};
use marked_yaml::{Node, Span};

use crate::diagnostics::{Diagnostics, Location};

/// A value with the position it was read from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spanned<T> {
    pub value: T,
    pub at: Location,
}

/// Collects diagnostics and turns spans into locations.
pub(crate) struct Reader {
    files: Vec<String>,
    pub diagnostics: Diagnostics,
}

impl Reader {
    pub fn new(files: Vec<String>) -> Self {
        Reader {
            files,
            diagnostics: Diagnostics::default(),
        }
    }

    pub fn files(&self) -> &[String] {
        &self.files
    }

    /// The location of a span's start (a file's start when the span has none).
    pub fn at(&self, span: &Span, source: usize) -> Location {
        let file = self.files.get(source).cloned().unwrap_or_default();
        match span.start() {
            Some(marker) => Location {
                file,
                line: marker.line(),
                column: marker.column(),
            },
            None => Location {
                file,
                line: 1,
                column: 1,
            },
        }
    }

    pub fn node_at(&self, node: &Node) -> Location {
        let source = node.span().start().map_or(0, |marker| marker.source());
        self.at(node.span(), source)
    }

    pub fn scalar_at(&self, scalar: &MarkedScalarNode) -> Location {
        let source = scalar.span().start().map_or(0, |marker| marker.source());
        self.at(scalar.span(), source)
    }

    pub fn error(&mut self, at: Location, message: impl Into<String>) {
        self.diagnostics.push(at, message);
    }

    /// The node as a mapping, or a diagnostic saying what was expected.
    pub fn mapping<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n MarkedMappingNode> {
        match node {
            Node::Mapping(mapping) => Some(mapping),
            _ => {
                let at = self.node_at(node);
                self.error(at, format!("{what} must be a mapping"));
                None
            }
        }
    }

    /// The entries of a mapping in written order; `key:` with nothing after it counts as empty.
    pub fn entries<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
    ) -> Option<Vec<(&'n MarkedScalarNode, &'n Node)>> {
        if let Node::Scalar(scalar) = node
            && scalar.as_str().is_empty()
        {
            return Some(Vec::new());
        }
        Some(self.mapping(node, what)?.iter().collect())
    }

    /// The node as a sequence of nodes.
    pub fn sequence<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [Node]> {
        match node {
            Node::Sequence(sequence) => Some(sequence.as_slice()),
            _ => {
                let at = self.node_at(node);
                self.error(at, format!("{what} must be a list"));
                None
            }
        }
    }

    /// Reports every key of `mapping` that is not in `allowed`, suggesting the closest one.
    pub fn known_keys(&mut self, mapping: &MarkedMappingNode, allowed: &[&str], what: &str) {
        for key in mapping.keys() {
            let name = key.as_str();
            if allowed.contains(&name) {
                continue;
            }
            let at = self.scalar_at(key);
            let hint = match closest(name, allowed.iter().copied()) {
                Some(close) => format!("; did you mean `{close}`?"),
                None => format!(" (known keys: {})", allowed.join(", ")),
            };
            self.error(at, format!("unknown key `{name}` in {what}{hint}"));
        }
    }

    /// A key that must be present.
    pub fn required<'n>(
        &mut self,
        mapping: &'n MarkedMappingNode,
        owner: &Location,
        key: &str,
        what: &str,
    ) -> Option<&'n Node> {
        let node = mapping.get_node(key);
        if node.is_none() {
            self.error(owner.clone(), format!("{what} is missing `{key}`"));
        }
        node
    }

    /// A scalar read as a string.
    pub fn string(&mut self, node: &Node, what: &str) -> Option<Spanned<String>> {
        match node {
            Node::Scalar(scalar) => Some(Spanned {
                value: scalar.as_str().to_owned(),
                at: self.scalar_at(scalar),
            }),
            _ => {
                let at = self.node_at(node);
                self.error(at, format!("{what} must be a string"));
                None
            }
        }
    }

    /// A non-empty string.
    pub fn text(&mut self, node: &Node, what: &str) -> Option<Spanned<String>> {
        let text = self.string(node, what)?;
        if text.value.trim().is_empty() {
            self.error(text.at, format!("{what} must not be empty"));
            return None;
        }
        Some(text)
    }

    pub fn optional_text(
        &mut self,
        mapping: &MarkedMappingNode,
        key: &str,
        what: &str,
    ) -> Option<Spanned<String>> {
        let node = mapping.get_node(key)?;
        self.text(node, &format!("`{key}` of {what}"))
    }

    pub fn boolean(&mut self, node: &Node, what: &str) -> Option<Spanned<bool>> {
        let text = self.string(node, what)?;
        match text.value.as_str() {
            "true" => Some(Spanned {
                value: true,
                at: text.at,
            }),
            "false" => Some(Spanned {
                value: false,
                at: text.at,
            }),
            other => {
                self.error(
                    text.at,
                    format!("{what} must be `true` or `false`, not `{other}`"),
                );
                None
            }
        }
    }

    pub fn optional_bool(
        &mut self,
        mapping: &MarkedMappingNode,
        key: &str,
        what: &str,
    ) -> Option<Spanned<bool>> {
        let node = mapping.get_node(key)?;
        self.boolean(node, &format!("`{key}` of {what}"))
    }

    /// A whole number that fits `u32`.
    pub fn count(&mut self, node: &Node, what: &str) -> Option<Spanned<u32>> {
        let text = self.string(node, what)?;
        match text.value.parse::<u32>() {
            Ok(value) => Some(Spanned { value, at: text.at }),
            Err(_) => {
                self.error(
                    text.at,
                    format!("{what} must be a whole number, not `{}`", text.value),
                );
                None
            }
        }
    }

    /// A finite number.
    pub fn number(&mut self, node: &Node, what: &str) -> Option<Spanned<f64>> {
        let text = self.string(node, what)?;
        match text.value.parse::<f64>() {
            Ok(value) if value.is_finite() => Some(Spanned { value, at: text.at }),
            _ => {
                self.error(
                    text.at,
                    format!("{what} must be a number, not `{}`", text.value),
                );
                None
            }
        }
    }

    /// One of a fixed set of words.
    pub fn choice<T: Copy>(
        &mut self,
        node: &Node,
        what: &str,
        options: &[(&str, T)],
    ) -> Option<Spanned<T>> {
        let text = self.string(node, what)?;
        if let Some((_, value)) = options.iter().find(|(name, _)| *name == text.value) {
            return Some(Spanned {
                value: *value,
                at: text.at,
            });
        }
        let names: Vec<&str> = options.iter().map(|(name, _)| *name).collect();
        self.error(
            text.at,
            format!(
                "{what} must be one of {}, not `{}`",
                names.join(", "),
                text.value
            ),
        );
        None
    }

    /// A list of strings.
    pub fn strings(&mut self, node: &Node, what: &str) -> Option<Vec<Spanned<String>>> {
        let items = self.sequence(node, what)?;
        Some(
            items
                .iter()
                .filter_map(|item| self.text(item, &format!("an item of {what}")))
                .collect(),
        )
    }
}

/// The candidate nearest to `name` by edit distance, when it is close enough to be a typo.
pub(crate) fn closest<'c>(
    name: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_typos_only() {
        let keys = ["summary", "method", "path", "params"];
        assert_eq!(closest("sumary", keys), Some("summary"));
        assert_eq!(closest("parms", keys), Some("params"));
        assert_eq!(closest("colour", keys), None);
    }
}
