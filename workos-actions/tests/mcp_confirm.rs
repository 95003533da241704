//! Confirmed writes in both protocol eras, over stdio and HTTP, against the emulator: the
//! person asked (a server-initiated elicitation at 2025-11-25, an `input_required` result at
//! 2026-07-28), the preview and its token for clients that cannot ask, confirmations sealed by
//! one server process and redeemed by another sharing the key, a replay that does not write
//! twice, altered and expired values refused, cache hints, and the cap and idle end of legacy
//! sessions.

mod support;

use std::sync::atomic::Ordering;

use actionspec_agent::mcp::seal::{self, Sealer};
use rmcp::model::{
    CacheScope, CallToolRequestParams, CallToolResponse, ElicitRequestParams, InputRequest,
    InputResponses,
};
use rmcp::transport::TokioChildProcess;
use serde_json::{Value, json};
use support::base_command;
use support::mcp::{
    Client, Era, HttpServer, Local, Person, call, initialize_request, local, object, text_of,
};

const CREATE: &str = "workos_organization_create";

/// How a client reaches the server.
#[derive(Debug, Clone, Copy)]
enum Transport {
    Stdio,
    Http,
}

async fn connect(
    transport: Transport,
    era: Era,
    person: Person,
    http: &HttpServer,
    local: &Local,
) -> Client {
    match transport {
        Transport::Http => era.over_http(person, &http.url, None).await,
        Transport::Stdio => {
            let command = tokio::process::Command::from(base_command(
                &["mcp", "--tools", "all"],
                &local.env(),
            ));
            let (child, _) = TokioChildProcess::builder(command)
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("the server starts");
            era.connect(person, child).await
        }
    }
}

fn token_of(preview: &rmcp::model::CallToolResult) -> String {
    let structured = preview.structured_content.as_ref().expect("a preview");
    assert_eq!(structured["confirmation_required"], true, "{structured}");
    structured["confirmation_token"]
        .as_str()
        .expect("a token")
        .to_owned()
}

fn with_token(name: &str, token: &str) -> Value {
    json!({"name": name, "confirmation_token": token})
}

