//! Pages and streams of list actions.
//!
//! A list answer is an envelope (`{"object":"list","data":[...],"list_metadata":{...}}`); the
//! catalog's [`PaginationDescriptor`] names the items field and where the next cursor sits. A
//! page is parsed once, its items decoded into `Vec<T>` and the rest of the envelope kept as
//! JSON. A stream holds one page at a time and follows the cursor until it is null; a cursor
//! seen before ends the stream with an error instead of looping forever.

use std::collections::HashSet;
use std::marker::PhantomData;
use std::pin::Pin;

use std::task::{Context, Poll, ready};

use futures::Stream;
use futures::future::BoxFuture;
use serde_json::{Map, Value};

use crate::descriptor::{ActionDescriptor, PaginationDescriptor};
use crate::engine::{Engine, RawResponse, Route, decode_error};
use crate::error::{Error, Result};
use crate::json::{self, FromJson, JsonError};

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

/// The items of a list envelope and the rest of it: the part of decoding a page that does not
/// depend on the item type, compiled once here.
fn split_envelope(
    items_field: &'static str,
    body: &[u8],
) -> Result<(Vec<Value>, Map<String, Value>), JsonError> {
    let mut envelope = json::object(json::parse(body)?)?;
    match envelope.remove(items_field) {
        Some(Value::Array(items)) => Ok((items, envelope)),
        Some(other) => Err(JsonError::expected("an array", &other).within_field(items_field)),
        None => Err(JsonError::missing(items_field)),
    }
}

