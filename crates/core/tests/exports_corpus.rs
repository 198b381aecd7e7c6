//! Real export layouts of invoicing tools (tests/corpus/exports, sources in SOURCES.md), each
//! imported without mapping by hand. The figures are checked against a computation written
//! here, not the import's: its own CSV split, its own amount and date reading (chrono's
//! formats), and each layout's meaning stated in its spec (which column says what is owed,
//! whether an invoice's rows add up or repeat its amount, which rows are not receivables).

mod common;

use chrono::{Days, NaiveDate};
use common::*;
use encours_core::aging::{age, AgingOptions};
use encours_core::import::{import, parse, FileKind, ImportOptions};
use encours_core::Ledger;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

const AS_OF: &str = "2025-06-30";

fn corpus(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/corpus/exports/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A CSV line split into fields: quotes group, `""` is a quote. (Enough for these files: no
/// field of theirs holds a line break.)
fn split(line: &str, delim: char) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            c if c == delim && !quoted => fields.push(String::new()),
            c => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

/// An amount as the file writes it: `$13.50`, `1,020.00`, `1200,00` (comma decimal), `(5)`.
fn amount(s: &str, comma_decimal: bool) -> Decimal {
    let s = s.trim().replace(['$', ' '], "");
    let (s, negative) = match s.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        Some(inner) => (inner.to_string(), true),
        None => (s, false),
    };
    let s = if comma_decimal {
        s.replace('.', "").replace(',', ".")
    } else {
        s.replace(',', "")
    };
    let d: Decimal = s.parse().unwrap_or_else(|e| panic!("{s}: {e}"));
    if negative {
        -d
    } else {
        d
    }
}

/// What each row of a layout means, as the test reads it.
struct Layout {
    file: &'static str,
    delim: char,
    /// Lines before the header, and extra header lines after it.
    before: usize,
    after: usize,
    number: &'static str,
    client: &'static str,
    /// What the row says is owed; `None`: the row is not a receivable.
    owed: fn(&Row) -> Option<Decimal>,
    /// The invoice's rows add up (line items) rather than repeat its amounts.
    rows_add_up: bool,
    /// The due date: (column, chrono format), or (issue date column, format) + 30 days.
    due: (&'static str, &'static str),
    due_from_issue: bool,
    currency: Option<&'static str>,
}

struct Row<'a> {
    head: &'a [String],
    cells: Vec<String>,
}

impl Row<'_> {
    fn get(&self, name: &str) -> &str {
        let k = self
            .head
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"));
        self.cells.get(k).map_or("", |s| s.trim())
    }
}

/// An invoice as the test reads it: client, currency, owed, due date.
type Expected = (String, String, Decimal, NaiveDate);

/// The file's invoices as the layout reads them: number → (client, currency, owed, due).
fn expected(l: &Layout) -> BTreeMap<String, Expected> {
    let bytes = corpus(l.file);
    // UTF-8, else ISO-8859-1 (Dolibarr's default export charset): a byte is its code point.
    let text = String::from_utf8(bytes.clone())
        .unwrap_or_else(|_| bytes.iter().map(|&b| char::from(b)).collect());
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines().skip(l.before);
    let head = split(lines.next().unwrap(), l.delim);
    let mut out: BTreeMap<String, Expected> = BTreeMap::new();
    for line in lines.skip(l.after) {
        if line.trim().is_empty() {
            continue;
        }
        let row = Row {
            head: &head,
            cells: split(line, l.delim),
        };
        let Some(owed) = (l.owed)(&row) else { continue };
        let raw_due = row.get(l.due.0);
        let raw_due = raw_due.split('T').next().unwrap();
        let due = NaiveDate::parse_from_str(raw_due, l.due.1)
            .unwrap_or_else(|e| panic!("{}: {raw_due}: {e}", l.file));
        let due = if l.due_from_issue {
            due.checked_add_days(Days::new(30)).unwrap()
        } else {
            due
        };
        let currency = l
            .currency
            .map_or("EUR".to_string(), |c| row.get(c).to_string());
        let number = row.get(l.number).to_string();
        match out.get_mut(&number) {
            Some(e) if l.rows_add_up => e.2 += owed,
            Some(_) => {}
            None => {
                out.insert(number, (row.get(l.client).to_string(), currency, owed, due));
            }
        }
    }
    out
}

