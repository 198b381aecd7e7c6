//! The stored form of the event log: one record per write (the events one command yielded),
//! its heads and its bodies in two stores under the same key, each sealed.
//!
//! A record is a frame of the events' encodings (`Event::encode`): a count, the lengths, then
//! the bytes, so that a history decodes heads without touching bodies and a load decodes the
//! tail's events without one allocation per length prefix. The seal's name holds the key
//! (`heads/12`), so a record stored under another key is found like a changed byte.
//!
//! A sealed bodies record longer than [`PART`] is stored in parts (the first at the record's
//! key, the next at fractions after it) and joined again on read: Chromium refuses any value
//! over 127 MiB ("The serialized keys and/or value are too large", max 133,169,152 bytes in
//! Chromium 156), and the one event of a bulk command holds the whole book (≈ 35 MiB at 100k
//! invoices, ≈ 390 MiB at 1M: the 1M save failed).

use encours_core::portfolio::event::{Event, EventHead};
use encours_core::snapshot::{seal, SnapshotError};

/// The seal name of the heads record at `key`.
pub fn heads_name(key: u64) -> String {
    format!("heads/{key}")
}

/// The seal name of the bodies record at `key`.
pub fn bodies_name(key: u64) -> String {
    format!("bodies/{key}")
}

/// `parts` framed: their count, each length (u32 little-endian), then their bytes.
pub fn frame(parts: &[Vec<u8>]) -> Vec<u8> {
    let total: usize = parts.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(4 + 4 * parts.len() + total);
    out.extend_from_slice(&(parts.len() as u32).to_le_bytes());
    for p in parts {
        out.extend_from_slice(&(p.len() as u32).to_le_bytes());
    }
    for p in parts {
        out.extend_from_slice(p);
    }
    out
}

/// The parts of a frame, or `None` when the lengths do not add up.
pub fn unframe(b: &[u8]) -> Option<Vec<&[u8]>> {
    let word = |at: usize| -> Option<usize> {
        Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
    };
    let n = word(0)?;
    let mut at = 4usize.checked_add(n.checked_mul(4)?)?;
    if at > b.len() {
        return None;
    }
    let mut out = Vec::with_capacity(n);
    for k in 0..n {
        let len = word(4 + 4 * k)?;
        let end = at.checked_add(len)?;
        out.push(b.get(at..end)?);
        at = end;
    }
    (at == b.len()).then_some(out)
}

/// The sealed heads and bodies records of `events`, written at `key`.
pub fn seal_record(key: u64, events: &[Event]) -> (Vec<u8>, Vec<u8>) {
    let (heads, bodies): (Vec<Vec<u8>>, Vec<Vec<u8>>) = events.iter().map(Event::encode).unzip();
    (
        seal::seal(&heads_name(key), &frame(&heads)),
        seal::seal(&bodies_name(key), &frame(&bodies)),
    )
}

/// The largest part of a bodies record stored as one value.
pub const PART: usize = 32 << 20;

/// How many parts a record may have: part `k` is stored at `key + k / PARTS_PER_KEY`, exact
/// in an f64 for every key below 2^40.
const PARTS_PER_KEY: f64 = 4096.0;

/// The stored values of the sealed bodies record `bytes` at `key`, in parts of at most
/// `part` bytes ([`PART`] but in tests): (the IndexedDB key, the part). One part (at `key`
/// itself) unless it is longer. Past 4,096 parts the parts grow instead.
pub fn parts(key: u64, bytes: &[u8], part: usize) -> Vec<(f64, &[u8])> {
    let part = part
        .max(bytes.len().div_ceil(PARTS_PER_KEY as usize))
        .max(1);
    if bytes.len() <= part {
        return vec![(key as f64, bytes)];
    }
    bytes
        .chunks(part)
        .enumerate()
        .map(|(k, part)| (key as f64 + k as f64 / PARTS_PER_KEY, part))
        .collect()
}

