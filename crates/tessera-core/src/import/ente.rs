//! Ente Auth exports: plain text (one `otpauth://` URI per line) and the
//! encrypted JSON.
//!
//! Source: Ente's export code (<https://github.com/ente-io/ente>, `auth/lib/ui/settings/data/export_widget.dart`
//! and the CLI's `internal/crypto`) and proton-pass-common's
//! `proton-authenticator/src/parser/ente/`. Encrypted:
//! `{"version":1,"kdfParams":{"memLimit","opsLimit","salt"},"encryptedData","encryptionNonce"}`:
//! the key is libsodium `crypto_pwhash` Argon2id (memLimit bytes, opsLimit
//! passes, 1 lane) and the data one `crypto_secretstream_xchacha20poly1305`
//! message (the nonce is the stream header), decrypted with the `dryoc`
//! crate's libsodium-compatible secretstream. Ente's extra `codeDisplay`
//! parameter (pins, tags, trash) is ignored. Cannot carry: nothing Tessera has
//! is lost.

use super::crypto;
use super::{base64_decode, read_uri_lines, Collector, Format, ImportError, Input};
use zeroize::Zeroizing;

const F: Format = Format::Ente;

/// Plain export lines carry Ente's `codeDisplay` parameter.
pub(crate) fn looks_like_plain(text: &str) -> bool {
    text.lines()
        .any(|l| l.trim_start().starts_with("otpauth://") && l.contains("codeDisplay="))
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Encrypted {
    version: Option<u32>,
    kdf_params: KdfParams,
    encrypted_data: String,
    encryption_nonce: String,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct KdfParams {
    mem_limit: u64,
    ops_limit: u64,
    salt: String,
}

pub(crate) fn read(input: &Input<'_>, out: &mut Collector) -> Result<(), ImportError> {
    let text = input.text(F)?;
    if !text.trim_start().starts_with('{') {
        return read_uri_lines(&text, out, |_| {});
    }
    let file: Encrypted = serde_json::from_str(&text).map_err(|e| ImportError::json(F, &e))?;
    if file.version.is_some_and(|v| v != 1) {
        return Err(ImportError::unsupported(
            F,
            format!("export version {} is not known", file.version.unwrap_or(0)),
        ));
    }
    let cost = crypto::check_argon2(
        F,
        file.kdf_params.mem_limit / 1024,
        file.kdf_params.ops_limit,
        1,
    )?;
    let salt = base64_decode(&file.kdf_params.salt)
        .filter(|s| s.len() == 16)
        .ok_or_else(|| ImportError::malformed(F, "the salt is not 16 bytes of base64"))?;
    let header = base64_decode(&file.encryption_nonce)
        .filter(|n| n.len() == 24)
        .ok_or_else(|| ImportError::malformed(F, "the nonce is not 24 bytes of base64"))?;
    let data = base64_decode(&file.encrypted_data)
        .filter(|d| d.len() >= 17)
        .ok_or_else(|| ImportError::malformed(F, "the encrypted data is not base64"))?;
    let password = input.password(F)?;
    let key = crypto::argon2id(F, password.as_bytes(), &salt, cost)?;
    let plain = secretstream_open(&key, &header, &data).ok_or(ImportError::WrongPassword(F))?;
    let plain = Zeroizing::new(
        String::from_utf8(plain.to_vec())
            .map_err(|_| ImportError::malformed(F, "the decrypted export is not text"))?,
    );
    read_uri_lines(&plain, out, |_| {})
}

/// Decrypts one libsodium secretstream message; `None` if it does not authenticate.
fn secretstream_open(key: &[u8; 32], header: &[u8], data: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    use dryoc::classic::crypto_secretstream_xchacha20poly1305 as stream;
    let header: [u8; 24] = header.try_into().ok()?;
    let mut state = stream::State::new();
    stream::crypto_secretstream_xchacha20poly1305_init_pull(&mut state, &header, key);
    let mut message = Zeroizing::new(vec![0u8; data.len().checked_sub(17)?]);
    let mut tag = 0u8;
    let len = stream::crypto_secretstream_xchacha20poly1305_pull(
        &mut state,
        &mut message,
        &mut tag,
        data,
        None,
    )
    .ok()?;
    message.truncate(len);
    Some(message)
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::import::{detect, read, Detected};
    use base64::Engine as _;

    /// Builds an encrypted Ente export the way Ente does (for tests and fixtures).
    pub(crate) fn seal(plain: &str, password: &str, mem_limit: u64, ops_limit: u64) -> String {
        use dryoc::classic::crypto_secretstream_xchacha20poly1305 as stream;
        let salt = [5u8; 16];
        let cost = crypto::check_argon2(F, mem_limit / 1024, ops_limit, 1).unwrap();
        let key = crypto::argon2id(F, password.as_bytes(), &salt, cost).unwrap();
        let mut state = stream::State::new();
        let mut header = [0u8; 24];
        stream::crypto_secretstream_xchacha20poly1305_init_push(&mut state, &mut header, &key);
        let mut data = vec![0u8; plain.len() + 17];
        stream::crypto_secretstream_xchacha20poly1305_push(
            &mut state,
            &mut data,
            plain.as_bytes(),
            None,
            dryoc::constants::CRYPTO_SECRETSTREAM_XCHACHA20POLY1305_TAG_FINAL,
        )
        .unwrap();
        let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
        format!(
            r#"{{"version":1,"kdfParams":{{"memLimit":{mem_limit},"opsLimit":{ops_limit},"salt":"{}"}},"encryptedData":"{}","encryptionNonce":"{}"}}"#,
            b64(&salt),
            b64(&data),
            b64(&header)
        )
    }

    #[test]
    fn encrypted_round_trip() {
        let plain = "otpauth://hotp/A:a?secret=JBSWY3DPEHPK3PXP&counter=3&codeDisplay=%7B%7D\n";
        let file = seal(plain, "pw", 8 * 1024 * 1024, 2);
        assert_eq!(
            detect(file.as_bytes()).unwrap(),
            Detected {
                format: Format::Ente,
                encrypted: true
            }
        );
        let got = read(file.as_bytes(), None, Some("pw")).unwrap();
        assert_eq!(got.accounts[0].params.counter(), Some(3));
        assert_eq!(
            read(file.as_bytes(), None, Some("nope")).unwrap_err(),
            ImportError::WrongPassword(F)
        );
        assert_eq!(
            read(file.as_bytes(), None, None).unwrap_err(),
            ImportError::PasswordNeeded(F)
        );
    }

    #[test]
    fn huge_costs_refused_before_deriving() {
        let file = br#"{"version":1,"kdfParams":{"memLimit":4294967296,"opsLimit":4,"salt":"AAAAAAAAAAAAAAAAAAAAAA=="},"encryptedData":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==","encryptionNonce":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#;
        assert!(matches!(
            read(file, None, Some("x")),
            Err(ImportError::KdfTooCostly { .. })
        ));
        let file = br#"{"version":1,"kdfParams":{"memLimit":67108864,"opsLimit":100000,"salt":"AAAAAAAAAAAAAAAAAAAAAA=="},"encryptedData":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==","encryptionNonce":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#;
        assert!(matches!(
            read(file, None, Some("x")),
            Err(ImportError::KdfTooCostly { .. })
        ));
    }

    #[test]
    fn wrong_nonce_length_is_malformed() {
        let file = br#"{"version":1,"kdfParams":{"memLimit":8388608,"opsLimit":2,"salt":"AAAAAAAAAAAAAAAAAAAAAA=="},"encryptedData":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==","encryptionNonce":"AAAA"}"#;
        assert!(matches!(
            read(file, None, Some("x")),
            Err(ImportError::Malformed { .. })
        ));
    }
}
