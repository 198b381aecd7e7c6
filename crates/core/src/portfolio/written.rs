//! Which event last wrote each record: the one order every device agrees on.
//!
//! Two devices apart each change the same record — an invoice's status, a client's card, a
//! payment corrected here and cancelled there — and each then receives the other's event.
//! Applied in the order they arrive, each device would end with the other's change: the two
//! books would differ for good, and nobody would be told. Instead every event has a
//! [`Stamp`] (its head's time, device and id: a total order), and a record's write is applied
//! only when no later write of that record stands; each record ends as the event with the
//! greatest stamp wrote it, on every device, whatever the order of arrival (last writer
//! wins, per record).
//!
//! The time is a hybrid logical clock folded into milliseconds: a command's `at` is the wall
//! time, or one millisecond past the latest `at` this book has seen when that is later
//! ([`Written::next_at`]). So an edit made after receiving another device's event is ordered
//! after it even when this device's clock is behind (Lamport's rule, over wall time as in
//! Kulkarni et al.'s hybrid clocks); only edits made apart are ordered by their clocks.
//!
//! What is kept: for each record an event *rewrote* or removed, the stamp of the last such
//! event ([`written_by`]). A record created by an event needs no entry (no other device can
//! have written an id before it saw it made), so an import's 100,000 new invoices add
//! nothing; its replacements (the records its batch keeps "as they were") do. Removals stay
//! as tombstones, so that an older edit arriving after a removal does not bring the record
//! back on one device only.
//!
//! Lists of the follow-up (reminders sent, promises, plans…) merge by splice instead
//! (`splice::Splice`), every item either device added kept; the stamps of their last items
//! ([`Ends`]) put what two devices appended apart in one order. The follow-up's maps are ordered per entry, its settings-like parts
//! (dunning scenarios, provision rates, recovery costs, legal records, bank memory) as one
//! value each.

use super::changes::{Changes, FollowUpChange};
use super::event::{Event, EventHead, Fact};
use crate::collection::Collection;

mod encode;
mod ends;
pub use ends::Ends;

/// An event's place in the order every device agrees on: its time (a hybrid logical clock,
/// see the module's text), then its device, then its id (two devices never share one).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp {
    pub at: i64,
    pub device: u64,
    pub id: u128,
}

impl Stamp {
    pub fn of(h: &EventHead) -> Stamp {
        Stamp {
            at: h.at,
            device: h.device,
            id: h.id.0,
        }
    }
}

/// A record (or a part of the follow-up) that events write whole. Ids are raw (`id.0`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rec {
    Client(u64),
    Invoice(u64),
    Payment(u64),
    /// The follow-up's entries, per key.
    Reached(u64),
    FollowUp(u64),
    ContractRate(u64),
    Checklist(u64),
    Owner(u64),
    /// The follow-up's parts written as one value.
    Settings,
    ProvisionRates,
    RecoveryCosts,
    Law,
    Bank,
}

/// The stamps of the last writes, and the latest time seen. Kept with the book (the
/// snapshot's `written` chunk carries it, in an encoding of its own: `written/encode.rs`),
/// not part of it: two books with the same records are equal whatever their histories.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// The latest `at` of the events applied (the clock the next command follows).
    clock: i64,
    /// The greatest stamp in `stamps` (nothing to check for an event later than it).
    newest: Stamp,
    /// One per event that rewrote something, in the order they were noted; `entries` point
    /// here (a stamp is 32 bytes, an index 4: an import's replacements share one).
    stamps: Vec<Stamp>,
    /// Sorted by record.
    entries: Vec<(Rec, u32)>,
    /// The stamps of the last items of the follow-up's lists, in [`LISTS`]' order.
    lists: [Ends; 5],
}

/// The follow-up's lists, as [`Written`] orders their items: activities, promises, plans,
/// disputes, closings.
pub const LISTS: usize = 5;

/// The list a change splices, its index among [`LISTS`], and the splice's shape (`at`,
/// removed, added); for a list replaced past a position (a `Tail`, events written before
/// sync), the index and no shape.
#[allow(clippy::type_complexity)]
pub fn list_change(f: &FollowUpChange) -> Option<(usize, Option<(usize, usize, usize)>)> {
    use FollowUpChange as F;
    Some(match f {
        F::ActivitiesSpliced(t) => (0, Some(t.shape())),
        F::PromisesSpliced(t) => (1, Some(t.shape())),
        F::PlansSpliced(t) => (2, Some(t.shape())),
        F::DisputesSpliced(t) => (3, Some(t.shape())),
        F::ClosingsSpliced(t) => (4, Some(t.shape())),
        F::Activities(_) => (0, None),
        F::Promises(_) => (1, None),
        F::Plans(_) => (2, None),
        F::Disputes(_) => (3, None),
        F::Closings(_) => (4, None),
        _ => return None,
    })
}

/// The lengths of the follow-up's lists, in [`LISTS`]' order.
fn list_lens(f: &Collection) -> [usize; LISTS] {
    [
        f.activities.len(),
        f.promises.len(),
        f.plans.len(),
        f.disputes.len(),
        f.closings.len(),
    ]
}

