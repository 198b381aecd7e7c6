//! Arbitrary bytes never panic a parser, and what the import makes of them keeps its promises:
//! a second import of the same bytes adds nothing, undoing it gives the ledger back, a parse
//! done a few records at a time equals the whole parse, an error's line and column are in the
//! file. Backups, stored chunks and journal entries, damaged, never panic their decoders, and
//! undamaged ones decode to what was encoded. `FUZZ_CASES` sets the count (make test runs a
//! few thousand; the documented full run is
//! `FUZZ_CASES=100000 cargo test -p encours-core --release --test fuzz`).

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

/// `base` with up to `edits` + 1 random edits.
fn mutate(rng: &mut Rng, base: &[u8], edits: u64) -> Vec<u8> {
    let mut v = base.to_vec();
    for _ in 0..=rng.below(edits + 1) {
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

fn cases() -> u64 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000)
}

/// Byte offsets where each line starts, lines ended as the import ends them (LF, CRLF, lone CR).
fn line_starts(bytes: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    for k in 0..bytes.len() {
        let ends = match bytes[k] {
            b'\n' => true,
            b'\r' => bytes.get(k + 1) != Some(&b'\n'),
            _ => false,
        };
        if ends {
            starts.push(k + 1);
        }
    }
    starts
}

/// The number of fields of the record starting at `from`, read the plain RFC 4180 way: a
/// field that starts with a quote runs to the closing quote (`""` inside is a quote), a
/// delimiter outside quotes ends a field, a line break outside quotes ends the record.
fn fields_from(bytes: &[u8], from: usize, delimiter: u8) -> usize {
    let (mut fields, mut k, mut at_start, mut quoted) = (1, from, true, false);
    while k < bytes.len() {
        let b = bytes[k];
        if quoted {
            if b == b'"' {
                if bytes.get(k + 1) == Some(&b'"') {
                    k += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && at_start {
            quoted = true;
        } else if b == delimiter {
            fields += 1;
            at_start = true;
            k += 1;
            continue;
        } else if b == b'\n' || b == b'\r' {
            break;
        }
        at_start = false;
        k += 1;
    }
    fields
}

#[test]
fn random_and_mutated_inputs_never_panic() {
    let cases = cases();
    let mut rng = Rng::new(0xF022);
    let today = common::date("2025-06-30");
    let formats = [Format::Auto, Format::Csv, Format::Fec];
    // How often each oracle had something to check.
    let (mut parsed, mut columns, mut imported) = (0u64, 0u64, 0u64);
    for case in 0..cases {
        // A quarter random bytes, a quarter seeds lightly damaged (one or two edits, the
        // format detected: most still import, for the oracles below), the rest heavily.
        let light = case % 4 == 1;
        let bytes = if case % 4 == 0 {
            (0..rng.below(300)).map(|_| rng.next_u64() as u8).collect()
        } else {
            let seed = SEEDS[(case % SEEDS.len() as u64) as usize].as_bytes();
            mutate(&mut rng, seed, if light { 1 } else { 8 })
        };
        let format = if light {
            Format::Auto
        } else {
            formats[(case % 3) as usize]
        };
        let opts = ImportOptions::builder(today).format(format).build();
        // A book already holding the first seed's rows, so that an import can update, not
        // only create.
        let mut ledger = Ledger::default();
        if case % 2 == 1 {
            import::import(&mut ledger, SEEDS[0].as_bytes(), &opts);
        }
        let before = ledger.clone();
        let report = import::import(&mut ledger, &bytes, &opts);
        // Errors carry a position inside the file (LF, CRLF and a lone CR end a line).
        let starts = line_starts(&bytes);
        let lines = starts.len() as u64;
        for e in &report.errors {
            assert!(e.line <= lines, "case {case}: line {} of {lines}", e.line);
        }
        if let Ok(whole) = import::parse(&bytes, &opts) {
            // A parse a few records at a time is the whole parse.
            let mut job = import::ParseJob::new(&bytes, &opts).unwrap();
            let slice = 1 + (case % 3) as usize;
            while !job.step(slice) {}
            assert_eq!(job.finish(), whole, "case {case}: sliced by {slice}");
            // A column is one of its row's fields, or, for a row cut short, one of the
            // header's: the import reports a missing value at the column it expected it in
            // ("INV-1,Acm" gets "date is empty" at column 3).
            let header = whole.detected.headers.len();
            parsed += 1;
            for e in whole.errors.iter().filter(|e| e.column > 0) {
                columns += 1;
                let from = starts[(e.line - 1) as usize];
                let fields = fields_from(&bytes, from, whole.detected.delimiter);
                assert!(
                    e.column as usize <= fields.max(header),
                    "case {case}: line {} column {} of {fields} fields, {header} in the header",
                    e.line,
                    e.column,
                );
            }
        }
        if report.batch.is_some() {
            imported += 1;
            // The same bytes again add nothing.
            let once = ledger.clone();
            let again = import::import(&mut ledger, &bytes, &opts);
            assert_eq!(
                (again.new_clients, again.new_invoices, again.new_payments),
                (0, 0, 0),
                "case {case}"
            );
            assert_eq!(ledger.clients, once.clients, "case {case}");
            assert_eq!(ledger.invoices, once.invoices, "case {case}");
            assert_eq!(ledger.payments, once.payments, "case {case}");
            if again.batch.is_some() {
                ledger.undo_last_batch().unwrap();
            }
            // Undoing the import gives back the book as it was.
            ledger.undo_last_batch().unwrap();
            assert_eq!(ledger.clients, before.clients, "case {case}");
            assert_eq!(ledger.invoices, before.invoices, "case {case}");
            assert_eq!(ledger.payments, before.payments, "case {case}");
            assert_eq!(ledger.batches, before.batches, "case {case}");
        }
        let _ = encours_core::aging::age(&ledger, &encours_core::aging::AgingOptions::new(today));
        // What the import page falls back on when the columns are not found.
        let _ = import::unmapped(&bytes, &opts);
    }
    eprintln!(
        "{cases} cases: {parsed} parsed, {columns} errors with a column, {imported} imported rows"
    );
    // Each oracle had many cases to check.
    assert!(parsed * 6 > cases && imported * 15 > cases && columns * 15 > cases);
}
