//! The vault: a profile's accounts, with keys in a [`SecretStore`] (the OS
//! keychain) and everything else in an [`IndexStore`] (a file).
//!
//! Consistency rules. Adding records the intent in the index (an invisible
//! `adding` entry, no secret), writes the keychain item, then commits the
//! entry; removing marks the entry `removing`, deletes the item, then drops
//! the entry. [`Vault::recover`] finishes or rolls back whatever a crash
//! interrupted, so an interrupted operation never leaves an orphan item behind
//! and Tessera never has to delete a keychain item it cannot account for
//! (those are only reported by [`Vault::reconcile`]). An account whose item
//! is missing is kept and flagged, never silently dropped. HOTP counters are
//! saved before a code is returned.

mod arrange;
mod backup;
mod entries;
mod index;
mod lockout;
#[cfg(any(test, feature = "test-support"))]
mod memory;
mod payload;
mod pin;
mod profile;
mod records;
mod seal;
mod store;

pub use arrange::{display_order, move_account, rename_account, set_favourite, set_tags};
pub use backup::{BackupCodeEntry, BackupSummary};
pub use index::BackupState;
pub use index::{
    AccountId, AccountRecord, Index, IndexError, IndexStore, Pending, PinRecord, RecordState,
    INDEX_FORMAT, MAX_INDEX_BYTES,
};
pub use lockout::{Lockout, FREE_ATTEMPTS, LOCKOUT_STEPS};
#[cfg(any(test, feature = "test-support"))]
pub use memory::{MemoryIndexStore, MemoryStore};
pub use payload::{Payload, PayloadError, Stored};
pub use pin::{
    check_new_pin, is_reserved_item, PinError, PinState, LOCKOUT_ITEM, MAX_PIN_CHARS, MIN_PIN_CHARS,
};
pub use profile::{ProfileName, ProfileNameError};
pub use records::{BACKUP_KEY_RECORD, SEALED_RECORDS, SHARE_IDENTITY_RECORD};
pub(crate) use seal::derive as argon2id_key;
pub use seal::{Entropy, KdfParams, Kek, Keyset, SealError};
pub use store::{check_payload_size, SecretStore, StoreError, MAX_PAYLOAD_BYTES};

