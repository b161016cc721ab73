//! Codes: the live feed, copying, and HOTP's "next code".

use crate::shell::Shell;
use std::sync::atomic::Ordering;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State, WebviewWindow};
use tessera_service::views::{CodeFrame, CodeView, Copied};
use tessera_service::{Error, Service};

/// Sends a [`CodeFrame`] on `on_frame` now and then at the start of every
/// second, until the window goes away or another feed of the same window
/// (a reload) replaces this one. Idle locking happens in the frame too.
#[tauri::command]
pub fn watch_codes<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    shell: State<'_, Shell>,
    on_frame: Channel<CodeFrame>,
) -> Result<(), Error> {
    let label = window.label().to_owned();
    let stop = shell.start_feed(&label);
    std::thread::Builder::new()
        .name("code-feed".into())
        .spawn(move || {
            // Ends with its window (a closed mini window) or when replaced.
            while !stop.load(Ordering::SeqCst) && app.get_webview_window(&label).is_some() {
                if on_frame.send(app.state::<Service>().frame()).is_err() {
                    break;
                }
                std::thread::sleep(until_next_second());
            }
        })
        .map_err(|e| Error::internal(format!("the code feed could not start: {e}")))?;
    Ok(())
}

fn until_next_second() -> Duration {
    let into = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    // Wake just after the boundary so the new code is already due.
    Duration::from_nanos(u64::from(1_000_000_000 - into.min(999_999_999)) + 5_000_000)
}

/// The frame the feed would send now (first paint, tests).
#[tauri::command]
pub async fn codes_now(service: State<'_, Service>) -> Result<CodeFrame, Error> {
    Ok(service.frame())
}

/// Copies an account's code; it is cleared from the clipboard later.
#[tauri::command]
pub async fn copy_code(service: State<'_, Service>, id: String) -> Result<Copied, Error> {
    service.copy_code(&id)
}

/// Copies an account's next code (next period; a new HOTP code).
#[tauri::command]
pub async fn copy_next_code(service: State<'_, Service>, id: String) -> Result<Copied, Error> {
    service.copy_next_code(&id)
}

/// Produces a counter-based account's next code (the counter is saved first).
#[tauri::command]
pub async fn next_hotp_code(service: State<'_, Service>, id: String) -> Result<CodeView, Error> {
    service.next_hotp_code(&id)
}

/// The user did something: restart the idle timer.
#[tauri::command]
pub fn note_activity(service: State<'_, Service>) {
    service.note_activity();
}
