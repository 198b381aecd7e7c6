//! Matching receipts to invoices, rule by rule, as a table: each case a transaction, what the
//! matcher must propose (invoices, amounts, auto, evidence), and why, by hand.

mod common;

use common::{date, dec};
use encours_core::bank::matching::{match_transactions, Learned, Proposal};
use encours_core::bank::{Direction, Transaction};
use encours_core::ledger::*;
use encours_core::Currency;

/// The book of every case (as of 2025-07-03):
///
/// | client         | invoice   | due        | due amount |
/// |----------------|-----------|------------|-----------:|
/// | Dupont SARL    | F2025-020 | 2025-05-31 | paid       |
/// | Dupont SARL    | F2025-031 | 2025-06-15 | 1,440.00   |
/// | Dupont SARL    | F2025-032 | 2025-06-20 |   560.00   |
/// | Dupont SARL    | F2025-033 | 2025-06-30 |   300.00   |
/// | Martin & Fils  | F2025-040 | 2025-06-01 | 1,000.00   |
/// | Martin & Fils  | F2025-041 | 2025-06-10 |   250.00   |
/// | Bernard SAS    | F2025-050 | 2025-06-05 |   750.00   |
/// | Durand         | F2025-060 | 2025-06-07 |   750.00   |
/// | Leroy SARL     | F2025-080 | 2025-06-12 |   420.00   |
/// | Ets Leroy      | F2025-081 | 2025-06-13 |   420.00   |
fn book() -> Ledger {
    let mut l = Ledger::default();
    let client = |l: &mut Ledger, name: &str| {
        l.add_client(Client {
            name: name.into(),
            ..Client::default()
        })
    };
    let dupont = client(&mut l, "Dupont SARL");
    let martin = client(&mut l, "Martin & Fils");
    let bernard = client(&mut l, "Bernard SAS");
    let durand = client(&mut l, "Durand");
    let leroy = client(&mut l, "Leroy SARL");
    let leroy2 = client(&mut l, "Ets Leroy");
    let rows = [
        (dupont, "F2025-020", "2025-05-31", "500.00"),
        (dupont, "F2025-031", "2025-06-15", "1440.00"),
        (dupont, "F2025-032", "2025-06-20", "560.00"),
        (dupont, "F2025-033", "2025-06-30", "300.00"),
        (martin, "F2025-040", "2025-06-01", "1000.00"),
        (martin, "F2025-041", "2025-06-10", "250.00"),
        (bernard, "F2025-050", "2025-06-05", "750.00"),
        (durand, "F2025-060", "2025-06-07", "750.00"),
        (leroy, "F2025-080", "2025-06-12", "420.00"),
        (leroy2, "F2025-081", "2025-06-13", "420.00"),
    ];
    for (c, number, due, total) in rows {
        l.add_invoice(Invoice {
            id: InvoiceId(0),
            number: number.into(),
            client: c,
            kind: DocKind::Invoice,
            issue_date: date(due) - chrono::Days::new(30),
            due_date: date(due),
            net: None,
            vat: None,
            total: dec(total),
            currency: Currency::EUR,
            installments: vec![],
            status: InvoiceStatus::Open,
            status_date: None,
            doubtful: false,
            applies_to: None,
            batch: None,
        });
    }
    l.record_payment(InvoiceId(0), date("2025-06-01"), dec("500.00"))
        .unwrap();
    l
}

fn credit(label: &str, amount: &str) -> Transaction {
    Transaction {
        id: label.into(),
        account: None,
        date: date("2025-07-02"),
        value_date: None,
        amount: dec(amount),
        direction: Direction::Credit,
        currency: Currency::EUR,
        label: label.into(),
        counterparty: encours_core::bank::parse_label(label).payer,
        iban: None,
        references: vec![],
        remittance: String::new(),
        line: 1,
    }
}

