//! Rust names for catalog names: identifiers that are always valid, never collide, and come out
//! the same on every run.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span};

use actionspec_catalog::model::{Action, Catalog};
use actionspec_catalog::naming::pascal_case;

use super::EmitError;

/// Strict and reserved keywords of Rust 2024 that may be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: a name equal to one of these gets a trailing `_`.
const NON_RAW_KEYWORDS: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Methods `Client` has besides the actions; an action may not take one of these names.
const CLIENT_METHODS: &[&str] = &["builder", "engine", "from", "from_env", "with_options"];

/// Statics of `descriptors.rs` besides the actions.
const DESCRIPTOR_STATICS: &[&str] = &["API", "NO_LIMITS"];

/// True for `[A-Za-z_][A-Za-z0-9_]*`: what may follow `r#` or stand alone as an identifier.
fn is_plain_ident(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
}

/// A Rust identifier for `name`: raw (`r#type`) for keywords that allow it.
///
/// Fails for names that are no identifier at all, and for `self`, `super`, `crate`, `Self`;
/// callers that must accept those use [`field_ident`].
pub(super) fn ident(name: &str) -> Result<Ident, EmitError> {
    if NON_RAW_KEYWORDS.contains(&name) || !is_plain_ident(name) {
        return Err(EmitError::new(format!(
            "`{name}` cannot be a Rust identifier"
        )));
    }
    if RAW_KEYWORDS.contains(&name) {
        Ok(Ident::new_raw(name, Span::call_site()))
    } else {
        Ok(Ident::new(name, Span::call_site()))
    }
}

/// The Rust identifier of a field or parameter with this wire name, and whether it is another
/// name than the wire name, not only its raw form: `type` becomes `r#type` (not renamed),
/// `self` becomes `self_` (renamed). The generated struct gives the wire name of either with
/// `#[json = ...]`.
pub(super) fn field_ident(wire: &str) -> Result<(Ident, bool), EmitError> {
    if NON_RAW_KEYWORDS.contains(&wire) {
        return Ok((ident(&format!("{wire}_"))?, true));
    }
    Ok((ident(wire)?, false))
}

/// The setter of an optional field: its own name, except `new`, taken by the constructor.
pub(super) fn setter_ident(wire: &str) -> Result<Ident, EmitError> {
    if wire == "new" {
        return ident("new_");
    }
    field_ident(wire).map(|(ident, _)| ident)
}

