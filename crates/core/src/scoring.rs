//! A risk score per client, 0–100 with a grade A–E, from the client's own payment history.
//! Every point taken off is explained by a factor; the formula is in docs/scoring.md.
//!
//! A client without history (nothing paid, nothing overdue) is scored from the solvency
//! checklist the user fills in when granting credit.

use crate::ledger::{ClientId, DocKind, InvoiceStatus, Ledger};
use crate::plan::{promise_status, PromiseStatus};
use crate::portfolio::Portfolio;
use chrono::{Duration, NaiveDate};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A letter grade, A the safest.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Grade {
    A,
    B,
    C,
    D,
    E,
}

impl Grade {
    /// A ≥ 80, B ≥ 65, C ≥ 50, D ≥ 35, else E.
    pub fn of(score: u8) -> Grade {
        match score {
            80.. => Grade::A,
            65..=79 => Grade::B,
            50..=64 => Grade::C,
            35..=49 => Grade::D,
            _ => Grade::E,
        }
    }

    /// Every grade, safest first.
    pub const ALL: [Grade; 5] = [Grade::A, Grade::B, Grade::C, Grade::D, Grade::E];

    /// The grade's stable code ("A" … "E"): what selects, filters and CSS classes hold. Not
    /// `Debug`, whose output is no promise.
    pub fn code(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
            Grade::E => "E",
        }
    }

    /// The grade of a [`code`](Grade::code) (case and spaces ignored), `None` for anything else.
    pub fn from_code(s: &str) -> Option<Grade> {
        let s = s.trim();
        Grade::ALL
            .into_iter()
            .find(|g| g.code().eq_ignore_ascii_case(s))
    }
}

/// What the user looked up when granting credit to a new client.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    /// When it was filled in; it should be renewed yearly.
    pub date: Option<NaiveDate>,
    pub years_in_business: u32,
    /// A company with limited liability (SARL, SAS…) rather than a sole trader.
    pub limited_company: bool,
    /// A sector the user considers risky (construction, hospitality…).
    pub risky_sector: bool,
    /// A credit bureau's grade, if looked up.
    pub bureau: Option<Grade>,
    /// Payment incidents or collective proceedings found.
    pub incidents: bool,
    /// Terms of sale signed by the client.
    pub signed_terms: bool,
}

/// One reason for the score.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Factor {
    pub name: FactorName,
    /// The measured value, as shown (days, percent, count).
    pub value: Decimal,
    /// Points added (positive) or taken off (negative).
    pub points: i32,
}

/// The factors, in the order they are shown.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum FactorName {
    AverageDaysLate,
    ShareLate,
    Trend,
    LimitUsed,
    OldestOverdue,
    Disputes,
    BrokenPromises,
    /// Checklist items, for a client without history.
    Checklist,
}

/// A client's score.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Score {
    pub client: ClientId,
    pub score: u8,
    pub grade: Grade,
    /// False: scored from the checklist (or nothing) for lack of history.
    pub from_history: bool,
    pub factors: Vec<Factor>,
}

/// Suggested terms for a grade: payment delay in days, deposit in percent, early-payment
/// discount in percent.
pub fn suggested_terms(grade: Grade) -> (u32, u32, Decimal) {
    match grade {
        Grade::A => (45, 0, Decimal::new(1, 0)),
        Grade::B => (30, 0, Decimal::new(5, 1)),
        Grade::C => (30, 0, Decimal::ZERO),
        Grade::D => (15, 30, Decimal::ZERO),
        Grade::E => (0, 50, Decimal::ZERO),
    }
}

fn f(x: Decimal) -> f64 {
    x.to_f64().unwrap_or(0.0)
}

/// `part / whole`, 0 when there is no whole.
fn ratio(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        part / whole
    } else {
        0.0
    }
}

fn clamp(points: f64, lo: f64, hi: f64) -> i32 {
    points.clamp(lo, hi).round() as i32
}

