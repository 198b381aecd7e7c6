//! Payment plans (échéanciers) and promises to pay: what a client agreed to pay and when, and
//! whether the payments received keep to it.
//!
//! A plan covers some invoices. Aging keeps their original due dates (the debt is still late);
//! dunning leaves them alone while the plan is on track, and takes them back as soon as an
//! installment is missed. Payments received from the client from the day the plan was agreed
//! settle its installments in order.

use crate::collection::Promise;
use crate::ledger::{ClientId, InvoiceId, Ledger};
use crate::money::round_cents;
use crate::portfolio::Portfolio;
use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How often installments fall.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Frequency {
    Weekly,
    Monthly,
}

/// One installment of a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanInstallment {
    pub due: NaiveDate,
    pub amount: Decimal,
}

/// An agreed payment plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub id: u32,
    pub client: ClientId,
    pub agreed_on: NaiveDate,
    pub invoices: Vec<InvoiceId>,
    /// The down payment first (if any), then the installments; they sum to the amount covered.
    pub installments: Vec<PlanInstallment>,
    /// Penalties stop accruing on the covered amounts while the plan is on track (the default);
    /// false keeps them running.
    pub stops_penalties: bool,
    /// Ended early by the user (broken off, or replaced by another plan).
    pub cancelled: bool,
}

/// Splits `total` into a down payment and `count` installments from `first`: equal amounts
/// rounded to the cent, the last one absorbing the rounding, so the parts always sum to
/// `total` exactly. `None` for a count of zero or a down payment outside `0..total`.
///
/// ```
/// use encours_core::plan::{schedule, Frequency};
/// use rust_decimal::Decimal;
/// let d = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
/// let s = schedule(Decimal::new(100_000, 2), Decimal::ZERO, 3, d("2025-01-31"), Frequency::Monthly).unwrap();
/// let amounts: Vec<String> = s.iter().map(|i| i.amount.to_string()).collect();
/// assert_eq!(amounts, ["333.33", "333.33", "333.34"]);
/// assert_eq!(s[1].due, d("2025-02-28"));
/// ```
pub fn schedule(
    total: Decimal,
    down_payment: Decimal,
    count: u32,
    first: NaiveDate,
    frequency: Frequency,
) -> Option<Vec<PlanInstallment>> {
    if count == 0 || down_payment < Decimal::ZERO || down_payment >= total {
        return None;
    }
    let mut out = Vec::with_capacity(count as usize + 1);
    if down_payment > Decimal::ZERO {
        out.push(PlanInstallment {
            due: first,
            amount: down_payment,
        });
    }
    let rest = total - down_payment;
    let each = round_cents(rest / Decimal::from(count));
    let mut left = rest;
    // With a down payment on `first`, the installments start one period later.
    let shift = u32::from(down_payment > Decimal::ZERO);
    for k in 0..count {
        let due = match frequency {
            Frequency::Weekly => first + Duration::weeks(i64::from(k + shift)),
            Frequency::Monthly => add_months(first, k + shift),
        };
        let amount = if k + 1 == count { left } else { each };
        left -= amount;
        out.push(PlanInstallment { due, amount });
    }
    Some(out)
}

/// The same day `k` months later, clamped to the month's end (31/01 → 28/02 → 31/03 keeps
/// the original day where it exists): chrono's own rule.
fn add_months(d: NaiveDate, k: u32) -> NaiveDate {
    d.checked_add_months(chrono::Months::new(k)).unwrap_or(d)
}

/// The terms a user sets when agreeing a plan with a client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanTerms {
    pub down_payment: Decimal,
    pub count: u32,
    pub first: NaiveDate,
    pub frequency: Frequency,
    pub stops_penalties: bool,
}

/// Agrees a plan on `today` for everything `client` owes and does not contest (open invoices,
/// not disputed nor in litigation), replacing the client's running plan if there is one.
/// Returns the new plan's id; `None` when nothing is owed or the terms do not split it.
pub fn agree(pf: &mut Portfolio, client: ClientId, today: NaiveDate, t: &PlanTerms) -> Option<u32> {
    let ledger = pf.ledger_mut();
    let outstanding = crate::aging::outstanding_by_invoice(ledger, today);
    let (invoices, total) = ledger
        .invoices
        .iter()
        .zip(&outstanding)
        .filter(|(i, o)| {
            i.client == client
                && i.kind == crate::ledger::DocKind::Invoice
                && **o > Decimal::ZERO
                && i.status_on(today) == crate::ledger::InvoiceStatus::Open
        })
        .fold((Vec::new(), Decimal::ZERO), |(mut v, t), (i, o)| {
            v.push(i.id);
            (v, t + *o)
        });
    let installments = schedule(total, t.down_payment, t.count, t.first, t.frequency)?;
    for p in pf
        .follow_up
        .plans
        .iter_mut()
        .filter(|p| p.client == client && !p.cancelled)
    {
        p.cancelled = true;
    }
    Some(pf.follow_up.add_plan(Plan {
        id: 0,
        client,
        agreed_on: today,
        invoices,
        installments,
        stops_penalties: t.stops_penalties,
        cancelled: false,
    }))
}

/// Where a plan stands on a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanStatus {
    /// Received from the client since the plan was agreed, up to the date.
    pub received: Decimal,
    /// Per installment: how much of it the payments cover.
    pub covered: Vec<Decimal>,
    /// Installments due by the date and not fully covered.
    pub missed: Vec<usize>,
    /// Every installment due by the date is covered (and the plan is not cancelled).
    pub on_track: bool,
    /// Every installment is covered.
    pub completed: bool,
}

