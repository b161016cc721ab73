//! andOTP JSON backups, plain and encrypted (new and old formats).
//!
//! Source: andOTP's `BackupHelper`/`EncryptionHelper`
//! (<https://github.com/andOTP/andOTP>, `app/src/main/java/org/shadowice/flocke/andotp/Utilities/`)
//! and Aegis's `AndOtpImporter`. Plain: a JSON array of entries
//! `{"secret","issuer","label","digits","type","algorithm","period","counter"}`
//! (type TOTP, HOTP or STEAM; old versions put "issuer - name" in the
//! label, which is split here).
//! New encrypted format: 4-byte big-endian PBKDF2-HMAC-SHA1 iteration count,
//! 12-byte salt, 12-byte nonce, AES-256-GCM ciphertext and tag. Old format:
//! the key is SHA-256 of the password, then nonce, ciphertext and tag. The file
//! has no marker of which it is: the new format is tried when its iteration
//! count is plausible, then the old one. Cannot carry: nothing Tessera has is
//! lost (tags and thumbnails are not imported).

use super::crypto;
use super::{
    algorithm, entry_account, hotp, opt_int, steam, totp, Account, Collector, EntryLabel, Format,
    ImportError, Input, ShapeValue, SkipReason,
};
use serde_json::value::RawValue;
use serde_json::Value;
use zeroize::Zeroizing;

const F: Format = Format::AndOtp;

/// A plain backup is an array of objects with `secret` and `type`.
pub(crate) fn looks_like_plain(items: &[ShapeValue]) -> bool {
    items.first().is_some_and(|first| {
        first.keys.iter().any(|k| k == "secret") && first.keys.iter().any(|k| k == "type")
    })
}

/// Binary with room for a nonce and a tag: what an encrypted backup looks like.
pub(crate) fn looks_encrypted(bytes: &[u8]) -> bool {
    bytes.len() >= 12 + 16 + 2
}

#[derive(serde::Deserialize)]
struct Entry {
    secret: Option<Zeroizing<String>>,
    issuer: Option<String>,
    label: Option<String>,
    digits: Option<Value>,
    #[serde(rename = "type")]
    kind: Option<String>,
    algorithm: Option<String>,
    period: Option<Value>,
    counter: Option<Value>,
}

pub(crate) fn read(input: &Input<'_>, out: &mut Collector) -> Result<(), ImportError> {
    if let Some(text) = super::text_of(input.bytes) {
        if text.trim_start().starts_with('[') {
            return read_json(&text, out);
        }
    }
    let bytes = input.bytes;
    if bytes.len() < 12 + 16 {
        return Err(ImportError::malformed(F, "the file is too short"));
    }
    let iterations = i128::from(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]));
    let new_format =
        bytes.len() >= 4 + 12 + 12 + 16 && (1..=i128::from(u32::MAX)).contains(&iterations);
    // The iteration count is checked before the password is even asked for.
    let checked = new_format.then(|| crypto::check_pbkdf2(F, iterations));
    let password = input.password(F)?;
    if let Some(Ok(iterations)) = checked {
        let (salt, rest) = bytes[4..].split_at(12);
        let (nonce, sealed) = rest.split_at(12);
        let key = crypto::pbkdf2(crypto::Prf::Sha1, password.as_bytes(), salt, iterations);
        if let Some(plain) = crypto::aes_gcm_open(key.as_ref(), nonce, sealed, &[]) {
            return read_json(&text(&plain)?, out);
        }
    }
    let key = crypto::sha256(password.as_bytes());
    let (nonce, sealed) = bytes.split_at(12);
    match crypto::aes_gcm_open(key.as_ref(), nonce, sealed, &[]) {
        Some(plain) => read_json(&text(&plain)?, out),
        // An iteration count over the cap is not derived at all: such a file is
        // far more likely an old-format backup (its first bytes are a random
        // nonce) than a new-format one asking for over ten million iterations.
        None => Err(ImportError::WrongPassword(F)),
    }
}

fn text(plain: &[u8]) -> Result<Zeroizing<String>, ImportError> {
    String::from_utf8(plain.to_vec())
        .map(Zeroizing::new)
        .map_err(|_| ImportError::malformed(F, "the decrypted backup is not text"))
}

fn read_json(text: &str, out: &mut Collector) -> Result<(), ImportError> {
    let entries: Vec<&RawValue> =
        serde_json::from_str(text).map_err(|e| ImportError::json(F, &e))?;
    out.expect(entries.len())?;
    for raw in entries {
        match serde_json::from_str::<Entry>(raw.get()) {
            Ok(entry) => {
                let (issuer, name) = names(&entry);
                out.push(
                    EntryLabel::new(&issuer, &name),
                    convert(&entry, issuer, name),
                )?;
            }
            Err(e) => out.push(
                EntryLabel::default(),
                Err(SkipReason::BadEntry(super::json_error_text(&e))),
            )?,
        }
    }
    Ok(())
}

