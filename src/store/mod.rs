//! Local storage of the ledger in IndexedDB.
//!
//! Per-record object stores cost seconds at 100,000 invoices (one `put` each), so the ledger is
//! stored as a few compact binary chunks (`encours_core::snapshot`), written in one transaction
//! by a full save (import, demo data, restore). A single edit (a payment) appends the records it
//! touched to a small journal instead, replayed on load and folded into the chunks by the next
//! full save. Every logical change is one transaction. Every chunk and journal entry is stored
//! sealed (`snapshot::seal`: a digest of its bytes), checked on load.
//!
//! Several tabs may write. A write names the revision its change was computed on (`base`,
//! returned by [`Store::read`] with the ledger); inside its transaction it proceeds only if the
//! stored revision is still `base`. If another tab wrote in between, nothing is written and the
//! caller reloads, applies its change again on the fresh data and retries: no tab overwrites
//! another's change, and a new record's id (the ledger's counter at `base`) is never given
//! twice. The revision travels with the ledger it belongs to, never in a field another task
//! could update during the write's awaits.

mod error;
pub mod schema;

use encours_core::snapshot::{self, seal, Delta, Salvage, SnapshotError};
use encours_core::Portfolio;
use idb::{Database, DatabaseEvent, Factory, Query, TransactionMode};
use js_sys::Uint8Array;
use schema::{CHUNKS, JOURNAL, SETTINGS, STATE};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

pub use error::StoreError;

/// Events the store reports while it is open.
pub trait StoreEvents: 'static {
    /// Another tab holds an older connection and does not let the upgrade proceed.
    fn blocked(&self);
    /// Another tab opened a newer version: this connection was closed; the page must reload.
    fn version_change(&self);
}

/// An open database.
pub struct Store {
    db: Database,
    /// The revision of the last [`Store::load`] or write through [`Store::save`] /
    /// [`Store::append`] (tests and tools; the app keeps its own with its ledger).
    rev: Cell<u64>,
    /// Set when another tab's upgrade closed the connection: every write is refused.
    closed: Rc<Cell<bool>>,
}

/// The portfolio (ledger and follow-up) as stored, with the revision it was read at.
pub struct Loaded {
    pub portfolio: Portfolio,
    pub rev: u64,
}

fn bytes(v: &JsValue) -> Vec<u8> {
    Uint8Array::new(v).to_vec()
}

fn js_bytes(b: &[u8]) -> JsValue {
    Uint8Array::from(b).into()
}

/// Keys of the `state` store: the revision, the revision of the last full save (the journal
/// holds `base + 1 ..= rev`), and the mark that records are sealed (absent in databases
/// written before schema 3, read once without seals and rewritten sealed).
const REV: &str = "rev";
const BASE: &str = "base";
const SEALED: &str = "sealed";

impl Store {
    /// Opens (creating or upgrading) the database `name` at the current schema version.
    pub async fn open(name: &str, events: impl StoreEvents) -> Result<Store, StoreError> {
        Self::open_at(name, schema::VERSION, events).await
    }

    /// Opens at a given version (tests use it to build old databases).
    pub async fn open_at(
        name: &str,
        version: u32,
        events: impl StoreEvents,
    ) -> Result<Store, StoreError> {
        let factory = Factory::new().map_err(|e| StoreError::Unavailable(format!("{e:?}")))?;
        let mut req = factory
            .open(name, Some(version))
            .map_err(|e| StoreError::Unavailable(format!("{e:?}")))?;
        let events = Rc::new(events);
        let on_blocked = events.clone();
        req.on_blocked(move |_| on_blocked.blocked());
        req.on_upgrade_needed(move |event| {
            let old = event.old_version().unwrap_or(0);
            let new = event.new_version().ok().flatten().unwrap_or(version);
            if let Ok(db) = event.database() {
                // A failed step aborts the upgrade transaction: the old data stays as it was.
                let _ = schema::migrate(&db, old, new);
            }
        });
        let mut db = req.await?;
        let closed = Rc::new(Cell::new(false));
        let on_change = events.clone();
        let mark = closed.clone();
        db.on_version_change(move |event| {
            // Closed before anything else runs: no write can start on this connection after.
            mark.set(true);
            if let Ok(db) = event.database() {
                db.close();
            }
            on_change.version_change();
        });
        let store = Store {
            db,
            rev: Cell::new(0),
            closed,
        };
        if version >= 2 {
            store.rev.set(store.stored_rev().await?);
        }
        Ok(store)
    }

