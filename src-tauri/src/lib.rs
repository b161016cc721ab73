//! Tessera's Tauri shell: wiring only. Commands live in [`commands`], their
//! request/response types in [`dto`], the error every command returns in [`error`].

pub mod commands;
pub mod dto;
pub mod error;

use std::io::Write;
use std::process::ExitCode;

/// Registers Tessera's commands on a Tauri builder (shared by the app and its tests).
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::app_info,
        commands::preview_key
    ])
}

/// Builds and runs the app until its last window closes.
pub fn run() -> ExitCode {
    let result = with_commands(tauri::Builder::default()).run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln!(
                std::io::stderr(),
                "tessera: the window could not be opened: {err}"
            );
            ExitCode::FAILURE
        }
    }
}
