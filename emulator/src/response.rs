//! Turning replies, failures and injected faults into HTTP responses.

use std::io;

use actionspec_runtime::{ActionDescriptor, ProtocolDescriptor};
use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use bytes::Bytes;

use crate::failure::Failure;
use crate::store::Reply;

fn json_response(status: u16, body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

pub(crate) fn reply_response(reply: Reply) -> Response {
    match reply.body {
        Some(body) => json_response(reply.status, Body::from(body)),
        None => {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK);
            response
        }
    }
}

/// A failure's answer, its body shaped as the catalog's protocol says.
pub(crate) fn error_response(protocol: &ProtocolDescriptor, failure: &Failure) -> Response {
    let body = failure.body(protocol).to_string();
    let mut response = json_response(failure.status, Body::from(body));
    if let Some(seconds) = failure.retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// Headers and the start of a body, then the connection breaks.
pub(crate) fn dropped() -> Response {
    let chunks: Vec<Result<Bytes, io::Error>> = vec![
        Ok(Bytes::from_static(b"{\"object\":")),
        Err(io::Error::new(
            io::ErrorKind::ConnectionReset,
            "injected fault: connection dropped",
        )),
    ];
    json_response(200, Body::from_stream(futures::stream::iter(chunks)))
}

/// A success status with a body cut in the middle of a JSON value.
pub(crate) fn malformed(action: &ActionDescriptor) -> Response {
    let status = match crate::store::success_status(action) {
        204 => 200,
        status => status,
    };
    json_response(status, Body::from("{\"id\": \"obj_1\", \"name\": "))
}
