//! Secret answer fields and actions withheld from agents, on the agent surfaces, against the
//! emulator: enrolling a TOTP factor answers its secret, QR code and URI, which `call` and the
//! MCP tools show redacted unless started with `--show-secrets` (while the emulator still
//! sends them); `workos_mfa_verify`, which takes a person's one-time code, is in no tool list
//! and is refused by name with the catalog's reason.

mod support;

use actionspec_agent::secrets::REDACTED;
use rmcp::model::ProtocolVersion;
use rmcp::transport::TokioChildProcess;
use serde_json::{Value, json};
use support::mcp::{Client, Era, Person, call, local, text_of};
use support::{base_command, code, run, stderr, stdout};

const ENROLL: &str = "workos_mfa_enrollment_create";
const VERIFY: &str = "workos_mfa_verify";
const WARNING: &str = "warning: --show-secrets: secret values in answers";

/// A fresh user of the emulator, made through the command line.
fn user(email: &str) -> String {
    let made = run(
        &[
            "call",
            "workos_user_create",
            &format!("email={email}"),
            "--yes",
        ],
        &local().env(),
    );
    assert_eq!(code(&made), 0, "{}", stderr(&made));
    let user: Value = serde_json::from_str(&stdout(&made)).unwrap();
    user["id"].as_str().unwrap().to_owned()
}

fn totp_of(answer: &Value) -> &Value {
    &answer["authentication_factor"]["totp"]
}

/// The emulator answers real values; a redacted answer shows none of them.
fn assert_redacted(answer: &Value, text: &str) {
    let totp = totp_of(answer);
    for field in ["secret", "qr_code", "uri"] {
        assert_eq!(totp[field], REDACTED, "{field}: {answer}");
    }
    assert_eq!(totp["issuer"], "Secrets", "other fields stay: {answer}");
    assert!(!text.contains("otpauth://"), "{text}");
    assert!(!text.contains("data:image/png"), "{text}");
}

fn assert_shown(answer: &Value) {
    let totp = totp_of(answer);
    let secret = totp["secret"].as_str().expect("a secret");
    assert_ne!(secret, REDACTED);
    assert!(
        secret
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
        "a base32 secret: {secret}"
    );
    let uri = totp["uri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/"), "{uri}");
    assert!(uri.contains(secret), "{uri}");
}

