//! The invoice page's view: the schedule with what is left on each due date, the payments
//! and credit notes applied, whether the invoice is still open.

mod common;
use common::*;
use encours_core::invoice_view::{detail, ScheduleRow};
use encours_core::ledger::{DisplayStatus, Installment, InvoiceId, InvoiceStatus};

const HEAD: &str = "N° facture;Client;Date;Échéance;Montant TTC;Réglé\n";

#[test]
fn schedule_says_what_is_left_on_each_due_date() {
    // DOMAIN.md: 100 in 30/50/20, a payment of 40 leaves 0/40/20.
    let (mut p, _) = load_pf(
        &format!("{HEAD}F1;X;01/01/2025;31/01/2025;100;\nF2;X;01/01/2025;31/01/2025;70;\n"),
        "2025-06-30",
    );
    let id = p.ledger().invoices[0].id;
    p.ledger_mut().invoices[0].installments = [
        ("2025-01-31", "30"),
        ("2025-04-15", "50"),
        ("2025-07-31", "20"),
    ]
    .map(|(d, a)| Installment {
        due_date: date(d),
        amount: dec(a),
    })
    .to_vec();
    p.ledger_mut()
        .record_payment(id, date("2025-02-01"), dec("40"))
        .unwrap();
    let d = detail(&p, id, date("2025-06-30")).unwrap();
    let rows: Vec<_> = d
        .schedule
        .iter()
        .map(|r| (r.due_date, r.amount, r.left))
        .collect();
    assert_eq!(
        rows,
        vec![
            (date("2025-01-31"), dec("30"), dec("0")),
            (date("2025-04-15"), dec("50"), dec("40")),
            (date("2025-07-31"), dec("20"), dec("20")),
        ]
    );
    assert_eq!(d.outstanding, dec("60"));
    assert_eq!(d.client, "X");
    assert_eq!(d.payments.len(), 1);
    assert_eq!(d.payments[0].1, dec("40"));
    assert!(d.is_open());
    // The other invoice of the client is not mixed in.
    let other = p.ledger().invoices[1].id;
    let o = detail(&p, other, date("2025-06-30")).unwrap();
    assert_eq!(
        o.schedule,
        vec![ScheduleRow {
            due_date: date("2025-01-31"),
            amount: dec("70"),
            left: dec("70"),
        }]
    );
    assert!(o.payments.is_empty());
}

#[test]
fn credit_notes_and_write_off() {
    let (mut p, _) = load_pf(
        &format!("{HEAD}F1;X;01/01/2025;31/01/2025;100;\n"),
        "2025-06-30",
    );
    let id = p.ledger().invoices[0].id;
    let today = date("2025-06-30");
    let number = p.ledger().credit_note_number(id).unwrap();
    p.ledger_mut()
        .add_credit_note(id, number.clone(), today, dec("25"))
        .unwrap();
    let d = detail(&p, id, today).unwrap();
    assert_eq!(d.outstanding, dec("75"));
    assert_eq!(d.schedule[0].left, dec("75"));
    assert_eq!(d.credits.len(), 1);
    assert_eq!(d.credits[0].number, number);
    assert_eq!(d.credits[0].amount, dec("-25"));
    p.ledger_mut()
        .set_status(id, InvoiceStatus::WrittenOff, today)
        .unwrap();
    let d = detail(&p, id, today).unwrap();
    assert_eq!(d.status(), DisplayStatus::WrittenOff);
    assert!(!d.is_open());
    assert_eq!(detail(&p, InvoiceId(9_999), today), None);
}
