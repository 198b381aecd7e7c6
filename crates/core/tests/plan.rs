//! Payment plans and promises against the payments received.

mod common;

use common::{date, dec, load};
use encours_core::collection::Promise;
use encours_core::dunning::Channel;
use encours_core::plan::{plan_status, promise_status, schedule, Frequency, Plan, PromiseStatus};

const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC
A-1;Acme;01/01/2025;31/01/2025;1 200,00
A-2;Acme;15/01/2025;14/02/2025;300,00
";

#[test]
fn plan_installments_paid_missed_completed() {
    let (mut l, _) = load(BOOK, "2025-01-01");
    let acme = l.clients[0].id;
    let ids: Vec<_> = l.invoices.iter().map(|i| i.id).collect();
    let plan = Plan {
        id: 0,
        client: acme,
        agreed_on: date("2025-03-01"),
        invoices: ids.clone(),
        installments: schedule(
            dec("1500"),
            dec("300"),
            3,
            date("2025-03-05"),
            Frequency::Monthly,
        )
        .unwrap(),
        stops_penalties: true,
        cancelled: false,
    };
    // 300 down on 05/03, then 400 on 05/04, 05/05, 05/06.
    let amounts: Vec<_> = plan
        .installments
        .iter()
        .map(|i| (i.due.to_string(), i.amount))
        .collect();
    assert_eq!(
        amounts,
        [
            ("2025-03-05".into(), dec("300")),
            ("2025-04-05".into(), dec("400")),
            ("2025-05-05".into(), dec("400")),
            ("2025-06-05".into(), dec("400"))
        ]
    );
    // A payment before the plan was agreed does not count for it.
    l.record_payment(ids[0], date("2025-02-20"), dec("50"))
        .unwrap();
    l.record_payment(ids[0], date("2025-03-05"), dec("300"))
        .unwrap();
    l.record_payment(ids[0], date("2025-04-03"), dec("250"))
        .unwrap();
    // (date, on track, missed, completed, received)
    let cases: &[(&str, bool, &[usize], bool, &str)] = &[
        ("2025-03-04", true, &[], false, "0"),
        ("2025-03-06", true, &[], false, "300"),
        ("2025-04-05", true, &[], false, "550"),
        // 150 short on the installment due 05/04: missed from the day after.
        ("2025-04-06", false, &[1], false, "550"),
    ];
    for &(today, on_track, missed, completed, received) in cases {
        let s = plan_status(&l, &plan, date(today));
        assert_eq!(
            (s.on_track, s.missed.as_slice(), s.completed, s.received),
            (on_track, missed, completed, dec(received)),
            "{today}"
        );
    }
    l.record_payment(ids[1], date("2025-04-10"), dec("1150"))
        .unwrap();
    let s = plan_status(&l, &plan, date("2025-04-11"));
    assert!(s.completed && s.on_track);
    assert_eq!(s.covered.iter().sum::<rust_decimal::Decimal>(), dec("1500"));
    // A cancelled plan is never on track.
    let cancelled = Plan {
        cancelled: true,
        ..plan
    };
    assert!(!plan_status(&l, &cancelled, date("2025-03-06")).on_track);
}

#[test]
fn promises_kept_pending_broken() {
    let (mut l, _) = load(BOOK, "2025-01-01");
    let acme = l.clients[0].id;
    let inv = l.invoices[0].id;
    let promise = Promise {
        client: acme,
        made_on: date("2025-03-01"),
        date: date("2025-03-15"),
        amount: dec("500"),
        channel: Channel::Phone,
    };
    assert_eq!(
        promise_status(&l, &promise, date("2025-03-10")),
        PromiseStatus::Pending
    );
    assert_eq!(
        promise_status(&l, &promise, date("2025-03-16")),
        PromiseStatus::Broken
    );
    // Paid in part before the date: still pending, then broken.
    l.record_payment(inv, date("2025-03-05"), dec("200"))
        .unwrap();
    assert_eq!(
        promise_status(&l, &promise, date("2025-03-15")),
        PromiseStatus::Pending
    );
    assert_eq!(
        promise_status(&l, &promise, date("2025-03-16")),
        PromiseStatus::Broken
    );
    // The rest on the promised day: kept, and it stays kept.
    l.record_payment(inv, date("2025-03-15"), dec("300"))
        .unwrap();
    assert_eq!(
        promise_status(&l, &promise, date("2025-03-15")),
        PromiseStatus::Kept
    );
    assert_eq!(
        promise_status(&l, &promise, date("2025-06-01")),
        PromiseStatus::Kept
    );
    // A payment after the date does not make a broken promise kept.
    let late = Promise {
        date: date("2025-03-04"),
        ..promise
    };
    assert_eq!(
        promise_status(&l, &late, date("2025-06-01")),
        PromiseStatus::Broken
    );
}
