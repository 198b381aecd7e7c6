//! The backup file: one JSON document holding the whole ledger and the user's settings.
//! Format: docs/backup-format.md. Records are in id order, so export → restore → export gives
//! the same bytes (the export date aside).

use crate::ledger::Ledger;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Marks a file as an Encours backup.
pub const FORMAT: &str = "encours-backup";

/// The data schema version; the app's store migrations move older data up to it.
/// 3 added `ledger.collection` (dunning follow-up); a version 2 file reads with it empty.
pub const SCHEMA_VERSION: u32 = 3;

/// A backup file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub schema_version: u32,
    pub exported_at: String,
    /// FNV-1a 64 of the `data` member as written, in hex: catches an edited or damaged file.
    pub checksum: String,
    pub data: BackupData,
}

/// What a backup holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackupData {
    pub ledger: Ledger,
    /// The app's settings (company profile, preferences) as stored: key → JSON text.
    pub settings: BTreeMap<String, String>,
}

/// A reason a backup cannot be restored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupError {
    NotJson(String),
    NotABackup,
    NewerSchema(u32),
    OlderSchema(u32),
    Checksum,
    Inconsistent(String),
}

impl std::fmt::Display for BackupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BackupError::NotJson(e) => write!(f, "the file is not complete JSON (truncated?): {e}"),
            BackupError::NotABackup => f.write_str("this file is not an Encours backup"),
            BackupError::NewerSchema(v) => write!(f, "this backup comes from a newer version of Encours (schema {v}, this one reads up to {SCHEMA_VERSION}); update the app first"),
            BackupError::OlderSchema(v) => write!(f, "this backup uses schema {v}, which this version cannot read"),
            BackupError::Checksum => f.write_str("the backup was modified or damaged after export (checksum mismatch)"),
            BackupError::Inconsistent(e) => write!(f, "the backup is inconsistent: {e}"),
        }
    }
}

impl std::error::Error for BackupError {}

/// FNV-1a, 64 bits.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Writes a backup. `exported_at` is an ISO timestamp given by the caller (the core has no clock).
pub fn export(ledger: &Ledger, settings: &BTreeMap<String, String>, exported_at: &str) -> String {
    let data = BackupData {
        ledger: ledger.clone(),
        settings: settings.clone(),
    };
    let data_json = serde_json::to_string(&data).expect("a ledger always serializes");
    format!(
        "{{\"format\":\"{FORMAT}\",\"schema_version\":{SCHEMA_VERSION},\"exported_at\":{},\"checksum\":\"{:016x}\",\"data\":{data_json}}}\n",
        serde_json::to_string(exported_at).expect("a string serializes"),
        fnv1a(data_json.as_bytes())
    )
}

/// The header fields, read before the data (the other members are skipped).
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: String,
    #[serde(default)]
    schema_version: u32,
    #[serde(default)]
    checksum: String,
}

/// Reads and checks a backup: format, schema version, checksum, references between records.
pub fn parse(text: &str) -> Result<Backup, BackupError> {
    let header: Header =
        serde_json::from_str(text).map_err(|e| BackupError::NotJson(e.to_string()))?;
    if header.format != FORMAT {
        return Err(BackupError::NotABackup);
    }
    if header.schema_version > SCHEMA_VERSION {
        return Err(BackupError::NewerSchema(header.schema_version));
    }
    if header.schema_version < 1 {
        return Err(BackupError::OlderSchema(header.schema_version));
    }
    // The checksum covers the `data` member exactly as it appears in the file.
    let raw = data_slice(text).ok_or(BackupError::NotABackup)?;
    if format!("{:016x}", fnv1a(raw.as_bytes())) != header.checksum {
        return Err(BackupError::Checksum);
    }
    let backup: Backup =
        serde_json::from_str(text).map_err(|e| BackupError::Inconsistent(e.to_string()))?;
    check(&backup.data.ledger)?;
    Ok(backup)
}

