//! How long a sync loop waits before trying again after a failure: twice as long after each
//! failure in a row, up to a cap, with jitter, and back to short once a request succeeds.
//!
//! The jitter keeps many devices that lost the same server at the same moment from all
//! coming back at the same moment. It is "equal jitter": the delay is drawn between half
//! the ceiling and the ceiling, so it never falls to zero (a loop retrying at once, in a
//! tight circle, is what back-off is for avoiding). The random draw is the caller's
//! (`crypto.getRandomValues` in the browser, a constant in tests), and the arithmetic is on
//! integers: the same inputs give the same delay everywhere.
//!
//! ```
//! use encours_sync::backoff::Backoff;
//!
//! let mut b = Backoff::new(1_000, 60_000);
//! assert_eq!(b.next_delay(u32::MAX), 1_000); // the top of [500, 1000]
//! assert_eq!(b.next_delay(0), 1_000); // the bottom of [1000, 2000]
//! assert_eq!(b.next_delay(u32::MAX), 4_000);
//! b.reset();
//! assert_eq!(b.next_delay(0), 500);
//! ```

/// Exponential back-off, in milliseconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backoff {
    base_ms: u32,
    cap_ms: u32,
    failures: u32,
}

impl Backoff {
    /// Delays from `base_ms` (the first failure's ceiling) doubling up to `cap_ms`.
    pub fn new(base_ms: u32, cap_ms: u32) -> Backoff {
        Backoff {
            base_ms,
            cap_ms,
            failures: 0,
        }
    }

    /// The delay before the next try, after one more failure. `jitter_unit` is a uniform
    /// random `u32`: 0 gives half the ceiling, `u32::MAX` the ceiling.
    pub fn next_delay(&mut self, jitter_unit: u32) -> u32 {
        let ceiling = self.ceiling();
        // Stop counting once the cap is reached: the count only matters below it.
        if ceiling < self.cap_ms {
            self.failures = self.failures.saturating_add(1);
        }
        let half = ceiling / 2;
        let span = u64::from(ceiling - half);
        // (jitter / 2^32) * (span + 1), in integers: within [0, span].
        let extra = (u64::from(jitter_unit) * (span + 1)) >> 32;
        half + extra as u32
    }

    /// After a success: the next failure waits `base_ms` again.
    pub fn reset(&mut self) {
        self.failures = 0;
    }

    /// Failures in a row so far (counted up to the one that reached the cap).
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// `base_ms × 2^failures`, at most `cap_ms` (the cap wins over a base above it).
    fn ceiling(&self) -> u32 {
        if self.base_ms == 0 {
            return 0;
        }
        let doubled = u64::from(self.base_ms)
            .checked_shl(self.failures)
            .filter(|&d| d >> self.failures == u64::from(self.base_ms))
            .unwrap_or(u64::MAX);
        doubled.min(u64::from(self.cap_ms)) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_to_the_cap_within_their_jitter() {
        // Ceilings for base 100, cap 1000: 100, 200, 400, 800, 1000, 1000…
        let ceilings = [100, 200, 400, 800, 1000, 1000, 1000];
        for jitter in [0, 1, u32::MAX / 2, u32::MAX - 1, u32::MAX] {
            let mut b = Backoff::new(100, 1000);
            for (i, c) in ceilings.iter().enumerate() {
                let d = b.next_delay(jitter);
                assert!(c / 2 <= d && d <= *c, "failure {i} jitter {jitter}: {d}");
                if jitter == 0 {
                    assert_eq!(d, c / 2);
                }
                if jitter == u32::MAX {
                    assert_eq!(d, *c);
                }
            }
            assert_eq!(b.failures(), 4, "counting stops at the cap");
        }
    }

    #[test]
    fn odd_settings_never_overflow() {
        // (base, cap, jitter, delays expected on the first three failures)
        let cases: [(u32, u32, u32, [u32; 3]); 6] = [
            (0, 1000, u32::MAX, [0, 0, 0]),
            (1, 1, u32::MAX, [1, 1, 1]),
            (1, 1, 0, [0, 0, 0]),
            (5000, 1000, u32::MAX, [1000, 1000, 1000]),
            (u32::MAX, u32::MAX, u32::MAX, [u32::MAX; 3]),
            (
                u32::MAX / 2 + 1,
                u32::MAX,
                0,
                [u32::MAX / 4 + 1, u32::MAX / 2, u32::MAX / 2],
            ),
        ];
        for (base, cap, jitter, want) in cases {
            let mut b = Backoff::new(base, cap);
            let got = [
                b.next_delay(jitter),
                b.next_delay(jitter),
                b.next_delay(jitter),
            ];
            assert_eq!(got, want, "{base} {cap} {jitter}");
        }
        // A base of 0 keeps counting (its ceiling never reaches the cap) without overflow.
        let mut b = Backoff::new(0, 10);
        for _ in 0..100 {
            assert_eq!(b.next_delay(u32::MAX), 0);
        }
    }

    #[test]
    fn reset_starts_over() {
        let mut b = Backoff::new(250, 30_000);
        for _ in 0..10 {
            b.next_delay(7);
        }
        b.reset();
        assert_eq!(b.failures(), 0);
        assert_eq!(b.next_delay(u32::MAX), 250);
    }
}
