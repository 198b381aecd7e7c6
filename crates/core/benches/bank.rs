//! Criterion benchmark of bank matching (`cargo bench -p encours-core --bench bank`): 5,000
//! statement lines against 100,000 open invoices (target < 200 ms). Figures go to
//! BENCHMARKS.md.
//!
//! The book is the generator's 100k invoices for 20,000 clients with its payments removed, so
//! that every invoice is open. The statement mixes what a month of receipts looks like: a
//! payer naming the invoice, a payer naming only itself (exact amount, two invoices at once,
//! a partial payment), cheques without a name, receipts matching nothing, and debits.

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use encours_core::bank::matching::{match_transactions, Learned};
use encours_core::bank::{Direction, Transaction};
use encours_core::generator::{generate, GeneratorOptions, Rng};
use encours_core::ledger::{DocKind, Ledger};
use encours_core::Currency;
use rust_decimal::Decimal;
use std::hint::black_box;
use std::time::Duration;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn statement(ledger: &Ledger, n: usize) -> Vec<Transaction> {
    let mut rng = Rng::new(7);
    let invoices: Vec<_> = ledger
        .invoices
        .iter()
        .filter(|i| i.kind == DocKind::Invoice)
        .collect();
    (0..n)
        .map(|k| {
            let i = rng.below(invoices.len() as u64) as usize;
            let (inv, next) = (invoices[i], invoices[(i + 1) % invoices.len()]);
            let name = ledger.client_name(inv.client);
            let (label, amount, direction) = match k % 10 {
                0..=3 => (
                    format!("VIR SEPA RECU /DE {name} /MOTIF FACTURE {}", inv.number),
                    inv.total,
                    Direction::Credit,
                ),
                4 | 5 => (
                    format!("VIR SEPA RECU /DE {name}"),
                    inv.total,
                    Direction::Credit,
                ),
                6 => (
                    format!("VIR SEPA RECU /DE {name} /MOTIF ACOMPTE"),
                    (inv.total / Decimal::TWO).round_dp(2),
                    Direction::Credit,
                ),
                7 => (
                    format!("VIR SEPA RECU /DE {name} /MOTIF REGLEMENT"),
                    inv.total
                        + if next.client == inv.client {
                            next.total
                        } else {
                            Decimal::ONE
                        },
                    Direction::Credit,
                ),
                8 => (
                    format!("REMISE CHEQUE {}", 1_000_000 + k),
                    Decimal::new(rng.below(500_000) as i64 + 1, 2),
                    Direction::Credit,
                ),
                _ => (
                    "PRLV SEPA FOURNISSEUR".to_string(),
                    inv.total,
                    Direction::Debit,
                ),
            };
            Transaction {
                id: format!("T{k}"),
                account: None,
                date: today(),
                value_date: None,
                amount,
                direction,
                currency: Currency::EUR,
                counterparty: encours_core::bank::parse_label(&label).payer,
                label,
                iban: None,
                references: vec![],
                remittance: String::new(),
                line: k as u32 + 1,
            }
        })
        .collect()
}

fn matching(c: &mut Criterion) {
    let mut ledger = generate(&GeneratorOptions::new(100_000, today()));
    ledger.payments.clear();
    let txs = statement(&ledger, 5_000);
    let m = match_transactions(&ledger, &txs, today(), &Learned::default());
    eprintln!(
        "{} lines: {} with a proposal, {} auto",
        txs.len(),
        m.iter().filter(|p| !p.is_empty()).count(),
        m.iter()
            .filter(|p| p.first().is_some_and(|p| p.auto))
            .count()
    );
    let mut g = c.benchmark_group("bank matching");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.bench_function("5,000 lines against 100k open invoices", |b| {
        b.iter(|| {
            match_transactions(
                black_box(&ledger),
                black_box(&txs),
                today(),
                &Learned::default(),
            )
        })
    });
    // The lookups alone (open invoices, numbers, names, amounts): what no line can avoid.
    g.bench_function("0 lines (the lookups built)", |b| {
        b.iter(|| match_transactions(black_box(&ledger), &[], today(), &Learned::default()))
    });
    g.finish();
}

criterion_group!(benches, matching);
criterion_main!(benches);
