//! Tessera's backup envelope: one versioned, encrypted file format for
//! backups and encrypted exports (and, later, snapshots of a shared vault).
//!
//! # Design
//!
//! Like an Aegis vault (<https://github.com/beemdevelopment/Aegis/blob/master/docs/vault.md>,
//! itself after LUKS key slots), a random 256-bit **content key**
//! ([`BackupKey`]) encrypts the payload, and the header holds **slots**, each
//! wrapping the content key under one credential. Any one slot opens the
//! file; a password can be changed without re-encrypting anything, and the
//! app keeps the content key and header in the keychain so automatic backups
//! need no password.
//!
//! Encryption everywhere is XChaCha20-Poly1305 (RFC 8439 with the 192-bit
//! nonce of draft-irtf-cfrg-xchacha), with a fresh random nonce for every
//! payload and every wrap, so reusing one content key for many files is safe.
//!
//! # File format (version 1)
//!
//! UTF-8 JSON text (a leading byte order mark is tolerated), at most
//! [`MAX_FILE_BYTES`]:
//!
//! ```json
//! {
//!     "tessera_backup": 1,
//!     "created": 1767225600,
//!     "key_check": "<base64, 16 bytes>",
//!     "slots": [
//!         {"type": "password", "kdf": "argon2id", "m_kib": 65536, "t": 3, "p": 4,
//!          "salt": "<base64, 16 bytes>", "nonce": "<base64, 24>", "wrapped": "<base64, 48>"},
//!         {"type": "recovery", "kdf": "hkdf-sha256",
//!          "salt": "<base64, 32 bytes>", "nonce": "<base64, 24>", "wrapped": "<base64, 48>"},
//!         {"type": "key", "id": "epoch-3", "nonce": "<base64, 24>", "wrapped": "<base64, 48>"}
//!     ],
//!     "nonce": "<base64, 24 bytes>",
//!     "ciphertext": "<base64>"
//! }
//! ```
//!
//! - `tessera_backup`: the format version. A reader refuses a larger one
//!   ([`EnvelopeError::TooNew`]) before reading anything else.
//! - `created`: Unix time of sealing, in seconds.
//! - `key_check`: the first 16 bytes of HKDF-SHA256 (RFC 5869) of the
//!   content key with info `tessera backup key check v1`: public, and tells a
//!   wrong key from a damaged file.
//! - `slots`, each `wrapped` = XChaCha20-Poly1305(KEK, `nonce`, content key)
//!   with associated data `tessera-backup/1/slot/<type>`:
//!   - `password`: KEK = Argon2id v1.3 (RFC 9106) of the password's UTF-8
//!     bytes (as typed, not normalised) with `salt` and the stored cost;
//!     the cost is checked against [`KdfParams::MIN`]..=[`KdfParams::MAX`]
//!     (1 GiB, 10 passes, 4 lanes) **before** deriving. New passwords use
//!     [`BACKUP_KDF`] (64 MiB, 3 passes, 4 lanes: RFC 9106 §4's second
//!     recommended option). At most one password slot is written.
//!   - `recovery`: KEK = HKDF-SHA256 of the 160-bit [`RecoveryKey`] with
//!     `salt` and info `tessera backup recovery slot v1` (no password hash:
//!     the key is random).
//!   - `key`: KEK = a caller's 32-byte key named `id` (a shared vault's epoch key).
//!   - any other `type` (from a newer Tessera) is kept and skipped.
//! - `nonce`, `ciphertext`: XChaCha20-Poly1305(content key, nonce, payload),
//!   tag appended. The associated data is the **canonical header**: the
//!   top-level object without `nonce` and `ciphertext`, keys sorted, no white
//!   space (RFC 8785's JSON Canonicalization Scheme for ASCII keys and
//!   integers below 2^53), so no slot,
//!   version or time can be swapped, added or removed without the file
//!   failing to open ([`EnvelopeError::Damaged`]).
//!
//! The payload is opaque here; a backup's is [`BackupContent`] JSON.

mod content;
mod header;
mod keys;
pub(crate) mod secret_buf;
#[cfg(test)]
mod tests;

