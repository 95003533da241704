//! JSON conversions of generated types: [`FromJson`] for answers, [`ToJson`] for requests.
//!
//! # Decoding: one pass over the text, no tree
//!
//! Answers decode straight from the JSON text. A [`Reader`] (a thin layer over
//! [`jiter`](https://crates.io/crates/jiter), a pull parser: the caller asks for the next
//! string, number, key or array item) walks the text once; each model's decoder, declared by
//! [`json_struct!`](crate::json_struct), asks it for the object's keys, gets back the index of
//! each known field from [`Fields`] (unknown fields are skipped there) and decodes that field's
//! type in place. Nothing is built that the model does not keep: no `serde_json::Value` tree,
//! no map of fields. Strings are copied once, from the text into the model, and enum values
//! the catalog knows are matched on the text without an allocation.
//!
//! Why this and not the alternatives:
//! - *Through a `serde_json::Value`* (what this module did before) builds a tree of every
//!   answer and then moves it into the models: about twice the work of serde's derive, and
//!   the difference grows with the answer (a page of 100 organizations decoded at half the
//!   official SDK's speed).
//! - *serde's derive* decodes as fast as anything, but writes a visitor per struct that is
//!   compiled again for every deserializer it meets; for a catalog of dozens of models that
//!   was half of the generated crate's build. Its errors also carry no JSON path.
//! - *A pull parser* gives both: each model's decoder is one plain, non-generic function
//!   (a loop over the keys and a jump per field), compiled once, and the parsing itself
//!   (strings, numbers, skipping, syntax errors) is compiled once, in this crate.
//!
//! Decoding is lenient where servers evolve and strict where the catalog is: unknown fields are
//! ignored, a missing or `null` optional field is `None`, unknown enum values are kept, and a
//! missing required field or a value of the wrong type is a [`JsonError`] naming the path to
//! it, such as `$.domains[0].state`; text that is not JSON is an error naming its line and
//! column.
//!
//! # Encoding
//!
//! Parameters (and the models they hold) encode to a [`serde_json::Value`]: arguments are
//! checked against the catalog as JSON, so typed and dynamic calls share one request path.
//!
//! With the crate's `serde` feature, every type declared with `json_struct!` or
//! [`string_enum!`](crate::string_enum) also implements `serde::Serialize` and
//! `serde::Deserialize`, through these conversions, so it works with any serde format.

use std::collections::BTreeMap;
use std::fmt;

use jiter::{Jiter, JiterError, LinePosition, Peek};
use serde_json::{Map, Value};

/// A type decoded from JSON text.
///
/// [`json_struct!`](crate::json_struct) and [`string_enum!`](crate::string_enum) implement it
/// for generated types; this crate for strings, numbers, booleans, options, lists, string maps
/// and [`Value`].
pub trait FromJson: Sized {
    /// Decodes the next value of `reader`.
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError>;

    /// Whether a struct field of this type may be absent (options): such a field keeps its
    /// [placeholder](FromJson::placeholder), `None`.
    const OPTIONAL: bool = false;

    /// A cheap value that stands in for a field of a struct until the field is decoded (empty,
    /// zero, `None`); structs are decoded by filling one in place.
    fn placeholder() -> Self;

    /// Decodes a JSON value already parsed (it is written out and read again: decoding from
    /// text with [`from_slice`] is the fast way).
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match serde_json::to_vec(&value) {
            Ok(text) => from_slice(&text),
            Err(error) => Err(JsonError::new(Problem::Syntax(error.to_string()))),
        }
    }
}

/// A type encoded as a JSON value.
pub trait ToJson {
    /// The value as JSON; `null` stands for "not given" and is left out of objects.
    fn to_json(&self) -> Value;
}

/// Decodes a JSON document into `T`, as typed calls decode answers (for example a webhook's
/// body into an event model).
pub fn from_slice<T: FromJson>(json: &[u8]) -> Result<T, JsonError> {
    let mut reader = Reader::new(json);
    let decoded = T::decode(&mut reader)?;
    reader.finish()?;
    Ok(decoded)
}

/// Parses JSON text into a value with `serde_json` (the dynamic calls' answers, whole).
pub(crate) fn parse(json: &[u8]) -> Result<Value, JsonError> {
    serde_json::from_slice(json).map_err(|error| JsonError::new(Problem::Syntax(error.to_string())))
}

/// Nesting deeper than this in a value decoded as [`Value`] is refused (as `serde_json` does),
/// so that a hostile answer cannot exhaust the stack.
const MAX_DEPTH: u32 = 128;