fn opts() -> ImportOptions {
    ImportOptions::builder(date(AS_OF)).build()
}

/// Owed per "client currency" from the aged balance, zero rows left out.
fn owed_by_client(l: &Ledger) -> BTreeMap<String, Decimal> {
    let a = age(l, &AgingOptions::new(date(AS_OF)));
    let mut m = BTreeMap::new();
    for c in &a.currencies {
        for r in &c.clients {
            if !r.total.is_zero() {
                m.insert(format!("{} {}", r.name, c.currency), r.total);
            }
        }
    }
    m
}

/// Row messages as (line, code).
type Lines = Vec<(u64, String)>;

/// Imports the layout's file as it is and checks invoice count, owed per client and due
/// dates against [`expected`]; returns the report's (line, code) errors and warnings.
fn check(l: &Layout) -> (Lines, Lines) {
    let want = expected(l);
    let mut ledger = Ledger::default();
    let r = import(&mut ledger, &corpus(l.file), &opts());
    let codes = |rows: &[encours_core::import::RowError]| {
        rows.iter()
            .map(|e| (e.line, e.code.id().to_string()))
            .collect::<Vec<_>>()
    };
    let (errors, warnings) = (codes(&r.errors), codes(&r.warnings));
    assert_eq!(ledger.invoices.len(), want.len(), "{}: {errors:?}", l.file);
    let mut by_client: BTreeMap<String, Decimal> = BTreeMap::new();
    for (client, currency, owed, _) in want.values() {
        *by_client.entry(format!("{client} {currency}")).or_default() += owed;
    }
    by_client.retain(|_, v| !v.is_zero());
    assert_eq!(owed_by_client(&ledger), by_client, "{}", l.file);
    for (number, (_, _, _, due)) in &want {
        let inv = ledger
            .invoices
            .iter()
            .find(|i| i.number.as_str() == number)
            .unwrap_or_else(|| panic!("{}: no invoice {number}", l.file));
        assert_eq!(inv.due_date, *due, "{} {number}", l.file);
    }
    (errors, warnings)
}

fn layout(file: &'static str) -> Layout {
    Layout {
        file,
        delim: ',',
        before: 0,
        after: 0,
        number: "",
        client: "",
        owed: |_| None,
        rows_add_up: false,
        due: ("", "%Y-%m-%d"),
        due_from_issue: false,
        currency: None,
    }
}

#[test]
fn freshbooks_line_items_add_up_to_one_invoice() {
    // One row per line item, "Line Total" each: 650 + 490 + 6,750 = 7,890 owed.
    let (errors, warnings) = check(&Layout {
        number: "Invoice #",
        client: "Client Name",
        owed: |r| Some(amount(r.get("Line Total"), false)),
        rows_add_up: true,
        due: ("Date Issued", "%Y-%m-%d"),
        due_from_issue: true,
        currency: Some("Currency"),
        ..layout("freshbooks.csv")
    });
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(warnings, [(2, "lines_grouped".to_string())]);
}

