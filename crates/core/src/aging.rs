//! The aged balance (balance âgée): what each client owes, by how late it is, on a date.
//!
//! An invoice's outstanding amount is its total less the payments and credit notes allocated
//! to it; credits not allocated go to the client's oldest open invoice (FIFO, by due date) and
//! what remains is shown as a credit. With an installment schedule, what was paid settles the
//! earliest installments first and each remainder is aged on its own due date. Disputed
//! invoices are shown apart. At a past date only invoices issued and payments dated by then
//! count. Always: `total = Σ buckets + disputed − unallocated credits`.

use crate::book::{day, with_columns, Amount, Book, Columns};
use crate::ledger::{ClientId, InvoiceId, InvoiceStatus, Ledger};
use crate::money::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Bucket bounds in days late; each bound is the inclusive upper end of a bucket. The default
/// `[30, 60, 90]` gives: not due · 1–30 · 31–60 · 61–90 · > 90.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Buckets(Vec<u32>);

/// Error for bucket bounds that are not strictly increasing positive numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadBuckets;

impl std::fmt::Display for BadBuckets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("bucket bounds must be increasing positive day counts, e.g. 30,60,90")
    }
}

impl std::error::Error for BadBuckets {}

impl Default for Buckets {
    fn default() -> Self {
        Buckets(vec![30, 60, 90])
    }
}

impl Buckets {
    /// Bounds like `[30, 60, 90]`.
    pub fn new(bounds: Vec<u32>) -> Result<Self, BadBuckets> {
        let increasing = bounds.windows(2).all(|w| w[0] < w[1]);
        if bounds.is_empty() || bounds[0] == 0 || !increasing {
            return Err(BadBuckets);
        }
        Ok(Buckets(bounds))
    }

    /// Parses `"30,60,90"`.
    pub fn parse(s: &str) -> Result<Self, BadBuckets> {
        let v: Result<Vec<u32>, _> = s.split(',').map(|p| p.trim().parse::<u32>()).collect();
        Buckets::new(v.map_err(|_| BadBuckets)?)
    }

    pub fn bounds(&self) -> &[u32] {
        &self.0
    }

    /// Number of buckets, "not due" included.
    pub fn len(&self) -> usize {
        self.0.len() + 2
    }

    /// Never empty: there is always a "not due" and an "over the last bound" bucket.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The bucket of an amount `days_late` days past due (≤ 0: not due).
    pub fn index(&self, days_late: i64) -> usize {
        if days_late <= 0 {
            return 0;
        }
        1 + self
            .0
            .iter()
            .take_while(|&&b| days_late > i64::from(b))
            .count()
    }

    /// Labels: "not due", "1–30", "31–60", "61–90", "> 90".
    pub fn labels(&self) -> Vec<String> {
        let mut v = vec!["not due".to_string()];
        let mut lo = 1;
        for &b in &self.0 {
            v.push(format!("{lo}–{b}"));
            lo = b + 1;
        }
        v.push(format!("> {}", lo - 1));
        v
    }
}

/// One line of an invoice's aging: an installment, or the whole invoice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgedLine {
    pub due_date: NaiveDate,
    pub days_late: i64,
    pub amount: Decimal,
    pub bucket: usize,
}

/// An open invoice in the aged balance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceAging {
    pub invoice: InvoiceId,
    pub number: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub days_late: i64,
    pub outstanding: Decimal,
    pub disputed: bool,
    pub lines: Vec<AgedLine>,
}

/// One client's row (per currency).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientAging {
    pub client: ClientId,
    pub name: std::sync::Arc<str>,
    pub total: Decimal,
    pub buckets: Vec<Decimal>,
    pub disputed: Decimal,
    pub unallocated_credits: Decimal,
    /// Days late of the oldest overdue amount (0 when nothing is overdue).
    pub oldest_days_late: i64,
    /// Filled when [`AgingOptions::detail`] is set.
    pub invoices: Vec<InvoiceAging>,
}

impl InvoiceAging {
    /// What the invoice adds to each of `n` buckets: its lines by due date, nothing when it
    /// is disputed (a disputed amount has its own column, see [`InvoiceAging::disputed_amount`]).
    pub fn by_bucket(&self, n: usize) -> Vec<Decimal> {
        let mut per = vec![Decimal::ZERO; n];
        if !self.disputed {
            for line in &self.lines {
                if let Some(b) = per.get_mut(line.bucket) {
                    *b += line.amount;
                }
            }
        }
        per
    }

    /// What the invoice adds to the disputed column.
    pub fn disputed_amount(&self) -> Decimal {
        if self.disputed {
            self.outstanding
        } else {
            Decimal::ZERO
        }
    }
}

impl ClientAging {
    /// What is past due: every bucket but the first ("not due").
    pub fn overdue(&self) -> Decimal {
        self.buckets.iter().skip(1).sum()
    }

    /// Whether any bucket past "not due" holds an amount.
    pub fn has_overdue(&self) -> bool {
        self.buckets.iter().skip(1).any(|b| !b.is_zero())
    }
}

