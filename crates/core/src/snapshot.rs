//! The storage encoding of a ledger: compact binary sections, plus small deltas for edits.
//!
//! The browser store keeps the ledger as a few serialized chunks (one `put` each) instead of
//! one IndexedDB record per invoice: per-record stores cost seconds at 100,000 invoices, one
//! blob costs a tenth of that. An edit between two full saves is written as a [`Delta`] (the
//! records it touched), replayed on load and folded into the chunks later.

use crate::collection::Collection;
use crate::ledger::{Batch, Client, Invoice, InvoiceId, Ledger, Payment, PaymentId};
use crate::portfolio::{written::Written, Portfolio};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

mod read;
use read::{decode_chunk, Part};
pub use read::{from_chunks, Reader};

pub mod seal;

/// Version of the chunk encoding (bumped when a model change alters the binary layout).
pub const SNAPSHOT_VERSION: u32 = 1;

/// Items per chunk.
pub const CHUNK: usize = 25_000;

/// Counters and the encoding version, stored in the `meta` chunk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub version: u32,
    pub next_client: u32,
    pub next_invoice: u32,
    pub next_payment: u32,
    pub next_batch: u32,
    pub clients: u32,
    pub invoices: u32,
    pub payments: u32,
}

/// Why stored records cannot be read. Each has a stable [`code`](SnapshotError::code).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SnapshotError {
    /// The record's bytes do not decode (`detail`: the decoder's words).
    Undecodable { record: String, detail: String },
    /// The record's seal does not match its bytes (see [`seal`]).
    Damaged { record: String },
    /// A record the others need is absent (`meta`, or a chunk of `invoices`, `payments`,
    /// `clients`).
    Missing { record: String },
    /// A record name this version does not know.
    Unknown { record: String },
    /// The chunks' encoding version is not this build's.
    EncodingVersion { found: u32 },
    /// The follow-up chunk's layout is newer than this build's.
    CollectionLayout { found: u32 },
    /// The journal does not follow from the last full save: entry `expected` is absent (or
    /// `found` stands where it should be).
    JournalGap { expected: u64, found: u64 },
}

impl SnapshotError {
    /// A stable identifier, for messages and tests.
    pub fn code(&self) -> &'static str {
        match self {
            SnapshotError::Undecodable { .. } => "undecodable",
            SnapshotError::Damaged { .. } => "checksum_mismatch",
            SnapshotError::Missing { .. } => "missing_record",
            SnapshotError::Unknown { .. } => "unknown_record",
            SnapshotError::EncodingVersion { .. } => "encoding_version",
            SnapshotError::CollectionLayout { .. } => "collection_layout",
            SnapshotError::JournalGap { .. } => "journal_gap",
        }
    }

    /// The record concerned, when there is one.
    pub fn record(&self) -> Option<&str> {
        match self {
            SnapshotError::Undecodable { record, .. }
            | SnapshotError::Damaged { record }
            | SnapshotError::Missing { record }
            | SnapshotError::Unknown { record } => Some(record),
            _ => None,
        }
    }
}

impl std::fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stored data is unreadable: ")?;
        match self {
            SnapshotError::Undecodable { record, detail } => write!(f, "{record}: {detail}"),
            SnapshotError::Damaged { record } => {
                write!(f, "{record} does not match its checksum (damaged)")
            }
            SnapshotError::Missing { record } => write!(f, "{record} is missing"),
            SnapshotError::Unknown { record } => write!(f, "unknown record {record}"),
            SnapshotError::EncodingVersion { found } => {
                write!(f, "encoding version {found} (expected {SNAPSHOT_VERSION})")
            }
            SnapshotError::CollectionLayout { found } => write!(
                f,
                "follow-up layout {found} (expected {COLLECTION_VERSION} or older)"
            ),
            SnapshotError::JournalGap { expected, found } => {
                write!(f, "journal entry {expected} is missing (found {found})")
            }
        }
    }
}

