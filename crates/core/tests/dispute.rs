//! Disputes: open, resolve three ways, statistics; the worklist skips a disputed invoice.

mod common;

use common::{date, dec, load_pf};
use encours_core::aging::outstanding_by_invoice;
use encours_core::dispute::{self, DisputeReason, Resolution};
use encours_core::ledger::{DisplayStatus, InvoiceStatus};

const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC
D-1;Acme;01/01/2025;31/01/2025;1 000,00
D-2;Acme;01/01/2025;31/01/2025;500,00
D-3;Acme;01/01/2025;31/01/2025;300,00
";

#[test]
fn open_resolve_and_statistics() {
    let (mut l, _) = load_pf(BOOK, "2025-01-01");
    let ids: Vec<_> = l.invoices.iter().map(|i| i.id).collect();
    for (k, reason) in [
        DisputeReason::Price,
        DisputeReason::Quality,
        DisputeReason::NotReceived,
    ]
    .into_iter()
    .enumerate()
    {
        dispute::open(
            &mut l,
            ids[k],
            date("2025-02-10"),
            reason,
            "courriel du client".into(),
        )
        .unwrap();
        assert_eq!(l.invoices[k].status, InvoiceStatus::Disputed);
    }
    assert!(dispute::open(
        &mut l,
        ids[0],
        date("2025-02-11"),
        DisputeReason::Other,
        String::new()
    )
    .is_err());
    // The worklist leaves disputed invoices out.
    let w = encours_core::dunning::worklist(
        &l,
        &encours_core::penalty::RateTable::builtin(),
        date("2025-03-15"),
    );
    assert!(w.entries.is_empty());
    assert_eq!(w.excluded.len(), 3);

    let owed =
        |l: &encours_core::Ledger, k: usize| outstanding_by_invoice(l, date("2025-04-01"))[k];
    // (invoice, resolution, resolved on, outstanding after)
    let cases = [
        (0, Resolution::CreditNote, "2025-02-20", "0"),
        (
            1,
            Resolution::PartialCredit(dec("200")),
            "2025-03-12",
            "300",
        ),
        (2, Resolution::Rejected, "2025-03-02", "300"),
    ];
    for (k, resolution, on, after) in cases {
        let before = owed(&l, k);
        let note = dispute::resolve(
            &mut l,
            ids[k],
            date(on),
            resolution.clone(),
            before,
            format!("AV-{k}"),
        )
        .unwrap();
        assert_eq!(note.is_some(), resolution != Resolution::Rejected);
        assert_eq!(owed(&l, k), dec(after), "{resolution:?}");
        assert_eq!(l.invoice(ids[k]).unwrap().status, InvoiceStatus::Open);
    }
    assert_eq!(
        l.invoice(ids[0]).unwrap().display_status(owed(&l, 0)),
        DisplayStatus::Paid
    );
    assert!(dispute::resolve(
        &mut l,
        ids[0],
        date("2025-03-20"),
        Resolution::Rejected,
        dec("0"),
        String::new()
    )
    .is_err());
    // Resolved after 10, 30 and 20 days: 20 on average.
    let s = dispute::stats(&l, date("2025-04-01"));
    assert_eq!(
        (s.open, s.resolved, s.average_resolution_days),
        (0, 3, Some(dec("20")))
    );
    let s = dispute::stats(&l, date("2025-03-01"));
    assert_eq!((s.open, s.resolved), (2, 1));
    // A partial credit larger than what is owed is refused.
    dispute::open(
        &mut l,
        ids[1],
        date("2025-04-02"),
        DisputeReason::Other,
        String::new(),
    )
    .unwrap();
    assert!(dispute::resolve(
        &mut l,
        ids[1],
        date("2025-04-03"),
        Resolution::PartialCredit(dec("301")),
        dec("300"),
        "AV-9".into()
    )
    .is_err());
}

#[test]
fn credit_notes_against_one_invoice_are_numbered_apart() {
    let (mut l, _) = load_pf(BOOK, "2025-01-01");
    let id = l.invoices[0].id;
    assert_eq!(l.credit_note_number(id).as_deref(), Some("AV-D-1-1"));
    let n = l.credit_note_number(id).unwrap();
    l.ledger_mut()
        .add_credit_note(id, n, date("2025-02-01"), dec("100"))
        .unwrap();
    assert_eq!(l.credit_note_number(id).as_deref(), Some("AV-D-1-2"));
    assert_eq!(
        l.credit_note_number(l.invoices[1].id).as_deref(),
        Some("AV-D-2-1")
    );
}
