//! Receivables KPIs: outstanding, overdue, DSO (simple and count-back), CEI, average days late,
//! dispute and bad-debt rates, top debtors, and a 12-month series.
//!
//! Shares are fractions (0–1); the UI shows them as percentages. Everything is per currency.

use crate::aging::{Aging, AgingOptions, Buckets};
use crate::book::{day, with_columns, Amount, Book, Columns, DayRank};
use crate::ledger::{ClientId, InvoiceStatus, Ledger};
use crate::money::Currency;
use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

mod series;

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

fn ratio(a: Decimal, b: Decimal) -> Option<Decimal> {
    (!b.is_zero()).then(|| a / b)
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
    Book::new(ledger).kpis(opts)
}

/// The KPIs from an aged balance the caller already has (same `as_of` and buckets as `opts`),
/// so a screen showing both computes it once.
pub fn kpis_with_aging(ledger: &Ledger, opts: &KpiOptions, aging: &Aging) -> Vec<Kpis> {
    Book::new(ledger).kpis_with_aging(opts, aging)
}

impl Book<'_> {
    /// Every KPI, one [`Kpis`] per currency in use.
    pub fn kpis(&self, opts: &KpiOptions) -> Vec<Kpis> {
        let aging = self.age_unsorted(&AgingOptions {
            as_of: opts.as_of,
            buckets: opts.buckets.clone(),
            detail: false,
        });
        self.kpis_with_aging(opts, &aging)
    }

    /// The KPIs given the aged balance on the same date with the same buckets.
    pub fn kpis_with_aging(&self, opts: &KpiOptions, aging: &Aging) -> Vec<Kpis> {
        debug_assert!(aging.as_of == opts.as_of && aging.labels == opts.buckets.labels());
        with_columns!(self, c => compute(self, c, opts, aging))
    }
}

/// The `n` largest debtors, largest first (ties by name, then id), in one pass: sorting every
/// client to keep ten cost a third of the KPI time at 20,000 clients.
fn top_debtors(clients: &[crate::aging::ClientAging], n: usize) -> Vec<Debtor> {
    let mut top: Vec<Debtor> = Vec::with_capacity(n + 1);
    // Amounts of one book share their scale: comparing mantissas is a tenth of a Decimal
    // comparison, and each of the 20,000 clients is compared with the tenth largest.
    let cmp = |a: &Decimal, b: &Decimal| {
        if a.scale() == b.scale() {
            a.mantissa().cmp(&b.mantissa())
        } else {
            a.cmp(b)
        }
    };
    for c in clients.iter().filter(|c| c.total > Decimal::ZERO) {
        // Whether `c` ranks before debtor `d`.
        let before = |d: &Debtor| match cmp(&c.total, &d.amount) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => (&*c.name, c.client) < (d.name.as_str(), d.client),
        };
        if top.len() == n && !before(&top[n - 1]) {
            continue;
        }
        let at = top.iter().position(before).unwrap_or(top.len());
        top.insert(
            at,
            Debtor {
                client: c.client,
                name: c.name.to_string(),
                amount: c.total,
            },
        );
        top.truncate(n);
    }
    top
}

/// Sales and settlements per currency over the windows the KPIs need, in one pass.
struct Flows<A: Amount> {
    /// The first day of `daily` (12 months and the DSO period before the as-of date).
    first_day: i32,
    span: usize,
    /// Per currency, `span` days of sales.
    daily: Vec<A>,
    /// Per currency, sales by calendar month: 0 = the as-of month, up to 36 months back.
    monthly: Vec<A>,
    /// Per currency: any sale in those windows; any in the 36 months.
    sold: Vec<bool>,
    sold_in_months: Vec<bool>,
    written_off: Vec<A>,
    /// Per currency: amounts × days late, and amounts, of invoices paid in the period.
    late_weighted: Vec<A::Weighted>,
    late_weight: Vec<A>,
}

impl<A: Amount> Flows<A> {
    fn read(c: &Columns<A>, opts: &KpiOptions) -> Self {
        let as_of = opts.as_of;
        let today = day(as_of);
        let period = opts.period_days.max(1);
        let first_day =
            day(first_of_month(as_of) - Months::new(11) - Days::new(opts.period_days.into()));
        let span = (today - first_day + 1) as usize;
        // The first day of each of the 36 months, the oldest first.
        let months: Vec<i32> = (0..36u32)
            .rev()
            .map(|m| day(first_of_month(as_of) - Months::new(m)))
            .collect();
        let months = DayRank::new(&months);
        let year_ago = today - 365;
        let from_excl = today - period as i32;
        let mut f = Flows {
            first_day,
            span,
            daily: vec![A::ZERO; c.ncur * span],
            monthly: vec![A::ZERO; c.ncur * 36],
            sold: vec![false; c.ncur],
            sold_in_months: vec![false; c.ncur],
            written_off: vec![A::ZERO; c.ncur],
            late_weighted: vec![A::Weighted::default(); c.ncur],
            late_weight: vec![A::ZERO; c.ncur],
        };
        for (pos, d) in c.docs.iter().enumerate() {
            let cur = usize::from(d.cur);
            let (mut paid, mut last, mut dated) = (A::ZERO, None, true);
            if d.settled <= today {
                (paid, last, dated) = (d.total, Some(d.settled), d.all_dated());
            } else {
                for r in c.reductions(pos).iter().take_while(|r| r.day <= today) {
                    paid += r.amount;
                    last = Some(r.day);
                    dated &= r.dated;
                }
            }
            if !d.credit_note() && paid >= d.total && dated {
                if let Some(l) = last.filter(|&l| l > from_excl) {
                    let late = i64::from((l - d.due).max(0));
                    f.late_weighted[cur] += d.total.times(late);
                    f.late_weight[cur] += d.total;
                }
            }
            if d.issue > today {
                continue;
            }
            let off = i64::from(d.issue) - i64::from(first_day);
            if (0..span as i64).contains(&off) {
                f.daily[cur * span + off as usize] += d.total;
                f.sold[cur] = true;
            }
            // Months counted back from the as-of month (36: older).
            let back = 36 - months.before(d.issue + 1);
            if back < 36 {
                f.monthly[cur * 36 + back] += d.total;
                f.sold[cur] = true;
                f.sold_in_months[cur] = true;
            }
            if !d.credit_note() && d.status == InvoiceStatus::WrittenOff {
                let when = if d.status_from == i32::MIN {
                    d.issue
                } else {
                    d.status_from
                };
                if when > year_ago && when <= today {
                    f.written_off[cur] += (d.total - paid).max(A::ZERO);
                }
            }
        }
        f
    }

