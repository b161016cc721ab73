//! An account's backup codes and the printed backup sheet.

use super::{account_id, ensure_unlocked};
use crate::dto::{BackupCodesView, BackupPreview, PaperChoice, PrintRequest, PrintedSheet};
use crate::error::IpcError;
use crate::state::{unix_now, AppState};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Runtime, State};
use tessera_core::parse_backup_codes;
use tessera_core::sheet::{self, Paper, SheetRequest, SheetWords};
use zeroize::Zeroizing;

/// An account's codes, masked.
#[tauri::command]
pub async fn backup_codes(
    state: State<'_, AppState>,
    id: String,
) -> Result<BackupCodesView, IpcError> {
    ensure_unlocked(&state)?;
    let id = account_id(&id)?;
    Ok(BackupCodesView::new(&state.vault()?.backup_codes(&id)?))
}

/// Parses a pasted block without storing it: how many codes, or which line
/// is not a code.
#[tauri::command]
pub async fn preview_backup_codes(
    state: State<'_, AppState>,
    text: String,
) -> Result<BackupPreview, IpcError> {
    let text = Zeroizing::new(text);
    ensure_unlocked(&state)?;
    let codes = parse_backup_codes(&text).map_err(IpcError::invalid)?;
    Ok(BackupPreview {
        count: crate::dto::small(codes.len()),
        hints: codes.iter().map(crate::dto::backup_hint).collect(),
    })
}

/// Stores a pasted block: replaces the codes, or adds to them with `append`.
#[tauri::command]
pub async fn set_backup_codes(
    state: State<'_, AppState>,
    id: String,
    text: String,
    append: bool,
) -> Result<BackupCodesView, IpcError> {
    let text = Zeroizing::new(text);
    ensure_unlocked(&state)?;
    let id = account_id(&id)?;
    let codes = parse_backup_codes(&text).map_err(IpcError::invalid)?;
    let vault = state.vault()?;
    vault.set_backup_codes(&id, &codes, append)?;
    state.bump();
    Ok(BackupCodesView::new(&vault.backup_codes(&id)?))
}

/// Marks the code at `index` used.
#[tauri::command]
pub async fn use_backup_code(
    state: State<'_, AppState>,
    id: String,
    index: u32,
) -> Result<BackupCodesView, IpcError> {
    ensure_unlocked(&state)?;
    let id = account_id(&id)?;
    let vault = state.vault()?;
    let entries = vault.backup_codes(&id)?;
    let entry = entries
        .get(index as usize)
        .ok_or_else(|| IpcError::invalid(format!("there is no backup code {}", index + 1)))?;
    if !entry.used {
        vault.use_backup_code(&id, entry.code.as_str())?;
        state.bump();
    }
    Ok(BackupCodesView::new(&vault.backup_codes(&id)?))
}

/// The paper the system's locale suggests.
#[tauri::command]
pub fn default_paper() -> PaperChoice {
    match Paper::from_locale_vars(|v| std::env::var(v).ok()) {
        Paper::A4 => PaperChoice::A4,
        Paper::Letter => PaperChoice::Letter,
    }
}

/// Renders the sheet and writes it atomically to `path`.
pub fn write_sheet(
    state: &AppState,
    request: &PrintRequest,
    path: &Path,
) -> Result<PrintedSheet, IpcError> {
    let vault = state.vault()?;
    let ids = if request.ids.is_empty() {
        vault.accounts()?.into_iter().map(|a| a.id).collect()
    } else {
        request
            .ids
            .iter()
            .map(|id| account_id(id))
            .collect::<Result<Vec<_>, _>>()?
    };
    let words = SheetWords::default();
    let mut accounts = Vec::with_capacity(ids.len());
    for id in &ids {
        accounts.push(vault.sheet_account(id, request.with_recovery, &words)?);
    }
    let sheet_request = SheetRequest {
        profile: state.profile().as_str().to_owned(),
        printed_at: unix_now()?,
        paper: match request.paper {
            PaperChoice::A4 => Paper::A4,
            PaperChoice::Letter => Paper::Letter,
        },
        accounts,
    };
    let fonts = tessera_fonts::for_characters(&sheet_request.characters(&words));
    let sheet = sheet::render(&sheet_request, &fonts, &words)
        .map_err(|e| IpcError::internal(e.to_string()))?;
    tessera_fs::write_atomically(path, &sheet.pdf).map_err(|e| {
        IpcError::new(
            crate::error::ErrorKind::InvalidInput,
            format!("Could not write {}: {e}", path.display()),
        )
    })?;
    state.set_printed(path.to_path_buf());
    Ok(PrintedSheet {
        path: path.display().to_string(),
        pages: crate::dto::small(sheet.pages),
        accounts: crate::dto::small(ids.len()),
        missing_glyphs: sheet.missing_glyphs.iter().collect(),
    })
}

/// Asks where to save (native dialog), then writes the sheet there. `None`
/// when the user cancels.
#[tauri::command]
pub async fn print_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: PrintRequest,
) -> Result<Option<PrintedSheet>, IpcError> {
    ensure_unlocked(&state)?;
    let path = choose_path(&app)?;
    let Some(path) = path else {
        return Ok(None);
    };
    write_sheet(&state, &request, &path).map(Some)
}

fn choose_path<R: Runtime>(app: &AppHandle<R>) -> Result<Option<PathBuf>, IpcError> {
    use tauri::Manager;
    let dialog = app
        .try_state::<tauri_plugin_dialog::Dialog<R>>()
        .ok_or_else(|| IpcError::internal("no dialog support in this build"))?;
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
    let mut path = chosen
        .into_path()
        .map_err(|e| IpcError::invalid(e.to_string()))?;
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
    state: State<'_, AppState>,
) -> Result<(), IpcError> {
    use tauri::Manager;
    ensure_unlocked(&state)?;
    let path = state
        .printed()
        .ok_or_else(|| IpcError::invalid("No backup sheet has been saved yet"))?;
    app.try_state::<tauri_plugin_opener::Opener<R>>()
        .ok_or_else(|| IpcError::internal("no opener in this build"))?
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| IpcError::internal(format!("Could not open the sheet: {e}")))
}
