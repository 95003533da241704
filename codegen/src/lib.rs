//! The generator: loads the YAML catalog, validates all of it, and emits the typed client.
//!
//! ```text
//! spec/*.yaml --load--> catalog model --validate--> Catalog --emit--> generated/
//! ```
//!
//! Nothing is written unless the whole catalog is valid, and every file is replaced atomically.

pub mod diagnostics;
pub mod drift;
pub mod emit;
pub mod import;
pub mod load;
pub mod model;
pub mod openapi;
pub mod output;
pub mod path_template;
