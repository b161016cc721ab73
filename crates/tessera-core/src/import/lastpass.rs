//! LastPass Authenticator JSON export.
//!
//! Source: proton-pass-common's `proton-authenticator/src/parser/lastpass/`
//! (<https://github.com/protonpass/proton-pass-common>) and its real export
//! samples, and Stratum's `LastPassBackupConverter`. The file is
//! `{"version","accounts":[{"issuerName","userName","secret","timeStep","digits","algorithm"}]}`,
//! possibly wrapped as `{"content": …, "version"}` where `content` is that
//! object or a JSON string of it. Every account is TOTP. Cannot carry: HOTP
//! and Steam (LastPass Authenticator has neither).

use super::{
    algorithm, entry_account, opt_int, totp, Account, Collector, EntryLabel, Format, ImportError,
    Input, SkipReason,
};
use serde_json::value::RawValue;
use serde_json::Value;
use zeroize::Zeroizing;

const F: Format = Format::LastPass;

#[derive(serde::Deserialize)]
struct File<'a> {
    #[serde(borrow, default)]
    accounts: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    content: Option<&'a RawValue>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    issuer_name: Option<String>,
    user_name: Option<String>,
    secret: Option<Zeroizing<String>>,
    time_step: Option<Value>,
    digits: Option<Value>,
    algorithm: Option<String>,
}

pub(crate) fn read(input: &Input<'_>, out: &mut Collector) -> Result<(), ImportError> {
    let text = input.text(F)?;
    read_json(&text, out, 0)
}

fn read_json(text: &str, out: &mut Collector, depth: u8) -> Result<(), ImportError> {
    let file: File<'_> = serde_json::from_str(text).map_err(|e| ImportError::json(F, &e))?;
    if let Some(accounts) = file.accounts {
        return read_accounts(&accounts, out);
    }
    let content = file
        .content
        .filter(|_| depth == 0)
        .ok_or_else(|| ImportError::malformed(F, "the export has no accounts"))?;
    let inner = content.get().trim_start();
    if inner.starts_with('"') {
        let unwrapped: Zeroizing<String> =
            serde_json::from_str(inner).map_err(|e| ImportError::json(F, &e))?;
        return read_json(&unwrapped, out, depth + 1);
    }
    read_json(inner, out, depth + 1)
}

fn read_accounts(accounts: &[&RawValue], out: &mut Collector) -> Result<(), ImportError> {
    out.expect(accounts.len())?;
    for raw in accounts {
        match serde_json::from_str::<Entry>(raw.get()) {
            Ok(entry) => {
                let label = EntryLabel::new(
                    entry.issuer_name.as_deref().unwrap_or(""),
                    entry.user_name.as_deref().unwrap_or(""),
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
    let algorithm = algorithm(entry.algorithm.as_deref())?;
    let digits = opt_int(entry.digits.as_ref(), "digits")?.unwrap_or(6);
    let period = opt_int(entry.time_step.as_ref(), "time step")?.unwrap_or(30);
    let params = totp(algorithm, digits, period)?;
    entry_account(
        entry.issuer_name.as_deref(),
        entry.user_name.as_deref(),
        params,
        entry.secret.as_ref(),
        "account",
    )
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use crate::import::{detect, read, Format};
    use crate::otp::{Algorithm, OtpParams};

    pub(crate) const JSON: &str = r#"{"deviceId":"","version":3,"accounts":[
      {"accountID":"a","issuerName":"SPDX","userName":"James","secret":"5OM4WOOGPLQEF6UGN3CPEOOLWU","timeStep":20,"digits":7,"algorithm":"SHA256","folderData":{"folderId":0,"position":0}},
      {"accountID":"b","issuerName":"Bad","userName":"b","secret":"BDKSIEHWBDBBDBDZBZJ","timeStep":30,"digits":6,"algorithm":"SHA1"}
    ],"folders":[]}"#;

    #[test]
    fn plain_and_wrapped() {
        assert_eq!(detect(JSON.as_bytes()).unwrap().format, Format::LastPass);
        let got = read(JSON.as_bytes(), None, None).unwrap();
        assert_eq!(
            got.accounts[0].params,
            OtpParams::totp(Algorithm::Sha256, 7, 20).unwrap()
        );
        assert_eq!(got.skipped.len(), 1);
        let wrapped = serde_json::json!({ "content": JSON, "version": 1 }).to_string();
        assert_eq!(detect(wrapped.as_bytes()).unwrap().format, Format::LastPass);
        assert_eq!(
            read(wrapped.as_bytes(), None, None).unwrap().accounts,
            got.accounts
        );
        let nested = format!(r#"{{"version":1,"content":{JSON}}}"#);
        assert_eq!(
            read(nested.as_bytes(), None, None).unwrap().accounts,
            got.accounts
        );
    }
}
