//! Pages and streams of list actions.
//!
//! A list answer is an envelope (`{"object":"list","data":[...],"list_metadata":{...}}`); the
//! catalog's [`PaginationDescriptor`] names the items field and where the next cursor sits. A
//! page is read once, from its text: its items decoded into `Vec<T>` as they come, the rest of
//! the envelope kept as JSON. A stream holds one page at a time and follows the cursor until it
//! is null; a cursor seen before ends the stream with an error instead of looping forever.

use std::collections::HashSet;
use std::pin::Pin;

use std::task::{Context, Poll, ready};

use futures::Stream;
use futures::future::BoxFuture;
use serde_json::{Map, Value};

use crate::descriptor::{ActionDescriptor, PaginationDescriptor};
use crate::engine::ListCall;
use crate::error::{Error, Result};
use crate::json::{self, FromJson, JsonError, Reader};
use crate::response::RawResponse;

/// A stream of items, as [`Engine::stream`](crate::Engine::stream) returns.
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

/// Reads a list envelope: its items field through `items`, every other field kept as JSON.
/// The part of decoding a page that does not depend on the item type, compiled once here.
fn read_envelope(
    items_field: &'static str,
    body: &[u8],
    items: &mut dyn FnMut(&mut Reader<'_>) -> Result<(), JsonError>,
) -> Result<Map<String, Value>, JsonError> {
    let mut reader = Reader::new(body);
    let mut envelope = Map::new();
    let mut found = false;
    let mut key = reader.object()?.map(str::to_owned);
    while let Some(name) = key {
        if name == items_field {
            items(&mut reader).map_err(|error| error.within_field(items_field))?;
            found = true;
        } else {
            let value = reader.value()?;
            envelope.insert(name, value);
        }
        key = reader.next_key()?.map(str::to_owned);
    }
    reader.finish()?;
    if !found {
        return Err(JsonError::missing(items_field));
    }
    Ok(envelope)
}

/// A list envelope decoded: the items into `Vec<T>`, the rest kept as JSON; or the decode
/// error naming the action.
pub(crate) fn decode<T: FromJson>(
    pagination: &PaginationDescriptor,
    action: &'static ActionDescriptor,
    raw: &RawResponse,
) -> Result<Page<T>> {
    let mut items = Vec::new();
    let read = read_envelope(pagination.items_field, &raw.body, &mut |reader| {
        json::decode_items(reader, &mut items)
    });
    let envelope = match read {
        Ok(envelope) => envelope,
        Err(error) => return Err(raw.decode_error(action, error)),
    };
    Ok(Page {
        items,
        next_cursor: cursor_at(&envelope, pagination.next_cursor),
        envelope,
        request_id: raw.request_id(),
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

/// The stream of a checked list call (or of why it was refused).
pub(crate) fn stream<T: FromJson + Send + 'static>(call: Result<ListCall>) -> ItemStream<T> {
    let pager = match call {
        Ok(call) => Pager::new(Listing {
            call,
            cursor: None,
            seen: HashSet::new(),
            pages: 0,
            fetching: None,
        }),
        Err(error) => Pager::failed(error),
    };
    Box::pin(Items::<T> {
        pager,
        page: Vec::new().into_iter(),
    })
}

/// A stream that yields one error and ends.
pub(crate) fn failed<T: FromJson + Send + 'static>(error: Error) -> ItemStream<T> {
    Box::pin(Items::<T> {
        pager: Pager::failed(error),
        page: Vec::new().into_iter(),
    })
}

/// The items of a list, one page in memory at a time. Only decoding a page's items into `T`s
/// is generic (the same function as a page's); everything else is the [`Pager`]'s.
struct Items<T> {
    pager: Pager,
    /// The current page's items not yet handed out.
    page: std::vec::IntoIter<T>,
}

impl<T: FromJson> Unpin for Items<T> {}

impl<T: FromJson> Stream for Items<T> {
    type Item = Result<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<T>>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.page.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            // The page handed out is let go before the next one is read.
            this.page = Vec::new().into_iter();
            let mut items = Vec::new();
            let polled = this
                .pager
                .poll_page(cx, &mut |reader| json::decode_items(reader, &mut items));
            match ready!(polled) {
                None => return Poll::Ready(None),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                Some(Ok(())) => this.page = items.into_iter(),
            }
        }
    }
}

