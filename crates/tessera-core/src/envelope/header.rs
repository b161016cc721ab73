//! The envelope's header: the key check and the slots, as JSON values, and
//! the canonical form of the authenticated part of a file.

use super::EnvelopeError;
use crate::vault::KdfParams;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Bytes of an XChaCha20-Poly1305 nonce.
pub(crate) const NONCE_BYTES: usize = 24;
/// Bytes of a wrapped content key: 32 of key and 16 of Poly1305 tag.
pub(crate) const WRAPPED_BYTES: usize = 48;
/// Bytes of an Argon2id salt (RFC 9106 §3.1 recommends 128 bits).
pub(crate) const PASSWORD_SALT_BYTES: usize = 16;
/// Bytes of an HKDF salt (RFC 5869 §3.1: the hash's length).
pub(crate) const RECOVERY_SALT_BYTES: usize = 32;
/// Longest id of a `key` slot.
pub const MAX_KEY_ID_CHARS: usize = 200;

/// What a slot is opened with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SlotKind {
    /// A password (Argon2id).
    Password,
    /// The printed recovery key (HKDF-SHA256).
    Recovery,
    /// A 256-bit key held elsewhere, named by an id.
    Key,
}

impl SlotKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Password => "password",
            Self::Recovery => "recovery",
            Self::Key => "key",
        }
    }

    /// The slot's credential in a sentence ("a password").
    pub(crate) fn credential(self) -> &'static str {
        match self {
            Self::Password => "a password",
            Self::Recovery => "a recovery key",
            Self::Key => "this key",
        }
    }

    /// Associated data of a slot's wrap: a wrapped key cannot be moved into
    /// a slot of another kind.
    pub(crate) fn wrap_aad(self) -> Vec<u8> {
        format!("tessera-backup/1/slot/{}", self.name()).into_bytes()
    }
}

impl std::fmt::Display for SlotKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The content key wrapped under one credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Slot {
    Password {
        /// Argon2id cost as stored; checked against [`KdfParams`]'s bounds
        /// only when used, so `inspect` can still show it.
        m_kib: u64,
        t: u64,
        p: u64,
        salt: Vec<u8>,
        nonce: [u8; NONCE_BYTES],
        wrapped: [u8; WRAPPED_BYTES],
    },
    Recovery {
        salt: [u8; RECOVERY_SALT_BYTES],
        nonce: [u8; NONCE_BYTES],
        wrapped: [u8; WRAPPED_BYTES],
    },
    Key {
        id: String,
        nonce: [u8; NONCE_BYTES],
        wrapped: [u8; WRAPPED_BYTES],
    },
    /// A slot type from a newer Tessera: kept as it is, never used.
    Other(Value),
}

impl Slot {
    pub(crate) fn kind(&self) -> Option<SlotKind> {
        match self {
            Self::Password { .. } => Some(SlotKind::Password),
            Self::Recovery { .. } => Some(SlotKind::Recovery),
            Self::Key { .. } => Some(SlotKind::Key),
            Self::Other(_) => None,
        }
    }

    fn to_value(&self) -> Value {
        let mut map = Map::new();
        let mut put = |k: &str, v: Value| {
            map.insert(k.to_owned(), v);
        };
        match self {
            Self::Password {
                m_kib,
                t,
                p,
                salt,
                nonce,
                wrapped,
            } => {
                put("type", "password".into());
                put("kdf", "argon2id".into());
                put("m_kib", (*m_kib).into());
                put("t", (*t).into());
                put("p", (*p).into());
                put("salt", B64.encode(salt).into());
                put("nonce", B64.encode(nonce).into());
                put("wrapped", B64.encode(wrapped).into());
            }
            Self::Recovery {
                salt,
                nonce,
                wrapped,
            } => {
                put("type", "recovery".into());
                put("kdf", "hkdf-sha256".into());
                put("salt", B64.encode(salt).into());
                put("nonce", B64.encode(nonce).into());
                put("wrapped", B64.encode(wrapped).into());
            }
            Self::Key { id, nonce, wrapped } => {
                put("type", "key".into());
                put("id", id.as_str().into());
                put("nonce", B64.encode(nonce).into());
                put("wrapped", B64.encode(wrapped).into());
            }
            Self::Other(value) => return value.clone(),
        }
        Value::Object(map)
    }

