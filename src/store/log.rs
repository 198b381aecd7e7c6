//! The stored form of the event log: one record per write (the events one command yielded),
//! its heads and its bodies in two stores under the same key, each sealed.
//!
//! A record is a frame of the events' encodings (`Event::encode`): a count, the lengths, then
//! the bytes, so that a history decodes heads without touching bodies and a load decodes the
//! tail's events without one allocation per length prefix. The seal's name holds the key
//! (`heads/12`), so a record stored under another key is found like a changed byte.

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
