//! Import: detection, typed rows, errors with positions, batches.

mod common;
use common::*;
use encours_core::aging::{age, AgingOptions};
use encours_core::import::{
    import, parse, Code, DateOrder, DecimalSep, Encoding, Field, FileKind, Format, ImportOptions,
};
use encours_core::ledger::{DocKind, InvoiceStatus};
use encours_core::Ledger;
use rust_decimal::Decimal;

/// The records of two ledgers are equal (id counters aside: ids are never reused).
fn same_records(a: &Ledger, b: &Ledger) {
    assert_eq!(a.clients, b.clients);
    assert_eq!(a.invoices, b.invoices);
    assert_eq!(a.payments, b.payments);
    assert_eq!(a.batches, b.batches);
}

fn cp1252(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            'é' => 0xE9,
            'è' => 0xE8,
            'ç' => 0xE7,
            '°' => 0xB0,
            'É' => 0xC9,
            '€' => 0x80,
            '\u{a0}' => 0xA0,
            c if c.is_ascii() => c as u8,
            c => panic!("not in the test table: {c}"),
        })
        .collect()
}

const FRENCH: &str = "N° facture;Client;Date;Échéance;Montant HT;TVA;Montant TTC;Réglé\r\n\
F001;\"Dupont; Fils\";15/01/2025;14/02/2025;1 000,00;200,00;1 200,00;0,00\r\n\
F002;\"Boulangerie \"\"Le Fournil\"\"\nsite de Lyon\";01/02/2025;;500,00;100,00;600,00;250,00\r\n\
F003;Garage Martin;10/03/2025;09/04/2025;1.500,00;300,00;1.800,00;1.800,00\r\n";

#[test]
fn french_cp1252_with_quotes_and_newlines() {
    let bytes = cp1252(FRENCH);
    let p = parse(&bytes, &opts("2025-06-30")).unwrap();
    let d = &p.detected;
    assert_eq!(
        (d.encoding, d.delimiter, d.decimal, d.date_order),
        (
            Encoding::Windows1252,
            b';',
            DecimalSep::Comma,
            DateOrder::Dmy
        )
    );
    assert_eq!(d.kind, FileKind::Invoices);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let rows = &p.staged.invoices;
    assert_eq!(rows.len(), 3);
    assert_eq!(
        p.staged.clients[rows[0].client as usize].name,
        "Dupont; Fils"
    );
    assert_eq!(
        p.staged.clients[rows[1].client as usize].name,
        "Boulangerie \"Le Fournil\"\nsite de Lyon"
    );
    assert_eq!(
        rows[2].line, 5,
        "the record after a two-line record starts on line 5"
    );
    assert_eq!(rows[2].total, dec("1800.00"));
    assert_eq!(rows[1].due_date, None);

    let mut l = Ledger::default();
    let r = import(&mut l, &bytes, &opts("2025-06-30"));
    assert_eq!((r.new_invoices, r.new_clients, r.new_payments), (3, 3, 2));
    // No due date: issue date + 30 days.
    assert_eq!(l.invoices[1].due_date, date("2025-03-03"));
    let a = age(&l, &AgingOptions::new(date("2025-06-30")));
    assert_eq!(a.currencies[0].total, dec("1550.00"));
}

#[test]
fn english_utf8_bom() {
    let csv = "\u{feff}Invoice Number,Customer,Invoice Date,Due Date,Amount,Balance\n\
INV-1,Acme Ltd,2025-01-15,2025-02-14,\"1,200.50\",200.50\n\
INV-2,\"Smith, Jones & Co\",2025-02-01,2025-03-03,300.00,300.00\n";
    let p = parse(csv.as_bytes(), &opts("2025-06-30")).unwrap();
    assert_eq!(
        (
            p.detected.encoding,
            p.detected.bom,
            p.detected.delimiter,
            p.detected.decimal
        ),
        (Encoding::Utf8, true, b',', DecimalSep::Dot)
    );
    assert_eq!(p.detected.date_order, DateOrder::Ymd);
    let r = &p.staged.invoices;
    assert_eq!(r[0].total, dec("1200.50"));
    assert_eq!(
        r[0].paid,
        Some(dec("1000.00")),
        "Balance is outstanding: paid = total - balance"
    );
    assert_eq!(p.staged.clients[1].name, "Smith, Jones & Co");
}

