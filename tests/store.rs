//! Browser tests of the IndexedDB store (wasm-bindgen-test in headless Chromium).
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use encours_app::store::{self, schema, Quiet, Store};
use encours_core::generator::{generate, GeneratorOptions};
use encours_core::snapshot::{self, Delta};
use encours_core::{backup, Ledger};
use idb::TransactionMode;
use rust_decimal::Decimal;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    js_sys::Date::now()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

#[wasm_bindgen_test]
async fn round_trip_of_100k_invoices() {
    let name = "test-roundtrip";
    store::delete(name).await.unwrap();
    let ledger = generate(&GeneratorOptions::new(100_000, today()));
    assert!(ledger.invoices.len() > 100_000, "credit notes come on top");
    let s = Store::open(name, Quiet).await.unwrap();
    let t0 = now();
    assert!(s.save(&ledger).await.unwrap());
    let save_ms = now() - t0;
    s.close();
    let s = Store::open(name, Quiet).await.unwrap();
    let t1 = now();
    let back = s.load().await.unwrap();
    let load_ms = now() - t1;
    // What the dashboard computes once the ledger is loaded: the aged balance and every KPI.
    let t_fig = now();
    // (one book for both, client rows unsorted, as the dashboard does).
    let book = encours_core::Book::new(&back);
    let aging = book.age_unsorted(&encours_core::aging::AgingOptions::new(today()));
    let kpis = book.kpis_with_aging(&encours_core::kpi::KpiOptions::new(today()), &aging);
    let figures_ms = now() - t_fig;
    assert!(
        aging.currencies[0].total > Decimal::ZERO
            && kpis[0].total_outstanding == aging.currencies[0].total
    );
    assert_eq!(back, ledger);
    // One edit: a payment, durable when its transaction completes.
    let mut edited = back;
    let inv = edited.invoices[10].id;
    let p = edited
        .record_payment(inv, today(), Decimal::new(1000, 2))
        .unwrap();
    let delta = Delta::of(&edited, &[], &[p], &[]);
    let t2 = now();
    assert!(s.append(&delta).await.unwrap());
    let edit_ms = now() - t2;
    s.close();
    let s = Store::open(name, Quiet).await.unwrap();
    let t3 = now();
    let again = s.load().await.unwrap();
    let reload_ms = now() - t3;
    assert_eq!(again, edited);
    console_log!(
        "STORE-TIMINGS invoices={} save_ms={save_ms:.0} load_ms={load_ms:.0} dashboard_figures_ms={figures_ms:.0} edit_ms={edit_ms:.0} load_with_journal_ms={reload_ms:.0}",
        ledger.invoices.len()
    );
    s.close();
    store::delete(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_version_1_database_upgrades_intact() {
    let name = "test-migration";
    store::delete(name).await.unwrap();
    let ledger = generate(&GeneratorOptions::new(500, today()));
    // Build the v1 database as v1 wrote it: chunks and settings only.
    let v1 = Store::open_at(name, 1, Quiet).await.unwrap();
    assert_eq!(v1.version(), 1);
    let mut names = v1.store_names();
    names.sort();
    assert_eq!(names, [schema::CHUNKS, schema::SETTINGS]);
    {
        let db = v1.database();
        let tx = db
            .transaction(
                &[schema::CHUNKS, schema::SETTINGS],
                TransactionMode::ReadWrite,
            )
            .unwrap();
        let chunks = tx.object_store(schema::CHUNKS).unwrap();
        for (k, v) in snapshot::to_chunks(&ledger) {
            chunks
                .put(
                    &js_sys::Uint8Array::from(v.as_slice()).into(),
                    Some(&JsValue::from_str(&k)),
                )
                .unwrap();
        }
        tx.object_store(schema::SETTINGS)
            .unwrap()
            .put(
                &JsValue::from_str("{\"name\":\"Atelier\"}"),
                Some(&JsValue::from_str("company")),
            )
            .unwrap();
        assert!(tx.await.unwrap().is_committed());
    }
    v1.close();
    let current = Store::open(name, Quiet).await.unwrap();
    assert_eq!(current.version(), schema::VERSION);
    let mut names = current.store_names();
    names.sort();
    assert_eq!(
        names,
        [
            schema::CHUNKS,
            schema::JOURNAL,
            schema::SETTINGS,
            schema::STATE
        ]
    );
    assert_eq!(current.load().await.unwrap(), ledger);
    assert_eq!(
        current.settings().await.unwrap(),
        [("company".to_string(), "{\"name\":\"Atelier\"}".to_string())]
    );
    // And the upgraded database takes edits.
    let mut edited = ledger.clone();
    let p = edited
        .record_payment(edited.invoices[0].id, today(), Decimal::ONE)
        .unwrap();
    assert!(current
        .append(&Delta::of(&edited, &[], &[p], &[]))
        .await
        .unwrap());
    assert_eq!(current.load().await.unwrap(), edited);
    current.close();
    store::delete(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn backup_export_restore_export_is_identical() {
    let name = "test-backup";
    store::delete(name).await.unwrap();
    let ledger = generate(&GeneratorOptions::new(2_000, today()));
    let s = Store::open(name, Quiet).await.unwrap();
    s.save(&ledger).await.unwrap();
    s.put_setting("company", "{\"name\":\"Atelier\"}")
        .await
        .unwrap();
    let settings: std::collections::BTreeMap<String, String> =
        [("company".to_string(), "{\"name\":\"Atelier\"}".to_string())].into();
    let first = backup::export(&s.load().await.unwrap(), &settings, "2026-11-24T10:00:00Z");
    // Restore into a fresh database, then export again.
    let restored = backup::parse(&first).unwrap();
    let other = "test-backup-restored";
    store::delete(other).await.unwrap();
    let t = Store::open(other, Quiet).await.unwrap();
    let pairs: Vec<(String, String)> = restored.data.settings.clone().into_iter().collect();
    t.replace_all(&restored.data.ledger, &pairs).await.unwrap();
    let back: Ledger = t.load().await.unwrap();
    let stored_settings = t.settings().await.unwrap().into_iter().collect();
    let second = backup::export(&back, &stored_settings, "2026-11-24T10:00:00Z");
    assert_eq!(first, second);
    s.close();
    t.close();
    store::delete(name).await.unwrap();
    store::delete(other).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_stale_tab_cannot_overwrite_another_tabs_edit() {
    let name = "test-two-tabs";
    store::delete(name).await.unwrap();
    let ledger = generate(&GeneratorOptions::new(100, today()));
    let a = Store::open(name, Quiet).await.unwrap();
    a.save(&ledger).await.unwrap();
    let b = Store::open(name, Quiet).await.unwrap();
    let mut lb = b.load().await.unwrap();
    // Tab A edits.
    let mut la = ledger.clone();
    let pa = la
        .record_payment(la.invoices[0].id, today(), Decimal::ONE)
        .unwrap();
    assert!(a.append(&Delta::of(&la, &[], &[pa], &[])).await.unwrap());
    // Tab B, not reloaded, tries an edit that would reuse the same payment id: refused.
    let pb = lb
        .record_payment(lb.invoices[1].id, today(), Decimal::TWO)
        .unwrap();
    assert_eq!(pa, pb);
    assert!(b.is_stale().await.unwrap());
    assert!(!b.append(&Delta::of(&lb, &[], &[pb], &[])).await.unwrap());
    // B reloads, applies its edit again, and both survive.
    let mut lb = b.load().await.unwrap();
    let pb = lb
        .record_payment(lb.invoices[1].id, today(), Decimal::TWO)
        .unwrap();
    assert!(b.append(&Delta::of(&lb, &[], &[pb], &[])).await.unwrap());
    let final_ledger = a.load().await.unwrap();
    assert_eq!(final_ledger.payments.len(), ledger.payments.len() + 2);
    a.close();
    b.close();
    store::delete(name).await.unwrap();
}