/// Reads JSON text one value at a time, for [`FromJson::decode`].
///
/// Each method reads the next value, which must be of the kind it names; otherwise it answers
/// an error saying what was expected and what was found. Errors carry no path: the decoders of
/// arrays, maps and structs add their segment as an error passes through them.
pub struct Reader<'a> {
    jiter: Jiter<'a>,
    /// The whole text, for the line and column of a syntax error.
    text: &'a [u8],
}

impl fmt::Debug for Reader<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reader")
            .field("index", &self.jiter.current_index())
            .finish()
    }
}

impl<'a> Reader<'a> {
    /// A reader at the start of `json`.
    pub fn new(json: &'a [u8]) -> Self {
        Self {
            jiter: Jiter::new(json),
            text: json,
        }
    }

    /// Checks that nothing but white space follows the value read.
    pub fn finish(&mut self) -> Result<(), JsonError> {
        self.jiter.finish().map_err(|error| self.syntax(error))
    }

    fn syntax(&self, error: JiterError) -> JsonError {
        syntax_in(self.text, error)
    }

    fn peek(&mut self) -> Result<Peek, JsonError> {
        self.jiter.peek().map_err(|error| self.syntax(error))
    }

    /// The error for the value `peek` starts, read, where `expected` belongs.
    #[cold]
    fn wrong(&mut self, expected: &'static str, peek: Peek) -> JsonError {
        let found = match peek {
            Peek::Null => "null",
            Peek::True | Peek::False => "a boolean",
            Peek::String => "a string",
            Peek::Array => "an array",
            Peek::Object => "an object",
            _ if peek.is_num() => match self.jiter.known_number_bytes(peek) {
                Ok(text) if is_integer(text) => "an integer",
                Ok(_) => "a fractional number",
                Err(error) => return self.syntax(error),
            },
            _ => match self.jiter.known_skip(peek) {
                Err(error) => return self.syntax(error),
                Ok(()) => "a value",
            },
        };
        JsonError::new(Problem::Expected { expected, found })
    }

    /// True, having read it, when the next value is `null`; false, having read nothing,
    /// otherwise.
    pub fn null(&mut self) -> Result<bool, JsonError> {
        let peek = self.peek()?;
        if peek == Peek::Null {
            self.jiter
                .known_null()
                .map_err(|error| self.syntax(error))?;
            return Ok(true);
        }
        Ok(false)
    }

    /// A string, borrowed from the text (or from the reader, when it held escapes).
    pub fn str(&mut self) -> Result<&str, JsonError> {
        let peek = self.peek()?;
        if peek != Peek::String {
            return Err(self.wrong("a string", peek));
        }
        match self.jiter.known_str() {
            Ok(text) => Ok(text),
            Err(error) => Err(syntax_in(self.text, error)),
        }
    }

    /// A string, owned.
    pub fn string(&mut self) -> Result<String, JsonError> {
        self.str().map(str::to_owned)
    }

    /// `true` or `false`.
    pub fn bool(&mut self) -> Result<bool, JsonError> {
        let peek = self.peek()?;
        match peek {
            Peek::True | Peek::False => self
                .jiter
                .known_bool(peek)
                .map_err(|error| self.syntax(error)),
            _ => Err(self.wrong("a boolean", peek)),
        }
    }

    /// The text of a number.
    fn number(&mut self, expected: &'static str) -> Result<&[u8], JsonError> {
        let peek = self.peek()?;
        if !peek.is_num() {
            return Err(self.wrong(expected, peek));
        }
        match self.jiter.known_number_bytes(peek) {
            Ok(text) => Ok(text),
            Err(error) => Err(syntax_in(self.text, error)),
        }
    }

    /// An integer within `i64`; a fraction or exponent is refused, as is a larger integer.
    pub fn i64(&mut self) -> Result<i64, JsonError> {
        let text = self.number("an integer")?;
        if !is_integer(text) {
            return Err(JsonError::new(Problem::Expected {
                expected: "an integer",
                found: "a fractional number",
            }));
        }
        // JSON's grammar, checked by the parser, leaves only an optional `-` and digits.
        let text = std::str::from_utf8(text).unwrap_or_default();
        text.parse::<i64>()
            .map_err(|_| JsonError::new(Problem::TooLarge(text.to_owned())))
    }

    /// Any number, as the nearest `f64`.
    pub fn f64(&mut self) -> Result<f64, JsonError> {
        let text = self.number("a number")?;
        Ok(parse_f64(text))
    }

