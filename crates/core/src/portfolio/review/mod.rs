//! The "to review" list: what two devices did, each rightly on its own, that together may be
//! one thing done twice.
//!
//! Events never conflict (each is immutable, with a random id), but their meaning can: the
//! same customer payment entered on two devices while they were apart gives two payments,
//! and the book shows the client paid twice ([`ReviewKind::SamePayment`]); two payments
//! entered apart for one invoice, each within what its device saw owed, together pay beyond
//! the invoice's amount ([`ReviewKind::BeyondAmount`]); one bank receipt reconciled on two
//! devices gives two payments for one transaction ([`ReviewKind::SameBankLine`]); one file
//! imported on two devices apart, or two files numbering an invoice alike, give two invoices
//! of one number ([`ReviewKind::SameNumber`], [`twins`]); an invoice written off on one device
//! while a payment for it was recorded on another ([`ReviewKind::WriteOffAndPayment`],
//! [`write_off`]); one reminder marked sent on two devices ([`ReviewKind::SameReminder`],
//! [`reminders`]). Nothing is merged silently: each such pair is a [`ReviewItem`] showing both
//! sides, until a [`Command::ResolveReview`] (itself an event, so it reaches every device)
//! keeps one of them, or both.
//!
//! An item is read off the book and the log's heads, never stored: a payment cancelled
//! anywhere makes its item go, and a "keep both" is the event that says so.
//!
//! [`Command::ResolveReview`]: super::command::Command::ResolveReview

mod reminders;
mod resolve;
mod twins;
mod write_off;

pub use reminders::{entry as reminder_entry, fingerprint};
pub(super) use resolve::resolve;

use super::event::{EventHead, Fact};
use super::Portfolio;
use crate::ledger::{BatchId, ClientId, InvoiceId, Payment, PaymentId};
use crate::money::Currency;
use crate::small;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What an item is about.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewKind {
    /// Two payments made on two devices for the same client, invoices, date and amount.
    SamePayment,
    /// Two payments made on two devices for one invoice that together pay more than it asks
    /// (each fitted what was owed on its own device): `amount` is the part beyond. Appended:
    /// the variant before keeps its tag.
    BeyondAmount,
    /// One bank transaction matched on two devices (each statement read and reconciled
    /// apart): two payments for one receipt, to the same invoices or not. `amount` is the
    /// receipt's. Appended, as above.
    SameBankLine,
    /// Two invoices of one number made on two devices (one file imported on both while
    /// apart, or two files): the client would owe it twice. `amount` is the second side's
    /// total; the sides are [`Side::Invoice`]s. Appended, as above.
    SameNumber,
    /// An invoice written off on one device and a payment for it recorded on another that
    /// the write-off did not know of: the sides are [`Side::WriteOff`] then
    /// [`Side::Payment`], `amount` what the payment allocates to the invoice. Appended.
    WriteOffAndPayment,
    /// One reminder level marked sent for the same invoices on two devices: two entries in
    /// the client's timeline where one letter may have gone; the sides are
    /// [`Side::Reminder`]s, `amount` zero. Appended.
    SameReminder,
}

/// One side of an item: what a device made that may be one thing too many.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Side {
    Payment(PaymentId),
    Invoice(InvoiceId),
    /// An invoice's write-off (the invoice's status, not the invoice).
    WriteOff(InvoiceId),
    /// A timeline entry, by its [`fingerprint`] (entries made apart can share an id).
    Reminder(u64),
}

impl Side {
    /// The payment, if the side is one.
    pub fn payment(self) -> Option<PaymentId> {
        match self {
            Side::Payment(id) => Some(id),
            _ => None,
        }
    }
}

/// One thing to review: its two sides (in id order when of one kind). `date` is the later
/// side's, `amount` the payment's ([`ReviewKind::SamePayment`]) or the part beyond the
/// invoice's amount ([`ReviewKind::BeyondAmount`]); each kind says its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewItem {
    pub kind: ReviewKind,
    pub client: ClientId,
    pub invoices: Vec<InvoiceId>,
    pub date: NaiveDate,
    pub amount: Decimal,
    pub sides: [Side; 2],
}

/// How an item is resolved.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Keep {
    /// The first side stays, the second is cancelled.
    First,
    /// The second side stays, the first is cancelled.
    Second,
    /// Both were meant (two instalments of the same amount on the same day).
    Both,
}

impl Keep {
    /// The side to cancel, if one.
    pub fn dropped<T: Copy>(self, sides: [T; 2]) -> Option<T> {
        match self {
            Keep::First => Some(sides[1]),
            Keep::Second => Some(sides[0]),
            Keep::Both => None,
        }
    }
}

/// What makes two payments "the same": everything the user typed.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Typed {
    client: ClientId,
    date: NaiveDate,
    amount: Decimal,
    currency: Currency,
    invoices: Vec<InvoiceId>,
}

impl Typed {
    fn of(p: &Payment) -> Typed {
        let mut invoices: Vec<InvoiceId> = p.allocations.iter().map(|a| a.invoice).collect();
        small::sort_by(&mut invoices, Ord::cmp);
        Typed {
            client: p.client,
            date: p.date,
            amount: p.amount.normalize(),
            currency: p.currency,
            invoices,
        }
    }
}

