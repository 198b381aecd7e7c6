//! Runs one hot path in a loop for a profiler: `cargo run --release --example profile -- parse|import|aging|kpis`.
use encours_core::generator::{french_csv, generate, GeneratorOptions};
use encours_core::import::{self, ImportOptions};
use encours_core::{aging, kpi, Ledger};

fn main() {
    let what = std::env::args().nth(1).unwrap_or_else(|| "parse".into());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let ledger = generate(&GeneratorOptions::new(100_000, today));
    let csv = french_csv(&ledger);
    let opts = ImportOptions::builder(today).build();
    let runs: u32 = std::env::var("RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let t = std::time::Instant::now();
    for _ in 0..runs {
        match what.as_str() {
            "parse" => drop(import::parse(csv.as_bytes(), &opts).unwrap()),
            "import" => drop(import::import(
                &mut Ledger::default(),
                csv.as_bytes(),
                &opts,
            )),
            "aging" => drop(aging::age(&ledger, &aging::AgingOptions::new(today))),
            _ => drop(kpi::kpis(&ledger, &kpi::KpiOptions::new(today))),
        }
    }
    eprintln!("{what}: {:?} per run", t.elapsed() / runs);
}
