//! Copying one-time codes to the system clipboard, safely for a shared PC:
//! the copy is marked to stay out of clipboard history where the platform
//! allows it (Windows exclusion formats, macOS concealed type, the KDE
//! password-manager hint on Linux), and it is cleared after a delay or on
//! lock — but only if the clipboard still holds *our* code, so whatever the
//! user copied since is never wiped.

mod system;

pub use system::SystemClipboard;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use zeroize::Zeroizing;

/// Why the clipboard could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClipboardError {
    /// No clipboard is reachable (for example no display server).
    #[error("the clipboard is not available: {0}")]
    Unavailable(String),
    /// The clipboard refused the operation.
    #[error("the clipboard failed: {0}")]
    Failed(String),
}

/// A platform clipboard holding text.
pub trait ClipboardBackend: Send {
    /// Puts `text` on the clipboard, excluded from history where possible.
    fn put_secret(&mut self, text: &str) -> Result<(), ClipboardError>;
    /// The clipboard's text, if it holds text.
    fn read_text(&mut self) -> Result<Option<Zeroizing<String>>, ClipboardError>;
    /// Empties the clipboard.
    fn clear(&mut self) -> Result<(), ClipboardError>;
}

impl<T: ClipboardBackend + ?Sized> ClipboardBackend for Box<T> {
    fn put_secret(&mut self, text: &str) -> Result<(), ClipboardError> {
        (**self).put_secret(text)
    }
    fn read_text(&mut self) -> Result<Option<Zeroizing<String>>, ClipboardError> {
        (**self).read_text()
    }
    fn clear(&mut self) -> Result<(), ClipboardError> {
        (**self).clear()
    }
}

/// Opens a backend; called again after a failure, so a clipboard that comes
/// back later is picked up.
pub type Opener<B> = Box<dyn Fn() -> Result<B, ClipboardError> + Send + Sync>;

struct State<B> {
    backend: Option<B>,
    /// The code we last copied, while it may still be on the clipboard.
    ours: Option<Zeroizing<String>>,
    /// Bumped on every copy, so an older timer never clears a newer copy.
    generation: u64,
}

/// The app's clipboard: copies codes and clears them again.
pub struct CodeClipboard<B> {
    open: Opener<B>,
    state: Arc<Mutex<State<B>>>,
}

impl<B> std::fmt::Debug for CodeClipboard<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CodeClipboard").finish_non_exhaustive()
    }
}

