//! The secret key type: zeroized on drop, redacted in `Debug`, never serialisable.

use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// The raw bytes of an OTP shared secret.
///
/// Deliberately not `Serialize`, not `Display`, and its `Debug` never shows the
/// bytes. The memory is wiped when the value is dropped.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct SecretKey(Vec<u8>);

impl SecretKey {
    /// Wraps raw key bytes.
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    /// The raw key bytes.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Length of the key in bits.
    pub fn bits(&self) -> usize {
        self.0.len() * 8
    }

    /// The key as unpadded RFC 4648 base32, the form websites show and URIs carry.
    /// The returned string is wiped when dropped.
    pub fn to_base32(&self) -> Zeroizing<String> {
        crate::base32::encode(&self.0)
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretKey(<redacted {} bits>)", self.bits())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let key = SecretKey::from_bytes(b"12345678901234567890".to_vec());
        let shown = format!("{key:?}");
        assert_eq!(shown, "SecretKey(<redacted 160 bits>)");
        assert!(!shown.contains("GEZDGNBV"));
    }

    #[test]
    fn base32_of_rfc_seed() {
        let key = SecretKey::from_bytes(b"12345678901234567890".to_vec());
        assert_eq!(key.to_base32().as_str(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }
}