#[tokio::test(flavor = "multi_thread")]
async fn writes_are_confirmed_in_both_eras_and_confirmations_hold_across_processes() {
    let local = local();
    let key_path = std::env::temp_dir().join(format!("confirm-key-{}", std::process::id()));
    let key = [42u8; 32];
    std::fs::write(&key_path, key).unwrap();
    let key_flag = key_path.to_str().unwrap();
    let flags = ["--confirm-key-file", key_flag];
    let first = HttpServer::start(&flags, &local.env());
    let second = HttpServer::start(&flags, &local.env());

    // The person asked, then the preview and token, for each transport and era.
    for transport in [Transport::Stdio, Transport::Http] {
        for era in [Era::Legacy, Era::Modern] {
            let case = format!("{transport:?} {era:?}");
            let person = Person::new(true, era.version());
            let client = connect(transport, era, person.clone(), &first, local).await;

            let name = format!("{case} accepted");
            let done = call(&client, CREATE, json!({"name": name})).await;
            assert_eq!(done.is_error, Some(false), "{case}: {}", text_of(&done));
            assert_eq!(local.organizations_named(&name), 1, "{case}: sent once");
            assert_eq!(person.asked.load(Ordering::SeqCst), 1, "{case}");
            let asked = person.messages.lock().unwrap()[0].clone();
            assert!(
                asked.contains("POST") && asked.contains("/organizations") && asked.contains(&name),
                "{case}: the person sees the exact request: {asked}"
            );

            person.accept.store(false, Ordering::SeqCst);
            let name = format!("{case} declined");
            let declined = call(&client, CREATE, json!({"name": name})).await;
            assert_eq!(declined.is_error, Some(true), "{case}");
            assert!(
                text_of(&declined).contains("nothing was sent"),
                "{case}: {}",
                text_of(&declined)
            );
            assert_eq!(local.organizations_named(&name), 0, "{case}: nothing sent");
            client.cancel().await.unwrap();

            // A client that cannot ask the person: a preview and a token.
            let client = connect(
                transport,
                era,
                Person::new(false, era.version()),
                &first,
                local,
            )
            .await;
            let name = format!("{case} token");
            let preview = call(&client, CREATE, json!({"name": name})).await;
            let token = token_of(&preview);
            assert_eq!(
                local.organizations_named(&name),
                0,
                "{case}: a preview sends nothing"
            );
            let done = call(&client, CREATE, with_token(&name, &token)).await;
            assert_eq!(done.is_error, Some(false), "{case}: {}", text_of(&done));
            let again = call(&client, CREATE, with_token(&name, &token)).await;
            assert_eq!(again.is_error, Some(true), "{case}: used once in a process");
            assert!(text_of(&again).contains(seal::REFUSED));
            assert_eq!(local.organizations_named(&name), 1, "{case}");
            client.cancel().await.unwrap();
        }
    }

    // An input_required sealed by the first process, answered to the second.
    let person = Person::new(true, Era::Modern.version());
    let on_first = Era::Modern
        .over_http(person.clone(), &first.url, None)
        .await;
    let on_second = Era::Modern
        .over_http(person.clone(), &second.url, None)
        .await;
    let name = "Sealed By One Process";
    let request = CallToolRequestParams::new(CREATE).with_arguments(object(json!({"name": name})));
    let CallToolResponse::InputRequired(asked) =
        on_first.call_tool_once(request.clone()).await.unwrap()
    else {
        panic!("a write from a client that can ask is answered input_required");
    };
    let requests = asked.input_requests.expect("one question");
    assert_eq!(requests.len(), 1);
    let InputRequest::Elicitation(question) = requests.values().next().unwrap() else {
        panic!("the question is an elicitation");
    };
    let ElicitRequestParams::FormElicitationParams { message, .. } = &question.params else {
        panic!("a form elicitation");
    };
    assert!(
        message.contains("POST") && message.contains(name),
        "{message}"
    );
    let key_of_answer = requests.keys().next().unwrap().clone();
    let state = asked.request_state.expect("a request state");
    let answer = |action: &str| -> InputResponses {
        [(key_of_answer.clone(), json!({"action": action}))].into()
    };
    let retry = |state: &str, action: &str| {
        request
            .clone()
            .with_request_state(state)
            .with_input_responses(answer(action))
    };
    let CallToolResponse::Complete(done) = on_second
        .call_tool_once(retry(&state, "accept"))
        .await
        .unwrap()
    else {
        panic!("an accepted retry completes");
    };
    assert_eq!(done.is_error, Some(false), "{}", text_of(&done));
    let id = done.structured_content.as_ref().unwrap()["id"].clone();
    assert_eq!(local.organizations_named(name), 1);

    // The same answer replayed to the first process (which never redeemed it): the write goes
    // out again with the same Idempotency-Key, and the emulator answers the first answer.
    let CallToolResponse::Complete(replayed) = on_first
        .call_tool_once(retry(&state, "accept"))
        .await
        .unwrap()
    else {
        panic!("a replay completes");
    };
    assert_eq!(replayed.is_error, Some(false), "{}", text_of(&replayed));
    assert_eq!(replayed.structured_content.as_ref().unwrap()["id"], id);
    assert_eq!(local.organizations_named(name), 1, "one object, not two");

    // Declined or cancelled: nothing sent, and said so.
    let name = "Declined Across Processes";
    let request = CallToolRequestParams::new(CREATE).with_arguments(object(json!({"name": name})));
    let CallToolResponse::InputRequired(asked) =
        on_first.call_tool_once(request.clone()).await.unwrap()
    else {
        panic!("input_required");
    };
    let state = asked.request_state.unwrap();
    for action in ["decline", "cancel"] {
        let retried = request
            .clone()
            .with_request_state(state.clone())
            .with_input_responses(answer(action));
        let CallToolResponse::Complete(result) = on_second.call_tool_once(retried).await.unwrap()
        else {
            panic!("a declined retry completes");
        };
        assert_eq!(result.is_error, Some(true));
        assert!(
            text_of(&result).contains("nothing was sent"),
            "{}",
            text_of(&result)
        );
    }
    assert_eq!(local.organizations_named(name), 0);

    // A token sealed by one process is redeemed by the other; altered, expired or foreign
    // values are refused with one message and send nothing.
    let agent = Era::Modern
        .over_http(Person::new(false, Era::Modern.version()), &first.url, None)
        .await;
    let elsewhere = Era::Legacy
        .over_http(Person::new(false, Era::Legacy.version()), &second.url, None)
        .await;
    let name = "Token Across Processes";
    let token = token_of(&call(&agent, CREATE, json!({"name": name})).await);
    let mut altered = token.clone().into_bytes();
    let middle = altered.len() / 2;
    altered[middle] = if altered[middle] == b'x' { b'y' } else { b'x' };
    let altered = String::from_utf8(altered).unwrap();
    let expired = Sealer::new(&key)
        .unwrap()
        .with_lifetime(std::time::Duration::from_millis(1))
        .seal(seal::Call {
            action: CREATE,
            arguments: &json!({"name": name}),
            caller: "http",
        });
    let foreign = Sealer::random().seal(seal::Call {
        action: CREATE,
        arguments: &json!({"name": name}),
        caller: "http",
    });
    std::thread::sleep(std::time::Duration::from_millis(5));
    for (why, value) in [
        ("altered", altered.as_str()),
        ("expired", expired.as_str()),
        ("foreign", foreign.as_str()),
        ("other arguments", token.as_str()),
    ] {
        let name = if why == "other arguments" {
            "Someone Else"
        } else {
            name
        };
        let refused = call(&elsewhere, CREATE, with_token(name, value)).await;
        assert_eq!(refused.is_error, Some(true), "{why}");
        assert!(
            text_of(&refused).contains(seal::REFUSED),
            "{why}: {}",
            text_of(&refused)
        );
        assert!(text_of(&refused).contains("nothing was sent"), "{why}");
    }
    assert_eq!(local.organizations_named(name), 0);
    assert_eq!(local.organizations_named("Someone Else"), 0);
    // Presenting it with other arguments did not use the value up.
    let done = call(&elsewhere, CREATE, with_token(name, &token)).await;
    assert_eq!(done.is_error, Some(false), "{}", text_of(&done));
    let replayed = call(&agent, CREATE, with_token(name, &token)).await;
    assert_eq!(replayed.is_error, Some(false), "{}", text_of(&replayed));
    assert_eq!(local.organizations_named(name), 1, "one object, not two");

    // The tool list is the same for everyone here: public cache hints at 2026-07-28.
    let listed = agent.peer().list_tools(None).await.unwrap();
    assert_eq!(listed.cache_scope, Some(CacheScope::Public));
    assert!(listed.ttl_ms.is_some_and(|ttl| ttl > 0));

    for client in [on_first, on_second, agent, elsewhere] {
        client.cancel().await.unwrap();
    }
    first.stop();
    second.stop();
    let _ = std::fs::remove_file(&key_path);
}

