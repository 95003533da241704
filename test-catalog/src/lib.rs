//! The hand-written catalog the generic crates' tests share (runtime's integration tests, the
//! emulator's, the agent's schemas), so that one crate, not three copies, says what a small API
//! looks like.
//!
//! Its conventions are deliberately not WorkOS's (key prefix, request ids, error codes), so a
//! generic crate that quietly assumes WorkOS fails here. Two tables share them and the `Thing`
//! model with its `Kind` enum:
//! [`shapes::API`], every argument and endpoint shape a client must handle, and [`store::API`],
//! models with references, filters and events for a server that stores what it is sent.
//!
//! A runtime *unit* test cannot use this crate: it would see a second copy of the runtime.

pub mod shapes;
pub mod store;

use actionspec_runtime::descriptor::*;

/// The wire conventions of both tables.
///
/// Error bodies as many JSON APIs write them: a message (with fallbacks), a code, field errors;
/// the answers' codes are this catalog's own.
pub const PROTOCOL: ProtocolDescriptor = ProtocolDescriptor {
    auth: AuthDescriptor {
        header: "Authorization",
        scheme: "Bearer",
        key_prefix: "tk_",
    },
    request_id_prefix: "treq_",
    idempotency: Some(IdempotencyDescriptor {
        header: "Idempotency-Key",
        methods: &[Method::Post],
    }),
    query_arrays: QueryArrays::Comma,
    errors: ErrorShape {
        message: &["message", "error_description", "error"],
        code: &["code", "error"],
        field_errors: Some(FieldErrorsShape {
            list: "errors",
            field: "field",
            code: "code",
            message: "message",
        }),
        answers: ErrorAnswers {
            not_found: answer("no_such_object", "{what} {id} does not exist."),
            not_found_id_field: Some("object_id"),
            no_route: answer("no_route", "No such path."),
            bad_request: answer("unreadable", "{problem}"),
            validation: answer("invalid_arguments", "Invalid: {problems}"),
            missing_code: "missing",
            invalid_code: "bad_value",
            unauthorized: answer("bad_key", "Bad key."),
            rate_limited: answer("slow_down", "Slow down."),
            idempotency_conflict: answer("key_reused", "Key reused."),
            server_error: answer("failed", "Failed."),
            unavailable: answer("down", "Down."),
        },
    },
};

/// Cursor pages of both tables: `data` items, `list_metadata` cursors, `order=asc` to reverse.
pub const PAGINATION: PaginationDescriptor = PaginationDescriptor {
    cursor_param: "after",
    before_param: Some("before"),
    limit_param: "limit",
    order: Some(OrderDescriptor {
        param: "order",
        ascending: "asc",
    }),
    items_field: "data",
    marker: &[("object", "list")],
    next_cursor: &["list_metadata", "after"],
    previous_cursor: Some(&["list_metadata", "before"]),
};

static STRING_LIST: TypeRef = TypeRef::List(&TypeRef::String);

/// The thing both tables serve: an id of its own prefix, timestamps, a list, an enum, a
/// nullable field.
pub static THING_MODEL: ModelDescriptor = ModelDescriptor {
    name: "Thing",
    doc: "",
    object: Some("thing"),
    id_prefix: Some("thing_"),
    fields: &[
        FieldDescriptor::new("object", TypeRef::String),
        FieldDescriptor::new("id", TypeRef::String),
        FieldDescriptor::new("name", TypeRef::String),
        FieldDescriptor::new("tags", STRING_LIST),
        FieldDescriptor::new("kind", TypeRef::Enum("Kind")),
        FieldDescriptor::new("note", TypeRef::String).nullable(),
        FieldDescriptor::new("created_at", TypeRef::Timestamp),
        FieldDescriptor::new("updated_at", TypeRef::Timestamp),
    ],
    references: &[],
};

/// The kinds of a thing: the first is the default a server fills in.
pub static KIND: EnumDescriptor = EnumDescriptor {
    name: "Kind",
    doc: "",
    values: &["big", "small"],
};

const fn answer(code: &'static str, message: &'static str) -> ErrorAnswer {
    ErrorAnswer { code, message }
}
