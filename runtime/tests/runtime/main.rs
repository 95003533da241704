//! Integration tests of the engine against the shared test catalog and scripted loopback servers.

mod support;

mod dynamic;
mod json;
mod pagination;
mod policy;
mod requests;
mod retries;
mod retry_after;
mod webhooks;
