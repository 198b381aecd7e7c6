//! The bulk commands: an import and its undo, as one batch of the ledger. Their changes are
//! read off the batch (what it made, what it replaced) in one pass over the book, never a copy.

use super::changes::Changes;
use super::command::{CommandError, Context, Executed, Reply};
use super::event::Fact;
use super::{follow_up, ledger, ledger_mut, Portfolio};
use crate::ledger::{ClientId, EditError, InvoiceId, PaymentId};

pub(super) fn import(
    p: &mut Portfolio,
    parsed: &crate::import::Parsed,
    opts: &crate::import::ImportOptions,
    cx: &mut Context,
) -> Result<Executed, CommandError> {
    let today = cx.today;
    let was = crate::credit_limit::over_limit(ledger(p), today);
    let before = follow_up(p).clone();
    let report = crate::import::commit(ledger_mut(p), parsed, opts);
    let over_limit = crate::credit_limit::pushed_over(&was, ledger(p), today)
        .iter()
        .map(|a| a.client)
        .collect();
    let mut events = Vec::new();
    if let Some(b) = report.batch {
        let c = batch_changes(p, b, Some(&before));
        let fact = Fact::Imported {
            batch: b,
            label: ledger(p)
                .batches
                .last()
                .map(|x| x.label.clone())
                .unwrap_or_default(),
            invoices: (report.new_invoices + report.updated_invoices) as u32,
            payments: report.new_payments as u32,
        };
        events.push(cx.event(fact, c));
    }
    Ok(Executed {
        events,
        reply: Reply::Imported {
            report: Box::new(report),
            over_limit,
        },
    })
}

/// The ids of the records batch `b` made or changed: one pass over the book, no copy of it.
fn batch_ids(
    p: &Portfolio,
    b: crate::ledger::BatchId,
) -> (Vec<InvoiceId>, Vec<PaymentId>, Vec<ClientId>) {
    let l = ledger(p);
    let mut invoices: Vec<InvoiceId> = l
        .invoices
        .iter()
        .filter(|i| i.batch == Some(b))
        .map(|i| i.id)
        .collect();
    let mut payments: Vec<PaymentId> = l
        .payments
        .iter()
        .filter(|x| x.batch == Some(b))
        .map(|x| x.id)
        .collect();
    let mut clients: Vec<ClientId> = Vec::new();
    if let Some(batch) = l.batches.iter().find(|x| x.id == b) {
        invoices.extend(batch.previous_invoices.iter().map(|i| i.id));
        payments.extend(batch.previous_payments.iter().map(|x| x.id));
        clients.extend(batch.previous_clients.iter().map(|c| c.id));
        clients.extend(batch.created_clients.iter().copied());
    }
    crate::small::sort_by(&mut invoices, Ord::cmp);
    invoices.dedup();
    crate::small::sort_by(&mut payments, Ord::cmp);
    payments.dedup();
    crate::small::sort_by(&mut clients, Ord::cmp);
    clients.dedup();
    (invoices, payments, clients)
}

/// The records batch `b` made or changed, as they are now, and the batch itself.
pub(super) fn batch_changes(
    p: &Portfolio,
    b: crate::ledger::BatchId,
    before: Option<&crate::collection::Collection>,
) -> Changes {
    let (invoices, payments, clients) = batch_ids(p, b);
    let mut c = Changes::touched(p, before, &invoices, &payments, &clients);
    match ledger(p).batches.iter().find(|x| x.id == b) {
        Some(x) => c.batches.push(x.clone()),
        None => c.removed_batches.push(b),
    }
    c.counters = Some(super::changes::Counters::of(ledger(p)));
    c
}

pub(super) fn undo_import(p: &mut Portfolio, cx: &mut Context) -> Result<Executed, CommandError> {
    let b = ledger(p)
        .batches
        .last()
        .map(|x| x.id)
        .ok_or(EditError::NothingToUndo)?;
    let before = follow_up(p).clone();
    // The batch's records before it goes: afterwards they are absent (removals) or restored.
    let (invoices, payments, clients) = batch_ids(p, b);
    let batch = ledger_mut(p).undo_last_batch()?;
    let mut c = Changes::touched(p, Some(&before), &invoices, &payments, &clients);
    c.removed_batches.push(b);
    let fact = Fact::ImportUndone {
        batch: b,
        label: batch.label.clone(),
    };
    Ok(Executed {
        events: vec![cx.event(fact, c)],
        reply: Reply::ImportUndone { label: batch.label },
    })
}
