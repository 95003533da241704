//! Reading each kind of catalog entry (`api`, actions, models, enums) from its YAML node.
//!
//! Checks that need only the entry itself happen here (keys, value kinds, names, limits that
//! contradict each other); checks across entries happen in `resolve`.

use marked_yaml::Node;
use marked_yaml::types::MarkedMappingNode;

use super::protocol::MORE_PAGINATION_KEYS;
use super::raw::{
    RawAction, RawAgents, RawApi, RawBrowser, RawConstraint, RawEnum, RawField, RawHttp, RawLimits,
    RawModel, RawPagination, RawParam, RawUnavailable,
};
use super::reader::{Reader, Spanned};
use super::type_expr::TypeExpr;
use crate::diagnostics::Location;
use crate::model::{Access, ConstraintKind, Limits, Location as ParamLocation, Method, Operation};
use crate::path_template::is_wire_name;

const METHODS: [(&str, Method); 5] = [
    ("GET", Method::Get),
    ("POST", Method::Post),
    ("PUT", Method::Put),
    ("PATCH", Method::Patch),
    ("DELETE", Method::Delete),
];

pub(crate) fn words<T: Copy, const N: usize>(
    all: [T; N],
    name: fn(T) -> &'static str,
) -> Vec<(&'static str, T)> {
    all.into_iter().map(|value| (name(value), value)).collect()
}

/// `PascalCase`: a model or enum name.
pub(crate) fn is_type_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}

impl Reader {
    pub(crate) fn read_api(&mut self, owner: Location, node: &Node) -> Option<RawApi> {
        let what = "the `api` block";
        let map = self.mapping(node, what)?;
        self.known_keys(
            map,
            &[
                "name",
                "base_url",
                "api_key_env",
                "base_url_env",
                "request_id_header",
                "action_prefix",
                "pagination",
                "events",
                "protocol",
                "webhooks",
            ],
            what,
        );
        let text = |reader: &mut Reader, key: &str| {
            let value = reader.required(map, &owner, key, what)?;
            reader.text(value, &format!("`{key}` of {what}"))
        };
        let name = text(self, "name");
        let base_url = text(self, "base_url");
        let api_key_env = text(self, "api_key_env");
        let base_url_env = text(self, "base_url_env");
        let request_id_header = text(self, "request_id_header");
        let action_prefix = text(self, "action_prefix");
        let pagination = self
            .required(map, &owner, "pagination", what)
            .and_then(|pagination| self.read_pagination(owner.clone(), pagination));
        let events = map
            .get_node("events")
            .and_then(|events| self.read_events(events));
        let protocol = self
            .required(map, &owner, "protocol", what)
            .and_then(|protocol| self.read_protocol(protocol));
        let webhooks = map
            .get_node("webhooks")
            .and_then(|webhooks| self.read_webhooks(webhooks));
        if let Some(url) = &base_url
            && !(url.value.starts_with("https://") || url.value.starts_with("http://"))
        {
            self.error(
                url.at.clone(),
                "`base_url` must start with `https://` or `http://`",
            );
        }
        Some(RawApi {
            name: name?.value,
            base_url: base_url?,
            api_key_env: api_key_env?.value,
            base_url_env: base_url_env?.value,
            request_id_header: request_id_header?.value,
            action_prefix: action_prefix?,
            pagination: pagination?,
            events,
            protocol: protocol?,
            webhooks,
        })
    }

