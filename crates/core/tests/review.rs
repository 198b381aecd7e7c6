//! The "to review" list: two devices apart record the same payment; once each has the
//! other's events, both show one item naming both payments; resolved on one device (keep one,
//! keep both), the resolution's event makes the item go on the other too.

mod common;

use common::commands::{apart, exchange, import, Book};
use common::{date, dec};
use encours_core::correction::Surplus;
use encours_core::kpi::{kpis, KpiOptions};
use encours_core::portfolio::command::Command;
use encours_core::portfolio::review::{items, Keep, ReviewKind, Side};
use rust_decimal::Decimal;

const TODAY: &str = "2025-07-15";
const AT: i64 = 1_752_537_600_000;
const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC
F-1;Acme;01/01/2025;31/01/2025;1 000,00
F-2;Bolt;01/01/2025;31/01/2025;200,00
";
/// One payment as typed: the invoice (its position), the amount, the date.
type Entered = (usize, &'static str, &'static str);

const A: u64 = 0x1234_5678_9abc_def0;
const B: u64 = 0x0bad_f00d_dead_beef;

fn pay(b: &mut Book, invoice: usize, amount: &str, day: &str) {
    let id = b.p.invoices[invoice].id;
    b.reply(Command::RecordPayment {
        invoice: id,
        date: date(day),
        amount: dec(amount),
        surplus: Surplus::Refuse,
    })
    .expect("a payment within what is owed");
}

fn heads(b: &Book) -> Vec<encours_core::portfolio::event::EventHead> {
    b.log.iter().map(|e| e.head.clone()).collect()
}

fn outstanding(b: &Book) -> Decimal {
    kpis(b.p.ledger(), &KpiOptions::new(date(TODAY)))[0].total_outstanding
}

/// (what each device enters: invoice, amount, date) → items expected once both have both.
#[test]
fn only_the_same_payment_on_two_devices_is_an_item() {
    let cases: [(&str, Entered, Entered, usize); 5] = [
        (
            "same invoice, amount, date",
            (0, "100", "2025-07-01"),
            (0, "100", "2025-07-01"),
            1,
        ),
        (
            "same amount written otherwise",
            (0, "100.00", "2025-07-01"),
            (0, "100", "2025-07-01"),
            1,
        ),
        (
            "another amount",
            (0, "100", "2025-07-01"),
            (0, "99.99", "2025-07-01"),
            0,
        ),
        (
            "another date",
            (0, "100", "2025-07-01"),
            (0, "100", "2025-07-02"),
            0,
        ),
        (
            "another invoice",
            (0, "100", "2025-07-01"),
            (1, "100", "2025-07-01"),
            0,
        ),
    ];
    for (what, on_a, on_b, want) in cases {
        let (mut a, mut b, n) = apart(BOOK, TODAY, AT, (A, B));
        pay(&mut a, on_a.0, on_a.1, on_a.2);
        pay(&mut b, on_b.0, on_b.1, on_b.2);
        // Apart, neither sees anything to review.
        assert!(items(&a.p, &heads(&a)).is_empty(), "{what}");
        exchange(&mut [&mut a, &mut b], &[n, n]);
        let (ia, ib) = (items(&a.p, &heads(&a)), items(&b.p, &heads(&b)));
        assert_eq!(ia.len(), want, "{what}");
        assert_eq!(ia, ib, "{what}: both devices show the same list");
        if let Some(i) = ia.first() {
            assert_eq!(i.kind, ReviewKind::SamePayment);
            assert_eq!(i.amount, dec("100"));
            assert_eq!(i.invoices, vec![a.p.invoices[0].id]);
            let mut made = [a.p.payments[0].id, a.p.payments[1].id];
            made.sort();
            assert_eq!(i.sides, made.map(Side::Payment));
        }
    }
}

#[test]
fn one_device_entering_a_payment_twice_is_its_own_business() {
    let (mut a, _, _) = apart(BOOK, TODAY, AT, (A, B));
    pay(&mut a, 0, "100", "2025-07-01");
    pay(&mut a, 0, "100", "2025-07-01");
    assert_eq!(a.p.payments.len(), 2);
    assert!(items(&a.p, &heads(&a)).is_empty());
}

