//! Real FEC ledgers (tests/corpus/fec, sources in its README) imported whole: the aged balance
//! after the last entry equals, client by client and in total, what the ledger itself says
//! the customers owe — the sum of debits minus credits on their 411/416/419 accounts,
//! computed here by a reader that shares nothing with the import.

use encours_core::aging::{age, AgingOptions};
use encours_core::import::{import, ImportOptions};
use encours_core::Ledger;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

/// What the ledger says: debit − credit per customer sub-account (CompAuxNum when there is
/// one, else CompteNum), and the last date written in an entry.
struct Ledgers {
    owed: BTreeMap<String, Decimal>,
    last_date: chrono::NaiveDate,
    customer_lines: usize,
}

/// A deliberately plain reading: lines split on any line break, fields on the header's most
/// frequent separator, every field trimmed.
fn checker(bytes: &[u8]) -> Ledgers {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::ISO_8859_15.decode(bytes).0.into_owned(),
    };
    let mut lines = text.split(['\r', '\n']).filter(|l| !l.trim().is_empty());
    let header = lines.next().expect("a header");
    let sep = ['|', '\t', ';']
        .into_iter()
        .max_by_key(|&c| header.matches(c).count())
        .unwrap();
    let names: Vec<String> = header.split(sep).map(|h| h.trim().to_lowercase()).collect();
    let col = |n: &str| names.iter().position(|h| h == n);
    let (account, aux) = (col("comptenum").unwrap(), col("compauxnum").unwrap());
    let (debit, credit) = (col("debit").unwrap(), col("credit").unwrap());
    let dates: Vec<usize> = ["ecrituredate", "piecedate"]
        .iter()
        .filter_map(|n| col(n))
        .collect();
    let amount = |s: &str| {
        let s = s.trim().replace(',', ".");
        if s.is_empty() {
            Decimal::ZERO
        } else {
            Decimal::from_str(&s).unwrap_or_else(|_| panic!("amount {s:?}"))
        }
    };
    let mut owed = BTreeMap::new();
    let mut last_date = chrono::NaiveDate::MIN;
    let mut customer_lines = 0;
    for line in lines {
        let f: Vec<&str> = line.split(sep).map(str::trim).collect();
        for &d in &dates {
            if let Ok(d) = chrono::NaiveDate::parse_from_str(f[d], "%Y%m%d") {
                last_date = last_date.max(d);
            }
        }
        let acc = f[account];
        if !["411", "416", "419"].iter().any(|p| acc.starts_with(p)) {
            continue;
        }
        customer_lines += 1;
        let key = if f[aux].is_empty() { acc } else { f[aux] };
        *owed.entry(key.to_string()).or_insert(Decimal::ZERO) +=
            amount(f[debit]) - amount(f[credit]);
    }
    Ledgers {
        owed,
        last_date,
        customer_lines,
    }
}

/// The aged balance per client code, after every entry of the file.
fn aged(bytes: &[u8], as_of: chrono::NaiveDate) -> (BTreeMap<String, Decimal>, Decimal, Ledger) {
    let mut ledger = Ledger::default();
    let opts = ImportOptions::builder(as_of).build();
    let report = import(&mut ledger, bytes, &opts);
    assert!(
        report.errors.is_empty(),
        "{:?}",
        &report.errors[..report.errors.len().min(5)]
    );
    let aging = age(&ledger, &AgingOptions::new(as_of));
    assert!(aging.currencies.len() <= 1, "one currency");
    let mut by_code = BTreeMap::new();
    let mut total = Decimal::ZERO;
    for part in &aging.currencies {
        total += part.total;
        for c in &part.clients {
            let code = ledger
                .client(c.client)
                .and_then(|c| c.code.clone())
                .unwrap();
            by_code.insert(code, c.total);
        }
    }
    (by_code, total, ledger)
}

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/fec");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("txt")))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_aged_balance_of_each_real_ledger_is_what_its_customer_accounts_say() {
    let files = corpus();
    assert!(files.len() >= 4, "{} files", files.len());
    for (name, bytes) in &files {
        let expected = checker(bytes);
        assert!(expected.customer_lines > 0, "{name}: no customer line");
        let as_of = expected.last_date.succ_opt().unwrap();
        let (got, total, _) = aged(bytes, as_of);
        let want: BTreeMap<String, Decimal> = expected
            .owed
            .iter()
            .filter(|(_, v)| !v.is_zero())
            .map(|(k, v)| (k.clone(), v.normalize()))
            .collect();
        let got: BTreeMap<String, Decimal> = got
            .into_iter()
            .filter(|(_, v)| !v.is_zero())
            .map(|(k, v)| (k, v.normalize()))
            .collect();
        assert_eq!(got, want, "{name}: per client");
        let want_total: Decimal = expected.owed.values().sum();
        assert_eq!(total, want_total, "{name}: total");
    }
}

