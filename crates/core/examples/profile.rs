//! Runs one hot path in a loop for a profiler (`valgrind --tool=callgrind`, `perf record`):
//! `cargo run --profile bench --example profile -- parse|split|import|book|aging|sorted|kpis`.
//! `N` sets the number of invoices (100,000), `RUNS` the loop count (20).
use encours_core::aging::AgingOptions;
use encours_core::generator::{french_csv, generate, GeneratorOptions};
use encours_core::import::{self, ImportOptions};
use encours_core::kpi::KpiOptions;
use encours_core::{Book, Ledger};
use std::hint::black_box;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let what = std::env::args().nth(1).unwrap_or_else(|| "parse".into());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let ledger = generate(&GeneratorOptions::new(env("N", 100_000), today));
    let csv = french_csv(&ledger);
    let opts = ImportOptions::builder(today).build();
    // The reports run on a book prepared once, as the app and the benches do.
    let book = Book::new(&ledger);
    let aging = book.age_unsorted(&AgingOptions::new(today));
    let runs = env("RUNS", 20) as u32;
    let t = std::time::Instant::now();
    for _ in 0..runs {
        match what.as_str() {
            "parse" => drop(import::parse(csv.as_bytes(), &opts).unwrap()),
            "split" => drop(black_box(import::tokenize(csv.as_bytes(), b';'))),
            "import" => drop(import::import(
                &mut Ledger::default(),
                csv.as_bytes(),
                &opts,
            )),
            "book" => drop(black_box(Book::new(&ledger))),
            "aging" => drop(black_box(book.age_unsorted(&AgingOptions::new(today)))),
            "sorted" => drop(black_box(book.age(&AgingOptions::new(today)))),
            _ => drop(black_box(
                book.kpis_with_aging(&KpiOptions::new(today), &aging),
            )),
        }
    }
    eprintln!("{what}: {:?} per run", t.elapsed() / runs);
}
