//! An action the catalog withholds from agents (`test_credential_verify` of the shared test
//! catalog) is in no tool list, manifest or toolset, and naming it is answered with the reason.

use actionspec_agent::manifest::{self, Format, Writes};
use actionspec_agent::mcp::Mode;
use actionspec_agent::{describe, toolsets};
use actionspec_test_catalog::shapes::{API, CREDENTIAL_VERIFY};

const WITHHELD: &str = "test_credential_verify";

fn names(tools: &serde_json::Value) -> Vec<String> {
    let tools = tools.get("tools").unwrap_or(tools);
    tools
        .as_array()
        .unwrap()
        .iter()
        .map(|tool| {
            tool.get("name")
                .or_else(|| tool.pointer("/function/name"))
                .and_then(serde_json::Value::as_str)
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[test]
fn no_manifest_offers_it() {
    assert!(
        CREDENTIAL_VERIFY.is_available(),
        "a program may still call it"
    );
    assert!(!CREDENTIAL_VERIFY.is_for_agents());
    let offered: Vec<_> = manifest::available(&API, false)
        .map(|action| action.name)
        .collect();
    assert!(offered.contains(&"test_credential_create"));
    assert!(!offered.contains(&WITHHELD), "{offered:?}");
    for format in [Format::Mcp, Format::Openai, Format::Anthropic] {
        for read_only in [false, true] {
            let names = names(&manifest::manifest(&API, format, read_only));
            assert!(!names.is_empty());
            assert!(
                !names.iter().any(|name| name == WITHHELD),
                "{format:?}: {names:?}"
            );
        }
    }
}

#[test]
fn no_toolset_holds_it_and_naming_it_says_why() {
    for set in toolsets::toolsets(&API, false) {
        assert!(set.actions.iter().all(|action| action.name != WITHHELD));
    }
    let (mode, chosen) =
        toolsets::select(&API, "test", Some("test_credential*"), Writes::Confirm).unwrap();
    assert_eq!(mode, Mode::PerAction);
    let chosen: Vec<_> = chosen.iter().map(|action| action.name).collect();
    assert_eq!(chosen, ["test_credential_create", "test_credentials_list"]);
    let (_, everything) = toolsets::select(&API, "test", Some("all"), Writes::Confirm).unwrap();
    assert!(everything.iter().all(|action| action.name != WITHHELD));

    let error = toolsets::select(&API, "test", Some(WITHHELD), Writes::Confirm).unwrap_err();
    assert_eq!(
        error,
        "--tools: test_credential_verify is not offered to agents: It takes a person's one-time code, which only their own sign-in sends."
    );
}

#[test]
fn its_row_says_why() {
    let row = describe::row(&CREDENTIAL_VERIFY);
    assert_eq!(row["for_agents"], false);
    assert_eq!(
        row["agents_reason"],
        "It takes a person's one-time code, which only their own sign-in sends."
    );
    let offered = describe::row(API.action("test_credential_create").unwrap());
    assert!(offered.get("for_agents").is_none(), "{offered}");
    assert!(describe::withheld(API.action("test_credential_create").unwrap()).is_none());
}
