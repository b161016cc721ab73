//! Intake of setup codes: every text a scan decoded or a user pasted goes
//! through here, once, for the app and the CLI alike.
//!
//! - An `otpauth://` account or a single-part Google Authenticator export is
//!   *staged*: kept here (in Rust, zeroized) until the user confirms, while
//!   the shells only see a preview (names and current codes).
//! - A part of a multi-part export is collected; its accounts are staged
//!   once every part is in. A part of another export, or a repeat, is refused
//!   with the reason. [`Intake::cancel`] drops the collection.
//! - A setup code that cannot be used is refused with its typed reason; its
//!   text — which may hold a key — is never handed back.
//! - Anything else (a web address on a poster) is returned as text to show.

use crate::error::{Error, Result};
use crate::views::{LinkPreview, PreviewAccount, ScanResult};
use tessera_core::migration::MigrationBatch;
use tessera_core::transfer::TransferCollector;
use tessera_core::{parse_setup_link, Account, SetupLink};
use zeroize::Zeroizing;

/// Longest `otpauth-migration://` link accepted (bytes), checked here before
/// parsing (the core's parser refuses it on its own too).
pub use tessera_core::migration::MAX_MIGRATION_BYTES;
/// Longest `otpauth://` link accepted (bytes), checked here before parsing
/// (the core's parser refuses it on its own too).
pub use tessera_core::otpauth::MAX_LINK_BYTES;
/// How much of a non-authenticator QR text is shown.
const MAX_OTHER_CHARS: usize = 200;

/// Schemes of links that carry a key but that Tessera cannot add.
const OTHER_KEY_SCHEMES: &[(&str, &str)] = &[
    ("steam", "a Steam link (steam://) holds a Steam Guard key; add it with Steam's setup QR code or the key instead"),
    ("motp", "mOTP links are not supported"),
    ("yaotp", "Yandex OTP links are not supported"),
    ("apple-otpauth", "an Apple Passwords link is not a standard setup code"),
    ("totp", "this is not a standard setup link (it should start with otpauth://)"),
    ("hotp", "this is not a standard setup link (it should start with otpauth://)"),
];

/// What one decoded or pasted text is.
#[derive(Debug)]
pub enum Classified {
    /// One account to add.
    Account(Box<Account>),
    /// A Google Authenticator export, or one part of one.
    Export(MigrationBatch),
    /// A setup code that cannot be used, and why (never its text).
    Refused(String),
    /// Not an authenticator code: its (shortened) text.
    Other(String),
}

fn scheme(text: &str) -> Option<String> {
    let (scheme, _) = text.split_once(':')?;
    let ok = !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    ok.then(|| scheme.to_ascii_lowercase())
}

