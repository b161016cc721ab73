//! Settings, profiles and the activity log.

use tauri::State;
use tessera_service::views::{ActivityView, AppStatus, Settings};
use tessera_service::{Error, Service};

/// The open profile's settings.
#[tauri::command]
pub fn get_settings(service: State<'_, Service>) -> Settings {
    service.settings()
}

/// Saves settings; returns them as stored (within the profile's limits).
#[tauri::command]
pub async fn save_settings(
    service: State<'_, Service>,
    settings: Settings,
) -> Result<Settings, Error> {
    service.save_settings(settings)
}

/// Opens another profile (the current one is locked first).
#[tauri::command]
pub async fn switch_profile(
    service: State<'_, Service>,
    profile: String,
) -> Result<AppStatus, Error> {
    service.switch_profile(&profile)
}

/// The profile's activity log, newest first.
#[tauri::command]
pub async fn activity(service: State<'_, Service>) -> Result<Vec<ActivityView>, Error> {
    service.activity()
}
