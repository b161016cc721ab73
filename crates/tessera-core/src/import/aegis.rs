//! Aegis Authenticator JSON vault, plain and encrypted.
//!
//! Spec: Aegis's `docs/vault.md`
//! (<https://github.com/beemdevelopment/Aegis/blob/master/docs/vault.md>) and
//! its `AegisImporter`. The file is `{"version":1,"header":{"slots","params"},"db"}`;
//! `db` is the vault object when plain, or base64 of AES-256-GCM ciphertext
//! (nonce and tag in `header.params`) when encrypted. The master key is
//! wrapped once per slot: a password slot (type 1) derives a key with scrypt
//! (`n`, `r`, `p`, `salt` in the slot) and unwraps `key` with AES-256-GCM
//! (`key_params`). Every password slot is tried; biometric (type 2) and raw
//! (type 0) slots are skipped. Entries of type totp, hotp and steam are read;
//! yandex and motp entries are skipped with a reason. Cannot carry: nothing
//! Tessera has is lost (groups, icons, notes and favourites are not imported).

use super::crypto;
use super::{
    algorithm, base64_decode, entry_account, hex_decode, hotp, int, opt_int, steam, totp, Account,
    Collector, EntryLabel, Format, ImportError, Input, SkipReason,
};
use serde_json::value::RawValue;
use serde_json::Value;
use zeroize::Zeroizing;

const F: Format = Format::Aegis;

#[derive(serde::Deserialize)]
struct File<'a> {
    version: i64,
    header: Header,
    #[serde(borrow)]
    db: &'a RawValue,
}

#[derive(serde::Deserialize)]
struct Header {
    slots: Option<Vec<Value>>,
    params: Option<Params>,
}

#[derive(serde::Deserialize)]
struct Params {
    nonce: String,
    tag: String,
}

#[derive(serde::Deserialize)]
struct Db<'a> {
    version: i64,
    #[serde(borrow)]
    entries: Vec<&'a RawValue>,
}

#[derive(serde::Deserialize)]
struct Entry {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    issuer: Option<String>,
    info: Info,
}

#[derive(serde::Deserialize)]
struct Info {
    secret: Option<Zeroizing<String>>,
    algo: Option<String>,
    digits: Option<Value>,
    period: Option<Value>,
    counter: Option<Value>,
}

/// A password slot, its parameters checked.
struct PasswordSlot {
    cost: crypto::ScryptCost,
    salt: Zeroizing<Vec<u8>>,
    wrapped: Zeroizing<Vec<u8>>,
    nonce: Zeroizing<Vec<u8>>,
    tag: Zeroizing<Vec<u8>>,
}

pub(crate) fn read(input: &Input<'_>, out: &mut Collector) -> Result<(), ImportError> {
    let text = input.text(F)?;
    let file: File<'_> = serde_json::from_str(&text).map_err(|e| ImportError::json(F, &e))?;
    if file.version != 1 {
        return Err(ImportError::unsupported(
            F,
            format!("vault file version {} is not known", file.version),
        ));
    }
    let db = file.db.get().trim_start();
    if db.starts_with('{') {
        return read_db(db, out);
    }
    let db: String = serde_json::from_str(db)
        .map_err(|_| ImportError::malformed(F, "db is neither an object nor a string"))?;
    let slots = password_slots(file.header.slots.as_deref().unwrap_or(&[]))?;
    let params = file
        .header
        .params
        .ok_or_else(|| ImportError::malformed(F, "the header has no params"))?;
    let nonce = hex_decode(&params.nonce).ok_or_else(|| ImportError::malformed(F, "bad nonce"))?;
    let tag = hex_decode(&params.tag).ok_or_else(|| ImportError::malformed(F, "bad tag"))?;
    let sealed = base64_decode(&db).ok_or_else(|| ImportError::malformed(F, "db is not base64"))?;
    let password = input.password(F)?;
    let master = unlock(&slots, password)?;
    let plain = crypto::aes_gcm_open_detached(master.as_ref(), &nonce, &sealed, &tag)
        .ok_or_else(|| ImportError::malformed(F, "the vault data does not match its key"))?;
    let plain = Zeroizing::new(
        String::from_utf8(plain.to_vec())
            .map_err(|_| ImportError::malformed(F, "the decrypted vault is not text"))?,
    );
    read_db(&plain, out)
}

