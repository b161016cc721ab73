//! Tessera's Tauri shell: wiring only. Commands ([`commands`]) adapt IPC to
//! the application layer, [`tessera_service::Service`], which owns the
//! profile and every rule; the shell keeps only what needs Tauri ([`shell`]:
//! the code feed and camera threads; [`tray`]; dialogs; window events).

mod background;
pub mod cameras;
pub mod commands;
#[cfg(feature = "fake-camera")]
mod fake_camera;
pub mod hotkey;
mod release;
pub mod shell;
pub mod tray;
pub mod updates;
mod window_memory;

use std::io::Write;
use std::process::ExitCode;
use tauri::Manager;
use tessera_service::ProfileName;

/// Label of the main window (tauri.conf.json).
pub const MAIN_WINDOW: &str = "main";

/// Environment variable naming the profile to open (as for the CLI).
pub const PROFILE_ENV: &str = "TESSERA_PROFILE";

/// Registers Tessera's commands on a Tauri builder (shared by the app and its tests).
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    use commands::{accounts, backup, codes, lock, mini, scan, settings, share, transfer, updates};
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
        codes::copy_next_code,
        codes::next_hotp_code,
        codes::note_activity,
        lock::status,
        lock::reconnect_keychain,
        lock::lock,
        lock::quit_app,
        lock::unlock,
        lock::set_pin,
        lock::change_pin,
        lock::remove_pin,
        lock::reveal_key,
        lock::reveal_take,
        mini::show_mini,
        mini::hide_mini,
        mini::show_main_window,
        hotkey::shortcut_status,
        backup::backup_codes,
        backup::preview_backup_codes,
        backup::set_backup_codes,
        backup::use_backup_code,
        backup::copy_next_backup_code,
        backup::unuse_backup_code,
        backup::default_paper,
        backup::print_sheet,
        backup::open_sheet,
        scan::scan_image,
        scan::scan_screen,
        scan::list_cameras,
        scan::scan_camera,
        scan::stop_camera,
        scan::add_scanned,
        scan::cancel_scan,
        settings::get_settings,
        settings::save_settings,
        settings::switch_profile,
        settings::activity,
        settings::check_clock,
        settings::clock_status,
        settings::apply_clock_correction,
        lock::dismiss_restore_notice,
        transfer::import_formats,
        transfer::choose_import_file,
        transfer::open_import_file,
        transfer::add_imported,
        transfer::cancel_import,
        transfer::export_accounts,
        transfer::backup_status,
        transfer::set_backup_password,
        transfer::choose_backup_folder,
        transfer::backup_now,
        share::share_status,
        share::choose_share_folder,
        share::share_init,
        share::share_join,
        share::share_approve,
        share::share_revoke,
        share::share_sync,
        updates::update_status,
        updates::check_for_update,
        updates::install_update,
        updates::restart_app,
    ])
}

/// Connects the service to the shell: after every change the tray menu is
/// rebuilt, and locking stops a running camera scan and closes a revealed key
/// and the mini window.
pub fn connect<R: tauri::Runtime>(handle: &tauri::AppHandle<R>) {
    let service = handle.state::<tessera_service::Service>();
    let for_change = handle.clone();
    service.set_change_hook(std::sync::Arc::new(move || tray::refresh(&for_change)));
    let for_lock = handle.clone();
    service.set_lock_hook(std::sync::Arc::new(move || {
        let shell = for_lock.state::<shell::Shell>();
        shell.stop_camera();
        // A revealed key goes too, and its window.
        drop(shell.take_revealed());
        if let Some(window) = for_lock.get_webview_window(commands::lock::REVEAL_WINDOW) {
            let _ = window.close();
        }
        commands::mini::close(&for_lock);
    }));
}

fn fail(message: &str) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "tessera: {message}");
    ExitCode::FAILURE
}

