//! One invoice number made on two devices: each device's import keeps one invoice per
//! number (a file imported again updates it), but two devices importing apart — the same
//! file on both, or two files that number an invoice alike — each make their own. Once both
//! have both, the client owes the number twice.
//!
//! Only pairs from two devices are items (the ids' tags differ): what one device holds of
//! one number is its import's own business. Keeping one moves what was recorded against
//! the other (payments, credit notes) onto the one kept and removes the other
//! ([`super::resolve`]): the twin is a copy made by Encours, not a document of the firm's
//! accounts, so no credit note is issued for it.

use super::{ReviewItem, ReviewKind, Side};
use crate::ledger::Invoice;
use crate::portfolio::Portfolio;
use crate::small;

/// What makes two documents one: their number (spaces around it aside) and their kind.
fn key(i: &Invoice) -> (&str, bool) {
    (
        i.number.trim(),
        i.applies_to.is_some() || i.total.is_sign_negative(),
    )
}

/// The items. Most books' invoices come from one device (or from one device's imports and
/// a few of another's credit notes): the invoices of the most frequent tag are looked up
/// among the others, sorted, so that the cost is one pass plus a sort of the few.
pub(super) fn same_number(p: &Portfolio, kept: &[[Side; 2]], out: &mut Vec<ReviewItem>) {
    let inv = &p.ledger().invoices;
    let mut tags: Vec<(u32, usize)> = Vec::new();
    for i in inv {
        match tags.iter_mut().find(|t| t.0 == i.id.tag()) {
            Some(t) => t.1 += 1,
            None => tags.push((i.id.tag(), 1)),
        }
    }
    let Some(base) = (tags.len() > 1)
        .then(|| tags.iter().max_by_key(|t| t.1).map(|t| t.0))
        .flatten()
    else {
        return;
    };
    let mut others: Vec<&Invoice> = inv.iter().filter(|i| i.id.tag() != base).collect();
    small::sort_by(&mut others, |a, b| (key(a), a.id).cmp(&(key(b), b.id)));
    let mut pairs: Vec<(&Invoice, &Invoice)> = Vec::new();
    for i in inv.iter().filter(|i| i.id.tag() == base) {
        let k = others.partition_point(|o| key(o) < key(i));
        let same = others[k..].iter().take_while(|o| key(o) == key(i));
        pairs.extend(same.map(|o| (i, *o)));
    }
    for run in others.chunk_by(|a, b| key(a) == key(b)) {
        for (k, a) in run.iter().enumerate() {
            let apart = run[k + 1..].iter().filter(|b| b.id.tag() != a.id.tag());
            pairs.extend(apart.map(|b| (*a, *b)));
        }
    }
    for (a, b) in pairs {
        let (a, b) = if a.id < b.id { (a, b) } else { (b, a) };
        let sides = [Side::Invoice(a.id), Side::Invoice(b.id)];
        if kept.contains(&sides) {
            continue;
        }
        out.push(ReviewItem {
            kind: ReviewKind::SameNumber,
            client: a.client,
            invoices: vec![a.id, b.id],
            date: a.issue_date.max(b.issue_date),
            amount: b.total.normalize(),
            sides,
        });
    }
}
