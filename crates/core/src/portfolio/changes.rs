//! What an event changes: the records as they are after it, and what it removed.
//!
//! An event carries its result, not a recipe: applying it puts records and removes others,
//! so a replay never re-runs a rule (a rule fixed later cannot rewrite the past, and a replay
//! costs a copy, not a computation). Small commands name the records they touched
//! ([`Changes::touched`]); bulk ones (an import, its undo, the demo data) compare the book
//! before and after in one linear pass ([`Changes::between`]), since their ids are sorted.

use super::written::{list_change, Ends, Stamp};
use super::{follow_up, ledger, ledger_mut, Portfolio};
use crate::collection::{Activity, Collection, FollowUp, LawRecords, Promise, Reached};
use crate::dunning::DunningSettings;
use crate::ledger::{upsert_sorted, Batch, BatchId, Client, ClientId, Invoice, InvoiceId};
use crate::ledger::{Ledger, Payment, PaymentId, RecordId};
use crate::small::SortedMap;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The id counters of the ledger after an event (ids are never reused).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    pub client: u32,
    pub invoice: u32,
    pub payment: u32,
    pub batch: u32,
}

impl Counters {
    pub fn of(l: &Ledger) -> Counters {
        Counters {
            client: l.next_client,
            invoice: l.next_invoice,
            payment: l.next_payment,
            batch: l.next_batch,
        }
    }
}

/// A vector of the follow-up after an event: its first `keep` items unchanged, then `tail`
/// (what events wrote before sync; read still, no longer written: see [`Splice`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tail<T> {
    pub keep: u32,
    pub tail: Vec<T>,
}

pub use super::splice::Splice;

/// One part of the follow-up an event changed, as it is after it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FollowUpChange {
    Settings(DunningSettings),
    Reached(Vec<(InvoiceId, Option<Reached>)>),
    FollowUps(Vec<(ClientId, Option<FollowUp>)>),
    Activities(Tail<Activity>),
    NextActivity(u32),
    Promises(Tail<Promise>),
    ContractRates(Vec<(ClientId, Option<Decimal>)>),
    Plans(Tail<crate::plan::Plan>),
    Disputes(Tail<crate::dispute::Dispute>),
    Checklists(Vec<(ClientId, Option<crate::scoring::Checklist>)>),
    Owners(Vec<(ClientId, Option<String>)>),
    ProvisionRates(crate::provision::ProvisionRates),
    RecoveryCosts(crate::case_file::RecoveryCosts),
    Law(LawRecords),
    /// What bank matches taught, whole (appended: the variants before keep their tags).
    Bank(crate::collection::BankMemory),
    /// The recorded closings (appended after `Bank`, same reason).
    Closings(Tail<crate::provision::Closing>),
    // What events write for the vectors since sync (see [`Splice`]); the `Tail` variants
    // above are read in the events written before.
    ActivitiesSpliced(Splice<Activity>),
    PromisesSpliced(Splice<Promise>),
    PlansSpliced(Splice<crate::plan::Plan>),
    DisputesSpliced(Splice<crate::dispute::Dispute>),
    ClosingsSpliced(Splice<crate::provision::Closing>),
}

/// Everything one event changes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    /// The book is emptied first (demo data loaded over it, a restore).
    pub reset: bool,
    pub clients: Vec<Client>,
    pub invoices: Vec<Invoice>,
    pub payments: Vec<Payment>,
    pub batches: Vec<Batch>,
    pub removed_clients: Vec<ClientId>,
    pub removed_invoices: Vec<InvoiceId>,
    pub removed_payments: Vec<PaymentId>,
    pub removed_batches: Vec<BatchId>,
    /// The counters after the event, when it moved them.
    pub counters: Option<Counters>,
    pub follow_up: Vec<FollowUpChange>,
}

