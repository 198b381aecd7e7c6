//! Local storage of the ledger in IndexedDB.
//!
//! Per-record object stores cost seconds at 100,000 invoices (one `put` each), so the ledger is
//! stored as a few compact binary chunks (`encours_core::snapshot`), written in one transaction
//! by a full save (import, demo data, restore). A single edit (a payment) appends the records it
//! touched to a small journal instead, replayed on load and folded into the chunks by the next
//! full save. Every logical change is one transaction.
//!
//! Several tabs may write: each write checks, inside its transaction, that the stored revision
//! is the one this tab last read. If another tab wrote in between, the write is abandoned, the
//! ledger reloaded and the edit applied again on the fresh data, so no tab overwrites another's
//! change.

pub mod schema;

use encours_core::snapshot::{self, Delta};
use encours_core::Ledger;
use idb::{Database, DatabaseEvent, Factory, Query, TransactionMode};
use js_sys::Uint8Array;
use schema::{CHUNKS, JOURNAL, SETTINGS, STATE};
use std::cell::Cell;
use std::fmt;
use wasm_bindgen::JsValue;

/// Why the store could not do what was asked. Every variant reaches the user as a message.
#[derive(Clone, Debug, PartialEq)]
pub enum StoreError {
    /// IndexedDB is missing or refused (private mode in some browsers).
    Unavailable(String),
    /// The browser's storage quota is full: nothing of this write was stored.
    Quota,
    /// Stored data could not be decoded.
    Corrupt(String),
    /// The database is newer than this build (another tab runs a newer version).
    TooNew,
    Other(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Unavailable(e) => {
                write!(f, "local storage is unavailable in this browser: {e}")
            }
            StoreError::Quota => {
                f.write_str("the browser's storage quota is full; nothing of this change was saved")
            }
            StoreError::Corrupt(e) => write!(f, "{e}"),
            StoreError::TooNew => f.write_str(
                "the stored data comes from a newer version of Encours: reload the page",
            ),
            StoreError::Other(e) => write!(f, "storage error: {e}"),
        }
    }
}

impl From<idb::Error> for StoreError {
    fn from(e: idb::Error) -> Self {
        let text = format!("{e:?}");
        if text.contains("QuotaExceeded") {
            StoreError::Quota
        } else if text.contains("VersionError") {
            StoreError::TooNew
        } else {
            StoreError::Other(text)
        }
    }
}

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
    /// The revision this tab last read or wrote.
    rev: Cell<u64>,
}

fn bytes(v: &JsValue) -> Vec<u8> {
    Uint8Array::new(v).to_vec()
}

