//! Local storage of the book in IndexedDB: the event log is what is stored.
//!
//! Every write appends the events of one command to the log (`heads` and `bodies`, one record
//! each per write, keyed by the revision the write makes), in one transaction with the
//! revision bump. The `chunks` (`encours_core::snapshot`: the book as a few compact binary
//! chunks) are a cache of the log up to revision `base`: a load reads them and replays the
//! events after `base`. A bulk command (an import, its undo, the demo data, a restore) writes
//! a fresh snapshot with its events, so a cold start never replays 100,000 invoices; a long
//! tail is folded into a new snapshot by [`Store::compact`], which never deletes events.
//! Every record is stored sealed (`snapshot::seal`: a digest of its bytes), checked on load,
//! and the log after `base` must hold every revision up to `rev` (a lost record is found).
//!
//! Several tabs may write. A write names the revision its events were computed on (`base`,
//! returned by [`Store::read`] with the book); inside its transaction it proceeds only if the
//! stored revision is still `base`. If another tab wrote in between, nothing is written and the
//! caller reloads, executes its command again on the fresh book and retries: no tab overwrites
//! another's change, and a new record's id is never given twice.
//!
//! Databases of schemas 1 to 3 (chunks and a journal of deltas) open as a log: their book is
//! read as those builds read it ([`legacy`]), then one opening event per record is written
//! with a fresh snapshot and the journal emptied, in one transaction.

mod error;
pub mod legacy;
pub mod log;
mod raw;
pub mod schema;
mod tx;

use encours_core::portfolio::command::Context;
use encours_core::portfolio::event::{Event, EventHead, Origin};
use encours_core::portfolio::Portfolio;
use encours_core::snapshot::{self, Salvage, SnapshotError};
use idb::{Database, DatabaseEvent, Factory, KeyRange, Query, TransactionMode};
use js_sys::Uint8Array;
use schema::{BODIES, CHUNKS, HEADS, JOURNAL, SETTINGS, STATE};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsValue;

pub use error::StoreError;
pub use raw::Update;
use tx::{commit, put_chunks, put_num, read_num};
pub use tx::{delete, estimate, Quiet};

/// Events the store reports while it is open.
pub trait StoreEvents: 'static {
    /// Another tab holds an older connection and does not let the upgrade proceed.
    fn blocked(&self);
    /// Another tab opened a newer version: this connection was closed; the page must reload.
    fn version_change(&self);
    /// Runs `f` with who makes events here and today's date: the store makes events itself
    /// only when it opens an old database as a log. The default is device 0 (untagged ids),
    /// the browser's date and random event ids: enough for tests and tools.
    fn with_context(&self, f: &mut dyn FnMut(&mut Context)) {
        let origin = Origin::default();
        let mut ids = || {
            let r = || (js_sys::Math::random() * 4_294_967_296.0) as u128;
            r() | r() << 32 | r() << 64 | r() << 96
        };
        f(&mut Context {
            today: local_today(),
            at: js_sys::Date::now() as i64,
            origin: &origin,
            ids: &mut ids,
        })
    }
}

/// Today in the browser's time zone (a window's or a worker's clock).
pub fn local_today() -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

/// An open database.
pub struct Store {
    db: Database,
    /// The revision of the last [`Store::load`] or [`Store::append`] through it (tests and
    /// tools; the app keeps its own with its book).
    rev: Cell<u64>,
    /// Set when another tab's upgrade closed the connection: every write is refused.
    closed: Rc<Cell<bool>>,
    events: Rc<dyn StoreEvents>,
    /// The longest bodies value written as one ([`log::PART`]; smaller in tests).
    part: Cell<usize>,
}

/// The book as stored, with the revision it was read at.
pub struct Loaded {
    pub portfolio: Portfolio,
    pub rev: u64,
    /// Events replayed over the snapshot (the app compacts past a few hundred).
    pub tail: usize,
}

/// A chunked snapshot, as `snapshot::to_chunks` encodes it (sealed when stored).
pub type Chunks = Vec<(String, Vec<u8>)>;

/// Bytes stored, for the benchmarks and the settings page.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sizes {
    pub heads: usize,
    pub bodies: usize,
    pub snapshot: usize,
    pub records: usize,
}

fn bytes(v: &JsValue) -> Vec<u8> {
    Uint8Array::new(v).to_vec()
}

fn js_bytes(b: &[u8]) -> JsValue {
    Uint8Array::from(b).into()
}

fn key(n: u64) -> JsValue {
    JsValue::from_f64(n as f64)
}

/// A log key as stored (a number; anything else reads as no key the log can hold).
fn num_key(k: &JsValue) -> u64 {
    k.as_f64().map_or(u64::MAX, |f| f as u64)
}

