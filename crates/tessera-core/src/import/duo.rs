//! Duo Mobile's account list (`files/duokit/accounts.json`, from a rooted
//! phone).
//!
//! Source: Aegis's `DuoImporter`
//! (<https://github.com/beemdevelopment/Aegis/blob/master/app/src/main/java/com/beemdevelopment/aegis/importers/DuoImporter.java>).
//! A JSON array of `{"name","otpGenerator":{"otpSecret","counter"?}}`: with a
//! counter it is HOTP, else TOTP; Duo Mobile makes SHA1, 6-digit, 30 s codes.
//! Duo push accounts (no `otpGenerator`) are skipped. Cannot carry: an issuer,
//! other algorithms, digits or periods.

use super::{
    hotp, key_from_base32, opt_int, Account, Collector, EntryLabel, Format, ImportError, Input,
    ShapeValue, SkipReason,
};
use crate::otp::{Algorithm, OtpParams};
use serde_json::value::RawValue;
use serde_json::Value;
use zeroize::Zeroizing;

const F: Format = Format::Duo;

/// An array of objects with `otpGenerator`.
pub(crate) fn looks_like(items: &[ShapeValue]) -> bool {
    items
        .first()
        .is_some_and(|first| first.keys.iter().any(|k| k == "otpGenerator"))
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    name: Option<String>,
    otp_generator: Option<Generator>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Generator {
    otp_secret: Option<Zeroizing<String>>,
    counter: Option<Value>,
}

pub(crate) fn read(input: &Input<'_>, out: &mut Collector) -> Result<(), ImportError> {
    let text = input.text(F)?;
    let entries: Vec<&RawValue> =
        serde_json::from_str(&text).map_err(|e| ImportError::json(F, &e))?;
    out.expect(entries.len())?;
    for raw in entries {
        match serde_json::from_str::<Entry>(raw.get()) {
            Ok(entry) => {
                let label = EntryLabel::new("", entry.name.as_deref().unwrap_or(""));
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
    let generator = entry.otp_generator.as_ref().ok_or(SkipReason::Unsupported(
        "Duo push accounts have no code to import",
    ))?;
    let secret = generator
        .otp_secret
        .as_ref()
        .ok_or_else(|| SkipReason::BadEntry("the account has no secret".into()))?;
    let params = match opt_int(generator.counter.as_ref(), "counter")? {
        Some(counter) => hotp(Algorithm::Sha1, 6, counter)?,
        None => OtpParams::default_totp(),
    };
    Ok(Account {
        issuer: String::new(),
        name: entry.name.as_deref().unwrap_or("").trim().to_owned(),
        params,
        key: key_from_base32(secret)?,
        image: None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use crate::import::{detect, read, Format};
    use crate::otp::{Algorithm, OtpParams};

    #[test]
    fn totp_hotp_and_push() {
        let file = br#"[{"version":1.0,"accountType":"OtpAccount","name":"Mason","otpGenerator":{"otpSecret":"4SJHB4GSD43FZBAI7C2HLRJGPQ"}},
                        {"name":"James","otpGenerator":{"otpSecret":"YOOMIXWS5GN6RTBPUFFWKTW5M4","counter":3}},
                        {"name":"Push only","pkey":"x"}]"#;
        assert_eq!(detect(file).unwrap().format, Format::Duo);
        let got = read(file, None, None).unwrap();
        assert_eq!(got.accounts[0].params, OtpParams::default_totp());
        assert_eq!(
            got.accounts[1].params,
            OtpParams::hotp(Algorithm::Sha1, 6, 3).unwrap()
        );
        assert_eq!(got.skipped.len(), 1);
    }
}
