//! The one error every service call returns: a stable kind for the shells to
//! branch on (the UI matches on it, the CLI maps it to an exit status) and an
//! English message for people. Never carries a secret.

use serde::Serialize;
use tessera_core::vault::{IndexError, StoreError, VaultError};

/// What went wrong, as the shells distinguish it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    /// The request was malformed or its values out of range.
    InvalidInput,
    /// No account with that id (deleted meanwhile?).
    NotFound,
    /// The lock screen is up, or the PIN has not been entered in this process.
    Locked,
    /// This needs the PIN again (it reveals or exports a key).
    PinRequired,
    /// The PIN did not match.
    WrongPin,
    /// A file needs its password (or recovery key) to be read.
    PasswordNeeded,
    /// A file's password or recovery key does not open it.
    WrongPassword,
    /// Too many wrong PINs: wait.
    LockedOut,
    /// The PIN was changed elsewhere since this process unlocked: unlock again.
    KeysOutdated,
    /// No keychain service: show the keychain screen.
    KeychainUnavailable,
    /// The keychain is locked: show the keychain screen.
    KeychainLocked,
    /// The account's key is gone from the keychain.
    SecretMissing,
    /// The account list and all its copies are damaged.
    IndexDamaged,
    /// The account list was written by a newer Tessera.
    IndexTooNew,
    /// The account list cannot be read or written (permissions, disk).
    IndexUnreadable,
    /// The clipboard could not be used.
    Clipboard,
    /// The camera could not be used (none, busy, refused, failed).
    Camera,
    /// A file could not be written where the user chose.
    FileNotWritten,
    /// The administrator's policy turned updates off.
    UpdatesManaged,
    /// The update server could not be reached or gave no usable answer.
    UpdateUnavailable,
    /// An update was refused: its signature or version did not check out.
    /// Nothing was installed.
    UpdateRefused,
    /// A verified update could not be installed (the system's package
    /// tool failed, or its password prompt was cancelled).
    UpdateFailed,
    /// Something failed inside the app; the message says what.
    Internal,
}

/// A failure as the shells receive it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IpcError"))]
#[error("{message}")]
pub struct Error {
    /// Stable kind to branch on.
    pub kind: ErrorKind,
    /// Human-readable detail (English).
    pub message: String,
}

impl Error {
    /// An error of `kind`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// An internal failure.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }

    /// Invalid input.
    pub fn invalid(message: impl std::fmt::Display) -> Self {
        Self::new(ErrorKind::InvalidInput, message.to_string())
    }

    /// The lock screen is up.
    pub fn locked() -> Self {
        Self::new(ErrorKind::Locked, "Tessera is locked: unlock it first")
    }

    /// Whether the fault is in what the user gave (the CLI exits with 2).
    pub fn is_user_input(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::InvalidInput
                | ErrorKind::NotFound
                | ErrorKind::WrongPin
                | ErrorKind::PinRequired
                | ErrorKind::PasswordNeeded
                | ErrorKind::WrongPassword
        )
    }
}

impl From<StoreError> for Error {
    fn from(err: StoreError) -> Self {
        let kind = match &err {
            StoreError::Unavailable { .. } => ErrorKind::KeychainUnavailable,
            StoreError::Locked { .. } => ErrorKind::KeychainLocked,
            StoreError::TooLarge { .. } => ErrorKind::InvalidInput,
            _ => ErrorKind::Internal,
        };
        Self::new(kind, err.to_string())
    }
}

impl From<IndexError> for Error {
    fn from(err: IndexError) -> Self {
        let kind = match &err {
            IndexError::Corrupt { .. } => ErrorKind::IndexDamaged,
            IndexError::TooNew(_) => ErrorKind::IndexTooNew,
            IndexError::Full(_) => ErrorKind::InvalidInput,
            _ => ErrorKind::IndexUnreadable,
        };
        Self::new(kind, err.to_string())
    }
}

impl From<VaultError> for Error {
    fn from(err: VaultError) -> Self {
        let kind = match &err {
            VaultError::Store(store) => return store.clone().into(),
            VaultError::Index(index) => return index.clone().into(),
            VaultError::Locked => ErrorKind::Locked,
            VaultError::WrongPin { .. } => ErrorKind::WrongPin,
            VaultError::LockedOut(_) => ErrorKind::LockedOut,
            VaultError::KeysOutdated => ErrorKind::KeysOutdated,
            VaultError::NoSuchAccount(_) => ErrorKind::NotFound,
            VaultError::SecretMissing(_) => ErrorKind::SecretMissing,
            VaultError::Pin(_)
            | VaultError::NoPin
            | VaultError::PinAlreadySet
            | VaultError::PinRequired
            | VaultError::BackupCodes(_)
            | VaultError::NoSuchBackupCode
            | VaultError::BackupCodeAlreadyUsed => ErrorKind::InvalidInput,
            _ => ErrorKind::Internal,
        };
        Self::new(kind, err.to_string())
    }
}

impl From<tessera_clipboard::ClipboardError> for Error {
    fn from(err: tessera_clipboard::ClipboardError) -> Self {
        Self::new(ErrorKind::Clipboard, err.to_string())
    }
}

/// Results of service calls.
pub type Result<T, E = Error> = std::result::Result<T, E>;
