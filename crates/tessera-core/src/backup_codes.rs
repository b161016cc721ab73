//! One-time backup (recovery) codes as websites hand them out, pasted as a
//! block: one per line, numbered (`1. 1234-5678`, `2) abcd efgh`), or several
//! per line separated by commas, semicolons, tabs or spaces; any case; with
//! or without dashes. Lines that are clearly not codes ("Keep these codes
//! somewhere safe") are refused by number, never silently dropped.
//!
//! A code is 4–32 letters and digits after removing spaces and dashes, and
//! contains a digit unless it is written in dash-separated groups
//! (`abcd-efgh`). Codes are compared ignoring case, spaces and dashes.

use serde::{Deserialize, Serialize};

/// Most codes kept for one account.
pub const MAX_CODES: usize = 100;
/// Longest pasted block read, in bytes, checked before anything is parsed:
/// room for [`MAX_CODES`] codes of the longest kind, numbered, with the
/// website's spacing (about 5 KB), several times over.
pub const MAX_PASTE_BYTES: usize = 16 * 1024;

/// Why a pasted block was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BackupCodeError {
    /// No code at all.
    #[error("no backup codes found")]
    Empty,
    /// A line that is not a list of codes.
    #[error("line {line} does not look like backup codes: \"{text}\"")]
    NotACode {
        /// 1-based line number.
        line: usize,
        /// The line as pasted (trimmed, shortened).
        text: String,
    },
    /// More than [`MAX_CODES`].
    #[error("{0} codes is more than the {MAX_CODES} Tessera keeps for one account")]
    TooMany(usize),
    /// Longer than [`MAX_PASTE_BYTES`]; nothing was read.
    #[error("the pasted text is too long ({bytes} bytes; backup codes fit in {max})")]
    TooLong {
        /// Its length in bytes.
        bytes: usize,
        /// The limit.
        max: usize,
    },
}

/// One backup code as the website showed it.
/// Its `Debug` is redacted: codes are secrets.
#[derive(
    Clone, PartialEq, Eq, Serialize, Deserialize, zeroize::Zeroize, zeroize::ZeroizeOnDrop,
)]
#[serde(transparent)]
pub struct BackupCode(String);

impl std::fmt::Debug for BackupCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BackupCode(<redacted>)")
    }
}

impl BackupCode {
    /// The code as shown (spacing and dashes kept, upper-cased when it has letters).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A code read back from storage (already checked when it was stored).
    pub(crate) fn from_stored(text: &str) -> Self {
        Self(text.to_owned())
    }

    /// Letters and digits only, upper case: what two spellings of a code share.
    pub fn canonical(&self) -> String {
        canonical(&self.0)
    }
}

fn canonical(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Whether `typed` is the same code as `code` (ignoring case, spaces and dashes).
pub fn same_code(code: &BackupCode, typed: &str) -> bool {
    let t = canonical(typed);
    !t.is_empty() && t == code.canonical()
}

/// Removes a list marker: `1.`, `1)`, `(1)`, `#1`, `-`, `*`, `•`.
fn strip_marker(line: &str) -> &str {
    let t = line.trim_start();
    for bullet in ["•", "*", "- ", "– "] {
        if let Some(rest) = t.strip_prefix(bullet) {
            return rest.trim_start();
        }
    }
    let hash = t.starts_with('#');
    let t2 = t
        .strip_prefix('#')
        .or_else(|| t.strip_prefix('('))
        .unwrap_or(t);
    let digits = t2.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let after = &t2[digits..];
        if hash && after.starts_with(char::is_whitespace) {
            return after.trim_start();
        }
        for marker in [".", ")", ":"] {
            if let Some(rest) = after.strip_prefix(marker) {
                if rest.starts_with(char::is_whitespace) {
                    return rest.trim_start();
                }
            }
        }
    }
    t
}

fn looks_like_code(token: &str) -> bool {
    let core = canonical(token);
    let allowed = token
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ');
    let has_digit = core.chars().any(|c| c.is_ascii_digit());
    let grouped = token.contains('-') && token.split('-').all(|g| (3..=8).contains(&g.len()));
    allowed && (4..=32).contains(&core.len()) && (has_digit || grouped)
}

/// Splits one line into code tokens; groups of at most 4 characters separated
/// by single spaces are one code written for reading (`1234 5678`).
fn tokens(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in line.split([',', ';', '\t', '|']) {
        let words: Vec<&str> = chunk.split_whitespace().collect();
        if words.is_empty() {
            continue;
        }
        if words.len() > 1 && words.iter().all(|w| w.len() <= 4) {
            out.push(words.join(" "));
        } else {
            out.extend(words.iter().map(|w| (*w).to_owned()));
        }
    }
    out
}

