//! Commands: what a user (or the CLI, or later a bank match) asks of the book.
//!
//! A command is checked against the portfolio, then yields [`Event`]s, or a typed
//! [`CommandError`] with a stable code and nothing changed. Commands live in memory only; what
//! is stored and synced are the events they yield.

use super::event::{Event, EventHead, Fact, Origin, EVENT_SCHEMA};
use crate::case_file::RecoveryCosts;
use crate::collection::{CallOutcome, FollowUp};
use crate::correction::{PaymentError, Surplus};
use crate::dispute::{DisputeReason, Resolution};
use crate::dunning::undo::Marked;
use crate::dunning::{DunningSettings, Entry};
use crate::import::{ImportOptions, ImportReport, Parsed};
use crate::ledger::{BatchId, Client, ClientId, EditError, InvoiceId, InvoiceStatus, PaymentId};
use crate::plan::PlanTerms;
use crate::provision::ProvisionRates;
use crate::scoring::Checklist;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The commands the engine's worker runs: it imports files and records payments (what sync
/// brings is applied, not executed). Executed by [`Portfolio::execute_everyday`], they leave
/// the other commands' code — the demo data, bank reconciliations, closings, the follow-up's
/// commands — out of the worker's wasm: [`Portfolio::execute`]'s one match links them all
/// (about 60 KB of the worker's code, measured 2026-12-07).
///
/// [`Portfolio::execute_everyday`]: super::Portfolio::execute_everyday
/// [`Portfolio::execute`]: super::Portfolio::execute
#[derive(Clone, Debug)]
pub enum Everyday {
    /// As [`Command::Import`].
    Import {
        parsed: Box<Parsed>,
        opts: Box<ImportOptions>,
    },
    /// As [`Command::RecordPayment`].
    RecordPayment {
        invoice: InvoiceId,
        date: NaiveDate,
        amount: Decimal,
        surplus: Surplus,
    },
}

/// Everything the book can be asked to do.
#[derive(Clone, Debug)]
pub enum Command {
    /// Imports a parsed file as one batch.
    Import {
        parsed: Box<Parsed>,
        opts: Box<ImportOptions>,
    },
    /// Undoes the latest import batch.
    UndoImport,
    /// Replaces everything with the demo book of `today`.
    LoadDemo,
    RecordPayment {
        invoice: InvoiceId,
        date: NaiveDate,
        amount: Decimal,
        surplus: Surplus,
    },
    CorrectPayment {
        payment: PaymentId,
        date: NaiveDate,
        amount: Decimal,
        surplus: Surplus,
    },
    CancelPayment {
        payment: PaymentId,
    },
    /// Undoes the payment correction or cancellation logged as timeline entry `entry`.
    UndoPaymentChange {
        entry: u32,
    },
    IssueCreditNote {
        invoice: InvoiceId,
        amount: Decimal,
    },
    /// Write-off, litigation, back to open (the undo of a write-off).
    SetStatus {
        invoice: InvoiceId,
        status: InvoiceStatus,
    },
    SetDoubtful {
        invoice: InvoiceId,
        doubtful: bool,
    },
    /// The client's latest acknowledgement of the debt (interrupts prescription), or none.
    SetAcknowledgement {
        invoice: InvoiceId,
        date: Option<NaiveDate>,
    },
    OpenDispute {
        invoice: InvoiceId,
        reason: DisputeReason,
        notes: String,
    },
    /// Closes the open dispute: a credit note for what is owed (or part of it), or rejected.
    ResolveDispute {
        invoice: InvoiceId,
        resolution: Resolution,
    },
    /// The invoices list's switch: on opens a dispute, off closes it as rejected (or, for an
    /// invoice imported as disputed without a dispute record, sets it open again).
    SetDisputed {
        invoice: InvoiceId,
        disputed: bool,
    },
    /// Reminders sent (or a call made) for worklist entries, with the text sent.
    MarkSent {
        items: Vec<(Entry, String)>,
        call: Option<CallOutcome>,
    },
    /// Takes back what [`Command::MarkSent`] recorded (its reply's marks).
    UndoSent {
        marks: Vec<Marked>,
    },
    RecordPromise {
        client: ClientId,
        date: NaiveDate,
        amount: Decimal,
    },
    AgreePlan {
        client: ClientId,
        terms: PlanTerms,
    },
    CancelPlan {
        plan: u32,
    },
    /// Pause or snooze a client's reminders.
    SetFollowUp {
        client: ClientId,
        follow_up: FollowUp,
    },
    SetContractRate {
        client: ClientId,
        rate: Option<Decimal>,
    },
    /// A client's card as the user edited it; `field` names what changed (for its history).
    EditClient {
        client: Box<Client>,
        field: String,
    },
    SetOwner {
        client: ClientId,
        owner: String,
    },
    /// "N jours fin de mois" (true) or "N jours nets".
    SetEndOfMonth {
        client: ClientId,
        end_of_month: bool,
    },
    /// The solvency checklist, dated today.
    SetChecklist {
        client: ClientId,
        checklist: Checklist,
    },
    SetDunningSettings(Box<DunningSettings>),
    SetProvisionRates(ProvisionRates),
    SetRecoveryCosts(RecoveryCosts),
    /// A statement's receipts matched to invoices (or set aside), as one undoable batch.
    ApplyBankMatches {
        label: String,
        items: Vec<super::bank::BankItem>,
    },
    /// Records the closing at `date` with its provisions (at the follow-up's rates), the base
    /// of the next closing's entries.
    RecordClosing {
        date: NaiveDate,
    },
    /// Takes the last recorded closing back (a compensating event).
    UndoClosing,
    /// Resolves an item of the "to review" list ([`super::review`]): undoes the side not
    /// kept (cancels a payment, removes an invoice's twin, opens a written-off invoice
    /// again), or records that both are meant.
    ResolveReview {
        sides: [super::review::Side; 2],
        keep: super::review::Keep,
    },
}

