//! The backup file: a small JSON envelope (format, schema, export date, checksum) around the
//! user's settings and their book. Format: docs/backup-format.md.
//!
//! Schema 4 ([`export_log`]) carries the event log: every event's head and body in the
//! store's compact binary encoding, base64, in log order, so a restore brings back the history
//! and not only the records. Schema 3 ([`export`]) carried the storage chunks (a snapshot, no
//! history); those files still restore: [`parse`] reads both, and gives the events only for
//! schema 4 (for a schema-3 file the caller opens a log with
//! [`crate::portfolio::log::opening`]). Binary inside JSON: a backup of 100,000 invoices is a
//! few megabytes rather than tens, and the app carries no per-record JSON code.

mod chunks;
mod error;
mod json;
mod log;

pub use chunks::export;
pub use error::{BackupError, Inconsistency};
pub use log::export_log;

use crate::ledger::{Ledger, RecordId};
use crate::portfolio::event::Event;
use crate::portfolio::Portfolio;
use std::collections::BTreeMap;

/// Marks a file as an Encours backup.
pub const FORMAT: &str = "encours-backup";

/// The backup schema this build writes ([`export_log`]) and the newest it reads. 4: the event
/// log. 3 ([`SCHEMA_CHUNKS`]): records as binary chunks (with the dunning follow-up), still
/// read. Files of schema 1 and 2 (records as JSON) are not read by this version.
pub const SCHEMA_VERSION: u32 = 4;

/// The schema of a backup of storage chunks, without history ([`export`]).
pub const SCHEMA_CHUNKS: u32 = 3;

/// A backup file.
#[derive(Clone, Debug, PartialEq)]
pub struct Backup {
    pub format: String,
    pub schema_version: u32,
    pub exported_at: String,
    /// FNV-1a 64 of the `data` member as written, in hex: catches an edited or damaged file.
    pub checksum: String,
    pub data: BackupData,
}

/// What a backup holds.
#[derive(Clone, Debug, PartialEq)]
pub struct BackupData {
    /// The book: the events replayed (schema 4), or the records as stored (schema 3).
    pub portfolio: Portfolio,
    /// The log, oldest first (schema 4). `None` for a schema-3 file, which has no history: the
    /// caller opens a log for it with [`crate::portfolio::log::opening`].
    pub events: Option<Vec<Event>>,
    /// The app's settings (company profile, preferences) as stored: key → text.
    pub settings: BTreeMap<String, String>,
}

/// FNV-1a, 64 bits.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Opens a `data` member with `{"settings":{…}` (sorted by key); the schema's writer goes on.
fn write_settings(data: &mut String, settings: &BTreeMap<String, String>) {
    data.push_str("{\"settings\":{");
    for (k, (key, value)) in settings.iter().enumerate() {
        if k > 0 {
            data.push(',');
        }
        json::write_str(data, key);
        data.push(':');
        json::write_str(data, value);
    }
    data.push('}');
}

/// The whole file around a `data` member, written last (which is what lets the reader find
/// it for the checksum).
fn envelope(schema: u32, exported_at: &str, data: &str) -> String {
    let mut out = String::with_capacity(data.len() + 256);
    out.push_str(&format!(
        "{{\"format\":\"{FORMAT}\",\"schema_version\":{schema},\"exported_at\":"
    ));
    json::write_str(&mut out, exported_at);
    out.push_str(&format!(
        ",\"checksum\":\"{:016x}\",\"data\":",
        fnv1a(data.as_bytes())
    ));
    out.push_str(data);
    out.push_str("}\n");
    out
}

