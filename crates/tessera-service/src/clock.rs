//! Time, passed in: the wall clock (Unix seconds, which codes are made from
//! and which can jump — NTP, a user, a suspended laptop) and a monotonic
//! clock (for idle time, which must not jump). The system's at the edge; a
//! fake one in tests.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Where the service reads the time.
pub trait Clock: Send + Sync {
    /// Seconds since the Unix epoch.
    fn unix_now(&self) -> u64;
    /// Milliseconds since the Unix epoch (codes with a time correction are
    /// made from this, so a correction of a fraction of a second counts).
    fn unix_now_ms(&self) -> u64 {
        self.unix_now().saturating_mul(1000)
    }
    /// Time since an arbitrary start; never goes backwards.
    fn monotonic(&self) -> Duration;
}

/// The operating system's clocks.
#[derive(Debug)]
pub struct SystemClock {
    start: Instant,
}

impl SystemClock {
    /// The system clocks, monotonic time counted from now.
    pub fn new() -> Self {
        Self {
            start: Instant::now(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for SystemClock {
    fn unix_now(&self) -> u64 {
        // A clock before 1970 reads as 1970; codes are then wrong, and the
        // clock check says why.
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    }

    fn unix_now_ms(&self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
            .unwrap_or(0)
    }

    fn monotonic(&self) -> Duration {
        self.start.elapsed()
    }
}

/// A clock tests move by hand: the wall clock can be set anywhere
/// (backwards too); monotonic time only advances.
#[derive(Debug, Default)]
pub struct FakeClock {
    unix: AtomicU64,
    monotonic_ms: AtomicU64,
}

impl FakeClock {
    /// A clock showing `unix` seconds.
    pub fn at(unix: u64) -> Self {
        Self {
            unix: AtomicU64::new(unix),
            monotonic_ms: AtomicU64::new(0),
        }
    }

    /// Sets the wall clock (as NTP or a user would).
    pub fn set(&self, unix: u64) {
        self.unix.store(unix, Ordering::SeqCst);
    }

    /// Lets `seconds` pass on both clocks.
    pub fn advance(&self, seconds: u64) {
        self.unix.fetch_add(seconds, Ordering::SeqCst);
        self.monotonic_ms
            .fetch_add(seconds.saturating_mul(1000), Ordering::SeqCst);
    }
}

impl Clock for FakeClock {
    fn unix_now(&self) -> u64 {
        self.unix.load(Ordering::SeqCst)
    }

    fn monotonic(&self) -> Duration {
        Duration::from_millis(self.monotonic_ms.load(Ordering::SeqCst))
    }
}
