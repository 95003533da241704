//! Rust written directly as text, for the files that are large regular tables (the descriptor
//! table, the parameter structs, the models, the client's methods).
//!
//! Building those with `quote` and printing them with prettyplease costs a parse and a print
//! per item, most of the generator's time on a large catalog. Here they are laid out as they
//! are written: data literals ([`Expr`]) on one line when they fit in [`WIDTH`] columns and
//! broken one element per line when not, doc comments as `///` lines, strings escaped by
//! `proc_macro2`. Only identifiers checked by [`super::names`] and escaped literals are
//! interpolated, so the text always parses; the emitter tests parse every file.

use std::collections::BTreeSet;

/// Column the layout keeps lines within, as prettyplease and rustfmt do (a string literal
/// longer than the line is never split).
pub(super) const WIDTH: usize = 100;

const INDENT: &str = "    ";

/// A Rust expression made of literals, paths, struct literals, calls and slices: what a
/// static table is written with.
#[derive(Debug, Clone)]
pub(super) enum Expr {
    /// Written as is: a path, a number, a string literal.
    Atom(String),
    /// `head { name: value, .. }`; a field without a value is the shorthand `name`.
    Struct {
        head: String,
        fields: Vec<(String, Option<Expr>)>,
    },
    /// `open item, .. close`: a call (`Some(`, `)`) or a slice (`&[`, `]`).
    List {
        open: String,
        items: Vec<Expr>,
        close: String,
    },
    /// `base.name(args)..`: a builder chain, its calls one per line when broken.
    Chain {
        base: Box<Expr>,
        calls: Vec<(String, Vec<Expr>)>,
    },
}

impl Expr {
    pub(super) fn atom(text: impl Into<String>) -> Expr {
        Expr::Atom(text.into())
    }

    /// A string literal.
    pub(super) fn str(text: &str) -> Expr {
        Expr::Atom(str_lit(text))
    }

    /// `Some(value)` or `None`.
    pub(super) fn option(value: Option<Expr>) -> Expr {
        match value {
            Some(value) => Expr::call("Some", vec![value]),
            None => Expr::atom("None"),
        }
    }

    /// `path(items)`.
    pub(super) fn call(path: &str, items: Vec<Expr>) -> Expr {
        Expr::List {
            open: format!("{path}("),
            items,
            close: ")".to_owned(),
        }
    }

    /// `&[items]`.
    pub(super) fn slice(items: Vec<Expr>) -> Expr {
        Expr::List {
            open: "&[".to_owned(),
            items,
            close: "]".to_owned(),
        }
    }

    /// `&[ "a", "b" ]` of string literals.
    pub(super) fn strs<S: AsRef<str>>(items: &[S]) -> Expr {
        Expr::slice(items.iter().map(|item| Expr::str(item.as_ref())).collect())
    }

    /// `head { fields }`.
    pub(super) fn record(head: impl Into<String>, fields: Vec<(&str, Expr)>) -> Expr {
        Expr::Struct {
            head: head.into(),
            fields: fields
                .into_iter()
                .map(|(name, value)| (name.to_owned(), Some(value)))
                .collect(),
        }
    }

