//! The engine in its Web Worker: messages in, the book and its store here, replies out.
//!
//! `public/engine-worker.js` loads this wasm and hands each message to [`handle`]; replies go
//! back with `postMessage`. Requests are handled one at a time, in their order, so a view
//! asked after a change sees it, and a change's awaits (the store's transaction) never
//! interleave with another's.
//!
//! Several tabs each run their own worker on the same database. A change names the stored
//! revision its events were computed on; when another tab wrote first the store refuses it,
//! the book is read again and the command executed again on it (new ids, new events): no
//! tab overwrites another's change (the store's revision check, as the page did before).
//! After each write the worker says "changed" on the database's `BroadcastChannel` (the one
//! the pages listen to: the app's database and channel are both `encours`), and it listens
//! there itself: a view asked after another tab wrote reads the book again first.

use crate::engine::{Engine, Plan};
use crate::protocol::{EngineError, Reply, Request};
use encours_core::portfolio::command::{Context, Executed, Reply as Done};
use encours_core::portfolio::event::{Event, Origin};
use encours_core::snapshot;
use encours_store::{Chunks, Store, StoreError, StoreEvents};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    static ENGINE: RefCell<Engine> = RefCell::default();
    static STORE: RefCell<Option<Rc<Store>>> = const { RefCell::new(None) };
    static ORIGIN: RefCell<Origin> = RefCell::default();
    /// The stored revision the book was read at (or written as).
    static REV: Cell<u64> = const { Cell::new(0) };
    static QUEUE: RefCell<VecDeque<JsValue>> = const { RefCell::new(VecDeque::new()) };
    static BUSY: Cell<bool> = const { Cell::new(false) };
    /// The database's channel, once open.
    static CHANNEL: RefCell<Option<web_sys::BroadcastChannel>> = const { RefCell::new(None) };
    /// Another tab (or its worker) said it wrote since the book was read.
    static HEARD: Cell<bool> = const { Cell::new(false) };
}

/// Times a command is executed again after another tab wrote first.
const RETRIES: usize = 5;

/// One message from the page: `{id, req, bytes?}` (see [`crate::protocol`]).
#[wasm_bindgen]
pub fn handle(message: JsValue) {
    QUEUE.with(|q| q.borrow_mut().push_back(message));
    if !BUSY.with(|b| b.replace(true)) {
        wasm_bindgen_futures::spawn_local(drain());
    }
}

async fn drain() {
    while let Some(message) = QUEUE.with(|q| q.borrow_mut().pop_front()) {
        let id = get(&message, "id");
        let started = now();
        let reply = match get(&message, "req").as_string() {
            Some(text) => match Request::from_json(&text) {
                Ok(req) => {
                    let bytes = get(&message, "bytes")
                        .dyn_into::<js_sys::ArrayBuffer>()
                        .map(|b| js_sys::Uint8Array::new(&b).to_vec())
                        .unwrap_or_default();
                    answer(req, bytes).await
                }
                Err(e) => Reply::Failed(e),
            },
            None => Reply::Failed(EngineError::BadRequest {
                detail: "no req".into(),
            }),
        };
        post(&id, &reply, now() - started);
    }
    BUSY.with(|b| b.set(false));
}

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn now() -> f64 {
    js_sys::global()
        .unchecked_into::<web_sys::WorkerGlobalScope>()
        .performance()
        .map_or(0.0, |p| p.now())
}

/// Tells the page where sync stands: `{sync}`, a [`crate::protocol::SyncState`] as JSON.
pub(crate) fn post_sync(state: &crate::protocol::SyncState) {
    let out = js_sys::Object::new();
    let json = serde_json::to_string(state).unwrap_or_default();
    let _ = js_sys::Reflect::set(&out, &"sync".into(), &json.into());
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let _ = scope.post_message(&out);
}

/// The open store (sync's).
pub(crate) fn store() -> Option<Rc<Store>> {
    STORE.with(|s| s.borrow().clone())
}

/// This engine's device (its events' origin).
pub(crate) fn device() -> u64 {
    ORIGIN.with(|o| o.borrow().device)
}