/// The items of `p`, given the heads of its log (for the pairs already kept both, the bank
/// reconciliations and the write-offs): the hand-entered payments sorted by what was typed,
/// twins then side by side; the invoices of one number from two devices ([`twins`]); the
/// write-offs a payment from another device raced ([`write_off`]). Payments read from files
/// (an import's, a statement's) are left out of the first: a file is one device's, and its
/// twins are the import's own business (its dedup).
///
/// Sorted through [`small::sort_by`] and kept pairs looked up in a vector rather than hash
/// sets: this runs in the page on every change, and each new `HashMap` key type costs the
/// page's wasm its own copy of the table code (the page is over its size target).
pub fn items<'a>(p: &Portfolio, heads: impl IntoIterator<Item = &'a EventHead>) -> Vec<ReviewItem> {
    let heads: Vec<&EventHead> = heads.into_iter().collect();
    let (mut kept, mut banked, mut offs) = (Vec::new(), Vec::new(), Vec::new());
    for &h in &heads {
        match &h.fact {
            Fact::ReviewResolved {
                sides,
                keep: Keep::Both,
                ..
            } => kept.push(sides.map(Side::Payment)),
            Fact::ReviewSettled {
                sides,
                keep: Keep::Both,
                ..
            } => kept.push(*sides),
            Fact::BankMatched { batch, .. } => banked.push(*batch),
            Fact::WrittenOff { invoice, known, .. } => {
                offs.push(write_off::Off::of(h, *invoice, known))
            }
            _ => {}
        }
    }
    let mut out: Vec<ReviewItem> = Vec::new();
    if p.ledger().payments.len() >= 2 {
        same_payment(p, &banked, &kept, &mut out);
    }
    twins::same_number(p, &kept, &mut out);
    write_off::raced(p, offs, &banked, &kept, &mut out);
    reminders::same_reminder(p, &heads, &kept, &mut out);
    small::sort_by(&mut out, |a, b| a.sides.cmp(&b.sides));
    out
}

/// Whether `p` may have items once its log's heads are read: [`items`] without them, or a
/// written-off invoice some payment pays (whether the write-off knew of it is in the heads).
/// Linear; the page reads the heads only when this says so.
pub fn may_have_items(p: &Portfolio) -> bool {
    write_off::candidates(p) || !reminders::twins(p).is_empty() || !items(p, []).is_empty()
}

/// The payments entered twice and those beyond an invoice's amount.
fn same_payment(p: &Portfolio, banked: &[BatchId], kept: &[[Side; 2]], out: &mut Vec<ReviewItem>) {
    let mut typed: Vec<(Typed, &Payment)> = (p.ledger().payments.iter())
        .filter(|pay| pay.batch.is_none() && !pay.summary && pay.date_known)
        .map(|pay| (Typed::of(pay), pay))
        .collect();
    small::sort_by(&mut typed, |a, b| a.0.cmp(&b.0));
    for run in typed.chunk_by(|a, b| a.0 == b.0) {
        // Pairs made on different devices (one device's two entries are its user's own).
        for (i, (t, a)) in run.iter().enumerate() {
            for (_, b) in &run[i + 1..] {
                let sides = [a.id.min(b.id), a.id.max(b.id)].map(Side::Payment);
                if a.id.tag() != b.id.tag() && !kept.contains(&sides) {
                    out.push(ReviewItem {
                        kind: ReviewKind::SamePayment,
                        client: t.client,
                        invoices: t.invoices.clone(),
                        date: t.date,
                        amount: t.amount,
                        sides,
                    });
                }
            }
        }
    }
    beyond_amount(p, &typed, kept, out);
    same_bank_line(p, banked, kept, out);
}

/// Which of `heads` (their position) made `side` of an item of `p`: a payment's
/// `PaymentRecorded`, or, for a payment of a bank reconciliation, the `BankMatched` of its
/// batch; an invoice's `Imported`; a write-off's latest `WrittenOff` — the side the list
/// shows with its author and device.
pub fn made_by<'a>(
    p: &Portfolio,
    heads: impl IntoIterator<Item = &'a EventHead>,
    side: Side,
) -> Option<usize> {
    let l = p.ledger();
    match side {
        Side::Reminder(f) => reminders::made_by(p, &heads.into_iter().collect::<Vec<_>>(), f),
        Side::Payment(id) => {
            let pays = &l.payments;
            let batch = (pays.binary_search_by_key(&id, |x| x.id).ok()).and_then(|k| pays[k].batch);
            heads.into_iter().position(|h| match &h.fact {
                Fact::PaymentRecorded { payment, .. } => *payment == id,
                Fact::BankMatched { batch: b, .. } => Some(*b) == batch,
                _ => false,
            })
        }
        Side::Invoice(id) => {
            let batch = l.invoice(id)?.batch?;
            heads
                .into_iter()
                .position(|h| matches!(&h.fact, Fact::Imported { batch: b, .. } if *b == batch))
        }
        Side::WriteOff(id) => (heads.into_iter().enumerate())
            .filter(|(_, h)| matches!(&h.fact, Fact::WrittenOff { invoice, .. } if *invoice == id))
            .max_by_key(|(_, h)| (h.at, h.device, h.id))
            .map(|(k, _)| k),
    }
}