    /// Whether the next value is an array with an item: reads its `[` and leaves the reader at
    /// the first item. Follow each item with [`Reader::next_item`].
    pub fn array(&mut self) -> Result<bool, JsonError> {
        let peek = self.peek()?;
        if peek != Peek::Array {
            return Err(self.wrong("an array", peek));
        }
        match self.jiter.known_array() {
            Ok(first) => Ok(first.is_some()),
            Err(error) => Err(self.syntax(error)),
        }
    }

    /// After an item of an array: whether another follows (the reader is then at it).
    pub fn next_item(&mut self) -> Result<bool, JsonError> {
        match self.jiter.array_step() {
            Ok(next) => Ok(next.is_some()),
            Err(error) => Err(self.syntax(error)),
        }
    }

    /// The first key of the next value, which must be an object; `None` for `{}`. The reader
    /// is then at the key's value; after it, ask for the next key with [`Reader::next_key`].
    pub fn object(&mut self) -> Result<Option<&str>, JsonError> {
        let peek = self.peek()?;
        if peek != Peek::Object {
            return Err(self.wrong("an object", peek));
        }
        match self.jiter.known_object() {
            Ok(key) => Ok(key),
            Err(error) => Err(syntax_in(self.text, error)),
        }
    }

    /// The next key of an object, or `None` at its end.
    pub fn next_key(&mut self) -> Result<Option<&str>, JsonError> {
        match self.jiter.next_key() {
            Ok(key) => Ok(key),
            Err(error) => Err(syntax_in(self.text, error)),
        }
    }

    /// Reads the next value and forgets it (unknown fields).
    pub fn skip(&mut self) -> Result<(), JsonError> {
        self.jiter.next_skip().map_err(|error| self.syntax(error))
    }

    /// The next value, whatever it is, as a [`Value`].
    pub fn value(&mut self) -> Result<Value, JsonError> {
        self.value_within(0)
    }

    fn value_within(&mut self, depth: u32) -> Result<Value, JsonError> {
        if depth >= MAX_DEPTH {
            return Err(JsonError::new(Problem::Syntax(format!(
                "nested deeper than {MAX_DEPTH} levels at {}",
                LinePosition::find(self.text, self.jiter.current_index())
            ))));
        }
        let peek = self.peek()?;
        Ok(match peek {
            Peek::Null => {
                self.null()?;
                Value::Null
            }
            Peek::True | Peek::False => Value::Bool(self.bool()?),
            Peek::String => Value::String(self.string()?),
            Peek::Array => {
                let mut items = Vec::new();
                let mut more = self.array()?;
                while more {
                    items.push(self.value_within(depth + 1)?);
                    more = self.next_item()?;
                }
                Value::Array(items)
            }
            Peek::Object => {
                let mut entries = Map::new();
                let mut key = self.object()?.map(str::to_owned);
                while let Some(name) = key {
                    let value = self.value_within(depth + 1)?;
                    entries.insert(name, value);
                    key = self.next_key()?.map(str::to_owned);
                }
                Value::Object(entries)
            }
            _ => {
                let text = self.number("a value")?;
                number_value(text)
            }
        })
    }
}

/// A syntax error in `text`, with its line and column (a function of the text alone, for the
/// methods whose answer borrows the parser).
#[cold]
fn syntax_in(text: &[u8], error: JiterError) -> JsonError {
    let position = LinePosition::find(text, error.index);
    JsonError::new(Problem::Syntax(format!(
        "{} at {position}",
        error.error_type
    )))
}

/// Whether the text of a JSON number is an integer (no fraction, no exponent).
fn is_integer(text: &[u8]) -> bool {
    !text.iter().any(|byte| matches!(byte, b'.' | b'e' | b'E'))
}

fn parse_f64(text: &[u8]) -> f64 {
    // The parser checked the grammar; Rust parses every JSON number to the nearest `f64`.
    std::str::from_utf8(text)
        .ok()
        .and_then(|text| text.parse::<f64>().ok())
        .unwrap_or(f64::NAN)
}

/// A number as `serde_json` parses it: `i64`, else `u64`, else `f64`.
fn number_value(text: &[u8]) -> Value {
    if is_integer(text) {
        let digits = std::str::from_utf8(text).unwrap_or_default();
        if let Ok(number) = digits.parse::<i64>() {
            return Value::from(number);
        }
        if let Ok(number) = digits.parse::<u64>() {
            return Value::from(number);
        }
    }
    Value::from(parse_f64(text))
}

/// The fields of an object being decoded into a struct: finds the index of each known key,
/// skips the others, and remembers which were seen (used by
/// [`json_struct!`](crate::json_struct)).
///
/// Keys usually come in the order the struct declares them, so the field after the last one
/// found is tried first and the lookup is a single comparison.
#[derive(Debug)]
pub struct Fields {
    names: &'static [&'static str],
    started: bool,
    next: usize,
    seen: u64,
}

