//! The type language of the catalog: `string`, `list<T>`, `map<string,T>`, or a model or enum
//! name. Parsing happens here; names are resolved once every file is read.

/// A parsed, not yet resolved type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TypeExpr {
    String,
    Integer,
    Number,
    Boolean,
    Timestamp,
    Json,
    List(Box<TypeExpr>),
    Map(Box<TypeExpr>),
    /// A model or an enum; which one is known after resolution.
    Named(String),
}

impl TypeExpr {
    /// Parses a whole type spelling; the error says what was expected.
    pub fn parse(text: &str) -> Result<TypeExpr, String> {
        let mut parser = Parser { text, position: 0 };
        let parsed = parser.parse_type()?;
        parser.skip_spaces();
        if parser.position < text.len() {
            return Err(format!(
                "unexpected `{}` after the type `{}`",
                &text[parser.position..],
                &text[..parser.position].trim()
            ));
        }
        Ok(parsed)
    }
}

struct Parser<'t> {
    text: &'t str,
    position: usize,
}

impl Parser<'_> {
    fn skip_spaces(&mut self) {
        let rest = &self.text[self.position..];
        self.position += rest.len() - rest.trim_start().len();
    }

    fn word(&mut self) -> Result<&str, String> {
        self.skip_spaces();
        let rest = &self.text[self.position..];
        let length = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if length == 0 {
            return Err(match rest.chars().next() {
                Some(c) => format!("expected a type name, found `{c}`"),
                None => "expected a type name, found the end of the type".to_owned(),
            });
        }
        self.position += length;
        Ok(&rest[..length])
    }

    fn expect(&mut self, wanted: char) -> Result<(), String> {
        self.skip_spaces();
        match self.text[self.position..].chars().next() {
            Some(c) if c == wanted => {
                self.position += c.len_utf8();
                Ok(())
            }
            Some(c) => Err(format!("expected `{wanted}`, found `{c}`")),
            None => Err(format!("expected `{wanted}`, found the end of the type")),
        }
    }

    fn parse_type(&mut self) -> Result<TypeExpr, String> {
        let word = self.word()?.to_owned();
        Ok(match word.as_str() {
            "string" => TypeExpr::String,
            "integer" => TypeExpr::Integer,
            "number" => TypeExpr::Number,
            "boolean" => TypeExpr::Boolean,
            "timestamp" => TypeExpr::Timestamp,
            "json" => TypeExpr::Json,
            "list" => {
                self.expect('<')?;
                let item = self.parse_type()?;
                self.expect('>')?;
                TypeExpr::List(Box::new(item))
            }
            "map" => {
                self.expect('<')?;
                let key = self.word()?;
                if key != "string" {
                    return Err(format!("map keys are always `string`, not `{key}`"));
                }
                self.expect(',')?;
                let value = self.parse_type()?;
                self.expect('>')?;
                TypeExpr::Map(Box::new(value))
            }
            _ => TypeExpr::Named(word),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_types() {
        assert_eq!(
            TypeExpr::parse("list< map<string, Organization> >"),
            Ok(TypeExpr::List(Box::new(TypeExpr::Map(Box::new(
                TypeExpr::Named("Organization".into())
            )))))
        );
        assert_eq!(TypeExpr::parse("timestamp"), Ok(TypeExpr::Timestamp));
    }

    #[test]
    fn explains_malformed_types() {
        let cases = [
            ("list<string", "expected `>`"),
            ("map<integer,string>", "map keys are always `string`"),
            ("map<string>", "expected `,`"),
            ("", "found the end of the type"),
            ("list<>", "expected a type name, found `>`"),
            ("string string", "unexpected `string`"),
            ("Organization[]", "unexpected `[]`"),
        ];
        for (text, needle) in cases {
            let error = TypeExpr::parse(text).unwrap_err();
            assert!(error.contains(needle), "{text}: {error}");
        }
    }
}
