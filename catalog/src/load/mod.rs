//! From YAML text to a checked [`Catalog`], or every problem found on the way.

mod declared;
mod emulation;
mod items;
mod protocol;
mod raw;
mod reader;
mod resolve;
mod type_expr;
mod webhooks;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use marked_yaml::{LoadError, LoaderOptions, Node};

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Catalog, Method};
use crate::nesting;
use crate::path_template::path_shape;
use raw::{RawCatalog, TypeKind};
use reader::{Reader, Spanned};

/// One catalog file: the name errors will show, and its text.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

pub use declared::{Declaration, Exclusion};

/// Where each entry of a catalog was written, and the differences from the vendor's document
/// declared on purpose: what a tool needs to point a maintainer at the spec.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// By (action, model or enum name; parameter or field name, or empty for the entry itself).
    places: BTreeMap<(String, String), Location>,
    /// Every `drift` entry, in file order.
    pub declarations: Vec<Declaration>,
    /// Every `excluded` entry, in file order.
    pub exclusions: Vec<Exclusion>,
}

impl SourceMap {
    /// Where an action, model or enum (`member: None`) or one of its parameters or fields was
    /// named.
    pub fn place(&self, owner: &str, member: Option<&str>) -> Option<&Location> {
        self.places
            .get(&(owner.to_owned(), member.unwrap_or_default().to_owned()))
    }

    fn from_raw(raw: &RawCatalog) -> SourceMap {
        let mut map = SourceMap::default();
        let mut add = |owner: &Spanned<String>, member: Option<&Spanned<String>>| {
            let at = member.map_or(&owner.at, |member| &member.at);
            let key = (
                owner.value.clone(),
                member
                    .map(|member| member.value.clone())
                    .unwrap_or_default(),
            );
            map.places.insert(key, at.clone());
        };
        for action in &raw.actions {
            add(&action.name, None);
            for param in &action.params {
                add(&action.name, Some(&param.name));
            }
        }
        for model in &raw.models {
            add(&model.name, None);
            for field in &model.fields {
                add(&model.name, Some(&field.name));
            }
        }
        for enumeration in &raw.enums {
            add(&enumeration.name, None);
        }
        let declarations = raw.actions.iter().map(|action| &action.drift);
        let declarations = declarations
            .chain(raw.models.iter().map(|model| &model.drift))
            .chain(raw.enums.iter().map(|enumeration| &enumeration.drift));
        map.declarations = declarations.flatten().cloned().collect();
        map.declarations.sort_by(|a, b| a.at.cmp(&b.at));
        map.exclusions = raw.exclusions.clone();
        map
    }
}

/// Loads the catalog from files in memory, merged in the order given.
pub fn load_sources(sources: &[Source]) -> Result<Catalog, Diagnostics> {
    load_sources_mapped(sources).map(|(catalog, _)| catalog)
}

/// [`load_sources`], with where each entry was written.
pub fn load_sources_mapped(sources: &[Source]) -> Result<(Catalog, SourceMap), Diagnostics> {
    let names: Vec<String> = sources.iter().map(|source| source.name.clone()).collect();
    let mut reader = Reader::new(names.clone());
    let mut raw = RawCatalog::default();
    for (index, source) in sources.iter().enumerate() {
        if let Some(root) = parse(&mut reader, index, source) {
            read_file(&mut reader, &root, &mut raw);
        }
    }
    check_exclusions(&mut reader, &raw);
    let map = SourceMap::from_raw(&raw);
    let catalog = resolve::resolve(&mut reader, raw);
    match catalog {
        Some(catalog) if reader.diagnostics.is_empty() => Ok((catalog, map)),
        _ => Err(reader.diagnostics.finish(&names)),
    }
}

