//! The [`Assembler`]: parts in, whole frames out, within bounds.

use super::MAX_PARTS;
use std::collections::{BTreeMap, HashSet, VecDeque};
use std::fmt;

/// Why a part is refused. Each has a stable [`code`](PartError::code).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PartError {
    /// A count of 0 or over [`MAX_PARTS`].
    Count { count: u32 },
    /// An index not below the count.
    Index { index: u32, count: u32 },
    /// A count other than that of the batch's parts already held.
    CountMismatch { held: u32, found: u32 },
    /// A part already held with other bytes.
    Conflict { index: u32 },
    /// A batch of more parts than the assembler may hold at all.
    TooLarge { count: u32 },
    /// Holding the part would pass the assembler's bounds: [`forget`](Assembler::forget)
    /// a batch first (or fetch the [`missing`](Assembler::missing) parts).
    Full,
}

impl PartError {
    pub fn code(&self) -> &'static str {
        match self {
            PartError::Count { .. } => "part_count",
            PartError::Index { .. } => "part_index",
            PartError::CountMismatch { .. } => "part_count_mismatch",
            PartError::Conflict { .. } => "part_conflict",
            PartError::TooLarge { .. } => "part_too_large",
            PartError::Full => "part_full",
        }
    }
}

impl fmt::Display for PartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            PartError::Count { count } => write!(f, "a batch of {count} parts"),
            PartError::Index { index, count } => {
                write!(f, "part {index} of a batch of {count} parts")
            }
            PartError::CountMismatch { held, found } => {
                write!(f, "a part says {found} parts, its batch's others {held}")
            }
            PartError::Conflict { index } => {
                write!(f, "part {index} came twice with different bytes")
            }
            PartError::TooLarge { count } => {
                write!(f, "a batch of {count} parts is more than can be held")
            }
            PartError::Full => write!(f, "too many parts are waiting for their batch"),
        }
    }
}

impl std::error::Error for PartError {}

/// A batch's parts held so far.
#[derive(Clone, Debug)]
struct Pending {
    count: u32,
    parts: BTreeMap<u32, Vec<u8>>,
}

/// Puts batches' parts back together, bounded in what it holds.
#[derive(Clone, Debug)]
pub struct Assembler {
    max_parts: usize,
    max_bytes: usize,
    held_parts: usize,
    held_bytes: usize,
    pending: BTreeMap<u128, Pending>,
    /// The last batches given whole, oldest first, and the same as a set.
    recent: VecDeque<u128>,
    recent_set: HashSet<u128>,
}

/// How many batches given whole the assembler remembers, to ignore their parts if they come
/// again (a feed replayed from an older seq, a part fetched by id that the feed then brings).
pub const RECENT_BATCHES: usize = 1024;

impl Default for Assembler {
    fn default() -> Assembler {
        Assembler::new()
    }
}

impl Assembler {
    /// Holds at most 4,096 parts and 256 MiB (a few large imports in flight).
    pub fn new() -> Assembler {
        Assembler::with_limits(4096, 256 << 20)
    }

    /// Holds at most `max_parts` parts and `max_bytes` bytes of them. A batch whose parts
    /// all come at once is never held: its last part completes it.
    pub fn with_limits(max_parts: usize, max_bytes: usize) -> Assembler {
        Assembler {
            max_parts,
            max_bytes,
            held_parts: 0,
            held_bytes: 0,
            pending: BTreeMap::new(),
            recent: VecDeque::new(),
            recent_set: HashSet::new(),
        }
    }