impl std::error::Error for SnapshotError {}

fn enc<T: Serialize + ?Sized>(v: &T) -> Vec<u8> {
    postcard::to_allocvec(v).expect("serializing to memory cannot fail")
}

fn dec<T: DeserializeOwned>(b: &[u8], what: &str) -> Result<T, SnapshotError> {
    postcard::from_bytes(b).map_err(|e| undecodable(what, e))
}

fn undecodable(what: &str, e: postcard::Error) -> SnapshotError {
    SnapshotError::Undecodable {
        record: what.to_string(),
        detail: e.to_string(),
    }
}

/// Splits a portfolio into named chunks: `meta`, `clients`, `batches`, `collection` (the
/// follow-up), `invoices/N`, `payments/N`.
pub fn to_chunks(portfolio: &Portfolio) -> Vec<(String, Vec<u8>)> {
    let ledger = portfolio.ledger();
    let meta = Meta {
        version: SNAPSHOT_VERSION,
        next_client: ledger.next_client,
        next_invoice: ledger.next_invoice,
        next_payment: ledger.next_payment,
        next_batch: ledger.next_batch,
        clients: ledger.clients.len() as u32,
        invoices: ledger.invoices.len() as u32,
        payments: ledger.payments.len() as u32,
    };
    let records = |tags: &[u32]| {
        crate::ledger::with_tags(tags, || {
            let mut out = vec![
                ("clients".to_string(), enc(&ledger.clients)),
                ("batches".to_string(), enc(&ledger.batches)),
            ];
            for (k, c) in ledger.invoices.chunks(CHUNK).enumerate() {
                out.push((format!("invoices/{k}"), enc(c)));
            }
            for (k, c) in ledger.payments.chunks(CHUNK).enumerate() {
                out.push((format!("payments/{k}"), enc(c)));
            }
            out
        })
    };
    let mut out = vec![
        ("meta".to_string(), enc(&meta)),
        collection_chunk(&portfolio.follow_up),
        (WRITTEN.to_string(), portfolio.written().encode()),
    ];
    // The records' ids against the table of their devices' tags (see `ledger::with_tags`),
    // written as a chunk of its own; without it (a book with ids of one untagged device, as
    // every book stored before tags, or with more than `MAX_TAGS` devices) ids are raw.
    match tags_of(ledger) {
        Some(tags) if !tags.is_empty() && tags != [0] => match records(&tags) {
            (chunks, false) => {
                out.push((TAGS.to_string(), enc(&tags)));
                out.extend(chunks);
            }
            // An id this walk did not see (a field added without it): raw, readable.
            (_, true) => out.extend(records(&[]).0),
        },
        _ => out.extend(records(&[]).0),
    }
    out
}

/// The name of the chunk holding the records' table of device tags.
pub const TAGS: &str = "tags";

/// Every tag the records' ids carry (sorted), or `None` past [`crate::ledger::MAX_TAGS`].
fn tags_of(l: &Ledger) -> Option<Vec<u32>> {
    let mut tags: Vec<u32> = Vec::new();
    let mut full = false;
    let mut see = |raw: u64| {
        let t = (raw >> 32) as u32;
        if !tags.contains(&t) {
            full |= tags.len() == crate::ledger::MAX_TAGS;
            tags.push(t);
        }
    };
    fn invoice(i: &Invoice, see: &mut impl FnMut(u64)) {
        see(i.id.0);
        see(i.client.0);
        if let Some(t) = i.applies_to {
            see(t.0);
        }
    }
    fn payment(p: &Payment, see: &mut impl FnMut(u64)) {
        see(p.id.0);
        see(p.client.0);
        p.allocations.iter().for_each(|a| see(a.invoice.0));
    }
    l.clients.iter().for_each(|c| see(c.id.0));
    l.invoices.iter().for_each(|i| invoice(i, &mut see));
    l.payments.iter().for_each(|p| payment(p, &mut see));
    for b in &l.batches {
        see(b.id.0);
        b.created_clients.iter().for_each(|c| see(c.0));
        b.previous_clients.iter().for_each(|c| see(c.id.0));
        b.previous_invoices
            .iter()
            .for_each(|i| invoice(i, &mut see));
        b.previous_payments
            .iter()
            .for_each(|p| payment(p, &mut see));
    }
    if full {
        return None;
    }
    crate::small::sort_by(&mut tags, Ord::cmp);
    Some(tags)
}

