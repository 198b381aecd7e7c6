//! The receivables ledger: clients, invoices (and credit notes), payments, import batches.
//!
//! Records reference each other by ids that are never reused, so a batch can be undone and a
//! backup restored without renumbering. An id is unique across devices too: a counter shared
//! by the book and the tag of the device that made it ([`Ledger::device`]), so two devices
//! recording a payment at the same moment never make the same id (see [`ClientId`]). Every
//! vector is kept sorted by id (the counter first; new ids take a counter past every one the
//! book holds), which lets readers build dense counter → position indexes in one linear pass.

use crate::money::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

mod ids;
pub use ids::{device_tag, with_tags, MAX_TAGS};
pub use ids::{BatchId, ClientId, IdIndex, InvoiceId, Maker, PaymentId, RecordId};

/// Business customer (B2B: late-payment penalties and the €40 indemnity apply) or consumer.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CustomerKind {
    #[default]
    Business,
    Consumer,
}

/// A customer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Client {
    pub id: ClientId,
    pub name: String,
    /// The customer's code in the user's books (CSV "Code client", FEC CompAuxNum).
    pub code: Option<String>,
    pub siren: Option<String>,
    pub vat_id: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub segment: Option<String>,
    pub kind: CustomerKind,
    /// Payment terms in days after the invoice date; `None` means the ledger default (30).
    pub terms_days: Option<u32>,
    pub credit_limit: Option<Decimal>,
    pub notes: String,
}

/// Whether a document is an invoice or a credit note (avoir).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocKind {
    #[default]
    Invoice,
    /// Its `total` is negative; it reduces `applies_to`, or the client's oldest open invoice.
    CreditNote,
}

/// The state a user gives an invoice. "Paid" is not stored: it is read off the amounts
/// (see [`Invoice::display_status`]), so it can never disagree with them.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InvoiceStatus {
    #[default]
    Open,
    /// Contested by the customer: aged apart, skipped by dunning.
    Disputed,
    /// In legal proceedings.
    Litigation,
    /// Given up as lost; no longer outstanding.
    WrittenOff,
}

/// What a screen shows, paid included.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DisplayStatus {
    Open,
    Paid,
    Disputed,
    Litigation,
    WrittenOff,
}

/// One part of an installment schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Installment {
    #[serde(with = "crate::wire::date")]
    pub due_date: NaiveDate,
    #[serde(deserialize_with = "crate::wire::decimal")]
    pub amount: Decimal,
}

/// An invoice or a credit note.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Invoice {
    pub id: InvoiceId,
    pub number: String,
    pub client: ClientId,
    pub kind: DocKind,
    #[serde(with = "crate::wire::date")]
    pub issue_date: NaiveDate,
    #[serde(with = "crate::wire::date")]
    pub due_date: NaiveDate,
    /// Amount net of VAT (HT), when known.
    #[serde(default, deserialize_with = "crate::wire::opt_decimal")]
    pub net: Option<Decimal>,
    /// VAT amount, when known.
    #[serde(default, deserialize_with = "crate::wire::opt_decimal")]
    pub vat: Option<Decimal>,
    /// Amount including VAT (TTC). Negative for a credit note.
    #[serde(deserialize_with = "crate::wire::decimal")]
    pub total: Decimal,
    pub currency: Currency,
    /// Empty for a single due date.
    pub installments: Vec<Installment>,
    pub status: InvoiceStatus,
    /// Since when `status` holds (aging at an earlier date ignores it).
    pub status_date: Option<NaiveDate>,
    /// Reclassified as doubtful (account 416).
    pub doubtful: bool,
    /// For a credit note: the invoice it reduces.
    pub applies_to: Option<InvoiceId>,
    /// The import batch that created it.
    pub batch: Option<BatchId>,
}

impl Invoice {
    /// The status a screen shows given the invoice's current outstanding amount.
    pub fn display_status(&self, outstanding: Decimal) -> DisplayStatus {
        match self.status {
            InvoiceStatus::WrittenOff => DisplayStatus::WrittenOff,
            InvoiceStatus::Disputed => DisplayStatus::Disputed,
            InvoiceStatus::Litigation => DisplayStatus::Litigation,
            InvoiceStatus::Open if outstanding <= Decimal::ZERO => DisplayStatus::Paid,
            InvoiceStatus::Open => DisplayStatus::Open,
        }
    }

    /// The status in force on `as_of` (a status set later did not exist yet).
    pub fn status_on(&self, as_of: NaiveDate) -> InvoiceStatus {
        match self.status_date {
            Some(d) if d > as_of => InvoiceStatus::Open,
            _ => self.status,
        }
    }
}

