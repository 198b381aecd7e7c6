//! What an import would do, before it is done: the report [`commit`] would give, computed on
//! the part of the book the file can reach instead of on a copy of the whole book.
//!
//! The merge ([`super::apply`]) finds invoices by number and clients by code or name, and it
//! only ever changes the file's clients, the invoices its rows name and those clients'
//! payments (a dated payment settles its payer's undated amounts, oldest first). So the part
//! holds every client (for their names), the invoices whose number the file names or whose
//! client it names, the payments of those clients or allocated to those invoices, and the
//! book's id counters. Records outside it cannot change the report; the property test of
//! `tests/import_preview.rs` holds the two reports equal on random books and files.

use super::apply::name_key;
use super::{commit, ImportOptions, ImportReport, Parsed, Staged};
use crate::hash::FxHashSet as HashSet;
use crate::ledger::{ClientId, InvoiceId, Ledger};

/// The report of importing `parsed` into `ledger`, which is left as it is.
pub fn preview(ledger: &Ledger, parsed: &Parsed, opts: &ImportOptions) -> ImportReport {
    let mut part = reach(ledger, &parsed.staged);
    commit(&mut part, parsed, opts)
}

/// The part of `ledger` that merging `staged` reads or changes.
fn reach(ledger: &Ledger, staged: &Staged) -> Ledger {
    let mut numbers: HashSet<&str> = HashSet::default();
    for row in &staged.invoices {
        numbers.insert(row.number.as_str());
        if let Some(target) = &row.applies_to {
            numbers.insert(target.as_str());
        }
    }
    for row in &staged.payments {
        numbers.extend(row.allocations.iter().map(|(n, _)| n.as_str()));
    }
    numbers.extend(staged.doubtful.iter().map(String::as_str));
    // Clients the file names, by code or by name: a superset of those the merge finds is
    // harmless (their records are only read where they are the payer's own).
    let codes: HashSet<&str> = staged
        .clients
        .iter()
        .filter_map(|c| c.code.as_deref())
        .collect();
    let names: HashSet<String> = staged.clients.iter().map(|c| name_key(&c.name)).collect();
    let named: HashSet<ClientId> = ledger
        .clients
        .iter()
        .filter(|c| {
            c.code.as_deref().is_some_and(|k| codes.contains(k))
                || names.contains(&name_key(&c.name))
        })
        .map(|c| c.id)
        .collect();
    let invoices: Vec<_> = ledger
        .invoices
        .iter()
        .filter(|i| named.contains(&i.client) || numbers.contains(i.number.as_str()))
        .cloned()
        .collect();
    let reached: HashSet<InvoiceId> = invoices.iter().map(|i| i.id).collect();
    let payments = ledger
        .payments
        .iter()
        .filter(|p| {
            named.contains(&p.client) || p.allocations.iter().any(|a| reached.contains(&a.invoice))
        })
        .cloned()
        .collect();
    Ledger {
        clients: ledger.clients.clone(),
        invoices,
        payments,
        batches: Vec::new(),
        next_client: ledger.next_client,
        next_invoice: ledger.next_invoice,
        next_payment: ledger.next_payment,
        next_batch: ledger.next_batch,
        device: ledger.device,
    }
}
