//! Where fields end: the delimiters and line breaks of CSV text, found 64 bytes at a time.
//!
//! The record reader asks, field after field, for the next delimiter or line break from a
//! position. Answering from a mask of the next 64 bytes (one bit a byte) turns that into a
//! `trailing_zeros`, and the mask is made without a branch: with SSE2 on x86-64 (16 bytes a
//! comparison), elsewhere (the browser's wasm) eight bytes at a time in a machine word. A
//! 100-byte row of ten fields costs two masks instead of a branch per field and a word loop.

/// The ends of fields in a text: a cache of one 64-byte block's mask.
pub(super) struct Ends {
    delimiter: u8,
    /// The block's first byte (`usize::MAX`: none yet) and its mask: bit `k` is set when byte
    /// `block + k` is the delimiter, LF or CR. Past the end of the text, every bit is set.
    block: usize,
    mask: u64,
}

impl Ends {
    pub(super) fn new(delimiter: u8) -> Self {
        Ends {
            delimiter,
            block: usize::MAX,
            mask: 0,
        }
    }

    /// The first delimiter, LF or CR of `data` at or after `from`; `data.len()` when there
    /// is none. `data` must be the same text from call to call.
    #[inline(always)]
    pub(super) fn next(&mut self, data: &[u8], mut from: usize) -> usize {
        loop {
            if let Some(off) = from.checked_sub(self.block).filter(|&off| off < 64) {
                let m = self.mask & (u64::MAX << off);
                if m != 0 {
                    return (self.block + m.trailing_zeros() as usize).min(data.len());
                }
                from = self.block + 64;
            }
            if from >= data.len() {
                return data.len();
            }
            self.block = from;
            self.mask = block_mask(data, from, self.delimiter);
        }
    }
}

/// The mask of the 64 bytes at `at`, the end of the text padded with line breaks.
fn block_mask(data: &[u8], at: usize, delimiter: u8) -> u64 {
    match data.get(at..).and_then(<[u8]>::first_chunk::<64>) {
        Some(block) => mask(block, delimiter),
        None => {
            let mut block = [b'\n'; 64];
            let tail = data.get(at..).unwrap_or_default();
            block[..tail.len()].copy_from_slice(tail);
            mask(&block, delimiter)
        }
    }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn mask(block: &[u8; 64], delimiter: u8) -> u64 {
    // SAFETY: `mask_sse2` only needs SSE2, which this build enables (the cfg above).
    unsafe { mask_sse2(block, delimiter) }
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline(always)]
fn mask(block: &[u8; 64], delimiter: u8) -> u64 {
    mask_swar(block, delimiter)
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
#[inline]
fn mask_sse2(block: &[u8; 64], delimiter: u8) -> u64 {
    use std::arch::x86_64::*;
    let d = _mm_set1_epi8(delimiter as i8);
    let lf = _mm_set1_epi8(b'\n' as i8);
    let cr = _mm_set1_epi8(b'\r' as i8);
    let mut m = 0u64;
    for (k, part) in block.as_chunks::<16>().0.iter().enumerate() {
        let x = u128::from_le_bytes(*part);
        // Built from two halves instead of loaded through a pointer: the same one load once
        // compiled, and no unsafe code.
        let v = _mm_set_epi64x((x >> 64) as i64, x as i64);
        let hits = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, lf)),
            _mm_cmpeq_epi8(v, cr),
        );
        m |= u64::from(_mm_movemask_epi8(hits) as u16) << (16 * k);
    }
    m
}

/// The same mask eight bytes at a time in a machine word.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
fn mask_swar(block: &[u8; 64], delimiter: u8) -> u64 {
    let mut m = 0;
    for (k, w) in block.as_chunks::<8>().0.iter().enumerate() {
        let w = u64::from_le_bytes(*w);
        let hits = bytes_equal(w, delimiter) | bytes_equal(w, b'\n') | bytes_equal(w, b'\r');
        // The high bit of each byte, gathered into the top byte (byte i lands on bit 56 + i).
        m |= ((hits >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
    }
    m
}

/// The high bit of each byte of `w` that equals `b`, and nothing else: without the carries
/// of the usual "has zero byte" trick, so every hit is real, not only the first.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
#[inline(always)]
fn bytes_equal(w: u64, b: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = w ^ (u64::from(b) * 0x0101_0101_0101_0101);
    !(((x & LOW7) + LOW7) | x | LOW7)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generator::Rng;

    fn random_text(rng: &mut Rng, len: usize) -> Vec<u8> {
        let alphabet = b"a;\n\r\"|\t\0\x7f\x80\xff\xbb\x0d\x0a";
        (0..len)
            .map(|_| alphabet[rng.below(alphabet.len() as u64) as usize])
            .collect()
    }

    #[test]
    fn both_masks_mark_exactly_the_delimiters_and_line_breaks() {
        let mut rng = Rng::new(0xB10C);
        for case in 0..5_000 {
            let block: [u8; 64] = random_text(&mut rng, 64).try_into().unwrap();
            let delimiter = [b';', b'|', b'\t', b','][case % 4];
            let expected = block
                .iter()
                .enumerate()
                .filter(|&(_, &c)| c == delimiter || c == b'\n' || c == b'\r')
                .fold(0u64, |m, (k, _)| m | 1 << k);
            assert_eq!(mask(&block, delimiter), expected, "{block:?}");
            assert_eq!(mask_swar(&block, delimiter), expected, "{block:?}");
        }
    }

    #[test]
    fn next_end_from_anywhere_forwards_or_back() {
        let mut rng = Rng::new(0xE4D5);
        for _ in 0..2_000 {
            let len = rng.below(300) as usize;
            let data = random_text(&mut rng, len);
            let mut ends = Ends::new(b';');
            for _ in 0..20 {
                let from = rng.below(len as u64 + 2) as usize;
                let expected = data
                    .iter()
                    .skip(from)
                    .position(|&c| matches!(c, b';' | b'\n' | b'\r'))
                    .map_or(len, |k| from + k);
                assert_eq!(ends.next(&data, from), expected, "{from} in {data:?}");
            }
        }
    }

    #[test]
    fn bytes_equal_marks_every_equal_byte() {
        for (word, b) in [
            (*b"a;;b\r\n;;", b';'),
            (*b"\0\x80\xff;\0;\x7f;", b';'),
            (*b"\n\n\n\n\n\n\n\n", b'\n'),
        ] {
            let hits = bytes_equal(u64::from_le_bytes(word), b);
            for (k, &c) in word.iter().enumerate() {
                assert_eq!(
                    hits >> (8 * k) & 0xff,
                    if c == b { 0x80 } else { 0 },
                    "{word:?} {k}"
                );
            }
        }
    }
}
