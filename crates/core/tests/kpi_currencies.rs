//! KPIs on a book in two currencies: one set per currency, nothing of one leaking into the
//! other. Every expected figure is worked out by hand in the comments from the invoices below
//! (the formulas of docs/DOMAIN.md), not from the code under test.

mod common;
use common::*;
use encours_core::kpi::{kpis, KpiOptions, Kpis};
use encours_core::Currency;
use rust_decimal::Decimal;

// As of 30/06/2025, a 90-day period: sales count after 01/04/2025 up to 30/06/2025.
//
// EUR
//   E1  X  issued 10/04  due 10/05  1,000  paid in full on 20/05 (10 days late)
//   E2  X  issued 15/05  due 14/06  2,000  unpaid, 16 days late
//   E3  Y  issued 20/06  due 20/07    500  not due
//   E4  Y  issued 01/05  due 31/05    400  disputed, 30 days late
// USD
//   U1  Z  issued 01/03  due 31/03  3,000  unpaid, 91 days late (over 90)
//   U2  X  issued 10/06  due 10/07  1,000  400 paid on 25/06, 600 not due
//
// X owes in both currencies: its EUR and USD debts stay apart.
const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC;Devise;Statut\n\
E1;X;10/04/2025;10/05/2025;1000,00;EUR;\n\
E2;X;15/05/2025;14/06/2025;2000,00;EUR;\n\
E3;Y;20/06/2025;20/07/2025;500,00;EUR;\n\
E4;Y;01/05/2025;31/05/2025;400,00;EUR;Litige\n\
U1;Z;01/03/2025;31/03/2025;3000,00;USD;\n\
U2;X;10/06/2025;10/07/2025;1000,00;USD;\n";

fn book() -> Vec<Kpis> {
    let (mut l, r) = load(BOOK, "2025-06-30");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let id = |n: &str| l.invoices.iter().find(|i| i.number == n).unwrap().id;
    let (e1, u2) = (id("E1"), id("U2"));
    l.record_payment(e1, date("2025-05-20"), dec("1000"))
        .unwrap();
    l.record_payment(u2, date("2025-06-25"), dec("400"))
        .unwrap();
    kpis(&l, &KpiOptions::new(date("2025-06-30")))
}

fn of(all: &[Kpis], code: &str) -> Kpis {
    let cur: Currency = code.parse().unwrap();
    all.iter()
        .find(|k| k.currency == cur)
        .unwrap_or_else(|| panic!("no KPIs in {code}"))
        .clone()
}

#[test]
fn one_kpi_set_per_currency() {
    let all = book();
    let codes: Vec<String> = all.iter().map(|k| k.currency.to_string()).collect();
    assert_eq!(codes, ["EUR", "USD"]);
}

