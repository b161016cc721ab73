//! Stratum (formerly Authenticator Pro) backups: JSON, the HTML and URI-list
//! exports, and the two encrypted forms.
//!
//! Source: Stratum's `Stratum.Core/src/Backup/` (<https://github.com/stratumauth/app>:
//! `Backup.cs`, `HtmlBackup.cs`, `UriListBackup.cs`,
//! `Encryption/StrongBackupEncryption.cs`, `Encryption/LegacyBackupEncryption.cs`)
//! and Aegis's `StratumImporter`. JSON: `{"Authenticators":[{"Type","Issuer",
//! "Username","Secret","Algorithm","Digits","Period","Counter"}]}` with Type
//! 1 HOTP, 2 TOTP, 3 mOTP, 4 Steam, 5 Yandex and Algorithm 0 SHA1, 1 SHA256,
//! 2 SHA512. Strong encryption: `AUTHENTICATORPRO`, 16-byte salt, 12-byte IV,
//! AES-256-GCM of the JSON with an Argon2id key of Stratum's fixed cost
//! (3 passes, 64 MiB, 4 lanes: the file cannot set it). Legacy:
//! `AuthenticatorPro`, 20-byte salt, 16-byte IV, AES-256-CBC with a
//! PBKDF2-SHA1 key of 64,000 iterations. HTML: each URI in a `<code>` element.
//! URI list: one otpauth URI per line. Cannot carry: nothing Tessera has is
//! lost; mOTP and Yandex entries are skipped.

use super::crypto;
use super::{
    entry_account, hotp, int, read_uri_lines, steam, totp, Account, Collector, EntryLabel, Format,
    ImportError, Input, SkipReason,
};
use crate::otp::Algorithm;
use serde_json::value::RawValue;
use serde_json::Value;
use zeroize::Zeroizing;

const F: Format = Format::Stratum;
/// Header of a strongly encrypted backup.
pub(crate) const HEADER: &[u8] = b"AUTHENTICATORPRO";
/// Header of a legacy encrypted backup.
pub(crate) const HEADER_LEGACY: &[u8] = b"AuthenticatorPro";

/// An HTML export: a document with the URIs in `<code>` elements.
pub(crate) fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(200)
        .collect::<String>()
        .to_ascii_lowercase();
    (head.starts_with("<!doctype html") || head.starts_with("<html")) && text.contains("<code>")
}

#[derive(serde::Deserialize)]
struct File<'a> {
    #[serde(rename = "Authenticators", borrow)]
    authenticators: Vec<&'a RawValue>,
}

#[derive(serde::Deserialize)]
struct Entry {
    #[serde(rename = "Type")]
    kind: Value,
    #[serde(rename = "Issuer")]
    issuer: Option<String>,
    #[serde(rename = "Username")]
    username: Option<String>,
    #[serde(rename = "Secret")]
    secret: Option<Zeroizing<String>>,
    #[serde(rename = "Algorithm")]
    algorithm: Option<Value>,
    #[serde(rename = "Digits")]
    digits: Option<Value>,
    #[serde(rename = "Period")]
    period: Option<Value>,
    #[serde(rename = "Counter")]
    counter: Option<Value>,
}

pub(crate) fn read(input: &Input<'_>, out: &mut Collector) -> Result<(), ImportError> {
    let bytes = input.bytes;
    if let Some(rest) = bytes.strip_prefix(HEADER) {
        if rest.len() < 16 + 12 + 16 {
            return Err(ImportError::malformed(F, "the file is too short"));
        }
        let (salt, rest) = rest.split_at(16);
        let (iv, sealed) = rest.split_at(12);
        let password = input.password(F)?;
        let cost = crypto::check_argon2(F, 64 * 1024, 3, 4)?;
        let key = crypto::argon2id(F, password.as_bytes(), salt, cost)?;
        let plain = crypto::aes_gcm_open(key.as_ref(), iv, sealed, &[])
            .ok_or(ImportError::WrongPassword(F))?;
        return read_json(&plain_text(&plain)?, out);
    }
    if let Some(rest) = bytes.strip_prefix(HEADER_LEGACY) {
        if rest.len() < 20 + 16 + 16 {
            return Err(ImportError::malformed(F, "the file is too short"));
        }
        let (salt, rest) = rest.split_at(20);
        let (iv, sealed) = rest.split_at(16);
        let password = input.password(F)?;
        let key = crypto::pbkdf2(crypto::Prf::Sha1, password.as_bytes(), salt, 64_000);
        let plain =
            crypto::aes_cbc_open(key.as_ref(), iv, sealed).ok_or(ImportError::WrongPassword(F))?;
        // Without a MAC, a wrong key can still unpad by chance: then it is not JSON.
        let text = plain_text(&plain).map_err(|_| ImportError::WrongPassword(F))?;
        if !text.trim_start().starts_with('{') {
            return Err(ImportError::WrongPassword(F));
        }
        return read_json(&text, out);
    }
    let text = input.text(F)?;
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        return read_json(trimmed, out);
    }
    if looks_like_html(trimmed) {
        let uris = html_codes(trimmed);
        return read_uri_lines(&uris, out, |_| {});
    }
    read_uri_lines(&text, out, |_| {})
}

