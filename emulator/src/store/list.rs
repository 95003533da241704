//! Lists: the catalog's filters on a collection ordered by id, then cursor pagination (the
//! limit, the cursors after and before, the order), answered in the catalog's envelope: every
//! name comes from its pagination block.

use std::collections::{BTreeMap, HashSet};
use std::ops::Bound;

use actionspec_runtime::{ApiDescriptor, FilterDescriptor, FilterMatch, Location, ModelDescriptor};
use bytes::Bytes;
use serde_json::{Map, Value};

use super::{Call, DEFAULT_LIMIT, Store};
use crate::failure::{Failure, model_title};
use crate::ids;

impl Store {
    /// One page of a list action: filters from the catalog, then the cursor and order.
    pub fn list(&self, call: &Call, model: &'static ModelDescriptor) -> Result<Bytes, Failure> {
        let action = call.action;
        // A nested list (`/users/{id}/auth_factors`) answers 404 for a missing parent.
        for filter in action.filters {
            if action.param(filter.param).map(|param| param.location) != Some(Location::Path)
                || filter.via.is_some()
            {
                continue;
            }
            if let (Some(field), Some(id)) = (filter.fields.first(), call.str_arg(filter.param))
                && let Some(reference) = model.reference(field)
                && !self.exists(reference.model, id)
            {
                return Err(Failure::not_found(&model_title(reference.model), id));
            }
        }
        let predicates: Vec<Predicate> = action
            .filters
            .iter()
            .filter_map(|filter| Predicate::new(self, filter, call.arg(filter.param)?))
            .collect();
        let Window {
            limit,
            ascending,
            after,
            before,
        } = self.window(call);
        let empty = BTreeMap::new();
        let objects = self.collections.get(model.name).unwrap_or(&empty);
        let keep = |bytes: &Bytes| -> bool {
            if predicates.is_empty() {
                return true;
            }
            let Ok(item) = serde_json::from_slice::<Value>(bytes) else {
                return false;
            };
            predicates.iter().all(|predicate| predicate.matches(&item))
        };
        // `forward` walks in list order from the cursor; `backward` the other way.
        type Walk<'a> = Box<dyn Iterator<Item = (&'a String, &'a Bytes)> + 'a>;
        let range = |low: Bound<&str>, high: Bound<&str>| {
            let low = low.map(str::to_owned);
            let high = high.map(str::to_owned);
            objects.range::<String, _>((low, high))
        };
        let (items, more_after, more_before): (Vec<(&String, &Bytes)>, bool, bool);
        if let Some(before) = before.filter(|_| after.is_none()) {
            // The `limit` items just before the cursor in list order.
            let toward_start: Walk<'_> = if ascending {
                Box::new(range(Bound::Unbounded, Bound::Excluded(before)).rev())
            } else {
                Box::new(range(Bound::Excluded(before), Bound::Unbounded))
            };
            let mut taken: Vec<(&String, &Bytes)> = toward_start
                .filter(|(_, bytes)| keep(bytes))
                .take(limit + 1)
                .collect();
            more_before = taken.len() > limit;
            taken.truncate(limit);
            taken.reverse();
            items = taken;
            let after_side: Walk<'_> = if ascending {
                Box::new(range(Bound::Included(before), Bound::Unbounded))
            } else {
                Box::new(range(Bound::Unbounded, Bound::Included(before)).rev())
            };
            more_after = after_side.into_iter().any(|(_, bytes)| keep(bytes));
        } else {
            let forward: Walk<'_> = match (ascending, after) {
                (true, Some(after)) => Box::new(range(Bound::Excluded(after), Bound::Unbounded)),
                (true, None) => Box::new(range(Bound::Unbounded, Bound::Unbounded)),
                (false, Some(after)) => {
                    Box::new(range(Bound::Unbounded, Bound::Excluded(after)).rev())
                }
                (false, None) => Box::new(range(Bound::Unbounded, Bound::Unbounded).rev()),
            };
            let mut taken: Vec<(&String, &Bytes)> = forward
                .filter(|(_, bytes)| keep(bytes))
                .take(limit + 1)
                .collect();
            more_after = taken.len() > limit;
            taken.truncate(limit);
            items = taken;
            more_before = match after {
                None => false,
                Some(after) => {
                    let backward: Walk<'_> = if ascending {
                        Box::new(range(Bound::Unbounded, Bound::Included(after)).rev())
                    } else {
                        Box::new(range(Bound::Included(after), Bound::Unbounded))
                    };
                    backward.into_iter().any(|(_, bytes)| keep(bytes))
                }
            };
        }
        let first = items.first().map(|(id, _)| id.as_str());
        let last = items.last().map(|(id, _)| id.as_str());
        Ok(envelope(
            self.api,
            items.iter().map(|(_, bytes)| *bytes),
            more_before.then_some(first).flatten(),
            more_after.then_some(last).flatten(),
        ))
    }
}

