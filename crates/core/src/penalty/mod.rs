//! Late-payment penalties (Code de commerce L441-10) and the fixed recovery indemnity (D441-5).
//!
//! Penalties run from the day after the due date up to and including the payment date, on the
//! amount still owed incl. VAT. The computation is split into periods wherever the rate or
//! the balance changes — at each half-year boundary (the ECB rate is fixed per half-year) and
//! after each partial payment — and each period is rounded to the cent half away from zero;
//! the total is the sum of the rounded lines, which is what a letter shows and a judge checks.
//!
//! ```
//! use encours_core::penalty::{penalties, RateTable, Terms};
//! use rust_decimal::Decimal;
//! let d = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
//! let p = penalties(Decimal::new(12_000, 0), d("2025-03-31"), d("2025-09-30"), &[],
//!                   &RateTable::builtin(), &Terms::default());
//! assert_eq!(p.interest.to_string(), "760.92");
//! assert_eq!(p.indemnity.to_string(), "40");
//! ```

mod rates;

pub use rates::{HalfYear, Lookup, RateTable, SOURCE};

use crate::money::round_cents;
use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;

/// The fixed recovery indemnity per late invoice, B2B only (D441-5).
pub const INDEMNITY: Decimal = Decimal::from_parts(40, 0, 0, false, 0);

/// Points added to the ECB rate by default (L441-10: + 10).
pub const LEGAL_MARGIN: Decimal = Decimal::from_parts(10, 0, 0, false, 0);

/// What the contract and the customer change in the computation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Terms {
    /// A business customer: owes the €40 indemnity. Consumers do not.
    pub business: bool,
    /// A rate agreed in the terms of sale, in percent; floored at 3 × the legal interest rate.
    pub contractual_rate: Option<Decimal>,
    /// Points over the ECB rate when there is no contractual rate.
    pub margin: Decimal,
}

impl Default for Terms {
    fn default() -> Self {
        Terms {
            business: true,
            contractual_rate: None,
            margin: LEGAL_MARGIN,
        }
    }
}

/// One period at one rate on one balance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// First late day of the period.
    pub from: NaiveDate,
    /// Last day of the period, included.
    pub to: NaiveDate,
    pub days: i64,
    /// The amount the rate applies to.
    pub base: Decimal,
    /// Annual rate in percent.
    pub rate: Decimal,
    /// Rounded to the cent, half away from zero.
    pub amount: Decimal,
}

/// Something the user must know about a computed rate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// The half-year's ECB rate is not in the table: the rate of `used` was applied. The user
    /// should confirm or enter the right rate.
    EcbRateMissing { half_year: HalfYear, used: HalfYear },
    /// The legal interest rate of the half-year is not in the table (for the 3× floor).
    LegalRateMissing { half_year: HalfYear, used: HalfYear },
    /// The contractual rate is below 3 × the legal interest rate: the floor was applied.
    ContractualBelowFloor {
        half_year: HalfYear,
        contractual: Decimal,
        floor: Decimal,
    },
}

/// The result of [`penalties`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Penalty {
    pub lines: Vec<Line>,
    /// Sum of the lines.
    pub interest: Decimal,
    /// €40 when the invoice was paid late (or is still unpaid) by a business, else 0.
    pub indemnity: Decimal,
    pub warnings: Vec<Warning>,
}

/// The annual rate for a half-year, and what to warn about.
pub fn rate_for(
    h: HalfYear,
    table: &RateTable,
    terms: &Terms,
    warnings: &mut Vec<Warning>,
) -> Decimal {
    if let Some(contractual) = terms.contractual_rate {
        let Some(legal) = table.legal(h) else {
            return contractual;
        };
        if !legal.exact {
            push_once(
                warnings,
                Warning::LegalRateMissing {
                    half_year: h,
                    used: legal.from,
                },
            );
        }
        let floor = legal.rate * Decimal::from(3);
        if contractual < floor {
            push_once(
                warnings,
                Warning::ContractualBelowFloor {
                    half_year: h,
                    contractual,
                    floor,
                },
            );
            return floor;
        }
        return contractual;
    }
    let ecb = table.ecb(h).unwrap_or(Lookup {
        rate: Decimal::ZERO,
        from: h,
        exact: false,
    });
    if !ecb.exact {
        push_once(
            warnings,
            Warning::EcbRateMissing {
                half_year: h,
                used: ecb.from,
            },
        );
    }
    ecb.rate + terms.margin
}

