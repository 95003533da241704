//! `api.protocol` and the list names of `api.pagination` beyond the cursor and the limit: the
//! wire conventions of the API, read with the position of every value.
//!
//! Nothing here refers to another entry of the catalog, so each is checked as it is read: every
//! key known, every name non-empty, every message template using only the placeholders its
//! answer fills.

use marked_yaml::Node;
use marked_yaml::types::MarkedMappingNode;

use super::reader::{Reader, Spanned};
use crate::diagnostics::Location;
use crate::model::{
    Auth, ErrorAnswer, ErrorAnswers, ErrorShape, FieldErrors, Idempotency, Method, Protocol,
    QueryArrays,
};

/// The keys `api.pagination` takes beyond those `items.rs` reads.
pub(crate) const MORE_PAGINATION_KEYS: [&str; 4] =
    ["previous_cursor", "marker", "before_param", "order"];

/// The optional list names of `api.pagination`, as written.
#[derive(Default)]
pub(crate) struct RawListNames {
    pub previous_cursor: Option<Vec<String>>,
    pub marker: Vec<(String, String)>,
    pub before_param: Option<Spanned<String>>,
    pub order: Option<(Spanned<String>, String)>,
}

/// The placeholders each generic answer fills.
const ANSWERS: [(&str, &[&str]); 9] = [
    ("not_found", &["what", "id"]),
    ("no_route", &[]),
    ("bad_request", &["problem"]),
    ("validation", &["problems"]),
    ("unauthorized", &[]),
    ("rate_limited", &[]),
    ("idempotency_conflict", &[]),
    ("server_error", &[]),
    ("unavailable", &[]),
];

impl Reader {
    /// `previous_cursor`, `marker`, `before_param` and `order` of `api.pagination`.
    pub(crate) fn read_list_names(&mut self, map: &MarkedMappingNode) -> RawListNames {
        let what = "`api.pagination`";
        let previous_cursor = self
            .optional_text(map, "previous_cursor", what)
            .and_then(|path| self.dotted_path(path, "previous_cursor"));
        let marker = match map.get_node("marker") {
            Some(node) => self.string_pairs(node, "`marker` of `api.pagination`"),
            None => Vec::new(),
        };
        let before_param = self.optional_text(map, "before_param", what);
        let order = map.get_node("order").and_then(|node| {
            let what = "`api.pagination.order`";
            let at = self.node_at(node);
            let order = self.mapping(node, what)?;
            self.known_keys(order, &["param", "ascending"], what);
            let param = self.required_text(order, &at, "param", what);
            let ascending = self.required_text(order, &at, "ascending", what);
            Some((param?, ascending?.value))
        });
        RawListNames {
            previous_cursor,
            marker,
            before_param,
            order,
        }
    }

    /// A dotted path such as `list_metadata.after`, split.
    pub(crate) fn dotted_path(&mut self, path: Spanned<String>, key: &str) -> Option<Vec<String>> {
        let parts: Vec<String> = path.value.split('.').map(str::to_owned).collect();
        if parts.iter().any(|part| part.is_empty()) {
            self.error(
                path.at,
                format!("`{key}` is a dotted path such as `list_metadata.after`"),
            );
            return None;
        }
        Some(parts)
    }

    /// `api.protocol`.
    pub(crate) fn read_protocol(&mut self, node: &Node) -> Option<Protocol> {
        let what = "`api.protocol`";
        let at = self.node_at(node);
        let map = self.mapping(node, what)?;
        self.known_keys(
            map,
            &[
                "auth",
                "request_id_prefix",
                "idempotency",
                "query_arrays",
                "errors",
            ],
            what,
        );
        let auth = self
            .required(map, &at, "auth", what)
            .and_then(|node| self.read_auth(node));
        let request_id_prefix = self.required_text(map, &at, "request_id_prefix", what);
        let idempotency = map
            .get_node("idempotency")
            .map(|node| self.read_idempotency(node));
        let arrays = QueryArrays::ALL.map(|arrays| (arrays.as_str(), arrays));
        let query_arrays = self
            .required(map, &at, "query_arrays", what)
            .and_then(|node| self.choice(node, "`query_arrays` of `api.protocol`", &arrays));
        let errors = self
            .required(map, &at, "errors", what)
            .and_then(|node| self.read_errors(node));
        Some(Protocol {
            auth: auth?,
            request_id_prefix: request_id_prefix?.value,
            idempotency: match idempotency {
                Some(idempotency) => Some(idempotency?),
                None => None,
            },
            query_arrays: query_arrays?.value,
            errors: errors?,
        })
    }