/// Per invoice, the date it was fully paid (by dated payments), if it was by `as_of`.
fn paid_dates(ledger: &Ledger, as_of: NaiveDate) -> Vec<Option<NaiveDate>> {
    let index = ledger.invoice_index();
    let mut allocs: Vec<(usize, NaiveDate, Decimal)> = Vec::new();
    for p in ledger.payments.iter().filter(|p| p.date <= as_of) {
        for a in &p.allocations {
            if let Some(pos) = index.get(a.invoice.0) {
                allocs.push((pos, p.date, a.amount));
            }
        }
    }
    crate::small::sort_by(&mut allocs, |a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut out = vec![None; ledger.invoices.len()];
    let mut paid = vec![Decimal::ZERO; ledger.invoices.len()];
    for (pos, date, amount) in allocs {
        paid[pos] += amount;
        if out[pos].is_none() && paid[pos] >= ledger.invoices[pos].total {
            out[pos] = Some(date);
        }
    }
    out
}

/// Scores every client on `as_of`, in client order; a client without history is scored from
/// its solvency checklist, if the user filled one in (`follow_up.checklists`).
pub fn score_all(pf: &Portfolio, as_of: NaiveDate) -> Vec<Score> {
    score_all_owing(pf, as_of, &crate::aging::outstanding_by_invoice(pf, as_of))
}

/// [`score_all`] given what is owed per invoice on `as_of` (`outstanding_by_invoice`), for a
/// caller that has it already.
pub fn score_all_owing(pf: &Portfolio, as_of: NaiveDate, outstanding: &[Decimal]) -> Vec<Score> {
    let ledger = pf.ledger();
    let paid = paid_dates(ledger, as_of);
    let clients = ledger.client_index();
    #[derive(Default, Clone)]
    struct Acc {
        weighted_days: f64,
        weight: f64,
        paid: u32,
        late: u32,
        recent: (f64, u32),
        previous: (f64, u32),
        outstanding: f64,
        oldest: i64,
        disputed: u32,
        invoices: u32,
    }
    let mut acc = vec![Acc::default(); ledger.clients.len()];
    for (k, inv) in ledger.invoices.iter().enumerate() {
        let Some(c) = clients.get(inv.client.0) else {
            continue;
        };
        if inv.kind != DocKind::Invoice || inv.issue_date > as_of {
            continue;
        }
        let a = &mut acc[c];
        a.invoices += 1;
        if matches!(
            inv.status_on(as_of),
            InvoiceStatus::Disputed | InvoiceStatus::Litigation
        ) {
            a.disputed += 1;
        }
        if let Some(d) = paid[k] {
            let late = (d - inv.due_date).num_days().max(0) as f64;
            let w = f(inv.total);
            a.weighted_days += late * w;
            a.weight += w;
            a.paid += 1;
            a.late += u32::from(late > 0.0);
            let age = (as_of - d).num_days();
            let bucket = if age <= 90 {
                &mut a.recent
            } else if age <= 180 {
                &mut a.previous
            } else {
                continue;
            };
            bucket.0 += late;
            bucket.1 += 1;
        } else if outstanding[k] > Decimal::ZERO {
            a.outstanding += f(outstanding[k]);
            a.oldest = a.oldest.max((as_of - inv.due_date).num_days());
        }
    }
    let year_ago = as_of - Duration::days(365);
    ledger
        .clients
        .iter()
        .zip(acc)
        .map(|(client, a)| {
            let broken = pf
                .follow_up
                .promises
                .iter()
                .filter(|p| p.client == client.id && p.made_on >= year_ago)
                .filter(|p| promise_status(ledger, p, as_of) == PromiseStatus::Broken)
                .count();
            let checklist = pf.follow_up.checklists.get(&client.id);
            if a.paid == 0 && a.oldest <= 0 {
                return from_checklist(client.id, checklist);
            }
            let mut factors = Vec::new();
            let mut add = |name, value: f64, points: i32| {
                factors.push(Factor {
                    name,
                    value: Decimal::from_f64(value)
                        .map(|v| v.round_dp(1))
                        .unwrap_or_default(),
                    points,
                })
            };
            let avg = ratio(a.weighted_days, a.weight);
            add(
                FactorName::AverageDaysLate,
                avg,
                clamp(-avg / 2.0, -30.0, 0.0),
            );
            let share = ratio(f64::from(a.late), f64::from(a.paid));
            add(
                FactorName::ShareLate,
                share * 100.0,
                clamp(-20.0 * share, -20.0, 0.0),
            );
            if a.recent.1 > 0 && a.previous.1 > 0 {
                let diff =
                    a.recent.0 / f64::from(a.recent.1) - a.previous.0 / f64::from(a.previous.1);
                add(FactorName::Trend, diff, clamp(-diff / 3.0, -10.0, 5.0));
            }
            if let Some(limit) = client.credit_limit.filter(|l| *l > Decimal::ZERO) {
                let used = a.outstanding / f(limit);
                let points = if used > 1.0 {
                    -15
                } else if used > 0.8 {
                    -5
                } else {
                    0
                };
                add(FactorName::LimitUsed, used * 100.0, points);
            }
            add(
                FactorName::OldestOverdue,
                a.oldest.max(0) as f64,
                clamp(-(a.oldest.max(0) as f64) / 6.0, -20.0, 0.0),
            );
            let disputes = ratio(f64::from(a.disputed), f64::from(a.invoices));
            add(
                FactorName::Disputes,
                disputes * 100.0,
                clamp(-40.0 * disputes, -10.0, 0.0),
            );
            add(
                FactorName::BrokenPromises,
                broken as f64,
                -8 * (broken.min(2) as i32),
            );
            let score = (100 + factors.iter().map(|x| x.points).sum::<i32>()).clamp(0, 100) as u8;
            Score {
                client: client.id,
                score,
                grade: Grade::of(score),
                from_history: true,
                factors,
            }
        })
        .collect()
}

/// The score of a client without history: 60 (grade C) adjusted by its checklist.
fn from_checklist(client: ClientId, c: Option<&Checklist>) -> Score {
    let mut points = 0i32;
    if let Some(c) = c {
        points += match c.years_in_business {
            0..=1 => -10,
            2..=4 => 0,
            _ => 10,
        };
        points += if c.limited_company { 5 } else { 0 };
        points += if c.risky_sector { -10 } else { 0 };
        points += match c.bureau {
            Some(Grade::A) => 15,
            Some(Grade::B) => 8,
            Some(Grade::C) | None => 0,
            Some(Grade::D) => -10,
            Some(Grade::E) => -25,
        };
        points += if c.incidents { -25 } else { 0 };
        points += if c.signed_terms { 5 } else { 0 };
    }
    let score = (60 + points).clamp(0, 100) as u8;
    Score {
        client,
        score,
        grade: Grade::of(score),
        from_history: false,
        factors: vec![Factor {
            name: FactorName::Checklist,
            value: Decimal::ZERO,
            points,
        }],
    }
}

/// A suggested credit limit: the average monthly sales of the last 12 months times a number of
/// months that depends on the grade (A 3, B 2, C 1.5, D 1, E 0), rounded down to the hundred.
pub fn suggested_limit(
    ledger: &Ledger,
    client: ClientId,
    grade: Grade,
    as_of: NaiveDate,
) -> Decimal {
    let since = as_of - Duration::days(365);
    let sales: Decimal = ledger
        .invoices
        .iter()
        .filter(|i| {
            i.client == client
                && i.kind == DocKind::Invoice
                && i.issue_date > since
                && i.issue_date <= as_of
        })
        .map(|i| i.total)
        .sum();
    let months = match grade {
        Grade::A => Decimal::from(3),
        Grade::B => Decimal::from(2),
        Grade::C => Decimal::new(15, 1),
        Grade::D => Decimal::ONE,
        Grade::E => Decimal::ZERO,
    };
    let hundred = Decimal::ONE_HUNDRED;
    (sales / Decimal::from(12) * months / hundred).floor() * hundred
}
