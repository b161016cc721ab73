//! The one error type every command returns: a stable kind for the UI to match
//! on, and an English message for logs. Never carries a secret.

use serde::Serialize;
use tessera_core::vault::{StoreError, VaultError};
use ts_rs::TS;

/// What went wrong, as the UI distinguishes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    /// The request was malformed or its values out of range.
    InvalidInput,
    /// No account with that id (deleted meanwhile?).
    NotFound,
    /// The app is locked: show the lock screen.
    Locked,
    /// The PIN did not match.
    WrongPin,
    /// Too many wrong PINs: wait.
    LockedOut,
    /// No keychain service: show the keychain screen.
    KeychainUnavailable,
    /// The keychain is locked: show the keychain screen.
    KeychainLocked,
    /// The account's key is gone from the keychain.
    SecretMissing,
    /// The clipboard could not be used.
    Clipboard,
    /// The camera could not be used (none, busy, refused, failed).
    Camera,
    /// Something failed inside the app; the message says what.
    Internal,
}

/// A command failure as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    /// Stable kind to branch on.
    pub kind: ErrorKind,
    /// Human-readable detail (English).
    pub message: String,
}

impl IpcError {
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
}

impl From<StoreError> for IpcError {
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

impl From<VaultError> for IpcError {
    fn from(err: VaultError) -> Self {
        let kind = match &err {
            VaultError::Store(store) => return store.clone().into(),
            VaultError::Locked => ErrorKind::Locked,
            VaultError::WrongPin { .. } => ErrorKind::WrongPin,
            VaultError::LockedOut(_) => ErrorKind::LockedOut,
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

impl From<tessera_core::vault::IndexError> for IpcError {
    fn from(err: tessera_core::vault::IndexError) -> Self {
        Self::internal(err.to_string())
    }
}

impl From<tessera_clipboard::ClipboardError> for IpcError {
    fn from(err: tessera_clipboard::ClipboardError) -> Self {
        Self::new(ErrorKind::Clipboard, err.to_string())
    }
}
