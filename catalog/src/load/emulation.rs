//! The facts an emulator of the API needs beyond the requests themselves: how list parameters
//! filter items (`filter`), which fields hold another object's id (`references`), which event
//! each change records (`emits`) and where events are listed (`api.events`).
//!
//! Each is read with its position, then checked against the resolved models and actions: a
//! filter's field paths must exist in the listed model, a reference must name a model, an
//! event name must be a value of the event type's enum.

use marked_yaml::Node;
use marked_yaml::types::MarkedMappingNode;

use super::raw::{RawCatalog, RawEvents, RawFilter, RawReference};
use super::reader::{Reader, Spanned, closest};
use crate::model::{
    Action, Events, Filter, FilterMatch, FilterVia, Location as ParamLocation, Model, OnDelete,
    Reference, Type,
};

fn words<T: Copy, const N: usize>(
    all: [T; N],
    name: fn(T) -> &'static str,
) -> Vec<(&'static str, T)> {
    all.into_iter().map(|value| (name(value), value)).collect()
}

impl Reader {
    pub(crate) fn read_events(&mut self, node: &Node) -> Option<RawEvents> {
        let what = "`api.events`";
        let at = self.node_at(node);
        let map = self.mapping(node, what)?;
        self.known_keys(map, &["action", "type_field", "data_field"], what);
        let mut text = |key: &str| {
            let value = self.required(map, &at, key, what)?;
            self.text(value, &format!("`{key}` of {what}"))
        };
        let action = text("action");
        let type_field = text("type_field");
        let data_field = text("data_field");
        Some(RawEvents {
            action: action?,
            type_field: type_field?,
            data_field: data_field?,
        })
    }

    /// `filter: field`, or `filter: { field: f | [f, ...], match: .., via: Model, link: path }`.
    pub(crate) fn read_filter(&mut self, node: &Node, what: &str) -> Option<RawFilter> {
        let what = format!("`filter` of {what}");
        let at = self.node_at(node);
        if let Node::Scalar(_) = node {
            let field = self.text(node, &what)?;
            return Some(RawFilter {
                at,
                fields: vec![field],
                matching: None,
                via: None,
                link: None,
            });
        }
        let map = self.mapping(node, &what)?;
        self.known_keys(map, &["field", "match", "via", "link"], &what);
        let fields = self.required(map, &at, "field", &what).and_then(|field| {
            if let Node::Sequence(_) = field {
                let fields = self.strings(field, &format!("`field` of {what}"))?;
                if fields.is_empty() {
                    let at = self.node_at(field);
                    self.error(at, format!("`field` of {what} names at least one field"));
                    return None;
                }
                Some(fields)
            } else {
                Some(vec![self.text(field, &format!("`field` of {what}"))?])
            }
        });
        let matching = map.get_node("match").and_then(|matching| {
            self.choice(
                matching,
                &format!("`match` of {what}"),
                &words(FilterMatch::ALL, FilterMatch::as_str),
            )
        });
        let via = self.optional_text(map, "via", &what);
        let link = self.optional_text(map, "link", &what);
        match (&via, &link) {
            (Some(via), None) => self.error(
                via.at.clone(),
                format!("{what} has `via` without `link`: name the field of `{}` that holds the item's id", via.value),
            ),
            (None, Some(link)) => self.error(
                link.at.clone(),
                format!("{what} has `link` without `via`"),
            ),
            _ => {}
        }
        Some(RawFilter {
            at,
            fields: fields?,
            matching,
            via,
            link,
        })
    }

    /// `references: Model` or `references: { model: Model, on_delete: cascade | keep }`.
    pub(crate) fn read_reference(&mut self, node: &Node, what: &str) -> Option<RawReference> {
        let what = format!("`references` of {what}");
        if let Node::Scalar(_) = node {
            return Some(RawReference {
                model: self.text(node, &what)?,
                on_delete: None,
            });
        }
        let at = self.node_at(node);
        let map: &MarkedMappingNode = self.mapping(node, &what)?;
        self.known_keys(map, &["model", "on_delete"], &what);
        let model = self
            .required(map, &at, "model", &what)
            .and_then(|model| self.text(model, &format!("`model` of {what}")));
        let on_delete = map.get_node("on_delete").and_then(|on_delete| {
            self.choice(
                on_delete,
                &format!("`on_delete` of {what}"),
                &words(OnDelete::ALL, OnDelete::as_str),
            )
        });
        Some(RawReference {
            model: model?,
            on_delete,
        })
    }
}

