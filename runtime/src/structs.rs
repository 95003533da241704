//! Declaring generated structs together with their JSON conversions.
//!
//! [`model!`](crate::model) and [`params!`](crate::params) take a plain struct definition, emit
//! it unchanged, and add the [`ToJson`](crate::json::ToJson) (and for models
//! [`FromJson`](crate::json::FromJson)) impl, and with the `serde` feature the serde impls built
//! on them. The wire name of
//! a field is its name, or the `#[json = "..."]` attribute that follows its doc comment (for
//! names that are Rust keywords or not snake case). See [`json`](crate::json) for why this is
//! not `#[derive(Serialize, Deserialize)]`.

/// Declares a model: a struct that decodes from JSON answers and encodes into JSON requests.
///
/// ```
/// actionspec_runtime::model! {
///     /// A thing.
///     #[derive(Debug, Clone, PartialEq)]
///     pub struct Thing {
///         /// Its id.
///         pub id: String,
///         /// Its kind (`type` on the wire).
///         #[json = "type"]
///         pub kind: Option<String>,
///         pub tags: Vec<String>,
///     }
/// }
///
/// let thing: Thing =
///     actionspec_runtime::json::from_slice(br#"{"id": "t_1", "type": "big", "tags": [], "new": 1}"#)
///         .unwrap();
/// assert_eq!(thing.kind.as_deref(), Some("big"));
///
/// let error = actionspec_runtime::json::from_slice::<Thing>(br#"{"id": "t_1", "tags": [5]}"#)
///     .unwrap_err();
/// assert_eq!(error.to_string(), "at $.tags[0]: expected a string, found an integer");
///
/// use actionspec_runtime::json::ToJson;
/// assert_eq!(thing.to_json(), serde_json::json!({"id": "t_1", "type": "big", "tags": []}));
/// ```
#[macro_export]
macro_rules! model {
    ($($definition:tt)*) => {
        $crate::__json_struct! { [decode] $($definition)* }
    };
}

/// Declares the parameters of an action: a struct that encodes into JSON arguments.
///
/// Fields that are `None` are left out of the arguments.
///
/// ```
/// use actionspec_runtime::json::ToJson;
///
/// actionspec_runtime::params! {
///     #[derive(Debug, Default)]
///     pub struct ThingsListParams {
///         pub limit: Option<i64>,
///         pub after: Option<String>,
///     }
/// }
///
/// let params = ThingsListParams { limit: Some(10), after: None };
/// assert_eq!(params.to_json(), serde_json::json!({"limit": 10}));
/// ```
#[macro_export]
macro_rules! params {
    ($($definition:tt)*) => {
        $crate::__json_struct! { [] $($definition)* }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __json_struct {
    (
        [$($decode:ident)?]
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
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

        impl $crate::json::ToJson for $name {
            #[allow(unused_mut)]
            fn to_json(&self) -> $crate::__private::serde_json::Value {
                let mut object = $crate::__private::serde_json::Map::new();
                $(
                    $crate::json::put(
                        &mut object,
                        $crate::__json_struct!(@wire $field $($wire)?),
                        $crate::json::ToJson::to_json(&self.$field),
                    );
                )*
                $crate::__private::serde_json::Value::Object(object)
            }
        }

        $crate::__serde_impls!(serialize $name);

        $crate::__json_struct! {
            @decode [$($decode)?] $name { $($field $($wire)?),* }
        }
    };

    (@decode [] $($ignored:tt)*) => {};
    (@decode [decode] $name:ident { $($field:ident $($wire:literal)?),* }) => {
        impl $crate::json::FromJson for $name {
            #[allow(unused_mut)]
            fn from_json(
                value: $crate::__private::serde_json::Value,
            ) -> ::std::result::Result<Self, $crate::json::JsonError> {
                let mut object = $crate::json::object(value)?;
                ::std::result::Result::Ok(Self {
                    $(
                        $field: $crate::json::field(
                            &mut object,
                            $crate::__json_struct!(@wire $field $($wire)?),
                        )?,
                    )*
                })
            }
        }

        $crate::__serde_impls!(deserialize $name);
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
