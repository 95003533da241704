//! Rows of a table of typed calls, each checked against its action's descriptor and a recording
//! server, and a runner that runs them all at once and reports every failing row.
//!
//! A row names its action and the values of its path parameters; the method, the path template
//! and the success status come from the descriptor. It gives the literal query and JSON body the
//! typed call must send and the answer the server gives, then the typed call itself and checks
//! on what it decoded. Besides the row's own checks, every decoded value must hold each value of
//! the answer it came from ([`assert_holds`]), so a row that adds no checks still tests decoding.

use std::future::Future;

use actionspec_runtime::Endpoint;
use actionspec_runtime::json::ToJson;
use futures::TryStreamExt;
use futures::future::BoxFuture;
use serde_json::{Value, json};
use workos_client::descriptors::API;
use workos_client::{Client, ItemStream, Page, Result};

use super::fixtures as fx;
use super::{Expect, Reply, Server, assert_request};

/// One row, ready to run.
pub struct Case {
    /// The action the row calls.
    pub action: &'static str,
    /// What tells this row from the others of its action, if there are others.
    pub variant: Option<&'static str>,
    /// The row's checks; nothing runs until it is polled.
    run: BoxFuture<'static, ()>,
}

impl Case {
    /// The row's name in reports: its action, and its variant if it has one.
    pub fn name(&self) -> String {
        match self.variant {
            Some(variant) => format!("{} ({variant})", self.action),
            None => self.action.to_owned(),
        }
    }
}

/// The request part of a row: what the typed call must send.
pub struct Request {
    action: &'static str,
    variant: Option<&'static str>,
    path: &'static [&'static str],
    query: &'static [(&'static str, &'static str)],
    raw_query: Option<&'static str>,
    body: Option<Value>,
}

