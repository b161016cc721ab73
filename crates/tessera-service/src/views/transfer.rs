//! Imports, exports and backups as the shells show them. Only
//! [`RecoveryKeyView`] holds a secret (shown once, when a backup password is
//! set); nothing else carries a key.

use serde::{Deserialize, Serialize};

/// A format Tessera imports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImportFormatView {
    /// The CLI's `--format` name ("aegis").
    pub name: String,
    /// The app it comes from ("Aegis Authenticator").
    pub title: String,
}

/// What a chosen file is, before any password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImportFileView {
    /// The format's `--format` name, or "tessera" for a Tessera backup.
    pub format: String,
    /// The app it comes from.
    pub title: String,
    /// A password is needed to read it.
    pub encrypted: bool,
}

/// One account a file holds, as the preview lists it (never its key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImportCandidate {
    /// Position in the preview (for the pick).
    pub index: u32,
    /// Issuer, possibly empty.
    pub issuer: String,
    /// Account name, possibly empty.
    pub name: String,
    /// `totp`, `hotp` or `steam`.
    pub kind: String,
    /// `SHA1`, `SHA256` or `SHA512`.
    pub algorithm: String,
    /// Characters per code.
    pub digits: u8,
    /// Seconds per code (time-based kinds).
    pub period: Option<u32>,
    /// Counter of the next code (HOTP).
    pub counter: Option<u64>,
    /// The code it gives now (HOTP: at its counter), to compare with the old app.
    pub code: String,
    /// Already in this profile (same key and parameters): it will not be added twice.
    pub duplicate: bool,
    /// Backup codes that come with it.
    pub backup_codes: u32,
}

/// An entry of the file that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SkippedView {
    /// "Issuer (name)" or "entry 3" (never the key).
    pub entry: String,
    /// Why ("Yandex OTP is not supported").
    pub reason: String,
}

/// What an import (or a restore) would add, before anything is added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    /// The format's name.
    pub format: String,
    /// The app it comes from.
    pub title: String,
    /// The accounts, in file order.
    pub accounts: Vec<ImportCandidate>,
    /// What cannot be imported.
    pub skipped: Vec<SkippedView>,
}

/// What an import added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    /// The accounts added.
    pub added: Vec<super::AccountView>,
    /// Picked accounts that were already in this profile (not added again).
    pub duplicates: u32,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum ExportFormat {
    /// An encrypted Aegis vault (read by Aegis, Ente, Proton, 2FAS, Stratum).
    Aegis,
    /// A plain list of `otpauth://` links (no encryption).
    Otpauth,
    /// A Tessera backup file.
    Tessera,
}

/// An export written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ExportedFile {
    /// Where.
    pub path: String,
    /// Accounts in it.
    pub accounts: u32,
    /// It is not encrypted (an otpauth list).
    pub plain: bool,
}

/// The recovery key of a profile's backups, shown once: it opens every
/// backup when the backup password is forgotten. Wiped when dropped; its
/// `Debug` shows nothing.
#[derive(Clone, PartialEq, Eq, Serialize, zeroize::Zeroize, zeroize::ZeroizeOnDrop)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RecoveryKeyView {
    /// The key in printed lines: groups of four and a check letter per line.
    pub lines: Vec<String>,
    /// The text of its QR code.
    pub qr_text: String,
}

impl std::fmt::Debug for RecoveryKeyView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKeyView(<redacted>)")
    }
}

/// The profile's automatic backups at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BackupStatusView {
    /// A backup password (and so a backup key) is set.
    pub password_set: bool,
    /// The folder backups go to, if chosen.
    pub dir: Option<String>,
    /// Backups are made after changes and daily.
    pub automatic: bool,
    /// The last backup that was written and verified (Unix seconds).
    pub last_success: Option<u64>,
    /// Its file.
    pub last_file: Option<String>,
    /// Why the last attempt failed, when it did (cleared by a success).
    pub last_error: Option<String>,
    /// Something needs the user: backups are on but the last one failed or
    /// none was made for more than two days.
    pub needs_attention: bool,
}

/// One backup file in the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BackupFileView {
    /// Its path.
    pub path: String,
    /// When it was sealed (Unix seconds).
    pub created: u64,
    /// Its size in bytes.
    pub bytes: u64,
}
