//! The import preview (`import::preview`) gives the report the import itself gives, without
//! the whole book copied: on random books and random files (invoices and payments, clients
//! written with other cases and blanks, numbers already in the book under another client,
//! unallocated payments), its report equals that of `commit` on a full copy of the book.
//!
//! Mutations tried: `reach` keeping only the invoices of the clients the file names (not
//! those whose number it names) fails `the_preview_reports_what_the_import_does`; keeping
//! only the payments allocated to the reached invoices (not all the named clients') fails it
//! too (a payment imported again is counted new instead of unchanged).

mod common;

use common::date;
use encours_core::import::{commit, parse, preview, ImportOptions, ImportReport};
use encours_core::Ledger;
use proptest::prelude::*;

const TODAY: &str = "2025-07-15";
const CLIENTS: [&str; 5] = ["Acme", "ACME ", "Bolt", "Cosy", "Dune"];

fn opts() -> ImportOptions {
    ImportOptions::builder(date(TODAY)).build()
}

/// An invoices file: number, client, issue date, total and, sometimes, what was paid.
fn invoices() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            1u8..9,
            0usize..5,
            1u32..28,
            1u32..6,
            1i64..100_000,
            prop::option::of(0u8..=100),
        ),
        1..8,
    )
    .prop_map(|rows| {
        let mut s = String::from("N° facture;Client;Date;Échéance;Montant TTC;Réglé\n");
        for (n, c, d, m, cents, paid) in rows {
            let paid = paid.map(|p| {
                let c = cents * i64::from(p) / 100;
                format!("{},{:02}", c / 100, c % 100)
            });
            s += &format!(
                "F{n};{};{d:02}/{m:02}/2025;{d:02}/{:02}/2025;{},{:02};{}\n",
                CLIENTS[c],
                m + 1,
                cents / 100,
                cents % 100,
                paid.unwrap_or_default()
            );
        }
        s
    })
}

/// A payments file: date, payer, amount and the invoice it names (none: unallocated).
fn payments() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            1u32..4,
            0usize..5,
            prop::sample::select(vec![1_000i64, 2_500, 4_000, 10_000, 33_333]),
            prop::option::of(1u8..9),
        ),
        1..6,
    )
    .prop_map(|rows| {
        let mut s = String::from("Date de règlement;Client;Montant;N° facture\n");
        for (d, c, cents, n) in rows {
            s += &format!(
                "{d:02}/06/2025;{};{},{:02};{}\n",
                CLIENTS[c],
                cents / 100,
                cents % 100,
                n.map(|n| format!("F{n}")).unwrap_or_default()
            );
        }
        s
    })
}

fn file() -> impl Strategy<Value = String> {
    prop_oneof![invoices(), payments()]
}

/// The report of importing `csv` into a copy of `ledger` (what the preview stands for).
fn imported(ledger: &Ledger, csv: &str) -> ImportReport {
    let parsed = parse(csv.as_bytes(), &opts()).expect("the test's file parses");
    commit(&mut ledger.clone(), &parsed, &opts())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_preview_reports_what_the_import_does(
        book in prop::collection::vec(file(), 0..4),
        other in file(),
        again in any::<Option<prop::sample::Index>>(),
    ) {
        // A file of the book imported again (the monthly export, re-sent) or another one.
        let next = match again {
            Some(k) if !book.is_empty() => book[k.index(book.len())].clone(),
            _ => other,
        };
        let mut ledger = Ledger::default();
        for csv in &book {
            let parsed = parse(csv.as_bytes(), &opts()).unwrap();
            commit(&mut ledger, &parsed, &opts());
        }
        let before = ledger.clone();
        let parsed = parse(next.as_bytes(), &opts()).unwrap();
        let shown = preview(&ledger, &parsed, &opts());
        prop_assert_eq!(&ledger, &before, "the preview changed the book");
        prop_assert_eq!(shown, imported(&ledger, &next));
    }
}

#[test]
fn the_preview_of_a_file_touching_one_client_reads_that_client_only() {
    // Acme owes F1 (undated 40.00 paid) and F2; Bolt owes F3. A payment of Acme with no
    // invoice first settles Acme's undated amount: the preview says so, like the import.
    let mut ledger = Ledger::default();
    let book = "N° facture;Client;Date;Échéance;Montant TTC;Réglé\nF1;Acme;01/01/2025;31/01/2025;100,00;40,00\nF2;Acme;01/02/2025;28/02/2025;50,00;\nF3;Bolt;01/01/2025;31/01/2025;70,00;\n";
    commit(
        &mut ledger,
        &parse(book.as_bytes(), &opts()).unwrap(),
        &opts(),
    );
    let pay = "Date de règlement;Client;Montant;N° facture\n10/06/2025;acme;25,00;\n12/06/2025;Bolt;70,00;F3\n";
    let parsed = parse(pay.as_bytes(), &opts()).unwrap();
    let shown = preview(&ledger, &parsed, &opts());
    assert_eq!(shown, imported(&ledger, pay));
    assert_eq!((shown.new_payments, shown.new_clients), (2, 0));
    assert!(shown.batch.is_some());
}
