//! Payments never cross clients: a payment is applied only to invoices of its payer. A row
//! naming another client's invoice becomes the payer's unallocated credit, with a warning.

mod common;
use common::*;
use encours_core::aging::{age, outstanding_by_invoice, AgingOptions};
use encours_core::import::{apply, import, Code, ImportOptions, PaymentRow, Staged, StagedClient};
use encours_core::ledger::{Client, ClientId, DocKind, Invoice, InvoiceId, InvoiceStatus};
use encours_core::{Currency, Ledger};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

const INVOICES: &str = "N° facture;Client;Date;Échéance;Montant TTC\n\
F1;Dupont;01/01/2025;31/01/2025;1 000,00\n\
F2;Martin;01/02/2025;03/03/2025;500,00\n\
F3;Martin;01/03/2025;31/03/2025;300,00\n";

/// Each client's total in the aged balance, by name.
fn totals(l: &Ledger, as_of: &str) -> BTreeMap<String, Decimal> {
    let a = age(l, &AgingOptions::new(date(as_of)));
    a.currencies
        .iter()
        .flat_map(|c| &c.clients)
        .map(|c| (c.name.to_string(), c.total))
        .collect()
}

#[test]
fn a_payment_naming_another_clients_invoice_stays_with_its_payer() {
    // (payments row, Dupont, Martin, outstanding F1 / F2 / F3, a payment_other_client warning)
    // Dupont owes 1,000 (F1); Martin 800 (F2 500, F3 300).
    let table: &[(&str, &str, &str, [&str; 3], bool)] = &[
        // Martin names Dupont's F1: F1 untouched; Martin's 200 goes to his oldest, F2: 300 left.
        (
            "10/04/2025;Martin;200,00;F1",
            "1000",
            "600",
            ["1000", "300", "300"],
            true,
        ),
        // The same money naming Martin's own F2: the same figures, no warning.
        (
            "10/04/2025;Martin;200,00;F2",
            "1000",
            "600",
            ["1000", "300", "300"],
            false,
        ),
        // Dupont pays his own F1.
        (
            "10/04/2025;Dupont;1 000,00;F1",
            "0",
            "800",
            ["0", "500", "300"],
            false,
        ),
        // Martin pays 900 naming F1: he owed 800, so 100 is his credit (−100); Dupont still 1,000.
        (
            "10/04/2025;Martin;900,00;F1",
            "1000",
            "-100",
            ["1000", "0", "0"],
            true,
        ),
        // An unknown number: like no number, the payer's oldest first.
        (
            "10/04/2025;Martin;600,00;F9",
            "1000",
            "200",
            ["1000", "0", "200"],
            false,
        ),
    ];
    for &(row, dupont, martin, open, noted) in table {
        let (mut l, r) = load(INVOICES, "2025-06-30");
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let csv = format!("Date règlement;Client;Montant;N° facture\n{row}\n");
        let r = import(&mut l, csv.as_bytes(), &opts("2025-06-30"));
        assert!(r.errors.is_empty(), "{row}: {:?}", r.errors);
        assert_eq!(r.new_payments, 1, "{row}");
        let t = totals(&l, "2025-06-30");
        assert_eq!(
            (t.get("Dupont").copied().unwrap_or_default(), t["Martin"]),
            (dec(dupont), dec(martin)),
            "{row}"
        );
        let out = outstanding_by_invoice(&l, date("2025-06-30"));
        assert_eq!(out, open.map(dec), "{row}");
        let warned: Vec<_> = r
            .warnings
            .iter()
            .map(|w| (w.line, w.code.clone()))
            .collect();
        let expected = if noted {
            vec![(
                2,
                Code::PaymentOtherClient {
                    number: "F1".into(),
                    payer: "Martin".into(),
                    owner: "Dupont".into(),
                },
            )]
        } else {
            Vec::new()
        };
        assert_eq!(warned, expected, "{row}");
        if noted {
            assert_eq!(r.warnings[0].code.id(), "payment_other_client");
        }
        let p = &l.payments[0];
        assert!(
            p.allocations
                .iter()
                .all(|a| l.invoice(a.invoice).unwrap().client == p.client),
            "{row}: {:?}",
            p.allocations
        );
    }
}