/// Keys of the `state` store: the revision, the revision the snapshot covers (the log after
/// it is replayed on load), the mark that records are sealed (absent before schema 3), and
/// the mark that the database is a log (absent before schema 4: its book is read as chunks
/// and journal, once, and the log opened).
const REV: &str = "rev";
const BASE: &str = "base";
const SEALED: &str = "sealed";
const LOG: &str = "log";

/// What a log write does besides appending its events.
enum Mode {
    /// An ordinary write: the snapshot, if given, replaces the cache.
    Append,
    /// Opens the log of an older database: the snapshot is written, the journal emptied.
    Migrate,
    /// Restore or erase: the log is cleared first (the backup's log replaces it).
    Replace,
}

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
        let events: Rc<dyn StoreEvents> = Rc::new(events);
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
            part: Cell::new(log::PART),
            closed,
            events,
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
    /// Stores bodies records in parts of at most `bytes` from now on (tests: the parts of a
    /// 1M book's event, with a small book).
    pub fn set_part_size(&self, bytes: usize) {
        self.part.set(bytes.max(1));
    }

    pub fn is_closed(&self) -> bool {
        self.closed.get()
    }

    /// The revision of the last [`Store::load`] or [`Store::append_next`].
    pub fn rev(&self) -> u64 {
        self.rev.get()
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

    /// Reads the book and its revision: the snapshot, then the events after it, every seal
    /// checked. A database written before the log is read as it was written and its log
    /// opened (one transaction, with the usual revision check).
    pub async fn read(&self) -> Result<Loaded, StoreError> {
        for _ in 0..3 {
            let raw = self.read_raw().await?;
            // A new database (nothing stored, no write yet) becomes a log by its first write.
            if raw.log || (raw.old.is_empty() && raw.old.rev == 0) {
                return raw.decode().map_err(StoreError::Damaged);
            }
            let portfolio = raw.old.decode().map_err(StoreError::Damaged)?;
            let mut events = Vec::new();
            self.events.with_context(&mut |cx| {
                events = encours_core::portfolio::log::opening(&portfolio, cx)
            });
            let chunks = snapshot::to_chunks(&portfolio);
            if let Some(rev) = self
                .write_log(raw.old.rev, &events, Some(&chunks), Mode::Migrate)
                .await?
            {
                return Ok(Loaded {
                    portfolio,
                    rev,
                    tail: 0,
                });
            }
            // Another tab wrote (or migrated) first: read again.
        }
        Err(StoreError::Busy)
    }

    /// [`Store::read`], remembering the revision for [`Store::append_next`].
    pub async fn load(&self) -> Result<Portfolio, StoreError> {
        let l = self.read().await?;
        self.rev.set(l.rev);
        Ok(l.portfolio)
    }

    /// What can be read of damaged storage: every chunk whose seal holds and that decodes,
    /// then the log records (or, not yet migrated, the journal entries) whose seals hold, in
    /// order (see `snapshot::salvage`).
    pub async fn salvage(&self) -> Result<Salvage, StoreError> {
        let raw = self.read_raw().await?;
        let opened: Vec<(String, Result<Vec<u8>, SnapshotError>)> = raw
            .old
            .chunks
            .iter()
            .map(|(n, b)| (n.clone(), raw.old.open_chunk(n, b).map(<[u8]>::to_vec)))
            .collect();
        let mut s = snapshot::salvage(opened.iter().map(|(n, r)| {
            (
                n.as_str(),
                r.as_ref().map(Vec::as_slice).map_err(Clone::clone),
            )
        }));
        let mut p = std::mem::take(&mut s.portfolio);
        if raw.log {
            for (k, h, b) in &raw.tail {
                match log::open_events(*k, h, b) {
                    Ok(events) => encours_core::portfolio::log::replay_onto(&mut p, &events),
                    Err(_) => s.lost.push(log::bodies_name(*k)),
                }
            }
        } else {
            raw.old.salvage_journal(&mut p, &mut s.lost);
        }
        // The tail may name records of a lost chunk: mend again after it.
        let mended = snapshot::salvage(
            snapshot::to_chunks(&p)
                .iter()
                .map(|(n, b)| (n.as_str(), Ok(b.as_slice())))
                .collect::<Vec<_>>(),
        );
        s.portfolio = mended.portfolio;
        Ok(s)
    }

    /// Appends `events` as one write of the revision `base` the events were computed on, with
    /// `snapshot` (the book after them) for a bulk command. Returns the new revision, or
    /// `None` when another tab wrote first (reload, execute the command again, retry).
    pub async fn append(
        &self,
        base: u64,
        events: &[Event],
        snapshot: Option<&Chunks>,
    ) -> Result<Option<u64>, StoreError> {
        self.write_log(base, events, snapshot, Mode::Append).await
    }

    /// [`Store::append`] on the revision of the last [`Store::load`] (tests and tools).
    pub async fn append_next(
        &self,
        events: &[Event],
        snapshot: Option<&Chunks>,
    ) -> Result<bool, StoreError> {
        match self.append(self.rev.get(), events, snapshot).await? {
            Some(rev) => {
                self.rev.set(rev);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Writes `chunks` (the book at revision `rev`) as the snapshot the next loads start from.
    /// The log is kept whole. `Ok(false)` when the stored revision is no longer `rev`.
    pub async fn compact(&self, rev: u64, chunks: &Chunks) -> Result<bool, StoreError> {
        if self.closed.get() {
            return Err(StoreError::Closed);
        }
        let tx = self
            .db
            .transaction(&[CHUNKS, STATE], TransactionMode::ReadWrite)?;
        if read_num(&tx, REV).await? != rev || read_num(&tx, LOG).await? != 1 {
            tx.abort()?;
            return Ok(false);
        }
        put_chunks(&tx, chunks)?;
        put_num(&tx, BASE, rev)?;
        commit(tx).await?;
        Ok(true)
    }

    async fn write_log(
        &self,
        base: u64,
        events: &[Event],
        snapshot: Option<&Chunks>,
        mode: Mode,
    ) -> Result<Option<u64>, StoreError> {
        if self.closed.get() {
            return Err(StoreError::Closed);
        }
        let mut stores = vec![CHUNKS, STATE, HEADS, BODIES];
        if !matches!(mode, Mode::Append) {
            stores.push(JOURNAL);
        }
        let tx = self.db.transaction(&stores, TransactionMode::ReadWrite)?;
        let stored = read_num(&tx, REV).await?;
        let is_log = read_num(&tx, LOG).await? == 1;
        // An append on a database not yet opened as a log would hide its journal: only a new
        // one becomes a log by its first write (the others by `read`'s migration).
        let refused = match mode {
            Mode::Append => stored != base || (!is_log && stored > 0),
            Mode::Migrate => stored != base || is_log,
            Mode::Replace => false,
        };
        if refused {
            tx.abort()?;
            return Ok(None);
        }
        let rev = stored + 1;
        if matches!(mode, Mode::Replace) {
            tx.object_store(HEADS)?.clear()?;
            tx.object_store(BODIES)?.clear()?;
        }
        if !matches!(mode, Mode::Append) {
            tx.object_store(JOURNAL)?.clear()?;
        }
        let (heads, bodies) = log::seal_record(rev, events);
        tx.object_store(HEADS)?
            .put(&js_bytes(&heads), Some(&key(rev)))?;
        let store = tx.object_store(BODIES)?;
        for (k, part) in log::parts(rev, &bodies, self.part.get()) {
            store.put(&js_bytes(part), Some(&JsValue::from_f64(k)))?;
        }
        if let Some(chunks) = snapshot {
            put_chunks(&tx, chunks)?;
            put_num(&tx, BASE, rev)?;
        }
        put_num(&tx, SEALED, 1)?;
        put_num(&tx, LOG, 1)?;
        put_num(&tx, REV, rev)?;
        commit(tx).await?;
        Ok(Some(rev))
    }

    /// Every event head with the key of its record, in log order (histories).
    pub async fn heads(&self) -> Result<Vec<(u64, EventHead)>, StoreError> {
        self.heads_after(None).await
    }

    /// The heads of the log records after record `after` (all of them for `None`), in order:
    /// a history already read reads only what was appended since.
    pub async fn heads_after(
        &self,
        after: Option<u64>,
    ) -> Result<Vec<(u64, EventHead)>, StoreError> {
        let range = match after {
            Some(k) => Some(KeyRange::lower_bound(&key(k), Some(true))?),
            None => None,
        };
        self.heads_in(range).await
    }

    /// The heads of log record `seq` alone (none when there is no such record).
    pub async fn heads_at(&self, seq: u64) -> Result<Vec<(u64, EventHead)>, StoreError> {
        self.heads_in(Some(KeyRange::only(&key(seq))?)).await
    }

    async fn heads_in(&self, range: Option<KeyRange>) -> Result<Vec<(u64, EventHead)>, StoreError> {
        let tx = self.db.transaction(&[HEADS], TransactionMode::ReadOnly)?;
        let s = tx.object_store(HEADS)?;
        let keys = s
            .get_all_keys(range.clone().map(Query::KeyRange), None)?
            .await?;
        let values = s.get_all(range.map(Query::KeyRange), None)?.await?;
        let mut out = Vec::new();
        for (k, v) in keys.iter().zip(values.iter()) {
            let k = num_key(k);
            let heads = log::open_heads(k, &bytes(v)).map_err(StoreError::Damaged)?;
            out.extend(heads.into_iter().map(|h| (k, h)));
        }
        Ok(out)
    }

    /// The whole log, in order (a backup holds it).
    pub async fn events(&self) -> Result<Vec<Event>, StoreError> {
        Ok(self
            .events_after(None)
            .await?
            .into_iter()
            .map(|(_, e)| e)
            .collect())
    }

    /// The events of the log records after record `after` (all for `None`), in order, each
    /// with its record's key: what sync has not pushed yet.
    pub async fn events_after(&self, after: Option<u64>) -> Result<Vec<(u64, Event)>, StoreError> {
        // From the next whole key: a long body's later parts are keyed `k + fraction`.
        let range = match after {
            Some(k) => Some(KeyRange::lower_bound(&key(k + 1), Some(false))?),
            None => None,
        };
        let tx = self
            .db
            .transaction(&[HEADS, BODIES], TransactionMode::ReadOnly)?;
        let h = tx.object_store(HEADS)?;
        let b = tx.object_store(BODIES)?;
        let keys = b
            .get_all_keys(range.clone().map(Query::KeyRange), None)?
            .await?;
        let values = b.get_all(range.clone().map(Query::KeyRange), None)?.await?;
        let bodies = log::join(
            keys.iter()
                .map(|k| k.as_f64())
                .zip(values.iter().map(bytes)),
        );
        let head_keys = h
            .get_all_keys(range.clone().map(Query::KeyRange), None)?
            .await?;
        let heads = h.get_all(range.map(Query::KeyRange), None)?.await?;
        if head_keys.len() != bodies.len() {
            return Err(StoreError::Damaged(SnapshotError::Missing {
                record: "heads".into(),
            }));
        }
        let mut out = Vec::new();
        for ((key, b), (hk, h)) in bodies.iter().zip(head_keys.iter().zip(&heads)) {
            if num_key(hk) != *key {
                return Err(StoreError::Damaged(SnapshotError::Missing {
                    record: log::heads_name(*key),
                }));
            }
            let events = log::open_events(*key, &bytes(h), b).map_err(StoreError::Damaged)?;
            out.extend(events.into_iter().map(|e| (*key, e)));
        }
        Ok(out)
    }

    /// Bytes stored in the log and in the snapshot.
    pub async fn sizes(&self) -> Result<Sizes, StoreError> {
        let tx = self
            .db
            .transaction(&[HEADS, BODIES, CHUNKS], TransactionMode::ReadOnly)?;
        let total = |v: &[JsValue]| -> usize {
            v.iter().map(|x| Uint8Array::new(x).length() as usize).sum()
        };
        let heads = tx.object_store(HEADS)?.get_all(None, None)?.await?;
        let bodies = tx.object_store(BODIES)?.get_all(None, None)?.await?;
        let chunks = tx.object_store(CHUNKS)?.get_all(None, None)?.await?;
        Ok(Sizes {
            heads: total(&heads),
            bodies: total(&bodies),
            snapshot: total(&chunks),
            // One heads value per record (a long bodies record is stored in parts).
            records: heads.len(),
        })
    }

    /// Number of log records (writes) after the snapshot.
    pub async fn tail_len(&self) -> Result<u32, StoreError> {
        let tx = self
            .db
            .transaction(&[HEADS, STATE], TransactionMode::ReadOnly)?;
        let base = read_num(&tx, BASE).await?;
        // Heads: one value per record (a long bodies record is stored in parts).
        let range = Query::KeyRange(KeyRange::lower_bound(&key(base + 1), Some(false))?);
        Ok(tx.object_store(HEADS)?.count(Some(range))?.await?)
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

    /// Replaces the log with `events` (a restored backup's, or none to erase), `portfolio`
    /// (what they make) as the snapshot, and every setting, in one transaction, whatever the
    /// other tabs wrote before and whatever was stored (damaged records included). Returns
    /// the new revision.
    pub async fn replace_all(
        &self,
        portfolio: &Portfolio,
        events: &[Event],
        settings: &[(String, String)],
    ) -> Result<u64, StoreError> {
        let chunks = snapshot::to_chunks(portfolio);
        let rev = self
            .write_log(0, events, Some(&chunks), Mode::Replace)
            .await?
            .ok_or(StoreError::Busy)?;
        let tx = self
            .db
            .transaction(&[SETTINGS], TransactionMode::ReadWrite)?;
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
