//! Receivables KPIs: outstanding, overdue, DSO (simple and count-back), CEI, average days late,
//! dispute and bad-debt rates, top debtors, and a 12-month series.
//!
//! Shares are fractions (0–1); the UI shows them as percentages. Everything is per currency.

use crate::aging::{age_lines, age_rows, open_items, Aging, AgingOptions, Buckets};
use crate::hash::FxHashMap as HashMap;
use crate::ledger::{ClientId, DocKind, InvoiceStatus, Ledger};
use crate::money::Currency;
use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

mod series;
use series::Point;

/// Options of [`kpis`].
#[derive(Clone, Debug, PartialEq)]
pub struct KpiOptions {
    pub as_of: NaiveDate,
    /// Window of the simple DSO and of the average days late (default 90).
    pub period_days: u32,
    pub buckets: Buckets,
}

impl KpiOptions {
    pub fn new(as_of: NaiveDate) -> Self {
        KpiOptions {
            as_of,
            period_days: 90,
            buckets: Buckets::default(),
        }
    }
}

/// A client among the largest debtors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Debtor {
    pub client: ClientId,
    pub name: String,
    pub amount: Decimal,
}

/// One month of the series (its last day, or the as-of date for the current month).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthPoint {
    pub date: NaiveDate,
    pub outstanding: Decimal,
    pub overdue: Decimal,
    pub dso_days: Option<Decimal>,
}

/// The KPIs of one currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    pub as_of: NaiveDate,
    pub currency: Currency,
    /// Buckets + disputed − unallocated credits.
    pub total_outstanding: Decimal,
    /// Past due, disputed invoices included.
    pub overdue: Decimal,
    pub overdue_share: Option<Decimal>,
    pub over_90_share: Option<Decimal>,
    pub disputed: Decimal,
    pub dispute_rate: Option<Decimal>,
    pub dso_simple_days: Option<Decimal>,
    pub dso_countback_days: Option<Decimal>,
    /// Collection effectiveness index over the last 3 calendar months (as-of month to date
    /// included), as a fraction.
    pub cei: Option<Decimal>,
    /// Weighted by amount, over invoices fully paid in the period.
    pub avg_days_late: Option<Decimal>,
    /// Written off in the last 12 months / sales of the last 12 months.
    pub bad_debt_rate: Option<Decimal>,
    pub sales_period: Decimal,
    pub top_debtors: Vec<Debtor>,
    /// Oldest first, the last point being the as-of date.
    pub monthly: Vec<MonthPoint>,
}

/// The totals at one date through the full aged balance (the series' fallback).
fn snapshot(ledger: &Ledger, as_of: NaiveDate, buckets: &Buckets) -> HashMap<Currency, Point> {
    let items = open_items(ledger, as_of);
    let mut out: HashMap<Currency, Point> = HashMap::default();
    for (pos, inv) in ledger.invoices.iter().enumerate() {
        let o = items.outstanding[pos];
        if !items.live[pos] || o <= Decimal::ZERO {
            continue;
        }
        let s = out.entry(inv.currency).or_default();
        s.total += o;
        if inv.status_on(as_of) == InvoiceStatus::Disputed {
            if inv.due_date < as_of {
                s.overdue += o;
            }
            continue;
        }
        age_lines(inv, o, as_of, buckets, |_, _, amount, b| {
            if b == 0 {
                s.not_due += amount;
            } else {
                s.overdue += amount;
            }
        });
    }
    for ((_, cur), credit) in items.credits {
        if credit > Decimal::ZERO {
            out.entry(cur).or_default().total -= credit;
        }
    }
    out
}

fn ratio(a: Decimal, b: Decimal) -> Option<Decimal> {
    (!b.is_zero()).then(|| a / b)
}

fn month_index(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 12 + i64::from(d.month0())
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).expect("day 1 exists")
}

fn days_in_month(d: NaiveDate) -> i64 {
    let first = first_of_month(d);
    (first + Months::new(1) - first).num_days()
}

/// Computes every KPI, one [`Kpis`] per currency in use.
pub fn kpis(ledger: &Ledger, opts: &KpiOptions) -> Vec<Kpis> {
    let aging = age_rows(
        ledger,
        &AgingOptions {
            as_of: opts.as_of,
            buckets: opts.buckets.clone(),
            detail: false,
        },
        false,
    );
    kpis_with_aging(ledger, opts, &aging)
}