/// Part of a payment applied to one invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    pub invoice: InvoiceId,
    #[serde(deserialize_with = "crate::wire::decimal")]
    pub amount: Decimal,
}

/// Money received from a client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub id: PaymentId,
    pub client: ClientId,
    #[serde(with = "crate::wire::date")]
    pub date: NaiveDate,
    /// False for a "paid so far" amount read from an invoices file without a payment date:
    /// `date` is then the import date, and a dated payment for the same invoice replaces it.
    pub date_known: bool,
    /// Positive amount received.
    #[serde(deserialize_with = "crate::wire::decimal")]
    pub amount: Decimal,
    pub currency: Currency,
    /// What is applied to specific invoices; the rest goes FIFO to the oldest open invoice.
    pub allocations: Vec<Allocation>,
    pub reference: Option<String>,
    pub batch: Option<BatchId>,
    /// A "paid so far" figure read from an invoices file rather than a payment received:
    /// dated payments for the same invoice, imported later, replace it.
    pub summary: bool,
}

impl Payment {
    /// The part not applied to any invoice.
    pub fn unallocated(&self) -> Decimal {
        self.amount - self.allocations.iter().map(|a| a.amount).sum::<Decimal>()
    }
}

/// What an import batch changed, kept so that it can be undone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    pub id: BatchId,
    /// File name(s) or a label.
    pub label: String,
    pub imported_on: NaiveDate,
    /// Invoices as they were before the batch changed them.
    pub previous_invoices: Vec<Invoice>,
    /// Payments the batch removed or changed, as they were.
    pub previous_payments: Vec<Payment>,
    /// Clients the batch changed, as they were.
    pub previous_clients: Vec<Client>,
    /// Clients the batch created.
    pub created_clients: Vec<ClientId>,
}

/// The whole book of receivables.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    pub clients: Vec<Client>,
    pub invoices: Vec<Invoice>,
    pub payments: Vec<Payment>,
    pub batches: Vec<Batch>,
    pub next_client: u32,
    pub next_invoice: u32,
    pub next_payment: u32,
    pub next_batch: u32,
    /// The tag of the device making new ids here (set by each command from its origin).
    #[serde(skip)]
    pub device: Maker,
}

/// Error of a ledger edit: a stable snake_case code ([`EditError::code`]) and its parameters;
/// the app says it in the UI's language, `Display` in English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum EditError {
    UnknownInvoice(InvoiceId),
    UnknownClient(ClientId),
    NotPositive,
    NothingToUndo,
    AlreadyDisputed(InvoiceId),
    NotDisputed(InvoiceId),
    /// More than what is owed.
    TooLarge,
}

impl EditError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            EditError::UnknownInvoice(_) => "unknown_invoice",
            EditError::UnknownClient(_) => "unknown_client",
            EditError::NotPositive => "not_positive",
            EditError::NothingToUndo => "nothing_to_undo",
            EditError::AlreadyDisputed(_) => "already_disputed",
            EditError::NotDisputed(_) => "not_disputed",
            EditError::TooLarge => "too_large",
        }
    }
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::UnknownInvoice(id) => write!(f, "unknown invoice #{}", id.counter()),
            EditError::UnknownClient(id) => write!(f, "unknown client #{}", id.counter()),
            EditError::NotPositive => f.write_str("the amount must be positive"),
            EditError::NothingToUndo => f.write_str("no import to undo"),
            EditError::AlreadyDisputed(id) => {
                write!(f, "invoice #{} is already disputed", id.counter())
            }
            EditError::NotDisputed(id) => {
                write!(f, "invoice #{} has no open dispute", id.counter())
            }
            EditError::TooLarge => f.write_str("the amount is more than what is owed"),
        }
    }
}

impl std::error::Error for EditError {}

impl Ledger {
    /// Client id → position in `clients`.
    pub fn client_index(&self) -> IdIndex {
        IdIndex::build(self.clients.iter().map(|c| c.id.0), self.next_client)
    }

    /// Invoice id → position in `invoices`.
    pub fn invoice_index(&self) -> IdIndex {
        IdIndex::build(self.invoices.iter().map(|i| i.id.0), self.next_invoice)
    }

    pub fn client(&self, id: ClientId) -> Option<&Client> {
        self.clients
            .binary_search_by_key(&id, |c| c.id)
            .ok()
            .map(|p| &self.clients[p])
    }

    /// The currency of the first invoice (the default for an empty book): what a view that
    /// shows one currency uses.
    pub fn first_currency(&self) -> Currency {
        self.invoices
            .first()
            .map(|i| i.currency)
            .unwrap_or_default()
    }