/// Whether chunk `key` holds records (whose ids are written against the tags' table).
fn holds_records(key: &str) -> bool {
    matches!(key, "clients" | "batches")
        || key.starts_with("invoices/")
        || key.starts_with("payments/")
}

/// The tags' table of a set of chunks: `None` without a `tags` chunk (raw ids).
fn table_of(bytes: &[u8]) -> Result<Vec<u32>, SnapshotError> {
    let tags: Vec<u32> = dec(bytes, TAGS)?;
    if tags.is_empty() || tags.len() > crate::ledger::MAX_TAGS {
        return Err(SnapshotError::Undecodable {
            record: TAGS.to_string(),
            detail: format!("{} tags", tags.len()),
        });
    }
    Ok(tags)
}

/// [`decode_chunk`], a record chunk's ids read against `tags`.
fn decode_with(key: &str, bytes: &[u8], tags: Option<&[u32]>) -> Result<Part, SnapshotError> {
    match tags {
        Some(t) if holds_records(key) => crate::ledger::with_tags(t, || decode_chunk(key, bytes)).0,
        _ => decode_chunk(key, bytes),
    }
}

/// The name of the chunk holding [`Collection`] (absent in stores written before it existed).
pub const COLLECTION: &str = "collection";

/// The collection follow-up as a chunk: rewritten whole by each dunning action (it is small),
/// in the same transaction as the records the action touched.
pub fn collection_chunk(c: &Collection) -> (String, Vec<u8>) {
    (COLLECTION.to_string(), enc(&(COLLECTION_VERSION, c)))
}

/// The name of the chunk of what the book knows of its records' last writes
/// (`portfolio::written`, its own encoding); a snapshot written before it has none, and is
/// read with none known.
pub const WRITTEN: &str = "written";

/// Layout version of the collection chunk, written before it: the follow-up grows with each
/// credit-management feature. Older layouts are migrated on read; a newer one is refused
/// rather than misread.
///
/// 1: dunning follow-up, plans, disputes. 2: + checklists, owners, provision rates, recovery
/// cost assumptions. 3: + payment corrections in the timeline (a new activity kind, appended:
/// a layout-2 chunk reads as it is; a 3 is refused by a version that only knows 2). 4: + legal
/// records (acknowledgements, doubtful marks, end-of-month terms), each scenario's
/// `straight_to_notice`, the référé-provision's cost assumption. 5: + what bank matches taught
/// (payers' IBANs and names, receipts set aside). 6: + the recorded closings (each with its
/// provisions as booked).
pub const COLLECTION_VERSION: u32 = 6;

fn collection_from(bytes: &[u8]) -> Result<Collection, SnapshotError> {
    let bad = |e: postcard::Error| undecodable(COLLECTION, e);
    let (version, rest): (u32, &[u8]) = postcard::take_from_bytes(bytes).map_err(bad)?;
    match version {
        1 => Ok(dec::<crate::collection::CollectionV1>(rest, COLLECTION)?.into()),
        // 2 and 3 share a shape (3 only added an activity kind at the end of its enum).
        2 | 3 => Ok(dec::<crate::collection::CollectionV2>(rest, COLLECTION)?.into()),
        4 => Ok(dec::<crate::collection::CollectionV4>(rest, COLLECTION)?.into()),
        5 => Ok(dec::<crate::collection::CollectionV5>(rest, COLLECTION)?.into()),
        COLLECTION_VERSION => dec(rest, COLLECTION),
        found => Err(SnapshotError::CollectionLayout { found }),
    }
}