/// Appends events another device made (sync's pull) to the log and the book, as a change on
/// the revision the book was read at; read again and applied again when a tab wrote first.
pub(crate) async fn append_foreign(events: Vec<Event>) -> Result<u64, EngineError> {
    let store = store().ok_or(EngineError::NotOpen)?;
    catch_up(&store).await?;
    for _ in 0..RETRIES {
        let base = REV.with(Cell::get);
        ENGINE.with(|e| e.borrow_mut().apply(&events));
        let bulk = events.iter().any(|e| e.is_bulk());
        let chunks: Option<Chunks> =
            bulk.then(|| ENGINE.with(|e| snapshot::to_chunks(&e.borrow().book)));
        match store.append(base, &events, chunks.as_ref()).await {
            Ok(Some(rev)) => {
                REV.with(|r| r.set(rev));
                broadcast();
                return Ok(rev);
            }
            Ok(None) => read(&store).await?,
            Err(e) => {
                let _ = read(&store).await;
                return Err(store_error(e));
            }
        }
    }
    Err(store_error(StoreError::Busy))
}

fn post(id: &JsValue, reply: &Reply, ms: f64) {
    let out = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&out, &"id".into(), id);
    let _ = js_sys::Reflect::set(&out, &"reply".into(), &reply.to_json().into());
    let _ = js_sys::Reflect::set(&out, &"ms".into(), &ms.into());
    if let Reply::Statement { bytes } | Reply::Report { bytes, .. } = reply {
        let b = js_sys::Uint8Array::from(bytes.as_slice());
        let _ = js_sys::Reflect::set(&out, &"bytes".into(), &b.into());
    }
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let _ = scope.post_message(&out);
}

fn store_error(e: StoreError) -> EngineError {
    let detail = match &e {
        StoreError::Unavailable(d) | StoreError::Other(d) => d.clone(),
        StoreError::Damaged(d) => d.code().to_string(),
        _ => String::new(),
    };
    EngineError::Store {
        code: e.code().to_string(),
        detail,
    }
}

async fn answer(req: Request, bytes: Vec<u8>) -> Reply {
    let result = match req {
        Request::Open { db, origin } => open(&db, origin).await,
        Request::SyncStart {
            url,
            user,
            password,
            passphrase,
        } => match STORE.with(|s| s.borrow().is_some()) {
            true => Ok(Reply::Sync(crate::sync::start(
                url, user, password, passphrase,
            ))),
            false => Err(EngineError::NotOpen),
        },
        Request::SyncStop => {
            crate::sync::stop();
            Ok(Reply::Sync(crate::sync::state()))
        }
        req => {
            // The page asks for a statement's proposals right after its own change is stored:
            // the other tabs' broadcast of it may not have reached this worker yet, so the
            // store is asked whether it moved (one read) instead of waiting for the message.
            if matches!(req, Request::Statement { .. }) {
                HEARD.with(|h| h.set(true));
            }
            let store = STORE.with(|s| s.borrow().clone());
            match store {
                None => Err(EngineError::NotOpen),
                Some(store) => match catch_up(&store).await {
                    Err(e) => Err(e),
                    Ok(()) => match ENGINE.with(|e| e.borrow().plan(req, &bytes)) {
                        Ok(Plan::Answer(reply)) => Ok(reply),
                        Ok(Plan::Change(cmd)) => change(&store, cmd, false).await,
                        Ok(Plan::Import(cmd)) => change(&store, cmd, true).await,
                        Err(e) => Err(e),
                    },
                },
            }
        }
    };
    result.unwrap_or_else(Reply::Failed)
}

/// The store's news, in a worker: nobody to tell (the page learns of a closed connection
/// when its next change is refused).
struct Silent;

impl StoreEvents for Silent {
    fn blocked(&self) {}
    fn version_change(&self) {}
    fn with_context(&self, f: &mut dyn FnMut(&mut Context)) {
        with_context(f)
    }
}

fn with_context(f: &mut dyn FnMut(&mut Context)) {
    let origin = ORIGIN.with(|o| o.borrow().clone());
    let mut ids = event_id;
    f(&mut Context {
        today: encours_store::local_today(),
        at: js_sys::Date::now() as i64,
        origin: &origin,
        ids: &mut ids,
    })
}

/// A fresh event id: 128 bits from the worker's `crypto.getRandomValues`.
fn event_id() -> u128 {
    let mut b = [0u8; 16];
    let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    if let Ok(c) = scope.crypto() {
        let _ = c.get_random_values_with_u8_array(&mut b);
    }
    u128::from_le_bytes(b)
}