    /// The expression on one line.
    fn flat(&self, out: &mut String) {
        match self {
            Expr::Atom(text) => out.push_str(text),
            Expr::Struct { head, fields } => {
                out.push_str(head);
                if fields.is_empty() {
                    out.push_str(" {}");
                    return;
                }
                out.push_str(" { ");
                for (index, (name, value)) in fields.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(name);
                    if let Some(value) = value {
                        out.push_str(": ");
                        value.flat(out);
                    }
                }
                out.push_str(" }");
            }
            Expr::List { open, items, close } => {
                out.push_str(open);
                flat_items(items, out);
                out.push_str(close);
            }
            Expr::Chain { base, calls } => {
                base.flat(out);
                for (name, args) in calls {
                    out.push('.');
                    out.push_str(name);
                    out.push('(');
                    flat_items(args, out);
                    out.push(')');
                }
            }
        }
    }

    /// True when the expression fits in `room` columns on one line; stops counting past it.
    fn fits(&self, room: usize) -> bool {
        let mut left = room as isize;
        self.spend(&mut left);
        left >= 0
    }

    /// Takes the expression's one-line length from `left`, stopping once it is negative.
    fn spend(&self, left: &mut isize) {
        let mut take = |text: &str| *left -= text.len() as isize;
        match self {
            Expr::Atom(text) => take(text),
            Expr::Struct { head, fields } => {
                take(head);
                take(if fields.is_empty() { " {}" } else { " {  }" });
                for (index, (name, value)) in fields.iter().enumerate() {
                    if *left < 0 {
                        return;
                    }
                    *left -= (name.len() + if index > 0 { 2 } else { 0 }) as isize;
                    if let Some(value) = value {
                        *left -= 2;
                        value.spend(left);
                    }
                }
            }
            Expr::List { open, items, close } => {
                *left -= (open.len() + close.len()) as isize;
                spend_items(items, left);
            }
            Expr::Chain { base, calls } => {
                base.spend(left);
                for (name, args) in calls {
                    if *left < 0 {
                        return;
                    }
                    *left -= name.len() as isize + 3;
                    spend_items(args, left);
                }
            }
        }
    }

    /// Writes the expression starting at column `column` of a line indented `depth` times,
    /// followed by `tail` (`,` or `;`): on that line when it fits, broken otherwise.
    pub(super) fn write(&self, out: &mut String, depth: usize, column: usize, tail: &str) {
        let room = WIDTH.saturating_sub(column + tail.len());
        if self.fits(room) {
            self.flat(out);
            out.push_str(tail);
            return;
        }
        match self {
            // Too long, and nothing to break: a long string stays whole.
            Expr::Atom(text) => {
                out.push_str(text);
                out.push_str(tail);
            }
            Expr::Struct { head, fields } => {
                out.push_str(head);
                out.push_str(" {\n");
                for (name, value) in fields {
                    indent(out, depth + 1);
                    out.push_str(name);
                    match value {
                        Some(value) => {
                            out.push_str(": ");
                            let column = (depth + 1) * INDENT.len() + name.len() + 2;
                            value.write(out, depth + 1, column, ",");
                        }
                        None => out.push(','),
                    }
                    out.push('\n');
                }
                indent(out, depth);
                out.push('}');
                out.push_str(tail);
            }
            Expr::List { open, items, close } => {
                out.push_str(open);
                match items.as_slice() {
                    // The one argument of a call hugs it: `Some(Descriptor {` .. `})`, and a
                    // long string stays on the call's line.
                    [only] if close == ")" => {
                        let column = column + open.len();
                        only.write(out, depth, column, &format!("{close}{tail}"));
                        return;
                    }
                    _ => {
                        out.push('\n');
                        for item in items {
                            indent(out, depth + 1);
                            item.write(out, depth + 1, (depth + 1) * INDENT.len(), ",");
                            out.push('\n');
                        }
                        indent(out, depth);
                    }
                }
                out.push_str(close);
                out.push_str(tail);
            }
            Expr::Chain { base, calls } => {
                base.write(out, depth, column, "");
                for (index, (name, args)) in calls.iter().enumerate() {
                    out.push('\n');
                    indent(out, depth + 1);
                    let call = Expr::List {
                        open: format!(".{name}("),
                        items: args.clone(),
                        close: ")".to_owned(),
                    };
                    let tail = if index + 1 == calls.len() { tail } else { "" };
                    call.write(out, depth + 1, (depth + 1) * INDENT.len(), tail);
                }
                if calls.is_empty() {
                    out.push_str(tail);
                }
            }
        }
    }
}

fn spend_items(items: &[Expr], left: &mut isize) {
    for (index, item) in items.iter().enumerate() {
        if *left < 0 {
            return;
        }
        if index > 0 {
            *left -= 2;
        }
        item.spend(left);
    }
}

