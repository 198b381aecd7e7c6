//! One invoice as its page shows it: the amounts owed, the schedule with what is left on each
//! due date, the payments and credit notes applied to it, and its follow-up. A read-only view
//! of the portfolio (the page used to build it itself, rules included).

use crate::aging::{age, AgingOptions};
use crate::collection::ActivityKind;
use crate::ledger::{DisplayStatus, Invoice, InvoiceId, Payment};
use crate::Portfolio;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// One due date of the schedule: the whole invoice, or one installment.
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduleRow {
    pub due_date: NaiveDate,
    pub amount: Decimal,
    /// What is still owed on that due date (payments settle the earliest first).
    pub left: Decimal,
}

/// A credit note applied to the invoice.
#[derive(Clone, Debug, PartialEq)]
pub struct CreditRow {
    pub number: String,
    pub date: NaiveDate,
    /// Negative.
    pub amount: Decimal,
}

/// An invoice and everything its page lists.
#[derive(Clone, Debug, PartialEq)]
pub struct InvoiceDetail {
    pub invoice: Invoice,
    pub client: String,
    pub outstanding: Decimal,
    pub schedule: Vec<ScheduleRow>,
    /// The payments applied to it, with the part applied to this invoice.
    pub payments: Vec<(Payment, Decimal)>,
    pub credits: Vec<CreditRow>,
    /// The follow-up that names it: activity id, date, what.
    pub activity: Vec<(u32, NaiveDate, ActivityKind)>,
}

impl InvoiceDetail {
    pub fn status(&self) -> DisplayStatus {
        self.invoice.display_status(self.outstanding)
    }

    /// Something is owed and the invoice is not written off: payments, credit notes, a
    /// dispute or a write-off can still be recorded on it.
    pub fn is_open(&self) -> bool {
        self.outstanding > Decimal::ZERO && self.status() != DisplayStatus::WrittenOff
    }
}

/// Invoice `id` as of `today`, or `None` when the book has no such invoice.
pub fn detail(p: &Portfolio, id: InvoiceId, today: NaiveDate) -> Option<InvoiceDetail> {
    let inv = p.ledger().invoice(id)?.clone();
    // The client's own ledger: the schedule as the aged balance sees it, at the cost of one
    // client (credits and payments are the client's own, so the figures are the same).
    let book = p.client_ledger(inv.client);
    let opts = AgingOptions {
        detail: true,
        ..AgingOptions::new(today)
    };
    let aged = age(&book, &opts)
        .currencies
        .into_iter()
        .flat_map(|c| c.clients)
        .flat_map(|c| c.invoices)
        .find(|a| a.invoice == id);
    let outstanding = aged.as_ref().map_or(Decimal::ZERO, |a| a.outstanding);
    let lines = aged.map(|a| a.lines).unwrap_or_default();
    let left = |due: NaiveDate| {
        lines
            .iter()
            .filter(|x| x.due_date == due)
            .map(|x| x.amount)
            .sum::<Decimal>()
    };
    let row = |due_date, amount| ScheduleRow {
        due_date,
        amount,
        left: left(due_date),
    };
    let schedule = if inv.installments.is_empty() {
        vec![row(inv.due_date, inv.total)]
    } else {
        inv.installments
            .iter()
            .map(|i| row(i.due_date, i.amount))
            .collect()
    };
    let payments = p
        .ledger()
        .payments
        .iter()
        .flat_map(|x| {
            x.allocations
                .iter()
                .filter(|a| a.invoice == id)
                .map(|a| (x.clone(), a.amount))
        })
        .collect();
    let credits = p
        .ledger()
        .credit_notes_of(id)
        .map(|c| CreditRow {
            number: c.number.clone(),
            date: c.issue_date,
            amount: c.total,
        })
        .collect();
    let activity = p
        .follow_up
        .activities
        .iter()
        .filter(|a| a.invoices.contains(&id))
        .map(|a| (a.id, a.date, a.kind.clone()))
        .collect();
    Some(InvoiceDetail {
        client: p.ledger().client_name(inv.client).to_string(),
        invoice: inv,
        outstanding,
        schedule,
        payments,
        credits,
        activity,
    })
}
