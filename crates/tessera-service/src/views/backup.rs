//! Backup codes and the printed sheet as the UI sees them. Codes never cross
//! to the webview whole: each is shown by its last characters only.

use serde::{Deserialize, Serialize};
use tessera_core::backup_codes::BackupCode;
use tessera_core::vault::BackupCodeEntry;

/// How many trailing letters/digits of a code the UI may show.
const HINT_CHARS: usize = 2;

/// `••••-5678`: enough to match the code on paper, not enough to use it.
pub fn hint(code: &BackupCode) -> String {
    let text = code.as_str();
    let alnum = text.chars().filter(char::is_ascii_alphanumeric).count();
    let mut shown = 0;
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars().rev() {
        if c.is_ascii_alphanumeric() {
            if shown < HINT_CHARS.min(alnum.saturating_sub(2)) {
                out.push(c);
                shown += 1;
            } else {
                out.push('•');
            }
        } else {
            out.push(c);
        }
    }
    out.into_iter().rev().collect()
}

/// One stored code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BackupCodeView {
    /// Position in the list (for `use_backup_code`).
    pub index: u32,
    /// The code's last characters, the rest masked.
    pub hint: String,
    /// Marked used.
    pub used: bool,
}

/// An account's codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BackupCodesView {
    /// Codes stored.
    pub total: u32,
    /// Not yet used.
    pub remaining: u32,
    /// Two or fewer left: time to get new ones.
    pub running_low: bool,
    /// The codes, masked.
    pub codes: Vec<BackupCodeView>,
}

impl BackupCodesView {
    /// From the vault's entries.
    pub fn new(entries: &[BackupCodeEntry]) -> Self {
        let total = super::small(entries.len());
        let remaining = super::small(entries.iter().filter(|e| !e.used).count());
        Self {
            total,
            remaining,
            running_low: total > 0 && remaining <= 2,
            codes: entries
                .iter()
                .enumerate()
                .map(|(i, e)| BackupCodeView {
                    index: super::small(i),
                    hint: hint(&e.code),
                    used: e.used,
                })
                .collect(),
        }
    }
}

/// A backup code copied for signing in with it (the code itself stays in
/// Rust: the clipboard has it, the UI its hint).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BackupCodeCopied {
    /// Its position (for "Mark used").
    pub index: u32,
    /// Its last characters, the rest masked.
    pub hint: String,
    /// Seconds before the clipboard is cleared (0: it is not cleared).
    pub clear_after_seconds: u32,
}

/// A pasted block as parsed, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BackupPreview {
    /// Codes found.
    pub count: u32,
    /// Each code, masked.
    pub hints: Vec<String>,
}

/// Paper for the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum PaperChoice {
    /// ISO A4.
    A4,
    /// US Letter.
    Letter,
}

/// What to print.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PrintRequest {
    /// Accounts, in the order to print; empty means all.
    pub ids: Vec<String>,
    /// Include QR code and key (the user confirmed the warning).
    pub with_recovery: bool,
    /// Paper size.
    pub paper: PaperChoice,
}

/// A sheet written to disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PrintedSheet {
    /// Where it was written.
    pub path: String,
    /// Pages.
    pub pages: u32,
    /// Accounts on it.
    pub accounts: u32,
    /// Characters no installed font has (printed as boxes).
    pub missing_glyphs: String,
}