    fn read_pagination(&mut self, owner: Location, node: &Node) -> Option<RawPagination> {
        let what = "`api.pagination`";
        let map = self.mapping(node, what)?;
        let keys = [
            "cursor_param",
            "limit_param",
            "items_field",
            "next_cursor",
            "params",
        ];
        self.known_keys(map, &[&keys[..], &MORE_PAGINATION_KEYS].concat(), what);
        let more = self.read_list_names(map);
        let text = |reader: &mut Reader, key: &str| {
            let value = reader.required(map, &owner, key, what)?;
            reader.text(value, &format!("`{key}` of {what}"))
        };
        let cursor_param = text(self, "cursor_param");
        let limit_param = text(self, "limit_param");
        let items_field = text(self, "items_field");
        let next_cursor = text(self, "next_cursor");
        let params = self
            .required(map, &owner, "params", what)
            .and_then(|params| self.read_params(params, what));
        let next_cursor = next_cursor.and_then(|path| self.dotted_path(path, "next_cursor"));
        if let Some(params) = &params {
            let order_param = more.order.as_ref().map(|(param, _)| param.clone());
            for (key, param) in [
                ("cursor_param", &cursor_param),
                ("limit_param", &limit_param),
                ("before_param", &more.before_param),
                ("order.param", &order_param),
            ] {
                if let Some(param) = param
                    && !params
                        .iter()
                        .any(|declared| declared.name.value == param.value)
                {
                    self.error(
                        param.at.clone(),
                        format!(
                            "`{key}` names `{}`, which `params` does not declare",
                            param.value
                        ),
                    );
                }
            }
        }
        Some(RawPagination {
            cursor_param: cursor_param?,
            limit_param: limit_param?,
            items_field: items_field?.value,
            next_cursor: next_cursor?,
            params: params?,
            more,
        })
    }

    pub(crate) fn read_action(&mut self, key: Spanned<String>, node: &Node) -> Option<RawAction> {
        let what = format!("action `{}`", key.value);
        let owner = key.at.clone();
        if !is_wire_name(&key.value) {
            self.error(
                key.at.clone(),
                format!(
                    "action name `{}` must be snake_case (`[a-z][a-z0-9_]*`)",
                    key.value
                ),
            );
        }
        let map = self.mapping(node, &what)?;
        self.known_keys(
            map,
            &[
                "summary",
                "description",
                "resource",
                "operation",
                "access",
                "destructive",
                "idempotent",
                "method",
                "path",
                "status",
                "paginated",
                "params",
                "constraints",
                "returns",
                "unavailable",
                "drift",
                "emits",
                "agents",
                "browser",
            ],
            &what,
        );
        let browser = map
            .get_key_value("browser")
            .and_then(|(key, browser)| self.read_browser(key, browser, &what));
        let summary = self
            .required(map, &owner, "summary", &what)
            .and_then(|summary| self.text(summary, &format!("`summary` of {what}")));
        if let Some(summary) = &summary
            && summary.value.contains('\n')
        {
            self.error(
                summary.at.clone(),
                format!("`summary` of {what} is one line; put more in `description`"),
            );
        }
        let description = self.optional_text(map, "description", &what);
        let resource = self
            .required(map, &owner, "resource", &what)
            .and_then(|resource| {
                let resource = self.text(resource, &format!("`resource` of {what}"))?;
                if !is_wire_name(&resource.value) {
                    self.error(
                        resource.at.clone(),
                        format!("`resource` of {what} must be snake_case"),
                    );
                }
                Some(resource)
            });
        let operation = self
            .required(map, &owner, "operation", &what)
            .and_then(|operation| {
                self.choice(
                    operation,
                    &format!("`operation` of {what}"),
                    &words(Operation::ALL, Operation::as_str),
                )
            });
        let access = self
            .required(map, &owner, "access", &what)
            .and_then(|access| {
                self.choice(
                    access,
                    &format!("`access` of {what}"),
                    &words(Access::ALL, Access::as_str),
                )
            });
        let emits = self.optional_text(map, "emits", &what);
        let destructive = self.optional_bool(map, "destructive", &what);
        let idempotent = self.optional_bool(map, "idempotent", &what);
        let paginated = self.optional_bool(map, "paginated", &what);
        let unavailable = map
            .get_node("unavailable")
            .and_then(|unavailable| self.read_unavailable(&owner, unavailable, &what));
        let http = self.read_http(map, &owner, &what, map.get_node("unavailable").is_some());
        let params = match map.get_node("params") {
            Some(params) => self.read_params(params, &what),
            None => Some(Vec::new()),
        };
        let constraints = match map.get_node("constraints") {
            Some(constraints) => self.read_constraints(constraints, &what),
            None => Some(Vec::new()),
        };
        let returns = map
            .get_node("returns")
            .and_then(|returns| self.type_expr(returns, &format!("`returns` of {what}")));
        let drift = self.read_declarations(&key, map.get_node("drift"), &what);
        let agents = map
            .get_key_value("agents")
            .and_then(|(agents_key, agents)| {
                let at = self.scalar_at(agents_key);
                if map.get_node("unavailable").is_some() {
                    self.error(
                        at.clone(),
                        format!("{what} is `unavailable` to everyone, so it has no `agents`"),
                    );
                }
                self.read_agents(at, agents, &what)
            });
        // A broken `unavailable` block or endpoint leaves nothing sound to check further.
        let declared_unavailable = map.get_node("unavailable").is_some();
        if declared_unavailable != unavailable.is_some()
            || (!declared_unavailable && http.is_none())
        {
            return None;
        }
        Some(RawAction {
            at: owner,
            name: key,
            summary: summary?.value,
            description: description.map(|text| text.value),
            resource: resource?.value,
            operation: operation?.value,
            access: access?,
            destructive,
            idempotent,
            http,
            unavailable,
            paginated,
            params: params?,
            constraints: constraints?,
            returns,
            drift,
            emits,
            agents,
            browser,
        })
    }