/// Checks the emulation facts against the resolved models and actions and records them there.
/// Returns the `api.events` block, checked.
pub(crate) fn resolve(
    reader: &mut Reader,
    raw: &RawCatalog,
    events: Option<&RawEvents>,
    models: &mut [Model],
    actions: &mut [Action],
) -> Option<Events> {
    let known_models: Vec<String> = raw
        .models
        .iter()
        .map(|model| model.name.value.clone())
        .collect();
    // References.
    let mut references = Vec::new();
    for model in &raw.models {
        for field in &model.fields {
            let Some(reference) = &field.references else {
                continue;
            };
            let what = format!(
                "field `{}` of model `{}`",
                field.name.value, model.name.value
            );
            if !known_models.contains(&reference.model.value) {
                unknown_model(reader, &reference.model, &known_models, &what);
                continue;
            }
            if let Some(resolved) = find_model(models, &model.name.value)
                && let Some(resolved_field) =
                    resolved.fields.iter().find(|f| f.name == field.name.value)
                && resolved_field.ty != Type::String
            {
                reader.error(
                    reference.model.at.clone(),
                    format!(
                        "{what} `references` a model, so its type is `string` (an id), not `{}`",
                        resolved_field.ty.spelling()
                    ),
                );
                continue;
            }
            references.push((
                model.name.value.clone(),
                Reference {
                    field: field.name.value.clone(),
                    model: reference.model.value.clone(),
                    on_delete: reference
                        .on_delete
                        .as_ref()
                        .map_or(OnDelete::Cascade, |on_delete| on_delete.value),
                },
            ));
        }
    }
    for (owner, reference) in references {
        if let Some(model) = models.iter_mut().find(|model| model.name == owner) {
            model.references.push(reference);
        }
    }

    // Filters.
    for raw_action in &raw.actions {
        let what = format!("action `{}`", raw_action.name.value);
        let Some(action) = actions
            .iter()
            .position(|action| action.name == raw_action.name.value)
        else {
            continue;
        };
        let mut filters = Vec::new();
        for param in &raw_action.params {
            let Some(filter) = &param.filter else {
                continue;
            };
            let what = format!("`filter` of parameter `{}` of {what}", param.name.value);
            let item = match (&actions[action].returns, actions[action].paginated) {
                (Some(Type::Model(item)), true) => item.clone(),
                _ => {
                    reader.error(
                        filter.at.clone(),
                        format!("{what}: only the parameters of a `paginated` action returning a model filter"),
                    );
                    continue;
                }
            };
            if param.location.value == ParamLocation::Body {
                reader.error(
                    filter.at.clone(),
                    format!("{what}: a body parameter does not filter a list"),
                );
                continue;
            }
            let matching = filter
                .matching
                .as_ref()
                .map_or(FilterMatch::Equals, |matching| matching.value);
            let searched = match &filter.via {
                Some(via) if !known_models.contains(&via.value) => {
                    unknown_model(reader, via, &known_models, &what);
                    continue;
                }
                Some(via) => via.value.clone(),
                None => item.clone(),
            };
            let mut sound = true;
            for field in &filter.fields {
                match field_type(models, &searched, &field.value) {
                    Ok(Some(ty)) => {
                        if matches!(matching, FilterMatch::From | FilterMatch::Until)
                            && !matches!(ty, Type::Timestamp | Type::Json)
                        {
                            reader.error(
                                field.at.clone(),
                                format!(
                                    "{what}: `match: {}` compares times, but `{}` is a `{}`",
                                    matching.as_str(),
                                    field.value,
                                    ty.spelling()
                                ),
                            );
                            sound = false;
                        }
                    }
                    Ok(None) => {}
                    Err(message) => {
                        reader.error(field.at.clone(), format!("{what}: {message}"));
                        sound = false;
                    }
                }
            }
            if let (Some(via), Some(link)) = (&filter.via, &filter.link)
                && let Err(message) = field_type(models, &via.value, &link.value)
            {
                reader.error(link.at.clone(), format!("{what}: `link`: {message}"));
                sound = false;
            }
            if sound {
                filters.push(Filter {
                    param: param.name.value.clone(),
                    fields: filter
                        .fields
                        .iter()
                        .map(|field| field.value.clone())
                        .collect(),
                    matching,
                    via: filter
                        .via
                        .as_ref()
                        .zip(filter.link.as_ref())
                        .map(|(via, link)| FilterVia {
                            model: via.value.clone(),
                            link: link.value.clone(),
                        }),
                });
            }
        }
        actions[action].filters = filters;
    }

    // The event stream, and the events actions emit.
    let events = events.and_then(|events| resolve_events(reader, events, models, actions));
    let event_types: Option<Vec<String>> = events.as_ref().and_then(|events| {
        let listed = actions.iter().find(|action| action.name == events.action)?;
        let Some(Type::Model(model)) = &listed.returns else {
            return None;
        };
        let field = find_model(models, model)?
            .fields
            .iter()
            .find(|field| field.name == events.type_field)?;
        match &field.ty {
            Type::Enum(name) => raw
                .enums
                .iter()
                .find(|enumeration| enumeration.name.value == *name)
                .map(|enumeration| enumeration.values.clone()),
            _ => None,
        }
    });
    for raw_action in &raw.actions {
        let Some(emits) = &raw_action.emits else {
            continue;
        };
        let what = format!("`emits` of action `{}`", raw_action.name.value);
        if events.is_none() {
            reader.error(
                emits.at.clone(),
                format!("{what}: the catalog has no `api.events` to record it in"),
            );
            continue;
        }
        if raw_action.unavailable.is_some() {
            reader.error(
                emits.at.clone(),
                format!("{what}: an unavailable action changes nothing"),
            );
            continue;
        }
        if let Some(types) = &event_types
            && !types.contains(&emits.value)
        {
            let hint = closest(&emits.value, types.iter().map(String::as_str))
                .map(|close| format!("; did you mean `{close}`?"))
                .unwrap_or_default();
            reader.error(
                emits.at.clone(),
                format!(
                    "{what}: `{}` is not an event type of the catalog{hint}",
                    emits.value
                ),
            );
            continue;
        }
        if let Some(action) = actions
            .iter_mut()
            .find(|action| action.name == raw_action.name.value)
        {
            action.emits = Some(emits.value.clone());
        }
    }
    events
}

