//! The lock screen, the PIN, revealing a key, and the keychain screen's Retry.

use tauri::{AppHandle, Manager, Runtime, State};
use tessera_service::views::AppStatus;
use tessera_service::{Error, Service};
use zeroize::Zeroizing;

/// Profile, lock, keychain and account-list state.
#[tauri::command]
pub async fn status(service: State<'_, Service>) -> Result<AppStatus, Error> {
    service.status()
}

/// Reconnects to the keychain (after the user started or unlocked it).
#[tauri::command]
pub async fn reconnect_keychain(service: State<'_, Service>) -> Result<AppStatus, Error> {
    service.reconnect()
}

/// The user has read that a copy of the account list was put back.
#[tauri::command]
pub async fn dismiss_restore_notice(service: State<'_, Service>) -> Result<AppStatus, Error> {
    service.dismiss_restore_notice()
}

/// Locks now: codes hidden, keys wiped, our code cleared from the clipboard.
#[tauri::command]
pub async fn lock(service: State<'_, Service>) -> Result<(), Error> {
    service.lock();
    Ok(())
}

/// Unlocks with the PIN (any text when no PIN is set).
#[tauri::command]
pub async fn unlock(service: State<'_, Service>, pin: String) -> Result<(), Error> {
    service.unlock(&Zeroizing::new(pin))
}

/// Sets a first PIN, typed twice; `shared_desk` makes it mandatory.
#[tauri::command]
pub async fn set_pin(
    service: State<'_, Service>,
    pin: String,
    confirm: String,
    shared_desk: bool,
) -> Result<(), Error> {
    let (pin, confirm) = (Zeroizing::new(pin), Zeroizing::new(confirm));
    service.set_pin(&pin, &confirm, shared_desk)
}

/// Changes the PIN; the new one typed twice.
#[tauri::command]
pub async fn change_pin(
    service: State<'_, Service>,
    old: String,
    new: String,
    confirm: String,
) -> Result<(), Error> {
    let (old, new, confirm) = (
        Zeroizing::new(old),
        Zeroizing::new(new),
        Zeroizing::new(confirm),
    );
    service.change_pin(&old, &new, &confirm)
}

/// Removes the PIN (not on a shared-desk profile).
#[tauri::command]
pub async fn remove_pin(service: State<'_, Service>, pin: String) -> Result<(), Error> {
    service.remove_pin(&Zeroizing::new(pin))
}

/// Shows an account's key again, in a native dialog so that it never passes
/// through the webview. When a PIN is set it must be entered again first.
#[tauri::command]
pub async fn reveal_key<R: Runtime>(
    app: AppHandle<R>,
    service: State<'_, Service>,
    id: String,
    pin: String,
) -> Result<(), Error> {
    let pin = Zeroizing::new(pin);
    let revealed = service.reveal_key(&id, Some(pin.as_str()).filter(|p| !p.is_empty()))?;
    let dialog = app
        .try_state::<tauri_plugin_dialog::Dialog<R>>()
        .ok_or_else(|| Error::internal("no dialog support in this build"))?;
    dialog
        .message(format!(
            "{}\n\n{}\n\nAnyone who sees this key can make this account's codes.",
            revealed.name,
            revealed.grouped.as_str()
        ))
        .title("Account key")
        .kind(tauri_plugin_dialog::MessageDialogKind::Warning)
        .show(|_| {});
    Ok(())
}