/// The text of the top-level `"data":` member (the export writes it last).
fn data_slice(text: &str) -> Option<&str> {
    let start = text.find(",\"data\":")? + ",\"data\":".len();
    let end = text.trim_end().strip_suffix('}')?.len();
    text.get(start..end)
}

fn check(l: &Ledger) -> Result<(), BackupError> {
    let bad = |m: String| Err(BackupError::Inconsistent(m));
    let sorted = |ids: Vec<u32>, next: u32, what: &str| -> Result<(), BackupError> {
        if ids.windows(2).any(|w| w[0] >= w[1]) || ids.last().is_some_and(|&l| l >= next) {
            return Err(BackupError::Inconsistent(format!(
                "{what} ids out of order"
            )));
        }
        Ok(())
    };
    sorted(
        l.clients.iter().map(|c| c.id.0).collect(),
        l.next_client,
        "client",
    )?;
    sorted(
        l.invoices.iter().map(|c| c.id.0).collect(),
        l.next_invoice,
        "invoice",
    )?;
    sorted(
        l.payments.iter().map(|c| c.id.0).collect(),
        l.next_payment,
        "payment",
    )?;
    for i in &l.invoices {
        if l.client(i.client).is_none() {
            return bad(format!("invoice {} names a missing client", i.number));
        }
    }
    for p in &l.payments {
        if l.client(p.client).is_none() {
            return bad(format!("payment #{} names a missing client", p.id.0));
        }
        if let Some(a) = p
            .allocations
            .iter()
            .find(|a| l.invoice(a.invoice).is_none())
        {
            return bad(format!(
                "payment #{} is allocated to missing invoice #{}",
                p.id.0, a.invoice.0
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generator::{generate, GeneratorOptions};
    use crate::test_support::date;

    fn sample() -> (Ledger, BTreeMap<String, String>) {
        let l = generate(&GeneratorOptions::new(300, date("2025-06-30")));
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
    fn export_restore_export_is_identical() {
        let (l, s) = sample();
        let a = export(&l, &s, "2025-07-01T10:00:00Z");
        let b = parse(&a).unwrap();
        assert_eq!(b.data.ledger, l);
        let again = export(&b.data.ledger, &b.data.settings, "2025-07-01T10:00:00Z");
        assert_eq!(a, again);
    }

    #[test]
    fn a_version_2_file_reads_with_an_empty_collection() {
        let (l, s) = sample();
        let mut data = serde_json::to_value(BackupData {
            ledger: l.clone(),
            settings: s,
        })
        .unwrap();
        data["ledger"].as_object_mut().unwrap().remove("collection");
        let data = data.to_string();
        let text = format!(
            "{{\"format\":\"{FORMAT}\",\"schema_version\":2,\"exported_at\":\"x\",\"checksum\":\"{:016x}\",\"data\":{data}}}",
            fnv1a(data.as_bytes())
        );
        let b = parse(&text).unwrap();
        assert_eq!(b.data.ledger.collection, Default::default());
        assert_eq!(b.data.ledger.invoices, l.invoices);
    }

    #[test]
    fn damaged_files_are_refused() {
        let (l, s) = sample();
        let a = export(&l, &s, "2025-07-01T10:00:00Z");
        assert!(matches!(
            parse(&a[..a.len() / 2]),
            Err(BackupError::NotJson(_))
        ));
        let edited = a.replacen("\"total\":\"", "\"total\":\"1", 1);
        assert_eq!(parse(&edited), Err(BackupError::Checksum));
        let newer = a.replacen(
            &format!("\"schema_version\":{SCHEMA_VERSION}"),
            "\"schema_version\":99",
            1,
        );
        assert_eq!(parse(&newer), Err(BackupError::NewerSchema(99)));
        assert_eq!(parse("{\"hello\":1}"), Err(BackupError::NotABackup));
    }
}
