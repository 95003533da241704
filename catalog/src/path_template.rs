//! Path templates such as `/organizations/{id}/domains`: parsed once, validated, and rendered
//! by the emitters. Each `{name}` must fill a whole segment.

use std::fmt;

/// A parsed path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    segments: Vec<Segment>,
}

/// One `/`-separated piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    Param(String),
}

/// Why a template was rejected; `column` counts characters from 1 within the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub column: usize,
    pub message: String,
}

impl PathTemplate {
    /// Parses a template. It starts with `/`, has no empty segment, no query or fragment, and each
    /// segment is either literal (`[A-Za-z0-9._~-]`) or exactly one `{name}`.
    pub fn parse(template: &str) -> Result<PathTemplate, TemplateError> {
        parse_segments(template, Names::Wire).map(|segments| PathTemplate { segments })
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Parameter names in the order they appear.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|segment| match segment {
            Segment::Param(name) => Some(name.as_str()),
            Segment::Literal(_) => None,
        })
    }
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for segment in &self.segments {
            match segment {
                Segment::Literal(text) => write!(f, "/{text}")?,
                Segment::Param(name) => write!(f, "/{{{name}}}")?,
            }
        }
        Ok(())
    }
}

/// The [`path_shape`] of a path written as a vendor's document writes it
/// (`/sso/jwks/{clientId}`), once checked: placeholder names may be in any case here; otherwise
/// the rules of [`PathTemplate::parse`] hold.
pub fn document_shape(template: &str) -> Result<String, TemplateError> {
    parse_segments(template, Names::Document)?;
    Ok(path_shape(template))
}

/// A path with its placeholder names left out (`/users/{}/factors`), so that paths naming their
/// placeholders differently compare equal; nothing is checked (a vendor's document is taken as
/// it is).
pub fn path_shape(path: &str) -> String {
    let mut shape = String::with_capacity(path.len());
    let mut in_placeholder = false;
    for c in path.trim_end_matches('/').chars() {
        match c {
            '{' => {
                in_placeholder = true;
                shape.push_str("{}");
            }
            '}' => in_placeholder = false,
            _ if in_placeholder => {}
            _ => shape.push(c),
        }
    }
    shape
}

/// How placeholders are named: the catalog's wire names, or any identifier a vendor's
/// document uses (`{clientId}`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Names {
    Wire,
    Document,
}

/// The segments of `template` under the rules of [`PathTemplate::parse`], placeholders named
/// as `names` says.
fn parse_segments(template: &str, names: Names) -> Result<Vec<Segment>, TemplateError> {
    let fail = |column: usize, message: String| Err(TemplateError { column, message });
    let whole_segment =
        |raw: &str| format!("`{raw}`: a parameter fills a whole segment, as `{{name}}`");
    let Some(rest) = template.strip_prefix('/') else {
        return fail(1, "a path starts with `/`".to_owned());
    };
    let mut segments = Vec::new();
    let mut column = 2;
    for raw in rest.split('/') {
        if raw.is_empty() {
            return fail(
                column,
                "a path has no empty segment (`//` or a trailing `/`)".to_owned(),
            );
        }
        if let Some(inner) = raw.strip_prefix('{') {
            let Some(name) = inner.strip_suffix('}') else {
                return fail(column, whole_segment(raw));
            };
            match names {
                Names::Wire if !is_wire_name(name) => {
                    return fail(
                        column,
                        format!("`{{{name}}}` is not a parameter name (`[a-z][a-z0-9_]*`)"),
                    );
                }
                Names::Document if !is_document_name(name) => {
                    return fail(column, whole_segment(raw));
                }
                _ => segments.push(Segment::Param(name.to_owned())),
            }
        } else if let Some(offset) = raw.find(|c: char| !is_literal_char(c)) {
            let bad = raw[offset..].chars().next().unwrap_or_default();
            let message = if names == Names::Wire && (bad == '{' || bad == '}') {
                whole_segment(raw)
            } else {
                format!("`{bad}` is not allowed in a path segment")
            };
            return fail(column + raw[..offset].chars().count(), message);
        } else {
            segments.push(Segment::Literal(raw.to_owned()));
        }
        column += raw.chars().count() + 1;
    }
    Ok(segments)
}

/// A placeholder name of a vendor's document: `[A-Za-z][A-Za-z0-9_]*`.
fn is_document_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A parameter or field wire name: `[a-z][a-z0-9_]*`.
pub fn is_wire_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn is_literal_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '~' | '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_literals_and_params_in_order() {
        let template = PathTemplate::parse("/user_management/users/{id}/auth_factors").unwrap();
        assert_eq!(
            template.segments(),
            [
                Segment::Literal("user_management".into()),
                Segment::Literal("users".into()),
                Segment::Param("id".into()),
                Segment::Literal("auth_factors".into()),
            ]
        );
        assert_eq!(template.params().collect::<Vec<_>>(), ["id"]);
        assert_eq!(
            template.to_string(),
            "/user_management/users/{id}/auth_factors"
        );
    }

    #[test]
    fn rejects_malformed_templates_with_a_column() {
        let cases = [
            ("organizations", 1, "starts with `/`"),
            ("/organizations//x", 16, "empty segment"),
            ("/organizations/", 16, "empty segment"),
            ("/organizations/org_{id}", 20, "whole segment"),
            ("/organizations/{id", 16, "whole segment"),
            ("/organizations/{Id}", 16, "not a parameter name"),
            ("/organizations?x=1", 15, "`?` is not allowed"),
            ("/a b", 3, "` ` is not allowed"),
        ];
        for (template, column, needle) in cases {
            let error = PathTemplate::parse(template).unwrap_err();
            assert_eq!(error.column, column, "{template}: {error:?}");
            assert!(error.message.contains(needle), "{template}: {error:?}");
        }
    }

    #[test]
    fn document_shapes_empty_the_placeholders() {
        assert_eq!(
            document_shape("/sso/jwks/{clientId}").unwrap(),
            "/sso/jwks/{}"
        );
        assert_eq!(
            document_shape("/users/{id}/factors").unwrap(),
            document_shape("/users/{user_id}/factors").unwrap()
        );
        let cases = [
            ("sso", 1, "starts with `/`"),
            ("/sso/", 6, "empty segment"),
            ("/sso/{a-b}", 6, "whole segment"),
            ("/sso/x{id}", 7, "`{` is not allowed"),
            ("/sso?x", 5, "`?` is not allowed"),
        ];
        for (template, column, needle) in cases {
            let error = document_shape(template).unwrap_err();
            assert_eq!(error.column, column, "{template}: {error:?}");
            assert!(error.message.contains(needle), "{template}: {error:?}");
        }
    }

    #[test]
    fn path_shapes_ignore_placeholder_names() {
        assert_eq!(path_shape("/users/{id}/factors"), "/users/{}/factors");
        assert_eq!(path_shape("/users/{userId}/factors/"), "/users/{}/factors");
        assert_ne!(path_shape("/users/{id}"), path_shape("/users"));
    }

    #[test]
    fn root_and_repeated_params_parse() {
        assert_eq!(PathTemplate::parse("/").unwrap_err().column, 2);
        let template = PathTemplate::parse("/a/{x}/b/{x}").unwrap();
        assert_eq!(template.params().collect::<Vec<_>>(), ["x", "x"]);
    }
}