#[test]
fn euro_figures_by_hand() {
    let k = of(&book(), "EUR");
    // Owed: E2 2,000 + E3 500 + E4 400 = 2,900 (E1 is paid).
    assert_eq!(k.total_outstanding, dec("2900"));
    // Past due: E2 2,000 + E4 400 (a disputed invoice past due counts) = 2,400.
    assert_eq!(k.overdue, dec("2400"));
    assert_eq!(k.overdue_share, Some(dec("2400") / dec("2900")));
    // Nothing in euros is over 90 days (U1 is in dollars).
    assert_eq!(k.over_90_share, Some(Decimal::ZERO));
    assert_eq!(k.disputed, dec("400"));
    assert_eq!(k.dispute_rate, Some(dec("400") / dec("2900")));
    // Sales in the 90 days: E1 + E2 + E3 + E4 = 3,900; DSO = 2,900 / 3,900 × 90 ≈ 66.92.
    assert_eq!(k.sales_period, dec("3900"));
    let dso = k.dso_simple_days.unwrap();
    assert_eq!(dso.round_dp(2), dec("66.92"));
    // Count-back: June (30 days) sold 500, leaving 2,400; May sold E2 + E4 = 2,400, all of
    // it: 30 + 31 = 61 days.
    assert_eq!(k.dso_countback_days, Some(dec("61")));
    // CEI over April–June: nothing was owed at the end of March, 3,900 sold, 2,900 still
    // owed of which 500 is not due: (0 + 3,900 − 2,900) / (0 + 3,900 − 500) = 1,000 / 3,400.
    assert_eq!(k.cei.unwrap().round_dp(6), dec("0.294118"));
    // E1 alone was paid in full in the period, 10 days late.
    assert_eq!(k.avg_days_late, Some(dec("10")));
    assert_eq!(k.bad_debt_rate, Some(Decimal::ZERO));
    let top: Vec<(&str, Decimal)> = k
        .top_debtors
        .iter()
        .map(|d| (d.name.as_str(), d.amount))
        .collect();
    // X's 600 dollars are not in its euro debt.
    assert_eq!(top, [("X", dec("2000")), ("Y", dec("900"))]);
    // The series: end of April E1 (not due, 1,000); end of May E2 (not due) + E4 (not due on
    // its due date 31/05) = 2,400, nothing overdue; the as-of date as above.
    let at = |d: &str| k.monthly.iter().find(|p| p.date == date(d)).unwrap();
    assert_eq!(
        (at("2025-04-30").outstanding, at("2025-04-30").overdue),
        (dec("1000"), dec("0"))
    );
    assert_eq!(
        (at("2025-05-31").outstanding, at("2025-05-31").overdue),
        (dec("2400"), dec("0"))
    );
    assert_eq!(
        (at("2025-06-30").outstanding, at("2025-06-30").overdue),
        (dec("2900"), dec("2400"))
    );
    assert_eq!(at("2025-03-31").outstanding, dec("0"));
}

#[test]
fn dollar_figures_by_hand() {
    let k = of(&book(), "USD");
    // Owed: U1 3,000 + U2 1,000 − 400 = 3,600.
    assert_eq!(k.total_outstanding, dec("3600"));
    // Past due: U1 only, 91 days late, hence also all of the over-90 share.
    assert_eq!(k.overdue, dec("3000"));
    assert_eq!(k.overdue_share, Some(dec("3000") / dec("3600")));
    assert_eq!(k.over_90_share, Some(dec("3000") / dec("3600")));
    // No dollar dispute (E4 is in euros).
    assert_eq!(k.disputed, dec("0"));
    assert_eq!(k.dispute_rate, Some(Decimal::ZERO));
    // Sales in the 90 days: U2 alone (U1 is from 01/03): 3,600 / 1,000 × 90 = 324 days.
    assert_eq!(k.sales_period, dec("1000"));
    assert_eq!(k.dso_simple_days, Some(dec("324")));
    // Count-back: June (30) sold 1,000 → 2,600 left; May (31) and April (30) sold nothing;
    // March sold 3,000 ≥ 2,600: 30 + 31 + 30 + 2,600 / 3,000 × 31 = 91 + 26.8667 = 117.8667.
    let cb = k.dso_countback_days.unwrap();
    assert_eq!(cb.round_dp(4), dec("117.8667"));
    // CEI: 3,000 owed at the end of March, 1,000 sold since, 3,600 owed of which 600 not
    // due: (3,000 + 1,000 − 3,600) / (3,000 + 1,000 − 600) = 400 / 3,400 = 2 / 17.
    assert_eq!(k.cei.unwrap().round_dp(6), dec("0.117647"));
    // Nothing paid in full in dollars.
    assert_eq!(k.avg_days_late, None);
    let top: Vec<(&str, Decimal)> = k
        .top_debtors
        .iter()
        .map(|d| (d.name.as_str(), d.amount))
        .collect();
    assert_eq!(top, [("Z", dec("3000")), ("X", dec("600"))]);
    // End of March: U1 owed (3,000), not yet late on its due date.
    let march = k
        .monthly
        .iter()
        .find(|p| p.date == date("2025-03-31"))
        .unwrap();
    assert_eq!((march.outstanding, march.overdue), (dec("3000"), dec("0")));
    let last = k.monthly.last().unwrap();
    assert_eq!((last.outstanding, last.overdue), (dec("3600"), dec("3000")));
}
