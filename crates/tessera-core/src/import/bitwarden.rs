//! Bitwarden exports: the password manager's JSON and CSV, Bitwarden
//! Authenticator's JSON, and password-protected JSON.
//!
//! Sources: Bitwarden's export services in `bitwarden/clients`
//! (`libs/tools/export/vault-export/…/individual-vault-export.service.ts`,
//! `libs/importer/src/importers/bitwarden/bitwarden-password-protected-importer.ts`),
//! the key derivation in `libs/key-management/src/kdf.service.ts`
//! (<https://github.com/bitwarden/clients>), and Aegis's `BitwardenImporter`.
//! Plain JSON: `items[].login.totp`; CSV: the `login_totp` column. A totp value
//! is an otpauth URI, `steam://KEY`, or a bare base32 key (Bitwarden then makes
//! TOTP, SHA1, 6 digits, 30 s). The item's name becomes the issuer and the
//! login's username the account name when the URI has none.
//!
//! Password-protected JSON (`encrypted` and `passwordProtected` true): the key
//! is PBKDF2-SHA256 (`kdfType` 0, `kdfIterations`) or Argon2id (`kdfType` 1;
//! `kdfIterations` passes, `kdfMemory` MiB, `kdfParallelism` lanes, salted
//! with SHA-256 of the salt) of the password with the `salt` string, stretched
//! by HKDF-Expand-SHA256 into an encryption key (info "enc") and a MAC key
//! (info "mac"). `encKeyValidation_DO_NOT_EDIT` and `data` are EncStrings of
//! type 2 (`2.iv|ciphertext|mac`, AES-256-CBC then HMAC-SHA256 over iv‖ciphertext);
//! `data` holds the plain JSON export. Exports encrypted with the account key
//! (no password) cannot be opened outside Bitwarden and are refused.
//! Cannot carry: nothing beyond what otpauth URIs carry.

use super::crypto;
use super::{
    base64_decode, key_from_base32, opt_int, uri_error, Account, Collector, EntryLabel, Format,
    ImportError, Input, SkipReason,
};
use crate::otp::OtpParams;
use serde_json::value::RawValue;
use serde_json::Value;
use zeroize::Zeroizing;

const F: Format = Format::Bitwarden;

/// A CSV export's header names the `login_totp` column.
pub(crate) fn looks_like_csv(text: &str) -> bool {
    text.lines()
        .next()
        .is_some_and(|header| header.split(',').any(|c| c.trim() == "login_totp"))
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct File<'a> {
    #[serde(default)]
    encrypted: bool,
    #[serde(default)]
    password_protected: bool,
    #[serde(borrow, default)]
    items: Option<Vec<&'a RawValue>>,
    salt: Option<String>,
    kdf_type: Option<Value>,
    kdf_iterations: Option<Value>,
    kdf_memory: Option<Value>,
    kdf_parallelism: Option<Value>,
    #[serde(rename = "encKeyValidation_DO_NOT_EDIT")]
    enc_key_validation: Option<String>,
    data: Option<String>,
}

#[derive(serde::Deserialize)]
struct Item {
    name: Option<String>,
    login: Option<Login>,
}

#[derive(serde::Deserialize)]
struct Login {
    username: Option<String>,
    totp: Option<Zeroizing<String>>,
}

pub(crate) fn read(input: &Input<'_>, out: &mut Collector) -> Result<(), ImportError> {
    let text = input.text(F)?;
    if !text.trim_start().starts_with('{') {
        return read_csv(&text, out);
    }
    let file: File<'_> = serde_json::from_str(&text).map_err(|e| ImportError::json(F, &e))?;
    if file.encrypted && file.password_protected {
        let plain = decrypt(&file, input)?;
        let inner: File<'_> = serde_json::from_str(&plain).map_err(|e| ImportError::json(F, &e))?;
        if inner.encrypted {
            return Err(ImportError::malformed(
                F,
                "the decrypted export is itself encrypted",
            ));
        }
        return read_items(inner.items.as_deref().unwrap_or(&[]), out);
    }
    if file.encrypted {
        return Err(ImportError::unsupported(
            F,
            "it is encrypted with the Bitwarden account's own key, which only Bitwarden can open: export again with a password, or unencrypted",
        ));
    }
    let items = file
        .items
        .ok_or_else(|| ImportError::malformed(F, "the export has no items"))?;
    read_items(&items, out)
}

