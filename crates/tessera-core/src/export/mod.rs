//! Exports for other authenticator apps: an Aegis vault ([`aegis`]), read by
//! Aegis, Ente Auth, Proton Authenticator, 2FAS and Stratum, and a plain list
//! of `otpauth://` URIs ([`otpauth`]). Tessera's own encrypted backups are
//! [`crate::envelope`].
//!
//! Every export holds the keys: the bytes are wiped when dropped, and the
//! caller decides where they go.

pub mod aegis;
pub mod otpauth;

pub use aegis::{aegis_encrypted, aegis_plain};
pub use otpauth::otpauth_list;

use crate::account::Account;
use crate::envelope::BackupEntry;

/// One account to export, with what other apps can keep of it.
#[derive(Clone, PartialEq, Eq)]
pub struct ExportAccount {
    /// Issuer, name, parameters and key.
    pub account: Account,
    /// Pinned to the top of the list (Aegis `favorite`).
    pub favourite: bool,
    /// Labels (Aegis groups).
    pub tags: Vec<String>,
}

impl std::fmt::Debug for ExportAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportAccount")
            .field("issuer", &self.account.issuer)
            .field("name", &self.account.name)
            .field("params", &self.account.params)
            .field("key", &self.account.key)
            .field("favourite", &self.favourite)
            .field("tags", &self.tags)
            .finish()
    }
}

impl From<Account> for ExportAccount {
    fn from(account: Account) -> Self {
        Self {
            account,
            favourite: false,
            tags: Vec::new(),
        }
    }
}

impl From<&BackupEntry> for ExportAccount {
    fn from(entry: &BackupEntry) -> Self {
        Self {
            account: entry.account.clone(),
            favourite: entry.favourite,
            tags: entry.tags.clone(),
        }
    }
}

/// Why an export could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// An encrypted export needs a password.
    #[error("the export password is empty")]
    EmptyPassword,
    /// The system's random source failed.
    #[error("the system random source is not available")]
    NoEntropy,
    /// More than AES-GCM encrypts in one message (64 GiB); never reached in practice.
    #[error("too much to export in one file")]
    TooLarge,
}
