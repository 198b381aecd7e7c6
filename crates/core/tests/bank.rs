//! Bank statements read: the real files of the corpus (crates/core/tests/corpus/bank, sources
//! in its README) checked against a reading written here without the parser (string scans of
//! the files), and hand-made files for what the corpus lacks (French CSV, CFONB credits).

mod common;

use common::{date, dec};
use encours_core::bank::{
    detect, parse_statement, BankErrorKind, Dedup, Direction, StatementFormat, Transaction,
};
use rust_decimal::Decimal;

fn corpus(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/corpus/bank/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// (date, signed amount) of every transaction, as the parser read them.
fn read(ts: &[Transaction]) -> Vec<(String, Decimal)> {
    ts.iter()
        .map(|t| (t.date.to_string(), t.signed_amount()))
        .collect()
}

/// The text between `open` and the next `close`, from `from`.
fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let a = s.find(open)? + open.len();
    let b = s[a..].find(close)? + a;
    Some(&s[a..b])
}

/// camt: every `<Ntry>` block, its first `<Amt …>`, `<CdtDbtInd>` and booking date, by string
/// search.
fn camt_scan(xml: &str) -> Vec<(String, Decimal)> {
    xml.split("<Ntry>")
        .skip(1)
        .map(|block| {
            let block = &block[..block.find("</Ntry>").unwrap()];
            let amt = between(block, "<Amt", "</Amt>").unwrap();
            let amt = &amt[amt.find('>').unwrap() + 1..];
            let sign = if between(block, "<CdtDbtInd>", "<").unwrap() == "DBIT" {
                -1
            } else {
                1
            };
            let booked = between(block, "<BookgDt>", "</BookgDt>").unwrap();
            let day = &booked[booked.find('>').unwrap() + 1..][..10];
            (day.to_string(), dec(amt) * Decimal::from(sign))
        })
        .collect()
}

/// OFX: every `<STMTTRN>` chunk, its `<TRNAMT>` and `<DTPOSTED>` up to the next `<` or line.
fn ofx_scan(text: &str) -> Vec<(String, Decimal)> {
    text.split("<STMTTRN>")
        .skip(1)
        .map(|chunk| {
            let field = |tag: &str| {
                let v = &chunk[chunk.find(tag).unwrap() + tag.len()..];
                v[..v.find(['<', '\n']).unwrap_or(v.len())]
                    .trim()
                    .to_string()
            };
            let d = field("<DTPOSTED>");
            (
                format!("{}-{}-{}", &d[0..4], &d[4..6], &d[6..8]),
                dec(&field("<TRNAMT>")),
            )
        })
        .collect()
}

/// CFONB: the amount field of a record (positions 91–104), the last character's sign and
/// digit decoded by its table.
fn cfonb_amount(record: &str) -> Decimal {
    let f = &record[90..104];
    let (digits, last) = f.split_at(13);
    let (neg, d) = match "{ABCDEFGHI".find(last) {
        Some(d) => (false, d),
        None => (true, "}JKLMNOPQR".find(last).unwrap()),
    };
    let v = dec(&format!("{digits}{d}")) / Decimal::ONE_HUNDRED;
    if neg {
        -v
    } else {
        v
    }
}

#[test]
fn camt053_v02_multi_statement() {
    let bytes = corpus("camt053v02-genkgo-multi-statement.xml");
    let s = parse_statement(&bytes).unwrap();
    assert_eq!(s.format, StatementFormat::Camt053);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    let scan = camt_scan(std::str::from_utf8(&bytes).unwrap());
    assert_eq!(scan.len(), 2);
    assert_eq!(read(&s.transactions), scan);
    // By hand: 8.85 in, 7.00 out, both booked 2014-12-31, valued 2015-01-02.
    assert_eq!(
        scan,
        [
            ("2014-12-31".into(), dec("8.85")),
            ("2014-12-31".into(), dec("-7.00"))
        ]
    );
    let t = &s.transactions[0];
    assert_eq!(t.value_date, Some(date("2015-01-02")));
    assert_eq!(t.account.as_deref(), Some("NL26VAYB8060476890"));
    assert_eq!(t.remittance, "Transaction Description 1");
    assert_eq!(t.references, ["000000001"]);
    // The debit's counterparty is its creditor.
    assert_eq!(
        s.transactions[1].counterparty.as_deref(),
        Some("Company Name 2")
    );
    // No AcctSvcrRef: content ids, distinct.
    assert!(t.id.starts_with('h'));
    assert_ne!(t.id, s.transactions[1].id);
}

