//! [`Written`] as bytes, by hand: fixed-width little-endian fields, checked when read. Not
//! serde's derive: its code for these four types weighed in both wasm builds (the page is
//! over its size budget), and the layout is small and stable.
//!
//! Layout 1: the version byte, the clock (i64); the stamps (u32 count, then each: at i64,
//! device u64, id u128); the entries (u32 count, then each: the record's kind u8, its id
//! u64, its stamp's index u32), sorted by record; the five lists' runs (each: u32 count,
//! then each run: its stamp, 32 bytes, and its count u32).

use super::{Ends, Rec, Stamp, Written, LISTS};

const LAYOUT: u8 = 1;

impl Rec {
    fn parts(self) -> (u8, u64) {
        match self {
            Rec::Client(x) => (0, x),
            Rec::Invoice(x) => (1, x),
            Rec::Payment(x) => (2, x),
            Rec::Reached(x) => (3, x),
            Rec::FollowUp(x) => (4, x),
            Rec::ContractRate(x) => (5, x),
            Rec::Checklist(x) => (6, x),
            Rec::Owner(x) => (7, x),
            Rec::Settings => (8, 0),
            Rec::ProvisionRates => (9, 0),
            Rec::RecoveryCosts => (10, 0),
            Rec::Law => (11, 0),
            Rec::Bank => (12, 0),
        }
    }

    fn from_parts(kind: u8, x: u64) -> Option<Rec> {
        Some(match kind {
            0 => Rec::Client(x),
            1 => Rec::Invoice(x),
            2 => Rec::Payment(x),
            3 => Rec::Reached(x),
            4 => Rec::FollowUp(x),
            5 => Rec::ContractRate(x),
            6 => Rec::Checklist(x),
            7 => Rec::Owner(x),
            8 => Rec::Settings,
            9 => Rec::ProvisionRates,
            10 => Rec::RecoveryCosts,
            11 => Rec::Law,
            12 => Rec::Bank,
            _ => return None,
        })
    }
}

fn stamp(out: &mut Vec<u8>, s: &Stamp) {
    out.extend_from_slice(&s.at.to_le_bytes());
    out.extend_from_slice(&s.device.to_le_bytes());
    out.extend_from_slice(&s.id.to_le_bytes());
}

/// Bytes read from the front, `None` past the end.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }
    fn u32(&mut self) -> Option<u32> {
        self.take().map(u32::from_le_bytes)
    }
    fn u64(&mut self) -> Option<u64> {
        self.take().map(u64::from_le_bytes)
    }
    /// A count of items of `size` bytes each, no more than what is left could hold.
    fn count(&mut self, size: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.checked_mul(size)? <= self.0.len()).then_some(n)
    }
    fn stamp(&mut self) -> Option<Stamp> {
        Some(Stamp {
            at: self.take().map(i64::from_le_bytes)?,
            device: self.u64()?,
            id: self.take().map(u128::from_le_bytes)?,
        })
    }
}

impl Written {
    /// The bytes of the `written` chunk.
    pub fn encode(&self) -> Vec<u8> {
        let mut out =
            Vec::with_capacity(13 + 32 * self.stamps.len() + 13 * self.entries.len() + LISTS * 4);
        out.push(LAYOUT);
        out.extend_from_slice(&self.clock.to_le_bytes());
        out.extend_from_slice(&(self.stamps.len() as u32).to_le_bytes());
        for s in &self.stamps {
            stamp(&mut out, s);
        }
        out.extend_from_slice(&(self.entries.len() as u32).to_le_bytes());
        for (r, i) in &self.entries {
            let (kind, x) = r.parts();
            out.push(kind);
            out.extend_from_slice(&x.to_le_bytes());
            out.extend_from_slice(&i.to_le_bytes());
        }
        for ends in &self.lists {
            out.extend_from_slice(&(ends.runs.len() as u32).to_le_bytes());
            for (s, n) in &ends.runs {
                stamp(&mut out, s);
                out.extend_from_slice(&n.to_le_bytes());
            }
        }
        out
    }

    /// What [`Written::encode`] wrote, or `None` for any other bytes (a damaged chunk, a
    /// layout this version does not know): entries out of order or naming a stamp that is
    /// not there are refused too, never trusted.
    pub fn decode(bytes: &[u8]) -> Option<Written> {
        let mut b = Bytes(bytes);
        if b.take::<1>()? != [LAYOUT] {
            return None;
        }
        let clock = b.take().map(i64::from_le_bytes)?;
        let n = b.count(32)?;
        let stamps: Vec<Stamp> = (0..n).map(|_| b.stamp()).collect::<Option<_>>()?;
        let n = b.count(13)?;
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            let [kind] = b.take::<1>()?;
            let r = Rec::from_parts(kind, b.u64()?)?;
            let i = b.u32()?;
            let ordered = entries.last().is_none_or(|(last, _)| *last < r);
            if !ordered || i as usize >= stamps.len() {
                return None;
            }
            entries.push((r, i));
        }
        let mut lists: [Ends; LISTS] = Default::default();
        for ends in &mut lists {
            let n = b.count(36)?;
            for _ in 0..n {
                let s = b.stamp()?;
                let count = b.u32().filter(|&c| c > 0)?;
                ends.runs.push((s, count));
            }
        }
        if !b.0.is_empty() {
            return None;
        }
        let newest = stamps.iter().copied().max().unwrap_or_default();
        Some(Written {
            clock,
            newest,
            stamps,
            entries,
            lists,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(at: i64, device: u64) -> Stamp {
        Stamp {
            at,
            device,
            id: (at as u128) << 64 | device as u128,
        }
    }

    #[test]
    fn the_bytes_read_back_and_damage_is_refused() {
        let mut w = Written {
            clock: 1_752_537_600_123,
            ..Written::default()
        };
        w.stamps = vec![s(5, 1), s(9, 2)];
        w.newest = s(9, 2);
        w.entries = vec![
            (Rec::Client(3), 0),
            (Rec::Invoice(1), 1),
            (Rec::Settings, 1),
        ];
        w.lists[1].runs = vec![(s(5, 1), 2), (s(9, 2), 1)];
        let bytes = w.encode();
        assert_eq!(Written::decode(&bytes), Some(w.clone()));
        assert_eq!(
            Written::decode(&Written::default().encode()),
            Some(Written::default())
        );
        // Every cut short, a byte more, another layout: refused.
        for k in 0..bytes.len() {
            assert_eq!(Written::decode(&bytes[..k]), None, "cut at {k}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(Written::decode(&longer), None);
        let mut other = bytes.clone();
        other[0] = 2;
        assert_eq!(Written::decode(&other), None);
        // An entry naming a stamp past the table, entries out of order: refused.
        let mut bad = w.clone();
        bad.entries[0].1 = 7;
        assert_eq!(Written::decode(&bad.encode()), None);
        let mut bad = w;
        bad.entries.swap(0, 1);
        assert_eq!(Written::decode(&bad.encode()), None);
    }
}
