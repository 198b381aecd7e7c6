//! Events: the immutable facts the stored truth is made of.
//!
//! An event is a head (who, when, what happened, in the domain's words: [`Fact`]) and a body
//! (what it changed: [`Changes`]). The two are encoded apart so that a history ("who did
//! what, when" on an invoice's page) reads only heads, never the records of a 100,000-invoice
//! import.

use super::changes::Changes;
use crate::collection::CallOutcome;
use crate::dispute::{DisputeReason, Resolution};
use crate::dunning::Channel;
use crate::ledger::{BatchId, ClientId, InvoiceId, InvoiceStatus, PaymentId};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The version of the event encoding (bumped when a [`Fact`] or [`Changes`] layout changes;
/// a reader keeps decoding the versions before). 2: the follow-up's vectors change by
/// [`Splice`](super::changes::Splice) (new variants; version 1's tails are still read), so
/// that an older build on another device says "newer version" rather than "unreadable";
/// and a head carries its device's name ([`EventHead::device_name`]).
pub const EVENT_SCHEMA: u16 = 2;

/// A globally unique event id: 128 random bits (drawn by the caller: `crypto.getRandomValues`
/// in the browser, a seeded generator in tests), so two devices never make the same one.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EventId(pub u128);

impl std::fmt::Display for EventId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

/// Who makes the events: the device (a random id and the name its user gave it) and the
/// person.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub device: u64,
    pub device_name: String,
    pub author: String,
}

/// What happened, in the domain's words, with the ids it concerns (for histories) and the
/// figures a reader needs; the records themselves are in the [`Changes`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Fact {
    /// A record as it stood when the log began (data stored before events existed, or a
    /// backup restored): one per client, invoice, payment, batch, and one for the follow-up.
    Opened {
        invoice: Option<InvoiceId>,
        client: Option<ClientId>,
        payment: Option<PaymentId>,
    },
    /// Everything replaced by a restored backup or the demo data.
    Replaced {
        demo: bool,
    },
    Imported {
        batch: BatchId,
        label: String,
        invoices: u32,
        payments: u32,
    },
    ImportUndone {
        batch: BatchId,
        label: String,
    },
    PaymentRecorded {
        payment: PaymentId,
        client: ClientId,
        invoices: Vec<InvoiceId>,
        amount: Decimal,
        date: NaiveDate,
    },
    PaymentCorrected {
        payment: PaymentId,
        client: ClientId,
        invoices: Vec<InvoiceId>,
        amount: Decimal,
        date: NaiveDate,
    },
    PaymentCancelled {
        payment: PaymentId,
        client: ClientId,
        invoices: Vec<InvoiceId>,
    },
    PaymentChangeUndone {
        payment: PaymentId,
        client: ClientId,
        invoices: Vec<InvoiceId>,
    },
    CreditNoteIssued {
        note: InvoiceId,
        invoice: InvoiceId,
        client: ClientId,
        amount: Decimal,
    },
    StatusSet {
        invoice: InvoiceId,
        client: ClientId,
        status: InvoiceStatus,
    },
    DoubtfulSet {
        invoice: InvoiceId,
        client: ClientId,
        doubtful: bool,
    },
    AcknowledgementSet {
        invoice: InvoiceId,
        client: ClientId,
        date: Option<NaiveDate>,
    },
    DisputeOpened {
        invoice: InvoiceId,
        client: ClientId,
        reason: DisputeReason,
    },
    DisputeResolved {
        invoice: InvoiceId,
        client: ClientId,
        resolution: Resolution,
    },
    ReminderSent {
        client: ClientId,
        invoices: Vec<InvoiceId>,
        level_name: String,
        channel: Channel,
        call: Option<CallOutcome>,
    },
    ReminderUndone {
        client: ClientId,
        invoices: Vec<InvoiceId>,
    },
    PromiseMade {
        client: ClientId,
        date: NaiveDate,
        amount: Decimal,
    },
    PlanAgreed {
        client: ClientId,
        invoices: Vec<InvoiceId>,
    },
    PlanCancelled {
        client: ClientId,
        plan: u32,
    },
    /// A client's card edited (`field`: the name of what changed).
    ClientEdited {
        client: ClientId,
        field: String,
    },
    /// Dunning scenarios, provision rates, recovery costs: `what` names which.
    SettingsChanged {
        what: String,
    },
    /// A statement's receipts applied as one batch: `payments` recorded (`amount` in all) on
    /// `invoices`, `set_aside` receipts marked not customer payments.
    BankMatched {
        batch: BatchId,
        label: String,
        payments: u32,
        set_aside: u32,
        invoices: Vec<InvoiceId>,
        amount: Decimal,
    },
    /// A closing recorded at `date` with `total` provisioned (appended: the variants before
    /// keep their tags).
    ClosingRecorded {
        date: NaiveDate,
        total: Decimal,
    },
    /// The last recorded closing taken back.
    ClosingUndone {
        date: NaiveDate,
    },
    /// An item of the "to review" list resolved: `keep` says which side stays (the other is
    /// cancelled by this event), or both (appended: the variants before keep their tags).
    ReviewResolved {
        client: ClientId,
        invoices: Vec<InvoiceId>,
        sides: [PaymentId; 2],
        keep: super::review::Keep,
    },
    /// An invoice written off, with the payments recorded for it that its device knew of
    /// then (a payment made apart that it did not know of is put to review). Appended; a
    /// write-off was a [`Fact::StatusSet`] before.
    WrittenOff {
        invoice: InvoiceId,
        client: ClientId,
        known: Vec<PaymentId>,
    },
    /// An item of the "to review" list resolved whose sides are not both payments (invoices
    /// of one number, a write-off and a payment): as [`Fact::ReviewResolved`]. Appended.
    ReviewSettled {
        client: ClientId,
        invoices: Vec<InvoiceId>,
        sides: [super::review::Side; 2],
        keep: super::review::Keep,
    },
}

