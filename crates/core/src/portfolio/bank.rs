//! Bank matches applied: the receipts of a statement recorded as payments, in one import batch.
//!
//! One batch, so that [`Command::UndoImport`](super::command::Command::UndoImport) takes the
//! whole reconciliation back as it takes back a file; each payment carries the transaction's
//! bank id as its reference, which is how a receipt already applied is known again (the same
//! statement imported twice adds nothing). Confirming a match teaches the payer: the IBAN and
//! the name the bank wrote are kept in the follow-up ([`crate::collection::BankMemory`]),
//! tagged with the batch, so undoing the batch unlearns them.

use super::command::{CommandError, Context, Executed, Reply};
use super::event::Fact;
use super::{follow_up, follow_up_mut, ledger, ledger_mut, Portfolio};
use crate::bank::name::{compact, name_key};
use crate::bank::{Direction, Transaction};
use crate::ledger::{Allocation, Batch, BatchId, ClientId, DocKind, InvoiceId, Payment, PaymentId};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashSet};

/// What the user decided about one receipt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BankDecision {
    /// It pays these invoices (of one client), these amounts; what is left of the receipt
    /// stays the client's, unallocated (the ledger applies it to the oldest open invoice).
    Pay(Vec<Allocation>),
    /// Not a customer payment (a refund, a grant, a transfer between accounts): set aside, so
    /// it is not proposed again.
    NotCustomerPayment,
}

/// One receipt of a statement and what to do with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankItem {
    pub transaction: Transaction,
    pub decision: BankDecision,
}

/// Why a reconciliation was refused, naming the transaction (by its bank id) at fault. Each
/// has a stable [`code`](BankMatchError::code).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BankMatchError {
    /// A debit is money out: it never pays a receivable.
    Debit { transaction: String },
    /// Already applied (a payment carries its id) or set aside, or given twice.
    AlreadyApplied { transaction: String },
    /// "Pay" with no invoice.
    NoInvoice { transaction: String },
    /// An amount zero or negative.
    NotPositive { transaction: String },
    /// More applied than the receipt brought.
    MoreThanReceived {
        transaction: String,
        received: Decimal,
        applied: Decimal,
    },
    /// More applied to an invoice than it still owes.
    MoreThanOwed {
        transaction: String,
        invoice: InvoiceId,
        owed: Decimal,
    },
    /// Invoices of two clients for one receipt: a payer is one client.
    ManyClients { transaction: String },
    /// The invoice is in another currency than the receipt.
    Currency {
        transaction: String,
        invoice: InvoiceId,
    },
    UnknownInvoice {
        transaction: String,
        invoice: InvoiceId,
    },
}

impl BankMatchError {
    pub fn code(&self) -> &'static str {
        use BankMatchError as E;
        match self {
            E::Debit { .. } => "bank_debit",
            E::AlreadyApplied { .. } => "bank_already_applied",
            E::NoInvoice { .. } => "bank_no_invoice",
            E::NotPositive { .. } => "bank_not_positive",
            E::MoreThanReceived { .. } => "bank_more_than_received",
            E::MoreThanOwed { .. } => "bank_more_than_owed",
            E::ManyClients { .. } => "bank_many_clients",
            E::Currency { .. } => "bank_currency",
            E::UnknownInvoice { .. } => "bank_unknown_invoice",
        }
    }

    /// The bank id of the transaction at fault.
    pub fn transaction(&self) -> &str {
        use BankMatchError as E;
        match self {
            E::Debit { transaction }
            | E::AlreadyApplied { transaction }
            | E::NoInvoice { transaction }
            | E::NotPositive { transaction }
            | E::MoreThanReceived { transaction, .. }
            | E::MoreThanOwed { transaction, .. }
            | E::ManyClients { transaction }
            | E::Currency { transaction, .. }
            | E::UnknownInvoice { transaction, .. } => transaction,
        }
    }
}

impl std::fmt::Display for BankMatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "transaction {}: {}", self.transaction(), self.code())
    }
}

/// The bank ids among `ids` that are already applied (a payment of a batch carries it) or
/// set aside by a batch still in the book.
pub fn applied_among<'a>(p: &Portfolio, ids: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
    let wanted: HashSet<&str> = ids.into_iter().collect();
    let l = ledger(p);
    let mut out: HashSet<String> = l
        .payments
        .iter()
        .filter(|x| x.batch.is_some())
        .filter_map(|x| x.reference.as_deref())
        .filter(|r| wanted.contains(r))
        .map(str::to_string)
        .collect();
    let live = |b: &BatchId| l.batches.iter().any(|x| x.id == *b);
    for (id, b) in follow_up(p).bank.dismissed.iter() {
        if live(b) && wanted.contains(id.as_str()) {
            out.insert(id.clone());
        }
    }
    out
}

