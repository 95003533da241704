//! JSON conversions of generated types: [`FromJson`] for answers, [`ToJson`] for requests.
//!
//! Generated models and parameter structs convert to and from [`serde_json::Value`] with one
//! plain, non-generic function each, declared by [`json_struct!`](crate::json_struct); JSON
//! text is parsed into a `Value` by code compiled once, in this crate. This is a build-time
//! choice: `#[derive(Deserialize)]` writes a visitor per struct that is type-checked, then
//! compiled again for every deserializer it meets, and for a catalog of dozens of models that
//! was half of the generated crate's build. Decoding through a `Value` costs a little more at
//! run time (the tree is built, then its strings are moved into the structs): about 1.5% of a
//! call to a server on the same machine, far less against a real one.
//!
//! With the crate's `serde` feature, every type declared with `json_struct!` or
//! [`string_enum!`](crate::string_enum) also implements `serde::Serialize` and
//! `serde::Deserialize`, through these conversions, so it works with any serde format.
//!
//! Decoding is lenient where servers evolve and strict where the catalog is: unknown fields are
//! ignored, a missing or `null` optional field is `None`, and a missing required field or a
//! value of the wrong type is a [`JsonError`] naming the path to it, such as
//! `$.domains[0].state`.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value};

use crate::validate::json_kind;

/// A type decoded from a JSON value.
///
/// [`json_struct!`](crate::json_struct) and [`string_enum!`](crate::string_enum) implement it
/// for generated types; this crate for strings, numbers, booleans, options, lists, string maps
/// and [`Value`].
pub trait FromJson: Sized {
    /// Decodes `value`, moving its strings rather than copying them.
    fn from_json(value: Value) -> Result<Self, JsonError>;

    /// The value of an absent field: `Some` only for types that may be absent (options).
    fn absent() -> Option<Self> {
        None
    }

    /// A cheap value that stands in for a field of a struct until the field is decoded (empty,
    /// zero, `None`); structs are decoded by filling one in place.
    fn placeholder() -> Self;
}

/// A type encoded as a JSON value.
pub trait ToJson {
    /// The value as JSON; `null` stands for "not given" and is left out of objects.
    fn to_json(&self) -> Value;
}

/// Decodes a JSON document into `T`, as typed calls decode answers (for example a webhook's
/// body into an event model).
pub fn from_slice<T: FromJson>(json: &[u8]) -> Result<T, JsonError> {
    T::from_json(parse(json)?)
}

/// Parses JSON text into a value; compiled once here, whatever type it is decoded into.
pub(crate) fn parse(json: &[u8]) -> Result<Value, JsonError> {
    serde_json::from_slice(json).map_err(|error| JsonError::new(Problem::Syntax(error.to_string())))
}

/// Why a JSON value could not be decoded, and where in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError(Box<Failure>);