    /// The schema version of the open database.
    pub fn version(&self) -> u32 {
        self.db.version().unwrap_or(0)
    }

    /// The object stores present.
    pub fn store_names(&self) -> Vec<String> {
        self.db.store_names()
    }

    /// The raw database (tests build old-version fixtures with it).
    pub fn database(&self) -> &Database {
        &self.db
    }

    pub fn close(&self) {
        self.closed.set(true);
        self.db.close();
    }

    /// Whether another tab's upgrade closed this connection.
    pub fn is_closed(&self) -> bool {
        self.closed.get()
    }

    async fn stored_rev(&self) -> Result<u64, StoreError> {
        read_num(
            &self.db.transaction(&[STATE], TransactionMode::ReadOnly)?,
            REV,
        )
        .await
    }

    /// Whether the stored revision differs from `rev`.
    pub async fn is_stale(&self, rev: u64) -> Result<bool, StoreError> {
        Ok(self.stored_rev().await? != rev)
    }

    /// Reads the whole ledger and its revision: the chunks, then the journal replayed over
    /// them, every seal checked. Records stored before seals existed are read once as they
    /// are and rewritten sealed (one full save, with the usual revision check).
    pub async fn read(&self) -> Result<Loaded, StoreError> {
        for _ in 0..3 {
            let raw = self.read_raw().await?;
            let legacy = !raw.sealed;
            let portfolio = raw.decode()?;
            if !legacy || raw.is_empty() {
                return Ok(Loaded {
                    portfolio,
                    rev: raw.rev,
                });
            }
            let chunks = snapshot::to_chunks(&portfolio);
            if let Some(rev) = self.write_on(raw.rev, &Write::Full(chunks)).await? {
                return Ok(Loaded { portfolio, rev });
            }
            // Another tab wrote (or migrated) first: read again.
        }
        Err(StoreError::Busy)
    }

    /// [`Store::read`], remembering the revision for [`Store::save`] and [`Store::append`].
    pub async fn load(&self) -> Result<Portfolio, StoreError> {
        let l = self.read().await?;
        self.rev.set(l.rev);
        Ok(l.portfolio)
    }

    /// What can be read of damaged storage: every chunk whose seal holds and that decodes,
    /// then the journal entries whose seals hold, in order (see `snapshot::salvage`).
    pub async fn salvage(&self) -> Result<Salvage, StoreError> {
        let raw = self.read_raw().await?;
        let opened: Vec<(String, Result<Vec<u8>, SnapshotError>)> = raw
            .chunks
            .iter()
            .map(|(n, b)| (n.clone(), raw.open_chunk(n, b).map(<[u8]>::to_vec)))
            .collect();
        let mut s = snapshot::salvage(opened.iter().map(|(n, r)| {
            (
                n.as_str(),
                r.as_ref().map(Vec::as_slice).map_err(Clone::clone),
            )
        }));
        for (k, entry) in raw.journal.iter().enumerate() {
            match raw.open_entry(entry).and_then(|(_, d)| Delta::decode(d)) {
                Ok(d) => d.apply(&mut s.portfolio.ledger),
                Err(_) => s.lost.push(format!("journal/{k}")),
            }
        }
        // The journal may name records of a lost chunk: mend again after it.
        let mended = snapshot::salvage(
            snapshot::to_chunks(&s.portfolio)
                .iter()
                .map(|(n, b)| (n.as_str(), Ok(b.as_slice())))
                .collect::<Vec<_>>(),
        );
        s.portfolio = mended.portfolio;
        Ok(s)
    }

    async fn read_raw(&self) -> Result<Raw, StoreError> {
        let tx = self
            .db
            .transaction(&[CHUNKS, JOURNAL, STATE], TransactionMode::ReadOnly)?;
        let chunks = tx.object_store(CHUNKS)?;
        let keys = chunks.get_all_keys(None, None)?.await?;
        let values = chunks.get_all(None, None)?.await?;
        let journal = tx.object_store(JOURNAL)?.get_all(None, None)?.await?;
        let rev = read_num(&tx, REV).await?;
        let base = read_num(&tx, BASE).await?;
        let sealed = read_num(&tx, SEALED).await? == 1;
        Ok(Raw {
            chunks: keys
                .iter()
                .map(|k| k.as_string().unwrap_or_default())
                .zip(values.iter().map(bytes))
                .collect(),
            journal: journal.iter().map(bytes).collect(),
            rev,
            base,
            sealed,
        })
    }

