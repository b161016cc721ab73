//! Tauri commands: each adapts its arguments and calls one
//! [`Service`](tessera_service::Service) method. Commands that may touch the
//! keychain or hash a PIN are `async`, so they run off the window's thread.
//! What stays here is what needs Tauri: the code feed's channel, native
//! dialogs, the opener, window hiding for screen capture, the camera thread.

pub mod accounts;
pub mod backup;
pub mod codes;
pub mod lock;
pub mod mini;
pub mod scan;
pub mod settings;
pub mod share;
pub mod transfer;
pub mod updates;

use tauri::State;
use tessera_service::views::{AppInfo, KeyCheck};
use tessera_service::Service;

/// The app's version (as packaged: `tauri.conf.json`'s, which the updater
/// compares too).
#[tauri::command]
pub fn app_info<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> AppInfo {
    AppInfo {
        version: app.package_info().version.to_string(),
    }
}

/// Checks a key as typed; a usable key comes back with the code it gives now
/// (never the key).
#[tauri::command]
pub async fn preview_key(
    service: State<'_, Service>,
    key: String,
) -> Result<KeyCheck, tessera_service::Error> {
    Ok(service.preview_key(&zeroize::Zeroizing::new(key)))
}
