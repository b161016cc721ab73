//! The global shortcut from the profile's settings: held while the app runs,
//! re-taken when the settings change, and it opens the mini window.

use crate::commands::mini;
use std::sync::Mutex;
use tauri::{AppHandle, Manager, Runtime};
use tessera_core::shortcut::Shortcut;
use tessera_hotkey::Hotkey;
use tessera_service::views::ShortcutView;
use tessera_service::Service;

/// The shortcut held, and what Settings shows about it.
#[derive(Debug)]
pub struct GlobalShortcut {
    state: Mutex<(Option<Hotkey>, ShortcutView)>,
}

impl Default for GlobalShortcut {
    fn default() -> Self {
        Self {
            state: Mutex::new((
                None,
                ShortcutView {
                    shortcut: None,
                    active: false,
                    problem: None,
                },
            )),
        }
    }
}

impl GlobalShortcut {
    /// What Settings shows.
    pub fn view(&self) -> ShortcutView {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .1
            .clone()
    }
}

/// Takes the shortcut the settings name (giving back the one held before,
/// if it differs); a problem is kept for Settings to show.
pub fn apply<R: Runtime>(app: &AppHandle<R>) {
    let Some(holder) = app.try_state::<GlobalShortcut>() else {
        return;
    };
    let wanted = app.state::<Service>().settings().global_shortcut;
    let mut state = holder.state.lock().unwrap_or_else(|e| e.into_inner());
    let parsed = wanted.as_deref().map(str::parse::<Shortcut>);
    if let (Some(held), Some(Ok(shortcut))) = (&state.0, &parsed) {
        if held.shortcut() == *shortcut {
            return;
        }
    }
    // The old combination is given back before the new one is taken.
    state.0 = None;
    let (hotkey, problem) = match parsed {
        None => (None, None),
        Some(Err(e)) => (None, Some(format!("The shortcut cannot be used: {e}."))),
        Some(Ok(shortcut)) => {
            let for_press = app.clone();
            match tessera_hotkey::register(
                shortcut,
                Box::new(move || {
                    let _ = mini::open(&for_press);
                }),
            ) {
                Ok(hotkey) => (Some(hotkey), None),
                Err(e) => (None, Some(e.to_string())),
            }
        }
    };
    state.1 = ShortcutView {
        shortcut: wanted,
        active: hotkey.is_some(),
        problem,
    };
    state.0 = hotkey;
}

/// The global shortcut and whether it is in use.
#[tauri::command]
pub fn shortcut_status(shortcut: tauri::State<'_, GlobalShortcut>) -> ShortcutView {
    shortcut.view()
}
