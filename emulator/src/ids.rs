//! Ids and timestamps as the API writes them.
//!
//! An id is the model's prefix and a 26-character ULID in upper-case Crockford base32
//! (`org_01EHZNVPK3SFK441A1RGBFSHRT`). The generator is monotonic, so ids made later sort
//! later even within one millisecond: a collection ordered by id is ordered by creation, which
//! is what cursor pagination walks.

use std::sync::Mutex;
use std::time::SystemTime;

pub use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Makes ids in creation order.
#[derive(Default)]
pub struct IdGenerator {
    inner: Mutex<ulid::Generator>,
}

impl std::fmt::Debug for IdGenerator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdGenerator").finish_non_exhaustive()
    }
}

impl IdGenerator {
    pub fn new() -> IdGenerator {
        IdGenerator::default()
    }

    /// A new id with this prefix.
    pub fn next(&self, prefix: &str) -> String {
        let ulid = {
            let mut generator = self
                .inner
                .lock()
                .unwrap_or_else(|poison| poison.into_inner());
            // The random part only overflows after 2^80 ids in one millisecond.
            generator
                .generate()
                .unwrap_or_else(|_| ulid::Ulid::from_datetime(SystemTime::now()))
        };
        let mut id = String::with_capacity(prefix.len() + 26);
        id.push_str(prefix);
        id.push_str(&ulid.to_string());
        id
    }
}

/// Now, as ISO 8601 in UTC with milliseconds: `2026-11-29T10:39:03.123Z`.
pub fn now() -> String {
    timestamp(OffsetDateTime::now_utc())
}

/// A time as ISO 8601 in UTC with milliseconds.
pub fn timestamp(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.millisecond()
    )
}

/// Parses an RFC 3339 time (with or without fractions).
pub fn parse_timestamp(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_prefix_and_a_crockford_ulid_and_sort_by_creation() {
        let ids = IdGenerator::new();
        let made: Vec<String> = (0..1000).map(|_| ids.next("org_")).collect();
        for id in &made {
            let ulid = id.strip_prefix("org_").unwrap();
            assert_eq!(ulid.len(), 26);
            assert!(
                ulid.chars()
                    .all(|c| c.is_ascii_digit() || (c.is_ascii_uppercase() && !"ILOU".contains(c)))
            );
        }
        let mut sorted = made.clone();
        sorted.sort();
        assert_eq!(sorted, made);
    }

    #[test]
    fn timestamps_are_utc_with_milliseconds() {
        let at = OffsetDateTime::from_unix_timestamp_nanos(1_764_412_743_123_000_000).unwrap();
        assert_eq!(timestamp(at), "2025-11-29T10:39:03.123Z");
        assert!(parse_timestamp(&now()).is_some());
    }
}
