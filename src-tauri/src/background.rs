//! The app's background work, outside any window: automatic backups (the
//! service decides when one is due; this only asks every few seconds), the
//! shared practice folder (a pass whenever its files changed: the sync
//! engine brought another desk's records) and the clock check at start,
//! every few hours and after the computer wakes. Results reach the UI as
//! events and the tray as a warning.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tessera_service::Service;

/// Event carrying a `BackupStatusView` after each backup attempt.
pub const BACKUP_EVENT: &str = "backup-status";
/// Event carrying a `ClockView` after each clock check.
pub const CLOCK_EVENT: &str = "clock-status";
/// Event carrying a `ShareStatusView` after a pass over the shared folder.
pub const SHARE_EVENT: &str = "share-status";
/// Event carrying an `IpcError` when a pass over the shared folder failed.
pub const SHARE_ERROR_EVENT: &str = "share-error";

/// How often the service is asked whether a backup is due and whether the
/// shared folder changed (a listing of a few small files).
const POLL: Duration = Duration::from_secs(5);
/// How often the clock is checked while the app runs.
const CLOCK_EVERY: Duration = Duration::from_secs(3 * 3600);

/// Starts the background thread. `wake` is raised (by the session events)
/// when the computer may have slept, to check the clock again.
pub fn start<R: Runtime>(app: AppHandle<R>, wake: Arc<AtomicBool>) {
    let _ = std::thread::Builder::new()
        .name("background".into())
        .spawn(move || {
            let mut last_clock: Option<Instant> = None;
            let mut last_share: Option<u64> = None;
            loop {
                let service = app.state::<Service>();
                if let Some(status) = service.backup_tick() {
                    let _ = app.emit(BACKUP_EVENT, &status);
                    crate::tray::refresh(&app);
                }
                if let Some(Err(err)) = service.share_tick() {
                    let _ = app.emit(SHARE_ERROR_EVENT, &err);
                }
                // After any pass (this poll's, or one a change in the window
                // ran): the new status, for Settings and the footer.
                let synced = service.share_last_sync();
                if synced != last_share {
                    last_share = synced;
                    if let Ok(Some(status)) = service.share_overview() {
                        let _ = app.emit(SHARE_EVENT, &status);
                    }
                }
                let clock_due = last_clock.is_none_or(|t| t.elapsed() >= CLOCK_EVERY)
                    || wake.swap(false, Ordering::SeqCst);
                if clock_due {
                    last_clock = Some(Instant::now());
                    if let Ok(view) = service.check_clock(&[]) {
                        let _ = app.emit(CLOCK_EVENT, &view);
                    }
                }
                std::thread::sleep(POLL);
            }
        });
}
