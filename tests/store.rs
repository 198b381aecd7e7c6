//! Browser tests of the IndexedDB store (wasm-bindgen-test in headless Chromium).
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use encours_app::store::{self, schema, Quiet, Store, StoreError, Write};
use encours_core::generator::{generate, GeneratorOptions};
use encours_core::snapshot::{self, Delta};
use encours_core::{backup, Portfolio};
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
    let ledger = Portfolio::new(generate(&GeneratorOptions::new(100_000, today())));
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
    let ledger = Portfolio::new(generate(&GeneratorOptions::new(500, today())));
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
        .ledger
        .record_payment(edited.ledger.invoices[0].id, today(), Decimal::ONE)
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
    let ledger = Portfolio::new(generate(&GeneratorOptions::new(2_000, today())));
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
    t.replace_all(&restored.data.portfolio, &pairs)
        .await
        .unwrap();
    let back: Portfolio = t.load().await.unwrap();
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
    let ledger = Portfolio::new(generate(&GeneratorOptions::new(100, today())));
    let a = Store::open(name, Quiet).await.unwrap();
    a.save(&ledger).await.unwrap();
    let b = Store::open(name, Quiet).await.unwrap();
    let read_b = b.read().await.unwrap();
    let mut lb = read_b.portfolio;
    // Tab A edits.
    let read_a = a.read().await.unwrap();
    let mut la = read_a.portfolio;
    let pa = la
        .ledger
        .record_payment(la.ledger.invoices[0].id, today(), Decimal::ONE)
        .unwrap();
    let edit_a = Write::Edit(Delta::of(&la, &[], &[pa], &[]).encode());
    assert_eq!(
        a.write_on(read_a.rev, &edit_a).await.unwrap(),
        Some(read_a.rev + 1)
    );
    // Tab B, not reloaded, tries an edit that would reuse the same payment id: refused.
    let pb = lb
        .ledger
        .record_payment(lb.ledger.invoices[1].id, today(), Decimal::TWO)
        .unwrap();
    assert_eq!(pa, pb);
    assert!(b.is_stale(read_b.rev).await.unwrap());
    let edit_b = Write::Edit(Delta::of(&lb, &[], &[pb], &[]).encode());
    assert_eq!(b.write_on(read_b.rev, &edit_b).await.unwrap(), None);
    // B reloads, applies its edit again (a new id), and both survive.
    let fresh = b.read().await.unwrap();
    let mut lb = fresh.portfolio;
    let pb = lb
        .ledger
        .record_payment(lb.ledger.invoices[1].id, today(), Decimal::TWO)
        .unwrap();
    assert_ne!(pa, pb);
    let edit_b = Write::Edit(Delta::of(&lb, &[], &[pb], &[]).encode());
    assert!(b.write_on(fresh.rev, &edit_b).await.unwrap().is_some());
    let final_ledger = a.load().await.unwrap();
    assert_eq!(final_ledger.payments.len(), ledger.payments.len() + 2);
    assert_eq!(final_ledger, lb);
    a.close();
    b.close();
    store::delete(name).await.unwrap();
}

/// Puts raw values into `chunks` (and optionally `journal`), as an older build or damage would.
async fn put_raw(
    s: &Store,
    chunks: &[(String, Vec<u8>)],
    journal: &[Vec<u8>],
    state: &[(&str, u64)],
) {
    let tx = s
        .database()
        .transaction(
            &[schema::CHUNKS, schema::JOURNAL, schema::STATE],
            TransactionMode::ReadWrite,
        )
        .unwrap();
    let c = tx.object_store(schema::CHUNKS).unwrap();
    for (k, v) in chunks {
        c.put(
            &js_sys::Uint8Array::from(v.as_slice()).into(),
            Some(&JsValue::from_str(k)),
        )
        .unwrap();
    }
    let j = tx.object_store(schema::JOURNAL).unwrap();
    for v in journal {
        j.add(&js_sys::Uint8Array::from(v.as_slice()).into(), None)
            .unwrap();
    }
    let st = tx.object_store(schema::STATE).unwrap();
    for (k, v) in state {
        st.put(&JsValue::from_f64(*v as f64), Some(&JsValue::from_str(k)))
            .unwrap();
    }
    assert!(tx.await.unwrap().is_committed());
}

/// The raw stored value of one chunk.
async fn get_raw(s: &Store, name: &str) -> Vec<u8> {
    let tx = s
        .database()
        .transaction(&[schema::CHUNKS], TransactionMode::ReadOnly)
        .unwrap();
    let v = tx
        .object_store(schema::CHUNKS)
        .unwrap()
        .get(idb::Query::from(JsValue::from_str(name)))
        .unwrap()
        .await
        .unwrap()
        .unwrap();
    js_sys::Uint8Array::new(&v).to_vec()
}

