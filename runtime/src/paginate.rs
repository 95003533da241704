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

use std::task::{Context, Poll, ready};

use futures::Stream;
use futures::future::BoxFuture;
use serde::de::{DeserializeOwned, DeserializeSeed, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::descriptor::{ActionDescriptor, PaginationDescriptor};
use crate::engine::{Engine, RawResponse, Route, decode_error};
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
fn decode_page<T: DeserializeOwned>(
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

/// A list envelope decoded, or the decode error naming the action.
pub(crate) fn decode<T: DeserializeOwned>(
    pagination: &PaginationDescriptor,
    action: &'static ActionDescriptor,
    raw: &RawResponse,
) -> Result<Page<T>> {
    decode_page(pagination, raw).map_err(|source| decode_error(action, raw, source))
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
    Box::pin(Items::<T> {
        pager: Pager {
            engine,
            action,
            route,
            args,
            cursor: None,
            seen: HashSet::new(),
            pages: 0,
            done: false,
            fetching: None,
        },
        buffer: Vec::new().into_iter(),
        pending: None,
    })
}

/// A stream that yields one error and ends.
pub(crate) fn failed<T: Send + 'static>(error: Error) -> ItemStream<T> {
    Box::pin(futures::stream::once(async move { Err(error) }))
}

/// The part of a stream that does not depend on the item type: arguments, cursor, the cursors
/// seen, and the page being fetched. It is compiled once here, not once per item type in each
/// crate that streams.
struct Pager {
    engine: Engine,
    action: &'static ActionDescriptor,
    route: Route,
    args: Map<String, Value>,
    cursor: Option<String>,
    seen: HashSet<String>,
    pages: u64,
    done: bool,
    fetching: Option<BoxFuture<'static, Result<RawResponse>>>,
}

impl Pager {
    /// The next page's answer; `None` once the last page was read or a fetch failed.
    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<RawResponse>>> {
        if self.done {
            return Poll::Ready(None);
        }
        let fetching = self.fetching.get_or_insert_with(|| {
            let mut args = self.args.clone();
            if let Some(cursor) = &self.cursor {
                let cursor_param = self.engine.api().pagination.cursor_param;
                args.insert(cursor_param.to_owned(), Value::String(cursor.clone()));
            }
            let prepared = self.engine.build(self.action, self.route, args);
            let (engine, action) = (self.engine.clone(), self.action);
            Box::pin(async move { engine.send(action, prepared).await })
        });
        let answer = ready!(fetching.as_mut().poll(cx));
        self.fetching = None;
        if answer.is_err() {
            self.done = true;
        }
        Poll::Ready(Some(answer))
    }

    /// Records the next cursor of the page just read. A cursor seen before ends the stream with
    /// an error instead of looping forever.
    fn advance(&mut self, next: Option<String>) -> Result<()> {
        self.pages += 1;
        match next {
            None => {
                self.done = true;
                Ok(())
            }
            Some(cursor) if self.seen.insert(cursor.clone()) => {
                self.cursor = Some(cursor);
                Ok(())
            }
            Some(cursor) => {
                self.done = true;
                Err(Error::RepeatedCursor {
                    action: self.action.name,
                    cursor,
                    pages: self.pages,
                })
            }
        }
    }
}

/// The items of a list, one page in memory at a time.
struct Items<T> {
    pager: Pager,
    buffer: std::vec::IntoIter<T>,
    /// An error to yield once the buffer is drained.
    pending: Option<Error>,
}

// Nothing is pinned structurally: the buffer and the pager's boxed future move freely.
impl<T> Unpin for Items<T> {}

impl<T: DeserializeOwned> Stream for Items<T> {
    type Item = Result<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<T>>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            if let Some(error) = this.pending.take() {
                return Poll::Ready(Some(Err(error)));
            }
            let raw = match ready!(this.pager.poll_page(cx)) {
                None => return Poll::Ready(None),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                Some(Ok(raw)) => raw,
            };
            let pager = &mut this.pager;
            match decode::<T>(&pager.engine.api().pagination, pager.action, &raw) {
                Err(error) => {
                    pager.done = true;
                    return Poll::Ready(Some(Err(error)));
                }
                Ok(page) => {
                    if let Err(error) = pager.advance(page.next_cursor) {
                        this.pending = Some(error);
                    }
                    this.buffer = page.items.into_iter();
                }
            }
        }
    }
}
