//! Arbitrary bytes never panic a statement parser, nor the matching of what they yield.
//! `FUZZ_CASES` sets the count per seed file (default 300).

mod common;
use encours_core::bank::matching::{match_transactions, Learned};
use encours_core::bank::{parse_as, parse_statement, StatementFormat};
use encours_core::generator::Rng;

const FILES: &[&str] = &[
    "camt053v02-genkgo-multi-statement.xml",
    "camt053v08-genkgo.xml",
    "ofx102-ofxparse-bank-medium.ofx",
    "ofx102-ofxparser-cmfr.ofx",
    "ofx200-ofxparser-xml.ofx",
    "cfonb120-silarhi-complex.txt",
];

const CSV: &str = "Solde;1,00\nDate;Date de valeur;Libellé;Débit;Crédit\n02/07/2025;02/07/2025;VIR SEPA RECU /DE DUPONT SARL /MOTIF RF34F2025038 F2025-031;;1 440,00\n";

fn mutate(rng: &mut Rng, base: &[u8]) -> Vec<u8> {
    let mut v = base.to_vec();
    for _ in 0..=rng.below(8) {
        let pos = if v.is_empty() {
            0
        } else {
            rng.below(v.len() as u64) as usize
        };
        match rng.below(6) {
            0 if !v.is_empty() => v[pos] = rng.next_u64() as u8,
            1 => v.insert(
                pos,
                b"<>/;&:\n\r0123456789{}JR\xc3\xa9\xe9"[rng.below(22) as usize],
            ),
            2 if !v.is_empty() => {
                v.remove(pos);
            }
            3 => v.truncate(pos),
            4 => {
                let end = (pos + rng.below(60) as usize).min(v.len());
                let chunk = v[pos..end].to_vec();
                v.splice(pos..pos, chunk);
            }
            _ => v.insert(pos, rng.next_u64() as u8),
        }
    }
    v
}

#[test]
fn mutated_statements_never_panic() {
    let cases: usize = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let ledger = encours_core::generator::demo(common::date("2025-07-03"));
    let mut seeds: Vec<Vec<u8>> = FILES
        .iter()
        .map(|f| {
            std::fs::read(format!(
                "{}/tests/corpus/bank/{f}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap()
        })
        .collect();
    seeds.push(CSV.as_bytes().to_vec());
    let mut rng = Rng::new(11);
    for seed in &seeds {
        for _ in 0..cases {
            let bytes = mutate(&mut rng, seed);
            if let Ok(s) = parse_statement(&bytes) {
                let m = match_transactions(
                    &ledger,
                    &s.transactions,
                    common::date("2025-07-03"),
                    &Learned::default(),
                );
                assert_eq!(m.len(), s.transactions.len());
            }
            for f in [
                StatementFormat::Camt053,
                StatementFormat::Ofx,
                StatementFormat::Cfonb120,
                StatementFormat::Csv,
            ] {
                let _ = parse_as(&bytes, f);
            }
        }
    }
    // Pure noise too.
    for _ in 0..cases {
        let n = rng.below(300) as usize;
        let bytes: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
        let _ = parse_statement(&bytes);
    }
}