#[test]
fn keeping_one_side_cancels_the_other_on_both_devices() {
    for keep in [Keep::First, Keep::Second] {
        let (mut a, mut b, n) = apart(BOOK, TODAY, AT, (A, B));
        pay(&mut a, 0, "100", "2025-07-01");
        pay(&mut b, 0, "100", "2025-07-01");
        exchange(&mut [&mut a, &mut b], &[n, n]);
        // 1,200 owed, paid twice 100 (the item is there to say so).
        assert_eq!(outstanding(&a), dec("1000"));
        let item = items(&a.p, &heads(&a)).remove(0);
        let (la, lb) = (a.log.len(), b.log.len());
        a.reply(Command::ResolveReview {
            sides: item.sides,
            keep,
        })
        .expect("resolved");
        exchange(&mut [&mut a, &mut b], &[la, lb]);
        for d in [&a, &b] {
            assert!(items(&d.p, &heads(d)).is_empty(), "{keep:?}");
            assert_eq!(d.p.payments.len(), 1, "{keep:?}");
            assert_eq!(outstanding(d), dec("1100"), "{keep:?}");
            let kept = if keep == Keep::First {
                item.sides[0]
            } else {
                item.sides[1]
            };
            assert_eq!(Side::Payment(d.p.payments[0].id), kept, "{keep:?}");
        }
    }
}

#[test]
fn keeping_both_leaves_both_payments_and_no_item() {
    let (mut a, mut b, n) = apart(BOOK, TODAY, AT, (A, B));
    pay(&mut a, 0, "100", "2025-07-01");
    pay(&mut b, 0, "100", "2025-07-01");
    exchange(&mut [&mut a, &mut b], &[n, n]);
    let item = items(&b.p, &heads(&b)).remove(0);
    let (la, lb) = (a.log.len(), b.log.len());
    // Resolved on B, sides given in the other order: the same pair.
    b.reply(Command::ResolveReview {
        sides: [item.sides[1], item.sides[0]],
        keep: Keep::Both,
    })
    .expect("resolved");
    exchange(&mut [&mut a, &mut b], &[la, lb]);
    for d in [&a, &b] {
        assert!(items(&d.p, &heads(d)).is_empty());
        assert_eq!(d.p.payments.len(), 2);
        assert_eq!(outstanding(d), dec("1000"));
    }
    // A third entry of the same payment, on A, is a new pair to review.
    pay(&mut a, 0, "100", "2025-07-01");
    assert_eq!(items(&a.p, &heads(&a)).len(), 1);
}

#[test]
fn resolving_a_pair_already_gone_is_refused_and_changes_nothing() {
    let (mut a, mut b, n) = apart(BOOK, TODAY, AT, (A, B));
    pay(&mut a, 0, "100", "2025-07-01");
    pay(&mut b, 0, "100", "2025-07-01");
    exchange(&mut [&mut a, &mut b], &[n, n]);
    let item = items(&a.p, &heads(&a)).remove(0);
    a.reply(Command::ResolveReview {
        sides: item.sides,
        keep: Keep::First,
    })
    .unwrap();
    let before = a.p.clone();
    let refused = a.run(Command::ResolveReview {
        sides: item.sides,
        keep: Keep::Second,
    });
    assert_eq!(refused.unwrap_err().code(), "unknown_payment");
    assert_eq!(a.p, before);
}

