//! The "to review" list, beyond payments: one invoice number made on two devices (a file
//! imported on both while apart), and an invoice written off on one device while a payment
//! for it was recorded on the other. Each pair is one item on both devices once they have
//! each other's events; keeping one side (or both) on one device settles it on both, and
//! the books end equal. What stays owed is worked out here from the files' figures by hand.

mod common;

use common::commands::{apart, exchange, import, Book};
use common::{date, dec};
use encours_core::correction::Surplus;
use encours_core::kpi::{kpis, KpiOptions};
use encours_core::ledger::{InvoiceId, InvoiceStatus};
use encours_core::portfolio::command::Command;
use encours_core::portfolio::event::EventHead;
use encours_core::portfolio::review::{items, made_by, Keep, ReviewItem, ReviewKind, Side};
use rust_decimal::Decimal;

const TODAY: &str = "2025-07-15";
const AT: i64 = 1_752_537_600_000;
const A: u64 = 0x1234_5678_9abc_def0;
const B: u64 = 0x0bad_f00d_dead_beef;

/// The file both devices import apart: 1,000 + 200 + 50 owed.
const FILE: &str = "N° facture;Client;Date;Échéance;Montant TTC
F-1;Acme;01/01/2025;31/01/2025;1 000,00
F-2;Bolt;01/01/2025;31/01/2025;200,00
F-3;Acme;02/01/2025;28/02/2025;50,00
";

/// The same numbers, one invoice's amount typed otherwise (B's export, corrected since).
const OTHER: &str = "N° facture;Client;Date;Échéance;Montant TTC
F-1;Acme;01/01/2025;31/01/2025;1 000,00
F-3;Acme;02/01/2025;28/02/2025;55,00
";

fn heads(b: &Book) -> Vec<EventHead> {
    b.log.iter().map(|e| e.head.clone()).collect()
}

fn list(b: &Book) -> Vec<ReviewItem> {
    items(&b.p, &heads(b))
}

fn outstanding(b: &Book) -> Decimal {
    kpis(b.p.ledger(), &KpiOptions::new(date(TODAY)))[0].total_outstanding
}

/// Two devices with nothing yet, parted.
fn empty_apart() -> (Book, Book) {
    let base = Book::empty(TODAY, AT);
    (base.fork(A), base.fork(B))
}

fn number(b: &Book, id: InvoiceId) -> String {
    b.p.invoice(id).expect("in the book").number.clone()
}

fn invoice(b: &Book, number: &str) -> InvoiceId {
    (b.p.invoices.iter())
        .find(|i| i.number == number)
        .map(|i| i.id)
        .expect("in the book")
}

fn pay(b: &mut Book, invoice: InvoiceId, amount: &str) {
    b.reply(Command::RecordPayment {
        invoice,
        date: date("2025-07-10"),
        amount: dec(amount),
        surplus: Surplus::Refuse,
    })
    .expect("a payment within what is owed");
}

fn write_off(b: &mut Book, invoice: InvoiceId) {
    b.reply(Command::SetStatus {
        invoice,
        status: InvoiceStatus::WrittenOff,
    })
    .expect("written off");
}

/// The numbers the two files share, worked out from the files' text (not by the code under
/// test): each is one item.
fn shared(x: &str, y: &str) -> Vec<String> {
    let numbers = |s: &str| -> Vec<String> {
        s.lines()
            .skip(1)
            .map(|l| l.split(';').next().unwrap().to_string())
            .collect()
    };
    let ys = numbers(y);
    numbers(x).into_iter().filter(|n| ys.contains(n)).collect()
}

