//! The vault: a profile's accounts, with keys in a [`SecretStore`] (the OS
//! keychain) and everything else in an [`IndexStore`] (a file).
//!
//! Consistency rules: adding writes the keychain item first, then the index;
//! removing does the reverse. A crash between the two leaves at worst an
//! orphan keychain item, which [`Vault::reconcile`] reports; an index entry is
//! never silently dropped. HOTP counters are saved before a code is returned.

mod index;
mod payload;
mod profile;
mod store;

pub use index::{
    AccountId, AccountRecord, Index, IndexError, IndexStore, MemoryIndexStore, INDEX_FORMAT,
};
pub use payload::{Payload, PayloadError};
pub use profile::{ProfileName, ProfileNameError};
pub use store::{check_payload_size, MemoryStore, SecretStore, StoreError, MAX_PAYLOAD_BYTES};

use crate::account::Account;
use crate::otp::{self, CodeAt, OtpParams};
use serde::Serialize;

/// Why a vault operation failed. Every variant leaves stored data unchanged
/// unless its message says otherwise.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VaultError {
    /// The keychain refused or is unreachable.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The index file could not be read or written.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// The account's keychain item is gone (deleted by another program?).
    #[error("the key of {0} is missing from the keychain; the account is kept so you can re-add its key")]
    SecretMissing(String),
    /// The account's keychain item is unreadable.
    #[error("the keychain item of {name} cannot be read: {source}")]
    Payload {
        /// Which account.
        name: String,
        /// What is wrong.
        source: PayloadError,
    },
    /// No account with that id.
    #[error("no account with id {0}")]
    NoSuchAccount(String),
}

/// Result of comparing the index with the keychain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReconcileReport {
    /// Accounts whose keychain item is missing (kept, flagged).
    pub missing_secrets: Vec<AccountId>,
    /// Keychain items in this profile's namespace that no account refers to.
    /// `None` when the keychain cannot list its items.
    pub orphan_items: Option<Vec<String>>,
}

impl ReconcileReport {
    /// Nothing to report.
    pub fn is_clean(&self) -> bool {
        self.missing_secrets.is_empty()
            && self
                .orphan_items
                .as_ref()
                .is_none_or(|orphans| orphans.is_empty())
    }
}

/// Changes an account's issuer and/or name. Touches only the index, so it
/// works while the keychain is locked or unavailable.
pub fn rename_account(
    index: &impl IndexStore,
    id: &AccountId,
    issuer: Option<&str>,
    name: Option<&str>,
) -> Result<AccountRecord, VaultError> {
    index.update(|index| {
        let record = index
            .get_mut(id)
            .ok_or_else(|| VaultError::NoSuchAccount(id.to_string()))?;
        if let Some(issuer) = issuer {
            record.issuer = issuer.trim().to_owned();
        }
        if let Some(name) = name {
            record.name = name.trim().to_owned();
        }
        Ok(record.clone())
    })
}

/// Each time-based account with its current code, or why it has none.
pub type CurrentCodes = Vec<(AccountRecord, Result<CodeAt, VaultError>)>;

/// A profile's accounts, backed by a keychain and an index store.
#[derive(Debug)]
pub struct Vault<S, I> {
    store: S,
    index: I,
    namespace: String,
}

impl<S: SecretStore, I: IndexStore> Vault<S, I> {
    /// Opens a profile's vault. Does not touch the keychain yet.
    pub fn open(store: S, index: I, profile: &ProfileName) -> Self {
        Self {
            store,
            index,
            namespace: profile.keychain_service(),
        }
    }

    /// The keychain service name items are stored under.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The keychain in use.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The index store in use.
    pub fn index_store(&self) -> &I {
        &self.index
    }

    /// All accounts, in display order.
    pub fn accounts(&self) -> Result<Vec<AccountRecord>, VaultError> {
        Ok(self.index.load()?.accounts)
    }

    /// Accounts whose issuer or name contains `query` (case-insensitive).
    pub fn find(&self, query: &str) -> Result<Vec<AccountRecord>, VaultError> {
        Ok(self
            .accounts()?
            .into_iter()
            .filter(|a| a.matches(query))
            .collect())
    }

    /// Adds an account: keychain item first, then the index entry. `id` comes
    /// from the caller's random source; `now` is the Unix time.
    pub fn add(
        &self,
        account: &Account,
        id: AccountId,
        now: u64,
    ) -> Result<AccountRecord, VaultError> {
        let payload = Payload {
            key: account.key.clone(),
        }
        .encode();
        check_payload_size(&payload)?;
        self.store.put(&self.namespace, id.as_str(), &payload)?;
        let record = AccountRecord {
            id: id.clone(),
            issuer: account.issuer.clone(),
            name: account.name.clone(),
            params: account.params,
            tags: Vec::new(),
            created: now,
            last_used: None,
            image: account.image.clone(),
        };
        let saved = self.index.update(|index| {
            index.accounts.push(record.clone());
            Ok::<_, VaultError>(())
        });
        if let Err(err) = saved {
            // Undo the keychain write so a failed add leaves nothing behind.
            let _ = self.store.delete(&self.namespace, id.as_str());
            return Err(err);
        }
        Ok(record)
    }

