//! An enrolled account as parsed from a setup code or typed in: who it is for,
//! how its codes are made, and its key.

use crate::key_entry::KeyStrength;
use crate::otp::{self, CodeAt, OtpParams};
use crate::secret::SecretKey;
use serde::Serialize;

/// An account with its key. Has no `Display` and no `Serialize`: turn it into
/// an otpauth URI with [`Account::to_uri`] or describe it with [`Account::info`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Who issued the key ("GitHub"); may be empty.
    pub issuer: String,
    /// The account at the issuer ("alice@example.com"); may be empty.
    pub name: String,
    /// How codes are generated.
    pub params: OtpParams,
    /// The shared secret.
    pub key: SecretKey,
    /// A logo URL from the setup URI: kept, never fetched.
    pub image: Option<String>,
}

impl Account {
    /// The code, time left and next code at a Unix time.
    pub fn code_at(&self, unix_time: u64) -> CodeAt {
        otp::code_at(&self.params, &self.key, unix_time)
    }

    /// Strength of the key.
    pub fn key_strength(&self) -> KeyStrength {
        KeyStrength {
            bits: self.key.bits(),
        }
    }

    /// A description without the key, safe to print or send to a UI.
    pub fn info(&self) -> AccountInfo {
        AccountInfo {
            issuer: self.issuer.clone(),
            account: self.name.clone(),
            kind: self.params.kind().as_str(),
            algorithm: self.params.algorithm().as_str(),
            digits: self.params.digits(),
            period: self.params.period(),
            counter: self.params.counter(),
            key_bits: self.key.bits(),
            image: self.image.clone(),
        }
    }
}

/// What can be shown about an account without its key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountInfo {
    /// Issuer, possibly empty.
    pub issuer: String,
    /// Account name, possibly empty.
    pub account: String,
    /// `totp`, `hotp` or `steam`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `SHA1`, `SHA256` or `SHA512`.
    pub algorithm: &'static str,
    /// Characters per code.
    pub digits: u8,
    /// Seconds per code (time-based kinds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<u32>,
    /// Counter of the next code (HOTP).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counter: Option<u64>,
    /// Size of the key in bits.
    pub key_bits: usize,
    /// Logo URL from the setup URI, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

/// An account as typed into a form or given as command-line flags.
#[derive(Debug, Clone)]
pub struct AccountDraft<'a> {
    /// Issuer.
    pub issuer: &'a str,
    /// Account name.
    pub name: &'a str,
    /// The key as typed (spaces, dashes, lower case allowed).
    pub key: &'a str,
    /// Kind of code.
    pub kind: crate::otp::OtpKind,
    /// Hash function (ignored for Steam).
    pub algorithm: crate::otp::Algorithm,
    /// Digits (ignored for Steam).
    pub digits: u32,
    /// Seconds per code; default 30 (TOTP, Steam).
    pub period: Option<u64>,
    /// First counter; default 0 (HOTP).
    pub counter: Option<u64>,
}

/// Why a draft is not a valid account.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DraftError {
    /// The key is not usable.
    #[error(transparent)]
    Key(#[from] crate::key_entry::KeyError),
    /// A parameter is out of range.
    #[error(transparent)]
    Params(#[from] crate::otp::ParamError),
}

impl AccountDraft<'_> {
    /// Checks every field and builds the account.
    pub fn build(&self) -> Result<Account, DraftError> {
        use crate::otp::{OtpKind, DEFAULT_PERIOD};
        let key = crate::key_entry::check_key(self.key)?.key;
        let period = self.period.unwrap_or(u64::from(DEFAULT_PERIOD));
        let params = match self.kind {
            OtpKind::Totp => OtpParams::totp(self.algorithm, self.digits, period)?,
            OtpKind::Hotp => {
                OtpParams::hotp(self.algorithm, self.digits, self.counter.unwrap_or(0))?
            }
            OtpKind::Steam => OtpParams::steam(period)?,
        };
        Ok(Account {
            issuer: self.issuer.trim().to_owned(),
            name: self.name.trim().to_owned(),
            params,
            key,
            image: None,
        })
    }
}