pub use content::{
    BackupContent, BackupEntry, ContentError, EntryProblem, ParsedContent, CONTENT_FORMAT,
};
pub use header::{Header, SlotInfo, SlotKind, MAX_KEY_ID_CHARS};
pub use keys::{
    BackupKey, RecoveryKey, RecoveryKeyError, RECOVERY_KEY_BYTES, RECOVERY_KEY_CHARS,
    RECOVERY_QR_PREFIX,
};

use crate::vault::{argon2id_key, Entropy, KdfParams};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use header::{
    canonical, checked_kdf, Slot, NONCE_BYTES, PASSWORD_SALT_BYTES, RECOVERY_SALT_BYTES,
    WRAPPED_BYTES,
};
use serde::Serialize;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

/// The format version this Tessera writes and the newest it reads.
pub const FORMAT: u32 = 1;
/// Largest file accepted or written: 64 MiB (a backup of 10,000 accounts is under 10 MiB).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Argon2id cost for new backup passwords: 64 MiB, 3 passes, 4 lanes (RFC
/// 9106 §4, second recommended option). Twice the PIN's memory and more
/// passes, since a backup file can be attacked offline with no lockout;
/// under 0.2 s to open on a 2-core machine (measured in a debug build),
/// once per backup opened.
pub const BACKUP_KDF: KdfParams = KdfParams {
    m_kib: 64 * 1024,
    t: 3,
    p: 4,
};

/// Why a backup could not be made or opened. Messages are for the user and
/// never contain a password, key or plaintext.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EnvelopeError {
    /// No password slot opens with this password.
    #[error("wrong password for this backup")]
    WrongPassword,
    /// The recovery key does not open this backup.
    #[error("this recovery key does not open this backup")]
    WrongRecoveryKey,
    /// The key given is not this backup's key (or a key slot's key).
    #[error("this key does not open this backup")]
    WrongKey,
    /// The backup has no slot of this kind.
    #[error("this backup cannot be opened with {}", .0.credential())]
    NoSlot(SlotKind),
    /// Not a Tessera backup at all.
    #[error("this file is not a Tessera backup")]
    NotABackup,
    /// A format version newer than this Tessera reads.
    #[error("this backup was written by a newer Tessera (format {0}); update Tessera to open it")]
    TooNew(u32),
    /// Cut short, garbled or changed; with a correct credential, a payload
    /// that fails its authentication tag.
    #[error("the backup file is damaged: {0}")]
    Damaged(String),
    /// Stored password parameters above [`KdfParams::MAX`]; nothing was derived.
    #[error("the backup asks for more memory or time to check its password than Tessera allows (1 GiB, 10 passes); it may have been tampered with")]
    KdfTooCostly,
    /// Password parameters below [`KdfParams::MIN`].
    #[error("the backup's password protection is weaker than Tessera allows")]
    KdfTooWeak,
    /// An empty password for a new backup.
    #[error("the backup password is empty")]
    EmptyPassword,
    /// The system's random source failed.
    #[error("the system random source is not available")]
    NoEntropy,
    /// A key slot id that is empty or longer than [`MAX_KEY_ID_CHARS`].
    #[error("a key slot's id must be 1 to 200 characters")]
    BadKeyId,
    /// Larger than [`MAX_FILE_BYTES`].
    #[error("the file is larger than 64 MiB, more than any Tessera backup")]
    TooLarge,
}

/// What [`inspect`] tells about a file without any credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvelopeInfo {
    /// The format version ([`FORMAT`]).
    pub format: u32,
    /// Unix time the file was sealed.
    pub created: u64,
    /// Its slots, in file order.
    pub slots: Vec<SlotInfo>,
}

impl EnvelopeInfo {
    /// Whether some slot opens with `kind`.
    pub fn has(&self, kind: SlotKind) -> bool {
        self.slots.iter().any(|s| {
            matches!(
                (s, kind),
                (SlotInfo::Password { .. }, SlotKind::Password)
                    | (SlotInfo::Recovery, SlotKind::Recovery)
                    | (SlotInfo::Key { .. }, SlotKind::Key)
            )
        })
    }
}