impl Written {
    /// The `at` of a command made now (`now`: the wall clock): never before what was seen.
    pub fn next_at(&self, now: i64) -> i64 {
        now.max(self.clock.saturating_add(1))
    }

    /// The latest `at` seen.
    pub fn clock(&self) -> i64 {
        self.clock
    }

    /// Whether nothing is known (no event seen): a chunk written before it existed.
    pub fn is_empty(&self) -> bool {
        self.clock == 0 && self.entries.is_empty()
    }

    /// How many records have a last write noted.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The stamp of the last write noted for `r`.
    pub fn last(&self, r: Rec) -> Option<Stamp> {
        let k = self.entries.binary_search_by(|e| e.0.cmp(&r)).ok()?;
        Some(self.stamps[self.entries[k].1 as usize])
    }

    /// Whether a write of `r` stamped `s` stands (no later write of `r` is known).
    pub fn stands(&self, r: Rec, s: Stamp) -> bool {
        self.last(r).is_none_or(|last| last <= s)
    }

    /// Whether some write noted is later than `s` (else an event stamped `s` applies whole).
    pub fn any_after(&self, s: Stamp) -> bool {
        self.newest > s
    }

    /// Keeps the clock at least at `clock` (a command or an event that replaced the book
    /// replaced this too; time does not go back with it).
    pub(crate) fn keep_clock(&mut self, clock: i64) {
        self.clock = self.clock.max(clock);
    }

    /// The stamps of list `k`'s last items (changed as another device's splice applies).
    pub(crate) fn ends_mut(&mut self, k: usize) -> &mut Ends {
        &mut self.lists[k]
    }

    /// Notes the stamps of the items `events` (made here, just now, on `f`) put in the
    /// follow-up's lists: their splices are exact, so each goes where it says.
    pub(crate) fn note_lists(&mut self, f: &Collection, events: &[Event]) {
        let changes = || {
            events
                .iter()
                .flat_map(|e| e.changes.follow_up.iter().map(move |c| (e, c)))
        };
        let mut lens = list_lens(f);
        // Back to the lengths before the first event, then forward through them.
        for (_, c) in changes() {
            match list_change(c) {
                Some((k, Some((_, r, n)))) => lens[k] = (lens[k] + r).saturating_sub(n),
                Some((k, None)) => self.lists[k].clear(),
                None => {}
            }
        }
        for (e, c) in changes() {
            if let Some((k, Some((at, r, n)))) = list_change(c) {
                for j in 0..r {
                    self.lists[k].remove(lens[k] - j, at);
                }
                lens[k] -= r;
                self.lists[k].insert(lens[k], at, n, Stamp::of(&e.head));
                lens[k] += n;
            }
        }
    }

    /// Notes what `e` wrote (after it was applied or executed): each record's entry moves
    /// on to `e`'s stamp unless a later one stands.
    pub fn note(&mut self, e: &Event) {
        self.clock = self.clock.max(e.head.at);
        let mut recs = written_by(e);
        if recs.is_empty() {
            return;
        }
        let s = Stamp::of(&e.head);
        let n = self.stamps.len() as u32;
        let mut used = false;
        if recs.len() < 32 {
            for r in recs {
                match self.entries.binary_search_by(|x| x.0.cmp(&r)) {
                    Ok(k) => {
                        if self.stamps[self.entries[k].1 as usize] < s {
                            self.entries[k].1 = n;
                            used = true;
                        }
                    }
                    Err(k) => {
                        self.entries.insert(k, (r, n));
                        used = true;
                    }
                }
            }
        } else {
            // Many (an import's replacements, its undo's tombstones): one merge.
            crate::small::sort_by(&mut recs, Ord::cmp);
            recs.dedup();
            let old = std::mem::take(&mut self.entries);
            self.entries.reserve(old.len() + recs.len());
            let mut new = recs.into_iter().peekable();
            for (r, i) in old {
                while let Some(x) = new.next_if(|x| *x < r) {
                    self.entries.push((x, n));
                    used = true;
                }
                if new.next_if(|x| *x == r).is_some() && self.stamps[i as usize] < s {
                    self.entries.push((r, n));
                    used = true;
                } else {
                    self.entries.push((r, i));
                }
            }
            for x in new {
                self.entries.push((x, n));
                used = true;
            }
        }
        if used {
            self.stamps.push(s);
            self.newest = self.newest.max(s);
        }
    }
}