/// Stored bodies values, in key order, joined back into their records: (the record's key,
/// its bytes). A key that is no number reads as `u64::MAX`, as elsewhere in the store.
pub fn join(stored: impl IntoIterator<Item = (Option<f64>, Vec<u8>)>) -> Vec<(u64, Vec<u8>)> {
    let mut out: Vec<(u64, Vec<u8>)> = Vec::new();
    for (k, bytes) in stored {
        let key = k.map_or(u64::MAX, |f| f as u64);
        match out.last_mut() {
            // A later part: its key's whole part is its record's.
            Some((last, joined)) if *last == key && k.is_some_and(|f| f.fract() != 0.0) => {
                joined.extend_from_slice(&bytes)
            }
            _ => out.push((key, bytes)),
        }
    }
    out
}

fn undecodable(record: String, detail: impl ToString) -> SnapshotError {
    SnapshotError::Undecodable {
        record,
        detail: detail.to_string(),
    }
}

/// The parts of the sealed record `name`, once its seal holds.
fn open_parts<'a>(name: &str, stored: &'a [u8]) -> Result<Vec<&'a [u8]>, SnapshotError> {
    let payload = seal::open(name, stored)?;
    unframe(payload).ok_or_else(|| undecodable(name.to_string(), "frame lengths"))
}

/// The heads of the record at `key`.
pub fn open_heads(key: u64, stored: &[u8]) -> Result<Vec<EventHead>, SnapshotError> {
    let name = heads_name(key);
    open_parts(&name, stored)?
        .into_iter()
        .map(|h| EventHead::decode(h).map_err(|e| undecodable(name.clone(), e)))
        .collect()
}

/// The events of the record at `key`: its heads and bodies together.
pub fn open_events(key: u64, heads: &[u8], bodies: &[u8]) -> Result<Vec<Event>, SnapshotError> {
    let (hn, bn) = (heads_name(key), bodies_name(key));
    let h = open_parts(&hn, heads)?;
    let b = open_parts(&bn, bodies)?;
    if h.len() != b.len() {
        return Err(undecodable(bn, "not as many bodies as heads"));
    }
    h.into_iter()
        .zip(b)
        .map(|(h, b)| Event::decode(h, b).map_err(|e| undecodable(bn.clone(), e)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_record_is_stored_in_parts_and_joined_back() {
        let long: Vec<u8> = (0..2 * PART + 5).map(|i| (i % 251) as u8).collect();
        let p = parts(12, &long, PART);
        assert_eq!(p.len(), 3);
        assert_eq!(
            p.iter().map(|(_, b)| b.len()).collect::<Vec<_>>(),
            [PART, PART, 5]
        );
        assert_eq!(p[0].0, 12.0);
        assert!(p.iter().all(|(k, _)| *k as u64 == 12));
        // Keys increase, so IndexedDB returns the parts in order, between records 12 and 13.
        assert!(p.windows(2).all(|w| w[0].0 < w[1].0 && w[1].0 < 13.0));
        let short = vec![7u8; 10];
        let mut stored: Vec<(Option<f64>, Vec<u8>)> = vec![(Some(11.0), short.clone())];
        stored.extend(p.iter().map(|(k, b)| (Some(*k), b.to_vec())));
        stored.push((Some(13.0), short.clone()));
        assert_eq!(
            join(stored),
            vec![(11, short.clone()), (12, long.clone()), (13, short.clone())]
        );
        // No more than 4,096 parts: a tiny part size grows to keep the keys apart.
        assert_eq!(parts(3, &long, 1).len(), 4096);
        // Two whole keys are never joined, even when equal (a damaged store reads as two).
        assert_eq!(
            join(vec![(Some(4.0), vec![1]), (Some(4.0), vec![2])]),
            vec![(4, vec![1]), (4, vec![2])]
        );
    }

    #[test]
    fn frames_round_trip_and_bad_lengths_are_refused() {
        let parts = vec![b"abc".to_vec(), Vec::new(), vec![7; 300]];
        let f = frame(&parts);
        let back: Vec<Vec<u8>> = unframe(&f)
            .unwrap()
            .into_iter()
            .map(<[u8]>::to_vec)
            .collect();
        assert_eq!(back, parts);
        assert_eq!(unframe(&frame(&[])).unwrap().len(), 0);
        // One byte short, one too many, a count larger than the frame.
        assert!(unframe(&f[..f.len() - 1]).is_none());
        let mut long = f.clone();
        long.push(0);
        assert!(unframe(&long).is_none());
        assert!(unframe(&[255, 255, 255, 255]).is_none());
        assert!(unframe(&[]).is_none());
    }
}
