//! The add form's live key check.

use serde::Serialize;
use tessera_core::key_entry::{CheckedKey, KeyError};
use tessera_core::CodeAt;

use super::small;

/// Version and build facts shown in the About box.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// Semantic version of the app.
    pub version: String,
}

/// Why a typed key is not usable yet, for the add form's live hints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum KeyProblem {
    /// Nothing typed yet.
    Empty,
    /// A character outside A–Z and 2–7.
    #[serde(rename_all = "camelCase")]
    InvalidCharacter {
        /// 1-based position in the text as typed.
        position: u32,
        /// The character at fault.
        character: String,
        /// The letter it is probably meant to be.
        hint: Option<String>,
    },
    /// `=` before the end.
    MisplacedPadding {
        /// 1-based position of the `=`.
        position: u32,
    },
    /// A character count no key can have.
    Incomplete {
        /// Key characters found.
        symbols: u32,
    },
    /// The last character carries stray bits: a character is missing or extra.
    LastCharacterDoesNotFit {
        /// Key characters found.
        symbols: u32,
        /// The usual length nearest to it.
        usual: u32,
    },
    /// Under 80 bits.
    TooShort {
        /// Bits in the key.
        bits: u32,
        /// Key characters found.
        symbols: u32,
    },
    /// A line typed from the backup sheet does not match its check letter.
    CheckLetterMismatch {
        /// 1-based line of the printed key.
        line: u32,
    },
    /// The backup sheet's layout, but a line has no check letter.
    MissingCheckLetter {
        /// 1-based line of the printed key.
        line: u32,
    },
    /// Far longer than any key; nothing was read.
    TooLong {
        /// The most characters a key may have.
        max: u32,
    },
    /// A whole setup link (`otpauth://…`) pasted where the key goes.
    SetupLink,
}

impl From<&KeyError> for KeyProblem {
    fn from(err: &KeyError) -> Self {
        match *err {
            KeyError::InvalidCharacter {
                position,
                character,
                hint,
            } => Self::InvalidCharacter {
                position: small(position),
                character: character.to_string(),
                hint: hint.map(|c| c.to_string()),
            },
            KeyError::MisplacedPadding { position } => Self::MisplacedPadding {
                position: small(position),
            },
            KeyError::IncompleteKey { symbols } => Self::Incomplete {
                symbols: small(symbols),
            },
            KeyError::LastCharacterDoesNotFit { symbols, usual } => Self::LastCharacterDoesNotFit {
                symbols: small(symbols),
                usual: small(usual),
            },
            KeyError::TooShort { bits, symbols } => Self::TooShort {
                bits: small(bits),
                symbols: small(symbols),
            },
            KeyError::CheckLetterMismatch { line } => {
                Self::CheckLetterMismatch { line: small(line) }
            }
            KeyError::MissingCheckLetter { line } => Self::MissingCheckLetter { line: small(line) },
            KeyError::TooLong { max } => Self::TooLong { max: small(max) },
            KeyError::SetupLink => Self::SetupLink,
            // `KeyError` is non-exhaustive; `Empty` and anything new read as "not yet a key".
            _ => Self::Empty,
        }
    }
}

/// The add form's live verdict on a typed key. Holds the code it produces
/// now, never the key itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum KeyCheck {
    /// The key is usable.
    #[serde(rename_all = "camelCase")]
    Valid {
        /// Key size in bits.
        bits: u32,
        /// Accepted but under 128 bits.
        weak: bool,
        /// The 6-digit SHA1/30 s code the key gives now, to check against the website.
        code: String,
        /// Seconds until that code changes.
        seconds_remaining: u32,
        /// Lines typed from the backup sheet whose check letters matched (0: none typed).
        checked_lines: u32,
        /// Set when no common key has this many characters (probably copied incompletely).
        unusual_length: Option<UnusualLengthView>,
    },
    /// The key is not usable (yet).
    Invalid {
        /// What is wrong.
        problem: KeyProblem,
    },
}

impl KeyCheck {
    /// The verdict for a checked key and its current code.
    pub fn valid(key: &CheckedKey, now: &CodeAt) -> Self {
        Self::Valid {
            bits: small(key.strength.bits),
            weak: key.strength.is_weak(),
            code: now.code.clone(),
            seconds_remaining: now.seconds_remaining.unwrap_or(0),
            checked_lines: small(key.checked_lines),
            unusual_length: key.unusual_length.map(|w| UnusualLengthView {
                symbols: small(w.symbols),
                usual: small(w.usual),
            }),
        }
    }
}

/// A usable key of a length websites do not issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct UnusualLengthView {
    /// Key characters found.
    pub symbols: u32,
    /// The usual length nearest to it.
    pub usual: u32,
}

/// A key revealed on request, after the PIN was entered again: the one view
/// that carries a key, and only to the separate, screen-capture-protected
/// window that shows it. Never logged; its `Debug` shows no key.
#[derive(Clone, PartialEq, Eq, Serialize, zeroize::Zeroize, zeroize::ZeroizeOnDrop)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RevealedKeyView {
    /// "Issuer (name)".
    pub name: String,
    /// The key in groups of four.
    pub key: String,
}

impl std::fmt::Debug for RevealedKeyView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RevealedKeyView")
            .field("name", &self.name)
            .field("key", &"<redacted>")
            .finish()
    }
}
