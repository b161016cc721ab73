//! TOTP Authenticator (BinaryBoxApps) `.bin` backup.
//!
//! Source: Aegis's `TotpAuthenticatorImporter`
//! (<https://github.com/beemdevelopment/Aegis/blob/master/app/src/main/java/com/beemdevelopment/aegis/importers/TotpAuthenticatorImporter.java>).
//! The file is base64 of AES-256-CBC (PKCS#7, all-zero IV) ciphertext under
//! SHA-256 of the password (the app's default password is
//! "TotpAuthenticator"). The plaintext is a JSON object whose first key is
//! itself the JSON text of the account list
//! `[{"issuer","name","key","base":16|32|64,"digits","period"}]`. Digits and
//! period are kept. Cannot carry: HOTP, Steam, and the algorithm: the file has
//! no such field and the app makes SHA1 codes, so every account is SHA1, as
//! the app showed it (an account added there from a SHA256 QR code comes
//! across as SHA1, like the codes the app displayed).

use super::crypto;
use super::{
    base64_decode, hex_decode, key_from_base32, key_from_bytes, opt_int, totp, Account, Collector,
    EntryLabel, Format, ImportError, Input, SkipReason,
};
use crate::otp::Algorithm;
use serde_json::value::RawValue;
use serde_json::Value;
use zeroize::Zeroizing;

const F: Format = Format::TotpAuthenticator;

/// Base64 text of whole AES blocks.
pub(crate) fn looks_encrypted(text: &str) -> bool {
    let compact = text.trim();
    !compact.is_empty()
        && compact
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\r' | b'\n'))
        && base64_decode(compact).is_some_and(|d| !d.is_empty() && d.len() % 16 == 0)
}

#[derive(serde::Deserialize)]
struct Entry {
    issuer: Option<String>,
    name: Option<String>,
    key: Option<Zeroizing<String>>,
    base: Option<Value>,
    digits: Option<Value>,
    period: Option<Value>,
}

/// The first key of a JSON object (the rest is skipped).
struct FirstKey(Option<Zeroizing<String>>);

impl<'de> serde::Deserialize<'de> for FirstKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = FirstKey;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<FirstKey, A::Error> {
                let mut first = None;
                while let Some(key) = map.next_key::<Zeroizing<String>>()? {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    first.get_or_insert(key);
                }
                Ok(FirstKey(first))
            }
        }
        d.deserialize_map(V)
    }
}

pub(crate) fn read(input: &Input<'_>, out: &mut Collector) -> Result<(), ImportError> {
    let text = input.text(F)?;
    let sealed = base64_decode(&text)
        .filter(|d| !d.is_empty() && d.len() % 16 == 0)
        .ok_or_else(|| ImportError::malformed(F, "the backup is not base64 of whole AES blocks"))?;
    let password = input.password(F)?;
    let key = crypto::sha256(password.as_bytes());
    let plain = crypto::aes_cbc_open(key.as_ref(), &[0u8; 16], &sealed)
        .ok_or(ImportError::WrongPassword(F))?;
    // No MAC: a wrong key that unpads by chance gives bytes that are not this JSON.
    let plain = String::from_utf8(plain.to_vec())
        .map(Zeroizing::new)
        .map_err(|_| ImportError::WrongPassword(F))?;
    let outer: FirstKey =
        serde_json::from_str(&plain).map_err(|_| ImportError::WrongPassword(F))?;
    let Some(list) = outer.0 else {
        return Ok(());
    };
    let entries: Vec<&RawValue> =
        serde_json::from_str(list.as_str()).map_err(|e| ImportError::json(F, &e))?;
    out.expect(entries.len())?;
    for raw in entries {
        match serde_json::from_str::<Entry>(raw.get()) {
            Ok(entry) => {
                let label = EntryLabel::new(
                    entry.issuer.as_deref().unwrap_or(""),
                    entry.name.as_deref().unwrap_or(""),
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
    let digits = opt_int(entry.digits.as_ref(), "digits")?.unwrap_or(6);
    let period = opt_int(entry.period.as_ref(), "period")?.unwrap_or(30);
    let params = totp(Algorithm::Sha1, digits, period)?;
    let text = entry
        .key
        .as_ref()
        .ok_or_else(|| SkipReason::BadEntry("the account has no key".into()))?;
    let key = match entry.base.as_ref().and_then(super::int) {
        Some(16) => key_from_bytes(
            hex_decode(text)
                .ok_or_else(|| SkipReason::BadKey("the key is not hexadecimal".into()))?
                .to_vec(),
        )?,
        Some(32) => key_from_base32(text)?,
        Some(64) => key_from_bytes(
            base64_decode(text)
                .ok_or_else(|| SkipReason::BadKey("the key is not base64".into()))?
                .to_vec(),
        )?,
        _ => {
            return Err(SkipReason::BadKey(
                "the key's encoding (base) is not known".into(),
            ))
        }
    };
    Ok(Account {
        issuer: entry.issuer.as_deref().unwrap_or("").trim().to_owned(),
        name: entry.name.as_deref().unwrap_or("").trim().to_owned(),
        params,
        key,
        image: None,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::import::{detect, read, Detected};
    use base64::Engine as _;

    /// A backup, encrypted as the app does.
    pub(crate) fn seal(list_json: &str, password: &str) -> String {
        let outer = serde_json::json!({ list_json: "" }).to_string();
        let key = crypto::sha256(password.as_bytes());
        let ct = crypto::tests::aes_cbc_seal(key.as_ref(), &[0u8; 16], outer.as_bytes());
        base64::engine::general_purpose::STANDARD.encode(ct)
    }

    #[test]
    fn round_trip() {
        let list = r#"[{"issuer":"Deno","name":"mason","key":"E49270F0D21F365C8408F8B475C5267C","base":16,"digits":"6","period":"30"},
                       {"issuer":"B","name":"b","key":"JBSWY3DPEHPK3PXP","base":32},
                       {"issuer":"C","name":"c","key":"AAAA","base":64}]"#;
        let file = seal(list, "Testtest1");
        assert_eq!(
            detect(file.as_bytes()).unwrap(),
            Detected {
                format: F,
                encrypted: true
            }
        );
        let got = read(file.as_bytes(), None, Some("Testtest1")).unwrap();
        assert_eq!(got.accounts.len(), 2);
        assert_eq!(
            got.accounts[0].key.to_base32().as_str(),
            "4SJHB4GSD43FZBAI7C2HLRJGPQ"
        );
        assert_eq!(got.skipped.len(), 1);
        assert_eq!(
            read(file.as_bytes(), None, Some("x")).unwrap_err(),
            ImportError::WrongPassword(F)
        );
    }
}