fn push_once(warnings: &mut Vec<Warning>, w: Warning) {
    if !warnings.contains(&w) {
        warnings.push(w);
    }
}

/// Penalties on `amount` (incl. VAT) due on `due`, counted up to `until` included (the
/// payment date, or today for an invoice still unpaid). `payments` (date, amount) reduce the
/// balance from the day after they are received; payments on or before the due date reduce
/// it from the start. Nothing is owed when `until` is not after `due` or nothing is left.
pub fn penalties(
    amount: Decimal,
    due: NaiveDate,
    until: NaiveDate,
    payments: &[(NaiveDate, Decimal)],
    table: &RateTable,
    terms: &Terms,
) -> Penalty {
    let mut pays: Vec<(NaiveDate, Decimal)> = payments.to_vec();
    crate::small::sort_by(&mut pays, |a, b| a.0.cmp(&b.0));
    let mut pays = pays.into_iter().peekable();
    let mut balance = amount;
    let mut out = Penalty::default();
    let mut start = due + Duration::days(1);
    let mut late = false;
    loop {
        while let Some(&(d, a)) = pays.peek() {
            if d >= start {
                break;
            }
            balance -= a;
            pays.next();
        }
        if start > until || balance <= Decimal::ZERO {
            break;
        }
        late = true;
        let h = HalfYear::of(start);
        let mut end = until.min(h.last_day());
        if let Some(&(d, _)) = pays.peek() {
            end = end.min(d);
        }
        let days = (end - start).num_days() + 1;
        let rate = rate_for(h, table, terms, &mut out.warnings);
        let amount = round_cents(balance * rate * Decimal::from(days) / Decimal::from(36_500));
        out.interest += amount;
        out.lines.push(Line {
            from: start,
            to: end,
            days,
            base: balance,
            rate,
            amount,
        });
        start = end + Duration::days(1);
    }
    if late && terms.business {
        out.indemnity = INDEMNITY;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{date, dec};

    fn table() -> RateTable {
        RateTable::builtin()
    }

    #[test]
    fn domain_worked_example() {
        let p = penalties(
            dec("12000"),
            date("2025-03-31"),
            date("2025-09-30"),
            &[],
            &table(),
            &Terms::default(),
        );
        let lines: Vec<_> = p
            .lines
            .iter()
            .map(|l| {
                (
                    l.from.to_string(),
                    l.to.to_string(),
                    l.days,
                    l.rate,
                    l.amount,
                )
            })
            .collect();
        assert_eq!(
            lines,
            vec![
                (
                    "2025-04-01".into(),
                    "2025-06-30".into(),
                    91,
                    dec("13.15"),
                    dec("393.42")
                ),
                (
                    "2025-07-01".into(),
                    "2025-09-30".into(),
                    92,
                    dec("12.15"),
                    dec("367.50")
                ),
            ]
        );
        assert_eq!(p.interest, dec("760.92"));
        assert_eq!(p.indemnity, dec("40"));
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn table_of_cases() {
        // (amount, due, until, payments, business, contractual, interest, indemnity, lines)
        type Case = (
            &'static str,
            &'static str,
            &'static str,
            &'static [(&'static str, &'static str)],
            bool,
            Option<&'static str>,
            &'static str,
            &'static str,
            usize,
        );
        let cases: &[Case] = &[
            // Paid on time: nothing.
            (
                "1000",
                "2025-03-31",
                "2025-03-31",
                &[],
                true,
                None,
                "0",
                "0",
                0,
            ),
            // One day late: 1000 × 13.15 % / 365 = 0.3603 → 0.36, and the €40.
            (
                "1000",
                "2025-03-31",
                "2025-04-01",
                &[],
                true,
                None,
                "0.36",
                "40",
                1,
            ),
            // Consumer: interest, no €40.
            (
                "1000",
                "2025-03-31",
                "2025-04-01",
                &[],
                false,
                None,
                "0.36",
                "0",
                1,
            ),
            // Partial payment of 6,000 on 15/05: 45 days on 12,000, 46 on 6,000, 92 on 6,000.
            // 12000×13.15%×45/365 = 194.55; 6000×13.15%×46/365 = 99.44; 6000×12.15%×92/365 = 183.75.
            (
                "12000",
                "2025-03-31",
                "2025-09-30",
                &[("2025-05-15", "6000")],
                true,
                None,
                "477.74",
                "40",
                3,
            ),
            // Paid before the due date in part: only the rest bears interest.
            (
                "1000",
                "2025-03-31",
                "2025-04-10",
                &[("2025-03-01", "500")],
                true,
                None,
                "1.80",
                "40",
                1,
            ),
            // Fully paid late by two payments: 10 days on 1,000, 10 on 600, then nothing.
            (
                "1000",
                "2025-03-31",
                "2025-12-31",
                &[("2025-04-10", "400"), ("2025-04-20", "600")],
                true,
                None,
                "5.76",
                "40",
                2,
            ),
            // Contractual 15 % above the floor (3 × 3.71 = 11.13): 15 % applies, 29 days.
            (
                "10000",
                "2025-01-31",
                "2025-03-01",
                &[],
                true,
                Some("15"),
                "119.18",
                "40",
                1,
            ),
            // Contractual 5 % below the floor: 11.13 % applies instead.
            (
                "10000",
                "2025-01-31",
                "2025-03-01",
                &[],
                true,
                Some("5"),
                "88.43",
                "40",
                1,
            ),
        ];
        for &(amount, due, until, pays, business, contractual, interest, indemnity, n) in cases {
            let payments: Vec<_> = pays.iter().map(|&(d, a)| (date(d), dec(a))).collect();
            let terms = Terms {
                business,
                contractual_rate: contractual.map(dec),
                ..Terms::default()
            };
            let p = penalties(
                dec(amount),
                date(due),
                date(until),
                &payments,
                &table(),
                &terms,
            );
            let case = format!("{amount} due {due} until {until} {pays:?} {contractual:?}");
            assert_eq!(p.interest, dec(interest), "{case}");
            assert_eq!(p.indemnity, dec(indemnity), "{case}");
            assert_eq!(p.lines.len(), n, "{case}");
            assert_eq!(
                p.lines.iter().map(|l| l.amount).sum::<Decimal>(),
                p.interest
            );
        }
    }

    #[test]
    fn contractual_floor_is_reported() {
        let terms = Terms {
            contractual_rate: Some(dec("5")),
            ..Terms::default()
        };
        let p = penalties(
            dec("10000"),
            date("2025-01-31"),
            date("2025-03-01"),
            &[],
            &table(),
            &terms,
        );
        assert_eq!(p.lines[0].rate, dec("11.13"));
        assert_eq!(
            p.warnings,
            vec![Warning::ContractualBelowFloor {
                half_year: "2025-H1".parse().unwrap(),
                contractual: dec("5"),
                floor: dec("11.13"),
            }]
        );
    }

    #[test]
    fn missing_half_year_warns_and_uses_last_known() {
        let p = penalties(
            dec("1000"),
            date("2026-06-30"),
            date("2026-07-31"),
            &[],
            &table(),
            &Terms::default(),
        );
        assert_eq!(p.lines[0].rate, dec("12.15"));
        assert_eq!(
            p.warnings,
            vec![Warning::EcbRateMissing {
                half_year: "2026-H2".parse().unwrap(),
                used: "2026-H1".parse().unwrap(),
            }]
        );
        // Once the user confirms a rate, the warning goes.
        let mut t = table();
        t.ecb.insert("2026-H2".parse().unwrap(), dec("2.00"));
        let p = penalties(
            dec("1000"),
            date("2026-06-30"),
            date("2026-07-31"),
            &[],
            &t,
            &Terms::default(),
        );
        assert_eq!((p.lines[0].rate, p.warnings.len()), (dec("12.00"), 0));
    }
}
