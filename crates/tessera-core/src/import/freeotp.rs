//! FreeOTP 2 `externalBackup.xml` (despite the name, a Java-serialised
//! `java.util.HashMap<String, String>`). Password required.
//!
//! Source: FreeOTP's `TokenPersistence`/`MasterKey`/`EncryptedKey`
//! (<https://github.com/freeotp/freeotp-android>, `mobile/src/main/java/org/fedorahosted/freeotp/`)
//! and Aegis's `FreeOtpImporter`. Java serialisation
//! (<https://docs.oracle.com/javase/8/docs/platform/serialization/spec/protocol.html>)
//! is parsed by hand for this one shape only: a `java.util.HashMap` object
//! (serialVersionUID 362498820763181265, fields `loadFactor` and `threshold`,
//! or `loadFactor` alone as Android wrote it before API 24),
//! its block of capacity and size, then String keys and values. Anything
//! else (another class, another field, a non-string value) is refused:
//! this is not a general Java deserialiser.
//!
//! The map's `masterKey` value is JSON: PBKDF2 (`mAlgorithm`
//! PBKDF2withHmacSHA1 or …SHA512, `mIterations`, `mSalt`) of the password
//! unwraps, with AES-256-GCM (nonce in the DER `mParameters`, associated data
//! `mToken`), the master key. Each token `UUID` holds its key encrypted the
//! same way under the master key, and `UUID-token` its parameters
//! (`algo`, `digits`, `period`, `counter`, `type`, `issuerExt`, `label`).
//! Cannot carry: nothing Tessera has is lost; an issuer of "Steam" makes a
//! Steam code, as FreeOTP does.

use super::crypto;
use super::{
    algorithm, hotp, key_from_bytes, opt_int, steam, totp, Account, Collector, EntryLabel, Format,
    ImportError, Input, SkipReason, MAX_ENTRIES,
};
use serde_json::Value;
use zeroize::Zeroizing;

const F: Format = Format::FreeOtp;
/// Java serialisation stream magic and version 5.
pub(crate) const MAGIC: [u8; 4] = [0xAC, 0xED, 0x00, 0x05];
const HASHMAP_UID: u64 = 362_498_820_763_181_265;

const TC_NULL: u8 = 0x70;
const TC_REFERENCE: u8 = 0x71;
const TC_CLASSDESC: u8 = 0x72;
const TC_OBJECT: u8 = 0x73;
const TC_STRING: u8 = 0x74;
const TC_BLOCKDATA: u8 = 0x77;
const TC_ENDBLOCKDATA: u8 = 0x78;
const TC_LONGSTRING: u8 = 0x7C;
const BASE_HANDLE: u32 = 0x7E_0000;

/// A cursor over the stream; every read is bounds-checked.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

fn shape(detail: &str) -> ImportError {
    ImportError::malformed(F, format!("not a FreeOTP backup map: {detail}"))
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ImportError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| shape("it ends too early"))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
    fn u8(&mut self) -> Result<u8, ImportError> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, ImportError> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Result<u32, ImportError> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> Result<u64, ImportError> {
        Ok(u64::from(self.u32()?) << 32 | u64::from(self.u32()?))
    }
    fn expect(&mut self, byte: u8, what: &str) -> Result<(), ImportError> {
        if self.u8()? != byte {
            return Err(shape(what));
        }
        Ok(())
    }
    /// A short UTF string (class and field names).
    fn utf(&mut self) -> Result<&'a [u8], ImportError> {
        let len = usize::from(self.u16()?);
        self.take(len)
    }
}

/// Parses the one accepted shape into (key, value) pairs.
/// One key and value of the map.
type Pair = (Zeroizing<String>, Zeroizing<String>);