#[test]
fn camt053_v08_party_and_structured_reference() {
    let bytes = corpus("camt053v08-genkgo.xml");
    let s = parse_statement(&bytes).unwrap();
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    let scan = camt_scan(std::str::from_utf8(&bytes).unwrap());
    assert_eq!(read(&s.transactions), scan);
    assert_eq!(scan, [("2014-12-31".into(), dec("8.85"))]);
    let t = &s.transactions[0];
    assert_eq!(t.direction, Direction::Credit);
    assert_eq!(t.id, "AAAASESS-FP-CN_98765/01");
    // .001.08 puts the name in Dbtr/Pty/Nm.
    assert_eq!(t.counterparty.as_deref(), Some("NAME NAME"));
    assert_eq!(t.iban.as_deref(), Some("NL56AGDH9619008421"));
    assert_eq!(t.references, ["MUELL/FINP/RA12345", "4654654654654654"]);
    assert_eq!(t.currency.as_str(), "EUR");
}

#[test]
fn ofx_1x_sgml_and_2x_xml() {
    for (file, n) in [
        ("ofx102-ofxparse-bank-medium.ofx", 3),
        ("ofx102-ofxparser-cmfr.ofx", 9),
        ("ofx200-ofxparser-xml.ofx", 3),
    ] {
        let bytes = corpus(file);
        let s = parse_statement(&bytes).unwrap();
        assert_eq!(s.format, StatementFormat::Ofx, "{file}");
        assert!(s.errors.is_empty(), "{file}: {:?}", s.errors);
        let scan = ofx_scan(std::str::from_utf8(&bytes).unwrap());
        assert_eq!(scan.len(), n, "{file}");
        assert_eq!(read(&s.transactions), scan, "{file}");
    }
    // By hand, from the files.
    let s = parse_statement(&corpus("ofx200-ofxparser-xml.ofx")).unwrap();
    let t = &s.transactions;
    assert_eq!(t[0].id, "980315001");
    assert_eq!(t[0].counterparty.as_deref(), Some("DEPOSIT"));
    assert_eq!(t[0].remittance, "automatic deposit");
    assert_eq!(t[2].direction, Direction::Debit);
    assert_eq!(t[2].amount, dec("100.00"));
    assert_eq!(t[2].references, ["1025"]);
    assert_eq!(t[0].currency.as_str(), "USD");
    let s = parse_statement(&corpus("ofx102-ofxparse-bank-medium.ofx")).unwrap();
    assert_eq!(
        s.transactions[1].counterparty.as_deref(),
        Some("Joe's Bald Hairstyles")
    );
    assert_eq!(s.transactions[1].amount, dec("316.67"));
    assert_eq!(
        s.transactions[0].account.as_deref(),
        Some("12300 000012345678")
    );
}

#[test]
fn cfonb120_balances_add_up() {
    let bytes = corpus("cfonb120-silarhi-complex.txt");
    let s = parse_statement(&bytes).unwrap();
    assert_eq!(s.format, StatementFormat::Cfonb120);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    let text = std::str::from_utf8(&bytes).unwrap();
    let ops: Vec<&str> = text.lines().filter(|l| l.starts_with("04")).collect();
    let scan: Vec<(String, Decimal)> = ops
        .iter()
        .map(|l| {
            let d = &l[34..40];
            (
                format!("20{}-{}-{}", &d[4..6], &d[2..4], &d[0..2]),
                cfonb_amount(l),
            )
        })
        .collect();
    assert_eq!(read(&s.transactions), scan);
    // By hand: 227R = −22.79, 201J = −20.11, 50000} = −5,000.00, 1177N = −117.75, 502N = −50.25.
    let amounts: Vec<Decimal> = scan.iter().map(|(_, a)| *a).collect();
    assert_eq!(
        amounts,
        ["-22.79", "-20.11", "-5000.00", "-117.75", "-50.25"].map(dec)
    );
    // The file's own balances: each 01 old balance plus the operations until the next 07 is
    // that 07's new balance.
    let mut balance = Decimal::ZERO;
    let mut k = 0;
    let mut checked = 0;
    for l in text.lines() {
        match l.get(..2) {
            Some("01") => balance = cfonb_amount(l),
            Some("04") => {
                balance += s.transactions[k].signed_amount();
                k += 1;
            }
            Some("07") => {
                assert_eq!(balance, cfonb_amount(l), "{l}");
                checked += 1;
            }
            _ => {}
        }
    }
    assert_eq!(checked, 8);
    let t = &s.transactions;
    assert_eq!(t[0].label, "PRLV SEPA ONLINE SAS");
    assert_eq!(t[0].remittance, "DEDIBOX 3706114");
    assert_eq!(t[3].value_date, Some(date("2020-04-01")));
    assert_eq!(
        t[4].remittance,
        "PAYMENT ORDER 124359169 ERS INF ORDER 124359169"
    );
    assert_eq!(t[0].account.as_deref(), Some("00012345603"));
    // A statement with balances only has no transaction.
    let s = parse_statement(&corpus("cfonb120-silarhi-simple.txt")).unwrap();
    assert!(s.transactions.is_empty() && s.errors.is_empty());
}