/// The bank receipts reconciled on two devices: the payments of bank reconciliations
/// (`banked`: their batches) by the transaction's bank id they carry, pairs from two
/// devices side by side. One device cannot apply a receipt twice (its reconciliation
/// refuses a bank id already applied); two devices apart can.
fn same_bank_line(
    p: &Portfolio,
    banked: &[BatchId],
    kept: &[[Side; 2]],
    out: &mut Vec<ReviewItem>,
) {
    if banked.is_empty() {
        return;
    }
    let mut banked = banked.to_vec();
    small::sort_by(&mut banked, Ord::cmp);
    let mut lines: Vec<(&str, &Payment)> = (p.ledger().payments.iter())
        .filter(|pay| pay.batch.is_some_and(|b| banked.binary_search(&b).is_ok()))
        .filter_map(|pay| Some((pay.reference.as_deref()?, pay)))
        .collect();
    small::sort_by(&mut lines, |a, b| (a.0, a.1.id).cmp(&(b.0, b.1.id)));
    for run in lines.chunk_by(|a, b| a.0 == b.0) {
        for (i, (_, a)) in run.iter().enumerate() {
            for (_, b) in &run[i + 1..] {
                let sides = [a.id, b.id].map(Side::Payment);
                if a.id.tag() == b.id.tag() || kept.contains(&sides) {
                    continue;
                }
                let mut invoices: Vec<InvoiceId> = (a.allocations.iter())
                    .chain(&b.allocations)
                    .map(|x| x.invoice)
                    .collect();
                small::sort_by(&mut invoices, Ord::cmp);
                invoices.dedup();
                out.push(ReviewItem {
                    kind: ReviewKind::SameBankLine,
                    client: a.client,
                    invoices,
                    date: a.date.max(b.date),
                    amount: a.amount.normalize(),
                    sides,
                });
            }
        }
    }
}

/// The invoices that hand-entered payments from two devices together pay beyond their amount
/// (net of their credit notes, whatever the dates): one item per invoice, its first pair of
/// payments from two devices not already an item nor kept both. Linear: the invoices and
/// payments are read once each, and only when some invoice has such payments.
fn beyond_amount(
    p: &Portfolio,
    typed: &[(Typed, &Payment)],
    kept: &[[Side; 2]],
    out: &mut Vec<ReviewItem>,
) {
    // (invoice, payment) of every hand-entered allocation, by invoice.
    let mut paid: Vec<(InvoiceId, &Payment)> = (typed.iter())
        .flat_map(|(_, pay)| pay.allocations.iter().map(move |a| (a.invoice, *pay)))
        .collect();
    small::sort_by(&mut paid, |a, b| (a.0, a.1.id).cmp(&(b.0, b.1.id)));
    paid.dedup_by(|a, b| a.0 == b.0 && a.1.id == b.1.id);
    let mut candidates: Vec<(InvoiceId, &[(InvoiceId, &Payment)])> = (paid
        .chunk_by(|a, b| a.0 == b.0))
    .filter(|run| run.iter().any(|(_, x)| x.id.tag() != run[0].1.id.tag()))
    .map(|run| (run[0].0, run))
    .collect();
    if candidates.is_empty() {
        return;
    }
    let at = |id: InvoiceId| candidates.binary_search_by_key(&id, |c| c.0).ok();
    // What each candidate asks (its total, less its credit notes) and what pays it.
    let mut asked = vec![Decimal::ZERO; candidates.len()];
    let mut allocated = vec![Decimal::ZERO; candidates.len()];
    let l = p.ledger();
    for inv in &l.invoices {
        if let Some(k) = at(inv.id) {
            asked[k] += inv.total;
        }
        if let Some(k) = inv.applies_to.and_then(at) {
            asked[k] += inv.total;
        }
    }
    for pay in &l.payments {
        for a in &pay.allocations {
            if let Some(k) = at(a.invoice) {
                allocated[k] += a.amount;
            }
        }
    }
    for (k, (invoice, run)) in candidates.drain(..).enumerate() {
        let beyond = allocated[k] - asked[k];
        if beyond <= Decimal::ZERO {
            continue;
        }
        let pair = run.iter().enumerate().find_map(|(i, (_, a))| {
            run[i + 1..].iter().find_map(|(_, b)| {
                let sides = [a.id.min(b.id), a.id.max(b.id)].map(Side::Payment);
                let free = a.id.tag() != b.id.tag()
                    && !kept.contains(&sides)
                    && !out.iter().any(|o| o.sides == sides);
                free.then_some((sides, a.date.max(b.date), a.client))
            })
        });
        if let Some((sides, date, client)) = pair {
            out.push(ReviewItem {
                kind: ReviewKind::BeyondAmount,
                client,
                invoices: vec![invoice],
                date,
                amount: beyond.normalize(),
                sides,
            });
        }
    }
}
