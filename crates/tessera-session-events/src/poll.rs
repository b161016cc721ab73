//! Sources read by polling, on every platform: a jump of the wall clock
//! between two ticks (the computer slept and woke), and, where the platform
//! has one, a probe that says whether the screen is locked now. A probe's
//! first answer is only a baseline: the app locks when the screen *becomes*
//! locked, so a probe that misreads steadily can never lock the app over and
//! over.

use crate::LockReason;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// How often the sources are read.
pub(crate) const TICK: Duration = Duration::from_secs(2);
/// How much longer than a tick the wall clock must have moved to count as a
/// sleep (room for a busy machine, and for small clock corrections).
const SLEEP_SLACK: Duration = Duration::from_secs(20);

type Callback = Arc<dyn Fn(LockReason) + Send + Sync>;
/// Whether the screen is locked now; `None` when it cannot be told.
pub(crate) type Probe = fn() -> Option<bool>;

/// Turns samples of "is the screen locked" into lock events.
#[derive(Debug, Default)]
pub(crate) struct LockEdges {
    last: Option<bool>,
}

impl LockEdges {
    /// True when this sample shows the screen newly locked.
    pub(crate) fn sample(&mut self, locked: Option<bool>) -> bool {
        let Some(now) = locked else {
            return false;
        };
        let rose = self.last == Some(false) && now;
        self.last = Some(now);
        rose
    }
}

/// True when the wall clock moved far more than the tick it slept: the
/// computer was asleep (or the clock was set forward; locking then is harmless).
pub(crate) fn slept(before: SystemTime, after: SystemTime, tick: Duration) -> bool {
    after
        .duration_since(before)
        .is_ok_and(|moved| moved > tick + SLEEP_SLACK)
}

/// Starts the polling thread; returns the names of the sources it reads.
pub(crate) fn spawn(probe: Option<(&'static str, Probe)>, on_lock: Callback) -> Vec<String> {
    let mut names = vec!["wall-clock jump (waking from sleep)".to_owned()];
    if let Some((name, _)) = probe {
        names.push(name.to_owned());
    }
    let started = std::thread::Builder::new()
        .name("session-poll".into())
        .spawn(move || {
            let mut edges = LockEdges::default();
            let mut wall = SystemTime::now();
            loop {
                if let Some((_, read)) = probe {
                    if edges.sample(read()) {
                        on_lock(LockReason::ScreenLocked);
                    }
                }
                std::thread::sleep(TICK);
                let now = SystemTime::now();
                if slept(wall, now, TICK) {
                    on_lock(LockReason::Sleeping);
                }
                wall = now;
            }
        });
    if started.is_err() {
        names.clear();
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_change_to_locked_is_an_event() {
        let mut edges = LockEdges::default();
        // The first answer is a baseline, even when it says locked.
        assert!(!edges.sample(Some(true)));
        assert!(!edges.sample(Some(true)));
        assert!(!edges.sample(Some(false)));
        assert!(edges.sample(Some(true)));
        assert!(!edges.sample(Some(true)), "once per lock");
        // Unknown answers change nothing.
        assert!(!edges.sample(None));
        assert!(!edges.sample(Some(false)));
        assert!(!edges.sample(None));
        assert!(edges.sample(Some(true)));
    }

    #[test]
    fn a_wall_clock_jump_means_the_computer_slept() {
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        assert!(!slept(t0, t0 + TICK, TICK));
        assert!(
            !slept(t0, t0 + TICK + Duration::from_secs(5), TICK),
            "a busy machine"
        );
        assert!(slept(t0, t0 + Duration::from_secs(60), TICK));
        assert!(slept(t0, t0 + Duration::from_secs(8 * 3600), TICK));
        // The clock set back is not a sleep.
        assert!(!slept(t0, t0 - Duration::from_secs(3600), TICK));
    }

    static LOCKED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

    fn fake_probe() -> Option<bool> {
        Some(LOCKED.load(std::sync::atomic::Ordering::SeqCst))
    }

    #[test]
    fn the_polling_thread_reports_the_screen_locking() {
        let (tx, rx) = std::sync::mpsc::channel();
        let tx = std::sync::Mutex::new(tx);
        let names = spawn(
            Some(("fake probe", fake_probe as Probe)),
            Arc::new(move |reason| {
                let _ = tx.lock().map(|t| t.send(reason));
            }),
        );
        assert_eq!(names.len(), 2);
        // Let it take its baseline (unlocked), then lock the "screen".
        std::thread::sleep(TICK / 2);
        LOCKED.store(true, std::sync::atomic::Ordering::SeqCst);
        let got = rx.recv_timeout(TICK * 5);
        assert_eq!(got, Ok(LockReason::ScreenLocked));
    }
}
