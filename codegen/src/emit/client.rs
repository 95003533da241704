//! `src/client.rs`: `Client`, one async method per available action, written as text (see
//! [`super::text`]).

use super::docs::doc_lines;
use super::names::ActionNames;
use super::text::{doc_comment, use_list};
use super::types::{Paths, rust_type};
use super::{Context, EmitError, RUST_HEADER};
use actionspec_catalog::model::{Action, Endpoint};

/// Runtime names the file may use; only those it does use are imported. The file declares
/// only `Client`, so they shadow nothing the catalog names (those are `crate::models::Name`).
const RUNTIME_NAMES: &[&str] = &[
    "CallOptions",
    "Engine",
    "EngineBuilder",
    "ItemStream",
    "Page",
    "Result",
];

/// The methods every client has, between the doc of `Client` and the actions' methods.
const CLIENT_METHODS: &str = r#"    pub fn from_env() -> Result<Self> {
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
"#;

/// After the last method.
const CLIENT_END: &str = r#"}

impl From<Engine> for Client {
    fn from(engine: Engine) -> Self {
        Self { engine }
    }
}
"#;

pub(super) fn render(context: &Context<'_>) -> Result<String, EmitError> {
    let api = &context.catalog.api;
    let mut body = String::new();
    doc_comment(
        &mut body,
        0,
        &[
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
        ],
        false,
    );
    body.push_str("#[derive(Clone, Debug)]\npub struct Client {\n    engine: Engine,\n}\n\n");
    body.push_str("impl Client {\n");
    doc_comment(
        &mut body,
        1,
        &[
            format!(
                "A client configured from the environment: the API key from `{}`,",
                api.api_key_env
            ),
            format!("the base URL from `{}` when it is set.", api.base_url_env),
        ],
        false,
    );
    body.push_str(CLIENT_METHODS);
    for (action, names) in context
        .actions()
        .filter(|(action, _)| action.is_available())
    {
        methods(&mut body, action, names, &api.pagination.limit_param).map_err(|error| {
            EmitError::new(format!("action `{}`: {}", action.name, error.message))
        })?;
    }
    body.push_str(CLIENT_END);

    let mut out = format!("{RUST_HEADER}\n\n");
    doc_comment(
        &mut out,
        0,
        &["[`Client`]: one typed method per available action of the catalog."],
        true,
    );
    out.push('\n');
    use_list(&mut out, 0, "::actionspec_runtime", RUNTIME_NAMES, &body);
    out.push('\n');
    out.push_str(&body);
    Ok(out)
}

/// The method of an action, and its `_stream` twin when it pages, each after a blank line.
fn methods(
    out: &mut String,
    action: &Action,
    names: &ActionNames,
    limit_param: &str,
) -> Result<(), EmitError> {
    let Endpoint::Http { method, path, .. } = &action.endpoint else {
        return Ok(());
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
    let mut doc = doc_lines(&[
        action.summary.as_str(),
        action.description.as_deref().unwrap_or_default(),
    ]);
    doc.push(String::new());
    doc.push(endpoint_line.clone());

    let (name, params, descriptor) = (&names.method, &names.params, &names.descriptor);
    let returned = match &action.returns {
        Some(ty) => rust_type(ty, Paths::Elsewhere)?,
        None if action.paginated => "::serde_json::Value".to_owned(),
        None => "()".to_owned(),
    };
    let signature = |out: &mut String, name: &dyn std::fmt::Display, answer: &str| {
        out.push_str(&format!(
            "    pub fn {name}(\n        &self,\n        params: crate::params::{params},\n    ) -> {answer} {{\n"
        ));
    };
    out.push('\n');
    doc_comment(out, 1, &doc, false);
    if action.browser.is_some() {
        // Nothing is sent: the URL is built now, on the configured base URL.
        signature(out, name, "Result<String>");
        out.push_str(&format!(
            "        self.engine.url(&crate::descriptors::{descriptor}, &params)\n    }}\n"
        ));
        return Ok(());
    }
    if !action.paginated {
        // Not `async fn`: the engine's future is returned as is (`Send + 'static`, ready to
        // spawn), so a method adds no state machine of its own. `use<>`: the future's type does
        // not name the borrow of the client, so a closure over `&Client` can return it.
        signature(
            out,
            name,
            &format!("impl Future<Output = Result<{returned}>> + Send + 'static + use<>"),
        );
        out.push_str(&format!(
            "        self.engine.call(&crate::descriptors::{descriptor}, &params)\n    }}\n"
        ));
        return Ok(());
    }
    signature(
        out,
        name,
        &format!("impl Future<Output = Result<Page<{returned}>>> + Send + 'static + use<>"),
    );
    out.push_str(&format!(
        "        self.engine.page(&crate::descriptors::{descriptor}, &params)\n    }}\n"
    ));
    let stream = super::names::ident(&format!("{}_stream", names.method_text))?;
    let first = if name.to_string().starts_with("r#") {
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
    };
    out.push('\n');
    doc_comment(
        out,
        1,
        &[
            first,
            format!("Set the page size with `{limit_param}`; stop early with `StreamExt::take`."),
            String::new(),
            endpoint_line,
        ],
        false,
    );
    signature(out, &stream, &format!("ItemStream<{returned}>"));
    out.push_str(&format!(
        "        self.engine.stream(&crate::descriptors::{descriptor}, params)\n    }}\n"
    ));
    Ok(())
}