impl Store {
    /// One page of items a handler computed (a selection or objects the catalog's filters and
    /// collections do not express), given oldest first, the cursor of each being `key` of it:
    /// the same limit, order and cursors as [`Store::list`], in the catalog's envelope.
    pub fn page(
        &self,
        call: &Call,
        mut items: Vec<Value>,
        key: impl Fn(&Value) -> String,
    ) -> Bytes {
        let Window {
            limit,
            ascending,
            after,
            before,
        } = self.window(call);
        if !ascending {
            items.reverse();
        }
        let keys: Vec<String> = items.iter().map(key).collect();
        let position = |cursor: &str| keys.iter().position(|key| key == cursor);
        let (start, end) = match (after, before) {
            (Some(after), _) => {
                let start = position(after).map_or(items.len(), |at| at + 1);
                (start, (start + limit).min(items.len()))
            }
            (None, Some(before)) => {
                let end = position(before).unwrap_or(0);
                (end.saturating_sub(limit), end)
            }
            (None, None) => (0, limit.min(items.len())),
        };
        let first = (start > 0 && start < end).then(|| keys[start].as_str());
        let last = (end < items.len() && start < end).then(|| keys[end - 1].as_str());
        let bodies: Vec<Bytes> = items[start..end]
            .iter()
            .map(|item| Bytes::from(item.to_string()))
            .collect();
        envelope(self.api, bodies.iter(), first, last)
    }

    /// The page a list call asks for: the size the catalog gives as the limit's default and
    /// maximum (else 10 and none), the order, and the cursors.
    fn window<'c>(&self, call: &'c Call) -> Window<'c> {
        let pagination = &self.api.pagination;
        let limit_param = call.action.param(pagination.limit_param);
        let default_limit = limit_param
            .and_then(|param| param.default)
            .and_then(|default| default.parse::<usize>().ok())
            .unwrap_or(DEFAULT_LIMIT);
        let max_limit = limit_param
            .and_then(|param| param.limits.max)
            .map_or(usize::MAX, |max| max as usize);
        Window {
            limit: call
                .arg(pagination.limit_param)
                .and_then(Value::as_u64)
                .map_or(default_limit, |limit| (limit as usize).clamp(1, max_limit)),
            ascending: pagination
                .order
                .is_some_and(|order| call.str_arg(order.param) == Some(order.ascending)),
            after: call.str_arg(pagination.cursor_param),
            before: pagination
                .before_param
                .and_then(|param| call.str_arg(param)),
        }
    }
}

/// What a list call asks for: how many, in which order, from which cursor.
struct Window<'c> {
    limit: usize,
    ascending: bool,
    after: Option<&'c str>,
    before: Option<&'c str>,
}

