//! Checks across entries, and the step from raw entries to the checked [`Catalog`].
//!
//! Type names are resolved to models or enums, path templates are matched with path
//! parameters, access flags are checked against methods, constraints and alternatives against
//! the names they mention. Every problem is reported; a catalog comes out only when there is
//! none.

use std::collections::{BTreeMap, BTreeSet};

use super::items::is_type_name;
use super::raw::{
    RawAction, RawApi, RawBrowser, RawCatalog, RawField, RawLimits, RawModel, RawParam, TypeKind,
};
use super::reader::{Reader, Spanned, closest};
use super::type_expr::TypeExpr;
use crate::diagnostics::Location;
use crate::model::{
    Access, Action, Agents, Api, Browser, Catalog, Constraint, ConstraintKind, Endpoint, Enum,
    Field, Location as ParamLocation, Method, Model, Order, Pagination, Param, Type,
};
use crate::path_template::PathTemplate;

struct Names {
    types: BTreeMap<String, TypeKind>,
    actions: BTreeMap<String, bool>,
}

pub(crate) fn resolve(reader: &mut Reader, raw: RawCatalog) -> Option<Catalog> {
    let api = single_api(reader, &raw.api_blocks, &raw.apis);
    let names = collect_names(reader, &raw);

    let enums: Vec<Enum> = raw
        .enums
        .iter()
        .map(|raw_enum| Enum {
            name: raw_enum.name.value.clone(),
            doc: raw_enum.doc.clone(),
            values: raw_enum.values.clone(),
        })
        .collect();
    let mut models: Vec<Model> = raw
        .models
        .iter()
        .filter_map(|model| resolve_model(reader, &names, model))
        .collect();
    check_model_cycles(reader, &raw.models);

    let pagination = api.and_then(|api| resolve_pagination(reader, &names, api));
    let mut actions: Vec<Action> = raw
        .actions
        .iter()
        .filter_map(|action| resolve_action(reader, &names, api, pagination.as_ref(), action))
        .collect();
    let events = super::emulation::resolve(
        reader,
        &raw,
        api.and_then(|api| api.events.as_ref()),
        &mut models,
        &mut actions,
    );

    if !reader.diagnostics.is_empty() {
        return None;
    }
    let api = api?;
    let mut catalog = Catalog {
        api: Api {
            name: api.name.clone(),
            base_url: api.base_url.value.clone(),
            api_key_env: api.api_key_env.clone(),
            base_url_env: api.base_url_env.clone(),
            request_id_header: api.request_id_header.clone(),
            action_prefix: api.action_prefix.value.clone(),
            pagination: pagination?,
            events,
            protocol: api.protocol.clone(),
            webhooks: api.webhooks.clone(),
        },
        actions,
        models,
        enums,
    };
    catalog.actions.sort_by(|a, b| a.name.cmp(&b.name));
    catalog.models.sort_by(|a, b| a.name.cmp(&b.name));
    catalog.enums.sort_by(|a, b| a.name.cmp(&b.name));
    Some(catalog)
}

fn single_api<'r>(
    reader: &mut Reader,
    blocks: &[Location],
    apis: &'r [RawApi],
) -> Option<&'r RawApi> {
    match blocks {
        [] => {
            let at = Location {
                file: reader.files().first().cloned().unwrap_or_default(),
                line: 1,
                column: 1,
            };
            reader.error(at, "no file has an `api` block; exactly one must");
            None
        }
        [first, rest @ ..] => {
            for block in rest {
                reader.error(
                    block.clone(),
                    format!("a second `api` block; the first is at {first}"),
                );
            }
            apis.first()
        }
    }
}

fn collect_names(reader: &mut Reader, raw: &RawCatalog) -> Names {
    let mut types: BTreeMap<String, (TypeKind, Location)> = BTreeMap::new();
    for (name, kind) in &raw.type_names {
        if !is_type_name(&name.value) {
            reader.error(
                name.at.clone(),
                format!("`{}` must be PascalCase (`[A-Z][A-Za-z0-9]*`)", name.value),
            );
        }
        if let Some((_, first)) = types.get(&name.value) {
            reader.error(
                name.at.clone(),
                format!("`{}` is defined twice; the first is at {first}", name.value),
            );
        } else {
            types.insert(name.value.clone(), (*kind, name.at.clone()));
        }
    }
    let mut actions: BTreeMap<String, (bool, Location)> = BTreeMap::new();
    for (name, available) in &raw.action_names {
        if let Some((_, first)) = actions.get(&name.value) {
            reader.error(
                name.at.clone(),
                format!(
                    "action `{}` is defined twice; the first is at {first}",
                    name.value
                ),
            );
        } else {
            actions.insert(name.value.clone(), (*available, name.at.clone()));
        }
    }
    Names {
        types: types
            .into_iter()
            .map(|(name, (kind, _))| (name, kind))
            .collect(),
        actions: actions
            .into_iter()
            .map(|(name, (available, _))| (name, available))
            .collect(),
    }
}

