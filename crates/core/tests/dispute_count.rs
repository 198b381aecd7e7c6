//! One definition of an open dispute: the count the Crédit page shows, the disputed column of
//! the aged balance and the invoices dunning leaves out for a dispute agree, whether the
//! dispute was opened in the app or read from an import.

mod common;

use common::{date, dec, load_pf};
use encours_core::aging::{age, AgingOptions};
use encours_core::dispute::{self, open_disputes, DisputeReason};
use encours_core::dunning::{worklist, Reason};
use encours_core::penalty::RateTable;

// L-1 and L-2 imported in dispute (« litige »); O-1 to be disputed in the app; P-1 paid.
const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC;Réglé;Statut
L-1;Lima;01/01/2025;31/01/2025;1 000,00;;litige
L-2;Lima;01/01/2025;31/01/2025;250,00;;litige
O-1;Oscar;01/01/2025;31/01/2025;400,00;;
O-2;Oscar;01/01/2025;31/01/2025;600,00;;
P-1;Papa;01/01/2025;31/01/2025;300,00;300,00;litige
";

#[test]
fn the_count_the_aged_balance_and_the_worklist_agree() {
    let (mut l, r) = load_pf(BOOK, "2025-01-01");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let o1 = l.invoices.iter().find(|i| i.number == "O-1").unwrap().id;
    dispute::open(
        &mut l,
        o1,
        date("2025-02-10"),
        DisputeReason::Price,
        String::new(),
    )
    .unwrap();
    let today = date("2025-03-15");
    let open = open_disputes(&l, today);
    // L-1, L-2 (imported) and O-1 (opened here); P-1 is disputed but owes nothing.
    let numbers: Vec<_> = open
        .iter()
        .map(|d| l.invoice(d.invoice).unwrap().number.as_str())
        .collect();
    assert_eq!(numbers, ["L-1", "L-2", "O-1"]);
    assert_eq!(
        open[2].record,
        Some((DisputeReason::Price, date("2025-02-10")))
    );
    assert_eq!(open[0].record, None);
    assert_eq!(dispute::stats(&l, today).open, 3);
    // The aged balance's disputed column: 1,000 + 250 + 400 = 1,650.
    let total: rust_decimal::Decimal = open.iter().map(|d| d.outstanding).sum();
    assert_eq!(total, dec("1650"));
    let aged = age(&l, &AgingOptions::new(today));
    assert_eq!(aged.currencies[0].disputed, dec("1650"));
    // Dunning leaves out the same three invoices for a dispute.
    let w = worklist(&l, &RateTable::builtin(), today);
    let mut left_out: Vec<_> = w
        .excluded
        .iter()
        .filter(|x| x.reason == Reason::Disputed)
        .filter_map(|x| x.invoice)
        .collect();
    left_out.sort();
    let mut ids: Vec<_> = open.iter().map(|d| d.invoice).collect();
    ids.sort();
    assert_eq!(left_out, ids);
    // Before O-1's dispute was opened, only the imported two.
    assert_eq!(open_disputes(&l, date("2025-02-09")).len(), 2);
}
