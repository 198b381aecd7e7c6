//! Helpers shared by the integration tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use encours_core::import::{import, ImportOptions, ImportReport};
use encours_core::{Ledger, Portfolio};
use rust_decimal::Decimal;
use std::str::FromStr;

pub mod commands;

pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn opts(today: &str) -> ImportOptions {
    ImportOptions::builder(date(today)).build()
}

pub fn load(csv: &str, today: &str) -> (Ledger, ImportReport) {
    let mut l = Ledger::default();
    let r = import(&mut l, csv.as_bytes(), &opts(today));
    (l, r)
}

/// [`load`] into a portfolio with an empty follow-up (for the collection side's tests).
pub fn load_pf(csv: &str, today: &str) -> (Portfolio, ImportReport) {
    let (l, r) = load(csv, today);
    (Portfolio::new(l), r)
}
