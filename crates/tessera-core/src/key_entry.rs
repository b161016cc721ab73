//! The manual key entry assistant: turns a key as a person types or pastes it
//! from a website ("can't scan? enter this key") into key bytes.
//!
//! Accepted without comment: spaces and other white space, dashes, lower case,
//! and `=` padding at the end. Everything else is refused with the exact
//! position and, for look-alike characters, a hint. A character is never
//! silently changed into another one. Alphabet: RFC 4648 §6 base32.
//!
//! A key typed from Tessera's printed backup sheet may include each line's
//! check letter (four groups of four, then one letter; see
//! [`crate::sheet::key_lines`]). That layout is recognised, every line is
//! checked, and the check letters are left out of the key. Without this, the
//! extra letters could make a valid-looking, wrong key.

use crate::base32;
use crate::secret::SecretKey;
use std::fmt;
use zeroize::Zeroizing;

/// Keys shorter than this are refused (80 bits: GitHub, PayPal and others issue such keys).
pub const MIN_KEY_BITS: usize = 80;
/// Keys shorter than this are accepted with a warning (RFC 4226 §4 asks for 128 bits).
pub const RECOMMENDED_KEY_BITS: usize = 128;

/// Key lengths in base32 characters that websites issue: 80, 128, 160, 256,
/// 320 and 512 bits. Any other length is accepted with a warning, since a
/// key one character short can still decode.
pub const USUAL_KEY_LENGTHS: [usize; 6] = [16, 26, 32, 52, 64, 103];

/// The usual key length nearest to `symbols` (the shorter one on a tie).
pub fn nearest_usual_length(symbols: usize) -> usize {
    USUAL_KEY_LENGTHS
        .iter()
        .copied()
        .min_by_key(|&usual| (usual.abs_diff(symbols), usual))
        .unwrap_or(32)
}

/// A usable key whose length no common key has: probably copied incompletely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnusualLength {
    /// Key characters found.
    pub symbols: usize,
    /// The usual length nearest to it.
    pub usual: usize,
}

impl fmt::Display for UnusualLength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "this key has {} characters; keys are usually {}. Check that you copied all of it",
            self.symbols, self.usual
        )
    }
}

/// Longest key text read, in characters (spaces, dashes and a printed
/// sheet's check letters included), checked before anything else. A 512-bit
/// key typed from the backup sheet is about 160 characters.
pub const MAX_KEY_CHARS: usize = 1024;

/// Why a typed key was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// Nothing but white space, dashes or padding.
    #[error("the key is empty")]
    Empty,
    /// More than [`MAX_KEY_CHARS`] characters; nothing was read.
    #[error("this is too long to be a key (more than {max} characters)")]
    TooLong {
        /// The limit.
        max: usize,
    },
    /// A whole setup link (`otpauth://…`) where the key should be.
    #[error("this is a setup link, not a key: add it as a link instead (it holds the key and the account's settings)")]
    SetupLink,
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
    /// The last character carries bits beyond the key's last byte that are
    /// not zero: no encoder writes that, so a character is missing or extra.
    #[error("the last character does not fit: a character is probably missing or extra ({symbols} characters; keys are usually {usual})")]
    LastCharacterDoesNotFit {
        /// How many key characters were found.
        symbols: usize,
        /// The usual length nearest to it.
        usual: usize,
    },
    /// Fewer than [`MIN_KEY_BITS`] bits.
    #[error("the key is too short: {bits} bits, at least {MIN_KEY_BITS} are needed{}", short_hint(*.symbols))]
    TooShort {
        /// Bits in the key.
        bits: usize,
        /// How many key characters were found.
        symbols: usize,
    },
    /// A line typed from the backup sheet does not match its check letter.
    #[error("line {line} of the key does not match its check letter: a character in that line is mistyped")]
    CheckLetterMismatch {
        /// 1-based line of the printed key.
        line: usize,
    },
    /// The backup sheet's layout, but a line without its check letter.
    #[error("line {line} of the key has no check letter: type the letter after ▸ at the end of every line, or leave them all out")]
    MissingCheckLetter {
        /// 1-based line of the printed key.
        line: usize,
    },
}

fn hint_text(hint: Option<char>) -> String {
    match hint {
        Some(c) => format!(" (did you mean the letter '{c}'?)"),
        None => String::new(),
    }
}

