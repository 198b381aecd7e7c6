//! The FEC rules of docs/import-fec.md, one small ledger each, the expected figures worked
//! out by hand in the comments.

mod common;
use common::*;
use encours_core::aging::{age, outstanding_by_invoice, AgingOptions};
use encours_core::import::{import, parse, ImportReport};
use encours_core::ledger::{DocKind, InvoiceStatus};
use encours_core::Ledger;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

const HEADER: &str = "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise";

/// A FEC from short rows `journal num date account aux piece piece_date debit credit letter`
/// (space separated, `-` for an empty field): the other columns are filled as exports do.
fn fec(rows: &[&str]) -> String {
    let mut out = format!("{HEADER}\n");
    for r in rows {
        let f: Vec<&str> = r
            .split_whitespace()
            .map(|x| if x == "-" { "" } else { x })
            .collect();
        assert_eq!(f.len(), 10, "{r}");
        let (j, n, d, acc, aux, piece, pdate, debit, credit, letter) =
            (f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9]);
        let aux_lib = match aux {
            "" => "",
            "C001" => "Dupont SARL",
            "C002" => "Martin SA",
            _ => aux,
        };
        let date_let = if letter.is_empty() { "" } else { "20251231" };
        out.push_str(&format!(
            "{j}|{j}|{n}|{d}|{acc}|Compte {acc}|{aux}|{aux_lib}|{piece}|{pdate}|{piece}|{debit}|{credit}|{letter}|{date_let}|{d}||\n"
        ));
    }
    out
}

/// Imports `bytes` with today = 2025-12-31 and returns the ledger, the report and each
/// client's total in the aged balance on that day, by client code.
fn run(bytes: &[u8]) -> (Ledger, ImportReport, BTreeMap<String, Decimal>) {
    let mut l = Ledger::default();
    let r = import(&mut l, bytes, &opts("2025-12-31"));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let a = age(&l, &AgingOptions::new(date("2025-12-31")));
    let totals = a
        .currencies
        .iter()
        .flat_map(|c| &c.clients)
        .map(|c| (l.client(c.client).unwrap().code.clone().unwrap(), c.total))
        .collect();
    (l, r, totals)
}

fn totals(pairs: &[(&str, &str)]) -> BTreeMap<String, Decimal> {
    pairs.iter().map(|(k, v)| (k.to_string(), dec(v))).collect()
}

fn numbers(l: &Ledger) -> Vec<(&str, Decimal)> {
    l.invoices
        .iter()
        .map(|i| (i.number.as_str(), i.total))
        .collect()
}

#[test]
fn customers_sharing_a_piece_are_one_invoice_each() {
    // One sales entry for March, one PieceRef for two customers (1,200 + 600 = 1,500 + 300 VAT).
    let (l, _, t) = run(fec(&[
        "VE 1 20250331 411000 C001 VT03 20250331 1200,00 0,00 -",
        "VE 1 20250331 411000 C002 VT03 20250331 600,00 0,00 -",
        "VE 1 20250331 706000 - VT03 20250331 0,00 1500,00 -",
        "VE 1 20250331 445710 - VT03 20250331 0,00 300,00 -",
    ])
    .as_bytes());
    assert_eq!(
        numbers(&l),
        [
            ("VT03/VE-1/C001", dec("1200.00")),
            ("VT03/VE-1/C002", dec("600.00"))
        ]
    );
    assert_eq!(t, totals(&[("C001", "1200"), ("C002", "600")]));
    // The entry's revenue is not one invoice's: no net or VAT given.
    assert_eq!((l.invoices[0].net, l.invoices[0].vat), (None, None));
}