fn js_bytes(b: &[u8]) -> JsValue {
    Uint8Array::from(b).into()
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
        let events = std::rc::Rc::new(events);
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
        let on_change = events.clone();
        db.on_version_change(move |event| {
            if let Ok(db) = event.database() {
                db.close();
            }
            on_change.version_change();
        });
        let store = Store {
            db,
            rev: Cell::new(0),
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
        self.db.close();
    }

    async fn stored_rev(&self) -> Result<u64, StoreError> {
        read_rev(&self.db.transaction(&[STATE], TransactionMode::ReadOnly)?).await
    }

    /// Whether another tab wrote since this one last read.
    pub async fn is_stale(&self) -> Result<bool, StoreError> {
        Ok(self.stored_rev().await? != self.rev.get())
    }

    /// Reads the whole ledger: the chunks, then the journal replayed over them.
    pub async fn load(&self) -> Result<Ledger, StoreError> {
        let tx = self
            .db
            .transaction(&[CHUNKS, JOURNAL, STATE], TransactionMode::ReadOnly)?;
        let chunks = tx.object_store(CHUNKS)?;
        let keys = chunks.get_all_keys(None, None)?.await?;
        let values = chunks.get_all(None, None)?.await?;
        let journal = tx.object_store(JOURNAL)?.get_all(None, None)?.await?;
        let rev = tx
            .object_store(STATE)?
            .get(Query::from(JsValue::from_str(REV)))?
            .await?;
        let names: Vec<String> = keys
            .iter()
            .map(|k| k.as_string().unwrap_or_default())
            .collect();
        let data: Vec<Vec<u8>> = values.iter().map(bytes).collect();
        let mut ledger = snapshot::from_chunks(
            names
                .iter()
                .map(String::as_str)
                .zip(data.iter().map(Vec::as_slice)),
        )
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        for entry in &journal {
            Delta::decode(&bytes(entry))
                .map_err(|e| StoreError::Corrupt(e.to_string()))?
                .apply(&mut ledger);
        }
        self.rev
            .set(rev.and_then(|v| v.as_f64()).unwrap_or(0.0) as u64);
        Ok(ledger)
    }

    /// Number of journal entries waiting to be folded into the chunks.
    pub async fn journal_len(&self) -> Result<u32, StoreError> {
        let tx = self.db.transaction(&[JOURNAL], TransactionMode::ReadOnly)?;
        Ok(tx.object_store(JOURNAL)?.count(None)?.await?)
    }

    /// Writes the whole ledger (and empties the journal), unless another tab wrote since this
    /// one last read: then nothing is written and `Ok(false)` is returned.
    pub async fn save(&self, ledger: &Ledger) -> Result<bool, StoreError> {
        self.write(&Write::Full(snapshot::to_chunks(ledger))).await
    }

    /// Appends one edit to the journal, on the same condition as [`Store::save`].
    pub async fn append(&self, delta: &Delta) -> Result<bool, StoreError> {
        self.write(&Write::Edit(delta.encode())).await
    }

    /// One write, in one transaction, only if the stored revision is the one this tab last
    /// read (`Ok(false)` otherwise: reload, apply the change again, retry).
    pub async fn write(&self, write: &Write) -> Result<bool, StoreError> {
        let tx = self
            .db
            .transaction(&[CHUNKS, JOURNAL, STATE], TransactionMode::ReadWrite)?;
        let stored = read_rev(&tx).await?;
        if stored != self.rev.get() {
            tx.abort()?;
            return Ok(false);
        }
        match write {
            Write::Full(chunks) => put_chunks(&tx, chunks)?,
            Write::Edit(entry) => {
                tx.object_store(JOURNAL)?.add(&js_bytes(entry), None)?;
            }
            Write::Follow { entry, chunk } => {
                if let Some(entry) = entry {
                    tx.object_store(JOURNAL)?.add(&js_bytes(entry), None)?;
                }
                tx.object_store(CHUNKS)?
                    .put(&js_bytes(&chunk.1), Some(&JsValue::from_str(&chunk.0)))?;
            }
        }
        self.finish(tx, stored).await?;
        Ok(true)
    }

    /// Puts the new revision and waits for the commit.
    async fn finish(&self, tx: idb::Transaction, stored: u64) -> Result<(), StoreError> {
        tx.object_store(STATE)?.put(
            &JsValue::from_f64((stored + 1) as f64),
            Some(&JsValue::from_str(REV)),
        )?;
        if !tx.await?.is_committed() {
            return Err(StoreError::Other("the write was aborted".into()));
        }
        self.rev.set(stored + 1);
        Ok(())
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
        let tx = self
            .db
            .transaction(&[SETTINGS], TransactionMode::ReadWrite)?;
        tx.object_store(SETTINGS)?
            .put(&JsValue::from_str(value), Some(&JsValue::from_str(key)))?;
        tx.await?;
        Ok(())
    }

    /// Replaces the ledger and every setting in one transaction (restore, erase), whatever
    /// the other tabs wrote before.
    pub async fn replace_all(
        &self,
        ledger: &Ledger,
        settings: &[(String, String)],
    ) -> Result<(), StoreError> {
        let chunks = snapshot::to_chunks(ledger);
        let tx = self.db.transaction(
            &[CHUNKS, JOURNAL, STATE, SETTINGS],
            TransactionMode::ReadWrite,
        )?;
        let stored = read_rev(&tx).await?;
        put_chunks(&tx, &chunks)?;
        let s = tx.object_store(SETTINGS)?;
        s.clear()?;
        for (k, v) in settings {
            s.put(&JsValue::from_str(v), Some(&JsValue::from_str(k)))?;
        }
        self.finish(tx, stored).await
    }
}

/// What a write stores.
pub enum Write {
    /// The whole ledger, as `snapshot::to_chunks` encoded it.
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

const REV: &str = "rev";

async fn read_rev(tx: &idb::Transaction) -> Result<u64, StoreError> {
    let v = tx
        .object_store(STATE)?
        .get(Query::from(JsValue::from_str(REV)))?
        .await?;
    Ok(v.and_then(|v| v.as_f64()).unwrap_or(0.0) as u64)
}

/// Replaces the chunks and empties the journal (they are folded into the chunks).
fn put_chunks(tx: &idb::Transaction, chunks: &[(String, Vec<u8>)]) -> Result<(), StoreError> {
    let store = tx.object_store(CHUNKS)?;
    store.clear()?;
    for (k, v) in chunks {
        store.put(&js_bytes(v), Some(&JsValue::from_str(k)))?;
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
