//! A look at how deeply a YAML text nests, before the parser sees it: the catalog loader and
//! the OpenAPI reader both ask it first.
//!
//! The YAML parser and the tree it builds recurse once per level of nesting, so a file of a few
//! hundred kilobytes such as `- - - - … a` (tens of thousands of compact block sequences) would
//! overflow the stack and abort the process. The parser already refuses deep *flow* nesting
//! (`[[[[…`) with an error; block nesting is bounded here, on the text, with a count that never
//! underestimates by more than half: every level of block nesting either starts a line further
//! right than its parent (a level of the indentation stack below) or is one more `- ` or `? `
//! indicator on the same line. A catalog nests about ten levels deep; the limit leaves a wide
//! margin above that and far below what overflows a 2 MiB thread stack.

/// The deepest block nesting a catalog file may have.
pub const MAX_NESTING: usize = 64;

/// Where a text first nests deeper than [`MAX_NESTING`]: 1-based line and column.
pub fn too_deep(text: &str) -> Option<(usize, usize)> {
    // Columns of the open block nodes, innermost last.
    let mut open: Vec<usize> = Vec::new();
    // Inside a literal or folded scalar (`|`, `>`): the indentation of the line that opened it.
    let mut scalar_parent: Option<usize> = None;
    for (index, line) in text.lines().enumerate() {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if let Some(parent) = scalar_parent {
            if indent > parent {
                continue;
            }
            scalar_parent = None;
        }
        while open.last().is_some_and(|&column| column >= indent) {
            open.pop();
        }
        open.push(indent);
        let (indicators, rest) = leading_indicators(content);
        let depth = open.len() + indicators;
        if depth > MAX_NESTING {
            return Some((index + 1, indent + 1));
        }
        if opens_block_scalar(rest) {
            scalar_parent = Some(indent);
        }
    }
    None
}

/// How many compact block indicators (`- `, `? `) start the content, and what follows them.
fn leading_indicators(mut content: &str) -> (usize, &str) {
    let mut count = 0;
    loop {
        let bytes = content.as_bytes();
        let is_indicator =
            matches!(bytes.first(), Some(b'-' | b'?')) && matches!(bytes.get(1), None | Some(b' '));
        if !is_indicator {
            return (count, content);
        }
        count += 1;
        content = content[1..].trim_start_matches(' ');
    }
}

/// True when the line ends by opening a literal or folded block scalar (`key: |`, `- >-`).
fn opens_block_scalar(rest: &str) -> bool {
    let value = match rest.find(": ") {
        Some(at) => &rest[at + 2..],
        None => rest,
    };
    let value = value.split(" #").next().unwrap_or(value).trim();
    let mut chars = value.chars();
    matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| matches!(c, '-' | '+') || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ordinary_catalog_is_shallow() {
        let text = "actions:\n  a_get:\n    params:\n      id: { in: path, type: string }\n    description: |\n      - not\n        - nesting\n          - at all\n";
        assert_eq!(too_deep(text), None);
    }

    #[test]
    fn compact_sequences_count_one_level_each() {
        let shallow = format!("x:\n{}a\n", "- ".repeat(MAX_NESTING - 2));
        assert_eq!(too_deep(&shallow), None);
        let deep = format!("x:\n{}a\n", "- ".repeat(MAX_NESTING));
        assert_eq!(too_deep(&deep), Some((2, 1)));
        let keys = format!("{}a\n", "? ".repeat(MAX_NESTING + 1));
        assert_eq!(too_deep(&keys), Some((1, 1)));
    }

    #[test]
    fn indentation_counts_one_level_per_step() {
        let deep: String = (0..=MAX_NESTING)
            .map(|level| format!("{}k:\n", " ".repeat(level)))
            .collect();
        assert_eq!(too_deep(&deep), Some((MAX_NESTING + 1, MAX_NESTING + 1)));
        // Going back out closes the levels in between.
        let wide: String = (0..MAX_NESTING * 4)
            .map(|line| format!("{}k:\n", " ".repeat(line % 8)))
            .collect();
        assert_eq!(too_deep(&wide), None);
    }

    #[test]
    fn block_scalar_text_is_not_structure() {
        let mut text = String::from("doc: |-\n");
        for level in 0..MAX_NESTING * 2 {
            text.push_str(&format!("  {}- text\n", " ".repeat(level)));
        }
        text.push_str("next: 1\n");
        assert_eq!(too_deep(&text), None);
    }
}
