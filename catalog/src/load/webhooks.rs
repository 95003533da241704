//! `api.webhooks`: how the API signs the webhooks it sends (the header, the scheme, the unit of
//! its timestamp and the default tolerance), for verifying them and for emulating them.

use marked_yaml::Node;

use super::items::words;
use super::reader::Reader;
use crate::model::{SignatureScheme, TimestampUnit, Webhooks};

impl Reader {
    pub(crate) fn read_webhooks(&mut self, node: &Node) -> Option<Webhooks> {
        let what = "`api.webhooks`";
        let at = self.node_at(node);
        let map = self.mapping(node, what)?;
        self.known_keys(
            map,
            &[
                "signature_header",
                "scheme",
                "timestamp_unit",
                "tolerance_seconds",
            ],
            what,
        );
        let header = self
            .required(map, &at, "signature_header", what)
            .and_then(|header| self.text(header, &format!("`signature_header` of {what}")));
        if let Some(header) = &header
            && (header.value.is_empty()
                || !header
                    .value
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-'))
        {
            self.error(
                header.at.clone(),
                format!(
                    "`signature_header` of {what} must be a header name (letters, digits, `-`)"
                ),
            );
        }
        let scheme = self.required(map, &at, "scheme", what).and_then(|scheme| {
            self.choice(
                scheme,
                &format!("`scheme` of {what}"),
                &words(SignatureScheme::ALL, SignatureScheme::as_str),
            )
        });
        let unit = self
            .required(map, &at, "timestamp_unit", what)
            .and_then(|unit| {
                self.choice(
                    unit,
                    &format!("`timestamp_unit` of {what}"),
                    &words(TimestampUnit::ALL, TimestampUnit::as_str),
                )
            });
        let tolerance = self
            .required(map, &at, "tolerance_seconds", what)
            .and_then(|tolerance| self.count(tolerance, &format!("`tolerance_seconds` of {what}")));
        Some(Webhooks {
            signature_header: header?.value,
            scheme: scheme?.value,
            timestamp_unit: unit?.value,
            tolerance_seconds: tolerance?.value,
        })
    }
}