#[test]
fn the_debits_of_one_customer_in_one_entry_group_by_piece() {
    // Dupont: two lines of piece F200 (one per VAT rate, 200 + 100) are one invoice of 300;
    // F201 in the same entry is another (50). Entry: 350 = 300 revenue + 50 VAT.
    let (l, _, t) = run(fec(&[
        "VE 7 20250410 411000 C001 F200 20250410 200,00 0,00 -",
        "VE 7 20250410 411000 C001 F200 20250410 100,00 0,00 -",
        "VE 7 20250410 411000 C001 F201 20250410 50,00 0,00 -",
        "VE 7 20250410 706000 - F200 20250410 0,00 300,00 -",
        "VE 7 20250410 445710 - F200 20250410 0,00 50,00 -",
    ])
    .as_bytes());
    assert_eq!(
        numbers(&l),
        [("F200", dec("300.00")), ("F201", dec("50.00"))]
    );
    assert_eq!(t, totals(&[("C001", "350")]));
}

#[test]
fn opening_lines_are_open_items_at_their_own_date() {
    // The "à nouveaux" of 2025: Dupont's F097 (15/10/2024, 120) and F099 (15/11/2024, 480),
    // Martin's "RAN" (250) sharing the PieceRef "RAN" with Dupont's third line (30).
    // Dupont 120 + 480 + 30 = 630; Martin 250.
    let (l, _, t) = run(fec(&[
        "AN 1 20250101 411000 C001 F097 20241015 120,00 0,00 -",
        "AN 1 20250101 411000 C001 F099 20241115 480,00 0,00 -",
        "AN 1 20250101 411000 C001 RAN 20250101 30,00 0,00 -",
        "AN 1 20250101 411000 C002 RAN 20250101 250,00 0,00 -",
        "AN 1 20250101 890000 - RAN 20250101 0,00 880,00 -",
    ])
    .as_bytes());
    assert_eq!(t, totals(&[("C001", "630"), ("C002", "250")]));
    let f097 = l.invoices.iter().find(|i| i.number == "F097").unwrap();
    // Issued on its piece date; no due date in a FEC: 30 days later.
    assert_eq!(
        (f097.issue_date, f097.due_date),
        (date("2024-10-15"), date("2024-11-14"))
    );
    let mut n: Vec<_> = numbers(&l).into_iter().map(|(n, _)| n).collect();
    n.sort_unstable();
    assert_eq!(n, ["F097", "F099", "RAN/AN-1/C001", "RAN/AN-1/C002"]);
}

#[test]
fn a_lettered_payment_settles_its_letter_and_an_unlettered_one_the_oldest_item() {
    // Dupont: F100 (10/01, 1,000, letter AA), F101 (10/02, 500), F102 (10/03, 400).
    // Bank: 1,000 lettered AA settles F100; 300 unlettered goes to the oldest open item, F101.
    // Open: F100 0, F101 200, F102 400 → 600.
    let (l, _, t) = run(fec(&[
        "VE 1 20250110 411000 C001 F100 20250110 1000,00 0,00 AA",
        "VE 1 20250110 706000 - F100 20250110 0,00 1000,00 -",
        "VE 2 20250210 411000 C001 F101 20250210 500,00 0,00 -",
        "VE 2 20250210 706000 - F101 20250210 0,00 500,00 -",
        "VE 3 20250310 411000 C001 F102 20250310 400,00 0,00 -",
        "VE 3 20250310 706000 - F102 20250310 0,00 400,00 -",
        "BQ 4 20250401 411000 C001 VIR1 20250401 0,00 1000,00 AA",
        "BQ 4 20250401 512000 - VIR1 20250401 1000,00 0,00 -",
        "BQ 5 20250402 411000 C001 VIR2 20250402 0,00 300,00 -",
        "BQ 5 20250402 512000 - VIR2 20250402 300,00 0,00 -",
    ])
    .as_bytes());
    assert_eq!(t, totals(&[("C001", "600")]));
    assert_eq!(
        outstanding_by_invoice(&l, date("2025-12-31")),
        ["0", "200", "400"].map(dec)
    );
    assert_eq!(l.payments[0].allocations.len(), 1);
    assert!(
        l.payments[1].allocations.is_empty(),
        "unlettered: left to FIFO"
    );
}

