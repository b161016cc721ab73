//! Every sentence printed on the backup sheet, in one place for translation.

/// The sheet's wording. [`SheetWords::default`] is English; `{name}` marks
/// are filled in by the layout.
#[derive(Debug, Clone)]
pub struct SheetWords {
    /// Document title.
    pub title: String,
    /// Under the title: `{profile}`, `{date}`.
    pub subtitle: String,
    /// The instructions, one paragraph each.
    pub instructions: Vec<String>,
    /// Running head on later pages: `{profile}`.
    pub running_head: String,
    /// Footer: `{page}`, `{pages}`.
    pub footer: String,
    /// An account without codes.
    pub no_codes: String,
    /// `{unused}`, `{total}`.
    pub codes_summary: String,
    /// An account split over pages: `{name}`.
    pub continued: String,
    /// Heading of the recovery part, with its warning.
    pub recovery_title: String,
    /// How to use the recovery part.
    pub recovery_help: String,
    /// TOTP details: `{algorithm}`, `{digits}`, `{period}`.
    pub totp_details: String,
    /// HOTP details: `{algorithm}`, `{digits}`, `{counter}`.
    pub hotp_details: String,
    /// Steam details: `{period}`.
    pub steam_details: String,
    /// An account with neither issuer nor name.
    pub unnamed: String,
}

impl Default for SheetWords {
    fn default() -> Self {
        let s = |t: &str| t.to_owned();
        Self {
            title: s("Tessera backup sheet"),
            subtitle: s("Profile “{profile}” · printed {date}"),
            instructions: vec![
                s("Backup codes (some websites call them recovery codes) are one-time codes a website gives you for the day your authenticator is not at hand. Each code works once."),
                s("To sign in with one, choose “use a backup code” (or “recovery code”, or “try another way”) on the website, type an unused code, then tick its box on this sheet."),
                s("An account with a recovery part can be added again from this sheet: scan its QR code (Tessera: Add account → Scan a QR code) or type the key beside it. The letter after each line of the key checks that line."),
                s("Keep this sheet somewhere safe, as you would a passport. Anyone who holds it can use these codes."),
            ],
            running_head: s("Tessera backup sheet · profile “{profile}”"),
            footer: s("Page {page} of {pages}"),
            no_codes: s("No backup (recovery) codes saved for this account."),
            codes_summary: s("{unused} of {total} codes unused"),
            continued: s("{name} (continued)"),
            recovery_title: s("Recovery: anyone with this part can make this account’s codes"),
            recovery_help: s("Scan the QR code, or type the key; the letter after ▸ checks each line."),
            totp_details: s("Time-based · {algorithm} · {digits} digits · every {period} s"),
            hotp_details: s("Counter-based · {algorithm} · {digits} digits · next counter {counter}"),
            steam_details: s("Steam Guard · every {period} s"),
            unnamed: s("(no name)"),
        }
    }
}

/// Replaces `{key}` marks in `template`.
pub(crate) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |acc, (key, value)| {
            acc.replace(&format!("{{{key}}}"), value)
        })
}
