//! `encours match`: invoices CSV + bank statements → proposals, in the JSON contract of issue
//! 21; a transaction given twice (the same statement twice, overlapping statements) appears
//! once.

use serde_json::{json, Value};

mod common;

use common::{json, run};

fn write(name: &str, bytes: &[u8]) -> String {
    common::write_in("match", name, bytes)
}

const INVOICES: &str = "N° facture;Client;Date;Échéance;Montant TTC\n\
F2025-031;Dupont SARL;01/06/2025;01/07/2025;1 440,00\n\
F2025-032;Dupont SARL;05/06/2025;05/07/2025;560,00\n\
F2025-040;Martin & Fils;01/05/2025;31/05/2025;1 000,00\n";

/// A bank CSV: a receipt naming its invoice, a partial payment by name, a debit.
const JULY: &str = "Compte 123;\nDate;Libellé;Débit;Crédit\n\
02/07/2025;VIR SEPA RECU /DE DUPONT SARL /MOTIF F2025-031;;1 440,00\n\
03/07/2025;VIR SEPA RECU /DE MARTIN ET FILS;;400,00\n\
04/07/2025;PRLV SEPA EDF;86,40;\n";

/// Overlaps July by its last line, and adds a cheque nothing fits.
const LATER: &str = "Date;Libellé;Débit;Crédit\n\
04/07/2025;PRLV SEPA EDF;86,40;\n\
05/07/2025;REMISE CHEQUE 99;;77,00\n";

#[test]
fn the_json_contract() {
    let inv = write("factures.csv", INVOICES.as_bytes());
    let july = write("juillet.csv", JULY.as_bytes());
    let v = json(&[
        "match",
        &inv,
        "--bank",
        &july,
        "--as-of",
        "2025-07-05",
        "--json",
    ]);
    let ts = v["transactions"].as_array().unwrap();
    assert_eq!(ts.len(), 3);
    let mut first = ts[0].clone();
    assert!(first["id"].as_str().unwrap().starts_with('h'));
    first["id"] = json!("…");
    assert_eq!(
        first,
        json!({
            "id": "…", "date": "2025-07-02", "amount": "1440.00", "direction": "credit",
            "label": "VIR SEPA RECU /DE DUPONT SARL /MOTIF F2025-031",
            "counterparty": "DUPONT SARL",
            "proposals": [{"invoices": ["F2025-031"], "amounts": ["1440.00"], "auto": true,
                           "evidence": ["invoice_number", "amount", "payer_name"]}]
        })
    );
    // 400.00 toward Martin's 1,000.00: proposed, not auto.
    assert_eq!(
        ts[1]["proposals"],
        json!([{"invoices": ["F2025-040"], "amounts": ["400.00"], "auto": false,
                "evidence": ["payer_name", "partial"]}])
    );
    assert_eq!(ts[2]["direction"], "debit");
    assert_eq!(ts[2]["amount"], "86.40");
    assert_eq!(ts[2]["proposals"], json!([]));
    assert_eq!(ts[2]["counterparty"], "");
}

#[test]
fn a_transaction_given_twice_appears_once() {
    let inv = write("factures2.csv", INVOICES.as_bytes());
    let july = write("juillet2.csv", JULY.as_bytes());
    let later = write("later.csv", LATER.as_bytes());
    let ids = |v: &Value| -> Vec<String> {
        v["transactions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect()
    };
    let once = json(&[
        "match",
        &inv,
        "--bank",
        &july,
        "--as-of",
        "2025-07-05",
        "--json",
    ]);
    let twice = json(&[
        "match",
        &inv,
        "--bank",
        &july,
        "--bank",
        &july,
        "--as-of",
        "2025-07-05",
        "--json",
    ]);
    assert_eq!(ids(&once), ids(&twice));
    assert_eq!(once, twice);
    // July's 3 + the later file's 2, one of which (the EDF debit) July already had.
    let both = json(&[
        "match",
        &inv,
        "--bank",
        &july,
        "--bank",
        &later,
        "--as-of",
        "2025-07-05",
        "--json",
    ]);
    let ts = both["transactions"].as_array().unwrap();
    assert_eq!(ts.len(), 4);
    assert_eq!(ts[3]["label"], "REMISE CHEQUE 99");
    assert_eq!(ts[3]["proposals"], json!([]), "77.00 fits no invoice");
}

#[test]
fn statement_formats_and_errors() {
    let inv = write("factures3.csv", INVOICES.as_bytes());
    let ofx = write(
        "releve.ofx",
        b"OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><CURDEF>EUR<BANKTRANLIST>\
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20250702<TRNAMT>560.00<FITID>X1<NAME>DUPONT<MEMO>RF02F2025032</STMTTRN>\
<STMTTRN><TRNAMT>oops<DTPOSTED>20250702<FITID>X2</STMTTRN></BANKTRANLIST></OFX>",
    );
    let (code, out, err) = run(&[
        "match",
        &inv,
        "--bank",
        &ofx,
        "--as-of",
        "2025-07-05",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    // The unreadable line is reported with its code; the other is matched by its RF
    // reference (RF02F2025032, check digits computed apart) and the payer's name.
    assert!(err.contains("bad_amount"), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["transactions"][0]["id"], "X1");
    assert_eq!(
        v["transactions"][0]["proposals"][0],
        json!({"invoices": ["F2025-032"], "amounts": ["560.00"], "auto": true,
               "evidence": ["reference", "amount", "payer_name"]})
    );
    let junk = write("junk.bin", b"\x00\x01\x02");
    let (code, _, err) = run(&["match", &inv, "--bank", &junk, "--as-of", "2025-07-05"]);
    assert_eq!(code, 1);
    assert!(err.contains("unknown_format"), "{err}");
    let (code, _, err) = run(&["match", &inv, "--as-of", "2025-07-05"]);
    assert_eq!(code, 2);
    assert!(err.contains("--bank"), "{err}");
    let (code, _, err) = run(&["match", &inv, "--bank", &ofx]);
    assert_eq!(code, 2);
    assert!(err.contains("--as-of"), "{err}");
    // The readable output: one line a transaction, its proposals under it, a summary.
    let (code, out, _) = run(&["match", &inv, "--bank", &ofx, "--as-of", "2025-07-05"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("auto   F2025-032 560.00 (reference, amount, payer_name)"),
        "{out}"
    );
    assert!(
        out.ends_with("1 transaction(s): 1 auto, 0 to review, 0 without a proposal\n"),
        "{out}"
    );
}
