//! A hybrid logical clock: stamps that follow the wall clock, yet never go backwards and
//! order every event after the events its device had seen.
//!
//! A stamp ([`Hlc`]) is a wall time in milliseconds, a counter that breaks ties within one
//! millisecond, and the device that made it, compared in that order: two stamps from two
//! devices are never equal, so sorting by stamp is a total order every device agrees on.
//!
//! A device keeps one [`Clock`]. [`Clock::tick`] stamps a local event: the wall time if it is
//! ahead of the last stamp, else the last stamp's time with the counter bumped — so a wall
//! clock set back (NTP, a user, a dead battery) does not reorder the device's own events.
//! [`Clock::observe`] takes a stamp from another device (a pulled batch) into the clock, so
//! that what this device does next is ordered after what it has just received, even if the
//! other device's clock is ahead of its own (the rules of Kulkarni et al., "Logical
//! Physical Clocks", 2014).
//!
//! A remote stamp far ahead of the wall time is a device whose clock is wrong. It is still
//! ordered (refusing it would leave the two devices' logs unmerged), but [`Hlc::drift`]
//! reports it so the UI can say which device to fix: once observed, every device's stamps
//! run at that clock's time.
//!
//! ```
//! use encours_sync::hlc::{Clock, Hlc, MAX_DRIFT_MS};
//!
//! let mut clock = Clock::new(7);
//! let a = clock.tick(1_000);
//! let b = clock.tick(900); // the wall clock went back: still after `a`
//! assert!(b > a);
//! let remote = Hlc { wall_ms: 5_000, counter: 3, device: 9 };
//! assert!(remote.drift(1_000, MAX_DRIFT_MS).is_none());
//! let c = clock.observe(remote, 1_000);
//! assert!(c > remote && c.device == 7);
//! assert_eq!(Hlc::from_key(&c.to_key()), Ok(c));
//! ```

use std::fmt;

/// How far ahead of this device's wall time a remote stamp may be before [`Hlc::drift`]
/// reports it: one day (clocks a few minutes apart are common; a day apart is a wrong date).
pub const MAX_DRIFT_MS: i64 = 86_400_000;

/// One stamp: compared by wall time, then counter, then device (the derived order follows
/// the field order).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hlc {
    /// Milliseconds since 1970-01-01 UTC, as the clock's device last knew it.
    pub wall_ms: i64,
    /// Which stamp within that millisecond.
    pub counter: u32,
    /// The device that made the stamp: breaks ties between devices.
    pub device: u64,
}

/// A remote stamp too far ahead of the wall time: its device's clock is wrong.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Drift {
    /// The device whose clock is ahead.
    pub device: u64,
    /// By how much, in milliseconds.
    pub ahead_ms: i64,
}

/// Why a key is not a stamp's key. Each has a stable [`code`](KeyError::code).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum KeyError {
    /// Not [`KEY_LEN`] characters.
    Length { found: usize },
    /// A character other than `0-9a-f` (upper case too is refused: one stamp, one key).
    Digit { at: usize },
}

impl KeyError {
    pub fn code(&self) -> &'static str {
        match self {
            KeyError::Length { .. } => "hlc_key_length",
            KeyError::Digit { .. } => "hlc_key_digit",
        }
    }
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::Length { found } => {
                write!(f, "a stamp key has {KEY_LEN} characters, not {found}")
            }
            KeyError::Digit { at } => write!(f, "a stamp key's character {at} is not 0-9a-f"),
        }
    }
}

impl std::error::Error for KeyError {}

/// The length of [`Hlc::to_key`]: 16 hex digits of time, 8 of counter, 16 of device.
pub const KEY_LEN: usize = 40;

/// Flipping the sign bit maps `i64` onto `u64` keeping the order (`i64::MIN` → 0, -1 →
/// 0x7fff…, 0 → 0x8000…), so a time before 1970 still sorts before one after.
const SIGN: u64 = 1 << 63;

impl Hlc {
    /// A fixed-width text form, lower-case hex, whose byte order is the stamps' order: a key
    /// for IndexedDB or any store that sorts strings.
    pub fn to_key(&self) -> String {
        format!(
            "{:016x}{:08x}{:016x}",
            self.wall_ms as u64 ^ SIGN,
            self.counter,
            self.device
        )
    }

