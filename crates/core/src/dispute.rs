//! Disputes (litiges): opened on an invoice with a reason, resolved by a credit note, a partial
//! credit or a rejection. While open, the invoice is `Disputed`: aged apart, skipped by dunning.

use crate::collection::Collection;
use crate::ledger::{ClientId, EditError, InvoiceId, InvoiceStatus};
use crate::portfolio::Portfolio;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Why the client contests the invoice.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DisputeReason {
    Price,
    Quantity,
    Quality,
    NotReceived,
    AlreadyPaid,
    Other,
}

/// How a dispute ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Resolution {
    /// A credit note for everything still owed: the client was right.
    CreditNote,
    /// A credit note for part of it; the rest is owed again.
    PartialCredit(Decimal),
    /// The claim is rejected: everything is owed again.
    Rejected,
}

/// A dispute on one invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispute {
    pub invoice: InvoiceId,
    pub client: ClientId,
    pub opened_on: NaiveDate,
    pub reason: DisputeReason,
    pub notes: String,
    /// `None` while open.
    pub resolved: Option<(NaiveDate, Resolution)>,
}

/// Opens a dispute: the invoice becomes `Disputed` from `date`. An invoice has at most one open
/// dispute; opening another one is refused.
pub fn open(
    pf: &mut Portfolio,
    invoice: InvoiceId,
    date: NaiveDate,
    reason: DisputeReason,
    notes: String,
) -> Result<(), EditError> {
    let (ledger, follow_up) = pf.parts_mut();
    let client = ledger
        .invoice(invoice)
        .ok_or(EditError::UnknownInvoice(invoice))?
        .client;
    if current(follow_up, invoice).is_some() {
        return Err(EditError::AlreadyDisputed(invoice));
    }
    ledger.set_status(invoice, InvoiceStatus::Disputed, date)?;
    pf.follow_up.disputes.push(Dispute {
        invoice,
        client,
        opened_on: date,
        reason,
        notes,
        resolved: None,
    });
    Ok(())
}

/// The open dispute of an invoice.
pub fn current(follow_up: &Collection, invoice: InvoiceId) -> Option<&Dispute> {
    follow_up
        .disputes
        .iter()
        .find(|d| d.invoice == invoice && d.resolved.is_none())
}

/// Resolves the open dispute of `invoice` on `date`: a credit note (numbered `credit_number`)
/// for all of `outstanding` or for part of it, or nothing; the invoice is open again (and paid
/// when fully credited). Returns the credit note created, if any.
pub fn resolve(
    pf: &mut Portfolio,
    invoice: InvoiceId,
    date: NaiveDate,
    resolution: Resolution,
    outstanding: Decimal,
    credit_number: String,
) -> Result<Option<InvoiceId>, EditError> {
    let (ledger, follow_up) = pf.parts_mut();
    let k = follow_up
        .disputes
        .iter()
        .position(|d| d.invoice == invoice && d.resolved.is_none())
        .ok_or(EditError::NotDisputed(invoice))?;
    let credit = match &resolution {
        Resolution::CreditNote => Some(outstanding),
        Resolution::PartialCredit(a) if *a > outstanding => return Err(EditError::TooLarge),
        Resolution::PartialCredit(a) => Some(*a),
        Resolution::Rejected => None,
    };
    let note = match credit {
        Some(a) => Some(ledger.add_credit_note(invoice, credit_number, date, a)?),
        None => None,
    };
    ledger.set_status(invoice, InvoiceStatus::Open, date)?;
    pf.follow_up.disputes[k].resolved = Some((date, resolution));
    Ok(note)
}

/// Figures for the dashboard.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DisputeStats {
    pub open: usize,
    /// Disputes resolved in the 12 months before the date.
    pub resolved: usize,
    /// Average days from opening to resolution over those, `None` without any.
    pub average_resolution_days: Option<Decimal>,
}

/// An invoice in dispute on a date, with its dispute record when one was opened in the app
/// (an invoice imported as disputed has none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenDispute {
    pub invoice: InvoiceId,
    pub client: ClientId,
    pub outstanding: Decimal,
    /// Reason and opening date of the record, if any.
    pub record: Option<(DisputeReason, NaiveDate)>,
}

/// The one definition of an open dispute every screen counts: an invoice that still owes
/// something and is in dispute on `as_of`, by its status (set in the app or read from an
/// import) or by a dispute record open on that date (a status keeps no history: a dispute
/// resolved since is found by its record). Today, that is the aged balance's "disputed"
/// column and the invoices dunning leaves out for a dispute. In the book's order.
pub fn open_disputes(pf: &Portfolio, as_of: NaiveDate) -> Vec<OpenDispute> {
    open_disputes_owing(pf, as_of, &crate::aging::outstanding_by_invoice(pf, as_of))
}

/// [`open_disputes`] given what is owed per invoice on `as_of` (`outstanding_by_invoice`),
/// for a caller that has it already (a page sharing one computation between its panels).
pub fn open_disputes_owing(pf: &Portfolio, as_of: NaiveDate, owed: &[Decimal]) -> Vec<OpenDispute> {
    let ledger = pf.ledger();
    let open_record = |id: InvoiceId| {
        pf.follow_up.disputes.iter().rev().find(|d| {
            d.invoice == id
                && d.opened_on <= as_of
                && d.resolved.as_ref().is_none_or(|(on, _)| *on > as_of)
        })
    };
    ledger
        .invoices
        .iter()
        .zip(owed.iter().copied())
        .filter(|(i, o)| {
            i.kind == crate::ledger::DocKind::Invoice && i.issue_date <= as_of && *o > Decimal::ZERO
        })
        .filter_map(|(i, o)| {
            let record = open_record(i.id);
            (record.is_some() || i.status_on(as_of) == InvoiceStatus::Disputed).then(|| {
                OpenDispute {
                    invoice: i.id,
                    client: i.client,
                    outstanding: o,
                    record: record.map(|d| (d.reason, d.opened_on)),
                }
            })
        })
        .collect()
}

/// Open disputes (as [`open_disputes`] counts them), and those resolved in the last 12 months.
pub fn stats(pf: &Portfolio, as_of: NaiveDate) -> DisputeStats {
    stats_of(pf, as_of, open_disputes(pf, as_of).len())
}

/// [`stats`] given the number of open disputes on `as_of` ([`open_disputes`]'s length), for a
/// caller that lists them anyway.
pub fn stats_of(pf: &Portfolio, as_of: NaiveDate, open: usize) -> DisputeStats {
    let year_ago = as_of - chrono::Duration::days(365);
    let mut s = DisputeStats::default();
    let mut days = 0i64;
    for d in pf
        .follow_up
        .disputes
        .iter()
        .filter(|d| d.opened_on <= as_of)
    {
        if let Some((on, _)) = &d.resolved {
            if *on <= as_of && *on > year_ago {
                s.resolved += 1;
                days += (*on - d.opened_on).num_days();
            }
        }
    }
    s.open = open;
    if s.resolved > 0 {
        s.average_resolution_days =
            Some((Decimal::from(days) / Decimal::from(s.resolved as u64)).round_dp(1));
    }
    s
}