fn resolve_type(reader: &mut Reader, names: &Names, ty: &Spanned<TypeExpr>) -> Option<Type> {
    fn convert(expr: &TypeExpr, names: &Names) -> Result<Type, String> {
        Ok(match expr {
            TypeExpr::String => Type::String,
            TypeExpr::Integer => Type::Integer,
            TypeExpr::Number => Type::Number,
            TypeExpr::Boolean => Type::Boolean,
            TypeExpr::Timestamp => Type::Timestamp,
            TypeExpr::Json => Type::Json,
            TypeExpr::List(item) => Type::List(Box::new(convert(item, names)?)),
            TypeExpr::Map(value) => Type::Map(Box::new(convert(value, names)?)),
            TypeExpr::Named(name) => match names.types.get(name) {
                Some(TypeKind::Model) => Type::Model(name.clone()),
                Some(TypeKind::Enum) => Type::Enum(name.clone()),
                None => return Err(name.clone()),
            },
        })
    }
    match convert(&ty.value, names) {
        Ok(resolved) => Some(resolved),
        Err(unknown) => {
            let builtins = [
                "string",
                "integer",
                "number",
                "boolean",
                "timestamp",
                "json",
            ];
            let candidates = names.types.keys().map(String::as_str).chain(builtins);
            let hint = closest(&unknown, candidates)
                .map(|close| format!("; did you mean `{close}`?"))
                .unwrap_or_default();
            reader.error(
                ty.at.clone(),
                format!("unknown type `{unknown}`: no model or enum has that name{hint}"),
            );
            None
        }
    }
}

/// Checks that every limit key fits the type it bounds.
fn check_limits(reader: &mut Reader, ty: &Type, limits: &RawLimits, what: &str) {
    for (key, at) in &limits.keys {
        let fits = match *key {
            "min" | "max" => matches!(ty, Type::Integer | Type::Number),
            "min_length" | "max_length" => matches!(ty, Type::String | Type::Timestamp),
            "min_items" | "max_items" => matches!(ty, Type::List(_) | Type::Map(_)),
            "key_max_length" => matches!(ty, Type::Map(_)),
            _ => matches!(ty, Type::Map(value) if **value == Type::String),
        };
        if !fits {
            reader.error(
                at.clone(),
                format!(
                    "`{key}` does not apply to {what}, whose type is `{}`",
                    ty.spelling()
                ),
            );
        }
    }
}

fn resolve_model(reader: &mut Reader, names: &Names, model: &RawModel) -> Option<Model> {
    let fields: Vec<Option<Field>> = model
        .fields
        .iter()
        .map(|field| resolve_field(reader, names, &model.name.value, field))
        .collect();
    Some(Model {
        name: model.name.value.clone(),
        doc: model.doc.clone(),
        object: model.object.clone(),
        id_prefix: model.id_prefix.clone(),
        fields: fields.into_iter().collect::<Option<_>>()?,
        references: Vec::new(),
    })
}

fn resolve_field(
    reader: &mut Reader,
    names: &Names,
    model: &str,
    field: &RawField,
) -> Option<Field> {
    let ty = resolve_type(reader, names, &field.ty)?;
    let what = format!("field `{}` of model `{model}`", field.name.value);
    check_limits(reader, &ty, &field.limits, &what);
    if let Some(at) = &field.secret
        && !ty.is_strings()
    {
        reader.error(
            at.clone(),
            format!(
                "`secret` applies to a `string` field, or a list or map of strings; {what} is `{}`",
                ty.spelling()
            ),
        );
    }
    Some(Field {
        name: field.name.value.clone(),
        ty,
        required: field.required,
        nullable: field.nullable,
        doc: field.doc.clone(),
        limits: field.limits.limits,
        secret: field.secret.is_some(),
    })
}

