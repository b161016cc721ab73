//! Releasing the webviews while Tessera sits hidden in the tray.
//!
//! A front-desk PC keeps Tessera in its tray all day. Each open window holds a
//! WebKitGTK web view, and WebKit a web process of its own, most of the app's
//! memory. Every piece of state lives in Rust (the service: the open profile,
//! the lock, settings), so a window that has been hidden for a while is
//! destroyed, WebKit's web process ends with it, and the window is built
//! again from the app's configuration when it is asked for: the tray, a
//! second launch, the mini window's "show main". The window-state plugin puts
//! a rebuilt window back where it was.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tauri::{AppHandle, Manager, Runtime, WebviewWindow, WebviewWindowBuilder};

/// How long every window must have been hidden before the webviews go.
const RELEASE_AFTER: Duration = Duration::from_secs(60);
/// Environment variable overriding [`RELEASE_AFTER`], in seconds (tests and
/// the benchmark; `0` never releases).
pub const RELEASE_AFTER_ENV: &str = "TESSERA_RELEASE_HIDDEN_AFTER";
/// How often the windows are looked at.
const POLL: Duration = Duration::from_secs(1);

/// Whether the main window was released on purpose (until it is built again
/// the event loop must not take "no window left" for a quit), and since when
/// every window has been hidden.
#[derive(Debug, Default)]
pub struct Release {
    released: AtomicBool,
    hidden_since: Mutex<Option<Instant>>,
}

fn release_after() -> Option<Duration> {
    match std::env::var(RELEASE_AFTER_ENV) {
        Ok(value) => match value.trim().parse::<u64>() {
            Ok(0) => None,
            Ok(secs) => Some(Duration::from_secs(secs)),
            Err(_) => Some(RELEASE_AFTER),
        },
        Err(_) => Some(RELEASE_AFTER),
    }
}

impl Release {
    /// True from a release until the main window is built again: a "last
    /// window closed" (the mini window's) is then not a quit.
    pub fn is_released(&self) -> bool {
        self.released.load(Ordering::SeqCst)
    }

    /// Since when every window has been hidden (now, if this is the first look).
    fn hidden_since(&self) -> Option<Instant> {
        self.hidden_since
            .lock()
            .ok()
            .map(|mut slot| *slot.get_or_insert_with(Instant::now))
    }

    fn shown(&self) {
        if let Ok(mut slot) = self.hidden_since.lock() {
            *slot = None;
        }
    }

    /// One look at the windows: destroys them all once every one has been
    /// hidden for the release delay.
    fn tick<R: Runtime>(&self, app: &AppHandle<R>, after: Duration) {
        let windows = app.webview_windows();
        let all_hidden =
            !windows.is_empty() && windows.values().all(|w| w.is_visible().ok() == Some(false));
        if !all_hidden {
            self.shown();
            return;
        }
        let Some(since) = self.hidden_since() else {
            return;
        };
        if since.elapsed() < after {
            return;
        }
        // No camera may stay on for a window that is gone.
        app.state::<crate::shell::Shell>().stop_camera();
        self.released.store(true, Ordering::SeqCst);
        self.shown();
        for window in windows.values() {
            let _ = window.destroy();
        }
    }

    /// The main window: the one open, or one built again from the app's
    /// configuration after a release.
    pub fn main_window<R: Runtime>(&self, app: &AppHandle<R>) -> Option<WebviewWindow<R>> {
        if let Some(window) = app.get_webview_window(crate::MAIN_WINDOW) {
            return Some(window);
        }
        let config = app
            .config()
            .app
            .windows
            .iter()
            .find(|w| w.label == crate::MAIN_WINDOW)?
            .clone();
        let window = WebviewWindowBuilder::from_config(app, &config)
            .and_then(|builder| builder.build())
            .ok()?;
        self.released.store(false, Ordering::SeqCst);
        Some(window)
    }
}

/// Starts the thread that releases hidden windows (unless turned off by
/// [`RELEASE_AFTER_ENV`]).
pub fn start<R: Runtime>(app: AppHandle<R>) {
    let Some(after) = release_after() else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("release-hidden".into())
        .spawn(move || loop {
            std::thread::sleep(POLL);
            app.state::<Release>().tick(&app, after);
        });
}