#[test]
fn one_file_imported_on_two_devices_apart_is_one_item_per_number() {
    for (what, on_b) in [("the same file", FILE), ("another export", OTHER)] {
        let (mut a, mut b) = empty_apart();
        a.reply(import(FILE, TODAY)).expect("imports");
        b.reply(import(on_b, TODAY)).expect("imports");
        assert!(list(&a).is_empty() && list(&b).is_empty(), "{what}: apart");
        exchange(&mut [&mut a, &mut b], &[0, 0]);
        let (ia, ib) = (list(&a), list(&b));
        assert_eq!(ia, ib, "{what}: both devices show the same list");
        let mut numbers: Vec<String> = ia.iter().map(|i| number(&a, i.invoices[0])).collect();
        numbers.sort();
        assert_eq!(numbers, shared(FILE, on_b), "{what}");
        for i in &ia {
            assert_eq!(i.kind, ReviewKind::SameNumber, "{what}");
            let [Side::Invoice(x), Side::Invoice(y)] = i.sides else {
                panic!("{what}: invoice sides")
            };
            assert_eq!(i.invoices, vec![x, y]);
            assert_eq!(number(&a, x), number(&a, y));
            assert_ne!(x.tag(), y.tag(), "{what}: one side from each device");
            assert_eq!(i.amount, b.p.invoice(y).unwrap().total.normalize());
        }
        // Each side was made by its own device's import.
        let hs = heads(&a);
        let devices: Vec<u64> = (ia[0].sides.iter())
            .map(|&s| hs[made_by(&a.p, &hs, s).expect("made by an import")].device)
            .collect();
        assert!(devices.contains(&A) && devices.contains(&B), "{what}");
    }
}

#[test]
fn one_device_importing_a_file_again_makes_no_twin() {
    let (mut a, _) = empty_apart();
    a.reply(import(FILE, TODAY)).expect("imports");
    a.reply(import(OTHER, TODAY)).expect("imports again");
    assert_eq!(a.p.invoices.len(), 3);
    assert!(list(&a).is_empty());
}

/// Keeping one twin removes the other on both devices; a payment B recorded against its twin
/// moves to the invoice kept, so what stays owed is the file's total less that payment.
#[test]
fn keeping_one_twin_removes_the_other_and_keeps_its_payment() {
    for keep in [Keep::First, Keep::Second, Keep::Both] {
        let (mut a, mut b) = empty_apart();
        a.reply(import(FILE, TODAY)).expect("imports");
        b.reply(import(FILE, TODAY)).expect("imports");
        let on_b = invoice(&b, "F-1");
        pay(&mut b, on_b, "300");
        exchange(&mut [&mut a, &mut b], &[0, 0]);
        // Owed twice over, less the payment: 2 × 1,250 − 300.
        assert_eq!(outstanding(&a), dec("2200"));
        let item = (list(&a).into_iter())
            .find(|i| i.invoices.contains(&on_b))
            .expect("F-1 is an item");
        let (la, lb) = (a.log.len(), b.log.len());
        a.reply(Command::ResolveReview {
            sides: item.sides,
            keep,
        })
        .expect("resolved");
        exchange(&mut [&mut a, &mut b], &[la, lb]);
        assert!(a.p == b.p, "{keep:?}: the books are equal");
        for d in [&a, &b] {
            let left = list(d);
            assert!(left.iter().all(|i| !i.invoices.contains(&on_b)), "{keep:?}");
            assert_eq!(left.len(), 2, "{keep:?}: F-2 and F-3 still to review");
            let f1 = d.p.invoices.iter().filter(|i| i.number == "F-1").count();
            assert_eq!(f1, if keep == Keep::Both { 2 } else { 1 }, "{keep:?}");
            // One F-1 gone: 1,000 less owed; the 300 paid still counts, on the one kept.
            let want = if keep == Keep::Both { "2200" } else { "1200" };
            assert_eq!(outstanding(d), dec(want), "{keep:?}");
            assert_eq!(d.p.payments.len(), 1);
            let paid = d.p.payments[0].allocations[0].invoice;
            assert_eq!(number(d, paid), "F-1", "{keep:?}");
        }
    }
}