/// `OrganizationDomain` -> `ORGANIZATION_DOMAIN`, `SAMLConnection` -> `SAML_CONNECTION`.
pub(super) fn screaming_snake(pascal: &str) -> String {
    let chars: Vec<char> = pascal.chars().collect();
    let mut out = String::with_capacity(pascal.len() + 4);
    for (index, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && index > 0 {
            let previous = chars[index - 1];
            let next_is_lower = chars.get(index + 1).is_some_and(char::is_ascii_lowercase);
            if previous.is_ascii_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_ascii_uppercase() && next_is_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// Variant names for the values of one enum, in value order: PascalCase words of the value
/// (`dsync.user.created` -> `DsyncUserCreated`, `GoogleOAuth` stays, `SAML` -> `Saml`), a `V`
/// before a leading digit, and a number after names that would repeat (`saml` and `SAML`) or
/// clash with the `Other` variant the runtime macro adds. Names a value produces on its own win
/// over numbered ones, so the result depends only on the list of values.
pub(super) fn enum_variants(values: &[String]) -> Vec<String> {
    let natural: Vec<String> = values.iter().map(|value| variant_name(value)).collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for name in &natural {
        *counts.entry(name.as_str()).or_default() += 1;
    }
    let reserved = |name: &str| name == "Other" || name == "Self";
    let mut taken: BTreeSet<String> = natural
        .iter()
        .filter(|name| counts[name.as_str()] == 1 && !reserved(name))
        .cloned()
        .collect();
    let mut first_seen: BTreeSet<&str> = BTreeSet::new();
    natural
        .iter()
        .map(|name| {
            let unique = counts[name.as_str()] == 1 && !reserved(name);
            // The first of several equal names keeps it, unless the name is reserved.
            if unique
                || (!reserved(name) && first_seen.insert(name.as_str()) && !taken.contains(name))
            {
                taken.insert(name.clone());
                return name.clone();
            }
            let mut suffix = 2;
            loop {
                let candidate = format!("{name}{suffix}");
                if !taken.contains(&candidate) {
                    taken.insert(candidate.clone());
                    return candidate;
                }
                suffix += 1;
            }
        })
        .collect()
}

/// The PascalCase words of one enum value (before de-duplication).
fn variant_name(value: &str) -> String {
    let mut name = String::new();
    for word in value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        let all_caps = word.len() > 1 && !word.chars().any(|c| c.is_ascii_lowercase());
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            if all_caps {
                name.extend(chars.map(|c| c.to_ascii_lowercase()));
            } else {
                name.push_str(chars.as_str());
            }
        }
    }
    if name.is_empty() {
        "Empty".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else {
        name
    }
}

/// Rust names of one action.
#[derive(Debug, Clone)]
pub(super) struct ActionNames {
    /// Client method (`organization_get`).
    pub method: Ident,
    /// The same, without `r#`: for `_stream` and documentation.
    pub method_text: String,
    /// Params struct (`OrganizationGetParams`).
    pub params: Ident,
    /// Descriptor static (`ORGANIZATION_GET`).
    pub descriptor: Ident,
}

/// Names of every action, in catalog order; fails on an action whose names are no Rust
/// identifiers or would collide with another action's or the client's own.
pub(super) fn action_names(catalog: &Catalog) -> Result<Vec<ActionNames>, EmitError> {
    let mut methods: BTreeMap<String, &str> = CLIENT_METHODS
        .iter()
        .map(|name| ((*name).to_owned(), ""))
        .collect();
    let mut statics: BTreeMap<String, &str> = DESCRIPTOR_STATICS
        .iter()
        .map(|name| ((*name).to_owned(), ""))
        .collect();
    let mut names = Vec::with_capacity(catalog.actions.len());
    for action in &catalog.actions {
        let names_of = one_action(catalog, action)?;
        let claim = |table: &mut BTreeMap<String, &'_ str>, name: String, what: &str| match table
            .get(&name)
        {
            None => Ok(()),
            Some(&"") => Err(format!(
                "its {what} `{name}` is already used by the generated crate"
            )),
            Some(other) => Err(format!(
                "its {what} `{name}` is also the {what} of `{other}`"
            )),
        };
        let mut claimed = vec![(names_of.method_text.clone(), "method")];
        if action.paginated && action.is_available() {
            claimed.push((format!("{}_stream", names_of.method_text), "method"));
        }
        for (name, what) in claimed {
            claim(&mut methods, name.clone(), what)
                .map_err(|message| action_error(action, &message))?;
            methods.insert(name, &action.name);
        }
        let descriptor = names_of.descriptor.to_string();
        claim(&mut statics, descriptor.clone(), "descriptor")
            .map_err(|message| action_error(action, &message))?;
        statics.insert(descriptor, &action.name);
        names.push(names_of);
    }
    Ok(names)
}

fn action_error(action: &Action, message: &str) -> EmitError {
    EmitError::new(format!("action `{}`: {message}", action.name))
}

fn one_action(catalog: &Catalog, action: &Action) -> Result<ActionNames, EmitError> {
    let method_text = action
        .name
        .strip_prefix(&catalog.api.action_prefix)
        .filter(|rest| !rest.is_empty())
        .ok_or_else(|| {
            action_error(
                action,
                &format!("does not start with `{}`", catalog.api.action_prefix),
            )
        })?
        .to_owned();
    let method = ident(&method_text).map_err(|error| action_error(action, &error.message))?;
    let params = ident(&format!("{}Params", pascal_case(&method_text)))
        .map_err(|error| action_error(action, &error.message))?;
    let descriptor = ident(&method_text.to_ascii_uppercase())
        .map_err(|error| action_error(action, &error.message))?;
    Ok(ActionNames {
        method,
        method_text,
        params,
        descriptor,
    })
}

/// Descriptor statics of models and enums (`ORGANIZATION_DOMAIN`), in catalog order; fails when
/// two names of one kind would give the same static.
pub(super) fn type_statics<'a>(
    kind: &str,
    names: impl Iterator<Item = &'a str>,
) -> Result<Vec<Ident>, EmitError> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut statics = Vec::new();
    for name in names {
        let screaming = screaming_snake(name);
        if let Some(other) = seen.insert(screaming.clone(), name) {
            return Err(EmitError::new(format!(
                "{kind} `{name}` and `{other}` would both have the descriptor `{screaming}`"
            )));
        }
        statics.push(
            ident(&screaming)
                .map_err(|error| EmitError::new(format!("{kind} `{name}`: {}", error.message)))?,
        );
    }
    Ok(statics)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|value| (*value).to_owned()).collect()
    }

    #[test]
    fn enum_variants_are_pascal_case_and_unique() {
        let values = strings(&[
            "GoogleOAuth",
            "saml",
            "SAML",
            "dsync.user.created",
            "sso",
            "2fa",
            "",
            "other",
            "Saml2",
            "user_management",
            "a-b",
            "a_b",
        ]);
        assert_eq!(
            enum_variants(&values),
            [
                "GoogleOAuth",
                "Saml",
                "Saml3",
                "DsyncUserCreated",
                "Sso",
                "V2fa",
                "Empty",
                "Other2",
                "Saml2",
                "UserManagement",
                "AB",
                "AB2",
            ]
        );
    }

    #[test]
    fn keywords_become_raw_or_get_an_underscore() {
        assert_eq!(field_ident("type").unwrap().0.to_string(), "r#type");
        assert_eq!(field_ident("gen").unwrap().0.to_string(), "r#gen");
        assert_eq!(
            field_ident("self").unwrap(),
            (ident("self_").unwrap(), true)
        );
        assert_eq!(
            field_ident("name").unwrap(),
            (ident("name").unwrap(), false)
        );
        assert_eq!(setter_ident("new").unwrap().to_string(), "new_");
        assert!(ident("2fa").is_err());
        assert!(ident("a-b").is_err());
        assert!(ident("Self").is_err());
    }

    #[test]
    fn case_conversions() {
        assert_eq!(screaming_snake("OrganizationDomain"), "ORGANIZATION_DOMAIN");
        assert_eq!(screaming_snake("SAMLConnection"), "SAML_CONNECTION");
        assert_eq!(screaming_snake("Factor2Type"), "FACTOR2_TYPE");
    }
}