#[test]
fn month_first_dates_when_unambiguous() {
    let csv = "Invoice,Customer,Date,Amount\nA,X,01/31/2025,10.00\nB,X,02/01/2025,10.00\n";
    let p = parse(csv.as_bytes(), &opts("2025-06-30")).unwrap();
    assert_eq!(p.detected.date_order, DateOrder::Mdy);
    assert!(!p.detected.date_ambiguous);
    assert_eq!(p.staged.invoices[1].issue_date, date("2025-02-01"));
    let ambiguous = "Invoice,Customer,Date,Amount\nA,X,01/02/2025,10.00\n";
    let p = parse(ambiguous.as_bytes(), &opts("2025-06-30")).unwrap();
    assert!(p.detected.date_ambiguous, "the user must be asked");
}

#[test]
fn bad_rows_are_reported_with_line_and_column_and_good_rows_kept() {
    let csv = "N° facture;Client;Date;Montant TTC\n\
A;X;01/01/2025;100,00\n\
B;X;31/02/2025;100,00\n\
C;X;01/01/2025;douze\n\
;X;01/01/2025;5\n\
A;Y;01/01/2025;7\n\
D;;01/01/2025;5\n\
E;X;02/01/2025;1 000,5\n";
    let mut l = Ledger::default();
    let r = import(&mut l, csv.as_bytes(), &opts("2025-06-30"));
    let errs: Vec<(u64, u32)> = r.errors.iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(
        errs,
        [(3, 3), (4, 4), (5, 1), (6, 0), (7, 2)],
        "{:#?}",
        r.errors
    );
    assert_eq!(r.errors[0].code.id(), "bad_date");
    assert!(r.errors[0].message().contains("no such date"));
    assert_eq!(
        r.errors[3].code,
        Code::DuplicateNumber {
            number: "A".into(),
            first_line: 2
        }
    );
    assert_eq!(r.new_invoices, 2);
    assert_eq!(l.invoices.len(), 2);
    // The same file saved with CRLF or with a lone CR (Excel's "CSV (Macintosh)") ends its
    // lines there too: the errors name the same lines.
    for eol in ["\r\n", "\r"] {
        let mut l = Ledger::default();
        let r = import(
            &mut l,
            csv.replace('\n', eol).as_bytes(),
            &opts("2025-06-30"),
        );
        let lines: Vec<(u64, u32)> = r.errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(lines, errs, "{eol:?}");
        assert!(
            r.errors[3].message().contains("already on line 2"),
            "{eol:?}"
        );
    }
}

#[test]
fn a_file_without_the_needed_columns_fails_whole() {
    let r = parse(b"Foo;Bar\n1;2\n", &opts("2025-06-30"));
    let e = r.unwrap_err();
    assert_eq!(e.0.id(), "missing_columns", "{e}");
    assert!(parse(b"", &opts("2025-06-30")).is_err());
    let png = parse(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", &opts("2025-06-30")).unwrap_err();
    assert_eq!(png.0, Code::NotText, "{png}");
    let utf16: Vec<u8> = "N° facture;Client\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert_eq!(
        parse(&utf16, &opts("2025-06-30")).unwrap_err().0,
        Code::NotText
    );
}

#[test]
fn an_unmapped_header_is_described_for_mapping_by_hand() {
    let csv = "Doc;Qui;Quand;Combien\nX1;Client A;05/01/2025;12,50\n";
    let o = opts("2025-06-30");
    assert!(parse(csv.as_bytes(), &o).is_err());
    let u = encours_core::import::unmapped(csv.as_bytes(), &o).unwrap();
    assert_eq!(u.detected.headers, ["Doc", "Qui", "Quand", "Combien"]);
    assert_eq!(u.detected.delimiter, b';');
    assert!(u.detected.mapping.is_empty());
    assert_eq!((u.errors.len(), u.errors[0].line), (1, 1));
    assert!(
        u.errors[0].message().contains("missing column"),
        "{:?}",
        u.errors
    );
    assert!(u.staged.invoices.is_empty());
    // Mapped by hand, the same file reads.
    let mut forced = o.clone();
    forced.mapping = Some(vec![
        (Field::Number, 0),
        (Field::Client, 1),
        (Field::IssueDate, 2),
        (Field::Total, 3),
    ]);
    let p = parse(csv.as_bytes(), &forced).unwrap();
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(p.staged.invoices[0].total, dec("12.50"));
    // A readable file is not "unmapped"; an empty one has no header to describe.
    assert!(encours_core::import::unmapped(csv.as_bytes(), &forced).is_err());
    assert!(encours_core::import::unmapped(b"", &o).is_err());
    // A binary file is refused as such, not described as columns to map.
    let png = encours_core::import::unmapped(b"\x89PNG\r\n\x1a\n\x00\x00", &o).unwrap_err();
    assert_eq!(png.0, Code::NotText, "{png}");
}

