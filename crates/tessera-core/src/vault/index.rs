//! The index: everything about a profile's accounts except their keys —
//! names, OTP parameters, HOTP counters, order, tags, timestamps. Stored as
//! JSON by an [`IndexStore`]; never holds a secret.

use super::lockout::Lockout;
use super::seal::PinSlot;
use crate::otp::OtpParams;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Version of the index format written by this build.
pub const INDEX_FORMAT: u32 = 1;

/// Largest index read or written, in bytes (checked before parsing, and
/// before a change is saved): about 9,000 accounts. A file larger than this
/// was not written by Tessera, so it is treated as damaged and never parsed.
pub const MAX_INDEX_BYTES: usize = 4 * 1024 * 1024;

fn mib(bytes: u64) -> String {
    let tenths = bytes.saturating_mul(10) / (1024 * 1024);
    format!("{}.{} MiB", tenths / 10, tenths % 10)
}

/// An account's stable identifier: a UUID, also the keychain item's user name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AccountId(String);

impl AccountId {
    /// A version-4 UUID built from 16 random bytes supplied by the caller.
    pub fn from_random_bytes(mut bytes: [u8; 16]) -> Self {
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Self(format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        ))
    }

    /// A fresh random id from `entropy`.
    pub fn generate(entropy: &dyn super::Entropy) -> Result<Self, super::SealError> {
        let mut bytes = [0u8; 16];
        entropy.fill(&mut bytes)?;
        Ok(Self::from_random_bytes(bytes))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `text` is a UUID as this type writes them.
    pub fn parse(text: &str) -> Option<Self> {
        let ok = text.len() == 36
            && text.char_indices().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => c == '-',
                _ => c.is_ascii_hexdigit() && !c.is_ascii_uppercase(),
            });
        ok.then(|| Self(text.to_owned()))
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One account in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRecord {
    /// Stable id; the keychain item's user name.
    pub id: AccountId,
    /// Issuer, possibly empty.
    pub issuer: String,
    /// Account name, possibly empty.
    pub name: String,
    /// How codes are made; for HOTP, `counter` is the next code's counter.
    pub params: OtpParams,
    /// Free-form labels.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Pinned to the top of the list.
    #[serde(default, skip_serializing_if = "is_false")]
    pub favourite: bool,
    /// Unix time the account was added.
    pub created: u64,
    /// Unix time a code was last produced, if ever.
    #[serde(default)]
    pub last_used: Option<u64>,
    /// Logo URL from the setup link (never fetched).
    #[serde(default)]
    pub image: Option<String>,
    /// Backup codes: how many, and which are used (the codes are in the keychain).
    #[serde(default, skip_serializing_if = "BackupState::is_empty")]
    pub backup: BackupState,
    /// Whether an add or remove of this account is still in progress.
    #[serde(default, skip_serializing_if = "RecordState::is_active")]
    pub state: RecordState,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// What the index knows of an account's backup codes (never the codes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupState {
    /// Matches the keychain payload's `backup_version` when `used` is current.
    pub version: u32,
    /// How many codes are stored.
    pub total: u32,
    /// Positions of the codes marked used.
    pub used: Vec<u32>,
}

impl BackupState {
    /// No codes stored.
    pub fn is_empty(&self) -> bool {
        self.total == 0 && self.version == 0
    }

    /// Codes not yet used.
    pub fn remaining(&self) -> u32 {
        self.total.saturating_sub(self.used.len() as u32)
    }
}

/// Progress of an account's add or remove; see [`super::Vault::recover`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordState {
    /// A normal, visible account.
    #[default]
    Active,
    /// Being added: its keychain item may not be written yet.
    Adding,
    /// Being removed: its keychain item may still exist.
    Removing,
}

impl RecordState {
    /// True for [`RecordState::Active`].
    pub fn is_active(&self) -> bool {
        *self == Self::Active
    }
}

