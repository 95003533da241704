//! Secret answer fields, redacted on the agent surfaces.
//!
//! The catalog marks the fields that carry a secret (`secret: true`: a created key's value, a
//! TOTP secret, a one-time code) and the descriptor table carries the mark
//! ([`FieldDescriptor::secret`](actionspec_runtime::FieldDescriptor::secret)). An answer shown
//! on the command line or handed to an agent over MCP ends up in terminals, logs and
//! transcripts, so both surfaces pass it through [`redact_answer`] first, unless the person
//! started them with `--show-secrets`. The answer on the wire, and what the typed client
//! decodes, are untouched: redaction is the surfaces' job.
//!
//! The walk follows the action's result type through the descriptor table: models (by their
//! fields), lists, maps and pages. A secret field's strings, in lists and maps too, are each
//! replaced by [`REDACTED`], so a redacted answer still fits the action's result schema.

use actionspec_runtime::{ActionDescriptor, ApiDescriptor, Returns, TypeRef};
use serde_json::Value;

/// What a secret value is replaced with.
pub const REDACTED: &str = "[secret: redacted; rerun with --show-secrets]";

/// Whether a surface shows secret fields.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Secrets {
    /// Replaced by [`REDACTED`] (the default).
    #[default]
    Redacted,
    /// Shown as the API sent them (`--show-secrets`).
    Shown,
}

impl Secrets {
    /// From the `--show-secrets` flag.
    pub fn from_flag(show: bool) -> Secrets {
        if show {
            Secrets::Shown
        } else {
            Secrets::Redacted
        }
    }

    /// [`redact_answer`] unless secrets are shown; answers how many values were redacted.
    pub fn apply(
        self,
        api: &'static ApiDescriptor,
        action: &ActionDescriptor,
        answer: &mut Value,
    ) -> usize {
        match self {
            Secrets::Redacted => redact_answer(api, action, answer),
            Secrets::Shown => 0,
        }
    }

    /// [`redact`] of one value of `ty` (an item of a page) unless secrets are shown.
    pub fn apply_to(self, api: &'static ApiDescriptor, ty: &TypeRef, value: &mut Value) -> usize {
        match self {
            Secrets::Redacted => redact(api, ty, value),
            Secrets::Shown => 0,
        }
    }
}

/// The warning a surface prints on stderr when it starts showing secrets.
pub fn warning(program: &str, whom: &str) -> String {
    format!(
        "{program}: warning: --show-secrets: secret values in answers (keys, TOTP secrets, one-time codes) will be shown {whom}; keep them out of logs and transcripts"
    )
}

/// Replaces every secret value of `answer`, the answer of `action` as the engine's dynamic
/// calls give it (for a paginated action: the whole page, items under the protocol's items
/// field); answers how many values were replaced.
pub fn redact_answer(
    api: &'static ApiDescriptor,
    action: &ActionDescriptor,
    answer: &mut Value,
) -> usize {
    match action.returns {
        Returns::Nothing => 0,
        Returns::One(ty) => redact(api, ty, answer),
        Returns::Page(ty) => match answer.get_mut(api.pagination.items_field) {
            Some(Value::Array(items)) => items.iter_mut().map(|item| redact(api, ty, item)).sum(),
            _ => 0,
        },
    }
}

/// Replaces every secret value inside `value`, a value of type `ty`; answers how many were
/// replaced. Values that do not have the type's shape are left as they are (the answer's
/// decoding is not this function's business), except under a secret field, where whatever is
/// there is hidden.
pub fn redact(api: &'static ApiDescriptor, ty: &TypeRef, value: &mut Value) -> usize {
    match (ty, value) {
        (TypeRef::List(item), Value::Array(items)) => {
            items.iter_mut().map(|value| redact(api, item, value)).sum()
        }
        (TypeRef::Map(inner), Value::Object(entries)) => entries
            .values_mut()
            .map(|value| redact(api, inner, value))
            .sum(),
        (TypeRef::Model(name), Value::Object(object)) => {
            let Some(model) = api.model(name) else {
                return 0;
            };
            let mut count = 0;
            for field in model.fields {
                let Some(value) = object.get_mut(field.name) else {
                    continue;
                };
                count += if field.secret {
                    hide(value)
                } else {
                    redact(api, &field.ty, value)
                };
            }
            count
        }
        _ => 0,
    }
}