impl Fact {
    /// The invoices the fact concerns.
    pub fn invoices(&self) -> Vec<InvoiceId> {
        use Fact as F;
        match self {
            F::Opened { invoice, .. } => invoice.iter().copied().collect(),
            F::PaymentRecorded { invoices, .. }
            | F::PaymentCorrected { invoices, .. }
            | F::PaymentCancelled { invoices, .. }
            | F::PaymentChangeUndone { invoices, .. }
            | F::ReminderSent { invoices, .. }
            | F::ReminderUndone { invoices, .. }
            | F::PlanAgreed { invoices, .. }
            | F::BankMatched { invoices, .. }
            | F::ReviewResolved { invoices, .. }
            | F::ReviewSettled { invoices, .. } => invoices.clone(),
            F::CreditNoteIssued { note, invoice, .. } => vec![*invoice, *note],
            F::StatusSet { invoice, .. }
            | F::DoubtfulSet { invoice, .. }
            | F::AcknowledgementSet { invoice, .. }
            | F::DisputeOpened { invoice, .. }
            | F::DisputeResolved { invoice, .. }
            | F::WrittenOff { invoice, .. } => vec![*invoice],
            _ => Vec::new(),
        }
    }

    /// The client the fact concerns, if one.
    pub fn client(&self) -> Option<ClientId> {
        use Fact as F;
        match self {
            F::Opened { client, .. } => *client,
            F::PaymentRecorded { client, .. }
            | F::PaymentCorrected { client, .. }
            | F::PaymentCancelled { client, .. }
            | F::PaymentChangeUndone { client, .. }
            | F::CreditNoteIssued { client, .. }
            | F::StatusSet { client, .. }
            | F::DoubtfulSet { client, .. }
            | F::AcknowledgementSet { client, .. }
            | F::DisputeOpened { client, .. }
            | F::DisputeResolved { client, .. }
            | F::ReminderSent { client, .. }
            | F::ReminderUndone { client, .. }
            | F::PromiseMade { client, .. }
            | F::PlanAgreed { client, .. }
            | F::PlanCancelled { client, .. }
            | F::ClientEdited { client, .. }
            | F::ReviewResolved { client, .. }
            | F::WrittenOff { client, .. }
            | F::ReviewSettled { client, .. } => Some(*client),
            _ => None,
        }
    }

