//! The real clipboard through arboard, with each platform's history exclusion.

use crate::{ClipboardBackend, ClipboardError};
use zeroize::Zeroizing;

/// The operating system's clipboard. On X11 and Wayland the copied text is
/// served by this process, so keep the value alive while the app runs.
pub struct SystemClipboard(arboard::Clipboard);

impl std::fmt::Debug for SystemClipboard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SystemClipboard")
    }
}

impl SystemClipboard {
    /// Connects to the clipboard.
    pub fn open() -> Result<Self, ClipboardError> {
        arboard::Clipboard::new()
            .map(Self)
            .map_err(|e| ClipboardError::Unavailable(e.to_string()))
    }
}

fn failed(err: arboard::Error) -> ClipboardError {
    ClipboardError::Failed(err.to_string())
}

impl ClipboardBackend for SystemClipboard {
    fn put_secret(&mut self, text: &str) -> Result<(), ClipboardError> {
        #[cfg(target_os = "macos")]
        use arboard::SetExtApple as _;
        #[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
        use arboard::SetExtLinux as _;
        #[cfg(windows)]
        use arboard::SetExtWindows as _;

        let set = self.0.set();
        #[cfg(any(
            target_os = "linux",
            target_os = "freebsd",
            target_os = "openbsd",
            target_os = "macos",
            windows
        ))]
        let set = set.exclude_from_history();
        // Windows: also out of the cloud clipboard (synced to the user's
        // other devices) and out of clipboard monitors (ExcludeClipboard-
        // ContentFromMonitorProcessing), not only out of Win+V history.
        #[cfg(windows)]
        let set = set.exclude_from_cloud().exclude_from_monitoring();
        set.text(text).map_err(failed)
    }

    fn read_text(&mut self) -> Result<Option<Zeroizing<String>>, ClipboardError> {
        match self.0.get_text() {
            Ok(text) => Ok(Some(Zeroizing::new(text))),
            Err(arboard::Error::ContentNotAvailable) => Ok(None),
            Err(err) => Err(failed(err)),
        }
    }

    fn clear(&mut self) -> Result<(), ClipboardError> {
        self.0.clear().map_err(failed)
    }
}
