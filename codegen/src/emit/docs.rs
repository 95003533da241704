//! Spec prose turned into doc comments that rustdoc and clippy accept as they are.
//!
//! Descriptions are Markdown written for a web page. Left alone, `[Organization](/reference/x)`
//! and `[id]` become broken intra-doc links, a bare URL trips `rustdoc::bare_urls`, `<id>` is an
//! unclosed HTML tag, an unlabelled code fence becomes a doctest that cannot compile, and a list
//! item continued without indentation trips `clippy::doc_lazy_continuation`. The rewriting is a
//! pure function of the text, so output stays deterministic.

use proc_macro2::TokenStream;
use quote::quote;

/// Inner doc attributes (`#![doc = ...]`) for lines that are already rustdoc-ready.
pub(super) fn inner_doc_attrs(lines: &[String]) -> TokenStream {
    lines_to_attrs(lines, true)
}

/// Sanitised lines of paragraphs joined by blank lines.
pub(super) fn doc_lines<S: AsRef<str>>(paragraphs: &[S]) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in paragraphs {
        let sanitized = sanitize(paragraph.as_ref());
        if sanitized.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(sanitized);
    }
    lines
}

fn lines_to_attrs(lines: &[String], inner: bool) -> TokenStream {
    lines
        .iter()
        .map(|line| {
            let text = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            if inner {
                quote!(#![doc = #text])
            } else {
                quote!(#[doc = #text])
            }
        })
        .collect()
}

/// Markdown for a page such as `ACTIONS.md`: written as in the spec, except site-relative links,
/// which lead nowhere outside the API's own site, keep only their text.
pub(super) fn markdown(text: &str) -> String {
    let mut fence: Option<String> = None;
    let mut out = Vec::new();
    for line in text.trim().lines() {
        let body = line.trim_start();
        if let Some(marker) = &fence {
            if closes_fence(body, marker) {
                fence = None;
            }
            out.push(line.to_owned());
        } else if let Some(marker) = fence_marker(body) {
            fence = Some(marker);
            out.push(line.to_owned());
        } else {
            out.push(inline(line, Mode::Markdown));
        }
    }
    out.join("\n")
}

/// What [`inline`] rewrites.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Everything rustdoc would misread.
    Rustdoc,
    /// Site-relative links only.
    Markdown,
}

/// Rewrites Markdown prose into rustdoc-safe lines, without leading or trailing blank lines.
pub(super) fn sanitize(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    // Column where the text of the current list item starts, while inside one.
    let mut list_item_indent: Option<usize> = None;
    for raw in text.lines() {
        let line = raw.replace('\t', "    ");
        let line = line.trim_end();
        let indent = line.len() - line.trim_start().len();
        let body = line.trim_start();
        if let Some(marker) = &fence {
            if closes_fence(body, marker) {
                fence = None;
            }
            out.push(line.to_owned());
            continue;
        }
        if let Some(marker) = fence_marker(body) {
            let info = body[marker.len()..].trim();
            // Only Rust blocks become doctests: anything unlabelled or Rust is shown as text.
            let info = if info.is_empty() || info.starts_with("rust") {
                "text"
            } else {
                info
            };
            out.push(format!("{}{marker}{info}", " ".repeat(indent.min(3))));
            fence = Some(marker);
            list_item_indent = None;
            continue;
        }
        if body.is_empty() {
            list_item_indent = None;
            out.push(String::new());
            continue;
        }
        let indent = if let Some(width) = list_marker_width(body) {
            let indent = indent.min(list_item_indent.unwrap_or(0) + 3);
            list_item_indent = Some(indent + width);
            indent
        } else if let Some(item) = list_item_indent {
            // A continuation belongs to the item: indent it exactly to the item's text.
            item
        } else {
            // Four spaces would start an indented code block, which rustdoc runs as a doctest.
            indent.min(3)
        };
        out.push(format!(
            "{}{}",
            " ".repeat(indent),
            inline(body, Mode::Rustdoc)
        ));
    }
    if fence.is_some() {
        out.push("```".to_owned());
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    let leading = out.iter().take_while(|line| line.is_empty()).count();
    out.drain(..leading);
    out
}

/// True when `body` (a line without its indent) closes the code block `marker` opened.
fn closes_fence(body: &str, marker: &str) -> bool {
    body.starts_with(marker) && body.trim_start_matches(marker).trim().is_empty()
}

/// The fence (three or more backticks or tildes) that opens a code block, if `body` opens one.
fn fence_marker(body: &str) -> Option<String> {
    for fence_char in ['`', '~'] {
        let count = body.chars().take_while(|&c| c == fence_char).count();
        if count >= 3 {
            let marker: String = std::iter::repeat_n(fence_char, count).collect();
            // A backtick fence's info string never holds a backtick.
            if fence_char == '`' && body[count..].contains('`') {
                return None;
            }
            return Some(marker);
        }
    }
    None
}

/// Width of a list marker with its space (`- `, `* `, `+ `, `12. `, `3) `), if `body` starts one.
fn list_marker_width(body: &str) -> Option<usize> {
    let bytes = body.as_bytes();
    if matches!(bytes.first(), Some(b'-' | b'*' | b'+')) && bytes.get(1) == Some(&b' ') {
        return Some(2);
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if (1..=9).contains(&digits)
        && matches!(bytes.get(digits), Some(b'.' | b')'))
        && bytes.get(digits + 1) == Some(&b' ')
    {
        return Some(digits + 2);
    }
    None
}

/// Rewrites one line outside code blocks, leaving code spans as written.
fn inline(line: &str, mode: Mode) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        if rest.starts_with('`') {
            let ticks = rest.chars().take_while(|&c| c == '`').count();
            let marker = &rest[..ticks];
            if let Some(end) = rest[ticks..].find(marker) {
                let span_end = ticks + end + ticks;
                out.push_str(&rest[..span_end]);
                rest = &rest[span_end..];
            } else {
                out.push_str(marker);
                rest = &rest[ticks..];
            }
            continue;
        }
        if let Some((label, destination, consumed)) = markdown_link(rest) {
            if is_absolute_url(destination) {
                out.push('[');
                out.push_str(&inline(label, mode));
                out.push_str("](");
                out.push_str(destination);
                out.push(')');
            } else {
                // A site-relative link leads nowhere here: keep its text only.
                out.push_str(&inline(label, mode));
            }
            rest = &rest[consumed..];
            continue;
        }
        // Up to the next code span or link (a `[` that starts no link is plain text).
        let skip = usize::from(rest.starts_with('['));
        let end = rest[skip..]
            .find(['`', '['])
            .map_or(rest.len(), |end| end + skip);
        out.push_str(&prose(&rest[..end], mode));
        rest = &rest[end..];
    }
    out
}

/// Escapes, for rustdoc, brackets, angle brackets and bare URLs in prose without code spans or
/// links; Markdown mode leaves prose as written.
fn prose(text: &str, mode: Mode) -> String {
    if mode == Mode::Markdown {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '[' {
            out.push_str("\\[");
        } else if c == ']' {
            out.push_str("\\]");
        } else if c == '<' {
            if let Some(end) = autolink_end(rest) {
                out.push_str(&rest[..end]);
                rest = &rest[end..];
                continue;
            }
            out.push_str("&lt;");
        } else if rest.starts_with("https://") || rest.starts_with("http://") {
            let end = url_end(rest);
            out.push('<');
            out.push_str(&rest[..end]);
            out.push('>');
            rest = &rest[end..];
            continue;
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `[label](destination)` at the start of `text`: the label, the destination and the length.
fn markdown_link(text: &str) -> Option<(&str, &str, usize)> {
    if !text.starts_with('[') {
        return None;
    }
    let label_end = text.find("](")?;
    let label = &text[1..label_end];
    if label.contains('[') || label.contains(']') {
        return None;
    }
    let destination_start = label_end + 2;
    let destination_len = text[destination_start..].find(')')?;
    let destination = &text[destination_start..destination_start + destination_len];
    if destination.is_empty() || destination.contains(char::is_whitespace) {
        return None;
    }
    Some((label, destination, destination_start + destination_len + 1))
}

fn is_absolute_url(destination: &str) -> bool {
    destination.starts_with("https://")
        || destination.starts_with("http://")
        || destination.starts_with("mailto:")
}

/// Length of `<https://...>` at the start of `text`, if it is an autolink.
fn autolink_end(text: &str) -> Option<usize> {
    let inner = &text[1..];
    if !(inner.starts_with("https://") || inner.starts_with("http://")) {
        return None;
    }
    let close = inner.find('>')?;
    (!inner[..close].contains(char::is_whitespace)).then_some(close + 2)
}

/// Length of the bare URL at the start of `text`: up to whitespace or a closing delimiter,
/// without trailing sentence punctuation.
fn url_end(text: &str) -> usize {
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | ')' | '`'))
        .unwrap_or(text.len());
    text[..end]
        .trim_end_matches(['.', ',', ';', ':', '!', '?', '\''])
        .len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> String {
        sanitize(text).join("\n")
    }

    #[test]
    fn links_brackets_and_urls_are_made_safe() {
        assert_eq!(
            one(
                "See [Organization](/reference/organization) or [the guide](https://workos.com/docs)."
            ),
            "See Organization or [the guide](https://workos.com/docs)."
        );
        assert_eq!(
            one("Ids look like [org_123] or a[0]."),
            "Ids look like \\[org_123\\] or a\\[0\\]."
        );
        assert_eq!(
            one("Visit https://workos.com/docs."),
            "Visit <https://workos.com/docs>."
        );
        assert_eq!(
            one("Visit <https://workos.com>."),
            "Visit <https://workos.com>."
        );
        assert_eq!(one("Use <id> here"), "Use &lt;id> here");
        assert_eq!(
            one("A [`Directory`](/reference/directory)."),
            "A `Directory`."
        );
        assert_eq!(
            one("[`x`] and [a `b`](https://x.io/a)"),
            "\\[`x`\\] and [a `b`](https://x.io/a)"
        );
        assert_eq!(
            markdown("See [Organization](/reference/organization), [x](https://x.io) and [y]."),
            "See Organization, [x](https://x.io) and [y]."
        );
    }

    #[test]
    fn code_spans_and_blocks_are_kept() {
        assert_eq!(
            one("The `[id]` and `<b>` stay"),
            "The `[id]` and `<b>` stay"
        );
        assert_eq!(one("```\nlet [a] = 1;\n```"), "```text\nlet [a] = 1;\n```");
        assert_eq!(one("```rust\nx\n```"), "```text\nx\n```");
        assert_eq!(
            one("```json\n{\"a\": [1]}\n```"),
            "```json\n{\"a\": [1]}\n```"
        );
        assert_eq!(one("```\nunclosed"), "```text\nunclosed\n```");
    }

    #[test]
    fn indentation_never_starts_a_doctest_and_lists_continue_properly() {
        assert_eq!(one("Intro\n\n        indented"), "Intro\n\n   indented");
        assert_eq!(
            one("- item\ncontinued\n\nafter"),
            "- item\n  continued\n\nafter"
        );
        assert_eq!(
            one("1. first\n      over\n2. second"),
            "1. first\n   over\n2. second"
        );
        assert_eq!(one("- a\n  - nested\n  more"), "- a\n  - nested\n    more");
        assert_eq!(one("\tTabbed"), "   Tabbed");
    }

    #[test]
    fn paragraphs_are_trimmed_and_joined() {
        assert_eq!(
            doc_lines(&["\n\nSummary.\n\n", "", "Body\n"]),
            ["Summary.", "", "Body"]
        );
    }
}