    /// `agents: { available: false, reason: "..." }`: whether AI agents are offered the action.
    fn read_agents(&mut self, at: Location, node: &Node, what: &str) -> Option<RawAgents> {
        let what = format!("`agents` of {what}");
        let map = self.mapping(node, &what)?;
        self.known_keys(map, &["available", "reason"], &what);
        let available = self
            .required(map, &at, "available", &what)
            .and_then(|available| self.boolean(available, &format!("`available` of {what}")))?;
        let reason = self.optional_text(map, "reason", &what);
        match (&available.value, &reason) {
            // A `reason` that is there but unreadable has been reported.
            (false, None) if map.get_node("reason").is_some() => return None,
            (false, None) => {
                self.error(
                    available.at.clone(),
                    format!("{what}: an action withheld from agents says why in `reason`, which agents asking for it are told"),
                );
                return None;
            }
            (true, Some(reason)) => {
                self.error(
                    reason.at.clone(),
                    format!("{what}: `reason` is for `available: false`; an available action needs no `agents` at all"),
                );
                return None;
            }
            (false, Some(reason)) if reason.value.trim_end().contains('\n') => {
                self.error(
                    reason.at.clone(),
                    format!("`reason` of {what} is one paragraph: fold it with `>-`"),
                );
                return None;
            }
            _ => {}
        }
        Some(RawAgents {
            available: available.value,
            reason: reason.map(|reason| reason.value),
        })
    }

    /// `browser: true`, or a mapping saying where the browser comes back and what every URL
    /// carries.
    fn read_browser(
        &mut self,
        key: &marked_yaml::types::MarkedScalarNode,
        node: &Node,
        what: &str,
    ) -> Option<RawBrowser> {
        let what = format!("`browser` of {what}");
        let at = self.scalar_at(key);
        let empty = RawBrowser {
            at: at.clone(),
            redirect_param: None,
            authorization: None,
            fixed: Vec::new(),
        };
        if node.as_scalar().is_some() {
            let flag = self.boolean(node, &what)?;
            if !flag.value {
                self.error(
                    flag.at,
                    format!("{what}: `false` is the default; remove the key"),
                );
                return None;
            }
            return Some(empty);
        }
        let map = self.mapping(node, &what)?;
        self.known_keys(map, &["redirect_param", "authorization", "fixed"], &what);
        let redirect_param = self.optional_text(map, "redirect_param", &what);
        let authorization = self.optional_bool(map, "authorization", &what);
        let mut fixed = Vec::new();
        if let Some(pairs) = map.get_node("fixed") {
            let fixed_what = format!("`fixed` of {what}");
            for (name, value) in self.entries(pairs, &fixed_what).unwrap_or_default() {
                let name = Spanned {
                    value: name.as_str().to_owned(),
                    at: self.scalar_at(name),
                };
                if !is_wire_name(&name.value) {
                    self.error(
                        name.at.clone(),
                        format!("{fixed_what}: `{}` is not a parameter name", name.value),
                    );
                }
                if let Some(value) = self.text(value, &format!("`{}` of {fixed_what}", name.value))
                {
                    fixed.push((name, value.value));
                }
            }
        }
        Some(RawBrowser {
            redirect_param,
            authorization,
            fixed,
            ..empty
        })
    }