#[wasm_bindgen_test]
async fn a_version_2_database_opens_intact_and_is_sealed() {
    let name = "test-migration-2";
    store::delete(name).await.unwrap();
    // The fixture: a v2 database as v2 wrote it, unsealed chunks and one unsealed journal
    // entry (a payment), revision 1.
    let ledger = Portfolio::new(generate(&GeneratorOptions::new(800, today())));
    let mut edited = ledger.clone();
    let p = edited
        .ledger
        .record_payment(edited.ledger.invoices[5].id, today(), Decimal::new(1234, 2))
        .unwrap();
    let v2 = Store::open_at(name, 2, Quiet).await.unwrap();
    put_raw(
        &v2,
        &snapshot::to_chunks(&ledger),
        &[Delta::of(&edited, &[], &[p], &[]).encode()],
        &[("rev", 1)],
    )
    .await;
    v2.close();
    let current = Store::open(name, Quiet).await.unwrap();
    assert_eq!(current.version(), 3);
    assert_eq!(current.load().await.unwrap(), edited);
    // Rewritten sealed by that first load: every chunk carries the mark and its digest.
    for (k, v) in snapshot::to_chunks(&edited) {
        let stored = get_raw(&current, &k).await;
        assert_eq!(&stored[..4], &snapshot::seal::MARK, "{k}");
        assert_eq!(snapshot::seal::open(&k, &stored).unwrap(), &v[..], "{k}");
    }
    assert_eq!(current.journal_len().await.unwrap(), 0);
    // And it reads again (sealed this time), and takes edits.
    assert_eq!(current.load().await.unwrap(), edited);
    let mut more = edited.clone();
    let q = more
        .ledger
        .record_payment(more.ledger.invoices[6].id, today(), Decimal::ONE)
        .unwrap();
    assert!(current
        .append(&Delta::of(&more, &[], &[q], &[]))
        .await
        .unwrap());
    assert_eq!(current.load().await.unwrap(), more);
    current.close();
    store::delete(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn damage_is_reported_never_read_as_figures() {
    let name = "test-damage";
    store::delete(name).await.unwrap();
    let ledger = Portfolio::new(generate(&GeneratorOptions::new(2_000, today())));
    let s = Store::open(name, Quiet).await.unwrap();
    assert!(s.save(&ledger).await.unwrap());
    let mut edited = ledger.clone();
    let p = edited
        .ledger
        .record_payment(edited.ledger.invoices[0].id, today(), Decimal::ONE)
        .unwrap();
    assert!(s.append(&Delta::of(&edited, &[], &[p], &[])).await.unwrap());
    // One byte of the invoices chunk changed (the "one changed digit").
    let good = get_raw(&s, "invoices/0").await;
    let mut bad = good.clone();
    let at = bad.len() / 2;
    bad[at] = bad[at].wrapping_add(1);
    put_raw(&s, &[("invoices/0".into(), bad)], &[], &[]).await;
    match s.load().await {
        Err(StoreError::Damaged(e)) => {
            assert_eq!(e.code(), "checksum_mismatch");
            assert_eq!(e.record(), Some("invoices/0"));
        }
        other => panic!("read damaged data: {:?}", other.map(|l| l.invoices.len())),
    }
    // What can be read: everything but that chunk, the journal's payment included.
    let salvage = s.salvage().await.unwrap();
    assert_eq!(salvage.lost, ["invoices/0"]);
    assert!(salvage.portfolio.invoices.is_empty());
    assert_eq!(salvage.portfolio.payments.len(), edited.payments.len());
    assert_eq!(salvage.portfolio.clients, edited.clients);
    // Garbage in place of the meta record (the "invalid utf-8" case) is reported too.
    put_raw(
        &s,
        &[
            ("invoices/0".into(), good),
            ("meta".into(), b"garbage!garbage!".to_vec()),
        ],
        &[],
        &[],
    )
    .await;
    assert!(matches!(s.load().await, Err(StoreError::Damaged(_))));
    s.close();
    store::delete(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_lost_journal_entry_is_found() {
    let name = "test-journal-gap";
    store::delete(name).await.unwrap();
    let mut l = Portfolio::new(generate(&GeneratorOptions::new(200, today())));
    let s = Store::open(name, Quiet).await.unwrap();
    assert!(s.save(&l).await.unwrap());
    for k in 0..3 {
        let p = l
            .ledger
            .record_payment(l.ledger.invoices[k].id, today(), Decimal::ONE)
            .unwrap();
        assert!(s.append(&Delta::of(&l, &[], &[p], &[])).await.unwrap());
    }
    assert_eq!(s.load().await.unwrap(), l);
    // Delete the second entry (keys are 1, 2, 3 after the full save cleared the journal).
    let tx = s
        .database()
        .transaction(&[schema::JOURNAL], TransactionMode::ReadWrite)
        .unwrap();
    let keys = tx
        .object_store(schema::JOURNAL)
        .unwrap()
        .get_all_keys(None, None)
        .unwrap()
        .await
        .unwrap();
    tx.object_store(schema::JOURNAL)
        .unwrap()
        .delete(idb::Query::from(keys[1].clone()))
        .unwrap()
        .await
        .unwrap();
    assert!(tx.await.unwrap().is_committed());
    match s.load().await {
        Err(StoreError::Damaged(e)) => assert_eq!(e.code(), "journal_gap"),
        other => panic!("a journal with a hole was read: {:?}", other.is_ok()),
    }
    s.close();
    store::delete(name).await.unwrap();
}