    fn read_auth(&mut self, node: &Node) -> Option<Auth> {
        let what = "`api.protocol.auth`";
        let at = self.node_at(node);
        let map = self.mapping(node, what)?;
        self.known_keys(map, &["header", "scheme", "key_prefix"], what);
        let header = self.required_text(map, &at, "header", what);
        // An empty scheme is allowed: the header then holds the key alone.
        let scheme = self
            .required(map, &at, "scheme", what)
            .and_then(|node| self.string(node, &format!("`scheme` of {what}")));
        let key_prefix = self.required_text(map, &at, "key_prefix", what);
        Some(Auth {
            header: header?.value,
            scheme: scheme?.value,
            key_prefix: key_prefix?.value,
        })
    }

    fn read_idempotency(&mut self, node: &Node) -> Option<Idempotency> {
        let what = "`api.protocol.idempotency`";
        let at = self.node_at(node);
        let map = self.mapping(node, what)?;
        self.known_keys(map, &["header", "methods"], what);
        let header = self.required_text(map, &at, "header", what);
        let methods = self.required(map, &at, "methods", what).and_then(|node| {
            let what = "`methods` of `api.protocol.idempotency`";
            let items = self.sequence(node, what)?;
            let names = Method::ALL.map(|method| (method.as_str(), method));
            let methods: Vec<Option<Spanned<Method>>> = items
                .iter()
                .map(|item| self.choice(item, &format!("an item of {what}"), &names))
                .collect();
            methods
                .into_iter()
                .map(|method| method.map(|method| method.value))
                .collect::<Option<Vec<Method>>>()
        });
        Some(Idempotency {
            header: header?.value,
            methods: methods?,
        })
    }

    fn read_errors(&mut self, node: &Node) -> Option<ErrorShape> {
        let what = "`api.protocol.errors`";
        let at = self.node_at(node);
        let map = self.mapping(node, what)?;
        self.known_keys(map, &["message", "code", "field_errors", "answers"], what);
        let names = |reader: &mut Reader, key: &str| {
            let node = reader.required(map, &at, key, what)?;
            let names = reader.strings(node, &format!("`{key}` of {what}"))?;
            if names.is_empty() {
                reader.error(
                    reader.node_at(node),
                    format!("`{key}` of {what} names at least one field"),
                );
                return None;
            }
            Some(names.into_iter().map(|name| name.value).collect::<Vec<_>>())
        };
        let message = names(self, "message");
        let code = names(self, "code");
        let field_errors = map.get_node("field_errors").map(|node| {
            let what = "`api.protocol.errors.field_errors`";
            let at = self.node_at(node);
            let shape = self.mapping(node, what)?;
            self.known_keys(shape, &["list", "field", "code", "message"], what);
            let mut key = |key: &str| self.required_text(shape, &at, key, what);
            let (list, field, code, message) =
                (key("list"), key("field"), key("code"), key("message"));
            Some(FieldErrors {
                list: list?.value,
                field: field?.value,
                code: code?.value,
                message: message?.value,
            })
        });
        let answers = self
            .required(map, &at, "answers", what)
            .and_then(|node| self.read_answers(node));
        Some(ErrorShape {
            message: message?,
            code: code?,
            field_errors: match field_errors {
                Some(shape) => Some(shape?),
                None => None,
            },
            answers: answers?,
        })
    }

