//! Declaring generated structs together with their JSON conversions.
//!
//! [`json_struct!`](crate::json_struct) takes a plain struct definition whose name is followed
//! by the conversions it needs (`: FromJson` for answers, `: ToJson` for requests, or both),
//! emits the struct unchanged and adds those impls. A struct's decoder reads its object from
//! the JSON text in one pass: [`Fields`](crate::json::Fields) in the runtime finds each known
//! key's index, the generated code decodes that field in place. With the `serde` feature every
//! struct gets both conversions, and `Serialize` and `Deserialize` built on them. See
//! [`json`](crate::json) for why this is not `#[derive(Serialize, Deserialize)]`.

/// Declares a struct with its JSON conversions.
///
/// After the name come the conversions the struct needs: [`FromJson`](crate::json::FromJson)
/// for what the API answers, [`ToJson`](crate::json::ToJson) for what requests send, or
/// `FromJson + ToJson`. The wire name of a field is its name, or the `#[json = "..."]`
/// attribute after its doc comment (for names that are Rust keywords or not snake case).
/// Unknown fields are ignored when decoding; `None` fields are left out when encoding.
///
/// ```
/// use actionspec_runtime::json::{ToJson, from_slice};
///
/// actionspec_runtime::json_struct! {
///     /// A thing.
///     #[derive(Debug, Clone, PartialEq)]
///     pub struct Thing: FromJson + ToJson {
///         /// Its id.
///         pub id: String,
///         /// Its kind (`type` on the wire).
///         #[json = "type"]
///         pub kind: Option<String>,
///         pub tags: Vec<String>,
///     }
/// }
///
/// let thing: Thing = from_slice(br#"{"id": "t_1", "type": "big", "tags": [], "new": 1}"#).unwrap();
/// assert_eq!(thing.kind.as_deref(), Some("big"));
/// assert_eq!(thing.to_json(), serde_json::json!({"id": "t_1", "type": "big", "tags": []}));
///
/// let error = from_slice::<Thing>(br#"{"id": "t_1", "tags": [5]}"#).unwrap_err();
/// assert_eq!(error.to_string(), "at $.tags[0]: expected a string, found an integer");
/// ```
#[macro_export]
macro_rules! json_struct {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident : $conversion:ident $(+ $more:ident)* {
            $(
                $(#[doc = $doc:expr])*
                $(#[json = $wire:literal])?
                pub $field:ident : $type:ty
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name {
            $(
                $(#[doc = $doc])*
                pub $field: $type,
            )*
        }

        $crate::__json_conversions! {
            [$conversion $($more)*] $name { $($field $($wire)? : $type),* }
        }
    };
}

/// The conversions a [`json_struct!`](crate::json_struct) asks for.
#[cfg(not(feature = "serde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __json_conversions {
    ([$($conversion:ident)+] $name:ident $fields:tt) => {
        $($crate::__json_impl!($conversion $name $fields);)+
    };
}

/// With the `serde` feature: both conversions, and the serde impls built on them, whatever
/// the struct asks for.
#[cfg(feature = "serde")]
#[doc(hidden)]
#[macro_export]
macro_rules! __json_conversions {
    ([$($conversion:ident)+] $name:ident $fields:tt) => {
        // Each named conversion must still be one that exists.
        $($crate::__json_impl!(check $conversion);)+
        $crate::__json_impl!(FromJson $name $fields);
        $crate::__json_impl!(ToJson $name $fields);
        $crate::__serde_impls!(serialize $name);
        $crate::__serde_impls!(deserialize $name);
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __json_impl {
    (check FromJson) => {};
    (check ToJson) => {};

    (ToJson $name:ident { $($field:ident $($wire:literal)? : $type:ty),* }) => {
        impl $crate::json::ToJson for $name {
            #[allow(unused_mut)]
            fn to_json(&self) -> $crate::__private::serde_json::Value {
                let mut object = $crate::__private::serde_json::Map::new();
                $(
                    $crate::json::put(
                        &mut object,
                        $crate::__json_impl!(@wire $field $($wire)?),
                        $crate::json::ToJson::to_json(&self.$field),
                    );
                )*
                $crate::__private::serde_json::Value::Object(object)
            }
        }
    };

    (FromJson $name:ident { $($field:ident $($wire:literal)? : $type:ty),* }) => {
        impl $crate::json::FromJson for $name {
            // One pass over the object: the runtime's `Fields` reads each key, skips unknown
            // ones and answers the index of a known one; the `if` chain below (a jump table
            // once compiled) decodes that field's type in place, into a placeholder of the
            // struct. `match` rather than `?`, which costs a trait resolution per use, and no
            // early return with some fields in locals, whose drops would each need a path:
            // both are a noticeable share of the build of a crate with many models.
            #[allow(unused_mut, unused_variables, non_camel_case_types)]
            fn decode(
                reader: &mut $crate::json::Reader<'_>,
            ) -> ::std::result::Result<Self, $crate::json::JsonError> {
                enum __Field { $($field,)* }
                const NAMES: &[&str] = &[$($crate::__json_impl!(@wire $field $($wire)?),)*];
                const _: () = ::std::assert!(NAMES.len() <= 64, "json_struct!: at most 64 fields");
                // The bit of each field that must be present (not an option).
                const REQUIRED: u64 = 0 $(| if <$type as $crate::json::FromJson>::OPTIONAL {
                    0
                } else {
                    1 << (__Field::$field as u32)
                })*;
                let mut decoded = <Self as $crate::json::FromJson>::placeholder();
                let mut fields = $crate::json::Fields::new(NAMES);
                loop {
                    let index = match fields.next(reader) {
                        ::std::result::Result::Ok(::std::option::Option::Some(index)) => index,
                        ::std::result::Result::Ok(::std::option::Option::None) => break,
                        ::std::result::Result::Err(error) => return ::std::result::Result::Err(error),
                    };
                    let read = $(if index == __Field::$field as usize {
                        $crate::json::field(
                            reader,
                            $crate::__json_impl!(@wire $field $($wire)?),
                            &mut decoded.$field,
                        )
                    } else)* {
                        ::std::result::Result::Ok(())
                    };
                    if let ::std::result::Result::Err(error) = read {
                        return ::std::result::Result::Err(error);
                    }
                }
                match fields.finish(REQUIRED) {
                    ::std::result::Result::Ok(()) => ::std::result::Result::Ok(decoded),
                    ::std::result::Result::Err(error) => ::std::result::Result::Err(error),
                }
            }

            fn placeholder() -> Self {
                Self {
                    $($field: $crate::json::FromJson::placeholder(),)*
                }
            }
        }
    };

    (@wire $field:ident) => {
        ::std::stringify!($field)
    };
    (@wire $field:ident $wire:literal) => {
        $wire
    };
}

/// `Serialize` and `Deserialize` through the JSON conversions, with the `serde` feature.
#[cfg(feature = "serde")]
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_impls {
    (serialize $name:ident) => {
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                $crate::json::serialize(self, serializer)
            }
        }
    };
    (deserialize $name:ident) => {
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                $crate::json::deserialize(deserializer)
            }
        }
    };
}

/// Nothing without the `serde` feature: the JSON conversions serve the engine.
#[cfg(not(feature = "serde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_impls {
    ($($ignored:tt)*) => {};
}