/// A model that must hold itself (through required, non-nullable fields, not a list or map)
/// describes infinite data. Optional or nullable self-references are fine: the emitter boxes them.
fn check_model_cycles(reader: &mut Reader, models: &[RawModel]) {
    let direct: BTreeMap<&str, Vec<&str>> = models
        .iter()
        .map(|model| {
            let held = model
                .fields
                .iter()
                .filter(|field| field.required && !field.nullable)
                .filter_map(|field| match &field.ty.value {
                    TypeExpr::Named(name) => Some(name.as_str()),
                    _ => None,
                })
                .collect();
            (model.name.value.as_str(), held)
        })
        .collect();
    for model in models {
        let start = model.name.value.as_str();
        let mut stack: Vec<&str> = direct.get(start).cloned().unwrap_or_default();
        let mut seen = BTreeSet::new();
        while let Some(next) = stack.pop() {
            if next == start {
                reader.error(
                    model.name.at.clone(),
                    format!("model `{start}` must contain itself through required fields, which no finite answer can; make one of them optional or nullable"),
                );
                break;
            }
            if seen.insert(next) {
                stack.extend(direct.get(next).cloned().unwrap_or_default());
            }
        }
    }
}

fn resolve_pagination(reader: &mut Reader, names: &Names, api: &RawApi) -> Option<Pagination> {
    let raw = &api.pagination;
    let params = resolve_params(reader, names, &raw.params, "`api.pagination`")?;
    Some(Pagination {
        cursor_param: raw.cursor_param.value.clone(),
        limit_param: raw.limit_param.value.clone(),
        items_field: raw.items_field.clone(),
        next_cursor: raw.next_cursor.clone(),
        params,
        previous_cursor: raw.more.previous_cursor.clone(),
        marker: raw.more.marker.clone(),
        before_param: raw
            .more
            .before_param
            .as_ref()
            .map(|param| param.value.clone()),
        order: raw.more.order.as_ref().map(|(param, ascending)| Order {
            param: param.value.clone(),
            ascending: ascending.clone(),
        }),
    })
}

fn resolve_params(
    reader: &mut Reader,
    names: &Names,
    raw: &[RawParam],
    owner: &str,
) -> Option<Vec<Param>> {
    let mut seen: BTreeMap<&str, &Location> = BTreeMap::new();
    let mut params = Vec::new();
    let mut broken = false;
    for param in raw {
        let what = format!("parameter `{}` of {owner}", param.name.value);
        if let Some(first) = seen.insert(&param.name.value, &param.name.at) {
            reader.error(
                param.name.at.clone(),
                format!("{what} is declared twice; the first is at {first}"),
            );
        }
        let Some(ty) = resolve_type(reader, names, &param.ty) else {
            broken = true;
            continue;
        };
        check_limits(reader, &ty, &param.limits, &what);
        let location = param.location.value;
        match location {
            ParamLocation::Path => {
                if !matches!(ty, Type::String | Type::Integer | Type::Enum(_)) {
                    reader.error(
                        param.ty.at.clone(),
                        format!(
                            "{what} is `in: path`, so its type is `string`, `integer` or an enum, not `{}`",
                            ty.spelling()
                        ),
                    );
                }
                if let Some(required) = &param.required
                    && !required.value
                {
                    reader.error(
                        required.at.clone(),
                        format!("{what} is `in: path`, which is always required"),
                    );
                }
            }
            ParamLocation::Query => {
                let scalar = |ty: &Type| {
                    !matches!(
                        ty,
                        Type::Model(_) | Type::Map(_) | Type::List(_) | Type::Json
                    )
                };
                let fits = match &ty {
                    Type::List(item) => scalar(item),
                    other => scalar(other),
                };
                if !fits {
                    reader.error(
                        param.ty.at.clone(),
                        format!("{what} is `in: query`, so its type is a scalar, an enum or a list of them, not `{}`", ty.spelling()),
                    );
                }
            }
            ParamLocation::Body => {}
        }
        params.push(Param {
            name: param.name.value.clone(),
            location,
            ty,
            required: location == ParamLocation::Path
                || param
                    .required
                    .as_ref()
                    .is_some_and(|required| required.value),
            doc: param.doc.clone(),
            default: param.default.clone(),
            limits: param.limits.limits,
        });
    }
    (!broken).then_some(params)
}

