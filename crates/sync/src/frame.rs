//! The plaintext of one sync batch: its stamp and its events, as one byte string to encrypt.
//!
//! A batch is what one device pushes at once: the events it made since its last push, each
//! as the two byte strings `Event::encode` gives (head, body), and the [`Hlc`] stamped when
//! the batch was made. The frame does not look inside the events: the core decodes them,
//! and an event of a newer schema stays a readable frame.
//!
//! The layout, every length a LEB128 varint (7 bits a byte, low bits first, as postcard
//! writes lengths):
//!
//! ```text
//! version      1 byte, FRAME_VERSION
//! stamp        wall_ms i64, counter u32, device u64: 20 bytes, big-endian
//! event count  varint
//! per event    head length varint, head bytes, body length varint, body bytes
//! ```
//!
//! Nothing may follow the last event, and varints are in their shortest form: a frame is
//! one byte string, so a reader that accepts bytes gives back those bytes when it frames
//! them again. Truncated or garbled input is a [`FrameError`], never a panic: the bytes come
//! from another device, and a bug there must not stop this one.
//!
//! ```
//! use encours_sync::frame::{frame, unframe, Batch};
//! use encours_sync::hlc::Hlc;
//!
//! let batch = Batch {
//!     stamp: Hlc { wall_ms: 1_700_000_000_000, counter: 0, device: 7 },
//!     events: vec![(b"head".to_vec(), b"body".to_vec())],
//! };
//! let bytes = frame(&batch);
//! assert_eq!(unframe(&bytes), Ok(batch));
//! assert_eq!(unframe(&bytes[..10]).unwrap_err().code(), "frame_truncated");
//! ```

use crate::hlc::Hlc;
use std::fmt;

/// The layout version: the first byte of every frame.
pub const FRAME_VERSION: u8 = 1;

/// One device's push: its stamp and its events, each `(head, body)` as `Event::encode`
/// gives them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Batch {
    pub stamp: Hlc,
    pub events: Vec<(Vec<u8>, Vec<u8>)>,
}

/// Why bytes are not a frame: what is wrong and the byte offset where it was seen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameError {
    kind: FrameErrorKind,
    offset: usize,
}

/// What is wrong with a frame. Each has a stable [`code`](FrameErrorKind::code).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FrameErrorKind {
    /// No bytes at all.
    Empty,
    /// A version this build does not read (a newer build's frame).
    Version { found: u8 },
    /// The bytes end inside a field (or a length points past their end).
    Truncated,
    /// A length longer than 64 bits, or not in its shortest form.
    Varint,
    /// Bytes after the last event.
    Trailing,
}

impl FrameErrorKind {
    pub fn code(&self) -> &'static str {
        match self {
            FrameErrorKind::Empty => "frame_empty",
            FrameErrorKind::Version { .. } => "frame_version",
            FrameErrorKind::Truncated => "frame_truncated",
            FrameErrorKind::Varint => "frame_varint",
            FrameErrorKind::Trailing => "frame_trailing",
        }
    }
}

impl FrameError {
    pub fn kind(&self) -> FrameErrorKind {
        self.kind
    }

    /// The byte offset at which the reader gave up.
    pub fn offset(&self) -> usize {
        self.offset
    }

    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.offset;
        match self.kind {
            FrameErrorKind::Empty => write!(f, "a sync frame is empty"),
            FrameErrorKind::Version { found } => write!(
                f,
                "a sync frame of version {found} (this build reads {FRAME_VERSION})"
            ),
            FrameErrorKind::Truncated => write!(f, "a sync frame ends early (byte {at})"),
            FrameErrorKind::Varint => write!(f, "a sync frame has a bad length at byte {at}"),
            FrameErrorKind::Trailing => write!(f, "a sync frame has extra bytes from byte {at}"),
        }
    }
}

impl std::error::Error for FrameError {}

/// The stamp's width: i64 + u32 + u64.
const STAMP_LEN: usize = 20;

