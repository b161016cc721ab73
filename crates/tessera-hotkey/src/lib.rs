//! A global keyboard shortcut: one key combination, taken from every other
//! program while registered, calls back when pressed.
//!
//! On Linux under X11 (and XWayland sessions' X programs) it is a passive key
//! grab on the root window (X11 protocol, `GrabKey`), taken for the shortcut
//! with and without Caps Lock and Num Lock. Wayland compositors do not let a
//! program take a shortcut for itself, and Windows and macOS builds do not
//! have it yet: [`register`] says so in a sentence the app can show.

use tessera_core::shortcut::Shortcut;

#[cfg(target_os = "linux")]
mod x11;

/// Why the shortcut is not in use.
#[derive(Debug, thiserror::Error)]
pub enum HotkeyError {
    /// The platform or session does not let a program take a shortcut.
    #[error("{0}")]
    Unsupported(String),
    /// Another program holds the same combination.
    #[error("{0} is already used by another program: choose another shortcut")]
    Taken(Shortcut),
    /// The display could not be reached or refused the request.
    #[error("the shortcut could not be set up: {0}")]
    Failed(String),
}

/// What is called when the shortcut is pressed (on the shortcut's own thread).
pub type OnPress = Box<dyn Fn() + Send + 'static>;

/// A registered shortcut; dropping it gives the combination back.
#[derive(Debug)]
pub struct Hotkey {
    shortcut: Shortcut,
    /// Held for its `Drop`: the grab ends with the registration.
    #[cfg(target_os = "linux")]
    _grab: x11::Grab,
}

impl Hotkey {
    /// The shortcut held.
    pub fn shortcut(&self) -> Shortcut {
        self.shortcut
    }
}

/// Takes `shortcut` for this program until the returned [`Hotkey`] is dropped.
pub fn register(shortcut: Shortcut, on_press: OnPress) -> Result<Hotkey, HotkeyError> {
    #[cfg(target_os = "linux")]
    {
        if wayland_only() {
            return Err(HotkeyError::Unsupported(WAYLAND.to_owned()));
        }
        let inner = x11::Grab::new(shortcut, on_press)?;
        Ok(Hotkey {
            shortcut,
            _grab: inner,
        })
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (shortcut, on_press);
        Err(HotkeyError::Unsupported(
            "Global shortcuts are not available in this version of Tessera on this system: open the quick copy window from the tray.".to_owned(),
        ))
    }
}

/// What Settings says on a Wayland desktop.
pub const WAYLAND: &str = "This desktop (Wayland) does not let programs take a global shortcut. Add one in your desktop's keyboard settings that runs: tessera-app --mini";

/// A Wayland session where X programs do not see other programs' keys.
#[cfg(target_os = "linux")]
fn wayland_only() -> bool {
    let wayland = std::env::var_os("WAYLAND_DISPLAY").is_some_and(|v| !v.is_empty())
        || std::env::var("XDG_SESSION_TYPE").is_ok_and(|v| v == "wayland");
    // Under Wayland, XWayland's key grabs only see keys typed into X windows.
    wayland
}
