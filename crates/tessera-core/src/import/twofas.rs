//! 2FAS Authenticator `.2fas` backups, schema 1 to 4, plain and encrypted.
//!
//! Source: 2FAS's backup code (<https://github.com/2fas/2fas-android>,
//! `data/storage` backup models) and Aegis's `TwoFASImporter`. The file is
//! `{"schemaVersion","services":[…]}`, or with `servicesEncrypted` =
//! `ciphertext:salt:iv` (each base64): the key is PBKDF2-HMAC-SHA256 with 2FAS's
//! fixed 10,000 iterations (the file cannot set them) and the data AES-256-GCM
//! (the tag ends the ciphertext). Services give the issuer (`name`, or
//! `otp.issuer`), `otp.account`, `otp.tokenType` TOTP/HOTP/STEAM, digits,
//! period, algorithm, counter. Unknown keys (groups, icons, order) are
//! ignored. Cannot carry: schema 1 has no type, digits, period or algorithm
//! (2FAS then used TOTP, 6, 30 s, SHA1, and so does this reader).

use super::crypto;
use super::{
    algorithm, base64_decode, hotp, key_from_base32, opt_int, steam, totp, Account, Collector,
    EntryLabel, Format, ImportError, Input, SkipReason,
};
use serde_json::value::RawValue;
use serde_json::Value;
use zeroize::Zeroizing;

const F: Format = Format::TwoFas;
const ITERATIONS: u32 = 10_000;

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct File<'a> {
    schema_version: i64,
    #[serde(borrow, default)]
    services: Option<Vec<&'a RawValue>>,
    #[serde(default)]
    services_encrypted: Option<String>,
}

#[derive(serde::Deserialize)]
struct Service {
    name: Option<String>,
    secret: Option<Zeroizing<String>>,
    otp: Option<Otp>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Otp {
    account: Option<String>,
    issuer: Option<String>,
    digits: Option<Value>,
    period: Option<Value>,
    algorithm: Option<String>,
    token_type: Option<String>,
    counter: Option<Value>,
}

pub(crate) fn read(input: &Input<'_>, out: &mut Collector) -> Result<(), ImportError> {
    let text = input.text(F)?;
    let file: File<'_> = serde_json::from_str(&text).map_err(|e| ImportError::json(F, &e))?;
    if !(1..=4).contains(&file.schema_version) {
        return Err(ImportError::unsupported(
            F,
            format!(
                "schema version {} is not known (1 to 4 are)",
                file.schema_version
            ),
        ));
    }
    if let Some(sealed) = file.services_encrypted.as_deref().filter(|s| !s.is_empty()) {
        let parts: Vec<&str> = sealed.split(':').collect();
        if parts.len() < 3 {
            return Err(ImportError::malformed(
                F,
                "servicesEncrypted is not ciphertext:salt:iv",
            ));
        }
        let decode = |p: &str, what: &str| {
            base64_decode(p)
                .ok_or_else(|| ImportError::malformed(F, format!("the {what} is not base64")))
        };
        let data = decode(parts[0], "ciphertext")?;
        let salt = decode(parts[1], "salt")?;
        let iv = decode(parts[2], "IV")?;
        let password = input.password(F)?;
        let key = crypto::pbkdf2(crypto::Prf::Sha256, password.as_bytes(), &salt, ITERATIONS);
        let plain = crypto::aes_gcm_open(key.as_ref(), &iv, &data, &[])
            .ok_or(ImportError::WrongPassword(F))?;
        let plain = Zeroizing::new(
            String::from_utf8(plain.to_vec())
                .map_err(|_| ImportError::malformed(F, "the decrypted services are not text"))?,
        );
        let services: Vec<&RawValue> =
            serde_json::from_str(&plain).map_err(|e| ImportError::json(F, &e))?;
        return read_services(&services, out);
    }
    let services = file
        .services
        .ok_or_else(|| ImportError::malformed(F, "the backup has no services"))?;
    read_services(&services, out)
}

fn read_services(services: &[&RawValue], out: &mut Collector) -> Result<(), ImportError> {
    out.expect(services.len())?;
    for raw in services {
        match serde_json::from_str::<Service>(raw.get()) {
            Ok(service) => {
                let result = convert(&service);
                let label = EntryLabel::new(
                    &issuer_of(&service),
                    service
                        .otp
                        .as_ref()
                        .and_then(|o| o.account.as_deref())
                        .unwrap_or(""),
                );
                out.push(label, result)?;
            }
            Err(e) => out.push(
                EntryLabel::default(),
                Err(SkipReason::BadEntry(super::json_error_text(&e))),
            )?,
        }
    }
    Ok(())
}

fn issuer_of(service: &Service) -> String {
    match service
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        Some(name) => name.to_owned(),
        None => service
            .otp
            .as_ref()
            .and_then(|o| o.issuer.as_deref())
            .unwrap_or("")
            .trim()
            .to_owned(),
    }
}

