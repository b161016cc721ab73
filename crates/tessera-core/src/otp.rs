//! One-time password generation: HOTP (RFC 4226), TOTP (RFC 6238) and Steam Guard.
//!
//! Specs: <https://www.rfc-editor.org/rfc/rfc4226>, <https://www.rfc-editor.org/rfc/rfc6238>.
//! Steam Guard is TOTP/SHA1 with a 30 s period whose truncated value is written
//! as 5 characters from `23456789BCDFGHJKMNPQRTVWXY`. The HMAC and dynamic
//! truncation come from `totp-rs`; time is always a parameter here.

use crate::secret::SecretKey;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Default TOTP period in seconds.
pub const DEFAULT_PERIOD: u32 = 30;
/// Longest accepted TOTP period in seconds.
pub const MAX_PERIOD: u32 = 3600;
/// Characters in a Steam Guard code.
pub const STEAM_DIGITS: u8 = 5;

/// The HMAC hash function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Algorithm {
    /// HMAC-SHA1, the default everywhere.
    #[default]
    Sha1,
    /// HMAC-SHA256.
    Sha256,
    /// HMAC-SHA512.
    Sha512,
}

impl Algorithm {
    /// The name used in otpauth URIs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA1",
            Self::Sha256 => "SHA256",
            Self::Sha512 => "SHA512",
        }
    }

    fn to_totp_rs(self) -> totp_rs::Algorithm {
        match self {
            Self::Sha1 => totp_rs::Algorithm::SHA1,
            Self::Sha256 => totp_rs::Algorithm::SHA256,
            Self::Sha512 => totp_rs::Algorithm::SHA512,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An algorithm name that is not SHA1, SHA256 or SHA512.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported algorithm '{0}' (use SHA1, SHA256 or SHA512)")]
pub struct UnknownAlgorithm(pub String);

impl FromStr for Algorithm {
    type Err = UnknownAlgorithm;

    /// Accepts `SHA1`, `sha256`, `SHA-512`, `HmacSHA1` and similar spellings.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let folded: String = s
            .trim()
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .collect::<String>()
            .to_ascii_uppercase();
        match folded.strip_prefix("HMAC").unwrap_or(&folded) {
            "SHA1" => Ok(Self::Sha1),
            "SHA256" => Ok(Self::Sha256),
            "SHA512" => Ok(Self::Sha512),
            _ => Err(UnknownAlgorithm(s.to_owned())),
        }
    }
}

/// The kind of one-time password, without parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OtpKind {
    /// Time-based (RFC 6238).
    Totp,
    /// Counter-based (RFC 4226).
    Hotp,
    /// Steam Guard.
    Steam,
}

impl OtpKind {
    /// The name used in otpauth URIs and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Totp => "totp",
            Self::Hotp => "hotp",
            Self::Steam => "steam",
        }
    }
}

impl fmt::Display for OtpKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OtpKind {
    type Err = ParamError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "totp" => Ok(Self::Totp),
            "hotp" => Ok(Self::Hotp),
            "steam" => Ok(Self::Steam),
            _ => Err(ParamError::UnknownKind(s.to_owned())),
        }
    }
}

/// OTP parameters that are out of range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParamError {
    /// Digits outside 6–8.
    #[error("{0} digits is not supported (use 6, 7 or 8)")]
    Digits(u32),
    /// Period outside 1–3600 seconds.
    #[error("a period of {0} seconds is not supported (use 1 to 3600)")]
    Period(u64),
    /// Not totp, hotp or steam.
    #[error("unknown OTP type '{0}' (use totp, hotp or steam)")]
    UnknownKind(String),
}

/// Validated OTP parameters: everything but the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum OtpParams {
    /// Time-based code.
    Totp {
        /// Hash function.
        algorithm: Algorithm,
        /// 6, 7 or 8.
        digits: u8,
        /// Seconds per code, 1–3600.
        period: u32,
    },
    /// Counter-based code.
    Hotp {
        /// Hash function.
        algorithm: Algorithm,
        /// 6, 7 or 8.
        digits: u8,
        /// The counter of the next code to show.
        counter: u64,
    },
    /// Steam Guard code (SHA1, 5 characters).
    Steam {
        /// Seconds per code; Steam itself uses 30.
        period: u32,
    },
}

fn check_digits(digits: u32) -> Result<u8, ParamError> {
    match digits {
        6..=8 => Ok(digits as u8),
        _ => Err(ParamError::Digits(digits)),
    }
}

