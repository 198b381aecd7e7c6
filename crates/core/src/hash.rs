//! A fast, non-cryptographic hasher for the maps of the hot paths (ids, invoice numbers,
//! client names). Keys come from the user's own files, so hash flooding is not a concern;
//! SipHash, the standard default, was a visible share of import time.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The FxHash function (as used in rustc): one multiply and rotate per word.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        // The last 1–7 bytes as one word, read without copying them to a buffer first (a copy
        // then a wide read stalls on store forwarding; it was a tenth of a client lookup).
        let rest = chunks.remainder();
        let n = rest.len();
        if n >= 4 {
            let first = rest
                .first_chunk::<4>()
                .map_or(0, |b| u32::from_le_bytes(*b));
            let last = rest.last_chunk::<4>().map_or(0, |b| u32::from_le_bytes(*b));
            self.add(u64::from(first) | (u64::from(last) << 32));
        } else if n > 0 {
            self.add(
                u64::from(rest[0]) | (u64::from(rest[n / 2]) << 8) | (u64::from(rest[n - 1]) << 16),
            );
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves its entropy in the high bits; the table indexes with the low
        // ones. Rotating them down (as rustc-hash 2 does) avoids clustering on keys that share
        // a prefix, such as "C00001", "C00002"...
        self.0.rotate_left(26)
    }
}

pub type FxBuild = BuildHasherDefault<FxHasher>;
pub type FxHashMap<K, V> = HashMap<K, V, FxBuild>;
pub type FxHashSet<K> = HashSet<K, FxBuild>;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte of a short key counts: the keys of each length from one to eight bytes over
    /// three letters hash apart. The tail is read in overlapping pieces; a byte left out of them
    /// would make two keys collide here. (Keys of different lengths are told apart by `Hash`
    /// itself, which writes a length or a terminator.)
    #[test]
    fn short_keys_hash_apart() {
        let mut keys: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..8 {
            keys = keys
                .iter()
                .flat_map(|k| b"abc".iter().map(move |&c| [&k[..], &[c]].concat()))
                .collect();
            let hashes: FxHashSet<u64> = keys
                .iter()
                .map(|k| {
                    let mut h = FxHasher::default();
                    h.write(k);
                    h.finish()
                })
                .collect();
            assert_eq!(hashes.len(), keys.len(), "keys of {} bytes", keys[0].len());
        }
    }
}