impl AccountRecord {
    /// A new, active account entry with no tags, backup codes or use yet.
    pub fn new(id: AccountId, issuer: &str, name: &str, params: OtpParams, created: u64) -> Self {
        Self {
            id,
            issuer: issuer.to_owned(),
            name: name.to_owned(),
            params,
            tags: Vec::new(),
            favourite: false,
            created,
            last_used: None,
            image: None,
            backup: BackupState::default(),
            state: RecordState::Active,
        }
    }

    /// "Issuer (name)" or whichever part exists, for messages and lists.
    pub fn display_name(&self) -> String {
        match (self.issuer.is_empty(), self.name.is_empty()) {
            (false, false) => format!("{} ({})", self.issuer, self.name),
            (false, true) => self.issuer.clone(),
            (true, false) => self.name.clone(),
            (true, true) => format!("unnamed account {}", self.id),
        }
    }

    /// Whether a case-insensitive substring query matches the issuer or name.
    pub fn matches(&self, query: &str) -> bool {
        let q = query.trim().to_lowercase();
        q.is_empty()
            || self.issuer.to_lowercase().contains(&q)
            || self.name.to_lowercase().contains(&q)
            || format!("{}:{}", self.issuer, self.name)
                .to_lowercase()
                .contains(&q)
    }
}

/// A profile's index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    /// Format version ([`INDEX_FORMAT`]).
    pub format: u32,
    /// Accounts in display order.
    pub accounts: Vec<AccountRecord>,
    /// PIN protection, when a PIN is set (stored as `lock` in the file).
    #[serde(default, rename = "lock", skip_serializing_if = "Option::is_none")]
    pub pin: Option<PinRecord>,
    /// Wrong-PIN accounting.
    #[serde(default)]
    pub lockout: Lockout,
    /// PIN required (shared front-desk PCs).
    #[serde(default)]
    pub shared_desk: bool,
}

impl Default for Index {
    fn default() -> Self {
        Self {
            format: INDEX_FORMAT,
            accounts: Vec::new(),
            pin: None,
            lockout: Lockout::default(),
            shared_desk: false,
        }
    }
}

/// What is in progress when a PIN change was interrupted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pending {
    /// Items are being sealed with the current generation's key.
    Seal,
    /// Items are being written back in the clear (PIN being removed).
    Unseal,
}

/// PIN protection: the vault keys wrapped under one or two PINs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinRecord {
    /// One slot per PIN that opens the keys (two while a change is in progress).
    pub slots: Vec<PinSlot>,
    /// The key generation items are sealed with.
    pub generation: u32,
    /// Set while items are being re-sealed; finished on the next unlock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Pending>,
}

/// Why the index could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IndexError {
    /// The file exists but is not a valid index (all rotated copies were
    /// tried); also a file larger than [`MAX_INDEX_BYTES`], which is not parsed.
    #[error("the account list {location} is damaged: {detail}")]
    Corrupt {
        /// Where it is.
        location: String,
        /// What is wrong.
        detail: String,
    },
    /// Written by a newer Tessera.
    #[error("the account list was written by a newer Tessera (format {0}); update Tessera")]
    TooNew(u32),
    /// Reading or writing failed (disk full, permissions, …). Nothing was changed.
    #[error("the account list could not be saved or read: {0}")]
    Io(String),
    /// A change would make the index larger than [`MAX_INDEX_BYTES`]; nothing was changed.
    #[error("the account list would grow to {}, more than the {} it can be: nothing was changed (remove accounts, or shorten their names and tags)", mib(*.0), mib(MAX_INDEX_BYTES as u64))]
    Full(u64),
    /// `index.json` is a symbolic link, which Tessera does not follow.
    #[error("the account list {0} is a symbolic link; Tessera reads and writes only a file of its own there: move the file it points to into its place (nothing was changed)")]
    Link(String),
}

impl IndexError {
    /// An index file of `bytes` bytes, more than [`MAX_INDEX_BYTES`]: damaged,
    /// and not parsed.
    pub fn too_large(location: &str, bytes: u64) -> Self {
        IndexError::Corrupt {
            location: location.to_owned(),
            detail: format!(
                "it is {}, more than the {} an account list can be, so it was not read",
                mib(bytes),
                mib(MAX_INDEX_BYTES as u64)
            ),
        }
    }
}

