//! Export layouts read without mapping by hand: the header after a title, CamelCase names,
//! the number a client sees over an internal id, a Type column for credit notes, drafts and
//! voided invoices left out with a warning. The files are written here in the tools' column
//! names; the expected figures are counted by hand in the comments.

mod common;

use common::*;
use encours_core::aging::{age, AgingOptions};
use encours_core::import::{import, parse, Code, Field, FileKind, ImportOptions};
use encours_core::Ledger;

fn opts() -> ImportOptions {
    ImportOptions::builder(date("2025-06-30")).build()
}

fn total_outstanding(l: &Ledger) -> rust_decimal::Decimal {
    let a = age(l, &AgingOptions::new(date("2025-06-30")));
    a.currencies.iter().map(|c| c.total).sum()
}

#[test]
fn a_title_and_a_date_range_before_the_header_are_looked_past() {
    // Three lines before the header (as Invoice Ninja writes them); rows on lines 5 and 6.
    let csv = "Invoices\nAcme SARL\n2025-01-01 - 2025-06-30\n\
Invoice Number,Client Name,Invoice Date,Due Date,Amount,Balance\n\
INV-1,Dupont,2025-01-10,2025-02-09,100.00,100.00\n\
INV-2,Roux,2025-02-10,2025-03-12,250.00,50.00\n";
    let p = parse(csv.as_bytes(), &opts()).unwrap();
    assert_eq!(p.detected.kind, FileKind::Invoices);
    assert_eq!(p.detected.delimiter, b',');
    assert_eq!(p.detected.headers[0], "Invoice Number");
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let lines: Vec<u64> = p.staged.invoices.iter().map(|i| i.line).collect();
    assert_eq!(lines, [5, 6]);
    let mut l = Ledger::default();
    import(&mut l, csv.as_bytes(), &opts());
    // 100.00 + 50.00 still owed.
    assert_eq!(total_outstanding(&l), dec("150.00"));
}

#[test]
fn the_invoice_number_wins_over_the_internal_invoice_id() {
    let csv = "Invoice ID,Invoice Date,Invoice Number,Customer Name,Total,Balance,Currency Code\n\
4607000000123,2025-03-01,INV-000001,Dupont,120.00,120.00,EUR\n\
4607000000124,2025-03-02,INV-000002,Roux,80.00,0.00,USD\n";
    let p = parse(csv.as_bytes(), &opts()).unwrap();
    assert!(p.detected.mapping.contains(&(Field::Number, 2)));
    let numbers: Vec<&str> = p.staged.invoices.iter().map(|i| &*i.number).collect();
    assert_eq!(numbers, ["INV-000001", "INV-000002"]);
    assert_eq!(p.staged.invoices[1].currency.to_string(), "USD");
}

#[test]
fn camel_case_names_a_type_column_and_drafts_and_voids() {
    // Xero-style names. INV-1 owes 300; CN-1 is a credit note of 50 written positive; the
    // draft and the voided invoice are not receivables. Owed: 300 − 50 = 250.
    let csv = "ContactName,InvoiceNumber,InvoiceDate,DueDate,Total,InvoiceAmountDue,Type,Status\n\
Dupont,INV-1,2025-04-01,2025-05-01,300.00,300.00,Sales invoice,Awaiting Payment\n\
Dupont,CN-1,2025-04-15,2025-04-15,50.00,50.00,Sales credit note,Awaiting Payment\n\
Roux,INV-2,2025-04-20,2025-05-20,999.00,999.00,Sales invoice,Draft\n\
Roux,INV-3,2025-04-21,2025-05-21,111.00,111.00,Sales invoice,Voided\n";
    let mut l = Ledger::default();
    let r = import(&mut l, csv.as_bytes(), &opts());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let warnings: Vec<(u64, &str)> = r.warnings.iter().map(|w| (w.line, w.code.id())).collect();
    assert_eq!(warnings, [(4, "draft_skipped"), (5, "void_skipped")]);
    assert_eq!(l.invoices.len(), 2);
    assert_eq!(total_outstanding(&l), dec("250.00"));
}

