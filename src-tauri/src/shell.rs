//! What only the Tauri shell keeps: the running code feed, the running
//! camera scan, and how cameras are opened. Everything else is the
//! [`tessera_service::Service`]'s.

use crate::cameras::Cameras;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tessera_service::RevealedKey;

/// The shell's own state, managed beside the service.
#[derive(Debug)]
pub struct Shell {
    /// How cameras are listed and opened.
    pub cameras: Cameras,
    /// Stop flags of the running code feeds, one per window (main, mini).
    feeds: Mutex<HashMap<String, Arc<AtomicBool>>>,
    /// Stop flag of the running camera scan.
    camera: Mutex<Option<Arc<AtomicBool>>>,
    /// A key revealed after the PIN, until the reveal window takes it.
    revealed: Mutex<Option<RevealedKey>>,
}

/// Replaces the flag in `slot` with a fresh one, raising the old one.
fn restart(slot: &Mutex<Option<Arc<AtomicBool>>>) -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let old = slot
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .replace(Arc::clone(&stop));
    if let Some(old) = old {
        old.store(true, Ordering::SeqCst);
    }
    stop
}

impl Shell {
    /// The shell with these cameras.
    pub fn new(cameras: Cameras) -> Self {
        Self {
            cameras,
            feeds: Mutex::new(HashMap::new()),
            camera: Mutex::new(None),
            revealed: Mutex::new(None),
        }
    }

    /// Keeps a revealed key for the reveal window (replacing any other).
    pub fn hold_revealed(&self, key: RevealedKey) {
        *self.revealed.lock().unwrap_or_else(|e| e.into_inner()) = Some(key);
    }

    /// The revealed key, once; wiped from here.
    pub fn take_revealed(&self) -> Option<RevealedKey> {
        self.revealed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }

    /// Stops the window's running code feed, if any, and returns the stop
    /// flag of its new one.
    pub fn start_feed(&self, window: &str) -> Arc<AtomicBool> {
        let stop = Arc::new(AtomicBool::new(false));
        let old = self
            .feeds
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(window.to_owned(), Arc::clone(&stop));
        if let Some(old) = old {
            old.store(true, Ordering::SeqCst);
        }
        stop
    }

    /// Stops any running camera scan and returns the stop flag of a new one.
    pub fn start_camera(&self) -> Arc<AtomicBool> {
        restart(&self.camera)
    }

    /// Stops the running camera scan, if any (its thread then releases the camera).
    pub fn stop_camera(&self) {
        let old = self.camera.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(old) = old {
            old.store(true, Ordering::SeqCst);
        }
    }
}