    fn from_value(value: &Value, position: usize) -> Result<Self, EnvelopeError> {
        let fields = Fields {
            map: value
                .as_object()
                .ok_or_else(|| slot_damaged(position, "not a JSON object"))?,
            position,
        };
        match fields.text("type")? {
            "password" => {
                if fields.text("kdf")? != "argon2id" {
                    return Err(slot_damaged(position, "unknown password hash"));
                }
                let salt = fields.bytes("salt")?;
                if !(8..=64).contains(&salt.len()) {
                    return Err(slot_damaged(position, "'salt' has the wrong length"));
                }
                Ok(Self::Password {
                    m_kib: fields.number("m_kib")?,
                    t: fields.number("t")?,
                    p: fields.number("p")?,
                    salt,
                    nonce: fields.fixed("nonce")?,
                    wrapped: fields.fixed("wrapped")?,
                })
            }
            "recovery" => {
                if fields.text("kdf")? != "hkdf-sha256" {
                    return Err(slot_damaged(position, "unknown recovery key derivation"));
                }
                Ok(Self::Recovery {
                    salt: fields.fixed("salt")?,
                    nonce: fields.fixed("nonce")?,
                    wrapped: fields.fixed("wrapped")?,
                })
            }
            "key" => {
                let id = fields.text("id")?;
                if id.is_empty() || id.chars().count() > MAX_KEY_ID_CHARS {
                    return Err(slot_damaged(position, "'id' is empty or too long"));
                }
                Ok(Self::Key {
                    id: id.to_owned(),
                    nonce: fields.fixed("nonce")?,
                    wrapped: fields.fixed("wrapped")?,
                })
            }
            _ => Ok(Self::Other(value.clone())),
        }
    }
}

fn slot_damaged(position: usize, what: &str) -> EnvelopeError {
    EnvelopeError::Damaged(format!("slot {position}: {what}"))
}

/// A slot's JSON fields, read with errors that name the slot and field.
struct Fields<'a> {
    map: &'a Map<String, Value>,
    position: usize,
}

impl<'a> Fields<'a> {
    fn text(&self, name: &str) -> Result<&'a str, EnvelopeError> {
        self.map
            .get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| slot_damaged(self.position, &format!("no text '{name}'")))
    }

    fn number(&self, name: &str) -> Result<u64, EnvelopeError> {
        self.map
            .get(name)
            .and_then(Value::as_u64)
            .ok_or_else(|| slot_damaged(self.position, &format!("no whole number '{name}'")))
    }

    fn bytes(&self, name: &str) -> Result<Vec<u8>, EnvelopeError> {
        B64.decode(self.text(name)?)
            .map_err(|_| slot_damaged(self.position, &format!("'{name}' is not base64")))
    }

    fn fixed<const N: usize>(&self, name: &str) -> Result<[u8; N], EnvelopeError> {
        <[u8; N]>::try_from(self.bytes(name)?)
            .map_err(|_| slot_damaged(self.position, &format!("'{name}' has the wrong length")))
    }
}

/// Argon2id parameters as stored, checked against [`KdfParams::MIN`] and
/// [`KdfParams::MAX`] (1 GiB, 10 passes, 4 lanes) before any work is done.
pub(crate) fn checked_kdf(m_kib: u64, t: u64, p: u64) -> Result<KdfParams, EnvelopeError> {
    let (max, min) = (KdfParams::MAX, KdfParams::MIN);
    if m_kib > u64::from(max.m_kib) || t > u64::from(max.t) || p > u64::from(max.p) {
        return Err(EnvelopeError::KdfTooCostly);
    }
    if m_kib < u64::from(min.m_kib) || t < u64::from(min.t) || p < u64::from(min.p) {
        return Err(EnvelopeError::KdfTooWeak);
    }
    // In bounds, so each fits in a u32.
    let narrow = |v: u64| u32::try_from(v).map_err(|_| EnvelopeError::KdfTooCostly);
    Ok(KdfParams {
        m_kib: narrow(m_kib)?,
        t: narrow(t)?,
        p: narrow(p)?,
    })
}

/// What a slot is, without anything secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
#[non_exhaustive]
pub enum SlotInfo {
    /// Opens with a password.
    Password {
        /// Argon2id memory in KiB, as stored.
        m_kib: u64,
        /// Argon2id passes, as stored.
        t: u64,
        /// Argon2id lanes, as stored.
        p: u64,
    },
    /// Opens with the recovery key.
    Recovery,
    /// Opens with the key named `id`.
    Key {
        /// The caller's name for the key.
        id: String,
    },
    /// A slot type this Tessera does not know (written by a newer one).
    Unknown {
        /// Its type as written.
        kind: String,
    },
}

/// The part of a backup that says how to get its content key: a public
/// check value of the key and the slots that each wrap it. Not secret; kept
/// (as JSON, via serde) beside the [`super::BackupKey`] so automatic backups
/// need no password. Build one with [`super::new_backup_keys`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub(crate) key_check: [u8; 16],
    pub(crate) slots: Vec<Slot>,
}

