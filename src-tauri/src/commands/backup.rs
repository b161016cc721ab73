//! An account's backup codes and the printed backup sheet.

use std::path::PathBuf;
use tauri::{AppHandle, Manager, Runtime, State};
use tessera_service::views::{
    BackupCodeCopied, BackupCodesView, BackupPreview, PaperChoice, PrintRequest, PrintedSheet,
};
use tessera_service::{Error, ErrorKind, Service};
use zeroize::Zeroizing;

/// An account's codes, masked.
#[tauri::command]
pub async fn backup_codes(
    service: State<'_, Service>,
    id: String,
) -> Result<BackupCodesView, Error> {
    service.backup_codes(&id)
}

/// Parses a pasted block without storing it: how many codes, or which line
/// is not a code.
#[tauri::command]
pub async fn preview_backup_codes(
    service: State<'_, Service>,
    text: String,
) -> Result<BackupPreview, Error> {
    service.preview_backup_codes(&Zeroizing::new(text))
}

/// Stores a pasted block: replaces the codes, or adds to them with `append`.
#[tauri::command]
pub async fn set_backup_codes(
    service: State<'_, Service>,
    id: String,
    text: String,
    append: bool,
) -> Result<BackupCodesView, Error> {
    service.set_backup_codes_view(&id, &Zeroizing::new(text), append)
}

/// Copies the next unused code for signing in with it (the PIN again when
/// one is set); only its hint comes back.
#[tauri::command]
pub async fn copy_next_backup_code(
    service: State<'_, Service>,
    id: String,
    pin: Option<String>,
) -> Result<BackupCodeCopied, Error> {
    let pin = pin.map(Zeroizing::new);
    service.copy_next_backup_code(
        &id,
        pin.as_deref().map(String::as_str).filter(|p| !p.is_empty()),
    )
}

/// Takes back "used" from the code at `index` (Undo).
#[tauri::command]
pub async fn unuse_backup_code(
    service: State<'_, Service>,
    id: String,
    index: u32,
) -> Result<BackupCodesView, Error> {
    service.unuse_backup_code(&id, index)
}

/// Marks the code at `index` used.
#[tauri::command]
pub async fn use_backup_code(
    service: State<'_, Service>,
    id: String,
    index: u32,
) -> Result<BackupCodesView, Error> {
    service.use_backup_code(&id, index)
}

/// The paper the system's locale suggests.
#[tauri::command]
pub fn default_paper() -> PaperChoice {
    tessera_service::default_paper(|v| std::env::var(v).ok())
}

/// Asks where to save (native dialog), then writes the sheet there; with
/// keys, the PIN (when set) must come with the request. `None` when the user
/// cancels.
#[tauri::command]
pub async fn print_sheet<R: Runtime>(
    app: AppHandle<R>,
    service: State<'_, Service>,
    request: PrintRequest,
    pin: Option<String>,
) -> Result<Option<PrintedSheet>, Error> {
    let pin = pin.map(Zeroizing::new);
    let pin = pin.as_deref().map(String::as_str).filter(|p| !p.is_empty());
    // Rendered (and the PIN checked) before the save dialog opens.
    let sheet = service.prepare_sheet(&request, pin)?;
    let Some(path) = choose_path(&app)? else {
        return Ok(None);
    };
    service.save_sheet(sheet, &path).map(Some)
}

fn choose_path<R: Runtime>(app: &AppHandle<R>) -> Result<Option<PathBuf>, Error> {
    let dialog = app
        .try_state::<tauri_plugin_dialog::Dialog<R>>()
        .ok_or_else(|| Error::internal("no dialog support in this build"))?;
    let start = app
        .path()
        .document_dir()
        .or_else(|_| app.path().home_dir())
        .ok();
    let mut picker = dialog.file();
    if let Some(dir) = start {
        picker = picker.set_directory(dir);
    }
    let chosen = picker
        .set_title("Save backup sheet")
        .set_file_name("Tessera backup sheet.pdf")
        .add_filter("PDF", &["pdf"])
        .blocking_save_file();
    let Some(chosen) = chosen else {
        return Ok(None);
    };
    let mut path = chosen.into_path().map_err(Error::invalid)?;
    if path
        .extension()
        .is_none_or(|e| !e.eq_ignore_ascii_case("pdf"))
    {
        path.set_extension("pdf");
    }
    Ok(Some(path))
}

/// Opens the sheet written last in the system's PDF viewer (to print it).
#[tauri::command]
pub async fn open_sheet<R: Runtime>(
    app: AppHandle<R>,
    service: State<'_, Service>,
) -> Result<(), Error> {
    let path = service.printed_sheet()?;
    app.try_state::<tauri_plugin_opener::Opener<R>>()
        .ok_or_else(|| Error::internal("no opener in this build"))?
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| {
            Error::new(
                ErrorKind::Internal,
                format!(
                    "No program to open PDF files was found ({e}). The sheet is saved at {}",
                    path.display()
                ),
            )
        })
}