/// Builds and runs the app until its last window closes.
pub fn run() -> ExitCode {
    tessera_service::panic_hook::install();
    let (profile, named) = match std::env::var(PROFILE_ENV) {
        Ok(name) if !name.is_empty() => match ProfileName::new(&name) {
            Ok(profile) => (profile, true),
            Err(err) => return fail(&err.to_string()),
        },
        _ => (ProfileName::default_profile(), false),
    };
    let backend = match tessera_service::Backend::system() {
        Ok(backend) => backend,
        Err(err) => return fail(&err.to_string()),
    };
    let window_state = tauri_plugin_window_state::Builder::default()
        .with_state_flags(window_memory::flags())
        .build();
    let app = with_commands(tauri::Builder::default())
        // First, so a second launch only focuses this one and exits.
        // `tessera-app --mini` opens the mini window instead (a desktop's own
        // shortcut can run it where global shortcuts are not allowed).
        .plugin(tauri_plugin_single_instance::init(|app, args, _cwd| {
            if args.iter().any(|a| a == commands::mini::MINI_ARG) {
                let _ = commands::mini::open(app);
            } else {
                tray::show_main(app);
            }
        }))
        .plugin(window_state)
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        // Its commands are not granted to the window: the UI goes through
        // Tessera's own (commands::updates), behind the admin's policy.
        .plugin(tauri_plugin_updater::Builder::new().build())
        .manage(updates::Updates::new(
            tessera_service::admin::AdminPolicy::load(),
        ))
        .manage(tessera_service::Service::new(backend, profile, named))
        .manage(shell::Shell::new(cameras::Cameras::system()))
        .manage(hotkey::GlobalShortcut::default())
        .manage(window_memory::WindowMemory::default())
        .manage(release::Release::default())
        .setup(|app| {
            let handle = app.handle().clone();
            handle.state::<window_memory::WindowMemory>().load(&handle);
            if let Err(err) = tray::install(&handle) {
                // No tray on this desktop: the window works on its own.
                let _ = writeln!(std::io::stderr(), "tessera: no tray icon: {err}");
            }
            connect(&handle);
            hotkey::apply(&handle);
            let service = handle.state::<tessera_service::Service>();
            let for_events = handle.clone();
            let wake = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let woke = std::sync::Arc::clone(&wake);
            tessera_session_events::watch(move |_reason| {
                // The UI sees the locked frame within a second.
                for_events.state::<tessera_service::Service>().lock();
                // Back from sleep or the screen lock: check the clock again.
                woke.store(true, std::sync::atomic::Ordering::SeqCst);
            });
            background::start(handle.clone(), wake);
            release::start(handle.clone());
            let mini = std::env::args().any(|a| a == commands::mini::MINI_ARG);
            if service.settings().start_in_tray || mini {
                if let Some(window) = handle.get_webview_window(MAIN_WINDOW) {
                    let _ = window.hide();
                }
            }
            if mini {
                let _ = commands::mini::open(&handle);
            }
            Ok(())
        })
        .on_window_event(|window, event| {
            if window.label() != MAIN_WINDOW {
                return;
            }
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                // A closed (or hidden) window must not keep the camera on.
                window.state::<shell::Shell>().stop_camera();
                // With "start in tray", closing keeps Tessera in the tray.
                if window
                    .state::<tessera_service::Service>()
                    .settings()
                    .start_in_tray
                {
                    api.prevent_close();
                    window
                        .state::<window_memory::WindowMemory>()
                        .save_while_shown(window.app_handle());
                    let _ = window.hide();
                }
            }
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => {
            app.run(|handle, event| {
                // Windows released while hidden in the tray: "no window
                // left" is not a quit (a quit asks with an exit code).
                if let tauri::RunEvent::ExitRequested {
                    code: None, api, ..
                } = &event
                {
                    if handle.state::<release::Release>().is_released() {
                        api.prevent_exit();
                    }
                }
                if let tauri::RunEvent::Exit = event {
                    // After the window-state plugin's own save.
                    handle
                        .state::<window_memory::WindowMemory>()
                        .at_exit(handle);
                    // Wipe keys and clear our code from the clipboard.
                    handle.state::<tessera_service::Service>().lock();
                }
            });
            ExitCode::SUCCESS
        }
        Err(err) => fail(&format!("the window could not be opened: {err}")),
    }
}