fn parse_map(bytes: &[u8]) -> Result<Vec<Pair>, ImportError> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(4)? != MAGIC {
        return Err(shape("no Java serialisation header"));
    }
    r.expect(TC_OBJECT, "the top value is not an object")?;
    r.expect(TC_CLASSDESC, "the object has no class description")?;
    if r.utf()? != b"java.util.HashMap" {
        return Err(shape("the object is not a java.util.HashMap"));
    }
    if r.u64()? != HASHMAP_UID {
        return Err(shape("an unknown HashMap version"));
    }
    if r.u8()? != 0x03 {
        return Err(shape("unexpected class flags"));
    }
    // OpenJDK's HashMap has the fields loadFactor and threshold; Android's
    // before API 24 has loadFactor alone. Either, in that order; nothing else.
    let fields = r.u16()?;
    if !(1..=2).contains(&fields) {
        return Err(shape("unexpected HashMap fields"));
    }
    let expected = [(b'F', &b"loadFactor"[..]), (b'I', &b"threshold"[..])];
    for (code, name) in expected.iter().take(usize::from(fields)) {
        if r.u8()? != *code || r.utf()? != *name {
            return Err(shape("unexpected HashMap fields"));
        }
    }
    r.expect(TC_ENDBLOCKDATA, "class annotations are not allowed")?;
    r.expect(TC_NULL, "a superclass is not allowed")?;
    r.take(4 * usize::from(fields))?; // loadFactor (float), threshold (int)
    r.expect(TC_BLOCKDATA, "the map's size block is missing")?;
    if r.u8()? != 8 {
        return Err(shape("the map's size block is not 8 bytes"));
    }
    let _capacity = r.u32()?;
    let size = r.u32()? as usize;
    if size > 2 * MAX_ENTRIES + 1 {
        return Err(ImportError::unsupported(
            F,
            format!("it holds more than {MAX_ENTRIES} entries"),
        ));
    }
    let mut strings: Vec<Zeroizing<String>> = Vec::new();
    let mut read_string = |r: &mut Reader<'_>| -> Result<Zeroizing<String>, ImportError> {
        let raw = match r.u8()? {
            TC_STRING => {
                let len = usize::from(r.u16()?);
                r.take(len)?
            }
            TC_LONGSTRING => {
                let len = usize::try_from(r.u64()?).map_err(|_| shape("a string is too long"))?;
                r.take(len)?
            }
            TC_REFERENCE => {
                let handle = r.u32()?;
                let index = handle
                    .checked_sub(BASE_HANDLE + 2)
                    .map(|i| i as usize)
                    .filter(|&i| i < strings.len())
                    .ok_or_else(|| shape("a reference to something other than a string"))?;
                return Ok(strings[index].clone());
            }
            _ => return Err(shape("a key or value that is not a string")),
        };
        // Java's "modified UTF-8" equals UTF-8 for everything FreeOTP writes
        // (no NUL, no characters outside the BMP); anything else is refused.
        let text = std::str::from_utf8(raw).map_err(|_| shape("a string that is not UTF-8"))?;
        let text = Zeroizing::new(text.to_owned());
        strings.push(text.clone());
        Ok(text)
    };
    let mut pairs = Vec::with_capacity(size.min(1024));
    for _ in 0..size {
        let key = read_string(&mut r)?;
        let value = read_string(&mut r)?;
        pairs.push((key, value));
    }
    r.expect(TC_ENDBLOCKDATA, "the map does not end where its size says")?;
    if r.at != bytes.len() {
        return Err(shape("there is data after the map"));
    }
    Ok(pairs)
}

/// Bytes from a JSON array of (signed or unsigned) byte values.
fn byte_array(value: Option<&Value>) -> Option<Zeroizing<Vec<u8>>> {
    let items = value?.as_array()?;
    let mut out = Zeroizing::new(Vec::with_capacity(items.len()));
    for item in items {
        let n = item.as_i64()?;
        out.push(match n {
            -128..=-1 => (n + 256) as u8,
            0..=255 => n as u8,
            _ => return None,
        });
    }
    Some(out)
}

