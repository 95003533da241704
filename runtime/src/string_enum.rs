//! Forward-compatible string enums.
//!
//! APIs add enum values over time (connection types, event names, factor types). A client that
//! rejects an unknown value breaks the day the server ships one, so every catalog enum decodes
//! unknown strings into an `Other(String)` variant that keeps them. The generated crate declares
//! each enum with [`string_enum!`](crate::string_enum), so the (de)serialization logic is written
//! once, here.

/// Declares a string enum with an `Other(String)` variant for values the catalog does not know.
///
/// ```
/// actionspec_runtime::string_enum! {
///     /// State of a domain.
///     pub enum DomainState {
///         /// Waiting for verification.
///         Pending = "pending",
///         Verified = "verified",
///     }
/// }
///
/// let state: DomainState = serde_json::from_str("\"verified\"").unwrap();
/// assert_eq!(state, DomainState::Verified);
/// let future: DomainState = serde_json::from_str("\"archived\"").unwrap();
/// assert_eq!(future, DomainState::Other("archived".to_owned()));
/// assert_eq!(future.as_str(), "archived");
/// assert_eq!(serde_json::to_string(&DomainState::Pending).unwrap(), "\"pending\"");
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

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                let value: ::std::string::String =
                    $crate::__private::serde::Deserialize::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value))
            }
        }
    };
}
