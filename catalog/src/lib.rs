//! The action catalog: the model of an API's actions, models and enums, and the loader that
//! reads the YAML of `spec/` into it, checking all of it.
//!
//! ```text
//! spec/*.yaml --load--> catalog model --validate--> Catalog (or every problem, file:line:col)
//! ```
//!
//! The generator (`codegen`) and the OpenAPI tools (`actionspec-openapi`) start from a
//! [`model::Catalog`] loaded here; the rules they share about the catalog's text (its naming,
//! its path templates, how deep its YAML may nest, the `drift` it may declare) live here too.

pub mod diagnostics;
pub mod drift;
pub mod load;
pub mod model;
pub mod naming;
pub mod nesting;
pub mod path_template;