async fn open(db: &str, origin: Origin) -> Result<Reply, EngineError> {
    ORIGIN.with(|o| *o.borrow_mut() = origin);
    let store = Rc::new(Store::open(db, Silent).await.map_err(store_error)?);
    STORE.with(|s| *s.borrow_mut() = Some(store.clone()));
    listen(db);
    read(&store).await?;
    Ok(Reply::Opened {
        rev: REV.with(Cell::get),
        counts: ENGINE.with(|e| e.borrow().counts()),
    })
}

/// Listens on the database's channel for the other tabs' writes.
fn listen(db: &str) {
    let Ok(channel) = web_sys::BroadcastChannel::new(db) else {
        return;
    };
    let on = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|_: web_sys::MessageEvent| {
        HEARD.with(|h| h.set(true));
        // A page's write: sync pushes it now.
        crate::sync::wake();
    });
    channel.set_onmessage(Some(on.as_ref().unchecked_ref()));
    on.forget();
    CHANNEL.with(|c| *c.borrow_mut() = Some(channel));
}

/// Tells the other tabs (their pages and workers) that the book changed.
fn broadcast() {
    CHANNEL.with(|c| {
        if let Some(c) = c.borrow().as_ref() {
            let _ = c.post_message(&JsValue::from_str("changed"));
        }
    });
}

/// Reads the book again if another tab wrote since it was read.
async fn catch_up(store: &Store) -> Result<(), EngineError> {
    if HEARD.with(|h| h.replace(false))
        && store
            .is_stale(REV.with(Cell::get))
            .await
            .map_err(store_error)?
    {
        // What was written since, applied over the book (a payment, not 100,000 invoices
        // read again); the whole book when only that will do (a snapshot was written since).
        match store.read_after(REV.with(Cell::get)).await {
            Ok(Some(update)) => {
                ENGINE.with(|e| e.borrow_mut().apply(&update.events));
                REV.with(|r| r.set(update.rev));
            }
            _ => read(store).await?,
        }
    }
    Ok(())
}

async fn read(store: &Store) -> Result<(), EngineError> {
    let loaded = store.read().await.map_err(store_error)?;
    REV.with(|r| r.set(loaded.rev));
    ENGINE.with(|e| *e.borrow_mut() = Engine::new(loaded.portfolio));
    Ok(())
}

/// Executes `cmd` and stores its events in one transaction, on the revision the book was read
/// at; read again and executed again when another tab wrote first.
async fn change(
    store: &Store,
    cmd: encours_core::portfolio::command::Everyday,
    whole: bool,
) -> Result<Reply, EngineError> {
    for _ in 0..RETRIES {
        let base = REV.with(Cell::get);
        let mut executed: Option<Result<Executed, EngineError>> = None;
        with_context(&mut |cx| {
            executed = Some(ENGINE.with(|e| e.borrow_mut().execute(cmd.clone(), cx)));
        });
        let Executed { events, reply } = executed.unwrap_or(Err(EngineError::NotOpen))?;
        if events.is_empty() {
            return Ok(stored(base, reply, whole));
        }
        let bulk = events.iter().any(|e| e.is_bulk());
        let chunks: Option<Chunks> =
            bulk.then(|| ENGINE.with(|e| snapshot::to_chunks(&e.borrow().book)));
        match store.append(base, &events, chunks.as_ref()).await {
            Ok(Some(rev)) => {
                REV.with(|r| r.set(rev));
                broadcast();
                crate::sync::wake();
                return Ok(stored(rev, reply, whole));
            }
            // Another tab wrote first: its events are in the store, read them and do it again.
            Ok(None) => read(store).await?,
            Err(e) => {
                // Nothing of the change was stored: hold what is.
                let _ = read(store).await;
                return Err(store_error(e));
            }
        }
    }
    Err(store_error(StoreError::Busy))
}

fn stored(rev: u64, reply: Done, whole: bool) -> Reply {
    let counts = ENGINE.with(|e| e.borrow().counts());
    match reply {
        Done::Imported { report, over_limit } if whole => Reply::Report {
            rev,
            bytes: encours_core::import::view::ReportView::of(&report, &over_limit).encode(),
        },
        Done::Imported { report, .. } => Reply::Imported {
            rev,
            new_invoices: report.new_invoices,
            new_payments: report.new_payments,
            errors: report.errors.len(),
        },
        _ => Reply::Stored { rev, counts },
    }
}