#[test]
fn a_write_off_racing_a_payment_is_one_item_until_resolved() {
    for keep in [Keep::First, Keep::Second, Keep::Both] {
        let (mut a, mut b, n) = apart(FILE, TODAY, AT, (A, B));
        let f1 = invoice(&a, "F-1");
        write_off(&mut a, f1);
        pay(&mut b, f1, "200");
        assert!(list(&a).is_empty() && list(&b).is_empty(), "apart");
        exchange(&mut [&mut a, &mut b], &[n, n]);
        let (ia, ib) = (list(&a), list(&b));
        assert_eq!(ia, ib);
        assert_eq!(ia.len(), 1, "{ia:?}");
        let item = &ia[0];
        assert_eq!(item.kind, ReviewKind::WriteOffAndPayment);
        let paid = b.p.payments[0].id;
        assert_eq!(item.sides, [Side::WriteOff(f1), Side::Payment(paid)]);
        assert_eq!(item.amount, dec("200"));
        let hs = heads(&a);
        let who = |s| hs[made_by(&a.p, &hs, s).expect("made by an event")].device;
        assert_eq!((who(item.sides[0]), who(item.sides[1])), (A, B));
        let (la, lb) = (a.log.len(), b.log.len());
        // Resolved on B, the sides given the other way round: the same pair.
        let swapped = match keep {
            Keep::First => Keep::Second,
            Keep::Second => Keep::First,
            Keep::Both => Keep::Both,
        };
        b.reply(Command::ResolveReview {
            sides: [item.sides[1], item.sides[0]],
            keep: swapped,
        })
        .expect("resolved");
        exchange(&mut [&mut a, &mut b], &[la, lb]);
        assert!(a.p == b.p, "{keep:?}");
        for d in [&a, &b] {
            assert!(list(d).is_empty(), "{keep:?}");
            let status = d.p.invoice(f1).unwrap().status;
            let (status_want, payments) = match keep {
                Keep::First => (InvoiceStatus::WrittenOff, 0),
                Keep::Second => (InvoiceStatus::Open, 1),
                Keep::Both => (InvoiceStatus::WrittenOff, 1),
            };
            assert_eq!(status, status_want, "{keep:?}");
            assert_eq!(d.p.payments.len(), payments, "{keep:?}");
        }
    }
}

#[test]
fn a_payment_the_write_off_knew_of_or_made_after_it_is_no_item() {
    // B's payment reached A before A wrote the rest off.
    let (mut a, mut b, n) = apart(FILE, TODAY, AT, (A, B));
    let f1 = invoice(&a, "F-1");
    pay(&mut b, f1, "200");
    exchange(&mut [&mut a, &mut b], &[n, n]);
    let (la, lb) = (a.log.len(), b.log.len());
    write_off(&mut a, f1);
    exchange(&mut [&mut a, &mut b], &[la, lb]);
    assert!(list(&a).is_empty() && list(&b).is_empty());
    // A recovery recorded on the write-off's own device, after it.
    let (mut a, _, _) = apart(FILE, TODAY, AT, (A, B));
    write_off(&mut a, f1);
    pay(&mut a, f1, "100");
    assert!(list(&a).is_empty());
    // The write-off taken back on A: nothing raced any more.
    let (mut a, mut b, n) = apart(FILE, TODAY, AT, (A, B));
    write_off(&mut a, f1);
    pay(&mut b, f1, "200");
    a.reply(Command::SetStatus {
        invoice: f1,
        status: InvoiceStatus::Open,
    })
    .unwrap();
    exchange(&mut [&mut a, &mut b], &[n, n]);
    assert!(list(&a).is_empty() && list(&b).is_empty());
}

/// Each device marks the first worklist entry sent, with `text` (the letter as its device
/// drafted it), on `day`.
fn mark_first(b: &mut Book, text: &str, day: &str) {
    use encours_core::dunning::worklist;
    use encours_core::penalty::RateTable;
    let entry = worklist(&b.p, &RateTable::builtin(), date(day))
        .entries
        .remove(0);
    b.run_on(
        day,
        Command::MarkSent {
            items: vec![(entry, text.into())],
            call: None,
        },
    )
    .expect("marked sent");
}

fn reminders(b: &Book) -> usize {
    b.p.follow_up.activities.len()
}