fn read_items(items: &[&RawValue], out: &mut Collector) -> Result<(), ImportError> {
    out.expect(items.len())?;
    for raw in items {
        let item: Item = match serde_json::from_str(raw.get()) {
            Ok(item) => item,
            Err(e) => {
                out.push(
                    EntryLabel::default(),
                    Err(SkipReason::BadEntry(super::json_error_text(&e))),
                )?;
                continue;
            }
        };
        let Some(login) = item.login else { continue };
        let Some(totp) = login.totp.filter(|t| !t.trim().is_empty()) else {
            continue;
        };
        let name = item.name.as_deref().unwrap_or("");
        let user = login.username.as_deref().unwrap_or("");
        out.push(EntryLabel::new(name, user), convert(&totp, name, user))?;
    }
    Ok(())
}

fn read_csv(text: &str, out: &mut Collector) -> Result<(), ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|_| ImportError::malformed(F, "the CSV header cannot be read"))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let totp_at = column("login_totp")
        .ok_or_else(|| ImportError::malformed(F, "the CSV has no login_totp column"))?;
    let name_at = column("name");
    let user_at = column("login_username");
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let Ok(record) = record else {
            out.push(
                EntryLabel::line(line),
                Err(SkipReason::BadEntry("the CSV row cannot be read".into())),
            )?;
            continue;
        };
        let totp = Zeroizing::new(record.get(totp_at).unwrap_or("").to_owned());
        if totp.trim().is_empty() {
            continue;
        }
        let name = name_at.and_then(|i| record.get(i)).unwrap_or("");
        let user = user_at.and_then(|i| record.get(i)).unwrap_or("");
        let mut label = EntryLabel::new(name, user);
        label.line = Some(line);
        out.push(label, convert(&totp, name, user))?;
    }
    Ok(())
}

/// One `totp` value: otpauth URI, `steam://KEY`, or a bare base32 key.
fn convert(totp: &str, item_name: &str, username: &str) -> Result<Account, SkipReason> {
    let totp = totp.trim();
    let (params, key) = if let Some(key) = super::proton::strip_scheme(totp, "steam://") {
        (OtpParams::Steam { period: 30 }, key_from_base32(key)?)
    } else if totp.contains("://") {
        let mut account = crate::otpauth::parse(totp).map_err(uri_error)?;
        if account.issuer.is_empty() {
            account.issuer = item_name.trim().to_owned();
        }
        if account.name.is_empty() {
            account.name = username.trim().to_owned();
        }
        return Ok(account);
    } else {
        (OtpParams::default_totp(), key_from_base32(totp)?)
    };
    Ok(Account {
        issuer: item_name.trim().to_owned(),
        name: username.trim().to_owned(),
        params,
        key,
        image: None,
    })
}

/// Opens a password-protected export; returns the inner JSON.
fn decrypt(file: &File<'_>, input: &Input<'_>) -> Result<Zeroizing<String>, ImportError> {
    let missing = |what: &str| ImportError::malformed(F, format!("the export has no {what}"));
    let number = |v: &Option<Value>, what: &str| -> Result<i128, ImportError> {
        opt_int(v.as_ref(), what)
            .ok()
            .flatten()
            .ok_or_else(|| missing(what))
    };
    let salt = file.salt.as_deref().ok_or_else(|| missing("salt"))?;
    let validation = EncString::parse(
        file.enc_key_validation
            .as_deref()
            .ok_or_else(|| missing("key check"))?,
    )?;
    let data = EncString::parse(file.data.as_deref().ok_or_else(|| missing("data"))?)?;
    enum Kdf {
        Pbkdf2(u32),
        Argon2(crypto::Argon2Cost),
    }
    let kdf = match number(&file.kdf_type, "kdfType")? {
        0 => Kdf::Pbkdf2(crypto::check_pbkdf2(
            F,
            number(&file.kdf_iterations, "kdfIterations")?,
        )?),
        1 => {
            let unsigned = |v: i128| u64::try_from(v).unwrap_or(0);
            let memory_mib = unsigned(number(&file.kdf_memory, "kdfMemory")?);
            Kdf::Argon2(crypto::check_argon2(
                F,
                memory_mib.saturating_mul(1024),
                unsigned(number(&file.kdf_iterations, "kdfIterations")?),
                unsigned(number(&file.kdf_parallelism, "kdfParallelism")?),
            )?)
        }
        other => {
            return Err(ImportError::unsupported(
                F,
                format!("key derivation type {other} is not known"),
            ))
        }
    };
    let password = input.password(F)?;
    let master = match kdf {
        Kdf::Pbkdf2(iterations) => crypto::pbkdf2(
            crypto::Prf::Sha256,
            password.as_bytes(),
            salt.as_bytes(),
            iterations,
        ),
        Kdf::Argon2(cost) => {
            let salt = crypto::sha256(salt.as_bytes());
            crypto::argon2id(F, password.as_bytes(), salt.as_ref(), cost)?
        }
    };
    let enc = crypto::hkdf_expand_sha256(master.as_ref(), b"enc")
        .ok_or_else(|| ImportError::malformed(F, "key stretching failed"))?;
    let mac = crypto::hkdf_expand_sha256(master.as_ref(), b"mac")
        .ok_or_else(|| ImportError::malformed(F, "key stretching failed"))?;
    validation
        .open(enc.as_ref(), mac.as_ref())
        .ok_or(ImportError::WrongPassword(F))?;
    let plain = data
        .open(enc.as_ref(), mac.as_ref())
        .ok_or_else(|| ImportError::malformed(F, "the data does not match its key"))?;
    String::from_utf8(plain.to_vec())
        .map(Zeroizing::new)
        .map_err(|_| ImportError::malformed(F, "the decrypted export is not text"))
}