fn plain_text(plain: &[u8]) -> Result<Zeroizing<String>, ImportError> {
    String::from_utf8(plain.to_vec())
        .map(Zeroizing::new)
        .map_err(|_| ImportError::malformed(F, "the decrypted backup is not text"))
}

/// The text of every `<code>` element, entities decoded, one per line.
fn html_codes(html: &str) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::new());
    let mut rest = html;
    while let Some(start) = rest.find("<code>") {
        let after = &rest[start + "<code>".len()..];
        let Some(end) = after.find("</code>") else {
            break;
        };
        out.push_str(&super::shared_prefs::unescape(after[..end].trim()));
        out.push('\n');
        rest = &after[end..];
    }
    out
}

fn read_json(text: &str, out: &mut Collector) -> Result<(), ImportError> {
    let file: File<'_> = serde_json::from_str(text).map_err(|e| ImportError::json(F, &e))?;
    out.expect(file.authenticators.len())?;
    for raw in file.authenticators {
        match serde_json::from_str::<Entry>(raw.get()) {
            Ok(entry) => {
                let label = EntryLabel::new(
                    entry.issuer.as_deref().unwrap_or(""),
                    entry.username.as_deref().unwrap_or(""),
                );
                out.push(label, convert(&entry))?;
            }
            Err(e) => out.push(
                EntryLabel::default(),
                Err(SkipReason::BadEntry(super::json_error_text(&e))),
            )?,
        }
    }
    Ok(())
}

