//! Payments recorded with their checks, corrected, cancelled and restored: the figures after
//! each step are computed by hand in the comments.

mod common;

use common::{date, dec, load_pf};
use encours_core::aging::outstanding_by_invoice;
use encours_core::collection::ActivityKind;
use encours_core::correction::{self, PaymentChange, PaymentError, Surplus};
use encours_core::snapshot;

// F-1 1,000.00 and F-2 300.00 for Acme; F-3 200.00 for Bolt.
const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC
F-1;Acme;01/01/2025;31/01/2025;1 000,00
F-2;Acme;01/02/2025;28/02/2025;300,00
F-3;Bolt;01/01/2025;31/01/2025;200,00
";

fn owed(l: &encours_core::Ledger) -> Vec<String> {
    outstanding_by_invoice(l, date("2025-06-30"))
        .iter()
        .map(|d| d.normalize().to_string())
        .collect()
}

#[test]
fn zero_and_negative_amounts_are_refused() {
    let (mut l, _) = load_pf(BOOK, "2025-01-01");
    let f1 = l.ledger().invoices[0].id;
    for a in ["0", "-10", "-0.01"] {
        let r = correction::record(&mut l, f1, date("2025-02-01"), dec(a), Surplus::ToCredit);
        assert_eq!(r, Err(PaymentError::NotPositive), "{a}");
    }
    assert!(l.payments.is_empty());
}

#[test]
fn an_overpayment_waits_for_consent_then_leaves_the_surplus_to_the_credit() {
    let (mut l, _) = load_pf(BOOK, "2025-01-01");
    let (f1, f2) = (l.ledger().invoices[0].id, l.ledger().invoices[1].id);
    // 400 paid on F-1 first: 600 left on it.
    correction::record(&mut l, f1, date("2025-02-01"), dec("400"), Surplus::Refuse).unwrap();
    // 1,000,000 typed for F-1: 600 owed, 999,400 above it; nothing recorded.
    let r = correction::record(
        &mut l,
        f1,
        date("2025-02-02"),
        dec("1000000"),
        Surplus::Refuse,
    );
    assert_eq!(
        r,
        Err(PaymentError::Overpayment {
            outstanding: dec("600"),
            surplus: dec("999400")
        })
    );
    assert_eq!(l.payments.len(), 1);
    // Exactly what is owed is no overpayment.
    assert_eq!(correction::surplus(&l, f1, dec("600"), None), Ok(dec("0")));
    // 700 agreed: 600 settles F-1, 100 unallocated goes FIFO to Acme's next open invoice
    // (F-2: 300 → 200); Bolt's F-3 is untouched.
    let p = correction::record(
        &mut l,
        f1,
        date("2025-02-02"),
        dec("700"),
        Surplus::ToCredit,
    )
    .unwrap();
    let pay = l.payments.iter().find(|x| x.id == p).unwrap();
    assert_eq!(pay.amount, dec("700"));
    assert_eq!(pay.unallocated(), dec("100"));
    assert_eq!(owed(&l), ["0", "200", "200"]);
    // The book never shows a negative invoice.
    assert_eq!(correction::owed(&l, f2, None), Some(dec("200")));
}

