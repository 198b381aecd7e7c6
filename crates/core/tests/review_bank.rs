//! One bank receipt reconciled on two devices apart (each read the same statement): two
//! payments for one transaction. Once each device has the other's events, both show one
//! "to review" item of kind `SameBankLine` naming both payments — whichever invoices each
//! device matched it to — and keeping one side on one device cancels the other everywhere.
//! Different receipts, or one device alone (its reconciliation refuses a receipt already
//! applied), give no item.

mod common;

use common::commands::{apart, exchange, Book};
use common::{date, dec};
use encours_core::bank::{Direction, Transaction};
use encours_core::ledger::Allocation;
use encours_core::portfolio::bank::{BankDecision, BankItem};
use encours_core::portfolio::command::{Command, CommandError};
use encours_core::portfolio::event::EventHead;
use encours_core::portfolio::review::{self, items, Keep, ReviewKind};

const TODAY: &str = "2025-07-15";
const AT: i64 = 1_752_537_600_000;
const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC
F-1;Acme;01/01/2025;31/01/2025;1 000,00
F-2;Acme;01/02/2025;28/02/2025;400,00
";
const A: u64 = 0x1234_5678_9abc_def0;
const B: u64 = 0x0bad_f00d_dead_beef;

fn receipt(id: &str) -> Transaction {
    Transaction {
        id: id.into(),
        account: Some("FR7630004000031234567890143".into()),
        date: date("2025-07-10"),
        value_date: None,
        amount: dec("150"),
        direction: Direction::Credit,
        currency: Default::default(),
        label: "VIR SEPA RECU /DE ACME".into(),
        counterparty: Some("ACME".into()),
        iban: None,
        references: Vec::new(),
        remittance: String::new(),
        line: 1,
    }
}

/// The receipt `id` reconciled on `b`, to its invoice at position `invoice`.
fn reconcile(b: &mut Book, id: &str, invoice: usize) -> Result<(), CommandError> {
    let item = BankItem {
        transaction: receipt(id),
        decision: BankDecision::Pay(vec![Allocation {
            invoice: b.p.invoices[invoice].id,
            amount: dec("150"),
        }]),
    };
    b.run(Command::ApplyBankMatches {
        label: "releve-juillet.xml".into(),
        items: vec![item],
    })
    .map(|_| ())
}

fn heads(b: &Book) -> Vec<EventHead> {
    b.log.iter().map(|e| e.head.clone()).collect()
}

/// (what, A's receipt and invoice, B's, items once both have both)
#[test]
fn one_receipt_reconciled_on_two_devices_is_one_item() {
    type Side = (&'static str, usize);
    let cases: [(&str, Side, Side, usize); 3] = [
        (
            "the same receipt to the same invoice",
            ("TX-1", 0),
            ("TX-1", 0),
            1,
        ),
        (
            "the same receipt to two invoices",
            ("TX-1", 0),
            ("TX-1", 1),
            1,
        ),
        ("two receipts", ("TX-1", 0), ("TX-2", 0), 0),
    ];
    for (what, on_a, on_b, want) in cases {
        let (mut a, mut b, n) = apart(BOOK, TODAY, AT, (A, B));
        reconcile(&mut a, on_a.0, on_a.1).unwrap();
        reconcile(&mut b, on_b.0, on_b.1).unwrap();
        assert!(items(&a.p, &heads(&a)).is_empty(), "{what}: apart, nothing");
        exchange(&mut [&mut a, &mut b], &[n, n]);
        let (ia, ib) = (items(&a.p, &heads(&a)), items(&b.p, &heads(&b)));
        assert_eq!(ia.len(), want, "{what}");
        assert_eq!(ia, ib, "{what}: both devices show the same list");
        if let Some(i) = ia.first() {
            assert_eq!(i.kind, ReviewKind::SameBankLine, "{what}");
            assert_eq!(i.amount, dec("150"));
            assert_eq!(i.date, date("2025-07-10"));
            let mut sides = [a.p.payments[0].id, a.p.payments[1].id];
            sides.sort();
            assert_eq!(i.sides, sides.map(review::Side::Payment));
            let mut invoices = vec![a.p.invoices[on_a.1].id, a.p.invoices[on_b.1].id];
            invoices.dedup();
            assert_eq!(i.invoices, invoices, "{what}");
        }
    }
}

#[test]
fn one_device_cannot_apply_a_receipt_twice() {
    let (mut a, _, _) = apart(BOOK, TODAY, AT, (A, B));
    reconcile(&mut a, "TX-1", 0).unwrap();
    assert!(reconcile(&mut a, "TX-1", 1).is_err());
    assert_eq!(a.p.payments.len(), 1);
    assert!(items(&a.p, &heads(&a)).is_empty());
}

#[test]
fn keeping_one_side_cancels_the_other_everywhere() {
    for keep in [Keep::First, Keep::Second, Keep::Both] {
        let (mut a, mut b, n) = apart(BOOK, TODAY, AT, (A, B));
        reconcile(&mut a, "TX-1", 0).unwrap();
        reconcile(&mut b, "TX-1", 1).unwrap();
        exchange(&mut [&mut a, &mut b], &[n, n]);
        let item = items(&a.p, &heads(&a)).remove(0);
        let (la, lb) = (a.log.len(), b.log.len());
        a.run(Command::ResolveReview {
            sides: item.sides,
            keep,
        })
        .expect("resolved");
        exchange(&mut [&mut a, &mut b], &[la, lb]);
        let left: Vec<_> = match keep {
            Keep::First => vec![item.sides[0]],
            Keep::Second => vec![item.sides[1]],
            Keep::Both => item.sides.to_vec(),
        };
        let left: Vec<_> = left.iter().filter_map(|s| s.payment()).collect();
        for d in [&a, &b] {
            assert!(items(&d.p, &heads(d)).is_empty(), "{keep:?}");
            let ids: Vec<_> = d.p.payments.iter().map(|x| x.id).collect();
            assert_eq!(ids, left, "{keep:?}");
        }
        assert!(a.p == b.p, "{keep:?}");
    }
}

/// Each side of the item is shown with the event that made it: for a reconciled receipt,
/// the reconciliation of its batch, on its own device.
#[test]
fn each_side_is_made_by_its_devices_reconciliation() {
    use encours_core::portfolio::event::Fact;
    use encours_core::portfolio::review::made_by;
    let (mut a, mut b, n) = apart(BOOK, TODAY, AT, (A, B));
    reconcile(&mut a, "TX-1", 0).unwrap();
    reconcile(&mut b, "TX-1", 1).unwrap();
    exchange(&mut [&mut a, &mut b], &[n, n]);
    let item = items(&a.p, &heads(&a)).remove(0);
    let hs = heads(&a);
    let made: Vec<_> = (item.sides.iter())
        .map(|&s| {
            made_by(&a.p, &hs, s)
                .map(|k| &hs[k])
                .expect("a side is made by an event")
        })
        .collect();
    assert!(made
        .iter()
        .all(|h| matches!(h.fact, Fact::BankMatched { .. })));
    let mut devices: Vec<_> = made.iter().map(|h| h.device).collect();
    devices.sort();
    let mut want = vec![A, B];
    want.sort();
    assert_eq!(devices, want, "one side each device's");
}