/// An operation is excluded once, and never one an action of the catalog serves.
fn check_exclusions(reader: &mut Reader, raw: &RawCatalog) {
    let mut seen: BTreeMap<(Method, &str), &Location> = BTreeMap::new();
    for exclusion in &raw.exclusions {
        let key = (exclusion.method, exclusion.shape.as_str());
        if let Some(first) = seen.get(&key) {
            reader.error(
                exclusion.at.clone(),
                format!(
                    "`{} {}` is already excluded at {first}",
                    exclusion.method.as_str(),
                    exclusion.path
                ),
            );
            continue;
        }
        seen.insert(key, &exclusion.at);
        let served = raw.actions.iter().find(|action| {
            action.http.as_ref().is_some_and(|http| {
                http.method.value == exclusion.method
                    && path_shape(&http.path.value) == exclusion.shape
            })
        });
        if let Some(action) = served {
            reader.error(
                exclusion.path_at.clone(),
                format!(
                    "`{} {}` is excluded, but action `{}` serves it (at {}); remove one of them",
                    exclusion.method.as_str(),
                    exclusion.path,
                    action.name.value,
                    action.name.at
                ),
            );
        }
    }
}

/// Loads every `*.yaml` file of a folder, in file-name order, or the files named.
///
/// Names in diagnostics are the paths as given (joined with the folder), so they are clickable
/// from where the command ran.
pub fn load_paths(paths: &[PathBuf]) -> Result<Catalog, Diagnostics> {
    load_paths_mapped(paths).map(|(catalog, _)| catalog)
}

/// [`load_paths`], with where each entry was written.
pub fn load_paths_mapped(paths: &[PathBuf]) -> Result<(Catalog, SourceMap), Diagnostics> {
    let mut files = Vec::new();
    let mut diagnostics = Diagnostics::default();
    for path in paths {
        if path.is_dir() {
            match yaml_files(path) {
                Ok(found) if found.is_empty() => diagnostics.push(
                    file_start(path),
                    "this folder has no `*.yaml` catalog files",
                ),
                Ok(found) => files.extend(found),
                Err(error) => {
                    diagnostics.push(file_start(path), format!("cannot list the folder: {error}"))
                }
            }
        } else {
            files.push(path.clone());
        }
    }
    let mut sources = Vec::new();
    for file in &files {
        match std::fs::read_to_string(file) {
            Ok(text) => sources.push(Source {
                name: file.display().to_string(),
                text,
            }),
            Err(error) => {
                diagnostics.push(file_start(file), format!("cannot read the file: {error}"))
            }
        }
    }
    if !diagnostics.is_empty() {
        let order: Vec<String> = files
            .iter()
            .map(|file| file.display().to_string())
            .collect();
        return Err(diagnostics.finish(&order));
    }
    load_sources_mapped(&sources)
}