fn resolve_action(
    reader: &mut Reader,
    names: &Names,
    api: Option<&RawApi>,
    pagination: Option<&Pagination>,
    action: &RawAction,
) -> Option<Action> {
    let what = format!("action `{}`", action.name.value);
    if let Some(api) = api
        && !action.name.value.starts_with(&api.action_prefix.value)
    {
        reader.error(
            action.name.at.clone(),
            format!(
                "{what} must start with the catalog's `action_prefix` `{}`",
                api.action_prefix.value
            ),
        );
    }
    let mut params = resolve_params(reader, names, &action.params, &what);
    let returns = action
        .returns
        .as_ref()
        .map(|returns| resolve_type(reader, names, returns));
    let access = action.access.value;
    let paginated = action
        .paginated
        .as_ref()
        .is_some_and(|paginated| paginated.value);

    let endpoint = match (&action.http, &action.unavailable) {
        (_, Some(unavailable)) => {
            for alternative in &unavailable.alternatives {
                match names.actions.get(&alternative.value) {
                    Some(true) => {}
                    Some(false) => reader.error(
                        alternative.at.clone(),
                        format!(
                            "alternative `{}` of {what} is itself unavailable",
                            alternative.value
                        ),
                    ),
                    None => {
                        let hint =
                            closest(&alternative.value, names.actions.keys().map(String::as_str))
                                .map(|close| format!("; did you mean `{close}`?"))
                                .unwrap_or_default();
                        reader.error(
                            alternative.at.clone(),
                            format!(
                                "alternative `{}` of {what} is not an action of the catalog{hint}",
                                alternative.value
                            ),
                        );
                    }
                }
            }
            Endpoint::Unavailable {
                reason: unavailable.reason.clone(),
                alternatives: unavailable
                    .alternatives
                    .iter()
                    .map(|alternative| alternative.value.clone())
                    .collect(),
            }
        }
        (Some(http), None) => {
            let method = http.method.value;
            check_access(reader, action, method, &what);
            let status = http.status.as_ref().map_or(200, |status| status.value);
            if let Some(status_at) = &http.status {
                if ![200, 201, 202, 204].contains(&status) {
                    reader.error(
                        status_at.at.clone(),
                        format!("`status` of {what} is a success status: 200, 201, 202 or 204, not {status}"),
                    );
                } else if status == 204 && action.returns.is_some() {
                    reader.error(
                        status_at.at.clone(),
                        format!("{what} answers 204 No Content, so it `returns` nothing"),
                    );
                }
            }
            if paginated {
                if method != Method::Get {
                    reader.error(
                        http.method.at.clone(),
                        format!("{what} is `paginated`, so its method is GET"),
                    );
                }
                if action.returns.is_none() {
                    reader.error(
                        action.at.clone(),
                        format!("{what} is `paginated`, so it names the item type in `returns`"),
                    );
                }
            }
            if let Some(params) = &params {
                check_body_params(reader, action, params, method, &what);
            }
            match PathTemplate::parse(&http.path.value) {
                Ok(path) => {
                    if let Some(params) = &params {
                        check_path_params(reader, action, &path, params, &http.path, &what);
                    }
                    Endpoint::Http {
                        method,
                        path,
                        status: status as u16,
                    }
                }
                Err(error) => {
                    let mut at = http.path.at.clone();
                    at.column += error.column - 1;
                    reader.error(at, format!("`path` of {what}: {}", error.message));
                    return None;
                }
            }
        }
        (None, None) => return None,
    };

    if let (Some(params), true) = (&mut params, paginated)
        && let Some(pagination) = pagination
    {
        for extra in &pagination.params {
            if let Some(clash) = action
                .params
                .iter()
                .find(|param| param.name.value == extra.name)
            {
                reader.error(
                    clash.name.at.clone(),
                    format!(
                        "parameter `{}` of {what} is added by `paginated: true`; remove it here",
                        extra.name
                    ),
                );
            }
            params.push(extra.clone());
        }
    }
    if let Some(params) = &params {
        check_constraints(reader, action, params, &what);
    }
    let browser = action
        .browser
        .as_ref()
        .and_then(|browser| check_browser(reader, action, browser, params.as_deref(), &what));

    let method = action.http.as_ref().map(|http| http.method.value);
    let destructive = action
        .destructive
        .as_ref()
        .map_or(method == Some(Method::Delete), |destructive| {
            destructive.value
        });
    let idempotent_by_method = matches!(method, Some(Method::Get | Method::Put | Method::Delete));
    let idempotent = action.idempotent.as_ref().map_or(
        idempotent_by_method || method.is_none() && access == Access::Read,
        |idempotent| idempotent.value,
    );
    Some(Action {
        name: action.name.value.clone(),
        summary: action.summary.clone(),
        description: action.description.clone(),
        resource: action.resource.clone(),
        operation: action.operation,
        access,
        destructive,
        idempotent,
        endpoint,
        paginated,
        params: params?,
        constraints: action
            .constraints
            .iter()
            .map(|constraint| Constraint {
                kind: constraint.kind.value,
                params: constraint
                    .params
                    .iter()
                    .map(|param| param.value.clone())
                    .collect(),
            })
            .collect(),
        returns: returns.map_or(Some(None), |resolved| resolved.map(Some))?,
        // Filled in by `emulation::resolve` once every action and model is known.
        emits: None,
        filters: Vec::new(),
        agents: match &action.agents {
            Some(agents) if !agents.available => Agents::Withheld {
                reason: agents.reason.clone().unwrap_or_default(),
            },
            _ => Agents::Offered,
        },
        browser,
    })
}

