//! An account's one-time backup codes.

use super::{account_id, Service};
use crate::activity::Event;
use crate::error::{Error, Result};
use crate::policy::Operation;
use crate::views::{backup_hint, BackupCodeCopied, BackupCodesView, BackupPreview};
use tessera_core::parse_backup_codes;
use tessera_core::vault::{BackupCodeEntry, BackupSummary};
use zeroize::Zeroizing;

impl Service {
    /// An account's codes, masked.
    pub fn backup_codes(&self, id: &str) -> Result<BackupCodesView> {
        let id = account_id(id)?;
        self.authorize(Operation::ViewBackupCodes, None)?;
        Ok(BackupCodesView::new(&self.vault()?.backup_codes(&id)?))
    }

    /// An account's codes whole, after the PIN is entered again (the CLI's
    /// `backup-codes list`).
    pub fn reveal_backup_codes(&self, id: &str, pin: Option<&str>) -> Result<Vec<BackupCodeEntry>> {
        let id = account_id(id)?;
        self.authorize(Operation::RevealBackupCode, pin)?;
        let entries = self.vault()?.backup_codes(&id)?;
        self.record(
            Event::BackupCodeRevealed,
            self.account_name(&id),
            Some("all".into()),
        );
        Ok(entries)
    }

    /// Parses a pasted block without storing it: how many codes, or which
    /// line is not a code.
    pub fn preview_backup_codes(&self, text: &str) -> Result<BackupPreview> {
        self.authorize(Operation::ChangeBackupCodes, None)?;
        let codes = parse_backup_codes(text).map_err(Error::invalid)?;
        Ok(BackupPreview {
            count: crate::views::small(codes.len()),
            hints: codes.iter().map(backup_hint).collect(),
        })
    }

    /// Stores a pasted block: replaces the codes, or adds to them with `append`.
    pub fn set_backup_codes(&self, id: &str, text: &str, append: bool) -> Result<BackupSummary> {
        let id = account_id(id)?;
        self.authorize(Operation::ChangeBackupCodes, None)?;
        let text = Zeroizing::new(text.to_owned());
        let codes = parse_backup_codes(&text).map_err(Error::invalid)?;
        let summary = self.vault()?.set_backup_codes(&id, &codes, append)?;
        self.changed();
        Ok(summary)
    }

    /// The same, returning the masked list (the app).
    pub fn set_backup_codes_view(
        &self,
        id: &str,
        text: &str,
        append: bool,
    ) -> Result<BackupCodesView> {
        self.set_backup_codes(id, text, append)?;
        self.backup_codes(id)
    }

    /// Marks the code at `index` used.
    pub fn use_backup_code(&self, id: &str, index: u32) -> Result<BackupCodesView> {
        let id_text = id;
        let id = account_id(id)?;
        self.authorize(Operation::ChangeBackupCodes, None)?;
        let vault = self.vault()?;
        let entries = vault.backup_codes(&id)?;
        let entry = entries.get(index as usize).ok_or_else(|| {
            Error::invalid(format!("there is no backup code {}", u64::from(index) + 1))
        })?;
        if !entry.used {
            vault.use_backup_code(&id, entry.code.as_str())?;
            self.record(Event::BackupCodeUsed, self.account_name(&id), None);
            self.changed();
        }
        self.backup_codes(id_text)
    }

    /// Copies the next unused backup code, for signing in with it: the PIN
    /// again on a PIN profile, and the clipboard cleared as after a code.
    /// The code never reaches the caller (only its hint), and it is not
    /// marked used yet: the user says so once the website accepted it.
    pub fn copy_next_backup_code(&self, id: &str, pin: Option<&str>) -> Result<BackupCodeCopied> {
        let id = account_id(id)?;
        self.authorize(Operation::RevealBackupCode, pin)?;
        let clipboard = self
            .clipboard
            .as_ref()
            .ok_or_else(|| Error::internal("there is no clipboard here"))?;
        let entries = self.vault()?.backup_codes(&id)?;
        let (index, entry) = entries
            .iter()
            .enumerate()
            .find(|(_, e)| !e.used)
            .ok_or_else(|| {
                Error::invalid(if entries.is_empty() {
                    "this account has no backup codes: paste the ones the website gave you first"
                } else {
                    "every backup code of this account is used: get new ones from the website"
                })
            })?;
        let seconds = self.settings().clipboard_seconds;
        let delay = (seconds > 0).then(|| std::time::Duration::from_secs(u64::from(seconds)));
        clipboard.copy(&Zeroizing::new(entry.code.as_str().to_owned()), delay)?;
        self.record(
            Event::BackupCodeRevealed,
            self.account_name(&id),
            Some("copied".into()),
        );
        Ok(BackupCodeCopied {
            index: crate::views::small(index),
            hint: backup_hint(&entry.code),
            clear_after_seconds: seconds,
        })
    }

    /// Takes back "used" from the code at `index` (Undo after Mark used).
    /// Not on a shared practice profile: a used mark reaches every desk,
    /// which keep it (a code once typed at a website may not work again).
    pub fn unuse_backup_code(&self, id: &str, index: u32) -> Result<BackupCodesView> {
        let id_text = id;
        let id = account_id(id)?;
        self.authorize(Operation::ChangeBackupCodes, None)?;
        if self.is_shared() {
            return Err(Error::invalid(
                "a backup code marked used on a shared practice stays used on every desk",
            ));
        }
        self.vault()?.unuse_backup_code(&id, index)?;
        self.record(
            Event::BackupCodeUsed,
            self.account_name(&id),
            Some("undone".into()),
        );
        self.changed();
        self.backup_codes(id_text)
    }

    /// Marks a typed code used (the CLI's `backup-codes use`).
    pub fn use_typed_backup_code(&self, id: &str, typed: &str) -> Result<BackupSummary> {
        let id = account_id(id)?;
        self.authorize(Operation::ChangeBackupCodes, None)?;
        let summary = self.vault()?.use_backup_code(&id, typed)?;
        self.record(Event::BackupCodeUsed, self.account_name(&id), None);
        self.changed();
        Ok(summary)
    }
}