/// The bytes of `batch`, ready to encrypt (or to [`split`](crate::parts::split) first).
pub fn frame(batch: &Batch) -> Vec<u8> {
    let payload: usize = batch.events.iter().map(|(h, b)| h.len() + b.len()).sum();
    let mut out = Vec::with_capacity(1 + STAMP_LEN + 10 + payload + 4 * batch.events.len());
    out.push(FRAME_VERSION);
    out.extend_from_slice(&batch.stamp.wall_ms.to_be_bytes());
    out.extend_from_slice(&batch.stamp.counter.to_be_bytes());
    out.extend_from_slice(&batch.stamp.device.to_be_bytes());
    put_varint(&mut out, batch.events.len() as u64);
    for (head, body) in &batch.events {
        put_varint(&mut out, head.len() as u64);
        out.extend_from_slice(head);
        put_varint(&mut out, body.len() as u64);
        out.extend_from_slice(body);
    }
    out
}

/// The batch `bytes` frame, or why they are not one.
pub fn unframe(bytes: &[u8]) -> Result<Batch, FrameError> {
    let mut r = Reader { bytes, at: 0 };
    let version = *bytes.first().ok_or(r.error(FrameErrorKind::Empty))?;
    if version != FRAME_VERSION {
        return Err(r.error(FrameErrorKind::Version { found: version }));
    }
    r.at = 1;
    let stamp = r.take(STAMP_LEN)?;
    let stamp = Hlc {
        wall_ms: i64::from_be_bytes(array(&stamp[0..8])),
        counter: u32::from_be_bytes(array(&stamp[8..12])),
        device: u64::from_be_bytes(array(&stamp[12..20])),
    };
    let count = r.varint()?;
    // Each event takes at least two bytes (two empty lengths): a count beyond that is a
    // lie, and believing it would reserve memory the bytes cannot fill.
    let most = (bytes.len() - r.at) / 2;
    let mut events = Vec::with_capacity(usize::try_from(count).unwrap_or(most).min(most));
    for _ in 0..count {
        let head = r.field()?;
        let body = r.field()?;
        events.push((head.to_vec(), body.to_vec()));
    }
    if r.at != bytes.len() {
        return Err(r.error(FrameErrorKind::Trailing));
    }
    Ok(Batch { stamp, events })
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The `N` bytes of a slice of `N` (the caller slices fixed ranges of a checked length, so
/// the zero fill is never used; it saves a panic path).
fn array<const N: usize>(s: &[u8]) -> [u8; N] {
    <[u8; N]>::try_from(s).unwrap_or([0; N])
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn error(&self, kind: FrameErrorKind) -> FrameError {
        FrameError {
            kind,
            offset: self.at,
        }
    }

    /// The next `n` bytes.
    fn take(&mut self, n: usize) -> Result<&'a [u8], FrameError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or(self.error(FrameErrorKind::Truncated))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn varint(&mut self) -> Result<u64, FrameError> {
        let start = self.at;
        let mut n: u64 = 0;
        for shift in (0..64).step_by(7) {
            let Some(&b) = self.bytes.get(self.at) else {
                return Err(self.error(FrameErrorKind::Truncated));
            };
            self.at += 1;
            let bits = u64::from(b & 0x7f);
            // The tenth byte holds the top bit only; and a last byte of 0 after the first
            // is a longer form of a shorter varint.
            if (shift == 63 && bits > 1) || (b == 0 && shift > 0) {
                self.at = start;
                return Err(self.error(FrameErrorKind::Varint));
            }
            n |= bits << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        self.at = start;
        Err(self.error(FrameErrorKind::Varint))
    }

    /// A length-prefixed field.
    fn field(&mut self) -> Result<&'a [u8], FrameError> {
        let len = self.varint()?;
        // A length past the end is truncation whatever its size (even beyond `usize`).
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        self.take(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(events: &[(&[u8], &[u8])]) -> Batch {
        Batch {
            stamp: Hlc {
                wall_ms: 0x0102_0304_0506_0708,
                counter: 0x0a0b_0c0d,
                device: 0x1112_1314_1516_1718,
            },
            events: events
                .iter()
                .map(|(h, b)| (h.to_vec(), b.to_vec()))
                .collect(),
        }
    }

    const STAMP: [u8; 20] = [
        1, 2, 3, 4, 5, 6, 7, 8, 0xa, 0xb, 0xc, 0xd, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
    ];

    #[test]
    fn the_layout_is_as_documented() {
        let mut want = vec![FRAME_VERSION];
        want.extend_from_slice(&STAMP);
        want.extend_from_slice(&[2, 1, b'h', 0, 3, b'a', b'b', b'c', 0]);
        assert_eq!(frame(&batch(&[(b"h", b""), (b"abc", b"")])), want);
    }

    #[test]
    fn frames_round_trip() {
        let long = vec![0x5a; 20_000];
        let cases: [&[(&[u8], &[u8])]; 4] = [
            &[],
            &[(b"", b"")],
            &[(b"head", b"body"), (b"", b"x")],
            &[(&long, &long[..127]), (&long[..128], &long[..16_384])],
        ];
        for (i, events) in cases.iter().enumerate() {
            let b = batch(events);
            assert_eq!(unframe(&frame(&b)), Ok(b), "case {i}");
        }
    }

    #[test]
    fn varints_round_trip_at_their_edges() {
        for n in [
            0,
            1,
            127,
            128,
            16_383,
            16_384,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            let mut v = Vec::new();
            put_varint(&mut v, n);
            let mut r = Reader { bytes: &v, at: 0 };
            assert_eq!(r.varint(), Ok(n));
            assert_eq!(r.at, v.len());
        }
    }

    #[test]
    fn bad_frames_are_refused_with_their_kind_and_offset() {
        let head = |tail: &[u8]| {
            let mut v = vec![FRAME_VERSION];
            v.extend_from_slice(&STAMP);
            v.extend_from_slice(tail);
            v
        };
        use FrameErrorKind as K;
        let cases: Vec<(Vec<u8>, FrameErrorKind, usize)> = vec![
            (vec![], K::Empty, 0),
            (vec![2], K::Version { found: 2 }, 0),
            (vec![0, 1, 2], K::Version { found: 0 }, 0),
            (vec![FRAME_VERSION], K::Truncated, 1),
            (head(&[])[..20].to_vec(), K::Truncated, 1),
            (head(&[]), K::Truncated, 21),
            (head(&[1]), K::Truncated, 22),
            (head(&[1, 5, b'a']), K::Truncated, 23),
            (head(&[1, 1, b'a']), K::Truncated, 24),
            (head(&[1, 0, 0, 0]), K::Trailing, 24),
            (head(&[0x80]), K::Truncated, 22),
            // Overlong forms: 0 as two bytes, 1 as three.
            (head(&[0x80, 0x00]), K::Varint, 21),
            (head(&[0x81, 0x80, 0x00]), K::Varint, 21),
            // Past 64 bits.
            (head(&[0xff; 10]), K::Varint, 21),
            (head(&[0xff; 11]), K::Varint, 21),
            // A count of 2^63 with two bytes left: refused without reserving for it.
            (
                head(&[
                    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0, 0,
                ]),
                K::Truncated,
                33,
            ),
            // A length of u64::MAX.
            (
                head(&[
                    1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
                ]),
                K::Truncated,
                32,
            ),
        ];
        for (i, (bytes, kind, offset)) in cases.into_iter().enumerate() {
            let e = unframe(&bytes).unwrap_err();
            assert_eq!((e.kind(), e.offset()), (kind, offset), "case {i}");
            assert!(e.code().starts_with("frame_") && !e.to_string().is_empty());
        }
    }
}
