//! The aged balance (balance âgée): what each client owes, by how late it is, on a date.
//!
//! An invoice's outstanding amount is its total less the payments and credit notes allocated
//! to it; credits not allocated go to the client's oldest open invoice (FIFO, by due date) and
//! what remains is shown as a credit. With an installment schedule, what was paid settles the
//! earliest installments first and each remainder is aged on its own due date. Disputed
//! invoices are shown apart. At a past date only invoices issued and payments dated by then
//! count. Always: `total = Σ buckets + disputed − unallocated credits`.

use crate::hash::FxHashMap as HashMap;
use crate::ledger::{ClientId, DocKind, InvoiceId, InvoiceStatus, Ledger};
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
    pub name: String,
    pub total: Decimal,
    pub buckets: Vec<Decimal>,
    pub disputed: Decimal,
    pub unallocated_credits: Decimal,
    /// Days late of the oldest overdue amount (0 when nothing is overdue).
    pub oldest_days_late: i64,
    /// Filled when [`AgingOptions::detail`] is set.
    pub invoices: Vec<InvoiceAging>,
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

/// What is still due on each invoice at a date, after allocations and FIFO credits.
pub(crate) struct OpenItems {
    /// Per invoice position: the outstanding amount (0 for paid, excluded or future ones).
    pub outstanding: Vec<Decimal>,
    /// Per invoice position: whether it counts at this date (issued, not a credit note,
    /// not written off).
    pub live: Vec<bool>,
    /// Credits left after FIFO, per (client, currency).
    pub credits: HashMap<(ClientId, Currency), Decimal>,
}

pub(crate) fn open_items(ledger: &Ledger, as_of: NaiveDate) -> OpenItems {
    let n = ledger.invoices.len();
    let mut outstanding = vec![Decimal::ZERO; n];
    let mut live = vec![false; n];
    // What was paid or credited on an invoice later written off went to that invoice: it is
    // not a credit the client holds.
    let mut written_off = vec![false; n];
    for (pos, inv) in ledger.invoices.iter().enumerate() {
        if inv.kind == DocKind::Invoice && inv.issue_date <= as_of {
            if inv.status_on(as_of) == InvoiceStatus::WrittenOff {
                written_off[pos] = true;
            } else {
                live[pos] = true;
                outstanding[pos] = inv.total;
            }
        }
    }
    let index = ledger.invoice_index();
    let mut credits: HashMap<(ClientId, Currency), Decimal> = HashMap::default();
    for p in ledger.payments.iter().filter(|p| p.date <= as_of) {
        let mut rest = p.amount;
        for a in &p.allocations {
            if let Some(pos) = index.get(a.invoice.0) {
                if live[pos] {
                    outstanding[pos] -= a.amount;
                }
                if live[pos] || written_off[pos] {
                    rest -= a.amount;
                }
            }
        }
        if !rest.is_zero() {
            *credits.entry((p.client, p.currency)).or_default() += rest;
        }
    }
    for note in ledger
        .invoices
        .iter()
        .filter(|i| i.kind == DocKind::CreditNote && i.issue_date <= as_of)
    {
        let amount = -note.total;
        match note.applies_to.and_then(|t| index.get(t.0)) {
            Some(pos) if live[pos] => outstanding[pos] -= amount,
            Some(pos) if written_off[pos] => {}
            _ => *credits.entry((note.client, note.currency)).or_default() += amount,
        }
    }
    for (pos, inv) in ledger.invoices.iter().enumerate() {
        if outstanding[pos] < Decimal::ZERO {
            *credits.entry((inv.client, inv.currency)).or_default() -= outstanding[pos];
            outstanding[pos] = Decimal::ZERO;
        }
    }
    // FIFO: only clients holding a credit need their invoices in order.
    let with_credit: HashMap<(ClientId, Currency), Vec<usize>> = {
        let mut m: HashMap<(ClientId, Currency), Vec<usize>> = credits
            .iter()
            .filter(|(_, v)| **v > Decimal::ZERO)
            .map(|(k, _)| (*k, Vec::new()))
            .collect();
        if !m.is_empty() {
            for (pos, inv) in ledger.invoices.iter().enumerate() {
                if live[pos]
                    && outstanding[pos] > Decimal::ZERO
                    && inv.status_on(as_of) != InvoiceStatus::Disputed
                {
                    if let Some(v) = m.get_mut(&(inv.client, inv.currency)) {
                        v.push(pos);
                    }
                }
            }
        }
        m
    };
    for (key, mut positions) in with_credit {
        positions.sort_unstable_by(|&a, &b| {
            let (x, y) = (&ledger.invoices[a], &ledger.invoices[b]);
            (x.due_date, x.issue_date, &x.number).cmp(&(y.due_date, y.issue_date, &y.number))
        });
        let credit = credits.get_mut(&key).expect("key taken from credits");
        for pos in positions {
            if *credit <= Decimal::ZERO {
                break;
            }
            let take = (*credit).min(outstanding[pos]);
            outstanding[pos] -= take;
            *credit -= take;
        }
    }
    OpenItems {
        outstanding,
        live,
        credits,
    }
}

