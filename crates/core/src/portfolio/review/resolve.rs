//! [`Command::ResolveReview`]: what keeping one side, or both, does to the book.
//!
//! [`Command::ResolveReview`]: crate::portfolio::command::Command::ResolveReview

use super::{Keep, Side};
use crate::collection::Collection;
use crate::correction::PaymentError;
use crate::ledger::{EditError, InvoiceId, InvoiceStatus, PaymentId};
use crate::portfolio::changes::Changes;
use crate::portfolio::command::{CommandError, Reply};
use crate::portfolio::event::Fact;
use crate::portfolio::Portfolio;
use chrono::NaiveDate;

/// Resolves the item of `sides` (in either order) by `keep`: the fact to log, what changed
/// (`before`: the follow-up before, for the timeline entry a cancelled payment leaves) and
/// the reply. Refused, with nothing changed, when a side is no longer in the book or the
/// sides are not an item's.
pub fn resolve(
    p: &mut Portfolio,
    sides: [Side; 2],
    keep: Keep,
    today: NaiveDate,
    before: &Collection,
) -> Result<(Fact, Changes, Reply), CommandError> {
    // Sides in the list's order (id order; a write-off before its payment), so that a
    // "keep both" is found by them whichever order the caller gave.
    let swapped = match sides {
        [Side::Payment(_), Side::WriteOff(_)] => true,
        [a, b] if std::mem::discriminant(&a) == std::mem::discriminant(&b) => a > b,
        _ => false,
    };
    let (sides, keep) = match (swapped, keep) {
        (false, k) => (sides, k),
        (true, Keep::First) => ([sides[1], sides[0]], Keep::Second),
        (true, Keep::Second) => ([sides[1], sides[0]], Keep::First),
        (true, Keep::Both) => ([sides[1], sides[0]], Keep::Both),
    };
    let l = p.ledger();
    let payment = |id: PaymentId| {
        (l.payments.binary_search_by_key(&id, |x| x.id))
            .map(|k| &l.payments[k])
            .map_err(|_| CommandError::Payment(PaymentError::UnknownPayment(id)))
    };
    let invoice = |id: InvoiceId| l.invoice(id).ok_or(EditError::UnknownInvoice(id));
    match sides {
        [Side::Payment(a), Side::Payment(b)] => {
            let first = payment(a)?;
            payment(b)?;
            let (client, invoices) = (
                first.client,
                first.allocations.iter().map(|x| x.invoice).collect(),
            );
            let (c, reply) = cancel(p, keep.dropped([a, b]), today, before)?;
            let fact = Fact::ReviewResolved {
                client,
                invoices,
                sides: [a, b],
                keep,
            };
            Ok((fact, c, reply))
        }
        [Side::Invoice(a), Side::Invoice(b)] => {
            let client = invoice(a)?.client;
            invoice(b)?;
            let c = match keep.dropped([a, b]) {
                Some(gone) => {
                    let into = if gone == a { b } else { a };
                    let (invoices, payments) = fold_twin(p, gone, into);
                    Changes::touched(p, None, &invoices, &payments, &[])
                }
                None => Changes::default(),
            };
            let fact = settled(client, vec![a, b], sides, keep);
            Ok((fact, c, Reply::Done))
        }
        [Side::WriteOff(i), Side::Payment(q)] => {
            let inv = invoice(i)?;
            if inv.status != InvoiceStatus::WrittenOff {
                return Err(CommandError::NothingToRecord);
            }
            let client = inv.client;
            payment(q)?;
            let (c, reply) = match keep {
                // The payment was the mistake.
                Keep::First => cancel(p, Some(q), today, before)?,
                // The write-off was: the invoice is open again, the payment on it.
                Keep::Second => {
                    p.ledger_mut().set_status(i, InvoiceStatus::Open, today)?;
                    (Changes::touched(p, None, &[i], &[], &[]), Reply::Done)
                }
                Keep::Both => (Changes::default(), Reply::Done),
            };
            Ok((settled(client, vec![i], sides, keep), c, reply))
        }
        [Side::Reminder(a), Side::Reminder(b)] => {
            let entry = |f| super::reminder_entry(p, f).ok_or(CommandError::NothingToRecord);
            let first = entry(a)?;
            entry(b)?;
            let (client, invoices) = (first.client, first.invoices.clone());
            let c = match keep.dropped([a, b]) {
                Some(gone) => {
                    (p.follow_up.activities).retain(|x| super::fingerprint(x) != gone);
                    Changes::touched(p, Some(before), &[], &[], &[])
                }
                None => Changes::default(),
            };
            Ok((settled(client, invoices, sides, keep), c, Reply::Done))
        }
        _ => Err(CommandError::NothingToRecord),
    }
}

fn settled(
    client: crate::ledger::ClientId,
    invoices: Vec<InvoiceId>,
    sides: [Side; 2],
    keep: Keep,
) -> Fact {
    Fact::ReviewSettled {
        client,
        invoices,
        sides,
        keep,
    }
}

/// Cancels payment `gone`, if one (a timeline entry says so, undoable as any cancellation).
fn cancel(
    p: &mut Portfolio,
    gone: Option<PaymentId>,
    today: NaiveDate,
    before: &Collection,
) -> Result<(Changes, Reply), CommandError> {
    Ok(match gone {
        Some(gone) => {
            let entry = crate::correction::cancel(p, gone, today)?;
            let c = Changes::touched(p, Some(before), &[], &[gone], &[]);
            (c, Reply::Entry(entry))
        }
        None => (Changes::default(), Reply::Done),
    })
}

/// Removes invoice `gone`, its payments' allocations and its credit notes moved onto `into`
/// (an allocation to both becomes one). The invoices and payments it changed, `gone` first.
/// What the follow-up keeps by invoice (levels reached, marks) stays under the id gone: it
/// names nothing the book shows any more.
fn fold_twin(
    p: &mut Portfolio,
    gone: InvoiceId,
    into: InvoiceId,
) -> (Vec<InvoiceId>, Vec<PaymentId>) {
    let l = p.ledger_mut();
    let mut payments = Vec::new();
    for pay in &mut l.payments {
        if !pay.allocations.iter().any(|a| a.invoice == gone) {
            continue;
        }
        let mut merged: Vec<crate::ledger::Allocation> = Vec::with_capacity(pay.allocations.len());
        for mut a in pay.allocations.drain(..) {
            if a.invoice == gone {
                a.invoice = into;
            }
            match merged.iter_mut().find(|m| m.invoice == a.invoice) {
                Some(m) => m.amount += a.amount,
                None => merged.push(a),
            }
        }
        pay.allocations = merged;
        payments.push(pay.id);
    }
    let mut invoices = vec![gone];
    for i in &mut l.invoices {
        if i.applies_to == Some(gone) {
            i.applies_to = Some(into);
            invoices.push(i.id);
        }
    }
    l.invoices.retain(|i| i.id != gone);
    (invoices, payments)
}
