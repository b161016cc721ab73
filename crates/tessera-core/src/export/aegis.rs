//! An Aegis vault file, plain or encrypted, as Aegis documents it in
//! <https://github.com/beemdevelopment/Aegis/blob/master/docs/vault.md> and
//! writes it (`VaultFile`, `Vault`, `VaultEntry`, `PasswordSlot`): Aegis,
//! Ente Auth, Proton Authenticator, 2FAS and Stratum import it.
//!
//! ```json
//! {"version": 1,
//!  "header": {"slots": [{"type": 1, "uuid": "…", "key": "<hex>",
//!                        "key_params": {"nonce": "<hex>", "tag": "<hex>"},
//!                        "n": 32768, "r": 8, "p": 1, "salt": "<hex>",
//!                        "repaired": true, "is_backup": false}],
//!             "params": {"nonce": "<hex>", "tag": "<hex>"}},
//!  "db": "<base64 of the encrypted content>"}
//! ```
//!
//! Encrypted: a random 256-bit master key encrypts the content with
//! AES-256-GCM (96-bit random nonce, no associated data, the tag stored
//! apart in `header.params`); one password slot (type 1) holds the master
//! key encrypted with AES-256-GCM under scrypt(password as UTF-8, 32-byte
//! random salt, N = 2^15, r = 8, p = 1, 32 bytes), `repaired: true` (the
//! password is hashed as its exact UTF-8 bytes, Aegis issue #95). Plain:
//! `slots` and `params` are `null` and `db` is the content object itself.
//!
//! The content is version 3 (the current one; groups by UUID):
//! `{"version": 3, "entries": […], "groups": [{"uuid", "name"}], "icons_optimized": true}`.
//! Each entry has `type` (`totp`, `hotp`, `steam`), a random version 4
//! `uuid`, `name`, `issuer`, `note` (empty), `favorite`, `icon`,
//! `icon_mime` and `icon_hash` (all `null`), `info` (`secret` as base32,
//! `algo`, `digits`, and `period` or `counter`) and `groups` (the UUIDs of
//! the account's tags, each tag one group). Steam entries are written as
//! Aegis writes them: `algo` SHA1, `digits` 5, and the account's period.
//!
//! Lost on the way: backup codes and their marks, the logo URL (Aegis
//! icons are embedded images), when the account was added. Aegis reads a
//! counter as a Java `long`, so it refuses (that entry only) an HOTP counter
//! above 2^63 − 1; the file still holds the exact value.

use super::{ExportAccount, ExportError};
use crate::envelope::secret_buf;
use crate::otp::{OtpKind, OtpParams, STEAM_DIGITS};
use crate::vault::Entropy;
use aes_gcm::aead::{AeadInOut, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use serde::Serialize;
use zeroize::Zeroizing;

/// scrypt cost Aegis uses and every importer expects: N = 2^15.
const SCRYPT_LOG_N: u8 = 15;
const SCRYPT_R: u32 = 8;
const SCRYPT_P: u32 = 1;
/// The content format version written (Aegis's current one).
const DB_VERSION: u32 = 3;

fn random<const N: usize>(entropy: &dyn Entropy) -> Result<[u8; N], ExportError> {
    let mut out = [0u8; N];
    entropy.fill(&mut out).map_err(|_| ExportError::NoEntropy)?;
    Ok(out)
}

/// A random (version 4, RFC 9562) UUID in its usual lower-case form.
fn uuid(entropy: &dyn Entropy) -> Result<String, ExportError> {
    let mut b: [u8; 16] = random(entropy)?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    ))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

#[derive(Serialize)]
struct Db<'a> {
    version: u32,
    entries: Vec<Entry<'a>>,
    groups: Vec<Group<'a>>,
    icons_optimized: bool,
}

#[derive(Serialize)]
struct Group<'a> {
    uuid: String,
    name: &'a str,
}

#[derive(Serialize)]
struct Entry<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    uuid: String,
    name: &'a str,
    issuer: &'a str,
    note: &'static str,
    favorite: bool,
    icon: Option<()>,
    icon_mime: Option<()>,
    icon_hash: Option<()>,
    info: Info<'a>,
    groups: Vec<String>,
}

#[derive(Serialize)]
struct Info<'a> {
    secret: &'a str,
    algo: &'static str,
    digits: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    counter: Option<u64>,
}

fn info(params: OtpParams, secret: &str) -> Info<'_> {
    let (digits, period, counter) = match params {
        OtpParams::Totp { digits, period, .. } => (digits, Some(period), None),
        OtpParams::Hotp {
            digits, counter, ..
        } => (digits, None, Some(counter)),
        OtpParams::Steam { period } => (STEAM_DIGITS, Some(period), None),
    };
    Info {
        secret,
        algo: params.algorithm().as_str(),
        digits,
        period,
        counter,
    }
}

/// The accounts' keys in base32, wiped when dropped.
fn secrets(accounts: &[ExportAccount]) -> Vec<Zeroizing<String>> {
    accounts.iter().map(|a| a.account.key.to_base32()).collect()
}