impl Header {
    /// The slots, without secrets, in file order.
    pub fn slots(&self) -> Vec<SlotInfo> {
        self.slots
            .iter()
            .map(|slot| match slot {
                Slot::Password { m_kib, t, p, .. } => SlotInfo::Password {
                    m_kib: *m_kib,
                    t: *t,
                    p: *p,
                },
                Slot::Recovery { .. } => SlotInfo::Recovery,
                Slot::Key { id, .. } => SlotInfo::Key { id: id.clone() },
                Slot::Other(value) => SlotInfo::Unknown {
                    kind: match value.get("type") {
                        Some(Value::String(s)) => s.clone(),
                        Some(other) => other.to_string(),
                        None => String::new(),
                    },
                },
            })
            .collect()
    }

    /// Whether some slot opens with `kind`.
    pub fn has(&self, kind: SlotKind) -> bool {
        self.slots.iter().any(|s| s.kind() == Some(kind))
    }

    /// Writes the header's fields into a file's top-level object.
    pub(crate) fn write_into(&self, map: &mut Map<String, Value>) {
        map.insert("key_check".into(), B64.encode(self.key_check).into());
        map.insert(
            "slots".into(),
            Value::Array(self.slots.iter().map(Slot::to_value).collect()),
        );
    }

    /// Reads the header's fields from a file's (or a kept header's) object.
    pub(crate) fn read_from(map: &Map<String, Value>) -> Result<Self, EnvelopeError> {
        let damaged = |what: &str| EnvelopeError::Damaged(what.to_owned());
        let key_check = map
            .get("key_check")
            .and_then(Value::as_str)
            .and_then(|s| B64.decode(s).ok())
            .and_then(|b| <[u8; 16]>::try_from(b).ok())
            .ok_or_else(|| damaged("the key check is missing or unreadable"))?;
        let slots = map
            .get("slots")
            .and_then(Value::as_array)
            .ok_or_else(|| damaged("the slot list is missing"))?
            .iter()
            .enumerate()
            .map(|(i, v)| Slot::from_value(v, i + 1))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { key_check, slots })
    }
}

impl Serialize for Header {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = Map::new();
        self.write_into(&mut map);
        map.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Header {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = Map::<String, Value>::deserialize(deserializer)?;
        Self::read_from(&map).map_err(serde::de::Error::custom)
    }
}

/// `value` in canonical form: object keys sorted by code point, no white
/// space, strings and numbers as serde_json writes them (RFC 8785's JSON
/// Canonicalization Scheme for ASCII keys and integers below 2^53; larger
/// integers are written in full). The same logical header always gives the same
/// bytes, however a file was indented or its keys ordered.
pub(crate) fn canonical(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push(b'{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_scalar(&Value::String(key.clone()), out);
                out.push(b':');
                if let Some(v) = map.get(key) {
                    canonical(v, out);
                }
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                canonical(item, out);
            }
            out.push(b']');
        }
        scalar => write_scalar(scalar, out),
    }
}

fn write_scalar(value: &Value, out: &mut Vec<u8>) {
    // Writing a string, number, bool or null into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_form_ignores_layout_and_key_order() {
        let a: Value = serde_json::from_str(r#"{ "b": [1, {"y":"é","x":null}], "a": "\u00e9" }"#)
            .unwrap_or_default();
        let b: Value = serde_json::from_str(r#"{"a":"é","b":[1,{"x":null,"y":"\u00e9"}]}"#)
            .unwrap_or_default();
        let (mut ca, mut cb) = (Vec::new(), Vec::new());
        canonical(&a, &mut ca);
        canonical(&b, &mut cb);
        assert_eq!(ca, cb);
        assert_eq!(
            String::from_utf8(ca).unwrap_or_default(),
            r#"{"a":"é","b":[1,{"x":null,"y":"é"}]}"#
        );
    }

    #[test]
    fn kdf_bounds() {
        assert_eq!(checked_kdf(1 << 40, 1, 1), Err(EnvelopeError::KdfTooCostly));
        assert_eq!(checked_kdf(65536, 11, 1), Err(EnvelopeError::KdfTooCostly));
        assert_eq!(checked_kdf(65536, 3, 5), Err(EnvelopeError::KdfTooCostly));
        assert_eq!(checked_kdf(1024, 3, 1), Err(EnvelopeError::KdfTooWeak));
        assert_eq!(checked_kdf(65536, 0, 1), Err(EnvelopeError::KdfTooWeak));
        assert_eq!(
            checked_kdf(65536, 3, 4),
            Ok(KdfParams {
                m_kib: 65536,
                t: 3,
                p: 4
            })
        );
    }
}
