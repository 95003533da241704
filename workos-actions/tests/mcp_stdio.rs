//! The MCP server over stdio, driven by rmcp's client: the built binary as a child process
//! against the loopback stand-in of the API.

mod support;

use std::sync::atomic::Ordering;

use rmcp::model::{CallToolRequestParams, ProtocolVersion};
use rmcp::transport::TokioChildProcess;
use serde_json::{Value, json};
use support::mcp::{Client, Era, Person, assert_conforms, call, created, text_of};
use support::{TEST_KEY, api, base_command};
use tokio::io::AsyncReadExt;

/// Starts the server with `flags` and connects `person` to it; the server's stderr is kept
/// to check for the key at the end.
async fn connect(person: Person, flags: &[&str]) -> (Client, tokio::process::ChildStderr) {
    connect_in(Era::Legacy, person, flags).await
}

/// [`connect`] in `era`.
async fn connect_in(
    era: Era,
    person: Person,
    flags: &[&str],
) -> (Client, tokio::process::ChildStderr) {
    // Every tool unless the test chooses: the full catalog is past the default's budget, which
    // would make the default the dynamic tools.
    let mut args = vec!["mcp"];
    if !flags.contains(&"--tools") {
        args.extend(["--tools", "all"]);
    }
    args.extend_from_slice(flags);
    let command = tokio::process::Command::from(base_command(&args, &[]));
    let (transport, stderr) = TokioChildProcess::builder(command)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the server starts");
    let client = era.connect(person, transport).await;
    (client, stderr.expect("stderr"))
}

async fn finish(client: Client, mut stderr: tokio::process::ChildStderr) -> String {
    client.cancel().await.expect("the session closes");
    let mut text = String::new();
    stderr.read_to_string(&mut text).await.unwrap();
    assert!(!text.contains(TEST_KEY), "the key leaked on stderr: {text}");
    text
}