fn convert(entry: &Entry) -> Result<Account, SkipReason> {
    let number = |v: &Option<Value>, what: &str| -> Result<i128, SkipReason> {
        v.as_ref()
            .and_then(int)
            .ok_or_else(|| SkipReason::BadParams(format!("the entry has no valid {what}")))
    };
    let algorithm = match entry.algorithm.as_ref().and_then(int).unwrap_or(0) {
        0 => Algorithm::Sha1,
        1 => Algorithm::Sha256,
        2 => Algorithm::Sha512,
        other => {
            return Err(SkipReason::BadParams(format!(
                "algorithm number {other} is not known"
            )))
        }
    };
    let params = match int(&entry.kind) {
        Some(1) => hotp(
            algorithm,
            number(&entry.digits, "digits")?,
            number(&entry.counter, "counter")?,
        )?,
        Some(2) => totp(
            algorithm,
            number(&entry.digits, "digits")?,
            number(&entry.period, "period")?,
        )?,
        Some(3) => return Err(SkipReason::Unsupported("MOTP is not supported")),
        Some(4) => steam(algorithm, None, number(&entry.period, "period")?)?,
        Some(5) => return Err(SkipReason::Unsupported("Yandex OTP is not supported")),
        _ => return Err(SkipReason::BadParams("the entry type is not known".into())),
    };
    entry_account(
        entry.issuer.as_deref(),
        entry.username.as_deref(),
        params,
        entry.secret.as_ref(),
        "entry",
    )
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::import::{detect, read, Detected};
    use crate::otp::{OtpKind, OtpParams};

    /// A strongly encrypted backup.
    pub(crate) fn seal_strong(json: &str, password: &str) -> Vec<u8> {
        let salt = [6u8; 16];
        let iv = [7u8; 12];
        let cost = crypto::check_argon2(F, 64 * 1024, 3, 4).unwrap();
        let key = crypto::argon2id(F, password.as_bytes(), &salt, cost).unwrap();
        let mut out = HEADER.to_vec();
        out.extend(salt);
        out.extend(iv);
        out.extend(crypto::tests::aes_gcm_seal(
            key.as_ref(),
            &iv,
            json.as_bytes(),
            b"",
        ));
        out
    }

    /// A legacy encrypted backup.
    pub(crate) fn seal_legacy(json: &str, password: &str) -> Vec<u8> {
        let salt = [6u8; 20];
        let iv = [7u8; 16];
        let key = crypto::pbkdf2(crypto::Prf::Sha1, password.as_bytes(), &salt, 64_000);
        let mut out = HEADER_LEGACY.to_vec();
        out.extend(salt);
        out.extend(iv);
        out.extend(crypto::tests::aes_cbc_seal(
            key.as_ref(),
            &iv,
            json.as_bytes(),
        ));
        out
    }

    pub(crate) const JSON: &str = r#"{"Authenticators":[
      {"Type":2,"Icon":null,"Issuer":"SPDX","Username":"James","Secret":"5OM4WOOGPLQEF6UGN3CPEOOLWU","Pin":null,"Algorithm":1,"Digits":7,"Period":20,"Counter":0,"Ranking":0},
      {"Type":1,"Issuer":"Air Canada","Username":"Benjamin","Secret":"KUVJJOM753IHTNDSZVCNKL7GII","Algorithm":1,"Digits":7,"Period":30,"Counter":50},
      {"Type":4,"Issuer":"Boeing","Username":"Sophia","Secret":"JRZCL47CMXVOQMNPZR2F7J4RGI","Algorithm":0,"Digits":5,"Period":30,"Counter":0},
      {"Type":3,"Issuer":"M","Username":null,"Secret":"JRZCL47CMXVOQMNPZR2F7J4RGI","Algorithm":0,"Digits":6,"Period":10,"Counter":0}
    ],"Categories":[],"AuthenticatorCategories":[],"CustomIcons":[]}"#;

    #[test]
    fn json_html_and_both_encryptions() {
        assert_eq!(
            detect(JSON.as_bytes()).unwrap(),
            Detected {
                format: F,
                encrypted: false
            }
        );
        let got = read(JSON.as_bytes(), None, None).unwrap();
        assert_eq!(got.accounts.len(), 3);
        assert_eq!(
            got.accounts[1].params,
            OtpParams::hotp(Algorithm::Sha256, 7, 50).unwrap()
        );
        assert_eq!(got.accounts[2].params.kind(), OtpKind::Steam);
        assert_eq!(
            got.skipped[0].reason,
            SkipReason::Unsupported("MOTP is not supported")
        );

        for sealed in [seal_strong(JSON, "pw"), seal_legacy(JSON, "pw")] {
            assert_eq!(
                detect(&sealed).unwrap(),
                Detected {
                    format: F,
                    encrypted: true
                }
            );
            assert_eq!(
                read(&sealed, None, Some("pw")).unwrap().accounts,
                got.accounts
            );
            assert_eq!(
                read(&sealed, None, Some("wrong")).unwrap_err(),
                ImportError::WrongPassword(F)
            );
            assert_eq!(
                read(&sealed, None, None).unwrap_err(),
                ImportError::PasswordNeeded(F)
            );
        }

        let html = "<!DOCTYPE html><html><body><table>\
            <tr><td>A</td><td>a</td><td><code>otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP&amp;digits=8</code></td></tr>\
            <tr><td>B</td><td>b</td><td><code>otpauth://hotp/B:b?secret=JBSWY3DPEHPK3PXP&counter=4</code></td></tr>\
            </table></body></html>";
        assert_eq!(
            detect(html.as_bytes()).unwrap(),
            Detected {
                format: F,
                encrypted: false
            }
        );
        let got = read(html.as_bytes(), None, None).unwrap();
        assert_eq!(got.accounts.len(), 2);
        assert_eq!(got.accounts[0].params.digits(), 8);
        assert_eq!(got.accounts[1].params.counter(), Some(4));
    }
}