/// The records `e` rewrote or removed (see the module's text): none for an event that
/// begins the book again (a restore, the demo data) or states it as it stood (`Opened`).
pub fn written_by(e: &Event) -> Vec<Rec> {
    let c = &e.changes;
    if c.reset || matches!(e.head.fact, Fact::Opened { .. }) {
        return Vec::new();
    }
    let mut out: Vec<Rec> = Vec::new();
    out.extend(c.removed_clients.iter().map(|x| Rec::Client(x.0)));
    out.extend(c.removed_invoices.iter().map(|x| Rec::Invoice(x.0)));
    out.extend(c.removed_payments.iter().map(|x| Rec::Payment(x.0)));
    if e.is_bulk() {
        // What the batch changed, as its undo keeps it: the records it rewrote.
        for b in &c.batches {
            out.extend(b.previous_clients.iter().map(|x| Rec::Client(x.id.0)));
            out.extend(b.previous_invoices.iter().map(|x| Rec::Invoice(x.id.0)));
            out.extend(b.previous_payments.iter().map(|x| Rec::Payment(x.id.0)));
        }
    } else {
        // An edit names few records; a new one among them costs an entry, no harm.
        out.extend(c.clients.iter().map(|x| Rec::Client(x.id.0)));
        out.extend(c.invoices.iter().map(|x| Rec::Invoice(x.id.0)));
        out.extend(c.payments.iter().map(|x| Rec::Payment(x.id.0)));
    }
    for f in &c.follow_up {
        follow_up_recs(f, &mut out);
    }
    out
}

fn follow_up_recs(f: &FollowUpChange, out: &mut Vec<Rec>) {
    use FollowUpChange as F;
    match f {
        F::Reached(m) => out.extend(m.iter().map(|(k, _)| Rec::Reached(k.0))),
        F::FollowUps(m) => out.extend(m.iter().map(|(k, _)| Rec::FollowUp(k.0))),
        F::ContractRates(m) => out.extend(m.iter().map(|(k, _)| Rec::ContractRate(k.0))),
        F::Checklists(m) => out.extend(m.iter().map(|(k, _)| Rec::Checklist(k.0))),
        F::Owners(m) => out.extend(m.iter().map(|(k, _)| Rec::Owner(k.0))),
        F::Settings(_) => out.push(Rec::Settings),
        F::ProvisionRates(_) => out.push(Rec::ProvisionRates),
        F::RecoveryCosts(_) => out.push(Rec::RecoveryCosts),
        F::Law(_) => out.push(Rec::Law),
        F::Bank(_) => out.push(Rec::Bank),
        // Lists merge by splice (or, written before sync, by tail); the count only grows.
        F::Activities(_)
        | F::NextActivity(_)
        | F::Promises(_)
        | F::Plans(_)
        | F::Disputes(_)
        | F::Closings(_)
        | F::ActivitiesSpliced(_)
        | F::PromisesSpliced(_)
        | F::PlansSpliced(_)
        | F::DisputesSpliced(_)
        | F::ClosingsSpliced(_) => {}
    }
}

impl Changes {
    /// The part of these changes (stamped `s`) that stands against the later writes `w`
    /// knows: the records and entries no later event wrote.
    pub fn standing(&self, w: &Written, s: Stamp) -> Changes {
        let keep = |r: Rec| w.stands(r, s);
        Changes {
            reset: self.reset,
            clients: filtered(&self.clients, |x| keep(Rec::Client(x.id.0))),
            invoices: filtered(&self.invoices, |x| keep(Rec::Invoice(x.id.0))),
            payments: filtered(&self.payments, |x| keep(Rec::Payment(x.id.0))),
            batches: self.batches.clone(),
            removed_clients: filtered(&self.removed_clients, |x| keep(Rec::Client(x.0))),
            removed_invoices: filtered(&self.removed_invoices, |x| keep(Rec::Invoice(x.0))),
            removed_payments: filtered(&self.removed_payments, |x| keep(Rec::Payment(x.0))),
            removed_batches: self.removed_batches.clone(),
            counters: self.counters,
            follow_up: (self.follow_up.iter())
                .filter_map(|f| follow_up_standing(f, &keep))
                .collect(),
        }
    }
}

fn filtered<T: Clone>(v: &[T], keep: impl Fn(&T) -> bool) -> Vec<T> {
    v.iter().filter(|x| keep(x)).cloned().collect()
}

fn follow_up_standing(f: &FollowUpChange, keep: &dyn Fn(Rec) -> bool) -> Option<FollowUpChange> {
    use FollowUpChange as F;
    let whole = |r: Rec| keep(r).then(|| f.clone());
    match f {
        F::Reached(m) => Some(F::Reached(filtered(m, |(k, _)| keep(Rec::Reached(k.0))))),
        F::FollowUps(m) => Some(F::FollowUps(filtered(m, |(k, _)| keep(Rec::FollowUp(k.0))))),
        F::ContractRates(m) => Some(F::ContractRates(filtered(m, |(k, _)| {
            keep(Rec::ContractRate(k.0))
        }))),
        F::Checklists(m) => Some(F::Checklists(filtered(m, |(k, _)| {
            keep(Rec::Checklist(k.0))
        }))),
        F::Owners(m) => Some(F::Owners(filtered(m, |(k, _)| keep(Rec::Owner(k.0))))),
        F::Settings(_) => whole(Rec::Settings),
        F::ProvisionRates(_) => whole(Rec::ProvisionRates),
        F::RecoveryCosts(_) => whole(Rec::RecoveryCosts),
        F::Law(_) => whole(Rec::Law),
        F::Bank(_) => whole(Rec::Bank),
        _ => Some(f.clone()),
    }
}