/// The part of a stream that does not depend on the item type: the listing that fetches pages
/// and reads their envelopes. It is compiled once here, not once per item type in each crate
/// that streams.
struct Pager {
    /// Fetches the pages; `None` once the last page was read or something failed.
    listing: Option<Listing>,
    /// An error to yield once the current page's items are handed out.
    pending: Option<Error>,
}

impl Pager {
    fn new(listing: Listing) -> Self {
        Self {
            listing: Some(listing),
            pending: None,
        }
    }

    fn failed(error: Error) -> Self {
        Self {
            listing: None,
            pending: Some(error),
        }
    }

    /// Fetches the next page and hands its items to `decode`: `Some(Ok(()))` when a page was
    /// read (its items, all or those before one that did not decode, are then `decode`'s), an
    /// error, or `None` at the end. An item that does not decode ends the stream with a decode
    /// error naming its place in the page, after the items before it.
    fn poll_page(
        &mut self,
        cx: &mut Context<'_>,
        decode: &mut dyn FnMut(&mut Reader<'_>) -> Result<(), JsonError>,
    ) -> Poll<Option<Result<()>>> {
        if let Some(error) = self.pending.take() {
            self.listing = None;
            return Poll::Ready(Some(Err(error)));
        }
        let Some(listing) = &mut self.listing else {
            return Poll::Ready(None);
        };
        let answer = match ready!(listing.poll_answer(cx)) {
            Ok(answer) => answer,
            Err(error) => {
                self.listing = None;
                return Poll::Ready(Some(Err(error)));
            }
        };
        let action = listing.call.action();
        let pagination = listing.call.pagination();
        let items_field = pagination.items_field;
        // A failure inside the items keeps those before it: they are handed out first.
        let mut failed_item = None;
        let read = read_envelope(items_field, &answer.body, &mut |reader| {
            let decoded = decode(reader);
            if let Err(error) = &decoded {
                failed_item = Some(error.clone().within_field(items_field));
            }
            decoded
        });
        if let Some(error) = failed_item {
            self.listing = None;
            self.pending = Some(answer.decode_error(action, error));
            return Poll::Ready(Some(Ok(())));
        }
        let envelope = match read {
            Ok(envelope) => envelope,
            Err(error) => {
                let error = answer.decode_error(action, error);
                self.listing = None;
                return Poll::Ready(Some(Err(error)));
            }
        };
        match listing.advance(cursor_at(&envelope, pagination.next_cursor)) {
            Ok(true) => self.listing = None,
            Ok(false) => {}
            Err(error) => {
                self.listing = None;
                self.pending = Some(error);
            }
        }
        Poll::Ready(Some(Ok(())))
    }
}

/// Fetches the pages of a list call, following the cursor.
struct Listing {
    call: ListCall,
    cursor: Option<String>,
    seen: HashSet<String>,
    pages: u64,
    fetching: Option<BoxFuture<'static, Result<RawResponse>>>,
}

impl Listing {
    /// The answer of the next page.
    fn poll_answer(&mut self, cx: &mut Context<'_>) -> Poll<Result<RawResponse>> {
        let (call, cursor) = (&self.call, self.cursor.as_deref());
        let fetching = self.fetching.get_or_insert_with(|| call.fetch(cursor));
        let answer = ready!(fetching.as_mut().poll(cx));
        self.fetching = None;
        Poll::Ready(answer)
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
                action: self.call.action().name,
                cursor,
                pages: self.pages,
            }),
        }
    }
}