/// Ages one invoice's outstanding amount: whole, or installment by installment.
pub(crate) fn age_lines(
    inv: &crate::ledger::Invoice,
    outstanding: Decimal,
    as_of: NaiveDate,
    buckets: &Buckets,
    mut each: impl FnMut(NaiveDate, i64, Decimal, usize),
) {
    let days = |due: NaiveDate| (as_of - due).num_days();
    if inv.installments.is_empty() {
        let d = days(inv.due_date);
        each(inv.due_date, d, outstanding, buckets.index(d));
        return;
    }
    // Paid amounts settle the earliest installments first.
    let mut paid = inv.total - outstanding;
    let mut schedule: Vec<_> = inv.installments.iter().collect();
    crate::small::sort_by(&mut schedule, |a, b| {
        (a.due_date, a.amount).cmp(&(b.due_date, b.amount))
    });
    let mut left = outstanding;
    for inst in schedule {
        let settled = paid.min(inst.amount).max(Decimal::ZERO);
        paid -= settled;
        let rest = (inst.amount - settled).min(left);
        if rest > Decimal::ZERO {
            let d = days(inst.due_date);
            each(inst.due_date, d, rest, buckets.index(d));
            left -= rest;
        }
    }
    if left > Decimal::ZERO {
        // A schedule that does not add up to the total: age the difference at the due date.
        let d = days(inv.due_date);
        each(inv.due_date, d, left, buckets.index(d));
    }
}

/// Computes the aged balance, client rows sorted by name.
pub fn age(ledger: &Ledger, opts: &AgingOptions) -> Aging {
    age_rows(ledger, opts, true)
}

/// The aged balance with client rows in no particular order: for screens that show totals,
/// buckets and KPIs (the dashboard), sorting 20,000 client names is a third of the aging time.
pub fn age_unsorted(ledger: &Ledger, opts: &AgingOptions) -> Aging {
    age_rows(ledger, opts, false)
}

