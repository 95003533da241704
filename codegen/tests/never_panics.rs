//! The generator never panics on any input: the real catalog, damaged in many small ways (cut
//! short, lines dropped or doubled, YAML punctuation and odd characters inserted), is either
//! refused with located diagnostics or loads and renders.

use std::path::Path;

use actionspec_catalog::load::{Source, load_sources};

/// Deterministic damage to one file: each variant keeps the rest of the catalog intact.
fn damaged(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let step = (lines.len() / 6).max(1);
    for at in (0..lines.len()).step_by(step) {
        let without: Vec<&str> = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != at)
            .map(|(_, line)| *line)
            .collect();
        out.push(without.join("\n"));
        let mut doubled = lines.clone();
        doubled.insert(at, lines[at]);
        out.push(doubled.join("\n"));
        for insert in [
            "{", "]", "&anchor ", "*alias", "!!str ", "- ", "\t", ": :", "é😀",
        ] {
            let mut changed: Vec<String> = lines.iter().map(|line| (*line).to_owned()).collect();
            let line = &mut changed[at];
            let middle = line
                .char_indices()
                .nth(line.chars().count() / 2)
                .map_or(line.len(), |(i, _)| i);
            line.insert_str(middle, insert);
            out.push(changed.join("\n"));
        }
    }
    for cut in (0..text.len()).step_by((text.len() / 6).max(1)) {
        if text.is_char_boundary(cut) {
            out.push(text[..cut].to_owned());
        }
    }
    out
}

#[test]
fn damaged_catalogs_are_refused_or_rendered_never_a_panic() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/workos");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "yaml")
        })
        .collect();
    files.sort();
    let sources: Vec<Source> = files
        .iter()
        .map(|path| Source {
            name: path.file_name().unwrap().to_string_lossy().into_owned(),
            text: std::fs::read_to_string(path).unwrap(),
        })
        .collect();
    let (mut refused, mut accepted) = (0, 0);
    for index in [0, sources.len() / 2, sources.len() - 1] {
        for text in damaged(&sources[index].text) {
            let mut case = sources.clone();
            case[index].text = text;
            match load_sources(&case) {
                Err(diagnostics) => {
                    assert!(!diagnostics.is_empty());
                    assert!(
                        diagnostics
                            .iter()
                            .all(|d| d.location.line >= 1 && d.location.column >= 1)
                    );
                    refused += 1;
                }
                Ok(catalog) => {
                    // Rendering is slow in a debug build; a few accepted variants suffice.
                    if accepted < 4 {
                        let _ = codegen::emit::render(&catalog);
                    }
                    accepted += 1;
                }
            }
        }
    }
    assert!(
        refused > 100,
        "most damage is caught: {refused} refused, {accepted} accepted"
    );
}
