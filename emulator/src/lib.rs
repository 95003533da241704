//! A stateful, in-memory emulator of an API, served from its catalog's descriptor table.
//!
//! Every available action of an [`ApiDescriptor`] becomes an axum route that behaves by its
//! kind (`list`, `get`, `create`, `update`, `delete`) on in-memory collections, one per model:
//!
//! * ids are the model's `id_prefix` and a monotonic ULID, so they sort by creation; objects
//!   get `object`, `created_at` and `updated_at` (ISO 8601, UTC, milliseconds), and every other
//!   required field the request does not give gets an empty value of its type;
//! * lists answer the catalog's envelope with cursor pagination (its limit, cursor and order
//!   parameters) and the filters the catalog declares on their parameters;
//! * arguments are checked with the runtime's own [`validate_arguments`]: problems in the body
//!   answer 422 with field errors naming their field, in the path or query 400; missing
//!   objects 404; every error body is worded and shaped as the catalog's protocol says
//!   (`api.protocol.errors`);
//! * references (`references:` in the catalog) must exist when set and cascade on delete;
//! * every change records the event its action `emits`, served by the catalog's event list,
//!   and POSTs it, signed as the catalog's `api.webhooks` says, to the [`webhooks`] endpoints
//!   subscribed to its type;
//! * the key is required, sent as the catalog's auth scheme says: only the configured key, or
//!   any key with the catalog's key prefix; every answer carries a request id of its format;
//! * rate limits ([`RateLimit`]) answer 429 with `Retry-After`; the catalog's idempotency
//!   header (on the methods it names) replays the first answer, or answers 409 for another body;
//! * [`Faults`] inject 429, 5xx, slow answers, dropped connections and malformed JSON.
//!
//! What is specific to one API (an action whose effect is not plain CRUD) is a [`Handler`]
//! registered by action name; it may adjust the call and hand it to [`Store::perform`].
//!
//! ```no_run
//! # fn example(api: &'static actionspec_runtime::ApiDescriptor) -> Result<(), Box<dyn std::error::Error>> {
//! use actionspec_emulator::Emulator;
//! let running = Emulator::new(api).start("127.0.0.1:0")?;
//! println!("serving on {}", running.base_url());
//! running.stop();
//! # Ok(()) }
//! ```
//!
//! [`validate_arguments`]: actionspec_runtime::validate_arguments

mod arguments;
mod failure;
mod faults;
pub mod ids;
mod limits;
mod response;
mod seed;
mod server;
mod store;
pub mod webhooks;

pub use actionspec_runtime::ApiDescriptor;
pub use failure::{Failure, InvalidField, Problem};
pub use faults::{Fault, FaultRule, Faults};
pub use limits::{RateLimit, RateLimitRule};
pub use server::{Emulator, Handler, Running, SetupError};
pub use store::{Call, DEFAULT_LIMIT, Reply, Store};
pub use webhooks::{
    Delivery, DeliveryOptions, DeliveryOutcome, EndpointId, WebhookEndpoint, WebhookSetupError,
    Webhooks,
};
