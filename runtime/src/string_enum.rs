//! Forward-compatible string enums.
//!
//! APIs add enum values over time (connection types, event names, factor types). A client that
//! rejects an unknown value breaks the day the server ships one, so every catalog enum decodes
//! unknown strings into an `Other(String)` variant that keeps them. The generated crate declares
//! each enum with [`string_enum!`](crate::string_enum), so the conversion logic is written
//! once, here.

/// Declares a string enum with an `Other(String)` variant for values the catalog does not know.
///
/// The enum converts from and to JSON strings ([`FromJson`](crate::json::FromJson),
/// [`ToJson`](crate::json::ToJson)), from `&str` and `String`, and displays as its wire value;
/// with the `serde` feature it also implements `Serialize` and `Deserialize`.
///
/// ```
/// use actionspec_runtime::json::{ToJson, from_slice};
///
/// actionspec_runtime::string_enum! {
///     /// State of a domain.
///     pub enum DomainState {
///         /// Waiting for verification.
///         Pending = "pending",
///         Verified = "verified",
///     }
/// }
///
/// let state: DomainState = from_slice(b"\"verified\"").unwrap();
/// assert_eq!(state, DomainState::Verified);
/// let future: DomainState = from_slice(b"\"archived\"").unwrap();
/// assert_eq!(future, DomainState::Other("archived".to_owned()));
/// assert_eq!(future.as_str(), "archived");
/// assert_eq!(DomainState::Pending.to_json(), "pending");
/// assert_eq!(DomainState::from("verified").to_string(), "verified");
/// ```
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident = $value:literal
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $(
                $(#[$variant_meta])*
                #[doc = concat!("`", $value, "`")]
                $variant,
            )*
            /// A value this version of the catalog does not know, kept as sent.
            Other(::std::string::String),
        }

        impl $name {
            /// Every value the catalog knows, in catalog order.
            pub const KNOWN: &'static [&'static str] = &[$($value),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Other(value) => value.as_str(),
                }
            }
        }

        impl $name {
            /// The known variant spelled `value`, if any (one `match` serves both `From`s).
            fn known(value: &str) -> ::std::option::Option<Self> {
                match value {
                    $($value => ::std::option::Option::Some(Self::$variant),)*
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::known(value).unwrap_or_else(|| Self::Other(value.to_owned()))
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                Self::known(&value).unwrap_or(Self::Other(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::json::FromJson for $name {
            fn decode(
                reader: &mut $crate::json::Reader<'_>,
            ) -> ::std::result::Result<Self, $crate::json::JsonError> {
                // A known value is matched on the text, without an allocation.
                match reader.str() {
                    ::std::result::Result::Ok(text) => ::std::result::Result::Ok(Self::from(text)),
                    ::std::result::Result::Err(error) => ::std::result::Result::Err(error),
                }
            }

            fn placeholder() -> Self {
                Self::Other(::std::string::String::new())
            }
        }

        impl $crate::json::ToJson for $name {
            fn to_json(&self) -> $crate::__private::serde_json::Value {
                $crate::__private::serde_json::Value::String(self.as_str().to_owned())
            }
        }

        $crate::__serde_impls!(serialize $name);
        $crate::__serde_impls!(deserialize $name);
    };
}
