//! A corpus of broken catalogs: each file under `tests/broken/` holds one kind of mistake (or a
//! few of one family). The snapshot of each run shows every diagnostic with its position, so a
//! change to a message or a position shows up in review.
//!
//! Each case is loaded after a valid `api` block (`base.yaml` below), except cases whose name
//! contains `alone`, which are loaded by themselves.

use actionspec_catalog::load::{Source, load_sources};

/// A valid `api` block; the broken cases come after it.
const BASE: &str = include_str!("fixtures/example-api.yaml");

#[test]
fn every_broken_spec_is_refused_with_located_errors() {
    insta::glob!("broken/*.yaml", |path| {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let case = Source {
            name: name.clone(),
            text: std::fs::read_to_string(path).unwrap(),
        };
        let sources = if name.contains("alone") {
            vec![case]
        } else {
            let base = Source {
                name: "base.yaml".to_owned(),
                text: BASE.to_owned(),
            };
            vec![base, case]
        };
        let diagnostics = load_sources(&sources).expect_err("a broken spec must be refused");
        assert!(!diagnostics.is_empty());
        for diagnostic in diagnostics.iter() {
            assert!(diagnostic.location.line >= 1 && diagnostic.location.column >= 1);
        }
        insta::assert_snapshot!(diagnostics.to_string());
    });
}

#[test]
fn the_base_alone_is_valid() {
    let base = Source {
        name: "base.yaml".to_owned(),
        text: BASE.to_owned(),
    };
    let catalog = load_sources(&[base]).unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    assert!(catalog.actions.is_empty());
}
