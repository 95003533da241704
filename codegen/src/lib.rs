//! The generator: renders a checked catalog as the typed client and writes it.
//!
//! ```text
//! spec/*.yaml --load (actionspec-catalog)--> Catalog --emit--> files --output--> generated/
//! ```
//!
//! Nothing is written unless the whole catalog is valid, and every file is replaced atomically.
//! The binary (`cargo run -p codegen -- generate | check | validate | drift | import`) is the
//! maintainers' one command line, over this crate, `actionspec-catalog` and
//! `actionspec-openapi`.

pub mod emit;
pub mod output;
