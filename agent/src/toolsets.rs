//! Named toolsets: the available actions grouped by the resource they work on, so that an
//! agent can hold the tools of a task without the whole catalog's `tools/list`.
//!
//! `--tools` takes toolset names (`organization`), `all`, globs over action names
//! (`*_get`), or `dynamic` alone. Without it the server offers every action while their
//! `tools/list` fits [`DEFAULT_BUDGET_BYTES`], and the dynamic mode past it.

use actionspec_runtime::{ActionDescriptor, ApiDescriptor};
use globset::Glob;
use serde_json::{Value, json};

use crate::manifest::{self, Writes};
use crate::mcp::{Mode, dynamic};

/// Most bytes of a per-action `tools/list` the default offers: past it the default is the
/// dynamic mode. Today's catalog (about 132 KB) fits, so its default stays one tool per action.
pub const DEFAULT_BUDGET_BYTES: usize = 140_000;

/// The name `--tools` takes for every available action, one tool each.
pub const ALL: &str = "all";

/// The name `--tools` takes for the three dynamic tools.
pub const DYNAMIC: &str = "dynamic";

/// The available actions on one resource.
#[derive(Debug, Clone)]
pub struct Toolset {
    /// The resource's name (`organization`).
    pub name: &'static str,
    /// Its available actions, in catalog order.
    pub actions: Vec<&'static ActionDescriptor>,
}

/// The toolsets of the available actions (reads only when `read_only`), in the order their
/// resources first appear in the catalog; together they hold every available action once.
pub fn toolsets(api: &'static ApiDescriptor, read_only: bool) -> Vec<Toolset> {
    let mut sets: Vec<Toolset> = Vec::new();
    for action in manifest::available(api, read_only) {
        match sets.iter_mut().find(|set| set.name == action.resource) {
            Some(set) => set.actions.push(action),
            None => sets.push(Toolset {
                name: action.resource,
                actions: vec![action],
            }),
        }
    }
    sets
}