    /// `method`, `path` and `status`: required for an available action, forbidden otherwise.
    fn read_http(
        &mut self,
        map: &MarkedMappingNode,
        owner: &Location,
        what: &str,
        unavailable: bool,
    ) -> Option<RawHttp> {
        if unavailable {
            for key in ["method", "path", "status", "returns", "paginated"] {
                if let Some((key_node, _)) = map.get_key_value(key) {
                    let at = self.scalar_at(key_node);
                    self.error(at, format!("{what} is `unavailable`, so it has no `{key}`"));
                }
            }
            return None;
        }
        let method = self
            .required(map, owner, "method", what)
            .and_then(|method| self.choice(method, &format!("`method` of {what}"), &METHODS));
        let path = self
            .required(map, owner, "path", what)
            .and_then(|path| self.text(path, &format!("`path` of {what}")));
        let status = map
            .get_node("status")
            .and_then(|status| self.count(status, &format!("`status` of {what}")));
        Some(RawHttp {
            method: method?,
            path: path?,
            status,
        })
    }

    fn read_unavailable(
        &mut self,
        owner: &Location,
        node: &Node,
        what: &str,
    ) -> Option<RawUnavailable> {
        let what = format!("`unavailable` of {what}");
        let map = self.mapping(node, &what)?;
        self.known_keys(map, &["reason", "alternatives"], &what);
        let reason = self
            .required(map, owner, "reason", &what)
            .and_then(|reason| self.text(reason, &format!("`reason` of {what}")));
        let alternatives = match map.get_node("alternatives") {
            Some(alternatives) => self.strings(alternatives, &format!("`alternatives` of {what}")),
            None => Some(Vec::new()),
        };
        Some(RawUnavailable {
            reason: reason?.value,
            alternatives: alternatives?,
        })
    }

    /// A `params` mapping; `None` when any parameter is broken (each one reported).
    pub(crate) fn read_params(&mut self, node: &Node, owner: &str) -> Option<Vec<RawParam>> {
        let what = format!("`params` of {owner}");
        let entries = self.entries(node, &what)?;
        let mut params = Vec::new();
        let mut broken = false;
        for (key, value) in entries {
            let name = Spanned {
                value: key.as_str().to_owned(),
                at: self.scalar_at(key),
            };
            match self.read_param(name, value, owner) {
                Some(param) => params.push(param),
                None => broken = true,
            }
        }
        (!broken).then_some(params)
    }

    fn read_param(&mut self, name: Spanned<String>, node: &Node, owner: &str) -> Option<RawParam> {
        let what = format!("parameter `{}` of {owner}", name.value);
        let owner = name.at.clone();
        if !is_wire_name(&name.value) {
            self.error(
                name.at.clone(),
                format!(
                    "parameter name `{}` must match `[a-z][a-z0-9_]*`",
                    name.value
                ),
            );
        }
        let map = self.mapping(node, &what)?;
        let mut allowed = vec!["in", "type", "required", "doc", "default", "filter"];
        allowed.extend(Limits::KEYS);
        self.known_keys(map, &allowed, &what);
        let location = self
            .required(map, &owner, "in", &what)
            .and_then(|location| {
                self.choice(
                    location,
                    &format!("`in` of {what}"),
                    &words(ParamLocation::ALL, ParamLocation::as_str),
                )
            });
        let ty = self
            .required(map, &owner, "type", &what)
            .and_then(|ty| self.type_expr(ty, &format!("`type` of {what}")));
        let required = self.optional_bool(map, "required", &what);
        let doc = self.optional_text(map, "doc", &what).map(|doc| doc.value);
        let default = map
            .get_node("default")
            .and_then(|default| self.string(default, &format!("`default` of {what}")))
            .map(|default| default.value);
        let limits = self.read_limits(map, &what);
        let filter = map
            .get_node("filter")
            .and_then(|filter| self.read_filter(filter, &what));
        Some(RawParam {
            name,
            location: location?,
            ty: ty?,
            required,
            doc,
            default,
            limits,
            filter,
        })
    }

