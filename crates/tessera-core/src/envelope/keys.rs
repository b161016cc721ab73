//! The envelope's keys: the content key ([`BackupKey`]) and the printable
//! recovery key ([`RecoveryKey`]).

use super::EnvelopeError;
use crate::base32;
use crate::key_entry::{self, KeyError};
use crate::sheet::{key_lines, KeyLine};
use crate::vault::Entropy;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::Zeroizing;

/// Bytes of a recovery key (160 bits: as strong as the best TOTP keys, and
/// exactly two printed lines of 16 base32 characters).
pub const RECOVERY_KEY_BYTES: usize = 20;
/// Base32 characters of a recovery key.
pub const RECOVERY_KEY_CHARS: usize = RECOVERY_KEY_BYTES * 8 / 5;
/// What a recovery key's QR code holds before the key: `tessera-recovery:<BASE32>`.
pub const RECOVERY_QR_PREFIX: &str = "tessera-recovery:";

const SECRET_TEXT_PREFIX: &str = "tessera-backup-key:1:";
const KEY_CHECK_INFO: &[u8] = b"tessera backup key check v1";
const RECOVERY_KEK_INFO: &[u8] = b"tessera backup recovery slot v1";

fn no_entropy(_: crate::vault::SealError) -> EnvelopeError {
    EnvelopeError::NoEntropy
}

/// The random 256-bit key a backup's contents are encrypted under (the
/// "master key" of Aegis's design). Wiped on drop; `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct BackupKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for BackupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BackupKey(<redacted>)")
    }
}

impl BackupKey {
    /// A fresh random key.
    pub fn generate(entropy: &dyn Entropy) -> Result<Self, EnvelopeError> {
        let mut key = Zeroizing::new([0u8; 32]);
        entropy.fill(key.as_mut()).map_err(no_entropy)?;
        Ok(Self(key))
    }

    /// Wraps 32 key bytes (for example a shared vault's epoch key).
    pub fn from_bytes(bytes: &[u8; 32]) -> Self {
        Self(Zeroizing::new(*bytes))
    }

    pub(crate) fn expose(&self) -> &[u8; 32] {
        &self.0
    }

    /// The key as text for a keychain item: `tessera-backup-key:1:<base64>`.
    /// Wiped when dropped.
    pub fn to_secret_text(&self) -> Zeroizing<String> {
        let encoded = Zeroizing::new(B64.encode(self.0.as_ref()));
        let mut text = Zeroizing::new(String::with_capacity(
            SECRET_TEXT_PREFIX.len() + encoded.len(),
        ));
        text.push_str(SECRET_TEXT_PREFIX);
        text.push_str(&encoded);
        text
    }

    /// Reads [`BackupKey::to_secret_text`]'s form back.
    pub fn from_secret_text(text: &str) -> Result<Self, EnvelopeError> {
        let damaged = || EnvelopeError::Damaged("the stored backup key is not readable".into());
        let encoded = text
            .trim()
            .strip_prefix(SECRET_TEXT_PREFIX)
            .ok_or_else(damaged)?;
        let raw = Zeroizing::new(B64.decode(encoded).map_err(|_| damaged())?);
        let bytes: &[u8; 32] = raw.as_slice().try_into().map_err(|_| damaged())?;
        Ok(Self::from_bytes(bytes))
    }

    /// A public 128-bit value that identifies this key without revealing it
    /// (HKDF-SHA256, RFC 5869, with info `tessera backup key check v1`). The
    /// header stores it so the wrong key is told apart from a damaged file.
    pub(crate) fn check_value(&self) -> [u8; 16] {
        let mut out = [0u8; 16];
        // 16 bytes is far below HKDF-SHA256's 8160-byte limit.
        let _ = Hkdf::<Sha256>::new(None, self.0.as_ref()).expand(KEY_CHECK_INFO, &mut out);
        out
    }
}