/// The status of `plan` on `today`.
pub fn plan_status(ledger: &Ledger, plan: &Plan, today: NaiveDate) -> PlanStatus {
    let received: Decimal = ledger
        .payments
        .iter()
        .filter(|p| {
            p.client == plan.client && p.date >= plan.agreed_on && p.date <= today && !p.summary
        })
        .map(|p| p.amount)
        .sum();
    let mut left = received;
    let mut covered = Vec::with_capacity(plan.installments.len());
    let mut missed = Vec::new();
    for (k, inst) in plan.installments.iter().enumerate() {
        let c = left.min(inst.amount).max(Decimal::ZERO);
        left -= c;
        if c < inst.amount && inst.due < today {
            missed.push(k);
        }
        covered.push(c);
    }
    let completed = plan
        .installments
        .iter()
        .zip(&covered)
        .all(|(i, c)| *c >= i.amount);
    PlanStatus {
        received,
        on_track: missed.is_empty() && !plan.cancelled,
        completed,
        covered,
        missed,
    }
}

/// Where one installment of a plan stands on a date.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum InstallmentState {
    /// Fully covered by the payments.
    Paid,
    /// Due before the date and not fully covered (the same rule as [`PlanStatus::missed`]).
    Missed,
    /// Not due yet, partly covered.
    PartlyPaid,
    /// Not due yet, nothing covered.
    Upcoming,
}

/// The state of `inst` on `today`, `covered` being what the payments cover of it
/// ([`PlanStatus::covered`]).
pub fn installment_state(
    inst: &PlanInstallment,
    covered: Decimal,
    today: NaiveDate,
) -> InstallmentState {
    if covered >= inst.amount {
        InstallmentState::Paid
    } else if inst.due < today {
        InstallmentState::Missed
    } else if covered > Decimal::ZERO {
        InstallmentState::PartlyPaid
    } else {
        InstallmentState::Upcoming
    }
}

/// Whether a promise was kept, is still pending, or was broken.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum PromiseStatus {
    Pending,
    Kept,
    Broken,
}

/// A promise is kept when the client paid at least the promised amount between the day it
/// was made and the promised date (both included); broken once that date has passed without.
pub fn promise_status(ledger: &Ledger, promise: &Promise, today: NaiveDate) -> PromiseStatus {
    let paid: Decimal = ledger
        .payments
        .iter()
        .filter(|p| {
            p.client == promise.client
                && p.date >= promise.made_on
                && p.date <= promise.date.min(today)
                && !p.summary
        })
        .map(|p| p.amount)
        .sum();
    if paid >= promise.amount {
        PromiseStatus::Kept
    } else if today > promise.date {
        PromiseStatus::Broken
    } else {
        PromiseStatus::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{date, dec};

    #[test]
    fn schedules_sum_to_the_cent() {
        // (total, down payment, count, frequency, amounts, last due)
        type Case = (
            &'static str,
            &'static str,
            u32,
            Frequency,
            &'static [&'static str],
            &'static str,
        );
        let cases: &[Case] = &[
            (
                "1000.00",
                "0",
                3,
                Frequency::Monthly,
                &["333.33", "333.33", "333.34"],
                "2025-03-31",
            ),
            (
                "100.00",
                "0",
                3,
                Frequency::Monthly,
                &["33.33", "33.33", "33.34"],
                "2025-03-31",
            ),
            (
                "2000.00",
                "500",
                4,
                Frequency::Weekly,
                &["500", "375.00", "375.00", "375.00", "375.00"],
                "2025-02-28",
            ),
            (
                "0.05",
                "0",
                3,
                Frequency::Weekly,
                &["0.02", "0.02", "0.01"],
                "2025-02-14",
            ),
            (
                "1234.57",
                "0",
                1,
                Frequency::Monthly,
                &["1234.57"],
                "2025-01-31",
            ),
        ];
        for &(total, down, count, freq, amounts, last) in cases {
            let s = schedule(dec(total), dec(down), count, date("2025-01-31"), freq).unwrap();
            let got: Vec<Decimal> = s.iter().map(|i| i.amount).collect();
            let want: Vec<Decimal> = amounts.iter().map(|a| dec(a)).collect();
            assert_eq!(got, want, "{total} in {count}");
            assert_eq!(
                got.iter().sum::<Decimal>(),
                dec(total),
                "{total} in {count}"
            );
            assert_eq!(s.last().unwrap().due, date(last), "{total} in {count}");
        }
        assert!(schedule(
            dec("100"),
            dec("0"),
            0,
            date("2025-01-31"),
            Frequency::Monthly
        )
        .is_none());
        assert!(schedule(
            dec("100"),
            dec("100"),
            2,
            date("2025-01-31"),
            Frequency::Monthly
        )
        .is_none());
    }

    #[test]
    fn months_keep_their_day_where_it_exists() {
        for (start, k, want) in [
            ("2025-01-31", 1, "2025-02-28"),
            ("2025-01-31", 2, "2025-03-31"),
            ("2024-01-31", 1, "2024-02-29"),
            ("2025-11-15", 3, "2026-02-15"),
        ] {
            assert_eq!(add_months(date(start), k), date(want), "{start} + {k}");
        }
    }
}
