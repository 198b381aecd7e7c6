//! The backup file: a small JSON envelope around the ledger's storage chunks and the user's
//! settings. Format: docs/backup-format.md.
//!
//! The records travel in the same compact binary encoding the browser store uses
//! ([`crate::snapshot`]), base64 in JSON strings: a backup of 100,000 invoices is a few
//! megabytes rather than tens, and the app carries no per-record JSON code. Records are in id
//! order, so export → restore → export gives the same bytes (the export date aside).

mod json;

use crate::base64;
use crate::ledger::Ledger;
use crate::portfolio::Portfolio;
use crate::snapshot;
use std::collections::BTreeMap;

/// Marks a file as an Encours backup.
pub const FORMAT: &str = "encours-backup";

/// The backup schema. 3: records as binary chunks (with the dunning follow-up). Files of
/// schema 1 and 2 (records as JSON) are not read by this version.
pub const SCHEMA_VERSION: u32 = 3;

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
    /// The ledger and its follow-up.
    pub portfolio: Portfolio,
    /// The app's settings (company profile, preferences) as stored: key → text.
    pub settings: BTreeMap<String, String>,
}

/// A reason a backup cannot be restored: a stable snake_case code ([`BackupError::code`]) and
/// its parameters; the app says it in the UI's language, `Display` in English.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum BackupError {
    /// Not complete JSON; the detail (where the parser stopped) is for logs.
    NotJson(String),
    NotABackup,
    NewerSchema(u32),
    OlderSchema(u32),
    Checksum,
    Inconsistent(Inconsistency),
}

/// What is wrong inside a backup whose checksum is right (written by a faulty version).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum Inconsistency {
    SettingNotText,
    NoRecords,
    ChunkNotBase64,
    /// The binary records do not decode; the detail is for logs.
    Records(String),
    /// Ids of `what` ("client", "invoice", "payment") out of order.
    IdsOutOfOrder(&'static str),
    InvoiceWithoutClient(String),
    PaymentWithoutClient(u32),
    AllocationWithoutInvoice {
        payment: u32,
        invoice: u32,
    },
}

impl BackupError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            BackupError::NotJson(_) => "not_json",
            BackupError::NotABackup => "not_a_backup",
            BackupError::NewerSchema(_) => "newer_schema",
            BackupError::OlderSchema(_) => "older_schema",
            BackupError::Checksum => "checksum",
            BackupError::Inconsistent(_) => "inconsistent",
        }
    }
}

impl std::fmt::Display for Inconsistency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Inconsistency::SettingNotText => f.write_str("a setting is not text"),
            Inconsistency::NoRecords => f.write_str("no records"),
            Inconsistency::ChunkNotBase64 => f.write_str("a chunk is not base64"),
            Inconsistency::Records(e) => f.write_str(e),
            Inconsistency::IdsOutOfOrder(what) => write!(f, "{what} ids out of order"),
            Inconsistency::InvoiceWithoutClient(n) => {
                write!(f, "invoice {n} names a missing client")
            }
            Inconsistency::PaymentWithoutClient(p) => {
                write!(f, "payment #{p} names a missing client")
            }
            Inconsistency::AllocationWithoutInvoice { payment, invoice } => {
                write!(
                    f,
                    "payment #{payment} is allocated to missing invoice #{invoice}"
                )
            }
        }
    }
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
pub fn export(
    portfolio: &Portfolio,
    settings: &BTreeMap<String, String>,
    exported_at: &str,
) -> String {
    let chunks = snapshot::to_chunks(portfolio);
    let size: usize = chunks.iter().map(|(_, c)| c.len() * 4 / 3 + 32).sum();
    let mut data = String::with_capacity(size + 1024);
    data.push_str("{\"settings\":{");
    for (k, (key, value)) in settings.iter().enumerate() {
        if k > 0 {
            data.push(',');
        }
        json::write_str(&mut data, key);
        data.push(':');
        json::write_str(&mut data, value);
    }
    data.push_str("},\"chunks\":{");
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
    let mut out = String::with_capacity(data.len() + 256);
    out.push_str(&format!(
        "{{\"format\":\"{FORMAT}\",\"schema_version\":{SCHEMA_VERSION},\"exported_at\":"
    ));
    json::write_str(&mut out, exported_at);
    out.push_str(&format!(
        ",\"checksum\":\"{:016x}\",\"data\":",
        fnv1a(data.as_bytes())
    ));
    out.push_str(&data);
    out.push_str("}\n");
    out
}

/// Reads and checks a backup: format, schema version, checksum, references between records.
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
    if schema_version < SCHEMA_VERSION {
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
    let portfolio = snapshot::from_chunks(chunks.iter().map(|(n, b)| (*n, b.as_slice())))
        .map_err(|e| bad(Inconsistency::Records(e.to_string())))?;
    check(&portfolio.ledger)?;
    Ok(Backup {
        format: FORMAT.into(),
        schema_version,
        exported_at: field("exported_at"),
        checksum,
        data: BackupData {
            portfolio,
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
    let sorted = |ids: Vec<u32>, next: u32, what: &'static str| -> Result<(), BackupError> {
        if ids.windows(2).any(|w| w[0] >= w[1]) || ids.last().is_some_and(|&l| l >= next) {
            return Err(BackupError::Inconsistent(Inconsistency::IdsOutOfOrder(
                what,
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
        let l = Portfolio::new(generate(&GeneratorOptions::new(300, date("2025-06-30"))));
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
        assert_eq!(b.data.portfolio, l);
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
            &format!("\"schema_version\":{SCHEMA_VERSION}"),
            "\"schema_version\":99",
            1,
        );
        assert_eq!(parse(&newer), Err(BackupError::NewerSchema(99)));
        assert_eq!(parse("{\"hello\":1}"), Err(BackupError::NotABackup));
    }
}