    /// A client's name, empty for an unknown id.
    pub fn client_name(&self, id: ClientId) -> &str {
        self.client(id).map_or("", |c| c.name.as_str())
    }

    pub fn client_mut(&mut self, id: ClientId) -> Option<&mut Client> {
        let k = self.client_index().get(id.0)?;
        self.clients.get_mut(k)
    }

    /// The book of one client: its record, invoices and payments. Every figure about a client
    /// (its aged balance, statement) computes the same on it as on the whole book. It reads
    /// every record: [`crate::Portfolio::client_ledger`] finds the client's through its lists.
    pub fn for_client(&self, id: ClientId) -> Ledger {
        let invoices = self.invoices.iter().filter(|i| i.client == id).cloned();
        let payments = self.payments.iter().filter(|p| p.client == id).cloned();
        self.client_book(id, invoices.collect(), payments.collect())
    }

    /// The book of client `id` made of its records (found by the caller, in ledger order).
    pub(crate) fn client_book(
        &self,
        id: ClientId,
        invoices: Vec<Invoice>,
        payments: Vec<Payment>,
    ) -> Ledger {
        Ledger {
            clients: self.client(id).cloned().into_iter().collect(),
            invoices,
            payments,
            batches: Vec::new(),
            next_client: self.next_client,
            next_invoice: self.next_invoice,
            next_payment: self.next_payment,
            next_batch: self.next_batch,
            device: self.device,
        }
    }

    pub fn invoice(&self, id: InvoiceId) -> Option<&Invoice> {
        self.invoices
            .binary_search_by_key(&id, |i| i.id)
            .ok()
            .map(|p| &self.invoices[p])
    }

    pub fn invoice_mut(&mut self, id: InvoiceId) -> Option<&mut Invoice> {
        match self.invoices.binary_search_by_key(&id, |i| i.id) {
            Ok(p) => Some(&mut self.invoices[p]),
            Err(_) => None,
        }
    }

    /// The id the next import batch takes (its counter moves on once the batch is kept).
    pub fn next_batch_id(&self) -> BatchId {
        BatchId::new(self.device.0, self.next_batch)
    }

    /// Adds a client and returns its id.
    pub fn add_client(&mut self, mut client: Client) -> ClientId {
        let id = ClientId::new(self.device.0, self.next_client);
        self.next_client += 1;
        client.id = id;
        self.clients.push(client);
        id
    }

    /// Adds an invoice or credit note and returns its id.
    pub fn add_invoice(&mut self, mut invoice: Invoice) -> InvoiceId {
        let id = InvoiceId::new(self.device.0, self.next_invoice);
        self.next_invoice += 1;
        invoice.id = id;
        self.invoices.push(invoice);
        id
    }

    /// Adds a payment and returns its id.
    pub fn add_payment(&mut self, mut payment: Payment) -> PaymentId {
        let id = PaymentId::new(self.device.0, self.next_payment);
        self.next_payment += 1;
        payment.id = id;
        self.payments.push(payment);
        id
    }

    /// Records a payment of `amount` on `date` fully allocated to `invoice`.
    pub fn record_payment(
        &mut self,
        invoice: InvoiceId,
        date: NaiveDate,
        amount: Decimal,
    ) -> Result<PaymentId, EditError> {
        if amount <= Decimal::ZERO {
            return Err(EditError::NotPositive);
        }
        let inv = self
            .invoice(invoice)
            .ok_or(EditError::UnknownInvoice(invoice))?;
        let payment = Payment {
            id: PaymentId(0),
            client: inv.client,
            date,
            date_known: true,
            amount,
            currency: inv.currency,
            allocations: vec![Allocation { invoice, amount }],
            reference: Some(inv.number.clone()),
            batch: None,
            summary: false,
        };
        Ok(self.add_payment(payment))
    }

    /// Adds a credit note of `amount` (positive figure) against `invoice`.
    pub fn add_credit_note(
        &mut self,
        invoice: InvoiceId,
        number: String,
        date: NaiveDate,
        amount: Decimal,
    ) -> Result<InvoiceId, EditError> {
        if amount <= Decimal::ZERO {
            return Err(EditError::NotPositive);
        }
        let inv = self
            .invoice(invoice)
            .ok_or(EditError::UnknownInvoice(invoice))?;
        let note = Invoice {
            id: InvoiceId(0),
            number,
            client: inv.client,
            kind: DocKind::CreditNote,
            issue_date: date,
            due_date: date,
            net: None,
            vat: None,
            total: -amount,
            currency: inv.currency,
            installments: Vec::new(),
            status: InvoiceStatus::Open,
            status_date: None,
            doubtful: false,
            applies_to: Some(invoice),
            batch: None,
        };
        Ok(self.add_invoice(note))
    }

