//! The catalog's naming rules: `snake_case` for actions, parameters, fields and resources,
//! `PascalCase` for models and enums. The emitters derive Rust names from them, and `import`
//! names new entries with them.

/// `widgetId`, `Widget-ID`, `widget id` all give `widget_id`.
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            if previous_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            previous_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            previous_lower = false;
        }
    }
    let out = out.trim_matches('_').to_owned();
    match out.chars().next() {
        Some(first) if first.is_ascii_alphabetic() => out,
        _ => format!("x_{out}"),
    }
}

/// `organization_get` -> `OrganizationGet`.
pub fn pascal_case(snake: &str) -> String {
    snake
        .split('_')
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_conversions() {
        assert_eq!(snake_case("widgetId"), "widget_id");
        assert_eq!(snake_case("auth_factors"), "auth_factors");
        assert_eq!(snake_case("X-Request-ID"), "x_request_id");
        assert_eq!(
            pascal_case("organization_domain_get"),
            "OrganizationDomainGet"
        );
        assert_eq!(pascal_case("sso_v2_get"), "SsoV2Get");
    }
}
