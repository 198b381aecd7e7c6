//! Why a backup cannot be restored: typed, with stable snake_case codes; the app says them in
//! the UI's language (src/messages.rs), `Display` in English for logs and the CLI.

use super::SCHEMA_VERSION;
use crate::portfolio::event::EVENT_SCHEMA;

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
    /// Event `index` (0-based, in log order) was written by a newer build (event schema
    /// `found`): the file is sound, this app is too old for it.
    EventSchema {
        index: u32,
        found: u16,
    },
    Inconsistent(Inconsistency),
}

/// What is wrong inside a backup whose checksum is right (written by a faulty version).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum Inconsistency {
    SettingNotText,
    /// Schema 3: no `chunks`; schema 4: no `events` list.
    NoRecords,
    ChunkNotBase64,
    /// The binary records do not decode; the detail is for logs.
    Records(String),
    /// Schema 4: event `index` is not a pair of base64 texts (head, body).
    EventNotBase64(u32),
    /// Schema 4: event `index`'s head or body does not decode; the detail is for logs.
    EventUndecodable {
        index: u32,
        part: &'static str,
        detail: String,
    },
    /// Ids of `what` ("client", "invoice", "payment") out of order.
    IdsOutOfOrder(&'static str),
    InvoiceWithoutClient(String),
    PaymentWithoutClient(u64),
    AllocationWithoutInvoice {
        payment: u64,
        invoice: u64,
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
            BackupError::EventSchema { .. } => "event_schema",
            BackupError::Inconsistent(_) => "inconsistent",
        }
    }
}

impl Inconsistency {
    /// The stable code (the `code` member of its JSON form).
    pub fn code(&self) -> &'static str {
        use Inconsistency as I;
        match self {
            I::SettingNotText => "setting_not_text",
            I::NoRecords => "no_records",
            I::ChunkNotBase64 => "chunk_not_base64",
            I::Records(_) => "records",
            I::EventNotBase64(_) => "event_not_base64",
            I::EventUndecodable { .. } => "event_undecodable",
            I::IdsOutOfOrder(_) => "ids_out_of_order",
            I::InvoiceWithoutClient(_) => "invoice_without_client",
            I::PaymentWithoutClient(_) => "payment_without_client",
            I::AllocationWithoutInvoice { .. } => "allocation_without_invoice",
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
            Inconsistency::EventNotBase64(k) => {
                write!(f, "event {} is not a pair of base64 texts", k + 1)
            }
            Inconsistency::EventUndecodable {
                index,
                part,
                detail,
            } => write!(f, "event {}'s {part} is unreadable: {detail}", index + 1),
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
            BackupError::EventSchema { index, found } => write!(f, "event {} of this backup comes from a newer version of Encours (event schema {found}, this one reads up to {EVENT_SCHEMA}); update the app first", index + 1),
            BackupError::Inconsistent(e) => write!(f, "the backup is inconsistent: {e}"),
        }
    }
}

impl std::error::Error for BackupError {}
