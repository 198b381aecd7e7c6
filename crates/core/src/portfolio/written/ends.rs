//! The stamps of a follow-up list's last items: what orders two devices' appends.

use super::Stamp;

/// How many runs a list keeps (the oldest go first). Appends made apart interleave only
/// with the items appended since the devices parted, so the last few hundred events'
/// suffice; 512 runs of 36 bytes weigh 18 KB per list at most, in memory and snapshot.
const MAX_RUNS: usize = 512;

/// The stamps of a list's last items, as runs of (stamp, count) — the items one event
/// added together share one — aligned with the list's end: the items before the first
/// run have no stamp kept (written before stamps were, or past [`MAX_RUNS`]) and count as
/// older than any kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ends {
    pub(super) runs: Vec<(Stamp, u32)>,
}

impl Ends {
    fn covered(&self) -> usize {
        self.runs.iter().map(|r| r.1 as usize).sum()
    }

    /// The run holding item `i` of a list of `len` items, and where in it.
    fn find(&self, len: usize, i: usize) -> Option<(usize, usize)> {
        let mut off = i.checked_sub(len.checked_sub(self.covered())?)?;
        for (k, r) in self.runs.iter().enumerate() {
            if off < r.1 as usize {
                return Some((k, off));
            }
            off -= r.1 as usize;
        }
        None
    }

    /// The stamp of item `i` of a list of `len` items, if kept.
    pub fn stamp(&self, len: usize, i: usize) -> Option<Stamp> {
        self.find(len, i).map(|(k, _)| self.runs[k].0)
    }

    /// More stamps than items (a list replaced whole, a salvaged chunk): none is trusted.
    fn check(&mut self, len: usize) {
        if self.covered() > len {
            self.runs.clear();
        }
    }

    /// Item `i` of a list of `len` items taken out.
    pub fn remove(&mut self, len: usize, i: usize) {
        self.check(len);
        if let Some((k, _)) = self.find(len, i) {
            self.runs[k].1 -= 1;
            if self.runs[k].1 == 0 {
                self.runs.remove(k);
            }
        }
    }

    /// `n` items stamped `s` put at `i` in a list of `len` items (before the kept runs:
    /// they stay without a stamp, as the items around them).
    pub fn insert(&mut self, len: usize, i: usize, n: usize, s: Stamp) {
        self.check(len);
        let start = len - self.covered();
        if n == 0 || i < start {
            return;
        }
        let (mut off, mut k) = (i - start, 0);
        while k < self.runs.len() && off >= self.runs[k].1 as usize {
            off -= self.runs[k].1 as usize;
            k += 1;
        }
        if off > 0 {
            // Within run `k`: split it around the new items.
            let (t, c) = self.runs[k];
            self.runs[k].1 = off as u32;
            self.runs.insert(k + 1, (t, c - off as u32));
            k += 1;
        }
        if k > 0 && self.runs[k - 1].0 == s {
            self.runs[k - 1].1 += n as u32;
        } else {
            self.runs.insert(k, (s, n as u32));
        }
        if self.runs.len() > MAX_RUNS {
            self.runs.drain(..self.runs.len() - MAX_RUNS);
        }
    }

    /// Forgets every stamp (the list was replaced whole).
    pub fn clear(&mut self) {
        self.runs.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(at: i64) -> Stamp {
        Stamp {
            at,
            ..Stamp::default()
        }
    }

    /// Each change mirrored on a plain vector of stamps (the oracle): the kept ones agree.
    #[test]
    fn the_runs_follow_the_list() {
        let mut ends = Ends::default();
        // Three old items with no stamp, then events' inserts and removals.
        let mut list: Vec<Option<Stamp>> = vec![None; 3];
        let ops: [(bool, usize, usize, i64); 7] = [
            (true, 3, 2, 10), // two items appended by event 10
            (true, 5, 1, 11), // one by 11
            (true, 4, 1, 12), // one between the two of 10
            (false, 3, 0, 0), // the first of 10 taken out
            (true, 1, 1, 13), // before the kept runs: no stamp
            (false, 0, 0, 0), // an old item out
            (true, 6, 2, 11), // appended by 11 again: joins its run
        ];
        for (put, i, n, at) in ops {
            if put {
                ends.insert(list.len(), i, n, s(at));
                let stamp = (i >= list.iter().position(|x| x.is_some()).unwrap_or(list.len()))
                    .then(|| s(at));
                for _ in 0..n {
                    list.insert(i, stamp);
                }
            } else {
                ends.remove(list.len(), i);
                list.remove(i);
            }
            let got: Vec<_> = (0..list.len()).map(|k| ends.stamp(list.len(), k)).collect();
            assert_eq!(got, list, "after {put} {i} {n} {at}");
        }
    }
}
