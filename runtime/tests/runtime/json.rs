//! The JSON conversions behind `json_struct!` and `string_enum!`.

use std::collections::BTreeMap;

use actionspec_runtime::json::{FromJson, JsonError, ToJson, from_slice};
use serde_json::{Value, json};

actionspec_runtime::string_enum! {
    /// A colour.
    pub enum Colour {
        Red = "red",
        Green = "green",
    }
}

actionspec_runtime::json_struct! {
    /// A part of a widget.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Part: FromJson + ToJson {
        pub name: String,
        pub count: Option<i64>,
    }
}

actionspec_runtime::json_struct! {
    /// A widget, with every kind of field.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Widget: FromJson + ToJson {
        /// Its id.
        pub id: String,
        /// `type` on the wire.
        #[json = "type"]
        pub r#type: Colour,
        /// `sizeInCm` on the wire.
        #[json = "sizeInCm"]
        pub size: f64,
        pub active: bool,
        pub parts: Vec<Part>,
        pub labels: BTreeMap<String, Part>,
        pub extra: Value,
        pub note: Option<String>,
    }
}

actionspec_runtime::json_struct! {
    #[derive(Debug, Default)]
    pub struct WidgetsListParams: ToJson {
        pub limit: Option<i64>,
        pub colours: Option<Vec<Colour>>,
        pub name: Option<String>,
    }
}

fn widget_json() -> Value {
    json!({
        "id": "w_1",
        "type": "red",
        "sizeInCm": 2.5,
        "active": true,
        "parts": [{"name": "bolt", "count": 4}, {"name": "nut", "count": null}],
        "labels": {"main": {"name": "lid"}},
        "extra": {"anything": [1, 2]},
        "added_by_a_later_server": 1
    })
}

fn decode_error(value: Value) -> JsonError {
    Widget::from_json(value).expect_err("does not decode")
}

#[test]
fn every_kind_of_field_decodes_and_unknown_fields_are_ignored() {
    let widget = Widget::from_json(widget_json()).unwrap();
    assert_eq!(widget.id, "w_1");
    assert_eq!(widget.r#type, Colour::Red);
    assert_eq!(widget.size, 2.5);
    assert!(widget.active);
    assert_eq!(
        widget.parts,
        vec![
            Part {
                name: "bolt".to_owned(),
                count: Some(4)
            },
            Part {
                name: "nut".to_owned(),
                count: None
            }
        ]
    );
    assert_eq!(widget.labels["main"].name, "lid");
    assert_eq!(widget.extra, json!({"anything": [1, 2]}));
    // Absent and null optional fields are both `None`.
    assert_eq!(widget.note, None);
}

#[test]
fn a_model_encodes_under_its_wire_names_without_null_fields() {
    let widget = Widget::from_json(widget_json()).unwrap();
    let mut expected = widget_json();
    expected
        .as_object_mut()
        .unwrap()
        .remove("added_by_a_later_server");
    expected["parts"][1] = json!({"name": "nut"});
    assert_eq!(widget.to_json(), expected);
    assert_eq!(Widget::from_json(widget.to_json()).unwrap(), widget);
}

#[test]
fn errors_name_the_path_to_the_bad_value() {
    let cases = [
        (
            "/id",
            json!(5),
            "at $.id: expected a string, found an integer",
        ),
        (
            "/type",
            json!(null),
            "at $.type: expected a string, found null",
        ),
        (
            "/sizeInCm",
            json!("big"),
            "at $.sizeInCm: expected a number, found a string",
        ),
        (
            "/active",
            json!(1),
            "at $.active: expected a boolean, found an integer",
        ),
        (
            "/parts",
            json!({}),
            "at $.parts: expected an array, found an object",
        ),
        (
            "/parts/1/count",
            json!(1.5),
            "at $.parts[1].count: expected an integer, found a fractional number",
        ),
        (
            "/parts/0/name",
            json!([]),
            "at $.parts[0].name: expected a string, found an array",
        ),
        (
            "/labels/main/name",
            json!(false),
            "at $.labels[\"main\"].name: expected a string, found a boolean",
        ),
        (
            "/labels",
            json!([]),
            "at $.labels: expected an object, found an array",
        ),
    ];
    for (pointer, bad, message) in cases {
        let mut value = widget_json();
        *value.pointer_mut(pointer).unwrap() = bad;
        let error = decode_error(value);
        assert_eq!(error.to_string(), message, "{pointer}");
    }
}

#[test]
fn a_missing_required_field_is_named_at_its_object() {
    let mut value = widget_json();
    value["parts"][1].as_object_mut().unwrap().remove("name");
    let error = decode_error(value);
    assert_eq!(error.to_string(), "at $.parts[1]: missing field `name`");
    assert_eq!(error.path(), "$.parts[1]");

    let error = decode_error(json!({"type": "red"}));
    assert_eq!(error.to_string(), "at $: missing field `id`");
}

#[test]
fn a_required_json_field_may_not_be_absent_but_may_be_null() {
    let mut value = widget_json();
    value.as_object_mut().unwrap().remove("extra");
    assert_eq!(
        decode_error(value).to_string(),
        "at $: missing field `extra`"
    );
    let mut value = widget_json();
    value["extra"] = Value::Null;
    assert_eq!(Widget::from_json(value).unwrap().extra, Value::Null);
}

#[test]
fn the_top_level_must_be_an_object() {
    assert_eq!(
        decode_error(json!(["w_1"])).to_string(),
        "at $: expected an object, found an array"
    );
}

#[test]
fn text_that_is_not_json_is_a_syntax_error() {
    let error = from_slice::<Widget>(b"{\"id\": ").unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("not valid JSON: EOF while parsing"),
        "{error}"
    );
    assert_eq!(error.path(), "$");
}

