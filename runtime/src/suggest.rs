//! "Did you mean ...?": the known names closest to a word someone typed.
//!
//! One rule serves every place that suggests a name (an unknown argument or model field, an
//! unknown action in the engine, the command line and the MCP server), so a misspelling finds
//! the same answer everywhere:
//!
//! * a candidate is close when its Jaro-Winkler similarity to the word is at least
//!   [`MIN_SIMILARITY`], or when it contains the word and the word has at least
//!   [`MIN_PART_LENGTH`] characters (`organization_get` finds `workos_organization_get`);
//! * the closest come first, ties in name order;
//! * at most [`MAX_SUGGESTIONS`] are answered.

/// Jaro-Winkler similarity from which a name counts as a likely misspelling.
pub const MIN_SIMILARITY: f64 = 0.8;

/// Shortest word that finds the names containing it (shorter ones are in too many names).
pub const MIN_PART_LENGTH: usize = 3;

/// Most names one suggestion lists.
pub const MAX_SUGGESTIONS: usize = 3;

/// The candidates close to `word`, closest first (the rule is in the module docs).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let long_enough = word.chars().count() >= MIN_PART_LENGTH;
    let mut scored: Vec<(f64, &'a str)> = candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(word, candidate), candidate))
        .filter(|(score, candidate)| {
            *score >= MIN_SIMILARITY || (long_enough && candidate.contains(word))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, name)| name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 5] = [
        "workos_organization_get",
        "workos_organization_update",
        "workos_organizations_list",
        "workos_user_get",
        "workos_users_list",
    ];

    #[test]
    fn a_misspelling_finds_the_name_first() {
        assert_eq!(
            closest("workos_organisation_get", NAMES)[0],
            "workos_organization_get"
        );
        assert_eq!(closest("nmae", ["name", "domains"]), ["name"]);
    }

    #[test]
    fn a_part_of_a_name_finds_the_names_holding_it() {
        let found = closest("users_list", NAMES);
        assert!(found.contains(&"workos_users_list"), "{found:?}");
        // Too short to stand for a part: only similarity counts.
        assert!(closest("li", NAMES).is_empty());
        assert!(closest("", NAMES).is_empty());
    }

    #[test]
    fn at_most_three_closest_first_ties_by_name() {
        let found = closest("workos_organization", NAMES);
        assert_eq!(found.len(), MAX_SUGGESTIONS);
        let scores: Vec<f64> = found
            .iter()
            .map(|name| strsim::jaro_winkler("workos_organization", name))
            .collect();
        let sorted = {
            let mut sorted = scores.clone();
            sorted.sort_by(|a, b| b.total_cmp(a));
            sorted
        };
        assert_eq!(scores, sorted);
        assert!(closest("zzzzzz", NAMES).is_empty());
    }
}