/// A browser action is a `GET` the browser follows: no answer to decode, no event, nothing in
/// a body; the parameter it names for the way back is one of its query strings.
fn check_browser(
    reader: &mut Reader,
    action: &RawAction,
    browser: &RawBrowser,
    params: Option<&[Param]>,
    what: &str,
) -> Option<Browser> {
    let before = reader.diagnostics.len();
    let Some(http) = &action.http else {
        reader.error(
            browser.at.clone(),
            format!("{what} is `unavailable`, so it is not a `browser` page"),
        );
        return None;
    };
    if http.method.value != Method::Get {
        reader.error(
            http.method.at.clone(),
            format!("{what} is a `browser` page, so its method is GET"),
        );
    }
    let mut forbid = |present: bool, key: &str, at: &Location| {
        if present {
            reader.error(
                at.clone(),
                format!("{what} is a `browser` page: the browser follows it, so it has no `{key}`"),
            );
        }
    };
    forbid(
        action.returns.is_some(),
        "returns",
        action
            .returns
            .as_ref()
            .map_or(&browser.at, |returns| &returns.at),
    );
    forbid(
        action.paginated.is_some(),
        "paginated",
        action
            .paginated
            .as_ref()
            .map_or(&browser.at, |paginated| &paginated.at),
    );
    forbid(
        http.status.is_some(),
        "status",
        http.status
            .as_ref()
            .map_or(&browser.at, |status| &status.at),
    );
    forbid(
        action.emits.is_some(),
        "emits",
        action.emits.as_ref().map_or(&browser.at, |emits| &emits.at),
    );
    let param =
        |name: &str| params.and_then(|params| params.iter().find(|param| param.name == name));
    if let Some(redirect) = &browser.redirect_param {
        match param(&redirect.value) {
            Some(param) if param.location == ParamLocation::Query && param.ty == Type::String => {}
            Some(_) => reader.error(
                redirect.at.clone(),
                format!(
                    "`redirect_param` of {what} names `{}`, which is not a `string` query parameter",
                    redirect.value
                ),
            ),
            None if params.is_some() => reader.error(
                redirect.at.clone(),
                format!(
                    "`redirect_param` of {what} names `{}`, which `params` does not declare",
                    redirect.value
                ),
            ),
            None => {}
        }
    }
    if let Some(authorization) = &browser.authorization
        && authorization.value
        && browser.redirect_param.is_none()
    {
        reader.error(
            authorization.at.clone(),
            format!("{what} is an `authorization`, so it names its `redirect_param`"),
        );
    }
    for (name, _) in &browser.fixed {
        if param(&name.value).is_some() {
            reader.error(
                name.at.clone(),
                format!(
                    "`fixed` of {what} sets `{}`, which is also a parameter; keep one",
                    name.value
                ),
            );
        }
    }
    if reader.diagnostics.len() > before {
        return None;
    }
    Some(Browser {
        redirect_param: browser
            .redirect_param
            .as_ref()
            .map(|redirect| redirect.value.clone()),
        authorization: browser
            .authorization
            .as_ref()
            .is_some_and(|authorization| authorization.value),
        fixed: browser
            .fixed
            .iter()
            .map(|(name, value)| (name.value.clone(), value.clone()))
            .collect(),
    })
}

