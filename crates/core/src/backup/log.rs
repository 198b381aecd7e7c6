//! Schema 4: the book as its event log, every event's head and body in the store's binary
//! encoding ([`Event::encode`]), base64, in log order. Restoring replays them: the book comes
//! back with its history ("who did what, when"), and the log can be stored as it is.

use super::{envelope, json, write_settings, BackupError, Inconsistency, SCHEMA_VERSION};
use crate::base64;
use crate::portfolio::event::{Event, EventError};
use std::collections::BTreeMap;

/// Writes a schema-4 backup: `settings` and `events` (the whole log, oldest first). The same
/// log and settings always give the same bytes but for `exported_at`, an ISO timestamp given
/// by the caller (the core has no clock).
///
/// ```
/// use encours_core::backup::{export_log, parse};
/// let text = export_log(&[], &Default::default(), "2026-12-02T01:00:00Z");
/// assert_eq!(parse(&text).unwrap().data.events, Some(Vec::new()));
/// ```
pub fn export_log(
    events: &[Event],
    settings: &BTreeMap<String, String>,
    exported_at: &str,
) -> String {
    let encoded: Vec<(Vec<u8>, Vec<u8>)> = events.iter().map(Event::encode).collect();
    let size: usize = encoded
        .iter()
        .map(|(h, b)| (h.len() + b.len()) * 4 / 3 + 12)
        .sum();
    let mut data = String::with_capacity(size + 1024);
    write_settings(&mut data, settings);
    data.push_str(",\"events\":[");
    for (k, (head, body)) in encoded.iter().enumerate() {
        // One event a line: a reader (or a diff) sees where each starts.
        data.push_str(if k > 0 { ",\n[\"" } else { "\n[\"" });
        data.push_str(&base64::encode(head));
        data.push_str("\",\"");
        data.push_str(&base64::encode(body));
        data.push_str("\"]");
    }
    data.push_str("]}");
    envelope(SCHEMA_VERSION, exported_at, &data)
}

/// The events of a schema-4 `data` member, decoded, in log order.
pub(super) fn read(data: &json::Value) -> Result<Vec<Event>, BackupError> {
    let bad = BackupError::Inconsistent;
    let Some(json::Value::Array(items)) = data.get("events") else {
        return Err(bad(Inconsistency::NoRecords));
    };
    let mut events = Vec::with_capacity(items.len());
    for (k, item) in items.iter().enumerate() {
        let index = u32::try_from(k).unwrap_or(u32::MAX);
        let not_base64 = || bad(Inconsistency::EventNotBase64(index));
        let json::Value::Array(pair) = item else {
            return Err(not_base64());
        };
        let [head, body] = pair.as_slice() else {
            return Err(not_base64());
        };
        let bytes = |v: &json::Value| v.as_str().and_then(base64::decode).ok_or_else(not_base64);
        let event = Event::decode(&bytes(head)?, &bytes(body)?).map_err(|e| match e {
            EventError::Schema { found } => BackupError::EventSchema { index, found },
            EventError::Undecodable { part, detail } => bad(Inconsistency::EventUndecodable {
                index,
                part,
                detail,
            }),
        })?;
        events.push(event);
    }
    Ok(events)
}
