//! The lock screen, PIN management and the keychain screen's Retry.

use crate::dto::AppStatus;
use crate::error::IpcError;
use crate::state::{unix_now, AppState};
use tauri::{AppHandle, Manager, Runtime, State};
use tessera_core::vault::IndexStore;
use zeroize::Zeroizing;

/// Profile, lock and keychain state.
#[tauri::command]
pub async fn status(state: State<'_, AppState>) -> Result<AppStatus, IpcError> {
    state.status(unix_now()?)
}

/// Reconnects to the keychain (after the user started or unlocked it).
#[tauri::command]
pub async fn reconnect_keychain(state: State<'_, AppState>) -> Result<AppStatus, IpcError> {
    state.reconnect();
    state.status(unix_now()?)
}

/// Locks now: codes hidden, keys wiped, our code cleared from the clipboard.
#[tauri::command]
pub async fn lock(state: State<'_, AppState>) -> Result<(), IpcError> {
    state.lock();
    Ok(())
}

/// Unlocks with the PIN (any text when no PIN is set).
#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, pin: String) -> Result<(), IpcError> {
    let pin = Zeroizing::new(pin);
    state.unlock(&pin, unix_now()?)
}

/// Sets a first PIN; `shared_desk` makes it mandatory for the profile.
#[tauri::command]
pub async fn set_pin(
    state: State<'_, AppState>,
    pin: String,
    shared_desk: bool,
) -> Result<(), IpcError> {
    let pin = Zeroizing::new(pin);
    super::ensure_unlocked(&state)?;
    state.vault()?.set_pin(&pin, state.kdf(), shared_desk)?;
    state.bump();
    Ok(())
}

/// Changes the PIN.
#[tauri::command]
pub async fn change_pin(
    state: State<'_, AppState>,
    old: String,
    new: String,
) -> Result<(), IpcError> {
    let (old, new) = (Zeroizing::new(old), Zeroizing::new(new));
    super::ensure_unlocked(&state)?;
    state
        .vault()?
        .change_pin(&old, &new, state.kdf(), unix_now()?)?;
    state.bump();
    Ok(())
}

/// Removes the PIN (not on a shared-desk profile).
#[tauri::command]
pub async fn remove_pin(state: State<'_, AppState>, pin: String) -> Result<(), IpcError> {
    let pin = Zeroizing::new(pin);
    super::ensure_unlocked(&state)?;
    state.vault()?.remove_pin(&pin, unix_now()?)?;
    state.bump();
    Ok(())
}

/// Shows an account's key again, in a native dialog so that it never passes
/// through the webview. When a PIN is set it must be entered again first.
#[tauri::command]
pub async fn reveal_key<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    pin: String,
) -> Result<(), IpcError> {
    let pin = Zeroizing::new(pin);
    super::ensure_unlocked(&state)?;
    let id = super::account_id(&id)?;
    let vault = state.vault()?;
    let now = unix_now()?;
    if vault.lock_state(now)?.pin_set {
        // Checks the PIN like the lock screen does (wrong tries count).
        vault.unlock(&pin, now)?;
    }
    let account = vault.reveal(&id)?;
    let name = state
        .index()?
        .load()?
        .get(&id)
        .map(|record| record.display_name())
        .unwrap_or_default();
    let dialog = app
        .try_state::<tauri_plugin_dialog::Dialog<R>>()
        .ok_or_else(|| IpcError::internal("no dialog support in this build"))?;
    let grouped = tessera_core::key_entry::group_in_fours(&account.key.to_base32());
    dialog
        .message(format!(
            "{}\n\n{}\n\nAnyone who sees this key can make this account's codes.",
            name,
            grouped.as_str()
        ))
        .title("Account key")
        .kind(tauri_plugin_dialog::MessageDialogKind::Warning)
        .show(|_| {});
    Ok(())
}
