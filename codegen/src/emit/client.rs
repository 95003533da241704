//! `src/client.rs`: `Client`, one async method per available action.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_lines, inner_doc_attrs, raw_doc_attrs};
use super::names::ActionNames;
use super::types::{Paths, rust_type};
use super::{Context, EmitError, imports, rust_file};
use actionspec_catalog::model::{Action, Endpoint};

pub(super) fn render(context: &Context<'_>) -> Result<String, EmitError> {
    let api = &context.catalog.api;
    let module_doc = inner_doc_attrs(&[
        "[`Client`]: one typed method per available action of the catalog.".to_owned(),
    ]);
    let client_doc = raw_doc_attrs(&[
        format!(
            "Typed client of the {} API: one async method per available action.",
            api.name
        ),
        String::new(),
        "Every method sends its action through the [`Engine`](crate::Engine), the one request"
            .to_owned(),
        "path that validates, authenticates, applies the write policy, retries and decodes."
            .to_owned(),
        "Cloning is cheap: clones share the engine. Actions the API does not serve have no"
            .to_owned(),
        "method; [`descriptors`](crate::descriptors) lists them with the reason.".to_owned(),
    ]);
    let from_env_doc = raw_doc_attrs(&[
        format!(
            "A client configured from the environment: the API key from `{}`,",
            api.api_key_env
        ),
        format!("the base URL from `{}` when it is set.", api.base_url_env),
    ]);
    let methods = context
        .actions()
        .filter(|(action, _)| action.is_available())
        .map(|(action, names)| {
            methods(action, names, &api.pagination.limit_param).map_err(|error| {
                EmitError::new(format!("action `{}`: {}", action.name, error.message))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let body = quote! {
        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            engine: Engine,
        }

        impl Client {
            #from_env_doc
            pub fn from_env() -> Result<Self> {
                Self::builder().from_env().build().map(Self::from)
            }

            /// A builder for an engine of this API (API key, base URL, timeouts, retries, write
            /// policy), naming this crate in the user agent; turn the engine it builds into a client
            /// with `Client::from`.
            pub fn builder() -> EngineBuilder {
                Engine::builder(&crate::descriptors::API)
                    .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
            }

            /// The engine behind this client, for calls by action name with JSON arguments.
            pub fn engine(&self) -> &Engine {
                &self.engine
            }

            /// A client whose calls use these options; this one is unchanged.
            pub fn with_options(&self, options: CallOptions) -> Self {
                Self {
                    engine: self.engine.with_options(options),
                }
            }

            #(#methods)*
        }

        impl From<Engine> for Client {
            fn from(engine: Engine) -> Self {
                Self { engine }
            }
        }
    };
    // The file declares only `Client`, so the runtime's names can be imported without
    // shadowing anything the catalog names (those are always `crate::models::Name`).
    let uses = imports(
        &body,
        &[
            "CallOptions",
            "Engine",
            "EngineBuilder",
            "ItemStream",
            "Page",
            "Result",
        ],
        &[],
    );
    rust_file(quote!(#module_doc #uses #body))
}

/// The method of an action, and its `_stream` twin when it pages.
fn methods(
    action: &Action,
    names: &ActionNames,
    limit_param: &str,
) -> Result<TokenStream, EmitError> {
    let Endpoint::Http { method, path, .. } = &action.endpoint else {
        return Ok(quote!());
    };
    let mut traits = vec![action.access.as_str()];
    if action.destructive {
        traits.push("destructive");
    }
    if action.paginated {
        traits.push("paginated");
    }
    if action.browser.is_some() {
        traits.push("browser: the URL is built, never sent");
    }
    let endpoint_line = format!("`{} {path}` · {}", method.as_str(), traits.join(" · "));
    let doc = doc_lines(&[
        action.summary.as_str(),
        action.description.as_deref().unwrap_or_default(),
    ]);
    let mut lines = doc.clone();
    lines.push(String::new());
    lines.push(endpoint_line.clone());
    let doc = raw_doc_attrs(&lines);

    let (name, params, descriptor) = (&names.method, &names.params, &names.descriptor);
    let returned: TokenStream = match &action.returns {
        Some(ty) => rust_type(ty, Paths::Elsewhere)?
            .parse()
            .map_err(|error| EmitError::new(format!("a type that does not parse: {error}")))?,
        None if action.paginated => quote!(::serde_json::Value),
        None => quote!(()),
    };
    if action.browser.is_some() {
        // Nothing is sent: the URL is built now, on the configured base URL.
        return Ok(quote! {
            #doc
            pub fn #name(&self, params: crate::params::#params) -> Result<String> {
                self.engine.url(&crate::descriptors::#descriptor, &params)
            }
        });
    }
    if !action.paginated {
        // Not `async fn`: the engine's future is returned as is (`Send + 'static`, ready to
        // spawn), so a method adds no state machine of its own. `use<>`: the future's type does
        // not name the borrow of the client, so a closure over `&Client` can return it.
        return Ok(quote! {
            #doc
            pub fn #name(
                &self,
                params: crate::params::#params,
            ) -> impl Future<Output = Result<#returned>> + Send + 'static + use<> {
                self.engine.call(&crate::descriptors::#descriptor, &params)
            }
        });
    }
    let stream = super::names::ident(&format!("{}_stream", names.method_text))?;
    let stream_doc = raw_doc_attrs(&[
        if name.to_string().starts_with("r#") {
            // rustdoc cannot resolve a link to a raw identifier.
            format!(
                "Every item of `{}`, page after page, fetched as the stream is read.",
                names.method_text
            )
        } else {
            format!(
                "Every item of [`{text}`](Self::{name}), page after page, fetched as the stream is read.",
                text = names.method_text
            )
        },
        format!("Set the page size with `{limit_param}`; stop early with `StreamExt::take`."),
        String::new(),
        endpoint_line,
    ]);
    Ok(quote! {
        #doc
        pub fn #name(
            &self,
            params: crate::params::#params,
        ) -> impl Future<Output = Result<Page<#returned>>> + Send + 'static + use<> {
            self.engine.page(&crate::descriptors::#descriptor, &params)
        }

        #stream_doc
        pub fn #stream(
            &self,
            params: crate::params::#params,
        ) -> ItemStream<#returned> {
            self.engine.stream(&crate::descriptors::#descriptor, params)
        }
    })
}
