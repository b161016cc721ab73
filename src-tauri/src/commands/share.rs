//! Settings → Share: the shared practice vault (every rule is in the
//! service; see `tessera_service::Service::share_init` and its neighbours).

use super::transfer::dialog;
use std::path::Path;
use tauri::{AppHandle, Runtime, State};
use tessera_service::views::{DeskView, JoinView, RevokeView, ShareStatusView, SyncReport};
use tessera_service::{DeskRole, Error, Service};
use zeroize::Zeroizing;

/// A PIN field left empty is no PIN.
fn given(pin: Option<&Zeroizing<String>>) -> Option<&str> {
    pin.map(|p| p.as_str()).filter(|p| !p.is_empty())
}

/// The practice this profile takes part in, or `None`.
#[tauri::command]
pub async fn share_status(service: State<'_, Service>) -> Result<Option<ShareStatusView>, Error> {
    service.share_overview()
}

/// Asks for the sync engine's folder (native dialog); `None` when cancelled.
#[tauri::command]
pub async fn choose_share_folder<R: Runtime>(app: AppHandle<R>) -> Result<Option<String>, Error> {
    let chosen = dialog(&app)?
        .file()
        .set_title("The folder your sync engine shares between the desks")
        .blocking_pick_folder();
    chosen
        .map(|c| c.into_path().map(|p| p.display().to_string()))
        .transpose()
        .map_err(Error::invalid)
}

/// Founds a practice in `folder` with this desk as its first admin.
#[tauri::command]
pub async fn share_init(
    service: State<'_, Service>,
    folder: String,
    practice: String,
    pin: Option<String>,
) -> Result<ShareStatusView, Error> {
    let pin = pin.map(Zeroizing::new);
    service.share_init(Path::new(&folder), &practice, given(pin.as_ref()))
}

/// Asks to join the practice in `folder`; returns the code to approve.
#[tauri::command]
pub async fn share_join(service: State<'_, Service>, folder: String) -> Result<JoinView, Error> {
    service.share_join(Path::new(&folder))
}

/// Approves the desk showing `code` (staff, or admin when `admin`).
#[tauri::command]
pub async fn share_approve(
    service: State<'_, Service>,
    code: String,
    admin: bool,
    pin: Option<String>,
) -> Result<DeskView, Error> {
    let role = if admin {
        DeskRole::Admin
    } else {
        DeskRole::Staff
    };
    let pin = pin.map(Zeroizing::new);
    service.share_approve(&code, role, given(pin.as_ref()))
}

/// Revokes a desk; returns the accounts to re-enrol.
#[tauri::command]
pub async fn share_revoke(
    service: State<'_, Service>,
    desk: String,
    pin: Option<String>,
) -> Result<RevokeView, Error> {
    let pin = pin.map(Zeroizing::new);
    service.share_revoke(&desk, given(pin.as_ref()))
}

/// One read-merge-write pass now.
#[tauri::command]
pub async fn share_sync(service: State<'_, Service>) -> Result<SyncReport, Error> {
    service.share_sync()
}