/// What executing a command needs besides the book.
pub struct Context<'a> {
    pub today: NaiveDate,
    /// Now, in milliseconds since 1970-01-01 UTC.
    pub at: i64,
    pub origin: &'a Origin,
    /// Draws a fresh random 128-bit event id.
    pub ids: &'a mut dyn FnMut() -> u128,
}

impl Context<'_> {
    /// An event made now by this origin.
    pub fn event(&mut self, fact: Fact, changes: super::changes::Changes) -> Event {
        Event {
            head: EventHead {
                id: super::event::EventId((self.ids)()),
                schema: EVENT_SCHEMA,
                device: self.origin.device,
                author: self.origin.author.clone(),
                at: self.at,
                fact,
                device_name: self.origin.device_name.clone(),
            },
            changes,
        }
    }
}

/// What a command gives back besides its events.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Reply {
    #[default]
    Done,
    Imported {
        report: Box<ImportReport>,
        /// Clients the import pushed over their credit limit.
        over_limit: Vec<ClientId>,
    },
    ImportUndone {
        label: String,
    },
    Payment(PaymentId),
    /// The timeline entry that logged the change (to undo it).
    Entry(u32),
    CreditNote(InvoiceId),
    /// What to undo the reminders with.
    Marks(Vec<Marked>),
    Plan(u32),
    /// The batch of a reconciliation, and its payments.
    BankMatched {
        batch: BatchId,
        payments: Vec<PaymentId>,
    },
}

/// A command's events and reply.
#[derive(Clone, Debug, Default)]
pub struct Executed {
    pub events: Vec<Event>,
    pub reply: Reply,
}

/// Why a command was refused. Each has a stable [`code`](CommandError::code).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandError {
    Edit(EditError),
    Payment(PaymentError),
    UnknownClient(ClientId),
    UnknownPlan(u32),
    /// Nothing owed to put in a plan, or terms that do not split it.
    NoPlan,
    /// The command would change nothing.
    NothingToRecord,
    Bank(super::bank::BankMatchError),
    Closing(super::closing::ClosingError),
}

impl CommandError {
    pub fn code(&self) -> &'static str {
        match self {
            CommandError::Edit(e) => e.code(),
            CommandError::Payment(e) => e.code(),
            CommandError::UnknownClient(_) => "unknown_client",
            CommandError::UnknownPlan(_) => "unknown_plan",
            CommandError::NoPlan => "no_plan",
            CommandError::NothingToRecord => "nothing_to_record",
            CommandError::Bank(e) => e.code(),
            CommandError::Closing(e) => e.code(),
        }
    }
}

impl From<EditError> for CommandError {
    fn from(e: EditError) -> Self {
        CommandError::Edit(e)
    }
}

impl From<PaymentError> for CommandError {
    fn from(e: PaymentError) -> Self {
        CommandError::Payment(e)
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommandError::Edit(e) => e.fmt(f),
            CommandError::Payment(e) => write!(f, "{}", e.code()),
            CommandError::UnknownClient(c) => write!(f, "unknown client #{}", c.counter()),
            CommandError::UnknownPlan(p) => write!(f, "unknown plan #{p}"),
            CommandError::NoPlan => f.write_str("nothing owed to put in a plan"),
            CommandError::NothingToRecord => f.write_str("nothing to record"),
            CommandError::Bank(e) => e.fmt(f),
            CommandError::Closing(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for CommandError {}

/// The batch an import reply names, if it made one.
pub fn imported_batch(r: &Reply) -> Option<BatchId> {
    match r {
        Reply::Imported { report, .. } => report.batch,
        _ => None,
    }
}
