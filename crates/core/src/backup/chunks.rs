//! Schema 3: the book as the browser store's binary chunks (a snapshot, no history).
//!
//! Still written by [`export`] for what has no event log to give: the app's "export what can
//! be read" of damaged storage (`src/state.rs::export_readable`), and the settings page until
//! the store hands it the log. Read by [`super::parse`] for every backup made before schema 4.

use super::{envelope, json, write_settings, BackupError, Inconsistency, SCHEMA_CHUNKS};
use crate::base64;
use crate::portfolio::Portfolio;
use crate::snapshot;
use std::collections::BTreeMap;

/// Writes a schema-3 backup of `portfolio` (records in id order, so export → restore →
/// export gives the same bytes). `exported_at` is an ISO timestamp given by the caller (the
/// core has no clock). A backup with its history is [`super::export_log`].
pub fn export(
    portfolio: &Portfolio,
    settings: &BTreeMap<String, String>,
    exported_at: &str,
) -> String {
    let chunks = snapshot::to_chunks(portfolio);
    let size: usize = chunks.iter().map(|(_, c)| c.len() * 4 / 3 + 32).sum();
    let mut data = String::with_capacity(size + 1024);
    write_settings(&mut data, settings);
    data.push_str(",\"chunks\":{");
    for (k, (name, bytes)) in chunks.iter().enumerate() {
        if k > 0 {
            data.push_str(",\n");
        }
        json::write_str(&mut data, name);
        data.push(':');
        data.push('"');
        data.push_str(&base64::encode(bytes));
        data.push('"');
    }
    data.push_str("}}");
    envelope(SCHEMA_CHUNKS, exported_at, &data)
}

/// The book in a schema-3 `data` member.
pub(super) fn read(data: &json::Value) -> Result<Portfolio, BackupError> {
    let bad = BackupError::Inconsistent;
    let Some(json::Value::Object(members)) = data.get("chunks") else {
        return Err(bad(Inconsistency::NoRecords));
    };
    let mut chunks = Vec::with_capacity(members.len());
    for (name, v) in members {
        let bytes = v
            .as_str()
            .and_then(base64::decode)
            .ok_or_else(|| bad(Inconsistency::ChunkNotBase64))?;
        chunks.push((name.as_str(), bytes));
    }
    snapshot::from_chunks(chunks.iter().map(|(n, b)| (*n, b.as_slice())))
        .map_err(|e| bad(Inconsistency::Records(e.to_string())))
}