/// An opened backup.
pub struct Opened {
    /// The content key (to seal the next backup or verify this one).
    pub key: BackupKey,
    /// The file's header (to keep beside the key).
    pub header: Header,
    /// The payload. Wiped when dropped.
    pub plaintext: Zeroizing<Vec<u8>>,
    /// Unix time the file was sealed.
    pub created: u64,
}

impl std::fmt::Debug for Opened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opened")
            .field("key", &self.key)
            .field("slots", &self.header.slots())
            .field(
                "plaintext",
                &format_args!("<{} redacted bytes>", self.plaintext.len()),
            )
            .field("created", &self.created)
            .finish()
    }
}

fn random<const N: usize>(entropy: &dyn Entropy) -> Result<[u8; N], EnvelopeError> {
    let mut out = [0u8; N];
    entropy
        .fill(&mut out)
        .map_err(|_| EnvelopeError::NoEntropy)?;
    Ok(out)
}

fn aead_seal(
    key: &[u8; 32],
    aad: &[u8],
    plain: &[u8],
    entropy: &dyn Entropy,
) -> Result<([u8; NONCE_BYTES], Vec<u8>), EnvelopeError> {
    let nonce: [u8; NONCE_BYTES] = random(entropy)?;
    let ciphertext = XChaCha20Poly1305::new(key.into())
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain, aad })
        .map_err(|_| EnvelopeError::TooLarge)?;
    Ok((nonce, ciphertext))
}

fn aead_open(
    key: &[u8; 32],
    nonce: &[u8; NONCE_BYTES],
    aad: &[u8],
    ciphertext: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    XChaCha20Poly1305::new(key.into())
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad,
            },
        )
        .ok()
        .map(Zeroizing::new)
}

fn wrap(
    kek: &[u8; 32],
    kind: SlotKind,
    key: &BackupKey,
    entropy: &dyn Entropy,
) -> Result<([u8; NONCE_BYTES], [u8; WRAPPED_BYTES]), EnvelopeError> {
    let (nonce, wrapped) = aead_seal(kek, &kind.wrap_aad(), key.expose(), entropy)?;
    let wrapped = wrapped
        .try_into()
        .map_err(|_| EnvelopeError::Damaged("a key did not wrap to 48 bytes".into()))?;
    Ok((nonce, wrapped))
}

fn unwrap(
    kek: &[u8; 32],
    kind: SlotKind,
    nonce: &[u8; NONCE_BYTES],
    wrapped: &[u8; WRAPPED_BYTES],
) -> Option<BackupKey> {
    let raw = aead_open(kek, nonce, &kind.wrap_aad(), wrapped)?;
    let bytes: &[u8; 32] = raw.as_slice().try_into().ok()?;
    Some(BackupKey::from_bytes(bytes))
}

fn password_slot(
    key: &BackupKey,
    password: &str,
    kdf: KdfParams,
    entropy: &dyn Entropy,
) -> Result<Slot, EnvelopeError> {
    if password.is_empty() {
        return Err(EnvelopeError::EmptyPassword);
    }
    let kdf = checked_kdf(kdf.m_kib.into(), kdf.t.into(), kdf.p.into())?;
    let salt: [u8; PASSWORD_SALT_BYTES] = random(entropy)?;
    let kek = derive_password(password, &salt, kdf)?;
    let (nonce, wrapped) = wrap(&kek, SlotKind::Password, key, entropy)?;
    Ok(Slot::Password {
        m_kib: kdf.m_kib.into(),
        t: kdf.t.into(),
        p: kdf.p.into(),
        salt: salt.to_vec(),
        nonce,
        wrapped,
    })
}

fn derive_password(
    password: &str,
    salt: &[u8],
    kdf: KdfParams,
) -> Result<Zeroizing<[u8; 32]>, EnvelopeError> {
    argon2id_key(password, salt, kdf)
        .map_err(|_| EnvelopeError::Damaged("the password parameters are not usable".into()))
}

fn recovery_slot(
    key: &BackupKey,
    recovery: &RecoveryKey,
    entropy: &dyn Entropy,
) -> Result<Slot, EnvelopeError> {
    let salt: [u8; RECOVERY_SALT_BYTES] = random(entropy)?;
    let (nonce, wrapped) = wrap(&recovery.slot_key(&salt), SlotKind::Recovery, key, entropy)?;
    Ok(Slot::Recovery {
        salt,
        nonce,
        wrapped,
    })
}

