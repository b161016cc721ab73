//! The app lock's cryptography.
//!
//! Each keychain payload is sealed with XChaCha20-Poly1305 (RFC 8439 with the
//! extended nonce of draft-irtf-cfrg-xchacha) under a random 256-bit vault key;
//! the associated data binds it to its profile and account, so items cannot be
//! swapped. The vault keys (a [`Keyset`], one key per generation) are wrapped
//! by a key derived from the PIN with Argon2id (RFC 9106) using per-slot
//! random salt and stored, bounded parameters ([`KdfParams`]).

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload as AeadPayload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use zeroize::{Zeroize, Zeroizing};

/// Source of random bytes, supplied by the caller (the OS at the edge,
/// a fixed sequence in tests).
pub trait Entropy {
    /// Fills `buf` with random bytes.
    fn fill(&self, buf: &mut [u8]) -> Result<(), SealError>;
}

/// Argon2id cost parameters, stored with each PIN slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

impl KdfParams {
    /// What new PINs use: 128 MiB, 4 passes, 1 lane — about 0.5 s on a
    /// 2-core machine (`bench/vault.sh` prints it), derived once per unlock.
    /// A copied index then costs an attacker half a CPU-second and 128 MiB
    /// per guessed PIN; six digits are a million guesses (about six
    /// CPU-days), a passphrase far more.
    pub const DEFAULT: Self = Self {
        m_kib: 128 * 1024,
        t: 4,
        p: 1,
    };
    /// The cheapest parameters accepted (8 MiB, 1 pass): for tests only.
    pub const MIN: Self = Self {
        m_kib: 8 * 1024,
        t: 1,
        p: 1,
    };
    /// The most expensive parameters accepted when reading (1 GiB, 10 passes, 4 lanes),
    /// so a tampered index cannot make unlocking hang.
    pub const MAX: Self = Self {
        m_kib: 1024 * 1024,
        t: 10,
        p: 4,
    };

    /// Whether the parameters are within [`KdfParams::MIN`] and [`KdfParams::MAX`].
    pub fn in_bounds(self) -> bool {
        (Self::MIN.m_kib..=Self::MAX.m_kib).contains(&self.m_kib)
            && (Self::MIN.t..=Self::MAX.t).contains(&self.t)
            && (Self::MIN.p..=Self::MAX.p).contains(&self.p)
    }
}

/// Why sealing or unsealing failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SealError {
    /// Wrong PIN, or data that was tampered with.
    #[error("wrong PIN")]
    WrongPin,
    /// A sealed item that does not open with the vault's keys.
    #[error("a sealed keychain item does not open with this vault's keys")]
    Undecryptable,
    /// Stored KDF parameters outside the accepted bounds.
    #[error("the stored PIN parameters are out of bounds")]
    BadParams,
    /// Stored data that is not valid base64/JSON.
    #[error("the stored lock data is damaged")]
    Malformed,
    /// More data than the cipher can seal at once (never for keychain items).
    #[error("the data is too large to seal")]
    TooLarge,
    /// The system's random source failed.
    #[error("the system random source is not available: {0}")]
    NoEntropy(String),
}

/// The vault keys by generation. Zeroized on drop.
#[derive(Default, Clone, PartialEq, Eq)]
pub struct Keyset {
    keys: BTreeMap<u32, Zeroizing<[u8; 32]>>,
}

impl std::fmt::Debug for Keyset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Keyset(<{} redacted keys>)", self.keys.len())
    }
}

impl Keyset {
    /// Adds a fresh random key for `generation`.
    pub fn generate(&mut self, generation: u32, entropy: &dyn Entropy) -> Result<(), SealError> {
        let mut key = Zeroizing::new([0u8; 32]);
        entropy.fill(key.as_mut())?;
        self.keys.insert(generation, key);
        Ok(())
    }

    /// Whether this set holds `generation`'s key.
    pub fn has(&self, generation: u32) -> bool {
        self.keys.contains_key(&generation)
    }

    /// The newest generation held.
    pub fn newest(&self) -> Option<u32> {
        self.keys.keys().next_back().copied()
    }

    /// Keeps only `generation`'s key.
    pub fn retain_only(&mut self, generation: u32) {
        self.keys.retain(|g, _| *g == generation);
    }

    fn key(&self, generation: u32) -> Option<&[u8; 32]> {
        self.keys.get(&generation).map(|k| &**k)
    }

