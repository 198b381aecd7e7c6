//! Encours core: the receivables domain, with no I/O and no web dependency.
//!
//! - [`ledger`]: clients, invoices, credit notes, payments, import batches.
//! - [`portfolio`]: the ledger and the follow-up side by side (docs/architecture.md).
//! - [`bank`]: bank statements (camt.053, OFX, CFONB 120, bank CSV) matched to invoices.
//! - [`import`]: CSV (invoices, payments) and FEC files into a ledger, as undoable batches.
//! - [`aging`]: the aged balance at any date.
//! - [`alerts`]: what needs attention today (due soon, over limit, broken promises…).
//! - [`kpi`]: outstanding, overdue, DSO, CEI and friends.
//! - [`dunning`] and [`collection`]: reminder scenarios, today's worklist, drafts, follow-up.
//! - [`correction`]: recording a payment with its checks, correcting or cancelling one.
//! - [`plan`]: payment plans and promises to pay, kept or broken.
//! - [`provision`]: provisions for doubtful receivables and their journal entries.
//! - [`scoring`]: a risk score and grade per client, explained factor by factor.
//! - [`case_file`]: one client's collection case file, and what each way of collecting costs.
//! - [`forecast`]: the next 13 weeks of expected collections.
//! - [`dispute`]: disputes opened on invoices, their resolution and statistics.
//! - [`credit_limit`]: clients over their credit limit, and those an import pushed over.
//! - [`penalty`]: late-payment penalties and the €40 indemnity (French law).
//! - [`generator`]: deterministic portfolios for demos, tests and benchmarks.
//! - [`snapshot`] and [`backup`]: the storage and backup encodings of a portfolio.

pub mod aging;
pub mod alerts;
pub mod backup;
pub mod bank;
mod base64;
pub mod book;
pub mod case_file;
pub mod client_filter;
pub mod collection;
pub mod correction;
pub mod credit_limit;
pub mod diagnostic;
pub mod dispute;
pub mod dunning;
pub mod export;
pub mod forecast;
pub mod generator;
mod generator_demo;
mod hash;
pub mod import;
pub mod invoice_view;
pub mod kpi;
pub mod language;
pub mod ledger;
pub mod money;
pub mod penalty;
pub mod plan;
pub mod portfolio;
pub mod provision;
pub mod scoring;
pub mod small;
pub mod snapshot;
pub mod wire;

pub use book::Book;
pub use ledger::Ledger;
pub use money::Currency;
pub use portfolio::Portfolio;

#[cfg(test)]
pub(crate) mod test_support;