fn check_key(header: &Header, key: &BackupKey) -> Result<(), EnvelopeError> {
    if header.key_check == key.check_value() {
        Ok(())
    } else {
        Err(EnvelopeError::WrongKey)
    }
}

/// A new content key, a new recovery key, and a header with a password slot
/// and a recovery slot. Show the recovery key to the user once
/// ([`RecoveryKey::display`]); keep the key and header for later backups.
pub fn new_backup_keys(
    password: &str,
    kdf: KdfParams,
    entropy: &dyn Entropy,
) -> Result<(BackupKey, RecoveryKey, Header), EnvelopeError> {
    let key = BackupKey::generate(entropy)?;
    let recovery = RecoveryKey::generate(entropy)?;
    let slots = vec![
        password_slot(&key, password, kdf, entropy)?,
        recovery_slot(&key, &recovery, entropy)?,
    ];
    let header = Header {
        key_check: key.check_value(),
        slots,
    };
    Ok((key, recovery, header))
}

/// The header with its password slot replaced by one for `new_password`;
/// every other slot (the recovery key, key slots) is kept, so files sealed
/// from now on open with the new password and the same recovery key.
/// Refused ([`EnvelopeError::WrongKey`]) when `key` is not the header's.
pub fn change_password(
    header: &Header,
    key: &BackupKey,
    new_password: &str,
    kdf: KdfParams,
    entropy: &dyn Entropy,
) -> Result<Header, EnvelopeError> {
    check_key(header, key)?;
    let mut slots = vec![password_slot(key, new_password, kdf, entropy)?];
    slots.extend(
        header
            .slots
            .iter()
            .filter(|s| s.kind() != Some(SlotKind::Password))
            .cloned(),
    );
    Ok(Header {
        key_check: header.key_check,
        slots,
    })
}

/// The header with a new recovery key in place of the old one (when the
/// printed one is lost). Files sealed earlier still open with the old one.
pub fn change_recovery_key(
    header: &Header,
    key: &BackupKey,
    entropy: &dyn Entropy,
) -> Result<(RecoveryKey, Header), EnvelopeError> {
    check_key(header, key)?;
    let recovery = RecoveryKey::generate(entropy)?;
    let mut slots: Vec<Slot> = header
        .slots
        .iter()
        .filter(|s| s.kind() != Some(SlotKind::Recovery))
        .cloned()
        .collect();
    slots.push(recovery_slot(key, &recovery, entropy)?);
    Ok((
        recovery,
        Header {
            key_check: header.key_check,
            slots,
        },
    ))
}

/// The header with a `key` slot: the content key wrapped under
/// `wrapping_key`, named `id` (1 to [`MAX_KEY_ID_CHARS`] characters). A slot
/// with the same id is replaced.
pub fn add_key_slot(
    header: &Header,
    key: &BackupKey,
    id: &str,
    wrapping_key: &BackupKey,
    entropy: &dyn Entropy,
) -> Result<Header, EnvelopeError> {
    check_key(header, key)?;
    if id.is_empty() || id.chars().count() > MAX_KEY_ID_CHARS {
        return Err(EnvelopeError::BadKeyId);
    }
    let (nonce, wrapped) = wrap(wrapping_key.expose(), SlotKind::Key, key, entropy)?;
    let mut slots: Vec<Slot> = header
        .slots
        .iter()
        .filter(|s| !matches!(s, Slot::Key { id: old, .. } if old == id))
        .cloned()
        .collect();
    slots.push(Slot::Key {
        id: id.to_owned(),
        nonce,
        wrapped,
    });
    Ok(Header {
        key_check: header.key_check,
        slots,
    })
}

/// The top-level object of a file without `nonce` and `ciphertext`.
fn header_object(header: &Header, created: u64) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("tessera_backup".into(), FORMAT.into());
    map.insert("created".into(), created.into());
    header.write_into(&mut map);
    map
}

fn canonical_bytes(map: &Map<String, Value>) -> Vec<u8> {
    let mut out = Vec::with_capacity(1024);
    canonical(&Value::Object(map.clone()), &mut out);
    out
}

