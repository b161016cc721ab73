//! The printable backup sheet: a PDF (ISO 32000-1) with each account's backup
//! codes as tick boxes and, only when asked for, a recovery part with the
//! account's `otpauth://` QR code (ISO/IEC 18004) and its key in checked lines.
//!
//! Pure: fonts come in as bytes ([`SheetFonts`]), the print time as a Unix
//! time; the caller decides where the bytes go.

mod key_lines;
mod layout;
mod pdf;
mod text;
mod words;

pub use key_lines::{check_char, key_lines, line_is_valid, KeyLine};
pub use text::{FontFace, SheetFonts};
pub use words::SheetWords;

use crate::vault::BackupCodeEntry;
use crate::{Account, OtpKind};
use std::collections::BTreeSet;
use std::str::FromStr;
use zeroize::Zeroizing;

/// Paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in points.
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    /// The usual paper where a POSIX locale (`en_US.UTF-8`, `fr_CA`) is used:
    /// Letter in the United States, Canada, Mexico, Chile, Colombia,
    /// Venezuela, the Philippines and Puerto Rico; A4 elsewhere.
    pub fn for_locale(locale: &str) -> Self {
        let territory = locale
            .split(['.', '@'])
            .next()
            .and_then(|l| l.split(['_', '-']).nth(1))
            .unwrap_or("");
        match territory.to_ascii_uppercase().as_str() {
            "US" | "CA" | "MX" | "CL" | "CO" | "VE" | "PH" | "PR" => Paper::Letter,
            _ => Paper::A4,
        }
    }

    /// The paper of the first set locale variable (`LC_ALL`, then `LC_PAPER`,
    /// then `LANG`, the POSIX order), read through `var`; A4 when none is set.
    pub fn from_locale_vars(var: impl Fn(&str) -> Option<String>) -> Self {
        ["LC_ALL", "LC_PAPER", "LANG"]
            .iter()
            .filter_map(|name| var(name))
            .find(|value| !value.is_empty())
            .map_or(Paper::A4, |locale| Paper::for_locale(&locale))
    }

    /// `a4` or `letter`.
    pub fn as_str(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }
}

impl FromStr for Paper {
    type Err = SheetError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "a4" => Ok(Paper::A4),
            "letter" | "us-letter" => Ok(Paper::Letter),
            other => Err(SheetError::Paper(other.to_owned())),
        }
    }
}

/// What can keep a sheet from being made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SheetError {
    /// A font that could not be read or subset.
    #[error("the font {0} could not be used")]
    Font(String),
    /// An unknown paper name.
    #[error("unknown paper size \"{0}\" (use a4 or letter)")]
    Paper(String),
}

/// The recovery part of an account: its setup link and key. Both are secrets.
pub struct Recovery {
    /// The `otpauth://` URI drawn as the QR code.
    pub uri: Zeroizing<String>,
    /// The key in base32.
    pub key: Zeroizing<String>,
    /// Kind, algorithm, digits and period or counter, in words.
    pub details: String,
}

impl std::fmt::Debug for Recovery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Recovery(<redacted>)")
    }
}

impl Recovery {
    /// The recovery part for an account, described with `words`.
    pub fn of(account: &Account, words: &SheetWords) -> Self {
        let p = &account.params;
        let digits = p.digits().to_string();
        let algorithm = p.algorithm().as_str();
        let details = match p.kind() {
            OtpKind::Totp => words::fill(
                &words.totp_details,
                &[
                    ("algorithm", algorithm),
                    ("digits", &digits),
                    ("period", &p.period().unwrap_or(30).to_string()),
                ],
            ),
            OtpKind::Hotp => words::fill(
                &words.hotp_details,
                &[
                    ("algorithm", algorithm),
                    ("digits", &digits),
                    ("counter", &p.counter().unwrap_or(0).to_string()),
                ],
            ),
            OtpKind::Steam => words::fill(
                &words.steam_details,
                &[("period", &p.period().unwrap_or(30).to_string())],
            ),
        };
        Self {
            uri: account.to_uri(),
            key: account.key.to_base32(),
            details,
        }
    }
}

/// One account on the sheet.
#[derive(Debug)]
pub struct SheetAccount {
    /// Issuer ("GitHub"); may be empty.
    pub issuer: String,
    /// Account name; may be empty.
    pub name: String,
    /// Its backup codes, used ones included (they print struck through).
    pub codes: Vec<BackupCodeEntry>,
    /// The recovery part, only when the user chose it.
    pub recovery: Option<Recovery>,
}

/// Everything a sheet shows.
#[derive(Debug)]
pub struct SheetRequest {
    /// Profile name, printed under the title.
    pub profile: String,
    /// When it is printed (Unix seconds), shown as a UTC date.
    pub printed_at: u64,
    /// Paper size.
    pub paper: Paper,
    /// Accounts in print order.
    pub accounts: Vec<SheetAccount>,
}

impl SheetRequest {
    /// Every character the sheet will print, to find fonts for them.
    pub fn characters(&self, words: &SheetWords) -> BTreeSet<char> {
        let mut chars: BTreeSet<char> = BTreeSet::new();
        let mut add = |s: &str| chars.extend(s.chars().filter(|c| !c.is_control()));
        add(&self.profile);
        for a in &self.accounts {
            add(&a.issuer);
            add(&a.name);
        }
        add(&words.title);
        add(&words.subtitle);
        for p in &words.instructions {
            add(p);
        }
        chars
    }
}

/// A finished sheet.
pub struct Sheet {
    /// The PDF file. Holds backup codes (and keys with recovery): wiped on drop.
    pub pdf: Zeroizing<Vec<u8>>,
    /// Number of pages.
    pub pages: usize,
    /// Account indices on each page, in order (an account split over pages is
    /// listed on each).
    pub accounts_per_page: Vec<Vec<usize>>,
    /// Characters no font had; they print as empty boxes.
    pub missing_glyphs: BTreeSet<char>,
}

impl std::fmt::Debug for Sheet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sheet")
            .field("bytes", &self.pdf.len())
            .field("pages", &self.pages)
            .field("missing_glyphs", &self.missing_glyphs)
            .finish()
    }
}

/// Makes the sheet.
pub fn render(
    request: &SheetRequest,
    fonts: &SheetFonts,
    words: &SheetWords,
) -> Result<Sheet, SheetError> {
    let mut shaper = text::Shaper::new(fonts).map_err(SheetError::Font)?;
    let pages = layout::Layout::new(&mut shaper, words, request.paper).run(request);
    let pdf = pdf::write(
        &pages,
        &shaper.faces,
        &words.title,
        request.paper.size_pt(),
        request.printed_at,
    )?;
    Ok(Sheet {
        pdf,
        pages: pages.len(),
        accounts_per_page: pages.iter().map(|p| p.accounts.clone()).collect(),
        missing_glyphs: std::mem::take(&mut shaper.missing),
    })
}

/// `YYYY-MM-DD` (UTC) of a Unix time (days-from-civil inverse, proleptic Gregorian).
pub fn iso_date(unix: u64) -> String {
    let days = i64::try_from(unix / 86_400).unwrap_or(0);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests;
