//! Showing a request without sending it.

use std::fmt;

use crate::descriptor::Method;

/// The exact request an action would send: method, URL, headers (the key shown as
/// `<redacted>`, after the auth scheme) and body. Made by [`Engine::dry_run`](crate::Engine::dry_run) and
/// [`Engine::dry_run_json`](crate::Engine::dry_run_json); `Display` prints it as HTTP.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DryRun {
    /// The action's name.
    pub action: &'static str,
    pub method: Method,
    /// Full URL, query included.
    pub url: String,
    /// Header names (lower case) and values, in sending order.
    pub headers: Vec<(String, String)>,
    /// JSON body, when one would be sent.
    pub body: Option<serde_json::Value>,
}

impl DryRun {
    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(header, _)| header.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The request as JSON (`{"action", "method", "url", "headers", "body"}`), for tools.
    pub fn to_json(&self) -> serde_json::Value {
        let headers: serde_json::Map<String, serde_json::Value> = self
            .headers
            .iter()
            .map(|(name, value)| (name.clone(), serde_json::Value::String(value.clone())))
            .collect();
        serde_json::json!({
            "action": self.action,
            "method": self.method.as_str(),
            "url": self.url,
            "headers": headers,
            "body": self.body,
        })
    }
}

impl fmt::Display for DryRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} {}", self.method, self.url)?;
        for (name, value) in &self.headers {
            writeln!(f, "{name}: {value}")?;
        }
        if let Some(body) = &self.body {
            writeln!(f)?;
            let text = serde_json::to_string_pretty(body).map_err(|_| fmt::Error)?;
            writeln!(f, "{text}")?;
        }
        Ok(())
    }
}
