//! Outstanding, overdue and not-due amounts at several dates, in one pass over the invoices.
//!
//! Computing the aged balance once per month of a 12-month series costs twelve passes over
//! every payment and invoice. Here each invoice is visited once and only for the dates between
//! its issue and its settlement, which for a typical book is one or two dates out of twelve.
//!
//! The result equals the aged balance at each date. Credits not allocated to an invoice go to
//! the client's oldest open invoices by due date (FIFO, disputed ones excepted). Overdue
//! invoices are exactly those due before the date, so they come first in that order: a credit
//! reduces the client's overdue amount first, then the not-due amount, then stays a credit.
//! That shortcut does not hold with installment schedules (an invoice partly due comes whole in
//! FIFO order), so ledgers holding schedules use the per-date aged balance instead.

use crate::aging::Buckets;
use crate::hash::FxHashMap;
use crate::ledger::{ClientId, DocKind, InvoiceStatus, Ledger};
use crate::money::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Totals of one currency at one date.
#[derive(Clone, Copy, Default, Debug, PartialEq)]
pub(crate) struct Point {
    /// Buckets + disputed − unallocated credits.
    pub total: Decimal,
    /// Past due, disputed invoices included.
    pub overdue: Decimal,
    /// Not yet due (disputed invoices excluded).
    pub not_due: Decimal,
}

type Key = (ClientId, Currency);

