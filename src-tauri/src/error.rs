//! The one error type every command returns: a stable kind for the UI to match
//! on, and an English message for logs. Never carries a secret.

use serde::Serialize;
use ts_rs::TS;

/// What went wrong, as the UI distinguishes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    /// The request was malformed or its values out of range.
    InvalidInput,
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
    /// An internal failure.
    pub fn internal(message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Internal,
            message: message.into(),
        }
    }
}