/// The content (`db`), borrowing the keys from `secrets`.
fn db<'a>(
    accounts: &'a [ExportAccount],
    secrets: &'a [Zeroizing<String>],
    entropy: &dyn Entropy,
) -> Result<Db<'a>, ExportError> {
    let mut tags: Vec<&str> = Vec::new();
    for tag in accounts.iter().flat_map(|a| &a.tags) {
        if !tags.contains(&tag.as_str()) {
            tags.push(tag);
        }
    }
    let groups = tags
        .iter()
        .map(|name| {
            Ok(Group {
                uuid: uuid(entropy)?,
                name,
            })
        })
        .collect::<Result<Vec<_>, ExportError>>()?;
    let group_of = |tag: &str| {
        groups
            .iter()
            .find(|g| g.name == tag)
            .map(|g| g.uuid.clone())
    };
    let mut entries = Vec::with_capacity(accounts.len());
    for (a, secret) in accounts.iter().zip(secrets) {
        let mut entry_groups: Vec<String> = Vec::new();
        for g in a.tags.iter().filter_map(|t| group_of(t)) {
            if !entry_groups.contains(&g) {
                entry_groups.push(g);
            }
        }
        entries.push(Entry {
            kind: match a.account.params.kind() {
                OtpKind::Totp => "totp",
                OtpKind::Hotp => "hotp",
                OtpKind::Steam => "steam",
            },
            uuid: uuid(entropy)?,
            name: &a.account.name,
            issuer: &a.account.issuer,
            note: "",
            favorite: a.favourite,
            icon: None,
            icon_mime: None,
            icon_hash: None,
            info: info(a.account.params, secret),
            groups: entry_groups,
        });
    }
    Ok(Db {
        version: DB_VERSION,
        entries,
        groups,
        icons_optimized: true,
    })
}

#[derive(Serialize)]
struct File<D> {
    version: u32,
    header: Header,
    db: D,
}

#[derive(Serialize)]
struct Header {
    slots: Option<Vec<PasswordSlot>>,
    params: Option<Params>,
}

#[derive(Serialize)]
struct Params {
    nonce: String,
    tag: String,
}

#[derive(Serialize)]
struct PasswordSlot {
    #[serde(rename = "type")]
    kind: u8,
    uuid: String,
    key: String,
    key_params: Params,
    n: u32,
    r: u32,
    p: u32,
    salt: String,
    repaired: bool,
    is_backup: bool,
}

/// A plain (unencrypted) Aegis vault of `accounts`; UUIDs come from `entropy`.
/// Wiped when dropped.
pub fn aegis_plain(
    accounts: &[ExportAccount],
    entropy: &dyn Entropy,
) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    let secrets = secrets(accounts);
    let file = File {
        version: 1,
        header: Header {
            slots: None,
            params: None,
        },
        db: db(accounts, &secrets, entropy)?,
    };
    Ok(secret_buf::to_json(
        &file,
        true,
        1024 + accounts.len() * 700,
    ))
}

/// An encrypted Aegis vault of `accounts` that opens with `password`.
/// Wiped when dropped.
pub fn aegis_encrypted(
    accounts: &[ExportAccount],
    password: &str,
    entropy: &dyn Entropy,
) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    if password.is_empty() {
        return Err(ExportError::EmptyPassword);
    }
    let secrets = secrets(accounts);
    let mut db = secret_buf::to_json(
        &db(accounts, &secrets, entropy)?,
        true,
        1024 + accounts.len() * 640,
    );

    let master = Zeroizing::new(random::<32>(entropy)?);
    let db_nonce: [u8; 12] = random(entropy)?;
    let db_tag = Aes256Gcm::new((&*master).into())
        .encrypt_inout_detached(&Nonce::from(db_nonce), b"", db.as_mut_slice().into())
        .map_err(|_| ExportError::TooLarge)?;
    // `db` now holds the ciphertext.

    let salt: [u8; 32] = random(entropy)?;
    let mut kek = Zeroizing::new([0u8; 32]);
    // Valid constants and a 32-byte output: neither call can fail.
    let params =
        scrypt::Params::new(SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P).map_err(|_| ExportError::TooLarge)?;
    scrypt::scrypt(password.as_bytes(), &salt, &params, kek.as_mut())
        .map_err(|_| ExportError::TooLarge)?;
    let key_nonce: [u8; 12] = random(entropy)?;
    let mut wrapped = *master;
    let key_tag = Aes256Gcm::new((&*kek).into())
        .encrypt_inout_detached(&Nonce::from(key_nonce), b"", wrapped.as_mut_slice().into())
        .map_err(|_| ExportError::TooLarge)?;

    let file = File {
        version: 1,
        header: Header {
            slots: Some(vec![PasswordSlot {
                kind: 1,
                uuid: uuid(entropy)?,
                key: hex(&wrapped),
                key_params: Params {
                    nonce: hex(&key_nonce),
                    tag: hex(&key_tag),
                },
                n: 1 << SCRYPT_LOG_N,
                r: SCRYPT_R,
                p: SCRYPT_P,
                salt: hex(&salt),
                repaired: true,
                is_backup: false,
            }]),
            params: Some(Params {
                nonce: hex(&db_nonce),
                tag: hex(&db_tag),
            }),
        },
        db: B64.encode(db.as_slice()),
    };
    Ok(secret_buf::to_json(&file, true, file.db.len() + 1024))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    struct Counting(Cell<u8>);

    impl Entropy for Counting {
        fn fill(&self, buf: &mut [u8]) -> Result<(), crate::vault::SealError> {
            for b in buf {
                *b = self.0.get();
                self.0.set(self.0.get().wrapping_add(37));
            }
            Ok(())
        }
    }

    #[test]
    fn uuids_are_version_4() {
        let e = Counting(Cell::new(0xff));
        let id = uuid(&e).unwrap();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"));
        assert_eq!(id.matches('-').count(), 4);
    }

    #[test]
    fn hex_is_lower_case() {
        assert_eq!(hex(&[0x00, 0xab, 0x7f]), "00ab7f");
    }
}
