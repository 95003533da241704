//! One page of a list a handler computes (objects that are not a stored collection of their
//! own, or a selection the catalog's filters cannot express), in the envelope and with the
//! cursors the catalog's pagination block names.

use actionspec_emulator::{Call, DEFAULT_LIMIT, Reply, Store};
use serde_json::{Map, Value, json};

use super::status;

/// A page of `items`, given oldest first: the call's order, limit and `after` cursor, the
/// cursor of an item being `key` of it.
pub(super) fn page(
    store: &Store,
    call: &Call,
    mut items: Vec<Value>,
    key: impl Fn(&Value) -> String,
) -> Reply {
    let pagination = &store.api().pagination;
    let ascending = pagination
        .order
        .is_some_and(|order| call.str_arg(order.param) == Some(order.ascending));
    if !ascending {
        items.reverse();
    }
    let mut more_before = false;
    if let Some(after) = call.str_arg(pagination.cursor_param) {
        let start = items
            .iter()
            .position(|item| key(item) == after)
            .map_or(items.len(), |at| at + 1);
        more_before = start > 0;
        items.drain(..start);
    }
    let limit = call
        .arg(pagination.limit_param)
        .and_then(Value::as_u64)
        .map_or(DEFAULT_LIMIT, |limit| limit.max(1) as usize);
    let more_after = items.len() > limit;
    items.truncate(limit);
    let before = items.first().filter(|_| more_before).map(&key);
    let after = items.last().filter(|_| more_after).map(&key);
    let mut envelope = Map::new();
    for (field, value) in pagination.marker {
        envelope.insert((*field).to_owned(), json!(value));
    }
    envelope.insert(pagination.items_field.to_owned(), Value::Array(items));
    let cursors = [
        (pagination.previous_cursor, before),
        (Some(pagination.next_cursor), after),
    ];
    for (path, cursor) in cursors {
        if let Some(path) = path {
            insert_at(&mut envelope, path, cursor.map_or(Value::Null, Value::from));
        }
    }
    Reply::json(status(call), &Value::Object(envelope))
}

/// An item's `id`, its usual cursor.
pub(super) fn by_id(item: &Value) -> String {
    item["id"].as_str().unwrap_or_default().to_owned()
}

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