#[test]
fn call_redacts_secret_fields_unless_asked() {
    let id = user("cli@secrets.test");
    let args = |extra: &[&'static str]| {
        let mut args = vec![
            "call".to_owned(),
            ENROLL.to_owned(),
            format!("id={id}"),
            "type=totp".to_owned(),
            "totp_issuer=Secrets".to_owned(),
            "--yes".to_owned(),
        ];
        args.extend(extra.iter().map(|arg| (*arg).to_owned()));
        args
    };

    let redacted = run(
        &args(&[]).iter().map(String::as_str).collect::<Vec<_>>(),
        &local().env(),
    );
    assert_eq!(code(&redacted), 0, "{}", stderr(&redacted));
    let text = stdout(&redacted);
    assert_redacted(&serde_json::from_str(&text).unwrap(), &text);
    assert!(!stderr(&redacted).contains(WARNING));

    let shown = run(
        &args(&["--show-secrets"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        &local().env(),
    );
    assert_eq!(code(&shown), 0, "{}", stderr(&shown));
    assert_shown(&serde_json::from_str(&stdout(&shown)).unwrap());
    assert!(stderr(&shown).contains(WARNING), "{}", stderr(&shown));
}

#[test]
fn the_command_line_withholds_what_agents_may_not_run() {
    let refused = run(
        &[
            "call",
            VERIFY,
            "id=auth_challenge_1",
            "code=123456",
            "--yes",
        ],
        &local().env(),
    );
    assert_eq!(code(&refused), 2, "a usage error: nothing sent");
    let text = stderr(&refused);
    assert!(
        text.contains("workos_mfa_verify is not offered to agents: It takes the one-time code"),
        "{text}"
    );

    let listed = stdout(&run(&["list"], &[]));
    assert!(!listed.contains(VERIFY), "{listed}");
    let all = stdout(&run(&["list", "--all"], &[]));
    let line = all
        .lines()
        .find(|line| line.starts_with(VERIFY))
        .expect("listed with --all");
    assert!(
        line.contains("(not for agents: It takes the one-time code"),
        "{line}"
    );
    let described = stdout(&run(&["describe", VERIFY], &[]));
    assert!(described.contains("not for agents: "), "{described}");

    for format in ["mcp", "openai", "anthropic"] {
        let tools = stdout(&run(&["tools", "--format", format], &[]));
        // By name: other actions' descriptions may mention it.
        assert!(
            tools.contains(&format!(r#""name": "{ENROLL}""#)),
            "{format}"
        );
        assert!(
            !tools.contains(&format!(r#""name": "{VERIFY}""#)),
            "{format}: {tools}"
        );
    }
    let dynamic = run(&["tools", "--tools", VERIFY], &[]);
    assert_eq!(code(&dynamic), 2);
    assert!(
        stderr(&dynamic).contains("is not offered to agents"),
        "{}",
        stderr(&dynamic)
    );
}

/// `mcp FLAGS` on stdio against the emulator; its stderr kept.
async fn connect(flags: &[&str]) -> (Client, tokio::process::ChildStderr) {
    let mut args = vec!["mcp", "--allow-writes"];
    args.extend_from_slice(flags);
    let command = tokio::process::Command::from(base_command(&args, &local().env()));
    let (transport, stderr) = TokioChildProcess::builder(command)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the server starts");
    let client = Era::Legacy
        .connect(Person::new(false, ProtocolVersion::V_2025_11_25), transport)
        .await;
    (client, stderr.expect("stderr"))
}

async fn stderr_of(client: Client, mut stderr: tokio::process::ChildStderr) -> String {
    use tokio::io::AsyncReadExt;
    client.cancel().await.unwrap();
    let mut text = String::new();
    stderr.read_to_string(&mut text).await.unwrap();
    text
}

/// Enrolls `user` through `tool` (`ENROLL` itself, or `call_action`); the structured answer,
/// and the whole result as text.
async fn enroll(client: &Client, tool: &str, user: &str) -> (Value, String) {
    let arguments = json!({"id": user, "type": "totp", "totp_issuer": "Secrets"});
    let args = if tool == ENROLL {
        arguments
    } else {
        json!({"name": ENROLL, "arguments": arguments})
    };
    let result = call(client, tool, args).await;
    assert_eq!(result.is_error, Some(false), "{}", text_of(&result));
    let whole = serde_json::to_string(&result).unwrap();
    (
        result.structured_content.expect("a structured answer"),
        whole,
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn mcp_redacts_secret_fields_unless_asked_in_both_modes() {
    let id = user("mcp@secrets.test");
    for (mode, flags, tool) in [
        ("per action", &["--tools", "all"][..], ENROLL),
        ("dynamic", &["--tools", "dynamic"][..], "call_action"),
    ] {
        let (client, stderr) = connect(flags).await;
        let (answer, whole) = enroll(&client, tool, &id).await;
        // Both the structured content and its text copy.
        assert_redacted(&answer, &whole);
        assert!(whole.contains(REDACTED), "{mode}: {whole}");
        assert!(!stderr_of(client, stderr).await.contains(WARNING), "{mode}");

        let mut shown_flags = flags.to_vec();
        shown_flags.push("--show-secrets");
        let (client, stderr) = connect(&shown_flags).await;
        let (answer, whole) = enroll(&client, tool, &id).await;
        assert_shown(&answer);
        assert!(!whole.contains(REDACTED), "{mode}: {whole}");
        let stderr = stderr_of(client, stderr).await;
        assert!(stderr.contains(WARNING), "{mode}: {stderr}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn mcp_offers_no_tool_for_a_withheld_action_and_refuses_it_by_name() {
    let (client, stderr) = connect(&["--tools", "all"]).await;
    let tools = client.list_all_tools().await.unwrap();
    assert!(tools.iter().any(|tool| tool.name == ENROLL));
    assert!(tools.iter().all(|tool| tool.name != VERIFY));
    let refused = call(
        &client,
        VERIFY,
        json!({"id": "auth_challenge_1", "code": "123456"}),
    )
    .await;
    assert_eq!(refused.is_error, Some(true));
    assert!(
        text_of(&refused)
            .contains("workos_mfa_verify is not offered to agents: It takes the one-time code"),
        "{}",
        text_of(&refused)
    );
    stderr_of(client, stderr).await;

    let (client, stderr) = connect(&["--tools", "dynamic"]).await;
    let found = call(
        &client,
        "find_actions",
        json!({"query": "verify code challenge"}),
    )
    .await;
    let found = serde_json::to_string(&found.structured_content).unwrap();
    assert!(!found.contains(VERIFY), "{found}");
    for tool in ["describe_action", "call_action"] {
        let refused = call(
            &client,
            tool,
            json!({"name": VERIFY, "arguments": {"id": "auth_challenge_1", "code": "123456"}}),
        )
        .await;
        assert_eq!(refused.is_error, Some(true), "{tool}");
        assert!(
            text_of(&refused).contains("is not offered to agents"),
            "{tool}: {}",
            text_of(&refused)
        );
    }
    stderr_of(client, stderr).await;
}
