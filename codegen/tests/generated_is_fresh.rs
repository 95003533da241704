//! `generated/` must be exactly what the catalog in `spec/` gives (rust-analyzer's habit for
//! checked-in generated sources): a spec edit without a regeneration fails here, naming the fix.

use std::path::Path;

#[test]
fn generated_matches_the_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let catalog = actionspec_catalog::load::load_paths(&[root.join("spec/workos")])
        .unwrap_or_else(|diagnostics| panic!("the catalog in spec/ is invalid:\n{diagnostics}"));
    let files = codegen::emit::render(&catalog).expect("the catalog renders");
    let stale = codegen::output::stale_files(&root.join("generated"), &files);
    assert!(
        stale.is_empty(),
        "generated/ is stale ({}); run `cargo run -p codegen -- generate` and commit the result",
        stale
            .iter()
            .map(|path| path.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
}

#[test]
fn rendering_is_deterministic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let catalog =
        actionspec_catalog::load::load_paths(&[root.join("spec/workos")]).expect("valid catalog");
    let first = codegen::emit::render(&catalog).expect("renders");
    let second = codegen::emit::render(
        &actionspec_catalog::load::load_paths(&[root.join("spec/workos")]).expect("valid catalog"),
    )
    .expect("renders");
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.path, b.path);
        assert!(
            a.contents == b.contents,
            "{} differs between two runs",
            a.path
        );
    }
}
