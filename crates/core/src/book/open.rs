//! What is open on a date: each invoice's outstanding amount and each client's credit, after
//! payments, credit notes and the FIFO application of unallocated credits.

use super::{Amount, Columns};
use crate::ledger::{InvoiceStatus, Ledger};

/// The open items on one day.
pub(crate) struct Open<A> {
    /// Per invoice position: what is still due (zero for paid, written-off or future invoices
    /// and for credit notes).
    pub outstanding: Vec<A>,
    /// Per (client, currency) key: the credit left after FIFO (≤ 0: none).
    pub credits: Vec<A>,
}

impl<A: Amount> Columns<A> {
    /// Payments dated by `day` and credit notes issued by then reduce the invoices they name;
    /// an invoice written off keeps what was paid on it; money paid on an invoice not yet
    /// issued, overpayments and unallocated money are credits, applied to the client's oldest
    /// open invoices by due date (disputed ones excepted).
    pub fn open_at(&self, ledger: &Ledger, day: i32) -> Open<A> {
        let mut outstanding = vec![A::ZERO; self.docs.len()];
        let mut credits = vec![A::ZERO; self.nkeys()];
        for (pos, d) in self.docs.iter().enumerate() {
            if d.credit_note() || d.settled <= day {
                continue;
            }
            let reds = self.reductions(pos);
            if d.issue > day {
                for r in reds.iter().take_while(|r| r.day <= day) {
                    credits[self.key(r.payer.0, r.payer.1)] += r.amount;
                }
                continue;
            }
            let paid: A = reds
                .iter()
                .take_while(|r| r.day <= day)
                .map(|r| r.amount)
                .sum();
            if d.written_off_on(day) {
                continue;
            }
            let o = d.total - paid;
            if o < A::ZERO {
                credits[self.key(d.slot, d.cur)] -= o;
            } else {
                outstanding[pos] = o;
            }
        }
        for c in self.credits.iter().filter(|c| c.day <= day) {
            credits[self.key(c.slot, c.cur)] += c.amount;
        }
        // Most books hold no credit at a given date: no second pass over the invoices then.
        if credits.iter().any(|&c| c > A::ZERO) {
            self.apply_fifo(ledger, day, &mut outstanding, &mut credits);
        }
        Open {
            outstanding,
            credits,
        }
    }

    fn apply_fifo(&self, ledger: &Ledger, day: i32, outstanding: &mut [A], credits: &mut [A]) {
        // Only clients holding a credit need their invoices in order.
        let mut queue: Vec<(u32, i32, i32, u32)> = self
            .docs
            .iter()
            .enumerate()
            .filter_map(|(pos, d)| {
                if outstanding[pos] <= A::ZERO {
                    return None;
                }
                let k = self.key(d.slot, d.cur);
                (credits[k] > A::ZERO && d.status_on(day) != InvoiceStatus::Disputed)
                    .then_some((k as u32, d.due, d.issue, pos as u32))
            })
            .collect();
        queue.sort_unstable_by(|a, b| {
            (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)).then_with(|| {
                let number = |p: u32| &ledger.invoices[p as usize].number;
                number(a.3).cmp(number(b.3)).then(a.3.cmp(&b.3))
            })
        });
        for (k, _, _, pos) in queue {
            let (credit, owed) = (&mut credits[k as usize], &mut outstanding[pos as usize]);
            if *credit > A::ZERO {
                let take = (*credit).min(*owed);
                *owed -= take;
                *credit -= take;
            }
        }
    }
}
