//! Recording a payment on an invoice with its checks, and correcting or cancelling a payment
//! already recorded.
//!
//! A mistyped amount must not corrupt the book silently: zero or negative is refused, and more
//! than what the invoice still owes is recorded only once the user agreed where the surplus
//! goes (the client's credit: the payment settles the invoice, the rest stays unallocated and,
//! like any unallocated payment, goes to the client's oldest open invoice, then shows as a
//! credit). A correction or a cancellation is never silent either: each is logged in the
//! client's timeline with the payment as it was, so it stays in the history and can be undone.
//!
//! ```
//! use encours_core::correction::{self, Surplus};
//! use encours_core::import::{import, ImportOptions};
//! use encours_core::Portfolio;
//! use chrono::NaiveDate;
//! use rust_decimal::Decimal;
//!
//! let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
//! let mut pf = Portfolio::default();
//! let csv = "N° facture;Client;Date;Échéance;Montant TTC\nF-1;Acme;01/01/2025;31/01/2025;100,00\n";
//! import(pf.ledger_mut(), csv.as_bytes(), &ImportOptions::builder(d("2025-01-01")).build());
//! let inv = pf.invoices[0].id;
//! // 150 on an invoice of 100: refused until the surplus of 50 is agreed to go to the credit.
//! let err = correction::record(&mut pf, inv, d("2025-02-01"), Decimal::new(150, 0), Surplus::Refuse);
//! assert_eq!(err.unwrap_err().code(), "overpayment");
//! let p = correction::record(&mut pf, inv, d("2025-02-01"), Decimal::new(150, 0), Surplus::ToCredit).unwrap();
//! let entry = correction::cancel(&mut pf, p, d("2025-02-02")).unwrap();
//! assert!(pf.payments.is_empty());
//! correction::undo(&mut pf, entry, d("2025-02-03")).unwrap();
//! assert_eq!(pf.payments.len(), 1);
//! ```

use crate::collection::{ActivityKind, Collection};
use crate::ledger::{Allocation, InvoiceId, Ledger, Payment, PaymentId};
use crate::portfolio::Portfolio;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What to do with the part of a payment above what the invoice still owes.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Surplus {
    /// Refuse the payment ([`PaymentError::Overpayment`]), so the user can confirm.
    Refuse,
    /// Apply what is owed to the invoice and leave the rest to the client's credit.
    ToCredit,
}

/// A change made to a recorded payment, kept in the client's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentChange {
    /// The payment's amount or date was corrected: as it was, and as it became.
    Corrected { before: Payment, after: Payment },
    /// The payment was cancelled (a reversal): the payment as it was.
    Cancelled { payment: Payment },
    /// The change logged as timeline entry `of` was undone.
    Undone { of: u32 },
}

/// Why a payment could not be recorded, corrected, cancelled or restored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaymentError {
    UnknownInvoice(InvoiceId),
    UnknownPayment(PaymentId),
    /// Zero or negative.
    NotPositive,
    /// More than the invoice still owes, and [`Surplus::Refuse`].
    Overpayment {
        outstanding: Decimal,
        surplus: Decimal,
    },
    /// No timeline entry with this id records a payment change that can be undone.
    UnknownChange(u32),
    /// The change was already undone.
    AlreadyUndone(u32),
    /// The payment changed again since: undo the later change first.
    ChangedSince(PaymentId),
}

impl PaymentError {
    /// A stable code for the interface's texts.
    pub fn code(&self) -> &'static str {
        match self {
            PaymentError::UnknownInvoice(_) => "unknown_invoice",
            PaymentError::UnknownPayment(_) => "unknown_payment",
            PaymentError::NotPositive => "not_positive",
            PaymentError::Overpayment { .. } => "overpayment",
            PaymentError::UnknownChange(_) => "unknown_change",
            PaymentError::AlreadyUndone(_) => "already_undone",
            PaymentError::ChangedSince(_) => "changed_since",
        }
    }
}