/// Issuer and name. Old versions kept both in the label: "issuer - name"
/// with no issuer field, and sometimes "issuer - issuer:name" (seen in the
/// Aegis project's old-format sample); the repeated issuer is dropped.
fn names(entry: &Entry) -> (String, String) {
    let label = entry.label.as_deref().unwrap_or("").trim();
    let (issuer, name) = match entry.issuer.as_deref().map(str::trim) {
        Some(issuer) => (issuer, label),
        None => match label.split_once(" - ") {
            Some((issuer, name)) => (issuer.trim(), name.trim()),
            None => ("", label),
        },
    };
    let name = name
        .strip_prefix(issuer)
        .and_then(|rest| rest.strip_prefix(':'))
        .filter(|_| !issuer.is_empty())
        .unwrap_or(name);
    (issuer.to_owned(), name.trim().to_owned())
}

fn convert(entry: &Entry, issuer: String, name: String) -> Result<Account, SkipReason> {
    let algorithm = algorithm(entry.algorithm.as_deref())?;
    let digits = opt_int(entry.digits.as_ref(), "digits")?;
    let period = opt_int(entry.period.as_ref(), "period")?.unwrap_or(30);
    let params = match entry
        .kind
        .as_deref()
        .unwrap_or("TOTP")
        .to_ascii_uppercase()
        .as_str()
    {
        "TOTP" => totp(algorithm, digits.unwrap_or(6), period)?,
        "HOTP" => hotp(
            algorithm,
            digits.unwrap_or(6),
            opt_int(entry.counter.as_ref(), "counter")?
                .ok_or_else(|| SkipReason::BadParams("the HOTP entry has no counter".into()))?,
        )?,
        "STEAM" => steam(algorithm, digits, period)?,
        other => {
            return Err(SkipReason::BadParams(format!(
                "the entry type '{}' is not known",
                other.chars().take(20).collect::<String>()
            )))
        }
    };
    entry_account(
        Some(&issuer),
        Some(&name),
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
    use crate::otp::{Algorithm, OtpParams};

    /// A new-format encrypted backup.
    pub(crate) fn seal_new(json: &str, password: &str, iterations: u32) -> Vec<u8> {
        let salt = [1u8; 12];
        let nonce = [2u8; 12];
        let key = crypto::pbkdf2(crypto::Prf::Sha1, password.as_bytes(), &salt, iterations);
        let mut out = iterations.to_be_bytes().to_vec();
        out.extend(salt);
        out.extend(nonce);
        out.extend(crypto::tests::aes_gcm_seal(
            key.as_ref(),
            &nonce,
            json.as_bytes(),
            b"",
        ));
        out
    }

    /// An old-format encrypted backup.
    pub(crate) fn seal_old(json: &str, password: &str) -> Vec<u8> {
        let nonce = [3u8; 12];
        let key = crypto::sha256(password.as_bytes());
        let mut out = nonce.to_vec();
        out.extend(crypto::tests::aes_gcm_seal(
            key.as_ref(),
            &nonce,
            json.as_bytes(),
            b"",
        ));
        out
    }

    pub(crate) const JSON: &str = r#"[
      {"secret":"4SJHB4GSD43FZBAI7C2HLRJGPQ======","issuer":"Deno","label":"Mason","digits":6,"type":"TOTP","algorithm":"SHA1","period":30,"tags":[]},
      {"secret":"5VAML3X35THCEBVRLV24CGBKOY======","issuer":"WWE","label":"Mason","digits":8,"type":"HOTP","algorithm":"SHA512","counter":10300,"tags":[]},
      {"secret":"JRZCL47CMXVOQMNPZR2F7J4RGI======","label":"Boeing - Sophia","digits":5,"type":"STEAM","algorithm":"SHA1","period":30}
    ]"#;

    #[test]
    fn plain_new_and_old() {
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
            OtpParams::hotp(Algorithm::Sha512, 8, 10300).unwrap()
        );
        assert_eq!(
            (
                got.accounts[2].issuer.as_str(),
                got.accounts[2].name.as_str()
            ),
            ("Boeing", "Sophia")
        );
        for sealed in [seal_new(JSON, "pw", 1000), seal_old(JSON, "pw")] {
            assert_eq!(
                detect(&sealed).unwrap(),
                Detected {
                    format: F,
                    encrypted: true
                }
            );
            assert_eq!(
                read(&sealed, Some(F), Some("pw")).unwrap().accounts,
                got.accounts
            );
            assert_eq!(
                read(&sealed, Some(F), Some("pq")).unwrap_err(),
                ImportError::WrongPassword(F)
            );
            assert_eq!(
                read(&sealed, Some(F), None).unwrap_err(),
                ImportError::PasswordNeeded(F)
            );
        }
    }

    #[test]
    fn huge_iterations_not_derived() {
        // Two billion PBKDF2 iterations would take minutes: the count is
        // refused, the old format is tried, and the answer comes at once.
        let mut sealed = seal_new(JSON, "pw", 1000);
        sealed[..4].copy_from_slice(&2_000_000_000u32.to_be_bytes());
        assert_eq!(
            read(&sealed, Some(F), Some("pw")).unwrap_err(),
            ImportError::WrongPassword(F)
        );
    }
}