#[test]
fn a_letter_belongs_to_one_customer_account() {
    // Dupont's F1 (700) and Martin's F2 (400) both carry the letter AA, each in its own
    // account. Martin's payment of 400 lettered AA settles Martin's F2 only.
    // Dupont 700, Martin 0.
    let (l, _, t) = run(fec(&[
        "VE 1 20250110 411000 C001 F1 20250110 700,00 0,00 AA",
        "VE 1 20250110 706000 - F1 20250110 0,00 700,00 -",
        "VE 2 20250111 411000 C002 F2 20250111 400,00 0,00 AA",
        "VE 2 20250111 706000 - F2 20250111 0,00 400,00 -",
        "BQ 3 20250201 411000 C002 V 20250201 0,00 400,00 AA",
        "BQ 3 20250201 512000 - V 20250201 400,00 0,00 -",
    ])
    .as_bytes());
    assert_eq!(t, totals(&[("C001", "700")]));
    let f2 = l.invoices.iter().find(|i| i.number == "F2").unwrap().id;
    assert_eq!(l.payments[0].allocations[0].invoice, f2);
}

#[test]
fn a_lettered_payment_beyond_its_letter_is_a_credit_for_the_next_item() {
    // F1 600 (AA) and F2 (later, 500). 800 lettered AA: 600 to F1, 200 left → FIFO to F2.
    // Open: F1 0, F2 300.
    let (l, _, t) = run(fec(&[
        "VE 1 20250110 411000 C001 F1 20250110 600,00 0,00 AA",
        "VE 1 20250110 706000 - F1 20250110 0,00 600,00 -",
        "VE 2 20250120 411000 C001 F2 20250120 500,00 0,00 -",
        "VE 2 20250120 706000 - F2 20250120 0,00 500,00 -",
        "BQ 3 20250201 411000 C001 V 20250201 0,00 800,00 AA",
        "BQ 3 20250201 512000 - V 20250201 800,00 0,00 -",
    ])
    .as_bytes());
    assert_eq!(t, totals(&[("C001", "300")]));
    assert_eq!(
        outstanding_by_invoice(&l, date("2025-12-31")),
        ["0", "300"].map(dec)
    );
}

#[test]
fn a_credit_in_a_sales_entry_is_a_credit_note_on_its_letter() {
    // F1 1,200 (AB); credit note AV1 of 240 (200 + 40 VAT through 709) lettered AB → F1 960.
    let (l, _, t) = run(fec(&[
        "VE 1 20250110 411000 C001 F1 20250110 1200,00 0,00 AB",
        "VE 1 20250110 706000 - F1 20250110 0,00 1000,00 -",
        "VE 1 20250110 445710 - F1 20250110 0,00 200,00 -",
        "VE 2 20250115 411000 C001 AV1 20250115 0,00 240,00 AB",
        "VE 2 20250115 709000 - AV1 20250115 200,00 0,00 -",
        "VE 2 20250115 445710 - AV1 20250115 40,00 0,00 -",
    ])
    .as_bytes());
    assert_eq!(t, totals(&[("C001", "960")]));
    let note = &l.invoices[1];
    assert_eq!(
        (note.number.as_str(), note.kind),
        ("AV1/VE-2", DocKind::CreditNote)
    );
    assert_eq!(note.applies_to, Some(l.invoices[0].id));
    // The only document of its entry: the entry's revenue is its net (−200), VAT −40.
    assert_eq!((note.net, note.vat), (Some(dec("-200")), Some(dec("-40"))));
    // The invoice's own entry: net 1,000, VAT 200.
    assert_eq!(
        (l.invoices[0].net, l.invoices[0].vat),
        (Some(dec("1000")), Some(dec("200")))
    );
}

#[test]
fn a_move_to_416_marks_the_invoice_doubtful_and_changes_no_balance() {
    // F101 600 for Martin, then OD: 416 debit 600 / 411 credit 600 for the same piece.
    // Martin still owes 600; F101 is doubtful; the move is neither an invoice nor a payment.
    let (l, _, t) = run(fec(&[
        "VE 3 20250120 411000 C002 F101 20250120 600,00 0,00 -",
        "VE 3 20250120 706000 - F101 20250120 0,00 600,00 -",
        "OD 7 20250401 416000 C002 F101 20250401 600,00 0,00 -",
        "OD 7 20250401 411000 C002 F101 20250401 0,00 600,00 -",
    ])
    .as_bytes());
    assert_eq!(t, totals(&[("C002", "600")]));
    assert_eq!(l.invoices.len(), 1);
    assert!(l.invoices[0].doubtful);
    assert!(l.payments.is_empty());
}