/// Encrypts `plaintext` into a new file under `key` with `header`'s slots,
/// marked as sealed at `created` (Unix seconds).
pub fn seal(
    header: &Header,
    key: &BackupKey,
    plaintext: &[u8],
    created: u64,
    entropy: &dyn Entropy,
) -> Result<Vec<u8>, EnvelopeError> {
    check_key(header, key)?;
    // Base64 grows the ciphertext by a third; refuse what could not be read back.
    if plaintext.len() > MAX_FILE_BYTES / 4 * 3 {
        return Err(EnvelopeError::TooLarge);
    }
    let mut map = header_object(header, created);
    let aad = canonical_bytes(&map);
    let (nonce, ciphertext) = aead_seal(key.expose(), &aad, plaintext, entropy)?;
    map.insert("nonce".into(), B64.encode(nonce).into());
    map.insert("ciphertext".into(), B64.encode(ciphertext).into());
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut out = Vec::with_capacity(plaintext.len() / 3 * 4 + 4096);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    Value::Object(map)
        .serialize(&mut ser)
        .map_err(|_| EnvelopeError::TooLarge)?;
    out.push(b'\n');
    if out.len() > MAX_FILE_BYTES {
        return Err(EnvelopeError::TooLarge);
    }
    Ok(out)
}

/// A file read up to the point where a credential is needed.
struct Parsed {
    created: u64,
    header: Header,
    aad: Vec<u8>,
    nonce: [u8; NONCE_BYTES],
    ciphertext: Vec<u8>,
}

/// Whether unparsable bytes still look like the start of a backup (so the
/// user hears "damaged", not "not a backup").
fn looks_like_backup(text: &[u8]) -> bool {
    let head = &text[..text.len().min(256)];
    let trimmed = head.trim_ascii_start();
    trimmed.starts_with(b"{")
        && head
            .windows(b"\"tessera_backup\"".len())
            .any(|w| w == b"\"tessera_backup\"")
}

fn parse(bytes: &[u8]) -> Result<Parsed, EnvelopeError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(EnvelopeError::TooLarge);
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: Value = match serde_json::from_slice(text) {
        Ok(value) => value,
        Err(_) if looks_like_backup(text) => {
            return Err(EnvelopeError::Damaged(
                "the file is cut short or garbled".into(),
            ))
        }
        Err(_) => return Err(EnvelopeError::NotABackup),
    };
    let Value::Object(mut map) = value else {
        return Err(EnvelopeError::NotABackup);
    };
    let format = map
        .get("tessera_backup")
        .ok_or(EnvelopeError::NotABackup)?
        .as_u64()
        .ok_or_else(|| EnvelopeError::Damaged("the format number is unreadable".into()))?;
    if format > u64::from(FORMAT) {
        return Err(EnvelopeError::TooNew(
            u32::try_from(format).unwrap_or(u32::MAX),
        ));
    }
    if format != u64::from(FORMAT) {
        return Err(EnvelopeError::Damaged(
            "the format number is unreadable".into(),
        ));
    }
    let created = map
        .get("created")
        .and_then(Value::as_u64)
        .ok_or_else(|| EnvelopeError::Damaged("the creation time is unreadable".into()))?;
    let header = Header::read_from(&map)?;
    let mut take = |name: &str| -> Result<Vec<u8>, EnvelopeError> {
        match map.remove(name) {
            Some(Value::String(s)) => B64
                .decode(s)
                .map_err(|_| EnvelopeError::Damaged(format!("the {name} is not base64"))),
            _ => Err(EnvelopeError::Damaged(format!("the {name} is missing"))),
        }
    };
    let nonce = take("nonce")?
        .try_into()
        .map_err(|_| EnvelopeError::Damaged("the nonce has the wrong length".into()))?;
    let ciphertext = take("ciphertext")?;
    if ciphertext.len() < 16 {
        return Err(EnvelopeError::Damaged("the contents are cut short".into()));
    }
    let aad = canonical_bytes(&map);
    Ok(Parsed {
        created,
        header,
        aad,
        nonce,
        ciphertext,
    })
}

