//! A YAML (or JSON) document as a tree of nodes that know their position, aliases included.
//!
//! The catalog loader's marked-yaml refuses anchors and aliases (a catalog has no use for
//! them), but vendors' OpenAPI documents use them, so this tree is built from the events of
//! yaml-rust2, the parser beneath marked-yaml. An alias shares its anchor's node (`Rc`), so a
//! document of nested aliases costs no more memory than its text.

use std::collections::HashMap;
use std::rc::Rc;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// One node, with the 1-based line and column where it starts.
#[derive(Debug)]
pub(crate) struct Node {
    pub value: Value,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug)]
pub(crate) enum Value {
    /// Every scalar as written (`true`, `12` and `"12"` alike): the reader decides.
    Scalar(String),
    Sequence(Vec<Rc<Node>>),
    /// Entries in written order; keys are scalars.
    Mapping(Vec<(String, Rc<Node>)>),
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_sequence(&self) -> Option<&[Rc<Node>]> {
        match &self.value {
            Value::Sequence(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_mapping(&self) -> Option<&[(String, Rc<Node>)]> {
        match &self.value {
            Value::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value of a key of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_mapping()?
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, node)| &**node)
    }

    /// The text of a scalar value of a mapping.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.get(key)?.as_str()
    }
}

/// Why a text is not a YAML document: 1-based line and column, and the parser's words.
#[derive(Debug)]
pub(crate) struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses the first document of a text.
pub(crate) fn parse(text: &str) -> Result<Rc<Node>, ParseError> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser
        .load(&mut builder, false)
        .map_err(|error| ParseError {
            line: error.marker().line(),
            column: error.marker().col() + 1,
            message: error.info().to_owned(),
        })?;
    if let Some(error) = builder.error {
        return Err(error);
    }
    builder.root.ok_or(ParseError {
        line: 1,
        column: 1,
        message: "the document is empty".to_owned(),
    })
}

/// Collections being built, innermost last.
enum Open {
    Sequence(Node, usize),
    /// The mapping, its anchor, and the key waiting for its value.
    Mapping(Node, usize, Option<String>),
}

#[derive(Default)]
struct Builder {
    open: Vec<Open>,
    anchors: HashMap<usize, Rc<Node>>,
    root: Option<Rc<Node>>,
    error: Option<ParseError>,
}

impl Builder {
    fn node(value: Value, mark: Marker) -> Node {
        Node {
            value,
            line: mark.line(),
            column: mark.col() + 1,
        }
    }

    /// Places a finished node in its parent (or as the root).
    fn finish(&mut self, node: Rc<Node>, anchor: usize, mark: Marker) {
        if anchor != 0 {
            self.anchors.insert(anchor, Rc::clone(&node));
        }
        match self.open.last_mut() {
            None => self.root = Some(node),
            Some(Open::Sequence(sequence, _)) => {
                if let Value::Sequence(items) = &mut sequence.value {
                    items.push(node);
                }
            }
            Some(Open::Mapping(mapping, _, waiting)) => match waiting.take() {
                Some(key) => {
                    if let Value::Mapping(entries) = &mut mapping.value {
                        entries.push((key, node));
                    }
                }
                None => match node.as_str() {
                    Some(key) => *waiting = Some(key.to_owned()),
                    None => {
                        self.error.get_or_insert(ParseError {
                            line: mark.line(),
                            column: mark.col() + 1,
                            message: "a mapping key must be a scalar".to_owned(),
                        });
                    }
                },
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        match event {
            Event::Scalar(text, _, anchor, _) => {
                let node = Rc::new(Builder::node(Value::Scalar(text), mark));
                self.finish(node, anchor, mark);
            }
            Event::Alias(anchor) => match self.anchors.get(&anchor) {
                Some(node) => {
                    let node = Rc::clone(node);
                    self.finish(node, 0, mark);
                }
                None => {
                    self.error = Some(ParseError {
                        line: mark.line(),
                        column: mark.col() + 1,
                        message: "an alias names no anchor before it".to_owned(),
                    });
                }
            },
            Event::SequenceStart(anchor, _) => self.open.push(Open::Sequence(
                Builder::node(Value::Sequence(Vec::new()), mark),
                anchor,
            )),
            Event::MappingStart(anchor, _) => self.open.push(Open::Mapping(
                Builder::node(Value::Mapping(Vec::new()), mark),
                anchor,
                None,
            )),
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.open.pop() {
                    Some(Open::Sequence(node, anchor) | Open::Mapping(node, anchor, _)) => {
                        (node, anchor)
                    }
                    None => return,
                };
                self.finish(Rc::new(node), anchor, mark);
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_share_their_anchor() {
        let root = parse("a: &x { b: [1, 2] }\nc: *x\n").unwrap();
        let a = root.get("a").unwrap();
        let c = root.get("c").unwrap();
        assert_eq!(c.get("b").unwrap().as_sequence().unwrap().len(), 2);
        assert_eq!((a.line, a.column), (1, 7));
    }

    #[test]
    fn json_is_read_with_positions() {
        let root = parse("{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {}\n}").unwrap();
        assert_eq!(root.text("openapi"), Some("3.0.3"));
        let paths = root.get("paths").unwrap();
        assert_eq!(paths.line, 3);
    }

    #[test]
    fn errors_are_located() {
        let error = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(error.line >= 1 && error.column >= 1, "{error:?}");
        assert!(parse("a: *nothing\n").is_err());
    }
}
