//! Alerts on a crafted book: each kind appears when it should and goes when it should.

mod common;

use chrono::NaiveDate;
use common::{date, dec, load_pf};
use encours_core::alerts::alerts;
use encours_core::collection::Promise;
use encours_core::dunning::Channel;
use encours_core::plan::{agree, Frequency, PlanTerms};
use encours_core::Portfolio;
use rust_decimal::Decimal;

// On 04/05/2025: A-1 64 days late, A-2 due in 3 days, A-3 30 days late, A-4 due in 10 days.
const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC
A-1;Acme;01/01/2025;01/03/2025;800,00
A-2;Acme;01/01/2025;07/05/2025;300,00
A-3;Acme;01/01/2025;04/04/2025;100,00
A-4;Acme;01/01/2025;14/05/2025;50,00
";

fn kinds(l: &Portfolio, d: NaiveDate) -> Vec<String> {
    alerts(l, d)
        .iter()
        .map(|a| {
            let n = a
                .invoice
                .and_then(|i| l.invoice(i))
                .map(|i| i.number.as_str())
                .unwrap_or("-");
            let k = format!("{:?}", a.kind);
            format!("{} {n}", k.split_whitespace().next().unwrap())
        })
        .collect()
}

fn has(l: &Portfolio, d: &str, what: &str) -> bool {
    kinds(l, date(d)).iter().any(|k| k == what)
}

#[test]
fn each_kind_of_alert_on_a_crafted_book() {
    let (mut l, r) = load_pf(BOOK, "2025-01-01");
    assert!(r.errors.is_empty());
    l.ledger_mut().clients[0].credit_limit = Some(dec("1000"));
    let c = l.ledger().clients[0].id;
    // 1,250 owed against a 1,000 limit; A-1 went past 60 days 3 days ago; A-2 is due in 3.
    assert_eq!(
        kinds(&l, date("2025-05-04")),
        ["OverLimit -", "Over60 A-1", "FallingDue A-2"]
    );
    // A week later A-1 is no longer news; A-4 falls due within the week.
    assert_eq!(
        kinds(&l, date("2025-05-11")),
        ["OverLimit -", "FallingDue A-4"]
    );
    // A promise of 500 by 10/05, not kept: an alert from the 11th, gone after 30 days.
    l.follow_up.promises.push(Promise {
        client: c,
        made_on: date("2025-05-04"),
        date: date("2025-05-10"),
        amount: dec("500"),
        channel: Channel::Phone,
    });
    assert!(!has(&l, "2025-05-10", "BrokenPromise -"));
    assert!(has(&l, "2025-05-11", "BrokenPromise -"));
    assert!(!has(&l, "2025-06-20", "BrokenPromise -"));
    // Kept once 500 arrives in time.
    let mut kept = l.clone();
    let a1 = kept.ledger().invoices[0].id;
    kept.ledger_mut()
        .record_payment(a1, date("2025-05-09"), dec("500"))
        .unwrap();
    assert!(!has(&kept, "2025-05-11", "BrokenPromise -"));
    // A plan whose first installment (due 15/05) is not paid: missed from the 16th.
    agree(
        &mut l,
        c,
        date("2025-05-10"),
        &PlanTerms {
            down_payment: Decimal::ZERO,
            count: 2,
            first: date("2025-05-15"),
            frequency: Frequency::Monthly,
            stops_penalties: true,
        },
    )
    .unwrap();
    assert!(!has(&l, "2025-05-15", "MissedInstallment -"));
    assert_eq!(kinds(&l, date("2025-05-16"))[0], "MissedInstallment -");
}