/// The GCM nonce inside the DER-encoded `GCMParameters` (or a bare OCTET STRING).
fn der_nonce(der: &[u8]) -> Option<&[u8]> {
    fn element(der: &[u8]) -> Option<(u8, &[u8], &[u8])> {
        let (&tag, rest) = der.split_first()?;
        let (&len, rest) = rest.split_first()?;
        let (len, rest) = match len {
            0..=0x7F => (usize::from(len), rest),
            0x81 => {
                let (&l, rest) = rest.split_first()?;
                (usize::from(l), rest)
            }
            _ => return None,
        };
        (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
    }
    let (tag, body, _) = element(der)?;
    match tag {
        0x04 => Some(body),
        0x30 => {
            let mut rest = body;
            while !rest.is_empty() {
                let (tag, inner, next) = element(rest)?;
                if tag == 0x04 {
                    return Some(inner);
                }
                rest = next;
            }
            None
        }
        _ => None,
    }
}

/// An `EncryptedKey` JSON object, opened with `key`.
fn open_encrypted_key(
    object: &Value,
    key: &[u8],
) -> Result<Option<Zeroizing<Vec<u8>>>, &'static str> {
    if object.get("mCipher").and_then(Value::as_str) != Some("AES/GCM/NoPadding") {
        return Err("the key is not AES/GCM encrypted");
    }
    let ciphertext =
        byte_array(object.get("mCipherText")).ok_or("the encrypted key is not a byte array")?;
    let parameters =
        byte_array(object.get("mParameters")).ok_or("the cipher parameters are missing")?;
    let nonce = der_nonce(&parameters).ok_or("the cipher parameters have no nonce")?;
    let token = object.get("mToken").and_then(Value::as_str).unwrap_or("");
    Ok(crypto::aes_gcm_open(
        key,
        nonce,
        &ciphertext,
        token.as_bytes(),
    ))
}

pub(crate) fn read(input: &Input<'_>, out: &mut Collector) -> Result<(), ImportError> {
    let pairs = parse_map(input.bytes)?;
    let master_json = pairs
        .iter()
        .find(|(k, _)| k.as_str() == "masterKey")
        .map(|(_, v)| v)
        .ok_or_else(|| ImportError::malformed(F, "the backup has no masterKey"))?;
    let master: Value = serde_json::from_str(master_json).map_err(|e| ImportError::json(F, &e))?;
    let prf = match master.get("mAlgorithm").and_then(Value::as_str) {
        Some(a) if a.eq_ignore_ascii_case("PBKDF2withHmacSHA1") => crypto::Prf::Sha1,
        Some(a) if a.eq_ignore_ascii_case("PBKDF2withHmacSHA512") => crypto::Prf::Sha512,
        _ => {
            return Err(ImportError::unsupported(
                F,
                "its master key uses an unknown key derivation",
            ))
        }
    };
    let iterations = master
        .get("mIterations")
        .and_then(super::int)
        .ok_or_else(|| ImportError::malformed(F, "the master key has no iteration count"))?;
    let iterations = crypto::check_pbkdf2(F, iterations)?;
    let salt = byte_array(master.get("mSalt"))
        .ok_or_else(|| ImportError::malformed(F, "the master key has no salt"))?;
    let wrapped = master
        .get("mEncryptedKey")
        .ok_or_else(|| ImportError::malformed(F, "the master key is missing"))?;
    let password = input.password(F)?;
    let derived = crypto::pbkdf2(prf, password.as_bytes(), &salt, iterations);
    let master_key = open_encrypted_key(wrapped, derived.as_ref())
        .map_err(|d| ImportError::malformed(F, d))?
        .ok_or(ImportError::WrongPassword(F))?;

    let tokens: Vec<&Pair> = pairs
        .iter()
        .filter(|(k, _)| k.as_str() != "masterKey" && !k.ends_with("-token"))
        .collect();
    out.expect(tokens.len())?;
    for (uuid, value) in tokens {
        let token_key = format!("{}-token", uuid.as_str());
        let token = pairs
            .iter()
            .find(|(k, _)| k.as_str() == token_key)
            .and_then(|(_, v)| serde_json::from_str::<Value>(v).ok());
        let Some(token) = token else {
            out.push(
                EntryLabel::default(),
                Err(SkipReason::BadEntry(
                    "the key has no token description".into(),
                )),
            )?;
            continue;
        };
        let issuer = token.get("issuerExt").and_then(Value::as_str).unwrap_or("");
        let name = token.get("label").and_then(Value::as_str).unwrap_or("");
        let result = convert(value, &token, &master_key);
        out.push(EntryLabel::new(issuer, name), result)?;
    }
    Ok(())
}

