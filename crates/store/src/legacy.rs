//! Databases written before the log (schemas 1 to 3): the book as chunks plus a journal of
//! [`Delta`]s since the last full save, sealed from schema 3 on. They are read here, as those
//! builds read them, once, to open the log (`Store::read` writes the opening events).
//!
//! The writers are schema 3's own write paths (a full save, a journal entry), kept so that the
//! migration test builds its database with the code that wrote the users' databases.

use super::schema::{CHUNKS, JOURNAL, STATE};
use super::{commit, js_bytes, put_num, read_num, StoreError, BASE, REV, SEALED};
use encours_core::portfolio::Portfolio;
use encours_core::snapshot::{self, seal, Delta, SnapshotError};
use idb::{Database, TransactionMode};

/// The ledger side of a portfolio (what a [`Delta`] changes).
fn ledger_mut(p: &mut Portfolio) -> &mut encours_core::Ledger {
    p.ledger_mut()
}

/// What a database of schema 1 to 3 holds, as read, before any check.
pub(super) struct Old {
    pub chunks: Vec<(String, Vec<u8>)>,
    pub journal: Vec<Vec<u8>>,
    pub rev: u64,
    pub base: u64,
    /// Schema 3 seals its records; 1 and 2 did not.
    pub sealed: bool,
}

impl Old {
    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty() && self.journal.is_empty()
    }

    pub fn open_chunk<'a>(&self, name: &str, b: &'a [u8]) -> Result<&'a [u8], SnapshotError> {
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

    /// The book, or the first damage found: the chunks, then the journal in order, its
    /// revisions following the last full save's without a gap.
    pub fn decode(&self) -> Result<Portfolio, SnapshotError> {
        let mut payloads = Vec::with_capacity(self.chunks.len());
        for (n, b) in &self.chunks {
            payloads.push((n.as_str(), self.open_chunk(n, b)?));
        }
        let mut p = snapshot::from_chunks(payloads)?;
        let mut revs = Vec::with_capacity(self.journal.len());
        for entry in &self.journal {
            let (rev, delta) = self.open_entry(entry)?;
            revs.push(rev);
            Delta::decode(delta)?.apply(ledger_mut(&mut p));
        }
        if self.sealed {
            seal::check_sequence(self.base, &revs, self.rev)?;
        }
        Ok(p)
    }

    /// The journal entries that open and decode, applied over `p`; the others named in
    /// `lost` (`journal/N`).
    pub fn salvage_journal(&self, p: &mut Portfolio, lost: &mut Vec<String>) {
        for (k, entry) in self.journal.iter().enumerate() {
            match self.open_entry(entry).and_then(|(_, d)| Delta::decode(d)) {
                Ok(d) => d.apply(ledger_mut(p)),
                Err(_) => lost.push(format!("journal/{k}")),
            }
        }
    }
}

/// Schema 3's full save: the chunks sealed, the journal emptied, `base` = the new revision.
pub async fn write_full_v3(db: &Database, p: &Portfolio) -> Result<u64, StoreError> {
    let tx = db.transaction(&[CHUNKS, JOURNAL, STATE], TransactionMode::ReadWrite)?;
    let rev = read_num(&tx, REV).await? + 1;
    let store = tx.object_store(CHUNKS)?;
    store.clear()?;
    for (k, v) in snapshot::to_chunks(p) {
        store.put(
            &js_bytes(&seal::seal(&k, &v)),
            Some(&wasm_bindgen::JsValue::from_str(&k)),
        )?;
    }
    tx.object_store(JOURNAL)?.clear()?;
    put_num(&tx, BASE, rev)?;
    put_num(&tx, SEALED, 1)?;
    put_num(&tx, REV, rev)?;
    commit(tx).await?;
    Ok(rev)
}

/// Schema 3's edit: one sealed journal entry carrying the revision it makes.
pub async fn append_delta_v3(db: &Database, delta: &Delta) -> Result<u64, StoreError> {
    let tx = db.transaction(&[JOURNAL, STATE], TransactionMode::ReadWrite)?;
    let rev = read_num(&tx, REV).await? + 1;
    let sealed = seal::seal_entry(rev, &delta.encode());
    tx.object_store(JOURNAL)?.add(&js_bytes(&sealed), None)?;
    put_num(&tx, SEALED, 1)?;
    put_num(&tx, REV, rev)?;
    commit(tx).await?;
    Ok(rev)
}