/// Boxed, so that results stay small on the path where nothing fails.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Failure {
    /// The path to the value, innermost segment first (errors are built from the inside out).
    path: Vec<Segment>,
    problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Field(&'static str),
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    Syntax(String),
    Expected {
        expected: &'static str,
        found: &'static str,
    },
    Missing(&'static str),
    /// An integer beyond `i64`, as written.
    TooLarge(String),
}

impl JsonError {
    fn new(problem: Problem) -> Self {
        Self(Box::new(Failure {
            path: Vec::new(),
            problem,
        }))
    }

    /// An error for `found` where `expected` (such as "a string") belongs.
    pub fn expected(expected: &'static str, found: &Value) -> Self {
        Self::new(Problem::Expected {
            expected,
            found: json_kind(found),
        })
    }

    pub(crate) fn missing(field: &'static str) -> Self {
        Self::new(Problem::Missing(field))
    }

    fn within(mut self, segment: Segment) -> Self {
        self.0.path.push(segment);
        self
    }

    /// The same error, one level down in the item `index` of an array.
    pub(crate) fn within_index(self, index: usize) -> Self {
        self.within(Segment::Index(index))
    }

    /// The same error, one level down in the field `name`.
    pub(crate) fn within_field(self, name: &'static str) -> Self {
        self.within(Segment::Field(name))
    }

    /// Where the problem is, as a JSON path (`$` for the whole document).
    pub fn path(&self) -> String {
        let mut out = String::from("$");
        for segment in self.0.path.iter().rev() {
            match segment {
                Segment::Field(name) => {
                    out.push('.');
                    out.push_str(name);
                }
                Segment::Key(key) => {
                    out.push('[');
                    out.push_str(&Value::from(key.as_str()).to_string());
                    out.push(']');
                }
                Segment::Index(index) => {
                    out.push('[');
                    out.push_str(&index.to_string());
                    out.push(']');
                }
            }
        }
        out
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.problem {
            Problem::Syntax(message) => write!(f, "not valid JSON: {message}"),
            Problem::Expected { expected, found } => {
                write!(f, "at {}: expected {expected}, found {found}", self.path())
            }
            Problem::Missing(field) => write!(f, "at {}: missing field `{field}`", self.path()),
            Problem::TooLarge(number) => write!(
                f,
                "at {}: {number} is beyond the range of a 64-bit signed integer",
                self.path()
            ),
        }
    }
}

impl std::error::Error for JsonError {}

impl FromJson for Value {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        Ok(value)
    }

    fn placeholder() -> Self {
        Value::Null
    }
}

impl ToJson for Value {
    fn to_json(&self) -> Value {
        self.clone()
    }
}

impl ToJson for Map<String, Value> {
    fn to_json(&self) -> Value {
        Value::Object(self.clone())
    }
}

/// Whatever the answer, for actions whose answer is not wanted.
impl FromJson for () {
    fn from_json(_: Value) -> Result<Self, JsonError> {
        Ok(())
    }

    fn placeholder() -> Self {}
}

/// No parameters.
impl ToJson for () {
    fn to_json(&self) -> Value {
        Value::Null
    }
}

impl FromJson for String {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::String(text) => Ok(text),
            other => Err(JsonError::expected("a string", &other)),
        }
    }

    fn placeholder() -> Self {
        String::new()
    }
}

impl ToJson for String {
    fn to_json(&self) -> Value {
        Value::String(self.clone())
    }
}

impl ToJson for str {
    fn to_json(&self) -> Value {
        Value::String(self.to_owned())
    }
}

impl FromJson for bool {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        value
            .as_bool()
            .ok_or_else(|| JsonError::expected("a boolean", &value))
    }

    fn placeholder() -> Self {
        false
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}

impl FromJson for i64 {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match &value {
            Value::Number(number) => number.as_i64().ok_or_else(|| {
                if number.is_u64() {
                    JsonError::new(Problem::TooLarge(number.to_string()))
                } else {
                    JsonError::expected("an integer", &value)
                }
            }),
            _ => Err(JsonError::expected("an integer", &value)),
        }
    }

    fn placeholder() -> Self {
        0
    }
}

impl ToJson for i64 {
    fn to_json(&self) -> Value {
        Value::from(*self)
    }
}

impl FromJson for f64 {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        value
            .as_f64()
            .ok_or_else(|| JsonError::expected("a number", &value))
    }

    fn placeholder() -> Self {
        0.0
    }
}

/// A finite number; NaN and infinities have no JSON form and encode as `null`.
impl ToJson for f64 {
    fn to_json(&self) -> Value {
        Value::from(*self)
    }
}

// The generic impls below use plain `match` and loops rather than `?`, closures and iterator
// adapters: each is compiled once per type in every crate that decodes, and the adapters would
// bring a dozen small generic functions each.

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        if value.is_null() {
            return Ok(None);
        }
        match T::from_json(value) {
            Ok(decoded) => Ok(Some(decoded)),
            Err(error) => Err(error),
        }
    }

    fn absent() -> Option<Self> {
        Some(None)
    }

    fn placeholder() -> Self {
        None
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Value {
        match self {
            Some(value) => value.to_json(),
            None => Value::Null,
        }
    }
}