fn yaml_files(folder: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_file()
            && path
                .extension()
                .is_some_and(|extension| extension == "yaml")
        {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn file_start(path: &Path) -> Location {
    Location {
        file: path.display().to_string(),
        line: 1,
        column: 1,
    }
}

/// Parses one file; YAML errors become diagnostics.
fn parse(reader: &mut Reader, index: usize, source: &Source) -> Option<Node> {
    let at = |line: usize, column: usize| Location {
        file: source.name.clone(),
        line,
        column,
    };
    if let Some((line, column)) = nesting::too_deep(&source.text) {
        reader.error(
            at(line, column),
            format!(
                "the YAML nests deeper than {} levels here; a catalog needs about ten, so the file \
                 is refused before it is parsed",
                nesting::MAX_NESTING
            ),
        );
        return None;
    }
    let options = LoaderOptions::default()
        .error_on_duplicate_keys(true)
        .prevent_coercion(true);
    // The YAML library asserts on a few states it believes unreachable; a catalog file must
    // never crash the generator, so a panic there is reported like any other parse error.
    let parsed = std::panic::catch_unwind(|| {
        marked_yaml::parse_yaml_with_options(index, &source.text, options)
    });
    let error = match parsed {
        Ok(Ok(node)) => return Some(node),
        Ok(Err(error)) => error,
        Err(_) => {
            reader.error(at(1, 1), "the YAML parser could not read this file");
            return None;
        }
    };
    let (location, message) = match &error {
        LoadError::TopLevelMustBeMapping(marker) => {
            (at(marker.line(), marker.column()), NO_CATALOG.to_owned())
        }
        LoadError::UnexpectedAnchor(marker) => (
            at(marker.line(), marker.column()),
            "YAML anchors and aliases are not supported in the catalog; write the value out"
                .to_owned(),
        ),
        LoadError::UnexpectedTag(marker) => (
            at(marker.line(), marker.column()),
            "YAML tags are not supported in the catalog".to_owned(),
        ),
        LoadError::MappingKeyMustBeScalar(marker) => (
            at(marker.line(), marker.column()),
            "a mapping key must be a plain word".to_owned(),
        ),
        LoadError::TopLevelMustBeSequence(marker) => (
            at(marker.line(), marker.column()),
            "unexpected top-level sequence".to_owned(),
        ),
        LoadError::ScanError(marker, scan) => (
            at(marker.line(), marker.column() + 1),
            format!("YAML syntax error: {}", scan.info()),
        ),
        LoadError::DuplicateKey(inner) => {
            let location = reader.scalar_at(&inner.key);
            let first = reader.scalar_at(&inner.prev_key);
            (
                location,
                format!(
                    "duplicate key `{}`; the first is at {first}",
                    inner.key.as_str()
                ),
            )
        }
    };
    reader.error(location, message);
    None
}

/// What a file that holds no catalog is told: an empty or comment-only file (a file truncated by
/// mistake) would otherwise drop its actions from `generated/` without a word.
const NO_CATALOG: &str = "this file holds no catalog: a catalog file is a mapping with `api`, \
     `actions`, `models`, `enums` or `excluded`; restore its content, or delete the file if it is not wanted";

/// Reads the top-level keys of one file into the raw catalog.
fn read_file(reader: &mut Reader, root: &Node, raw: &mut RawCatalog) {
    let Some(map) = reader.mapping(root, "a catalog file") else {
        return;
    };
    if map.is_empty() {
        // An empty mapping's span is where the file ends; the file's start reads better.
        let at = Location {
            line: 1,
            column: 1,
            ..reader.node_at(root)
        };
        reader.error(at, NO_CATALOG);
        return;
    }
    reader.known_keys(
        map,
        &["api", "actions", "models", "enums", "excluded"],
        "a catalog file",
    );
    if let Some(excluded) = map.get_node("excluded") {
        let exclusions = reader.read_exclusions(excluded);
        raw.exclusions.extend(exclusions);
    }
    if let Some((key, api)) = map.get_key_value("api") {
        let at = reader.scalar_at(key);
        raw.api_blocks.push(at.clone());
        raw.apis.extend(reader.read_api(at, api));
    }
    let sections = [
        ("actions", Section::Action),
        ("models", Section::Model),
        ("enums", Section::Enum),
    ];
    for (key, section) in sections {
        let Some(node) = map.get_node(key) else {
            continue;
        };
        let Some(entries) = reader.entries(node, &format!("`{key}`")) else {
            continue;
        };
        for (name, value) in entries {
            let name = Spanned {
                value: name.as_str().to_owned(),
                at: reader.scalar_at(name),
            };
            // Names are recorded even when the entry is broken, so references to it do not
            // cascade into "unknown name" errors.
            match section {
                Section::Action => {
                    let available = value
                        .as_mapping()
                        .is_none_or(|action| action.get_node("unavailable").is_none());
                    raw.action_names.push((name.clone(), available));
                    raw.actions.extend(reader.read_action(name, value));
                }
                Section::Model => {
                    raw.type_names.push((name.clone(), TypeKind::Model));
                    raw.models.extend(reader.read_model(name, value));
                }
                Section::Enum => {
                    raw.type_names.push((name.clone(), TypeKind::Enum));
                    raw.enums.extend(reader.read_enum(name, value));
                }
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Section {
    Action,
    Model,
    Enum,
}
