//! The plaintext of a Tessera backup: one profile's accounts with all that is
//! needed to restore them. UTF-8 JSON:
//!
//! ```json
//! {"format": 1, "profile": "Personal", "created": 1767225600, "accounts": [
//!     {"issuer": "GitHub", "name": "alice@example.com",
//!      "type": "totp", "algorithm": "SHA1", "digits": 6, "period": 30,
//!      "key": "JBSWY3DPEHPK3PXP", "image": "https://…/logo.png",
//!      "tags": ["work"], "favourite": true, "created": 1767225000,
//!      "backup_codes": ["1234-5678", "2345-6789"], "used_codes": [0]}
//! ]}
//! ```
//!
//! `type` is `totp` (with `algorithm`, `digits`, `period`), `hotp` (with
//! `algorithm`, `digits` and `counter`, the next code's, up to 2^64 − 1) or
//! `steam` (with `period`). `key` is unpadded RFC 4648 base32. `image` is
//! left out when there is none. `used_codes` are 0-based positions in
//! `backup_codes`. Unknown fields are ignored, so a newer Tessera may add
//! some without a new format number.
//!
//! Reading never gives up on the whole file for one account: an account
//! whose key or parameters cannot be read is left out and reported by
//! position ([`EntryProblem`]); unreadable extras (tags, marks, codes) are
//! dropped from an account that is kept, and reported too. Reasons never
//! quote a key or code.

use super::secret_buf;
use crate::account::Account;
use crate::backup_codes::{BackupCode, MAX_CODES};
use crate::base32;
use crate::otp::OtpParams;
use crate::secret::SecretKey;
use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt;
use zeroize::Zeroizing;

/// The content format this Tessera writes and the newest it reads.
pub const CONTENT_FORMAT: u32 = 1;
/// Longest backup code kept (in characters).
const MAX_CODE_CHARS: usize = 64;

/// One profile's accounts, as a backup holds them.
#[derive(Clone, PartialEq, Eq)]
pub struct BackupContent {
    /// The profile's name.
    pub profile: String,
    /// Unix time the backup was made.
    pub created: u64,
    /// The accounts, in display order.
    pub accounts: Vec<BackupEntry>,
}

/// One account with everything Tessera knows about it.
#[derive(Clone, PartialEq, Eq)]
pub struct BackupEntry {
    /// Issuer, name, parameters (with the HOTP counter), key and image URL.
    pub account: Account,
    /// Free-form labels.
    pub tags: Vec<String>,
    /// Pinned to the top of the list.
    pub favourite: bool,
    /// Unix time the account was added.
    pub created: u64,
    /// The account's one-time backup codes.
    pub backup_codes: Vec<BackupCode>,
    /// Positions (0-based) in `backup_codes` of the codes marked used.
    pub used_codes: Vec<u32>,
}

impl BackupEntry {
    /// An entry with no tags, codes or marks.
    pub fn new(account: Account, created: u64) -> Self {
        Self {
            account,
            tags: Vec::new(),
            favourite: false,
            created,
            backup_codes: Vec::new(),
            used_codes: Vec::new(),
        }
    }
}

impl fmt::Debug for BackupContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BackupContent")
            .field("profile", &self.profile)
            .field("created", &self.created)
            .field("accounts", &self.accounts)
            .finish()
    }
}

impl fmt::Debug for BackupEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BackupEntry")
            .field("issuer", &self.account.issuer)
            .field("name", &self.account.name)
            .field("params", &self.account.params)
            .field("key", &self.account.key)
            .field("tags", &self.tags)
            .field("favourite", &self.favourite)
            .field("created", &self.created)
            .field("backup_codes", &self.backup_codes.len())
            .field("used_codes", &self.used_codes)
            .finish()
    }
}

/// Why a backup's contents could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ContentError {
    /// Not JSON in this format.
    #[error("the backup's contents are not in Tessera's format")]
    NotContent,
    /// A content format newer than this Tessera reads.
    #[error("the backup's contents were written by a newer Tessera (format {0}); update Tessera to restore it")]
    TooNew(u32),
}