#[tokio::test(flavor = "multi_thread")]
async fn legacy_sessions_are_capped_and_end_when_idle_while_stateless_requests_are_served() {
    let local = local();
    let server = HttpServer::start(&["--max-sessions", "2"], &local.env());
    let mut sessions = Vec::new();
    for _ in 0..2 {
        let person = Person::new(false, Era::Legacy.version());
        sessions.push(Era::Legacy.over_http(person, &server.url, None).await);
    }
    let initialize = initialize_request();
    let refused = reqwest::Client::new()
        .post(&server.url)
        .header("accept", "application/json, text/event-stream")
        .json(&initialize)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 503);
    assert!(refused.headers().contains_key("retry-after"));

    // The open sessions, and a 2026-07-28 client (no session), are still served.
    for client in &sessions {
        let read = call(client, "workos_organizations_list", json!({"limit": 1})).await;
        assert_eq!(read.is_error, Some(false), "{}", text_of(&read));
    }
    let modern = Era::Modern
        .over_http(Person::new(false, Era::Modern.version()), &server.url, None)
        .await;
    assert!(!modern.list_all_tools().await.unwrap().is_empty());

    // A session that ends frees its place.
    sessions.pop().unwrap().cancel().await.unwrap();
    let mut reopened = None;
    for _ in 0..50 {
        let person = Person::new(false, Era::Legacy.version());
        let transport =
            rmcp::transport::StreamableHttpClientTransport::from_uri(server.url.clone());
        if let Ok(client) = rmcp::ServiceExt::serve(person, transport).await {
            reopened = Some(client);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    reopened
        .expect("a session opens again once one ended")
        .cancel()
        .await
        .unwrap();
    modern.cancel().await.unwrap();
    for client in sessions {
        client.cancel().await.unwrap();
    }
    server.stop();

    // An idle session ends: its id is then unknown (404), and its client must open another.
    let server = HttpServer::start(&["--session-idle", "1"], &local.env());
    let http = reqwest::Client::new();
    let post = |body: Value, session: Option<&str>| {
        let mut request = http
            .post(&server.url)
            .header("accept", "application/json, text/event-stream")
            .header("mcp-protocol-version", "2025-11-25")
            .json(&body);
        if let Some(session) = session {
            request = request.header("mcp-session-id", session);
        }
        request.send()
    };
    let opened = post(initialize_request(), None).await.unwrap();
    assert_eq!(opened.status(), 200);
    let session = opened.headers()["mcp-session-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let list = json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"});
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    assert_eq!(post(list, Some(&session)).await.unwrap().status(), 404);
    server.stop();
}
