//! Late-payment interest: business customers' penalties (Code de commerce L441-10) with the
//! fixed recovery indemnity (D441-5), and consumers' interest at the legal rate from the mise
//! en demeure (art. 1231-6 Code civil).
//!
//! Business: penalties run from the day after the due date, without any reminder, at the ECB
//! rate + 10 points (or the contract's rate, never below 3 × the legal interest rate), plus
//! €40 per late invoice. Consumer: L441-10 and D441-5 do not apply; interest runs only from
//! the day after the mise en demeure, at the legal interest rate of the creditor's category
//! (« tous les autres cas », L313-2 Code monétaire et financier: the creditor acts for
//! professional needs) or at the contract's rate if one was agreed; no floor, no €40.
//!
//! Interest is counted up to and including the payment date, on the amount still owed incl.
//! VAT, base 365 days. The computation is split wherever the rate or the balance changes — at
//! each half-year boundary (both rates are fixed per half-year) and after each partial payment
//! — and each line is rounded to the cent half away from zero; the total is the sum of the
//! rounded lines, which is what a letter shows and a judge checks. A half-year the rate table
//! does not hold is refused ([`RateMissing`]), never taken from another period.
//!
//! ```
//! use encours_core::penalty::{penalties, RateTable, Terms};
//! use rust_decimal::Decimal;
//! let d = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
//! let p = penalties(Decimal::new(12_000, 0), d("2025-03-31"), d("2025-09-30"), &[],
//!                   &RateTable::builtin(), &Terms::default()).unwrap();
//! assert_eq!(p.interest.to_string(), "760.92");
//! assert_eq!(p.indemnity.to_string(), "40");
//! ```

mod rates;
pub mod terms;

pub use rates::{HalfYear, RateKind, RateMissing, RateTable, SOURCE};

use crate::money::round_cents;
use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;

/// The fixed recovery indemnity per late invoice, B2B only (D441-5).
pub const INDEMNITY: Decimal = Decimal::from_parts(40, 0, 0, false, 0);

/// Points added to the ECB rate by default (L441-10: + 10).
pub const LEGAL_MARGIN: Decimal = Decimal::from_parts(10, 0, 0, false, 0);

/// The day count interest is computed on ("base 365 jours"), printed in letters.
pub const DAY_BASIS: i64 = 365;

/// What the contract and the customer change in the computation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Terms {
    /// A business customer (L441-10, D441-5). False: a consumer (art. 1231-6 Code civil).
    pub business: bool,
    /// A rate agreed in the terms of sale, in percent. For a business it is floored at 3 × the
    /// legal interest rate; for a consumer it replaces the legal rate.
    pub contractual_rate: Option<Decimal>,
    /// Points over the ECB rate when there is no contractual rate (business only).
    pub margin: Decimal,
    /// Consumers only: the date of the mise en demeure; interest runs from the next day.
    /// `None`: no notice yet, so no interest yet.
    pub notice: Option<NaiveDate>,
}

impl Default for Terms {
    fn default() -> Self {
        Terms {
            business: true,
            contractual_rate: None,
            margin: LEGAL_MARGIN,
            notice: None,
        }
    }
}

impl Terms {
    /// A consumer's terms with the date of the mise en demeure, if one was sent.
    pub fn consumer(notice: Option<NaiveDate>) -> Terms {
        Terms {
            business: false,
            notice,
            ..Terms::default()
        }
    }
}

/// What the interest rests on, for the letter to cite it.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum Basis {
    /// ECB rate + margin (L441-10 I).
    #[default]
    Commercial,
    /// The contract's rate (floored at 3 × the legal rate for a business).
    Contractual,
    /// The legal interest rate from the mise en demeure (art. 1231-6 Code civil).
    LegalRate,
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

/// Something the user must know about a computed figure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// The contractual rate is below 3 × the legal interest rate: the floor was applied.
    ContractualBelowFloor {
        half_year: HalfYear,
        contractual: Decimal,
        floor: Decimal,
    },
    /// A consumer with no mise en demeure yet: no late interest runs (art. 1231-6 Code civil).
    NoNoticeYet,
    /// A half-year's rate is not in the table: this invoice's interest is left out of the
    /// totals until the user enters it (set by callers that go on without the figure).
    RateMissing(RateMissing),
}

impl Warning {
    /// Stable code (`contractual_below_floor`, `consumer_no_notice`, `ecb_rate_missing`,
    /// `legal_rate_missing`).
    pub fn code(&self) -> &'static str {
        match self {
            Warning::ContractualBelowFloor { .. } => "contractual_below_floor",
            Warning::NoNoticeYet => "consumer_no_notice",
            Warning::RateMissing(m) => m.code(),
        }
    }
}

/// The result of [`penalties`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Penalty {
    pub lines: Vec<Line>,
    /// Sum of the lines.
    pub interest: Decimal,
    /// €40 when the invoice was paid late (or is still unpaid) by a business, else 0.
    pub indemnity: Decimal,
    pub basis: Basis,
    pub warnings: Vec<Warning>,
}