    fn to_json(&self) -> Result<Zeroizing<Vec<u8>>, SealError> {
        let map: BTreeMap<u32, Zeroizing<String>> = self
            .keys
            .iter()
            .map(|(g, k)| (*g, Zeroizing::new(B64.encode(k.as_ref()))))
            .collect();
        serde_json::to_vec(&map)
            .map(Zeroizing::new)
            .map_err(|_| SealError::Malformed)
    }

    fn from_json(bytes: &[u8]) -> Result<Self, SealError> {
        let map: BTreeMap<u32, Zeroizing<String>> =
            serde_json::from_slice(bytes).map_err(|_| SealError::Malformed)?;
        let mut keys = BTreeMap::new();
        for (g, text) in map {
            let raw = Zeroizing::new(
                B64.decode(text.as_bytes())
                    .map_err(|_| SealError::Malformed)?,
            );
            let mut key = Zeroizing::new([0u8; 32]);
            if raw.len() != 32 {
                return Err(SealError::Malformed);
            }
            key.copy_from_slice(&raw);
            keys.insert(g, key);
        }
        Ok(Self { keys })
    }
}

/// Random bytes for a nonce or salt.
fn random<const N: usize>(entropy: &dyn Entropy) -> Result<[u8; N], SealError> {
    let mut out = [0u8; N];
    entropy.fill(&mut out)?;
    Ok(out)
}

fn encrypt(
    key: &[u8; 32],
    aad: &[u8],
    plain: &[u8],
    entropy: &dyn Entropy,
) -> Result<(String, String), SealError> {
    let nonce: [u8; 24] = random(entropy)?;
    let cipher = XChaCha20Poly1305::new(key.into());
    let ct = cipher
        .encrypt(XNonce::from_slice(&nonce), AeadPayload { msg: plain, aad })
        .map_err(|_| SealError::TooLarge)?;
    Ok((B64.encode(nonce), B64.encode(ct)))
}

fn decrypt(key: &[u8; 32], aad: &[u8], nonce: &str, ct: &str) -> Option<Zeroizing<Vec<u8>>> {
    let nonce = B64.decode(nonce).ok().filter(|n| n.len() == 24)?;
    let ct = B64.decode(ct).ok()?;
    let cipher = XChaCha20Poly1305::new(key.into());
    cipher
        .decrypt(XNonce::from_slice(&nonce), AeadPayload { msg: &ct, aad })
        .ok()
        .map(Zeroizing::new)
}

/// A keyset wrapped under one PIN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinSlot {
    salt: String,
    kdf: KdfParams,
    nonce: String,
    wrapped: String,
}

const KEYSET_AAD: &[u8] = b"tessera keyset v1";

/// A 256-bit key from a PIN or password with Argon2id (v1.3) under `kdf`,
/// refused (`BadParams`) outside [`KdfParams::MIN`]..=[`KdfParams::MAX`]
/// before any work is done. Also used by the backup envelope's password slot.
pub(crate) fn derive(
    pin: &str,
    salt: &[u8],
    kdf: KdfParams,
) -> Result<Zeroizing<[u8; 32]>, SealError> {
    if !kdf.in_bounds() {
        return Err(SealError::BadParams);
    }
    let params =
        argon2::Params::new(kdf.m_kib, kdf.t, kdf.p, Some(32)).map_err(|_| SealError::BadParams)?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(pin.as_bytes(), salt, out.as_mut())
        .map_err(|_| SealError::BadParams)?;
    Ok(out)
}

/// A key-encryption key derived from a PIN (Argon2id), with the salt and
/// cost it was derived with: deriving is the slow step, so a PIN change
/// derives each PIN's key once and wraps with it as often as it needs.
#[derive(Clone)]
pub struct Kek {
    salt: [u8; 16],
    kdf: KdfParams,
    key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for Kek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kek")
            .field("kdf", &self.kdf)
            .finish_non_exhaustive()
    }
}

impl Kek {
    /// Derives a key from `pin` with a fresh random salt.
    pub fn derive(pin: &str, kdf: KdfParams, entropy: &dyn Entropy) -> Result<Self, SealError> {
        let salt: [u8; 16] = random(entropy)?;
        let key = derive(pin, &salt, kdf)?;
        Ok(Self { salt, kdf, key })
    }
}

impl PinSlot {
    /// Wraps `keys` under a key derived from a PIN.
    pub fn wrap(keys: &Keyset, kek: &Kek, entropy: &dyn Entropy) -> Result<Self, SealError> {
        let (nonce, wrapped) = encrypt(&kek.key, KEYSET_AAD, &keys.to_json()?, entropy)?;
        Ok(Self {
            salt: B64.encode(kek.salt),
            kdf: kek.kdf,
            nonce,
            wrapped,
        })
    }