#[test]
fn integers_out_of_range_are_refused() {
    let error = Part::from_json(json!({"name": "n", "count": u64::MAX})).unwrap_err();
    assert_eq!(
        error.to_string(),
        "at $.count: 18446744073709551615 is beyond the range of a 64-bit signed integer"
    );
    assert!(
        Part::from_json(json!({"name": "n", "count": i64::MIN})).is_ok(),
        "the whole i64 range decodes"
    );
}

#[test]
fn enums_keep_values_they_do_not_know() {
    assert_eq!(Colour::from_json(json!("green")).unwrap(), Colour::Green);
    assert_eq!(
        Colour::from_json(json!("blue")).unwrap(),
        Colour::Other("blue".to_owned())
    );
    assert_eq!(Colour::Other("blue".to_owned()).to_json(), json!("blue"));
    assert_eq!(
        Colour::from_json(json!(1)).unwrap_err().to_string(),
        "at $: expected a string, found an integer"
    );
}

#[test]
fn params_leave_out_what_is_not_set() {
    assert_eq!(WidgetsListParams::default().to_json(), json!({}));
    let params = WidgetsListParams {
        limit: Some(10),
        colours: Some(vec![Colour::Red, Colour::Other("blue".to_owned())]),
        name: None,
    };
    assert_eq!(
        params.to_json(),
        json!({"limit": 10, "colours": ["red", "blue"]})
    );
}

#[test]
fn unit_takes_any_answer_and_value_any_json() {
    assert!(<()>::from_json(json!({"deleted": true})).is_ok());
    assert_eq!(from_slice::<Value>(b"[1, \"a\"]").unwrap(), json!([1, "a"]));
    assert_eq!(().to_json(), Value::Null);
}

#[test]
fn numbers_that_json_cannot_hold_encode_as_null() {
    assert_eq!(f64::NAN.to_json(), Value::Null);
    assert_eq!(1.5_f64.to_json(), json!(1.5));
}

// Decoding from text: the reader walks the JSON once, without building a tree.