#[test]
fn one_reminder_marked_sent_on_two_devices_is_one_item_until_resolved() {
    for keep in [Keep::First, Keep::Second, Keep::Both] {
        let (mut a, mut b, n) = apart(FILE, TODAY, AT, (A, B));
        mark_first(&mut a, "Relance de Léa", TODAY);
        mark_first(&mut b, "Relance de Marc", "2025-07-16");
        assert!(list(&a).is_empty() && list(&b).is_empty(), "apart");
        exchange(&mut [&mut a, &mut b], &[n, n]);
        // The timeline holds two letters of one level.
        assert_eq!((reminders(&a), reminders(&b)), (2, 2));
        let (ia, ib) = (list(&a), list(&b));
        assert_eq!(ia, ib);
        assert_eq!(ia.len(), 1, "{ia:?}");
        let item = &ia[0];
        assert_eq!(item.kind, ReviewKind::SameReminder);
        assert_eq!(item.date, date("2025-07-16"), "the later side's");
        // Each side is its device's entry, found by who made it.
        let hs = heads(&a);
        let who = |s| hs[made_by(&a.p, &hs, s).expect("made by an event")].device;
        let by: Vec<u64> = item.sides.iter().map(|&s| who(s)).collect();
        assert!(by.contains(&A) && by.contains(&B), "{by:?}");
        let text = |d: &Book, s| match s {
            Side::Reminder(f) => {
                encours_core::portfolio::review::reminder_entry(&d.p, f).map(|x| x.text.clone())
            }
            _ => None,
        };
        let kept_text = match keep {
            Keep::First => text(&a, item.sides[0]),
            Keep::Second => text(&a, item.sides[1]),
            Keep::Both => None,
        };
        let (la, lb) = (a.log.len(), b.log.len());
        b.reply(Command::ResolveReview {
            sides: item.sides,
            keep,
        })
        .expect("resolved");
        exchange(&mut [&mut a, &mut b], &[la, lb]);
        assert!(a.p == b.p, "{keep:?}");
        for d in [&a, &b] {
            assert!(list(d).is_empty(), "{keep:?}");
            let left: Vec<&str> = (d.p.follow_up.activities.iter())
                .map(|x| x.text.as_str())
                .collect();
            match &kept_text {
                Some(t) => assert_eq!(left, [t.as_str()], "{keep:?}"),
                None => assert_eq!(left.len(), 2, "{keep:?}"),
            }
        }
    }
}

#[test]
fn one_device_reminding_twice_or_two_devices_reminding_alike_is_no_item() {
    // The same letter on the same day from both devices: one entry (kept once), nothing to
    // review.
    let (mut a, mut b, n) = apart(FILE, TODAY, AT, (A, B));
    mark_first(&mut a, "Relance", TODAY);
    mark_first(&mut b, "Relance", TODAY);
    exchange(&mut [&mut a, &mut b], &[n, n]);
    assert_eq!(reminders(&a), 1);
    assert!(list(&a).is_empty() && list(&b).is_empty());
    // Two levels for two different clients apart: two entries, no item.
    let (mut a, mut b, n) = apart(FILE, TODAY, AT, (A, B));
    mark_first(&mut a, "Relance A", TODAY);
    use encours_core::dunning::worklist;
    use encours_core::penalty::RateTable;
    let second = worklist(&b.p, &RateTable::builtin(), date(TODAY))
        .entries
        .remove(1);
    b.reply(Command::MarkSent {
        items: vec![(second, "Relance B".into())],
        call: None,
    })
    .unwrap();
    exchange(&mut [&mut a, &mut b], &[n, n]);
    assert_eq!(reminders(&a), 2);
    assert!(list(&a).is_empty());
    // One device filing one level twice (the same entry marked again): its user's own.
    let (mut a, _, _) = apart(FILE, TODAY, AT, (A, B));
    let entry = worklist(&a.p, &RateTable::builtin(), date(TODAY))
        .entries
        .remove(0);
    for text in ["Relance", "Relance, encore"] {
        a.reply(Command::MarkSent {
            items: vec![(entry.clone(), text.into())],
            call: None,
        })
        .unwrap();
    }
    assert_eq!(reminders(&a), 2);
    assert!(list(&a).is_empty());
}