#[test]
fn invoice2go_camel_case_balance_due() {
    let csv = "DocumentNumber,ClientName,DocumentDate,DueDate,TotalAmount,BalanceDueAmount\n\
0001,Dupont,01/03/2025,31/03/2025,500.00,200.00\n";
    let mut l = Ledger::default();
    let r = import(&mut l, csv.as_bytes(), &opts());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(&*l.invoices[0].number, "0001");
    assert_eq!(total_outstanding(&l), dec("200.00"));
}

#[test]
fn terms_give_the_due_date_when_the_file_has_none() {
    // 10/01 + 30 days then end of month = 28/02; Net 30 from 10/01 = 09/02.
    let csv = "N° facture;Client;Date;Montant TTC;Conditions de paiement\n\
F1;Dupont;10/01/2025;100,00;30 jours fin de mois\n\
F2;Roux;10/01/2025;100,00;Net 30\n";
    let p = parse(csv.as_bytes(), &opts()).unwrap();
    let due: Vec<_> = p.staged.invoices.iter().map(|i| i.due_date).collect();
    assert_eq!(due, [Some(date("2025-02-28")), Some(date("2025-02-09"))]);
}

#[test]
fn an_installment_schedule_is_read_from_one_row_per_installment() {
    // The example of docs/import.md: F10 is 1,000 due in two parts, 400 on 10/02 and 600 on
    // 10/03. On 20/02 the first part is 10 days late, the second not due.
    let csv = "N° facture;Client;Date;Échéance;Montant TTC;Montant de l'échéance\n\
F10;Dupont;10/01/2025;10/02/2025;1 000,00;400,00\n\
F10;Dupont;10/01/2025;10/03/2025;1 000,00;600,00\n";
    let mut l = Ledger::default();
    let r = import(&mut l, csv.as_bytes(), &opts());
    assert!(r.errors.is_empty() && r.warnings.is_empty(), "{r:?}");
    assert_eq!(l.invoices.len(), 1);
    let inv = &l.invoices[0];
    assert_eq!(inv.total, dec("1000"));
    assert_eq!(inv.due_date, date("2025-03-10"));
    let parts: Vec<(String, String)> = inv
        .installments
        .iter()
        .map(|p| (p.due_date.to_string(), p.amount.to_string()))
        .collect();
    assert_eq!(
        parts,
        [
            ("2025-02-10".to_string(), "400.00".to_string()),
            ("2025-03-10".to_string(), "600.00".to_string())
        ]
    );
    let a = age(&l, &AgingOptions::new(date("2025-02-20")));
    // Buckets: not due, 1–30, …: 600 not due, 400 in 1–30.
    assert_eq!(a.currencies[0].buckets[0], dec("600"));
    assert_eq!(a.currencies[0].buckets[1], dec("400"));

    // Parts that do not make the total: imported as written, with a warning on F10's line.
    let short = csv.replace("600,00\n", "500,00\n");
    let mut l = Ledger::default();
    let r = import(&mut l, short.as_bytes(), &opts());
    let w: Vec<(u64, &str)> = r.warnings.iter().map(|w| (w.line, w.code.id())).collect();
    assert_eq!(w, [(2, "installments_not_total")]);
    assert_eq!(l.invoices[0].total, dec("1000"));
}

#[test]
fn rows_of_one_number_for_two_clients_stay_two_and_the_second_is_refused() {
    let csv = "Invoice Number,Client,Invoice Date,Total\nA1,Dupont,2025-01-10,100.00\n\
A1,Roux,2025-01-11,50.00\n";
    let mut l = Ledger::default();
    let r = import(&mut l, csv.as_bytes(), &opts());
    let e: Vec<(u64, &str)> = r.errors.iter().map(|e| (e.line, e.code.id())).collect();
    assert_eq!(e, [(3, "duplicate_number")]);
    assert_eq!(total_outstanding(&l), dec("100.00"));
}