/// What can still be read of damaged storage: the records of every chunk that opened and
/// decoded, made consistent so that the result exports as a backup the app can restore.
#[derive(Clone, Debug, PartialEq)]
pub struct Salvage {
    pub portfolio: Portfolio,
    /// The chunks that could not be read (their records are absent from `portfolio`).
    pub lost: Vec<String>,
}

/// Reads what can be read: each chunk whose payload is `Ok` and decodes is kept, the others
/// are named in [`Salvage::lost`]. References to lost records are mended rather than kept
/// dangling: an allocation to a lost invoice is removed (the payment stays, unallocated), a
/// credit note forgets a lost invoice it reduced, and a lost client named by a surviving
/// invoice or payment comes back as `#id` with no other details. Id counters never go below
/// the ids present, so a new record cannot reuse one.
pub fn salvage<'a>(
    chunks: impl IntoIterator<Item = (&'a str, Result<&'a [u8], SnapshotError>)>,
) -> Salvage {
    let mut lost = Vec::new();
    let mut ledger = Ledger::default();
    let mut follow_up = Collection::default();
    let mut written = Written::default();
    let mut meta: Option<Meta> = None;
    let chunks: Vec<_> = chunks.into_iter().collect();
    // A lost table loses the records written against it (their ids cannot be read).
    let tags = chunks.iter().find(|(k, _)| *k == TAGS).map(|(_, p)| {
        p.clone()
            .and_then(table_of)
            .map_err(|_| lost.push(TAGS.to_string()))
    });
    for (name, payload) in chunks {
        if name == TAGS {
            continue;
        }
        let part = match &tags {
            Some(Err(())) if holds_records(name) => Err(missing(TAGS)),
            Some(Ok(t)) => payload.and_then(|p| decode_with(name, p, Some(t))),
            _ => payload.and_then(|p| decode_chunk(name, p)),
        };
        match part {
            Ok(Part::Tags) => {}
            Ok(Part::Meta(m)) => meta = Some(m),
            Ok(Part::Clients(c)) => ledger.clients = c,
            Ok(Part::Batches(b)) => ledger.batches = b,
            Ok(Part::Collection(c)) => follow_up = *c,
            Ok(Part::Written(w)) => written = *w,
            Ok(Part::Invoices(_, v)) => ledger.invoices.extend(v),
            Ok(Part::Payments(_, v)) => ledger.payments.extend(v),
            Err(_) => lost.push(name.to_string()),
        }
    }
    crate::small::sort_by(&mut ledger.invoices, |a, b| a.id.cmp(&b.id));
    crate::small::sort_by(&mut ledger.payments, |a, b| a.id.cmp(&b.id));
    mend(&mut ledger, meta.as_ref());
    crate::small::sort_by(&mut lost, Ord::cmp);
    Salvage {
        portfolio: Portfolio::from_parts(ledger, follow_up).with_written(written),
        lost,
    }
}