/// An account that was left out, or kept without some of its data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryProblem {
    /// 1-based position in the backup's account list.
    pub position: usize,
    /// `Issuer (name)` when readable, for the message.
    pub account: String,
    /// What is wrong, in words (never a key or code).
    pub reason: String,
    /// The account was left out (otherwise it is restored without the part named).
    pub skipped: bool,
}

impl fmt::Display for EntryProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "account {}", self.position)?;
        if !self.account.is_empty() {
            write!(f, " ({})", self.account)?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Contents read back, with the accounts that could not be (fully) read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedContent {
    /// What was read.
    pub content: BackupContent,
    /// Accounts left out or kept in part, in order.
    pub problems: Vec<EntryProblem>,
}

#[derive(Serialize)]
struct WireContentOut<'a> {
    format: u32,
    profile: &'a str,
    created: u64,
    accounts: Vec<WireEntryOut<'a>>,
}

#[derive(Serialize)]
struct WireEntryOut<'a> {
    issuer: &'a str,
    name: &'a str,
    #[serde(flatten)]
    params: OtpParams,
    key: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    tags: &'a [String],
    favourite: bool,
    created: u64,
    backup_codes: Vec<&'a str>,
    used_codes: &'a [u32],
}

impl BackupContent {
    /// The contents as JSON, in a buffer wiped when dropped.
    pub fn to_json(&self) -> Zeroizing<Vec<u8>> {
        let keys: Vec<Zeroizing<String>> = self
            .accounts
            .iter()
            .map(|e| e.account.key.to_base32())
            .collect();
        let wire = WireContentOut {
            format: CONTENT_FORMAT,
            profile: &self.profile,
            created: self.created,
            accounts: self
                .accounts
                .iter()
                .zip(&keys)
                .map(|(e, key)| WireEntryOut {
                    issuer: &e.account.issuer,
                    name: &e.account.name,
                    params: e.account.params,
                    key: key.as_str(),
                    image: e.account.image.as_deref(),
                    tags: &e.tags,
                    favourite: e.favourite,
                    created: e.created,
                    backup_codes: e.backup_codes.iter().map(BackupCode::as_str).collect(),
                    used_codes: &e.used_codes,
                })
                .collect(),
        };
        let estimate = 512 + self.accounts.len() * 512;
        secret_buf::to_json(&wire, false, estimate)
    }

    /// Reads contents written by [`BackupContent::to_json`] (this or an older
    /// Tessera). Accounts that cannot be read are reported, not fatal.
    pub fn from_json(bytes: &[u8]) -> Result<ParsedContent, ContentError> {
        // The format first, whatever the rest looks like.
        let format: FormatOnly =
            serde_json::from_slice(bytes).map_err(|_| ContentError::NotContent)?;
        match format.format {
            Some(n) if n == u64::from(CONTENT_FORMAT) => {}
            Some(n) if n > u64::from(CONTENT_FORMAT) => {
                return Err(ContentError::TooNew(u32::try_from(n).unwrap_or(u32::MAX)))
            }
            _ => return Err(ContentError::NotContent),
        }
        let wire: WireContentIn =
            serde_json::from_slice(bytes).map_err(|_| ContentError::NotContent)?;
        let profile = match wire.profile {
            None => String::new(),
            Some(Value::String(s)) => s,
            Some(_) => return Err(ContentError::NotContent),
        };
        let created = match wire.created {
            None => 0,
            Some(v) => v.as_u64().ok_or(ContentError::NotContent)?,
        };
        let Lenient::Present(entries) = wire.accounts else {
            return Err(ContentError::NotContent);
        };
        let mut accounts = Vec::with_capacity(entries.len());
        let mut problems = Vec::new();
        for (i, entry) in entries.into_iter().enumerate() {
            let position = i + 1;
            let Some(entry) = entry.0 else {
                problems.push(EntryProblem {
                    position,
                    account: String::new(),
                    reason: "it is not an account record".into(),
                    skipped: true,
                });
                continue;
            };
            match read_entry(entry) {
                Ok((entry, notes)) => {
                    let label = label(&entry.account.issuer, &entry.account.name);
                    problems.extend(notes.into_iter().map(|reason| EntryProblem {
                        position,
                        account: label.clone(),
                        reason,
                        skipped: false,
                    }));
                    accounts.push(entry);
                }
                Err((account, reason)) => problems.push(EntryProblem {
                    position,
                    account,
                    reason,
                    skipped: true,
                }),
            }
        }
        Ok(ParsedContent {
            content: BackupContent {
                profile,
                created,
                accounts,
            },
            problems,
        })
    }
}