/// The `n` largest debtors, largest first (ties by name, then id), in one pass: sorting every
/// client to keep ten cost a third of the KPI time at 20,000 clients.
fn top_debtors(clients: &[crate::aging::ClientAging], n: usize) -> Vec<Debtor> {
    let mut top: Vec<Debtor> = Vec::with_capacity(n + 1);
    for c in clients.iter().filter(|c| c.total > Decimal::ZERO) {
        // Whether `c` ranks before debtor `d`.
        let before = |d: &Debtor| {
            c.total > d.amount || (c.total == d.amount && (&c.name, c.client) < (&d.name, d.client))
        };
        if top.len() == n && !before(&top[n - 1]) {
            continue;
        }
        let at = top.iter().position(before).unwrap_or(top.len());
        top.insert(
            at,
            Debtor {
                client: c.client,
                name: c.name.clone(),
                amount: c.total,
            },
        );
        top.truncate(n);
    }
    top
}

/// The KPIs from an aged balance the caller already has (same `as_of` and buckets as `opts`),
/// so a screen showing both computes it once.
pub fn kpis_with_aging(ledger: &Ledger, opts: &KpiOptions, aging: &Aging) -> Vec<Kpis> {
    debug_assert!(aging.as_of == opts.as_of && aging.labels == opts.buckets.labels());
    let as_of = opts.as_of;
    let period = i64::from(opts.period_days.max(1));
    // Daily sales over the window the series needs (12 months + the DSO period).
    let first_day = first_of_month(as_of) - Months::new(11) - Days::new(opts.period_days.into());
    let span = (as_of - first_day).num_days() + 1;
    let mut daily: HashMap<Currency, Vec<Decimal>> = HashMap::default();
    // Sales by calendar month, 0 = the as-of month, up to 36 months back.
    let mut monthly_sales: HashMap<Currency, Vec<Decimal>> = HashMap::default();
    let mut written_off: HashMap<Currency, Decimal> = HashMap::default();
    let year_ago = as_of - Days::new(365);
    let paid_alloc = allocated_payments(ledger, as_of);
    for (pos, inv) in ledger.invoices.iter().enumerate() {
        if inv.issue_date > as_of {
            continue;
        }
        let off = (inv.issue_date - first_day).num_days();
        if (0..span).contains(&off) {
            daily
                .entry(inv.currency)
                .or_insert_with(|| vec![Decimal::ZERO; span as usize])[off as usize] += inv.total;
        }
        let back = month_index(as_of) - month_index(inv.issue_date);
        if (0..36).contains(&back) {
            monthly_sales
                .entry(inv.currency)
                .or_insert_with(|| vec![Decimal::ZERO; 36])[back as usize] += inv.total;
        }
        if inv.kind == DocKind::Invoice && inv.status == InvoiceStatus::WrittenOff {
            let when = inv.status_date.unwrap_or(inv.issue_date);
            if when > year_ago && when <= as_of {
                *written_off.entry(inv.currency).or_default() +=
                    (inv.total - paid_alloc.paid[pos]).max(Decimal::ZERO);
            }
        }
    }
    let sales_between = |cur: Currency, from_excl: NaiveDate, to_incl: NaiveDate| -> Decimal {
        let Some(v) = daily.get(&cur) else {
            return Decimal::ZERO;
        };
        let a = ((from_excl - first_day).num_days() + 1).max(0) as usize;
        let b = (((to_incl - first_day).num_days() + 1).max(0) as usize).min(v.len());
        if a >= b {
            Decimal::ZERO
        } else {
            v[a..b].iter().sum()
        }
    };

    // The series: the as-of date, then the end of each of the 11 previous months.
    let mut dates: Vec<NaiveDate> = (1..12u32)
        .rev()
        .map(|i| first_of_month(as_of) - Months::new(i - 1) - Days::new(1))
        .collect();
    dates.push(as_of);
    let snaps = series::points(ledger, &dates, &opts.buckets);
    let now = snaps.last().cloned().unwrap_or_default();
    let mut currencies: Vec<Currency> = ledger.currencies();
    currencies
        .retain(|c| now.contains_key(c) || daily.contains_key(c) || monthly_sales.contains_key(c));
    let mut result = Vec::new();
    for cur in currencies {
        let s = now.get(&cur).copied().unwrap_or_default();
        let sales_period = sales_between(cur, as_of - Days::new(period as u64), as_of);
        let dso_simple = ratio(s.total, sales_period).map(|r| r * Decimal::from(period));
        let dso_countback = monthly_sales
            .get(&cur)
            .and_then(|m| countback(s.total, m, as_of));
        // CEI: the opening is the end of the month before the 3-month window.
        let cei_start = first_of_month(as_of) - Months::new(2);
        let opening = snaps[8].get(&cur).map_or(Decimal::ZERO, |x| x.total);
        let sales_3m = sales_between(cur, cei_start - Days::new(1), as_of);
        let cei = ratio(opening + sales_3m - s.total, opening + sales_3m - s.not_due);
        let part = aging.currencies.iter().find(|p| p.currency == cur);
        let gross = s.total + part.map_or(Decimal::ZERO, |p| p.unallocated_credits);
        let over_last = part
            .and_then(|p| p.buckets.last().copied())
            .unwrap_or_default();
        let disputed = part.map_or(Decimal::ZERO, |p| p.disputed);
        let top_debtors = aging
            .currencies
            .iter()
            .find(|p| p.currency == cur)
            .map(|p| top_debtors(&p.clients, 10))
            .unwrap_or_default();
        let monthly = dates
            .iter()
            .zip(&snaps)
            .map(|(&d, snap)| {
                let x = snap.get(&cur).copied().unwrap_or_default();
                let sales = sales_between(cur, d - Days::new(period as u64), d);
                MonthPoint {
                    date: d,
                    outstanding: x.total,
                    overdue: x.overdue,
                    dso_days: ratio(x.total, sales).map(|r| r * Decimal::from(period)),
                }
            })
            .collect();
        let sales_year = sales_between(cur, year_ago, as_of);
        result.push(Kpis {
            as_of,
            currency: cur,
            total_outstanding: s.total,
            overdue: s.overdue,
            overdue_share: ratio(s.overdue, gross),
            over_90_share: ratio(over_last, gross),
            disputed,
            dispute_rate: ratio(disputed, gross),
            dso_simple_days: dso_simple,
            dso_countback_days: dso_countback,
            cei,
            avg_days_late: avg_days_late(
                ledger,
                &paid_alloc,
                cur,
                as_of - Days::new(period as u64),
                as_of,
            ),
            bad_debt_rate: ratio(
                written_off.get(&cur).copied().unwrap_or_default(),
                sales_year,
            ),
            sales_period,
            top_debtors,
            monthly,
        });
    }
    result
}