#[test]
fn mapping_and_settings_can_be_forced() {
    let csv = "a|b|c|d\nX1|Client A|2025.01.05|12.5\n";
    let o = ImportOptions::builder(date("2025-06-30"))
        .delimiter(b'|')
        .decimal(DecimalSep::Dot)
        .kind(FileKind::Invoices)
        .mapping(vec![
            (Field::Number, 0),
            (Field::Client, 1),
            (Field::IssueDate, 2),
            (Field::Total, 3),
        ])
        .date_order(DateOrder::Ymd)
        .default_terms_days(45)
        .build();
    let mut l = Ledger::default();
    let r = import(&mut l, csv.as_bytes(), &o);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(l.invoices[0].total, dec("12.5"));
    assert_eq!(l.invoices[0].due_date, date("2025-02-19"));
}

#[test]
fn same_file_twice_changes_nothing_and_updates_are_reported() {
    let bytes = cp1252(FRENCH);
    let mut l = Ledger::default();
    import(&mut l, &bytes, &opts("2025-06-30"));
    let snapshot = l.clone();
    let again = import(&mut l, &bytes, &opts("2025-07-01"));
    assert_eq!(
        (
            again.new_invoices,
            again.updated_invoices,
            again.unchanged_invoices,
            again.new_payments
        ),
        (0, 0, 3, 0)
    );
    assert_eq!(again.batch, None);
    assert_eq!(l, snapshot);

    // The updated export: F001 now half paid, F002 fully paid.
    let updated = FRENCH
        .replace("1 200,00;0,00", "1 200,00;600,00")
        .replace("600,00;250,00", "600,00;600,00");
    let r = import(&mut l, &cp1252(&updated), &opts("2025-07-01"));
    assert_eq!(
        (r.updated_invoices, r.unchanged_invoices),
        (2, 1),
        "{:?}",
        r.changes
    );
    assert!(
        r.changes
            .iter()
            .any(|c| c.number() == "F001" && c.to_string().contains("600.00")),
        "{:?}",
        r.changes
    );
    let total = |l: &Ledger| age(l, &AgingOptions::new(date("2025-07-01"))).currencies[0].total;
    assert_eq!(total(&l), dec("600.00"));
    // And it can be undone.
    l.undo_last_batch().unwrap();
    same_records(&l, &snapshot);
}

#[test]
fn dated_payments_replace_the_undated_paid_so_far() {
    let invoices = "N° facture;Client;Date;Échéance;Montant TTC;Réglé\nF1;Dupont;01/01/2025;31/01/2025;1000,00;600,00\nF2;Dupont;01/02/2025;28/02/2025;500,00;200,00\n";
    let mut l = Ledger::default();
    import(&mut l, invoices.as_bytes(), &opts("2025-06-30"));
    assert!(l
        .payments
        .iter()
        .all(|p| p.summary && !p.date_known && p.date == date("2025-06-30")));
    let total = |l: &Ledger| age(l, &AgingOptions::new(date("2025-06-30"))).currencies[0].total;
    assert_eq!(total(&l), dec("700.00"));

    // The payments file: 600 on F1 (dated), and 200 not tied to an invoice.
    let payments = "Date règlement;Client;Montant;N° facture\n10/02/2025;Dupont;600,00;F1\n15/03/2025;Dupont;200,00;\n";
    let r = import(&mut l, payments.as_bytes(), &opts("2025-06-30"));
    assert_eq!(r.new_payments, 2, "{r:?}");
    assert_eq!(
        total(&l),
        dec("700.00"),
        "the same money is not counted twice"
    );
    assert!(
        l.payments.iter().all(|p| !p.summary),
        "both undated amounts were replaced"
    );
    // Payments twice: nothing new.
    let r = import(&mut l, payments.as_bytes(), &opts("2025-06-30"));
    assert_eq!((r.new_payments, r.unchanged_payments), (0, 2));
    // The invoices file again: still no double count, and no undated amount comes back.
    let r = import(&mut l, invoices.as_bytes(), &opts("2025-07-15"));
    assert_eq!(r.new_payments, 0);
    assert_eq!(total(&l), dec("700.00"));
    // At a date before the payments, they do not count.
    assert_eq!(
        age(&l, &AgingOptions::new(date("2025-02-05"))).currencies[0].total,
        dec("1500.00")
    );
}