impl Fields {
    /// The fields `names` (at most 64), in the struct's order.
    pub fn new(names: &'static [&'static str]) -> Self {
        Self {
            names,
            started: false,
            next: 0,
            seen: 0,
        }
    }

    /// The index of the next known field of the object, the reader at its value; `None` at the
    /// end of the object. The first call reads the object's `{`.
    pub fn next(&mut self, reader: &mut Reader<'_>) -> Result<Option<usize>, JsonError> {
        loop {
            let key = if self.started {
                reader.next_key()?
            } else {
                self.started = true;
                reader.object()?
            };
            let Some(key) = key else {
                return Ok(None);
            };
            if let Some(index) = self.find(key) {
                self.next = index + 1;
                self.seen |= 1 << index;
                return Ok(Some(index));
            }
            reader.skip()?;
        }
    }

    fn find(&self, key: &str) -> Option<usize> {
        if self.names.get(self.next) == Some(&key) {
            return Some(self.next);
        }
        self.names.iter().position(|name| *name == key)
    }

    /// Checks that every field of the bit set `required` was seen; else the error names the
    /// first one missing.
    pub fn finish(&self, required: u64) -> Result<(), JsonError> {
        let missing = required & !self.seen;
        if missing == 0 {
            return Ok(());
        }
        Err(JsonError::missing(
            self.names[missing.trailing_zeros() as usize],
        ))
    }
}

/// Decodes a field's value into `slot`; an error gets the field's name in its path (used by
/// [`json_struct!`](crate::json_struct)).
#[doc(hidden)]
pub fn field<T: FromJson>(
    reader: &mut Reader<'_>,
    name: &'static str,
    slot: &mut T,
) -> Result<(), JsonError> {
    match T::decode(reader) {
        Ok(decoded) => {
            *slot = decoded;
            Ok(())
        }
        Err(error) => Err(error.within(Segment::Field(name))),
    }
}

/// Decodes an array into `items`, item after item. On a failure, the items before it stay in
/// `items` and the error names the failing item's index (a stream hands those out first).
pub fn decode_items<T: FromJson>(
    reader: &mut Reader<'_>,
    items: &mut Vec<T>,
) -> Result<(), JsonError> {
    let mut more = reader.array()?;
    let mut index = 0;
    while more {
        match T::decode(reader) {
            Ok(item) => items.push(item),
            Err(error) => return Err(error.within(Segment::Index(index))),
        }
        index += 1;
        more = reader.next_item()?;
    }
    Ok(())
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
    /// Not JSON; the message names the line and column.
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
            found: crate::validate::json_kind(found),
        })
    }

    pub(crate) fn missing(field: &'static str) -> Self {
        Self::new(Problem::Missing(field))
    }

    /// The same error, one level down in `segment`. A syntax error names its line and column
    /// instead of a path.
    fn within(mut self, segment: Segment) -> Self {
        if !matches!(self.0.problem, Problem::Syntax(_)) {
            self.0.path.push(segment);
        }
        self
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
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader.value()
    }

    fn placeholder() -> Self {
        Value::Null
    }

    fn from_json(value: Value) -> Result<Self, JsonError> {
        Ok(value)
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
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader.skip()
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
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader.string()
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
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader.bool()
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
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader.i64()
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
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader.f64()
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
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        match reader.null() {
            Ok(true) => Ok(None),
            Ok(false) => match T::decode(reader) {
                Ok(decoded) => Ok(Some(decoded)),
                Err(error) => Err(error),
            },
            Err(error) => Err(error),
        }
    }

    const OPTIONAL: bool = true;

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
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        match T::decode(reader) {
            Ok(decoded) => Ok(Box::new(decoded)),
            Err(error) => Err(error),
        }
    }

    const OPTIONAL: bool = T::OPTIONAL;

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
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        let mut items = Vec::new();
        match decode_items(reader, &mut items) {
            Ok(()) => Ok(items),
            Err(error) => Err(error),
        }
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
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        let mut decoded = BTreeMap::new();
        let mut key = match reader.object() {
            Ok(key) => key.map(str::to_owned),
            Err(error) => return Err(error),
        };
        while let Some(name) = key {
            match T::decode(reader) {
                Ok(item) => {
                    decoded.insert(name, item);
                }
                Err(error) => return Err(error.within(Segment::Key(name))),
            }
            key = match reader.next_key() {
                Ok(key) => key.map(str::to_owned),
                Err(error) => return Err(error),
            };
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