fn check_period(period: u64) -> Result<u32, ParamError> {
    match period {
        1..=3600 => Ok(period as u32),
        _ => Err(ParamError::Period(period)),
    }
}

impl OtpParams {
    /// The parameters almost every website uses: TOTP, SHA1, 6 digits, 30 s.
    pub const fn default_totp() -> Self {
        Self::Totp {
            algorithm: Algorithm::Sha1,
            digits: 6,
            period: DEFAULT_PERIOD,
        }
    }

    /// TOTP parameters, checked.
    pub fn totp(algorithm: Algorithm, digits: u32, period: u64) -> Result<Self, ParamError> {
        Ok(Self::Totp {
            algorithm,
            digits: check_digits(digits)?,
            period: check_period(period)?,
        })
    }

    /// HOTP parameters, checked.
    pub fn hotp(algorithm: Algorithm, digits: u32, counter: u64) -> Result<Self, ParamError> {
        Ok(Self::Hotp {
            algorithm,
            digits: check_digits(digits)?,
            counter,
        })
    }

    /// Steam Guard parameters, checked.
    pub fn steam(period: u64) -> Result<Self, ParamError> {
        Ok(Self::Steam {
            period: check_period(period)?,
        })
    }

    /// Checks values that came from outside a constructor (for example a file).
    pub fn validate(self) -> Result<Self, ParamError> {
        match self {
            Self::Totp {
                algorithm,
                digits,
                period,
            } => Self::totp(algorithm, digits.into(), period.into()),
            Self::Hotp {
                algorithm,
                digits,
                counter,
            } => Self::hotp(algorithm, digits.into(), counter),
            Self::Steam { period } => Self::steam(period.into()),
        }
    }

    /// The kind of code.
    pub fn kind(&self) -> OtpKind {
        match self {
            Self::Totp { .. } => OtpKind::Totp,
            Self::Hotp { .. } => OtpKind::Hotp,
            Self::Steam { .. } => OtpKind::Steam,
        }
    }

    /// The hash function (Steam uses SHA1).
    pub fn algorithm(&self) -> Algorithm {
        match *self {
            Self::Totp { algorithm, .. } | Self::Hotp { algorithm, .. } => algorithm,
            Self::Steam { .. } => Algorithm::Sha1,
        }
    }

    /// Characters per code.
    pub fn digits(&self) -> u8 {
        match *self {
            Self::Totp { digits, .. } | Self::Hotp { digits, .. } => digits,
            Self::Steam { .. } => STEAM_DIGITS,
        }
    }

    /// Seconds per code, for time-based kinds.
    pub fn period(&self) -> Option<u32> {
        match *self {
            Self::Totp { period, .. } | Self::Steam { period } => Some(period),
            Self::Hotp { .. } => None,
        }
    }

    /// The counter, for HOTP.
    pub fn counter(&self) -> Option<u64> {
        match *self {
            Self::Hotp { counter, .. } => Some(counter),
            _ => None,
        }
    }
}

/// What to show for an account at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeAt {
    /// The current code; leading zeros kept.
    pub code: String,
    /// Seconds until the code changes (time-based kinds only).
    pub seconds_remaining: Option<u32>,
    /// The code after this one: next period for TOTP/Steam, next counter for HOTP.
    pub next_code: String,
}

/// HOTP value for one counter (RFC 4226 §5.3), as a zero-padded string.
pub fn hotp(key: &SecretKey, algorithm: Algorithm, digits: u8, counter: u64) -> String {
    generate(key, algorithm.to_totp_rs(), digits, counter)
}

/// TOTP value for a Unix time (RFC 6238 §4): HOTP of `⌊time / period⌋`.
pub fn totp(key: &SecretKey, algorithm: Algorithm, digits: u8, period: u32, time: u64) -> String {
    generate(
        key,
        algorithm.to_totp_rs(),
        digits,
        time / u64::from(period.max(1)),
    )
}

/// Steam Guard code for a Unix time.
pub fn steam(key: &SecretKey, period: u32, time: u64) -> String {
    generate(
        key,
        totp_rs::Algorithm::Steam,
        STEAM_DIGITS,
        time / u64::from(period.max(1)),
    )
}

