//! Accounts as the list and the add dialog see them.

use super::small;
use serde::{Deserialize, Serialize};
use tessera_core::otp::{Algorithm, OtpKind};
use tessera_core::vault::AccountRecord;
use tessera_core::{Account, AccountDraft};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// One account in the list (never its key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    /// Stable id.
    pub id: String,
    /// Issuer, possibly empty.
    pub issuer: String,
    /// Account name, possibly empty.
    pub name: String,
    /// `totp`, `hotp` or `steam`.
    pub kind: String,
    /// Digits per code (5 for Steam).
    pub digits: u8,
    /// Seconds per code (time-based kinds).
    pub period: Option<u32>,
    /// Pinned to the top.
    pub favourite: bool,
    /// Labels.
    pub tags: Vec<String>,
    /// Backup codes stored.
    pub backup_total: u32,
    /// Backup codes not yet used.
    pub backup_remaining: u32,
    /// Place in the user's order (for `move_account`); favourites are shown first regardless.
    pub position: u32,
}

impl AccountView {
    /// "Issuer (name)", or whichever part exists.
    pub fn label(&self) -> String {
        match (self.issuer.is_empty(), self.name.is_empty()) {
            (false, false) => format!("{} ({})", self.issuer, self.name),
            (false, true) => self.issuer.clone(),
            (true, false) => self.name.clone(),
            (true, true) => "unnamed account".into(),
        }
    }
}

impl From<&AccountRecord> for AccountView {
    fn from(record: &AccountRecord) -> Self {
        Self {
            id: record.id.to_string(),
            issuer: record.issuer.clone(),
            name: record.name.clone(),
            kind: record.params.kind().as_str().to_owned(),
            digits: record.params.digits(),
            period: record.params.period(),
            favourite: record.favourite,
            tags: record.tags.clone(),
            backup_total: record.backup.total,
            backup_remaining: record.backup.remaining(),
            position: 0,
        }
    }
}

/// The add form as typed. Its key is wiped when the request is dropped and
/// never shown by `Debug`.
#[derive(Clone, Deserialize, Zeroize, ZeroizeOnDrop)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AccountForm {
    /// Issuer.
    pub issuer: String,
    /// Account name.
    pub name: String,
    /// The key as typed (spaces, dashes and lower case are fine).
    pub key: String,
    /// `totp` (default), `hotp` or `steam`.
    #[serde(default)]
    pub kind: Option<String>,
    /// `SHA1` (default), `SHA256` or `SHA512`.
    #[serde(default)]
    pub algorithm: Option<String>,
    /// 6 (default), 7 or 8.
    #[serde(default)]
    pub digits: Option<u32>,
    /// Seconds per code (TOTP, Steam); default 30.
    #[serde(default)]
    pub period: Option<u64>,
    /// First counter (HOTP); default 0.
    #[serde(default)]
    pub counter: Option<u64>,
}

impl std::fmt::Debug for AccountForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountForm")
            .field("issuer", &self.issuer)
            .field("name", &self.name)
            .field("key", &"<redacted>")
            .field("kind", &self.kind)
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .field("period", &self.period)
            .field("counter", &self.counter)
            .finish()
    }
}

/// Why a form's kind or algorithm is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    /// Unknown kind.
    #[error(transparent)]
    Kind(#[from] tessera_core::ParamError),
    /// Unknown algorithm.
    #[error(transparent)]
    Algorithm(#[from] tessera_core::otp::UnknownAlgorithm),
}

impl AccountForm {
    /// Runs `build` with the form as a core draft.
    pub fn with_draft<T>(
        &self,
        build: impl FnOnce(&AccountDraft<'_>) -> T,
    ) -> Result<T, FormError> {
        let kind: OtpKind = self.kind.as_deref().unwrap_or("totp").parse()?;
        let algorithm: Algorithm = self.algorithm.as_deref().unwrap_or("SHA1").parse()?;
        let draft = AccountDraft {
            issuer: &self.issuer,
            name: &self.name,
            key: &self.key,
            kind,
            algorithm,
            digits: self.digits.unwrap_or(6),
            period: self.period,
            counter: self.counter,
        };
        Ok(build(&draft))
    }
}

/// An account about to be added, shown for confirmation (never its key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PreviewAccount {
    /// Issuer.
    pub issuer: String,
    /// Account name.
    pub name: String,
    /// `totp`, `hotp` or `steam`.
    pub kind: String,
    /// The code it gives now (for HOTP: at its counter).
    pub code: String,
    /// Seconds until that code changes (time-based kinds).
    pub seconds_remaining: Option<u32>,
    /// Bits in the key.
    pub key_bits: u32,
    /// Under 128 bits.
    pub weak_key: bool,
}

impl PreviewAccount {
    /// The preview of `account` at `now`.
    pub fn of(account: &Account, now: u64) -> Self {
        let at = account.code_at(now);
        let strength = account.key_strength();
        Self {
            issuer: account.issuer.clone(),
            name: account.name.clone(),
            kind: account.params.kind().as_str().to_owned(),
            code: at.code.clone(),
            seconds_remaining: at.seconds_remaining,
            key_bits: small(strength.bits),
            weak_key: strength.is_weak(),
        }
    }
}

/// What a pasted or scanned setup link holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LinkPreview {
    /// The accounts it would add.
    pub accounts: Vec<PreviewAccount>,
    /// For a Google Authenticator transfer: which part of how many (1-based).
    pub part: Option<(u32, u32)>,
}

/// What a scan found: setup codes to confirm, parts of a multi-code export,
/// codes that were refused (with the reason, never their text), and QR codes
/// that are not authenticator codes at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ScanResult {
    /// Any QR code was found.
    pub found: bool,
    /// A Google Authenticator export in several QR codes: `[scanned, total]`
    /// parts so far. Its accounts join `preview` once every part is scanned.
    pub transfer: Option<(u32, u32)>,
    /// The accounts that "Add" would add now, in order (a pick refers to
    /// these positions).
    pub preview: LinkPreview,
    /// Setup codes that cannot be added, each with the reason ("the issuer
    /// parameter says X but the label says Y"). Never the code's text.
    pub refused: Vec<String>,
    /// Texts of QR codes that are not authenticator codes (web addresses…).
    pub other_texts: Vec<String>,
}

/// A camera the user can scan with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CameraChoice {
    /// Its number, passed back to `scan_camera`.
    pub index: u32,
    /// Its name.
    pub name: String,
}
