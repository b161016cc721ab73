//! KeePass / KeePassXC databases (KDBX 4, password only).
//!
//! Sources: the KDBX 4 format (<https://keepass.info/help/kb/kdbx_4.html>),
//! KeePass 2.47's OTP fields (<https://keepass.info/help/base/placeholders.html#otp>:
//! `TimeOtp-Secret`, `-Secret-Hex`, `-Secret-Base32`, `-Secret-Base64`,
//! `TimeOtp-Length`, `TimeOtp-Period`, `TimeOtp-Algorithm`, and the
//! `HmacOtp-*` counterparts with `HmacOtp-Counter`), and KeePassXC's `otp`
//! field (an otpauth URI; older versions wrote `TOTP Seed` and
//! `TOTP Settings` = "period;digits" or "period;S" for Steam). Decryption is
//! the `keepass` crate's; before it runs, the outer header is read here and
//! the key-derivation parameters (Argon2d/Argon2id memory, passes and lanes,
//! or AES-KDF rounds) are checked against the caps. Entries in the recycle
//! bin are left out. KDBX 3 and key files are not supported. The entry's title
//! becomes the issuer and its user name the account name when the OTP field
//! does not name them. Cannot carry: nothing Tessera has is lost.

use super::crypto;
use super::{
    algorithm, base64_decode, hex_decode, hotp, key_from_base32, key_from_bytes, steam, totp,
    uri_error, Account, Collector, EntryLabel, Format, ImportError, Input, SkipReason,
};
use crate::otp::{Algorithm, OtpParams};

const F: Format = Format::KeePass;
/// The two KDBX signatures, little-endian as stored.
pub(crate) const SIGNATURE: [u8; 8] = [0x03, 0xD9, 0xA2, 0x9A, 0x67, 0xFB, 0x4B, 0xB5];
const AES_KDF: [u8; 16] = [
    0xC9, 0xD9, 0xF3, 0x9A, 0x62, 0x8A, 0x44, 0x60, 0xBF, 0x74, 0x0D, 0x08, 0xC1, 0x8A, 0x4F, 0xEA,
];
const ARGON2D: [u8; 16] = [
    0xEF, 0x63, 0x6D, 0xDF, 0x8C, 0x29, 0x44, 0x4B, 0x91, 0xF7, 0xA9, 0xA4, 0x03, 0xE3, 0x0A, 0x0C,
];
const ARGON2ID: [u8; 16] = [
    0x9E, 0x29, 0x8B, 0x19, 0x56, 0xDB, 0x47, 0x73, 0xB2, 0x3D, 0xFC, 0x3E, 0xC6, 0xF0, 0xA1, 0xE6,
];