/// A CFONB 04 record, padded to its positions.
fn cfonb04(date: &str, label: &str, amount: &str) -> String {
    let mut r = format!("0430004    00001EUR2 00012345678  {date}  {date}{label:<31}");
    r.push_str(&" ".repeat(90 - r.len()));
    r.push_str(amount);
    r.push_str(&" ".repeat(120 - r.len()));
    r
}

#[test]
fn cfonb120_credit_with_payer_complement() {
    let mut npy = "0530004    00001EUR2 00012345678  020725     NPYSTE DUPONT ET FILS".to_string();
    npy.push_str(&" ".repeat(120 - npy.len()));
    let file = [
        cfonb04("020725", "VIR SEPA RECU", "0000000014400{"),
        npy,
        cfonb04("030725", "VIR SEPA RECU /DE ACME", "0000000000050A"),
    ]
    .join("\r\n");
    assert_eq!(detect(file.as_bytes()), None, "no 01 first: not detected");
    let s = encours_core::bank::parse_as(file.as_bytes(), StatementFormat::Cfonb120).unwrap();
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    let t = &s.transactions;
    assert_eq!(
        (t[0].amount, t[0].direction),
        (dec("1440.00"), Direction::Credit)
    );
    assert_eq!(t[0].counterparty.as_deref(), Some("STE DUPONT ET FILS"));
    assert_eq!(t[0].date, date("2025-07-02"));
    assert_eq!(t[1].amount, dec("5.01"));
    assert_eq!(t[1].counterparty.as_deref(), Some("ACME"));
}

#[test]
fn cfonb120_bad_records_are_reported_and_skipped() {
    let good = cfonb04("020725", "VIR", "0000000001000{");
    let bad_amount = cfonb04("020725", "VIR", "00000000010X0{");
    let bad_date = cfonb04("320725", "VIR", "0000000001000{");
    let file = format!("{good}\n{bad_amount}\n99xx\n{bad_date}\n05 orphan\n0401\n");
    let s = encours_core::bank::parse_as(file.as_bytes(), StatementFormat::Cfonb120).unwrap();
    assert_eq!(s.transactions.len(), 1);
    let errs: Vec<(u32, u32, &str)> = s
        .errors
        .iter()
        .map(|e| (e.line, e.column, e.kind.code()))
        .collect();
    assert_eq!(
        errs,
        [
            (2, 91, "bad_amount"),
            (3, 1, "unknown_record"),
            (4, 35, "bad_date"),
            (5, 0, "orphan_complement"),
            (6, 0, "short_record"),
        ]
    );
}

#[test]
fn french_bank_csv_debit_credit_columns() {
    // Preamble, `;`, decimal comma, Windows-1252 (é = 0xE9), Débit / Crédit.
    let text = "Compte courant n° 12345678901;\r\nSolde au 30/06/2025;12 345,67\r\n;\r\n\
Date;Date de valeur;Libellé;Débit;Crédit\r\n\
02/07/2025;02/07/2025;VIR SEPA RECU /DE DUPONT SARL /MOTIF FACTURE F2025-031 /REF 0123;;1 440,00\r\n\
03/07/2025;03/07/2025;PRLV SEPA EDF;-86,40;\r\n\
04/07/2025;04/07/2025;REMISE CHEQUE 1234567;;300,00\r\n\
31/02/2025;;bad date;;1,00\r\n\
05/07/2025;;bad amount;;abc\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let s = parse_statement(&bytes).unwrap();
    assert_eq!(s.format, StatementFormat::Csv);
    let t = &s.transactions;
    assert_eq!(t.len(), 3);
    assert_eq!(
        (t[0].amount, t[0].direction),
        (dec("1440.00"), Direction::Credit)
    );
    assert_eq!(t[0].counterparty.as_deref(), Some("DUPONT SARL"));
    assert_eq!(t[0].remittance, "FACTURE F2025-031");
    assert_eq!(t[0].references, ["0123"]);
    assert_eq!(t[0].value_date, Some(date("2025-07-02")));
    assert_eq!(
        (t[1].amount, t[1].direction),
        (dec("86.40"), Direction::Debit)
    );
    assert_eq!(t[2].counterparty, None);
    let errs: Vec<(u32, u32, &str)> = s
        .errors
        .iter()
        .map(|e| (e.line, e.column, e.kind.code()))
        .collect();
    assert_eq!(errs, [(8, 1, "bad_date"), (9, 5, "bad_amount")]);
}

