//! An account's backup codes in the vault: the codes live in the account's
//! keychain item (sealed under the PIN when one is set); the index keeps only
//! their count and which are used, tagged with a version so a crash between
//! the two writes can never attach used marks to the wrong codes.

use super::{AccountId, AccountRecord, IndexStore, Payload, SecretStore, Vault, VaultError};
use crate::backup_codes::{same_code, BackupCode, MAX_CODES};
use serde::Serialize;

/// One code and whether it was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupCodeEntry {
    /// The code.
    pub code: BackupCode,
    /// Marked used.
    pub used: bool,
}

/// Counts after a change, for messages ("2 codes left").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BackupSummary {
    /// Codes stored.
    pub total: u32,
    /// Codes not yet used.
    pub remaining: u32,
}

impl BackupSummary {
    /// Two or fewer codes left: time to get new ones from the website.
    pub fn running_low(&self) -> bool {
        self.total > 0 && self.remaining <= 2
    }
}

impl<S: SecretStore, I: IndexStore> Vault<S, I> {
    fn active_record(&self, id: &AccountId) -> Result<AccountRecord, VaultError> {
        self.index
            .load()?
            .get(id)
            .filter(|a| a.state.is_active())
            .cloned()
            .ok_or_else(|| VaultError::NoSuchAccount(id.to_string()))
    }

    /// The account's codes with their used marks.
    pub fn backup_codes(&self, id: &AccountId) -> Result<Vec<BackupCodeEntry>, VaultError> {
        let record = self.active_record(id)?;
        let payload = self.payload(&record)?;
        let current = record.backup.version == payload.backup_version;
        Ok(payload
            .backup_codes
            .iter()
            .enumerate()
            .map(|(i, code)| BackupCodeEntry {
                code: code.clone(),
                used: current && record.backup.used.contains(&(i as u32)),
            })
            .collect())
    }

    /// Replaces the account's codes, or adds to them when `append` (keeping
    /// used marks). Keychain first, then the index.
    pub fn set_backup_codes(
        &self,
        id: &AccountId,
        codes: &[BackupCode],
        append: bool,
    ) -> Result<BackupSummary, VaultError> {
        // Read, change and write the item under the writer lock: another
        // process's change (or a PIN change's re-seal) cannot slip between.
        self.index.update(|index| {
            let record = index
                .get(id)
                .filter(|a| a.state.is_active())
                .cloned()
                .ok_or_else(|| VaultError::NoSuchAccount(id.to_string()))?;
            let old = self.payload(&record)?;
            let kept_marks = append && record.backup.version == old.backup_version;
            let mut all: Vec<BackupCode> = if append {
                old.backup_codes.clone()
            } else {
                Vec::new()
            };
            for code in codes {
                if !all.iter().any(|c| c.canonical() == code.canonical()) {
                    all.push(code.clone());
                }
            }
            if all.len() > MAX_CODES {
                return Err(crate::backup_codes::BackupCodeError::TooMany(all.len()).into());
            }
            let version = old.backup_version.max(record.backup.version) + 1;
            let payload = Payload {
                key: old.key.clone(),
                backup_codes: all,
                backup_version: version,
            };
            self.write_item(index, id, &payload)?;
            let total = payload.backup_codes.len() as u32;
            let entry = index
                .get_mut(id)
                .ok_or_else(|| VaultError::NoSuchAccount(id.to_string()))?;
            let used = if kept_marks {
                entry.backup.used.clone()
            } else {
                Vec::new()
            };
            entry.backup = super::index::BackupState {
                version,
                total,
                used,
            };
            Ok(BackupSummary {
                total,
                remaining: entry.backup.remaining(),
            })
        })
    }

    /// Marks `typed` used (matching ignores case, spaces and dashes).
    pub fn use_backup_code(
        &self,
        id: &AccountId,
        typed: &str,
    ) -> Result<BackupSummary, VaultError> {
        let record = self.active_record(id)?;
        let payload = self.payload(&record)?;
        let position = payload
            .backup_codes
            .iter()
            .position(|c| same_code(c, typed))
            .ok_or(VaultError::NoSuchBackupCode)? as u32;
        let version = payload.backup_version;
        let total = payload.backup_codes.len() as u32;
        self.index.update(|index| {
            let entry = index
                .get_mut(id)
                .ok_or_else(|| VaultError::NoSuchAccount(id.to_string()))?;
            if entry.backup.version != version {
                entry.backup = super::index::BackupState {
                    version,
                    total,
                    used: Vec::new(),
                };
            }
            if entry.backup.used.contains(&position) {
                return Err(VaultError::BackupCodeAlreadyUsed);
            }
            entry.backup.used.push(position);
            entry.backup.total = total;
            Ok(BackupSummary {
                total,
                remaining: entry.backup.remaining(),
            })
        })
    }
}

impl<S: SecretStore, I: IndexStore> Vault<S, I> {
    /// Takes back "used" from the code at `position` (the app's Undo).
    pub fn unuse_backup_code(
        &self,
        id: &AccountId,
        position: u32,
    ) -> Result<BackupSummary, VaultError> {
        self.active_record(id)?;
        self.index.update(|index| {
            let entry = index
                .get_mut(id)
                .ok_or_else(|| VaultError::NoSuchAccount(id.to_string()))?;
            if position >= entry.backup.total {
                return Err(VaultError::NoSuchBackupCode);
            }
            entry.backup.used.retain(|&u| u != position);
            Ok(BackupSummary {
                total: entry.backup.total,
                remaining: entry.backup.remaining(),
            })
        })
    }

    /// What the backup sheet prints for one account: its names and codes and,
    /// only when `with_recovery` is chosen, its setup link and key.
    pub fn sheet_account(
        &self,
        id: &AccountId,
        with_recovery: bool,
        words: &crate::sheet::SheetWords,
    ) -> Result<crate::sheet::SheetAccount, VaultError> {
        let record = self.active_record(id)?;
        let codes = self.backup_codes(id)?;
        let recovery = if with_recovery {
            Some(crate::sheet::Recovery::of(&self.reveal(id)?, words))
        } else {
            None
        };
        Ok(crate::sheet::SheetAccount {
            issuer: record.issuer.clone(),
            name: record.name.clone(),
            codes,
            recovery,
        })
    }
}