fn convert(service: &Service) -> Result<Account, SkipReason> {
    let empty = Otp {
        account: None,
        issuer: None,
        digits: None,
        period: None,
        algorithm: None,
        token_type: None,
        counter: None,
    };
    let otp = service.otp.as_ref().unwrap_or(&empty);
    let algorithm = algorithm(otp.algorithm.as_deref())?;
    let digits = opt_int(otp.digits.as_ref(), "digits")?;
    let period = opt_int(otp.period.as_ref(), "period")?.unwrap_or(30);
    let params = match otp
        .token_type
        .as_deref()
        .map(str::to_ascii_uppercase)
        .as_deref()
    {
        None | Some("TOTP") => totp(algorithm, digits.unwrap_or(6), period)?,
        Some("HOTP") => hotp(
            algorithm,
            digits.unwrap_or(6),
            opt_int(otp.counter.as_ref(), "counter")?.unwrap_or(0),
        )?,
        Some("STEAM") => steam(algorithm, None, period)?,
        Some(other) => {
            return Err(SkipReason::BadParams(format!(
                "the token type '{}' is not known",
                other.chars().take(20).collect::<String>()
            )))
        }
    };
    let secret = service
        .secret
        .as_ref()
        .ok_or_else(|| SkipReason::BadEntry("the service has no secret".into()))?;
    Ok(Account {
        issuer: issuer_of(service),
        name: otp.account.as_deref().unwrap_or("").trim().to_owned(),
        params,
        key: key_from_base32(secret)?,
        image: None,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::import::{detect, read, Detected};
    use crate::otp::{Algorithm, OtpParams};
    use base64::Engine as _;

    /// An encrypted backup, as 2FAS writes it.
    pub(crate) fn seal(services_json: &str, password: &str) -> String {
        let salt = [8u8; 256];
        let iv = [2u8; 12];
        let key = crypto::pbkdf2(crypto::Prf::Sha256, password.as_bytes(), &salt, ITERATIONS);
        let ct = crypto::tests::aes_gcm_seal(key.as_ref(), &iv, services_json.as_bytes(), b"");
        let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
        format!(
            r#"{{"services":[],"groups":[{{"id":"g"}}],"updatedAt":1,"schemaVersion":4,"appOrigin":"android","servicesEncrypted":"{}:{}:{}","reference":"x"}}"#,
            b64(&ct),
            b64(&salt),
            b64(&iv)
        )
    }

    pub(crate) const SERVICES: &str = r#"[
      {"name":"Deno","secret":"4SJHB4GSD43FZBAI7C2HLRJGPQ","otp":{"account":"Mason","issuer":"Deno","digits":6,"period":30,"algorithm":"SHA1","tokenType":"TOTP"}},
      {"name":"WWE","secret":"5VAML3X35THCEBVRLV24CGBKOY","otp":{"account":"Mason","digits":8,"algorithm":"SHA512","counter":10300,"tokenType":"HOTP"}},
      {"name":"Boeing","secret":"JRZCL47CMXVOQMNPZR2F7J4RGI","otp":{"account":"Sophia","digits":5,"period":30,"algorithm":"SHA1","tokenType":"STEAM"}},
      {"name":"Bad","secret":"JRZCL47CMXVOQMNPZR2F7J4RGI","otp":{"account":"b","digits":9,"tokenType":"TOTP"}}
    ]"#;

    #[test]
    fn plain_and_encrypted() {
        let plain = format!(r#"{{"services":{SERVICES},"groups":[],"schemaVersion":4}}"#);
        assert_eq!(
            detect(plain.as_bytes()).unwrap(),
            Detected {
                format: F,
                encrypted: false
            }
        );
        let got = read(plain.as_bytes(), None, None).unwrap();
        assert_eq!(got.accounts.len(), 3);
        assert_eq!(
            got.accounts[1].params,
            OtpParams::hotp(Algorithm::Sha512, 8, 10300).unwrap()
        );
        assert_eq!(got.accounts[2].params, OtpParams::Steam { period: 30 });
        assert_eq!(got.skipped[0].entry, "Bad (b)");

        let sealed = seal(SERVICES, "pw");
        assert_eq!(
            detect(sealed.as_bytes()).unwrap(),
            Detected {
                format: F,
                encrypted: true
            }
        );
        assert_eq!(
            read(sealed.as_bytes(), None, Some("pw")).unwrap().accounts,
            got.accounts
        );
        assert_eq!(
            read(sealed.as_bytes(), None, Some("pW")).unwrap_err(),
            ImportError::WrongPassword(F)
        );
        assert_eq!(
            read(sealed.as_bytes(), None, None).unwrap_err(),
            ImportError::PasswordNeeded(F)
        );
    }

    #[test]
    fn schema_one_defaults_and_newer_schema() {
        let v1 = br#"{"schemaVersion":1,"services":[{"name":"Deno","secret":"4SJHB4GSD43FZBAI7C2HLRJGPQ","otp":{"account":"Mason"},"type":"Unknown"}]}"#;
        let got = read(v1, None, None).unwrap();
        assert_eq!(got.accounts[0].params, OtpParams::default_totp());
        let v5 = br#"{"schemaVersion":5,"services":[]}"#;
        assert!(matches!(
            read(v5, None, None),
            Err(ImportError::Unsupported { .. })
        ));
    }
}
