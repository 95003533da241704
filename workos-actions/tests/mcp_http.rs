//! The MCP server over Streamable HTTP: rmcp's client through the bearer token, and the
//! guards (no token or a wrong one: 401; a foreign Origin: 403; no token off loopback: no
//! start).

mod support;

use std::sync::atomic::Ordering;

use rmcp::ServiceExt;
use rmcp::model::ProtocolVersion;
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use serde_json::json;
use support::mcp::{HttpServer, Person, call, created, initialize_request, text_of};
use support::{code, run, stderr};

const MCP_TOKEN: &str = "mcp-test-token-4242";

fn start() -> HttpServer {
    HttpServer::start(&[], &[("WORKOS_ACTIONS_MCP_TOKEN", Some(MCP_TOKEN))])
}

#[tokio::test(flavor = "multi_thread")]
async fn http_needs_the_token_refuses_foreign_origins_and_serves_tools() {
    let server = start();
    let initialize = initialize_request();
    let http = reqwest::Client::new();
    let post = |token: Option<&str>, origin: Option<&str>| {
        let mut request = http
            .post(&server.url)
            .header("content-type", "application/json")
            .header("accept", "application/json, text/event-stream")
            .json(&initialize);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send()
    };
    assert_eq!(post(None, None).await.unwrap().status(), 401);
    assert_eq!(post(Some("wrong"), None).await.unwrap().status(), 401);
    assert_eq!(
        post(Some(MCP_TOKEN), Some("https://evil.example"))
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        post(Some(MCP_TOKEN), Some("http://localhost:5173"))
            .await
            .unwrap()
            .status(),
        200
    );

    // rmcp's client through the token.
    let transport = StreamableHttpClientTransport::from_config(
        StreamableHttpClientTransportConfig::with_uri(server.url.clone()).auth_header(MCP_TOKEN),
    );
    let client = Person::new(false, ProtocolVersion::V_2025_11_25)
        .serve(transport)
        .await
        .expect("initialize over HTTP");
    let tools = client.list_all_tools().await.unwrap();
    assert!(
        tools
            .iter()
            .any(|tool| tool.name == "workos_organization_get")
    );

    let read = call(
        &client,
        "workos_organization_get",
        json!({"id": "org_http"}),
    )
    .await;
    assert_eq!(read.structured_content.unwrap()["id"], "org_http");

    let name = "Http Token Write";
    let preview = call(&client, "workos_organization_create", json!({"name": name})).await;
    assert_eq!(created(name), 0);
    let token = preview.structured_content.unwrap()["confirmation_token"].clone();
    let done = call(
        &client,
        "workos_organization_create",
        json!({"name": name, "confirmation_token": token.clone()}),
    )
    .await;
    assert_eq!(done.is_error, Some(false), "{}", text_of(&done));
    assert_eq!(created(name), 1);
    let reused = call(
        &client,
        "workos_organization_create",
        json!({"name": name, "confirmation_token": token}),
    )
    .await;
    assert_eq!(reused.is_error, Some(true));
    assert_eq!(created(name), 1);

    let error = call(
        &client,
        "workos_organization_get",
        json!({"id": "org_missing"}),
    )
    .await;
    assert_eq!(error.is_error, Some(true));
    client.cancel().await.unwrap();

    // A second session whose client asks the person.
    let person = Person::new(true, ProtocolVersion::V_2025_11_25);
    let transport = StreamableHttpClientTransport::from_config(
        StreamableHttpClientTransportConfig::with_uri(server.url.clone()).auth_header(MCP_TOKEN),
    );
    let client = person.clone().serve(transport).await.unwrap();
    let name = "Http Elicited Accept";
    let accepted = call(&client, "workos_organization_create", json!({"name": name})).await;
    assert_eq!(accepted.is_error, Some(false), "{}", text_of(&accepted));
    assert_eq!(created(name), 1);
    person.accept.store(false, Ordering::SeqCst);
    let name = "Http Elicited Decline";
    let declined = call(&client, "workos_organization_create", json!({"name": name})).await;
    assert_eq!(declined.is_error, Some(true));
    assert_eq!(created(name), 0);
    assert_eq!(person.asked.load(Ordering::SeqCst), 2);
    client.cancel().await.unwrap();
    server.stop();
}

#[test]
fn no_token_off_loopback_refuses_to_start() {
    let output = run(&["mcp", "--http", "0.0.0.0:0"], &[]);
    assert_eq!(code(&output), 7);
    let message = stderr(&output);
    assert!(message.contains("WORKOS_ACTIONS_MCP_TOKEN") && message.contains("--token-file"));
}