    /// The number for the next credit note against `invoice`: `AV-<number>-<n>`, `n` counting
    /// the notes already applied to it, so that two are never numbered alike.
    pub fn credit_note_number(&self, invoice: InvoiceId) -> Option<String> {
        let number = &self.invoice(invoice)?.number;
        let n = self.credit_notes_of(invoice).count();
        Some(format!("AV-{number}-{}", n + 1))
    }

    /// The credit notes applied to `invoice`.
    pub fn credit_notes_of(&self, invoice: InvoiceId) -> impl Iterator<Item = &Invoice> {
        self.invoices
            .iter()
            .filter(move |i| i.applies_to == Some(invoice))
    }

    /// Sets an invoice's status from `date` on.
    pub fn set_status(
        &mut self,
        invoice: InvoiceId,
        status: InvoiceStatus,
        date: NaiveDate,
    ) -> Result<(), EditError> {
        let inv = self
            .invoice_mut(invoice)
            .ok_or(EditError::UnknownInvoice(invoice))?;
        inv.status = status;
        inv.status_date = Some(date);
        Ok(())
    }

    /// Reverts the most recent import batch: removes what it created and restores what it
    /// changed. Edits made since on records it created go with them.
    pub fn undo_last_batch(&mut self) -> Result<Batch, EditError> {
        let batch = self.batches.pop().ok_or(EditError::NothingToUndo)?;
        let b = Some(batch.id);
        self.invoices.retain(|i| i.batch != b);
        self.payments.retain(|p| p.batch != b);
        self.clients
            .retain(|c| batch.created_clients.binary_search(&c.id).is_err());
        for prev in &batch.previous_invoices {
            upsert_sorted(&mut self.invoices, prev.clone(), |i| i.id);
        }
        for prev in &batch.previous_payments {
            upsert_sorted(&mut self.payments, prev.clone(), |p| p.id);
        }
        for prev in &batch.previous_clients {
            upsert_sorted(&mut self.clients, prev.clone(), |c| c.id);
        }
        Ok(batch)
    }

    /// Every currency used by an invoice or a payment, sorted.
    pub fn currencies(&self) -> Vec<Currency> {
        // A book uses a handful of currencies: collect them without sorting every record.
        let mut v: Vec<Currency> = Vec::new();
        let all = self
            .invoices
            .iter()
            .map(|i| i.currency)
            .chain(self.payments.iter().map(|p| p.currency));
        for c in all {
            if !v.contains(&c) {
                v.push(c);
            }
        }
        crate::small::sort_by(&mut v, Ord::cmp);
        v
    }
}

/// Inserts or replaces `item` in a vector sorted by `key`.
pub(crate) fn upsert_sorted<T, K: Ord>(v: &mut Vec<T>, item: T, key: impl Fn(&T) -> K) {
    let k = key(&item);
    match v.binary_search_by(|x| key(x).cmp(&k)) {
        Ok(p) => v[p] = item,
        Err(p) => v.insert(p, item),
    }
}

/// A user-given exchange rate: 1 unit of `from` = `rate` units of the base currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    pub from: Currency,
    pub rate: Decimal,
}

impl Ledger {
    /// A copy with every amount in a currency listed in `rates` converted to `base` (rounded to
    /// the cent, half away from zero). Currencies without a rate stay as they are, so they are
    /// still reported apart.
    pub fn converted(&self, base: Currency, rates: &[Rate]) -> Ledger {
        let conv = |c: Currency, a: Decimal| -> (Currency, Decimal) {
            match rates.iter().find(|r| r.from == c && c != base) {
                Some(r) => (base, crate::money::round_cents(a * r.rate)),
                None => (c, a),
            }
        };
        let mut l = self.clone();
        for inv in &mut l.invoices {
            let cur = inv.currency;
            (inv.currency, inv.total) = conv(cur, inv.total);
            inv.net = inv.net.map(|n| conv(cur, n).1);
            inv.vat = inv.vat.map(|n| conv(cur, n).1);
            for i in &mut inv.installments {
                i.amount = conv(cur, i.amount).1;
            }
        }
        for p in &mut l.payments {
            let cur = p.currency;
            (p.currency, p.amount) = conv(cur, p.amount);
            for a in &mut p.allocations {
                a.amount = conv(cur, a.amount).1;
            }
        }
        l
    }
}