/// The MCP tools offered in `mode` for `actions` when writes are `writes`, as `tools/list`
/// answers them.
pub fn mcp_tools(
    api: &'static ApiDescriptor,
    mode: Mode,
    actions: &[&'static ActionDescriptor],
    writes: Writes,
) -> Vec<Value> {
    match mode {
        Mode::PerAction => actions
            .iter()
            .map(|action| manifest::mcp_tool(api, action, writes))
            .collect(),
        Mode::Dynamic => dynamic::tools(writes),
    }
}

/// Bytes of `{"tools": [...]}` in compact JSON: what a client takes into its context.
pub fn list_bytes(tools: Vec<Value>) -> usize {
    serde_json::to_vec(&json!({ "tools": tools })).map_or(0, |bytes| bytes.len())
}

/// [`list_bytes`] of the per-action tools of `actions`, counted tool by tool and no further
/// once past `limit`, so that the default of a large catalog is decided without building
/// every tool.
fn bytes_up_to(
    api: &'static ApiDescriptor,
    actions: &[&'static ActionDescriptor],
    writes: Writes,
    limit: usize,
) -> usize {
    // `{"tools":[` and `]}` around the tools, a comma between two.
    let mut bytes = r#"{"tools":[]}"#.len();
    for (index, action) in actions.iter().enumerate() {
        let tool = manifest::mcp_tool(api, action, writes);
        bytes += serde_json::to_vec(&tool).map_or(0, |tool| tool.len()) + usize::from(index > 0);
        if bytes > limit {
            break;
        }
    }
    bytes
}

/// The mode and the actions `tools` (the `--tools` value) selects among the available ones;
/// `program` names the binary in the error, which says what was not understood.
pub fn select(
    api: &'static ApiDescriptor,
    program: &str,
    tools: Option<&str>,
    writes: Writes,
) -> Result<(Mode, Vec<&'static ActionDescriptor>), String> {
    let read_only = writes == Writes::Hidden;
    let available: Vec<_> = manifest::available(api, read_only).collect();
    let Some(tools) = tools.map(str::trim).filter(|tools| !tools.is_empty()) else {
        let bytes = bytes_up_to(api, &available, writes, DEFAULT_BUDGET_BYTES);
        return Ok((default_mode(bytes), available));
    };
    if tools == DYNAMIC {
        return Ok((Mode::Dynamic, available));
    }
    let sets = toolsets(api, read_only);
    let mut chosen = vec![false; available.len()];
    for word in tools.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        let picks: Vec<bool> = if word == ALL {
            vec![true; available.len()]
        } else if let Some(set) = sets.iter().find(|set| set.name == word) {
            available
                .iter()
                .map(|action| set.actions.iter().any(|a| a.name == action.name))
                .collect()
        } else {
            let glob = Glob::new(word)
                .map_err(|error| format!("--tools: `{word}` is not a glob: {error}"))?
                .compile_matcher();
            available
                .iter()
                .map(|action| glob.is_match(action.name))
                .collect()
        };
        if !picks.contains(&true) {
            if let Some(refusal) = api.action(word).and_then(crate::describe::withheld) {
                return Err(format!("--tools: {refusal}"));
            }
            return Err(unknown(word, &sets, &available, program));
        }
        for (chosen, pick) in chosen.iter_mut().zip(picks) {
            *chosen |= pick;
        }
    }
    let actions: Vec<_> = available
        .into_iter()
        .zip(chosen)
        .filter_map(|(action, chosen)| chosen.then_some(action))
        .collect();
    if actions.is_empty() {
        return Err(format!(
            "--tools `{tools}` names no toolset; run `{program} tools --list-toolsets`"
        ));
    }
    Ok((Mode::PerAction, actions))
}

/// The error for a `--tools` word that is no toolset and matches no available action.
fn unknown(
    word: &str,
    sets: &[Toolset],
    available: &[&'static ActionDescriptor],
    program: &str,
) -> String {
    let names = sets
        .iter()
        .map(|set| set.name)
        .chain([ALL, DYNAMIC])
        .chain(available.iter().map(|action| action.name));
    let close = actionspec_runtime::suggest::closest(word, names);
    let hint = if close.is_empty() {
        format!("run `{program} tools --list-toolsets` to see the toolsets")
    } else {
        format!("did you mean: {}?", close.join(", "))
    };
    format!("--tools: `{word}` is no toolset and matches no available action; {hint}")
}

/// One line of `tools --list-toolsets`.
#[derive(Debug, Clone)]
pub struct Row {
    pub name: &'static str,
    pub actions: usize,
    /// Bytes of the `tools/list` the selection answers ([`list_bytes`]).
    pub bytes: usize,
}

/// Every toolset, then `all` and `dynamic`, with their sizes when writes are `writes`.
pub fn rows(api: &'static ApiDescriptor, writes: Writes) -> Vec<Row> {
    let read_only = writes == Writes::Hidden;
    let available: Vec<_> = manifest::available(api, read_only).collect();
    let size = |mode, actions: &[&'static ActionDescriptor]| {
        list_bytes(mcp_tools(api, mode, actions, writes))
    };
    let mut rows: Vec<Row> = toolsets(api, read_only)
        .iter()
        .map(|set| Row {
            name: set.name,
            actions: set.actions.len(),
            bytes: size(Mode::PerAction, &set.actions),
        })
        .collect();
    rows.push(Row {
        name: ALL,
        actions: available.len(),
        bytes: size(Mode::PerAction, &available),
    });
    rows.push(Row {
        name: DYNAMIC,
        actions: available.len(),
        bytes: size(Mode::Dynamic, &available),
    });
    rows
}

/// The mode without `--tools`, given the bytes of every available action's `tools/list`.
pub fn default_mode(per_action_bytes: usize) -> Mode {
    if per_action_bytes <= DEFAULT_BUDGET_BYTES {
        Mode::PerAction
    } else {
        Mode::Dynamic
    }
}

/// The name of what the server offers without `--tools` ([`ALL`] or [`DYNAMIC`]), from
/// [`rows`].
pub fn default_name(rows: &[Row]) -> &'static str {
    let all = rows.iter().find(|row| row.name == ALL);
    match all.map(|row| default_mode(row.bytes)) {
        Some(Mode::PerAction) => ALL,
        _ => DYNAMIC,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_counts_the_bytes_of_the_whole_list() {
        use actionspec_test_catalog::shapes::API;
        let actions: Vec<_> = manifest::available(&API, false).collect();
        let writes = Writes::Confirm;
        let whole = list_bytes(mcp_tools(&API, Mode::PerAction, &actions, writes));
        assert_eq!(bytes_up_to(&API, &actions, writes, usize::MAX), whole);
        // Past the limit the count stops, above it.
        let stopped = bytes_up_to(&API, &actions, writes, 100);
        assert!(stopped > 100 && stopped < whole, "{stopped} of {whole}");
    }

    #[test]
    fn the_default_turns_dynamic_past_the_budget() {
        let cases = [
            (0, Mode::PerAction),
            (132_076, Mode::PerAction),
            (DEFAULT_BUDGET_BYTES, Mode::PerAction),
            (DEFAULT_BUDGET_BYTES + 1, Mode::Dynamic),
            (650_000, Mode::Dynamic),
        ];
        for (bytes, mode) in cases {
            assert_eq!(default_mode(bytes), mode, "{bytes} bytes");
            let rows = [Row {
                name: ALL,
                actions: 1,
                bytes,
            }];
            let name = if mode == Mode::PerAction {
                ALL
            } else {
                DYNAMIC
            };
            assert_eq!(default_name(&rows), name, "{bytes} bytes");
        }
    }
}
