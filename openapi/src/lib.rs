//! The catalog against a vendor's OpenAPI document (3.0 or 3.1, YAML or JSON).
//!
//! ```text
//! openapi.yaml --read--> document::Operation --drift::compare(catalog)--> drift::Report
//!                                            --import::entry(catalog)---> a new catalog entry
//! ```
//!
//! `codegen drift` reports where the catalog and the document disagree; `codegen import`
//! prints a first catalog entry for an operation the catalog lacks.

pub mod document;
pub mod drift;
pub mod import;
