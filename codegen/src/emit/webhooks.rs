//! `src/webhooks.rs`, when the catalog says how its API signs webhooks (`api.webhooks`): the
//! scheme as a constant, and `verify`, which checks a request's signature and decodes the event
//! model its event list answers.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::docs::inner_doc_attrs;
use super::names::ident;
use super::{Context, EmitError, rust_file};
use actionspec_catalog::model::{Type, Webhooks};

/// The file, or `None` when the API sends no webhooks.
pub(super) fn render(context: &Context<'_>) -> Result<Option<String>, EmitError> {
    let api = &context.catalog.api;
    let Some(webhooks) = &api.webhooks else {
        return Ok(None);
    };
    let crate_name = &context.crate_name;
    let header = &webhooks.signature_header;
    let event_model = event_model(context)?;
    let (event_type, event_doc) = match &event_model {
        Some(model) => {
            let name = ident(model)?;
            (
                quote!(crate::models::#name),
                format!("an [`{model}`](crate::models::{model})"),
            )
        }
        None => (quote!(::serde_json::Value), "a JSON value".to_owned()),
    };
    let lines = [
        format!(
            "Verifying the webhooks {} sends: the `{header}` header of a request, checked",
            api.name
        ),
        "against its raw body with the endpoint's secret (HMAC-SHA256, compared in constant time;"
            .to_owned(),
        format!(
            "the timestamp within {} s of now either way by default), then the body decoded as",
            webhooks.tolerance_seconds
        ),
        format!("{event_doc}."),
        String::new(),
        "```".to_owned(),
        "use std::time::SystemTime;".to_owned(),
        format!("use {crate_name}::webhooks;"),
        String::new(),
        "let body = br#\"{\"id\":\"event_01\"}\"#;".to_owned(),
        "// What the API sends: the raw body and the signature header.".to_owned(),
        "let signature = webhooks::secret(\"whsec_test\").sign(body, SystemTime::now());"
            .to_owned(),
        "match webhooks::verify(body, &signature, \"whsec_test\") {".to_owned(),
        "    Ok(event) => println!(\"{event:?}\"),".to_owned(),
        "    // Signed, but not a whole event: a decode error, not a signature one.".to_owned(),
        "    Err(error) => assert!(matches!(error, webhooks::WebhookError::Decode { .. })),"
            .to_owned(),
        "}".to_owned(),
        "assert!(webhooks::verify(body, &signature, \"whsec_other\").is_err());".to_owned(),
        "```".to_owned(),
    ];
    let docs = inner_doc_attrs(&lines);
    let scheme = descriptor(webhooks);
    let scheme_doc = format!(
        " How {} signs webhooks (`api.webhooks` in the catalog; also `descriptors::API.webhooks`).",
        api.name
    );
    let header_doc = format!(" The request header carrying the signature (`{header}`).");
    let tokens = quote! {
        #docs

        pub use ::actionspec_runtime::webhook::{WebhookError, WebhookSecret};

        #[doc = #scheme_doc]
        pub const SCHEME: ::actionspec_runtime::WebhookDescriptor = #scheme;

        #[doc = #header_doc]
        pub const SIGNATURE_HEADER: &str = #header;

        /// One endpoint's secret with this API's scheme: verifies (and signs) webhooks. Set
        /// another tolerance with [`WebhookSecret::tolerance`].
        pub fn secret(secret: impl AsRef<[u8]>) -> WebhookSecret {
            WebhookSecret::new(SCHEME, secret)
        }

        /// Checks the raw `body` against the signature header's value with the endpoint's
        /// `secret` and the default tolerance, then decodes the event.
        pub fn verify(
            body: &[u8],
            signature: &str,
            secret: &str,
        ) -> ::core::result::Result<#event_type, WebhookError> {
            self::secret(secret).verify_event(body, signature)
        }
    };
    rust_file(tokens).map(Some)
}

/// The descriptor literal (`descriptors::API` refers to it).
fn descriptor(webhooks: &Webhooks) -> TokenStream {
    let header = &webhooks.signature_header;
    let scheme = Ident::new(webhooks.scheme.variant(), Span::call_site());
    let unit = Ident::new(webhooks.timestamp_unit.variant(), Span::call_site());
    let tolerance = Literal::u64_unsuffixed(u64::from(webhooks.tolerance_seconds));
    quote! {
        ::actionspec_runtime::WebhookDescriptor {
            signature_header: #header,
            scheme: ::actionspec_runtime::SignatureScheme::#scheme,
            timestamp_unit: ::actionspec_runtime::TimestampUnit::#unit,
            tolerance_secs: #tolerance,
        }
    }
}

/// The model the event list answers, if the catalog has one.
fn event_model(context: &Context<'_>) -> Result<Option<String>, EmitError> {
    let catalog = context.catalog;
    let Some(events) = &catalog.api.events else {
        return Ok(None);
    };
    let action = catalog
        .actions
        .iter()
        .find(|action| action.name == events.action)
        .ok_or_else(|| {
            EmitError::new(format!(
                "the event list `{}` is not an action",
                events.action
            ))
        })?;
    Ok(match &action.returns {
        Some(Type::Model(name)) => Some(name.clone()),
        _ => None,
    })
}
