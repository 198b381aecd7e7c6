//! The `encours` binary on files in the formats it must read.

use serde_json::Value;
use std::process::Command;

mod common;

use common::{json, run};

fn dir() -> std::path::PathBuf {
    common::dir("cli")
}

fn write(name: &str, bytes: &[u8]) -> String {
    common::write_in("cli", name, bytes)
}

/// A French export in Windows-1252: `;`, decimal comma, quoted delimiter, "Réglé" column.
fn french_cp1252() -> String {
    let text =
        "N° facture;Raison sociale;Date;Échéance;Montant HT;TVA;Montant TTC;Réglé;Statut\r\n\
F2025-001;\"Boulangerie Dupont; Fils\";15/01/2025;14/02/2025;5 000,00;1 000,00;6 000,00;0,00;\r\n\
F2025-002;\"Boulangerie Dupont; Fils\";01/05/2025;31/05/2025;2 000,00;400,00;2 400,00;1 000,00;\r\n\
F2025-003;Garage Martin;10/06/2025;10/07/2025;1 000,00;200,00;1 200,00;0,00;\r\n\
F2025-004;Garage Martin;10/03/2025;09/04/2025;500,00;100,00;600,00;0,00;Litige\r\n\
AV2025-001;Garage Martin;20/06/2025;20/06/2025;-250,00;-50,00;-300,00;0,00;\r\n\
F2025-005;Pâtisserie Légère;01/01/2025;31/01/2025;100,00;20,00;120,60;0,00;\r\n";
    write("factures.csv", &encoding_rs::WINDOWS_1252.encode(text).0)
}