/// Every password slot, with its scrypt parameters checked before any derivation.
fn password_slots(slots: &[Value]) -> Result<Vec<PasswordSlot>, ImportError> {
    let mut found = Vec::new();
    for slot in slots {
        if slot.get("type").and_then(int) != Some(1) {
            continue;
        }
        let number = |k: &str| -> Result<u64, ImportError> {
            slot.get(k)
                .and_then(int)
                .and_then(|v| u64::try_from(v).ok())
                .ok_or_else(|| {
                    ImportError::malformed(F, format!("a password slot has no valid {k}"))
                })
        };
        let hex = |v: Option<&Value>, what: &str| -> Result<Zeroizing<Vec<u8>>, ImportError> {
            v.and_then(Value::as_str)
                .and_then(hex_decode)
                .ok_or_else(|| {
                    ImportError::malformed(F, format!("a password slot has no valid {what}"))
                })
        };
        let cost = crypto::check_scrypt(F, number("n")?, number("r")?, number("p")?)?;
        let key_params = slot.get("key_params");
        found.push(PasswordSlot {
            cost,
            salt: hex(slot.get("salt"), "salt")?,
            wrapped: hex(slot.get("key"), "key")?,
            nonce: hex(key_params.and_then(|p| p.get("nonce")), "nonce")?,
            tag: hex(key_params.and_then(|p| p.get("tag")), "tag")?,
        });
    }
    if found.is_empty() {
        return Err(ImportError::unsupported(
            F,
            "it has no password slot (only biometric or raw-key slots): export it again from Aegis with a password",
        ));
    }
    Ok(found)
}

fn unlock(slots: &[PasswordSlot], password: &str) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    for slot in slots {
        let derived = crypto::scrypt(F, password.as_bytes(), &slot.salt, slot.cost)?;
        if let Some(master) =
            crypto::aes_gcm_open_detached(derived.as_ref(), &slot.nonce, &slot.wrapped, &slot.tag)
        {
            if master.len() == 32 {
                return Ok(master);
            }
        }
    }
    Err(ImportError::WrongPassword(F))
}

fn read_db(json: &str, out: &mut Collector) -> Result<(), ImportError> {
    let db: Db<'_> = serde_json::from_str(json).map_err(|e| ImportError::json(F, &e))?;
    if !(1..=3).contains(&db.version) {
        return Err(ImportError::unsupported(
            F,
            format!("vault version {} is not known (1 to 3 are)", db.version),
        ));
    }
    out.expect(db.entries.len())?;
    for raw in db.entries {
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
        let issuer = entry.issuer.as_deref().unwrap_or("");
        let name = entry.name.as_deref().unwrap_or("");
        out.push(EntryLabel::new(issuer, name), convert(&entry))?;
    }
    Ok(())
}