/// The aged balance in one currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrencyAging {
    pub currency: Currency,
    pub total: Decimal,
    pub buckets: Vec<Decimal>,
    pub disputed: Decimal,
    pub unallocated_credits: Decimal,
    /// Sorted by name.
    pub clients: Vec<ClientAging>,
}

impl CurrencyAging {
    /// The client rows `keep` keeps, with the totals over them (a filtered report, an export).
    pub fn only(&self, keep: impl Fn(&ClientAging) -> bool) -> CurrencyAging {
        let mut part = CurrencyAging {
            currency: self.currency,
            total: Decimal::ZERO,
            buckets: vec![Decimal::ZERO; self.buckets.len()],
            disputed: Decimal::ZERO,
            unallocated_credits: Decimal::ZERO,
            clients: Vec::new(),
        };
        for c in self.clients.iter().filter(|c| keep(c)) {
            part.total += c.total;
            for (sum, b) in part.buckets.iter_mut().zip(&c.buckets) {
                *sum += *b;
            }
            part.disputed += c.disputed;
            part.unallocated_credits += c.unallocated_credits;
            part.clients.push(c.clone());
        }
        part
    }
}

/// The aged balance, one part per currency (amounts in different currencies are never added).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Aging {
    pub as_of: NaiveDate,
    pub labels: Vec<String>,
    pub currencies: Vec<CurrencyAging>,
}

/// Options of [`age`].
#[derive(Clone, Debug, PartialEq)]
pub struct AgingOptions {
    pub as_of: NaiveDate,
    pub buckets: Buckets,
    /// Keep the per-invoice lines (for expandable rows and exports).
    pub detail: bool,
}

impl AgingOptions {
    pub fn new(as_of: NaiveDate) -> Self {
        AgingOptions {
            as_of,
            buckets: Buckets::default(),
            detail: false,
        }
    }
}

/// Ages one invoice's outstanding amount: whole, or installment by installment. `each` gets
/// the due day, the days late, the amount and its bucket.
pub(crate) fn age_lines<A: Amount>(
    c: &Columns<A>,
    pos: usize,
    outstanding: A,
    day: i32,
    buckets: &Buckets,
    mut each: impl FnMut(i32, i64, A, usize),
) {
    let d = &c.docs[pos];
    let mut at = |due: i32, amount: A| {
        let late = i64::from(day) - i64::from(due);
        each(due, late, amount, buckets.index(late));
    };
    let schedule = c.schedule(pos);
    if schedule.is_empty() {
        at(d.due, outstanding);
        return;
    }
    // Paid amounts settle the earliest installments first.
    let mut paid = d.total - outstanding;
    let mut left = outstanding;
    for &(due, amount) in schedule {
        let settled = paid.min(amount).max(A::ZERO);
        paid -= settled;
        let rest = (amount - settled).min(left);
        if rest > A::ZERO {
            at(due, rest);
            left -= rest;
        }
    }
    if left > A::ZERO {
        // A schedule that does not add up to the total: age the difference at the due date.
        at(d.due, left);
    }
}

/// Computes the aged balance, client rows sorted by name.
pub fn age(ledger: &Ledger, opts: &AgingOptions) -> Aging {
    Book::new(ledger).age(opts)
}

/// The aged balance with client rows in no particular order: for screens that show totals,
/// buckets and KPIs (the dashboard), sorting 20,000 client names is a third of the aging time.
pub fn age_unsorted(ledger: &Ledger, opts: &AgingOptions) -> Aging {
    Book::new(ledger).age_unsorted(opts)
}

/// What is still due on each invoice on `as_of`, aligned with `ledger.invoices` (0 for paid,
/// written-off, future invoices and credit notes), FIFO credits applied.
pub fn outstanding_by_invoice(ledger: &Ledger, as_of: NaiveDate) -> Vec<Decimal> {
    Book::new(ledger).outstanding_by_invoice(as_of)
}

impl Book<'_> {
    /// The aged balance, client rows sorted by name.
    pub fn age(&self, opts: &AgingOptions) -> Aging {
        with_columns!(self, c => age_rows(self, c, opts, true))
    }

    /// The aged balance, client rows in no particular order (see [`age_unsorted`]).
    pub fn age_unsorted(&self, opts: &AgingOptions) -> Aging {
        with_columns!(self, c => age_rows(self, c, opts, false))
    }
}

/// Per row (currency, then client in row order), what the aged balance adds up before it
/// becomes rows.
struct Sums<A> {
    buckets: Vec<A>,
    disputed: Vec<A>,
    oldest: Vec<i64>,
    touched: Vec<bool>,
    invoices: Vec<Vec<InvoiceAging>>,
}