/// Decrypts the payload with a content key taken from a slot.
fn finish(parsed: Parsed, key: BackupKey) -> Result<Opened, EnvelopeError> {
    if parsed.header.key_check != key.check_value() {
        return Err(EnvelopeError::Damaged(
            "its key check does not match the key its slot holds".into(),
        ));
    }
    let plaintext = aead_open(key.expose(), &parsed.nonce, &parsed.aad, &parsed.ciphertext)
        .ok_or_else(|| {
            EnvelopeError::Damaged(
                "its header or contents were changed after it was written".into(),
            )
        })?;
    Ok(Opened {
        key,
        header: parsed.header,
        plaintext,
        created: parsed.created,
    })
}

/// The format version, time and slots of a file; runs no key derivation and
/// needs no credential.
pub fn inspect(bytes: &[u8]) -> Result<EnvelopeInfo, EnvelopeError> {
    let parsed = parse(bytes)?;
    Ok(EnvelopeInfo {
        format: FORMAT,
        created: parsed.created,
        slots: parsed.header.slots(),
    })
}

/// Opens a file with its password. Stored Argon2id parameters out of bounds
/// are refused before anything is derived.
pub fn open_with_password(bytes: &[u8], password: &str) -> Result<Opened, EnvelopeError> {
    let parsed = parse(bytes)?;
    let mut refused = None;
    let mut key = None;
    for slot in &parsed.header.slots {
        let Slot::Password {
            m_kib,
            t,
            p,
            salt,
            nonce,
            wrapped,
        } = slot
        else {
            continue;
        };
        let kdf = match checked_kdf(*m_kib, *t, *p) {
            Ok(kdf) => kdf,
            Err(e) => {
                refused.get_or_insert(e);
                continue;
            }
        };
        let kek = derive_password(password, salt, kdf)?;
        refused = Some(EnvelopeError::WrongPassword);
        if let Some(found) = unwrap(&kek, SlotKind::Password, nonce, wrapped) {
            key = Some(found);
            break;
        }
    }
    match key {
        Some(key) => finish(parsed, key),
        None => Err(refused.unwrap_or(EnvelopeError::NoSlot(SlotKind::Password))),
    }
}

/// Opens a file with the recovery key.
pub fn open_with_recovery(bytes: &[u8], recovery: &RecoveryKey) -> Result<Opened, EnvelopeError> {
    let parsed = parse(bytes)?;
    let mut any = false;
    let mut key = None;
    for slot in &parsed.header.slots {
        if let Slot::Recovery {
            salt,
            nonce,
            wrapped,
        } = slot
        {
            any = true;
            key = unwrap(&recovery.slot_key(salt), SlotKind::Recovery, nonce, wrapped);
            if key.is_some() {
                break;
            }
        }
    }
    match (key, any) {
        (Some(key), _) => finish(parsed, key),
        (None, true) => Err(EnvelopeError::WrongRecoveryKey),
        (None, false) => Err(EnvelopeError::NoSlot(SlotKind::Recovery)),
    }
}

/// Opens a file with its content key (to verify a file just written, or to
/// read an automatic backup).
pub fn open_with_key(bytes: &[u8], key: &BackupKey) -> Result<Opened, EnvelopeError> {
    let parsed = parse(bytes)?;
    check_key(&parsed.header, key)?;
    finish(parsed, key.clone())
}

/// Opens a file through its `key` slot named `id`.
pub fn open_with_slot_key(
    bytes: &[u8],
    id: &str,
    wrapping_key: &BackupKey,
) -> Result<Opened, EnvelopeError> {
    let parsed = parse(bytes)?;
    let slot = parsed.header.slots.iter().find_map(|s| match s {
        Slot::Key {
            id: slot_id,
            nonce,
            wrapped,
        } if slot_id == id => Some((nonce, wrapped)),
        _ => None,
    });
    let (nonce, wrapped) = slot.ok_or(EnvelopeError::NoSlot(SlotKind::Key))?;
    let key = unwrap(wrapping_key.expose(), SlotKind::Key, nonce, wrapped)
        .ok_or(EnvelopeError::WrongKey)?;
    finish(parsed, key)
}