/// Per date, per currency.
pub(crate) fn points(
    ledger: &Ledger,
    dates: &[NaiveDate],
    buckets: &Buckets,
) -> Vec<FxHashMap<Currency, Point>> {
    debug_assert!(dates.windows(2).all(|w| w[0] < w[1]));
    let scale = common_scale(ledger);
    if scale.is_none() || ledger.invoices.iter().any(|i| !i.installments.is_empty()) {
        return dates
            .iter()
            .map(|&d| super::snapshot(ledger, d, buckets))
            .collect();
    }
    let scale = scale.expect("checked above");
    // Every amount in integer units at the ledger's common scale (exact: checked above).
    let u = |d: Decimal| units(d, scale).unwrap_or_default();
    let k_count = dates.len();
    let first_at = |t: NaiveDate| dates.partition_point(|d| *d < t);
    let n = ledger.invoices.len();
    let index = ledger.invoice_index();

    // Reductions of each invoice (payments allocated, credit notes applied), grouped by
    // invoice with a counting sort; everything else is a client credit from its date on.
    let mut credits: FxHashMap<Key, Vec<Units>> = FxHashMap::default();
    let mut add_credit = |key: Key, from_k: usize, amount: Units| {
        if from_k < k_count && amount != 0 {
            let c = credits.entry(key).or_insert_with(|| vec![0; k_count]);
            for x in &mut c[from_k..] {
                *x += amount;
            }
        }
    };
    let mut count = vec![0u32; n + 1];
    let target = |pos: Option<usize>| pos.filter(|&p| ledger.invoices[p].kind == DocKind::Invoice);
    for p in &ledger.payments {
        let mut rest = u(p.amount);
        for a in &p.allocations {
            if let Some(pos) = target(index.get(a.invoice.0)) {
                count[pos] += 1;
                rest -= u(a.amount);
            }
        }
        add_credit((p.client, p.currency), first_at(p.date), rest);
    }
    for note in ledger
        .invoices
        .iter()
        .filter(|i| i.kind == DocKind::CreditNote)
    {
        match target(note.applies_to.and_then(|t| index.get(t.0))) {
            Some(pos) => count[pos] += 1,
            None => add_credit(
                (note.client, note.currency),
                first_at(note.issue_date),
                -u(note.total),
            ),
        }
    }
    let mut start = vec![0u32; n + 1];
    for i in 0..n {
        start[i + 1] = start[i] + count[i];
    }
    let mut fill = start.clone();
    let mut reductions = vec![(NaiveDate::MIN, 0 as Units); start[n] as usize];
    let mut push = |pos: usize, date: NaiveDate, amount: Units| {
        reductions[fill[pos] as usize] = (date, amount);
        fill[pos] += 1;
    };
    for p in &ledger.payments {
        for a in &p.allocations {
            if let Some(pos) = target(index.get(a.invoice.0)) {
                push(pos, p.date, u(a.amount));
            }
        }
    }
    for note in ledger
        .invoices
        .iter()
        .filter(|i| i.kind == DocKind::CreditNote)
    {
        if let Some(pos) = target(note.applies_to.and_then(|t| index.get(t.0))) {
            push(pos, note.issue_date, -u(note.total));
        }
    }
    for pos in 0..n {
        reductions[start[pos] as usize..start[pos + 1] as usize].sort_unstable_by_key(|r| r.0);
    }
    let reductions_of = |pos: usize| &reductions[start[pos] as usize..start[pos + 1] as usize];

    // First pass: the credits some invoices give (paid before being issued, or overpaid), so
    // that the second pass knows every client's credit.
    let written_off = |pos: usize| {
        let i = &ledger.invoices[pos];
        (i.status == InvoiceStatus::WrittenOff).then(|| i.status_date.unwrap_or(NaiveDate::MIN))
    };
    for (pos, inv) in ledger.invoices.iter().enumerate() {
        let red = reductions_of(pos);
        if inv.kind != DocKind::Invoice || red.is_empty() {
            continue;
        }
        let all: Units = red.iter().map(|r| r.1).sum();
        let total = u(inv.total);
        let early = red[0].0 < inv.issue_date;
        let off = written_off(pos);
        if !(early || all > total || off.is_some()) {
            continue;
        }
        let key = (inv.client, inv.currency);
        let mut c = vec![0; k_count];
        for (k, &d) in dates.iter().enumerate() {
            let paid: Units = red.iter().filter(|r| r.0 <= d).map(|r| r.1).sum();
            let issued = inv.issue_date <= d;
            // Paid before the invoice exists: a credit; on an invoice written off: its own.
            c[k] = if !issued {
                paid
            } else if off.is_some_and(|w| w <= d) {
                0
            } else {
                (paid - total).max(0)
            };
        }
        if c.iter().any(|&x| x != 0) {
            let e = credits.entry(key).or_insert_with(|| vec![0; k_count]);
            for (x, y) in e.iter_mut().zip(c) {
                *x += y;
            }
        }
    }

    // Second pass: each invoice's open amount at the dates it is open.
    let mut out: Vec<FxHashMap<Currency, PointUnits>> = vec![FxHashMap::default(); k_count];
    // For clients holding a credit: their non-disputed overdue and not-due amounts per date.
    let mut held: FxHashMap<Key, Vec<(Units, Units)>> = FxHashMap::default();
    for (pos, inv) in ledger.invoices.iter().enumerate() {
        if inv.kind != DocKind::Invoice {
            continue;
        }
        let red = reductions_of(pos);
        let off = written_off(pos);
        let key = (inv.client, inv.currency);
        let has_credit = credits.contains_key(&key);
        let mut r = 0;
        let mut paid: Units = 0;
        let total = u(inv.total);
        for (k, &d) in dates.iter().enumerate().skip(first_at(inv.issue_date)) {
            if off.is_some_and(|w| w <= d) {
                break;
            }
            while r < red.len() && red[r].0 <= d {
                paid += red[r].1;
                r += 1;
            }
            let open = total - paid;
            if open <= 0 {
                if r == red.len() {
                    break; // settled for good
                }
                continue;
            }
            let overdue = if inv.due_date < d { open } else { 0 };
            let point = out[k].entry(inv.currency).or_default();
            if inv.status_on(d) == InvoiceStatus::Disputed {
                point.total += open;
                point.overdue += overdue;
            } else if has_credit {
                let h = held.entry(key).or_insert_with(|| vec![(0, 0); k_count]);
                h[k].0 += overdue;
                h[k].1 += open - overdue;
            } else {
                point.total += open;
                point.overdue += overdue;
                point.not_due += open - overdue;
            }
        }
    }
    for (key, credit) in &credits {
        let h = held.get(key);
        for k in 0..k_count {
            let (overdue, not_due) = h.map_or((0, 0), |h| h[k]);
            let c = credit[k].max(0);
            if c == 0 && overdue == 0 && not_due == 0 {
                continue;
            }
            let on_overdue = c.min(overdue);
            let on_not_due = (c - on_overdue).min(not_due);
            let point = out[k].entry(key.1).or_default();
            point.overdue += overdue - on_overdue;
            point.not_due += not_due - on_not_due;
            point.total += overdue + not_due - c;
        }
    }
    let back = |x: Units| Decimal::try_from_i128_with_scale(x, scale).ok();
    let converted: Option<Vec<FxHashMap<Currency, Point>>> = out
        .into_iter()
        .map(|m| {
            m.into_iter()
                .map(|(c, p)| {
                    Some((
                        c,
                        Point {
                            total: back(p.total)?,
                            overdue: back(p.overdue)?,
                            not_due: back(p.not_due)?,
                        },
                    ))
                })
                .collect()
        })
        .collect();
    // Sums beyond Decimal's range (absurd amounts): the per-date path reports them as it can.
    converted.unwrap_or_else(|| {
        dates
            .iter()
            .map(|&d| super::snapshot(ledger, d, buckets))
            .collect()
    })
}

