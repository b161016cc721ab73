//! Authy's token store from a rooted phone
//! (`shared_prefs/com.authy.storage.tokens.authenticator.xml`, or `….authy.xml`),
//! plain or with encrypted secrets.
//!
//! Source: Aegis's `AuthyImporter`
//! (<https://github.com/beemdevelopment/Aegis/blob/master/app/src/main/java/com/beemdevelopment/aegis/importers/AuthyImporter.java>).
//! A SharedPreferences XML whose `…tokens.authenticator.key` (or
//! `…tokens.authy.key`) string is a JSON array of tokens. Third-party tokens
//! hold `decryptedSecret` (base32), or `encryptedSecret` (base64) and `salt`
//! when protected by the backup password: PBKDF2-HMAC-SHA1 of the password
//! with the salt's UTF-8 bytes, Authy's fixed 1,000 iterations, AES-256-CBC
//! with a zero IV, giving the base32 text. Authy's own tokens hold
//! `secretSeed` (hex) and make 7-digit codes every 10 s. Third-party codes are
//! SHA1 with 30 s periods and the stored digits. The issuer is
//! `originalIssuer`, or the part before ":" of `originalName`, or before
//! " - " of `name`. Cannot carry: algorithms other than SHA1, periods other
//! than 30 s, HOTP, Steam.

use super::crypto;
use super::shared_prefs;
use super::{
    base64_decode, hex_decode, key_from_base32, key_from_bytes, opt_int, totp, Account, Collector,
    EntryLabel, Format, ImportError, Input, SkipReason,
};
use crate::otp::Algorithm;
use serde_json::value::RawValue;
use serde_json::Value;
use zeroize::Zeroizing;

const F: Format = Format::Authy;
pub(crate) const KEYS: [&str; 2] = [
    "com.authy.storage.tokens.authenticator.key",
    "com.authy.storage.tokens.authy.key",
];

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Token {
    name: Option<String>,
    original_name: Option<String>,
    original_issuer: Option<String>,
    account_type: Option<String>,
    digits: Option<Value>,
    decrypted_secret: Option<Zeroizing<String>>,
    encrypted_secret: Option<String>,
    salt: Option<String>,
    secret_seed: Option<Zeroizing<String>>,
}

/// The token list JSON, if the file is Authy's.
fn token_list(text: &str) -> Option<Zeroizing<String>> {
    shared_prefs::strings(text)
        .into_iter()
        .find(|(name, _)| KEYS.contains(&name.as_str()))
        .map(|(_, value)| value)
}

/// Whether the file is Authy's, and whether its secrets need the password.
pub(crate) fn detect(text: &str) -> Option<bool> {
    let list = token_list(text)?;
    Some(list.contains("\"encryptedSecret\"") && !list.contains("\"decryptedSecret\""))
}

pub(crate) fn read(input: &Input<'_>, out: &mut Collector) -> Result<(), ImportError> {
    let text = input.text(F)?;
    let list = token_list(&text)
        .ok_or_else(|| ImportError::malformed(F, "the file has no Authy token list"))?;
    let tokens: Vec<&RawValue> =
        serde_json::from_str(&list).map_err(|e| ImportError::json(F, &e))?;
    let parsed: Vec<Result<Token, serde_json::Error>> = tokens
        .iter()
        .map(|raw| serde_json::from_str::<Token>(raw.get()))
        .collect();
    let encrypted = parsed.iter().flatten().any(|t| {
        t.decrypted_secret.is_none() && t.secret_seed.is_none() && t.encrypted_secret.is_some()
    });
    let password = if encrypted {
        Some(input.password(F)?)
    } else {
        None
    };
    out.expect(parsed.len())?;
    let mut opened = 0;
    let mut wrong = 0;
    for token in parsed {
        let token = match token {
            Ok(t) => t,
            Err(e) => {
                out.push(
                    EntryLabel::default(),
                    Err(SkipReason::BadEntry(super::json_error_text(&e))),
                )?;
                continue;
            }
        };
        let (issuer, name) = names(&token);
        let result = convert(&token, issuer.clone(), name.clone(), password);
        match &result {
            Ok(_) => opened += 1,
            Err(SkipReason::BadKey(_)) if token.encrypted_secret.is_some() => wrong += 1,
            Err(_) => {}
        }
        out.push(EntryLabel::new(&issuer, &name), result)?;
    }
    // Not one secret opened: the password is wrong, not every entry damaged.
    if encrypted && opened == 0 && wrong > 0 {
        return Err(ImportError::WrongPassword(F));
    }
    Ok(())
}

fn names(token: &Token) -> (String, String) {
    let name = token.name.as_deref().unwrap_or("").trim();
    if token.secret_seed.is_some() {
        return (name.to_owned(), String::new());
    }
    let (issuer, separator) = if let Some(issuer) = token.original_issuer.as_deref() {
        (issuer.to_owned(), "")
    } else if let Some((issuer, _)) = token
        .original_name
        .as_deref()
        .and_then(|n| n.split_once(':'))
    {
        (issuer.to_owned(), ":")
    } else if let Some((issuer, _)) = name.split_once(" - ") {
        (issuer.to_owned(), " - ")
    } else {
        let kind = token.account_type.as_deref().unwrap_or("");
        let mut chars = kind.chars();
        let capitalised = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        (capitalised, "")
    };
    let mut rest = name
        .strip_prefix(&format!("{issuer}{separator}"))
        .unwrap_or(name);
    rest = rest.strip_prefix(": ").unwrap_or(rest);
    (issuer.trim().to_owned(), rest.trim().to_owned())
}

