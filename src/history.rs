//! Histories of an invoice and of a client, read off the stored log ("who did what, when"):
//! the store reads the heads, `encours_core::portfolio::history` picks the events, and each
//! becomes a row the pages show.

use crate::i18n::Lang;
use crate::state::{store, AppState};
use crate::store::StoreError;
use encours_core::ledger::{ClientId, InvoiceId};
use encours_core::portfolio::event::Fact;
use encours_core::portfolio::history::{self, Logged};
use leptos::prelude::*;

/// One line of a history.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryRow {
    /// The log record the event is in (events of one command share it).
    pub seq: u64,
    /// Milliseconds since 1970-01-01 UTC, on the device that made it.
    pub at: i64,
    /// `at` in local time: « 24/11/2026 14:05 » / "24/11/2026 14:05".
    pub when: String,
    /// Who (the "your name" setting of the device then; empty when it was not set).
    pub author: String,
    /// The device: its name when it is this one, else a short form of its id.
    pub device: String,
    pub this_device: bool,
    pub fact: Fact,
}

/// `at` as a local date and time.
pub fn when(lang: Lang, at: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at as f64));
    let day =
        chrono::NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
            .unwrap_or_default();
    format!(
        "{} {:02}:{:02}",
        crate::format::date(lang, day),
        d.get_hours(),
        d.get_minutes()
    )
}

fn rows(lang: Lang, picked: Vec<&Logged>) -> Vec<HistoryRow> {
    let me = crate::origin::device();
    let my_name = crate::origin::device_name();
    picked
        .into_iter()
        .map(|(seq, h)| HistoryRow {
            seq: *seq,
            at: h.at,
            when: when(lang, h.at),
            author: h.author.clone(),
            device: if h.device == me {
                my_name.clone()
            } else {
                format!("#{:04x}", h.device >> 48)
            },
            this_device: h.device == me,
            fact: h.fact.clone(),
        })
        .collect()
}

async fn heads() -> Result<Vec<Logged>, StoreError> {
    let store = store().ok_or_else(|| StoreError::Unavailable("not open".into()))?;
    store.heads().await
}

/// The history of `invoice`, in log order.
pub async fn history_of_invoice(
    state: AppState,
    invoice: InvoiceId,
) -> Result<Vec<HistoryRow>, StoreError> {
    let heads = heads().await?;
    let batches = state
        .portfolio
        .with_untracked(|l| history::batches_of_invoice(l, invoice));
    let lang = state.lang.get_untracked();
    Ok(rows(lang, history::of_invoice(&heads, invoice, &batches)))
}

/// The history of `client`, in log order.
pub async fn history_of_client(
    state: AppState,
    client: ClientId,
) -> Result<Vec<HistoryRow>, StoreError> {
    let heads = heads().await?;
    let batches = state
        .portfolio
        .with_untracked(|l| history::batches_of_client(l, client));
    let lang = state.lang.get_untracked();
    Ok(rows(lang, history::of_client(&heads, client, &batches)))
}
