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

use crate::aging::{age_lines, Buckets};
use crate::book::{Amount, Columns, DayRank, Doc, Reduction};
use crate::ledger::{InvoiceStatus, Ledger};

/// Totals of one currency at one date.
#[derive(Clone, Copy, Default, Debug, PartialEq)]
pub(crate) struct Point<A> {
    /// Buckets + disputed − unallocated credits.
    pub total: A,
    /// Past due, disputed invoices included.
    pub overdue: A,
    /// Not yet due (disputed invoices excluded).
    pub not_due: A,
    /// Whether anything was open in this currency.
    pub seen: bool,
}

impl<A: Amount> Point<A> {
    fn add(&mut self, overdue: A, not_due: A) {
        self.total += overdue + not_due;
        self.overdue += overdue;
        self.not_due += not_due;
        self.seen = true;
    }

    /// A disputed amount: outstanding, overdue when past due, never "not due" (aged apart).
    fn add_disputed(&mut self, open: A, overdue: A) {
        self.total += open;
        self.overdue += overdue;
        self.seen = true;
    }
}

/// The totals at one date through the full aged balance (books with installment schedules).
pub(crate) fn snapshot<A: Amount>(
    ledger: &Ledger,
    c: &Columns<A>,
    day: i32,
    buckets: &Buckets,
) -> Vec<Point<A>> {
    let open = c.open_at(ledger, day);
    let mut out = vec![Point::default(); c.ncur];
    for (pos, d) in c.docs.iter().enumerate() {
        let o = open.outstanding[pos];
        if o <= A::ZERO {
            continue;
        }
        let s = &mut out[usize::from(d.cur)];
        if d.status_on(day) == InvoiceStatus::Disputed {
            s.add_disputed(o, if d.due < day { o } else { A::ZERO });
            continue;
        }
        age_lines(c, pos, o, day, buckets, |_, _, amount, b| {
            if b == 0 {
                s.add(A::ZERO, amount);
            } else {
                s.add(amount, A::ZERO);
            }
        });
    }
    for (k, &credit) in open.credits.iter().enumerate() {
        if credit > A::ZERO {
            let s = &mut out[k / c.nslots];
            s.total -= credit;
            s.seen = true;
        }
    }
    out
}