/// A Bitwarden "EncString" of type 2: `2.iv|ciphertext|mac`, each base64.
struct EncString {
    iv: Zeroizing<Vec<u8>>,
    data: Zeroizing<Vec<u8>>,
    mac: Zeroizing<Vec<u8>>,
}

impl EncString {
    fn parse(text: &str) -> Result<Self, ImportError> {
        let bad = |what: &str| ImportError::malformed(F, format!("an encrypted value {what}"));
        let rest = text
            .trim()
            .strip_prefix("2.")
            .ok_or_else(|| bad("is not of type 2 (AES-256-CBC with HMAC-SHA256)"))?;
        let mut parts = rest.split('|');
        let mut next = || {
            parts
                .next()
                .and_then(base64_decode)
                .ok_or_else(|| bad("is not iv|data|mac"))
        };
        let s = EncString {
            iv: next()?,
            data: next()?,
            mac: next()?,
        };
        if s.iv.len() != 16 || s.mac.len() != 32 {
            return Err(bad("has the wrong sizes"));
        }
        Ok(s)
    }

    fn open(&self, enc: &[u8], mac: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        if !crypto::hmac_sha256_verify(mac, &[&self.iv, &self.data], &self.mac) {
            return None;
        }
        crypto::aes_cbc_open(enc, &self.iv, &self.data)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::import::{detect, read, Detected};
    use crate::otp::{Algorithm, OtpKind};
    use base64::Engine as _;

    fn b64(b: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(b)
    }

    fn enc_string(enc: &[u8], mac: &[u8], iv: &[u8; 16], plain: &[u8]) -> String {
        use hmac::Mac;
        let ct = crypto::tests::aes_cbc_seal(enc, iv, plain);
        let mut h = <hmac::Hmac<sha2::Sha256> as hmac::KeyInit>::new_from_slice(mac).unwrap();
        h.update(iv);
        h.update(&ct);
        format!(
            "2.{}|{}|{}",
            b64(iv),
            b64(&ct),
            b64(&h.finalize().into_bytes())
        )
    }

    /// A password-protected export. `kdf`: (type, iterations, memory MiB, parallelism).
    pub(crate) fn seal(inner: &str, password: &str, kdf: (u8, u32, u32, u32)) -> String {
        let salt = "c2FsdHNhbHRzYWx0c2FsdA==";
        let master = if kdf.0 == 0 {
            crypto::pbkdf2(
                crypto::Prf::Sha256,
                password.as_bytes(),
                salt.as_bytes(),
                kdf.1,
            )
        } else {
            let cost = crypto::check_argon2(F, u64::from(kdf.2) * 1024, kdf.1.into(), kdf.3.into())
                .unwrap();
            crypto::argon2id(
                F,
                password.as_bytes(),
                crypto::sha256(salt.as_bytes()).as_ref(),
                cost,
            )
            .unwrap()
        };
        let enc = crypto::hkdf_expand_sha256(master.as_ref(), b"enc").unwrap();
        let mac = crypto::hkdf_expand_sha256(master.as_ref(), b"mac").unwrap();
        let check = enc_string(
            enc.as_ref(),
            mac.as_ref(),
            &[1; 16],
            b"6c9e2b3e-0000-4000-8000-000000000000",
        );
        let data = enc_string(enc.as_ref(), mac.as_ref(), &[2; 16], inner.as_bytes());
        let (memory, parallelism) = if kdf.0 == 0 {
            ("null".to_owned(), "null".to_owned())
        } else {
            (kdf.2.to_string(), kdf.3.to_string())
        };
        format!(
            r#"{{"encrypted":true,"passwordProtected":true,"salt":"{salt}","kdfType":{},"kdfIterations":{},"kdfMemory":{memory},"kdfParallelism":{parallelism},"encKeyValidation_DO_NOT_EDIT":"{check}","data":"{data}"}}"#,
            kdf.0, kdf.1
        )
    }

    pub(crate) const PLAIN: &str = r#"{"encrypted":false,"folders":[],"items":[
      {"type":1,"name":"GitHub","login":{"username":"me","password":"pw","totp":"otpauth://totp/GitHub:me?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&digits=8&algorithm=SHA256"}},
      {"type":1,"name":"Plain key","login":{"username":"you","totp":"JBSW Y3DP EHPK 3PXP"}},
      {"type":1,"name":"Valve","login":{"username":"gaben","totp":"steam://JRZCL47CMXVOQMNPZR2F7J4RGI"}},
      {"type":1,"name":"No TOTP","login":{"username":"x","totp":null}},
      {"type":2,"name":"A note"},
      {"type":1,"name":"Short","login":{"totp":"AAAA"}}
    ]}"#;

    #[test]
    fn plain_json() {
        assert_eq!(
            detect(PLAIN.as_bytes()).unwrap(),
            Detected {
                format: F,
                encrypted: false
            }
        );
        let got = read(PLAIN.as_bytes(), None, None).unwrap();
        assert_eq!(got.accounts.len(), 3);
        assert_eq!(
            got.accounts[0].params,
            OtpParams::totp(Algorithm::Sha256, 8, 30).unwrap()
        );
        assert_eq!(got.accounts[1].params, OtpParams::default_totp());
        assert_eq!(
            (
                got.accounts[1].issuer.as_str(),
                got.accounts[1].name.as_str()
            ),
            ("Plain key", "you")
        );
        assert_eq!(got.accounts[2].params.kind(), OtpKind::Steam);
        assert_eq!(got.skipped.len(), 1);
        assert_eq!(got.skipped[0].entry, "Short");
    }

    #[test]
    fn csv() {
        let text = "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n\
            ,,login,\"Bank, Inc\",\"multi\nline\",,0,,al,pw,otpauth://hotp/Bank:al?secret=JBSWY3DPEHPK3PXP&counter=7\n\
            ,,login,Nothing,,,0,,,,\n\
            ,,login,Steam,,,0,,,,steam://JRZCL47CMXVOQMNPZR2F7J4RGI\n";
        assert_eq!(
            detect(text.as_bytes()).unwrap(),
            Detected {
                format: F,
                encrypted: false
            }
        );
        let got = read(text.as_bytes(), None, None).unwrap();
        assert_eq!(got.accounts.len(), 2);
        assert_eq!(got.accounts[0].params.counter(), Some(7));
        assert_eq!(got.accounts[1].params.kind(), OtpKind::Steam);
    }

    #[test]
    fn password_protected_pbkdf2_and_argon2() {
        for kdf in [(0u8, 5000u32, 0u32, 0u32), (1, 2, 16, 2)] {
            let file = seal(PLAIN, "hunter2", kdf);
            assert_eq!(
                detect(file.as_bytes()).unwrap(),
                Detected {
                    format: F,
                    encrypted: true
                }
            );
            let got = read(file.as_bytes(), None, Some("hunter2")).unwrap();
            assert_eq!(got.accounts.len(), 3);
            assert_eq!(
                read(file.as_bytes(), None, Some("hunter3")).unwrap_err(),
                ImportError::WrongPassword(F)
            );
            assert_eq!(
                read(file.as_bytes(), None, None).unwrap_err(),
                ImportError::PasswordNeeded(F)
            );
        }
    }

    #[test]
    fn huge_kdf_refused() {
        let pb = seal("{}", "x", (0, 1, 0, 0))
            .replace(r#""kdfIterations":1"#, r#""kdfIterations":2000000000"#);
        assert!(matches!(
            read(pb.as_bytes(), None, Some("x")),
            Err(ImportError::KdfTooCostly { .. })
        ));
        let ar = seal("{}", "x", (1, 1, 1, 1)).replace(r#""kdfMemory":1"#, r#""kdfMemory":4096"#);
        assert!(matches!(
            read(ar.as_bytes(), None, Some("x")),
            Err(ImportError::KdfTooCostly { .. })
        ));
    }

    #[test]
    fn account_key_export_refused() {
        let file = br#"{"encrypted":true,"encKeyValidation_DO_NOT_EDIT":"2.a|b|c","folders":[],"items":[]}"#;
        assert_eq!(
            detect(file).unwrap(),
            Detected {
                format: F,
                encrypted: false
            }
        );
        assert!(matches!(
            read(file, None, None),
            Err(ImportError::Unsupported { .. })
        ));
    }
}