#[test]
fn numbered_statuses_are_dolibarr_codes_only_in_a_dolibarr_layout() {
    // Four invoices of 100, 200, 400 and 800 with the statuses 0, 1, 2, 3 (Dolibarr's draft,
    // validated, paid, abandoned). Read as Dolibarr's codes: the draft (line 2) and the
    // abandoned (line 5) are left out, 200 owed (the paid one owes 0: its « Créance », or with
    // no amount column its status). Without Dolibarr's labels the numbers say nothing: four
    // invoices, 100 + 200 + 0 + 800 = 1,100 owed (the third's balance says it is paid).
    // (line, column, code, invoice number): the status is column 6.
    let skipped = [
        (2, 6, "draft_skipped", "FA1"),
        (5, 6, "void_skipped", "FA4"),
    ];
    // (case, file, warnings, invoices imported, owed).
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a [(u64, u32, &'a str, &'a str)],
        usize,
        &'a str,
    );
    let table: &[Case] = &[
        (
            "Dolibarr, fr_FR labels, a separator after every field",
            "Réf. facture,Raison sociale,Date facturation,Total TTC,Créance,Statut facture,Facture payée,\n\
FA1,Dupont,2025-03-01,100,100,0,0,\nFA2,Dupont,2025-03-02,200,200,1,0,\n\
FA3,Dupont,2025-03-03,400,0,2,1,\nFA4,Dupont,2025-03-04,800,800,3,0,\n",
            &skipped,
            2,
            "200",
        ),
        (
            // « Réf. facture », « Date facturation » and « Créance » are ordinary French
            // headers: a home-made file whose « Statut facture » is 0 for "unpaid" and 1 for
            // "paid" is not read as Dolibarr's (its unpaid invoices were skipped as drafts).
            // Four invoices, 100 + 200 + 0 + 800 = 1,100 owed by « Créance ».
            "a French file of its own with Dolibarr's common labels",
            "Réf. facture,Client,Date facturation,Total TTC,Créance,Statut facture\n\
FA1,Dupont,2025-03-01,100,100,0\nFA2,Dupont,2025-03-02,200,200,0\n\
FA3,Dupont,2025-03-03,400,0,1\nFA4,Dupont,2025-03-04,800,800,0\n",
            &[],
            4,
            "1100",
        ),
        (
            "Dolibarr, en_US labels, no amount owed column",
            "Invoice ref.,Customer,Invoice date,Total,Invoice paid,Invoice status\n\
FA1,Dupont,2025-03-01,100,0,0\nFA2,Dupont,2025-03-02,200,0,1\n\
FA3,Dupont,2025-03-03,400,1,2\nFA4,Dupont,2025-03-04,800,0,3\n",
            &skipped,
            2,
            "200",
        ),
        (
            "a bare Status column of numbers",
            "Invoice Number,Customer,Invoice Date,Total,Balance,Status\n\
FA1,Dupont,2025-03-01,100,100,0\nFA2,Dupont,2025-03-02,200,200,1\n\
FA3,Dupont,2025-03-03,400,0,2\nFA4,Dupont,2025-03-04,800,800,3\n",
            &[],
            4,
            "1100",
        ),
        (
            "Dolibarr's status label alone (Zoho's too)",
            "Invoice Number,Customer Name,Invoice Date,Total,Balance,Invoice Status\n\
FA1,Dupont,2025-03-01,100,100,0\nFA2,Dupont,2025-03-02,200,200,1\n\
FA3,Dupont,2025-03-03,400,0,2\nFA4,Dupont,2025-03-04,800,800,3\n",
            &[],
            4,
            "1100",
        ),
    ];
    for &(case, csv, warnings, invoices, owed) in table {
        let mut l = Ledger::default();
        let r = import(&mut l, csv.as_bytes(), &opts());
        assert!(r.errors.is_empty(), "{case}: {:?}", r.errors);
        let got: Vec<(u64, u32, &str, &str)> = r
            .warnings
            .iter()
            .map(|w| {
                let number = match &w.code {
                    Code::DraftSkipped { number } | Code::VoidSkipped { number } => number.as_str(),
                    _ => "",
                };
                (w.line, w.column, w.code.id(), number)
            })
            .collect();
        assert_eq!(got, warnings, "{case}");
        assert_eq!(l.invoices.len(), invoices, "{case}");
        assert_eq!(total_outstanding(&l), dec(owed), "{case}");
    }
}