fn convert(encrypted: &str, token: &Value, master_key: &[u8]) -> Result<Account, SkipReason> {
    let outer: Value = serde_json::from_str(encrypted)
        .map_err(|_| SkipReason::BadEntry("the encrypted key is not JSON".into()))?;
    let inner = outer
        .get("key")
        .and_then(Value::as_str)
        .ok_or_else(|| SkipReason::BadEntry("the encrypted key is missing".into()))?;
    let inner: Value = serde_json::from_str(inner)
        .map_err(|_| SkipReason::BadEntry("the encrypted key is not JSON".into()))?;
    let secret = open_encrypted_key(&inner, master_key)
        .map_err(|d| SkipReason::BadEntry(d.into()))?
        .ok_or_else(|| SkipReason::BadKey("the key does not decrypt with the master key".into()))?;
    let issuer = token
        .get("issuerExt")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim();
    let name = token
        .get("label")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim();
    let algorithm = algorithm(token.get("algo").and_then(Value::as_str))?;
    let digits = opt_int(token.get("digits"), "digits")?.unwrap_or(6);
    let period = opt_int(token.get("period"), "period")?.unwrap_or(30);
    let kind = token.get("type").and_then(Value::as_str).unwrap_or("TOTP");
    let params = match kind.to_ascii_uppercase().as_str() {
        "TOTP" if issuer == "Steam" => steam(algorithm, None, period)?,
        "TOTP" => totp(algorithm, digits, period)?,
        "HOTP" => hotp(
            algorithm,
            digits,
            opt_int(token.get("counter"), "counter")?.unwrap_or(0),
        )?,
        _ => return Err(SkipReason::BadParams("the token type is not known".into())),
    };
    Ok(Account {
        issuer: issuer.to_owned(),
        name: name.to_owned(),
        params,
        key: key_from_bytes(secret.to_vec())?,
        image: None,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::import::{detect, read, Detected};
    use crate::otp::{Algorithm, OtpParams};

    fn jstr(out: &mut Vec<u8>, s: &str) {
        out.push(TC_STRING);
        out.extend((s.len() as u16).to_be_bytes());
        out.extend(s.as_bytes());
    }

    /// Serialises a `HashMap<String,String>` exactly as Java does.
    pub(crate) fn java_map(pairs: &[(String, String)]) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend([TC_OBJECT, TC_CLASSDESC]);
        out.extend(17u16.to_be_bytes());
        out.extend(b"java.util.HashMap");
        out.extend(HASHMAP_UID.to_be_bytes());
        out.extend([0x03, 0x00, 0x02, b'F', 0x00, 0x0A]);
        out.extend(b"loadFactor");
        out.extend([b'I', 0x00, 0x09]);
        out.extend(b"threshold");
        out.extend([TC_ENDBLOCKDATA, TC_NULL]);
        out.extend(0.75f32.to_be_bytes());
        out.extend(24u32.to_be_bytes());
        out.extend([TC_BLOCKDATA, 8]);
        out.extend(32u32.to_be_bytes());
        out.extend((pairs.len() as u32).to_be_bytes());
        for (k, v) in pairs {
            jstr(&mut out, k);
            jstr(&mut out, v);
        }
        out.push(TC_ENDBLOCKDATA);
        out
    }

    fn bytes_json(b: &[u8]) -> String {
        let items: Vec<String> = b.iter().map(|&x| (x as i8).to_string()).collect();
        format!("[{}]", items.join(","))
    }

    fn encrypted_key(key: &[u8], plain: &[u8], nonce: [u8; 12], token: &str) -> String {
        let ct = crypto::tests::aes_gcm_seal(key, &nonce, plain, token.as_bytes());
        let mut der = vec![0x30, 0x11, 0x04, 0x0C];
        der.extend(nonce);
        der.extend([0x02, 0x01, 0x10]);
        format!(
            r#"{{"mCipher":"AES/GCM/NoPadding","mCipherText":{},"mParameters":{},"mToken":"{token}"}}"#,
            bytes_json(&ct),
            bytes_json(&der)
        )
    }

    /// A FreeOTP 2 backup of `tokens` (uuid, token JSON, key bytes).
    pub(crate) fn seal(
        tokens: &[(&str, &str, Vec<u8>)],
        password: &str,
        iterations: u32,
    ) -> Vec<u8> {
        let master = [0x5Au8; 32];
        let salt = [0xA5u8; 32];
        let derived = crypto::pbkdf2(crypto::Prf::Sha512, password.as_bytes(), &salt, iterations);
        let mut pairs = vec![(
            "masterKey".to_owned(),
            format!(
                r#"{{"mAlgorithm":"PBKDF2withHmacSHA512","mEncryptedKey":{},"mIterations":{iterations},"mSalt":{}}}"#,
                encrypted_key(derived.as_ref(), &master, [1; 12], "AES"),
                bytes_json(&salt)
            ),
        )];
        for (i, (uuid, token, key)) in tokens.iter().enumerate() {
            let inner = encrypted_key(&master, key, [i as u8 + 2; 12], "HmacSHA1");
            pairs.push((
                uuid.to_string(),
                serde_json::json!({ "key": inner }).to_string(),
            ));
            pairs.push((format!("{uuid}-token"), token.to_string()));
        }
        java_map(&pairs)
    }

    #[test]
    fn reads_backup() {
        let key = crate::key_entry::check_key("5VAML3X35THCEBVRLV24CGBKOY")
            .unwrap()
            .key;
        let file = seal(
            &[
                (
                    "u1",
                    r#"{"algo":"SHA512","counter":10300,"digits":8,"issuerExt":"WWE","label":"Mason","period":30,"type":"HOTP"}"#,
                    key.expose().to_vec(),
                ),
                (
                    "u2",
                    r#"{"algo":null,"digits":6,"issuerExt":"Short","label":"k","period":30,"type":"TOTP"}"#,
                    vec![1, 2, 3],
                ),
            ],
            "test",
            1000,
        );
        assert_eq!(
            detect(&file).unwrap(),
            Detected {
                format: F,
                encrypted: true
            }
        );
        let got = read(&file, None, Some("test")).unwrap();
        assert_eq!(got.accounts.len(), 1);
        assert_eq!(
            got.accounts[0].params,
            OtpParams::hotp(Algorithm::Sha512, 8, 10300).unwrap()
        );
        assert_eq!(got.accounts[0].key, key);
        assert_eq!(got.skipped[0].reason, SkipReason::ShortKey { bits: 24 });
        assert_eq!(
            read(&file, None, Some("tesT")).unwrap_err(),
            ImportError::WrongPassword(F)
        );
        assert_eq!(
            read(&file, None, None).unwrap_err(),
            ImportError::PasswordNeeded(F)
        );
    }

    #[test]
    fn refuses_other_shapes() {
        let good = java_map(&[("a".into(), "b".into())]);
        assert!(parse_map(&good).is_ok());
        let mut other_class = good.clone();
        other_class[8..25].copy_from_slice(b"java.util.TreeMap");
        assert!(parse_map(&other_class).is_err());
        let mut trailing = good.clone();
        trailing.push(0);
        assert!(parse_map(&trailing).is_err());
        let mut not_string = good.clone();
        let at = good.len() - 1 - 4; // the value "b": TC_STRING, len, 'b'
        not_string[at] = TC_OBJECT;
        assert!(parse_map(&not_string).is_err());
        for cut in 0..good.len() {
            assert!(parse_map(&good[..cut]).is_err());
        }
    }

    #[test]
    fn der_nonces() {
        assert_eq!(der_nonce(&[0x04, 0x02, 9, 9]), Some(&[9u8, 9][..]));
        assert_eq!(
            der_nonce(&[0x30, 0x07, 0x02, 0x01, 0x10, 0x04, 0x02, 7, 7]),
            Some(&[7u8, 7][..])
        );
        assert_eq!(der_nonce(&[0x30, 0x09, 0x04]), None);
    }

    #[test]
    fn huge_iterations_refused() {
        let file = seal(&[], "pw", 1000);
        let mut pairs = parse_map(&file).unwrap();
        let v = pairs[0]
            .1
            .replace(r#""mIterations":1000"#, r#""mIterations":999999999"#);
        pairs[0].1 = Zeroizing::new(v);
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let file = java_map(&pairs);
        assert!(matches!(
            read(&file, None, Some("pw")),
            Err(ImportError::KdfTooCostly { .. })
        ));
    }
}