#[test]
fn undo_restores_the_ledger_before_the_batch() {
    let mut l = Ledger::default();
    import(&mut l, cp1252(FRENCH).as_slice(), &opts("2025-06-30"));
    let before = l.clone();
    let more = "N° facture;Client;Date;Montant TTC;Statut\nF003;Garage Martin;10/03/2025;1.900,00;Litige\nF004;Nouveau client;01/04/2025;50,00;\n";
    let r = import(&mut l, more.as_bytes(), &opts("2025-07-01"));
    assert_eq!(
        (r.new_invoices, r.updated_invoices, r.new_clients),
        (1, 1, 1)
    );
    assert_eq!(l.invoices[2].status, InvoiceStatus::Disputed);
    l.undo_last_batch().unwrap();
    same_records(&l, &before);
    l.undo_last_batch().unwrap();
    assert_eq!(l.invoices.len(), 0);
    assert_eq!(l.clients.len(), 0);
    assert!(l.undo_last_batch().is_err());
}

const FEC: &str = "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise\n\
AN|A-nouveaux|1|20250101|411000|Clients|C001|Dupont SARL|AN-F099|20241115|Solde F099|000000000480,00|000000000000,00|||20250101||\n\
AN|A-nouveaux|1|20250101|890000|Bilan ouverture|||AN-F099|20241115|Solde F099|000000000000,00|000000000480,00|||20250101||\n\
VE|Ventes|2|20250110|411000|Clients|C001|Dupont SARL|F100|20250110|Facture F100|000000001200,00|000000000000,00|AA|20250215|20250110||\n\
VE|Ventes|2|20250110|706000|Prestations|||F100|20250110|Facture F100|000000000000,00|000000001000,00|||20250110||\n\
VE|Ventes|2|20250110|445710|TVA collectee|||F100|20250110|Facture F100|000000000000,00|000000000200,00|||20250110||\n\
VE|Ventes|3|20250120|411000|Clients|C002|Martin SA|F101|20250120|Facture F101|000000000600,00|000000000000,00|||20250120||\n\
VE|Ventes|3|20250120|706000|Prestations|||F101|20250120|Facture F101|000000000000,00|000000000500,00|||20250120||\n\
VE|Ventes|3|20250120|445710|TVA collectee|||F101|20250120|Facture F101|000000000000,00|000000000100,00|||20250120||\n\
BQ|Banque|4|20250215|411000|Clients|C001|Dupont SARL|VIR1|20250215|Reglement F100|000000000000,00|000000001200,00|AA|20250215|20250215||\n\
BQ|Banque|4|20250215|512000|Banque|||VIR1|20250215|Reglement F100|000000001200,00|000000000000,00|||20250215||\n\
BQ|Banque|5|20250301|411000|Clients|C001|Dupont SARL|VIR2|20250301|Acompte|000000000000,00|000000000100,00|||20250301||\n\
BQ|Banque|5|20250301|512000|Banque|||VIR2|20250301|Acompte|000000000100,00|000000000000,00|||20250301||\n\
VE|Ventes|6|20250305|411000|Clients|C002|Martin SA|AV5|20250305|Avoir F101|000000000000,00|000000000060,00|||20250305||\n\
VE|Ventes|6|20250305|709000|RRR accordes|||AV5|20250305|Avoir F101|000000000050,00|000000000000,00|||20250305||\n\
VE|Ventes|6|20250305|445710|TVA collectee|||AV5|20250305|Avoir F101|000000000010,00|000000000000,00|||20250305||\n\
OD|Operations diverses|7|20250401|416000|Clients douteux|C002|Martin SA|F101|20250401|Douteux F101|000000000600,00|000000000000,00|||20250401||\n\
OD|Operations diverses|7|20250401|411000|Clients|C002|Martin SA|F101|20250401|Douteux F101|000000000000,00|000000000600,00|||20250401||\n";