/// A row of `action` whose path parameters take these values, in the template's order.
pub fn row(action: &'static str, path: &'static [&'static str]) -> Request {
    Request {
        action,
        variant: None,
        path,
        query: &[],
        raw_query: None,
        body: None,
    }
}

impl Request {
    /// Names a second row of the same action.
    pub fn variant(mut self, variant: &'static str) -> Self {
        self.variant = Some(variant);
        self
    }

    /// Every decoded query pair the call sends (a list's first page), in any order.
    pub fn query(mut self, query: &'static [(&'static str, &'static str)]) -> Self {
        self.query = query;
        self
    }

    /// Text the raw query must contain, exactly as sent (how a list is joined, what is escaped).
    pub fn raw_query(mut self, text: &'static str) -> Self {
        self.raw_query = Some(text);
        self
    }

    /// The exact JSON body (without one, the request must have no body).
    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// The server answers `answer` with the action's success status.
    pub fn answers(self, answer: Value) -> Call {
        Call {
            request: self,
            answer,
        }
    }

    /// A list action: the first page holds the first two items and a cursor to the second
    /// page, which holds the third.
    pub fn items(self, items: [Value; 3]) -> List {
        List {
            request: self,
            items,
            envelope: fx::list,
            key: "id",
        }
    }

    /// A delete: the server answers `status`, the status WorkOS answers (which the descriptor
    /// must declare), with no body, and the typed call gives `()`.
    pub fn deletes<F>(self, status: u16, call: impl FnOnce(&Client) -> F + Send + 'static) -> Case
    where
        F: Future<Output = Result<()>> + Send + 'static,
    {
        let (action, variant) = (self.action, self.variant);
        let run = async move {
            assert_eq!(
                status,
                success_status(action),
                "the status the descriptor of {action} declares"
            );
            let server = Server::with([Reply::empty(status)]).await;
            let () = call(&server.client())
                .await
                .unwrap_or_else(|error| panic!("the typed call failed: {error}"));
            self.assert_sent(&server);
        };
        Case {
            action,
            variant,
            run: Box::pin(run),
        }
    }

    /// A browser page: the typed call answers the URL without sending anything. The URL is the
    /// client's base URL and the action's path with these path values, and its query holds
    /// exactly the row's pairs (the action's fixed pairs included).
    pub fn browser(self, call: impl FnOnce(&Client) -> Result<String> + Send + 'static) -> Case {
        let (action, variant) = (self.action, self.variant);
        let run = async move {
            let descriptor = API.action(action).expect("a catalog action");
            assert!(descriptor.is_browser(), "{action} is a browser page");
            let server = Server::start().await;
            let url = call(&server.client())
                .unwrap_or_else(|error| panic!("the URL of {action} was refused: {error}"));
            assert!(
                server.requests().is_empty(),
                "{action} sent a request: {:?}",
                server.requests()
            );
            let (path, query) = url.split_once('?').unwrap_or((&url, ""));
            let template = descriptor.path().expect("a browser page has a path");
            assert_eq!(
                path,
                format!("{}{}", server.url(), super::fill(template, self.path)),
                "URL of {action}"
            );
            super::assert_same_pairs(
                super::query_pairs(query),
                self.query,
                &format!("query of the URL of {action}: {url}"),
            );
            if let Some(text) = self.raw_query {
                assert!(url.contains(text), "the URL `{url}` lacks `{text}`");
            }
        };
        Case {
            action,
            variant,
            run: Box::pin(run),
        }
    }

    fn expect<'a>(&'a self, query: &'a [(&'a str, &'a str)]) -> Expect<'a> {
        Expect {
            action: self.action,
            path: self.path,
            query,
            body: self.body.as_ref(),
        }
    }

    /// Checks the one request the server received.
    fn assert_sent(&self, server: &Server) {
        let request = server.only_request();
        assert_request(&request, self.expect(self.query));
        if let Some(text) = self.raw_query {
            let raw = request.query.as_deref().unwrap_or_default();
            assert!(raw.contains(text), "the raw query `{raw}` lacks `{text}`");
        }
    }
}

/// A row whose call answers one value.
pub struct Call {
    request: Request,
    answer: Value,
}

impl Call {
    /// The typed call, and checks on the value it decoded.
    pub fn typed<T, F>(
        self,
        call: impl FnOnce(&Client) -> F + Send + 'static,
        check: impl FnOnce(T) + Send + 'static,
    ) -> Case
    where
        T: ToJson + Send + 'static,
        F: Future<Output = Result<T>> + Send + 'static,
    {
        let Call { request, answer } = self;
        let (action, variant) = (request.action, request.variant);
        let run = async move {
            let status = success_status(action);
            let server = Server::with([Reply::json(status, &answer)]).await;
            let value = call(&server.client())
                .await
                .unwrap_or_else(|error| panic!("the typed call failed: {error}"));
            request.assert_sent(&server);
            assert_holds(&answer, &value.to_json(), "answer");
            check(value);
        };
        Case {
            action,
            variant,
            run: Box::pin(run),
        }
    }
}

/// A row of a list action, read as one page and as a stream over two pages.
pub struct List {
    request: Request,
    items: [Value; 3],
    envelope: fn(Vec<Value>, Option<&str>, Option<&str>) -> Value,
    /// The field whose value is an item's cursor (`id` unless the items have none).
    key: &'static str,
}

impl List {
    /// The list envelope, from the items, the `before` cursor and the `after` cursor
    /// (default: [`fx::list`]).
    pub fn envelope(
        mut self,
        envelope: fn(Vec<Value>, Option<&str>, Option<&str>) -> Value,
    ) -> Self {
        self.envelope = envelope;
        self
    }

    /// Items without an `id` are told apart, and paged, by this field instead.
    pub fn key(mut self, field: &'static str) -> Self {
        self.key = field;
        self
    }

    /// The typed calls (one page; the stream) with these parameters, and checks on the first
    /// page and on the items the stream read. Both must hold the items the server sent.
    pub fn typed<P, T, F>(
        self,
        params: P,
        page: impl FnOnce(&Client, P) -> F + Send + 'static,
        stream: impl FnOnce(&Client, P) -> ItemStream<T> + Send + 'static,
        check_page: impl FnOnce(Page<T>) + Send + 'static,
        check_items: impl FnOnce(Vec<T>) + Send + 'static,
    ) -> Case
    where
        P: Clone + Send + 'static,
        T: ToJson + Send + 'static,
        F: Future<Output = Result<Page<T>>> + Send + 'static,
    {
        let List {
            request,
            items,
            envelope,
            key,
        } = self;
        let (action, variant) = (request.action, request.variant);
        let run = async move {
            let ids: Vec<String> = items.iter().map(|item| cursor(item, key)).collect();
            let [first, second, third] = items.clone();
            let pages = [
                envelope(vec![first, second], None, Some(&ids[1])),
                envelope(vec![third], Some(&ids[2]), None),
            ];
            let status = success_status(action);
            let server = Server::with([Reply::json(status, &pages[0])]).await;
            let client = &server.client();

            let one = page(client, params.clone())
                .await
                .unwrap_or_else(|error| panic!("the typed call failed: {error}"));
            request.assert_sent(&server);
            assert_page(&one, 2, Some(&ids[1]), &server);
            for (item, sent) in one.items.iter().zip(&items) {
                assert_holds(sent, &item.to_json(), "page item");
            }
            check_page(one);

            let read = read_two_pages(&server, stream(client, params), &request, pages).await;
            let read_ids: Vec<String> = read
                .iter()
                .map(|item| cursor(&item.to_json(), key))
                .collect();
            assert_eq!(
                read_ids, ids,
                "the stream read every item of both pages, in order"
            );
            for (item, sent) in read.iter().zip(&items) {
                assert_holds(sent, &item.to_json(), "streamed item");
            }
            check_items(read);
        };
        Case {
            action,
            variant,
            run: Box::pin(run),
        }
    }
}

/// Runs every row at once, each with its own server, and fails naming every row that failed
/// with what it failed on.
pub async fn run_all(cases: Vec<Case>) {
    let running: Vec<(String, tokio::task::JoinHandle<()>)> = cases
        .into_iter()
        .map(|case| (case.name(), tokio::spawn(case.run)))
        .collect();
    let mut failures = Vec::new();
    for (name, handle) in running {
        if let Err(error) = handle.await {
            let message = match error.try_into_panic() {
                Ok(panic) => panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_owned()))
                    .unwrap_or_else(|| "a panic without a message".to_owned()),
                Err(error) => error.to_string(),
            };
            failures.push(format!("{name}: {message}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The status the descriptor of an available action declares for success.
fn success_status(action: &str) -> u16 {
    match API.action(action).map(|descriptor| descriptor.endpoint) {
        Some(Endpoint::Http { success_status, .. }) => success_status,
        _ => panic!("`{action}` is not an available action of the catalog"),
    }
}

/// The item's cursor: its `key` field, as text.
fn cursor(item: &Value, key: &str) -> String {
    match &item[key] {
        Value::String(text) => text.clone(),
        Value::Null => panic!("a listed item has no `{key}`"),
        other => other.to_string(),
    }
}

/// Asserts a decoded value, written back as JSON, holds every value of the JSON it was decoded
/// from: each field it has equals the answer's field of that name (the answer may have more,
/// fields the catalog does not know, and a field it left out is `None`).
pub fn assert_holds(sent: &Value, decoded: &Value, at: &str) {
    match (sent, decoded) {
        (_, Value::Null) => assert!(
            sent.is_null(),
            "{at}: the answer has {sent} where the model has nothing"
        ),
        (Value::Object(sent), Value::Object(decoded)) => {
            for (name, value) in decoded {
                let given = sent.get(name).unwrap_or(&Value::Null);
                assert_holds(given, value, &format!("{at}.{name}"));
            }
        }
        (Value::Array(sent), Value::Array(decoded)) => {
            assert_eq!(sent.len(), decoded.len(), "{at}: length");
            for (index, (sent, decoded)) in sent.iter().zip(decoded).enumerate() {
                assert_holds(sent, decoded, &format!("{at}[{index}]"));
            }
        }
        _ => assert_eq!(decoded, sent, "{at}: the model holds another value"),
    }
}

/// Reads a stream over two pages and checks both requests: the first with the row's query, the
/// second with the same query and the first page's cursor as `after`.
async fn read_two_pages<T>(
    server: &Server,
    stream: ItemStream<T>,
    request: &Request,
    pages: [Value; 2],
) -> Vec<T> {
    let before = server.requests().len();
    for page in &pages {
        server.push(Reply::json(success_status(request.action), page));
    }
    let items: Vec<T> = stream
        .try_collect()
        .await
        .unwrap_or_else(|error| panic!("the stream failed: {error}"));
    let requests = server.requests();
    assert_eq!(requests.len(), before + 2, "the stream fetched two pages");
    assert_request(&requests[before], request.expect(request.query));
    let cursor = pages[0]["list_metadata"]["after"]
        .as_str()
        .expect("the first page has a cursor");
    let mut next = request.query.to_vec();
    next.push(("after", cursor));
    assert_request(&requests[before + 1], request.expect(&next));
    assert_eq!(server.unused_replies(), 0);
    items
}

/// The checks every page shares: cursor, request id and the rest of the envelope.
fn assert_page<T>(page: &Page<T>, len: usize, cursor: Option<&str>, server: &Server) {
    assert_eq!(page.items.len(), len);
    assert_eq!(page.next_cursor.as_deref(), cursor);
    assert_eq!(page.is_last(), cursor.is_none());
    assert_eq!(page.envelope.get("object"), Some(&json!("list")));
    assert!(page.envelope.contains_key("list_metadata"));
    assert!(
        !page.envelope.contains_key("data"),
        "items stay out of the envelope"
    );
    let last = server.requests().pop().expect("a request was made");
    assert_eq!(page.request_id.as_deref(), Some(last.request_id.as_str()));
}
