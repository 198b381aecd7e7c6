//! How the follow-up's lists (reminders sent, promises, plans, disputes, closings) change:
//! by splice, so that what two devices add apart is kept on both, in one order.

use super::written::{Ends, Stamp};
use serde::{Deserialize, Serialize};

/// A vector of the follow-up changed in one place: at `at`, `removed` taken out and `added`
/// put in. What events write since sync (a `Tail` replaced everything after a position,
/// which dropped what another device had appended meanwhile: two reminders sent apart kept
/// one). Applied where the removed items still are, it is the exact edit (a replay gives
/// the same vector); on a vector another device's events have changed meanwhile, the
/// removed items are found by value and the added ones put where they were — every item
/// either device added is kept. Appends made apart go in the order of their events'
/// stamps (see [`Splice::apply_ordered`]), so both devices end with one vector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Splice<T> {
    pub at: u32,
    pub removed: Vec<T>,
    pub added: Vec<T>,
}

impl<T: Clone + PartialEq> Splice<T> {
    /// What makes `before` into `after`: one splice between their common start and end.
    pub fn between(before: &[T], after: &[T]) -> Option<Splice<T>> {
        let (start, end) = common_ends(before.len(), after.len(), &|b, a| before[b] == after[a]);
        (before.len() != after.len() || start != before.len()).then(|| Splice {
            at: start as u32,
            removed: before[start..before.len() - end].to_vec(),
            added: after[start..after.len() - end].to_vec(),
        })
    }

    /// An append of `added` to a vector of `len` items.
    pub fn append(len: usize, added: Vec<T>) -> Splice<T> {
        Splice {
            at: len as u32,
            removed: Vec::new(),
            added,
        }
    }

    /// Applies the splice with no order known for the vector's items (appends made apart
    /// go at the end: each device would keep its own first).
    pub fn apply(&self, v: &mut Vec<T>) {
        self.apply_ordered(v, None)
    }

    /// Applies the splice of an event stamped `s`, `ends` holding the stamps of the
    /// vector's last items. An append made apart (the vector grew meanwhile past `at`) goes
    /// after the items there with an earlier stamp and before those with a later one: on
    /// the device that made them and on the other alike, the appends stand in stamp order.
    // Out of line: five copies inlined into `Changes::apply` weighed on both wasm builds.
    #[inline(never)]
    pub fn apply_ordered(&self, v: &mut Vec<T>, mut order: Option<(&mut Ends, Stamp)>) {
        let (removed, added) = (&self.removed, &self.added);
        let plan = plan(
            v.len(),
            self.at as usize,
            (removed.len(), added.len()),
            &|i, r| v[i] == removed[r],
            &|i, a| v[i] == added[a],
            order.as_ref().map(|(e, s)| (&**e, *s)),
        );
        for &i in plan.remove.iter().rev() {
            if let Some((ends, _)) = order.as_mut() {
                ends.remove(v.len(), i);
            }
            v.remove(i);
        }
        if let Some((ends, s)) = order.as_mut() {
            ends.insert(v.len(), plan.put, plan.add.len(), *s);
        }
        for (k, &a) in plan.add.iter().enumerate() {
            v.insert(plan.put + k, added[a].clone());
        }
    }

    /// Where the splice's items are, and how many (`at`, removed, added): its shape.
    pub fn shape(&self) -> (usize, usize, usize) {
        (self.at as usize, self.removed.len(), self.added.len())
    }
}

/// The lengths of the common start and of the common end (not overlapping it) of two
/// sequences of `lb` and `la` items, `same(b, a)` comparing them. The splices' search, once
/// for every item type (the five vectors' copies of it weighed on the page's wasm).
#[inline(never)]
fn common_ends(lb: usize, la: usize, same: &dyn Fn(usize, usize) -> bool) -> (usize, usize) {
    let start = (0..lb.min(la)).take_while(|&k| same(k, k)).count();
    let end = (0..(lb - start).min(la - start))
        .take_while(|&k| same(lb - 1 - k, la - 1 - k))
        .count();
    (start, end)
}

/// Where a splice goes in a vector of `len` items: the positions to take out (ascending),
/// then the added items to put in (by index) from `put` on (a position once the removed
/// ones are out).
struct Plan {
    remove: Vec<usize>,
    put: usize,
    add: Vec<usize>,
}

