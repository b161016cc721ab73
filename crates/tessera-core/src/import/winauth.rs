//! WinAuth's text export: one `otpauth://` URI per line.
//!
//! Source: WinAuth's "Export" (plain text), and Aegis's `WinAuthImporter`
//! (<https://github.com/beemdevelopment/Aegis/blob/master/app/src/main/java/com/beemdevelopment/aegis/importers/WinAuthImporter.java>).
//! WinAuth writes only its own name for the account as the label, with no
//! issuer: that name becomes the issuer here (as Aegis does) and the account
//! name is left empty. An issuer the URI does carry is kept. Steam entries
//! use `encoder=steam`. Cannot carry: a separate account name.

use super::{read_uri_lines, Collector, Format, ImportError, Input};

pub(crate) fn read(input: &Input<'_>, out: &mut Collector) -> Result<(), ImportError> {
    let text = input.text(Format::WinAuth)?;
    read_uri_lines(&text, out, |account| {
        if account.issuer.is_empty() {
            account.issuer = std::mem::take(&mut account.name);
        }
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use crate::import::{read, Format};
    use crate::otp::OtpKind;

    #[test]
    fn label_becomes_issuer() {
        let text = "otpauth://totp/My%20Bank?secret=JBSWY3DPEHPK3PXP&digits=6\n\
                    otpauth://totp/Steam?secret=JBSWY3DPEHPK3PXP&encoder=steam\n\
                    otpauth://totp/GitHub:me?secret=JBSWY3DPEHPK3PXP&issuer=GitHub\n";
        let got = read(text.as_bytes(), Some(Format::WinAuth), None).unwrap();
        assert_eq!(got.accounts[0].issuer, "My Bank");
        assert_eq!(got.accounts[0].name, "");
        assert_eq!(got.accounts[1].params.kind(), OtpKind::Steam);
        assert_eq!(got.accounts[2].issuer, "GitHub");
        assert_eq!(got.accounts[2].name, "me");
    }
}
