//! Disputes (litiges): opened on an invoice with a reason, resolved by a credit note, a partial
//! credit or a rejection. While open, the invoice is `Disputed`: aged apart, skipped by dunning.

use crate::ledger::{ClientId, EditError, InvoiceId, InvoiceStatus, Ledger};
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
    ledger: &mut Ledger,
    invoice: InvoiceId,
    date: NaiveDate,
    reason: DisputeReason,
    notes: String,
) -> Result<(), EditError> {
    let client = ledger
        .invoice(invoice)
        .ok_or(EditError::UnknownInvoice(invoice))?
        .client;
    if current(ledger, invoice).is_some() {
        return Err(EditError::AlreadyDisputed(invoice));
    }
    ledger.set_status(invoice, InvoiceStatus::Disputed, date)?;
    ledger.collection.disputes.push(Dispute {
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
pub fn current(ledger: &Ledger, invoice: InvoiceId) -> Option<&Dispute> {
    ledger
        .collection
        .disputes
        .iter()
        .find(|d| d.invoice == invoice && d.resolved.is_none())
}

/// Resolves the open dispute of `invoice` on `date`: a credit note (numbered `credit_number`)
/// for all of `outstanding` or for part of it, or nothing; the invoice is open again (and paid
/// when fully credited). Returns the credit note created, if any.
pub fn resolve(
    ledger: &mut Ledger,
    invoice: InvoiceId,
    date: NaiveDate,
    resolution: Resolution,
    outstanding: Decimal,
    credit_number: String,
) -> Result<Option<InvoiceId>, EditError> {
    let k = ledger
        .collection
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
    ledger.collection.disputes[k].resolved = Some((date, resolution));
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

pub fn stats(ledger: &Ledger, as_of: NaiveDate) -> DisputeStats {
    let year_ago = as_of - chrono::Duration::days(365);
    let mut s = DisputeStats::default();
    let mut days = 0i64;
    for d in ledger
        .collection
        .disputes
        .iter()
        .filter(|d| d.opened_on <= as_of)
    {
        match &d.resolved {
            Some((on, _)) if *on <= as_of => {
                if *on > year_ago {
                    s.resolved += 1;
                    days += (*on - d.opened_on).num_days();
                }
            }
            _ => s.open += 1,
        }
    }
    if s.resolved > 0 {
        s.average_resolution_days =
            Some((Decimal::from(days) / Decimal::from(s.resolved as u64)).round_dp(1));
    }
    s
}