fn mend(l: &mut Ledger, meta: Option<&Meta>) {
    use crate::ledger::ClientId;
    // Sorted vectors, not B-tree sets: this runs in the page, where each set's code weighs
    // (the invoices are in id order already, sorted above).
    let invoices: Vec<InvoiceId> = l.invoices.iter().map(|i| i.id).collect();
    let has = |id: &InvoiceId| invoices.binary_search(id).is_ok();
    for p in &mut l.payments {
        p.allocations.retain(|a| has(&a.invoice));
    }
    for i in &mut l.invoices {
        if i.applies_to.is_some_and(|t| !has(&t)) {
            i.applies_to = None;
        }
    }
    let mut known: Vec<ClientId> = l.clients.iter().map(|c| c.id).collect();
    crate::small::sort_by(&mut known, Ord::cmp);
    let mut named: Vec<ClientId> = l
        .invoices
        .iter()
        .map(|i| i.client)
        .chain(l.payments.iter().map(|p| p.client))
        .filter(|c| known.binary_search(c).is_err())
        .collect();
    crate::small::sort_by(&mut named, Ord::cmp);
    named.dedup();
    for id in named {
        crate::ledger::upsert_sorted(
            &mut l.clients,
            Client {
                id,
                name: format!("#{}", id.counter()),
                ..Client::default()
            },
            |c| c.id,
        );
    }
    let next = |from_meta: Option<u32>, max: Option<u32>| {
        from_meta
            .unwrap_or(0)
            .max(max.map_or(0, |m| m.saturating_add(1)))
    };
    l.next_client = next(
        meta.map(|m| m.next_client),
        l.clients.iter().map(|c| c.id.counter()).max(),
    );
    l.next_invoice = next(
        meta.map(|m| m.next_invoice),
        l.invoices.iter().map(|i| i.id.counter()).max(),
    );
    l.next_payment = next(
        meta.map(|m| m.next_payment),
        l.payments.iter().map(|p| p.id.counter()).max(),
    );
    l.next_batch = next(
        meta.map(|m| m.next_batch),
        l.batches.iter().map(|b| b.id.counter()).max(),
    );
}

fn unknown(key: &str) -> SnapshotError {
    SnapshotError::Unknown {
        record: key.to_string(),
    }
}

fn missing(what: &str) -> SnapshotError {
    SnapshotError::Missing {
        record: what.to_string(),
    }
}

/// The records one edit touched: replayed in order over the last full save.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Delta {
    pub clients: Vec<Client>,
    pub invoices: Vec<Invoice>,
    pub payments: Vec<Payment>,
    pub removed_invoices: Vec<InvoiceId>,
    pub removed_payments: Vec<PaymentId>,
    pub next_client: u32,
    pub next_invoice: u32,
    pub next_payment: u32,
}

impl Delta {
    /// A delta holding the current state of the given records.
    pub fn of(
        ledger: &Ledger,
        invoices: &[InvoiceId],
        payments: &[PaymentId],
        clients: &[crate::ledger::ClientId],
    ) -> Delta {
        Delta {
            clients: clients
                .iter()
                .filter_map(|&c| ledger.client(c).cloned())
                .collect(),
            invoices: invoices
                .iter()
                .filter_map(|&i| ledger.invoice(i).cloned())
                .collect(),
            payments: payments
                .iter()
                .filter_map(|&p| {
                    ledger
                        .payments
                        .binary_search_by_key(&p, |x| x.id)
                        .ok()
                        .map(|k| ledger.payments[k].clone())
                })
                .collect(),
            next_client: ledger.next_client,
            next_invoice: ledger.next_invoice,
            next_payment: ledger.next_payment,
            ..Delta::default()
        }
    }

    pub fn encode(&self) -> Vec<u8> {
        enc(self)
    }

    pub fn decode(b: &[u8]) -> Result<Delta, SnapshotError> {
        dec(b, "journal entry")
    }

    /// Replays the delta.
    pub fn apply(&self, ledger: &mut Ledger) {
        use crate::ledger::upsert_sorted;
        for c in &self.clients {
            upsert_sorted(&mut ledger.clients, c.clone(), |x| x.id);
        }
        for i in &self.invoices {
            upsert_sorted(&mut ledger.invoices, i.clone(), |x| x.id);
        }
        for p in &self.payments {
            upsert_sorted(&mut ledger.payments, p.clone(), |x| x.id);
        }
        if !self.removed_invoices.is_empty() {
            ledger
                .invoices
                .retain(|i| !self.removed_invoices.contains(&i.id));
        }
        if !self.removed_payments.is_empty() {
            ledger
                .payments
                .retain(|p| !self.removed_payments.contains(&p.id));
        }
        ledger.next_client = ledger.next_client.max(self.next_client);
        ledger.next_invoice = ledger.next_invoice.max(self.next_invoice);
        ledger.next_payment = ledger.next_payment.max(self.next_payment);
    }
}

#[cfg(test)]
mod tests;