/// A proposal as the table writes it: invoice numbers, amounts, auto, evidence codes.
type Row = (Vec<String>, Vec<String>, bool, Vec<&'static str>);

fn rows(ledger: &Ledger, ps: &[Proposal]) -> Vec<Row> {
    ps.iter()
        .map(|p| {
            (
                p.invoices
                    .iter()
                    .map(|i| ledger.invoice(*i).unwrap().number.clone())
                    .collect(),
                p.amounts.iter().map(|a| a.to_string()).collect(),
                p.auto,
                p.evidence.iter().map(|e| e.code()).collect(),
            )
        })
        .collect()
}

fn row(invoices: &[&str], amounts: &[&str], auto: bool, evidence: &[&'static str]) -> Row {
    (
        invoices.iter().map(|s| s.to_string()).collect(),
        amounts.iter().map(|s| s.to_string()).collect(),
        auto,
        evidence.to_vec(),
    )
}

fn run(t: &Transaction, learned: &Learned) -> Vec<Row> {
    let l = book();
    let m = match_transactions(&l, std::slice::from_ref(t), date("2025-07-03"), learned);
    rows(&l, &m[0])
}

#[test]
fn rules_table() {
    let none = Learned::default();
    let cases: Vec<(&str, Transaction, Vec<Row>)> = vec![
        (
            // RF29F2025031 is F2025-031's reference (check digits computed apart): reference,
            // exact amount, the payer named: auto.
            "reference, amount and payer",
            credit(
                "VIR SEPA RECU /DE DUPONT SARL /MOTIF RF29F2025031",
                "1440.00",
            ),
            vec![row(
                &["F2025-031"],
                &["1440.00"],
                true,
                &["reference", "amount", "payer_name"],
            )],
        ),
        (
            "invoice number written loosely, the payer as STE",
            credit(
                "VIR SEPA RECU /DE STE DUPONT /MOTIF fact f2025 031",
                "1440.00",
            ),
            vec![row(
                &["F2025-031"],
                &["1440.00"],
                true,
                &["invoice_number", "amount", "payer_name"],
            )],
        ),
        (
            // 1,440.00 + 560.00 = 2,000.00.
            "two invoices in one transfer, both named",
            credit(
                "VIR SEPA RECU /DE DUPONT SARL /MOTIF F2025-031 F2025-032",
                "2000.00",
            ),
            vec![row(
                &["F2025-031", "F2025-032"],
                &["1440.00", "560.00"],
                true,
                &["invoice_number", "amount", "payer_name"],
            )],
        ),
        (
            // 560.00 + 300.00 = 860.00, the only set of Dupont's invoices that makes it.
            "two invoices in one transfer, by the amount: proposed, not auto",
            credit("VIR SEPA RECU /DE DUPONT SARL /MOTIF REGLEMENT", "860.00"),
            vec![row(
                &["F2025-032", "F2025-033"],
                &["560.00", "300.00"],
                false,
                &["amount", "payer_name"],
            )],
        ),
        (
            "a partial payment by name only: toward the oldest, not auto",
            credit("VIR SEPA RECU /DE MARTIN ET FILS /MOTIF ACOMPTE", "400.00"),
            vec![row(
                &["F2025-040"],
                &["400.00"],
                false,
                &["payer_name", "partial"],
            )],
        ),
        (
            // 1,000.00 then 250.00 of 300.00: the oldest first.
            "a partial payment across the payer's two invoices",
            credit("VIR SEPA RECU /DE MARTIN & FILS", "1200.00"),
            vec![row(
                &["F2025-040", "F2025-041"],
                &["1000.00", "200.00"],
                false,
                &["payer_name", "partial"],
            )],
        ),
        (
            "same amount at two clients: the name decides, nothing auto",
            credit("VIR SEPA RECU /DE BERNARD", "750.00"),
            vec![row(
                &["F2025-050"],
                &["750.00"],
                false,
                &["amount", "payer_name"],
            )],
        ),
        (
            "a cheque deposit with no name: every candidate, oldest due first",
            credit("REMISE CHEQUE 1234567", "750.00"),
            vec![
                row(&["F2025-050"], &["750.00"], false, &["amount"]),
                row(&["F2025-060"], &["750.00"], false, &["amount"]),
            ],
        ),
        (
            "an unrelated receipt: no proposal",
            credit(
                "VIR SEPA RECU /DE INCONNU SA /MOTIF REMBOURSEMENT",
                "123.45",
            ),
            vec![],
        ),
        (
            "a number with less than its amount: partial, not auto",
            credit("VIR SEPA RECU /DE DUPONT /MOTIF F2025-031", "1000.00"),
            vec![row(
                &["F2025-031"],
                &["1000.00"],
                false,
                &["invoice_number", "payer_name", "partial"],
            )],
        ),
        (
            "a number and its amount, no payer named: not auto",
            credit("VIREMENT F2025-033", "300.00"),
            vec![row(
                &["F2025-033"],
                &["300.00"],
                false,
                &["invoice_number", "amount"],
            )],
        ),
        (
            "an RF reference and its amount, no payer named: auto (its check digits)",
            credit("VIREMENT RF29 F202 5031", "1440.00"),
            vec![row(
                &["F2025-031"],
                &["1440.00"],
                true,
                &["reference", "amount"],
            )],
        ),
        (
            "Bernard's number paid by Durand: the payer contradicts, not auto",
            credit("VIR SEPA RECU /DE DURAND /MOTIF F2025-050", "750.00"),
            vec![
                row(
                    &["F2025-050"],
                    &["750.00"],
                    false,
                    &["invoice_number", "amount"],
                ),
                row(
                    &["F2025-060"],
                    &["750.00"],
                    false,
                    &["amount", "payer_name"],
                ),
            ],
        ),
        (
            // "Leroy SARL" and "Ets Leroy" have one key, LEROY: two clients equally plausible.
            "two clients equally plausible: nothing auto",
            credit("VIR SEPA RECU /DE LEROY /MOTIF F2025-080", "420.00"),
            vec![
                row(
                    &["F2025-080"],
                    &["420.00"],
                    false,
                    &["invoice_number", "amount", "payer_name"],
                ),
                row(
                    &["F2025-081"],
                    &["420.00"],
                    false,
                    &["amount", "payer_name"],
                ),
            ],
        ),
        (
            "a paid invoice's number: nothing open to pay, the payer's others proposed",
            credit("VIR SEPA RECU /DE DUPONT /MOTIF F2025-020", "500.00"),
            vec![row(
                &["F2025-031"],
                &["500.00"],
                false,
                &["payer_name", "partial"],
            )],
        ),
    ];
    for (why, t, expected) in cases {
        assert_eq!(run(&t, &none), expected, "{why}");
    }
}

#[test]
fn a_debit_is_never_matched() {
    let mut t = credit(
        "PRLV SEPA /DE DUPONT SARL /MOTIF RF29F2025031 F2025-031",
        "1440.00",
    );
    t.direction = Direction::Debit;
    assert_eq!(run(&t, &Learned::default()), Vec::<Row>::new());
}

#[test]
fn a_learned_iban_names_the_payer() {
    let l = book();
    let martin = l
        .clients
        .iter()
        .find(|c| c.name == "Martin & Fils")
        .unwrap()
        .id;
    let learned = Learned {
        ibans: vec![("FR76 3000 6000 0112 3456 7890 189".into(), martin)],
        names: vec![],
    };
    let mut t = credit("VIREMENT SEPA", "250.00");
    t.iban = Some("FR7630006000011234567890189".into());
    assert_eq!(
        run(&t, &learned),
        [row(
            &["F2025-041"],
            &["250.00"],
            false,
            &["amount", "payer_iban"]
        )]
    );
    t.label = "VIREMENT SEPA F2025-041".into();
    assert_eq!(
        run(&t, &learned),
        [row(
            &["F2025-041"],
            &["250.00"],
            true,
            &["invoice_number", "amount", "payer_iban"]
        )]
    );
    // A learned name variant: "M ET F SARL" is Martin & Fils.
    let learned = Learned {
        ibans: vec![],
        names: vec![("M ET F SARL".into(), martin)],
    };
    let t = credit("VIR SEPA RECU /DE M&F /MOTIF F2025-041", "250.00");
    assert_eq!(
        run(&t, &learned),
        [row(
            &["F2025-041"],
            &["250.00"],
            true,
            &["invoice_number", "amount", "payer_name"]
        )]
    );
}

#[test]
fn an_invoice_settled_by_an_auto_match_is_not_settled_twice() {
    let l = book();
    let t = credit("VIR SEPA RECU /DE DUPONT SARL /MOTIF F2025-031", "1440.00");
    let mut second = t.clone();
    second.id = "second".into();
    second.date = date("2025-07-03");
    let m = match_transactions(&l, &[second, t], date("2025-07-03"), &Learned::default());
    // The earlier one (listed second) takes F2025-031; the later one finds it paid and is
    // only offered, for review, Dupont's other two invoices (560 + 300 < 1,440).
    assert_eq!(
        rows(&l, &m[1]),
        [row(
            &["F2025-031"],
            &["1440.00"],
            true,
            &["invoice_number", "amount", "payer_name"]
        )]
    );
    assert_eq!(
        rows(&l, &m[0]),
        [row(
            &["F2025-032", "F2025-033"],
            &["560.00", "300.00"],
            false,
            &["payer_name", "partial"]
        )]
    );
}
