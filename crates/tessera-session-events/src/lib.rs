//! Tells Tessera when the desktop session locks or the computer is about to
//! sleep, so the app can lock too.
//!
//! Linux: D-Bus signals — `ActiveChanged(true)` of the screen savers on the
//! session bus (`org.freedesktop.ScreenSaver`, `org.gnome.ScreenSaver`, as
//! sent by GNOME, KDE, Cinnamon, MATE and xscreensaver bridges) and logind's
//! `PrepareForSleep(true)` on the system bus
//! (<https://www.freedesktop.org/software/systemd/man/latest/org.freedesktop.login1.html>).
//! Other platforms report no sources yet; the app still locks when idle.

#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
mod dbus;

/// Why the session asked us to lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockReason {
    /// The screen saver / screen lock came on.
    ScreenLocked,
    /// The computer is about to suspend or hibernate.
    Sleeping,
}

/// The event sources being watched (for logs and `doctor`-style reports).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Watching {
    /// Human-readable names of the sources that could be subscribed.
    pub sources: Vec<String>,
}

/// Calls `on_lock` from background threads whenever the session locks or
/// the computer is about to sleep, for as long as the process runs.
pub fn watch(on_lock: impl Fn(LockReason) + Send + Sync + 'static) -> Watching {
    #[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
    {
        dbus::watch(std::sync::Arc::new(on_lock))
    }
    #[cfg(not(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd")))]
    {
        let _ = on_lock;
        Watching::default()
    }
}