/// Per date, per currency index.
pub(crate) fn points<A: Amount>(
    ledger: &Ledger,
    c: &Columns<A>,
    dates: &[i32],
    buckets: &Buckets,
) -> Vec<Vec<Point<A>>> {
    debug_assert!(dates.windows(2).all(|w| w[0] < w[1]));
    if !c.schedules.is_empty() {
        return dates
            .iter()
            .map(|&d| snapshot(ledger, c, d, buckets))
            .collect();
    }
    let kc = dates.len();
    let rank = DayRank::new(dates);
    let first_at = |t: i32| rank.before(t);
    // Credits per (client, currency) key and date, for the keys that hold one at some date.
    let mut credits = Rows::new(c.nkeys(), kc);
    for cr in &c.credits {
        credits.add_from(c.key(cr.slot, cr.cur), first_at(cr.day), cr.amount);
    }
    // Invoices settled before the first date weigh on none.
    let first = dates.first().copied().unwrap_or(i32::MAX);
    // First pass: the credits some invoices give (paid before being issued, overpaid), so
    // that the second pass knows every client's credit.
    for (pos, d) in c.docs.iter().enumerate() {
        if d.credit_note() || d.settled <= first {
            continue;
        }
        let red = c.reductions(pos);
        if red.is_empty() {
            continue;
        }
        let all: A = red.iter().map(|r| r.amount).sum();
        let written_off = d.status == InvoiceStatus::WrittenOff;
        if !(red[0].day < d.issue || all > d.total || written_off) {
            continue;
        }
        let key = c.key(d.slot, d.cur);
        for (k, &day) in dates.iter().enumerate() {
            let paid = red.iter().take_while(|r| r.day <= day);
            if d.issue > day {
                // Paid before the invoice exists: the payer's credit.
                for r in paid {
                    credits.add_at(c.key(r.payer.0, r.payer.1), k, r.amount);
                }
            } else if !d.written_off_on(day) {
                let over = paid.map(|r| r.amount).sum::<A>() - d.total;
                if over > A::ZERO {
                    credits.add_at(key, k, over);
                }
            }
        }
    }

    // Second pass: each invoice's open amount at the dates it is open.
    let mut out = vec![vec![Point::default(); c.ncur]; kc];
    // For keys holding a credit: their non-disputed overdue and not-due amounts per date.
    let mut held = vec![(A::ZERO, A::ZERO); credits.values.len()];
    let mut ranges = Ranges::new(c.ncur, kc);
    for (pos, d) in c.docs.iter().enumerate() {
        if d.credit_note() || d.settled <= first {
            continue;
        }
        let red = c.reductions(pos);
        let row = credits.row[c.key(d.slot, d.cur)];
        if row == u32::MAX && ranges.add_invoice(&rank, d, red) {
            continue;
        }
        let (mut r, mut paid) = (0, A::ZERO);
        for (k, &day) in dates.iter().enumerate().skip(first_at(d.issue)) {
            if d.written_off_on(day) || d.settled <= day {
                break;
            }
            while r < red.len() && red[r].day <= day {
                paid += red[r].amount;
                r += 1;
            }
            let open = d.total - paid;
            if open <= A::ZERO {
                if r == red.len() {
                    break; // settled for good
                }
                continue;
            }
            let overdue = if d.due < day { open } else { A::ZERO };
            let point = &mut out[k][usize::from(d.cur)];
            if d.status_on(day) == InvoiceStatus::Disputed {
                point.add_disputed(open, overdue);
            } else if row != u32::MAX {
                let h = &mut held[row as usize * kc + k];
                h.0 += overdue;
                h.1 += open - overdue;
            } else {
                point.add(overdue, open - overdue);
            }
        }
    }
    ranges.add_to(&mut out);
    // Credits go to the oldest invoices first, and overdue invoices are the older ones.
    for (key, &row) in credits.row.iter().enumerate() {
        if row == u32::MAX {
            continue;
        }
        for (k, points) in out.iter_mut().enumerate() {
            let at = row as usize * kc + k;
            let (overdue, not_due) = held[at];
            let credit = credits.values[at].max(A::ZERO);
            if credit == A::ZERO && overdue == A::ZERO && not_due == A::ZERO {
                continue;
            }
            let on_overdue = credit.min(overdue);
            let on_not_due = (credit - on_overdue).min(not_due);
            let point = &mut points[key / c.nslots];
            point.add(overdue - on_overdue, not_due - on_not_due);
            point.total -= credit - on_overdue - on_not_due;
        }
    }
    out
}

/// The open amounts of the plain invoices (no dispute, no write-off, never overpaid, on a client
/// holding no credit) as differences between consecutive dates, per currency. Such an
/// invoice's open amount changes only on its issue, its payments, its due date and its
/// settlement: a few additions instead of one per month it stays open.
struct Ranges<A> {
    dates: usize,
    /// Per currency, per date and one past the last: changes of (not due, overdue, invoices).
    diff: Vec<(A, A, i32)>,
}

impl<A: Amount> Ranges<A> {
    fn new(ncur: usize, dates: usize) -> Self {
        Ranges {
            dates,
            diff: vec![(A::ZERO, A::ZERO, 0); ncur * (dates + 1)],
        }
    }