#[test]
fn fec_pipe_zero_padded() {
    let bytes = encoding_rs::ISO_8859_15.encode(FEC).0.into_owned();
    let p = parse(&bytes, &opts("2025-06-30")).unwrap();
    assert_eq!(p.detected.format, Format::Fec);
    assert_eq!(p.detected.delimiter, b'|');
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let mut l = Ledger::default();
    let r = import(&mut l, &bytes, &opts("2025-06-30"));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.new_clients, 2);
    // Invoices: the opening balance, F100, F101; one credit note.
    let numbers: Vec<_> = l
        .invoices
        .iter()
        .map(|i| (i.number.as_str(), i.kind))
        .collect();
    assert_eq!(
        numbers,
        [
            ("AN-F099", DocKind::Invoice),
            ("F100", DocKind::Invoice),
            ("F101", DocKind::Invoice),
            ("AV5/VE-6", DocKind::CreditNote)
        ]
    );
    let f100 = &l.invoices[1];
    assert_eq!(
        (f100.net, f100.vat, f100.total),
        (Some(dec("1000.00")), Some(dec("200.00")), dec("1200.00"))
    );
    assert_eq!(
        f100.due_date,
        date("2025-02-09"),
        "no due date in a FEC: 30 days"
    );
    // Lettered payment settles F100; the unlettered 100 is a credit; the 416 move is no payment.
    assert_eq!(l.payments.len(), 2);
    assert_eq!(l.payments[0].allocations.len(), 1);
    assert!(l.payments[1].allocations.is_empty());
    assert!(l.invoices[2].doubtful, "F101 reclassified as doubtful");
    let a = age(&l, &AgingOptions::new(date("2025-06-30")))
        .currencies
        .remove(0);
    // 480 - 100 (FIFO) + 600 - 60 = 920
    assert_eq!(a.total, dec("920.00"));
    assert_eq!(a.unallocated_credits, Decimal::ZERO);
    // Idempotent.
    let again = import(&mut l, &bytes, &opts("2025-07-01"));
    assert_eq!(
        (again.new_invoices, again.new_payments, again.batch),
        (0, 0, None),
        "{again:?}"
    );
}

#[test]
fn fec_with_montant_and_sens_and_tabs() {
    let fec = "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tMontant\tSens\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise\n\
VE\tVentes\t1\t20250110\t411DUP\tDupont\t\t\tF1\t20250110\tF1\t120,00\tD\t\t\t20250110\t\t\n\
VE\tVentes\t1\t20250110\t706000\tVentes\t\t\tF1\t20250110\tF1\t100,00\tC\t\t\t20250110\t\t\n\
VE\tVentes\t1\t20250110\t445710\tTVA\t\t\tF1\t20250110\tF1\t20,00\tC\t\t\t20250110\t\t\n\
BQ\tBanque\t2\t20250201\t411DUP\tDupont\t\t\tV1\t20250201\tV1\t20,00\tC\t\t\t20250201\t\t\n\
BQ\tBanque\t2\t20250201\t512000\tBanque\t\t\tV1\t20250201\tV1\t20,00\tD\t\t\t20250201\t\t\n";
    let mut l = Ledger::default();
    let r = import(&mut l, fec.as_bytes(), &opts("2025-06-30"));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(
        l.clients[0].code.as_deref(),
        Some("411DUP"),
        "no CompAuxNum: the account is the customer"
    );
    assert_eq!(
        age(&l, &AgingOptions::new(date("2025-06-30"))).currencies[0].total,
        dec("100.00")
    );
}

#[test]
fn fec_bad_lines_are_reported() {
    let fec = FEC
        .replace("|20250120|411000", "|2025-13-45|411000")
        .replace(
            "000000000600,00|000000000000,00|||20250120",
            "6OO|0|||20250120",
        );
    let mut l = Ledger::default();
    let r = import(&mut l, fec.as_bytes(), &opts("2025-06-30"));
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert_eq!((r.errors[0].line, r.errors[0].column), (7, 4));
}