/// [`Splice::apply_ordered`]'s decisions, once for every item type. `same_removed(i, r)`:
/// item `i` of the vector is removed item `r`; `same_added(i, a)`: it is added item `a`.
#[inline(never)]
fn plan(
    len: usize,
    at: usize,
    (removed, added): (usize, usize),
    same_removed: &dyn Fn(usize, usize) -> bool,
    same_added: &dyn Fn(usize, usize) -> bool,
    order: Option<(&Ends, Stamp)>,
) -> Plan {
    // Where the removed items still are (or an append at the end): the exact edit.
    let exact = at + removed <= len
        && (0..removed).all(|r| same_removed(at + r, r))
        && (removed > 0 || at == len);
    if exact {
        return Plan {
            remove: (at..at + removed).collect(),
            put: at,
            add: (0..added).collect(),
        };
    }
    // Changed meanwhile by another device's events: by value, each removed item matched to
    // one item of the vector; the added ones where the first removed one was, or at the end.
    let mut remove: Vec<usize> = Vec::new();
    for r in 0..removed {
        if let Some(i) = (0..len).find(|&i| !remove.contains(&i) && same_removed(i, r)) {
            remove.push(i);
        }
    }
    crate::small::sort_by(&mut remove, Ord::cmp);
    let mut put = remove.first().map_or(len - remove.len(), |&i| i);
    // An append made apart: from where it was made, past the items appended before it (by
    // stamp) — the items after `at` are what other events appended meanwhile. Items whose
    // stamp is no longer kept are older than any kept, and passed too.
    if let (0, Some((ends, s))) = (removed, order) {
        put = at.min(len);
        while put < len && ends.stamp(len, put).is_none_or(|x| x < s) {
            put += 1;
        }
    }
    // An item already there (the same event applied twice) is not added again.
    let add = (0..added)
        .filter(|&a| !(0..len).any(|i| !remove.contains(&i) && same_added(i, a)))
        .collect();
    Plan { remove, put, add }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (before, after): the splice between them makes `after` out of `before`.
    #[test]
    fn a_splice_is_the_exact_edit_where_nothing_else_changed() {
        let cases: [(&[u8], &[u8]); 7] = [
            (b"", b"a"),
            (b"ab", b"abc"),
            (b"abc", b"ab"),
            (b"abc", b"ac"),
            (b"abc", b"aXc"),
            (b"abc", b"abc"),
            (b"aa", b"aaa"),
        ];
        for (before, after) in cases {
            let s = Splice::between(before, after);
            assert_eq!(s.is_none(), before == after, "{before:?} {after:?}");
            let mut v = before.to_vec();
            if let Some(s) = s {
                s.apply(&mut v);
            }
            assert_eq!(v, after, "{before:?} → {after:?}");
        }
    }

    /// Two devices edit the same vector apart, then each applies the other's splice: every
    /// item either added is on both, and what either took out is gone from both.
    #[test]
    fn splices_made_apart_keep_what_each_device_added() {
        // (base, A's result, B's result, what both must hold, in any order)
        type Case = (&'static [u8], &'static [u8], &'static [u8], &'static [u8]);
        let cases: [Case; 4] = [
            (b"ab", b"abx", b"aby", b"abxy"),   // two appends
            (b"abc", b"ac", b"abcy", b"acy"),   // A takes b out, B appends
            (b"abc", b"aXc", b"abcy", b"aXcy"), // A edits b in place, B appends
            (b"ab", b"abx", b"ab", b"abx"),     // B did nothing
        ];
        for (base, a, b, want) in cases {
            let (sa, sb) = (Splice::between(base, a), Splice::between(base, b));
            let (mut on_a, mut on_b) = (a.to_vec(), b.to_vec());
            if let Some(s) = &sb {
                s.apply(&mut on_a);
            }
            if let Some(s) = &sa {
                s.apply(&mut on_b);
                // Applied twice (a feed read again): nothing added twice.
                s.apply(&mut on_b);
            }
            for got in [&mut on_a, &mut on_b] {
                got.sort();
                let mut w = want.to_vec();
                w.sort();
                assert_eq!(*got, w, "{base:?} {a:?} {b:?}");
            }
        }
    }
}