/// For a key just short of the shortest usual length: the missing characters.
fn short_hint(symbols: usize) -> String {
    let shortest = USUAL_KEY_LENGTHS[0];
    match shortest - symbols.min(shortest) {
        1 => format!(" ({symbols} characters; keys have at least {shortest}: one character is probably missing)"),
        2 | 3 => format!(" ({symbols} characters; keys have at least {shortest}: some characters are probably missing)"),
        _ => String::new(),
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
    /// Lines typed from the backup sheet whose check letters matched (and
    /// were left out of the key); 0 for a key typed without them.
    pub checked_lines: usize,
    /// Set when the key's length is not one that websites issue.
    pub unusual_length: Option<UnusualLength>,
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

/// White space, hyphens and the invisible characters text copied from a web
/// page carries (zero-width space and joiners, word joiner, BOM).
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{00AD}' | '\u{200B}'
                ..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// Checks a key as typed or pasted and decodes it.
pub fn check_key(input: &str) -> Result<CheckedKey, KeyError> {
    check(input, Tail::Strict)
}

/// Checks a key that a program wrote (an otpauth link, another app's export
/// file): as [`check_key`], but stray bits in the last character are
/// ignored, as every base32 decoder does, since no person typed it.
pub fn check_written_key(input: &str) -> Result<CheckedKey, KeyError> {
    check(input, Tail::Lenient)
}

/// Whether stray bits in the last character refuse the key.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tail {
    Strict,
    Lenient,
}

fn check(input: &str, tail: Tail) -> Result<CheckedKey, KeyError> {
    if input.chars().take(MAX_KEY_CHARS + 1).count() > MAX_KEY_CHARS {
        return Err(KeyError::TooLong { max: MAX_KEY_CHARS });
    }
    let head = input.trim_start().get(..8).unwrap_or_default();
    if head.eq_ignore_ascii_case("otpauth:") || head.eq_ignore_ascii_case("otpauth-") {
        return Err(KeyError::SetupLink);
    }
    match sheet_lines(input)? {
        Some(lines) => {
            let groups = Zeroizing::new(lines.iter().map(|l| l.as_str()).collect::<String>());
            let mut key = decode(&groups, tail)?;
            key.checked_lines = lines.len();
            Ok(key)
        }
        None => decode(input, tail),
    }
}

/// A word of the input and the 1-based position of its first character.
struct Word<'a> {
    position: usize,
    text: &'a str,
}

impl Word<'_> {
    fn len(&self) -> usize {
        self.text.chars().count()
    }
}

/// The sheet's marker before a check letter, which a copy from the PDF brings along.
fn is_marker(word: &str) -> bool {
    matches!(word, "▸" | ">" | "›")
}