    /// The stamp a [`to_key`](Hlc::to_key) made.
    pub fn from_key(key: &str) -> Result<Hlc, KeyError> {
        let b = key.as_bytes();
        if b.len() != KEY_LEN {
            return Err(KeyError::Length { found: b.len() });
        }
        // `u64::from_str_radix` would also take '+' and upper case: read the digits here.
        let mut n: u128 = 0;
        let mut fields = [0u64; 3];
        for (i, &c) in b.iter().enumerate() {
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                _ => return Err(KeyError::Digit { at: i }),
            };
            n = n << 4 | u128::from(d);
            match i {
                15 => (fields[0], n) = (n as u64, 0),
                23 => (fields[1], n) = (n as u64, 0),
                39 => fields[2] = n as u64,
                _ => {}
            }
        }
        Ok(Hlc {
            wall_ms: (fields[0] ^ SIGN) as i64,
            counter: fields[1] as u32,
            device: fields[2],
        })
    }

    /// `Some` if this (remote) stamp is more than `max_drift_ms` ahead of `wall_now_ms`.
    pub fn drift(&self, wall_now_ms: i64, max_drift_ms: i64) -> Option<Drift> {
        let ahead_ms = self.wall_ms.saturating_sub(wall_now_ms);
        (ahead_ms > max_drift_ms).then_some(Drift {
            device: self.device,
            ahead_ms,
        })
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_key())
    }
}

/// One device's clock: the last stamp it made or saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clock {
    last: Hlc,
}

impl Clock {
    /// A clock that has stamped nothing yet.
    pub fn new(device: u64) -> Clock {
        Clock {
            last: Hlc {
                wall_ms: i64::MIN,
                counter: 0,
                device,
            },
        }
    }

    /// A clock going on from `last`, its device's latest stamp (read back from the log on
    /// start): without it, a wall clock set back while the app was closed would stamp new
    /// events before old ones.
    pub fn resume(last: Hlc) -> Clock {
        Clock { last }
    }

    /// The last stamp made or observed (with this device's id): what to keep for
    /// [`resume`](Clock::resume).
    pub fn last(&self) -> Hlc {
        self.last
    }

    /// A stamp for a local event, after every stamp this clock made or observed.
    pub fn tick(&mut self, wall_now_ms: i64) -> Hlc {
        let (wall_ms, counter) = if wall_now_ms > self.last.wall_ms {
            (wall_now_ms, 0)
        } else {
            bump(self.last.wall_ms, self.last.counter)
        };
        self.set(wall_ms, counter)
    }

    /// Takes a received stamp into the clock and returns the stamp of receiving it: after
    /// both `remote` and every stamp this clock made or observed. Check
    /// [`Hlc::drift`] first to warn of a remote clock far ahead.
    pub fn observe(&mut self, remote: Hlc, wall_now_ms: i64) -> Hlc {
        let last = self.last;
        let (wall_ms, counter) = if wall_now_ms > last.wall_ms && wall_now_ms > remote.wall_ms {
            (wall_now_ms, 0)
        } else if last.wall_ms == remote.wall_ms {
            bump(last.wall_ms, last.counter.max(remote.counter))
        } else if last.wall_ms > remote.wall_ms {
            bump(last.wall_ms, last.counter)
        } else {
            bump(remote.wall_ms, remote.counter)
        };
        self.set(wall_ms, counter)
    }

    fn set(&mut self, wall_ms: i64, counter: u32) -> Hlc {
        self.last = Hlc {
            wall_ms,
            counter,
            device: self.last.device,
        };
        self.last
    }
}