impl std::fmt::Display for PaymentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PaymentError::UnknownInvoice(id) => write!(f, "unknown_invoice: #{}", id.counter()),
            PaymentError::UnknownPayment(id) => write!(f, "unknown_payment: #{}", id.counter()),
            PaymentError::Overpayment {
                outstanding,
                surplus,
            } => write!(
                f,
                "overpayment: outstanding {outstanding}, surplus {surplus}"
            ),
            PaymentError::UnknownChange(n) | PaymentError::AlreadyUndone(n) => {
                write!(f, "{}: #{n}", self.code())
            }
            PaymentError::ChangedSince(id) => write!(f, "changed_since: #{}", id.counter()),
            PaymentError::NotPositive => f.write_str(self.code()),
        }
    }
}

impl std::error::Error for PaymentError {}

/// What `invoice` still owes with every record of the book counted (whatever its date), the
/// payment `without` left out: the figure a payment is checked against. It reads the paying
/// client's records only ([`Portfolio::client_ledger`]).
pub fn owed(pf: &Portfolio, invoice: InvoiceId, without: Option<PaymentId>) -> Option<Decimal> {
    let inv = pf.invoice(invoice)?;
    let mut book = pf.client_ledger(inv.client);
    book.payments.retain(|p| Some(p.id) != without);
    // Far enough ahead that every dated record counts.
    let as_of = book
        .invoices
        .iter()
        .map(|i| i.issue_date.max(i.due_date))
        .chain(book.payments.iter().map(|p| p.date))
        .max()?;
    let pos = book.invoices.iter().position(|i| i.id == invoice)?;
    Some(crate::aging::outstanding_by_invoice(&book, as_of)[pos].max(Decimal::ZERO))
}

/// The part of `amount` above what is owed (zero when it fits), or why it is refused.
pub fn surplus(
    l: &Portfolio,
    invoice: InvoiceId,
    amount: Decimal,
    without: Option<PaymentId>,
) -> Result<Decimal, PaymentError> {
    if amount <= Decimal::ZERO {
        return Err(PaymentError::NotPositive);
    }
    let owed = owed(l, invoice, without).ok_or(PaymentError::UnknownInvoice(invoice))?;
    Ok((amount - owed).max(Decimal::ZERO))
}

/// Checks `amount` against what is owed and returns (applied to the invoice, surplus).
fn split(
    l: &Portfolio,
    invoice: InvoiceId,
    amount: Decimal,
    without: Option<PaymentId>,
    policy: Surplus,
) -> Result<(Decimal, Decimal), PaymentError> {
    let extra = surplus(l, invoice, amount, without)?;
    if extra > Decimal::ZERO && policy == Surplus::Refuse {
        return Err(PaymentError::Overpayment {
            outstanding: amount - extra,
            surplus: extra,
        });
    }
    Ok((amount - extra, extra))
}

/// Records a payment of `amount` on `date` for `invoice`: all of it applied to the invoice
/// when it fits, else what is owed applied and the surplus left to the client's credit (with
/// [`Surplus::ToCredit`]).
pub fn record(
    l: &mut Portfolio,
    invoice: InvoiceId,
    date: NaiveDate,
    amount: Decimal,
    policy: Surplus,
) -> Result<PaymentId, PaymentError> {
    let (applied, _) = split(l, invoice, amount, None, policy)?;
    let inv = l
        .invoice(invoice)
        .ok_or(PaymentError::UnknownInvoice(invoice))?;
    let payment = Payment {
        id: PaymentId(0),
        client: inv.client,
        date,
        date_known: true,
        amount,
        currency: inv.currency,
        allocations: (applied > Decimal::ZERO)
            .then_some(Allocation {
                invoice,
                amount: applied,
            })
            .into_iter()
            .collect(),
        reference: Some(inv.number.clone()),
        batch: None,
        summary: false,
    };
    Ok(l.ledger_appending().add_payment(payment))
}

fn position(l: &Ledger, id: PaymentId) -> Result<usize, PaymentError> {
    l.payments
        .binary_search_by_key(&id, |p| p.id)
        .map_err(|_| PaymentError::UnknownPayment(id))
}