#[test]
fn aging_on_a_french_cp1252_csv() {
    let f = french_cp1252();
    let v = json(&["aging", &f, "--as-of", "2025-06-30", "--json"]);
    // Dupont: 6000 due 14/02 (136 days: > 90) + 1400 due 31/05 (30 days: 1–30).
    // Martin: 1200 not due, 600 disputed, credit note 300 applied FIFO to the oldest open
    // non-disputed invoice (F2025-003, 1200 → 900). Légère: 120.60 due 31/01 (150 days).
    assert_eq!(v["as_of"], "2025-06-30");
    assert_eq!(v["currency"], "EUR");
    let buckets: Vec<(&str, &str)> = v["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["label"].as_str().unwrap(), b["amount"].as_str().unwrap()))
        .collect();
    assert_eq!(
        buckets,
        [
            ("not due", "900.00"),
            ("1–30", "1400.00"),
            ("31–60", "0.00"),
            ("61–90", "0.00"),
            ("> 90", "6120.60")
        ]
    );
    assert_eq!(v["disputed"], "600.00");
    assert_eq!(v["unallocated_credits"], "0.00");
    assert_eq!(v["total"], "9020.60");
    let clients: Vec<(&str, &str)> = v["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["client"].as_str().unwrap(), c["total"].as_str().unwrap()))
        .collect();
    assert_eq!(
        clients,
        [
            ("Boulangerie Dupont; Fils", "7400.00"),
            ("Garage Martin", "1500.00"),
            ("Pâtisserie Légère", "120.60")
        ]
    );
    assert_eq!(v["errors"].as_array().unwrap().len(), 0);

    // Custom buckets and the readable table.
    let v = json(&[
        "aging",
        &f,
        "--as-of",
        "2025-06-30",
        "--buckets",
        "60,120",
        "--json",
    ]);
    assert_eq!(v["buckets"].as_array().unwrap().len(), 4);
    assert_eq!(v["buckets"][3]["label"], "> 120");
    assert_eq!(v["buckets"][3]["amount"], "6120.60");
    let (code, table, _) = run(&["aging", &f, "--as-of", "2025-06-30"]);
    assert_eq!(code, 0);
    assert!(
        table.contains("Garage Martin") && table.contains("TOTAL EUR") && table.contains("9020.60"),
        "{table}"
    );
}

#[test]
fn kpis_on_an_english_bom_csv_plus_payments() {
    let invoices = write(
        "invoices-en.csv",
        "\u{feff}Invoice Number,Customer,Invoice Date,Due Date,Amount\r\nINV-1,Acme Ltd,2025-04-15,2025-05-15,\"20,000.00\"\r\nINV-2,Acme Ltd,2025-05-15,2025-06-14,\"20,000.00\"\r\nINV-3,\"Smith, Jones & Co\",2025-06-15,2025-07-15,\"20,000.00\"\r\n".as_bytes(),
    );
    let payments = write("payments-en.csv", b"Payment Date,Customer,Amount,Invoice\n2025-05-20,Acme Ltd,20000.00,INV-1\n2025-06-20,Acme Ltd,10000.00,INV-2\n");
    let v = json(&[
        "kpi",
        &invoices,
        &payments,
        "--as-of",
        "2025-06-30",
        "--json",
    ]);
    assert_eq!(v["total_outstanding"], "30000.00");
    assert_eq!(
        v["dso_simple_days"], 45.0,
        "DOMAIN.md: 30,000 / 60,000 × 90"
    );
    assert_eq!(v["overdue"], "10000.00");
    assert_eq!(v["overdue_share"], 0.3333);
    // Count-back (DOMAIN.md): 30,000 owed; June sold 20,000 (INV-3): 30,000 − 20,000 leaves
    // 10,000 and counts June's 30 days; May sold 20,000 (INV-2), more than the 10,000 left:
    // 10,000 / 20,000 × 31 = 15.5 days. 30 + 15.5 = 45.5.
    assert_eq!(v["dso_countback_days"], 45.5);
    // CEI over the three months April–June: opening (31/03) 0, sales 60,000, closing 30,000 of
    // which 20,000 not due (INV-3, due 15/07): (0 + 60,000 − 30,000) / (0 + 60,000 − 20,000)
    // = 0.75 (the JSON gives the ratio; screens show 75 %).
    assert_eq!(v["cei"], 0.75);
    assert_eq!(v["avg_days_late"], 5.0, "INV-1 paid 5 days late");
    assert_eq!(v["top_debtors"][0]["client"], "Smith, Jones & Co");
    // The 12-month series, by hand: nothing before April; 30/04: INV-1 (20,000, due 15/05)
    // owed, not overdue, 90-day sales 20,000: DSO 20,000 / 20,000 × 90 = 90; 31/05: INV-1 paid
    // on 20/05, INV-2 (20,000, due 14/06) owed, not overdue, sales since 02/03 40,000: DSO
    // 45; 30/06: 30,000 owed, INV-2's 10,000 left overdue, sales 60,000: DSO 45.
    let monthly: Vec<(String, String, String, Value)> = v["monthly"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let s = |k: &str| m[k].as_str().unwrap().to_string();
            (
                s("date"),
                s("outstanding"),
                s("overdue"),
                m["dso_days"].clone(),
            )
        })
        .collect();
    let ends = [
        "2024-07-31",
        "2024-08-31",
        "2024-09-30",
        "2024-10-31",
        "2024-11-30",
        "2024-12-31",
        "2025-01-31",
        "2025-02-28",
        "2025-03-31",
        "2025-04-30",
        "2025-05-31",
        "2025-06-30",
    ];
    let mut want: Vec<(String, String, String, Value)> = ends
        .iter()
        .map(|d| (d.to_string(), "0.00".into(), "0.00".into(), Value::Null))
        .collect();
    want[9] = (
        ends[9].into(),
        "20000.00".into(),
        "0.00".into(),
        90.0.into(),
    );
    want[10] = (
        ends[10].into(),
        "20000.00".into(),
        "0.00".into(),
        45.0.into(),
    );
    want[11] = (
        ends[11].into(),
        "30000.00".into(),
        "10000.00".into(),
        45.0.into(),
    );
    assert_eq!(monthly, want);
    // The files in the other order give the same figures.
    let w = json(&[
        "kpi",
        &payments,
        &invoices,
        "--as-of",
        "2025-06-30",
        "--json",
    ]);
    assert_eq!(v, w);
}

const FEC: &str = "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise\r\n\
VE|Ventes|1|20250110|411000|Clients|C001|Société Dupont|F100|20250110|Facture F100|000000001200,00|000000000000,00|AA|20250215|20250110||\r\n\
VE|Ventes|1|20250110|706000|Prestations|||F100|20250110|Facture F100|000000000000,00|000000001000,00|||20250110||\r\n\
VE|Ventes|1|20250110|445710|TVA|||F100|20250110|Facture F100|000000000000,00|000000000200,00|||20250110||\r\n\
VE|Ventes|2|20250301|411000|Clients|C001|Société Dupont|F101|20250301|Facture F101|000000002400,00|000000000000,00|||20250301||\r\n\
VE|Ventes|2|20250301|706000|Prestations|||F101|20250301|Facture F101|000000000000,00|000000002000,00|||20250301||\r\n\
VE|Ventes|2|20250301|445710|TVA|||F101|20250301|Facture F101|000000000000,00|000000000400,00|||20250301||\r\n\
BQ|Banque|3|20250215|411000|Clients|C001|Société Dupont|VIR1|20250215|Règlement F100|000000000000,00|000000001200,00|AA|20250215|20250215||\r\n\
BQ|Banque|3|20250215|512000|Banque|||VIR1|20250215|Règlement F100|000000001200,00|000000000000,00|||20250215||\r\n\
BQ|Banque|4|20250410|411000|Clients|C001|Société Dupont|VIR2|20250410|Acompte|000000000000,00|000000000400,00|||20250410||\r\n\
BQ|Banque|4|20250410|512000|Banque|||VIR2|20250410|Acompte|000000000400,00|000000000000,00|||20250410||\r\n";

#[test]
fn aging_and_kpi_on_a_pipe_fec() {
    let f = write("fec.txt", &encoding_rs::ISO_8859_15.encode(FEC).0);
    let v = json(&["aging", &f, "--as-of", "2025-06-30", "--json"]);
    // F100 settled by lettering; F101 2400 due 31/03 (91 days late) less the unlettered 400.
    assert_eq!(v["total"], "2000.00");
    assert_eq!(v["buckets"][4]["amount"], "2000.00");
    assert_eq!(v["clients"][0]["client"], "Société Dupont");
    let k = json(&["kpi", &f, "--as-of", "2025-06-30", "--json"]);
    assert_eq!(k["total_outstanding"], "2000.00");
    assert_eq!(k["over_90_share"], 1.0);
    let i = json(&["import", &f, "--json"]);
    assert_eq!(
        (
            i["clients"].as_u64(),
            i["invoices"].as_u64(),
            i["payments"].as_u64()
        ),
        (Some(1), Some(2), Some(2))
    );
}

#[test]
fn several_currencies_are_reported_apart_or_converted() {
    let f = write("multi.csv", b"Invoice,Customer,Date,Due Date,Amount,Currency\nA,X,2025-01-01,2025-01-31,100.00,EUR\nB,X,2025-01-01,2025-01-31,50.00,USD\n");
    let v = json(&["aging", &f, "--as-of", "2025-06-30", "--json"]);
    let parts = v["by_currency"].as_array().unwrap();
    assert_eq!(parts.len(), 2);
    assert_eq!(
        (parts[1]["currency"].as_str(), parts[1]["total"].as_str()),
        (Some("USD"), Some("50.00"))
    );
    let v = json(&[
        "aging",
        &f,
        "--as-of",
        "2025-06-30",
        "--rate",
        "USD=0.9",
        "--json",
    ]);
    assert_eq!(v["total"], "145.00");
    assert_eq!(v["converted"][0]["currency"], "USD");
}

#[test]
fn changes_are_printed_as_code_params_and_message() {
    let inv = write(
        "chg-invoices.csv",
        "N° facture;Client;Date;Montant TTC\nA;X;01/01/2025;100,00\n".as_bytes(),
    );
    // The payment names an invoice the book does not hold: kept unallocated, and said.
    let pay = write(
        "chg-payments.csv",
        "Date règlement;Client;Montant;Facture\n05/01/2025;X;40,00;Z9\n".as_bytes(),
    );
    let v = json(&["import", &inv, &pay, "--json"]);
    assert_eq!(v["payments"], 1);
    let c = &v["changes"][0];
    assert_eq!(c["code"], "invoice_not_found", "{v}");
    assert_eq!(c["params"]["number"], "Z9");
    assert_eq!(c["params"]["line"], 2);
    assert_eq!(
        c["message"],
        "line 2: invoice Z9 not found, payment kept unallocated"
    );
}

#[test]
fn errors_are_listed_and_bad_files_fail() {
    let f = write(
        "bad-rows.csv",
        "N° facture;Client;Date;Montant TTC\nA;X;01/01/2025;100,00\nB;X;32/01/2025;5\n".as_bytes(),
    );
    let v = json(&["import", &f, "--json"]);
    assert_eq!(v["invoices"], 1);
    assert_eq!(v["errors"][0]["line"], 3);
    assert_eq!(v["errors"][0]["column"], 3);
    // A stable code for programs, its parameters, and English words for people.
    assert_eq!(v["errors"][0]["code"], "bad_date");
    assert_eq!(v["errors"][0]["params"]["value"], "32/01/2025");
    assert_eq!(v["errors"][0]["params"]["problem"], "no_such_date");
    assert_eq!(v["errors"][0]["message"], "no such date: \"32/01/2025\"");
    assert_eq!(v["errors"][0]["file"], "bad-rows.csv");
    assert_eq!(v["warnings"], serde_json::json!([]));
    let junk = write("junk.bin", b"\x00\x01\x02 hello");
    let (code, out, err) = run(&["aging", &junk, "--as-of", "2025-06-30", "--json"]);
    assert_ne!(code, 0);
    assert!(out.is_empty());
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let (code, _, err) = run(&["aging", &f]);
    assert_eq!(code, 2);
    assert!(err.contains("--as-of"));
}

#[test]
fn penalty_worked_example() {
    let v = json(&[
        "penalty",
        "--amount",
        "12000",
        "--due",
        "2025-03-31",
        "--paid",
        "2025-09-30",
        "--json",
    ]);
    let lines: Vec<_> = v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["from"].as_str().unwrap().to_string(),
                l["to"].as_str().unwrap().to_string(),
                l["days"].as_i64().unwrap(),
                l["rate"].as_str().unwrap().to_string(),
                l["amount"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            (
                "2025-04-01".into(),
                "2025-06-30".into(),
                91,
                "13.15".into(),
                "393.42".into()
            ),
            (
                "2025-07-01".into(),
                "2025-09-30".into(),
                92,
                "12.15".into(),
                "367.50".into()
            ),
        ]
    );
    assert_eq!(v["interest"], "760.92");
    assert_eq!(v["indemnity"], "40.00");
    let (code, out, _) = run(&[
        "penalty",
        "--amount",
        "12000",
        "--due",
        "2025-03-31",
        "--paid",
        "2025-09-30",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("penalties 760,92") && out.contains("indemnity 40,00"),
        "{out}"
    );
}

#[test]
fn penalty_rate_table_file_and_consumer() {
    let table = write(
        "rates.csv",
        b"half_year,ecb_rate\n2025-H1,1.00\n2025-H2,1.00\n",
    );
    let v = json(&[
        "penalty",
        "--amount",
        "36500",
        "--due",
        "2025-01-31",
        "--paid",
        "2025-02-10",
        "--rate-table",
        &table,
        "--consumer",
        "--json",
    ]);
    // A consumer owes no indemnity, and no interest before a mise en demeure (art. 1231-6
    // Code civil); tests/penalty.rs has the interest from a notice.
    assert_eq!(v["interest"], "0.00");
    assert_eq!(v["indemnity"], "0.00");
    assert_eq!(v["warnings"][0]["code"], "consumer_no_notice");
    let bad = write("bad-rates.csv", b"half_year,ecb_rate\n2025-H1,x\n");
    let (code, _, err) = run(&[
        "penalty",
        "--amount",
        "1",
        "--due",
        "2025-01-31",
        "--paid",
        "2025-02-10",
        "--rate-table",
        &bad,
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("line 2"), "{err}");
    let (code, _, err) = run(&["penalty", "--amount", "1"]);
    assert_eq!(code, 2);
    assert!(err.contains("--due"), "{err}");
}

#[test]
fn worklist_on_a_file() {
    let csv = write(
        "relances.csv",
        "N° facture;Client;Date;Échéance;Montant TTC;Statut\n\
A-1;Acme;01/01/2025;31/01/2025;1 200,00;\n\
A-2;Acme;15/01/2025;14/02/2025;300,00;\n\
B-1;Bravo;01/02/2025;03/03/2025;2 000,00;\n\
C-1;Cosy;01/02/2025;03/03/2025;150,00;Litige\n"
            .as_bytes(),
    );
    let v = json(&["worklist", &csv, "--as-of", "2025-04-02", "--json"]);
    let entries: Vec<_> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["client"].as_str().unwrap().to_string(),
                e["level"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Nothing was sent yet: amicable first, both start at the firm reminder (the larger first) (Acme's date
    // reached the mise en demeure, Bravo's the formal reminder), which claims no penalties.
    assert_eq!(
        entries,
        [
            ("Bravo".to_string(), "Relance ferme + appel".to_string()),
            ("Acme".to_string(), "Relance ferme + appel".to_string())
        ]
    );
    assert_eq!(v["entries"][1]["why"], "amicable_first");
    assert_eq!(v["entries"][0]["penalties"], "0.00");
    assert_eq!(v["excluded"][0]["reason"], "disputed");
    let (code, out, _) = run(&["worklist", &csv, "--as-of", "2025-04-02"]);
    assert_eq!(code, 0);
    assert!(out.ends_with("2 client(s) to remind\n"), "{out}");
}

#[test]
fn the_demo_portfolio_needs_no_file() {
    let v = json(&["worklist", "--demo", "--as-of", "2025-06-30", "--json"]);
    assert!(!v["entries"].as_array().unwrap().is_empty());
    let (code, _, err) = run(&["worklist", "--as-of", "2025-06-30"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn generate_writes_the_benchmarks_french_csv_the_same_for_the_same_seed() {
    let path = |name: &str| dir().join(name).to_string_lossy().into_owned();
    let (a, b, c) = (path("gen-a.csv"), path("gen-b.csv"), path("gen-c.csv"));
    let gen = |out: &str, seed: &str| {
        let (code, _, err) = run(&[
            "generate",
            "--invoices",
            "500",
            "--seed",
            seed,
            "--as-of",
            "2026-11-24",
            "--out",
            out,
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("for 100 clients"), "{err}");
        std::fs::read(out).unwrap()
    };
    let (first, again, other) = (gen(&a, "42"), gen(&b, "42"), gen(&c, "7"));
    assert_eq!(first, again, "same seed, same bytes");
    assert_ne!(first, other, "another seed, another portfolio");
    let text = String::from_utf8(first).unwrap();
    assert!(text.starts_with("N° facture;Client;"), "{}", &text[..60]);
    assert!(text.contains(",00;"), "decimal comma");
    // The file reads back whole: every invoice, none refused.
    let v = json(&["import", &a, "--as-of", "2026-11-24", "--json"]);
    assert_eq!(v["clients"], 100);
    assert_eq!(
        v["invoices"].as_u64().unwrap() as usize,
        text.lines().count() - 1
    );
    assert_eq!(v["errors"], serde_json::json!([]));
    // No file to read, and a clear reason for one given by mistake.
    let (code, _, err) = run(&["generate", "factures.csv"]);
    assert_ne!(code, 0);
    assert!(err.contains("--out"), "{err}");
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    let big = dir().join("big.csv").to_string_lossy().into_owned();
    let (code, _, err) = run(&["generate", "--invoices", "20000", "--out", &big]);
    assert_eq!(code, 0, "{err}");
    // Megabytes of output, far more than a pipe holds: the writer meets the closed pipe.
    for (args, first) in [
        (vec!["generate", "--invoices", "20000"], "N° facture"),
        (
            vec!["aging", big.as_str(), "--as-of", "2026-11-24"],
            "Aged balance",
        ),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_encours"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut head = [0u8; 100];
        child.stdout.take().unwrap().read_exact(&mut head).unwrap();
        // The read end is dropped here, as `| head` does.
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(head.starts_with(first.as_bytes()), "{args:?}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
}

#[test]
fn a_client_name_with_a_line_break_keeps_the_table_one_row_a_client() {
    // A quoted name over two lines (a spreadsheet cell with Alt+Enter) is data: one client.
    let f = write(
        "multiline.csv",
        "N° facture;Client;Date;Échéance;Montant TTC\nF1;\"Dupont\nFils\";01/01/2025;31/01/2025;100,00\nF2;Roux;01/01/2025;31/01/2025;50,00\n".as_bytes(),
    );
    let (code, out, err) = run(&["aging", &f, "--as-of", "2025-06-30"]);
    assert_eq!(code, 0, "{err}");
    // Title, header, two clients, the total: five lines, the name on one of them.
    assert_eq!(out.trim_end().lines().count(), 5, "{out}");
    assert!(out.lines().any(|l| l.starts_with("Dupont Fils ")), "{out}");
}
