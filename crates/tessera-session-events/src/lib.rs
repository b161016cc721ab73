//! Tells Tessera when the desktop session locks or the computer is about to
//! sleep, so the app can lock too.
//!
//! Linux: D-Bus signals — `ActiveChanged(true)` of the screen savers on the
//! session bus (`org.freedesktop.ScreenSaver`, `org.gnome.ScreenSaver`, as
//! sent by GNOME, KDE, Cinnamon, MATE and xscreensaver bridges) and logind's
//! `PrepareForSleep(true)` on the system bus
//! (<https://www.freedesktop.org/software/systemd/man/latest/org.freedesktop.login1.html>).
//!
//! Windows and macOS: the screen-lock state is polled every two seconds
//! (see `windows.rs` and `macos.rs`). Everywhere: a jump of the wall clock
//! between two polls means the computer slept, so the app is locked on
//! waking wherever no sleep signal came first.

#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
mod dbus;
#[cfg(target_os = "macos")]
mod macos;
mod poll;
#[cfg(windows)]
mod windows;

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
    let on_lock: std::sync::Arc<dyn Fn(LockReason) + Send + Sync> = std::sync::Arc::new(on_lock);
    #[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
    let mut watching = dbus::watch(std::sync::Arc::clone(&on_lock));
    #[cfg(not(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd")))]
    let mut watching = Watching::default();
    watching
        .sources
        .extend(poll::spawn(screen_probe(), on_lock));
    watching
}

/// The platform's "is the screen locked now" probe, where it is polled.
#[cfg(windows)]
fn screen_probe() -> Option<(&'static str, poll::Probe)> {
    Some((
        "Windows input desktop (screen lock)",
        windows::screen_locked as poll::Probe,
    ))
}

/// The platform's "is the screen locked now" probe, where it is polled.
#[cfg(target_os = "macos")]
fn screen_probe() -> Option<(&'static str, poll::Probe)> {
    Some((
        "macOS session (screen lock)",
        macos::screen_locked as poll::Probe,
    ))
}

/// Elsewhere the screen lock arrives as a signal (D-Bus) or not at all.
#[cfg(not(any(windows, target_os = "macos")))]
fn screen_probe() -> Option<(&'static str, poll::Probe)> {
    None
}
