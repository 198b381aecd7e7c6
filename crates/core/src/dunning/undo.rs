//! Undoing "mark as sent": [`mark_sent`] does what [`super::mark_done`] does and keeps what it
//! replaced, so that a reminder filed by mistake (or a batch of printed letters marked at
//! once) can be taken back: the levels reached, the timeline entry, a promise or a dispute
//! status it recorded.

use super::{mark_done, Entry};
use crate::collection::{CallOutcome, Reached};
use crate::ledger::{InvoiceId, InvoiceStatus};
use crate::portfolio::Portfolio;
use chrono::NaiveDate;

/// What one [`mark_sent`] replaced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marked {
    /// The timeline entry it logged.
    pub activity: u32,
    /// Each invoice's level before.
    reached: Vec<(InvoiceId, Option<Reached>)>,
    /// How many promises there were before.
    promises: usize,
    /// Each invoice's status before.
    statuses: Vec<(InvoiceId, InvoiceStatus, Option<NaiveDate>)>,
}

/// [`mark_done`], returning the invoices whose record changed and what to undo it with.
pub fn mark_sent(
    pf: &mut Portfolio,
    entry: &Entry,
    today: NaiveDate,
    text: String,
    outcome: Option<CallOutcome>,
) -> (Vec<InvoiceId>, Marked) {
    let ledger = pf.ledger();
    let ids: Vec<InvoiceId> = entry.invoices.iter().map(|i| i.invoice).collect();
    let marked = Marked {
        activity: pf.follow_up.next_activity,
        reached: ids
            .iter()
            .map(|id| (*id, pf.follow_up.reached.get(id).copied()))
            .collect(),
        promises: pf.follow_up.promises.len(),
        statuses: ids
            .iter()
            .filter_map(|id| ledger.invoice(*id).map(|i| (*id, i.status, i.status_date)))
            .collect(),
    };
    (mark_done(pf, entry, today, text, outcome), marked)
}

/// Puts back what `m` replaced; returns the invoices whose record changed back. Undoing the
/// same mark twice changes nothing the second time.
pub fn undo_sent(pf: &mut Portfolio, m: &Marked) -> Vec<InvoiceId> {
    let (ledger, col) = pf.parts_mut();
    let Some(pos) = col.activities.iter().position(|a| a.id == m.activity) else {
        return Vec::new();
    };
    col.activities.remove(pos);
    for (id, before) in &m.reached {
        match before {
            Some(r) => drop(col.reached.insert(*id, *r)),
            None => drop(col.reached.remove(id)),
        }
    }
    col.promises.truncate(m.promises);
    let mut changed = Vec::new();
    for (id, status, date) in &m.statuses {
        if let Some(inv) = ledger.invoice_mut(*id) {
            if (inv.status, inv.status_date) != (*status, *date) {
                inv.status = *status;
                inv.status_date = *date;
                changed.push(*id);
            }
        }
    }
    changed
}
