//! French late-payment law on the money: consumers' interest from the mise en demeure
//! (art. 1231-6 Code civil), the complete rate tables (the 2023 floor), half-years outside the
//! tables refused. Every figure is computed by hand in the comments.

mod common;

use common::{date, dec};
use encours_core::penalty::{penalties, Basis, RateKind, RateTable, Terms, Warning};

#[test]
fn table_of_cases() {
    // (case, amount, due, until, payments, business, contract rate, notice, interest, €40)
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
        bool,
        Option<&'static str>,
        Option<&'static str>,
        &'static str,
        &'static str,
    );
    let cases: &[Case] = &[
        // Consumer, notice 15/04/2025: 16/04–15/05 = 30 days at the legal rate 2025-H1 3.71 %:
        // 1000 × 3.71 % × 30 / 365 = 37.10 × 30 / 365 = 3.049 → 3.05; no €40.
        (
            "consumer from notice",
            "1000",
            "2025-03-31",
            "2025-05-15",
            &[],
            false,
            None,
            Some("2025-04-15"),
            "3.05",
            "0",
        ),
        // Consumer across a half-year: notice 10/06/2025, paid 31/07/2025.
        // 11/06–30/06 20 d × 3.71 % on 12,000 = 445.20 × 20 / 365 = 24.394 → 24.39;
        // 01/07–31/07 31 d × 2.76 % = 331.20 × 31 / 365 = 28.129 → 28.13; 52.52.
        (
            "consumer two half-years",
            "12000",
            "2025-05-31",
            "2025-07-31",
            &[],
            false,
            None,
            Some("2025-06-10"),
            "52.52",
            "0",
        ),
        // Consumer with no notice: nothing yet.
        (
            "consumer no notice",
            "12000",
            "2025-03-31",
            "2025-09-30",
            &[],
            false,
            None,
            None,
            "0",
            "0",
        ),
        // Consumer, contract rate 5 % (no 3× floor for consumers), same 30 days as the first
        // case: 1000 × 5 % × 30 / 365 = 4.109 → 4.11.
        (
            "consumer contract rate",
            "1000",
            "2025-03-31",
            "2025-05-15",
            &[],
            false,
            Some("5"),
            Some("2025-04-15"),
            "4.11",
            "0",
        ),
        // A notice sent before the due date: interest still starts the day after the due date.
        // 01/04–30/04 30 d × 3.71 % on 1000 = 3.05.
        (
            "consumer early notice",
            "1000",
            "2025-03-31",
            "2025-04-30",
            &[],
            false,
            None,
            Some("2025-03-01"),
            "3.05",
            "0",
        ),
        // Business, contract 5 % in 2023-H1: floor 3 × 2.06 = 6.18 % (not 15.21 from 2024-H1).
        // 01/02–01/03/2023 29 d: 10000 × 6.18 % × 29 / 365 = 618 × 29 / 365 = 49.101 → 49.10.
        (
            "2023 floor",
            "10000",
            "2023-01-31",
            "2023-03-01",
            &[],
            true,
            Some("5"),
            None,
            "49.10",
            "40",
        ),
        // Business, contract 7 % in 2023-H1: above the 6.18 % floor, 7 % applies:
        // 700 × 29 / 365 = 55.616 → 55.62.
        (
            "2023 above floor",
            "10000",
            "2023-01-31",
            "2023-03-01",
            &[],
            true,
            Some("7"),
            None,
            "55.62",
            "40",
        ),
        // Business, 2014: ECB 0.25 % (2014-H1) + 10 = 10.25 %, 30 days on 1000:
        // 102.50 × 30 / 365 = 8.424 → 8.42 (not 2015's 0.05 %).
        (
            "2014 ECB",
            "1000",
            "2014-03-31",
            "2014-04-30",
            &[],
            true,
            None,
            None,
            "8.42",
            "40",
        ),
        // Business, 2008-H2: ECB 4.00 % on 1 July 2008 + 10; 31 days on 1000:
        // 140 × 31 / 365 = 11.890 → 11.89.
        (
            "2008 ECB",
            "1000",
            "2008-06-30",
            "2008-07-31",
            &[],
            true,
            None,
            None,
            "11.89",
            "40",
        ),
        // Business, across a year end: ECB 4.25 % on 1 July 2024 (2024-H2: 14.25 %), 3.15 % on
        // 1 January 2025 (2025-H1: 13.15 %), base 365 days even in a leap year.
        // 01/12–31/12/2024 31 d: 10000 × 14.25 % × 31 / 365 = 1425 × 31 / 365 = 121.027;
        // 01/01–31/01/2025 31 d: 1315 × 31 / 365 = 111.685; 232.712 → 232.71.
        (
            "year end",
            "10000",
            "2024-11-30",
            "2025-01-31",
            &[],
            true,
            None,
            None,
            "232.71",
            "40",
        ),
    ];
    for &(case, amount, due, until, pays, business, contract, notice, interest, indemnity) in cases
    {
        let payments: Vec<_> = pays.iter().map(|&(d, a)| (date(d), dec(a))).collect();
        let terms = Terms {
            business,
            contractual_rate: contract.map(dec),
            notice: notice.map(date),
            ..Terms::default()
        };
        let p = penalties(
            dec(amount),
            date(due),
            date(until),
            &payments,
            &RateTable::builtin(),
            &terms,
        )
        .unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(p.interest, dec(interest), "{case}");
        assert_eq!(p.indemnity, dec(indemnity), "{case}");
        if !business {
            assert_eq!(
                p.warnings.contains(&Warning::NoNoticeYet),
                notice.is_none(),
                "{case}"
            );
            let expected = if contract.is_some() {
                Basis::Contractual
            } else {
                Basis::LegalRate
            };
            assert_eq!(p.basis, expected, "{case}");
        }
    }
}

