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
    /// The device: its name (this one's as set now, another's as its event carries it), else a
    /// short form of its id.
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
    // An unnamed device still says which one it was.
    let this_device = if lang == Lang::Fr {
        "cet appareil"
    } else {
        "this device"
    };
    picked
        .into_iter()
        .map(|(seq, h)| HistoryRow {
            seq: *seq,
            at: h.at,
            when: when(lang, h.at),
            author: h.author.clone(),
            device: if h.device == me {
                if my_name.is_empty() {
                    this_device.to_string()
                } else {
                    my_name.clone()
                }
            } else if !h.device_name.is_empty() {
                h.device_name.clone()
            } else {
                format!("#{:04x}", h.device >> 48)
            },
            this_device: h.device == me,
            fact: h.fact.clone(),
        })
        .collect()
}

thread_local! {
    /// The log's heads read so far: the log only grows (undo is an event too), so a history
    /// shown again reads only the records appended since (at 100k migrated, 204,682 heads).
    static HEADS: std::cell::RefCell<Vec<Logged>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Every head of the log, the cached ones and those appended since. A log whose record at
/// the cache's last position no longer holds the cached event (a restore or an erase
/// replaced the log; event ids are random) is read whole again.
async fn heads() -> Result<Vec<Logged>, StoreError> {
    let store = store().ok_or_else(|| StoreError::Unavailable("not open".into()))?;
    let last = HEADS.with(|c| c.borrow().last().cloned());
    let still = match &last {
        Some(last) => store.heads_at(last.0).await?.iter().any(|h| h == last),
        None => false,
    };
    if still {
        let new = store.heads_after(last.map(|l| l.0)).await?;
        return Ok(HEADS.with(|c| {
            let mut c = c.borrow_mut();
            c.extend(new);
            c.clone()
        }));
    }
    let all = store.heads().await?;
    HEADS.with(|c| *c.borrow_mut() = all.clone());
    Ok(all)
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

/// An item of the "to review" list, with the history row of each side's recording (who,
/// on which device, when; none when the log no longer holds it).
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewRow {
    pub item: encours_core::portfolio::review::ReviewItem,
    pub sides: [Option<HistoryRow>; 2],
}

/// The "to review" list of the book, read off the book and the log's heads.
pub async fn to_review(state: AppState) -> Result<Vec<ReviewRow>, StoreError> {
    use encours_core::portfolio::review;
    // Most books have nothing to review: the log's heads are read only when the book alone
    // shows a candidate pair.
    if !(state.portfolio).with_untracked(review::may_have_items) {
        return Ok(Vec::new());
    }
    let heads = heads().await?;
    let items = state
        .portfolio
        .with_untracked(|p| review::items(p, heads.iter().map(|(_, h)| h)));
    let lang = state.lang.get_untracked();
    let side = |side| {
        let k = (state.portfolio)
            .with_untracked(|p| review::made_by(p, heads.iter().map(|(_, h)| h), side))?;
        rows(lang, vec![&heads[k]]).pop()
    };
    Ok(items
        .into_iter()
        .map(|item| ReviewRow {
            sides: [side(item.sides[0]), side(item.sides[1])],
            item,
        })
        .collect())
}
