//! Record ids, unique across devices, and the id → position index built on them.
//!
//! An id is the book's counter (shared: a new id takes a counter past every one the book
//! holds, whichever device made those) and the tag of the device that made it. Two devices
//! working offline take the same counters; their tags keep the ids apart, and the index keeps
//! such twins apart too.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::Cell;

/// The most device tags a [`with_tags`] table holds.
pub const MAX_TAGS: usize = 8;

thread_local! {
    /// The table of the records being encoded or decoded (`k` tags), `k == 0` for none.
    static TABLE: Cell<(u32, [u32; MAX_TAGS])> = const { Cell::new((0, [0; MAX_TAGS])) };
    /// An id whose tag was not in the table was written (as its raw value).
    static MISSED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with ids written and read as `counter × k + i`, where `tags[i]` is their tag and
/// `k` the number of tags (1 to [`MAX_TAGS`]), instead of their raw `tag << 32 | counter`.
///
/// Why: a random 32-bit tag makes each stored id 9 to 10 bytes of varint where its counter
/// alone takes about 3. A snapshot's records name few devices, so with their table an id takes
/// the bytes of its counter (a one-device book: exactly the bytes of an untagged id). Measured
/// on the 100,000-invoice book (2026-12-03): snapshot 18.9 → 15.3 MB, decode 70 → 57 ms
/// natively. Returns `f`'s result and whether an id's tag was missing from `tags` (what was
/// written is then unreadable with this table: the caller writes it again without one).
pub fn with_tags<R>(tags: &[u32], f: impl FnOnce() -> R) -> (R, bool) {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            TABLE.set((0, [0; MAX_TAGS]));
        }
    }
    let mut table = [0; MAX_TAGS];
    let k = tags.len().min(MAX_TAGS);
    table[..k].copy_from_slice(&tags[..k]);
    TABLE.set((k as u32, table));
    MISSED.set(false);
    let _reset = Reset;
    let r = f();
    (r, MISSED.replace(false))
}

// Not inlined: called by the four id types' serializers under every serde format.
#[inline(never)]
fn to_wire(raw: u64) -> u64 {
    let (k, tags) = TABLE.get();
    if k == 0 {
        return raw;
    }
    let (tag, counter) = ((raw >> 32) as u32, raw & 0xffff_ffff);
    match tags[..k as usize].iter().position(|&t| t == tag) {
        Some(i) => counter * u64::from(k) + i as u64,
        None => {
            MISSED.set(true);
            raw
        }
    }
}

#[inline(never)]
fn from_wire(v: u64) -> u64 {
    let (k, tags) = TABLE.get();
    match k {
        0 => v,
        1 => (u64::from(tags[0]) << 32) | (v & 0xffff_ffff),
        k => {
            let k = u64::from(k);
            (u64::from(tags[(v % k) as usize]) << 32) | ((v / k) & 0xffff_ffff)
        }
    }
}

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        ///
        /// The value is `tag << 32 | counter`: the counter, shared by the book, in the low
        /// half, and the making device's tag in the high half (0 for ids made before ids had
        /// tags, by a test or a generator: stored books and backups read as they were, since
        /// a 32-bit id is the same number). Ordered by counter, then tag, so a new id (its
        /// counter past every other) sorts last, whichever device made it.
        #[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
        pub struct $name(pub u64);

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_u64(to_wire(self.0))
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                u64::deserialize(d).map(|v| $name(from_wire(v)))
            }
        }

        impl $name {
            /// The id a device tagged `tag` makes with counter `counter`.
            pub const fn new(tag: u32, counter: u32) -> Self {
                $name(((tag as u64) << 32) | counter as u64)
            }

            /// The book's counter when it was made.
            pub const fn counter(self) -> u32 {
                self.0 as u32
            }

            /// The tag of the device that made it.
            pub const fn tag(self) -> u32 {
                (self.0 >> 32) as u32
            }
        }

        impl RecordId for $name {
            fn order_key(self) -> u64 {
                self.0.rotate_left(32)
            }
        }

        impl Ord for $name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.order_key().cmp(&other.order_key())
            }
        }

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }
    };
}

/// What the four kinds of ids share: the number they order by (the counter in the high
/// half, then the tag), so that code sorting records of any kind by id compiles one sort.
pub trait RecordId: Copy + Ord {
    fn order_key(self) -> u64;
}

id_type!(
    /// Identifies a [`Client`].
    ClientId
);
id_type!(
    /// Identifies an [`Invoice`] or a credit note.
    InvoiceId
);
id_type!(
    /// Identifies a [`Payment`].
    PaymentId
);
id_type!(
    /// Identifies an import [`Batch`].
    BatchId
);

/// The tag a device puts in the ids it makes: 32 bits of its random 64-bit id, never 0 (the
/// tag of ids made before tags). Two devices of one book share a tag with a chance of one in
/// four billion per pair, and even then only the ids they make with the same counter, that is
/// at the same moment before either has seen the other's, would be the same.
pub fn device_tag(device: u64) -> u32 {
    match (device ^ (device >> 32)) as u32 {
        0 => 1,
        t => t,
    }
}

/// Which device makes the ledger's new ids. Not part of the book: two ledgers with the same
/// records are equal whichever device holds them (a replay on another device equals the
/// live book), and it is never stored.
#[derive(Copy, Clone, Debug, Default)]
pub struct Maker(pub u32);

impl Maker {
    /// The maker of ids on `device`: its [`device_tag`], but the tag 0 for the device 0 (the
    /// default origin of tests and of the CLI, which make untagged ids).
    pub fn of(device: u64) -> Maker {
        Maker(if device == 0 { 0 } else { device_tag(device) })
    }
}

