//! The manual key entry assistant: turns a key as a person types or pastes it
//! from a website ("can't scan? enter this key") into key bytes.
//!
//! Accepted without comment: spaces and other white space, dashes, lower case,
//! and `=` padding at the end. Everything else is refused with the exact
//! position and, for look-alike characters, a hint. A character is never
//! silently changed into another one. Alphabet: RFC 4648 §6 base32.

use crate::base32;
use crate::secret::SecretKey;
use std::fmt;
use zeroize::Zeroizing;

/// Keys shorter than this are refused (80 bits: GitHub, PayPal and others issue such keys).
pub const MIN_KEY_BITS: usize = 80;
/// Keys shorter than this are accepted with a warning (RFC 4226 §4 asks for 128 bits).
pub const RECOMMENDED_KEY_BITS: usize = 128;

/// Why a typed key was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// Nothing but white space, dashes or padding.
    #[error("the key is empty")]
    Empty,
    /// A character outside the base32 alphabet. `position` counts characters from 1.
    #[error("character {position} ('{character}') is not allowed in a key{}", hint_text(*.hint))]
    InvalidCharacter {
        /// 1-based position in the text as typed.
        position: usize,
        /// The offending character.
        character: char,
        /// A letter this character is often mistaken for.
        hint: Option<char>,
    },
    /// `=` padding followed by more key characters.
    #[error("character {position} ('=') is padding, which may only come at the end of the key")]
    MisplacedPadding {
        /// 1-based position of the first `=`.
        position: usize,
    },
    /// A number of characters no base32 encoder produces.
    #[error("a key cannot have {symbols} characters: one is probably missing or extra")]
    IncompleteKey {
        /// How many key characters were found.
        symbols: usize,
    },
    /// Fewer than [`MIN_KEY_BITS`] bits.
    #[error("the key is too short: {bits} bits, at least {MIN_KEY_BITS} are needed")]
    TooShort {
        /// Bits in the key.
        bits: usize,
    },
}

fn hint_text(hint: Option<char>) -> String {
    match hint {
        Some(c) => format!(" (did you mean the letter '{c}'?)"),
        None => String::new(),
    }
}

/// Strength of a key, for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyStrength {
    /// Size of the key in bits.
    pub bits: usize,
}

impl KeyStrength {
    /// True when the key is accepted but below the recommended size.
    pub fn is_weak(self) -> bool {
        self.bits < RECOMMENDED_KEY_BITS
    }
}

impl fmt::Display for KeyStrength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_weak() {
            write!(
                f,
                "{} bits (weak: under {RECOMMENDED_KEY_BITS} bits, but many websites issue such keys)",
                self.bits
            )
        } else {
            write!(f, "{} bits", self.bits)
        }
    }
}

/// A key that passed the assistant.
#[derive(Debug, Clone)]
pub struct CheckedKey {
    /// The decoded key.
    pub key: SecretKey,
    /// Its strength.
    pub strength: KeyStrength,
}

impl CheckedKey {
    /// The canonical form: upper-case base32 without padding.
    pub fn normalized(&self) -> Zeroizing<String> {
        self.key.to_base32()
    }

    /// The canonical form in groups of four, as the UI shows it.
    pub fn grouped(&self) -> Zeroizing<String> {
        group_in_fours(&self.normalized())
    }
}

/// Splits text into space-separated groups of four characters.
pub fn group_in_fours(text: &str) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(text.len() + text.len() / 4));
    for (i, c) in text.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// A letter a mistyped character is commonly confused with.
fn look_alike(c: char) -> Option<char> {
    match c {
        '0' => Some('O'),
        '1' => Some('I'),
        '8' => Some('B'),
        // Cyrillic and Greek capitals that look like Latin ones (pasted from odd fonts).
        'О' | 'о' | 'Ο' | 'ο' => Some('O'),
        'А' | 'а' | 'Α' => Some('A'),
        'В' | 'Β' => Some('B'),
        'Е' | 'е' | 'Ε' => Some('E'),
        'К' | 'Κ' => Some('K'),
        'М' | 'Μ' => Some('M'),
        'Н' | 'Η' => Some('H'),
        'Р' | 'р' | 'Ρ' => Some('P'),
        'С' | 'с' => Some('C'),
        'Т' | 'Τ' => Some('T'),
        'Х' | 'х' | 'Χ' => Some('X'),
        _ => None,
    }
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{00AD}')
}