#[test]
fn consumer_lines_use_the_legal_rate_of_each_half_year() {
    let p = penalties(
        dec("12000"),
        date("2025-05-31"),
        date("2025-07-31"),
        &[],
        &RateTable::builtin(),
        &Terms::consumer(Some(date("2025-06-10"))),
    )
    .unwrap();
    let lines: Vec<_> = p
        .lines
        .iter()
        .map(|l| (l.from.to_string(), l.days, l.rate))
        .collect();
    assert_eq!(
        lines,
        [
            ("2025-06-11".to_string(), 20, dec("3.71")),
            ("2025-07-01".to_string(), 31, dec("2.76"))
        ]
    );
}

#[test]
fn half_years_outside_the_tables_are_refused_naming_them() {
    let t = RateTable::builtin();
    // (due, until, business, contract, table, half-year)
    type Refused = (
        &'static str,
        &'static str,
        bool,
        Option<&'static str>,
        RateKind,
        &'static str,
    );
    let cases: &[Refused] = &[
        // Before the ECB table (2008-H1).
        (
            "2007-06-30",
            "2007-07-31",
            true,
            None,
            RateKind::Ecb,
            "2007-H2",
        ),
        // After it: 2026-H2 is not published in the table.
        (
            "2026-06-30",
            "2026-07-31",
            true,
            None,
            RateKind::Ecb,
            "2026-H2",
        ),
        // A business contract rate needs the legal rate for the floor: none before 2012.
        (
            "2011-06-30",
            "2011-07-31",
            true,
            Some("12"),
            RateKind::Legal,
            "2011-H2",
        ),
        // A consumer's legal rate: none for 2026-H2.
        (
            "2026-06-30",
            "2026-07-31",
            false,
            None,
            RateKind::Legal,
            "2026-H2",
        ),
    ];
    for &(due, until, business, contract, table, h) in cases {
        let terms = Terms {
            business,
            contractual_rate: contract.map(dec),
            notice: (!business).then(|| date(due)),
            ..Terms::default()
        };
        let e = penalties(dec("1000"), date(due), date(until), &[], &t, &terms).unwrap_err();
        assert_eq!(
            (e.table, e.half_year.to_string()),
            (table, h.to_string()),
            "{due}"
        );
        assert!(e.to_string().contains(h), "{e}");
    }
}