/// Reads the outer header's KDF parameters and checks them against the caps.
fn check_header(bytes: &[u8]) -> Result<(), ImportError> {
    let bad = |d: &str| ImportError::malformed(F, d.to_owned());
    let get = |at: usize, n: usize| {
        bytes
            .get(at..at + n)
            .ok_or_else(|| bad("the header ends too early"))
    };
    let u16_at = |at| get(at, 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at = |at| get(at, 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let major = u16_at(10)?;
    if major != 4 {
        return Err(ImportError::unsupported(
            F,
            format!("it is a KDBX {major} database; only KDBX 4 is read (save it again with KeePass 2.35+ or KeePassXC 2.7+ as KDBX 4)"),
        ));
    }
    let mut at = 12;
    let kdf = loop {
        let id = *get(at, 1)?.first().unwrap_or(&0);
        let len = u32_at(at + 1)? as usize;
        let data = get(at + 5, len)?;
        at += 5 + len;
        match id {
            0 => return Err(bad("the header has no key-derivation parameters")),
            11 => break data,
            _ => {}
        }
    };
    let dict = variant_dictionary(kdf)
        .ok_or_else(|| bad("the key-derivation parameters cannot be read"))?;
    let find = |name: &str| {
        dict.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_slice())
    };
    let number = |name: &str| -> Option<u64> {
        let v = find(name)?;
        match v.len() {
            4 => Some(u64::from(u32::from_le_bytes([v[0], v[1], v[2], v[3]]))),
            8 => Some(u64::from_le_bytes([
                v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
            ])),
            _ => None,
        }
    };
    let uuid = find("$UUID").ok_or_else(|| bad("the key derivation is not named"))?;
    if uuid == ARGON2D || uuid == ARGON2ID {
        let memory = number("M").ok_or_else(|| bad("Argon2 memory is missing"))?;
        let passes = number("I").ok_or_else(|| bad("Argon2 passes are missing"))?;
        let lanes = number("P").ok_or_else(|| bad("Argon2 lanes are missing"))?;
        crypto::check_argon2(F, memory / 1024, passes, lanes)?;
        Ok(())
    } else if uuid == AES_KDF {
        let rounds = number("R").ok_or_else(|| bad("AES-KDF rounds are missing"))?;
        if rounds > crypto::MAX_AES_KDF_ROUNDS {
            return Err(ImportError::KdfTooCostly {
                format: F,
                detail: format!(
                    "the file asks for {rounds} AES-KDF rounds to derive its key; at most {} are allowed",
                    crypto::MAX_AES_KDF_ROUNDS
                ),
            });
        }
        Ok(())
    } else {
        Err(ImportError::unsupported(
            F,
            "its key derivation is not known",
        ))
    }
}

/// A KDBX 4 VariantDictionary: (name, raw value) pairs.
fn variant_dictionary(data: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut rest = data.get(2..)?; // version
    let mut out = Vec::new();
    loop {
        let (&kind, tail) = rest.split_first()?;
        if kind == 0 {
            return Some(out);
        }
        let len = |b: &[u8]| -> Option<usize> {
            Some(u32::from_le_bytes([*b.first()?, *b.get(1)?, *b.get(2)?, *b.get(3)?]) as usize)
        };
        let name_len = len(tail)?;
        let name = tail.get(4..4 + name_len)?;
        let tail = &tail[4 + name_len..];
        let value_len = len(tail)?;
        let value = tail.get(4..4 + value_len)?;
        out.push((String::from_utf8(name.to_vec()).ok()?, value.to_vec()));
        rest = &tail[4 + value_len..];
        if out.len() > 64 {
            return None;
        }
    }
}

pub(crate) fn read(input: &Input<'_>, out: &mut Collector) -> Result<(), ImportError> {
    if !input.bytes.starts_with(&SIGNATURE) {
        return Err(ImportError::malformed(
            F,
            "the KeePass signature is missing",
        ));
    }
    check_header(input.bytes)?;
    let password = input.password(F)?;
    let key = keepass::DatabaseKey::new().with_password(password);
    let mut source = input.bytes;
    let db = keepass::Database::open(&mut source, key).map_err(|e| {
        use keepass::error::DatabaseOpenError as E;
        match e {
            E::Key(keepass::error::DatabaseKeyError::IncorrectKey) => ImportError::WrongPassword(F),
            E::UnsupportedVersion => {
                ImportError::unsupported(F, "this KDBX version is not supported")
            }
            _ => ImportError::malformed(F, "the database cannot be decrypted or read"),
        }
    })?;
    let bin = db.recycle_bin().map(|g| g.id());
    let in_bin = |entry: &keepass::db::EntryRef<'_>| -> bool {
        let Some(bin) = bin else { return false };
        let mut group = entry.parent().id();
        for _ in 0..1000 {
            if group == bin {
                return true;
            }
            match db.group(group).and_then(|g| g.parent().map(|p| p.id())) {
                Some(parent) => group = parent,
                None => return false,
            }
        }
        false
    };
    let entries: Vec<keepass::db::EntryRef<'_>> =
        db.iter_all_entries().filter(|e| !in_bin(e)).collect();
    out.expect(entries.len())?;
    for entry in &entries {
        let title = entry.get_title().unwrap_or("");
        let user = entry.get_username().unwrap_or("");
        let field = |name: &str| entry.get(name).map(str::trim).filter(|v| !v.is_empty());
        let mut results: Vec<Result<Account, SkipReason>> = Vec::new();
        if let Some(otp) = field("otp").or_else(|| field("TOTP Seed")) {
            results.push(from_otp_field(otp, field("TOTP Settings"), title, user));
        }
        if let Some(result) = from_keepass_fields(&field, "TimeOtp", title, user) {
            results.push(result);
        }
        if let Some(result) = from_keepass_fields(&field, "HmacOtp", title, user) {
            results.push(result);
        }
        let mut kept: Vec<Account> = Vec::new();
        for result in results {
            if let Ok(a) = &result {
                if kept.iter().any(|k| super::same_account(k, a)) {
                    continue;
                }
                kept.push(a.clone());
            }
            out.push(EntryLabel::new(title, user), result)?;
        }
    }
    Ok(())
}

fn named(mut account: Account, title: &str, user: &str) -> Account {
    if account.issuer.is_empty() {
        account.issuer = title.trim().to_owned();
    }
    if account.name.is_empty() {
        account.name = user.trim().to_owned();
    }
    account
}

