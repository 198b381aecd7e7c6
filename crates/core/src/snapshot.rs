//! The storage encoding of a ledger: compact binary sections, plus small deltas for edits.
//!
//! The browser store keeps the ledger as a few serialized chunks (one `put` each) instead of
//! one IndexedDB record per invoice: per-record stores cost seconds at 100,000 invoices, one
//! blob costs a tenth of that. An edit between two full saves is written as a [`Delta`] (the
//! records it touched), replayed on load and folded into the chunks later.

use crate::collection::Collection;
use crate::ledger::{Batch, Client, Invoice, InvoiceId, Ledger, Payment, PaymentId};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

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

/// Error while decoding stored chunks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotError(pub String);

impl std::fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "stored data is unreadable: {}", self.0)
    }
}

impl std::error::Error for SnapshotError {}

fn enc<T: Serialize + ?Sized>(v: &T) -> Vec<u8> {
    postcard::to_allocvec(v).expect("serializing to memory cannot fail")
}

fn dec<T: DeserializeOwned>(b: &[u8], what: &str) -> Result<T, SnapshotError> {
    postcard::from_bytes(b).map_err(|e| SnapshotError(format!("{what}: {e}")))
}

/// Splits a ledger into named chunks: `meta`, `clients`, `batches`, `invoices/N`, `payments/N`.
pub fn to_chunks(ledger: &Ledger) -> Vec<(String, Vec<u8>)> {
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
    let mut out = vec![
        ("meta".to_string(), enc(&meta)),
        ("clients".to_string(), enc(&ledger.clients)),
        ("batches".to_string(), enc(&ledger.batches)),
        collection_chunk(&ledger.collection),
    ];
    for (k, c) in ledger.invoices.chunks(CHUNK).enumerate() {
        out.push((format!("invoices/{k}"), enc(c)));
    }
    for (k, c) in ledger.payments.chunks(CHUNK).enumerate() {
        out.push((format!("payments/{k}"), enc(c)));
    }
    out
}

/// The name of the chunk holding [`Collection`] (absent in stores written before it existed).
pub const COLLECTION: &str = "collection";

/// The collection follow-up as a chunk: rewritten whole by each dunning action (it is small),
/// in the same transaction as the records the action touched.
pub fn collection_chunk(c: &Collection) -> (String, Vec<u8>) {
    (COLLECTION.to_string(), enc(&(COLLECTION_VERSION, c)))
}

/// Layout version of the collection chunk, written before it: the follow-up grows with each
/// credit-management feature. Older layouts are migrated on read; a newer one is refused
/// rather than misread.
///
/// 1: dunning follow-up, plans, disputes. 2: + checklists, owners, provision rates, recovery
/// cost assumptions. 3: + payment corrections in the timeline (a new activity kind, appended:
/// a layout-2 chunk reads as it is; a 3 is refused by a version that only knows 2). 4: + legal
/// records (acknowledgements, doubtful marks, end-of-month terms) and each scenario's
/// `straight_to_notice`.
pub const COLLECTION_VERSION: u32 = 4;

fn collection_from(bytes: &[u8]) -> Result<Collection, SnapshotError> {
    let bad = |e: postcard::Error| SnapshotError(format!("{COLLECTION}: {e}"));
    let (version, rest): (u32, &[u8]) = postcard::take_from_bytes(bytes).map_err(bad)?;
    match version {
        1 => Ok(dec::<crate::collection::CollectionV1>(rest, COLLECTION)?.into()),
        // 2 and 3 share a shape (3 only added an activity kind at the end of its enum).
        2 | 3 => Ok(dec::<crate::collection::CollectionV2>(rest, COLLECTION)?.into()),
        COLLECTION_VERSION => dec(rest, COLLECTION),
        _ => Err(SnapshotError(format!(
            "follow-up layout {version} (expected {COLLECTION_VERSION} or older)"
        ))),
    }
}

