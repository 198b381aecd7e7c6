//! The IndexedDB schema, versioned, with numbered migrations.
//!
//! - v1: `chunks` (the ledger as compact binary chunks, key = chunk name) and `settings`.
//! - v2: adds `journal` (one record per edit since the last full save, auto-increment) and
//!   `state` (the revision counter tabs use to detect each other's writes).
//! - v3: no new store; chunks and journal entries are stored sealed (a digest of their bytes,
//!   `encours_core::snapshot::seal`) and `state` gains `base` and `sealed`. Records of a v2
//!   database are read once unsealed and rewritten sealed by the first load
//!   (`Store::read`), in one transaction. The version is bumped so that a tab of an older
//!   build, which would write unsealed records, is closed by the upgrade (`versionchange`).
//!
//! - v4: the event log is what is stored: `heads` and `bodies` (one record each per write, the
//!   events of one command, keyed by the revision the write made; histories read heads only),
//!   `chunks` a snapshot cache of the log up to `state.base`, `state.log` the mark. A v1–v3
//!   book is read once as it was written and its log opened by the first load (`Store::read`:
//!   one opening event per record, a fresh snapshot, the journal emptied, one transaction).
//!   `journal` stays, empty, for that first read. The bump closes the tabs of older builds,
//!   which would write deltas the log does not hold.
//!
//! A migration only adds or reshapes stores inside the upgrade transaction; rewriting records
//! happens after, in an ordinary transaction with the revision check.

use idb::{Database, ObjectStoreParams};

/// The database name.
pub const DB_NAME: &str = "encours";

/// The version this build expects.
pub const VERSION: u32 = 4;

pub const CHUNKS: &str = "chunks";
pub const SETTINGS: &str = "settings";
pub const JOURNAL: &str = "journal";
pub const STATE: &str = "state";
pub const HEADS: &str = "heads";
pub const BODIES: &str = "bodies";

/// Brings a database from `old` to `new`, one numbered step at a time.
pub fn migrate(db: &Database, old: u32, new: u32) -> Result<(), idb::Error> {
    for step in old + 1..=new {
        match step {
            1 => migration_1(db)?,
            2 => migration_2(db)?,
            // 3: records sealed, rewritten on first load (no store to create).
            4 => migration_4(db)?,
            _ => {}
        }
    }
    Ok(())
}

fn has(db: &Database, name: &str) -> bool {
    db.store_names().iter().any(|n| n == name)
}

/// v1: the ledger chunks and the settings.
pub fn migration_1(db: &Database) -> Result<(), idb::Error> {
    if !has(db, CHUNKS) {
        db.create_object_store(CHUNKS, ObjectStoreParams::new())?;
    }
    if !has(db, SETTINGS) {
        db.create_object_store(SETTINGS, ObjectStoreParams::new())?;
    }
    Ok(())
}

/// v2: the edit journal and the revision counter.
fn migration_2(db: &Database) -> Result<(), idb::Error> {
    if !has(db, JOURNAL) {
        let mut p = ObjectStoreParams::new();
        p.auto_increment(true);
        db.create_object_store(JOURNAL, p)?;
    }
    if !has(db, STATE) {
        db.create_object_store(STATE, ObjectStoreParams::new())?;
    }
    Ok(())
}

/// v4: the event log, heads and bodies apart.
fn migration_4(db: &Database) -> Result<(), idb::Error> {
    for name in [HEADS, BODIES] {
        if !has(db, name) {
            db.create_object_store(name, ObjectStoreParams::new())?;
        }
    }
    Ok(())
}