fn label(issuer: &str, name: &str) -> String {
    match (issuer.is_empty(), name.is_empty()) {
        (false, false) => format!("{issuer}: {name}"),
        (false, true) => issuer.to_owned(),
        (true, _) => name.to_owned(),
    }
}

#[derive(Deserialize)]
struct FormatOnly {
    #[serde(default)]
    format: Option<u64>,
}

#[derive(Deserialize)]
struct WireContentIn {
    #[serde(default)]
    profile: Option<Value>,
    #[serde(default)]
    created: Option<Value>,
    #[serde(default)]
    accounts: Lenient<Vec<MaybeEntry>>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct WireEntryIn {
    issuer: Option<Value>,
    name: Option<Value>,
    #[serde(rename = "type")]
    kind: Option<Value>,
    algorithm: Option<Value>,
    digits: Option<Value>,
    period: Option<Value>,
    counter: Option<Value>,
    key: Lenient<SecretText>,
    image: Option<Value>,
    tags: Option<Value>,
    favourite: Option<Value>,
    created: Option<Value>,
    backup_codes: Lenient<Vec<Lenient<SecretText>>>,
    used_codes: Option<Value>,
}

/// Reads one account: `Err((label, reason))` when it has to be left out,
/// else the entry and notes on what was dropped from it.
fn read_entry(wire: WireEntryIn) -> Result<(BackupEntry, Vec<String>), (String, String)> {
    let text = |v: Option<Value>, what: &str| match v {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err((String::new(), format!("its {what} is not text"))),
    };
    let issuer = text(wire.issuer, "issuer")?;
    let name = text(wire.name, "name")?;
    let fail = |reason: &str| (label(&issuer, &name), reason.to_owned());

    let mut params = serde_json::Map::new();
    for (field, value) in [
        ("type", wire.kind),
        ("algorithm", wire.algorithm),
        ("digits", wire.digits),
        ("period", wire.period),
        ("counter", wire.counter),
    ] {
        if let Some(value) = value {
            params.insert(field.to_owned(), value);
        }
    }
    let params = OtpParams::deserialize(Value::Object(params))
        .map_err(|_| fail("its OTP type or parameters are not readable"))?
        .validate()
        .map_err(|e| fail(&e.to_string()))?;

    let key = match wire.key {
        Lenient::Missing => return Err(fail("it has no key")),
        Lenient::Other => return Err(fail("its key is not text")),
        Lenient::Present(SecretText(text)) if text.is_empty() => {
            return Err(fail("its key is empty"))
        }
        Lenient::Present(SecretText(text)) => {
            base32::decode_symbols(&text).ok_or_else(|| fail("its key is not valid base32"))?
        }
    };

    let mut notes = Vec::new();
    let image = match wire.image {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => {
            notes.push("its image link is not text and was left out".to_owned());
            None
        }
    };
    let tags = match wire.tags {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        Some(_) => {
            notes.push("its tags are not readable and were left out".to_owned());
            Vec::new()
        }
    };
    let favourite = match wire.favourite {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => b,
        Some(_) => {
            notes.push("whether it is a favourite is not readable; it is not one".to_owned());
            false
        }
    };
    let created = match wire.created {
        None | Some(Value::Null) => 0,
        Some(v) => v.as_u64().unwrap_or_else(|| {
            notes.push("the time it was added is not readable".to_owned());
            0
        }),
    };
    let backup_codes = read_codes(wire.backup_codes, &mut notes);
    let used_codes = read_marks(wire.used_codes, backup_codes.len(), &mut notes);

    Ok((
        BackupEntry {
            account: Account {
                issuer,
                name,
                params,
                key: SecretKey::from_bytes(key.to_vec()),
                image,
            },
            tags,
            favourite,
            created,
            backup_codes,
            used_codes,
        },
        notes,
    ))
}

fn read_codes(
    codes: Lenient<Vec<Lenient<SecretText>>>,
    notes: &mut Vec<String>,
) -> Vec<BackupCode> {
    let items = match codes {
        Lenient::Missing => return Vec::new(),
        Lenient::Other => {
            notes.push("its backup codes are not readable and were left out".to_owned());
            return Vec::new();
        }
        Lenient::Present(items) => items,
    };
    if items.len() > MAX_CODES {
        notes.push(format!(
            "it has {} backup codes, more than the {MAX_CODES} Tessera keeps; they were left out",
            items.len()
        ));
        return Vec::new();
    }
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        match item {
            Lenient::Present(SecretText(code))
                if !code.trim().is_empty() && code.chars().count() <= MAX_CODE_CHARS =>
            {
                out.push(BackupCode::from_stored(code));
            }
            _ => {
                notes.push("a backup code is not readable; its codes were left out".to_owned());
                return Vec::new();
            }
        }
    }
    out
}

