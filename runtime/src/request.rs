//! Turning checked arguments into a URL and a body.
//!
//! Every argument goes where its descriptor says: a path parameter fills its `{name}` segment,
//! percent-encoded as exactly one segment; a query parameter becomes a `key=value` pair
//! (arrays comma-joined, repeated or bracketed, as the catalog's protocol says); a body
//! parameter becomes a field of the JSON body. `POST`, `PUT` and `PATCH` always send a JSON object (`{}` when the action has no body
//! arguments), since JSON endpoints accept an empty object but may refuse an empty body sent as
//! JSON; `GET` and `DELETE` send a body only when the catalog gives them body parameters.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value};

use crate::descriptor::{ActionDescriptor, Location, Method, QueryArrays};
use crate::engine::Route;

/// Everything outside RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded:
/// `/`, `?`, `#`, `%` and the rest can never change which endpoint a value reaches.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A request ready to send (or to show).
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub method: Method,
    pub url: String,
    pub body: Option<Value>,
}

/// Appends `value` encoded as one path segment or one query component.
pub(crate) fn push_encoded(out: &mut String, value: &str) {
    out.extend(utf8_percent_encode(value, SEGMENT));
}

/// The text of a scalar argument: strings as they are, numbers and booleans in JSON spelling,
/// anything else as compact JSON.
fn scalar_text(value: &Value) -> std::borrow::Cow<'_, str> {
    match value {
        Value::String(text) => text.as_str().into(),
        other => other.to_string().into(),
    }
}

/// Appends the pairs of one query argument, each after `?` or `&`.
fn push_query_pairs(out: &mut String, arrays: QueryArrays, name: &str, value: &Value) {
    let pair = |out: &mut String, brackets: bool| {
        out.push(if out.is_empty() { '?' } else { '&' });
        push_encoded(out, name);
        if brackets {
            out.push_str("%5B%5D");
        }
        out.push('=');
    };
    let Value::Array(items) = value else {
        pair(out, false);
        push_encoded(out, &scalar_text(value));
        return;
    };
    match arrays {
        QueryArrays::Comma => {
            pair(out, false);
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    // The separator stays literal; a comma inside an item is encoded.
                    out.push(',');
                }
                push_encoded(out, &scalar_text(item));
            }
        }
        QueryArrays::Repeated | QueryArrays::Brackets => {
            for item in items {
                pair(out, arrays == QueryArrays::Brackets);
                push_encoded(out, &scalar_text(item));
            }
        }
    }
}

/// Builds the URL and body of `action` from checked arguments. `null` counts as not given.
/// Arguments the action does not declare (only the pagination cursor, added after checking)
/// go to the query.
pub(crate) fn prepare(
    base_url: &str,
    action: &'static ActionDescriptor,
    route: Route,
    arrays: QueryArrays,
    mut args: Map<String, Value>,
) -> Prepared {
    let Route {
        method,
        path: template,
        fixed,
    } = route;
    // The path first, from the arguments as they are; the loop below takes the rest.
    let mut url = String::with_capacity(base_url.len() + template.len() + 64);
    url.push_str(base_url);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        url.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            url.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let name = &after[..close];
        let declared = action
            .params
            .iter()
            .any(|param| param.name == name && param.location == Location::Path);
        match args.get(name) {
            Some(value) if declared && !value.is_null() => {
                push_encoded(&mut url, &scalar_text(value))
            }
            _ => {}
        }
        rest = &after[close + 1..];
    }
    url.push_str(rest);

    let mut query = String::new();
    let mut body: Option<Map<String, Value>> = None;
    for param in action.params {
        let Some(value) = args.remove(param.name) else {
            continue;
        };
        if value.is_null() {
            continue;
        }
        match param.location {
            Location::Path => {}
            Location::Query => push_query_pairs(&mut query, arrays, param.name, &value),
            Location::Body => {
                body.get_or_insert_with(Map::new)
                    .insert(param.name.to_owned(), value);
            }
        }
    }
    for (name, value) in &args {
        if !value.is_null() {
            push_query_pairs(&mut query, arrays, name, value);
        }
    }
    for (name, value) in fixed {
        push_query_pairs(
            &mut query,
            arrays,
            name,
            &Value::String((*value).to_owned()),
        );
    }
    url.push_str(&query);

    let body = match method {
        Method::Post | Method::Put | Method::Patch => Some(Value::Object(body.unwrap_or_default())),
        Method::Get | Method::Delete => body.map(Value::Object),
    };
    Prepared { method, url, body }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(value: &str) -> String {
        let mut out = String::new();
        push_encoded(&mut out, value);
        out
    }

    #[test]
    fn segments_cannot_escape() {
        assert_eq!(encoded("org_01H"), "org_01H");
        assert_eq!(encoded("../x"), "..%2Fx");
        assert_eq!(encoded("a/b"), "a%2Fb");
        assert_eq!(encoded("a?b=c"), "a%3Fb%3Dc");
        assert_eq!(encoded("a#b"), "a%23b");
        assert_eq!(encoded("%2F"), "%252F");
        assert_eq!(encoded("ünï"), "%C3%BCn%C3%AF");
        assert_eq!(encoded("a b+c"), "a%20b%2Bc");
        assert_eq!(encoded("~-._"), "~-._");
    }

    fn query(arrays: QueryArrays, value: serde_json::Value) -> String {
        let mut out = String::new();
        push_query_pairs(&mut out, arrays, "d", &value);
        out
    }

    #[test]
    fn query_arrays_go_as_the_protocol_says() {
        let domains = serde_json::json!(["a.com", "b.com", "c,d"]);
        assert_eq!(
            query(QueryArrays::Comma, domains.clone()),
            "?d=a.com,b.com,c%2Cd"
        );
        assert_eq!(
            query(QueryArrays::Repeated, domains.clone()),
            "?d=a.com&d=b.com&d=c%2Cd"
        );
        assert_eq!(
            query(QueryArrays::Brackets, domains),
            "?d%5B%5D=a.com&d%5B%5D=b.com&d%5B%5D=c%2Cd"
        );
        for arrays in [
            QueryArrays::Comma,
            QueryArrays::Repeated,
            QueryArrays::Brackets,
        ] {
            assert_eq!(query(arrays, serde_json::json!(25)), "?d=25");
            assert_eq!(query(arrays, serde_json::json!(true)), "?d=true");
        }
    }
}
