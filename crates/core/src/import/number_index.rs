//! Looking invoices up by number during a merge.

use crate::hash::FxHashMap as HashMap;
use crate::ledger::Ledger;

/// Invoice number → position in `ledger.invoices`, keyed by the number's hash so that building
/// it for 100,000 invoices copies no string; a hit is confirmed against the stored number.
pub(super) struct NumberIndex {
    by_hash: HashMap<u64, usize>,
    /// Numbers whose hash collides with another number's.
    collided: HashMap<String, usize>,
}

fn hash_of(number: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = crate::hash::FxBuild::default().build_hasher();
    h.write(number.as_bytes());
    h.finish()
}

impl NumberIndex {
    pub(super) fn new(ledger: &Ledger, extra: usize) -> Self {
        let mut index = NumberIndex {
            by_hash: HashMap::with_capacity_and_hasher(
                ledger.invoices.len() + extra,
                Default::default(),
            ),
            collided: HashMap::default(),
        };
        for (pos, inv) in ledger.invoices.iter().enumerate() {
            index.insert_checked(ledger, &inv.number, pos);
        }
        index
    }

    pub(super) fn get(&self, ledger: &Ledger, number: &str) -> Option<usize> {
        match self.by_hash.get(&hash_of(number)) {
            Some(&pos) if ledger.invoices[pos].number == number => Some(pos),
            Some(_) => self.collided.get(number).copied(),
            None => None,
        }
    }

    fn insert_checked(&mut self, ledger: &Ledger, number: &str, pos: usize) {
        match self.by_hash.entry(hash_of(number)) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(pos);
            }
            std::collections::hash_map::Entry::Occupied(e) => {
                if ledger.invoices[*e.get()].number != number {
                    self.collided.insert(number.to_string(), pos);
                }
            }
        }
    }

    /// Adds a number known to be new (just pushed at `pos`).
    pub(super) fn insert(&mut self, number: &str, pos: usize) {
        match self.by_hash.entry(hash_of(number)) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(pos);
            }
            std::collections::hash_map::Entry::Occupied(_) => {
                self.collided.insert(number.to_string(), pos);
            }
        }
    }
}
