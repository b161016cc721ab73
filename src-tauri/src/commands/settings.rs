//! Settings and profiles.

use crate::dto::{AppStatus, Settings};
use crate::error::IpcError;
use crate::state::{unix_now, AppState};
use tauri::State;
use tessera_core::vault::ProfileName;

/// The saved settings.
#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> Settings {
    state.settings()
}

/// Saves settings; returns them as stored (delays clamped to their limits).
#[tauri::command]
pub async fn save_settings(
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings, IpcError> {
    state.touch();
    state.save_settings(settings)
}

/// Opens another profile (the current one is locked first).
#[tauri::command]
pub async fn switch_profile(
    state: State<'_, AppState>,
    profile: String,
) -> Result<AppStatus, IpcError> {
    let profile = ProfileName::new(&profile).map_err(IpcError::invalid)?;
    state.switch_profile(profile);
    state.status(unix_now()?)
}