    fn read_constraints(&mut self, node: &Node, owner: &str) -> Option<Vec<RawConstraint>> {
        let what = format!("`constraints` of {owner}");
        let items = self.sequence(node, &what)?;
        let kinds = words(ConstraintKind::ALL, ConstraintKind::as_str);
        let mut constraints = Vec::new();
        for item in items {
            let Some(map) = self.mapping(item, &format!("a rule of {what}")) else {
                continue;
            };
            if map.len() != 1 {
                let at = self.node_at(item);
                self.error(
                    at,
                    format!("a rule of {what} has exactly one key: exactly_one, at_most_one, at_least_one or together"),
                );
                continue;
            }
            let Some((key, value)) = map.iter().next() else {
                continue;
            };
            let key_node = Node::Scalar(key.clone());
            let Some(kind) = self.choice(&key_node, &format!("a rule of {what}"), &kinds) else {
                continue;
            };
            let Some(params) =
                self.strings(value, &format!("`{}` of {owner}", kind.value.as_str()))
            else {
                continue;
            };
            if params.len() < 2 {
                self.error(
                    kind.at.clone(),
                    format!(
                        "`{}` of {owner} names at least two parameters",
                        kind.value.as_str()
                    ),
                );
                continue;
            }
            constraints.push(RawConstraint { kind, params });
        }
        Some(constraints)
    }

    pub(crate) fn read_model(&mut self, name: Spanned<String>, node: &Node) -> Option<RawModel> {
        let what = format!("model `{}`", name.value);
        let owner = name.at.clone();
        let map = self.mapping(node, &what)?;
        self.known_keys(
            map,
            &["doc", "object", "id_prefix", "fields", "drift"],
            &what,
        );
        let drift = self.read_declarations(&name, map.get_node("drift"), &what);
        let doc = self.optional_text(map, "doc", &what).map(|doc| doc.value);
        let object = self
            .optional_text(map, "object", &what)
            .map(|object| object.value);
        let id_prefix = self
            .optional_text(map, "id_prefix", &what)
            .map(|prefix| prefix.value);
        let fields_node = self.required(map, &owner, "fields", &what)?;
        let entries = self.entries(fields_node, &format!("`fields` of {what}"))?;
        if entries.is_empty() {
            let at = self.node_at(fields_node);
            self.error(at, format!("{what} has no fields"));
        }
        let mut fields = Vec::new();
        let mut broken = false;
        for (key, value) in entries {
            let field_name = Spanned {
                value: key.as_str().to_owned(),
                at: self.scalar_at(key),
            };
            match self.read_field(field_name, value, &what) {
                Some(field) => fields.push(field),
                None => broken = true,
            }
        }
        (!broken).then_some(RawModel {
            name,
            doc,
            object,
            id_prefix,
            fields,
            drift,
        })
    }

    fn read_field(&mut self, name: Spanned<String>, node: &Node, owner: &str) -> Option<RawField> {
        let what = format!("field `{}` of {owner}", name.value);
        let owner = name.at.clone();
        if !is_wire_name(&name.value) {
            self.error(
                name.at.clone(),
                format!("field name `{}` must match `[a-z][a-z0-9_]*`", name.value),
            );
        }
        if let Node::Scalar(_) = node {
            let ty = self.type_expr(node, &format!("the type of {what}"))?;
            return Some(RawField {
                name,
                ty,
                required: true,
                nullable: false,
                doc: None,
                limits: RawLimits::default(),
                references: None,
                secret: None,
            });
        }
        let map = self.mapping(node, &what)?;
        let mut allowed = vec![
            "type",
            "doc",
            "required",
            "nullable",
            "references",
            "secret",
        ];
        allowed.extend(Limits::KEYS);
        self.known_keys(map, &allowed, &what);
        let ty = self
            .required(map, &owner, "type", &what)
            .and_then(|ty| self.type_expr(ty, &format!("`type` of {what}")));
        let required = self
            .optional_bool(map, "required", &what)
            .is_none_or(|required| required.value);
        let nullable = self
            .optional_bool(map, "nullable", &what)
            .is_some_and(|nullable| nullable.value);
        let doc = self.optional_text(map, "doc", &what).map(|doc| doc.value);
        let secret = self
            .optional_bool(map, "secret", &what)
            .filter(|secret| secret.value)
            .map(|secret| secret.at);
        let limits = self.read_limits(map, &what);
        let references = map
            .get_node("references")
            .and_then(|references| self.read_reference(references, &what));
        Some(RawField {
            name,
            ty: ty?,
            required,
            nullable,
            doc,
            limits,
            references,
            secret,
        })
    }