impl PartialEq for Maker {
    fn eq(&self, _: &Maker) -> bool {
        true
    }
}

/// Id → position lookup: dense by counter from the smallest counter present (ids' counters
/// are small and increasing; a book whose imports were undone and made again starts past
/// them), each slot checked against the id's tag. An id whose slot another device's id
/// already holds (the same counter, made at the same moment) or whose counter lies far past
/// the others (a damaged or hostile file) is kept apart, in a sorted list, so the dense part
/// is never longer than about twice the records.
#[derive(Clone, Debug, Default)]
pub struct IdIndex {
    /// The counter of `slots[0]`.
    base: u32,
    /// By counter: (tag, position), position `u32::MAX` for none.
    slots: Vec<(u32, u32)>,
    /// (id, position), sorted by id.
    apart: Vec<(u64, u32)>,
}

impl IdIndex {
    /// The index of `ids` (the records' ids' `.0`, in their order), counters below `next`.
    pub fn build(ids: impl ExactSizeIterator<Item = u64> + Clone, next: u32) -> Self {
        let (lo, hi) = (ids.clone()).fold((u32::MAX, 0), |(lo, hi), id| {
            (lo.min(id as u32), hi.max(id as u32))
        });
        let span = (hi.min(next.saturating_sub(1)) as usize + 1).saturating_sub(lo as usize);
        let len = span.min(2 * ids.len() + 64);
        let mut slots = vec![(0, u32::MAX); len];
        let mut apart = Vec::new();
        for (pos, id) in ids.enumerate() {
            let (tag, counter) = ((id >> 32) as u32, (id as u32).wrapping_sub(lo) as usize);
            match slots.get_mut(counter) {
                // The same id twice (a damaged book): the last one wins, as a map would.
                Some(s) if s.1 == u32::MAX || s.0 == tag => *s = (tag, pos as u32),
                _ => apart.push((id, pos as u32)),
            }
        }
        crate::small::sort_by(&mut apart, |a, b| a.cmp(b));
        IdIndex {
            base: lo,
            slots,
            apart,
        }
    }

    /// Position of the record with id `id` (an id's `.0`), if present.
    pub fn get(&self, id: u64) -> Option<usize> {
        let slot = (id as u32).wrapping_sub(self.base) as usize;
        if let Some(&(tag, p)) = self.slots.get(slot) {
            if p != u32::MAX && tag == (id >> 32) as u32 {
                return Some(p as usize);
            }
        }
        self.get_apart(id)
    }

    // Apart from `get`, which is inlined at some twenty callers: the rare path once.
    #[inline(never)]
    fn get_apart(&self, id: u64) -> Option<usize> {
        // The last of equal ids, as in the dense part.
        let k = self.apart.partition_point(|&(x, _)| x <= id);
        (k > 0 && self.apart[k - 1].0 == id).then(|| self.apart[k - 1].1 as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_order_by_counter_then_tag_and_read_back_their_parts() {
        let (a, b) = (InvoiceId::new(9, 3), InvoiceId::new(2, 4));
        assert_eq!((a.tag(), a.counter()), (9, 3));
        assert!(a < b, "the counter decides first");
        assert!(InvoiceId::new(2, 3) < a, "then the tag");
        // A stored 32-bit id is the untagged id of that counter.
        assert_eq!(InvoiceId(17), InvoiceId::new(0, 17));
        assert_eq!(
            device_tag(0x0000_0001_0000_0001),
            1,
            "a fold to 0 becomes 1"
        );
        assert_eq!(device_tag(0x0000_0005_0000_0003), 6);
    }

    #[test]
    fn the_index_finds_twins_and_stays_short_under_hostile_counters() {
        // Two devices' twins (counter 1), an untagged id, and one far past the records.
        let ids = [
            InvoiceId::new(0, 0),
            InvoiceId::new(5, 1),
            InvoiceId::new(8, 1),
            InvoiceId::new(0, 4_000_000_000),
        ];
        let index = IdIndex::build(ids.iter().map(|i| i.0), u32::MAX);
        for (k, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id.0), Some(k), "{id:?}");
        }
        for absent in [
            InvoiceId::new(6, 1),
            InvoiceId::new(0, 1),
            InvoiceId::new(0, 2),
        ] {
            assert_eq!(index.get(absent.0), None, "{absent:?}");
        }
        assert!(index.slots.len() <= 2 * ids.len() + 64);
        // A book whose counters start far from 0 (imports undone and made again) stays dense.
        let late: Vec<u64> = (0..1000)
            .map(|k| InvoiceId::new(3, 900_000 + k).0)
            .collect();
        let index = IdIndex::build(late.iter().copied(), 901_000);
        assert_eq!((index.slots.len(), index.apart.len()), (1000, 0));
        assert_eq!(index.get(InvoiceId::new(3, 900_999).0), Some(999));
        assert_eq!(index.get(InvoiceId::new(3, 899_999).0), None);
        assert_eq!(index.get(InvoiceId::new(3, 901_000).0), None);
        // The same id twice (a damaged book): the last one, in both parts.
        let dup = [
            InvoiceId(3),
            InvoiceId(3),
            InvoiceId(u64::MAX),
            InvoiceId(u64::MAX),
        ];
        let index = IdIndex::build(dup.iter().map(|i| i.0), 10);
        assert_eq!(index.get(3), Some(1));
        assert_eq!(index.get(u64::MAX), Some(3));
    }
}
