//! The key derivations and ciphers other apps' backups use, with the caps
//! every parameter read from a file is checked against before any work.
//!
//! Caps (a file asking for more is refused with [`ImportError::KdfTooCostly`]):
//! - PBKDF2: 1 to [`MAX_PBKDF2_ITERATIONS`] iterations;
//! - scrypt: N a power of two up to 2^20, r ≤ 32, p ≤ 16, memory (128·N·r)
//!   ≤ 1 GiB and work N·r·p ≤ 2^24 (Aegis's own default is N=2^15, r=8, p=1);
//! - Argon2: memory ≤ 1 GiB, 1 to [`MAX_ARGON2_ITERATIONS`] passes, lanes ≤ 16,
//!   and memory × passes ≤ 4 GiB: the product libsodium's "sensitive" level
//!   (1 GiB × 4) has, which Ente keeps when it trades memory for passes on
//!   small phones (down to 64 MiB × 64);
//! - KeePass's AES-KDF: at most [`MAX_AES_KDF_ROUNDS`] rounds.

use super::{Format, ImportError};
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use zeroize::Zeroizing;

/// Most PBKDF2 iterations a file may ask for.
pub const MAX_PBKDF2_ITERATIONS: u64 = caps::PBKDF2_ITERATIONS;
/// Most Argon2 memory a file may ask for, in KiB (1 GiB).
pub const MAX_ARGON2_MEMORY_KIB: u64 = caps::ARGON2_MEMORY_KIB;
/// Most Argon2 passes a file may ask for.
pub const MAX_ARGON2_ITERATIONS: u64 = 64;
/// Most Argon2 memory × passes, in KiB-passes (1 GiB × 4).
pub const MAX_ARGON2_WORK: u64 = caps::ARGON2_WORK;
/// Most Argon2 lanes.
pub const MAX_ARGON2_LANES: u64 = 16;
/// Largest scrypt N (cost).
pub const MAX_SCRYPT_N: u64 = caps::SCRYPT_N;
/// Most scrypt memory (128·N·r bytes).
pub const MAX_SCRYPT_MEMORY: u64 = caps::SCRYPT_MEMORY;
/// Most scrypt work N·r·p.
pub const MAX_SCRYPT_WORK: u64 = caps::SCRYPT_WORK;
/// Most AES-KDF rounds (KeePass).
pub const MAX_AES_KDF_ROUNDS: u64 = caps::AES_KDF_ROUNDS;

/// The caps a shipped Tessera applies.
#[cfg(not(fuzzing))]
mod caps {
    pub(super) const PBKDF2_ITERATIONS: u64 = 10_000_000;
    pub(super) const ARGON2_MEMORY_KIB: u64 = 1024 * 1024;
    pub(super) const ARGON2_WORK: u64 = 4 * 1024 * 1024;
    pub(super) const SCRYPT_N: u64 = 1 << 20;
    pub(super) const SCRYPT_MEMORY: u64 = 1 << 30;
    pub(super) const SCRYPT_WORK: u64 = 1 << 24;
    pub(super) const AES_KDF_ROUNDS: u64 = 100_000_000;
}

/// Under the fuzzer (cargo-fuzz builds with `--cfg fuzzing`) the costs are
/// capped lower, still above every fixture's, so that mutated files spend the
/// fuzzer's time in the parsers rather than in seconds-long derivations the
/// shipped caps allow. The checks themselves are the same code.
#[cfg(fuzzing)]
mod caps {
    pub(super) const PBKDF2_ITERATIONS: u64 = 200_000;
    pub(super) const ARGON2_MEMORY_KIB: u64 = 64 * 1024;
    pub(super) const ARGON2_WORK: u64 = 64 * 1024 * 4;
    pub(super) const SCRYPT_N: u64 = 1 << 15;
    pub(super) const SCRYPT_MEMORY: u64 = 1 << 25;
    pub(super) const SCRYPT_WORK: u64 = 1 << 18;
    pub(super) const AES_KDF_ROUNDS: u64 = 2_000_000;
}

/// A derived 256-bit key, wiped when dropped.
pub(crate) type Key = Zeroizing<[u8; 32]>;

fn gib(kib: u64) -> String {
    let mib = kib / 1024;
    if mib >= 1024 && mib.is_multiple_of(1024) {
        format!("{} GiB", mib / 1024)
    } else if mib > 0 {
        format!("{mib} MiB")
    } else {
        format!("{kib} KiB")
    }
}