/// Checks every item; nothing is changed. Returns the client of each paying item.
fn check(
    p: &Portfolio,
    items: &[BankItem],
    today: chrono::NaiveDate,
) -> Result<Vec<Option<ClientId>>, CommandError> {
    let l = ledger(p);
    let applied = applied_among(p, items.iter().map(|i| i.transaction.id.as_str()));
    let owed_now = crate::aging::outstanding_by_invoice(l, today);
    let index = l.invoice_index();
    // What is still owed once the items before have been applied.
    let mut owed: BTreeMap<InvoiceId, Decimal> = BTreeMap::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut clients = Vec::with_capacity(items.len());
    for item in items {
        let t = &item.transaction;
        let id = || t.id.clone();
        if t.direction == Direction::Debit {
            return Err(bank(BankMatchError::Debit { transaction: id() }));
        }
        if applied.contains(&t.id) || !seen.insert(&t.id) {
            return Err(bank(BankMatchError::AlreadyApplied { transaction: id() }));
        }
        let allocations = match &item.decision {
            BankDecision::NotCustomerPayment => {
                clients.push(None);
                continue;
            }
            BankDecision::Pay(a) => a,
        };
        if allocations.is_empty() {
            return Err(bank(BankMatchError::NoInvoice { transaction: id() }));
        }
        if t.amount <= Decimal::ZERO || allocations.iter().any(|a| a.amount <= Decimal::ZERO) {
            return Err(bank(BankMatchError::NotPositive { transaction: id() }));
        }
        let applied: Decimal = allocations.iter().map(|a| a.amount).sum();
        if applied > t.amount {
            return Err(bank(BankMatchError::MoreThanReceived {
                transaction: id(),
                received: t.amount,
                applied,
            }));
        }
        let mut client = None;
        for a in allocations {
            let unknown = || {
                bank(BankMatchError::UnknownInvoice {
                    transaction: id(),
                    invoice: a.invoice,
                })
            };
            let k = index.get(a.invoice.0).ok_or_else(unknown)?;
            let inv = &l.invoices[k];
            if inv.kind != DocKind::Invoice {
                return Err(unknown());
            }
            if *client.get_or_insert(inv.client) != inv.client {
                return Err(bank(BankMatchError::ManyClients { transaction: id() }));
            }
            if inv.currency != t.currency {
                return Err(bank(BankMatchError::Currency {
                    transaction: id(),
                    invoice: a.invoice,
                }));
            }
            let left = owed.entry(a.invoice).or_insert(owed_now[k]);
            if a.amount > *left {
                return Err(bank(BankMatchError::MoreThanOwed {
                    transaction: id(),
                    invoice: a.invoice,
                    owed: *left,
                }));
            }
            *left -= a.amount;
        }
        clients.push(client);
    }
    Ok(clients)
}

fn bank(e: BankMatchError) -> CommandError {
    CommandError::Bank(e)
}

/// [`Command::ApplyBankMatches`](super::command::Command::ApplyBankMatches).
pub(super) fn apply(
    p: &mut Portfolio,
    label: String,
    items: Vec<BankItem>,
    cx: &mut Context,
) -> Result<Executed, CommandError> {
    if items.is_empty() {
        return Err(CommandError::NothingToRecord);
    }
    let today = cx.today;
    let clients = check(p, &items, today)?;
    let before = follow_up(p).clone();
    let l = ledger_mut(p);
    let b = l.next_batch_id();
    l.next_batch += 1;
    l.batches.push(Batch {
        id: b,
        label: label.clone(),
        imported_on: today,
        previous_invoices: Vec::new(),
        previous_payments: Vec::new(),
        previous_clients: Vec::new(),
        created_clients: Vec::new(),
    });
    let mut payments: Vec<PaymentId> = Vec::new();
    let mut invoices: Vec<InvoiceId> = Vec::new();
    let mut amount = Decimal::ZERO;
    let mut learned: Vec<(Option<String>, Option<String>, ClientId)> = Vec::new();
    let mut set_aside: Vec<String> = Vec::new();
    for (item, client) in items.into_iter().zip(clients) {
        let t = item.transaction;
        let (BankDecision::Pay(allocations), Some(client)) = (item.decision, client) else {
            set_aside.push(t.id);
            continue;
        };
        invoices.extend(allocations.iter().map(|a| a.invoice));
        amount += t.amount;
        learned.push((t.iban.clone(), t.counterparty.clone(), client));
        payments.push(l.add_payment(Payment {
            id: PaymentId(0),
            client,
            date: t.date,
            date_known: true,
            amount: t.amount,
            currency: t.currency,
            allocations,
            reference: Some(t.id),
            batch: Some(b),
            summary: false,
        }));
    }
    learn(p, b, &learned, set_aside.clone());
    crate::small::sort_by(&mut invoices, Ord::cmp);
    invoices.dedup();
    let c = super::batch::batch_changes(p, b, Some(&before));
    let fact = Fact::BankMatched {
        batch: b,
        label,
        payments: payments.len() as u32,
        set_aside: set_aside.len() as u32,
        invoices,
        amount,
    };
    Ok(Executed {
        events: vec![cx.event(fact, c)],
        reply: Reply::BankMatched { batch: b, payments },
    })
}

/// Keeps what the batch taught: each payer's IBAN and name variant, the receipts set aside;
/// drops what undone batches had taught.
fn learn(
    p: &mut Portfolio,
    b: BatchId,
    payers: &[(Option<String>, Option<String>, ClientId)],
    set_aside: Vec<String>,
) {
    let names: Vec<(ClientId, String)> = payers
        .iter()
        .filter_map(|(_, _, c)| ledger(p).client(*c).map(|x| (*c, name_key(&x.name))))
        .collect();
    let own_name = |c: ClientId| names.iter().find(|(x, _)| *x == c).map(|(_, k)| k.as_str());
    let mut memory = std::mem::take(&mut follow_up_mut(p).bank);
    memory.prune(ledger(p));
    for (iban, name, client) in payers {
        if let Some(i) = iban.as_deref().map(compact).filter(|i| !i.is_empty()) {
            memory.ibans.insert(i, (*client, b));
        }
        // The client's own name teaches nothing: the matcher knows it already.
        if let Some(n) = name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            if own_name(*client) != Some(name_key(n).as_str()) {
                memory.names.insert(n.to_string(), (*client, b));
            }
        }
    }
    for id in set_aside {
        memory.dismissed.insert(id, b);
    }
    follow_up_mut(p).bank = memory;
}