#[test]
fn a_parse_in_slices_gives_the_same_result() {
    use encours_core::generator::{french_csv, generate, GeneratorOptions};
    use encours_core::import::{parse, ParseJob};
    let mut csv = french_csv(&generate(&GeneratorOptions::new(2_000, date("2025-06-30"))));
    // Bad rows, a quoted field with a newline and a blank row, spread through the file.
    csv.push_str("BAD-1;Acme;32/13/2025;01/01/2025;abc;;;;;\r\n");
    csv.push_str("Q-1;\"Nom sur\ndeux lignes\";;01/02/2025;03/03/2025;10,00;2,00;12,00;;\r\n");
    csv.push_str(";;;;;;;;;\r\n");
    csv.push_str("BAD-2;Acme;01/01/2025;01/01/2025;;;;;;\r\n");
    let opts = opts("2025-06-30");
    let whole = parse(csv.as_bytes(), &opts).unwrap();
    assert!(whole.errors.len() >= 2, "{:?}", whole.errors);
    for slice in [1, 7, 199, 200, 201, 1_000, 100_000] {
        let mut job = ParseJob::new(csv.as_bytes(), &opts).unwrap();
        let mut steps = 0;
        let mut last = 0.0;
        while !job.step(slice) {
            steps += 1;
            assert!(job.progress() >= last && job.progress() < 1.0);
            last = job.progress();
        }
        assert_eq!(job.progress(), 1.0);
        assert_eq!(job.finish(), whole, "slices of {slice}");
        assert!(slice > 2_100 || steps > 0);
    }
}

#[test]
fn a_re_import_that_adds_nothing_takes_no_more_memory() {
    use encours_core::generator::{french_csv, generate, GeneratorOptions};
    let csv = french_csv(&generate(&GeneratorOptions::new(2_000, date("2025-06-30"))));
    let mut l = Ledger::default();
    let first = import(&mut l, csv.as_bytes(), &opts("2025-06-30"));
    assert!(first.new_invoices > 2_000 && first.new_payments > 0);
    let room = (l.invoices.capacity(), l.payments.capacity());
    let again = import(&mut l, csv.as_bytes(), &opts("2025-06-30"));
    assert_eq!((again.new_invoices, again.new_payments), (0, 0));
    assert_eq!((l.invoices.capacity(), l.payments.capacity()), room);
}

#[test]
fn an_unclosed_quote_is_an_error_at_its_line_and_no_later_row_is_lost() {
    // Line 3 opens a quote it never closes; the next quote (line 4's "Dupont; Fils") would
    // otherwise close it and swallow line 4. Lines 2, 4 and 5 are good: 3 invoices.
    let csv = "N° facture;Client;Date;Montant TTC\n\
F1;Acme;01/01/2025;100,00\n\
F2;\"Martin;02/01/2025;200,00\n\
F3;\"Dupont; Fils\";03/01/2025;300,00\n\
F4;Roux;04/01/2025;400,00\n";
    let mut l = Ledger::default();
    let r = import(&mut l, csv.as_bytes(), &opts("2025-06-30"));
    let errs: Vec<(u64, u32, &str)> = r
        .errors
        .iter()
        .map(|e| (e.line, e.column, e.code.id()))
        .collect();
    assert_eq!(errs, [(3, 2, "unclosed_quote")], "{:#?}", r.errors);
    assert_eq!(r.new_invoices, 3);
    let mut numbers: Vec<&str> = l.invoices.iter().map(|i| &*i.number).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, ["F1", "F3", "F4"]);
    // A quote left open on the last line: the error is there, the rows before are kept.
    let tail = "N° facture;Client;Date;Montant TTC\nF1;Acme;01/01/2025;1\nF2;\"Open;02/01/2025;2\n";
    let r = import(&mut Ledger::default(), tail.as_bytes(), &opts("2025-06-30"));
    assert_eq!((r.new_invoices, r.errors.len()), (1, 1));
    assert_eq!(
        (r.errors[0].line, r.errors[0].code.id()),
        (3, "unclosed_quote")
    );
}