#[test]
fn a_move_beside_an_invoice_of_the_same_customer_nets_to_that_invoice() {
    // One entry bills Martin F7 (100) and moves his F6 (600) to 416: the move nets to zero,
    // F7 stays an invoice of 100. Martin owes 600 + 100 = 700; F6 doubtful, F7 not.
    let (l, _, t) = run(fec(&[
        "VE 1 20250110 411000 C002 F6 20250110 600,00 0,00 -",
        "VE 1 20250110 706000 - F6 20250110 0,00 600,00 -",
        "OD 2 20250601 411000 C002 F7 20250601 100,00 0,00 -",
        "OD 2 20250601 706000 - F7 20250601 0,00 100,00 -",
        "OD 2 20250601 416000 C002 F6 20250601 600,00 0,00 -",
        "OD 2 20250601 411000 C002 F6 20250601 0,00 600,00 -",
    ])
    .as_bytes());
    assert_eq!(t, totals(&[("C002", "700")]));
    assert_eq!(numbers(&l), [("F6", dec("600.00")), ("F7", dec("100.00"))]);
    assert_eq!(
        l.invoices.iter().map(|i| i.doubtful).collect::<Vec<_>>(),
        [true, false]
    );
}

#[test]
fn a_lettered_move_to_416_without_auxiliary_accounts_is_one_customer() {
    // No CompAuxNum: 411DUP is the customer; 416DUP is the same customer once doubtful.
    // F5 300 (AC) moved to 416DUP with the letter AC: one client, 300, F5 doubtful.
    let (l, _, t) = run(fec(&[
        "VE 1 20250110 411DUP - F5 20250110 300,00 0,00 AC",
        "VE 1 20250110 706000 - F5 20250110 0,00 300,00 -",
        "OD 2 20250601 416DUP - F5 20250601 300,00 0,00 -",
        "OD 2 20250601 411DUP - F5 20250601 0,00 300,00 AC",
    ])
    .as_bytes());
    assert_eq!(t, totals(&[("411DUP", "300")]));
    assert_eq!(l.clients.len(), 1);
    assert!(l.invoices[0].doubtful);
}

#[test]
fn a_write_off_that_closes_its_letter_writes_the_invoice_off() {
    // F300 500 (AD); 300 received (AD); the 200 left written off through 654 (AD).
    // Dupont owes 0: F300 written off, keeping the 300 paid on it.
    let (l, _, t) = run(fec(&[
        "VE 1 20250110 411000 C001 F300 20250110 500,00 0,00 AD",
        "VE 1 20250110 706000 - F300 20250110 0,00 500,00 -",
        "BQ 2 20250301 411000 C001 V 20250301 0,00 300,00 AD",
        "BQ 2 20250301 512000 - V 20250301 300,00 0,00 -",
        "OD 3 20251130 654000 - F300 20251130 200,00 0,00 -",
        "OD 3 20251130 411000 C001 F300 20251130 0,00 200,00 AD",
    ])
    .as_bytes());
    assert_eq!(t.get("C001").copied().unwrap_or_default(), Decimal::ZERO);
    assert_eq!(l.invoices.len(), 1, "no credit note for the loss");
    assert_eq!(l.invoices[0].status, InvoiceStatus::WrittenOff);
    assert_eq!(l.payments.len(), 1);
}