#[test]
fn fields_decode_in_any_order_and_unknown_values_of_every_kind_are_skipped() {
    let text = br#"{
        "note": "n",
        "unknown_object": {"a": [1, {"b": null}], "c": "x\"}"},
        "parts": [{"count": 2, "name": "bolt", "more": [true, false]}],
        "unknown_array": [[], {}, -1.5e3, "]"],
        "labels": {},
        "extra": null,
        "active": false,
        "sizeInCm": 1e2,
        "type": "green",
        "id": "w_9"
    }"#;
    let widget: Widget = from_slice(text).unwrap();
    assert_eq!(widget.id, "w_9");
    assert_eq!(widget.r#type, Colour::Green);
    assert_eq!(widget.size, 100.0);
    assert_eq!(widget.parts[0].name, "bolt");
    assert_eq!(widget.parts[0].count, Some(2));
    assert_eq!(widget.note.as_deref(), Some("n"));
    assert!(widget.labels.is_empty());
}

#[test]
fn escaped_strings_decode_and_the_last_of_repeated_keys_wins() {
    let text = br#"{"name": "a\"b\\c\u00e9\ud83d\ude00\n", "count": 1, "count": 3}"#;
    let part: Part = from_slice(text).unwrap();
    assert_eq!(part.name, "a\"b\\c\u{e9}\u{1f600}\n");
    assert_eq!(part.count, Some(3));
    let value: Value =
        from_slice(br#"{"k": "\u00e9", "n": [1, -2, 18446744073709551615, 0.5]}"#).unwrap();
    assert_eq!(value, json!({"k": "\u{e9}", "n": [1, -2, u64::MAX, 0.5]}));
}

#[test]
fn syntax_errors_name_the_line_and_column_not_a_path() {
    let error = from_slice::<Widget>(b"{\"id\": \"w_1\",\n  \"parts\": [}").unwrap_err();
    assert_eq!(error.path(), "$");
    let message = error.to_string();
    assert!(message.starts_with("not valid JSON: "), "{message}");
    assert!(message.ends_with("at line 2 column 13"), "{message}");

    let error = from_slice::<Part>(br#"{"name": "n"} {"#).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("not valid JSON: trailing characters"),
        "{error}"
    );
    assert!(from_slice::<Part>(b"{\"name\": \"n\"}\n ").is_ok());
}

#[test]
fn integers_beyond_every_range_are_refused_with_their_text() {
    let error = from_slice::<Part>(br#"{"name": "n", "count": 123456789012345678901234567890}"#)
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "at $.count: 123456789012345678901234567890 is beyond the range of a 64-bit signed integer"
    );
    let error = from_slice::<Part>(br#"{"name": "n", "count": 1e3}"#).unwrap_err();
    assert_eq!(
        error.to_string(),
        "at $.count: expected an integer, found a fractional number"
    );
}

#[test]
fn deeply_nested_values_are_refused_not_overflowing_the_stack() {
    let depth = 10_000;
    let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let error = from_slice::<Value>(text.as_bytes()).unwrap_err();
    assert!(error.to_string().starts_with("not valid JSON: "), "{error}");
    let nested = format!(
        r#"{{"id": "w", "type": "red", "sizeInCm": 1, "active": true, "parts": [], "labels": {{}}, "extra": {}{}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    assert!(from_slice::<Widget>(nested.as_bytes()).is_err());
    // An unknown field nested as deep is skipped within the parser's own limit, or refused.
    let skipped = format!(
        r#"{{"name": "n", "deep": {}{}}}"#,
        "[".repeat(100),
        "]".repeat(100)
    );
    assert_eq!(from_slice::<Part>(skipped.as_bytes()).unwrap().name, "n");
}

#[test]
fn every_missing_required_field_is_found_wherever_the_object_ends() {
    assert_eq!(
        from_slice::<Part>(b"{}").unwrap_err().to_string(),
        "at $: missing field `name`"
    );
    assert_eq!(
        from_slice::<Widget>(br#"{"id": "w", "type": "red", "sizeInCm": 1, "active": true, "parts": [], "extra": 1}"#)
            .unwrap_err()
            .to_string(),
        "at $: missing field `labels`"
    );
}