/// Rebuilds a ledger from the chunks [`to_chunks`] wrote (in any order).
pub fn from_chunks<'a>(
    chunks: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<Ledger, SnapshotError> {
    let mut meta: Option<Meta> = None;
    let mut ledger = Ledger::default();
    let mut inv: Vec<(usize, Vec<Invoice>)> = Vec::new();
    let mut pay: Vec<(usize, Vec<Payment>)> = Vec::new();
    for (key, bytes) in chunks {
        match key.split_once('/') {
            None if key == "meta" => meta = Some(dec(bytes, key)?),
            None if key == "clients" => ledger.clients = dec::<Vec<Client>>(bytes, key)?,
            None if key == "batches" => ledger.batches = dec::<Vec<Batch>>(bytes, key)?,
            None if key == COLLECTION => ledger.collection = collection_from(bytes)?,
            Some(("invoices", n)) => inv.push((
                n.parse().map_err(|_| SnapshotError(key.into()))?,
                dec(bytes, key)?,
            )),
            Some(("payments", n)) => pay.push((
                n.parse().map_err(|_| SnapshotError(key.into()))?,
                dec(bytes, key)?,
            )),
            _ => return Err(SnapshotError(format!("unknown chunk {key}"))),
        }
    }
    let Some(meta) = meta else {
        return Ok(Ledger::default());
    };
    if meta.version != SNAPSHOT_VERSION {
        return Err(SnapshotError(format!(
            "encoding version {} (expected {SNAPSHOT_VERSION})",
            meta.version
        )));
    }
    crate::small::sort_by(&mut inv, |a, b| a.0.cmp(&b.0));
    crate::small::sort_by(&mut pay, |a, b| a.0.cmp(&b.0));
    ledger.invoices = inv.into_iter().flat_map(|(_, v)| v).collect();
    ledger.payments = pay.into_iter().flat_map(|(_, v)| v).collect();
    if ledger.invoices.len() != meta.invoices as usize
        || ledger.payments.len() != meta.payments as usize
        || ledger.clients.len() != meta.clients as usize
    {
        return Err(SnapshotError("a chunk is missing".into()));
    }
    ledger.next_client = meta.next_client;
    ledger.next_invoice = meta.next_invoice;
    ledger.next_payment = meta.next_payment;
    ledger.next_batch = meta.next_batch;
    Ok(ledger)
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
mod tests {
    use super::*;
    use crate::generator::{generate, GeneratorOptions};
    use crate::test_support::{date, dec};

    #[test]
    fn chunks_round_trip() {
        let l = generate(&GeneratorOptions::new(60_000, date("2025-06-30")));
        let chunks = to_chunks(&l);
        assert!(
            chunks
                .iter()
                .filter(|(k, _)| k.starts_with("invoices/"))
                .count()
                >= 3
        );
        let back =
            from_chunks(chunks.iter().rev().map(|(k, v)| (k.as_str(), v.as_slice()))).unwrap();
        assert_eq!(back, l);
    }

    #[test]
    fn collection_layout_1_is_migrated_and_a_newer_one_refused() {
        let mut c = Collection::default();
        c.contract_rates
            .insert(crate::ledger::ClientId(3), dec("12.5"));
        c.next_activity = 7;
        // Layouts 1 and 2 had scenarios without `straight_to_notice` (a name and levels).
        let s0 = c.settings.clone();
        let scenarios: Vec<(&String, &Vec<crate::dunning::Level>)> =
            s0.scenarios.iter().map(|s| (&s.name, &s.levels)).collect();
        let settings2 = (&scenarios, &s0.segments, s0.minimum, s0.deadline_days);
        // Layout 1 was these fields, in this order, after the version.
        let v1 = enc(&(
            1u32,
            settings2,
            &c.reached,
            &c.follow_ups,
            &c.activities,
            &c.promises,
            &c.contract_rates,
            c.next_activity,
            &c.plans,
            &c.disputes,
        ));
        let migrated = collection_from(&v1).unwrap();
        assert_eq!(migrated, c);
        assert_eq!(
            migrated.provision_rates,
            crate::provision::ProvisionRates::default()
        );
        c.set_owner(crate::ledger::ClientId(3), "Julie");
        c.provision_rates.litigation = dec("80");
        // Layouts 2 and 3 (3 only added an activity kind): the same plus checklists, owners,
        // provision rates and recovery costs.
        for version in [2u32, 3] {
            let v2 = enc(&(
                version,
                settings2,
                &c.reached,
                &c.follow_ups,
                &c.activities,
                &c.promises,
                &c.contract_rates,
                c.next_activity,
                &c.plans,
                &c.disputes,
                (
                    &c.checklists,
                    &c.owners,
                    &c.provision_rates,
                    &c.recovery_costs,
                ),
            ));
            assert_eq!(collection_from(&v2).unwrap(), c);
        }
        // The current layout round-trips with the new fields.
        c.law.acknowledgements.insert(
            crate::ledger::InvoiceId(4),
            crate::test_support::date("2025-02-01"),
        );
        c.settings.scenarios[0].straight_to_notice = true;
        let (_, bytes) = collection_chunk(&c);
        assert_eq!(collection_from(&bytes).unwrap(), c);
        let newer = enc(&(COLLECTION_VERSION + 1, &c));
        assert!(collection_from(&newer).unwrap_err().0.contains("layout 5"));
    }

    #[test]
    fn missing_chunk_is_an_error() {
        let l = generate(&GeneratorOptions::new(30_000, date("2025-06-30")));
        let chunks = to_chunks(&l);
        let partial = chunks
            .iter()
            .filter(|(k, _)| k != "invoices/1")
            .map(|(k, v)| (k.as_str(), v.as_slice()));
        assert!(from_chunks(partial).is_err());
        assert!(from_chunks([("meta", &b"\xff\xff"[..])]).is_err());
    }

    #[test]
    fn deltas_replay_edits() {
        let mut l = generate(&GeneratorOptions::new(200, date("2025-06-30")));
        let saved = l.clone();
        let inv = l.invoices[3].id;
        let p = l
            .record_payment(inv, date("2025-07-01"), dec("10.00"))
            .unwrap();
        let delta = Delta::of(&l, &[], &[p], &[]);
        let mut replayed = saved;
        Delta::decode(&delta.encode()).unwrap().apply(&mut replayed);
        assert_eq!(replayed, l);
    }
}