fn too_costly(format: Format, detail: String) -> ImportError {
    ImportError::KdfTooCostly { format, detail }
}

/// Checks PBKDF2 iterations.
pub(crate) fn check_pbkdf2(format: Format, iterations: i128) -> Result<u32, ImportError> {
    if iterations < 1 {
        return Err(ImportError::malformed(
            format,
            format!("the key derivation asks for {iterations} iterations"),
        ));
    }
    let iterations = iterations.unsigned_abs();
    if iterations > u128::from(MAX_PBKDF2_ITERATIONS) {
        return Err(too_costly(
            format,
            format!(
                "the file asks for {iterations} PBKDF2 iterations to derive its key; at most {MAX_PBKDF2_ITERATIONS} are allowed"
            ),
        ));
    }
    u32::try_from(iterations).map_err(|_| ImportError::malformed(format, "iterations out of range"))
}

/// Argon2 parameters, checked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Argon2Cost {
    pub(crate) memory_kib: u32,
    pub(crate) iterations: u32,
    pub(crate) lanes: u32,
}

/// Checks Argon2 parameters (memory in KiB).
pub(crate) fn check_argon2(
    format: Format,
    memory_kib: u64,
    iterations: u64,
    lanes: u64,
) -> Result<Argon2Cost, ImportError> {
    if memory_kib > MAX_ARGON2_MEMORY_KIB {
        return Err(too_costly(
            format,
            format!(
                "the file asks for {} of memory to derive its key; at most {} is allowed",
                gib(memory_kib),
                gib(MAX_ARGON2_MEMORY_KIB)
            ),
        ));
    }
    if iterations > MAX_ARGON2_ITERATIONS {
        return Err(too_costly(
            format,
            format!(
                "the file asks for {iterations} Argon2 passes to derive its key; at most {MAX_ARGON2_ITERATIONS} are allowed"
            ),
        ));
    }
    if lanes > MAX_ARGON2_LANES {
        return Err(too_costly(
            format,
            format!(
                "the file asks for {lanes} Argon2 lanes; at most {MAX_ARGON2_LANES} are allowed"
            ),
        ));
    }
    if memory_kib.saturating_mul(iterations) > MAX_ARGON2_WORK {
        return Err(too_costly(
            format,
            format!(
                "the file asks for {} of memory × {iterations} passes to derive its key; at most {} × 4 is allowed",
                gib(memory_kib),
                gib(MAX_ARGON2_WORK / 4)
            ),
        ));
    }
    if iterations < 1 || lanes < 1 || memory_kib < 8 * lanes {
        return Err(ImportError::malformed(
            format,
            "the key derivation parameters are out of range",
        ));
    }
    Ok(Argon2Cost {
        memory_kib: memory_kib as u32,
        iterations: iterations as u32,
        lanes: lanes as u32,
    })
}

/// Derives a 256-bit key with Argon2id (version 0x13).
pub(crate) fn argon2id(
    format: Format,
    password: &[u8],
    salt: &[u8],
    cost: Argon2Cost,
) -> Result<Key, ImportError> {
    use argon2::{Algorithm, Argon2, Params, Version};
    let params =
        Params::new(cost.memory_kib, cost.iterations, cost.lanes, Some(32)).map_err(|_| {
            ImportError::malformed(format, "the key derivation parameters are out of range")
        })?;
    let mut key = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(password, salt, key.as_mut())
        .map_err(|_| ImportError::malformed(format, "the key derivation salt is not usable"))?;
    Ok(key)
}

/// scrypt parameters, checked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ScryptCost {
    log_n: u8,
    r: u32,
    p: u32,
}

/// Checks scrypt parameters.
pub(crate) fn check_scrypt(
    format: Format,
    n: u64,
    r: u64,
    p: u64,
) -> Result<ScryptCost, ImportError> {
    if n < 2 || !n.is_power_of_two() || r < 1 || p < 1 {
        return Err(ImportError::malformed(
            format,
            "the key derivation parameters are out of range",
        ));
    }
    let memory = 128u64.saturating_mul(n).saturating_mul(r);
    if n > MAX_SCRYPT_N || r > 32 || p > 16 || memory > MAX_SCRYPT_MEMORY {
        return Err(too_costly(
            format,
            format!(
                "the file asks for scrypt with N={n}, r={r}, p={p} ({} of memory) to derive its key; at most N=2^20 and 1 GiB are allowed",
                gib(memory / 1024)
            ),
        ));
    }
    if n.saturating_mul(r).saturating_mul(p) > MAX_SCRYPT_WORK {
        return Err(too_costly(
            format,
            format!(
                "the file asks for scrypt with N={n}, r={r}, p={p}; at most N·r·p = 2^24 is allowed"
            ),
        ));
    }
    Ok(ScryptCost {
        log_n: n.trailing_zeros() as u8,
        r: r as u32,
        p: p as u32,
    })
}