/// Why a typed recovery key was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecoveryKeyError {
    /// A character, padding or a check letter is wrong; the variant says
    /// where (a mistyped line is named by its number).
    #[error(transparent)]
    Key(KeyError),
    /// Too few or too many characters.
    #[error("a recovery key has {RECOVERY_KEY_CHARS} characters (two lines of four groups); this one has {symbols}")]
    WrongLength {
        /// Key characters found, check letters left out.
        symbols: usize,
    },
}

/// The random key printed for the user once, which opens every backup sealed
/// under the same [`BackupKey`] when the password is forgotten.
/// Wiped on drop; `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryKey(Zeroizing<[u8; RECOVERY_KEY_BYTES]>);

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(<redacted>)")
    }
}

impl RecoveryKey {
    /// A fresh random key.
    pub fn generate(entropy: &dyn Entropy) -> Result<Self, EnvelopeError> {
        let mut key = Zeroizing::new([0u8; RECOVERY_KEY_BYTES]);
        entropy.fill(key.as_mut()).map_err(no_entropy)?;
        Ok(Self(key))
    }

    fn base32(&self) -> Zeroizing<String> {
        base32::encode(self.0.as_ref())
    }

    /// The key as the sheet prints keys: lines of four groups of four base32
    /// characters, each with its Luhn mod 32 check letter
    /// ([`crate::sheet::key_lines`]).
    pub fn lines(&self) -> Vec<KeyLine> {
        key_lines(&self.base32())
    }

    /// The printed form, one line per row: `ABCD EFGH IJKL MNOP  ▸ Q`.
    /// Wiped when dropped.
    pub fn display(&self) -> Zeroizing<String> {
        let mut out = Zeroizing::new(String::with_capacity(64));
        for (i, line) in self.lines().iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&line.groups);
            out.push_str("  ▸ ");
            out.push(line.check);
        }
        out
    }

    /// What the recovery QR code holds: `tessera-recovery:<BASE32>`.
    pub fn qr_text(&self) -> Zeroizing<String> {
        let key = self.base32();
        let mut out = Zeroizing::new(String::with_capacity(RECOVERY_QR_PREFIX.len() + key.len()));
        out.push_str(RECOVERY_QR_PREFIX);
        out.push_str(&key);
        out
    }

    /// The key typed back: as printed (with or without the check letters
    /// and `▸` marks), with or without spaces, in any case, or the QR text.
    /// A line that does not match its check letter is named.
    pub fn parse(typed: &str) -> Result<Self, RecoveryKeyError> {
        let trimmed = typed.trim();
        let body = match trimmed.get(..RECOVERY_QR_PREFIX.len()) {
            Some(head) if head.eq_ignore_ascii_case(RECOVERY_QR_PREFIX) => {
                &trimmed[RECOVERY_QR_PREFIX.len()..]
            }
            _ => trimmed,
        };
        let checked = match key_entry::check_key(body) {
            Ok(checked) => checked,
            Err(KeyError::TooShort { bits, .. }) => {
                return Err(RecoveryKeyError::WrongLength {
                    symbols: bits.div_ceil(5),
                })
            }
            Err(KeyError::IncompleteKey { symbols }) => {
                return Err(RecoveryKeyError::WrongLength { symbols })
            }
            Err(e) => return Err(RecoveryKeyError::Key(e)),
        };
        let bytes: &[u8; RECOVERY_KEY_BYTES] =
            checked
                .key
                .expose()
                .try_into()
                .map_err(|_| RecoveryKeyError::WrongLength {
                    symbols: checked.normalized().len(),
                })?;
        Ok(Self(Zeroizing::new(*bytes)))
    }

    /// The key that wraps the content key in a recovery slot:
    /// HKDF-SHA256 (RFC 5869) of the recovery key with the slot's random
    /// salt and info `tessera backup recovery slot v1`. A password hash is
    /// not needed: the key is 160 random bits, beyond any guessing.
    pub(crate) fn slot_key(&self, salt: &[u8]) -> Zeroizing<[u8; 32]> {
        let mut out = Zeroizing::new([0u8; 32]);
        let _ = Hkdf::<Sha256>::new(Some(salt), self.0.as_ref())
            .expand(RECOVERY_KEK_INFO, out.as_mut());
        out
    }
}