fn flat_items(items: &[Expr], out: &mut String) {
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        item.flat(out);
    }
}

/// Four spaces per level.
pub(super) fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str(INDENT);
    }
}

/// `item` as a statement or item at `depth`: `pub static NAME: Type = <expr>;`, etc.
pub(super) fn item(out: &mut String, depth: usize, head: &str, value: &Expr, tail: &str) {
    indent(out, depth);
    out.push_str(head);
    value.write(out, depth, depth * INDENT.len() + head.len(), tail);
    out.push('\n');
}

/// A Rust string literal holding `text` exactly.
pub(super) fn str_lit(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// Doc comment lines (`/// line`, `//! line` when `inner`) at `depth`; a line rustdoc cannot
/// hold as a comment (a carriage return) becomes a `#[doc = "..."]` attribute.
pub(super) fn doc_comment<S: AsRef<str>>(out: &mut String, depth: usize, lines: &[S], inner: bool) {
    for line in lines {
        let line = line.as_ref();
        indent(out, depth);
        if line.contains('\r') {
            let bang = if inner { "!" } else { "" };
            out.push_str(&format!(
                "#{bang}[doc = {}]\n",
                str_lit(&format!(" {line}"))
            ));
            continue;
        }
        out.push_str(if inner { "//!" } else { "///" });
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// Which of `names` appear in `code` as identifiers, outside comments and string literals:
/// what a file must import.
pub(super) fn used_names<'n>(code: &str, names: &[&'n str]) -> BTreeSet<&'n str> {
    let wanted: BTreeSet<&str> = names.iter().copied().collect();
    let mut found = BTreeSet::new();
    let bytes = code.as_bytes();
    let word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'/' if bytes.get(index + 1) == Some(&b'/') => {
                index += code[index..].find('\n').unwrap_or(code.len() - index);
            }
            b'"' => {
                index += 1;
                while index < bytes.len() && bytes[index] != b'"' {
                    index += if bytes[index] == b'\\' { 2 } else { 1 };
                }
                index += 1;
            }
            byte if word(byte) => {
                // A number's suffix (`1u16`) is part of the number, not a name.
                let start = index;
                while index < bytes.len() && word(bytes[index]) {
                    index += 1;
                }
                if !byte.is_ascii_digit()
                    && let Some(name) = wanted.get(&code[start..index])
                {
                    found.insert(*name);
                }
            }
            _ => index += 1,
        }
    }
    found
}

