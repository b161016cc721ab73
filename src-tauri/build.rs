//! Declares Tessera's commands to Tauri's ACL, so the window may call exactly
//! these (see capabilities/default.json) and nothing else.

/// Every command registered in `src/lib.rs`.
const COMMANDS: &[&str] = &[
    "app_info",
    "preview_key",
    "list_accounts",
    "preview_account",
    "add_account",
    "inspect_link",
    "add_link",
    "edit_account",
    "set_favourite",
    "move_account",
    "remove_account",
    "watch_codes",
    "codes_now",
    "copy_code",
    "next_hotp_code",
    "note_activity",
    "status",
    "reconnect_keychain",
    "lock",
    "unlock",
    "set_pin",
    "change_pin",
    "remove_pin",
    "reveal_key",
    "reveal_take",
    "backup_codes",
    "preview_backup_codes",
    "set_backup_codes",
    "use_backup_code",
    "default_paper",
    "print_sheet",
    "open_sheet",
    "scan_image",
    "scan_screen",
    "list_cameras",
    "scan_camera",
    "stop_camera",
    "add_scanned",
    "cancel_scan",
    "get_settings",
    "save_settings",
    "switch_profile",
    "activity",
    "dismiss_restore_notice",
    "import_formats",
    "choose_import_file",
    "open_import_file",
    "add_imported",
    "cancel_import",
    "export_accounts",
    "backup_status",
    "set_backup_password",
    "choose_backup_folder",
    "backup_now",
    "check_clock",
    "apply_clock_correction",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes)?;
    Ok(())
}
