//! Codes: the live feed, copying, and HOTP's "next code".

use super::{account_id, ensure_unlocked};
use crate::dto::{CodeFrame, CodeView, Copied};
use crate::error::IpcError;
use crate::state::{unix_now, AppState};
use std::sync::atomic::Ordering;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};

/// Sends a [`CodeFrame`] on `on_frame` now and then at the start of every
/// second, until the window goes away or another feed replaces this one.
/// Idle locking happens here too.
#[tauri::command]
pub fn watch_codes<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    on_frame: Channel<CodeFrame>,
) -> Result<(), IpcError> {
    let stop = state.start_feed();
    std::thread::Builder::new()
        .name("code-feed".into())
        .spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                let state = app.state::<AppState>();
                let Ok(now) = unix_now() else { break };
                if on_frame.send(state.frame(now)).is_err() {
                    break;
                }
                std::thread::sleep(until_next_second());
            }
        })
        .map_err(|e| IpcError::internal(format!("the code feed could not start: {e}")))?;
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
pub async fn codes_now(state: State<'_, AppState>) -> Result<CodeFrame, IpcError> {
    Ok(state.frame(unix_now()?))
}

/// Copies an account's code (see [`AppState::copy_code`]).
#[tauri::command]
pub async fn copy_code(state: State<'_, AppState>, id: String) -> Result<Copied, IpcError> {
    // `copy_code` refuses while locked (the tray calls it too).
    state.touch();
    Ok(Copied {
        clear_after_seconds: state.copy_code(&account_id(&id)?)?,
    })
}

/// Produces a counter-based account's next code (the counter is saved first).
#[tauri::command]
pub async fn next_hotp_code(state: State<'_, AppState>, id: String) -> Result<CodeView, IpcError> {
    ensure_unlocked(&state)?;
    let id = account_id(&id)?;
    let code = state.next_hotp(&id)?;
    Ok(CodeView {
        id: id.to_string(),
        code: Some(code.to_string()),
        next_code: None,
        seconds_remaining: None,
        period: None,
        problem: None,
    })
}

/// The user did something: restart the idle timer.
#[tauri::command]
pub fn note_activity(state: State<'_, AppState>) {
    state.touch();
}
