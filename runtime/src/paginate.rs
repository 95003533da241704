//! Pages and streams of list actions.
//!
//! A list answer is an envelope (`{"object":"list","data":[...],"list_metadata":{...}}`); the
//! catalog's [`PaginationDescriptor`] names the items field and where the next cursor sits. A
//! page is decoded in one pass: the items straight into `Vec<T>`, the rest of the envelope kept
//! as JSON. A stream holds one page at a time and follows the cursor until it is null; a cursor
//! seen before ends the stream with an error instead of looping forever.

use std::collections::HashSet;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;

use futures::Stream;
use serde::de::{DeserializeOwned, DeserializeSeed, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::descriptor::{ActionDescriptor, PaginationDescriptor};
use crate::engine::{Engine, RawResponse, Route};
use crate::error::{Error, Result};

/// A stream of items, as [`Engine::stream`] returns.
pub type ItemStream<T> = Pin<Box<dyn Stream<Item = Result<T>> + Send>>;

/// One page of a list action.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// Cursor of the next page; `None` on the last page.
    pub next_cursor: Option<String>,
    /// The rest of the envelope (`object`, `list_metadata`, ...), items removed.
    pub envelope: Map<String, Value>,
    /// The server's request id.
    pub request_id: Option<String>,
}

impl<T> Page<T> {
    /// True when no page follows this one.
    pub fn is_last(&self) -> bool {
        self.next_cursor.is_none()
    }
}

/// Decodes a list envelope.
pub(crate) fn decode_page<T: DeserializeOwned>(
    pagination: &PaginationDescriptor,
    raw: &RawResponse,
) -> serde_json::Result<Page<T>> {
    let mut deserializer = serde_json::Deserializer::from_slice(&raw.body);
    let (items, envelope) = EnvelopeSeed::<T> {
        items_field: pagination.items_field,
        marker: PhantomData,
    }
    .deserialize(&mut deserializer)?;
    deserializer.end()?;
    let next_cursor = cursor_at(&envelope, pagination.next_cursor);
    Ok(Page {
        items,
        next_cursor,
        envelope,
        request_id: raw.request_id.clone(),
    })
}

/// The cursor at `path` in the envelope; null, absent or empty means none.
fn cursor_at(envelope: &Map<String, Value>, path: &[&str]) -> Option<String> {
    let (first, rest) = path.split_first()?;
    let mut value = envelope.get(*first)?;
    for key in rest {
        value = value.get(*key)?;
    }
    match value {
        Value::String(cursor) if !cursor.is_empty() => Some(cursor.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

struct EnvelopeSeed<'a, T> {
    items_field: &'a str,
    marker: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for EnvelopeSeed<'_, T> {
    type Value = (Vec<T>, Map<String, Value>);

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for EnvelopeSeed<'_, T> {
    type Value = (Vec<T>, Map<String, Value>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list envelope with a `{}` array", self.items_field)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut items = None;
        let mut rest = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == self.items_field {
                items = Some(map.next_value::<Vec<T>>()?);
            } else {
                let value = map.next_value::<Value>()?;
                rest.insert(key, value);
            }
        }
        let items = items.ok_or_else(|| {
            serde::de::Error::custom(format_args!("missing field `{}`", self.items_field))
        })?;
        Ok((items, rest))
    }
}

struct State<T> {
    engine: Engine,
    action: &'static ActionDescriptor,
    route: Route,
    args: Map<String, Value>,
    cursor: Option<String>,
    seen: HashSet<String>,
    pages: u64,
    buffer: std::vec::IntoIter<T>,
    /// An error to yield once the buffer is drained.
    pending: Option<Error>,
    done: bool,
}

/// The stream of a checked list call (`first` holds its arguments, or why they were refused).
pub(crate) fn stream<T: DeserializeOwned + Send + 'static>(
    engine: Engine,
    action: &'static ActionDescriptor,
    first: Result<(Route, Map<String, Value>)>,
) -> ItemStream<T> {
    let (route, args) = match first {
        Ok(checked) => checked,
        Err(error) => return failed(error),
    };
    let state = State {
        engine,
        action,
        route,
        args,
        cursor: None,
        seen: HashSet::new(),
        pages: 0,
        buffer: Vec::new().into_iter(),
        pending: None,
        done: false,
    };
    Box::pin(futures::stream::unfold(state, next_item))
}

/// A stream that yields one error and ends.
pub(crate) fn failed<T: Send + 'static>(error: Error) -> ItemStream<T> {
    Box::pin(futures::stream::once(async move { Err(error) }))
}

async fn next_item<T: DeserializeOwned>(mut state: State<T>) -> Option<(Result<T>, State<T>)> {
    loop {
        if let Some(item) = state.buffer.next() {
            return Some((Ok(item), state));
        }
        if let Some(error) = state.pending.take() {
            return Some((Err(error), state));
        }
        if state.done {
            return None;
        }
        let pagination = &state.engine.api().pagination;
        let mut args = state.args.clone();
        if let Some(cursor) = &state.cursor {
            args.insert(
                pagination.cursor_param.to_owned(),
                Value::String(cursor.clone()),
            );
        }
        let prepared = state.engine.build(state.action, state.route, args);
        match state.engine.fetch_page::<T>(state.action, prepared).await {
            Err(error) => {
                state.done = true;
                return Some((Err(error), state));
            }
            Ok(page) => {
                state.pages += 1;
                match page.next_cursor {
                    None => state.done = true,
                    Some(cursor) => {
                        if state.seen.insert(cursor.clone()) {
                            state.cursor = Some(cursor);
                        } else {
                            state.done = true;
                            state.pending = Some(Error::RepeatedCursor {
                                action: state.action.name,
                                cursor,
                                pages: state.pages,
                            });
                        }
                    }
                }
                state.buffer = page.items.into_iter();
            }
        }
    }
}