/// Corrects a payment's amount and date; logs the change (timeline entry id returned).
///
/// A payment applied to one invoice stays applied to it, up to what the invoice owes without
/// it (above that, as for a new payment, the surplus goes to the credit if the user agreed).
/// A payment split over several invoices keeps its allocations in order, the last ones cut
/// first when the amount shrinks; more money than was allocated stays unallocated.
pub fn correct(
    pf: &mut Portfolio,
    id: PaymentId,
    date: NaiveDate,
    amount: Decimal,
    today: NaiveDate,
    policy: Surplus,
) -> Result<u32, PaymentError> {
    if amount <= Decimal::ZERO {
        return Err(PaymentError::NotPositive);
    }
    let before = pf.payments[position(pf, id)?].clone();
    let mut after = before.clone();
    after.date = date;
    after.amount = amount;
    // A corrected date is a known one.
    after.date_known = true;
    after.summary = false;
    if let [only] = before.allocations.as_slice() {
        let (applied, _) = split(pf, only.invoice, amount, Some(id), policy)?;
        after.allocations = (applied > Decimal::ZERO)
            .then_some(Allocation {
                invoice: only.invoice,
                amount: applied,
            })
            .into_iter()
            .collect();
    } else {
        let mut left = amount;
        after.allocations.retain_mut(|a| {
            a.amount = a.amount.min(left);
            left -= a.amount;
            a.amount > Decimal::ZERO
        });
    }
    let p = position(pf, id)?;
    // The same payment, the same client: the client lists still hold.
    pf.ledger_appending().payments[p] = after.clone();
    Ok(log(
        &mut pf.follow_up,
        &before,
        today,
        PaymentChange::Corrected {
            before: before.clone(),
            after,
        },
    ))
}

/// Cancels a payment (a reversal): removes it from the book and logs it as it was (timeline
/// entry id returned), so that it can be restored.
pub fn cancel(pf: &mut Portfolio, id: PaymentId, today: NaiveDate) -> Result<u32, PaymentError> {
    let k = position(pf, id)?;
    let payment = pf.ledger_mut().payments.remove(k);
    Ok(log(
        &mut pf.follow_up,
        &payment,
        today,
        PaymentChange::Cancelled {
            payment: payment.clone(),
        },
    ))
}

/// Undoes the correction or cancellation logged as timeline entry `entry`: the payment is
/// back as it was, and the undo itself is logged. Returns the payment's id.
pub fn undo(pf: &mut Portfolio, entry: u32, today: NaiveDate) -> Result<PaymentId, PaymentError> {
    if !undoable(&pf.follow_up, entry) {
        return Err(PaymentError::AlreadyUndone(entry));
    }
    let change = pf
        .follow_up
        .activities
        .iter()
        .find(|a| a.id == entry)
        .and_then(|a| match &a.kind {
            ActivityKind::Payment(c @ PaymentChange::Corrected { .. })
            | ActivityKind::Payment(c @ PaymentChange::Cancelled { .. }) => Some(c.clone()),
            _ => None,
        })
        .ok_or(PaymentError::UnknownChange(entry))?;
    let l = pf.ledger_mut();
    let payment = match change {
        PaymentChange::Corrected { before, after } => {
            let p = position(l, before.id)?;
            if l.payments[p] != after {
                return Err(PaymentError::ChangedSince(before.id));
            }
            l.payments[p] = before.clone();
            before
        }
        PaymentChange::Cancelled { payment } => {
            if position(l, payment.id).is_ok() {
                return Err(PaymentError::ChangedSince(payment.id));
            }
            crate::ledger::upsert_sorted(&mut l.payments, payment.clone(), |p| p.id);
            payment
        }
        PaymentChange::Undone { .. } => return Err(PaymentError::UnknownChange(entry)),
    };
    log(
        &mut pf.follow_up,
        &payment,
        today,
        PaymentChange::Undone { of: entry },
    );
    Ok(payment.id)
}

/// Whether the change logged as `entry` can still be undone (not undone yet).
pub fn undoable(follow_up: &Collection, entry: u32) -> bool {
    !follow_up.activities.iter().any(
        |a| matches!(&a.kind, ActivityKind::Payment(PaymentChange::Undone { of }) if *of == entry),
    )
}

fn log(follow_up: &mut Collection, p: &Payment, today: NaiveDate, change: PaymentChange) -> u32 {
    let invoices = p.allocations.iter().map(|a| a.invoice).collect();
    follow_up.log(
        p.client,
        today,
        invoices,
        ActivityKind::Payment(change),
        String::new(),
    )
}
