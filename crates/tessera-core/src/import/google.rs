//! Google Authenticator transfer links, `otpauth-migration://offline?data=…`,
//! one per line (the app decodes them from the export QR codes).
//!
//! Format: the protobuf `MigrationPayload` read by [`crate::migration`]
//! (schema as in Aegis's `GoogleAuthInfo` and dim13/otpauth). Cannot carry:
//! periods other than 30 s, 7 digits, Steam. A line that does not decode is
//! skipped as a whole (the payload gives no way to keep its other accounts).

use super::{Collector, EntryLabel, Format, ImportError, Input, SkipReason};
use crate::migration::parse_migration;

pub(crate) fn read(input: &Input<'_>, out: &mut Collector) -> Result<(), ImportError> {
    let text = input.text(Format::Google)?;
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match parse_migration(line) {
            Ok(batch) => {
                out.expect(batch.accounts.len())?;
                for account in batch.accounts {
                    let label = EntryLabel::new(&account.issuer, &account.name);
                    out.push(label, Ok(account))?;
                }
            }
            Err(error) => out.push(
                EntryLabel::line(index + 1),
                Err(SkipReason::BadEntry(error.to_string())),
            )?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use crate::import::{detect, read, Format};
    use crate::migration::format_migration;
    use crate::Account;

    #[test]
    fn reads_every_line() {
        let a: Account = "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP"
            .parse()
            .unwrap();
        let b: Account = "otpauth://hotp/B:b?secret=JBSWY3DPEHPK3PXQ&counter=5"
            .parse()
            .unwrap();
        let text = format!(
            "{}\n{}\notpauth-migration://offline?data=AAAA\n",
            format_migration(std::slice::from_ref(&a), 0, 2, 7).as_str(),
            format_migration(std::slice::from_ref(&b), 1, 2, 7).as_str()
        );
        assert_eq!(detect(text.as_bytes()).unwrap().format, Format::Google);
        let got = read(text.as_bytes(), None, None).unwrap();
        assert_eq!(got.accounts, vec![a, b]);
        assert_eq!(got.skipped.len(), 1);
        assert_eq!(got.skipped[0].entry, "line 3");
    }
}