    /// Number of journal entries waiting to be folded into the chunks.
    pub async fn journal_len(&self) -> Result<u32, StoreError> {
        let tx = self.db.transaction(&[JOURNAL], TransactionMode::ReadOnly)?;
        Ok(tx.object_store(JOURNAL)?.count(None)?.await?)
    }

    /// Writes the whole ledger (and empties the journal), unless another tab wrote since this
    /// one last loaded: then nothing is written and `Ok(false)` is returned.
    pub async fn save(&self, portfolio: &Portfolio) -> Result<bool, StoreError> {
        self.write(&Write::Full(snapshot::to_chunks(portfolio)))
            .await
    }

    /// Appends one edit to the journal, on the same condition as [`Store::save`].
    pub async fn append(&self, delta: &Delta) -> Result<bool, StoreError> {
        self.write(&Write::Edit(delta.encode())).await
    }

    /// [`Store::write_on`] the revision of the last [`Store::load`] (or of this write).
    pub async fn write(&self, write: &Write) -> Result<bool, StoreError> {
        match self.write_on(self.rev.get(), write).await? {
            Some(rev) => {
                self.rev.set(rev);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// One write, in one transaction, only if the stored revision is still `base`, the one
    /// the change was computed on. Returns the new revision, or `None` when another tab wrote
    /// first (reload, apply the change again, retry).
    pub async fn write_on(&self, base: u64, write: &Write) -> Result<Option<u64>, StoreError> {
        if self.closed.get() {
            return Err(StoreError::Closed);
        }
        let tx = self
            .db
            .transaction(&[CHUNKS, JOURNAL, STATE], TransactionMode::ReadWrite)?;
        let stored = read_num(&tx, REV).await?;
        if stored != base {
            tx.abort()?;
            return Ok(None);
        }
        let rev = stored + 1;
        match write {
            Write::Full(chunks) => {
                put_chunks(&tx, chunks)?;
                put_num(&tx, BASE, rev)?;
            }
            Write::Edit(entry) => {
                let sealed = seal::seal_entry(rev, entry);
                tx.object_store(JOURNAL)?.add(&js_bytes(&sealed), None)?;
            }
            Write::Follow { entry, chunk } => {
                // An entry even when no record changed: the journal holds one per revision.
                let empty = Delta::default().encode();
                let sealed = seal::seal_entry(rev, entry.as_deref().unwrap_or(&empty));
                tx.object_store(JOURNAL)?.add(&js_bytes(&sealed), None)?;
                tx.object_store(CHUNKS)?.put(
                    &js_bytes(&seal::seal(&chunk.0, &chunk.1)),
                    Some(&JsValue::from_str(&chunk.0)),
                )?;
            }
        }
        // Unsealed (pre-3) records were rewritten by `read` before any write could start.
        put_num(&tx, SEALED, 1)?;
        put_num(&tx, REV, rev)?;
        commit(tx).await?;
        Ok(Some(rev))
    }

    /// All settings, sorted by key.
    pub async fn settings(&self) -> Result<Vec<(String, String)>, StoreError> {
        let tx = self
            .db
            .transaction(&[SETTINGS], TransactionMode::ReadOnly)?;
        let s = tx.object_store(SETTINGS)?;
        let keys = s.get_all_keys(None, None)?.await?;
        let values = s.get_all(None, None)?.await?;
        Ok(keys
            .iter()
            .zip(values.iter())
            .map(|(k, v)| {
                (
                    k.as_string().unwrap_or_default(),
                    v.as_string().unwrap_or_default(),
                )
            })
            .collect())
    }

    pub async fn put_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        if self.closed.get() {
            return Err(StoreError::Closed);
        }
        let tx = self
            .db
            .transaction(&[SETTINGS], TransactionMode::ReadWrite)?;
        tx.object_store(SETTINGS)?
            .put(&JsValue::from_str(value), Some(&JsValue::from_str(key)))?;
        commit(tx).await
    }

    /// Replaces the ledger and every setting in one transaction (restore, erase), whatever
    /// the other tabs wrote before, and whatever was stored (damaged records included).
    /// Returns the new revision.
    pub async fn replace_all(
        &self,
        portfolio: &Portfolio,
        settings: &[(String, String)],
    ) -> Result<u64, StoreError> {
        if self.closed.get() {
            return Err(StoreError::Closed);
        }
        let chunks = snapshot::to_chunks(portfolio);
        let tx = self.db.transaction(
            &[CHUNKS, JOURNAL, STATE, SETTINGS],
            TransactionMode::ReadWrite,
        )?;
        let rev = read_num(&tx, REV).await? + 1;
        put_chunks(&tx, &chunks)?;
        put_num(&tx, BASE, rev)?;
        put_num(&tx, SEALED, 1)?;
        put_num(&tx, REV, rev)?;
        let s = tx.object_store(SETTINGS)?;
        s.clear()?;
        for (k, v) in settings {
            s.put(&JsValue::from_str(v), Some(&JsValue::from_str(k)))?;
        }
        commit(tx).await?;
        self.rev.set(rev);
        Ok(rev)
    }
}

/// The stored records as read, before any check.
struct Raw {
    chunks: Vec<(String, Vec<u8>)>,
    journal: Vec<Vec<u8>>,
    rev: u64,
    base: u64,
    sealed: bool,
}

impl Raw {
    fn is_empty(&self) -> bool {
        self.chunks.is_empty() && self.journal.is_empty()
    }

    fn open_chunk<'a>(&self, name: &str, b: &'a [u8]) -> Result<&'a [u8], SnapshotError> {
        if self.sealed {
            seal::open(name, b)
        } else {
            Ok(b)
        }
    }