fn convert(entry: &Entry) -> Result<Account, SkipReason> {
    let info = &entry.info;
    let params = match entry.kind.to_ascii_lowercase().as_str() {
        "yandex" => return Err(SkipReason::Unsupported("Yandex OTP is not supported")),
        "motp" => return Err(SkipReason::Unsupported("MOTP is not supported")),
        kind @ ("totp" | "hotp" | "steam") => {
            let algorithm = algorithm(info.algo.as_deref())?;
            let digits = opt_int(info.digits.as_ref(), "digits")?;
            let period = opt_int(info.period.as_ref(), "period")?.unwrap_or(30);
            match kind {
                "totp" => totp(algorithm, digits.unwrap_or(6), period)?,
                "hotp" => hotp(
                    algorithm,
                    digits.unwrap_or(6),
                    opt_int(info.counter.as_ref(), "counter")?.ok_or_else(|| {
                        SkipReason::BadParams("the HOTP entry has no counter".into())
                    })?,
                )?,
                _ => steam(algorithm, digits, period)?,
            }
        }
        other => {
            return Err(SkipReason::BadParams(format!(
                "the entry type '{}' is not known",
                other.chars().take(20).collect::<String>()
            )))
        }
    };
    entry_account(
        entry.issuer.as_deref(),
        entry.name.as_deref(),
        params,
        info.secret.as_ref(),
        "entry",
    )
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::import::{detect, read, Detected};
    use crate::otp::{Algorithm, OtpParams};
    use base64::Engine as _;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    /// Encrypts a plain `db` object as Aegis does, with one biometric-like
    /// slot first and then one password slot per password.
    pub(crate) fn seal(db: &str, passwords: &[&str], log_n: u32) -> String {
        let master = [0x42u8; 32];
        let mut slots = vec![
            r#"{"type":2,"uuid":"x","key":"00","key_params":{"nonce":"00","tag":"00"}}"#.to_owned(),
        ];
        for (i, pw) in passwords.iter().enumerate() {
            let salt = [i as u8 + 1; 32];
            let cost = crypto::check_scrypt(F, 1 << log_n, 8, 1).unwrap();
            let derived = crypto::scrypt(F, pw.as_bytes(), &salt, cost).unwrap();
            let nonce = [i as u8 + 7; 12];
            let sealed = crypto::tests::aes_gcm_seal(derived.as_ref(), &nonce, &master, b"");
            let (ct, tag) = sealed.split_at(32);
            slots.push(format!(
                r#"{{"type":1,"uuid":"u{i}","key":"{}","key_params":{{"nonce":"{}","tag":"{}"}},"n":{},"r":8,"p":1,"salt":"{}","repaired":true}}"#,
                hex(ct), hex(&nonce), hex(tag), 1u64 << log_n, hex(&salt)
            ));
        }
        let nonce = [3u8; 12];
        let sealed = crypto::tests::aes_gcm_seal(&master, &nonce, db.as_bytes(), b"");
        let (ct, tag) = sealed.split_at(sealed.len() - 16);
        format!(
            r#"{{"version":1,"header":{{"slots":[{}],"params":{{"nonce":"{}","tag":"{}"}}}},"db":"{}"}}"#,
            slots.join(","),
            hex(&nonce),
            hex(tag),
            base64::engine::general_purpose::STANDARD.encode(ct)
        )
    }

    pub(crate) const DB: &str = r#"{"version":2,"entries":[
      {"type":"totp","uuid":"1","name":"Mason","issuer":"Deno","info":{"secret":"4SJHB4GSD43FZBAI7C2HLRJGPQ","algo":"SHA1","digits":6,"period":30}},
      {"type":"hotp","uuid":"2","name":"Mason","issuer":"WWE","info":{"secret":"5VAML3X35THCEBVRLV24CGBKOY","algo":"SHA512","digits":8,"counter":10300}},
      {"type":"steam","uuid":"3","name":"Sophia","issuer":"Boeing","info":{"secret":"JRZCL47CMXVOQMNPZR2F7J4RGI","algo":"SHA1","digits":5,"period":30}},
      {"type":"yandex","uuid":"4","name":"y","issuer":"Yandex","info":{"secret":"JRZCL47CMXVOQMNPZR2F7J4RGI","pin":"1234"}},
      {"type":"motp","uuid":"5","name":"m","issuer":"M","info":{"secret":"JRZCL47CMXVOQMNPZR2F7J4RGI"}},
      {"type":"totp","uuid":"6","name":"ten","issuer":"T","info":{"secret":"JRZCL47CMXVOQMNPZR2F7J4RGI","algo":"SHA1","digits":10,"period":30}},
      {"type":"totp","uuid":"7","name":"zero","issuer":"Z","info":{"secret":"JRZCL47CMXVOQMNPZR2F7J4RGI","algo":"SHA1","digits":6,"period":0}}
    ]}"#;

    #[test]
    fn plain_vault() {
        let file = format!(r#"{{"version":1,"header":{{"slots":null,"params":null}},"db":{DB}}}"#);
        assert_eq!(
            detect(file.as_bytes()).unwrap(),
            Detected {
                format: F,
                encrypted: false
            }
        );
        let got = read(file.as_bytes(), None, None).unwrap();
        assert_eq!(got.accounts.len(), 3);
        assert_eq!(
            got.accounts[1].params,
            OtpParams::hotp(Algorithm::Sha512, 8, 10300).unwrap()
        );
        assert_eq!(got.accounts[2].params, OtpParams::Steam { period: 30 });
        let reasons: Vec<String> = got.skipped.iter().map(|s| s.to_string()).collect();
        assert_eq!(reasons[0], "Yandex (y): Yandex OTP is not supported");
        assert_eq!(reasons[1], "M (m): MOTP is not supported");
        assert!(
            reasons[2].starts_with("T (ten): 10 digits"),
            "{}",
            reasons[2]
        );
        assert!(
            reasons[3].starts_with("Z (zero): a period of 0"),
            "{}",
            reasons[3]
        );
    }

    #[test]
    fn encrypted_tries_every_password_slot() {
        let file = seal(DB, &["first", "second"], 10);
        assert!(detect(file.as_bytes()).unwrap().encrypted);
        assert_eq!(
            read(file.as_bytes(), None, Some("first"))
                .unwrap()
                .accounts
                .len(),
            3
        );
        assert_eq!(
            read(file.as_bytes(), None, Some("second"))
                .unwrap()
                .accounts
                .len(),
            3
        );
        assert_eq!(
            read(file.as_bytes(), None, Some("third")).unwrap_err(),
            ImportError::WrongPassword(F)
        );
        assert_eq!(
            read(file.as_bytes(), None, None).unwrap_err(),
            ImportError::PasswordNeeded(F)
        );
    }

    #[test]
    fn huge_scrypt_refused() {
        let file = seal(DB, &["pw"], 10).replace(r#""n":1024"#, r#""n":2147483648"#);
        assert!(matches!(
            read(file.as_bytes(), None, Some("pw")),
            Err(ImportError::KdfTooCostly { .. })
        ));
    }

    #[test]
    fn newer_versions_refused() {
        let file = format!(r#"{{"version":2,"header":{{"slots":null,"params":null}},"db":{DB}}}"#);
        assert!(matches!(
            read(file.as_bytes(), None, None),
            Err(ImportError::Unsupported { .. })
        ));
        let db = DB.replacen(r#""version":2"#, r#""version":9"#, 1);
        let file = format!(r#"{{"version":1,"header":{{"slots":null,"params":null}},"db":{db}}}"#);
        assert!(matches!(
            read(file.as_bytes(), None, None),
            Err(ImportError::Unsupported { .. })
        ));
    }
}
