//! A frame cut into parts small enough for a CouchDB document, and the parts put back
//! together.
//!
//! CouchDB refuses a document over its `max_document_size` (8 MB by default in CouchDB 3),
//! and an import of 100,000 invoices frames to more than that. [`split`] cuts a frame into
//! parts of at most `max_part` bytes; each is encrypted and stored as its own document,
//! which names its batch, its index and the count of parts ([`SyncDoc`](crate::doc::SyncDoc)).
//!
//! A pull sees the parts in the order of the changes feed, which is not the order of the
//! push: parts of several batches interleave, and a feed replayed after a lost checkpoint
//! brings some twice. The [`Assembler`] holds parts until a batch has them all, then gives
//! the batch's frame once. What it holds is bounded (parts and bytes): the documents come
//! from a server, and a broken or hostile one must not exhaust the page's memory.
//!
//! ```
//! use encours_sync::parts::{split, Assembler};
//!
//! let parts = split(b"abcdefgh", 3);
//! assert_eq!(parts, [b"abc".to_vec(), b"def".to_vec(), b"gh".to_vec()]);
//! let mut asm = Assembler::new();
//! let count = parts.len() as u32;
//! assert_eq!(asm.push(7, 2, count, parts[2].clone()), Ok(None));
//! assert_eq!(asm.push(7, 0, count, parts[0].clone()), Ok(None));
//! assert_eq!(asm.missing(), [(7, 1)]);
//! assert_eq!(asm.push(7, 1, count, parts[1].clone()), Ok(Some(b"abcdefgh".to_vec())));
//! assert!(asm.is_idle());
//! ```

mod assembler;

pub use assembler::{Assembler, PartError, RECENT_BATCHES};

/// The most parts a batch may have: their indexes fit the 4 hex digits of a document id.
pub const MAX_PARTS: u32 = 0x1_0000;

/// `plain` in parts of at most `max_part` bytes (at least one part, empty for an empty
/// `plain`, so that every batch has a document). A `max_part` so small that it would take
/// more than [`MAX_PARTS`] parts is raised to fit them; 0 is taken as 1.
pub fn split(plain: &[u8], max_part: usize) -> Vec<Vec<u8>> {
    if plain.is_empty() {
        return vec![Vec::new()];
    }
    let size = max_part
        .max(plain.len().div_ceil(MAX_PARTS as usize))
        .max(1);
    plain.chunks(size).map(<[u8]>::to_vec).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_cuts_at_max_part() {
        let ten: Vec<u8> = (0..10).collect();
        // (length, max_part, expected part lengths)
        let cases: [(usize, usize, &[usize]); 7] = [
            (0, 4, &[0]),
            (10, 4, &[4, 4, 2]),
            (10, 5, &[5, 5]),
            (10, 10, &[10]),
            (10, 100, &[10]),
            (10, 1, &[1; 10]),
            (3, 0, &[1, 1, 1]),
        ];
        for (len, max, want) in cases {
            let parts = split(&ten[..len], max);
            let lens: Vec<usize> = parts.iter().map(Vec::len).collect();
            assert_eq!(lens, want, "{len} by {max}");
            assert_eq!(parts.concat(), &ten[..len]);
        }
    }

    #[test]
    fn split_never_makes_more_than_max_parts() {
        let big = vec![7u8; MAX_PARTS as usize * 3 + 1];
        let parts = split(&big, 1);
        assert!(parts.len() <= MAX_PARTS as usize);
        assert_eq!(parts.concat(), big);
    }
}
