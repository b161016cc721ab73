//! Accounts whole — key, parameters, tags, favourite, backup codes and their
//! used marks — for backups, exports and restores (see [`crate::envelope`]).

use super::{AccountId, IndexStore, SecretStore, Vault, VaultError};
use crate::envelope::BackupEntry;

impl<S: SecretStore, I: IndexStore> Vault<S, I> {
    /// Every account in display order with everything Tessera knows of it.
    /// Needs the keys (the vault unlocked when a PIN is set). One index read
    /// and, where the keychain allows, one keychain read for all.
    pub fn backup_entries(&self) -> Result<Vec<BackupEntry>, VaultError> {
        let records = self.accounts()?;
        let payloads = self.payloads(&records)?;
        let mut entries = Vec::with_capacity(records.len());
        for (record, payload) in records.into_iter().zip(payloads) {
            let payload = payload?;
            let current = record.backup.version == payload.backup_version;
            let used_codes = if current {
                let mut used: Vec<u32> = record
                    .backup
                    .used
                    .iter()
                    .copied()
                    .filter(|&i| (i as usize) < payload.backup_codes.len())
                    .collect();
                used.sort_unstable();
                used
            } else {
                Vec::new()
            };
            entries.push(BackupEntry {
                account: crate::Account {
                    issuer: record.issuer.clone(),
                    name: record.name.clone(),
                    params: record.params,
                    key: payload.key.clone(),
                    image: record.image.clone(),
                },
                tags: record.tags.clone(),
                favourite: record.favourite,
                created: record.created,
                backup_codes: payload.backup_codes.clone(),
                used_codes,
            });
        }
        Ok(entries)
    }

    /// Adds many accounts from a backup or an import at once: one index
    /// write records every intent (with tags, favourite marks and backup-code
    /// state), the keychain items are written, then one index write commits
    /// them. A crash in between is settled by [`Vault::recover`] like any
    /// add: accounts whose item was written stay, the others go.
    pub fn add_entries(
        &self,
        entries: &[(BackupEntry, AccountId)],
        now: u64,
    ) -> Result<Vec<super::AccountRecord>, VaultError> {
        use super::index::{BackupState, RecordState};
        use super::payload::Payload;
        if entries.is_empty() {
            return Ok(Vec::new());
        }
        let pin = self.index.load()?.pin;
        let mut records = Vec::with_capacity(entries.len());
        let mut payloads = Vec::with_capacity(entries.len());
        for (entry, id) in entries {
            if entry.backup_codes.len() > crate::backup_codes::MAX_CODES {
                return Err(crate::backup_codes::BackupCodeError::TooMany(
                    entry.backup_codes.len(),
                )
                .into());
            }
            let has_codes = !entry.backup_codes.is_empty();
            let payload = Payload {
                key: entry.account.key.clone(),
                backup_codes: entry.backup_codes.clone(),
                backup_version: u32::from(has_codes),
            };
            // Refuse early (locked, too large) before anything is written.
            super::check_payload_size(&self.encode_item(&payload, id, pin.as_ref())?)?;
            let mut tags: Vec<String> = Vec::new();
            for tag in entry
                .tags
                .iter()
                .map(|t| t.trim())
                .filter(|t| !t.is_empty())
            {
                if !tags.iter().any(|seen| seen.eq_ignore_ascii_case(tag)) {
                    tags.push(tag.to_owned());
                }
            }
            let mut used: Vec<u32> = entry
                .used_codes
                .iter()
                .copied()
                .filter(|&i| (i as usize) < entry.backup_codes.len())
                .collect();
            used.sort_unstable();
            used.dedup();
            records.push(super::AccountRecord {
                image: entry.account.image.clone(),
                tags,
                favourite: entry.favourite,
                backup: BackupState {
                    version: u32::from(has_codes),
                    total: entry.backup_codes.len() as u32,
                    used,
                },
                state: RecordState::Adding,
                ..super::AccountRecord::new(
                    id.clone(),
                    &entry.account.issuer,
                    &entry.account.name,
                    entry.account.params,
                    if entry.created > 0 {
                        entry.created
                    } else {
                        now
                    },
                )
            });
            payloads.push(payload);
        }
        self.index.update(|index| {
            index.accounts.extend(records.iter().cloned());
            Ok::<_, VaultError>(())
        })?;
        let written = std::cell::Cell::new(0usize);
        let committed = self.index.update(|index| {
            for (record, payload) in records.iter().zip(&payloads) {
                self.write_item(index, &record.id, payload)?;
                written.set(written.get() + 1);
                if let Some(entry) = index.get_mut(&record.id) {
                    entry.state = RecordState::Active;
                }
            }
            Ok::<_, VaultError>(())
        });
        if let Err(err) = committed {
            // Items written stay for `recover` to settle; drop the rest.
            let done: Vec<AccountId> = records[..written.get()]
                .iter()
                .map(|r| r.id.clone())
                .collect();
            let _ = self.index.update(|index| {
                index.accounts.retain(|a| {
                    a.state.is_active()
                        || done.contains(&a.id)
                        || !records.iter().any(|r| r.id == a.id)
                });
                Ok::<_, VaultError>(())
            });
            return Err(err);
        }
        Ok(records
            .into_iter()
            .map(|r| super::AccountRecord {
                state: RecordState::Active,
                ..r
            })
            .collect())
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
