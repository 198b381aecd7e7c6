//! KPIs as tables, with DOMAIN.md's worked example.

mod common;
use common::*;
use encours_core::kpi::{countback, kpis, KpiOptions};
use encours_core::ledger::InvoiceStatus;
use rust_decimal::Decimal;

#[test]
fn simple_dso_is_45_days_on_the_domain_example() {
    // Sales of 60,000 over the last 90 days, 30,000 still owed: 30,000 / 60,000 × 90 = 45.
    let csv = "N° facture;Client;Date;Échéance;Montant TTC;Réglé\n\
A;X;15/04/2025;15/05/2025;20000,00;20000,00\n\
B;X;15/05/2025;14/06/2025;20000,00;10000,00\n\
C;Y;15/06/2025;15/07/2025;20000,00;0,00\n";
    let (mut l, r) = load(csv, "2025-06-30");
    assert!(r.errors.is_empty());
    // The paid-so-far amounts were dated by the import date: move them before the as-of date.
    for p in &mut l.payments {
        p.date = date("2025-06-20");
    }
    let k = &kpis(&l, &KpiOptions::new(date("2025-06-30")))[0];
    assert_eq!(k.total_outstanding, dec("30000.00"));
    assert_eq!(k.sales_period, dec("60000.00"));
    assert_eq!(k.dso_simple_days, Some(dec("45")));
    assert_eq!(k.overdue, dec("10000.00"));
    assert_eq!(k.overdue_share, Some(dec("10000") / dec("30000")));
    assert_eq!(k.top_debtors[0].name, "Y");
    assert_eq!(k.monthly.len(), 12);
    assert_eq!(k.monthly.last().unwrap().date, date("2025-06-30"));
    assert_eq!(k.monthly[10].date, date("2025-05-31"));
}

#[test]
fn countback_walks_months_back() {
    let as_of = date("2025-06-20");
    // June (20 days) sold 10,000; May (31 days) 20,000; April (30 days) 30,000.
    let sales = [dec("10000"), dec("20000"), dec("30000")];
    let table = [
        ("5000", "10"),    // half of June's 20 days
        ("10000", "20"),   // exactly June
        ("20000", "35.5"), // June + half of May
        ("45000", "66"),   // June (20) + May (31) + half of April (15)
        ("0", "0"),
    ];
    for (receivables, days) in table {
        assert_eq!(
            countback(dec(receivables), &sales, as_of),
            Some(dec(days)),
            "{receivables}"
        );
    }
    assert_eq!(
        countback(dec("100000"), &sales, as_of),
        None,
        "more than all the sales known"
    );
}

#[test]
fn cei_dispute_and_bad_debt() {
    let csv = "N° facture;Client;Date;Échéance;Montant TTC;Statut\n\
A;X;10/04/2025;10/05/2025;1000,00;\n\
B;X;10/05/2025;09/06/2025;1000,00;Litige\n\
C;X;10/06/2025;10/07/2025;1000,00;\n\
D;Y;10/01/2025;09/02/2025;500,00;\n";
    let (mut l, _) = load(csv, "2025-06-30");
    let d = l.invoices[3].id;
    l.set_status(d, InvoiceStatus::WrittenOff, date("2025-05-01"))
        .unwrap();
    let a = l.invoices[0].id;
    l.record_payment(a, date("2025-05-20"), dec("1000"))
        .unwrap();
    let k = &kpis(&l, &KpiOptions::new(date("2025-06-30")))[0];
    // Outstanding: B (disputed) + C (not due) = 2000.
    assert_eq!(k.total_outstanding, dec("2000.00"));
    assert_eq!(k.disputed, dec("1000.00"));
    assert_eq!(k.dispute_rate, Some(dec("0.5")));
    assert_eq!(
        k.overdue,
        dec("1000.00"),
        "the disputed invoice is past due"
    );
    // CEI over April–June: opening (end of March) 500, sales 3000, closing 2000, current 1000.
    assert_eq!(
        k.cei,
        Some((dec("500") + dec("3000") - dec("2000")) / (dec("500") + dec("3000") - dec("1000")))
    );
    // Written off 500 of 3500 sales in the last 12 months.
    assert_eq!(k.bad_debt_rate, Some(dec("500") / dec("3500")));
    // A was paid 10 days late.
    assert_eq!(k.avg_days_late, Some(dec("10")));
    assert_eq!(k.over_90_share, Some(Decimal::ZERO));
}