#[test]
fn a_write_off_that_is_not_a_letters_rest_is_a_credit_note_of_the_loss() {
    // F1 1,000 (10/01) and F2 400 (10/02), no letters; 6714 write-off of 150 unlettered:
    // a credit note of −150 applied to the oldest, F1. Owed: 1,000 + 400 − 150 = 1,250.
    let (l, _, t) = run(fec(&[
        "VE 1 20250110 411000 C001 F1 20250110 1000,00 0,00 -",
        "VE 1 20250110 706000 - F1 20250110 0,00 1000,00 -",
        "VE 2 20250210 411000 C001 F2 20250210 400,00 0,00 -",
        "VE 2 20250210 706000 - F2 20250210 0,00 400,00 -",
        "OD 3 20251130 671400 - PERTE 20251130 150,00 0,00 -",
        "OD 3 20251130 411000 C001 PERTE 20251130 0,00 150,00 -",
    ])
    .as_bytes());
    assert_eq!(t, totals(&[("C001", "1250")]));
    assert_eq!(
        outstanding_by_invoice(&l, date("2025-12-31")),
        ["850", "400", "0"].map(dec)
    );
    assert_eq!(l.invoices[2].kind, DocKind::CreditNote);
    assert!(l.invoices.iter().all(|i| i.status == InvoiceStatus::Open));
}

#[test]
fn montant_and_sens_instead_of_debit_and_credit() {
    // Tabs, Montant + Sens: D/C, and +1/−1 as the law also allows. F1 120 − 20 paid = 100;
    // F2 80 (Sens +1) − 30 (Sens -1) = 50. Dupont 150.
    let text = "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tMontant\tSens\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise\n\
VE\tVentes\t1\t20250110\t411000\tClients\tC001\tDupont\tF1\t20250110\tF1\t120,00\tD\t\t\t20250110\t\t\n\
VE\tVentes\t1\t20250110\t706000\tVentes\t\t\tF1\t20250110\tF1\t120,00\tC\t\t\t20250110\t\t\n\
VE\tVentes\t2\t20250120\t411000\tClients\tC001\tDupont\tF2\t20250120\tF2\t80,00\t+1\t\t\t20250120\t\t\n\
VE\tVentes\t2\t20250120\t706000\tVentes\t\t\tF2\t20250120\tF2\t80,00\t-1\t\t\t20250120\t\t\n\
BQ\tBanque\t3\t20250201\t411000\tClients\tC001\tDupont\tV1\t20250201\tV1\t20,00\tC\t\t\t20250201\t\t\n\
BQ\tBanque\t3\t20250201\t512000\tBanque\t\t\tV1\t20250201\tV1\t20,00\tD\t\t\t20250201\t\t\n\
BQ\tBanque\t4\t20250202\t411000\tClients\tC001\tDupont\tV2\t20250202\tV2\t30,00\t-1\t\t\t20250202\t\t\n\
BQ\tBanque\t4\t20250202\t512000\tBanque\t\t\tV2\t20250202\tV2\t30,00\t+1\t\t\t20250202\t\t\n";
    let (_, _, t) = run(text.as_bytes());
    assert_eq!(t, totals(&[("C001", "150")]));
}

