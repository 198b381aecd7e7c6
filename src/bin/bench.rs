//! The benchmark page's wasm (`bench/index.html`, `make bench`): the core's import, aging,
//! KPIs and the IndexedDB store, driven by `bench/bench.js` next to Papa Parse. Never part of
//! the app bundle (it is its own binary, built into `dist-pages/bench/`).

use encours_app::store::Store;
use encours_core::aging::AgingOptions;
use encours_core::generator::{french_csv, generate, GeneratorOptions};
use encours_core::import::{self, ImportOptions, ParseJob};
use encours_core::kpi::KpiOptions;
use encours_core::portfolio::changes::Changes;
use encours_core::portfolio::command::Command;
use encours_core::portfolio::event::Fact;
use encours_core::snapshot;
use encours_core::{Ledger, Portfolio};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    static LEDGER: RefCell<Portfolio> = RefCell::new(Portfolio::default());
    static JOB: RefCell<Option<(ParseJob<'static>, ImportOptions)>> = const { RefCell::new(None) };
}

fn day(s: &str) -> chrono::NaiveDate {
    encours_core::import::text::parse_date(s.as_bytes(), encours_core::import::DateOrder::Ymd)
        .unwrap_or_default()
}

/// A French-format invoices CSV of `rows` rows (the core's deterministic generator).
#[wasm_bindgen]
pub fn gen_csv(rows: u32, today: &str) -> Vec<u8> {
    let l = generate(&GeneratorOptions::new(rows as usize, day(today)));
    french_csv(&l).into_bytes()
}

/// CSV tokenizing only: records × fields, nothing decoded or converted.
#[wasm_bindgen]
pub fn parse_bare(bytes: &[u8]) -> u32 {
    import::tokenize(bytes, b';').1 as u32
}

/// Detection, decoding, parsing, typed dates and decimals: the work Papa Parse + conversions
/// do. Returns the number of staged rows.
#[wasm_bindgen]
pub fn parse_typed(bytes: &[u8], today: &str) -> Result<u32, JsValue> {
    let opts = ImportOptions::builder(day(today)).build();
    let p = import::parse(bytes, &opts).map_err(|e| JsValue::from_str(&e.to_string()))?;
    Ok((p.staged.invoices.len() + p.staged.payments.len()) as u32)
}

/// An empty ledger whose new ids carry this device's tag, as the app's commands make them
/// (so the stored book and its cold start are the size a user's are).
fn fresh() -> Ledger {
    Ledger {
        device: encours_core::ledger::Maker::of(encours_app::origin::device()),
        ..Ledger::default()
    }
}

/// The whole import into a fresh ledger, kept for the next steps. Returns the invoices count.
#[wasm_bindgen]
pub fn import_full(bytes: &[u8], today: &str) -> u32 {
    let mut l = fresh();
    let r = import::import(&mut l, bytes, &ImportOptions::builder(day(today)).build());
    let n = l.invoices.len() as u32;
    LEDGER.with(|x| *x.borrow_mut() = Portfolio::new(l));
    drop(r);
    n
}

/// The app's import, step by step, as the Import page runs it with a yield to the browser
/// between steps: start (detection and the first records; the bytes are leaked, bench only)…
#[wasm_bindgen]
pub fn job_start(bytes: Vec<u8>, today: &str) -> Result<(), JsValue> {
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let opts = ImportOptions::builder(day(today)).build();
    let job = ParseJob::new(bytes, &opts).map_err(err)?;
    JOB.with(|j| *j.borrow_mut() = Some((job, opts)));
    Ok(())
}

/// …`records` more records (true when done)…
#[wasm_bindgen]
pub fn job_step(records: u32) -> bool {
    JOB.with(|j| {
        j.borrow_mut()
            .as_mut()
            .is_none_or(|(job, _)| job.step(records as usize))
    })
}

/// …the merge into a fresh ledger (kept)…
#[wasm_bindgen]
pub fn job_apply() -> u32 {
    let Some((job, opts)) = JOB.with(|j| j.borrow_mut().take()) else {
        return 0;
    };
    let parsed = job.finish();
    let mut l = fresh();
    import::apply(&mut l, &parsed.staged, &opts);
    let n = l.invoices.len() as u32;
    LEDGER.with(|x| *x.borrow_mut() = Portfolio::new(l));
    n
}

/// …and the encoding of the whole ledger for the store (the write itself is asynchronous).
#[wasm_bindgen]
pub fn job_encode() -> u32 {
    LEDGER.with(|l| {
        snapshot::to_chunks(&l.borrow())
            .iter()
            .map(|(_, c)| c.len() as u32)
            .sum()
    })
}