/// Computes the HOTP-style code for one counter value.
fn generate(key: &SecretKey, algorithm: totp_rs::Algorithm, digits: u8, counter: u64) -> String {
    // A step of 1 makes totp-rs compute HOTP(counter) directly. Parameters are
    // validated by `OtpParams`, so the non-compliant builder is safe here; the
    // copy of the key inside `Totp` is zeroized when it drops.
    totp_rs::Builder::new()
        .with_algorithm(algorithm)
        .with_digits(digits)
        .with_step_duration(1)
        .with_secret(key.expose().to_vec())
        .build_noncompliant()
        .generate(counter)
        .to_string()
}

/// The current code, its time left and the next code, for a moment in time.
pub fn code_at(params: &OtpParams, key: &SecretKey, unix_time: u64) -> CodeAt {
    match *params {
        OtpParams::Totp {
            algorithm,
            digits,
            period,
        } => {
            let step = unix_time / u64::from(period);
            let elapsed = (unix_time % u64::from(period)) as u32;
            CodeAt {
                code: hotp(key, algorithm, digits, step),
                seconds_remaining: Some(period - elapsed),
                next_code: hotp(key, algorithm, digits, step.saturating_add(1)),
            }
        }
        OtpParams::Steam { period } => {
            let step = unix_time / u64::from(period);
            let elapsed = (unix_time % u64::from(period)) as u32;
            CodeAt {
                code: generate(key, totp_rs::Algorithm::Steam, STEAM_DIGITS, step),
                seconds_remaining: Some(period - elapsed),
                next_code: generate(
                    key,
                    totp_rs::Algorithm::Steam,
                    STEAM_DIGITS,
                    step.saturating_add(1),
                ),
            }
        }
        OtpParams::Hotp {
            algorithm,
            digits,
            counter,
        } => CodeAt {
            code: hotp(key, algorithm, digits, counter),
            seconds_remaining: None,
            next_code: hotp(key, algorithm, digits, counter.saturating_add(1)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algorithm_spellings() {
        for (text, alg) in [
            ("SHA1", Algorithm::Sha1),
            ("sha1", Algorithm::Sha1),
            ("SHA-256", Algorithm::Sha256),
            ("HmacSHA512", Algorithm::Sha512),
            (" sha_256 ", Algorithm::Sha256),
        ] {
            assert_eq!(text.parse::<Algorithm>().unwrap(), alg, "{text}");
        }
        assert_eq!(
            "MD5".parse::<Algorithm>().unwrap_err().to_string(),
            "unsupported algorithm 'MD5' (use SHA1, SHA256 or SHA512)"
        );
    }

    #[test]
    fn parameter_ranges() {
        assert!(OtpParams::totp(Algorithm::Sha1, 6, 30).is_ok());
        assert!(OtpParams::totp(Algorithm::Sha1, 8, 3600).is_ok());
        assert!(OtpParams::totp(Algorithm::Sha1, 7, 1).is_ok());
        assert_eq!(
            OtpParams::totp(Algorithm::Sha1, 5, 30),
            Err(ParamError::Digits(5))
        );
        assert_eq!(
            OtpParams::totp(Algorithm::Sha1, 9, 30),
            Err(ParamError::Digits(9))
        );
        assert_eq!(
            OtpParams::totp(Algorithm::Sha1, 6, 0),
            Err(ParamError::Period(0))
        );
        assert_eq!(
            OtpParams::totp(Algorithm::Sha1, 6, 3601),
            Err(ParamError::Period(3601))
        );
        assert_eq!(
            OtpParams::hotp(Algorithm::Sha1, 10, 0),
            Err(ParamError::Digits(10))
        );
    }

    #[test]
    fn time_left_and_next_code() {
        let key = SecretKey::from_bytes(b"12345678901234567890".to_vec());
        let params = OtpParams::totp(Algorithm::Sha1, 8, 30).unwrap();
        let at = code_at(&params, &key, 59);
        assert_eq!(at.code, "94287082");
        assert_eq!(at.seconds_remaining, Some(1));
        assert_eq!(at.next_code, totp(&key, Algorithm::Sha1, 8, 30, 60));
        let at = code_at(&params, &key, 60);
        assert_eq!(at.seconds_remaining, Some(30));
    }

    #[test]
    fn year_2603_works() {
        // 2603-01-01T00:00:00Z
        let key = SecretKey::from_bytes(b"12345678901234567890".to_vec());
        let params = OtpParams::totp(Algorithm::Sha1, 6, 30).unwrap();
        let at = code_at(&params, &key, 19_974_153_600);
        assert_eq!(at.code.len(), 6);
        assert_eq!(at.seconds_remaining, Some(30));
    }
}