fn resolve_events(
    reader: &mut Reader,
    raw: &RawEvents,
    models: &[Model],
    actions: &[Action],
) -> Option<Events> {
    let what = "`api.events`";
    let Some(action) = actions
        .iter()
        .find(|action| action.name == raw.action.value)
    else {
        let hint = closest(
            &raw.action.value,
            actions.iter().map(|action| action.name.as_str()),
        )
        .map(|close| format!("; did you mean `{close}`?"))
        .unwrap_or_default();
        reader.error(
            raw.action.at.clone(),
            format!(
                "`action` of {what}: `{}` is not an action of the catalog{hint}",
                raw.action.value
            ),
        );
        return None;
    };
    let model = match (&action.returns, action.paginated && action.is_available()) {
        (Some(Type::Model(model)), true) => model,
        _ => {
            reader.error(
                raw.action.at.clone(),
                format!(
                    "`action` of {what}: `{}` must be an available `paginated` action returning a model",
                    raw.action.value
                ),
            );
            return None;
        }
    };
    let mut sound = true;
    for field in [&raw.type_field, &raw.data_field] {
        if let Err(message) = field_type(models, model, &field.value) {
            reader.error(field.at.clone(), format!("{what}: {message}"));
            sound = false;
        }
    }
    sound.then(|| Events {
        action: raw.action.value.clone(),
        type_field: raw.type_field.value.clone(),
        data_field: raw.data_field.value.clone(),
    })
}

fn find_model<'m>(models: &'m [Model], name: &str) -> Option<&'m Model> {
    models.iter().find(|model| model.name == name)
}

fn unknown_model(reader: &mut Reader, name: &Spanned<String>, known: &[String], what: &str) {
    let hint = closest(&name.value, known.iter().map(String::as_str))
        .map(|close| format!("; did you mean `{close}`?"))
        .unwrap_or_default();
    reader.error(
        name.at.clone(),
        format!(
            "{what}: `{}` is not a model of the catalog{hint}",
            name.value
        ),
    );
}

/// The type a field path (`domains[].domain`, `data.id`) reaches from `model`: `Ok(None)` when
/// it leads into free-form JSON (a map or `json`), where any key may follow.
fn field_type(models: &[Model], model: &str, path: &str) -> Result<Option<Type>, String> {
    let mut current = Type::Model(model.to_owned());
    for segment in path.split('.') {
        let (name, each) = match segment.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (segment, false),
        };
        if name.is_empty() {
            return Err(format!(
                "`{path}` is a path of field names such as `domains[].domain`"
            ));
        }
        let field_ty = match &current {
            Type::Model(owner) => {
                // A model that failed to resolve was reported already.
                let Some(owner_model) = find_model(models, owner) else {
                    return Ok(None);
                };
                match owner_model.fields.iter().find(|field| field.name == name) {
                    Some(field) => field.ty.clone(),
                    None => {
                        let hint = closest(
                            name,
                            owner_model.fields.iter().map(|field| field.name.as_str()),
                        )
                        .map(|close| format!("; did you mean `{close}`?"))
                        .unwrap_or_default();
                        return Err(format!(
                            "`{path}`: model `{owner}` has no field `{name}`{hint}"
                        ));
                    }
                }
            }
            Type::Map(_) | Type::Json => return Ok(None),
            other => {
                return Err(format!(
                    "`{path}`: `{name}` follows a `{}`, which has no fields",
                    other.spelling()
                ));
            }
        };
        current = match (field_ty, each) {
            (Type::List(item), true) => *item,
            (Type::List(_), false) => {
                return Err(format!(
                    "`{path}`: `{name}` is a list; write `{name}[]` to look into its items"
                ));
            }
            (other, true) => {
                return Err(format!(
                    "`{path}`: `{name}` is a `{}`, not a list, so it takes no `[]`",
                    other.spelling()
                ));
            }
            (other, false) => other,
        };
    }
    match current {
        Type::Model(name) => Err(format!(
            "`{path}` reaches the model `{name}`; name one of its fields"
        )),
        Type::Map(_) | Type::Json => Ok(None),
        other => Ok(Some(other)),
    }
}