/// `access`, `destructive` and `idempotent` must agree with the method.
fn check_access(reader: &mut Reader, action: &RawAction, method: Method, what: &str) {
    let access = &action.access;
    match (method, access.value) {
        (Method::Get, Access::Write) => {
            reader.error(
                access.at.clone(),
                format!("{what} is a GET, which never writes; `access` is `read`"),
            );
        }
        (Method::Put | Method::Patch | Method::Delete, Access::Read) => reader.error(
            access.at.clone(),
            format!(
                "{what} is a {}, which changes data; `access` is `write`",
                method.as_str()
            ),
        ),
        _ => {}
    }
    if let Some(destructive) = &action.destructive
        && destructive.value
        && access.value == Access::Read
    {
        reader.error(
            destructive.at.clone(),
            format!("{what} reads, so it cannot be `destructive`"),
        );
    }
    if let Some(idempotent) = &action.idempotent
        && !idempotent.value
        && matches!(method, Method::Get | Method::Put | Method::Delete)
    {
        reader.error(
            idempotent.at.clone(),
            format!(
                "{what} is a {}, which is idempotent by definition; remove `idempotent: false`",
                method.as_str()
            ),
        );
    }
}

/// A `GET` sends no body. A `DELETE` may: some APIs remove what matches criteria given in it.
fn check_body_params(
    reader: &mut Reader,
    action: &RawAction,
    params: &[Param],
    method: Method,
    what: &str,
) {
    if method != Method::Get {
        return;
    }
    for param in params
        .iter()
        .filter(|param| param.location == ParamLocation::Body)
    {
        if let Some(raw) = action
            .params
            .iter()
            .find(|raw| raw.name.value == param.name)
        {
            reader.error(
                raw.location.at.clone(),
                format!(
                    "parameter `{}` of {what} is `in: body`, but a GET sends no body",
                    param.name
                ),
            );
        }
    }
}

fn check_path_params(
    reader: &mut Reader,
    action: &RawAction,
    path: &PathTemplate,
    params: &[Param],
    written: &Spanned<String>,
    what: &str,
) {
    let mut used = BTreeSet::new();
    for name in path.params() {
        if !used.insert(name) {
            reader.error(
                written.at.clone(),
                format!("`path` of {what} uses `{{{name}}}` twice"),
            );
            continue;
        }
        match params.iter().find(|param| param.name == name) {
            Some(param) if param.location == ParamLocation::Path => {}
            Some(_) => {
                if let Some(raw) = action.params.iter().find(|raw| raw.name.value == name) {
                    reader.error(
                        raw.location.at.clone(),
                        format!("parameter `{name}` of {what} fills `{{{name}}}` in the path, so it is `in: path`"),
                    );
                }
            }
            None => reader.error(
                written.at.clone(),
                format!("path parameter `{{{name}}}` of {what} is not declared in `params`"),
            ),
        }
    }
    for param in params
        .iter()
        .filter(|param| param.location == ParamLocation::Path)
    {
        if !used.contains(param.name.as_str())
            && let Some(raw) = action
                .params
                .iter()
                .find(|raw| raw.name.value == param.name)
        {
            reader.error(
                raw.name.at.clone(),
                format!(
                    "parameter `{}` of {what} is `in: path` but the path `{}` has no `{{{}}}`",
                    param.name, written.value, param.name
                ),
            );
        }
    }
}

fn check_constraints(reader: &mut Reader, action: &RawAction, params: &[Param], what: &str) {
    for constraint in &action.constraints {
        let kind = constraint.kind.value;
        let mut seen = BTreeSet::new();
        for name in &constraint.params {
            if !seen.insert(name.value.as_str()) {
                reader.error(
                    name.at.clone(),
                    format!("`{}` of {what} names `{}` twice", kind.as_str(), name.value),
                );
                continue;
            }
            match params.iter().find(|param| param.name == name.value) {
                None => {
                    let hint = closest(&name.value, params.iter().map(|param| param.name.as_str()))
                        .map(|close| format!("; did you mean `{close}`?"))
                        .unwrap_or_default();
                    reader.error(
                        name.at.clone(),
                        format!("`{}` of {what} names `{}`, which is not one of its parameters{hint}", kind.as_str(), name.value),
                    );
                }
                Some(param) if param.required && kind != ConstraintKind::Together => reader.error(
                    name.at.clone(),
                    format!(
                        "`{}` of {what} names `{}`, which is required, so the rule could never choose",
                        kind.as_str(),
                        name.value
                    ),
                ),
                Some(_) => {}
            }
        }
    }
}
