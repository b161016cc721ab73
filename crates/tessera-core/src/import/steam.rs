//! Steam Desktop Authenticator `.maFile` (and the `{"accounts": {…}}` file
//! Aegis tests with as `steam.json`).
//!
//! Source: SteamDesktopAuthenticator's `SteamGuardAccount`
//! (<https://github.com/Jessecar96/SteamDesktopAuthenticator>, fields
//! `shared_secret` (base64), `account_name`) and Aegis's `SteamImporter`.
//! Encrypted `.maFile`s (SDA's own passkey encryption) are not read: export
//! them decrypted from SDA. Every account becomes a Steam code (SHA1, 5
//! characters, 30 s) with issuer "Steam". Cannot carry: anything but Steam.

use super::{
    base64_decode, key_from_bytes, Account, Collector, EntryLabel, Format, ImportError, Input,
    SkipReason,
};
use crate::otp::OtpParams;
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use zeroize::Zeroizing;

const F: Format = Format::Steam;

#[derive(serde::Deserialize)]
struct MaFile {
    shared_secret: Option<Zeroizing<String>>,
    account_name: Option<String>,
}

#[derive(serde::Deserialize)]
struct Accounts<'a> {
    #[serde(borrow)]
    accounts: BTreeMap<String, &'a RawValue>,
}

pub(crate) fn read(input: &Input<'_>, out: &mut Collector) -> Result<(), ImportError> {
    let text = input.text(F)?;
    if let Ok(list) = serde_json::from_str::<Accounts<'_>>(&text) {
        out.expect(list.accounts.len())?;
        for raw in list.accounts.values() {
            entry(raw.get(), out)?;
        }
        return Ok(());
    }
    serde_json::from_str::<&RawValue>(&text).map_err(|e| ImportError::json(F, &e))?;
    entry(&text, out)
}

fn entry(json: &str, out: &mut Collector) -> Result<(), ImportError> {
    let file: MaFile = match serde_json::from_str(json) {
        Ok(file) => file,
        Err(e) => {
            return out.push(
                EntryLabel::default(),
                Err(SkipReason::BadEntry(super::json_error_text(&e))),
            )
        }
    };
    let name = file.account_name.unwrap_or_default();
    let label = EntryLabel::new("Steam", &name);
    let result = (|| {
        let secret = file
            .shared_secret
            .ok_or_else(|| SkipReason::BadEntry("the file has no shared_secret".into()))?;
        let bytes = base64_decode(&secret)
            .ok_or_else(|| SkipReason::BadKey("shared_secret is not base64".into()))?;
        Ok(Account {
            issuer: "Steam".into(),
            name: name.trim().to_owned(),
            params: OtpParams::Steam { period: 30 },
            key: key_from_bytes(bytes.to_vec())?,
            image: None,
        })
    })();
    out.push(label, result)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use crate::import::{detect, read, Format};
    use crate::otp::OtpKind;

    #[test]
    fn mafile_and_accounts_map() {
        let one =
            br#"{"shared_secret":"THIl8+Jl6ugxr8x0X6eRMg==","account_name":"sophia","steamid":1}"#;
        assert_eq!(detect(one).unwrap().format, Format::Steam);
        let got = read(one, None, None).unwrap();
        assert_eq!(got.accounts[0].params.kind(), OtpKind::Steam);
        assert_eq!(got.accounts[0].issuer, "Steam");
        assert_eq!(got.accounts[0].name, "sophia");
        assert_eq!(
            got.accounts[0].key.to_base32().as_str(),
            "JRZCL47CMXVOQMNPZR2F7J4RGI"
        );

        let map = br#"{"accounts":{"a":{"shared_secret":"THIl8+Jl6ugxr8x0X6eRMg==","account_name":"x"},"b":{"account_name":"y"}}}"#;
        assert_eq!(detect(map).unwrap().format, Format::Steam);
        let got = read(map, None, None).unwrap();
        assert_eq!(got.accounts.len(), 1);
        assert_eq!(got.skipped.len(), 1);
        assert_eq!(got.skipped[0].entry, "Steam (y)");
    }
}