    fn open_entry<'a>(&self, b: &'a [u8]) -> Result<(u64, &'a [u8]), SnapshotError> {
        if self.sealed {
            seal::open_entry(b)
        } else {
            Ok((0, b))
        }
    }

    /// The portfolio, or the first damage found.
    fn decode(&self) -> Result<Portfolio, StoreError> {
        let damaged = StoreError::Damaged;
        let mut payloads = Vec::with_capacity(self.chunks.len());
        for (n, b) in &self.chunks {
            payloads.push((n.as_str(), self.open_chunk(n, b).map_err(damaged)?));
        }
        let mut portfolio = snapshot::from_chunks(payloads).map_err(damaged)?;
        let mut revs = Vec::with_capacity(self.journal.len());
        for entry in &self.journal {
            let (rev, delta) = self.open_entry(entry).map_err(damaged)?;
            revs.push(rev);
            Delta::decode(delta)
                .map_err(damaged)?
                .apply(&mut portfolio.ledger);
        }
        if self.sealed {
            seal::check_sequence(self.base, &revs, self.rev).map_err(damaged)?;
        }
        Ok(portfolio)
    }
}

/// What a write stores.
pub enum Write {
    /// The whole ledger, as `snapshot::to_chunks` encoded it (sealed when stored).
    Full(Vec<(String, Vec<u8>)>),
    /// One encoded [`Delta`].
    Edit(Vec<u8>),
    /// A dunning action: the collection chunk rewritten (it is small), plus the records the
    /// action changed, if any (a call ending in a dispute marks invoices disputed).
    Follow {
        entry: Option<Vec<u8>>,
        chunk: (String, Vec<u8>),
    },
}

async fn read_num(tx: &idb::Transaction, key: &str) -> Result<u64, StoreError> {
    let v = tx
        .object_store(STATE)?
        .get(Query::from(JsValue::from_str(key)))?
        .await?;
    Ok(v.and_then(|v| v.as_f64()).unwrap_or(0.0) as u64)
}

fn put_num(tx: &idb::Transaction, key: &str, n: u64) -> Result<(), StoreError> {
    tx.object_store(STATE)?
        .put(&JsValue::from_f64(n as f64), Some(&JsValue::from_str(key)))?;
    Ok(())
}

/// Waits for the commit. An aborted transaction says why in its `error`: the browser's
/// `QuotaExceededError` when the site's storage is full (then with how much is used).
async fn commit(tx: idb::Transaction) -> Result<(), StoreError> {
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
    let w = web_sys::window()?;
    let storage = js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("storage")).ok()?;
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

/// Replaces the chunks, sealed, and empties the journal (it is folded into the chunks).
fn put_chunks(tx: &idb::Transaction, chunks: &[(String, Vec<u8>)]) -> Result<(), StoreError> {
    let store = tx.object_store(CHUNKS)?;
    store.clear()?;
    for (k, v) in chunks {
        store.put(&js_bytes(&seal::seal(k, v)), Some(&JsValue::from_str(k)))?;
    }
    tx.object_store(JOURNAL)?.clear()?;
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