/// Replaces each value under a secret field (each string of a list or map of them); `null`
/// stays `null`, so an absent secret does not look present.
fn hide(value: &mut Value) -> usize {
    match value {
        Value::Null => 0,
        Value::Array(items) => items.iter_mut().map(hide).sum(),
        Value::Object(entries) => entries.values_mut().map(hide).sum(),
        other => {
            *other = Value::String(REDACTED.to_owned());
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actionspec_test_catalog::shapes::{API, CREDENTIAL_CREATE};
    use serde_json::json;

    #[test]
    fn secrets_are_found_through_models_lists_maps_and_nulls() {
        let mut answer = json!({
            "id": "cred_1",
            "value": "s3cret",
            "recovery_codes": ["r1", "r2"],
            "hints": {"a": "h1"},
            "previous": {"id": "cred_0", "value": "older"},
            "others": [{"id": "cred_2", "value": "other"}, {"id": "cred_3", "value": null}],
            "unknown": "s3cret-not-in-the-catalog",
        });
        let count = redact_answer(&API, &CREDENTIAL_CREATE, &mut answer);
        assert_eq!(count, 6, "{answer}");
        assert_eq!(
            answer,
            json!({
                "id": "cred_1",
                "value": REDACTED,
                "recovery_codes": [REDACTED, REDACTED],
                "hints": {"a": REDACTED},
                "previous": {"id": "cred_0", "value": REDACTED},
                "others": [{"id": "cred_2", "value": REDACTED}, {"id": "cred_3", "value": null}],
                "unknown": "s3cret-not-in-the-catalog",
            })
        );
        let mut nulls =
            json!({"id": "cred_4", "value": "v", "recovery_codes": null, "previous": null});
        assert_eq!(redact_answer(&API, &CREDENTIAL_CREATE, &mut nulls), 1);
        assert_eq!(
            nulls["recovery_codes"],
            Value::Null,
            "an absent secret stays absent"
        );
        assert_eq!(nulls["previous"], Value::Null);
        let text = answer.to_string();
        for secret in ["s3cret\"", "r1", "r2", "h1", "older", "other\""] {
            assert!(!text.contains(secret), "{secret} left in {text}");
        }
    }

    #[test]
    fn a_secret_of_an_unexpected_shape_is_hidden_whole() {
        let mut answer = json!({"id": "cred_1", "value": 42, "hints": {"a": ["x", {"b": true}]}});
        let count = redact_answer(&API, &CREDENTIAL_CREATE, &mut answer);
        assert_eq!(count, 3);
        assert_eq!(answer["value"], REDACTED);
        assert_eq!(answer["hints"], json!({"a": [REDACTED, {"b": REDACTED}]}));
    }

    #[test]
    fn pages_are_walked_through_their_items() {
        let list = API.action("test_credentials_list").unwrap();
        let mut page = json!({
            "object": "list",
            "data": [{"id": "cred_1", "value": "one"}, {"id": "cred_2", "value": "two"}],
            "list_metadata": {"after": "value"},
        });
        assert_eq!(redact_answer(&API, list, &mut page), 2);
        assert_eq!(page["data"][0]["value"], REDACTED);
        assert_eq!(page["data"][1]["value"], REDACTED);
        assert_eq!(
            page["list_metadata"]["after"], "value",
            "not an item: untouched"
        );
    }

    #[test]
    fn shown_secrets_are_left_alone() {
        let mut answer = json!({"id": "cred_1", "value": "s3cret"});
        let before = answer.clone();
        assert_eq!(
            Secrets::Shown.apply(&API, &CREDENTIAL_CREATE, &mut answer),
            0
        );
        assert_eq!(answer, before);
        assert_eq!(
            Secrets::from_flag(false).apply(&API, &CREDENTIAL_CREATE, &mut answer),
            1
        );
    }
}
