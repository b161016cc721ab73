//! The printed backup sheet: one flow for the app and the CLI.

use super::{account_id, guard, Service};
use crate::activity::Event;
use crate::error::{Error, ErrorKind, Result};
use crate::policy::Operation;
use crate::views::{PaperChoice, PrintRequest, PrintedSheet};
use std::path::{Path, PathBuf};
use tessera_core::sheet::{self, Paper, SheetRequest, SheetWords};
use zeroize::Zeroizing;

/// The paper the locale (`LC_ALL`, `LC_PAPER`, `LANG`) suggests.
pub fn default_paper(var: impl Fn(&str) -> Option<String>) -> PaperChoice {
    match Paper::from_locale_vars(var) {
        Paper::A4 => PaperChoice::A4,
        Paper::Letter => PaperChoice::Letter,
    }
}

/// A rendered sheet, not yet written (it may hold keys: wiped when dropped).
pub struct PreparedSheet {
    pdf: Zeroizing<Vec<u8>>,
    pages: usize,
    accounts: usize,
    with_keys: bool,
    missing_glyphs: String,
}

impl std::fmt::Debug for PreparedSheet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedSheet")
            .field("pages", &self.pages)
            .field("accounts", &self.accounts)
            .field("with_keys", &self.with_keys)
            .finish_non_exhaustive()
    }
}

impl Service {
    /// Renders the sheet. With each account's key and QR code
    /// (`with_recovery`) it needs the PIN again on a PIN profile, like every
    /// other way to get a key out. Nothing is written yet.
    pub fn prepare_sheet(
        &self,
        request: &PrintRequest,
        pin: Option<&str>,
    ) -> Result<PreparedSheet> {
        let op = if request.with_recovery {
            Operation::PrintSheetWithKeys
        } else {
            Operation::PrintSheet
        };
        self.authorize(op, pin)?;
        let vault = self.vault()?;
        let ids = if request.ids.is_empty() {
            vault.accounts()?.into_iter().map(|a| a.id).collect()
        } else {
            request
                .ids
                .iter()
                .map(|id| account_id(id))
                .collect::<Result<Vec<_>>>()?
        };
        let words = SheetWords::default();
        let mut accounts = Vec::with_capacity(ids.len());
        for id in &ids {
            accounts.push(vault.sheet_account(id, request.with_recovery, &words)?);
        }
        let sheet_request = SheetRequest {
            profile: self.profile().as_str().to_owned(),
            printed_at: self.now(),
            paper: match request.paper {
                PaperChoice::A4 => Paper::A4,
                PaperChoice::Letter => Paper::Letter,
            },
            accounts,
        };
        let fonts = tessera_fonts::for_characters(&sheet_request.characters(&words));
        let sheet = sheet::render(&sheet_request, &fonts, &words)
            .map_err(|e| Error::internal(e.to_string()))?;
        Ok(PreparedSheet {
            pdf: sheet.pdf,
            pages: sheet.pages,
            accounts: ids.len(),
            with_keys: request.with_recovery,
            missing_glyphs: sheet.missing_glyphs.iter().collect(),
        })
    }

    /// Writes a rendered sheet atomically to `path`, and nowhere else.
    pub fn save_sheet(&self, sheet: PreparedSheet, path: &Path) -> Result<PrintedSheet> {
        tessera_fs::write_atomically(path, &sheet.pdf).map_err(|e| {
            Error::new(
                ErrorKind::FileNotWritten,
                format!("cannot write {}: {e}", path.display()),
            )
        })?;
        *guard(&self.printed) = Some(path.to_path_buf());
        let n = sheet.accounts;
        self.record(
            Event::SheetPrinted,
            None,
            Some(format!(
                "{n} account{}{}",
                if n == 1 { "" } else { "s" },
                if sheet.with_keys { ", with keys" } else { "" }
            )),
        );
        Ok(PrintedSheet {
            path: path.display().to_string(),
            pages: crate::views::small(sheet.pages),
            accounts: crate::views::small(n),
            missing_glyphs: sheet.missing_glyphs,
        })
    }

    /// Renders and writes the sheet (see [`Service::prepare_sheet`]).
    pub fn write_sheet(
        &self,
        request: &PrintRequest,
        path: &Path,
        pin: Option<&str>,
    ) -> Result<PrintedSheet> {
        let sheet = self.prepare_sheet(request, pin)?;
        self.save_sheet(sheet, path)
    }

    /// The sheet written last, if any (for "Open to print").
    pub fn printed_sheet(&self) -> Result<PathBuf> {
        self.authorize(Operation::PrintSheet, None)?;
        guard(&self.printed)
            .clone()
            .ok_or_else(|| Error::invalid("No backup sheet has been saved yet"))
    }
}
