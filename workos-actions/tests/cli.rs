//! The command-line tool end to end: the built binary against a loopback stand-in of the API.

mod support;

use serde_json::Value;
use support::{api, code, run, run_with_stdin, stderr, stdout};

#[test]
fn list_shows_actions_with_access_method_and_path() {
    let output = run(&["list"], &[("WORKOS_API_KEY", None)]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    let line = text
        .lines()
        .find(|line| line.starts_with("workos_organization_get "))
        .expect("the action is listed");
    assert!(line.contains("read") && line.contains("GET") && line.contains("/organizations/{id}"));
    assert!(
        !text.contains("unavailable"),
        "unavailable actions only with --all"
    );

    let all = stdout(&run(&["list", "--all"], &[]));
    assert!(all.contains("unavailable: "));
    assert!(all.lines().count() > text.lines().count());

    let writes: Value =
        serde_json::from_str(&stdout(&run(&["list", "--json", "--access", "write"], &[]))).unwrap();
    let writes = writes.as_array().unwrap();
    assert!(!writes.is_empty());
    assert!(
        writes
            .iter()
            .all(|row| row["access"] == "write" && row["method"].is_string())
    );
}

#[test]
fn describe_shows_parameters_defaults_and_schemas() {
    let output = run(&["describe", "workos_organizations_list"], &[]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    assert!(
        text.contains("limit  (query, integer, optional, default 10, min 1, max 100)"),
        "{text}"
    );
    assert!(text.contains("arguments schema:") && text.contains("result schema:"));

    let json: Value = serde_json::from_str(&stdout(&run(
        &["describe", "workos_organizations_list", "--json"],
        &[],
    )))
    .unwrap();
    let limit = json["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|param| param["name"] == "limit")
        .unwrap();
    assert_eq!(limit["default"], 10);
    assert_eq!(json["arguments_schema"]["additionalProperties"], false);
    assert_eq!(json["result_schema"]["type"], "object");

    let misspelled = run(&["describe", "workos_organisation_get"], &[]);
    assert_eq!(code(&misspelled), 2);
    assert!(stderr(&misspelled).contains("did you mean: workos_organization_get"));
}

#[test]
fn a_read_is_sent_once_with_its_id_encoded() {
    let output = run(&["call", "workos_organization_get", "id=org_a/b c"], &[]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let answer: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(answer["id"], "org_a/b c");
    let seen = api().seen("/organizations/org_a");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].target, "/organizations/org_a%2Fb%20c");
    assert_eq!(seen[0].method, "GET");
}

#[test]
fn name_value_pairs_are_typed_and_merged_over_json() {
    let output = run_with_stdin(
        &[
            "call",
            "workos_organizations_list",
            "--json",
            "-",
            "limit=2",
        ],
        &[],
        Some(r#"{"limit": 50, "domains": ["x.com"], "search": "typed"}"#),
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let seen = api().seen("/organizations?");
    let request = seen
        .iter()
        .find(|seen| seen.target.contains("search=typed"))
        .expect("sent");
    assert!(request.target.contains("limit=2"), "{}", request.target);
    assert!(request.target.contains("domains=x.com"));
}

#[test]
fn a_write_without_a_terminal_needs_yes() {
    let name = "Refused Without Yes";
    let output = run(
        &[
            "call",
            "workos_organization_create",
            &format!("name={name}"),
        ],
        &[],
    );
    assert_eq!(code(&output), 3, "{}", stderr(&output));
    assert!(stderr(&output).contains("--yes"));
    assert!(sent_with_name(name).is_empty(), "nothing was sent");

    let name = "Sent With Yes";
    let output = run(
        &[
            "call",
            "workos_organization_create",
            &format!("name={name}"),
            "--yes",
        ],
        &[],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let answer: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(answer["name"], name);
    assert_eq!(sent_with_name(name).len(), 1);
}

fn sent_with_name(name: &str) -> Vec<support::Seen> {
    api()
        .seen("/organizations")
        .into_iter()
        .filter(|seen| {
            seen.method == "POST" && seen.body.as_ref().is_some_and(|b| b["name"] == name)
        })
        .collect()
}

#[test]
fn read_only_refuses_writes_before_sending() {
    let name = "Refused Read Only";
    let output = run(
        &[
            "call",
            "workos_organization_create",
            &format!("name={name}"),
            "--read-only",
        ],
        &[],
    );
    assert_eq!(code(&output), 3);
    assert!(stderr(&output).contains("read-only"));
    assert!(sent_with_name(name).is_empty());
}

#[test]
fn dry_run_prints_the_request_and_sends_nothing() {
    let name = "Dry Run Only";
    for env in [vec![], vec![("WORKOS_API_KEY", None)]] {
        let output = run(
            &[
                "call",
                "workos_organization_create",
                &format!("name={name}"),
                "--dry-run",
                "-v",
            ],
            &env,
        );
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        let request: Value = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(request["method"], "POST");
        assert!(request["url"].as_str().unwrap().ends_with("/organizations"));
        assert_eq!(request["body"]["name"], name);
        assert_eq!(request["headers"]["authorization"], "Bearer <redacted>");
    }
    assert!(sent_with_name(name).is_empty());
}

#[test]
fn a_browser_page_answers_its_url_with_or_without_a_key_and_sends_nothing() {
    let args = [
        "call",
        "workos_sso_authorization_url",
        "client_id=client_cli",
        "redirect_uri=https://app.example.com/callback",
        "organization=org_cli",
        "state=s 1",
    ];
    for env in [vec![], vec![("WORKOS_API_KEY", None)]] {
        let output = run(&args, &env);
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        let answer: Value = serde_json::from_str(&stdout(&output)).unwrap();
        let url = answer["url"].as_str().expect("the answer is the URL");
        let (page, query) = url.split_once('?').expect("a query");
        assert_eq!(page, format!("{}/sso/authorize", api().base_url));
        for pair in [
            "client_id=client_cli",
            "redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback",
            "organization=org_cli",
            "state=s%201",
            "response_type=code",
        ] {
            assert!(query.split('&').any(|sent| sent == pair), "{pair} in {url}");
        }
    }
    assert!(
        api().seen("/sso").is_empty(),
        "a browser page is never sent"
    );

    let refused = run(
        &[
            "call",
            "workos_sso_authorization_url",
            "client_id=client_cli",
        ],
        &[("WORKOS_API_KEY", None)],
    );
    assert_eq!(code(&refused), 2, "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("redirect_uri"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn all_pages_streams_every_item_as_json_lines() {
    let before = api().seen("/organizations?").len() + api().seen("/organizations").len();
    let output = run(
        &[
            "call",
            "workos_organizations_list",
            "--all-pages",
            "limit=2",
        ],
        &[],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let ids: Vec<String> = stdout(&output)
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ids, ["org_1", "org_2", "org_3", "org_4", "org_5"]);
    let after = api().seen("/organizations?").len() + api().seen("/organizations").len();
    assert!(after >= before + 3);

    let not_a_list = run(
        &["call", "workos_organization_get", "id=org_1", "--all-pages"],
        &[],
    );
    assert_eq!(code(&not_a_list), 2);
}

#[test]
fn each_failure_has_its_exit_code() {
    // Invalid arguments: nothing sent.
    let invalid = run(
        &[
            "call",
            "workos_organizations_list",
            "limit=500",
            "colour=red",
        ],
        &[],
    );
    assert_eq!(code(&invalid), 2);
    let message = stderr(&invalid);
    assert!(
        message.contains("limit") && message.contains("colour"),
        "{message}"
    );
    let usage = run(&["call", "workos_organization_get", "not-a-pair"], &[]);
    assert_eq!(code(&usage), 2);
    let unavailable = run(&["call", "workos_connection_activate", "id=conn_1"], &[]);
    assert_eq!(code(&unavailable), 2);
    assert!(stderr(&unavailable).contains("use instead"));

    // Authentication: a wrong key, and a key without the permission.
    let unauthorized = run(
        &["call", "workos_organization_get", "id=org_1"],
        &[("WORKOS_API_KEY", Some("sk_test_wrong"))],
    );
    assert_eq!(code(&unauthorized), 4);
    assert!(stderr(&unauthorized).contains("WORKOS_API_KEY"));
    assert!(!stderr(&unauthorized).contains("sk_test_wrong"));
    let forbidden = run(
        &["call", "workos_organization_get", "id=org_forbidden"],
        &[],
    );
    assert_eq!(code(&forbidden), 4);

    // Other API errors.
    let missing = run(&["call", "workos_organization_get", "id=org_missing"], &[]);
    assert_eq!(code(&missing), 5);
    assert!(stderr(&missing).contains("Organization not found"));
    let broken = run(&["call", "workos_organization_get", "id=org_broken"], &[]);
    assert_eq!(code(&broken), 5);

    // Network: nothing listens there.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let network = run(
        &["call", "workos_organization_get", "id=org_1"],
        &[("WORKOS_BASE_URL", Some(&url))],
    );
    assert_eq!(code(&network), 6, "{}", stderr(&network));

    // Configuration: no key says in one line how to set it; a bad base URL.
    let no_key = run(
        &["call", "workos_organization_get", "id=org_1"],
        &[("WORKOS_API_KEY", None)],
    );
    assert_eq!(code(&no_key), 7);
    let line = stderr(&no_key);
    assert_eq!(line.trim().lines().count(), 1, "{line}");
    assert!(line.contains("set WORKOS_API_KEY"));
    let bad_url = run(
        &["call", "workos_organization_get", "id=org_1"],
        &[("WORKOS_BASE_URL", Some("not a url"))],
    );
    assert_eq!(code(&bad_url), 7);

    // Usage errors of the command line itself.
    assert_eq!(code(&run(&["call"], &[])), 2);
}

/// Runs the binary on a pseudo-terminal (util-linux `script`), typing `answer`.
fn on_terminal(args: &[&str], answer: &str) -> std::process::Output {
    let mut line = support::BINARY.to_owned();
    for arg in args {
        line.push_str(&format!(" '{arg}'"));
    }
    let mut command = std::process::Command::new("script");
    command.args(["-qec", &line, "/dev/null"]);
    command.env("WORKOS_API_KEY", support::TEST_KEY);
    command.env("WORKOS_BASE_URL", &api().base_url);
    command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().expect("script runs");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(answer.as_bytes()).unwrap();
        // Keep the terminal open until the binary has read the answer.
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    let output = child.wait_with_output().unwrap();
    support::assert_no_key(&output);
    output
}

#[test]
fn a_write_on_a_terminal_shows_the_request_and_asks() {
    let name = "Terminal Yes";
    let output = on_terminal(
        &[
            "call",
            "workos_organization_create",
            &format!("name={name}"),
        ],
        "y\n",
    );
    let text = stdout(&output);
    assert_eq!(code(&output), 0, "{text}");
    assert!(
        text.contains("POST") && text.contains("/organizations") && text.contains(name),
        "{text}"
    );
    assert!(text.contains("Send it? [y/N]"));
    assert_eq!(sent_with_name(name).len(), 1);

    let name = "Terminal No";
    let output = on_terminal(
        &[
            "call",
            "workos_organization_create",
            &format!("name={name}"),
        ],
        "n\n",
    );
    assert_eq!(code(&output), 3, "{}", stdout(&output));
    assert!(sent_with_name(name).is_empty());
}