use crate::account::Account;
use crate::otp::{self, CodeAt, OtpParams};
use seal::Sealed;
use serde::Serialize;
use std::sync::{Arc, Mutex};
use zeroize::Zeroizing;

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
    /// A PIN is set and the vault is locked.
    #[error("the vault is locked: unlock it with your PIN")]
    Locked,
    /// The PIN did not match.
    #[error("wrong PIN{}", lockout_text(*.lockout_seconds))]
    WrongPin {
        /// Wrong attempts since the last correct PIN.
        failures: u32,
        /// Seconds before the next attempt is allowed (0 if none).
        lockout_seconds: u64,
    },
    /// Too many wrong PINs: wait.
    #[error("too many wrong PINs: try again in {}", human_seconds(*.0))]
    LockedOut(u64),
    /// No PIN is set.
    #[error("no PIN is set for this profile")]
    NoPin,
    /// A PIN is already set (use change-pin).
    #[error("a PIN is already set for this profile: use change-pin")]
    PinAlreadySet,
    /// This profile requires a PIN (shared desk).
    #[error("this is a shared-desk profile: its PIN cannot be removed")]
    PinRequired,
    /// The new PIN is not acceptable.
    #[error(transparent)]
    Pin(#[from] PinError),
    /// Sealed data could not be opened or written.
    #[error(transparent)]
    Seal(#[from] SealError),
    /// A pasted block of backup codes was refused.
    #[error(transparent)]
    BackupCodes(#[from] crate::backup_codes::BackupCodeError),
    /// A keychain item could not be written out (should not happen).
    #[error("a keychain item could not be written: {0}")]
    ItemUnwritable(#[from] PayloadError),
    /// The PIN was changed by another process after this one unlocked.
    #[error("the PIN was changed meanwhile (in another Tessera window or command): unlock again")]
    KeysOutdated,
    /// Something that should not fail did (the message says what).
    #[error("{0}")]
    Internal(String),
    /// No stored backup code matches.
    #[error("that is not one of this account's backup codes")]
    NoSuchBackupCode,
    /// The code was already marked used.
    #[error("that backup code was already used")]
    BackupCodeAlreadyUsed,
}

fn lockout_text(seconds: u64) -> String {
    if seconds == 0 {
        String::new()
    } else {
        format!(
            "; too many wrong PINs: try again in {}",
            human_seconds(seconds)
        )
    }
}

fn human_seconds(seconds: u64) -> String {
    if seconds >= 120 {
        format!("{} minutes", seconds.div_ceil(60))
    } else {
        format!("{seconds} seconds")
    }
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

/// Each time-based account with its current code, or why it has none.
pub type CurrentCodes = Vec<(AccountRecord, Result<CodeAt, VaultError>)>;

/// A profile's accounts, backed by a keychain and an index store. When a PIN
/// is set, the unlocked vault keys are held here and wiped by [`Vault::forget_keys`]
/// and on drop.
pub struct Vault<S, I> {
    store: S,
    index: I,
    namespace: String,
    entropy: Arc<dyn Entropy + Send + Sync>,
    keys: Mutex<Option<Keyset>>,
}

impl<S, I> std::fmt::Debug for Vault<S, I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("namespace", &self.namespace)
            .finish_non_exhaustive()
    }
}

impl<S: SecretStore, I: IndexStore> Vault<S, I> {
    /// Opens a profile's vault, locked. Does not touch the keychain yet.
    /// `entropy` supplies nonces, salts and keys.
    pub fn open(
        store: S,
        index: I,
        profile: &ProfileName,
        entropy: Arc<dyn Entropy + Send + Sync>,
    ) -> Self {
        Self {
            store,
            index,
            namespace: profile.keychain_service(),
            entropy,
            keys: Mutex::new(None),
        }
    }

    /// Associated data binding a sealed item to this profile and account.
    fn item_aad(&self, id: &AccountId) -> String {
        format!("{}/{}", self.namespace, id)
    }

    /// Decodes an item's text, opening it with the unlocked keys if sealed.
    fn decode_item(&self, text: &str, record: &AccountRecord) -> Result<Payload, VaultError> {
        let name = || record.display_name();
        match Stored::decode(text).map_err(|source| VaultError::Payload {
            name: name(),
            source,
        })? {
            Stored::Clear(payload) => Ok(payload),
            Stored::Sealed(sealed) => {
                let guard = self.keys.lock().map_err(|_| VaultError::Locked)?;
                let keys = guard.as_ref().ok_or(VaultError::Locked)?;
                if keys
                    .newest()
                    .is_some_and(|newest| sealed.generation > newest)
                {
                    // Sealed by a newer key than this process unlocked: the
                    // PIN was changed elsewhere.
                    return Err(VaultError::KeysOutdated);
                }
                let plain = sealed.open(keys, &self.item_aad(&record.id))?;
                let text = std::str::from_utf8(&plain).map_err(|_| VaultError::Payload {
                    name: name(),
                    source: PayloadError::Malformed,
                })?;
                Payload::decode(text).map_err(|source| VaultError::Payload {
                    name: name(),
                    source,
                })
            }
        }
    }

    /// The item text for a payload under PIN record `pin` (sealed with its
    /// generation when a PIN is set). A generation this process has no key
    /// for means the PIN was changed elsewhere: [`VaultError::KeysOutdated`].
    fn encode_item(
        &self,
        payload: &Payload,
        id: &AccountId,
        pin: Option<&PinRecord>,
    ) -> Result<Zeroizing<String>, VaultError> {
        let clear = payload.encode(id.as_str())?;
        match pin {
            Some(pin) if pin.pending != Some(Pending::Unseal) => {
                let guard = self.keys.lock().map_err(|_| VaultError::Locked)?;
                let keys = guard.as_ref().ok_or(VaultError::Locked)?;
                if !keys.has(pin.generation) {
                    return Err(VaultError::KeysOutdated);
                }
                let sealed = Sealed::seal(
                    keys,
                    pin.generation,
                    &self.item_aad(id),
                    clear.as_bytes(),
                    &*self.entropy,
                )?;
                Ok(payload::encode_sealed(id.as_str(), &sealed)?)
            }
            _ => Ok(clear),
        }
    }

    /// Writes an account's keychain item, sealed under the generation the
    /// index names *while its writer lock is held*, so the write cannot fall
    /// between a PIN change's re-seal and the dropping of the old key.
    fn write_item(
        &self,
        index: &Index,
        id: &AccountId,
        payload: &Payload,
    ) -> Result<(), VaultError> {
        let text = self.encode_item(payload, id, index.pin.as_ref())?;
        check_payload_size(&text)?;
        self.store.put(&self.namespace, id.as_str(), &text)?;
        Ok(())
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

    /// All accounts, in display order: favourites first (not those being
    /// added or removed).
    pub fn accounts(&self) -> Result<Vec<AccountRecord>, VaultError> {
        Ok(display_order(
            self.index
                .load()?
                .accounts
                .into_iter()
                .filter(|a| a.state.is_active())
                .collect(),
        ))
    }

    /// Accounts whose issuer or name contains `query` (case-insensitive).
    pub fn find(&self, query: &str) -> Result<Vec<AccountRecord>, VaultError> {
        Ok(self
            .accounts()?
            .into_iter()
            .filter(|a| a.matches(query))
            .collect())
    }

    /// Adds an account: an `adding` index entry, then the keychain item, then
    /// the entry is committed (see the module docs). `id` comes from the
    /// caller's random source; `now` is the Unix time.
    pub fn add(
        &self,
        account: &Account,
        id: AccountId,
        now: u64,
    ) -> Result<AccountRecord, VaultError> {
        let payload = Payload::new(account.key.clone());
        // Refuse early (locked, too large) before anything is written.
        let pin = self.index.load()?.pin;
        check_payload_size(&self.encode_item(&payload, &id, pin.as_ref())?)?;
        let mut record = AccountRecord {
            image: account.image.clone(),
            state: RecordState::Adding,
            ..AccountRecord::new(
                id.clone(),
                &account.issuer,
                &account.name,
                account.params,
                now,
            )
        };
        self.index.update(|index| {
            index.accounts.push(record.clone());
            Ok::<_, VaultError>(())
        })?;
        record.state = RecordState::Active;
        let written = std::cell::Cell::new(false);
        let committed = self.index.update(|index| {
            self.write_item(index, &id, &payload)?;
            written.set(true);
            // Upsert: a concurrent `recover` may have dropped the entry meanwhile.
            match index.get_mut(&id) {
                Some(entry) => entry.state = RecordState::Active,
                None => index.accounts.push(record.clone()),
            }
            Ok::<_, VaultError>(())
        });
        if let Err(err) = committed {
            // With the item written, the `adding` entry stays for `recover`
            // to settle; without it, the entry goes.
            if !written.get() {
                let _ = self.index.update(|index| {
                    index.accounts.retain(|a| a.id != id);
                    Ok::<_, VaultError>(())
                });
            }
            return Err(err);
        }
        Ok(record)
    }

    /// Removes an account: marks its entry `removing`, deletes the keychain
    /// item, then drops the entry.
    pub fn remove(&self, id: &AccountId) -> Result<AccountRecord, VaultError> {
        let removed = self.index.update(|index| {
            let entry = index
                .get_mut(id)
                .filter(|a| a.state.is_active())
                .ok_or_else(|| VaultError::NoSuchAccount(id.to_string()))?;
            entry.state = RecordState::Removing;
            Ok::<_, VaultError>(entry.clone())
        })?;
        if let Err(err) = self.store.delete(&self.namespace, id.as_str()) {
            // Nothing was deleted: the account stays as it was.
            let _ = self.index.update(|index| {
                if let Some(entry) = index.get_mut(id) {
                    entry.state = RecordState::Active;
                }
                Ok::<_, VaultError>(())
            });
            return Err(err.into());
        }
        self.index.update(|index| {
            index.accounts.retain(|a| &a.id != id);
            Ok::<_, VaultError>(())
        })?;
        Ok(AccountRecord {
            state: RecordState::Active,
            ..removed
        })
    }

    /// Finishes or rolls back adds and removes that a crash interrupted: an
    /// `adding` entry whose item exists becomes a normal account, one without
    /// is dropped; a `removing` entry has its item deleted and is dropped.
    /// Returns how many entries were settled.
    pub fn recover(&self) -> Result<usize, VaultError> {
        let index = self.index.load()?;
        let unsettled: Vec<AccountRecord> = index
            .accounts
            .into_iter()
            .filter(|a| !a.state.is_active())
            .collect();
        for record in &unsettled {
            let keep = match record.state {
                RecordState::Adding => self
                    .store
                    .get(&self.namespace, record.id.as_str())?
                    .is_some(),
                RecordState::Removing => {
                    self.store.delete(&self.namespace, record.id.as_str())?;
                    false
                }
                RecordState::Active => true,
            };
            self.index.update(|index| {
                if keep {
                    if let Some(entry) = index.get_mut(&record.id) {
                        entry.state = RecordState::Active;
                    }
                } else {
                    index
                        .accounts
                        .retain(|a| a.id != record.id || a.state.is_active());
                }
                Ok::<_, VaultError>(())
            })?;
        }
        Ok(unsettled.len())
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
        self.decode_item(&text, record)
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
        let update = self.index.update(|index| {
            let entry = index
                .get_mut(id)
                .ok_or_else(|| VaultError::NoSuchAccount(id.to_string()))?;
            let used = entry.params;
            if let OtpParams::Hotp { counter, .. } = &mut entry.params {
                *counter = counter.saturating_add(1);
            }
            entry.last_used = Some(now);
            Ok::<_, VaultError>(used)
        });
        let params = match update {
            Ok(params) => params,
            // A time-based code does not depend on the write (only "last
            // used" does): a full or read-only disk still shows it. A
            // counter must be saved before its code is shown, never reused.
            Err(_) if !matches!(record.params, OtpParams::Hotp { .. }) => record.params,
            Err(e) => return Err(e),
        };
        Ok(otp::code_at(&params, &payload.key, now))
    }

    /// Every item of the namespace by account id, in one read, when the
    /// keychain offers that and every item names its account; `None` means
    /// "read them one by one".
    fn items_by_id(
        &self,
    ) -> Result<Option<std::collections::HashMap<String, Zeroizing<String>>>, VaultError> {
        let Some(texts) = self.store.get_all(&self.namespace)? else {
            return Ok(None);
        };
        Ok(texts
            .into_iter()
            .filter(|t| !payload::is_reserved_text(t))
            .map(|t| payload::item_id(&t).map(|id| (id, t)))
            .collect())
    }

    /// The payloads of `records`, read in one batch where possible.
    pub(super) fn payloads(
        &self,
        records: &[AccountRecord],
    ) -> Result<Vec<Result<Payload, VaultError>>, VaultError> {
        let batch = self.items_by_id()?;
        Ok(records
            .iter()
            .map(|record| match &batch {
                Some(items) => match items.get(record.id.as_str()) {
                    Some(text) => self.decode_item(text, record),
                    None => Err(VaultError::SecretMissing(record.display_name())),
                },
                None => self.payload(record),
            })
            .collect())
    }

    /// Current codes of every time-based account, without changing anything.
    /// HOTP accounts are skipped (their codes are produced on request only).
    pub fn current_codes(&self, now: u64) -> Result<CurrentCodes, VaultError> {
        let accounts: Vec<AccountRecord> = self
            .accounts()?
            .into_iter()
            .filter(|a| a.params.period().is_some())
            .collect();
        let payloads = self.payloads(&accounts)?;
        Ok(accounts
            .into_iter()
            .zip(payloads)
            .map(|(record, payload)| {
                let code = payload.map(|p| otp::code_at(&record.params, &p.key, now));
                (record, code)
            })
            .collect())
    }

    /// Settles interrupted operations ([`Vault::recover`]), then compares the
    /// index with the keychain. Never deletes an item it cannot account for.
    pub fn reconcile(&self) -> Result<ReconcileReport, VaultError> {
        self.recover()?;
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
                        .filter(|i| !is_reserved_item(i))
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