    /// Takes part `index` of `count` of `batch` (its decrypted bytes), and gives the
    /// batch's whole frame if that was its last missing part. A part already held with the
    /// same bytes is ignored (`Ok(None)`), and so is a part of one of the last
    /// [`RECENT_BATCHES`] batches given whole. An older batch whose parts all come again is
    /// given again (the caller skips the events it has, by id); if only some come again,
    /// they wait like any others (fetch the rest, or [`forget`](Assembler::forget) it).
    pub fn push(
        &mut self,
        batch: u128,
        index: u32,
        count: u32,
        bytes: Vec<u8>,
    ) -> Result<Option<Vec<u8>>, PartError> {
        if count == 0 || count > MAX_PARTS {
            return Err(PartError::Count { count });
        }
        if index >= count {
            return Err(PartError::Index { index, count });
        }
        if self.recent_set.contains(&batch) {
            return Ok(None);
        }
        let held = match self.pending.get(&batch) {
            None => 0,
            Some(p) if p.count != count => {
                return Err(PartError::CountMismatch {
                    held: p.count,
                    found: count,
                })
            }
            Some(p) => match p.parts.get(&index) {
                Some(same) if *same == bytes => return Ok(None),
                Some(_) => return Err(PartError::Conflict { index }),
                None => p.parts.len(),
            },
        };
        // All of a batch's parts but its last are held before it completes.
        if count as usize - 1 > self.max_parts {
            return Err(PartError::TooLarge { count });
        }
        if held + 1 == count as usize {
            // The last part: completing holds nothing, so no bound applies.
            let mut parts = self
                .pending
                .remove(&batch)
                .map(|p| p.parts)
                .unwrap_or_default();
            self.remember(batch);
            if parts.is_empty() {
                return Ok(Some(bytes));
            }
            self.held_parts -= parts.len();
            self.held_bytes -= parts.values().map(Vec::len).sum::<usize>();
            parts.insert(index, bytes);
            let mut plain = Vec::with_capacity(parts.values().map(Vec::len).sum());
            for part in parts.into_values() {
                plain.extend_from_slice(&part);
            }
            return Ok(Some(plain));
        }
        if self.held_parts + 1 > self.max_parts
            || self.held_bytes.saturating_add(bytes.len()) > self.max_bytes
        {
            return Err(PartError::Full);
        }
        self.held_parts += 1;
        self.held_bytes += bytes.len();
        let p = self.pending.entry(batch).or_insert(Pending {
            count,
            parts: BTreeMap::new(),
        });
        p.parts.insert(index, bytes);
        Ok(None)
    }

    fn remember(&mut self, batch: u128) {
        if self.recent.len() == RECENT_BATCHES {
            if let Some(old) = self.recent.pop_front() {
                self.recent_set.remove(&old);
            }
        }
        self.recent.push_back(batch);
        self.recent_set.insert(batch);
    }

    /// Whether no batch is waiting for parts: the point at which a pull may save its
    /// checkpoint (a checkpoint past a half-received batch would lose the parts held, as
    /// they are held in memory only).
    pub fn is_idle(&self) -> bool {
        self.pending.is_empty()
    }