    /// Removes an account: index entry first, then the keychain item.
    pub fn remove(&self, id: &AccountId) -> Result<AccountRecord, VaultError> {
        let removed = self.index.update(|index| {
            let pos = index
                .accounts
                .iter()
                .position(|a| &a.id == id)
                .ok_or_else(|| VaultError::NoSuchAccount(id.to_string()))?;
            Ok::<_, VaultError>(index.accounts.remove(pos))
        })?;
        self.store.delete(&self.namespace, id.as_str())?;
        Ok(removed)
    }

    /// Changes an account's issuer and/or name (see [`rename_account`]).
    pub fn rename(
        &self,
        id: &AccountId,
        issuer: Option<&str>,
        name: Option<&str>,
    ) -> Result<AccountRecord, VaultError> {
        rename_account(&self.index, id, issuer, name)
    }

    /// Reads an account's key from the keychain.
    fn payload(&self, record: &AccountRecord) -> Result<Payload, VaultError> {
        let text = self
            .store
            .get(&self.namespace, record.id.as_str())?
            .ok_or_else(|| VaultError::SecretMissing(record.display_name()))?;
        Payload::decode(&text).map_err(|source| VaultError::Payload {
            name: record.display_name(),
            source,
        })
    }

    /// The account's key and parameters as a full [`Account`] (for export and
    /// re-display after re-authentication).
    pub fn reveal(&self, id: &AccountId) -> Result<Account, VaultError> {
        let index = self.index.load()?;
        let record = index
            .get(id)
            .ok_or_else(|| VaultError::NoSuchAccount(id.to_string()))?;
        let payload = self.payload(record)?;
        Ok(Account {
            issuer: record.issuer.clone(),
            name: record.name.clone(),
            params: record.params,
            key: payload.key.clone(),
            image: record.image.clone(),
        })
    }

    /// The code for an account at `now`. For HOTP the counter is advanced and
    /// saved *before* the code is returned, so a crash never reuses a code.
    pub fn code(&self, id: &AccountId, now: u64) -> Result<CodeAt, VaultError> {
        let record = self
            .index
            .load()?
            .get(id)
            .cloned()
            .ok_or_else(|| VaultError::NoSuchAccount(id.to_string()))?;
        let payload = self.payload(&record)?;
        let params = self.index.update(|index| {
            let entry = index
                .get_mut(id)
                .ok_or_else(|| VaultError::NoSuchAccount(id.to_string()))?;
            let used = entry.params;
            if let OtpParams::Hotp { counter, .. } = &mut entry.params {
                *counter = counter.saturating_add(1);
            }
            entry.last_used = Some(now);
            Ok::<_, VaultError>(used)
        })?;
        Ok(otp::code_at(&params, &payload.key, now))
    }

    /// Current codes of every time-based account, without changing anything.
    /// HOTP accounts are skipped (their codes are produced on request only).
    pub fn current_codes(&self, now: u64) -> Result<CurrentCodes, VaultError> {
        let index = self.index.load()?;
        Ok(index
            .accounts
            .into_iter()
            .filter(|a| a.params.period().is_some())
            .map(|record| {
                let code = self
                    .payload(&record)
                    .map(|p| otp::code_at(&record.params, &p.key, now));
                (record, code)
            })
            .collect())
    }

    /// Compares the index with the keychain. Never deletes anything.
    pub fn reconcile(&self) -> Result<ReconcileReport, VaultError> {
        let index = self.index.load()?;
        let listed = self.store.list(&self.namespace)?;
        let mut report = ReconcileReport::default();
        match &listed {
            Some(ids) => {
                for account in &index.accounts {
                    if !ids.iter().any(|i| i == account.id.as_str()) {
                        report.missing_secrets.push(account.id.clone());
                    }
                }
                report.orphan_items = Some(
                    ids.iter()
                        .filter(|i| index.accounts.iter().all(|a| a.id.as_str() != i.as_str()))
                        .cloned()
                        .collect(),
                );
            }
            None => {
                for account in &index.accounts {
                    if self
                        .store
                        .get(&self.namespace, account.id.as_str())?
                        .is_none()
                    {
                        report.missing_secrets.push(account.id.clone());
                    }
                }
            }
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests;