/// The layout of the 22-column (BNC/BA "trésorerie") files, CR CR LF line ends, fields padded
/// to a fixed width with a trailing `|`, and `;`: the same ledger read the same way.
#[test]
fn the_layouts_real_exports_use_read_alike() {
    // F1 1,200 for Dupont lettered with its payment of 1,200; F2 300 open. Dupont owes 300.
    let plain = fec(&[
        "VE 1 20250110 411000 C001 F1 20250110 1200,00 0,00 AA",
        "VE 1 20250110 706000 - F1 20250110 0,00 1200,00 -",
        "VE 2 20250301 411000 C001 F2 20250301 300,00 0,00 -",
        "VE 2 20250301 706000 - F2 20250301 0,00 300,00 -",
        "BQ 3 20250215 411000 C001 V1 20250215 0,00 1200,00 AA",
        "BQ 3 20250215 512000 - V1 20250215 1200,00 0,00 -",
    ]);
    let lines: Vec<&str> = plain.lines().collect();
    // Extra columns at the end: DateRglt, ModeRglt, NatOp, IdClient.
    let extra: String = lines
        .iter()
        .enumerate()
        .map(|(k, l)| {
            if k == 0 {
                format!("{l}|DateRglt|ModeRglt|NatOp|IdClient\n")
            } else {
                format!("{l}|20250215|VIR||C001\n")
            }
        })
        .collect();
    let crcrlf = plain.replace('\n', "\r\r\n");
    // Every field padded with spaces to 16 (amounts with zeros to 13), a trailing `|`.
    let padded: String = lines
        .iter()
        .enumerate()
        .map(|(k, l)| {
            let fields: Vec<String> = l
                .split('|')
                .enumerate()
                .map(|(c, f)| {
                    if k > 0 && (c == 11 || c == 12) {
                        format!("{f:0>13}")
                    } else {
                        format!("{f:<16}")
                    }
                })
                .collect();
            format!("{}|\n", fields.join("|"))
        })
        .collect();
    let semicolons = plain.replace('|', ";");
    let expected = totals(&[("C001", "300")]);
    for (name, text) in [
        ("plain", plain.clone()),
        ("22 columns", extra),
        ("CR CR LF", crcrlf),
        ("fixed width", padded),
        ("semicolons", semicolons),
    ] {
        let (l, r, t) = run(text.as_bytes());
        assert_eq!(t, expected, "{name}");
        assert_eq!(
            (r.new_invoices, r.new_payments),
            (2, 1),
            "{name}: {:?}",
            numbers(&l)
        );
        assert_eq!(l.payments[0].allocations.len(), 1, "{name}: lettered");
        assert_eq!(l.invoices[1].number, "F2", "{name}");
    }
    // Line numbers count the line breaks as an editor shows them: with CR CR LF each record
    // is two lines further (a lone CR, then CR LF).
    let p = parse(
        plain.replace('\n', "\r\r\n").as_bytes(),
        &opts("2025-12-31"),
    )
    .unwrap();
    assert_eq!(
        p.staged.invoices[1].line, 7,
        "F2 is the third record: 1 + 3 × 2"
    );
}

mod random_ledgers {
    //! Random ledgers mixing every rule: whatever the rules do with the lines, each customer's
    //! aged balance after the last entry is the ledger's debit − credit on its lines.
    use super::*;
    use proptest::prelude::*;

    /// One entry: (kind, customer, second customer, cents, letter, day of the year).
    type Entry = (u8, usize, usize, i64, usize, u32);

    fn entry() -> impl Strategy<Value = Entry> {
        (
            0u8..8,
            0usize..3,
            0usize..3,
            1i64..500_000,
            0usize..3,
            0u32..360,
        )
    }

