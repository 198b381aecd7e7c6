//! Requests to the engine's worker that wait for their reply (a page asking for a view the
//! worker computes, such as a bank statement read and matched), beside the sync messages
//! `pages::sync` handles. Each call has its id; the worker answers in order, and the
//! reply's message (`{id, reply, ms, bytes?}`) resolves the call that sent it.

use std::cell::{Cell, RefCell};
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    /// The calls waiting for their reply: id and the promise's `resolve`.
    static PENDING: RefCell<Vec<(u32, js_sys::Function)>> = const { RefCell::new(Vec::new()) };
    /// Ids of calls, past the sync form's own (1–3).
    static NEXT: Cell<u32> = const { Cell::new(100) };
    /// The worker failed to start (its script or wasm did not load): calls answer `None`.
    static FAILED: Cell<bool> = const { Cell::new(false) };
}

/// The worker cannot answer (its loader said its wasm did not load, or its script failed):
/// the calls waiting are answered `None` (their pages then do the work themselves), and so
/// is every call after.
pub fn fail_all() {
    FAILED.with(|f| f.set(true));
    let waiting = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
    for (_, resolve) in waiting {
        let _ = resolve.call1(&JsValue::NULL, &JsValue::UNDEFINED);
    }
}

/// Hands a message of the worker to the call waiting for it: `true` when there was one.
pub fn resolve(data: &JsValue) -> bool {
    let Some(id) = js_sys::Reflect::get(data, &"id".into())
        .ok()
        .and_then(|v| v.as_f64())
    else {
        return false;
    };
    let waiting = PENDING.with(|p| {
        let mut p = p.borrow_mut();
        let k = p.iter().position(|(i, _)| f64::from(*i) == id)?;
        Some(p.remove(k).1)
    });
    match waiting {
        Some(resolve) => {
            let _ = resolve.call1(&JsValue::NULL, data);
            true
        }
        None => false,
    }
}

/// What the worker answered.
pub struct Answer {
    /// The reply's JSON.
    pub reply: String,
    /// The bytes posted beside it, if any.
    pub bytes: Vec<u8>,
}

/// Sends `req` (a request's JSON) with `bytes` beside, the worker opened on the app's store
/// first; its answer, or `None` when there is no worker (it cannot start, or its wasm did
/// not load: its loader then posts id 0, which no call waits on — nor does it answer).
pub async fn call(req: String, bytes: Option<&[u8]>) -> Option<Answer> {
    if FAILED.with(Cell::get) {
        return None;
    }
    let w = crate::pages::sync::worker()?;
    crate::pages::sync::open_once(&w);
    let id = NEXT.with(|n| n.replace(n.get() + 1));
    let m = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&m, &"id".into(), &id.into());
    let _ = js_sys::Reflect::set(&m, &"req".into(), &req.into());
    if let Some(b) = bytes {
        let _ = js_sys::Reflect::set(&m, &"bytes".into(), &js_sys::Uint8Array::from(b).buffer());
    }
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        PENDING.with(|p| p.borrow_mut().push((id, resolve)));
    });
    w.post_message(&m).ok()?;
    let data = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    if data.is_undefined() {
        return None;
    }
    let get = |k: &str| js_sys::Reflect::get(&data, &k.into()).unwrap_or(JsValue::UNDEFINED);
    Some(Answer {
        reply: get("reply").as_string().unwrap_or_default(),
        bytes: get("bytes")
            .dyn_into::<js_sys::Uint8Array>()
            .map(|b| b.to_vec())
            .unwrap_or_default(),
    })
}

/// The Import page's file read by the worker with `opts` and previewed (`kind` "preview") or
/// imported and stored ("import_with"): the report as the page shows it. `None` when the
/// worker did not answer with a report (no worker, a refusal, a store failure): the page
/// then does the same itself, and says why if it fails too.
///
/// Why the worker: at 100,000 rows the preview and the import are main-thread tasks of
/// 150–250 ms on the page's wasm (a click waits that long); in the worker the page only
/// reads the stored book back, a chunk per task.
pub async fn import(
    kind: &str,
    opts: &encours_core::import::ImportOptions,
    file: &[u8],
) -> Option<encours_core::import::view::ReportView> {
    use encours_core::import::view::{frame, ReportView};
    let answer = call(format!(r#"{{"type":"{kind}"}}"#), Some(&frame(opts, file))).await?;
    ReportView::decode(&answer.bytes)
}
