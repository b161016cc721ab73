//! A plain list of `otpauth://` URIs, one per line.
//!
//! Spec: Google Authenticator's Key Uri Format,
//! <https://github.com/google/google-authenticator/wiki/Key-Uri-Format>, read by
//! [`crate::otpauth::parse`] exactly as a scanned or pasted link is. Blank
//! lines and lines starting with `#` are ignored; a bad line is skipped with
//! its line number. Carries everything Tessera has (TOTP, HOTP, Steam via
//! `otpauth://steam/` or `encoder=steam`); loses nothing.

use super::{read_uri_lines, Collector, Format, ImportError, Input};

pub(crate) fn read(input: &Input<'_>, out: &mut Collector) -> Result<(), ImportError> {
    let text = input.text(Format::Otpauth)?;
    read_uri_lines(&text, out, |_| {})
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use crate::import::{read, Format, SkipReason};
    use crate::otp::{Algorithm, OtpParams};

    #[test]
    fn reads_lines_skips_bad_ones() {
        let text = "# exported\r\n\
            otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP&digits=8&period=45&algorithm=SHA256\r\n\
            \r\n\
            otpauth://hotp/B:b?secret=JBSWY3DPEHPK3PXP&counter=42\n\
            otpauth://totp/C:c?secret=JBSWY3DPEHPK3PXP&digits=10\n\
            otpauth://motp/D:d?secret=JBSWY3DPEHPK3PXP\n\
            otpauth://totp/E:e?secret=GEZDGNBV\n";
        let got = read(text.as_bytes(), Some(Format::Otpauth), None).unwrap();
        assert_eq!(got.accounts.len(), 2);
        assert_eq!(
            got.accounts[0].params,
            OtpParams::totp(Algorithm::Sha256, 8, 45).unwrap()
        );
        assert_eq!(got.accounts[1].params.counter(), Some(42));
        assert_eq!(got.skipped.len(), 3);
        assert_eq!(got.skipped[0].entry, "C (c)", "named by its label");
        assert!(matches!(got.skipped[0].reason, SkipReason::BadParams(_)));
        assert_eq!(
            got.skipped[1].reason,
            SkipReason::Unsupported("MOTP is not supported")
        );
        assert_eq!(got.skipped[2].reason, SkipReason::ShortKey { bits: 40 });
    }
}
