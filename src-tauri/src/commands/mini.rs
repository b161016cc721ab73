//! The mini window: a small always-on-top search over the accounts that
//! copies a code and hides again (Ctrl+Shift+M in the main window, the tray,
//! `tessera-app --mini`). It holds nothing of its own: its codes come from
//! the service like the main window's, and locking closes it.

use crate::tray;
use tauri::{
    AppHandle, Emitter, Manager, Runtime, WebviewUrl, WebviewWindow, WebviewWindowBuilder,
};
use tessera_service::Error;

/// Label of the mini window.
pub const MINI_WINDOW: &str = "mini";
/// Event telling the mini window it was shown again (clear and focus its search).
pub const MINI_SHOWN_EVENT: &str = "mini-shown";
/// The argument of a second launch that opens the mini window.
pub const MINI_ARG: &str = "--mini";

/// Shows the mini window, creating it the first time; its search is focused.
/// Its size and place are remembered (the window-state plugin).
pub fn open<R: Runtime>(app: &AppHandle<R>) -> Result<(), Error> {
    if let Some(window) = app.get_webview_window(MINI_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
        let _ = window.emit_to(MINI_WINDOW, MINI_SHOWN_EVENT, ());
        return Ok(());
    }
    WebviewWindowBuilder::new(
        app,
        MINI_WINDOW,
        WebviewUrl::App("index.html?view=mini".into()),
    )
    .title("Tessera: quick copy")
    .inner_size(380.0, 340.0)
    .min_inner_size(300.0, 220.0)
    .always_on_top(true)
    .skip_taskbar(true)
    .focused(true)
    .build()
    .map(drop)
    .map_err(|e| Error::internal(format!("the mini window could not be opened: {e}")))
}

/// Closes the mini window, if open (on lock: nothing of it stays in memory).
pub fn close<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MINI_WINDOW) {
        let _ = window.close();
    }
}

/// Opens (or brings forward) the mini window.
#[tauri::command]
pub fn show_mini<R: Runtime>(app: AppHandle<R>) -> Result<(), Error> {
    open(&app)
}

/// Hides the mini window (after a copy, or Escape); only it may ask.
#[tauri::command]
pub fn hide_mini<R: Runtime>(window: WebviewWindow<R>) -> Result<(), Error> {
    if window.label() != MINI_WINDOW {
        return Err(Error::invalid("only the mini window hides itself"));
    }
    window
        .hide()
        .map_err(|e| Error::internal(format!("the mini window could not be hidden: {e}")))
}

/// Brings the main window forward (from the mini window: to unlock, or to do more).
#[tauri::command]
pub fn show_main_window<R: Runtime>(app: AppHandle<R>) {
    tray::show_main(&app);
}