/// Two payments that each fit what was owed on their own device, and together pay more than
/// the invoice asks: one item, whose amount is the part beyond — worked out here by hand
/// from the invoice's total, its credit note and the two payments.
#[test]
fn two_devices_paying_one_invoice_beyond_its_amount_is_an_item() {
    // (credit note on F-1 before the devices part, A's payment, B's payment, beyond)
    let cases: [(&str, &str, &str, Option<&str>); 4] = [
        ("0", "600", "500", Some("100")),   // 1,000 asked, 1,100 paid
        ("0", "600", "400", None),          // exactly paid
        ("200", "500", "400", Some("100")), // 800 asked, 900 paid
        ("200", "500", "300", None),
    ];
    for (note, on_a, on_b, want) in cases {
        let mut base = Book::empty(TODAY, AT);
        base.reply(import(BOOK, TODAY)).unwrap();
        if note != "0" {
            let invoice = base.p.invoices[0].id;
            base.reply(Command::IssueCreditNote {
                invoice,
                amount: dec(note),
            })
            .unwrap();
        }
        let n = base.log.len();
        let (mut a, mut b) = (base.fork(A), base.fork(B));
        pay(&mut a, 0, on_a, "2025-07-01");
        pay(&mut b, 0, on_b, "2025-07-03");
        assert!(items(&a.p, &heads(&a)).is_empty());
        assert!(items(&b.p, &heads(&b)).is_empty());
        exchange(&mut [&mut a, &mut b], &[n, n]);
        let (ia, ib) = (items(&a.p, &heads(&a)), items(&b.p, &heads(&b)));
        assert_eq!(
            ia, ib,
            "{note} {on_a} {on_b}: both devices show the same list"
        );
        match want {
            None => assert!(ia.is_empty(), "{note} {on_a} {on_b}: {ia:?}"),
            Some(beyond) => {
                assert_eq!(ia.len(), 1, "{note} {on_a} {on_b}");
                let i = &ia[0];
                assert_eq!(i.kind, ReviewKind::BeyondAmount);
                assert_eq!(i.amount, dec(beyond));
                assert_eq!(i.date, date("2025-07-03"), "the later side's date");
                assert_eq!(i.invoices, vec![a.p.invoices[0].id]);
                assert_eq!(i.client, a.p.invoices[0].client);
                let mut made: Vec<_> = a.p.payments.iter().map(|p| Side::Payment(p.id)).collect();
                made.sort();
                assert_eq!(i.sides.to_vec(), made);
            }
        }
    }
}

#[test]
fn a_payment_beyond_the_amount_resolved_on_one_device_is_gone_on_both() {
    for keep in [Keep::First, Keep::Second, Keep::Both] {
        let (mut a, mut b, n) = apart(BOOK, TODAY, AT, (A, B));
        pay(&mut a, 0, "600", "2025-07-01");
        pay(&mut b, 0, "500", "2025-07-02");
        exchange(&mut [&mut a, &mut b], &[n, n]);
        let item = items(&b.p, &heads(&b)).remove(0);
        assert_eq!(item.kind, ReviewKind::BeyondAmount);
        let (la, lb) = (a.log.len(), b.log.len());
        b.reply(Command::ResolveReview {
            sides: item.sides,
            keep,
        })
        .expect("resolved");
        exchange(&mut [&mut a, &mut b], &[la, lb]);
        let left = if keep == Keep::Both { 2 } else { 1 };
        for d in [&a, &b] {
            assert!(items(&d.p, &heads(d)).is_empty(), "{keep:?}");
            assert_eq!(d.p.payments.len(), left, "{keep:?}");
        }
        // The side kept is the one named, and what stays owed (F-1 1,000 and F-2 200) is
        // what it did not pay.
        if let Some(gone) = keep.dropped(item.sides) {
            let stays = if gone == item.sides[0] {
                item.sides[1]
            } else {
                item.sides[0]
            };
            for d in [&a, &b] {
                assert_eq!(Side::Payment(d.p.payments[0].id), stays, "{keep:?}");
                assert_eq!(outstanding(d), dec("1200") - d.p.payments[0].amount);
            }
        }
    }
}

/// Reminders sent apart for two different clients: once each device has the other's events,
/// both devices hold both reminders (nothing lost), the same on each.
#[test]
fn reminders_sent_apart_for_two_clients_are_both_kept_on_both_devices() {
    use encours_core::dunning::worklist;
    use encours_core::penalty::RateTable;
    let (mut a, mut b, n) = apart(BOOK, TODAY, AT, (A, B));
    let mut entries = worklist(&a.p, &RateTable::builtin(), date(TODAY)).entries;
    assert!(entries.len() >= 2, "both clients are late");
    let (ea, eb) = (entries.remove(0), entries.remove(0));
    assert_ne!(ea.client, eb.client);
    a.reply(Command::MarkSent {
        items: vec![(ea, "Relance A".into())],
        call: None,
    })
    .unwrap();
    b.reply(Command::MarkSent {
        items: vec![(eb, "Relance B".into())],
        call: None,
    })
    .unwrap();
    exchange(&mut [&mut a, &mut b], &[n, n]);
    for d in [&a, &b] {
        let mut texts: Vec<&str> = (d.p.follow_up.activities.iter())
            .map(|x| x.text.as_str())
            .collect();
        texts.sort();
        assert_eq!(texts, ["Relance A", "Relance B"]);
    }
}
