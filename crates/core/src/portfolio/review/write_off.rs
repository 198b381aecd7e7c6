//! A write-off racing a payment: one device writes an invoice off as lost while another,
//! apart, records a payment for it. Once both have both, the invoice is written off with a
//! payment the write-off never weighed: either the payment was a mistake, or the write-off
//! was (the client paid after all), or both stand (a recovery after the write-off, which the
//! accounts book apart: "rentrées sur créances amorties").
//!
//! Whether the write-off knew of the payment is in its event: [`Fact::WrittenOff`] names the
//! payments its device had recorded for the invoice then. A payment it does not name, made
//! on another device, is the race. A payment recorded on the write-off's own device after
//! it is that user's own decision, not an item. One recorded on another device after it had
//! received the write-off is an item too (the book cannot tell the two cases apart without a
//! vector clock); keeping both settles it once.
//!
//! [`Fact::WrittenOff`]: crate::portfolio::event::Fact::WrittenOff

use super::{ReviewItem, ReviewKind, Side};
use crate::ledger::{BatchId, InvoiceId, InvoiceStatus, Maker, PaymentId};
use crate::portfolio::event::{EventHead, EventId};
use crate::portfolio::Portfolio;
use crate::small;

/// A write-off as its event says it.
pub(super) struct Off<'a> {
    invoice: InvoiceId,
    /// The id tag of the device that made it (its payments carry the same).
    tag: u32,
    /// Its event's order (time, device, id): the invoice's latest write-off stands.
    stamp: (i64, u64, EventId),
    known: &'a [PaymentId],
}

impl<'a> Off<'a> {
    pub(super) fn of(h: &'a EventHead, invoice: InvoiceId, known: &'a [PaymentId]) -> Off<'a> {
        Off {
            invoice,
            tag: Maker::of(h.device).0,
            stamp: (h.at, h.device, h.id),
            known,
        }
    }
}

/// Whether some written-off invoice of `p` is paid by a payment (linear; most books have
/// few written-off invoices, and then none of this costs more than one pass).
pub(super) fn candidates(p: &Portfolio) -> bool {
    let l = p.ledger();
    let off: Vec<InvoiceId> = (l.invoices.iter())
        .filter(|i| i.status == InvoiceStatus::WrittenOff)
        .map(|i| i.id)
        .collect();
    // The invoices are in id order: `off` is sorted.
    !off.is_empty()
        && (l.payments.iter()).any(|pay| {
            !pay.summary && (pay.allocations.iter()).any(|a| off.binary_search(&a.invoice).is_ok())
        })
}

/// The items: for each invoice written off now, its standing write-off's pairs with the
/// payments from other devices it did not know of (hand-entered, or of a bank
/// reconciliation: `banked`; an imported file's payments are the accounts' own).
pub(super) fn raced(
    p: &Portfolio,
    mut offs: Vec<Off>,
    banked: &[BatchId],
    kept: &[[Side; 2]],
    out: &mut Vec<ReviewItem>,
) {
    if offs.is_empty() {
        return;
    }
    let l = p.ledger();
    small::sort_by(&mut offs, |a, b| {
        (a.invoice, a.stamp).cmp(&(b.invoice, b.stamp))
    });
    // The latest of each invoice's write-offs, if the invoice is still written off.
    let mut standing: Vec<Off> = Vec::new();
    for o in offs {
        match standing.last_mut() {
            Some(s) if s.invoice == o.invoice => *s = o,
            _ => standing.push(o),
        }
    }
    standing.retain(|o| {
        l.invoice(o.invoice)
            .is_some_and(|i| i.status == InvoiceStatus::WrittenOff)
    });
    let mut banked = banked.to_vec();
    small::sort_by(&mut banked, Ord::cmp);
    for pay in &l.payments {
        let by_hand = pay.batch.is_none() && !pay.summary;
        let by_bank = pay.batch.is_some_and(|b| banked.binary_search(&b).is_ok());
        if !by_hand && !by_bank {
            continue;
        }
        for a in &pay.allocations {
            let Ok(k) = standing.binary_search_by(|o| o.invoice.cmp(&a.invoice)) else {
                continue;
            };
            let o = &standing[k];
            let sides = [Side::WriteOff(o.invoice), Side::Payment(pay.id)];
            if pay.id.tag() == o.tag
                || o.known.contains(&pay.id)
                || kept.contains(&sides)
                || out.iter().any(|x| x.sides == sides)
            {
                continue;
            }
            out.push(ReviewItem {
                kind: ReviewKind::WriteOffAndPayment,
                client: pay.client,
                invoices: vec![o.invoice],
                date: pay.date,
                amount: a.amount.normalize(),
                sides,
            });
        }
    }
}
