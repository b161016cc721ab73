//! Hybrid logical clocks (Kulkarni et al. 2014): a wall time in
//! milliseconds and a counter. A desk's next stamp is later than every stamp
//! it has seen and than its own clock, so causally later changes always
//! carry later stamps even when desks' clocks disagree.

use serde::{Deserialize, Serialize};

/// A hybrid-logical-clock stamp; ordered by time, then counter.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Stamp {
    /// Wall time, Unix milliseconds.
    pub ms: u64,
    /// Counter within one millisecond.
    pub n: u32,
}

impl Stamp {
    /// The next stamp after `self` (the latest seen) at wall time `now_ms`.
    pub fn next(self, now_ms: u64) -> Self {
        if now_ms > self.ms {
            Self { ms: now_ms, n: 0 }
        } else {
            Self {
                ms: self.ms,
                n: self.n.saturating_add(1),
            }
        }
    }
}