#[test]
fn french_bank_csv_signed_amount() {
    let text = "\u{feff}Date opération;Libellé;Montant(EUROS)\n\
02/07/2025;\"VIR RECU 5566 DE: Martin & Fils MOTIF: F2025 038\";2.500,00\n\
03/07/2025;CB CARREFOUR;-45,10\n";
    let s = parse_statement(text.as_bytes()).unwrap();
    let t = &s.transactions;
    assert_eq!(
        read(t),
        [
            ("2025-07-02".into(), dec("2500.00")),
            ("2025-07-03".into(), dec("-45.10"))
        ]
    );
    assert_eq!(t[0].counterparty.as_deref(), Some("Martin & Fils"));
    assert_eq!(t[0].remittance, "F2025 038");
    // No header naming a date and an amount: refused, at line 1.
    let e = parse_statement(b"a;b\n1;2\n").unwrap_err();
    assert_eq!((e.line, e.kind), (1, BankErrorKind::NoHeader));
}

#[test]
fn same_or_overlapping_statement_adds_nothing() {
    let july = "Date;Libellé;Crédit;Débit\n02/07/2025;VIR A;100,00;\n02/07/2025;VIR A;100,00;\n03/07/2025;VIR B;50,00;\n";
    let overlap = "Date;Libellé;Crédit;Débit\n03/07/2025;VIR B;50,00;\n04/07/2025;VIR C;70,00;\n";
    let a = parse_statement(july.as_bytes()).unwrap().transactions;
    // Two identical lines on one day stay two (ranked content ids).
    assert_eq!(a.len(), 3);
    assert_ne!(a[0].id, a[1].id);
    let mut d = Dedup::default();
    assert_eq!(d.fresh(a.clone()).len(), 3);
    assert_eq!(d.fresh(a).len(), 0, "same statement again");
    let b = parse_statement(overlap.as_bytes()).unwrap().transactions;
    let fresh = d.fresh(b);
    assert_eq!(fresh.len(), 1, "overlap: only the 4th is new");
    assert_eq!(fresh[0].label, "VIR C");
    // The same for bank ids (OFX FITID): the file twice gives its transactions once.
    let ofx = parse_statement(&corpus("ofx200-ofxparser-xml.ofx"))
        .unwrap()
        .transactions;
    let mut d = Dedup::with_known(&ofx);
    assert!(d.fresh(ofx).is_empty());
}

#[test]
fn malformed_and_unknown_files() {
    let e = parse_statement(b"\x00\x01\x02").unwrap_err();
    assert_eq!(e.kind, BankErrorKind::UnknownFormat);
    let e = parse_statement(
        b"<?xml version=\"1.0\"?>\n<Document><BkToCstmrStmt>\n<Stmt><Ntry><Amt>1</Amt>",
    )
    .unwrap_err();
    assert_eq!(e.kind, BankErrorKind::MalformedXml);
    let camt = "<Document><BkToCstmrStmt><Stmt>\n<Ntry><Amt Ccy=\"EUR\">x</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2025-01-01</Dt></BookgDt></Ntry>\n<Ntry><Amt Ccy=\"EUR\">1</Amt><CdtDbtInd>XX</CdtDbtInd><BookgDt><Dt>2025-01-01</Dt></BookgDt></Ntry>\n<Ntry><Amt Ccy=\"EUR\">1</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>\n</Stmt></BkToCstmrStmt></Document>";
    let s = parse_statement(camt.as_bytes()).unwrap();
    let errs: Vec<(u32, &str)> = s.errors.iter().map(|e| (e.line, e.kind.code())).collect();
    assert_eq!(
        errs,
        [(2, "bad_amount"), (3, "bad_direction"), (4, "missing_date")]
    );
    let ofx = "OFXHEADER:100\n\n<OFX><STMTTRN><TRNAMT>1,2,3<DTPOSTED>20250101</STMTTRN>\n<STMTTRN><TRNAMT>5<DTPOSTED>2025</STMTTRN></OFX>";
    let s = parse_statement(ofx.as_bytes()).unwrap();
    let errs: Vec<(u32, &str)> = s.errors.iter().map(|e| (e.line, e.kind.code())).collect();
    assert_eq!(errs, [(3, "bad_amount"), (4, "bad_date")]);
}