/// Amounts in integer units: `Decimal` arithmetic was most of the series' time.
type Units = i128;

/// A point while it is summed, in units.
#[derive(Clone, Copy, Default)]
struct PointUnits {
    total: Units,
    overdue: Units,
    not_due: Units,
}

/// `d` in units of 10^-scale, if exact.
fn units(d: Decimal, scale: u32) -> Option<Units> {
    // Nearly every amount is already at the common scale (cents): no 128-bit multiply.
    if d.scale() == scale {
        return Some(d.mantissa());
    }
    let up = scale.checked_sub(d.scale())?;
    d.mantissa().checked_mul(10i128.checked_pow(up)?)
}

/// The largest scale of the amounts that the series adds, if every amount is representable at
/// it with room for sums (it always is for money; anything else takes the Decimal path).
fn common_scale(ledger: &Ledger) -> Option<u32> {
    let amounts = || {
        ledger.invoices.iter().map(|i| i.total).chain(
            ledger.payments.iter().flat_map(|p| {
                std::iter::once(p.amount).chain(p.allocations.iter().map(|a| a.amount))
            }),
        )
    };
    let scale = amounts().map(|d| d.scale()).max().unwrap_or(0);
    let limit: Units = 10i128.pow(30);
    amounts()
        .all(|d| units(d, scale).is_some_and(|x| x.abs() < limit))
        .then_some(scale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generator::{generate, GeneratorOptions, Rng};
    use crate::ledger::{Allocation, Payment, PaymentId};
    use crate::test_support::date;
    use chrono::{Days, Months};

    /// A generated book with the awkward cases added: unallocated payments, overpayments,
    /// payments before the invoice date, write-offs with later payments, disputes.
    fn awkward_book(seed: u64) -> Ledger {
        let today = date("2026-06-30");
        let mut l = generate(&GeneratorOptions {
            seed,
            invoices: 400,
            clients: 25,
            today,
            months: 14,
        });
        let mut rng = Rng::new(seed ^ 0xABCD);
        for k in 0..40 {
            let pos = rng.below(l.invoices.len() as u64) as usize;
            let inv = l.invoices[pos].clone();
            let when = inv.issue_date + Days::new(rng.below(200)) - Days::new(30);
            let amount = Decimal::new(rng.below(400_000) as i64, 2);
            let allocations = match k % 3 {
                0 => Vec::new(),
                _ => vec![Allocation {
                    invoice: inv.id,
                    amount,
                }],
            };
            l.add_payment(Payment {
                id: PaymentId(0),
                client: inv.client,
                date: when,
                date_known: true,
                amount,
                currency: inv.currency,
                allocations,
                reference: None,
                batch: None,
                summary: false,
            });
            if k % 7 == 0 {
                let p = rng.below(l.invoices.len() as u64) as usize;
                let d = l.invoices[p].issue_date + Days::new(rng.below(120));
                let status = if k % 2 == 0 {
                    InvoiceStatus::WrittenOff
                } else {
                    InvoiceStatus::Disputed
                };
                l.invoices[p].status = status;
                l.invoices[p].status_date = Some(d);
            }
        }
        l
    }

    #[test]
    fn one_pass_series_equals_the_aged_balance_at_each_date() {
        for seed in 0..12 {
            let l = awkward_book(seed);
            let dates: Vec<NaiveDate> = (0..14u32)
                .rev()
                .map(|m| date("2026-07-01") - Months::new(m) - Days::new(1))
                .collect();
            let fast = points(&l, &dates, &Buckets::default());
            for (k, &d) in dates.iter().enumerate() {
                let slow = super::super::snapshot(&l, d, &Buckets::default());
                assert_eq!(
                    fast[k].get(&Currency::EUR).copied().unwrap_or_default(),
                    slow.get(&Currency::EUR).copied().unwrap_or_default(),
                    "seed {seed}, {d}"
                );
            }
        }
    }
}