impl Index {
    /// Parses an index file's bytes (at most [`MAX_INDEX_BYTES`]; JSON nesting
    /// is bounded by serde_json's recursion limit of 128).
    pub fn from_json(bytes: &[u8], location: &str) -> Result<Self, IndexError> {
        if bytes.len() > MAX_INDEX_BYTES {
            return Err(IndexError::too_large(location, bytes.len() as u64));
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(IndexError::Corrupt {
                location: location.to_owned(),
                detail: format!("the file is empty ({} bytes)", bytes.len()),
            });
        }
        let index: Index = serde_json::from_slice(bytes).map_err(|e| IndexError::Corrupt {
            location: location.to_owned(),
            detail: e.to_string(),
        })?;
        if index.format > INDEX_FORMAT {
            return Err(IndexError::TooNew(index.format));
        }
        for account in &index.accounts {
            account.params.validate().map_err(|e| IndexError::Corrupt {
                location: location.to_owned(),
                detail: format!("account {}: {e}", account.id),
            })?;
        }
        Ok(index)
    }

    /// The index as pretty JSON bytes; [`IndexError::Full`] beyond [`MAX_INDEX_BYTES`].
    pub fn to_json(&self) -> Result<Vec<u8>, IndexError> {
        let bytes = serde_json::to_vec_pretty(self).map_err(|e| {
            IndexError::Io(format!("the account list could not be written out: {e}"))
        })?;
        if bytes.len() > MAX_INDEX_BYTES {
            return Err(IndexError::Full(bytes.len() as u64));
        }
        Ok(bytes)
    }

    /// The account with this id.
    pub fn get(&self, id: &AccountId) -> Option<&AccountRecord> {
        self.accounts.iter().find(|a| &a.id == id)
    }

    /// The account with this id, mutably.
    pub fn get_mut(&mut self, id: &AccountId) -> Option<&mut AccountRecord> {
        self.accounts.iter_mut().find(|a| &a.id == id)
    }
}

/// Durable storage for one profile's index. Implementations write atomically
/// and serialise concurrent writers (the app and the CLI may run together).
pub trait IndexStore {
    /// The current index (an empty one if none was saved yet).
    fn load(&self) -> Result<Index, IndexError>;
    /// Loads the latest index under an exclusive lock, applies `change`, and
    /// saves it atomically if `change` returns `Ok`. On `Err` nothing is written.
    fn update<T, E: From<IndexError>>(
        &self,
        change: impl FnOnce(&mut Index) -> Result<T, E>,
    ) -> Result<T, E>;
    /// Loads the latest index under the exclusive writer lock and runs `f`
    /// while holding it, saving nothing: for keychain writes that must not
    /// interleave with a PIN change's re-seal.
    fn with_writer_lock<T, E: From<IndexError>>(
        &self,
        f: impl FnOnce(&Index) -> Result<T, E>,
    ) -> Result<T, E>;
    /// Where the index lives, for messages and `tessera doctor`.
    fn location(&self) -> String;
}

impl<T: IndexStore> IndexStore for &T {
    fn load(&self) -> Result<Index, IndexError> {
        (**self).load()
    }
    fn update<R, E: From<IndexError>>(
        &self,
        change: impl FnOnce(&mut Index) -> Result<R, E>,
    ) -> Result<R, E> {
        (**self).update(change)
    }
    fn with_writer_lock<R, E: From<IndexError>>(
        &self,
        f: impl FnOnce(&Index) -> Result<R, E>,
    ) -> Result<R, E> {
        (**self).with_writer_lock(f)
    }
    fn location(&self) -> String {
        (**self).location()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_v4_shape() {
        let id = AccountId::from_random_bytes([0xff; 16]);
        assert_eq!(id.as_str(), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(AccountId::parse(id.as_str()), Some(id));
        assert_eq!(AccountId::parse("not-a-uuid"), None);
    }
}
