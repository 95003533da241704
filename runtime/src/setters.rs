//! Builder-style setters for optional fields, declared once here so generated code lists only
//! the field names and types.

/// Adds `fn field(self, value: impl Into<T>) -> Self` for each listed `Option<T>` field.
///
/// `field as name: T` names the setter differently from the field (for a field called `new`).
///
/// ```
/// #[derive(Debug, Default)]
/// #[must_use]
/// pub struct Query {
///     search: Option<String>,
///     limit: Option<i64>,
///     new: Option<bool>,
/// }
///
/// actionspec_runtime::setters! {
///     Query {
///         search: String,
///         limit: i64,
///         new as new_: bool,
///     }
/// }
///
/// let query = Query::default().search("acme").limit(10).new_(true);
/// assert_eq!(query.search.as_deref(), Some("acme"));
/// assert_eq!(query.limit, Some(10));
/// assert_eq!(query.new, Some(true));
/// ```
#[macro_export]
macro_rules! setters {
    ($name:ident { $($field:ident $(as $setter:ident)?: $ty:ty),* $(,)? }) => {
        impl $name {
            $($crate::setters!(@one $field [$($setter)?] $ty);)*
        }
    };
    (@one $field:ident [] $ty:ty) => {
        $crate::setters!(@one $field [$field] $ty);
    };
    (@one $field:ident [$setter:ident] $ty:ty) => {
        #[doc = concat!("Sets `", stringify!($field), "`.")]
        pub fn $setter(mut self, value: impl ::std::convert::Into<$ty>) -> Self {
            self.$field = ::std::option::Option::Some(value.into());
            self
        }
    };
}