/// The annual rate for a half-year, what it rests on, and what to warn about.
pub fn rate_for(
    h: HalfYear,
    table: &RateTable,
    terms: &Terms,
    warnings: &mut Vec<Warning>,
) -> Result<(Decimal, Basis), RateMissing> {
    if !terms.business {
        return Ok(match terms.contractual_rate {
            Some(c) => (c, Basis::Contractual),
            None => (table.legal(h)?, Basis::LegalRate),
        });
    }
    if let Some(contractual) = terms.contractual_rate {
        let floor = table.legal(h)? * Decimal::from(3);
        if contractual < floor {
            push_once(
                warnings,
                Warning::ContractualBelowFloor {
                    half_year: h,
                    contractual,
                    floor,
                },
            );
            return Ok((floor, Basis::Contractual));
        }
        return Ok((contractual, Basis::Contractual));
    }
    Ok((table.ecb(h)? + terms.margin, Basis::Commercial))
}

fn push_once(warnings: &mut Vec<Warning>, w: Warning) {
    if !warnings.contains(&w) {
        warnings.push(w);
    }
}

/// Interest on `amount` (incl. VAT) due on `due`, counted up to `until` included (the payment
/// date, or today for an invoice still unpaid). `payments` (date, amount) reduce the balance
/// from the day after they are received; payments before interest starts reduce it from the
/// start. Nothing is owed when `until` is not after the start or nothing is left. For a
/// consumer, interest starts the day after `terms.notice` (or the due date, if later).
pub fn penalties(
    amount: Decimal,
    due: NaiveDate,
    until: NaiveDate,
    payments: &[(NaiveDate, Decimal)],
    table: &RateTable,
    terms: &Terms,
) -> Result<Penalty, RateMissing> {
    let mut out = Penalty {
        basis: match (terms.business, terms.contractual_rate) {
            (_, Some(_)) => Basis::Contractual,
            (true, None) => Basis::Commercial,
            (false, None) => Basis::LegalRate,
        },
        ..Penalty::default()
    };
    let from = if terms.business {
        due
    } else {
        match terms.notice {
            Some(n) => n.max(due),
            None => {
                if until > due && amount > Decimal::ZERO {
                    out.warnings.push(Warning::NoNoticeYet);
                }
                return Ok(out);
            }
        }
    };
    let mut pays: Vec<(NaiveDate, Decimal)> = payments.to_vec();
    crate::small::sort_by(&mut pays, |a, b| a.0.cmp(&b.0));
    let mut pays = pays.into_iter().peekable();
    let mut balance = amount;
    let mut start = from + Duration::days(1);
    // Late at all (for the €40): anything still owed the day after the due date.
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
        let (rate, basis) = rate_for(h, table, terms, &mut out.warnings)?;
        out.basis = basis;
        let amount =
            round_cents(balance * rate * Decimal::from(days) / Decimal::from(DAY_BASIS * 100));
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
    Ok(out)
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
        )
        .unwrap();
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
            // Consumer, no mise en demeure: no interest yet, no €40 (art. 1231-6 C. civ.).
            (
                "1000",
                "2025-03-31",
                "2025-04-01",
                &[],
                false,
                None,
                "0",
                "0",
                0,
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
            )
            .unwrap();
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
        )
        .unwrap();
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
    fn half_year_outside_the_table_is_refused() {
        // 2026-H2 is in neither table: refused, naming the half-year, never 2026-H1's rate.
        let e = penalties(
            dec("1000"),
            date("2026-06-30"),
            date("2026-07-31"),
            &[],
            &table(),
            &Terms::default(),
        )
        .unwrap_err();
        assert_eq!(e.code(), "ecb_rate_missing");
        assert_eq!(e.half_year, "2026-H2".parse().unwrap());
        // Before the ECB table's first row (2008-H1): refused too, not borrowed from 2008.
        let e = penalties(
            dec("1000"),
            date("2007-06-30"),
            date("2007-07-10"),
            &[],
            &table(),
            &Terms::default(),
        )
        .unwrap_err();
        assert_eq!(e.half_year, "2007-H2".parse().unwrap());
        // A contractual rate needs the legal rate for its floor: 2011 has none (table from 2012).
        let terms = Terms {
            contractual_rate: Some(dec("12")),
            ..Terms::default()
        };
        let e = penalties(
            dec("1000"),
            date("2011-03-31"),
            date("2011-04-30"),
            &[],
            &table(),
            &terms,
        )
        .unwrap_err();
        assert_eq!((e.table, e.code()), (RateKind::Legal, "legal_rate_missing"));
        // Once the user enters the rate, it computes: 1000 × 12.00 % × 31 / 365 = 10.19.
        let mut t = table();
        t.ecb.insert("2026-H2".parse().unwrap(), dec("2.00"));
        let p = penalties(
            dec("1000"),
            date("2026-06-30"),
            date("2026-07-31"),
            &[],
            &t,
            &Terms::default(),
        )
        .unwrap();
        assert_eq!((p.lines[0].rate, p.interest), (dec("12.00"), dec("10.19")));
    }
}