/// The aged balance with client rows in no particular order (KPIs need totals, not order).
pub(crate) fn age_rows(ledger: &Ledger, opts: &AgingOptions, sorted: bool) -> Aging {
    let as_of = opts.as_of;
    let nb = opts.buckets.len();
    let items = open_items(ledger, as_of);
    let client_index = ledger.client_index();
    let mut parts: Vec<CurrencyAging> = Vec::new();
    // Per currency: client position → row.
    let mut rows_of: Vec<Vec<u32>> = Vec::new();
    let part =
        |parts: &mut Vec<CurrencyAging>, rows_of: &mut Vec<Vec<u32>>, c: Currency| -> usize {
            if let Some(k) = parts.iter().position(|p| p.currency == c) {
                return k;
            }
            parts.push(CurrencyAging {
                currency: c,
                total: Decimal::ZERO,
                buckets: vec![Decimal::ZERO; nb],
                disputed: Decimal::ZERO,
                unallocated_credits: Decimal::ZERO,
                clients: Vec::new(),
            });
            rows_of.push(vec![u32::MAX; ledger.clients.len()]);
            parts.len() - 1
        };
    let row = |part: &mut CurrencyAging, rows: &mut Vec<u32>, client: ClientId| -> usize {
        let cpos = client_index.get(client.0);
        let slot = cpos.map(|p| rows[p]).unwrap_or(u32::MAX);
        if slot != u32::MAX {
            return slot as usize;
        }
        part.clients.push(ClientAging {
            client,
            name: cpos
                .map(|p| ledger.clients[p].name.clone())
                .unwrap_or_default(),
            total: Decimal::ZERO,
            buckets: vec![Decimal::ZERO; nb],
            disputed: Decimal::ZERO,
            unallocated_credits: Decimal::ZERO,
            oldest_days_late: 0,
            invoices: Vec::new(),
        });
        let r = part.clients.len() - 1;
        if let Some(p) = cpos {
            rows[p] = r as u32;
        }
        r
    };
    for (pos, inv) in ledger.invoices.iter().enumerate() {
        let out = items.outstanding[pos];
        if !items.live[pos] || out <= Decimal::ZERO {
            continue;
        }
        let k = part(&mut parts, &mut rows_of, inv.currency);
        let r = row(&mut parts[k], &mut rows_of[k], inv.client);
        let disputed = inv.status_on(as_of) == InvoiceStatus::Disputed;
        let p = &mut parts[k];
        let c = &mut p.clients[r];
        let mut lines = Vec::new();
        if disputed {
            c.disputed += out;
            p.disputed += out;
        } else {
            age_lines(inv, out, as_of, &opts.buckets, |due, days, amount, b| {
                c.buckets[b] += amount;
                p.buckets[b] += amount;
                if days > c.oldest_days_late {
                    c.oldest_days_late = days;
                }
                if opts.detail {
                    lines.push(AgedLine {
                        due_date: due,
                        days_late: days,
                        amount,
                        bucket: b,
                    });
                }
            });
        }
        if opts.detail {
            c.invoices.push(InvoiceAging {
                invoice: inv.id,
                number: inv.number.clone(),
                issue_date: inv.issue_date,
                due_date: inv.due_date,
                days_late: (as_of - inv.due_date).num_days(),
                outstanding: out,
                disputed,
                lines,
            });
        }
    }
    let mut credits: Vec<_> = items
        .credits
        .into_iter()
        .filter(|(_, v)| *v > Decimal::ZERO)
        .collect();
    crate::small::sort_by(&mut credits, |a, b| a.0.cmp(&b.0));
    for ((client, currency), credit) in credits {
        let k = part(&mut parts, &mut rows_of, currency);
        let r = row(&mut parts[k], &mut rows_of[k], client);
        parts[k].clients[r].unallocated_credits += credit;
        parts[k].unallocated_credits += credit;
    }
    for p in &mut parts {
        for c in &mut p.clients {
            c.total = c.buckets.iter().sum::<Decimal>() + c.disputed - c.unallocated_credits;
            c.invoices
                .sort_unstable_by(|a, b| (a.due_date, &a.number).cmp(&(b.due_date, &b.number)));
        }
        if sorted {
            p.clients
                .sort_unstable_by(|a, b| a.name.cmp(&b.name).then(a.client.cmp(&b.client)));
        }
        p.total = p.buckets.iter().sum::<Decimal>() + p.disputed - p.unallocated_credits;
    }
    crate::small::sort_by(&mut parts, |a, b| a.currency.cmp(&b.currency));
    Aging {
        as_of,
        labels: opts.buckets.labels(),
        currencies: parts,
    }
}

/// What is still due on each invoice on `as_of`, aligned with `ledger.invoices` (0 for paid,
/// written-off, future invoices and credit notes), FIFO credits applied.
pub fn outstanding_by_invoice(ledger: &Ledger, as_of: NaiveDate) -> Vec<Decimal> {
    open_items(ledger, as_of).outstanding
}
