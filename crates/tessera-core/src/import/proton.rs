//! Proton Authenticator JSON export, plain and password-protected.
//!
//! Source: proton-pass-common, `proton-authenticator/src/entry/exporter.rs`
//! and `password_exporter.rs`
//! (<https://github.com/protonpass/proton-pass-common/tree/main/proton-authenticator/src/entry>).
//! Plain: `{"version":1,"entries":[{"content":{"uri","entry_type":"Totp"|"Steam","name"}}]}`
//! where `uri` is an otpauth URI or `steam://KEY`. Encrypted:
//! `{"version":1,"salt","content"}`; the key is Argon2id with Proton's fixed
//! parameters (19 MiB, 2 passes, 1 lane; nothing in the file sets them, so
//! no file can ask for more), `content` is nonce‖AES-256-GCM ciphertext‖tag
//! with associated data `proton.authenticator.export.v1`. Cannot carry: HOTP
//! (Proton Authenticator has none).

use super::crypto;
use super::{
    base64_decode, key_from_base32, uri_error, Account, Collector, EntryLabel, Format, ImportError,
    Input, SkipReason,
};
use crate::otp::OtpParams;
use serde_json::value::RawValue;
use zeroize::Zeroizing;

const F: Format = Format::Proton;
const AAD: &[u8] = b"proton.authenticator.export.v1";

#[derive(serde::Deserialize)]
struct Plain<'a> {
    version: u32,
    #[serde(borrow)]
    entries: Vec<&'a RawValue>,
}

#[derive(serde::Deserialize)]
struct Entry {
    content: Content,
}

#[derive(serde::Deserialize)]
struct Content {
    uri: Zeroizing<String>,
    entry_type: Option<String>,
    name: Option<String>,
}

#[derive(serde::Deserialize)]
struct Encrypted {
    version: u32,
    salt: String,
    content: String,
}

pub(crate) fn read(input: &Input<'_>, out: &mut Collector) -> Result<(), ImportError> {
    let text = input.text(F)?;
    if let Ok(file) = serde_json::from_str::<Encrypted>(&text) {
        if file.version != 1 {
            return Err(ImportError::unsupported(
                F,
                format!("encrypted export version {} is not known", file.version),
            ));
        }
        let salt = base64_decode(&file.salt)
            .filter(|s| s.len() == 16)
            .ok_or_else(|| ImportError::malformed(F, "the salt is not 16 bytes of base64"))?;
        let content = base64_decode(&file.content)
            .filter(|c| c.len() >= 12 + 16)
            .ok_or_else(|| ImportError::malformed(F, "the content is not base64"))?;
        let password = input.password(F)?;
        let cost = crypto::check_argon2(F, 19 * 1024, 2, 1)?;
        let key = crypto::argon2id(F, password.as_bytes(), &salt, cost)?;
        let (nonce, sealed) = content.split_at(12);
        let plain = crypto::aes_gcm_open(key.as_ref(), nonce, sealed, AAD)
            .ok_or(ImportError::WrongPassword(F))?;
        let plain = Zeroizing::new(
            String::from_utf8(plain.to_vec())
                .map_err(|_| ImportError::malformed(F, "the decrypted export is not text"))?,
        );
        return read_plain(&plain, out);
    }
    read_plain(&text, out)
}

fn read_plain(text: &str, out: &mut Collector) -> Result<(), ImportError> {
    let file: Plain<'_> = serde_json::from_str(text).map_err(|e| ImportError::json(F, &e))?;
    if file.version != 1 {
        return Err(ImportError::unsupported(
            F,
            format!("export version {} is not known", file.version),
        ));
    }
    out.expect(file.entries.len())?;
    for raw in file.entries {
        let entry: Entry = match serde_json::from_str(raw.get()) {
            Ok(e) => e,
            Err(e) => {
                out.push(
                    EntryLabel::default(),
                    Err(SkipReason::BadEntry(super::json_error_text(&e))),
                )?;
                continue;
            }
        };
        let name = entry.content.name.clone().unwrap_or_default();
        let result = convert(&entry.content);
        let label = match &result {
            Ok(a) => EntryLabel::new(&a.issuer, &a.name),
            Err(_) => EntryLabel::new("", &name),
        };
        out.push(label, result)?;
    }
    Ok(())
}

fn convert(content: &Content) -> Result<Account, SkipReason> {
    let uri = content.uri.trim();
    let steam_type = content
        .entry_type
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case("steam"));
    let name = content.name.as_deref().unwrap_or("").trim().to_owned();
    if let Some(key) = strip_scheme(uri, "steam://") {
        return Ok(Account {
            issuer: "Steam".into(),
            name,
            params: OtpParams::Steam { period: 30 },
            key: key_from_base32(key)?,
            image: None,
        });
    }
    let mut account = crate::otpauth::parse(uri).map_err(uri_error)?;
    if steam_type && account.params.kind() != crate::otp::OtpKind::Steam {
        account.params = OtpParams::Steam { period: 30 };
    }
    if account.name.is_empty() {
        account.name = name;
    }
    Ok(account)
}

/// `text` without `scheme` (compared case-insensitively).
pub(crate) fn strip_scheme<'a>(text: &'a str, scheme: &str) -> Option<&'a str> {
    let head = text.get(..scheme.len())?;
    head.eq_ignore_ascii_case(scheme)
        .then(|| &text[scheme.len()..])
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::import::{detect, read};
    use base64::Engine as _;

    /// An encrypted export, as Proton writes it.
    pub(crate) fn seal(plain: &str, password: &str) -> String {
        let salt = [9u8; 16];
        let cost = crypto::check_argon2(F, 19 * 1024, 2, 1).unwrap();
        let key = crypto::argon2id(F, password.as_bytes(), &salt, cost).unwrap();
        let nonce = [4u8; 12];
        let mut content = nonce.to_vec();
        content.extend(crypto::tests::aes_gcm_seal(
            key.as_ref(),
            &nonce,
            plain.as_bytes(),
            AAD,
        ));
        let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
        format!(
            r#"{{"version":1,"salt":"{}","content":"{}"}}"#,
            b64(&salt),
            b64(&content)
        )
    }

    const PLAIN: &str = r#"{"version":1,"entries":[
        {"id":"1","content":{"uri":"otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno&algorithm=SHA1&digits=6&period=30","entry_type":"Totp","name":"Mason"},"note":null},
        {"id":"2","content":{"uri":"steam://JRZCL47CMXVOQMNPZR2F7J4RGI","entry_type":"Steam","name":"Sophia"},"note":null},
        {"id":"3","content":{"uri":"otpauth://totp/X?secret=AA","entry_type":"Totp","name":"X"}},
        {"id":"4","content":{"entry_type":"Totp"}}
    ]}"#;

    #[test]
    fn plain_and_encrypted() {
        assert_eq!(detect(PLAIN.as_bytes()).unwrap().format, F);
        let got = read(PLAIN.as_bytes(), None, None).unwrap();
        assert_eq!(got.accounts.len(), 2);
        assert_eq!(got.accounts[1].params, OtpParams::Steam { period: 30 });
        assert_eq!(got.accounts[1].name, "Sophia");
        assert_eq!(got.skipped.len(), 2);

        let sealed = seal(PLAIN, "secret words");
        assert!(detect(sealed.as_bytes()).unwrap().encrypted);
        let again = read(sealed.as_bytes(), None, Some("secret words")).unwrap();
        assert_eq!(again.accounts, got.accounts);
        assert_eq!(
            read(sealed.as_bytes(), None, Some("Secret words")).unwrap_err(),
            ImportError::WrongPassword(F)
        );
    }
}
