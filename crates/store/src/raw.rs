//! The stored records as one read transaction gives them, and their checks: the snapshot and
//! the log after it (or, before the log, the journal).

use super::schema::{BODIES, CHUNKS, HEADS, JOURNAL, STATE};
use super::{bytes, key, legacy, log, num_key, Loaded, Store, StoreError};
use super::{read_num, BASE, LOG, REV, SEALED};
use encours_core::snapshot::{self, seal, SnapshotError};
use idb::{KeyRange, Query, TransactionMode};

impl Store {
    pub(super) async fn read_raw(&self) -> Result<Raw, StoreError> {
        let tx = self.db.transaction(
            &[CHUNKS, JOURNAL, STATE, HEADS, BODIES],
            TransactionMode::ReadOnly,
        )?;
        let chunks = tx.object_store(CHUNKS)?;
        let keys = chunks.get_all_keys(None, None)?.await?;
        let values = chunks.get_all(None, None)?.await?;
        let journal = tx.object_store(JOURNAL)?.get_all(None, None)?.await?;
        let rev = read_num(&tx, REV).await?;
        let base = read_num(&tx, BASE).await?;
        let sealed = read_num(&tx, SEALED).await? == 1;
        let log = read_num(&tx, LOG).await? == 1;
        // From record base + 1 on, closed: the parts of record `base` (keys just after it,
        // see `log::parts`) are in the snapshot already.
        let log_after = read_log_after(&tx, base).await?;
        Ok(Raw {
            old: legacy::Old {
                chunks: keys
                    .iter()
                    .map(|k| k.as_string().unwrap_or_default())
                    .zip(values.iter().map(bytes))
                    .collect(),
                journal: journal.iter().map(bytes).collect(),
                rev,
                base,
                sealed,
            },
            log,
            tail: log_after.records,
            body_keys: log_after.keys,
            missing_head: log_after.missing_head,
        })
    }

    /// [`Store::read`], decoding one chunk or log record at a time with `pause` awaited
    /// between two (what a page calls: see `Raw::decode_in_steps`). A store still to be
    /// migrated (once per database) is read at once.
    pub async fn read_in_steps<F: std::future::Future<Output = ()>>(
        &self,
        pause: impl Fn() -> F,
    ) -> Result<Loaded, StoreError> {
        let raw = self.read_raw().await?;
        if raw.log || (raw.old.is_empty() && raw.old.rev == 0) {
            return raw
                .decode_in_steps(pause)
                .await
                .map_err(StoreError::Damaged);
        }
        self.read().await
    }

    /// The events written after revision `rev`, read in one transaction, when they can be
    /// applied over the book as it was at `rev` (another tab's change, events brought by
    /// sync): a page then applies a payment instead of reading 100,000 invoices again.
    /// `None` when only a whole read will do: a snapshot was written since (an import, a
    /// restore, which also restarts the log), the database is not a log yet, or `rev` is
    /// ahead of what is stored.
    pub async fn read_after(&self, rev: u64) -> Result<Option<Update>, StoreError> {
        let tx = self
            .db
            .transaction(&[STATE, HEADS, BODIES], TransactionMode::ReadOnly)?;
        let stored = read_num(&tx, REV).await?;
        let base = read_num(&tx, BASE).await?;
        if read_num(&tx, LOG).await? != 1 || base > rev || stored < rev {
            return Ok(None);
        }
        let read = read_log_after(&tx, rev).await?;
        if let Some(k) = read.missing_head {
            return Err(StoreError::Damaged(SnapshotError::Missing {
                record: log::heads_name(k),
            }));
        }
        // Every revision up to the stored one: a lost record is not skipped.
        seal::check_sequence(rev, &read.keys, stored).map_err(StoreError::Damaged)?;
        let mut events = Vec::new();
        for (k, h, b) in &read.records {
            events.extend(log::open_events(*k, h, b).map_err(StoreError::Damaged)?);
        }
        Ok(Some(Update {
            rev: stored,
            events,
        }))
    }
}

/// What was written after a revision: the revision now stored and the events since.
#[derive(Debug)]
pub struct Update {
    pub rev: u64,
    pub events: Vec<encours_core::portfolio::event::Event>,
}

/// The log records after record `after`, heads matched to bodies, as one transaction reads
/// them (`tx` holds `heads` and `bodies`).
struct LogAfter {
    records: Vec<(u64, Vec<u8>, Vec<u8>)>,
    /// The bodies' record keys, in order (to check that none is missing).
    keys: Vec<u64>,
    /// A bodies record whose heads record is absent.
    missing_head: Option<u64>,
}