/// Reads and checks a backup of schema 3 or 4: format, schema version, checksum, the records
/// or events, references between records. Any bytes give a value or a typed error, never a
/// panic (tests/fuzz_stored.rs).
pub fn parse(text: &str) -> Result<Backup, BackupError> {
    let doc = json::parse(text).map_err(BackupError::NotJson)?;
    let field = |k: &str| {
        doc.get(k)
            .and_then(json::Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    if field("format") != FORMAT {
        return Err(BackupError::NotABackup);
    }
    let schema_version = match doc.get("schema_version") {
        Some(json::Value::Number(n)) => n.parse::<u32>().map_err(|_| BackupError::NotABackup)?,
        _ => return Err(BackupError::NotABackup),
    };
    if schema_version > SCHEMA_VERSION {
        return Err(BackupError::NewerSchema(schema_version));
    }
    if schema_version < SCHEMA_CHUNKS {
        return Err(BackupError::OlderSchema(schema_version));
    }
    // The checksum covers the `data` member exactly as it appears in the file.
    let raw = data_slice(text).ok_or(BackupError::NotABackup)?;
    let checksum = field("checksum");
    if format!("{:016x}", fnv1a(raw.as_bytes())) != checksum {
        return Err(BackupError::Checksum);
    }
    let bad = BackupError::Inconsistent;
    let data = doc.get("data").ok_or(BackupError::NotABackup)?;
    let mut settings = BTreeMap::new();
    if let Some(json::Value::Object(members)) = data.get("settings") {
        for (k, v) in members {
            let v = v
                .as_str()
                .ok_or_else(|| bad(Inconsistency::SettingNotText))?;
            settings.insert(k.clone(), v.to_string());
        }
    }
    let (portfolio, events) = if schema_version == SCHEMA_CHUNKS {
        (chunks::read(data)?, None)
    } else {
        let events = log::read(data)?;
        (crate::portfolio::log::replay(&events), Some(events))
    };
    check(&portfolio)?;
    Ok(Backup {
        format: FORMAT.into(),
        schema_version,
        exported_at: field("exported_at"),
        checksum,
        data: BackupData {
            portfolio,
            events,
            settings,
        },
    })
}

/// The text of the top-level `"data":` member (the export writes it last).
fn data_slice(text: &str) -> Option<&str> {
    let start = text.find(",\"data\":")? + ",\"data\":".len();
    let end = text.trim_end().strip_suffix('}')?.len();
    text.get(start..end)
}

fn check(l: &Ledger) -> Result<(), BackupError> {
    let bad = |i: Inconsistency| Err(BackupError::Inconsistent(i));
    // Ids by the key the ledger orders them by (`RecordId::order_key`: the counter in the
    // high half, then the tag): strictly increasing, the last counter below the book's.
    let sorted = |ids: Vec<u64>, next: u32, what: &'static str| -> Result<(), BackupError> {
        let past = |&l: &u64| (l >> 32) as u32 >= next;
        if ids.windows(2).any(|w| w[0] >= w[1]) || ids.last().is_some_and(past) {
            return Err(BackupError::Inconsistent(Inconsistency::IdsOutOfOrder(
                what,
            )));
        }
        Ok(())
    };
    sorted(
        l.clients.iter().map(|c| c.id.order_key()).collect(),
        l.next_client,
        "client",
    )?;
    sorted(
        l.invoices.iter().map(|c| c.id.order_key()).collect(),
        l.next_invoice,
        "invoice",
    )?;
    sorted(
        l.payments.iter().map(|c| c.id.order_key()).collect(),
        l.next_payment,
        "payment",
    )?;
    for i in &l.invoices {
        if l.client(i.client).is_none() {
            return bad(Inconsistency::InvoiceWithoutClient(i.number.to_string()));
        }
    }
    for p in &l.payments {
        if l.client(p.client).is_none() {
            return bad(Inconsistency::PaymentWithoutClient(p.id.0));
        }
        if let Some(a) = p
            .allocations
            .iter()
            .find(|a| l.invoice(a.invoice).is_none())
        {
            return bad(Inconsistency::AllocationWithoutInvoice {
                payment: p.id.0,
                invoice: a.invoice.0,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generator::{generate, GeneratorOptions};
    use crate::test_support::date;

    fn sample() -> (Portfolio, BTreeMap<String, String>) {
        let l = Portfolio::from(generate(&GeneratorOptions::new(300, date("2025-06-30"))));
        let s = [
            ("company", r#"{"name":"Atelier Test"}"#),
            ("lang", r#""fr""#),
        ];
        (
            l,
            s.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn schema3_export_restore_export_is_identical() {
        let (l, s) = sample();
        let a = export(&l, &s, "2025-07-01T10:00:00Z");
        let b = parse(&a).unwrap();
        assert_eq!(b.data.portfolio, l);
        assert_eq!(b.data.events, None);
        let again = export(&b.data.portfolio, &b.data.settings, "2025-07-01T10:00:00Z");
        assert_eq!(a, again);
    }

    #[test]
    fn older_schemas_are_refused_with_a_message() {
        let (l, s) = sample();
        let a = export(&l, &s, "2025-07-01T10:00:00Z");
        let old = a.replacen("\"schema_version\":3", "\"schema_version\":2", 1);
        assert_eq!(parse(&old), Err(BackupError::OlderSchema(2)));
    }

    #[test]
    fn settings_with_quotes_and_newlines_survive() {
        let (l, mut s) = sample();
        s.insert("note".into(), "a \"quoted\"\nline\\ é".into());
        let b = parse(&export(&l, &s, "x")).unwrap();
        assert_eq!(b.data.settings, s);
    }

    #[test]
    fn damaged_files_are_refused() {
        let (l, s) = sample();
        let a = export(&l, &s, "2025-07-01T10:00:00Z");
        assert!(matches!(
            parse(&a[..a.len() / 2]),
            Err(BackupError::NotJson(_))
        ));
        // One base64 character changed inside the invoices chunk.
        let at = a.find("\"invoices/0\":\"").unwrap() + 40;
        let mut edited = a.clone().into_bytes();
        edited[at] = if edited[at] == b'A' { b'B' } else { b'A' };
        let edited = String::from_utf8(edited).unwrap();
        assert_eq!(parse(&edited), Err(BackupError::Checksum));
        let newer = a.replacen(
            &format!("\"schema_version\":{SCHEMA_CHUNKS}"),
            "\"schema_version\":99",
            1,
        );
        assert_eq!(parse(&newer), Err(BackupError::NewerSchema(99)));
        assert_eq!(parse("{\"hello\":1}"), Err(BackupError::NotABackup));
    }
}