    /// Sales of `cur` after `from_excl`, up to `to_incl`.
    fn sales(&self, cur: usize, from_excl: NaiveDate, to_incl: NaiveDate) -> A {
        let a = (i64::from(day(from_excl)) - i64::from(self.first_day) + 1).max(0) as usize;
        let b = ((i64::from(day(to_incl)) - i64::from(self.first_day) + 1).max(0) as usize)
            .min(self.span);
        let v = &self.daily[cur * self.span..(cur + 1) * self.span];
        if a >= b {
            A::ZERO
        } else {
            v[a..b].iter().copied().sum()
        }
    }
}

fn compute<A: Amount>(book: &Book, c: &Columns<A>, opts: &KpiOptions, aging: &Aging) -> Vec<Kpis> {
    let as_of = opts.as_of;
    let period = u64::from(opts.period_days.max(1));
    let dec = |a: A| c.decimal(a);
    let flows = Flows::read(c, opts);
    // The series: the as-of date, then the end of each of the 11 previous months.
    let mut dates: Vec<NaiveDate> = (1..12u32)
        .rev()
        .map(|i| first_of_month(as_of) - Months::new(i - 1) - Days::new(1))
        .collect();
    dates.push(as_of);
    let days: Vec<i32> = dates.iter().map(|&d| day(d)).collect();
    let snaps = series::points(book.ledger, c, &days, &opts.buckets);
    let now = snaps.last().expect("12 dates");
    let mut currencies: Vec<usize> = (0..c.ncur)
        .filter(|&k| now[k].seen || flows.sold[k])
        .collect();
    crate::small::sort_by(&mut currencies, |&a, &b| {
        book.currencies[a].cmp(&book.currencies[b])
    });
    let year_ago = as_of - Days::new(365);
    let mut result = Vec::new();
    for k in currencies {
        let cur = book.currencies[k];
        let s = now[k];
        let total = dec(s.total);
        let sales_period = dec(flows.sales(k, as_of - Days::new(period), as_of));
        let dso_simple = ratio(total, sales_period).map(|r| r * Decimal::from(period));
        let monthly_sales: Vec<Decimal> = flows.monthly[k * 36..(k + 1) * 36]
            .iter()
            .map(|&a| dec(a))
            .collect();
        let dso_countback = flows.sold_in_months[k]
            .then(|| countback(total, &monthly_sales, as_of))
            .flatten();
        // CEI: the opening is the end of the month before the 3-month window.
        let cei_start = first_of_month(as_of) - Months::new(2);
        let opening = dec(snaps[8][k].total);
        let sales_3m = dec(flows.sales(k, cei_start - Days::new(1), as_of));
        let cei = ratio(
            opening + sales_3m - total,
            opening + sales_3m - dec(s.not_due),
        );
        let part = aging.currencies.iter().find(|p| p.currency == cur);
        let gross = total + part.map_or(Decimal::ZERO, |p| p.unallocated_credits);
        let over_last = part
            .and_then(|p| p.buckets.last().copied())
            .unwrap_or_default();
        let disputed = part.map_or(Decimal::ZERO, |p| p.disputed);
        let top_debtors = part
            .map(|p| top_debtors(&p.clients, 10))
            .unwrap_or_default();
        let monthly = dates
            .iter()
            .zip(&snaps)
            .map(|(&d, snap)| {
                let x = snap[k];
                let sales = dec(flows.sales(k, d - Days::new(period), d));
                MonthPoint {
                    date: d,
                    outstanding: dec(x.total),
                    overdue: dec(x.overdue),
                    dso_days: ratio(dec(x.total), sales).map(|r| r * Decimal::from(period)),
                }
            })
            .collect();
        let sales_year = dec(flows.sales(k, year_ago, as_of));
        let avg_days_late = ratio(
            A::weighted_decimal(flows.late_weighted[k], c.scale),
            dec(flows.late_weight[k]),
        );
        result.push(Kpis {
            as_of,
            currency: cur,
            total_outstanding: total,
            overdue: dec(s.overdue),
            overdue_share: ratio(dec(s.overdue), gross),
            over_90_share: ratio(over_last, gross),
            disputed,
            dispute_rate: ratio(disputed, gross),
            dso_simple_days: dso_simple,
            dso_countback_days: dso_countback,
            cei,
            avg_days_late,
            bad_debt_rate: ratio(dec(flows.written_off[k]), sales_year),
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