/// Derives a 256-bit key with scrypt.
pub(crate) fn scrypt(
    format: Format,
    password: &[u8],
    salt: &[u8],
    cost: ScryptCost,
) -> Result<Key, ImportError> {
    let params = scrypt::Params::new(cost.log_n, cost.r, cost.p).map_err(|_| {
        ImportError::malformed(format, "the key derivation parameters are out of range")
    })?;
    let mut key = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(password, salt, &params, key.as_mut())
        .map_err(|_| ImportError::malformed(format, "the key derivation failed"))?;
    Ok(key)
}

/// The hash PBKDF2 runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prf {
    Sha1,
    Sha256,
    Sha512,
}

/// Derives a 256-bit key with PBKDF2-HMAC (iterations already checked).
pub(crate) fn pbkdf2(prf: Prf, password: &[u8], salt: &[u8], iterations: u32) -> Key {
    let mut key = Zeroizing::new([0u8; 32]);
    match prf {
        Prf::Sha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, iterations, key.as_mut()),
        Prf::Sha256 => {
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, iterations, key.as_mut())
        }
        Prf::Sha512 => {
            pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, iterations, key.as_mut())
        }
    }
    key
}

/// SHA-256 of some bytes.
pub(crate) fn sha256(data: &[u8]) -> Key {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(data);
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&digest);
    key
}

/// AES-256-GCM decryption of `ciphertext‖tag` with a 96-bit nonce; `None` when
/// the tag does not match (wrong key or altered data) or the sizes are wrong.
pub(crate) fn aes_gcm_open(
    key: &[u8],
    nonce: &[u8],
    ciphertext_and_tag: &[u8],
    aad: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    if nonce.len() != 12 || ciphertext_and_tag.len() < 16 {
        return None;
    }
    let cipher = Aes256Gcm::new_from_slice(key).ok()?;
    let nonce = Nonce::try_from(nonce).ok()?;
    cipher
        .decrypt(
            &nonce,
            Payload {
                msg: ciphertext_and_tag,
                aad,
            },
        )
        .ok()
        .map(Zeroizing::new)
}

/// AES-256-GCM decryption with the tag stored apart from the ciphertext.
pub(crate) fn aes_gcm_open_detached(
    key: &[u8],
    nonce: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    if tag.len() != 16 {
        return None;
    }
    let mut joined = Zeroizing::new(Vec::with_capacity(ciphertext.len() + 16));
    joined.extend_from_slice(ciphertext);
    joined.extend_from_slice(tag);
    aes_gcm_open(key, nonce, &joined, &[])
}

/// AES-256-CBC decryption with PKCS#7 padding; `None` when the padding is
/// wrong (which, without a MAC, is how a wrong key usually shows).
pub(crate) fn aes_cbc_open(key: &[u8], iv: &[u8], ciphertext: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    use aes::cipher::{block_padding::Pkcs7, BlockModeDecrypt, KeyIvInit};
    if ciphertext.is_empty() || !ciphertext.len().is_multiple_of(16) {
        return None;
    }
    let decryptor = cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv).ok()?;
    decryptor
        .decrypt_padded_vec::<Pkcs7>(ciphertext)
        .ok()
        .map(Zeroizing::new)
}

/// HMAC-SHA256 of `parts` (concatenated), compared in constant time with `mac`.
pub(crate) fn hmac_sha256_verify(key: &[u8], parts: &[&[u8]], mac: &[u8]) -> bool {
    use hmac::Mac;
    let Ok(mut hmac) = <hmac::Hmac<sha2::Sha256> as hmac::KeyInit>::new_from_slice(key) else {
        return false;
    };
    for part in parts {
        hmac.update(part);
    }
    hmac.verify_slice(mac).is_ok()
}

