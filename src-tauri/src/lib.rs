//! Tessera's Tauri shell: wiring only. Commands live in [`commands`], their
//! request/response types in [`dto`], the error every command returns in
//! [`error`], and the state they share in [`state`].

pub mod backend;
pub mod commands;
pub mod dto;
pub mod error;
pub mod state;

use std::io::Write;
use std::process::ExitCode;
use tauri::Manager;
use tessera_core::vault::ProfileName;

/// Environment variable naming the profile to open (as for the CLI).
pub const PROFILE_ENV: &str = "TESSERA_PROFILE";

/// Registers Tessera's commands on a Tauri builder (shared by the app and its tests).
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    use commands::{accounts, codes, lock, settings};
    builder.invoke_handler(tauri::generate_handler![
        commands::app_info,
        commands::preview_key,
        accounts::list_accounts,
        accounts::preview_account,
        accounts::add_account,
        accounts::inspect_link,
        accounts::add_link,
        accounts::edit_account,
        accounts::set_favourite,
        accounts::move_account,
        accounts::remove_account,
        codes::watch_codes,
        codes::codes_now,
        codes::copy_code,
        codes::next_hotp_code,
        codes::note_activity,
        lock::status,
        lock::reconnect_keychain,
        lock::lock,
        lock::unlock,
        lock::set_pin,
        lock::change_pin,
        lock::remove_pin,
        settings::get_settings,
        settings::save_settings,
        settings::switch_profile,
    ])
}

fn fail(message: &str) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "tessera: {message}");
    ExitCode::FAILURE
}

/// Builds and runs the app until its last window closes.
pub fn run() -> ExitCode {
    let profile = match std::env::var(PROFILE_ENV) {
        Ok(name) if !name.is_empty() => match ProfileName::new(&name) {
            Ok(profile) => profile,
            Err(err) => return fail(&err.to_string()),
        },
        _ => ProfileName::default_profile(),
    };
    let backend = match backend::Backend::system() {
        Ok(backend) => backend,
        Err(err) => return fail(&err.to_string()),
    };
    let app = with_commands(tauri::Builder::default())
        .manage(state::AppState::new(backend, profile))
        .build(tauri::generate_context!());
    match app {
        Ok(app) => {
            app.run(|handle, event| {
                if let tauri::RunEvent::Exit = event {
                    // Wipe keys and clear our code from the clipboard.
                    handle.state::<state::AppState>().lock();
                }
            });
            ExitCode::SUCCESS
        }
        Err(err) => fail(&format!("the window could not be opened: {err}")),
    }
}
