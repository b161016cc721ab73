//! Accounts whole — key, parameters, tags, favourite, backup codes and their
//! used marks — for backups, exports and restores (see [`crate::envelope`]).

use super::{AccountId, IndexStore, SecretStore, Vault, VaultError};
use crate::envelope::BackupEntry;

impl<S: SecretStore, I: IndexStore> Vault<S, I> {
    /// Every account in display order with everything Tessera knows of it.
    /// Needs the keys (the vault unlocked when a PIN is set).
    pub fn backup_entries(&self) -> Result<Vec<BackupEntry>, VaultError> {
        let mut entries = Vec::new();
        for record in self.accounts()? {
            let account = self.reveal(&record.id)?;
            let codes = self.backup_codes(&record.id)?;
            entries.push(BackupEntry {
                account,
                tags: record.tags.clone(),
                favourite: record.favourite,
                created: record.created,
                backup_codes: codes.iter().map(|c| c.code.clone()).collect(),
                used_codes: codes
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.used)
                    .map(|(i, _)| i as u32)
                    .collect(),
            });
        }
        Ok(entries)
    }

    /// Adds an account from a backup with its tags, favourite mark, backup
    /// codes and used marks. The add itself is crash-safe as any add; the
    /// rest follows it (a crash between leaves the account without them).
    pub fn add_entry(
        &self,
        entry: &BackupEntry,
        id: AccountId,
        now: u64,
    ) -> Result<super::AccountRecord, VaultError> {
        let record = self.add(&entry.account, id, now)?;
        if !entry.tags.is_empty() {
            super::set_tags(&self.index, &record.id, &entry.tags)?;
        }
        if entry.favourite {
            super::set_favourite(&self.index, &record.id, true)?;
        }
        if !entry.backup_codes.is_empty() {
            self.set_backup_codes(&record.id, &entry.backup_codes, false)?;
            for &position in &entry.used_codes {
                if let Some(code) = entry.backup_codes.get(position as usize) {
                    match self.use_backup_code(&record.id, code.as_str()) {
                        Ok(_) | Err(VaultError::BackupCodeAlreadyUsed) => {}
                        Err(other) => return Err(other),
                    }
                }
            }
        }
        let index = self.index.load()?;
        index
            .get(&record.id)
            .cloned()
            .ok_or_else(|| VaultError::NoSuchAccount(record.id.to_string()))
    }
}
