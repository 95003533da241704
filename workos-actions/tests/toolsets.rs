//! Named toolsets: they partition the available actions, `tools --list-toolsets` prints the
//! sizes the server's `tools/list` has for each selection, and `--tools` takes their names.

mod support;

use std::collections::BTreeSet;

use actionspec_agent::toolsets;
use rmcp::model::ProtocolVersion;
use rmcp::transport::TokioChildProcess;
use serde_json::{Value, json};
use support::mcp::{Era, Person};
use support::{base_command, code, run, stderr, stdout};
use workos_client::descriptors::API;

fn available(read_only: bool) -> Vec<&'static str> {
    API.actions
        .iter()
        .filter(|action| action.is_for_agents() && !(read_only && action.is_write()))
        .map(|action| action.name)
        .collect()
}

/// The `tools/list` of `mcp` started with `flags`: the tools, as JSON values.
async fn served(flags: &[&str]) -> Vec<Value> {
    let mut args = vec!["mcp"];
    args.extend_from_slice(flags);
    let command = tokio::process::Command::from(base_command(&args, &[]));
    let transport = TokioChildProcess::new(command).expect("the server starts");
    let person = Person::new(false, ProtocolVersion::V_2025_11_25);
    let client = Era::Legacy.connect(person, transport).await;
    let tools = client.list_all_tools().await.expect("tools/list");
    client.cancel().await.expect("the session closes");
    tools
        .iter()
        .map(|tool| serde_json::to_value(tool).unwrap())
        .collect()
}

fn bytes_of(tools: &[Value]) -> usize {
    serde_json::to_vec(&json!({ "tools": tools }))
        .unwrap()
        .len()
}

fn names(tools: &[Value]) -> BTreeSet<String> {
    tools
        .iter()
        .map(|tool| tool["name"].as_str().expect("a name").to_owned())
        .collect()
}

