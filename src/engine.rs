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
    let get = |k: &str| js_sys::Reflect::get(&data, &k.into()).unwrap_or(JsValue::UNDEFINED);
    Some(Answer {
        reply: get("reply").as_string().unwrap_or_default(),
        bytes: get("bytes")
            .dyn_into::<js_sys::Uint8Array>()
            .map(|b| b.to_vec())
            .unwrap_or_default(),
    })
}