    fn read_answers(&mut self, node: &Node) -> Option<ErrorAnswers> {
        let what = "`api.protocol.errors.answers`";
        let at = self.node_at(node);
        let map = self.mapping(node, what)?;
        let keys: Vec<&str> = ANSWERS.iter().map(|(key, _)| *key).collect();
        self.known_keys(map, &keys, what);
        let mut found = std::collections::HashMap::new();
        let mut id_field = None;
        let mut field_codes = (None, None);
        for (key, placeholders) in ANSWERS {
            let Some(node) = self.required(map, &at, key, what) else {
                continue;
            };
            let what = format!("`api.protocol.errors.answers.{key}`");
            let answer_at = self.node_at(node);
            let Some(answer) = self.mapping(node, &what) else {
                continue;
            };
            let extra: &[&str] = match key {
                "not_found" => &["id_field"],
                "validation" => &["missing", "invalid"],
                _ => &[],
            };
            let mut allowed = vec!["code", "message"];
            allowed.extend_from_slice(extra);
            self.known_keys(answer, &allowed, &what);
            let code = self.required_text(answer, &answer_at, "code", &what);
            let message = self.required_text(answer, &answer_at, "message", &what);
            if let Some(message) = &message {
                self.check_placeholders(message, placeholders);
            }
            match key {
                "not_found" => id_field = self.optional_text(answer, "id_field", &what),
                "validation" => {
                    field_codes = (
                        self.required_text(answer, &answer_at, "missing", &what),
                        self.required_text(answer, &answer_at, "invalid", &what),
                    );
                }
                _ => {}
            }
            if let (Some(code), Some(message)) = (code, message) {
                let answer = ErrorAnswer {
                    code: code.value,
                    message: message.value,
                };
                found.insert(key, answer);
            }
        }
        let mut take = |key: &str| found.remove(key);
        Some(ErrorAnswers {
            not_found: take("not_found")?,
            not_found_id_field: id_field.map(|field| field.value),
            no_route: take("no_route")?,
            bad_request: take("bad_request")?,
            validation: take("validation")?,
            missing_code: field_codes.0?.value,
            invalid_code: field_codes.1?.value,
            unauthorized: take("unauthorized")?,
            rate_limited: take("rate_limited")?,
            idempotency_conflict: take("idempotency_conflict")?,
            server_error: take("server_error")?,
            unavailable: take("unavailable")?,
        })
    }

    /// Reports each `{name}` of a message template that its answer does not fill.
    fn check_placeholders(&mut self, message: &Spanned<String>, allowed: &[&str]) {
        let mut rest = message.value.as_str();
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                break;
            };
            let name = &after[..close];
            if !allowed.contains(&name) {
                let fills = if allowed.is_empty() {
                    "fills none".to_owned()
                } else {
                    let names: Vec<String> =
                        allowed.iter().map(|name| format!("`{{{name}}}`")).collect();
                    format!("fills only {}", names.join(", "))
                };
                self.error(
                    message.at.clone(),
                    format!("the message uses `{{{name}}}`, but this answer {fills}"),
                );
            }
            rest = &after[close + 1..];
        }
    }

    /// A mapping of names to fixed string values (`{ object: list }`).
    fn string_pairs(&mut self, node: &Node, what: &str) -> Vec<(String, String)> {
        let Some(map) = self.mapping(node, what) else {
            return Vec::new();
        };
        map.iter()
            .filter_map(|(key, value)| {
                let value = self.text(value, &format!("`{}` of {what}", key.as_str()))?;
                Some((key.as_str().to_owned(), value.value))
            })
            .collect()
    }

    /// A non-empty string under a key that must be present.
    fn required_text(
        &mut self,
        map: &MarkedMappingNode,
        owner: &Location,
        key: &str,
        what: &str,
    ) -> Option<Spanned<String>> {
        let node = self.required(map, owner, key, what)?;
        self.text(node, &format!("`{key}` of {what}"))
    }
}