    pub(crate) fn read_enum(&mut self, name: Spanned<String>, node: &Node) -> Option<RawEnum> {
        let what = format!("enum `{}`", name.value);
        let owner = name.at.clone();
        let map = self.mapping(node, &what)?;
        self.known_keys(map, &["doc", "values", "drift"], &what);
        let drift = self.read_declarations(&name, map.get_node("drift"), &what);
        let doc = self.optional_text(map, "doc", &what).map(|doc| doc.value);
        let values_node = self.required(map, &owner, "values", &what)?;
        let values = self.strings(values_node, &format!("`values` of {what}"))?;
        if values.is_empty() {
            let at = self.node_at(values_node);
            self.error(at, format!("{what} has no values"));
        }
        let mut seen: Vec<&str> = Vec::new();
        for value in &values {
            if seen.contains(&value.value.as_str()) {
                self.error(
                    value.at.clone(),
                    format!("{what} lists `{}` twice", value.value),
                );
            }
            seen.push(&value.value);
        }
        Some(RawEnum {
            name,
            doc,
            values: values.into_iter().map(|value| value.value).collect(),
            drift,
        })
    }

    fn type_expr(&mut self, node: &Node, what: &str) -> Option<Spanned<TypeExpr>> {
        let text = self.text(node, what)?;
        match TypeExpr::parse(&text.value) {
            Ok(value) => Some(Spanned { value, at: text.at }),
            Err(message) => {
                self.error(text.at, format!("{what}: `{}`: {message}", text.value));
                None
            }
        }
    }

    fn read_limits(&mut self, map: &MarkedMappingNode, what: &str) -> RawLimits {
        let mut raw = RawLimits::default();
        for key in Limits::KEYS {
            let Some(node) = map.get_node(key) else {
                continue;
            };
            let label = format!("`{key}` of {what}");
            let at = self.node_at(node);
            let limits = &mut raw.limits;
            let set = match key {
                "min" | "max" => self.number(node, &label).map(|number| {
                    *if key == "min" {
                        &mut limits.min
                    } else {
                        &mut limits.max
                    } = Some(number.value);
                }),
                _ => self.count(node, &label).map(|count| {
                    let slot = match key {
                        "min_length" => &mut limits.min_length,
                        "max_length" => &mut limits.max_length,
                        "min_items" => &mut limits.min_items,
                        "max_items" => &mut limits.max_items,
                        "key_max_length" => &mut limits.key_max_length,
                        _ => &mut limits.value_max_length,
                    };
                    *slot = Some(count.value);
                }),
            };
            if set.is_some() {
                raw.keys.push((key, at));
            }
        }
        let limits = raw.limits;
        let pairs = [
            ("min", limits.min, "max", limits.max),
            (
                "min_length",
                limits.min_length.map(f64::from),
                "max_length",
                limits.max_length.map(f64::from),
            ),
            (
                "min_items",
                limits.min_items.map(f64::from),
                "max_items",
                limits.max_items.map(f64::from),
            ),
        ];
        for (low_key, low, high_key, high) in pairs {
            if let (Some(low), Some(high)) = (low, high)
                && low > high
                && let Some((_, at)) = raw.keys.iter().find(|(key, _)| *key == low_key)
            {
                self.error(
                    at.clone(),
                    format!("`{low_key}` ({low}) of {what} is greater than `{high_key}` ({high})"),
                );
            }
        }
        raw
    }
}