/// HKDF-Expand (RFC 5869 §2.3) with SHA-256 and a 32-byte output.
pub(crate) fn hkdf_expand_sha256(prk: &[u8], info: &[u8]) -> Option<Key> {
    let hkdf = hkdf::Hkdf::<sha2::Sha256>::from_prk(prk).ok()?;
    let mut out = Zeroizing::new([0u8; 32]);
    hkdf.expand(info, out.as_mut()).ok()?;
    Some(out)
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    /// Encryption counterparts, for building test files.
    pub(crate) fn aes_gcm_seal(key: &[u8], nonce: &[u8], plain: &[u8], aad: &[u8]) -> Vec<u8> {
        let cipher = Aes256Gcm::new_from_slice(key).unwrap();
        let nonce = Nonce::try_from(nonce).unwrap();
        cipher.encrypt(&nonce, Payload { msg: plain, aad }).unwrap()
    }

    pub(crate) fn aes_cbc_seal(key: &[u8], iv: &[u8], plain: &[u8]) -> Vec<u8> {
        use aes::cipher::{block_padding::Pkcs7, BlockModeEncrypt, KeyIvInit};
        cbc::Encryptor::<aes::Aes256>::new_from_slices(key, iv)
            .unwrap()
            .encrypt_padded_vec::<Pkcs7>(plain)
    }

    #[test]
    fn gcm_round_trip_and_tamper() {
        let key = [7u8; 32];
        let nonce = [1u8; 12];
        let sealed = aes_gcm_seal(&key, &nonce, b"hello", b"aad");
        assert_eq!(
            aes_gcm_open(&key, &nonce, &sealed, b"aad")
                .unwrap()
                .as_slice(),
            b"hello"
        );
        assert!(aes_gcm_open(&key, &nonce, &sealed, b"other").is_none());
        let mut bad = sealed.clone();
        bad[0] ^= 1;
        assert!(aes_gcm_open(&key, &nonce, &bad, b"aad").is_none());
        assert!(aes_gcm_open(&key, &nonce[..11], &sealed, b"aad").is_none());
    }

    #[test]
    fn cbc_round_trip() {
        let key = [3u8; 32];
        let iv = [0u8; 16];
        let sealed = aes_cbc_seal(&key, &iv, b"sixteen bytes!!!and more");
        assert_eq!(
            aes_cbc_open(&key, &iv, &sealed).unwrap().as_slice(),
            b"sixteen bytes!!!and more"
        );
        assert!(aes_cbc_open(&key, &iv, &sealed[..16]).is_none() || sealed.len() == 16);
    }

    #[test]
    fn pbkdf2_rfc6070_vector() {
        // RFC 6070: "password", "salt", 2 iterations, SHA1 (first 20 bytes).
        let key = pbkdf2(Prf::Sha1, b"password", b"salt", 2);
        assert_eq!(
            key[..20],
            [
                0xea, 0x6c, 0x01, 0x4d, 0xc7, 0x2d, 0x6f, 0x8c, 0xcd, 0x1e, 0xd9, 0x2a, 0xce, 0x1d,
                0x41, 0xf0, 0xd8, 0xde, 0x89, 0x57
            ]
        );
    }

    #[test]
    fn caps() {
        let f = Format::Aegis;
        assert!(check_pbkdf2(f, 10_000_000).is_ok());
        assert!(matches!(
            check_pbkdf2(f, 10_000_001),
            Err(ImportError::KdfTooCostly { .. })
        ));
        assert!(matches!(
            check_pbkdf2(f, 0),
            Err(ImportError::Malformed { .. })
        ));
        assert!(check_argon2(f, 1024 * 1024, 4, 1).is_ok());
        assert!(check_argon2(f, 64 * 1024, 64, 1).is_ok());
        let err = check_argon2(f, 4 * 1024 * 1024, 1, 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "this Aegis vault cannot be opened safely: the file asks for 4 GiB of memory to derive its key; at most 1 GiB is allowed"
        );
        assert!(check_argon2(f, 1024 * 1024, 5, 1).is_err());
        assert!(check_argon2(f, 1024, 65, 1).is_err());
        assert!(check_scrypt(f, 32768, 8, 1).is_ok());
        assert!(check_scrypt(f, 1 << 31, 8, 1).is_err());
        assert!(check_scrypt(f, 1 << 20, 8, 2).is_ok());
        assert!(check_scrypt(f, 1 << 20, 8, 3).is_err());
        assert!(matches!(
            check_scrypt(f, 1000, 8, 1),
            Err(ImportError::Malformed { .. })
        ));
    }
}