fn age_rows<A: Amount>(book: &Book, c: &Columns<A>, opts: &AgingOptions, sorted: bool) -> Aging {
    let as_of = opts.as_of;
    let today = day(as_of);
    let nb = opts.buckets.len();
    let nk = c.nkeys();
    let open = c.open_at(book.ledger, today);
    // The sums are kept per row: in client order, or in name order when sorted, so that the
    // rows come out in order while reading the sums, the names and the ids front to back.
    let by_name = sorted.then(|| book.by_name());
    let row_of = |slot: usize| by_name.map_or(slot, |n| n.rank[slot] as usize);
    let slot_at = |row: usize| by_name.map_or(row, |n| n.order[row] as usize);
    let mut s = Sums {
        buckets: vec![A::ZERO; nk * nb],
        disputed: vec![A::ZERO; nk],
        oldest: vec![0; nk],
        touched: vec![false; nk],
        invoices: if opts.detail {
            vec![Vec::new(); nk]
        } else {
            Vec::new()
        },
    };
    // Most invoices are paid: read the small outstanding amounts, and an invoice's record only
    // when something is open on it.
    for (pos, &out) in open.outstanding.iter().enumerate() {
        if out <= A::ZERO {
            continue;
        }
        let d = &c.docs[pos];
        let k = usize::from(d.cur) * c.nslots + row_of(d.slot as usize);
        s.touched[k] = true;
        let disputed = d.status_on(today) == InvoiceStatus::Disputed;
        let mut lines = Vec::new();
        if disputed {
            s.disputed[k] += out;
        } else {
            let (row, oldest) = (&mut s.buckets[k * nb..(k + 1) * nb], &mut s.oldest[k]);
            age_lines(c, pos, out, today, &opts.buckets, |due, late, amount, b| {
                row[b] += amount;
                *oldest = (*oldest).max(late);
                if opts.detail {
                    lines.push(AgedLine {
                        due_date: crate::book::date(due),
                        days_late: late,
                        amount: c.decimal(amount),
                        bucket: b,
                    });
                }
            });
        }
        if opts.detail {
            let inv = &book.ledger.invoices[pos];
            s.invoices[k].push(InvoiceAging {
                invoice: inv.id,
                number: inv.number.clone(),
                issue_date: inv.issue_date,
                due_date: inv.due_date,
                days_late: (as_of - inv.due_date).num_days(),
                outstanding: c.decimal(out),
                disputed,
                lines,
            });
        }
    }
    let mut parts = Vec::new();
    for cur in 0..c.ncur {
        let at = |r: usize| cur * c.nslots + r;
        // Each row's credit, in row order.
        let credit_of: Vec<A> = (0..c.nslots)
            .map(|r| open.credits[c.key(slot_at(r) as u32, cur as u16)].max(A::ZERO))
            .collect();
        let shows = |r: usize| s.touched[at(r)] || credit_of[r] > A::ZERO;
        let mut part = CurrencyAging {
            currency: book.currencies[cur],
            total: Decimal::ZERO,
            buckets: Vec::new(),
            disputed: Decimal::ZERO,
            unallocated_credits: Decimal::ZERO,
            // Rows are large: growing the vector by doubling copied them all again.
            clients: Vec::with_capacity((0..c.nslots).filter(|&r| shows(r)).count()),
        };
        let (mut buckets, mut disputed, mut credits) = (vec![A::ZERO; nb], A::ZERO, A::ZERO);
        for r in (0..c.nslots).filter(|&r| shows(r)) {
            let (k, credit) = (at(r), credit_of[r]);
            let row = &s.buckets[k * nb..(k + 1) * nb];
            for (sum, &b) in buckets.iter_mut().zip(row) {
                *sum += b;
            }
            disputed += s.disputed[k];
            credits += credit;
            let mut invoices = s
                .invoices
                .get_mut(k)
                .map(std::mem::take)
                .unwrap_or_default();
            // Most clients owe a few invoices: the insertion sort (no sort code of its own in
            // the wasm); a long list, the shared one. Ties keep the book's order either way.
            if invoices.len() <= 32 {
                crate::small::sort_short(&mut invoices, |a, b| {
                    (a.due_date, &a.number) < (b.due_date, &b.number)
                });
            } else {
                crate::small::sort_by(&mut invoices, |a, b| {
                    (a.due_date, &a.number).cmp(&(b.due_date, &b.number))
                });
            }
            let (client, name) = match by_name {
                Some(n) => (n.clients[r].0, std::sync::Arc::clone(&n.clients[r].1)),
                None => (book.clients[r].0, book.shared_name(r)),
            };
            part.clients.push(ClientAging {
                client,
                name,
                total: c.decimal(row.iter().copied().sum::<A>() + s.disputed[k] - credit),
                buckets: row.iter().map(|&b| c.decimal(b)).collect(),
                disputed: c.decimal(s.disputed[k]),
                unallocated_credits: c.decimal(credit),
                oldest_days_late: s.oldest[k],
                invoices,
            });
        }
        if part.clients.is_empty() {
            continue;
        }
        part.total = c.decimal(buckets.iter().copied().sum::<A>() + disputed - credits);
        part.buckets = buckets.into_iter().map(|b| c.decimal(b)).collect();
        part.disputed = c.decimal(disputed);
        part.unallocated_credits = c.decimal(credits);
        parts.push(part);
    }
    crate::small::sort_by(&mut parts, |a, b| a.currency.cmp(&b.currency));
    Aging {
        as_of,
        labels: opts.buckets.labels(),
        currencies: parts,
    }
}
