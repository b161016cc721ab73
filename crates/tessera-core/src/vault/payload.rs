//! The text stored in each keychain item: the account's key (and, later, its
//! backup codes). Format: JSON, stored as text because some keychains
//! (KWallet) refuse binary secrets. In the clear: `{"v":1,"key":"<base32>"}`;
//! with a PIN set: `{"v":1,"sealed":{"generation":N,"nonce":…,"ct":…}}`
//! where the ciphertext holds the clear form (see [`super::seal`]).

use super::seal::Sealed;
use crate::backup_codes::BackupCode;
use crate::base32;
use crate::secret::SecretKey;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Why a keychain item could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PayloadError {
    /// Not JSON in Tessera's format (changed by another program?).
    #[error("the keychain item is not in Tessera's format")]
    Malformed,
    /// Written by a newer Tessera.
    #[error("the keychain item was written by a newer Tessera (version {0})")]
    TooNew(u32),
    /// The item could not be turned into text (should not happen).
    #[error("the keychain item could not be written out")]
    Unwritable,
}

/// The decoded contents of a keychain item.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Payload {
    /// The OTP key.
    pub key: SecretKey,
    /// The account's one-time backup codes.
    pub backup_codes: Vec<BackupCode>,
    /// Bumped whenever the codes are replaced or added to; the index's used
    /// flags count only when they carry the same version.
    pub backup_version: u32,
}

impl std::fmt::Debug for Payload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Payload")
            .field("key", &self.key)
            .field("backup_codes", &self.backup_codes.len())
            .finish()
    }
}

#[derive(Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
struct Wire {
    v: u32,
    /// The account id (not secret), so a batch read can match items to accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    key: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    backup_codes: Vec<String>,
    #[serde(default, skip_serializing_if = "is_zero")]
    backup_version: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Deserialize)]
struct Envelope {
    v: u32,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    sealed: Option<Sealed>,
}

/// The account id an item text names, if it names one (items written before
/// ids were stored do not).
pub fn item_id(text: &str) -> Option<String> {
    serde_json::from_str::<Envelope>(text)
        .ok()
        .and_then(|e| e.id)
}

/// A keychain item as stored: in the clear, or sealed under the PIN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// No PIN: the payload itself.
    Clear(Payload),
    /// Sealed: needs the unlocked vault keys.
    Sealed(Sealed),
}

impl Stored {
    /// Reads an item's text.
    pub fn decode(text: &str) -> Result<Self, PayloadError> {
        let envelope: Envelope = serde_json::from_str(text).map_err(|_| PayloadError::Malformed)?;
        if envelope.v != 1 {
            return Err(PayloadError::TooNew(envelope.v));
        }
        match envelope.sealed {
            Some(sealed) => Ok(Self::Sealed(sealed)),
            None => Payload::decode(text).map(Self::Clear),
        }
    }
}

/// Text of a sealed item.
pub fn encode_sealed(id: &str, sealed: &Sealed) -> Result<Zeroizing<String>, PayloadError> {
    #[derive(Serialize)]
    struct SealedWire<'a> {
        v: u32,
        id: &'a str,
        sealed: &'a Sealed,
    }
    serde_json::to_string(&SealedWire { v: 1, id, sealed })
        .map(Zeroizing::new)
        .map_err(|_| PayloadError::Unwritable)
}

/// Whether an item text is one of the vault's own records (the lockout
/// mirror, a named record), not an account's key.
pub fn is_reserved_text(text: &str) -> bool {
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        lockout: Option<serde::de::IgnoredAny>,
        #[serde(default)]
        name: Option<serde::de::IgnoredAny>,
    }
    serde_json::from_str::<Probe>(text).is_ok_and(|p| p.lockout.is_some() || p.name.is_some())
}

impl Payload {
    /// The item's text for account `id`. Wiped when dropped.
    pub fn encode(&self, id: &str) -> Result<Zeroizing<String>, PayloadError> {
        let wire = Wire {
            v: 1,
            id: Some(id.to_owned()),
            key: self.key.to_base32().to_string(),
            backup_codes: self
                .backup_codes
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect(),
            backup_version: self.backup_version,
        };
        serde_json::to_string(&wire)
            .map(Zeroizing::new)
            .map_err(|_| PayloadError::Unwritable)
    }

    /// Reads an item's text.
    pub fn decode(text: &str) -> Result<Self, PayloadError> {
        let wire: Wire = serde_json::from_str(text).map_err(|_| PayloadError::Malformed)?;
        if wire.v != 1 {
            return Err(PayloadError::TooNew(wire.v));
        }
        if !base32::is_valid_length(wire.key.len()) {
            return Err(PayloadError::Malformed);
        }
        let bytes = base32::decode_symbols(&wire.key).ok_or(PayloadError::Malformed)?;
        Ok(Self {
            key: SecretKey::from_bytes(bytes.to_vec()),
            backup_codes: wire
                .backup_codes
                .iter()
                .map(|c| BackupCode::from_stored(c))
                .collect(),
            backup_version: wire.backup_version,
        })
    }

    /// A payload holding only a key.
    pub fn new(key: SecretKey) -> Self {
        Self {
            key,
            backup_codes: Vec::new(),
            backup_version: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_redacted_debug() {
        let p = Payload::new(SecretKey::from_bytes(b"12345678901234567890".to_vec()));
        let text = p.encode("a1").unwrap();
        assert_eq!(
            text.as_str(),
            r#"{"v":1,"id":"a1","key":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}"#
        );
        assert_eq!(item_id(&text).as_deref(), Some("a1"));
        let old = r#"{"v":1,"key":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}"#;
        assert_eq!(Payload::decode(old).unwrap(), p);
        assert_eq!(item_id(old), None);
        assert_eq!(Payload::decode(&text).unwrap(), p);
        assert!(!format!("{p:?}").contains("GEZD"));
        assert_eq!(Payload::decode("garbage"), Err(PayloadError::Malformed));
        assert_eq!(
            Payload::decode(r#"{"v":2,"key":"AA"}"#),
            Err(PayloadError::TooNew(2))
        );
    }
}