/// Parses a pasted block (at most [`MAX_PASTE_BYTES`]) into codes, in
/// order, without duplicates.
pub fn parse_backup_codes(text: &str) -> Result<Vec<BackupCode>, BackupCodeError> {
    if text.len() > MAX_PASTE_BYTES {
        return Err(BackupCodeError::TooLong {
            bytes: text.len(),
            max: MAX_PASTE_BYTES,
        });
    }
    let mut codes: Vec<BackupCode> = Vec::new();
    // The canonical form of each code kept, computed once.
    let mut seen: Vec<zeroize::Zeroizing<String>> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = strip_marker(raw).trim();
        if line.is_empty() {
            continue;
        }
        let found = tokens(line);
        if found.is_empty() || !found.iter().all(|t| looks_like_code(t)) {
            let shown: String = raw.trim().chars().take(60).collect();
            return Err(BackupCodeError::NotACode {
                line: i + 1,
                text: shown,
            });
        }
        for token in found {
            let code = BackupCode(token.to_ascii_uppercase());
            let key = zeroize::Zeroizing::new(code.canonical());
            if !seen.contains(&key) {
                seen.push(key);
                codes.push(code);
            }
        }
    }
    match codes.len() {
        0 => Err(BackupCodeError::Empty),
        n if n > MAX_CODES => Err(BackupCodeError::TooMany(n)),
        _ => Ok(codes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(codes: &[BackupCode]) -> Vec<&str> {
        codes.iter().map(BackupCode::as_str).collect()
    }

    #[test]
    fn blocks_as_websites_show_them() {
        // GitHub style.
        let c = parse_backup_codes("a1b2c-3d4e5\nf6a7b-8c9d0\n").unwrap();
        assert_eq!(strs(&c), ["A1B2C-3D4E5", "F6A7B-8C9D0"]);
        // Google style: numbered, 8 digits in two groups.
        let c = parse_backup_codes("1. 1234 5678\n2. 8765 4321\n\n3. 1111 2222").unwrap();
        assert_eq!(strs(&c), ["1234 5678", "8765 4321", "1111 2222"]);
        // Several per line, commas and spaces, mixed case.
        let c = parse_backup_codes("abcd1234, EFGH5678; ijkl9012 mnop3456").unwrap();
        assert_eq!(strs(&c), ["ABCD1234", "EFGH5678", "IJKL9012", "MNOP3456"]);
        // Bullets and parenthesised numbers; letters-only codes in dash groups.
        let c = parse_backup_codes("• wxyz-abcd\n(2) qrst-uvwx\n#3 98765432").unwrap();
        assert_eq!(strs(&c), ["WXYZ-ABCD", "QRST-UVWX", "98765432"]);
    }

    #[test]
    fn debug_is_redacted() {
        let c = parse_backup_codes("a1b2c-3d4e5").unwrap();
        assert_eq!(format!("{c:?}"), "[BackupCode(<redacted>)]");
    }

    #[test]
    fn duplicates_are_kept_once() {
        let c = parse_backup_codes("1234-5678\n12345678\n1234 5678").unwrap();
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn prose_is_refused_by_line() {
        let err = parse_backup_codes("1234-5678\nKeep these codes somewhere safe\n").unwrap_err();
        assert_eq!(
            err,
            BackupCodeError::NotACode {
                line: 2,
                text: "Keep these codes somewhere safe".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "line 2 does not look like backup codes: \"Keep these codes somewhere safe\""
        );
        assert!(matches!(
            parse_backup_codes("12"),
            Err(BackupCodeError::NotACode { line: 1, .. })
        ));
        assert!(matches!(
            parse_backup_codes("abc!1234"),
            Err(BackupCodeError::NotACode { .. })
        ));
        assert_eq!(parse_backup_codes("\n  \n"), Err(BackupCodeError::Empty));
    }

    #[test]
    fn at_most_one_hundred() {
        let many: String = (0..101).map(|i| format!("code{i:04}\n")).collect();
        assert_eq!(
            parse_backup_codes(&many),
            Err(BackupCodeError::TooMany(101))
        );
        let hundred: String = (0..100).map(|i| format!("code{i:04}\n")).collect();
        assert_eq!(parse_backup_codes(&hundred).unwrap().len(), 100);
    }

    #[test]
    fn matching_ignores_case_spaces_and_dashes() {
        let c = parse_backup_codes("a1b2c-3d4e5").unwrap();
        assert!(same_code(&c[0], "a1b2c3d4e5"));
        assert!(same_code(&c[0], " A1B2C 3D4E5 "));
        assert!(!same_code(&c[0], "a1b2c3d4e6"));
        assert!(!same_code(&c[0], ""));
    }
}