    fn cents(c: i64) -> String {
        format!("{},{:02}", c / 100, c % 100)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)))]

        #[test]
        fn every_customer_owes_what_its_lines_say(entries in prop::collection::vec(entry(), 1..25)) {
            let customers = ["C001", "C002", "C003"];
            let letters = ["-", "AA", "AB"];
            let mut rows: Vec<String> = Vec::new();
            let mut owed = BTreeMap::<String, Decimal>::new();
            for (n, &(kind, a, b, c, letter, day)) in entries.iter().enumerate() {
                let d = (date("2025-01-01") + chrono::Days::new(u64::from(day))).format("%Y%m%d").to_string();
                let (ca, cb, amt, l) = (customers[a], customers[b], cents(c), letters[letter]);
                let num = n + 1;
                let mut line = |j: &str, acc: &str, aux: &str, piece: &str, debit: &str, credit: &str, l: &str| {
                    rows.push(format!("{j} {num} {d} {acc} {aux} {piece} {d} {debit} {credit} {l}"));
                };
                let half = cents(c / 2);
                let rest = cents(c - c / 2);
                match kind {
                    // A sale; a sale of one piece to two customers.
                    0 => {
                        line("VE", "411000", ca, &format!("F{num}"), &amt, "0,00", l);
                        line("VE", "706000", "-", &format!("F{num}"), "0,00", &amt, "-");
                    }
                    1 => {
                        line("VE", "411000", ca, "VT", &half, "0,00", l);
                        line("VE", "411000", cb, "VT", &rest, "0,00", "-");
                        line("VE", "706000", "-", "VT", "0,00", &amt, "-");
                    }
                    // A payment; a credit note.
                    2 => {
                        line("BQ", "411000", ca, "V", "0,00", &amt, l);
                        line("BQ", "512000", "-", "V", &amt, "0,00", "-");
                    }
                    3 => {
                        line("VE", "411000", ca, &format!("AV{num}"), "0,00", &amt, l);
                        line("VE", "709000", "-", &format!("AV{num}"), &amt, "0,00", "-");
                    }
                    // A move to 416 (of a piece of a sale, or of none).
                    4 => {
                        let piece = format!("F{}", num.saturating_sub(1));
                        line("OD", "416000", ca, &piece, &amt, "0,00", "-");
                        line("OD", "411000", ca, &piece, "0,00", &amt, l);
                    }
                    // A write-off.
                    5 => {
                        line("OD", "654000", "-", "P", &amt, "0,00", "-");
                        line("OD", "411000", ca, "P", "0,00", &amt, l);
                    }
                    // A sale half paid, the rest written off, all under a letter of its own:
                    // the invoice is written off.
                    7 => {
                        let z = format!("Z{num}");
                        line("VE", "411000", ca, &format!("F{num}"), &amt, "0,00", &z);
                        line("VE", "706000", "-", &format!("F{num}"), "0,00", &amt, "-");
                        line("BQ", "411000", ca, "V", "0,00", &half, &z);
                        line("BQ", "512000", "-", "V", &half, "0,00", "-");
                        line("OD", "654000", "-", "P", &rest, "0,00", "-");
                        line("OD", "411000", ca, "P", "0,00", &rest, &z);
                    }
                    // An opening entry for two customers sharing "RAN".
                    _ => {
                        line("AN", "411000", ca, "RAN", &half, "0,00", l);
                        line("AN", "411000", cb, "RAN", &rest, "0,00", "-");
                        line("AN", "890000", "-", "RAN", "0,00", &amt, "-");
                    }
                }
                let mut signed = |k: usize, v: i64| {
                    *owed.entry(customers[k].to_string()).or_default() += Decimal::new(v, 2);
                };
                match kind {
                    0 => signed(a, c),
                    1 | 6 => {
                        signed(a, c / 2);
                        signed(b, c - c / 2);
                    }
                    2 | 3 | 5 => signed(a, -c),
                    _ => {}
                }
            }
            let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
            let (_, _, got) = run(fec(&rows).as_bytes());
            let got: BTreeMap<String, Decimal> = got.into_iter().filter(|(_, v)| !v.is_zero()).collect();
            let want: BTreeMap<String, Decimal> = owed.into_iter().filter(|(_, v)| !v.is_zero()).collect();
            prop_assert_eq!(got, want);
        }
    }
}

#[test]
fn line_amounts_from_10_pow_18_are_out_of_range_and_no_sum_overflows() {
    // Eight debits of 28 digits in one entry for one customer would add past Decimal's range
    // (a panic before): each is refused on its line. 10^18 − 1 is read; 10^18 is not.
    let big = "9999999999999999999999999999";
    let mut rows: Vec<String> = (1..=8)
        .map(|_| format!("VE 1 20250110 411000 C001 F1 20250110 {big} - -"))
        .collect();
    rows.push("VE 2 20250111 411000 C002 F2 20250111 999999999999999999 - -".into());
    rows.push("VE 3 20250112 411000 C002 F3 20250112 1000000000000000000 - -".into());
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let file = fec(&rows);
    let p = parse(file.as_bytes(), &opts("2025-12-31")).unwrap();
    let lines: Vec<_> = p.errors.iter().map(|e| (e.line, e.code.id())).collect();
    let mut expected: Vec<(u64, &str)> = (2..=9).map(|l| (l, "bad_amount")).collect();
    expected.push((11, "bad_amount"));
    assert_eq!(lines, expected);
    let numbers: Vec<&str> = p
        .staged
        .invoices
        .iter()
        .map(|i| i.number.as_str())
        .collect();
    assert_eq!(numbers, ["F2"]);
    assert_eq!(p.staged.invoices[0].total, dec("999999999999999999"));
}