/// `use path::{names};` for the `names` that `code` uses, or nothing when it uses none; as
/// many names on a line as fit when they do not fit on one.
pub(super) fn use_list(out: &mut String, depth: usize, path: &str, names: &[&str], code: &str) {
    let used = used_names(code, names);
    let names: Vec<&str> = names
        .iter()
        .copied()
        .filter(|name| used.contains(name))
        .collect();
    if names.is_empty() {
        return;
    }
    let head = format!("use {path}::{{");
    let flat = format!("{head}{}}};", names.join(", "));
    indent(out, depth);
    if depth * INDENT.len() + flat.len() <= WIDTH {
        out.push_str(&flat);
        out.push('\n');
        return;
    }
    out.push_str(&head);
    let start = (depth + 1) * INDENT.len();
    let mut column = WIDTH;
    for name in names {
        if column + 1 + name.len() + 1 > WIDTH {
            out.push('\n');
            indent(out, depth + 1);
            column = start;
        } else {
            out.push(' ');
            column += 1;
        }
        out.push_str(name);
        out.push(',');
        column += name.len() + 1;
    }
    out.push('\n');
    indent(out, depth);
    out.push_str("};\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn laid_out(expr: &Expr) -> String {
        let mut out = String::new();
        item(&mut out, 0, "static X: T = ", expr, ";");
        out
    }

    #[test]
    fn short_literals_stay_on_one_line_and_long_ones_break() {
        let short = Expr::record(
            "Endpoint::Http",
            vec![
                ("method", Expr::atom("Method::Get")),
                ("path", Expr::str("/a")),
            ],
        );
        assert_eq!(
            laid_out(&short),
            "static X: T = Endpoint::Http { method: Method::Get, path: \"/a\" };\n"
        );
        let long = Expr::record(
            "Outer",
            vec![
                ("some", Expr::option(Some(short.clone()))),
                ("list", Expr::strs(&["a".repeat(60), "b".repeat(30)])),
                ("empty", Expr::slice(Vec::new())),
            ],
        );
        let expected = format!(
            "static X: T = Outer {{\n    some: Some(Endpoint::Http {{ method: Method::Get, path: \"/a\" }}),\n    list: &[\n        \"{}\",\n        \"{}\",\n    ],\n    empty: &[],\n}};\n",
            "a".repeat(60),
            "b".repeat(30)
        );
        assert_eq!(laid_out(&long), expected);
    }

    #[test]
    fn a_single_struct_in_a_call_hugs_it_and_chains_break_per_call() {
        let inner = Expr::record(
            "Descriptor",
            vec![
                ("name", Expr::str(&"n".repeat(70))),
                ("other", Expr::atom("true")),
            ],
        );
        assert_eq!(
            laid_out(&Expr::option(Some(inner))),
            format!(
                "static X: T = Some(Descriptor {{\n    name: \"{}\",\n    other: true,\n}});\n",
                "n".repeat(70)
            )
        );
        let chain = Expr::Chain {
            base: Box::new(Expr::call("P::query", vec![Expr::str("limit")])),
            calls: vec![
                ("required".to_owned(), Vec::new()),
                ("doc".to_owned(), vec![Expr::str(&"d".repeat(90))]),
            ],
        };
        assert_eq!(
            laid_out(&chain),
            format!(
                "static X: T = P::query(\"limit\")\n    .required()\n    .doc(\"{}\");\n",
                "d".repeat(90)
            )
        );
    }

    #[test]
    fn strings_are_escaped_and_names_are_found_outside_strings_and_comments() {
        assert_eq!(str_lit("a \"b\"\n\\"), r#""a \"b\"\n\\""#);
        let code = "/// Access doc\nuse x::{Limits};\nstatic A: Access = f(\"Method \\\" Limits\", 12u16);\n";
        let names: Vec<&str> = used_names(code, &["Access", "Limits", "Method", "u16", "x"])
            .into_iter()
            .collect();
        assert_eq!(names, ["Access", "Limits", "x"]);
    }

    #[test]
    fn imports_name_what_the_code_uses_packed_to_the_width() {
        let names: Vec<String> = (0..12)
            .map(|index| format!("Name{index:02}Descriptor"))
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut out = String::new();
        use_list(
            &mut out,
            0,
            "::rt",
            &names,
            "static A: Name03Descriptor = x;",
        );
        assert_eq!(out, "use ::rt::{Name03Descriptor};\n");
        out.clear();
        use_list(&mut out, 0, "::rt", &names, &names.join(" "));
        let expected = "use ::rt::{\n    Name00Descriptor, Name01Descriptor, Name02Descriptor, Name03Descriptor, Name04Descriptor,\n    Name05Descriptor, Name06Descriptor, Name07Descriptor, Name08Descriptor, Name09Descriptor,\n    Name10Descriptor, Name11Descriptor,\n};\n";
        assert_eq!(out, expected);
        out.clear();
        use_list(
            &mut out,
            0,
            "::rt",
            &names,
            "\"Name01Descriptor\" // Name02Descriptor",
        );
        assert_eq!(out, "");
    }

    #[test]
    fn doc_comments_fall_back_to_attributes_for_carriage_returns() {
        let mut out = String::new();
        doc_comment(&mut out, 1, &["One.", "", "Two\rthree"], false);
        assert_eq!(
            out,
            "    /// One.\n    ///\n    #[doc = \" Two\\rthree\"]\n"
        );
    }
}