impl Changes {
    /// Whether applying it would change nothing.
    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }

    /// The given records as they are now in `p` (a record absent from `p` is a removal), and
    /// the follow-up's parts that differ from `before`.
    pub fn touched(
        p: &Portfolio,
        before: Option<&Collection>,
        invoices: &[InvoiceId],
        payments: &[PaymentId],
        clients: &[ClientId],
    ) -> Changes {
        let l = ledger(p);
        let mut c = Changes::default();
        for &id in invoices {
            match l.invoice(id) {
                Some(i) => c.invoices.push(i.clone()),
                None => c.removed_invoices.push(id),
            }
        }
        for &id in payments {
            match l.payments.binary_search_by_key(&id, |x| x.id) {
                Ok(k) => c.payments.push(l.payments[k].clone()),
                Err(_) => c.removed_payments.push(id),
            }
        }
        for &id in clients {
            match l.client(id) {
                Some(x) => c.clients.push(x.clone()),
                None => c.removed_clients.push(id),
            }
        }
        if !invoices.is_empty() || !payments.is_empty() || !clients.is_empty() {
            c.counters = Some(Counters::of(l));
        }
        if let Some(b) = before {
            c.follow_up = follow_up_diff(b, follow_up(p));
        }
        c
    }

    /// What turns `before` into `after`: one linear pass over each list (sorted by id).
    pub fn between(before: &Portfolio, after: &Portfolio) -> Changes {
        let (b, a) = (ledger(before), ledger(after));
        let mut c = Changes::default();
        diff_sorted(
            &b.clients,
            &a.clients,
            |x| x.id,
            &mut c.clients,
            &mut c.removed_clients,
        );
        diff_sorted(
            &b.invoices,
            &a.invoices,
            |x| x.id,
            &mut c.invoices,
            &mut c.removed_invoices,
        );
        diff_sorted(
            &b.payments,
            &a.payments,
            |x| x.id,
            &mut c.payments,
            &mut c.removed_payments,
        );
        diff_sorted(
            &b.batches,
            &a.batches,
            |x| x.id,
            &mut c.batches,
            &mut c.removed_batches,
        );
        if Counters::of(a) != Counters::of(b) {
            c.counters = Some(Counters::of(a));
        }
        c.follow_up = follow_up_diff(follow_up(before), follow_up(after));
        c
    }

    /// Everything `p` holds, as changes over an empty book (a snapshot as one event).
    pub fn everything(p: &Portfolio) -> Changes {
        Changes::between(&Portfolio::default(), p)
    }

    /// Applies the changes: the only way a portfolio's records change.
    pub fn apply(&self, p: &mut Portfolio) {
        self.apply_stamped(p, None)
    }

    /// Applies the changes of an event stamped `s` (its lists' appends ordered by it; see
    /// [`Splice::apply_ordered`]).
    pub(crate) fn apply_stamped(&self, p: &mut Portfolio, s: Option<Stamp>) {
        if self.reset {
            *p = Portfolio::default();
        }
        let l = ledger_mut(p);
        remove_sorted(&mut l.clients, &self.removed_clients, |x| x.id);
        remove_sorted(&mut l.invoices, &self.removed_invoices, |x| x.id);
        remove_sorted(&mut l.payments, &self.removed_payments, |x| x.id);
        remove_sorted(&mut l.batches, &self.removed_batches, |x| x.id);
        put_sorted(&mut l.clients, &self.clients, |x| x.id);
        put_sorted(&mut l.invoices, &self.invoices, |x| x.id);
        put_sorted(&mut l.payments, &self.payments, |x| x.id);
        put_sorted(&mut l.batches, &self.batches, |x| x.id);
        // Counters only grow (ids are never reused): an event can move them on, never back, so
        // an event from a faulty writer cannot empty the id indexes (which are sized by them).
        if let Some(n) = self.counters {
            l.next_client = l.next_client.max(n.client);
            l.next_invoice = l.next_invoice.max(n.invoice);
            l.next_payment = l.next_payment.max(n.payment);
            l.next_batch = l.next_batch.max(n.batch);
        }
        let (f, w) = (&mut p.follow_up, &mut p.written);
        for change in &self.follow_up {
            // The stamps of a list's last items follow its splices; a tail (events written
            // before sync) replaces the items after a position: their stamps are forgotten.
            let order = match list_change(change) {
                Some((k, Some(_))) => s.map(|s| (w.ends_mut(k), s)),
                Some((k, None)) => {
                    w.ends_mut(k).clear();
                    None
                }
                None => None,
            };
            apply_follow_up(f, change, order);
        }
    }
}

/// Puts `items` into the sorted `v`: in one merge when there are many (an import), one
/// binary search each when there are few (an edit).
fn put_sorted<T: Clone, K: RecordId>(v: &mut Vec<T>, items: &[T], key: impl Fn(&T) -> K) {
    if items.len() < 64 {
        for x in items {
            upsert_sorted(v, x.clone(), &key);
        }
        return;
    }
    // (order key, position), through the shared sort: one routine for the four kinds of
    // records (a copy of the standard sort is some 1.7 KB of wasm each), stable. An
    // import's records come in order: then nothing is sorted (nor its buffers allocated).
    let mut order: Vec<(u64, u32)> = (items.iter().enumerate())
        .map(|(k, x)| (key(x).order_key(), k as u32))
        .collect();
    if order.windows(2).any(|w| w[0] > w[1]) {
        crate::small::sort_by(&mut order, |a, b| a.cmp(b));
    }
    let old = std::mem::take(v);
    v.reserve(old.len() + order.len());
    let mut new = order.into_iter().peekable();
    for x in old {
        let at = key(&x).order_key();
        while let Some((_, n)) = new.next_if(|&(n, _)| n < at) {
            v.push(items[n as usize].clone());
        }
        match new.next_if(|&(n, _)| n == at) {
            Some((_, n)) => v.push(items[n as usize].clone()),
            None => v.push(x),
        }
    }
    v.extend(new.map(|(_, n)| items[n as usize].clone()));
}