    /// The batches waiting for parts.
    pub fn pending(&self) -> impl Iterator<Item = u128> + '_ {
        self.pending.keys().copied()
    }

    /// The parts still awaited, `(batch, index)`: their document ids are known
    /// ([`doc_id`](crate::doc::doc_id)), so a pull can fetch them by id rather than wait.
    pub fn missing(&self) -> Vec<(u128, u32)> {
        let mut v = Vec::new();
        for (&batch, p) in &self.pending {
            v.extend(
                (0..p.count)
                    .filter(|i| !p.parts.contains_key(i))
                    .map(|i| (batch, i)),
            );
        }
        v
    }

    /// Drops the parts held for `batch` (one whose missing parts are nowhere: a device that
    /// died mid-push). Whether it had any.
    pub fn forget(&mut self, batch: u128) -> bool {
        let Some(p) = self.pending.remove(&batch) else {
            return false;
        };
        self.held_parts -= p.parts.len();
        self.held_bytes -= p.parts.values().map(Vec::len).sum::<usize>();
        true
    }

    /// Parts held.
    pub fn held_parts(&self) -> usize {
        self.held_parts
    }

    /// Bytes held.
    pub fn held_bytes(&self) -> usize {
        self.held_bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parts::split;

    #[test]
    fn parts_in_any_order_make_the_batch_once() {
        let plain: Vec<u8> = (0..=255).collect();
        let parts = split(&plain, 60);
        let n = parts.len() as u32;
        assert_eq!(n, 5);
        for order in [[0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [2, 0, 4, 1, 3]] {
            let mut asm = Assembler::new();
            for (k, &i) in order.iter().enumerate() {
                let got = asm.push(1, i, n, parts[i as usize].clone()).unwrap();
                assert_eq!(got.is_some(), k == 4, "{order:?} at {k}");
                if let Some(p) = got {
                    assert_eq!(p, plain);
                }
                // A duplicate while pending changes nothing.
                if k < 4 {
                    assert_eq!(asm.push(1, i, n, parts[i as usize].clone()), Ok(None));
                    assert_eq!(asm.held_parts(), k + 1);
                }
            }
            assert!(asm.is_idle());
            assert_eq!((asm.held_parts(), asm.held_bytes()), (0, 0));
            // A part of the batch given whole, again: ignored, nothing held.
            assert_eq!(
                asm.push(1, order[0], n, parts[order[0] as usize].clone()),
                Ok(None)
            );
            assert!(asm.is_idle());
        }
    }

    #[test]
    fn only_the_recent_batches_are_remembered() {
        let mut asm = Assembler::new();
        for batch in 0..=RECENT_BATCHES as u128 {
            assert_eq!(asm.push(batch, 0, 1, vec![1]), Ok(Some(vec![1])));
        }
        // Batch 1 is remembered: ignored. Batch 0 is forgotten: given again.
        assert_eq!(asm.push(1, 0, 1, vec![1]), Ok(None));
        assert_eq!(asm.push(0, 0, 1, vec![1]), Ok(Some(vec![1])));
        assert_eq!(asm.recent.len(), RECENT_BATCHES);
        assert_eq!(asm.recent_set.len(), RECENT_BATCHES);
    }

    #[test]
    fn interleaved_batches_complete_apart() {
        let mut asm = Assembler::new();
        assert_eq!(asm.push(1, 0, 2, b"a".to_vec()), Ok(None));
        assert_eq!(asm.push(2, 1, 2, b"y".to_vec()), Ok(None));
        assert_eq!(
            asm.push(3, 0, 1, b"solo".to_vec()),
            Ok(Some(b"solo".to_vec()))
        );
        assert_eq!(asm.pending().collect::<Vec<_>>(), [1, 2]);
        assert_eq!(asm.missing(), [(1, 1), (2, 0)]);
        assert_eq!(asm.push(2, 0, 2, b"x".to_vec()), Ok(Some(b"xy".to_vec())));
        assert_eq!(asm.push(1, 1, 2, b"b".to_vec()), Ok(Some(b"ab".to_vec())));
        assert!(asm.is_idle());
    }

    #[test]
    fn inconsistent_parts_are_refused() {
        // Each case: parts pushed first (all accepted), then the refused one.
        type Push = (u128, u32, u32, &'static [u8]);
        let cases: [(&[Push], Push, PartError); 7] = [
            (&[], (1, 0, 0, b""), PartError::Count { count: 0 }),
            (
                &[],
                (1, 0, MAX_PARTS + 1, b""),
                PartError::Count {
                    count: MAX_PARTS + 1,
                },
            ),
            (&[], (1, 3, 3, b""), PartError::Index { index: 3, count: 3 }),
            (
                &[(1, 0, 3, b"a")],
                (1, 1, 4, b"b"),
                PartError::CountMismatch { held: 3, found: 4 },
            ),
            (
                &[(1, 0, 3, b"a")],
                (1, 0, 3, b"z"),
                PartError::Conflict { index: 0 },
            ),
            (&[], (1, 0, 10, b"a"), PartError::TooLarge { count: 10 }),
            (
                &[(1, 0, 3, b"a"), (2, 0, 3, b"b")],
                (3, 0, 3, b"c"),
                PartError::Full,
            ),
        ];
        for (i, (before, (b, idx, n, bytes), want)) in cases.into_iter().enumerate() {
            let mut asm = Assembler::with_limits(2, 1 << 20);
            for &(b, idx, n, bytes) in before {
                assert_eq!(asm.push(b, idx, n, bytes.to_vec()), Ok(None), "case {i}");
            }
            let held = (asm.held_parts(), asm.held_bytes(), asm.missing());
            assert_eq!(asm.push(b, idx, n, bytes.to_vec()), Err(want), "case {i}");
            assert_eq!(
                (asm.held_parts(), asm.held_bytes(), asm.missing()),
                held,
                "case {i}"
            );
            assert!(want.code().starts_with("part_") && !want.to_string().is_empty());
        }
    }

    #[test]
    fn bytes_are_bounded_and_forget_frees_them() {
        let mut asm = Assembler::with_limits(100, 10);
        assert_eq!(asm.push(1, 0, 3, vec![0; 6]), Ok(None));
        assert_eq!(asm.push(2, 0, 3, vec![0; 5]), Err(PartError::Full));
        assert_eq!(
            asm.pending().collect::<Vec<_>>(),
            [1],
            "no empty entry left"
        );
        // The last part completes its batch without being held: no bound applies.
        assert_eq!(asm.push(1, 1, 3, vec![1; 4]), Ok(None));
        assert_eq!(
            asm.push(1, 2, 3, vec![2; 50]).map(|p| p.map(|p| p.len())),
            Ok(Some(60))
        );
        assert_eq!(asm.push(2, 0, 3, vec![0; 5]), Ok(None));
        assert!(asm.forget(2));
        assert!(!asm.forget(2));
        assert_eq!((asm.held_parts(), asm.held_bytes()), (0, 0));
        assert!(asm.is_idle());
    }
}
