//! Problems found in a catalog, each pointing at `file:line:col`.
//!
//! The loader never stops at the first problem: it collects every one it can find in a run, so a
//! maintainer fixes a broken spec in one pass.

use std::fmt;

/// A position in one source file; line and column count from 1.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Every problem of one run, in file order, then line and column.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, location: Location, message: impl Into<String>) {
        self.items.push(Diagnostic {
            location,
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorts by position and drops exact repeats, so output is stable whatever order the checks ran.
    pub(crate) fn finish(mut self, file_order: &[String]) -> Self {
        let rank = |file: &str| file_order.iter().position(|known| known == file);
        self.items.sort_by(|a, b| {
            (rank(&a.location.file), &a.location, &a.message).cmp(&(
                rank(&b.location.file),
                &b.location,
                &b.message,
            ))
        });
        self.items.dedup();
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for item in &self.items {
            writeln!(f, "{item}")?;
        }
        let count = self.items.len();
        write!(
            f,
            "{count} problem{} found",
            if count == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}