fn read_marks(marks: Option<Value>, codes: usize, notes: &mut Vec<String>) -> Vec<u32> {
    let items = match marks {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(_) => {
            notes.push("which backup codes are used is not readable".to_owned());
            return Vec::new();
        }
    };
    let mut kept = BTreeSet::new();
    let mut dropped = false;
    for item in items {
        match item.as_u64().and_then(|i| u32::try_from(i).ok()) {
            Some(i) if (i as usize) < codes => {
                kept.insert(i);
            }
            _ => dropped = true,
        }
    }
    if dropped {
        notes.push("some used marks do not match its backup codes and were left out".to_owned());
    }
    kept.into_iter().collect()
}

/// A field read without failing its record: missing, present, or of another type.
#[derive(Default)]
enum Lenient<T> {
    #[default]
    Missing,
    Present(T),
    Other,
}

/// Text that is wiped when dropped (keys and codes).
struct SecretText(Zeroizing<String>);

/// Drains whatever value a visitor was handed but does not want.
fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Implements the scalar visits that all mean "present, but another type".
macro_rules! other_scalars {
    ($value:ty) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<$value, E> {
            Ok(Lenient::Other)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<$value, E> {
            Ok(Lenient::Other)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<$value, E> {
            Ok(Lenient::Other)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<$value, E> {
            Ok(Lenient::Other)
        }
        fn visit_unit<E: de::Error>(self) -> Result<$value, E> {
            Ok(Lenient::Other)
        }
    };
}

impl<'de> Deserialize<'de> for Lenient<SecretText> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Lenient<SecretText>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Lenient::Present(SecretText(Zeroizing::new(s.to_owned()))))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
                Ok(Lenient::Present(SecretText(Zeroizing::new(s))))
            }
            other_scalars!(Lenient<SecretText>);
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                drain_seq(seq).map(|()| Lenient::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                drain_map(map).map(|()| Lenient::Other)
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Lenient<Vec<T>> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Lenient<Vec<T>>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(Lenient::Other)
            }
            other_scalars!(Lenient<Vec<T>>);
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(item) = seq.next_element::<T>()? {
                    items.push(item);
                }
                Ok(Lenient::Present(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                drain_map(map).map(|()| Lenient::Other)
            }
        }
        deserializer.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A list element that is an account record (`Some`) or anything else.
struct MaybeEntry(Option<WireEntryIn>);

impl<'de> Deserialize<'de> for MaybeEntry {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = MaybeEntry;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an account record")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                WireEntryIn::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|e| MaybeEntry(Some(e)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                drain_seq(seq).map(|()| MaybeEntry(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(MaybeEntry(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(MaybeEntry(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(MaybeEntry(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(MaybeEntry(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(MaybeEntry(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(MaybeEntry(None))
            }
        }
        deserializer.deserialize_any(V)
    }
}
