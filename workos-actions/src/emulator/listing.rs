//! One page of a list a handler computes (objects that are not a stored collection of their
//! own, or a selection the catalog's filters cannot express), paged by the emulator as its
//! stored lists are.

use actionspec_emulator::{Call, Reply, Store};
use serde_json::Value;

use super::status;

/// A page of `items`, given oldest first, the cursor of an item being `key` of it.
pub(super) fn page(
    store: &Store,
    call: &Call,
    items: Vec<Value>,
    key: impl Fn(&Value) -> String,
) -> Reply {
    Reply::raw(status(call), store.page(call, items, key))
}

/// An item's `id`, its usual cursor.
pub(super) fn by_id(item: &Value) -> String {
    item["id"].as_str().unwrap_or_default().to_owned()
}