#[test]
fn toolsets_partition_the_available_actions() {
    for read_only in [false, true] {
        let sets = toolsets::toolsets(&API, read_only);
        let mut seen: Vec<&str> = Vec::new();
        let mut set_names = BTreeSet::new();
        for set in &sets {
            assert!(set_names.insert(set.name), "{} twice", set.name);
            assert!(!set.actions.is_empty(), "{} is empty", set.name);
            assert_ne!(set.name, toolsets::ALL);
            assert_ne!(set.name, toolsets::DYNAMIC);
            for action in &set.actions {
                assert_eq!(action.resource, set.name, "{}", action.name);
                seen.push(action.name);
            }
        }
        let mut expected = available(read_only);
        expected.sort_unstable();
        seen.sort_unstable();
        assert_eq!(seen, expected, "read_only {read_only}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn printed_sizes_equal_what_the_server_lists() {
    for read_only in [false, true] {
        let mut args = vec!["tools", "--list-toolsets", "--json"];
        if read_only {
            args.push("--read-only");
        }
        let output = run(&args, &[]);
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        let listing: Value = serde_json::from_str(&stdout(&output)).unwrap();
        let rows = listing["toolsets"].as_array().expect("rows");
        let row_names: Vec<&str> = rows
            .iter()
            .map(|row| row["name"].as_str().unwrap())
            .collect();
        let sets = toolsets::toolsets(&API, read_only);
        let mut expected: Vec<&str> = sets.iter().map(|set| set.name).collect();
        expected.extend([toolsets::ALL, toolsets::DYNAMIC]);
        assert_eq!(row_names, expected);
        let read_flag: &[&str] = if read_only { &["--read-only"] } else { &[] };
        for row in rows {
            let name = row["name"].as_str().unwrap();
            let mut flags = vec!["--tools", name];
            flags.extend_from_slice(read_flag);
            let tools = served(&flags).await;
            assert_eq!(
                bytes_of(&tools),
                row["bytes"],
                "{name}, read_only {read_only}"
            );
            // `tools --tools NAME --format mcp` prints exactly what the server lists.
            let mut args = vec!["tools", "--format", "mcp", "--tools", name];
            args.extend_from_slice(read_flag);
            let printed: Value = serde_json::from_str(&stdout(&run(&args, &[]))).unwrap();
            assert_eq!(printed["tools"], Value::Array(tools.clone()), "{name}");
            if name == toolsets::DYNAMIC {
                assert_eq!(tools.len(), 3);
            } else {
                assert_eq!(Some(tools.len() as u64), row["actions"].as_u64(), "{name}");
            }
        }
        // Without --tools the server lists the default selection, within the budget.
        let default = listing["default"].as_str().expect("the default's name");
        let default_row = rows.iter().find(|row| row["name"] == default).unwrap();
        let tools = served(read_flag).await;
        assert_eq!(bytes_of(&tools), default_row["bytes"]);
        assert!(bytes_of(&tools) <= toolsets::DEFAULT_BUDGET_BYTES);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_toolset_name_selects_exactly_its_actions() {
    let cases: [(&[&str], &str); 3] = [
        (&["--tools", "organization"], "organization"),
        (&["--tools", "user,organization"], "user organization"),
        (
            &["--tools", "directory,*_get", "--read-only"],
            "directory *_get",
        ),
    ];
    for (flags, resources) in cases {
        let read_only = flags.contains(&"--read-only");
        let resources: Vec<&str> = resources.split(' ').collect();
        let expected: BTreeSet<String> = API
            .actions
            .iter()
            .filter(|action| action.is_for_agents() && !(read_only && action.is_write()))
            .filter(|action| {
                resources.iter().any(|word| {
                    *word == action.resource
                        || word
                            .strip_prefix('*')
                            .is_some_and(|end| action.name.ends_with(end))
                })
            })
            .map(|action| action.name.to_owned())
            .collect();
        assert!(!expected.is_empty(), "{flags:?}");
        assert_eq!(names(&served(flags).await), expected, "{flags:?}");
    }
}

#[test]
fn an_unknown_name_is_refused_with_a_suggestion() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["mcp", "--tools", "organizaton"],
            "did you mean: organization",
        ),
        (
            &["tools", "--tools", "organizaton"],
            "did you mean: organization",
        ),
        (
            &["mcp", "--tools", "user,nothing_like_it_*"],
            "`nothing_like_it_*`",
        ),
        (
            &["tools", "--tools", "dynamic", "--format", "openai"],
            "MCP mode",
        ),
    ];
    for (args, says) in cases {
        let output = run(args, &[]);
        assert_eq!(code(&output), 2, "{args:?}");
        assert!(stdout(&output).is_empty(), "{args:?}");
        assert!(
            stderr(&output).contains(says),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn the_table_has_a_line_per_toolset_and_names_the_default() {
    let output = run(&["tools", "--list-toolsets"], &[]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    let sets = toolsets::toolsets(&API, false);
    for set in &sets {
        let line = text
            .lines()
            .find(|line| line.split_whitespace().next() == Some(set.name))
            .unwrap_or_else(|| panic!("no line for {}: {text}", set.name));
        let count: usize = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        assert_eq!(count, set.actions.len(), "{line}");
    }
    assert!(text.lines().any(|line| line.starts_with("all ")));
    assert!(text.lines().any(|line| line.starts_with("dynamic ")));
    let all_bytes: usize = text
        .lines()
        .find(|line| line.starts_with("all "))
        .and_then(|line| line.split_whitespace().nth(2)?.parse().ok())
        .expect("the size of every tool");
    let default = if all_bytes <= toolsets::DEFAULT_BUDGET_BYTES {
        "all"
    } else {
        "dynamic"
    };
    assert!(
        text.lines()
            .last()
            .unwrap()
            .starts_with(&format!("default: {default}")),
        "{text}"
    );
}
