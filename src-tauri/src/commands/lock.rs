//! The lock screen, the PIN, revealing a key, and the keychain screen's Retry.

use crate::shell::Shell;
use tauri::{AppHandle, Manager, Runtime, State, WebviewUrl, WebviewWindow, WebviewWindowBuilder};
use tessera_service::views::{AppStatus, RevealedKeyView};
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

/// Quits Tessera (Ctrl+Q in either window, the tray's Quit): locked first.
#[tauri::command]
pub fn quit_app<R: Runtime>(app: AppHandle<R>) {
    crate::tray::quit(&app);
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

/// Label of the window that shows a revealed key.
pub const REVEAL_WINDOW: &str = "reveal";

/// Shows an account's key again, after the PIN (when one is set) is entered
/// again, in a small separate window that is protected from screen capture
/// and sharing (Windows, macOS) and closes by itself. The key never passes
/// through the main window's webview.
#[tauri::command]
pub async fn reveal_key<R: Runtime>(
    app: AppHandle<R>,
    service: State<'_, Service>,
    shell: State<'_, Shell>,
    id: String,
    pin: String,
) -> Result<(), Error> {
    let pin = Zeroizing::new(pin);
    let revealed = service.reveal_key(&id, Some(pin.as_str()).filter(|p| !p.is_empty()))?;
    shell.hold_revealed(revealed);
    if let Some(old) = app.get_webview_window(REVEAL_WINDOW) {
        let _ = old.close();
    }
    WebviewWindowBuilder::new(
        &app,
        REVEAL_WINDOW,
        WebviewUrl::App("index.html?view=reveal".into()),
    )
    .title("Account key")
    .inner_size(460.0, 260.0)
    .resizable(false)
    .always_on_top(true)
    .content_protected(true)
    .focused(true)
    .build()
    .map_err(|e| Error::internal(format!("the key could not be shown: {e}")))?;
    Ok(())
}

/// The revealed key, once, to the reveal window only.
#[tauri::command]
pub fn reveal_take<R: Runtime>(
    window: WebviewWindow<R>,
    shell: State<'_, Shell>,
) -> Result<RevealedKeyView, Error> {
    if window.label() != REVEAL_WINDOW {
        return Err(Error::invalid("only the key window may show a key"));
    }
    shell
        .take_revealed()
        .map(RevealedKeyView::from)
        .ok_or_else(|| Error::invalid("there is no key to show"))
}