impl<B: ClipboardBackend + 'static> CodeClipboard<B> {
    /// A clipboard that opens its backend with `open` on first use.
    pub fn new(open: Opener<B>) -> Self {
        Self {
            open,
            state: Arc::new(Mutex::new(State {
                backend: None,
                ours: None,
                generation: 0,
            })),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State<B>> {
        // A panic while holding the lock cannot leave the state inconsistent
        // in a way that matters here: continue with it.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Copies `code`; when `clear_after` is set, clears it after that delay
    /// if it is still on the clipboard.
    pub fn copy(&self, code: &str, clear_after: Option<Duration>) -> Result<(), ClipboardError> {
        let generation = {
            let mut state = self.lock();
            let result = with_backend(&mut state, &self.open, |b| b.put_secret(code));
            result?;
            state.ours = Some(Zeroizing::new(code.to_owned()));
            state.generation = state.generation.wrapping_add(1);
            state.generation
        };
        if let Some(delay) = clear_after {
            let state = Arc::clone(&self.state);
            std::thread::Builder::new()
                .name("clipboard-clear".into())
                .spawn(move || {
                    std::thread::sleep(delay);
                    let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
                    if state.generation == generation {
                        // Nothing useful to do with a failure from a timer thread;
                        // the next copy or lock retries with a fresh backend.
                        let _ = clear_if_ours(&mut state);
                    }
                })
                .map_err(|e| ClipboardError::Failed(format!("no timer thread: {e}")))?;
        }
        Ok(())
    }

    /// Clears the clipboard if it still holds the code we copied, or cannot
    /// be read to tell (on lock and at exit). Returns whether it was cleared.
    pub fn clear_if_ours(&self) -> Result<bool, ClipboardError> {
        let mut state = self.lock();
        clear_if_ours(&mut state)
    }

    /// Whether a code we copied may still be on the clipboard.
    pub fn holds_our_code(&self) -> bool {
        self.lock().ours.is_some()
    }
}

fn with_backend<B: ClipboardBackend, T>(
    state: &mut State<B>,
    open: &Opener<B>,
    action: impl Fn(&mut B) -> Result<T, ClipboardError>,
) -> Result<T, ClipboardError> {
    if state.backend.is_none() {
        state.backend = Some(open()?);
    }
    let Some(backend) = state.backend.as_mut() else {
        return Err(ClipboardError::Unavailable("not opened".into()));
    };
    let result = action(backend);
    if result.is_err() {
        // Reopen next time: the display connection may have been lost.
        state.backend = None;
    }
    result
}

fn clear_if_ours<B: ClipboardBackend>(state: &mut State<B>) -> Result<bool, ClipboardError> {
    let Some(ours) = state.ours.take() else {
        return Ok(false);
    };
    let Some(backend) = state.backend.as_mut() else {
        // The backend was lost since the copy; so was its content.
        return Ok(false);
    };
    // A clipboard that cannot be read now may still hold our code: cleared
    // all the same (losing someone's later copy is the lesser harm than a
    // code left behind on a shared desk).
    let still_ours = match backend.read_text() {
        Ok(current) => current.as_deref().map(String::as_str) == Some(ours.as_str()),
        Err(_) => true,
    };
    if still_ours {
        backend.clear()?;
    }
    Ok(still_ours)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// A clipboard in memory, shared with the test through an `Arc`.
    #[derive(Clone, Default)]
    struct Fake {
        text: Arc<Mutex<Option<String>>>,
        history_excluded: Arc<Mutex<bool>>,
        unreadable: Arc<Mutex<bool>>,
    }

    impl ClipboardBackend for Fake {
        fn put_secret(&mut self, text: &str) -> Result<(), ClipboardError> {
            *self.text.lock().unwrap() = Some(text.to_owned());
            *self.history_excluded.lock().unwrap() = true;
            Ok(())
        }
        fn read_text(&mut self) -> Result<Option<Zeroizing<String>>, ClipboardError> {
            if *self.unreadable.lock().unwrap() {
                return Err(ClipboardError::Failed("the owner did not answer".into()));
            }
            Ok(self.text.lock().unwrap().clone().map(Zeroizing::new))
        }
        fn clear(&mut self) -> Result<(), ClipboardError> {
            *self.text.lock().unwrap() = None;
            Ok(())
        }
    }

    fn clipboard() -> (CodeClipboard<Fake>, Fake) {
        let fake = Fake::default();
        let shared = fake.clone();
        (
            CodeClipboard::new(Box::new(move || Ok(shared.clone()))),
            fake,
        )
    }

    fn wait_for(mut condition: impl FnMut() -> bool) -> bool {
        for _ in 0..200 {
            if condition() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }

    #[test]
    fn clears_its_own_code_after_the_delay() {
        let (clip, fake) = clipboard();
        clip.copy("123456", Some(Duration::from_millis(50)))
            .unwrap();
        assert_eq!(fake.text.lock().unwrap().as_deref(), Some("123456"));
        assert!(*fake.history_excluded.lock().unwrap());
        assert!(wait_for(|| fake.text.lock().unwrap().is_none()));
        assert!(!clip.holds_our_code());
    }

    #[test]
    fn never_clears_what_the_user_copied_since() {
        let (clip, fake) = clipboard();
        clip.copy("123456", Some(Duration::from_millis(30)))
            .unwrap();
        *fake.text.lock().unwrap() = Some("a note".into());
        std::thread::sleep(Duration::from_millis(150));
        assert_eq!(fake.text.lock().unwrap().as_deref(), Some("a note"));
        assert!(!clip.clear_if_ours().unwrap());
        assert_eq!(fake.text.lock().unwrap().as_deref(), Some("a note"));
    }

    #[test]
    fn an_older_timer_leaves_a_newer_copy_alone() {
        let (clip, fake) = clipboard();
        clip.copy("111111", Some(Duration::from_millis(30)))
            .unwrap();
        clip.copy("222222", None).unwrap();
        std::thread::sleep(Duration::from_millis(150));
        assert_eq!(fake.text.lock().unwrap().as_deref(), Some("222222"));
        assert!(clip.clear_if_ours().unwrap());
        assert_eq!(*fake.text.lock().unwrap(), None);
    }

    #[test]
    fn a_clipboard_that_cannot_be_read_is_cleared_all_the_same() {
        let (clip, fake) = clipboard();
        clip.copy("123456", None).unwrap();
        *fake.unreadable.lock().unwrap() = true;
        assert!(clip.clear_if_ours().unwrap());
        assert_eq!(*fake.text.lock().unwrap(), None);
        assert!(!clip.holds_our_code());
    }

    #[test]
    fn a_missing_clipboard_is_an_error_and_is_retried() {
        let attempts = Arc::new(Mutex::new(0));
        let seen = Arc::clone(&attempts);
        let fake = Fake::default();
        let clip: CodeClipboard<Fake> = CodeClipboard::new(Box::new(move || {
            let mut n = seen.lock().unwrap();
            *n += 1;
            if *n == 1 {
                Err(ClipboardError::Unavailable("no display".into()))
            } else {
                Ok(fake.clone())
            }
        }));
        assert!(matches!(
            clip.copy("123456", None),
            Err(ClipboardError::Unavailable(_))
        ));
        assert!(!clip.holds_our_code());
        clip.copy("123456", None).unwrap();
        assert_eq!(*attempts.lock().unwrap(), 2);
    }
}