    /// The import batch the fact is, if one (an imported invoice's history starts there).
    pub fn batch(&self) -> Option<BatchId> {
        match self {
            Fact::Imported { batch, .. }
            | Fact::ImportUndone { batch, .. }
            | Fact::BankMatched { batch, .. } => Some(*batch),
            _ => None,
        }
    }

    /// A stable snake_case name, for the CLI and messages.
    pub fn code(&self) -> &'static str {
        use Fact as F;
        match self {
            F::Opened { .. } => "opened",
            F::Replaced { .. } => "replaced",
            F::Imported { .. } => "imported",
            F::ImportUndone { .. } => "import_undone",
            F::PaymentRecorded { .. } => "payment_recorded",
            F::PaymentCorrected { .. } => "payment_corrected",
            F::PaymentCancelled { .. } => "payment_cancelled",
            F::PaymentChangeUndone { .. } => "payment_change_undone",
            F::CreditNoteIssued { .. } => "credit_note_issued",
            F::StatusSet { .. } => "status_set",
            F::DoubtfulSet { .. } => "doubtful_set",
            F::AcknowledgementSet { .. } => "acknowledgement_set",
            F::DisputeOpened { .. } => "dispute_opened",
            F::DisputeResolved { .. } => "dispute_resolved",
            F::ReminderSent { .. } => "reminder_sent",
            F::ReminderUndone { .. } => "reminder_undone",
            F::PromiseMade { .. } => "promise_made",
            F::PlanAgreed { .. } => "plan_agreed",
            F::PlanCancelled { .. } => "plan_cancelled",
            F::ClientEdited { .. } => "client_edited",
            F::SettingsChanged { .. } => "settings_changed",
            F::BankMatched { .. } => "bank_matched",
            F::ClosingRecorded { .. } => "closing_recorded",
            F::ClosingUndone { .. } => "closing_undone",
            F::ReviewResolved { .. } => "review_resolved",
            F::WrittenOff { .. } => "written_off",
            F::ReviewSettled { .. } => "review_settled",
        }
    }
}

/// Who did what, when: everything of an event but its records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventHead {
    pub id: EventId,
    pub schema: u16,
    pub device: u64,
    pub author: String,
    /// Milliseconds since 1970-01-01 UTC on the device's clock.
    pub at: i64,
    pub fact: Fact,
    /// The name the device's user gave it then (empty: none, or an event of schema 1, which
    /// did not carry it). Last, so that a head of schema 1 is a head without it.
    pub device_name: String,
}

/// A head as schema 1 wrote it (and the start of every later one).
#[derive(Deserialize)]
struct HeadV1 {
    id: EventId,
    schema: u16,
    device: u64,
    author: String,
    at: i64,
    fact: Fact,
}

/// One event: its head and what it changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub head: EventHead,
    pub changes: Changes,
}

/// Why a stored event cannot be read. Each has a stable [`code`](EventError::code).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventError {
    /// The bytes do not decode (`detail`: the decoder's words).
    Undecodable { part: &'static str, detail: String },
    /// Written by a newer build.
    Schema { found: u16 },
}

impl EventError {
    pub fn code(&self) -> &'static str {
        match self {
            EventError::Undecodable { .. } => "event_undecodable",
            EventError::Schema { .. } => "event_schema",
        }
    }
}

impl std::fmt::Display for EventError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EventError::Undecodable { part, detail } => {
                write!(f, "an event's {part} is unreadable: {detail}")
            }
            EventError::Schema { found } => write!(
                f,
                "an event of schema {found} (this build reads up to {EVENT_SCHEMA})"
            ),
        }
    }
}

