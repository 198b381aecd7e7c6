//! Arbitrary bytes never panic a parser. `FUZZ_CASES` sets the count (make test runs a few
//! thousand; the documented full run is `FUZZ_CASES=100000 cargo test -p encours-core --release --test fuzz`).

mod common;
use encours_core::generator::Rng;
use encours_core::import::{self, Format, ImportOptions};
use encours_core::Ledger;

const SEEDS: &[&str] = &[
    "N° facture;Client;Date;Échéance;Montant HT;TVA;Montant TTC;Réglé;Statut\r\nF1;\"A;B\";01/02/2025;03/03/2025;1 000,00;200,00;1 200,00;100,00;Litige\r\n",
    "\u{feff}Invoice Number,Customer,Invoice Date,Due Date,Amount,Balance\nINV-1,Acme,2025-01-15,2025-02-14,\"1,200.50\",200.50\n",
    "Date règlement;Client;Montant;N° facture\n10/02/2025;Dupont;600,00;F1\n",
    "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise\nVE|V|1|20250110|411000|C|C1|Dup|F1|20250110|F|000000001200,00|000000000000,00|AA|||| \nBQ|B|2|20250210|411000|C|C1|Dup|V1|20250210|R|0|1200,00|AA||||\nBQ|B|2|20250210|512000|B|||V1|20250210|R|1200,00|0||||\n",
    "JournalCode\tEcritureNum\tEcritureDate\tCompteNum\tCompAuxNum\tPieceRef\tMontant\tSens\n",
];

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
                b";,\t|\"\n\r0123456789/.-\xe2\x82\xac\xc3\xa9\xa0"[rng.below(25) as usize],
            ),
            2 if !v.is_empty() => {
                v.remove(pos);
            }
            3 => v.truncate(pos),
            4 => {
                let end = (pos + rng.below(40) as usize).min(v.len());
                let chunk = v[pos..end].to_vec();
                v.splice(pos..pos, chunk);
            }
            _ => v.insert(pos, rng.next_u64() as u8),
        }
    }
    v
}

#[test]
fn random_and_mutated_inputs_never_panic() {
    let cases: u64 = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    let mut rng = Rng::new(0xF022);
    let today = common::date("2025-06-30");
    let formats = [Format::Auto, Format::Csv, Format::Fec];
    for case in 0..cases {
        let bytes = if case % 4 == 0 {
            (0..rng.below(300)).map(|_| rng.next_u64() as u8).collect()
        } else {
            mutate(
                &mut rng,
                SEEDS[(case % SEEDS.len() as u64) as usize].as_bytes(),
            )
        };
        let opts = ImportOptions::builder(today)
            .format(formats[(case % 3) as usize])
            .build();
        let mut ledger = Ledger::default();
        let report = import::import(&mut ledger, &bytes, &opts);
        // Errors carry a position inside the file (LF, CRLF and a lone CR end a line).
        let lines = (0..bytes.len())
            .filter(|&k| match bytes[k] {
                b'\n' => true,
                b'\r' => bytes.get(k + 1) != Some(&b'\n'),
                _ => false,
            })
            .count() as u64
            + 1;
        for e in &report.errors {
            assert!(e.line <= lines, "case {case}: line {} of {lines}", e.line);
        }
        let _ = encours_core::aging::age(&ledger, &encours_core::aging::AgingOptions::new(today));
        // What the import page falls back on when the columns are not found.
        let _ = import::unmapped(&bytes, &opts);
    }
}