/// The next (time, counter) after `(wall_ms, counter)`. A full counter (4 billion stamps in
/// one millisecond: a peer's forged stamp, not real traffic) moves to the next millisecond
/// rather than wrap around; at the end of time the stamp stays put rather than panic.
fn bump(wall_ms: i64, counter: u32) -> (i64, u32) {
    match counter.checked_add(1) {
        Some(c) => (wall_ms, c),
        None => match wall_ms.checked_add(1) {
            Some(w) => (w, 0),
            None => (wall_ms, counter),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn h(wall_ms: i64, counter: u32, device: u64) -> Hlc {
        Hlc {
            wall_ms,
            counter,
            device,
        }
    }

    #[test]
    fn tick_is_monotonic_whatever_the_wall_clock_does() {
        // (wall now, expected stamp) in sequence on device 1.
        let steps = [
            (100, h(100, 0, 1)),
            (100, h(100, 1, 1)),
            (50, h(100, 2, 1)),
            (101, h(101, 0, 1)),
            (-5, h(101, 1, 1)),
            (i64::MIN, h(101, 2, 1)),
            (200, h(200, 0, 1)),
        ];
        let mut clock = Clock::new(1);
        let mut before = None;
        for (i, (now, want)) in steps.into_iter().enumerate() {
            let got = clock.tick(now);
            assert_eq!(got, want, "step {i}");
            assert!(Some(got) > before, "step {i}");
            before = Some(got);
        }
    }

    #[test]
    fn observe_takes_the_max_of_the_three_clocks() {
        // (clock's last, remote, wall now, expected)
        let cases = [
            // The wall clock is ahead of both: it wins, counter 0.
            (h(10, 5, 1), h(20, 9, 2), 30, h(30, 0, 1)),
            // The remote is ahead: its time, its counter + 1.
            (h(10, 5, 1), h(50, 9, 2), 30, h(50, 10, 1)),
            // The local clock is ahead: its time, its counter + 1.
            (h(60, 5, 1), h(50, 9, 2), 30, h(60, 6, 1)),
            // Local and remote tie on time: the larger counter + 1.
            (h(60, 5, 1), h(60, 9, 2), 30, h(60, 10, 1)),
            (h(60, 12, 1), h(60, 9, 2), 30, h(60, 13, 1)),
            // The wall clock equals the max: not strictly ahead, so counters still count.
            (h(10, 5, 1), h(30, 2, 2), 30, h(30, 3, 1)),
            // Full counters move to the next millisecond.
            (h(60, u32::MAX, 1), h(60, 0, 2), 0, h(61, 0, 1)),
            (
                h(0, 0, 1),
                h(i64::MAX, u32::MAX, 2),
                0,
                h(i64::MAX, u32::MAX, 1),
            ),
        ];
        for (i, (last, remote, now, want)) in cases.into_iter().enumerate() {
            let mut clock = Clock::resume(last);
            let got = clock.observe(remote, now);
            assert_eq!(got, want, "case {i}");
            assert_eq!(clock.last(), got, "case {i}");
            if want.wall_ms < i64::MAX {
                assert!(got > last && got > remote, "case {i}");
            }
        }
    }

    #[test]
    fn ties_are_broken_by_device() {
        let mut a = Clock::new(1);
        let mut b = Clock::new(2);
        let (sa, sb) = (a.tick(100), b.tick(100));
        assert_eq!((sa.wall_ms, sa.counter), (sb.wall_ms, sb.counter));
        assert!(sa < sb);
        assert!(h(100, 1, 1) > h(100, 0, 2), "the counter before the device");
        assert!(h(101, 0, 0) > h(100, 9, 9), "the time before the counter");
    }

    #[test]
    fn drift_reports_a_clock_far_ahead() {
        let now = 1_752_537_600_000;
        for (wall, reported) in [
            (now, false),
            (now + MAX_DRIFT_MS, false),
            (now + MAX_DRIFT_MS + 1, true),
            (now - 10 * MAX_DRIFT_MS, false),
            (i64::MAX, true),
        ] {
            let d = h(wall, 0, 4).drift(now, MAX_DRIFT_MS);
            assert_eq!(d.is_some(), reported, "{wall}");
            if let Some(d) = d {
                assert_eq!((d.device, d.ahead_ms), (4, wall - now));
            }
        }
        assert!(
            h(i64::MAX, 0, 4).drift(i64::MIN, 0).is_some(),
            "no overflow"
        );
    }

    /// Stamps at the edges of each field, to compare in every pair.
    fn edges() -> Vec<Hlc> {
        let walls = [i64::MIN, -1, 0, 1, 1_752_537_600_000, i64::MAX];
        let counters = [0, 1, 0xffff, u32::MAX];
        let devices = [0, 1, 0x1234_5678_9abc_def0, u64::MAX];
        let mut v = Vec::new();
        for &w in &walls {
            for &c in &counters {
                for &d in &devices {
                    v.push(h(w, c, d));
                }
            }
        }
        v
    }

    #[test]
    fn keys_round_trip_and_sort_as_the_stamps() {
        let stamps = edges();
        for s in &stamps {
            let k = s.to_key();
            assert_eq!(k.len(), KEY_LEN);
            assert_eq!(Hlc::from_key(&k), Ok(*s), "{k}");
        }
        for a in &stamps {
            for b in &stamps {
                assert_eq!(a.cmp(b), a.to_key().cmp(&b.to_key()), "{a:?} {b:?}");
            }
        }
        assert_eq!(
            h(0, 1, 2).to_key(),
            concat!("8000000000000000", "00000001", "0000000000000002")
        );
        assert_eq!(h(-1, 0, 0).to_key()[..16], *"7fffffffffffffff");
    }

    #[test]
    fn bad_keys_are_refused() {
        let good = h(0xabc, 6, 7).to_key();
        let upper = good.to_uppercase();
        let cases: [(&str, KeyError); 5] = [
            ("", KeyError::Length { found: 0 }),
            (&good[1..], KeyError::Length { found: 39 }),
            (&upper, KeyError::Digit { at: 13 }),
            (
                "+000000000000000000000000000000000000000",
                KeyError::Digit { at: 0 },
            ),
            (
                "800000000000000500000006000000000000000é",
                KeyError::Length { found: 41 },
            ),
        ];
        for (key, want) in cases {
            assert_eq!(Hlc::from_key(key), Err(want), "{key}");
            assert!(!want.code().is_empty() && !want.to_string().is_empty());
        }
    }
}