fn remove_sorted<T, K: Ord + Copy>(v: &mut Vec<T>, ids: &[K], key: impl Fn(&T) -> K) {
    if ids.is_empty() {
        return;
    }
    if ids.len() < 64 {
        for id in ids {
            if let Ok(k) = v.binary_search_by_key(id, &key) {
                v.remove(k);
            }
        }
        return;
    }
    let mut ids = ids.to_vec();
    crate::small::sort_by(&mut ids, Ord::cmp);
    v.retain(|x| ids.binary_search(&key(x)).is_err());
}

/// The records of `after` that are new or differ from `before`, and the ids `after` lost.
fn diff_sorted<T: Clone + PartialEq, K: Ord + Copy>(
    before: &[T],
    after: &[T],
    key: impl Fn(&T) -> K,
    put: &mut Vec<T>,
    removed: &mut Vec<K>,
) {
    let (mut i, mut j) = (0, 0);
    while i < before.len() || j < after.len() {
        match (before.get(i), after.get(j)) {
            (Some(b), Some(a)) if key(b) == key(a) => {
                if a != b {
                    put.push(a.clone());
                }
                i += 1;
                j += 1;
            }
            (Some(b), Some(a)) if key(b) < key(a) => {
                removed.push(key(b));
                i += 1;
            }
            (Some(b), None) => {
                removed.push(key(b));
                i += 1;
            }
            (_, Some(a)) => {
                put.push(a.clone());
                j += 1;
            }
            (None, None) => unreachable!(),
        }
    }
}

fn map_diff<K: Ord + Copy, V: Clone + PartialEq>(
    before: &SortedMap<K, V>,
    after: &SortedMap<K, V>,
) -> Vec<(K, Option<V>)> {
    let mut out = Vec::new();
    for (k, v) in after.iter() {
        if before.get(k) != Some(v) {
            out.push((*k, Some(v.clone())));
        }
    }
    for (k, _) in before.iter() {
        if !after.contains_key(k) {
            out.push((*k, None));
        }
    }
    out
}

fn map_apply<K: Ord + Copy, V: Clone>(m: &mut SortedMap<K, V>, changes: &[(K, Option<V>)]) {
    for (k, v) in changes {
        match v {
            Some(v) => drop(m.insert(*k, v.clone())),
            None => drop(m.remove(k)),
        }
    }
}

/// A [`Tail`] of an event written before [`Splice`]: everything after `keep` replaced.
fn tail_apply<T: Clone>(v: &mut Vec<T>, t: &Tail<T>) {
    v.truncate(t.keep as usize);
    v.extend(t.tail.iter().cloned());
}

/// The parts of the follow-up that differ, as they are in `after`.
pub fn follow_up_diff(before: &Collection, after: &Collection) -> Vec<FollowUpChange> {
    use FollowUpChange as F;
    let mut out = Vec::new();
    if before.settings != after.settings {
        out.push(F::Settings(after.settings.clone()));
    }
    let maps = [
        (!before.reached.eq(&after.reached))
            .then(|| F::Reached(map_diff(&before.reached, &after.reached))),
        (!before.follow_ups.eq(&after.follow_ups))
            .then(|| F::FollowUps(map_diff(&before.follow_ups, &after.follow_ups))),
        (!before.contract_rates.eq(&after.contract_rates))
            .then(|| F::ContractRates(map_diff(&before.contract_rates, &after.contract_rates))),
        (!before.checklists.eq(&after.checklists))
            .then(|| F::Checklists(map_diff(&before.checklists, &after.checklists))),
        (!before.owners.eq(&after.owners))
            .then(|| F::Owners(map_diff(&before.owners, &after.owners))),
    ];
    out.extend(maps.into_iter().flatten());
    if let Some(t) = Splice::between(&before.activities, &after.activities) {
        out.push(F::ActivitiesSpliced(t));
    }
    if before.next_activity != after.next_activity {
        out.push(F::NextActivity(after.next_activity));
    }
    if let Some(t) = Splice::between(&before.promises, &after.promises) {
        out.push(F::PromisesSpliced(t));
    }
    if let Some(t) = Splice::between(&before.plans, &after.plans) {
        out.push(F::PlansSpliced(t));
    }
    if let Some(t) = Splice::between(&before.disputes, &after.disputes) {
        out.push(F::DisputesSpliced(t));
    }
    if before.provision_rates != after.provision_rates {
        out.push(F::ProvisionRates(after.provision_rates.clone()));
    }
    if before.recovery_costs != after.recovery_costs {
        out.push(F::RecoveryCosts(after.recovery_costs.clone()));
    }
    if before.law != after.law {
        out.push(F::Law(after.law.clone()));
    }
    if before.bank != after.bank {
        out.push(F::Bank(after.bank.clone()));
    }
    if let Some(t) = Splice::between(&before.closings, &after.closings) {
        out.push(F::ClosingsSpliced(t));
    }
    out
}