impl std::error::Error for EventError {}

fn enc<T: Serialize + ?Sized>(v: &T) -> Vec<u8> {
    postcard::to_allocvec(v).expect("serializing to memory cannot fail")
}

impl EventHead {
    /// Compact binary (postcard).
    pub fn encode(&self) -> Vec<u8> {
        enc(self)
    }

    pub fn decode(b: &[u8]) -> Result<EventHead, EventError> {
        let undecodable = |e: postcard::Error| EventError::Undecodable {
            part: "head",
            detail: e.to_string(),
        };
        let (h, rest): (HeadV1, &[u8]) = postcard::take_from_bytes(b).map_err(undecodable)?;
        if h.schema > EVENT_SCHEMA {
            return Err(EventError::Schema { found: h.schema });
        }
        let device_name = match h.schema {
            0 | 1 => String::new(),
            _ => postcard::from_bytes(rest).map_err(undecodable)?,
        };
        Ok(EventHead {
            id: h.id,
            schema: h.schema,
            device: h.device,
            author: h.author,
            at: h.at,
            fact: h.fact,
            device_name,
        })
    }
}

impl Event {
    /// Whether the event replaces much of the book (an import, its undo, the demo data, a
    /// restore): its write brings a fresh snapshot, so that loads never replay an import.
    pub fn is_bulk(&self) -> bool {
        matches!(
            self.head.fact,
            Fact::Imported { .. } | Fact::ImportUndone { .. } | Fact::Replaced { .. }
        ) || self.changes.reset
            || !self.changes.batches.is_empty()
            || !self.changes.removed_batches.is_empty()
            || !self.changes.removed_clients.is_empty()
    }

    /// The head's bytes and the body's bytes (compact binary, postcard).
    pub fn encode(&self) -> (Vec<u8>, Vec<u8>) {
        (self.head.encode(), enc(&self.changes))
    }

    pub fn decode(head: &[u8], body: &[u8]) -> Result<Event, EventError> {
        let head = EventHead::decode(head)?;
        let changes = postcard::from_bytes(body).map_err(|e| EventError::Undecodable {
            part: "body",
            detail: e.to_string(),
        })?;
        Ok(Event { head, changes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact() -> Fact {
        Fact::SettingsChanged {
            what: "dunning".into(),
        }
    }

    /// A head written by schema 1 (no device name; built here field by field, as postcard
    /// lays out a struct) still reads, with an empty name; schema 2 carries the name; a later
    /// schema is told as such, not as unreadable bytes.
    #[test]
    fn heads_of_each_schema_read_and_a_newer_one_is_named() {
        let v1 =
            postcard::to_allocvec(&(EventId(7), 1u16, 42u64, "Léa", 1_000i64, fact())).unwrap();
        let h = EventHead::decode(&v1).expect("schema 1 reads");
        assert_eq!(
            (h.id, h.schema, h.device, h.author.as_str()),
            (EventId(7), 1, 42, "Léa")
        );
        assert_eq!(
            (h.at, &h.fact, h.device_name.as_str()),
            (1_000, &fact(), "")
        );

        let v2 = EventHead {
            device_name: "Poste compta".into(),
            schema: EVENT_SCHEMA,
            ..h.clone()
        };
        assert_eq!(EventHead::decode(&v2.encode()), Ok(v2.clone()));

        let v3 = EventHead {
            schema: EVENT_SCHEMA + 1,
            ..v2.clone()
        };
        assert_eq!(
            EventHead::decode(&v3.encode()),
            Err(EventError::Schema {
                found: EVENT_SCHEMA + 1
            })
        );
        // Cut inside the name: unreadable, said so.
        let bytes = v2.encode();
        let cut = EventHead::decode(&bytes[..bytes.len() - 3]).unwrap_err();
        assert_eq!(cut.code(), "event_undecodable");
    }
}