/// Sorts one text (see the module docs). Sizes are checked before parsing.
pub fn classify(text: &str) -> Classified {
    let text = text.trim();
    match scheme(text).as_deref() {
        Some(s @ ("otpauth" | "otpauth-migration")) => {
            let cap = if s == "otpauth" {
                MAX_LINK_BYTES
            } else {
                MAX_MIGRATION_BYTES
            };
            if text.len() > cap {
                let err = tessera_core::UriError::TooLong {
                    bytes: text.len(),
                    max: cap,
                };
                return Classified::Refused(err.to_string());
            }
            match parse_setup_link(text) {
                Ok(SetupLink::Account(account)) => Classified::Account(Box::new(account)),
                Ok(SetupLink::Migration(batch)) => Classified::Export(batch),
                Err(err) => Classified::Refused(err.to_string()),
            }
        }
        Some(s) => match OTHER_KEY_SCHEMES.iter().find(|(name, _)| *name == s) {
            Some((_, reason)) => Classified::Refused((*reason).to_owned()),
            None => Classified::Other(shorten(text)),
        },
        None => Classified::Other(shorten(text)),
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_OTHER_CHARS {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(MAX_OTHER_CHARS).collect();
        short.push('…');
        short
    }
}

/// What is said of text that is no setup link at all.
pub const NOT_A_LINK: &str =
    "this is not a setup link: it should start with otpauth:// or otpauth-migration://";

/// A link's accounts, and for an export which part of how many (1-based).
pub type LinkAccounts = (Vec<Account>, Option<(u32, u32)>);

/// The accounts a pasted or typed-in link holds: an account, or every
/// account of an export part (a single part is added on its own).
pub fn link_accounts(text: &str) -> Result<LinkAccounts> {
    match classify(text) {
        Classified::Account(account) => Ok((vec![*account], None)),
        Classified::Export(batch) => {
            let part = (batch.batch_index.saturating_add(1), batch.batch_size.max(1));
            Ok((batch.accounts, Some(part)))
        }
        Classified::Refused(reason) => Err(Error::invalid(reason)),
        Classified::Other(_) => Err(Error::invalid(NOT_A_LINK)),
    }
}

/// Scanned setup codes waiting for the user, and an export being collected.
#[derive(Debug, Default)]
pub struct Intake {
    staged: Vec<Account>,
    transfer: TransferCollector,
}

/// Previews of `accounts` at `now`.
pub fn previews(accounts: &[Account], now: u64) -> Vec<PreviewAccount> {
    accounts
        .iter()
        .map(|a| PreviewAccount::of(a, now))
        .collect()
}

impl Intake {
    /// Takes what one scan found; replaces what an earlier scan staged.
    pub fn take_scan(&mut self, texts: Vec<Zeroizing<String>>, now: u64) -> ScanResult {
        let found = !texts.is_empty();
        self.staged.clear();
        let (mut refused, mut other) = (Vec::new(), Vec::new());
        let mut part = None;
        for text in &texts {
            match classify(text) {
                Classified::Account(account) => self.staged.push(*account),
                Classified::Export(batch) if batch.batch_size <= 1 => {
                    self.staged.extend(batch.accounts);
                }
                Classified::Export(batch) => {
                    part = Some((batch.batch_index.saturating_add(1), batch.batch_size));
                    if let Err(err) = self.transfer.add(batch) {
                        refused.push(err.to_string());
                    }
                }
                Classified::Refused(reason) => refused.push(reason),
                Classified::Other(text) => other.push(text),
            }
        }
        let transfer = self.transfer.progress().map(|p| (p.scanned, p.total));
        if let Some(complete) = self.transfer.take_complete() {
            self.staged.extend(complete);
        }
        ScanResult {
            found,
            transfer,
            preview: LinkPreview {
                accounts: previews(&self.staged, now),
                part,
            },
            refused,
            other_texts: other,
        }
    }

    /// Parts of an export collected so far, if one is being collected.
    pub fn transfer_progress(&self) -> Option<(u32, u32)> {
        self.transfer.progress().map(|p| (p.scanned, p.total))
    }

    /// The staged accounts, all or only the positions in `pick`; they are
    /// then no longer staged.
    pub fn take_staged(&mut self, pick: Option<&[u32]>) -> Result<Vec<Account>> {
        let staged = std::mem::take(&mut self.staged);
        let chosen: Vec<Account> = match pick {
            None => staged,
            Some(pick) => {
                if let Some(bad) = pick.iter().find(|p| **p as usize >= staged.len()) {
                    self.staged = staged;
                    return Err(Error::invalid(format!(
                        "there is no scanned account number {}",
                        u64::from(*bad) + 1
                    )));
                }
                staged
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| pick.iter().any(|p| *p as usize == *i))
                    .map(|(_, a)| a)
                    .collect()
            }
        };
        if chosen.is_empty() {
            return Err(match self.transfer_progress() {
                Some((scanned, total)) => Error::invalid(format!(
                    "{scanned} of {total} parts of the export are scanned; scan the rest first, or cancel"
                )),
                None => Error::invalid("there is no scanned account to add"),
            });
        }
        Ok(chosen)
    }

    /// Drops everything staged and any export being collected.
    pub fn cancel(&mut self) {
        self.staged.clear();
        self.transfer.clear();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use tessera_core::migration::format_migration;

    const KEY: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    fn texts(list: &[&str]) -> Vec<Zeroizing<String>> {
        list.iter()
            .map(|t| Zeroizing::new((*t).to_owned()))
            .collect()
    }

    #[test]
    fn a_refused_setup_code_gives_its_reason_never_its_text() {
        for (link, reason) in [
            (
                format!("otpauth://totp/Bank:alice?secret={KEY}&issuer=Other"),
                "does not match",
            ),
            (
                format!("otpauth://totp/X:y?secret={KEY}&digits=9"),
                "digits",
            ),
            (
                format!("otpauth://totp/X:y?secret={KEY}&period=0"),
                "period",
            ),
            (
                format!("otpauth://totp/X:y?secret={KEY}&algorithm=MD5"),
                "MD5",
            ),
            ("otpauth://totp/X:y?secret=JBSWY3DP".to_owned(), "secret"),
            (
                format!("OTPAUTH://totp/X:y?secret={KEY}&counter=x&digits=1"),
                "digits",
            ),
            (format!("steam://{KEY}"), "Steam"),
        ] {
            let mut intake = Intake::default();
            let result = intake.take_scan(texts(&[&link]), 0);
            let shown = serde_json::to_string(&result).unwrap_or_default();
            assert!(!shown.contains("JBSWY3DP"), "{link}: {shown}");
            assert_eq!(result.refused.len(), 1, "{link}: {shown}");
            assert!(result.refused[0].contains(reason), "{link}: {shown}");
            assert!(result.other_texts.is_empty());
        }
    }

    #[test]
    fn other_texts_are_shown_shortened() {
        let mut intake = Intake::default();
        let long = format!("https://example.com/{}", "a".repeat(500));
        let result = intake.take_scan(texts(&["https://clinic.example/wifi", &long]), 0);
        assert_eq!(result.other_texts[0], "https://clinic.example/wifi");
        assert_eq!(result.other_texts[1].chars().count(), MAX_OTHER_CHARS + 1);
        assert!(result.preview.accounts.is_empty());
    }

    fn export_parts(n: usize) -> Vec<String> {
        let accounts: Vec<Account> = (0..n)
            .map(|i| {
                format!("otpauth://totp/Part{i}:a?secret={KEY}")
                    .parse()
                    .unwrap()
            })
            .collect();
        accounts
            .iter()
            .enumerate()
            .map(|(i, a)| {
                format_migration(std::slice::from_ref(a), i as u32, n as u32, 7).to_string()
            })
            .collect()
    }

    #[test]
    fn an_incomplete_export_blocks_nothing_and_can_be_cancelled() {
        let parts = export_parts(2);
        let mut intake = Intake::default();
        let first = intake.take_scan(texts(&[&parts[0]]), 0);
        assert_eq!(first.transfer, Some((1, 2)));
        assert!(first.preview.accounts.is_empty());
        // A single code scanned meanwhile can be added on its own.
        let single = format!("otpauth://totp/Solo:a?secret={KEY}");
        let solo = intake.take_scan(texts(&[&single]), 0);
        assert_eq!(solo.preview.accounts.len(), 1);
        assert_eq!(solo.transfer, Some((1, 2)));
        let added = intake.take_staged(None).unwrap();
        assert_eq!(added[0].issuer, "Solo");
        // Cancel forgets the half-collected export.
        intake.cancel();
        assert_eq!(intake.transfer_progress(), None);
    }

    #[test]
    fn picking_from_a_scan_picks_among_its_own_accounts() {
        let parts = export_parts(2);
        let mut intake = Intake::default();
        intake.take_scan(texts(&[&parts[0]]), 0);
        // The last part and two plain codes in one picture.
        let one = format!("otpauth://totp/One:a?secret={KEY}");
        let two = format!("otpauth://totp/Two:a?secret={KEY}");
        let result = intake.take_scan(texts(&[&one, &parts[1], &two]), 0);
        let names: Vec<&str> = result
            .preview
            .accounts
            .iter()
            .map(|a| a.issuer.as_str())
            .collect();
        assert_eq!(names, ["One", "Two", "Part0", "Part1"]);
        let picked = intake.take_staged(Some(&[1])).unwrap();
        assert_eq!(picked.len(), 1);
        assert_eq!(picked[0].issuer, "Two");
    }

    #[test]
    fn both_parts_in_one_picture_complete_the_export() {
        let parts = export_parts(2);
        let mut intake = Intake::default();
        let result = intake.take_scan(texts(&[&parts[1], &parts[0]]), 0);
        assert_eq!(result.preview.accounts.len(), 2);
        assert_eq!(intake.take_staged(None).unwrap().len(), 2);
    }

    #[test]
    fn a_single_pasted_part_adds_its_accounts_directly() {
        let parts = export_parts(3);
        let (accounts, part) = link_accounts(&parts[1]).unwrap();
        assert_eq!(accounts.len(), 1);
        assert_eq!(part, Some((2, 3)));
    }

    #[test]
    fn oversized_links_are_refused_before_parsing() {
        let huge = format!("otpauth://totp/X:y?secret={KEY}&x={}", "a".repeat(5000));
        assert!(matches!(classify(&huge), Classified::Refused(r) if r.contains("too long")));
        let err = link_accounts(&huge).unwrap_err();
        assert!(err.message.contains("too long"));
    }
}