/// KeePassXC's `otp` field: an otpauth URI, KeeOtp's `key=…&step=…&size=…`,
/// or a bare key with the old `TOTP Settings`.
fn from_otp_field(
    otp: &str,
    settings: Option<&str>,
    title: &str,
    user: &str,
) -> Result<Account, SkipReason> {
    if otp.contains("://") {
        return crate::otpauth::parse(otp)
            .map(|a| named(a, title, user))
            .map_err(uri_error);
    }
    if otp.contains("key=") {
        let pairs = crate::otpauth::parse_query(otp).map_err(uri_error)?;
        let get = |n: &str| pairs.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
        let key = key_from_base32(get("key").unwrap_or(""))?;
        let number = |n: &str, default: i128| -> Result<i128, SkipReason> {
            match get(n) {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse()
                    .map_err(|_| SkipReason::BadParams(format!("the {n} is not a whole number"))),
            }
        };
        let algorithm = algorithm(get("otphashmode"))?; // names are lower-cased
        let params = match get("type").map(str::to_ascii_lowercase).as_deref() {
            Some("hotp") => hotp(algorithm, number("size", 6)?, number("counter", 0)?)?,
            _ => totp(algorithm, number("size", 6)?, number("step", 30)?)?,
        };
        return Ok(account(title, user, params, key));
    }
    let key = key_from_base32(otp)?;
    let params = match settings {
        None => OtpParams::default_totp(),
        Some(s) => {
            let (period, digits) = s.split_once(';').unwrap_or((s, "6"));
            let period: i128 = period.trim().parse().map_err(|_| {
                SkipReason::BadParams("the TOTP Settings period is not a number".into())
            })?;
            match digits.trim() {
                "S" | "s" => steam(Algorithm::Sha1, None, period)?,
                d => totp(
                    Algorithm::Sha1,
                    d.parse().map_err(|_| {
                        SkipReason::BadParams("the TOTP Settings digits are not a number".into())
                    })?,
                    period,
                )?,
            }
        }
    };
    Ok(account(title, user, params, key))
}

fn account(title: &str, user: &str, params: OtpParams, key: crate::SecretKey) -> Account {
    Account {
        issuer: title.trim().to_owned(),
        name: user.trim().to_owned(),
        params,
        key,
        image: None,
    }
}

