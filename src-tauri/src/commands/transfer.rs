//! Imports, exports and backups: the file and folder dialogs are the shell's,
//! everything else is the service's.

use std::path::PathBuf;
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Manager, Runtime, State};
use tessera_service::views::{
    BackupStatusView, ExportFormat, ExportedFile, ImportFileView, ImportFormatView, ImportOutcome,
    ImportPreview, RecoveryKeyView, Settings,
};
use tessera_service::{Error, Service};
use zeroize::Zeroizing;

/// The formats Tessera imports (for the dialog's list).
#[tauri::command]
pub fn import_formats() -> Vec<ImportFormatView> {
    tessera_service::import_formats()
}

/// Takes the chosen file (its bytes as the raw request body) and says what it is.
#[tauri::command]
pub async fn choose_import_file(
    service: State<'_, Service>,
    request: Request<'_>,
) -> Result<ImportFileView, Error> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(Error::invalid("send the file's bytes"));
    };
    service.choose_import_file(bytes.clone())
}

/// Reads the chosen file, with its password (or a Tessera backup's recovery key).
#[tauri::command]
pub async fn open_import_file(
    service: State<'_, Service>,
    format: Option<String>,
    password: Option<String>,
    recovery_key: Option<String>,
) -> Result<ImportPreview, Error> {
    let (password, recovery_key) = (
        password.map(Zeroizing::new),
        recovery_key.map(Zeroizing::new),
    );
    service.open_import_file(
        format.as_deref(),
        password.as_deref().map(String::as_str),
        recovery_key.as_deref().map(String::as_str),
    )
}

/// Adds the previewed accounts (all, or the positions in `pick`).
#[tauri::command]
pub async fn add_imported(
    service: State<'_, Service>,
    pick: Option<Vec<u32>>,
) -> Result<ImportOutcome, Error> {
    service.add_imported(pick.as_deref())
}

/// Forgets the chosen file.
#[tauri::command]
pub fn cancel_import(service: State<'_, Service>) {
    service.cancel_import();
}

pub(super) fn dialog<R: Runtime>(
    app: &AppHandle<R>,
) -> Result<tauri::State<'_, tauri_plugin_dialog::Dialog<R>>, Error> {
    app.try_state::<tauri_plugin_dialog::Dialog<R>>()
        .ok_or_else(|| Error::internal("no dialog support in this build"))
}

/// Asks where to save (native dialog), then writes every account there;
/// `None` when the user cancels. The PIN (when set) comes with the request.
#[tauri::command]
pub async fn export_accounts<R: Runtime>(
    app: AppHandle<R>,
    service: State<'_, Service>,
    format: ExportFormat,
    password: Option<String>,
    pin: Option<String>,
) -> Result<Option<ExportedFile>, Error> {
    let (password, pin) = (password.map(Zeroizing::new), pin.map(Zeroizing::new));
    let (name, extension) = match format {
        ExportFormat::Aegis => ("Tessera export (Aegis).json", "json"),
        ExportFormat::Otpauth => ("Tessera export (otpauth links).txt", "txt"),
        ExportFormat::Tessera => ("Tessera export.tessera-backup", "tessera-backup"),
    };
    let chosen = dialog(&app)?
        .file()
        .set_title("Export accounts")
        .set_file_name(name)
        .add_filter(extension, &[extension])
        .blocking_save_file();
    let Some(chosen) = chosen else {
        return Ok(None);
    };
    let path: PathBuf = chosen.into_path().map_err(Error::invalid)?;
    service
        .export(
            format,
            &path,
            password.as_deref().map(String::as_str),
            pin.as_deref().map(String::as_str).filter(|p| !p.is_empty()),
        )
        .map(Some)
}

/// The profile's backups at a glance.
#[tauri::command]
pub async fn backup_status(service: State<'_, Service>) -> Result<BackupStatusView, Error> {
    Ok(service.backup_status())
}

/// Sets (or changes) the backup password; the first time, the recovery key.
#[tauri::command]
pub async fn set_backup_password(
    service: State<'_, Service>,
    password: String,
    confirm: String,
    pin: Option<String>,
) -> Result<Option<RecoveryKeyView>, Error> {
    let (password, confirm, pin) = (
        Zeroizing::new(password),
        Zeroizing::new(confirm),
        pin.map(Zeroizing::new),
    );
    service.set_backup_password(
        &password,
        &confirm,
        pin.as_deref().map(String::as_str).filter(|p| !p.is_empty()),
    )
}

/// Asks for the backup folder (native dialog) and saves it in the
/// profile's settings; `None` when the user cancels.
#[tauri::command]
pub async fn choose_backup_folder<R: Runtime>(
    app: AppHandle<R>,
    service: State<'_, Service>,
) -> Result<Option<Settings>, Error> {
    let chosen = dialog(&app)?
        .file()
        .set_title("Folder for Tessera's backups")
        .blocking_pick_folder();
    let Some(chosen) = chosen else {
        return Ok(None);
    };
    let dir = chosen.into_path().map_err(Error::invalid)?;
    let settings = Settings {
        backup_dir: Some(dir.display().to_string()),
        ..service.settings()
    };
    service.save_settings(settings).map(Some)
}

/// Writes a backup now.
#[tauri::command]
pub async fn backup_now(service: State<'_, Service>) -> Result<BackupStatusView, Error> {
    service.backup_now(None)
}
