//! Criterion benchmarks of the core (`make bench-core`). Figures go to BENCHMARKS.md.
//!
//! - aging + every KPI over 100k invoices (target < 8 ms), from a prepared [`Book`] (what the
//!   app keeps between reports) and from the ledger (preparing the book included)
//! - CSV import of the 100k-row French file, typed (target ≥ 250 MB/s)
//! - aging of 1M invoices (target < 100 ms)

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use encours_core::aging::AgingOptions;
use encours_core::generator::{french_csv, generate, GeneratorOptions};
use encours_core::import::{self, ImportOptions};
use encours_core::kpi::KpiOptions;
use encours_core::{Book, Ledger};
use std::hint::black_box;
use std::time::Duration;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn aging_and_kpis(c: &mut Criterion) {
    let ledger = generate(&GeneratorOptions::new(100_000, today()));
    let mut g = c.benchmark_group("100k invoices");
    g.sample_size(20).measurement_time(Duration::from_secs(6));
    let book = Book::new(&ledger);
    let aging = book.age_unsorted(&AgingOptions::new(today()));
    g.bench_function("prepare the book", |b| {
        b.iter(|| Book::new(black_box(&ledger)))
    });
    g.bench_function("aging, clients sorted by name", |b| {
        b.iter(|| black_box(&book).age(&AgingOptions::new(today())))
    });
    g.bench_function("kpis (12-month series included)", |b| {
        b.iter(|| black_box(&book).kpis_with_aging(&KpiOptions::new(today()), &aging))
    });
    g.bench_function("aging + kpis, book prepared", |b| {
        b.iter(|| {
            let a = black_box(&book).age_unsorted(&AgingOptions::new(today()));
            let k = book.kpis_with_aging(&KpiOptions::new(today()), &a);
            (a, k)
        })
    });
    g.bench_function("aging + kpis from the ledger", |b| {
        b.iter(|| {
            let book = Book::new(black_box(&ledger));
            let a = book.age_unsorted(&AgingOptions::new(today()));
            let k = book.kpis_with_aging(&KpiOptions::new(today()), &a);
            (a, k)
        })
    });
    g.finish();
}

fn csv_import(c: &mut Criterion) {
    let csv = french_csv(&generate(&GeneratorOptions::new(100_000, today())));
    let bytes = csv.as_bytes();
    let opts = ImportOptions::builder(today()).build();
    let mut g = c.benchmark_group("French CSV, 100k rows");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.bench_function("parse (typed rows)", |b| {
        b.iter(|| import::parse(black_box(bytes), &opts).unwrap())
    });
    g.bench_function("import into an empty ledger", |b| {
        b.iter_batched(
            Ledger::default,
            |mut l| import::import(&mut l, black_box(bytes), &opts),
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn aging_1m(c: &mut Criterion) {
    let ledger = generate(&GeneratorOptions::new(1_000_000, today()));
    let mut g = c.benchmark_group("1M invoices");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    let book = Book::new(&ledger);
    g.bench_function("aging, book prepared", |b| {
        b.iter(|| black_box(&book).age_unsorted(&AgingOptions::new(today())))
    });
    g.bench_function("aging, clients sorted by name, book prepared", |b| {
        b.iter(|| black_box(&book).age(&AgingOptions::new(today())))
    });
    g.bench_function("aging from the ledger", |b| {
        b.iter(|| Book::new(black_box(&ledger)).age(&AgingOptions::new(today())))
    });
    g.finish();
}

criterion_group!(benches, aging_and_kpis, csv_import, aging_1m);
criterion_main!(benches);
