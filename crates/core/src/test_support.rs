//! Helpers shared by the unit tests.

use crate::generator::{generate, GeneratorOptions, Rng};
use crate::ledger::{Allocation, Installment, InvoiceStatus, Ledger, Payment, PaymentId};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use std::str::FromStr;

pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A generated book with the awkward cases added: unallocated payments, overpayments,
/// payments before the invoice date, write-offs with later payments, disputes, a payment
/// shared with another client's invoice, credit notes on an invoice or on none, and with
/// `schedules` installment schedules that do not always add up.
pub fn awkward_book(seed: u64, schedules: bool) -> Ledger {
    let today = date("2026-06-30");
    let mut l = generate(&GeneratorOptions {
        seed,
        invoices: 400,
        clients: 25,
        today,
        months: 14,
    });
    let mut rng = Rng::new(seed ^ 0xABCD);
    for k in 0..40 {
        let pos = rng.below(l.invoices.len() as u64) as usize;
        let inv = l.invoices[pos].clone();
        let when = inv.issue_date + Days::new(rng.below(200)) - Days::new(30);
        let amount = Decimal::new(rng.below(400_000) as i64, 2);
        let other = l.invoices[rng.below(l.invoices.len() as u64) as usize].id;
        let allocations = match k % 4 {
            0 => Vec::new(),
            3 => vec![
                Allocation {
                    invoice: inv.id,
                    amount: amount / Decimal::TWO,
                },
                Allocation {
                    invoice: other,
                    amount: Decimal::ONE,
                },
            ],
            _ => vec![Allocation {
                invoice: inv.id,
                amount,
            }],
        };
        l.add_payment(Payment {
            id: PaymentId(0),
            client: inv.client,
            date: when,
            date_known: true,
            amount,
            currency: inv.currency,
            allocations,
            reference: None,
            batch: None,
            summary: false,
        });
        if k % 7 == 0 {
            let p = rng.below(l.invoices.len() as u64) as usize;
            let d = l.invoices[p].issue_date + Days::new(rng.below(120));
            let status = if k % 2 == 0 {
                InvoiceStatus::WrittenOff
            } else {
                InvoiceStatus::Disputed
            };
            l.invoices[p].status = status;
            l.invoices[p].status_date = Some(d);
        }
        if k % 5 == 0 {
            let target = l.invoices[rng.below(l.invoices.len() as u64) as usize].clone();
            l.add_invoice(crate::ledger::Invoice {
                id: crate::ledger::InvoiceId(0),
                number: format!("AV{k}"),
                kind: crate::ledger::DocKind::CreditNote,
                issue_date: target.issue_date + Days::new(rng.below(90)),
                total: -Decimal::new(rng.below(100_000) as i64, 2),
                installments: Vec::new(),
                status: InvoiceStatus::Open,
                status_date: None,
                applies_to: (k % 2 == 0).then_some(target.id),
                ..target
            });
        }
        if schedules && k % 5 == 1 {
            let p = rng.below(l.invoices.len() as u64) as usize;
            let (t, d) = (l.invoices[p].total, l.invoices[p].due_date);
            let part = |tenths: i64| (t * Decimal::new(tenths, 1)).round_dp(2);
            // Out of order, and (one time in two) short of the total.
            l.invoices[p].installments = vec![
                Installment {
                    due_date: d + Days::new(30),
                    amount: part(3),
                },
                Installment {
                    due_date: d,
                    amount: part(5),
                },
                Installment {
                    due_date: d + Days::new(60),
                    amount: part(if k % 2 == 0 { 1 } else { 2 }),
                },
            ];
        }
    }
    l
}