/// Checks a key as typed or pasted and decodes it.
pub fn check_key(input: &str) -> Result<CheckedKey, KeyError> {
    let mut symbols = Zeroizing::new(String::with_capacity(input.len()));
    let mut first_padding: Option<usize> = None;
    for (index, c) in input.chars().enumerate() {
        let position = index + 1;
        if is_separator(c) {
            continue;
        }
        if c == '=' {
            first_padding.get_or_insert(position);
            continue;
        }
        if let Some(position) = first_padding {
            return Err(KeyError::MisplacedPadding { position });
        }
        let upper = c.to_ascii_uppercase();
        if base32::symbol_value(upper).is_none() {
            return Err(KeyError::InvalidCharacter {
                position,
                character: c,
                hint: look_alike(c),
            });
        }
        symbols.push(upper);
    }
    if symbols.is_empty() {
        return Err(KeyError::Empty);
    }
    let bytes = base32::decode_symbols(&symbols).ok_or(KeyError::IncompleteKey {
        symbols: symbols.len(),
    })?;
    let bits = bytes.len() * 8;
    if bits < MIN_KEY_BITS {
        return Err(KeyError::TooShort { bits });
    }
    Ok(CheckedKey {
        key: SecretKey::from_bytes(bytes.to_vec()),
        strength: KeyStrength { bits },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_websites_show() {
        for typed in [
            "JBSWY3DPEHPK3PXP",
            "jbsw y3dp ehpk 3pxp",
            "JBSW-Y3DP-EHPK-3PXP",
            "  jbswy3dpehpk3pxp\n",
            "JBSWY3DPEHPK3PXP====",
            "jbsw\u{a0}y3dp\tehpk 3pxp",
        ] {
            let key = check_key(typed).unwrap();
            assert_eq!(key.normalized().as_str(), "JBSWY3DPEHPK3PXP", "{typed:?}");
            assert_eq!(key.strength.bits, 80);
            assert!(key.strength.is_weak());
        }
    }

    #[test]
    fn grouping() {
        let key = check_key("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap();
        assert_eq!(
            key.grouped().as_str(),
            "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"
        );
        assert!(!key.strength.is_weak());
    }

    #[test]
    fn refuses_with_position_and_hint() {
        assert_eq!(
            check_key("JBSW Y3DP EHPK 3PX0").unwrap_err(),
            KeyError::InvalidCharacter {
                position: 19,
                character: '0',
                hint: Some('O')
            }
        );
        assert_eq!(
            check_key("1BSWY3DPEHPK3PXP").unwrap_err(),
            KeyError::InvalidCharacter {
                position: 1,
                character: '1',
                hint: Some('I')
            }
        );
        assert_eq!(
            check_key("JBSWY3DPEHPK3PX8").unwrap_err(),
            KeyError::InvalidCharacter {
                position: 16,
                character: '8',
                hint: Some('B')
            }
        );
        assert_eq!(
            check_key("JBSWY3DPEHPK3PX!").unwrap_err(),
            KeyError::InvalidCharacter {
                position: 16,
                character: '!',
                hint: None
            }
        );
        assert_eq!(
            check_key("JBSWY3DP=EHPK3PXP").unwrap_err(),
            KeyError::MisplacedPadding { position: 9 }
        );
        assert_eq!(check_key(" - ").unwrap_err(), KeyError::Empty);
        assert_eq!(
            check_key("JBSWY3DPE").unwrap_err(),
            KeyError::IncompleteKey { symbols: 9 }
        );
        assert_eq!(
            check_key("JBSWY3DP").unwrap_err(),
            KeyError::TooShort { bits: 40 }
        );
    }

    #[test]
    fn cyrillic_look_alike_gets_a_hint() {
        let err = check_key("JBSWY3DPEHPK3PXР").unwrap_err();
        assert_eq!(
            err.to_string(),
            "character 16 ('Р') is not allowed in a key (did you mean the letter 'P'?)"
        );
    }

    #[test]
    fn messages_name_the_problem() {
        assert_eq!(
            check_key("JBSW0").unwrap_err().to_string(),
            "character 5 ('0') is not allowed in a key (did you mean the letter 'O'?)"
        );
        assert_eq!(
            check_key("JBSWY3DP").unwrap_err().to_string(),
            "the key is too short: 40 bits, at least 80 are needed"
        );
    }
}