/// Count-back DSO: walk back month by month from the as-of month (counted up to the as-of
/// date), subtracting each month's sales and adding its days until what is left is smaller
/// than the month's sales; then add the prorated fraction of that month.
pub fn countback(
    receivables: Decimal,
    monthly_sales: &[Decimal],
    as_of: NaiveDate,
) -> Option<Decimal> {
    if receivables <= Decimal::ZERO {
        return Some(Decimal::ZERO);
    }
    let mut left = receivables;
    let mut days = Decimal::ZERO;
    for (back, &sales) in monthly_sales.iter().enumerate() {
        let month = first_of_month(as_of) - Months::new(back as u32);
        let month_days = if back == 0 {
            i64::from(as_of.day())
        } else {
            days_in_month(month)
        };
        if sales > Decimal::ZERO && left <= sales {
            return Some(days + left / sales * Decimal::from(month_days));
        }
        left -= sales.max(Decimal::ZERO);
        days += Decimal::from(month_days);
    }
    None
}

struct PaidAlloc {
    /// Per invoice position: allocated payments and credit notes.
    paid: Vec<Decimal>,
    /// Per invoice position: the date of the last allocation, if every allocation was dated.
    last: Vec<Option<NaiveDate>>,
}

fn allocated_payments(ledger: &Ledger, as_of: NaiveDate) -> PaidAlloc {
    let n = ledger.invoices.len();
    let index = ledger.invoice_index();
    let mut paid = vec![Decimal::ZERO; n];
    let mut last: Vec<Option<NaiveDate>> = vec![None; n];
    let mut undated = vec![false; n];
    for p in ledger.payments.iter().filter(|p| p.date <= as_of) {
        for a in &p.allocations {
            if let Some(pos) = index.get(a.invoice.0) {
                paid[pos] += a.amount;
                undated[pos] |= !p.date_known;
                last[pos] = last[pos].max(Some(p.date));
            }
        }
    }
    for note in ledger
        .invoices
        .iter()
        .filter(|i| i.kind == DocKind::CreditNote && i.issue_date <= as_of)
    {
        if let Some(pos) = note.applies_to.and_then(|t| index.get(t.0)) {
            paid[pos] -= note.total;
            last[pos] = last[pos].max(Some(note.issue_date));
        }
    }
    for pos in 0..n {
        if undated[pos] {
            last[pos] = None;
        }
    }
    PaidAlloc { paid, last }
}

fn avg_days_late(
    ledger: &Ledger,
    alloc: &PaidAlloc,
    cur: Currency,
    from_excl: NaiveDate,
    to: NaiveDate,
) -> Option<Decimal> {
    let (mut weighted, mut weight) = (Decimal::ZERO, Decimal::ZERO);
    for (pos, inv) in ledger.invoices.iter().enumerate() {
        if inv.currency != cur || inv.kind != DocKind::Invoice || alloc.paid[pos] < inv.total {
            continue;
        }
        if let Some(d) = alloc.last[pos].filter(|&d| d > from_excl && d <= to) {
            let late = (d - inv.due_date).num_days().max(0);
            weighted += inv.total * Decimal::from(late);
            weight += inv.total;
        }
    }
    ratio(weighted, weight)
}
