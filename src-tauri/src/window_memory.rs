//! The main window's remembered place (position, size, maximised) when
//! Tessera quits from the tray or Ctrl+Q, above all while that window is
//! hidden in the tray.
//!
//! tauri-plugin-window-state writes its file at exit from what each window
//! reports then. Quitting with `AppHandle::exit` left the file as it was
//! (tests/e2e/window_state.test.mjs: a window maximised, closed to the tray
//! and quit from the quick copy window came back un-maximised), and a hidden
//! window cannot be asked where it was. So the main window's entry is kept as
//! it was while the window was last visible (or as the last session left it),
//! saved before the window hides and before Tessera quits, and put back over
//! whatever the plugin writes at exit while the window is hidden.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// The main window's label.
const MAIN: &str = crate::MAIN_WINDOW;

/// What is remembered of each window: everything but whether it is shown
/// (Tessera decides that: the tray setting, `--mini`).
pub fn flags() -> StateFlags {
    StateFlags::all() - StateFlags::VISIBLE
}

/// The main window's entry of the window-state file, as last seen visible.
#[derive(Debug, Default)]
pub struct WindowMemory {
    main: Mutex<Option<serde_json::Value>>,
}

fn state_file<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    Some(app.path().app_config_dir().ok()?.join(app.filename()))
}

fn read_all(path: &Path) -> Option<serde_json::Map<String, serde_json::Value>> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

fn main_shown<R: Runtime>(app: &AppHandle<R>) -> Option<bool> {
    app.get_webview_window(MAIN)?.is_visible().ok()
}

impl WindowMemory {
    fn set(&self, entry: Option<serde_json::Value>) {
        if let Ok(mut slot) = self.main.lock() {
            *slot = entry;
        }
    }

    fn entry_now<R: Runtime>(app: &AppHandle<R>) -> Option<serde_json::Value> {
        read_all(&state_file(app)?)?.remove(MAIN)
    }

    /// At start: the entry the last session saved.
    pub fn load<R: Runtime>(&self, app: &AppHandle<R>) {
        self.set(Self::entry_now(app));
    }

    /// Saves every window as it is now, and keeps the main window's entry,
    /// when the main window shows (just before it hides, or quits).
    pub fn save_while_shown<R: Runtime>(&self, app: &AppHandle<R>) {
        if main_shown(app) == Some(true) && app.save_window_state(flags()).is_ok() {
            self.set(Self::entry_now(app));
        }
    }

    /// Before quitting: saved from the window if it shows, else the kept
    /// entry written back.
    pub fn before_quit<R: Runtime>(&self, app: &AppHandle<R>) {
        if main_shown(app) == Some(true) {
            self.save_while_shown(app);
        } else {
            self.restore(app);
        }
    }

    /// At exit, after the plugin's own save: a hidden (or released) main
    /// window keeps the entry it had while shown.
    pub fn at_exit<R: Runtime>(&self, app: &AppHandle<R>) {
        if main_shown(app) != Some(true) {
            self.restore(app);
        }
    }

    /// Writes the kept entry into the file. Best effort: at worst the
    /// window opens where the file said before.
    fn restore<R: Runtime>(&self, app: &AppHandle<R>) {
        let kept = self.main.lock().ok().and_then(|slot| slot.clone());
        let (Some(entry), Some(path)) = (kept, state_file(app)) else {
            return;
        };
        let mut all = read_all(&path).unwrap_or_default();
        all.insert(MAIN.to_owned(), entry);
        let Ok(bytes) = serde_json::to_vec_pretty(&all) else {
            return;
        };
        // Written next to it, then renamed over it: never half a file.
        let fresh = path.with_extension("json.new");
        if std::fs::write(&fresh, bytes).is_ok() && std::fs::rename(&fresh, &path).is_err() {
            let _ = std::fs::remove_file(&fresh);
        }
    }
}