/// A model that holds itself (`parent: Widget`) does so through a `Box`.
impl<T: FromJson> FromJson for Box<T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match T::from_json(value) {
            Ok(decoded) => Ok(Box::new(decoded)),
            Err(error) => Err(error),
        }
    }

    fn absent() -> Option<Self> {
        T::absent().map(Box::new)
    }

    fn placeholder() -> Self {
        Box::new(T::placeholder())
    }
}

impl<T: ToJson> ToJson for Box<T> {
    fn to_json(&self) -> Value {
        T::to_json(self)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        let items = match value {
            Value::Array(items) => items,
            other => return Err(JsonError::expected("an array", &other)),
        };
        let mut decoded = Vec::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            match T::from_json(item) {
                Ok(item) => decoded.push(item),
                Err(error) => return Err(error.within(Segment::Index(index))),
            }
        }
        Ok(decoded)
    }

    fn placeholder() -> Self {
        Vec::new()
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Value {
        let mut items = Vec::with_capacity(self.len());
        for item in self {
            items.push(item.to_json());
        }
        Value::Array(items)
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        let mut decoded = BTreeMap::new();
        for (key, item) in object(value)? {
            match T::from_json(item) {
                Ok(item) => {
                    decoded.insert(key, item);
                }
                Err(error) => return Err(error.within(Segment::Key(key))),
            }
        }
        Ok(decoded)
    }

    fn placeholder() -> Self {
        BTreeMap::new()
    }
}

impl<T: ToJson> ToJson for BTreeMap<String, T> {
    fn to_json(&self) -> Value {
        let mut entries = Map::new();
        for (key, item) in self {
            entries.insert(key.clone(), item.to_json());
        }
        Value::Object(entries)
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn to_json(&self) -> Value {
        T::to_json(self)
    }
}

/// The fields of a JSON object (used by [`json_struct!`](crate::json_struct)).
#[doc(hidden)]
pub fn object(value: Value) -> Result<Map<String, Value>, JsonError> {
    match value {
        Value::Object(fields) => Ok(fields),
        other => Err(JsonError::expected("an object", &other)),
    }
}

/// Takes the field `name` out of `object` and decodes it into `slot`; on failure keeps the
/// error in `error` and leaves `slot` as it was. Once `error` is set, decodes nothing more.
/// (Used by [`json_struct!`](crate::json_struct), which fills a placeholder field by field.)
#[doc(hidden)]
pub fn field<T: FromJson>(
    object: &mut Map<String, Value>,
    name: &'static str,
    slot: &mut T,
    error: &mut Option<JsonError>,
) {
    if error.is_some() {
        return;
    }
    let decoded = match object.remove(name) {
        Some(value) => match T::from_json(value) {
            Ok(decoded) => Ok(decoded),
            Err(failure) => Err(failure.within(Segment::Field(name))),
        },
        None => match T::absent() {
            Some(absent) => Ok(absent),
            None => Err(JsonError::missing(name)),
        },
    };
    match decoded {
        Ok(decoded) => *slot = decoded,
        Err(failure) => *error = Some(failure),
    }
}

/// Puts `value` into `object` under `name`, unless it is `null` (used by the struct macros).
#[doc(hidden)]
pub fn put(object: &mut Map<String, Value>, name: &'static str, value: Value) {
    if !value.is_null() {
        object.insert(name.to_owned(), value);
    }
}

/// `Serialize` through [`ToJson`] (used by the struct macros).
#[doc(hidden)]
pub fn serialize<T, S>(value: &T, serializer: S) -> Result<S::Ok, S::Error>
where
    T: ToJson + ?Sized,
    S: serde::Serializer,
{
    serde::Serialize::serialize(&value.to_json(), serializer)
}

/// `Deserialize` through [`FromJson`] (used by the struct macros).
#[doc(hidden)]
pub fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: FromJson,
    D: serde::Deserializer<'de>,
{
    let value = <Value as serde::Deserialize>::deserialize(deserializer)?;
    T::from_json(value).map_err(serde::de::Error::custom)
}