#[test]
fn a_correction_and_a_cancellation_stay_in_the_history_and_undo() {
    let (mut l, _) = load_pf(BOOK, "2025-01-01");
    let f1 = l.ledger().invoices[0].id;
    let p =
        correction::record(&mut l, f1, date("2025-02-01"), dec("250"), Surplus::Refuse).unwrap();
    assert_eq!(owed(&l), ["750", "300", "200"]);
    // 250 was a typo for 520: F-1 owes 1,000 − 520 = 480.
    let c = correction::correct(
        &mut l,
        p,
        date("2025-02-03"),
        dec("520"),
        date("2025-02-05"),
        Surplus::Refuse,
    )
    .unwrap();
    assert_eq!(owed(&l), ["480", "300", "200"]);
    // Corrected above what F-1 owes without it (1,000): refused unless agreed.
    let over = correction::correct(
        &mut l,
        p,
        date("2025-02-03"),
        dec("1200"),
        date("2025-02-05"),
        Surplus::Refuse,
    );
    assert_eq!(
        over.unwrap_err(),
        PaymentError::Overpayment {
            outstanding: dec("1000"),
            surplus: dec("200")
        }
    );
    // Cancelled: F-1 owes its 1,000 again, the payment is gone from the book.
    let x = correction::cancel(&mut l, p, date("2025-02-06")).unwrap();
    assert_eq!(owed(&l), ["1000", "300", "200"]);
    assert!(l.payments.is_empty());
    // The history lists both, with the payment as it was each time.
    let kinds: Vec<_> = l
        .follow_up
        .timeline(l.ledger().invoices[0].client)
        .map(|a| (a.id, a.kind.clone(), a.invoices.clone()))
        .collect();
    assert_eq!(kinds.len(), 2);
    assert!(
        matches!(&kinds[0].1, ActivityKind::Payment(PaymentChange::Cancelled { payment }) if payment.amount == dec("520"))
    );
    assert!(
        matches!(&kinds[1].1, ActivityKind::Payment(PaymentChange::Corrected { before, after }) if before.amount == dec("250") && after.amount == dec("520") && after.date == date("2025-02-03"))
    );
    assert_eq!(kinds[0].2, vec![f1]);
    // The correction cannot be undone while the payment is cancelled.
    assert_eq!(
        correction::undo(&mut l, c, date("2025-02-07")),
        Err(PaymentError::UnknownPayment(p))
    );
    // Undo the cancellation: 520 back, F-1 owes 480; a second undo is refused.
    assert_eq!(correction::undo(&mut l, x, date("2025-02-07")), Ok(p));
    assert_eq!(owed(&l), ["480", "300", "200"]);
    assert_eq!(
        correction::undo(&mut l, x, date("2025-02-07")),
        Err(PaymentError::AlreadyUndone(x))
    );
    assert!(!correction::undoable(&l.follow_up, x));
    // Then the correction: 250 again, F-1 owes 750.
    assert_eq!(correction::undo(&mut l, c, date("2025-02-08")), Ok(p));
    assert_eq!(owed(&l), ["750", "300", "200"]);
    assert_eq!(
        l.follow_up.timeline(l.ledger().invoices[0].client).count(),
        4
    );
    // A note is not a change to undo.
    assert_eq!(
        correction::undo(&mut l, 999, date("2025-02-08")),
        Err(PaymentError::UnknownChange(999))
    );
}

#[test]
fn a_split_payment_shrinks_from_its_last_allocation() {
    use encours_core::ledger::{Allocation, Payment, PaymentId};
    let (mut l, _) = load_pf(BOOK, "2025-01-01");
    let (f1, f2) = (l.ledger().invoices[0].id, l.ledger().invoices[1].id);
    let client = l.ledger().invoices[0].client;
    let p = l.ledger_mut().add_payment(Payment {
        id: PaymentId(0),
        client,
        date: date("2025-03-01"),
        date_known: true,
        amount: dec("1100"),
        currency: Default::default(),
        allocations: vec![
            Allocation {
                invoice: f1,
                amount: dec("1000"),
            },
            Allocation {
                invoice: f2,
                amount: dec("100"),
            },
        ],
        reference: None,
        batch: None,
        summary: false,
    });
    // 1,100 → 950: F-1 keeps 950 (owes 50), F-2's 100 goes (owes 300).
    correction::correct(
        &mut l,
        p,
        date("2025-03-01"),
        dec("950"),
        date("2025-03-02"),
        Surplus::Refuse,
    )
    .unwrap();
    assert_eq!(owed(&l), ["50", "300", "200"]);
}

#[test]
fn the_history_survives_the_store_encoding() {
    let (mut l, _) = load_pf(BOOK, "2025-01-01");
    let f1 = l.ledger().invoices[0].id;
    let p =
        correction::record(&mut l, f1, date("2025-02-01"), dec("250"), Surplus::Refuse).unwrap();
    correction::cancel(&mut l, p, date("2025-02-06")).unwrap();
    let chunks = snapshot::to_chunks(&l);
    let back =
        snapshot::from_chunks(chunks.iter().map(|(k, v)| (k.as_str(), v.as_slice()))).unwrap();
    assert_eq!(back, l);
}