async fn read_log_after(tx: &idb::Transaction, after: u64) -> Result<LogAfter, StoreError> {
    let range = || -> Result<Option<Query>, StoreError> {
        Ok(Some(Query::KeyRange(KeyRange::lower_bound(
            &key(after + 1),
            Some(false),
        )?)))
    };
    let heads = tx.object_store(HEADS)?;
    let head_keys = heads.get_all_keys(range()?, None)?.await?;
    let head_values = heads.get_all(range()?, None)?.await?;
    let bodies = tx.object_store(BODIES)?;
    let body_keys = bodies.get_all_keys(range()?, None)?.await?;
    let body_values = bodies.get_all(range()?, None)?.await?;
    let bodies = super::log::join(
        body_keys
            .iter()
            .map(|k| k.as_f64())
            .zip(body_values.iter().map(bytes)),
    );
    let keys: Vec<u64> = bodies.iter().map(|(k, _)| *k).collect();
    // IndexedDB gives the keys in order; a sorted vector, not a B-tree map (its code weighs
    // on the page's wasm).
    let mut heads_of: Vec<(u64, Vec<u8>)> = head_keys
        .iter()
        .map(num_key)
        .zip(head_values.iter().map(bytes))
        .collect();
    if heads_of.windows(2).any(|w| w[0].0 > w[1].0) {
        encours_core::small::sort_by(&mut heads_of, |a, b| a.0.cmp(&b.0));
    }
    let mut records = Vec::with_capacity(bodies.len());
    let mut missing_head = None;
    for (k, b) in bodies {
        match heads_of.binary_search_by_key(&k, |h| h.0) {
            Ok(i) => records.push((k, heads_of[i].1.clone(), b)),
            Err(_) => missing_head = missing_head.or(Some(k)),
        }
    }
    Ok(LogAfter {
        records,
        keys,
        missing_head,
    })
}

/// The stored records as read, before any check.
pub(super) struct Raw {
    /// The snapshot (and, before the log, the journal and its revisions).
    pub old: legacy::Old,
    /// Whether the database is a log (schema 4 data).
    pub log: bool,
    /// The log records after the snapshot: key, heads, bodies.
    pub tail: Vec<(u64, Vec<u8>, Vec<u8>)>,
    pub body_keys: Vec<u64>,
    /// A bodies record whose heads record is absent.
    pub missing_head: Option<u64>,
}

impl Raw {
    /// The snapshot and the events after it, or the first damage found.
    pub fn decode(&self) -> Result<Loaded, SnapshotError> {
        let mut d = Decoding::new(self)?;
        loop {
            if let Some(loaded) = d.step()? {
                return Ok(loaded);
            }
        }
    }

    /// [`Raw::decode`] one chunk or one log record at a time, `pause` awaited between two:
    /// a page reading a 100k book lets the browser paint and answer in between (decoded at
    /// once, with its seals checked, it was one main-thread task of a few hundred ms).
    pub async fn decode_in_steps<F: std::future::Future<Output = ()>>(
        &self,
        pause: impl Fn() -> F,
    ) -> Result<Loaded, SnapshotError> {
        let mut d = Decoding::new(self)?;
        loop {
            if let Some(loaded) = d.step()? {
                return Ok(loaded);
            }
            pause().await;
        }
    }
}

/// A decode under way: the chunks read so far, then the portfolio and the log records
/// replayed so far.
struct Decoding<'a> {
    raw: &'a Raw,
    reader: Option<snapshot::Reader>,
    chunk: usize,
    portfolio: Option<encours_core::Portfolio>,
    record: usize,
    tail: usize,
}

impl<'a> Decoding<'a> {
    fn new(raw: &'a Raw) -> Result<Decoding<'a>, SnapshotError> {
        let tags = (raw.old.chunks.iter())
            .find(|(n, _)| n == snapshot::TAGS)
            .map(|(n, b)| seal::open(n, b))
            .transpose()?;
        Ok(Decoding {
            raw,
            reader: Some(snapshot::Reader::new(tags)?),
            chunk: 0,
            portfolio: None,
            record: 0,
            tail: 0,
        })
    }

    /// Reads one chunk, or assembles the snapshot, or replays one log record; the book once
    /// all is done. Damage is found in the order a whole decode finds it: the chunks, the
    /// log's sequence, its records.
    fn step(&mut self) -> Result<Option<Loaded>, SnapshotError> {
        let raw = self.raw;
        if let Some(reader) = self.reader.as_mut() {
            if let Some((n, b)) = raw.old.chunks.get(self.chunk) {
                reader.read(n, seal::open(n, b)?)?;
                self.chunk += 1;
                return Ok(None);
            }
            let reader = self.reader.take().expect("a reader");
            self.portfolio = Some(reader.finish()?);
            if let Some(k) = raw.missing_head {
                return Err(SnapshotError::Missing {
                    record: log::heads_name(k),
                });
            }
            // Every revision after the snapshot is in the log: a lost record is not skipped.
            seal::check_sequence(raw.old.base, &raw.body_keys, raw.old.rev)?;
            return Ok(None);
        }
        let portfolio = self.portfolio.as_mut().expect("assembled");
        if let Some((k, h, b)) = raw.tail.get(self.record) {
            let events = log::open_events(*k, h, b)?;
            self.tail += events.len();
            encours_core::portfolio::log::replay_onto(portfolio, &events);
            self.record += 1;
            return Ok(None);
        }
        Ok(Some(Loaded {
            portfolio: self.portfolio.take().expect("assembled"),
            rev: raw.old.rev,
            tail: self.tail,
        }))
    }
}
