//! Escalating lockouts after wrong PINs, persisted in the index.
//!
//! Every attempt is counted *before* the PIN is checked (and the lockout it
//! would cause is already recorded), so killing the process during a check
//! never grants a free attempt; a correct PIN then clears it. After 5
//! failures: 1, 5, 15, then 60 minutes. Time left is measured from a
//! high-water mark (the latest time ever observed): only time beyond it
//! counts, so turning the clock back freezes a lockout, and putting the clock
//! right again credits only the real time that passed. Turning it forward
//! past the real time can shorten it: no local clock is trustworthy against
//! an administrator. Trade-off: a clock corrected backwards *during* a
//! lockout extends that lockout by the size of the correction.

use serde::{Deserialize, Serialize};

/// Failures allowed before the first lockout.
pub const FREE_ATTEMPTS: u32 = 5;
/// Lockout lengths in seconds, after the 5th, 6th, 7th and later failures.
pub const LOCKOUT_STEPS: [u64; 4] = [60, 300, 900, 3600];

/// Persisted wrong-PIN state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lockout {
    /// Attempts since the last correct PIN (including one in progress).
    pub failures: u32,
    /// The latest Unix time observed; `remaining` was measured then.
    pub anchor: u64,
    /// Seconds of lockout left at `anchor`.
    pub remaining: u64,
}

impl Lockout {
    /// Seconds until another attempt is allowed.
    pub fn seconds_left(&self, now: u64) -> u64 {
        self.remaining
            .saturating_sub(now.saturating_sub(self.anchor))
    }

    /// Records an attempt about to be checked, as if it will fail.
    pub fn begin_attempt(&mut self, now: u64) {
        self.observe(now);
        self.failures = self.failures.saturating_add(1);
        if self.failures >= FREE_ATTEMPTS {
            let step = (self.failures - FREE_ATTEMPTS) as usize;
            self.remaining = LOCKOUT_STEPS[step.min(LOCKOUT_STEPS.len() - 1)];
        }
    }

    /// The stricter of two records of the same lockout (the index's and the
    /// keychain's copy): the most failures and the longest wait at `now`.
    pub fn stricter(a: Self, b: Self, now: u64) -> Self {
        let (mut a, mut b) = (a, b);
        a.observe(now);
        b.observe(now);
        let anchor = a.anchor.max(b.anchor);
        let left = a.seconds_left(anchor).max(b.seconds_left(anchor));
        Self {
            failures: a.failures.max(b.failures),
            anchor,
            remaining: left,
        }
    }

    /// Credits the time since the high-water mark and raises the mark to
    /// `now`; a `now` at or below the mark changes nothing.
    pub fn observe(&mut self, now: u64) {
        if now > self.anchor {
            self.remaining = self.seconds_left(now);
            self.anchor = now;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escalates_after_five_failures() {
        let mut l = Lockout::default();
        for i in 1..=4 {
            l.begin_attempt(1000);
            assert_eq!(l.seconds_left(1000), 0, "attempt {i}");
        }
        l.begin_attempt(1000);
        assert_eq!(l.seconds_left(1000), 60);
        assert_eq!(l.seconds_left(1030), 30);
        assert_eq!(l.seconds_left(1060), 0);
        l.begin_attempt(1060);
        assert_eq!(l.seconds_left(1060), 300);
        l.begin_attempt(2000);
        assert_eq!(l.seconds_left(2000), 900);
        l.begin_attempt(5000);
        assert_eq!(l.seconds_left(5000), 3600);
        l.begin_attempt(9000);
        assert_eq!(l.seconds_left(9000), 3600);
    }

    #[test]
    fn the_stricter_copy_wins() {
        let mut index = Lockout::default();
        let mut keychain = Lockout::default();
        for _ in 0..6 {
            keychain.begin_attempt(1_000);
        }
        // Someone reset the index copy by editing the file.
        index.observe(1_010);
        let merged = Lockout::stricter(index, keychain, 1_010);
        assert_eq!(merged.failures, 6);
        assert_eq!(merged.seconds_left(1_010), 290);
        // The other way round gives the same.
        assert_eq!(Lockout::stricter(keychain, index, 1_010), merged);
    }

    #[test]
    fn turning_the_clock_back_does_not_shorten() {
        let mut l = Lockout::default();
        for _ in 0..5 {
            l.begin_attempt(10_000);
        }
        l.observe(10_010);
        assert_eq!(l.seconds_left(10_010), 50);
        // Clock set back an hour: frozen at 50 s.
        l.observe(6_400);
        assert_eq!(l.seconds_left(6_430), 50);
        l.observe(6_430);
        // Clock put right 20 s after the first check: only those 20 s count.
        l.observe(10_030);
        assert_eq!(l.seconds_left(10_030), 30);
        assert_eq!(l.seconds_left(10_060), 0);
    }
}