/// KeePass 2.47's `TimeOtp-*` or `HmacOtp-*` fields, if the entry has a secret.
fn from_keepass_fields<'a>(
    field: &dyn Fn(&str) -> Option<&'a str>,
    prefix: &str,
    title: &str,
    user: &str,
) -> Option<Result<Account, SkipReason>> {
    let f = |suffix: &str| field(&format!("{prefix}-{suffix}"));
    let key = if let Some(s) = f("Secret") {
        key_from_bytes(s.as_bytes().to_vec())
    } else if let Some(s) = f("Secret-Hex") {
        hex_decode(&s.replace(' ', ""))
            .ok_or_else(|| SkipReason::BadKey("the key is not hexadecimal".into()))
            .and_then(|b| key_from_bytes(b.to_vec()))
    } else if let Some(s) = f("Secret-Base32") {
        key_from_base32(s)
    } else if let Some(s) = f("Secret-Base64") {
        base64_decode(s)
            .ok_or_else(|| SkipReason::BadKey("the key is not base64".into()))
            .and_then(|b| key_from_bytes(b.to_vec()))
    } else {
        return None;
    };
    Some((|| {
        let key = key?;
        let number = |suffix: &str, default: i128| -> Result<i128, SkipReason> {
            match f(suffix) {
                None => Ok(default),
                Some(v) => v.parse().map_err(|_| {
                    SkipReason::BadParams(format!("{prefix}-{suffix} is not a whole number"))
                }),
            }
        };
        let algorithm = match f("Algorithm") {
            None => Algorithm::Sha1,
            Some(name) => algorithm(Some(name))?,
        };
        let params = if prefix == "TimeOtp" {
            totp(algorithm, number("Length", 6)?, number("Period", 30)?)?
        } else {
            hotp(algorithm, 6, number("Counter", 0)?)?
        };
        Ok(account(title, user, params, key))
    })())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::otp::OtpKind;

    fn header(kdf: &[(u8, &str, Vec<u8>)], major: u16) -> Vec<u8> {
        let mut dict = vec![0x00, 0x01];
        for (kind, name, value) in kdf {
            dict.push(*kind);
            dict.extend((name.len() as u32).to_le_bytes());
            dict.extend(name.as_bytes());
            dict.extend((value.len() as u32).to_le_bytes());
            dict.extend(value);
        }
        dict.push(0);
        let mut out = SIGNATURE.to_vec();
        out.extend(1u16.to_le_bytes());
        out.extend(major.to_le_bytes());
        out.push(11);
        out.extend((dict.len() as u32).to_le_bytes());
        out.extend(dict);
        out.push(0);
        out.extend(4u32.to_le_bytes());
        out.extend(b"\r\n\r\n");
        out
    }

    pub(crate) fn argon2_header(memory: u64, passes: u64) -> Vec<u8> {
        header(
            &[
                (0x42, "$UUID", ARGON2ID.to_vec()),
                (0x05, "M", memory.to_le_bytes().to_vec()),
                (0x05, "I", passes.to_le_bytes().to_vec()),
                (0x04, "P", 2u32.to_le_bytes().to_vec()),
            ],
            4,
        )
    }

    #[test]
    fn caps_are_read_from_the_header() {
        assert!(check_header(&argon2_header(64 << 20, 10)).is_ok());
        assert!(matches!(
            check_header(&argon2_header(8 << 30, 10)),
            Err(ImportError::KdfTooCostly { .. })
        ));
        let aes = header(
            &[
                (0x42, "$UUID", AES_KDF.to_vec()),
                (0x05, "R", u64::MAX.to_le_bytes().to_vec()),
            ],
            4,
        );
        assert!(matches!(
            check_header(&aes),
            Err(ImportError::KdfTooCostly { .. })
        ));
        let v3 = header(&[], 3);
        assert!(matches!(
            check_header(&v3),
            Err(ImportError::Unsupported { .. })
        ));
        let file = argon2_header(8 << 30, 10);
        assert!(matches!(
            crate::import::read(&file, None, Some("x")),
            Err(ImportError::KdfTooCostly { .. })
        ));
        for cut in 0..file.len() {
            let _ = crate::import::read(&file[..cut], Some(F), Some("x"));
        }
    }

    #[test]
    fn otp_fields() {
        let a = from_otp_field(
            "otpauth://totp/Site:me?secret=JBSWY3DPEHPK3PXP&period=45&digits=8",
            None,
            "T",
            "u",
        )
        .unwrap();
        assert_eq!(a.params.period(), Some(45));
        assert_eq!(a.issuer, "Site");
        let b = from_otp_field("JBSWY3DPEHPK3PXP", Some("30;S"), "Steam", "u").unwrap();
        assert_eq!(b.params.kind(), OtpKind::Steam);
        let c = from_otp_field("JBSWY3DPEHPK3PXP", Some("60;7"), "T", "u").unwrap();
        assert_eq!(c.params, OtpParams::totp(Algorithm::Sha1, 7, 60).unwrap());
        let d = from_otp_field(
            "key=JBSWY3DPEHPK3PXP&step=20&size=8&otpHashMode=SHA256",
            None,
            "T",
            "u",
        )
        .unwrap();
        assert_eq!(d.params, OtpParams::totp(Algorithm::Sha256, 8, 20).unwrap());
        assert!(from_otp_field("JBSWY3DPEHPK3PXP", Some("30;10"), "T", "u").is_err());
    }

    #[test]
    fn keepass_fields() {
        let fields = [
            ("TimeOtp-Secret-Base32", "JBSWY3DPEHPK3PXP"),
            ("TimeOtp-Length", "8"),
            ("TimeOtp-Period", "40"),
            ("TimeOtp-Algorithm", "HMAC-SHA-512"),
            (
                "HmacOtp-Secret-Hex",
                "3132333435363738393031323334353637383930",
            ),
            ("HmacOtp-Counter", "17"),
        ];
        let field = |n: &str| fields.iter().find(|(k, _)| *k == n).map(|(_, v)| *v);
        let t = from_keepass_fields(&field, "TimeOtp", "T", "u")
            .unwrap()
            .unwrap();
        assert_eq!(t.params, OtpParams::totp(Algorithm::Sha512, 8, 40).unwrap());
        let h = from_keepass_fields(&field, "HmacOtp", "T", "u")
            .unwrap()
            .unwrap();
        assert_eq!(h.params, OtpParams::hotp(Algorithm::Sha1, 6, 17).unwrap());
        assert_eq!(h.key.expose(), b"12345678901234567890");
        let none = |_: &str| None;
        assert!(from_keepass_fields(&none, "TimeOtp", "T", "u").is_none());
    }
}