/// The groups of each line of the printed layout, every line checked against
/// its letter, when `input` has that layout (the fifth word a single character
/// after four words of four); `None` when it does not.
fn sheet_lines(input: &str) -> Result<Option<Vec<Zeroizing<String>>>, KeyError> {
    let mut words = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (char position, byte offset)
    for (index, (offset, c)) in input.char_indices().enumerate() {
        match (is_separator(c), start) {
            (true, Some((position, from))) => {
                words.push(Word {
                    position,
                    text: &input[from..offset],
                });
                start = None;
            }
            (false, None) => start = Some((index + 1, offset)),
            _ => {}
        }
    }
    if let Some((position, from)) = start {
        words.push(Word {
            position,
            text: &input[from..],
        });
    }
    words.retain(|w| !is_marker(w.text));

    let full_line =
        |w: &[Word<'_>]| w.len() >= 5 && w[..4].iter().all(|g| g.len() == 4) && w[4].len() == 1;
    if !full_line(&words) {
        return Ok(None);
    }
    let mut lines = Vec::new();
    let mut rest = &words[..];
    while !rest.is_empty() {
        let line = lines.len() + 1;
        let (groups, check, next) = if full_line(rest) {
            (&rest[..4], &rest[4], &rest[5..])
        } else {
            // The last line: up to four groups, then its letter.
            let Some((check, groups)) = rest.split_last() else {
                break;
            };
            if groups.is_empty()
                || groups.len() > 4
                || check.len() != 1
                || groups.iter().any(|g| g.len() > 4)
            {
                return Err(KeyError::MissingCheckLetter { line });
            }
            (groups, check, &rest[rest.len()..])
        };
        let mut joined = Zeroizing::new(String::new());
        for word in groups.iter().chain(std::iter::once(check)) {
            for (i, c) in word.text.chars().enumerate() {
                key_symbol(word.position + i, c)?;
            }
        }
        for word in groups {
            joined.push_str(word.text);
        }
        let check = check.text.chars().next().unwrap_or('?');
        if !crate::sheet::line_is_valid(&joined, check) {
            return Err(KeyError::CheckLetterMismatch { line });
        }
        lines.push(joined);
        rest = next;
    }
    Ok(Some(lines))
}

/// `c`, typed at 1-based `position`, as a base32 symbol (upper case), or why it is not one.
fn key_symbol(position: usize, c: char) -> Result<char, KeyError> {
    let upper = c.to_ascii_uppercase();
    match base32::symbol_value(upper) {
        Some(_) => Ok(upper),
        None => Err(KeyError::InvalidCharacter {
            position,
            character: c,
            hint: look_alike(c),
        }),
    }
}

/// Decodes a key without check letters.
fn decode(input: &str, tail: Tail) -> Result<CheckedKey, KeyError> {
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
        symbols.push(key_symbol(position, c)?);
    }
    if symbols.is_empty() {
        return Err(KeyError::Empty);
    }
    let count = symbols.len();
    let bytes =
        base32::decode_symbols(&symbols).ok_or(KeyError::IncompleteKey { symbols: count })?;
    if tail == Tail::Strict && !base32::tail_is_zero(&symbols) {
        return Err(KeyError::LastCharacterDoesNotFit {
            symbols: count,
            usual: nearest_usual_length(count),
        });
    }
    let bits = bytes.len() * 8;
    if bits < MIN_KEY_BITS {
        return Err(KeyError::TooShort {
            bits,
            symbols: count,
        });
    }
    let unusual_length = (!USUAL_KEY_LENGTHS.contains(&count)).then(|| UnusualLength {
        symbols: count,
        usual: nearest_usual_length(count),
    });
    Ok(CheckedKey {
        key: SecretKey::from_bytes(bytes.to_vec()),
        strength: KeyStrength { bits },
        checked_lines: 0,
        unusual_length,
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

    /// The key as printed on the sheet, typed back line by line with each
    /// line's check letter.
    fn as_printed(key: &str, marker: &str) -> String {
        crate::sheet::key_lines(key)
            .iter()
            .map(|l| format!("{} {marker}{} ", l.groups, l.check))
            .collect()
    }

    #[test]
    fn a_key_typed_from_the_sheet_with_its_check_letters() {
        for key in [
            "JBSWY3DPEHPK3PXP",                      // one full line
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",      // two full lines
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDG", // a short last line
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQ",
        ] {
            let lines = key.len().div_ceil(16);
            for marker in ["", "▸ ", "> "] {
                let typed = as_printed(key, marker);
                let checked = check_key(&typed).unwrap_or_else(|e| panic!("{typed:?}: {e}"));
                assert_eq!(checked.normalized().as_str(), key, "{typed:?}");
                assert_eq!(checked.checked_lines, lines, "{typed:?}");
                let lower = check_key(&typed.to_lowercase()).unwrap();
                assert_eq!(lower.normalized().as_str(), key);
            }
            // Without the check letters it is an ordinary key.
            let plain = check_key(&group_in_fours(key)).unwrap();
            assert_eq!((plain.normalized().as_str(), plain.checked_lines), (key, 0));
        }
    }

    #[test]
    fn check_letters_are_never_taken_into_the_key() {
        // Before the sheet layout was recognised, these 34 characters decoded
        // to a valid-looking 168-bit key that gives wrong codes.
        let typed = as_printed("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "");
        assert_eq!(typed.split_whitespace().count(), 10);
        assert_eq!(check_key(&typed).unwrap().strength.bits, 160);
    }

    #[test]
    fn a_mistyped_line_is_named() {
        let key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDG";
        let printed = crate::sheet::key_lines(key);
        for line in 0..printed.len() {
            for at in 0..printed[line].groups.len() {
                let mut typed: Vec<String> = printed
                    .iter()
                    .map(|l| format!("{} {}", l.groups, l.check))
                    .collect();
                let chars: Vec<char> = typed[line].chars().collect();
                if chars[at] == ' ' {
                    continue;
                }
                let wrong = if chars[at] == 'A' { 'B' } else { 'A' };
                typed[line] = chars
                    .iter()
                    .enumerate()
                    .map(|(i, &c)| if i == at { wrong } else { c })
                    .collect();
                assert_eq!(
                    check_key(&typed.join(" ")).unwrap_err(),
                    KeyError::CheckLetterMismatch { line: line + 1 },
                    "line {line} char {at}"
                );
            }
        }
    }

    #[test]
    fn a_missing_check_letter_or_a_bad_character_is_named() {
        let key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDG";
        let lines = crate::sheet::key_lines(key);
        let second_without = format!(
            "{} {} {} {}",
            lines[0].groups, lines[0].check, lines[1].groups, lines[2].groups
        );
        assert_eq!(
            check_key(&second_without).unwrap_err(),
            KeyError::MissingCheckLetter { line: 2 }
        );
        let last_without = format!(
            "{} {} {} {} {}",
            lines[0].groups, lines[0].check, lines[1].groups, lines[1].check, "GE ZDG"
        );
        assert_eq!(
            check_key(&last_without).unwrap_err(),
            KeyError::MissingCheckLetter { line: 3 }
        );
        // A zero where an O belongs: its position in the text as typed.
        let typed = format!("{} {}", lines[0].groups, lines[0].check).replace('Q', "0");
        assert_eq!(
            check_key(&typed).unwrap_err(),
            KeyError::InvalidCharacter {
                position: typed.find('0').unwrap() + 1,
                character: '0',
                hint: Some('O')
            }
        );
        assert!(KeyError::CheckLetterMismatch { line: 2 }
            .to_string()
            .contains("line 2"));
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
            KeyError::TooShort {
                bits: 40,
                symbols: 8
            }
        );
    }

    /// Every length 1–128 of a prefix of one long key: a length no encoder
    /// writes is incomplete, a last character with stray bits does not fit,
    /// under 80 bits is too short, an unusual length warns, a usual one is clean.
    #[test]
    fn key_length_rule_for_every_length() {
        // 128 characters whose every symbol has its low bits set, so any cut
        // that leaves bits over makes the last character not fit.
        let full: String = "7".repeat(128);
        for len in 1..=128 {
            let typed = &full[..len];
            let result = check_key(typed);
            let leftover = (len * 5) % 8;
            if !base32::is_valid_length(len) {
                assert_eq!(
                    result.unwrap_err(),
                    KeyError::IncompleteKey { symbols: len },
                    "{len}"
                );
            } else if leftover != 0 {
                assert!(
                    matches!(result.unwrap_err(), KeyError::LastCharacterDoesNotFit { symbols, .. } if symbols == len),
                    "{len}"
                );
            } else if len * 5 / 8 * 8 < MIN_KEY_BITS {
                assert!(
                    matches!(result.unwrap_err(), KeyError::TooShort { .. }),
                    "{len}"
                );
            } else {
                let key = result.unwrap_or_else(|e| panic!("{len}: {e}"));
                assert_eq!(
                    key.unusual_length.is_some(),
                    !USUAL_KEY_LENGTHS.contains(&len),
                    "{len}"
                );
            }
        }
        // And the same with keys whose cut leaves zero bits: only the length warns.
        for len in 1..=128 {
            let typed = "A".repeat(len);
            match check_key(&typed) {
                Ok(key) => {
                    assert!(len >= 16, "{len}");
                    assert_eq!(
                        key.unusual_length.is_some(),
                        !USUAL_KEY_LENGTHS.contains(&len),
                        "{len}"
                    );
                }
                Err(KeyError::IncompleteKey { .. }) => assert!(!base32::is_valid_length(len)),
                Err(KeyError::TooShort { .. }) => assert!(len < 16),
                Err(other) => panic!("{len}: {other}"),
            }
        }
    }

    #[test]
    fn one_character_missing_is_named() {
        // A real 32-character key with its last character dropped: the last
        // character of the 31 carries stray bits.
        let err = check_key("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the last character does not fit: a character is probably missing or extra (31 characters; keys are usually 32)"
        );
        // One short of 16, whose bits happen to fit: too short, and says why.
        let err = check_key("JBSWY3DPEHPK3PA").unwrap_err();
        assert!(
            err.to_string()
                .contains("one character is probably missing"),
            "{err}"
        );
        // 31 characters that do decode cleanly are accepted with a warning.
        let key = check_key("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PA").unwrap();
        assert_eq!(
            key.unusual_length.map(|w| w.to_string()).as_deref(),
            Some(
                "this key has 31 characters; keys are usually 32. Check that you copied all of it"
            )
        );
        assert!(check_key("JBSWY3DPEHPK3PXP")
            .unwrap()
            .unusual_length
            .is_none());
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

    #[test]
    fn invisible_characters_from_a_web_page_are_separators() {
        for pasted in [
            "JBSW\u{200B}Y3DP\u{200C}EHPK\u{200D}3PXP",
            "\u{FEFF}JBSWY3DP\u{2060}EHPK3PXP",
            "JBSW\tY3DP\u{00A0}EHPK 3PXP",
        ] {
            assert_eq!(
                check_key(pasted).unwrap().normalized().as_str(),
                "JBSWY3DPEHPK3PXP"
            );
        }
    }
}