    /// Adds invoice `d` if it is plain; false if it needs the date-by-date walk.
    fn add_invoice(&mut self, rank: &DayRank, d: &Doc<A>, red: &[Reduction<A>]) -> bool {
        if matches!(
            d.status,
            InvoiceStatus::Disputed | InvoiceStatus::WrittenOff
        ) {
            return false;
        }
        let mut paid = A::ZERO;
        for r in red {
            if r.amount <= A::ZERO {
                return false;
            }
            paid += r.amount;
        }
        if paid > d.total {
            return false;
        }
        // Paid in full before it was issued: never open (the credit is the first pass's).
        let (from, to) = (rank.before(d.issue), rank.before(d.settled));
        if (paid == d.total && d.settled == i32::MAX) || from >= to {
            return true;
        }
        let due = rank.before(d.due.saturating_add(1));
        let base = usize::from(d.cur) * (self.dates + 1);
        self.diff[base + from].2 += 1;
        self.diff[base + to].2 -= 1;
        let mut add = |amount: A, start: usize| {
            // Not due before the due date's rank, overdue from it.
            let split = due.clamp(start, to);
            self.diff[base + start].0 += amount;
            self.diff[base + split].0 -= amount;
            self.diff[base + split].1 += amount;
            self.diff[base + to].1 -= amount;
        };
        add(d.total, from);
        for r in red {
            let start = rank.before(r.day).max(from);
            if start < to {
                add(-r.amount, start);
            }
        }
        true
    }

    fn add_to(&self, out: &mut [Vec<Point<A>>]) {
        for (cur, diff) in self.diff.chunks(self.dates + 1).enumerate() {
            let (mut not_due, mut overdue, mut open) = (A::ZERO, A::ZERO, 0);
            for (k, points) in out.iter_mut().enumerate() {
                not_due += diff[k].0;
                overdue += diff[k].1;
                open += diff[k].2;
                if open > 0 {
                    points[cur].add(overdue, not_due);
                }
            }
        }
    }
}

/// Per key, a row of one amount per date, created for the keys that need one.
struct Rows<A> {
    /// Key → row (`u32::MAX`: none).
    row: Vec<u32>,
    values: Vec<A>,
    dates: usize,
}

impl<A: Amount> Rows<A> {
    fn new(keys: usize, dates: usize) -> Self {
        Rows {
            row: vec![u32::MAX; keys],
            values: Vec::new(),
            dates,
        }
    }

    fn slot(&mut self, key: usize) -> usize {
        if self.row[key] == u32::MAX {
            self.row[key] = (self.values.len() / self.dates) as u32;
            self.values.extend(std::iter::repeat_n(A::ZERO, self.dates));
        }
        self.row[key] as usize * self.dates
    }

    fn add_at(&mut self, key: usize, k: usize, amount: A) {
        if amount != A::ZERO {
            let at = self.slot(key);
            self.values[at + k] += amount;
        }
    }

    /// Adds `amount` at date `from` and every later date.
    fn add_from(&mut self, key: usize, from: usize, amount: A) {
        if from < self.dates && amount != A::ZERO {
            let at = self.slot(key);
            for x in &mut self.values[at + from..at + self.dates] {
                *x += amount;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{day, Amounts, Book};
    use crate::test_support::{awkward_book, date};
    use chrono::NaiveDate;
    use chrono::{Days, Months};

    #[test]
    fn one_pass_series_equals_the_aged_balance_at_each_date() {
        for seed in 0..12 {
            let l = awkward_book(seed, false);
            let dates: Vec<NaiveDate> = (0..14u32)
                .rev()
                .map(|m| date("2026-07-01") - Months::new(m) - Days::new(1))
                .collect();
            let days: Vec<i32> = dates.iter().map(|&d| day(d)).collect();
            let book = Book::new(&l);
            let Amounts::Cents(c) = &book.amounts else {
                panic!("a generated book is in cents")
            };
            let fast = points(&l, c, &days, &Buckets::default());
            let exact = Book::exact(&l);
            let Amounts::Exact(x) = &exact.amounts else {
                panic!("asked for Decimal amounts")
            };
            let fast_exact = points(&l, x, &days, &Buckets::default());
            for (k, &d) in days.iter().enumerate() {
                let slow = snapshot(&l, c, d, &Buckets::default());
                assert_eq!(fast[k], slow, "seed {seed}, {}", dates[k]);
                let to_dec = |p: &Point<i64>| Point {
                    total: c.decimal(p.total),
                    overdue: c.decimal(p.overdue),
                    not_due: c.decimal(p.not_due),
                    seen: p.seen,
                };
                let cents: Vec<_> = fast[k].iter().map(to_dec).collect();
                assert_eq!(cents, fast_exact[k], "seed {seed}, {}", dates[k]);
            }
        }
    }
}