/// A list envelope decoded: the items into `Vec<T>`, the rest kept as JSON; or the decode
/// error naming the action.
pub(crate) fn decode<T: FromJson>(
    pagination: &PaginationDescriptor,
    action: &'static ActionDescriptor,
    raw: &RawResponse,
) -> Result<Page<T>> {
    let (items, envelope) = match split_envelope(pagination.items_field, &raw.body) {
        Ok(split) => split,
        Err(error) => return Err(decode_error(action, raw, error)),
    };
    let items = match Vec::<T>::from_json(Value::Array(items)) {
        Ok(items) => items,
        Err(error) => {
            let error = error.within_field(pagination.items_field);
            return Err(decode_error(action, raw, error));
        }
    };
    Ok(Page {
        items,
        next_cursor: cursor_at(&envelope, pagination.next_cursor),
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

/// The stream of a checked list call (`first` holds its arguments, or why they were refused).
pub(crate) fn stream<T: FromJson + Send + 'static>(
    engine: Engine,
    action: &'static ActionDescriptor,
    first: Result<(Route, Map<String, Value>)>,
) -> ItemStream<T> {
    let pager = match first {
        Ok((route, args)) => Pager::new(Listing {
            engine,
            action,
            route,
            args,
            cursor: None,
            seen: HashSet::new(),
            pages: 0,
            fetching: None,
        }),
        Err(error) => Pager::failed(error),
    };
    Box::pin(Items::<T> {
        pager,
        item: PhantomData,
    })
}

/// A stream that yields one error and ends.
pub(crate) fn failed<T: FromJson + Send + 'static>(error: Error) -> ItemStream<T> {
    Box::pin(Items::<T> {
        pager: Pager::failed(error),
        item: PhantomData,
    })
}

/// The items of a list, one page in memory at a time. Only turning each JSON item into a `T`
/// is generic; everything else is the [`Pager`]'s.
struct Items<T> {
    pager: Pager,
    item: PhantomData<fn() -> T>,
}

impl<T: FromJson> Stream for Items<T> {
    type Item = Result<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<T>>> {
        let mut decoded = None;
        let polled = self
            .get_mut()
            .pager
            .poll_item(cx, &mut |value| match T::from_json(value) {
                Ok(item) => {
                    decoded = Some(item);
                    Ok(())
                }
                Err(error) => Err(error),
            });
        Poll::Ready(match ready!(polled) {
            None => None,
            Some(Err(error)) => Some(Err(error)),
            Some(Ok(())) => decoded.map(Ok),
        })
    }
}

/// The part of a stream that does not depend on the item type: the listing that fetches pages,
/// and the current page's items as JSON. It is compiled once here, not once per item type in
/// each crate that streams.
struct Pager {
    /// Fetches the pages; `None` once the last page was read or something failed.
    listing: Option<Listing>,
    /// The page whose items are being handed out.
    current: Option<CurrentPage>,
    /// An error to yield once the current page's items are handed out.
    pending: Option<Error>,
}

struct CurrentPage {
    action: &'static ActionDescriptor,
    items_field: &'static str,
    /// The answer the items come from, for decode errors.
    answer: RawResponse,
    /// The items not yet handed out, with their index in the page.
    items: std::iter::Enumerate<std::vec::IntoIter<Value>>,
}

impl Pager {
    fn new(listing: Listing) -> Self {
        Self {
            listing: Some(listing),
            current: None,
            pending: None,
        }
    }

    fn failed(error: Error) -> Self {
        Self {
            listing: None,
            current: None,
            pending: Some(error),
        }
    }

    /// Hands the next item to `decode`, fetching pages as needed. An item that does not decode
    /// ends the stream with a decode error naming its place in the page.
    fn poll_item(
        &mut self,
        cx: &mut Context<'_>,
        decode: &mut dyn FnMut(Value) -> Result<(), JsonError>,
    ) -> Poll<Option<Result<()>>> {
        loop {
            if let Some(page) = &mut self.current {
                if let Some((index, item)) = page.items.next() {
                    let Err(error) = decode(item) else {
                        return Poll::Ready(Some(Ok(())));
                    };
                    let error = error.within_index(index).within_field(page.items_field);
                    let error = decode_error(page.action, &page.answer, error);
                    *self = Self::failed(error);
                    continue;
                }
                self.current = None;
            }
            if let Some(error) = self.pending.take() {
                return Poll::Ready(Some(Err(error)));
            }
            let Some(listing) = &mut self.listing else {
                return Poll::Ready(None);
            };
            match ready!(listing.poll_page(cx)) {
                Ok(page) => {
                    self.current = Some(page.current);
                    self.pending = page.pending;
                    if page.last {
                        self.listing = None;
                    }
                }
                Err(error) => *self = Self::failed(error),
            }
        }
    }
}

/// What a listing fetched: the page, and whether it was the last one.
struct Fetched {
    current: CurrentPage,
    /// An error to yield after the page's items (a repeated cursor).
    pending: Option<Error>,
    last: bool,
}

/// Fetches the pages of a list call, following the cursor.
struct Listing {
    engine: Engine,
    action: &'static ActionDescriptor,
    route: Route,
    args: Map<String, Value>,
    cursor: Option<String>,
    seen: HashSet<String>,
    pages: u64,
    fetching: Option<BoxFuture<'static, Result<RawResponse>>>,
}

impl Listing {
    /// The next page, split into its items and cursor.
    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Result<Fetched>> {
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
        Poll::Ready(answer.and_then(|answer| self.split(answer)))
    }

    fn split(&mut self, answer: RawResponse) -> Result<Fetched> {
        let pagination = &self.engine.api().pagination;
        let items_field = pagination.items_field;
        let (items, envelope) = split_envelope(items_field, &answer.body)
            .map_err(|error| decode_error(self.action, &answer, error))?;
        let (pending, last) = match self.advance(cursor_at(&envelope, pagination.next_cursor)) {
            Ok(last) => (None, last),
            Err(error) => (Some(error), true),
        };
        Ok(Fetched {
            current: CurrentPage {
                action: self.action,
                items_field,
                answer,
                items: items.into_iter().enumerate(),
            },
            pending,
            last,
        })
    }

    /// Records the next cursor of the page just read; answers whether that page was the last.
    /// A cursor seen before ends the stream with an error instead of looping forever.
    fn advance(&mut self, next: Option<String>) -> Result<bool> {
        self.pages += 1;
        match next {
            None => Ok(true),
            Some(cursor) if self.seen.insert(cursor.clone()) => {
                self.cursor = Some(cursor);
                Ok(false)
            }
            Some(cursor) => Err(Error::RepeatedCursor {
                action: self.action.name,
                cursor,
                pages: self.pages,
            }),
        }
    }
}