#[tokio::test(flavor = "multi_thread")]
async fn tools_reads_writes_with_tokens_and_errors() {
    let (client, stderr) = connect(Person::new(false, ProtocolVersion::V_2025_11_25), &[]).await;
    let info = client.peer_info().expect("server info");
    assert_eq!(info.protocol_version, ProtocolVersion::V_2025_11_25);

    let tools = client.list_all_tools().await.unwrap();
    let available = workos_client::descriptors::API
        .actions
        .iter()
        .filter(|action| action.is_for_agents())
        .count();
    assert_eq!(tools.len(), available);
    let schema_of = |name: &str| {
        tools
            .iter()
            .find(|tool| tool.name == name)
            .and_then(|tool| tool.output_schema.as_ref())
            .map(|schema| Value::Object((**schema).clone()))
    };
    for tool in &tools {
        let annotations = tool.annotations.as_ref().expect("annotations");
        assert!(annotations.read_only_hint.is_some());
        assert!(annotations.destructive_hint.is_some());
        assert!(annotations.idempotent_hint.is_some());
        assert!(annotations.open_world_hint.is_some());
        assert!(tool.title.is_some());
    }
    // `tools --format mcp` prints exactly what the server lists.
    let printed = support::run(&["tools", "--format", "mcp", "--tools", "all"], &[]);
    let printed: Value = serde_json::from_slice(&printed.stdout).unwrap();
    assert_eq!(
        printed["tools"],
        serde_json::to_value(&tools).unwrap(),
        "the printed manifest and tools/list differ"
    );
    let get = tools
        .iter()
        .find(|tool| tool.name == "workos_organization_get")
        .unwrap();
    assert!(get.output_schema.is_some());
    assert_eq!(get.annotations.as_ref().unwrap().read_only_hint, Some(true));

    // A read: one request, the id encoded as one path segment.
    let result = call(
        &client,
        "workos_organization_get",
        json!({"id": "org_mcp/../x"}),
    )
    .await;
    assert_eq!(result.is_error, Some(false), "{}", text_of(&result));
    assert_eq!(
        result.structured_content.as_ref().unwrap()["id"],
        "org_mcp/../x"
    );
    assert_conforms(&result, schema_of("workos_organization_get").as_ref());
    let seen = api().seen("/organizations/org_mcp");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].target, "/organizations/org_mcp%2F..%2Fx");

    // A write: the first call sends nothing and answers a preview with a token.
    let name = "Stdio Token Write";
    let preview = call(&client, "workos_organization_create", json!({"name": name})).await;
    assert_eq!(preview.is_error, Some(false));
    let structured = preview.structured_content.clone().unwrap();
    assert_eq!(structured["confirmation_required"], true);
    assert_eq!(structured["request"]["method"], "POST");
    assert_eq!(structured["request"]["body"]["name"], name);
    assert_conforms(&preview, schema_of("workos_organization_create").as_ref());
    let token = structured["confirmation_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(created(name), 0, "not sent on the first call");

    // The token with other arguments is refused, and used up.
    let other = call(
        &client,
        "workos_organization_create",
        json!({"name": "Someone Else", "confirmation_token": token}),
    )
    .await;
    assert_eq!(other.is_error, Some(true));
    assert!(text_of(&other).contains("other arguments"));
    assert_eq!(created("Someone Else"), 0);

    // A fresh token with the same arguments sends the write once.
    let preview = call(&client, "workos_organization_create", json!({"name": name})).await;
    let token = preview.structured_content.unwrap()["confirmation_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let done = call(
        &client,
        "workos_organization_create",
        json!({"name": name, "confirmation_token": token}),
    )
    .await;
    assert_eq!(done.is_error, Some(false), "{}", text_of(&done));
    assert_eq!(done.structured_content.as_ref().unwrap()["name"], name);
    assert_conforms(&done, schema_of("workos_organization_create").as_ref());
    assert_eq!(created(name), 1);

    // The same token again is refused.
    let reused = call(
        &client,
        "workos_organization_create",
        json!({"name": name, "confirmation_token": token}),
    )
    .await;
    assert_eq!(reused.is_error, Some(true));
    assert!(text_of(&reused).contains("already used"));
    assert_eq!(created(name), 1);

    // API errors and invalid arguments are tool results with isError and the runtime's message.
    let missing = call(
        &client,
        "workos_organization_get",
        json!({"id": "org_missing"}),
    )
    .await;
    assert_eq!(missing.is_error, Some(true));
    assert!(text_of(&missing).contains("not found"));
    let invalid = call(&client, "workos_organizations_list", json!({"limit": 1000})).await;
    assert_eq!(invalid.is_error, Some(true));
    assert!(text_of(&invalid).contains("limit"));

    // Protocol misuse is a protocol error.
    let unknown = client
        .call_tool(CallToolRequestParams::new("no_such_tool"))
        .await;
    assert!(unknown.is_err());

    finish(client, stderr).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn elicitation_accepted_and_declined() {
    let person = Person::new(true, ProtocolVersion::V_2025_11_25);
    let (client, stderr) = connect(person.clone(), &[]).await;

    let name = "Stdio Elicited Accept";
    let accepted = call(&client, "workos_organization_create", json!({"name": name})).await;
    assert_eq!(accepted.is_error, Some(false), "{}", text_of(&accepted));
    assert_eq!(accepted.structured_content.unwrap()["name"], name);
    assert_eq!(created(name), 1);
    assert_eq!(person.asked.load(Ordering::SeqCst), 1);
    let message = person.messages.lock().unwrap()[0].clone();
    assert!(
        message.contains("POST") && message.contains("/organizations") && message.contains(name)
    );

    person.accept.store(false, Ordering::SeqCst);
    let name = "Stdio Elicited Decline";
    let declined = call(&client, "workos_organization_create", json!({"name": name})).await;
    assert_eq!(declined.is_error, Some(true));
    assert!(
        text_of(&declined).contains("declined") && text_of(&declined).contains("nothing was sent")
    );
    assert_eq!(created(name), 0);

    // A destructive write says so.
    person.accept.store(false, Ordering::SeqCst);
    let _ = call(
        &client,
        "workos_organization_delete",
        json!({"id": "org_keep"}),
    )
    .await;
    let message = person.messages.lock().unwrap().last().unwrap().clone();
    assert!(message.contains("destructive") && message.contains("DELETE"));
    assert!(api().seen("/organizations/org_keep").is_empty());

    finish(client, stderr).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn read_only_hides_writes_and_globs_select_tools() {
    let (client, stderr) = connect(
        Person::new(false, ProtocolVersion::V_2025_11_25),
        &["--read-only", "--tools", "workos_organization*"],
    )
    .await;
    let tools = client.list_all_tools().await.unwrap();
    assert!(!tools.is_empty());
    assert!(
        tools
            .iter()
            .all(|tool| tool.name.starts_with("workos_organization"))
    );
    assert!(
        tools
            .iter()
            .all(|tool| tool.annotations.as_ref().unwrap().read_only_hint == Some(true))
    );
    assert!(
        tools
            .iter()
            .all(|tool| tool.name != "workos_organization_create")
    );
    let refused = client
        .call_tool(
            CallToolRequestParams::new("workos_organization_create")
                .with_arguments(json!({"name": "x"}).as_object().unwrap().clone()),
        )
        .await;
    assert!(refused.is_err(), "a hidden tool is unknown");
    finish(client, stderr).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn dynamic_mode_finds_describes_and_calls() {
    let (client, stderr) = connect(
        Person::new(false, ProtocolVersion::V_2025_11_25),
        &["--tools", "dynamic"],
    )
    .await;
    let tools = client.list_all_tools().await.unwrap();
    let names: Vec<&str> = tools.iter().map(|tool| tool.name.as_ref()).collect();
    assert_eq!(names, ["find_actions", "describe_action", "call_action"]);

    let found = call(
        &client,
        "find_actions",
        json!({"query": "get organization"}),
    )
    .await;
    let actions = found.structured_content.unwrap()["actions"].clone();
    assert!(
        actions
            .as_array()
            .unwrap()
            .iter()
            .any(|action| action["name"] == "workos_organization_get")
    );

    let described = call(
        &client,
        "describe_action",
        json!({"name": "workos_organization_get"}),
    )
    .await;
    let described = described.structured_content.unwrap();
    assert_eq!(described["arguments_schema"]["required"], json!(["id"]));

    let read = call(
        &client,
        "call_action",
        json!({"name": "workos_organization_get", "arguments": {"id": "org_dynamic"}}),
    )
    .await;
    assert_eq!(read.structured_content.unwrap()["id"], "org_dynamic");

    let name = "Dynamic Token Write";
    let preview = call(
        &client,
        "call_action",
        json!({"name": "workos_organization_create", "arguments": {"name": name}}),
    )
    .await;
    let token = preview.structured_content.unwrap()["confirmation_token"].clone();
    assert_eq!(created(name), 0);
    let done = call(
        &client,
        "call_action",
        json!({"name": "workos_organization_create", "arguments": {"name": name}, "confirmation_token": token}),
    )
    .await;
    assert_eq!(done.is_error, Some(false), "{}", text_of(&done));
    assert_eq!(created(name), 1);

    let unknown = call(
        &client,
        "call_action",
        json!({"name": "workos_organisation_get"}),
    )
    .await;
    assert_eq!(unknown.is_error, Some(true));
    assert!(text_of(&unknown).contains("workos_organization_get"));
    finish(client, stderr).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_newest_protocol_reads_and_confirms_writes() {
    // With elicitation: the person is asked (an input_required result, answered by the client).
    let person = Person::new(true, ProtocolVersion::LATEST);
    let (client, stderr) = connect_in(Era::Modern, person.clone(), &[]).await;
    let read = call(
        &client,
        "workos_organization_get",
        json!({"id": "org_latest"}),
    )
    .await;
    assert_eq!(read.structured_content.unwrap()["id"], "org_latest");
    let name = "Latest Protocol Elicited";
    let done = call(&client, "workos_organization_create", json!({"name": name})).await;
    assert_eq!(done.is_error, Some(false), "{}", text_of(&done));
    assert_eq!(person.asked.load(Ordering::SeqCst), 1);
    assert_eq!(created(name), 1);
    finish(client, stderr).await;

    // Without: a preview and a token.
    let (client, stderr) = connect_in(
        Era::Modern,
        Person::new(false, ProtocolVersion::LATEST),
        &[],
    )
    .await;
    let name = "Latest Protocol Token";
    let preview = call(&client, "workos_organization_create", json!({"name": name})).await;
    assert_eq!(created(name), 0);
    let token = preview.structured_content.unwrap()["confirmation_token"].clone();
    let done = call(
        &client,
        "workos_organization_create",
        json!({"name": name, "confirmation_token": token}),
    )
    .await;
    assert_eq!(done.is_error, Some(false), "{}", text_of(&done));
    assert_eq!(created(name), 1);
    finish(client, stderr).await;
}

#[test]
fn the_server_ends_when_stdin_closes() {
    let mut child = base_command(&["mcp"], &[])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    drop(child.stdin.take());
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "still running after stdin closed"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
