//! Escalating lockouts after wrong PINs, persisted in the index.
//!
//! Every attempt is counted *before* the PIN is checked (and the lockout it
//! would cause is already recorded), so killing the process during a check
//! never grants a free attempt; a correct PIN then clears it. After 5
//! failures: 1, 5, 15, then 60 minutes. Time left is measured from an anchor:
//! if the clock goes backwards the remaining time is kept in full and
//! re-anchored, so turning the clock back never shortens a lockout. (Turning
//! it forward can: no local clock is trustworthy against an administrator.)

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
    /// Unix time at which `remaining` was measured.
    pub anchor: u64,
    /// Seconds of lockout left at `anchor`.
    pub remaining: u64,
}

impl Lockout {
    /// Seconds until another attempt is allowed.
    pub fn seconds_left(&self, now: u64) -> u64 {
        if now >= self.anchor {
            self.remaining.saturating_sub(now - self.anchor)
        } else {
            self.remaining
        }
    }

    /// Records an attempt about to be checked, as if it will fail.
    pub fn begin_attempt(&mut self, now: u64) {
        let left = self.seconds_left(now);
        self.failures = self.failures.saturating_add(1);
        self.anchor = now;
        self.remaining = left;
        if self.failures >= FREE_ATTEMPTS {
            let step = (self.failures - FREE_ATTEMPTS) as usize;
            self.remaining = LOCKOUT_STEPS[step.min(LOCKOUT_STEPS.len() - 1)];
        }
    }

    /// Records the time left as seen at `now`. Called on every check, so a
    /// clock moved backwards keeps exactly the time that was left.
    pub fn observe(&mut self, now: u64) {
        self.remaining = self.seconds_left(now);
        self.anchor = now;
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
    fn turning_the_clock_back_does_not_shorten() {
        let mut l = Lockout::default();
        for _ in 0..5 {
            l.begin_attempt(10_000);
        }
        l.observe(10_010);
        assert_eq!(l.seconds_left(10_010), 50);
        // Clock set back an hour: still 50 s left, measured from the new time.
        assert_eq!(l.seconds_left(6_400), 50);
        l.observe(6_400);
        assert_eq!(l.seconds_left(6_430), 20);
    }
}
