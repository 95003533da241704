//! `mcp --http --auth-issuer`: the server as an OAuth protected resource accepting the
//! emulator's AuthKit access tokens. Its metadata, 401 with `WWW-Authenticate` for no token or
//! a bad one (wrong audience or issuer, expired, not yet valid, bad signature), a key rotation
//! (unknown `kid`, keys fetched again), a reader that sees and runs reads only, a writer whose
//! writes are confirmed and bound to its `sub`.

mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rmcp::model::CacheScope;
use serde_json::{Value, json};
use support::mcp::{Client, Era, HttpServer, Person, call, initialize_request, local, text_of};
use support::{code, run, stderr};

const CREATE: &str = "workos_organization_create";
const WRITE: &str = "workos-actions:write";

/// How a client presents its secret at the token endpoint.
#[derive(Clone, Copy)]
enum Secret {
    Form,
    Basic,
}

/// An access token from the emulator's token endpoint, or its error status.
async fn token(client_id: &str, secret: &str, resource: &str, how: Secret) -> Result<String, u16> {
    let issuer = local().running.base_url();
    let mut form = vec![("grant_type", "client_credentials"), ("resource", resource)];
    let mut request = reqwest::Client::new().post(format!("{issuer}/oauth2/token"));
    match how {
        Secret::Form => form.extend([("client_id", client_id), ("client_secret", secret)]),
        Secret::Basic => request = request.basic_auth(client_id, Some(secret)),
    }
    let body: String = form
        .iter()
        .map(|(key, value)| format!("{key}={}", value.replace(':', "%3A").replace('/', "%2F")))
        .collect::<Vec<_>>()
        .join("&");
    let response = request
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let answer: Value = response.json().await.unwrap();
    match answer["access_token"].as_str() {
        Some(token) if status == 200 => {
            assert_eq!(answer["token_type"], "Bearer");
            Ok(token.to_owned())
        }
        _ => Err(status),
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Posts an `initialize` with `token`: the status and the `WWW-Authenticate` header.
async fn initialize(url: &str, token: Option<&str>) -> (u16, String) {
    let mut request = reqwest::Client::new()
        .post(url)
        .header("accept", "application/json, text/event-stream")
        .json(&initialize_request());
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let challenge = response
        .headers()
        .get("www-authenticate")
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status().as_u16(), challenge)
}

async fn write_tools(client: &Client) -> usize {
    client
        .list_all_tools()
        .await
        .unwrap()
        .iter()
        .filter(|tool| {
            tool.annotations
                .as_ref()
                .and_then(|annotations| annotations.read_only_hint)
                == Some(false)
        })
        .count()
}

#[tokio::test(flavor = "multi_thread")]
async fn authkit_tokens_guard_the_server_and_decide_who_writes() {
    let local = local();
    let issuer = local.running.base_url().to_owned();
    let server = HttpServer::start(&["--auth-issuer", &issuer], &local.env());
    let resource = server.url.clone();
    let http = reqwest::Client::new();

    // The protected resource metadata, at the root and in the path form.
    for path in [
        "/.well-known/oauth-protected-resource",
        "/.well-known/oauth-protected-resource/mcp",
    ] {
        let metadata: Value = http
            .get(format!("{}{path}", server.base_url()))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(metadata["resource"], resource.as_str(), "{path}");
        assert_eq!(metadata["authorization_servers"], json!([issuer]), "{path}");
    }

    // Tokens: by the form and by Basic auth; a wrong secret gets none.
    let writer = token(
        "client_demo_writer",
        "demo-writer-secret",
        &resource,
        Secret::Basic,
    )
    .await
    .unwrap();
    let reader = token(
        "client_demo_reader",
        "demo-reader-secret",
        &resource,
        Secret::Form,
    )
    .await
    .unwrap();
    assert_eq!(
        token("client_demo_writer", "wrong", &resource, Secret::Form).await,
        Err(401)
    );

    // No token, or a bad one: 401 pointing at the metadata; nothing else is answered.
    let wrong_audience = token(
        "client_demo_writer",
        "demo-writer-secret",
        "http://elsewhere.example/mcp",
        Secret::Form,
    )
    .await
    .unwrap();
    let claims = |changes: Value| {
        let mut claims = json!({
            "iss": issuer, "sub": "client_demo_writer", "aud": resource,
            "iat": now(), "exp": now() + 600, "permissions": [WRITE],
        });
        for (key, value) in changes.as_object().unwrap() {
            claims[key] = value.clone();
        }
        local.authkit.sign(&claims)
    };
    let expired = claims(json!({"iat": now() - 7200, "exp": now() - 3600}));
    let not_yet = claims(json!({"nbf": now() + 3600, "exp": now() + 7200}));
    let other_issuer = claims(json!({"iss": "http://127.0.0.1:1"}));
    let mut bad_signature = writer.clone();
    let last = bad_signature.pop().unwrap();
    bad_signature.push(if last == 'A' { 'B' } else { 'A' });
    let metadata_url = format!(
        "resource_metadata=\"{}/.well-known/oauth-protected-resource/mcp\"",
        server.base_url()
    );
    let (status, challenge) = initialize(&resource, None).await;
    assert_eq!(status, 401);
    assert!(
        challenge.starts_with("Bearer ") && challenge.contains(&metadata_url),
        "{challenge}"
    );
    for (why, token) in [
        ("wrong audience", wrong_audience.as_str()),
        ("expired", expired.as_str()),
        ("not yet valid", not_yet.as_str()),
        ("other issuer", other_issuer.as_str()),
        ("bad signature", bad_signature.as_str()),
        ("not a JWT", "not-a-jwt"),
    ] {
        let (status, challenge) = initialize(&resource, Some(token)).await;
        assert_eq!(status, 401, "{why}");
        assert!(
            challenge.contains("invalid_token") && challenge.contains(&metadata_url),
            "{why}: {challenge}"
        );
    }
    assert_eq!(initialize(&resource, Some(&writer)).await.0, 200);

    for era in [Era::Legacy, Era::Modern] {
        // The reader sees and runs reads only.
        let client = era
            .over_http(Person::new(false, era.version()), &resource, Some(&reader))
            .await;
        assert_eq!(
            write_tools(&client).await,
            0,
            "{era:?}: no write offered to a reader"
        );
        let read = call(&client, "workos_organizations_list", json!({"limit": 1})).await;
        assert_eq!(read.is_error, Some(false), "{}", text_of(&read));
        let name = format!("{era:?} reader write");
        let refused = call(&client, CREATE, json!({"name": name})).await;
        assert_eq!(refused.is_error, Some(true));
        assert!(text_of(&refused).contains(WRITE), "{}", text_of(&refused));
        assert_eq!(local.organizations_named(&name), 0);
        if era == Era::Modern {
            let listed = client.peer().list_tools(None).await.unwrap();
            assert_eq!(
                listed.cache_scope,
                Some(CacheScope::Private),
                "the list depends on the token"
            );
        }
        client.cancel().await.unwrap();

        // The writer writes, confirmed.
        let person = Person::new(true, era.version());
        let client = era
            .over_http(person.clone(), &resource, Some(&writer))
            .await;
        assert!(write_tools(&client).await > 0, "{era:?}");
        let name = format!("{era:?} writer write");
        let done = call(&client, CREATE, json!({"name": name})).await;
        assert_eq!(done.is_error, Some(false), "{}", text_of(&done));
        assert_eq!(person.asked.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert_eq!(local.organizations_named(&name), 1);
        client.cancel().await.unwrap();
    }

    // A confirmation is the caller's: another subject holding the permission cannot use it.
    let agent = Era::Modern
        .over_http(
            Person::new(false, Era::Modern.version()),
            &resource,
            Some(&writer),
        )
        .await;
    let name = "Bound To Its Caller";
    let preview = call(&agent, CREATE, json!({"name": name})).await;
    let confirmation = preview.structured_content.unwrap()["confirmation_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let someone_else = claims(json!({"sub": "client_someone_else"}));
    let other = Era::Modern
        .over_http(
            Person::new(false, Era::Modern.version()),
            &resource,
            Some(&someone_else),
        )
        .await;
    let refused = call(
        &other,
        CREATE,
        json!({"name": name, "confirmation_token": confirmation}),
    )
    .await;
    assert_eq!(refused.is_error, Some(true));
    assert_eq!(local.organizations_named(name), 0);
    let done = call(
        &agent,
        CREATE,
        json!({"name": name, "confirmation_token": confirmation}),
    )
    .await;
    assert_eq!(done.is_error, Some(false), "{}", text_of(&done));
    assert_eq!(local.organizations_named(name), 1);
    for client in [agent, other] {
        client.cancel().await.unwrap();
    }

    // A key rotation: a token naming a key the server has not seen makes it fetch the keys
    // again (at most once a second).
    local.authkit.rotate();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let rotated = token(
        "client_demo_writer",
        "demo-writer-secret",
        &resource,
        Secret::Form,
    )
    .await
    .unwrap();
    assert_eq!(initialize(&resource, Some(&rotated)).await.0, 200);
    assert_eq!(
        initialize(&resource, Some(&writer)).await.0,
        200,
        "the old key still counts"
    );
    server.stop();
}

#[test]
fn the_static_token_and_oauth_are_exclusive() {
    let output = run(
        &[
            "mcp",
            "--http",
            "127.0.0.1:0",
            "--auth-issuer",
            "http://127.0.0.1:1",
        ],
        &[("WORKOS_ACTIONS_MCP_TOKEN", Some("static-token"))],
    );
    assert_eq!(code(&output), 7);
    assert!(
        stderr(&output).contains("--auth-issuer"),
        "{}",
        stderr(&output)
    );
}
