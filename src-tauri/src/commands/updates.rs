//! Settings → Updates: one-line adaptations of [`crate::updates::Updates`].

use crate::updates::Updates;
use tauri::{AppHandle, Runtime, State};
use tessera_service::views::UpdateView;
use tessera_service::Error;

/// Where updates stand (the policy, the last check), without asking anyone.
#[tauri::command]
pub fn update_status<R: Runtime>(app: AppHandle<R>, updates: State<'_, Updates>) -> UpdateView {
    updates.view(&app)
}

/// Asks the release endpoint for a newer version.
#[tauri::command]
pub async fn check_for_update<R: Runtime>(
    app: AppHandle<R>,
    updates: State<'_, Updates>,
) -> Result<UpdateView, Error> {
    updates.check(&app).await
}

/// Downloads, verifies and installs the version the last check offered.
#[tauri::command]
pub async fn install_update<R: Runtime>(
    app: AppHandle<R>,
    updates: State<'_, Updates>,
) -> Result<UpdateView, Error> {
    updates.install(&app).await
}

/// Restarts Tessera into the version just installed.
#[tauri::command]
pub fn restart_app<R: Runtime>(
    app: AppHandle<R>,
    updates: State<'_, Updates>,
) -> Result<(), Error> {
    if !updates.installed() {
        return Err(Error::invalid("no update has been installed"));
    }
    app.restart()
}
