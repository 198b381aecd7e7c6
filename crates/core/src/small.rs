//! Two size-conscious helpers for the browser build: a map kept as a sorted vector, and a
//! sort that is compiled once for every record type.
//!
//! Every `BTreeMap<K, V>` and every `sort_by` call site compiles its own copy of the
//! standard algorithms into the wasm (a few kilobytes each). The small maps of the follow-up
//! and the rate table, the sorts off the hot paths and those of inputs already in order (a
//! batch's ids: the stable sort finds the run in one pass) go through these instead; the hot
//! sorts of large unordered inputs (aging, the import's staging, the KPI series, the bank
//! matcher's index) keep the standard ones.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// A map as a vector of pairs sorted by key (lookups by binary search).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SortedMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap(Vec::new())
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, k: &K) -> Result<usize, usize> {
        self.0.binary_search_by(|(x, _)| x.cmp(k))
    }

    pub fn get(&self, k: &K) -> Option<&V> {
        self.find(k).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, k: &K) -> bool {
        self.find(k).is_ok()
    }

    /// Inserts or replaces; returns the previous value.
    pub fn insert(&mut self, k: K, v: V) -> Option<V> {
        match self.find(&k) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, v)),
            Err(i) => {
                self.0.insert(i, (k, v));
                None
            }
        }
    }

    pub fn remove(&mut self, k: &K) -> Option<V> {
        self.find(k).ok().map(|i| self.0.remove(i).1)
    }

    /// The entry with the greatest key strictly below `k`.
    pub fn before(&self, k: &K) -> Option<(&K, &V)> {
        let i = match self.find(k) {
            Ok(i) | Err(i) => i,
        };
        i.checked_sub(1).map(|j| (&self.0[j].0, &self.0[j].1))
    }

    pub fn first(&self) -> Option<(&K, &V)> {
        self.0.first().map(|(k, v)| (k, v))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Keeps the entries `f` accepts.
    pub fn retain(&mut self, mut f: impl FnMut(&K, &mut V) -> bool) {
        self.0.retain_mut(|(k, v)| f(k, v));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    /// A later pair replaces an earlier one with the same key.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut m = SortedMap::new();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

/// The positions `0..n` in the order `cmp` gives (stable). Compiled once.
fn order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&a, &b| cmp(a, b));
    idx
}

/// Sorts a short slice stably by `less` (an insertion sort): for the lists of a few items each
/// record has (an invoice's due dates, its installments, a document's reductions), where a
/// general sort's code costs the page's wasm kilobytes per element type (about 3 KB each,
/// measured 2026-12-08) and the list costs nothing to sort. Quadratic: never for a list
/// that can be long.
pub fn sort_short<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// A map of strings built by inserting (a later pair replaces an earlier one), not by
/// `collect`, whose sort is one more copy of the sort code in the page's wasm.
pub fn string_map(
    pairs: impl IntoIterator<Item = (String, String)>,
) -> std::collections::BTreeMap<String, String> {
    let mut m = std::collections::BTreeMap::new();
    for (k, v) in pairs {
        m.insert(k, v);
    }
    m
}

/// Sorts `v` by `cmp`, stably, through one shared sort routine. For small or cold sorts.
pub fn sort_by<T>(v: &mut Vec<T>, mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let idx = order(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(idx.into_iter().filter_map(|i| slots[i].take()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_map_and_sort() {
        let mut m: SortedMap<u32, &str> = [(3, "c"), (1, "a"), (2, "b"), (1, "A")]
            .into_iter()
            .collect();
        assert_eq!(m.keys().copied().collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(m.get(&1), Some(&"A"));
        assert_eq!(m.before(&3), Some((&2, &"b")));
        assert_eq!(m.before(&1), None);
        assert_eq!(m.before(&10), Some((&3, &"c")));
        assert_eq!(m.remove(&2), Some("b"));
        assert_eq!(m.insert(0, "z"), None);
        assert_eq!(m.first(), Some((&0, &"z")));
        let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd')];
        sort_by(&mut v, |a, b| a.0.cmp(&b.0));
        assert_eq!(v, [(0, 'd'), (1, 'b'), (2, 'a'), (2, 'c')]);
    }
}