#[test]
fn a_credit_note_naming_another_clients_invoice_does_not_reduce_it() {
    // Martin's credit note of 100 names Dupont's F1: F1 stays 1,000, Martin's F2 gets it.
    let (mut l, r) = load(INVOICES, "2025-06-30");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    // The staged rows a file naming the invoice gives.
    let staged = Staged {
        clients: vec![StagedClient {
            name: "Martin".into(),
            ..StagedClient::default()
        }],
        invoices: vec![encours_core::import::InvoiceRow {
            line: 2,
            number: "AV1".into(),
            client: 0,
            issue_date: date("2025-03-05"),
            due_date: Some(date("2025-03-05")),
            net: None,
            vat: None,
            total: dec("-100"),
            paid: None,
            payment_date: None,
            currency: Currency::EUR,
            status: None,
            doubtful: false,
            applies_to: Some("F1".into()),
        }],
        ..Staged::default()
    };
    apply(&mut l, &staged, &opts("2025-06-30"));
    let av1 = l.invoices.iter().find(|i| i.number == "AV1").unwrap();
    assert_eq!(av1.applies_to, None);
    let out = outstanding_by_invoice(&l, date("2025-06-30"));
    // F1 1,000; F2 500 − 100 = 400; F3 300; the credit note itself 0.
    assert_eq!(out, ["1000", "400", "300", "0"].map(dec));
}

/// A ledger of `clients` clients and the given invoices (client, amount in cents).
fn book(clients: usize, invoices: &[(usize, i64)]) -> Ledger {
    let mut l = Ledger::default();
    for k in 0..clients {
        l.add_client(Client {
            name: format!("Client {k}"),
            code: Some(format!("C{k}")),
            ..Client::default()
        });
    }
    for (n, &(c, cents)) in invoices.iter().enumerate() {
        let issue = date("2025-01-01") + chrono::Days::new(n as u64);
        l.add_invoice(Invoice {
            id: InvoiceId(0),
            number: format!("F{n}"),
            client: ClientId(c as u64),
            kind: DocKind::Invoice,
            issue_date: issue,
            due_date: issue + chrono::Days::new(30),
            net: None,
            vat: None,
            total: Decimal::new(cents, 2),
            currency: Currency::EUR,
            installments: Vec::new(),
            status: InvoiceStatus::Open,
            status_date: None,
            doubtful: false,
            applies_to: None,
            batch: None,
        });
    }
    l
}

/// Each client's balance: what its invoices say minus what it paid, from the aged balance.
fn balances(l: &Ledger, clients: usize) -> Vec<Decimal> {
    let t = totals(l, "2030-01-01");
    (0..clients)
        .map(|k| t.get(&format!("Client {k}")).copied().unwrap_or_default())
        .collect()
}

/// Clients; invoices (client, cents); payment rows (payer, cents, the invoice the row names:
/// an index, possibly past the last invoice).
type File = (usize, Vec<(usize, i64)>, Vec<(usize, i64, Option<usize>)>);

fn payments_file() -> impl Strategy<Value = File> {
    (1usize..5).prop_flat_map(|clients| {
        (
            Just(clients),
            prop::collection::vec((0..clients, 1i64..200_000), 1..12),
            prop::collection::vec(
                (0..clients, 1i64..300_000, prop::option::of(0usize..14)),
                1..10,
            ),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(128)))]

    /// Applying a payments file changes no balance but its payers', and each payer's by what
    /// it paid, whatever invoices the rows name.
    #[test]
    fn a_payments_file_changes_only_its_payers_balances((clients, invoices, rows) in payments_file()) {
        let mut l = book(clients, &invoices);
        let before = balances(&l, clients);
        let staged = Staged {
            clients: (0..clients)
                .map(|k| StagedClient {
                    name: format!("Client {k}"),
                    code: Some(format!("C{k}")),
                    ..StagedClient::default()
                })
                .collect(),
            payments: rows
                .iter()
                .enumerate()
                .map(|(n, &(payer, cents, names))| PaymentRow {
                    line: n as u64 + 2,
                    client: payer as u32,
                    date: date("2025-06-01"),
                    amount: Decimal::new(cents, 2),
                    currency: Currency::EUR,
                    allocations: names
                        .map(|i| (format!("F{i}"), Decimal::new(cents, 2)))
                        .into_iter()
                        .collect(),
                    reference: Some(format!("R{n}")),
                })
                .collect(),
            ..Staged::default()
        };
        apply(&mut l, &staged, &ImportOptions::builder(date("2025-06-30")).build());
        let after = balances(&l, clients);
        let mut paid = vec![Decimal::ZERO; clients];
        for &(payer, cents, _) in &rows {
            paid[payer] += Decimal::new(cents, 2);
        }
        for k in 0..clients {
            prop_assert_eq!(after[k], before[k] - paid[k], "client {}", k);
        }
        for p in &l.payments {
            for a in &p.allocations {
                prop_assert_eq!(l.invoice(a.invoice).unwrap().client, p.client);
            }
        }
    }
}