/// Aged balance and every KPI over the kept ledger (what the dashboard computes).
#[wasm_bindgen]
pub fn aging_kpis(as_of: &str) -> u32 {
    LEDGER.with(|l| {
        let l = l.borrow();
        let book = encours_core::Book::new(&l);
        let a = book.age_unsorted(&AgingOptions::new(day(as_of)));
        let k = book.kpis_with_aging(&KpiOptions::new(day(as_of)), &a);
        (a.currencies.len() + k.len()) as u32
    })
}

/// Frees the kept ledger (before the 1M run).
#[wasm_bindgen]
pub fn clear() {
    LEDGER.with(|l| *l.borrow_mut() = Portfolio::default());
}

/// Bytes of wasm linear memory in use (grown, never shrunk).
#[wasm_bindgen]
pub fn wasm_memory() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            m.buffer()
                .dyn_into::<js_sys::ArrayBuffer>()
                .map(|b| b.byte_length() as f64)
                .unwrap_or(0.0)
        })
        .unwrap_or(0.0)
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn err(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

/// Saves the kept ledger into database `db` (encoding and one transaction); returns
/// milliseconds.
#[wasm_bindgen]
pub async fn store_save(db: String) -> Result<f64, JsValue> {
    let store = Store::open(&db, encours_app::store::Quiet)
        .await
        .map_err(err)?;
    // Encoding is part of saving: timed with the transaction.
    let t = now();
    // What a bulk command stores: its event (the whole book here) and a fresh snapshot.
    let (events, chunks) = LEDGER.with(|l| {
        let l = l.borrow();
        let mut changes = Changes::everything(&l);
        changes.reset = true;
        let e = encours_app::origin::with_context(chrono::NaiveDate::default(), |cx| {
            cx.event(Fact::Replaced { demo: false }, changes)
        });
        (vec![e], snapshot::to_chunks(&l))
    });
    store
        .append_next(&events, Some(&chunks))
        .await
        .map_err(err)?;
    let ms = now() - t;
    store.close();
    Ok(ms)
}

/// Loads database `db`, records one payment and waits for its transaction; returns the
/// milliseconds of the edit alone.
#[wasm_bindgen]
pub async fn store_edit(db: String, date: String) -> Result<f64, JsValue> {
    let store = Store::open(&db, encours_app::store::Quiet)
        .await
        .map_err(err)?;
    let mut l = store.load().await.map_err(err)?;
    // An invoice with at least 1 € still owed (each run pays 1 € more: a 1 € total, or an
    // invoice paid in full, would be an overpayment).
    let owed = encours_core::aging::outstanding_by_invoice(l.ledger(), day(&date));
    let inv = l
        .invoices
        .iter()
        .zip(&owed)
        .find(|(_, o)| **o >= rust_decimal::Decimal::ONE)
        .map(|(i, _)| i.id)
        .ok_or("empty")?;
    // The client lists a payment's check reads: the app builds them after its first paint,
    // with today's shared figures (dashboard, invoices, reminders, credit) or the client
    // page's book, so a payment in the app finds them ready.
    l.prepare();
    let t = now();
    let cmd = Command::RecordPayment {
        invoice: inv,
        date: day(&date),
        amount: rust_decimal::Decimal::ONE,
        surplus: encours_core::correction::Surplus::Refuse,
    };
    let done =
        encours_app::origin::with_context(day(&date), |cx| l.execute(cmd, cx)).map_err(err)?;
    let ok = store.append_next(&done.events, None).await.map_err(err)?;
    let ms = now() - t;
    store.close();
    if !ok {
        return Err("stale".into());
    }
    Ok(ms)
}

/// The stored sizes of database `db`: `{log_bytes, log_events, snapshot_bytes}` (the event
/// log, heads and bodies, and its snapshot cache).
#[wasm_bindgen]
pub async fn store_sizes(db: String) -> Result<JsValue, JsValue> {
    let store = Store::open(&db, encours_app::store::Quiet)
        .await
        .map_err(err)?;
    let sizes = store.sizes().await.map_err(err)?;
    let events = store.heads().await.map_err(err)?.len();
    store.close();
    let o = js_sys::Object::new();
    let set = |k: &str, v: f64| js_sys::Reflect::set(&o, &k.into(), &v.into());
    set("log_bytes", (sizes.heads + sizes.bodies) as f64)?;
    set("log_events", events as f64)?;
    set("snapshot_bytes", sizes.snapshot as f64)?;
    Ok(o.into())
}

fn main() {}