    /// Opens the keyset with `pin`; also returns the key derived from it.
    pub fn open(&self, pin: &str) -> Result<(Keyset, Kek), SealError> {
        let salt: [u8; 16] = B64
            .decode(&self.salt)
            .ok()
            .and_then(|s| s.try_into().ok())
            .ok_or(SealError::Malformed)?;
        let key = derive(pin, &salt, self.kdf)?;
        let plain =
            decrypt(&key, KEYSET_AAD, &self.nonce, &self.wrapped).ok_or(SealError::WrongPin)?;
        let kek = Kek {
            salt,
            kdf: self.kdf,
            key,
        };
        Ok((Keyset::from_json(&plain)?, kek))
    }

    /// The cost this slot's PIN was hashed with.
    pub fn kdf(&self) -> KdfParams {
        self.kdf
    }
}

/// A sealed payload as stored in the keychain item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    /// Which vault key generation sealed it.
    pub generation: u32,
    nonce: String,
    ct: String,
}

impl Sealed {
    /// Seals `plain` for the item `aad` (profile namespace and account id).
    pub fn seal(
        keys: &Keyset,
        generation: u32,
        aad: &str,
        plain: &[u8],
        entropy: &dyn Entropy,
    ) -> Result<Self, SealError> {
        let key = keys.key(generation).ok_or(SealError::Undecryptable)?;
        let (nonce, ct) = encrypt(key, aad.as_bytes(), plain, entropy)?;
        Ok(Self {
            generation,
            nonce,
            ct,
        })
    }

    /// Opens the payload.
    pub fn open(&self, keys: &Keyset, aad: &str) -> Result<Zeroizing<Vec<u8>>, SealError> {
        let key = keys.key(self.generation).ok_or(SealError::Undecryptable)?;
        decrypt(key, aad.as_bytes(), &self.nonce, &self.ct).ok_or(SealError::Undecryptable)
    }
}

impl Drop for PinSlot {
    fn drop(&mut self) {
        self.wrapped.zeroize();
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// Deterministic bytes for tests (never for real use).
    #[derive(Debug, Default)]
    pub struct TestEntropy(pub AtomicU64);

    impl Entropy for TestEntropy {
        fn fill(&self, buf: &mut [u8]) -> Result<(), SealError> {
            for b in buf {
                let n = self.0.fetch_add(1, Ordering::Relaxed);
                *b = (n.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as u8;
            }
            Ok(())
        }
    }

    #[test]
    fn wrap_open_and_wrong_pin() {
        let e = TestEntropy::default();
        let mut keys = Keyset::default();
        keys.generate(1, &e).unwrap();
        let kek = Kek::derive("246813", KdfParams::MIN, &e).unwrap();
        let slot = PinSlot::wrap(&keys, &kek, &e).unwrap();
        assert_eq!(slot.open("246813").unwrap().0, keys);
        assert_eq!(slot.open("246814").unwrap_err(), SealError::WrongPin);
        // The returned key wraps again without deriving: the same PIN opens it.
        let (_, again) = slot.open("246813").unwrap();
        let rewrapped = PinSlot::wrap(&keys, &again, &e).unwrap();
        assert_eq!(rewrapped.open("246813").unwrap().0, keys);
        assert!(!format!("{again:?}").contains("key:"));
    }

    #[test]
    fn sealed_items_are_bound_to_their_account() {
        let e = TestEntropy::default();
        let mut keys = Keyset::default();
        keys.generate(1, &e).unwrap();
        let sealed = Sealed::seal(&keys, 1, "tessera/default/a", b"secret", &e).unwrap();
        assert_eq!(
            sealed.open(&keys, "tessera/default/a").unwrap().as_slice(),
            b"secret"
        );
        assert_eq!(
            sealed.open(&keys, "tessera/default/b").unwrap_err(),
            SealError::Undecryptable
        );
        let json = serde_json::to_string(&sealed).unwrap();
        assert!(!json.contains("secret"));
    }

    #[test]
    fn out_of_bounds_params_are_refused() {
        let e = TestEntropy::default();
        let huge = KdfParams {
            m_kib: 4 * 1024 * 1024,
            t: 3,
            p: 1,
        };
        assert_eq!(
            Kek::derive("1", huge, &e).unwrap_err(),
            SealError::BadParams
        );
        assert!(KdfParams::DEFAULT.in_bounds());
    }
}