/// The list envelope, laid out as the catalog's pagination block says: its marker fields,
/// the items, and the cursors at their paths (`{"object":"list","data":[...],
/// "list_metadata":{"before":...,"after":...}}` for WorkOS). The items are copied as they are
/// stored; only the small rest of the envelope is built as JSON.
fn envelope<'a>(
    api: &ApiDescriptor,
    items: impl Iterator<Item = &'a Bytes>,
    before: Option<&str>,
    after: Option<&str>,
) -> Bytes {
    let pagination = &api.pagination;
    let mut cursors = Map::new();
    let cursor_paths = [
        (pagination.previous_cursor, before),
        (Some(pagination.next_cursor), after),
    ];
    for (path, cursor) in cursor_paths {
        if let Some(path) = path {
            insert_at(&mut cursors, path, cursor.map_or(Value::Null, Value::from));
        }
    }
    let mut out = Vec::with_capacity(4096);
    out.push(b'{');
    for (field, value) in pagination.marker {
        push_json_string(&mut out, field);
        out.push(b':');
        push_json_string(&mut out, value);
        out.push(b',');
    }
    push_json_string(&mut out, pagination.items_field);
    out.extend_from_slice(b":[");
    for (index, item) in items.enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.extend_from_slice(item);
    }
    out.push(b']');
    for (field, value) in &cursors {
        out.push(b',');
        push_json_string(&mut out, field);
        out.push(b':');
        out.extend_from_slice(value.to_string().as_bytes());
    }
    out.push(b'}');
    Bytes::from(out)
}

/// Sets the value at a path of nested objects, making the objects on the way.
fn insert_at(map: &mut Map<String, Value>, path: &[&str], value: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut map = map;
    for parent in parents {
        let entry = map
            .entry(*parent)
            .or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(inner) = entry else {
            return;
        };
        map = inner;
    }
    map.insert((*last).to_owned(), value);
}

fn push_json_string(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(Value::String(text.to_owned()).to_string().as_bytes());
}

/// One filter with its argument, ready to test items.
struct Predicate {
    fields: &'static [&'static str],
    matching: FilterMatch,
    values: Vec<String>,
    /// For a filter through another model: the ids of the items it keeps.
    linked: Option<HashSet<String>>,
}

impl Predicate {
    fn new(store: &Store, filter: &'static FilterDescriptor, arg: &Value) -> Option<Predicate> {
        let values: Vec<String> = match arg {
            Value::Array(items) => items.iter().filter_map(scalar_text).collect(),
            other => scalar_text(other).into_iter().collect(),
        };
        let mut predicate = Predicate {
            fields: filter.fields,
            matching: filter.matching,
            values,
            linked: None,
        };
        if let Some(via) = filter.via {
            let mut linked = HashSet::new();
            for object in store.all(via.model) {
                if predicate.matches_fields(&object) {
                    for value in values_at(&object, via.link) {
                        linked.extend(scalar_text(value));
                    }
                }
            }
            predicate.linked = Some(linked);
        }
        Some(predicate)
    }

    fn matches(&self, item: &Value) -> bool {
        match &self.linked {
            Some(linked) => item
                .get("id")
                .and_then(Value::as_str)
                .is_some_and(|id| linked.contains(id)),
            None => self.matches_fields(item),
        }
    }

    fn matches_fields(&self, item: &Value) -> bool {
        self.fields.iter().any(|path| {
            values_at(item, path).into_iter().any(|value| {
                let Some(text) = scalar_text(value) else {
                    return false;
                };
                self.values.iter().any(|wanted| match self.matching {
                    FilterMatch::Equals => text == *wanted,
                    FilterMatch::Contains => text.to_lowercase().contains(&wanted.to_lowercase()),
                    FilterMatch::From | FilterMatch::Until => {
                        match (ids::parse_timestamp(&text), ids::parse_timestamp(wanted)) {
                            (Some(at), Some(bound)) => {
                                if self.matching == FilterMatch::From {
                                    at >= bound
                                } else {
                                    at <= bound
                                }
                            }
                            _ => false,
                        }
                    }
                })
            })
        })
    }
}

/// Every value a field path reaches: `domains[].domain` gives each element's `domain`.
pub(crate) fn values_at<'v>(value: &'v Value, path: &str) -> Vec<&'v Value> {
    let mut current = vec![value];
    for segment in path.split('.') {
        let (name, each) = match segment.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (segment, false),
        };
        let mut next = Vec::new();
        for value in current {
            match value.get(name) {
                Some(Value::Array(items)) if each => next.extend(items),
                Some(found) if !each => next.push(found),
                _ => {}
            }
        }
        current = next;
    }
    current
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}
