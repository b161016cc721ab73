//! Settings, profiles, the activity log and the clock check.

use tauri::{AppHandle, Runtime, State};
use tessera_service::views::{ActivityView, AppStatus, ClockView, Settings};
use tessera_service::{Error, Service};

/// The open profile's settings.
#[tauri::command]
pub fn get_settings(service: State<'_, Service>) -> Settings {
    service.settings()
}

/// Saves settings; returns them as stored (within the profile's limits).
#[tauri::command]
pub async fn save_settings<R: Runtime>(
    app: AppHandle<R>,
    service: State<'_, Service>,
    settings: Settings,
) -> Result<Settings, Error> {
    let saved = service.save_settings(settings)?;
    crate::hotkey::apply(&app);
    Ok(saved)
}

/// Opens another profile (the current one is locked first).
#[tauri::command]
pub async fn switch_profile<R: Runtime>(
    app: AppHandle<R>,
    service: State<'_, Service>,
    profile: String,
) -> Result<AppStatus, Error> {
    let status = service.switch_profile(&profile)?;
    // The other profile's global shortcut.
    crate::hotkey::apply(&app);
    Ok(status)
}

/// The profile's activity log, newest first.
#[tauri::command]
pub async fn activity(service: State<'_, Service>) -> Result<Vec<ActivityView>, Error> {
    service.activity()
}

/// Checks the clock against time servers (`HOST[:PORT]`; none: the system's
/// configured servers). Takes up to a few seconds; offline is a verdict.
#[tauri::command]
pub async fn check_clock(
    service: State<'_, Service>,
    servers: Option<Vec<String>>,
) -> Result<ClockView, Error> {
    service.check_clock(&servers.unwrap_or_default())
}

/// The last clock check's result (the background check may finish before
/// the window listens for it) and the correction in use.
#[tauri::command]
pub async fn clock_status(service: State<'_, Service>) -> Result<ClockView, Error> {
    Ok(service.clock_view())
}

/// Turns the time correction for codes on (the last check's offset) or off.
#[tauri::command]
pub async fn apply_clock_correction(
    service: State<'_, Service>,
    on: bool,
) -> Result<ClockView, Error> {
    service.apply_clock_correction(on)
}
