//! `Retry-After` parsing, table-driven.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actionspec_runtime::parse_retry_after;

/// 2015-10-21T07:28:00Z, the date of RFC 9110's examples.
fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_445_412_480)
}

#[test]
fn retry_after_table() {
    let secs = |s: u64| Some(Duration::from_secs(s));
    let millis = |ms: u64| Some(Duration::from_millis(ms));
    let cases: &[(&str, Option<Duration>)] = &[
        // Delay seconds.
        ("0", secs(0)),
        ("1", secs(1)),
        ("120", secs(120)),
        ("  30  ", secs(30)),
        ("007", secs(7)),
        ("86400", secs(86_400)),
        // Fractions, which some servers send.
        ("1.5", millis(1_500)),
        ("0.25", millis(250)),
        // Huge values saturate: seen as "too long", never as "now".
        ("18446744073709551616", Some(Duration::MAX)),
        ("99999999999999999999999999", Some(Duration::MAX)),
        // HTTP dates: IMF-fixdate, RFC 850, asctime.
        ("Wed, 21 Oct 2015 07:28:30 GMT", secs(30)),
        ("Wed, 21 Oct 2015 07:29:00 GMT", secs(60)),
        ("Wednesday, 21-Oct-15 07:28:10 GMT", secs(10)),
        ("Wed Oct 21 07:28:05 2015", secs(5)),
        ("Thu, 22 Oct 2015 07:28:00 GMT", secs(86_400)),
        // Now and the past mean "now".
        ("Wed, 21 Oct 2015 07:28:00 GMT", secs(0)),
        ("Wed, 21 Oct 2015 07:27:00 GMT", secs(0)),
        ("Thu, 01 Jan 1970 00:00:00 GMT", secs(0)),
        // Garbage.
        ("", None),
        ("   ", None),
        ("-1", None),
        ("-0", None),
        ("+5", None),
        ("1.", None),
        (".5", None),
        ("1.2.3", None),
        ("1e3", None),
        ("NaN", None),
        ("inf", None),
        ("ten", None),
        ("5 seconds", None),
        ("0x10", None),
        ("Wed, 21 Oct 2015 07:28:00", None),
        ("2015-10-21T07:28:30Z", None),
        ("Wed, 32 Oct 2015 07:28:00 GMT", None),
        ("١٢", None),
    ];
    assert!(cases.len() >= 20);
    for (input, expected) in cases {
        assert_eq!(
            parse_retry_after(input, now()),
            *expected,
            "Retry-After: {input:?}"
        );
    }
}