fn convert(
    token: &Token,
    issuer: String,
    name: String,
    password: Option<&str>,
) -> Result<Account, SkipReason> {
    let digits = opt_int(token.digits.as_ref(), "digits")?;
    let (key, params) = if let Some(seed) = &token.secret_seed {
        let bytes = hex_decode(seed)
            .ok_or_else(|| SkipReason::BadKey("the seed is not hexadecimal".into()))?;
        (
            key_from_bytes(bytes.to_vec())?,
            totp(Algorithm::Sha1, digits.unwrap_or(7), 10)?,
        )
    } else {
        let params = totp(Algorithm::Sha1, digits.unwrap_or(6), 30)?;
        let key = match (&token.decrypted_secret, &token.encrypted_secret, password) {
            (Some(secret), _, _) => key_from_base32(secret)?,
            (None, Some(sealed), Some(password)) => {
                let salt = token.salt.as_deref().unwrap_or("");
                let sealed = base64_decode(sealed).ok_or_else(|| {
                    SkipReason::BadKey("the encrypted secret is not base64".into())
                })?;
                let derived = crypto::pbkdf2(
                    crypto::Prf::Sha1,
                    password.as_bytes(),
                    salt.as_bytes(),
                    1000,
                );
                let plain = crypto::aes_cbc_open(derived.as_ref(), &[0u8; 16], &sealed)
                    .ok_or_else(|| {
                        SkipReason::BadKey("the secret does not decrypt with this password".into())
                    })?;
                let text = std::str::from_utf8(&plain).map_err(|_| {
                    SkipReason::BadKey("the secret does not decrypt with this password".into())
                })?;
                key_from_base32(text).map_err(|_| {
                    SkipReason::BadKey("the secret does not decrypt with this password".into())
                })?
            }
            _ => return Err(SkipReason::BadEntry("the token has no secret".into())),
        };
        (key, params)
    };
    Ok(Account {
        issuer,
        name,
        params,
        key,
        image: None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::import::{detect as detect_file, read, Detected};
    use crate::otp::OtpParams;
    use base64::Engine as _;

    fn xml(list: &str) -> String {
        let escaped = list.replace('&', "&amp;").replace('"', "&quot;");
        format!("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n    <int name=\"key_version\" value=\"121\" />\n    <string name=\"com.authy.storage.tokens.authenticator.key\">{escaped}</string>\n</map>\n")
    }

    #[test]
    fn plain_encrypted_and_authy_tokens() {
        let plain = xml(
            r#"[{"accountType":"authenticator","decryptedSecret":"4SJHB4GSD43FZBAI7C2HLRJGPQ","digits":6,"originalIssuer":"Deno","originalName":"Deno:Mason","name":"Deno: Mason"},
                           {"accountType":"authy","secretSeed":"3132333435363738393031323334353637383930","digits":7,"name":"Authy"}]"#,
        );
        assert_eq!(
            detect_file(plain.as_bytes()).unwrap(),
            Detected {
                format: F,
                encrypted: false
            }
        );
        let got = read(plain.as_bytes(), None, None).unwrap();
        assert_eq!(
            (
                got.accounts[0].issuer.as_str(),
                got.accounts[0].name.as_str()
            ),
            ("Deno", "Mason")
        );
        assert_eq!(
            got.accounts[1].params,
            OtpParams::totp(Algorithm::Sha1, 7, 10).unwrap()
        );

        let derived = crypto::pbkdf2(crypto::Prf::Sha1, b"testtest", b"saltsalt", 1000);
        let sealed =
            crypto::tests::aes_cbc_seal(derived.as_ref(), &[0; 16], b"4SJHB4GSD43FZBAI7C2HLRJGPQ");
        let encrypted = xml(&format!(
            r#"[{{"accountType":"authenticator","encryptedSecret":"{}","salt":"saltsalt","digits":6,"originalName":"Deno:Mason","name":"Deno: Mason"}}]"#,
            base64::engine::general_purpose::STANDARD.encode(sealed)
        ));
        assert_eq!(
            detect_file(encrypted.as_bytes()).unwrap(),
            Detected {
                format: F,
                encrypted: true
            }
        );
        let got = read(encrypted.as_bytes(), None, Some("testtest")).unwrap();
        assert_eq!(
            got.accounts[0].key.to_base32().as_str(),
            "4SJHB4GSD43FZBAI7C2HLRJGPQ"
        );
        assert_eq!(got.accounts[0].name, "Mason");
        assert_eq!(
            read(encrypted.as_bytes(), None, Some("nope")).unwrap_err(),
            ImportError::WrongPassword(F)
        );
        assert_eq!(
            read(encrypted.as_bytes(), None, None).unwrap_err(),
            ImportError::PasswordNeeded(F)
        );
    }
}
