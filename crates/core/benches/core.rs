//! Criterion benchmarks of the core (`make bench-core`). Figures go to BENCHMARKS.md.
//!
//! - aging + every KPI over 100k invoices (target < 8 ms)
//! - CSV import of the 100k-row French file, typed (target ≥ 250 MB/s)
//! - aging of 1M invoices (target < 100 ms)

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use encours_core::aging::{age, AgingOptions};
use encours_core::generator::{french_csv, generate, GeneratorOptions};
use encours_core::import::{self, ImportOptions};
use encours_core::kpi::{kpis, KpiOptions};
use encours_core::Ledger;
use std::hint::black_box;
use std::time::Duration;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn aging_and_kpis(c: &mut Criterion) {
    let ledger = generate(&GeneratorOptions::new(100_000, today()));
    let mut g = c.benchmark_group("100k invoices");
    g.sample_size(20).measurement_time(Duration::from_secs(6));
    g.bench_function("aging", |b| {
        b.iter(|| age(black_box(&ledger), &AgingOptions::new(today())))
    });
    g.bench_function("kpis (12-month series included)", |b| {
        b.iter(|| kpis(black_box(&ledger), &KpiOptions::new(today())))
    });
    g.bench_function("aging + kpis", |b| {
        b.iter(|| {
            let a = age(black_box(&ledger), &AgingOptions::new(today()));
            let k = kpis(black_box(&ledger), &KpiOptions::new(today()));
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
    g.bench_function("aging", |b| {
        b.iter(|| age(black_box(&ledger), &AgingOptions::new(today())))
    });
    g.finish();
}

criterion_group!(benches, aging_and_kpis, csv_import, aging_1m);
criterion_main!(benches);