/// Applies one part of the follow-up; a splice's appends ordered by `order` when known (see
/// [`Splice::apply_ordered`]).
fn apply_follow_up(f: &mut Collection, change: &FollowUpChange, order: Option<(&mut Ends, Stamp)>) {
    use FollowUpChange as F;
    match change {
        F::Settings(s) => f.settings = s.clone(),
        F::Reached(m) => map_apply(&mut f.reached, m),
        F::FollowUps(m) => map_apply(&mut f.follow_ups, m),
        F::Activities(t) => tail_apply(&mut f.activities, t),
        // Never back (another device's event may carry a lower count).
        F::NextActivity(n) => f.next_activity = f.next_activity.max(*n),
        F::Promises(t) => tail_apply(&mut f.promises, t),
        F::ContractRates(m) => map_apply(&mut f.contract_rates, m),
        F::Plans(t) => tail_apply(&mut f.plans, t),
        F::Disputes(t) => tail_apply(&mut f.disputes, t),
        F::Checklists(m) => map_apply(&mut f.checklists, m),
        F::Owners(m) => map_apply(&mut f.owners, m),
        F::ProvisionRates(r) => f.provision_rates = r.clone(),
        F::RecoveryCosts(r) => f.recovery_costs = r.clone(),
        F::Law(l) => f.law = l.clone(),
        F::Bank(b) => f.bank = b.clone(),
        F::Closings(t) => tail_apply(&mut f.closings, t),
        F::ActivitiesSpliced(t) => t.apply_ordered(&mut f.activities, order),
        F::PromisesSpliced(t) => t.apply_ordered(&mut f.promises, order),
        F::PlansSpliced(t) => t.apply_ordered(&mut f.plans, order),
        F::DisputesSpliced(t) => t.apply_ordered(&mut f.disputes, order),
        F::ClosingsSpliced(t) => t.apply_ordered(&mut f.closings, order),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_never_go_back() {
        let mut p = Portfolio::default();
        p.ledger_mut().next_invoice = 7;
        p.ledger_mut().next_client = 3;
        let zeros = Changes {
            counters: Some(Counters::default()),
            ..Changes::default()
        };
        zeros.apply(&mut p);
        assert_eq!((p.ledger().next_invoice, p.ledger().next_client), (7, 3));
        let on = Changes {
            counters: Some(Counters {
                invoice: 9,
                ..Counters::default()
            }),
            ..Changes::default()
        };
        on.apply(&mut p);
        assert_eq!((p.ledger().next_invoice, p.ledger().next_client), (9, 3));
    }

    /// Many records put at once (the merge path), in order or not, with twins of two devices
    /// and records that replace ones the ledger holds: the result is the ledger's records
    /// and the new ones by id, each once, the new one winning.
    #[test]
    fn many_records_merge_in_id_order() {
        let batch = |id: BatchId, label: &str| Batch {
            id,
            label: label.into(),
            imported_on: chrono::NaiveDate::default(),
            previous_invoices: Vec::new(),
            previous_payments: Vec::new(),
            previous_clients: Vec::new(),
            created_clients: Vec::new(),
        };
        let held: Vec<Batch> = (0..100)
            .step_by(3)
            .map(|c| batch(BatchId::new(0, c), "held"))
            .collect();
        let mut new: Vec<Batch> = (0..100)
            .step_by(2)
            .flat_map(|c| [BatchId::new(0, c), BatchId::new(9, c)])
            .map(|id| batch(id, "new"))
            .collect();
        for reversed in [false, true] {
            if reversed {
                new.reverse();
            }
            let mut v = held.clone();
            put_sorted(&mut v, &new, |b| b.id);
            let mut want = std::collections::BTreeMap::new();
            for b in held.iter().chain(&new) {
                want.insert(b.id, b.label.clone());
            }
            let got: Vec<_> = v.iter().map(|b| (b.id, b.label.clone())).collect();
            assert_eq!(
                got,
                want.into_iter().collect::<Vec<_>>(),
                "reversed: {reversed}"
            );
        }
    }
}