#[test]
fn invoice2go_camel_case_and_currencies() {
    let (errors, _) = check(&Layout {
        number: "DocumentNumber",
        client: "Name",
        owed: |r| Some(amount(r.get("BalanceDueAmount"), false)),
        due: ("DocumentDate", "%Y-%m-%d"),
        due_from_issue: true,
        currency: Some("CurrencyCode"),
        ..layout("invoice2go.csv")
    });
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn invoicely_number_in_details_and_dates_in_words() {
    let (errors, _) = check(&Layout {
        number: "Details",
        client: "Client",
        owed: |r| Some(amount(r.get("Total"), false)),
        due: ("Due", "%b %d %Y"),
        ..layout("invoicely.csv")
    });
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn zoho_drafts_are_not_receivables_one_warning_an_invoice() {
    // Every invoice of the sample is a draft: nothing owed, one warning per invoice (its
    // first row), not one per line item.
    let (errors, warnings) = check(&Layout {
        number: "Invoice Number",
        client: "Customer Name",
        owed: |r| (r.get("Invoice Status") != "Draft").then(|| amount(r.get("Balance"), false)),
        due: ("Due Date", "%Y-%m-%d"),
        currency: Some("Currency Code"),
        ..layout("zoho.csv")
    });
    assert!(errors.is_empty(), "{errors:?}");
    let drafts: Vec<u64> = warnings
        .iter()
        .filter(|(_, c)| c == "draft_skipped")
        .map(|(l, _)| *l)
        .collect();
    assert_eq!(drafts, [2, 6, 11]);
    // The number a client sees, not the internal Invoice ID.
    let p = parse(&corpus("zoho.csv"), &opts()).unwrap();
    let number_col = p
        .detected
        .headers
        .iter()
        .position(|h| h == "Invoice Number");
    assert!(p
        .detected
        .mapping
        .contains(&(encours_core::import::Field::Number, number_col.unwrap())));
}

#[test]
fn invoice_ninja_title_lines_and_repeated_rows() {
    // Three lines before the header; invoice 2 written twice (its line item repeated), its
    // amount and paid taken once: 26.67 − 6.94 = 19.73.
    let (errors, warnings) = check(&Layout {
        before: 3,
        number: "Invoice Number",
        client: "Client",
        owed: |r| Some(amount(r.get("Amount"), false) - amount(r.get("Paid"), false)),
        due: ("Due Date", "%Y-%m-%d"),
        ..layout("invoiceninja.csv")
    });
    assert!(errors.is_empty(), "{errors:?}");
    assert!(
        warnings.contains(&(6, "lines_grouped".to_string())),
        "{warnings:?}"
    );
}

#[test]
fn invoice_ninja_payments_are_read_as_payments() {
    // "Payments" above the header says what the file is (its columns alone could be an
    // invoices list). With no invoices in the book, each payment is its client's credit;
    // the two refunds in parentheses are refused (a payment is positive).
    let bytes = corpus("invoiceninja_payments.csv");
    let p = parse(&bytes, &opts()).unwrap();
    assert_eq!(p.detected.kind, FileKind::Payments);
    let text = String::from_utf8(bytes.clone()).unwrap();
    let mut credit: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut count = 0;
    for line in text.lines().skip(4) {
        let f = split(line, ',');
        let a = amount(&f[2], false);
        if a > Decimal::ZERO {
            *credit.entry(format!("{} EUR", f[0])).or_default() -= a;
            count += 1;
        }
    }
    let mut l = Ledger::default();
    let r = import(&mut l, &bytes, &opts());
    assert_eq!(l.payments.len(), count);
    assert_eq!(owed_by_client(&l), credit);
    let errors: Vec<(u64, &str)> = r.errors.iter().map(|e| (e.line, e.code.id())).collect();
    assert_eq!(errors, [(12, "not_positive"), (13, "not_positive")]);
}

#[test]
fn akaunting_snake_case_names() {
    let (errors, _) = check(&Layout {
        number: "invoice_number",
        client: "customer_name",
        owed: |r| Some(amount(r.get("amount"), false)),
        due: ("due_at", "%Y-%m-%d"),
        currency: Some("currency_code"),
        ..layout("akaunting.csv")
    });
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn frappe_books_field_paths_line_and_tax_rows() {
    // A second header line of field paths; one row per item and per tax, the invoice's
    // "Outstanding Amount" on each (taken once). Invoice 1018 is in USD with its outstanding
    // amount in the base currency (300 INR against a 3.64 USD total): refused on line 7
    // (paid_out_of_range), so the checker leaves it out too.
    let (errors, _) = check(&Layout {
        after: 1,
        number: "Invoice No",
        client: "Party",
        owed: |r| {
            (r.get("Invoice No") != "1018").then(|| amount(r.get("Outstanding Amount"), false))
        },
        due: ("Date", "%Y-%m-%d"),
        due_from_issue: true,
        currency: Some("Customer Currency"),
        ..layout("frappe_books.csv")
    });
    assert_eq!(errors, [(7, "paid_out_of_range".to_string())]);
}

#[test]
fn a_french_tool_summary_and_line_item_exports() {
    let (errors, _) = check(&Layout {
        delim: ';',
        number: "Numéro Facture",
        client: "Client",
        owed: |r| Some(amount(r.get("Reste à Payer"), true)),
        due: ("Date Échéance", "%d/%m/%Y"),
        ..layout("faktu.csv")
    });
    assert!(errors.is_empty(), "{errors:?}");
    // The detailed export: a row per line, « Total TTC » each (600 + 1 440 = 2 040), no
    // paid column but a status: « Payée » is paid.
    let (errors, _) = check(&Layout {
        delim: ';',
        number: "Numéro Facture",
        client: "Client",
        owed: |r| {
            Some(if r.get("Statut") == "Payée" {
                Decimal::ZERO
            } else {
                amount(r.get("Total TTC"), true)
            })
        },
        rows_add_up: true,
        due: ("Date", "%d/%m/%Y"),
        due_from_issue: true,
        ..layout("faktu_detailed.csv")
    });
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn pennylane_invoice_list_number_beside_its_internal_id() {
    // « Identifiant facture » (Pennylane's internal id) comes before « Numéro de facture »,
    // « Tiers » is the client, « Montant restant (TTC) » what is still owed (all paid here).
    let (errors, warnings) = check(&Layout {
        delim: ';',
        number: "Numéro de facture",
        client: "Tiers",
        owed: |r| Some(amount(r.get("Montant restant (TTC)"), false)),
        due: ("Échéance", "%d/%m/%Y"),
        ..layout("pennylane.csv")
    });
    assert!(errors.is_empty(), "{errors:?}");
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut l = Ledger::default();
    import(&mut l, &corpus("pennylane.csv"), &opts());
    let numbers: Vec<&str> = l.invoices.iter().map(|i| i.number.as_str()).collect();
    assert!(
        numbers.iter().all(|n| n.starts_with("F-2026-")),
        "{numbers:?}"
    );
    // Each invoice's « Montant payé (TTC) » is a payment: the eight sum to 1,909.50.
    let paid: Decimal = l.payments.iter().map(|p| p.amount).sum();
    assert_eq!(paid, Decimal::new(190950, 2));
}

#[test]
fn xero_invoice_total_repeated_beside_line_amounts() {
    // "Total" is the invoice's (1,875 on both rows of 10231), "LineAmount" each line's net:
    // the total is taken once, not summed with the lines.
    let (errors, _) = check(&Layout {
        number: "InvoiceNumber",
        client: "ContactName",
        owed: |r| Some(amount(r.get("Total"), false)),
        due: ("DueDate", "%d/%m/%Y"),
        currency: Some("Currency"),
        ..layout("xero.csv")
    });
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn dolibarr_invoices_and_payments_latin1_one_row_per_payment() {
    // Dolibarr's export "Factures clients et règlements" (fr_FR labels, ISO-8859-1, a
    // separator after every field): one row per payment of an invoice, the invoice's amounts
    // and « Créance » (what it still claims) repeated on each, taken once: 1 800 for
    // FA2502-0002 paid 700 + 500 of 3 000. « Statut facture » is Dolibarr's number
    // (Facture::STATUS_*): 0 draft and 3 abandoned are no receivables, 1 validated and 2 paid
    // owe their « Créance ». Owed: 0 (FA2501-0001, paid) + 1 800 + 540 + 1 000 + 1 440.50 =
    // 4 780.50 over 5 invoices; the abandoned FA2506-0006 (300, line 8), the draft (PROV7)
    // (600, line 9) and the pro forma FA2506-0008 (`Type` 4, CommonInvoice::TYPE_PROFORMA:
    // not an invoice; 450, line 10) are left out.
    let (errors, warnings) = check(&Layout {
        number: "Réf. facture",
        client: "Raison sociale",
        owed: |r| {
            let receivable = !matches!(r.get("Statut facture"), "0" | "3") && r.get("Type") != "4";
            receivable.then(|| amount(r.get("Créance"), false))
        },
        due: ("Date échéance", "%Y-%m-%d"),
        ..layout("dolibarr.csv")
    });
    assert!(errors.is_empty(), "{errors:?}");
    let w = |line, code: &str| (line, code.to_string());
    assert_eq!(
        warnings,
        [
            w(3, "lines_grouped"),
            w(8, "void_skipped"),
            w(9, "draft_skipped"),
            w(10, "draft_skipped")
        ]
    );
    // The pro forma is told by its « Type » (column 4), its status (column 12) saying 1: the
    // warning points at the type; the draft's at its status 0.
    let mut l = Ledger::default();
    let r = import(&mut l, &corpus("dolibarr.csv"), &opts());
    let at = |line| r.warnings.iter().find(|w| w.line == line).map(|w| w.column);
    assert_eq!((at(9), at(10)), (Some(12), Some(4)));
}

#[test]
fn odoo_signed_amounts_credit_note_and_cancelled() {
    // Odoo's list export: every field quoted, CR LF, "Total Signed" and "Amount Due Signed"
    // (a credit note's negative), "Invoice Partner Display Name", "Invoice/Bill Date" beside
    // "Untaxed Amount Signed" (not the total). A cancelled invoice still shows an amount due:
    // it is no receivable.
    let (errors, warnings) = check(&Layout {
        number: "Number",
        client: "Invoice Partner Display Name",
        owed: |r| {
            (r.get("Status") != "Cancelled").then(|| amount(r.get("Amount Due Signed"), false))
        },
        due: ("Due Date", "%Y-%m-%d"),
        currency: Some("Currency"),
        ..layout("odoo.csv")
    });
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(warnings, [(7, "void_skipped".to_string())]);
}

#[test]
fn wave_general_ledger_receivable_lines() {
    // Wave's export is its general ledger: one row per account line (sales, receivable,
    // cash). What a customer owes is on the "Accounts Receivable" lines only: the file's own
    // signed "Amount (One column)" there, per invoice number (4 974 for invoice 2, 590.50 −
    // 590.50 for invoice 3, paid), the sales and cash lines left out.
    let (errors, _) = check(&Layout {
        number: "Invoice Number",
        client: "Customer",
        owed: |r| {
            (r.get("Account Name") == "Accounts Receivable")
                .then(|| amount(r.get("Amount (One column)"), false))
        },
        rows_add_up: true,
        due: ("Transaction Date", "%Y-%m-%d"),
        due_from_issue: true,
        ..layout("wave.csv")
    });
    assert!(errors.is_empty(), "{errors:?}");
    // The payment is a payment of invoice 3, dated as the file says.
    let mut l = Ledger::default();
    import(&mut l, &corpus("wave.csv"), &opts());
    assert_eq!(l.payments.len(), 1);
    assert_eq!(l.payments[0].amount, Decimal::new(59050, 2));
}

#[test]
fn every_file_of_the_corpus_is_checked() {
    let mut files: Vec<String> = std::fs::read_dir(format!(
        "{}/tests/corpus/exports",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
    .filter(|n| n.ends_with(".csv"))
    .collect();
    files.sort();
    let here = include_str!("exports_corpus.rs");
    for f in &files {
        assert!(here.contains(&format!("\"{f}\"")), "{f} has no test");
    }
    assert!(files.len() >= 12, "{files:?}");
}