/// The figures the ledgers give, written out: a change in the corpus or in the checker shows
/// here first (the sums were taken with a separate Python reading when the corpus was trimmed).
#[test]
fn the_corpus_totals_are_the_known_ones() {
    let totals: Vec<(String, Decimal, usize)> = corpus()
        .iter()
        .map(|(n, b)| {
            let c = checker(b);
            (n.clone(), c.owed.values().sum(), c.owed.len())
        })
        .collect();
    let d = |s: &str| Decimal::from_str(s).unwrap();
    assert_eq!(
        totals,
        [
            ("0000000001FEC20220831.txt".to_string(), d("51775.47"), 8),
            ("000000000FEC20231231.txt".to_string(), d("27771.70"), 4),
            ("111111111FEC20221231.TXT".to_string(), d("6905.34"), 11),
            ("123456789FEC20500930.txt".to_string(), d("128200.50"), 1),
        ]
    );
}

#[test]
fn a_second_import_of_a_real_ledger_changes_nothing() {
    for (name, bytes) in corpus() {
        let as_of = checker(&bytes).last_date.succ_opt().unwrap();
        let (_, _, mut ledger) = aged(&bytes, as_of);
        let before = ledger.clone();
        let again = import(&mut ledger, &bytes, &ImportOptions::builder(as_of).build());
        assert_eq!(
            (again.new_invoices, again.new_payments, again.batch),
            (0, 0, None),
            "{name}"
        );
        assert_eq!(ledger.invoices, before.invoices, "{name}");
    }
}

/// Real ledgers with bytes changed, removed or repeated here and there: the import never
/// panics, and every line it blames is in the file.
#[test]
fn damaged_real_ledgers_never_panic() {
    let mut rng = encours_core::generator::Rng::new(0xFEC);
    for (name, bytes) in corpus() {
        for case in 0..40 {
            let mut v = bytes.clone();
            for _ in 0..=rng.below(20) {
                let pos = rng.below(v.len() as u64) as usize;
                match rng.below(4) {
                    0 => {
                        let set = b"|\t;\r\n0,-A ";
                        v[pos] = set[rng.below(set.len() as u64) as usize];
                    }
                    1 => {
                        v.remove(pos);
                    }
                    2 => {
                        let end = (pos + rng.below(400) as usize).min(v.len());
                        let chunk = v[pos..end].to_vec();
                        v.splice(pos..pos, chunk);
                    }
                    _ => v[pos] = rng.next_u64() as u8,
                }
            }
            let mut ledger = Ledger::default();
            let opts = ImportOptions::builder(chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap())
                .build();
            let report = import(&mut ledger, &v, &opts);
            // LF, CR LF and a lone CR each end a line.
            let lines = (0..v.len())
                .filter(|&k| v[k] == b'\n' || (v[k] == b'\r' && v.get(k + 1) != Some(&b'\n')))
                .count() as u64
                + 1;
            for e in &report.errors {
                assert!(e.line <= lines, "{name} case {case}: line {}", e.line);
            }
            let _ = age(&ledger, &AgingOptions::new(opts.today));
        }
    }
}
