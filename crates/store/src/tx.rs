//! IndexedDB helpers: the `state` numbers, commits that say why they failed, the snapshot's
//! chunks.

use super::schema::{CHUNKS, STATE};
use super::{js_bytes, StoreError, StoreEvents};
use encours_core::snapshot::seal;
use idb::{Factory, Query};
use wasm_bindgen::{JsCast, JsValue};

pub(super) async fn read_num(tx: &idb::Transaction, key: &str) -> Result<u64, StoreError> {
    let v = tx
        .object_store(STATE)?
        .get(Query::from(JsValue::from_str(key)))?
        .await?;
    Ok(v.and_then(|v| v.as_f64()).unwrap_or(0.0) as u64)
}

pub(super) fn put_num(tx: &idb::Transaction, key: &str, n: u64) -> Result<(), StoreError> {
    tx.object_store(STATE)?
        .put(&JsValue::from_f64(n as f64), Some(&JsValue::from_str(key)))?;
    Ok(())
}

/// Waits for the commit. An aborted transaction says why in its `error`: the browser's
/// `QuotaExceededError` when the site's storage is full (then with how much is used).
pub(super) async fn commit(tx: idb::Transaction) -> Result<(), StoreError> {
    // The future consumes the transaction; keep a handle on it to read its error after.
    let raw: web_sys::IdbTransaction = JsValue::from(tx).unchecked_into();
    let tx = idb::Transaction::from(raw.clone());
    let result = tx.await;
    let quota = || {
        raw.error()
            .is_some_and(|e| e.name() == "QuotaExceededError")
    };
    match result {
        Ok(r) if r.is_committed() => Ok(()),
        Ok(_) if quota() => Err(quota_error().await),
        Ok(_) => Err(StoreError::Other(
            raw.error()
                .map(|e| format!("{}: {}", e.name(), e.message()))
                .unwrap_or_else(|| "aborted".into()),
        )),
        Err(e) => match StoreError::from(e) {
            StoreError::Quota { .. } => Err(quota_error().await),
            e => Err(e),
        },
    }
}

/// The quota error with `navigator.storage.estimate()`'s figures.
async fn quota_error() -> StoreError {
    let (usage, quota) = match estimate().await {
        Some((u, q)) => (Some(u), Some(q)),
        None => (None, None),
    };
    StoreError::Quota { usage, quota }
}

/// Bytes used and allowed for this site, when the browser says.
pub async fn estimate() -> Option<(f64, f64)> {
    // `navigator` of the window or of the worker the store runs in.
    let navigator =
        js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("navigator")).ok()?;
    let storage = js_sys::Reflect::get(&navigator, &JsValue::from_str("storage")).ok()?;
    if storage.is_undefined() {
        return None;
    }
    let sm: web_sys::StorageManager = storage.unchecked_into();
    let est = wasm_bindgen_futures::JsFuture::from(sm.estimate().ok()?)
        .await
        .ok()?;
    let get = |k: &str| {
        js_sys::Reflect::get(&est, &JsValue::from_str(k))
            .ok()
            .and_then(|v| v.as_f64())
    };
    Some((get("usage")?, get("quota")?))
}

/// Replaces the snapshot's chunks, sealed.
pub(super) fn put_chunks(
    tx: &idb::Transaction,
    chunks: &[(String, Vec<u8>)],
) -> Result<(), StoreError> {
    let store = tx.object_store(CHUNKS)?;
    store.clear()?;
    for (k, v) in chunks {
        store.put(&js_bytes(&seal::seal(k, v)), Some(&JsValue::from_str(k)))?;
    }
    Ok(())
}

/// Events ignored (tests and one-off tools).
pub struct Quiet;

impl StoreEvents for Quiet {
    fn blocked(&self) {}
    fn version_change(&self) {}
}

/// Deletes a database (tests).
pub async fn delete(name: &str) -> Result<(), StoreError> {
    let factory = Factory::new().map_err(|e| StoreError::Unavailable(format!("{e:?}")))?;
    factory.delete(name)?.await?;
    Ok(())
}
