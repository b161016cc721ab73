//! A desk: one PC (one Tessera profile) in the practice. Its identity is an
//! ed25519 signing key and an age X25519 key, kept in the OS keychain as a
//! sealed vault record; its card (public keys and name) is in the folder.

use super::signed::{self, SignedFile};
use super::{b64, random, sha256, unb64, Result, ShareError};
use crate::vault::Entropy;
use bech32::ToBase32 as _;
use ed25519_dalek::{Signer as _, SigningKey};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr as _;
use zeroize::Zeroizing;

/// A desk's id: 16 lowercase hex digits, random.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DeskId(String);

impl DeskId {
    /// A fresh random id.
    pub fn generate(entropy: &dyn Entropy) -> Result<Self> {
        Ok(Self(super::hex(&random::<8>(entropy)?)))
    }

    /// An id as written by [`DeskId::generate`].
    pub fn parse(text: &str) -> Option<Self> {
        (text.len() == 16
            && text
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()))
        .then(|| Self(text.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DeskId {
    type Error = String;
    fn try_from(value: String) -> std::result::Result<Self, String> {
        Self::parse(&value).ok_or_else(|| "not a desk id".to_owned())
    }
}

impl From<DeskId> for String {
    fn from(id: DeskId) -> Self {
        id.0
    }
}

impl fmt::Display for DeskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A desk's private keys. Its `Debug` shows only the id.
pub struct DeskIdentity {
    id: DeskId,
    signing: SigningKey,
    age: age::x25519::Identity,
}

impl fmt::Debug for DeskIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeskIdentity")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize, Deserialize)]
struct IdentityText {
    v: u32,
    id: DeskId,
    sign: String,
    age: String,
}

impl Drop for IdentityText {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.sign.zeroize();
        self.age.zeroize();
    }
}

fn age_identity(bytes: &[u8; 32]) -> Result<age::x25519::Identity> {
    let text = Zeroizing::new(
        bech32::encode(
            "age-secret-key-",
            bytes.to_base32(),
            bech32::Variant::Bech32,
        )
        .map_err(|_| ShareError::Refused("cannot encode a desk key".into()))?
        .to_uppercase(),
    );
    age::x25519::Identity::from_str(&text)
        .map_err(|_| ShareError::Refused("cannot make a desk key".into()))
}

impl DeskIdentity {
    /// A new desk with fresh keys from `entropy`.
    pub fn generate(entropy: &dyn Entropy) -> Result<Self> {
        let id = DeskId::generate(entropy)?;
        let seed = Zeroizing::new(random::<32>(entropy)?);
        let age_bytes = Zeroizing::new(random::<32>(entropy)?);
        Ok(Self {
            id,
            signing: SigningKey::from_bytes(&seed),
            age: age_identity(&age_bytes)?,
        })
    }

    /// The desk's id.
    pub fn id(&self) -> &DeskId {
        &self.id
    }

    /// The keys as text for the keychain record (wipe after use).
    pub fn to_secret_text(&self) -> Zeroizing<String> {
        use age::secrecy::ExposeSecret as _;
        let text = IdentityText {
            v: 1,
            id: self.id.clone(),
            sign: b64(self.signing.as_bytes()),
            age: self.age.to_string().expose_secret().to_owned(),
        };
        Zeroizing::new(serde_json::to_string(&text).unwrap_or_default())
    }

    /// Keys read back from [`DeskIdentity::to_secret_text`].
    pub fn from_secret_text(text: &str) -> Result<Self> {
        let bad = || ShareError::Malformed("this desk's keys in the keychain".into());
        let parsed: IdentityText = serde_json::from_str(text).map_err(|_| bad())?;
        if parsed.v != 1 {
            return Err(bad());
        }
        let seed = Zeroizing::new(unb64(&parsed.sign, "desk key")?);
        let seed: &[u8; 32] = seed.as_slice().try_into().map_err(|_| bad())?;
        Ok(Self {
            id: parsed.id.clone(),
            signing: SigningKey::from_bytes(seed),
            age: age::x25519::Identity::from_str(&parsed.age).map_err(|_| bad())?,
        })
    }

    /// Signs `msg`.
    pub fn sign(&self, msg: &[u8]) -> [u8; 64] {
        self.signing.sign(msg).to_bytes()
    }

    /// The public signing key.
    pub fn sign_public(&self) -> [u8; 32] {
        self.signing.verifying_key().to_bytes()
    }

    /// The public age recipient (`age1…`).
    pub fn recipient(&self) -> String {
        self.age.to_public().to_string()
    }

    /// The age identity, to open keys files.
    pub(crate) fn age(&self) -> &age::x25519::Identity {
        &self.age
    }

    /// This desk's signed card named `name`, as file bytes.
    pub fn card_file(&self, name: &str, created: u64) -> Result<Vec<u8>> {
        let card = DeskCard {
            id: self.id.clone(),
            name: name.to_owned(),
            sign: b64(&self.sign_public()),
            age: self.recipient(),
            created,
        };
        signed::sign(self, "desk", &card)
    }
}

/// A desk's public card (`desks/<id>/desk.json`), self-signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskCard {
    /// The desk's id (its directory's name).
    pub id: DeskId,
    /// A name people know it by ("Front desk 2").
    pub name: String,
    /// Its ed25519 public key, base64.
    pub sign: String,
    /// Its age X25519 recipient.
    pub age: String,
    /// Unix time it asked to join.
    pub created: u64,
}

impl DeskCard {
    /// Reads and verifies a card file; returns the card and its join code.
    pub fn read(bytes: &[u8]) -> Result<(Self, String)> {
        let file: SignedFile = signed::parse(bytes, "a desk card")?;
        let card: DeskCard = file.peek("a desk card")?;
        if card.id != file.by {
            return Err(ShareError::BadSignature("a desk card".into()));
        }
        let key = card.sign_key()?;
        let checked: DeskCard = file.open("desk", &key, "a desk card")?;
        let code = join_code(file.signed.as_bytes());
        Ok((checked, code))
    }

    /// Its signing key.
    pub fn sign_key(&self) -> Result<[u8; 32]> {
        unb64(&self.sign, "a desk card")?
            .try_into()
            .map_err(|_| ShareError::Malformed("a desk card".into()))
    }
}

/// The join code of a card: 80 bits of SHA-256 of its signed text, as 16
/// base32 letters in groups of four (`ABCD-EFGH-JKLM-NPQR`).
pub fn join_code(card_text: &[u8]) -> String {
    let digest = sha256(&[b"tessera-share/1/join\n", card_text]);
    let letters = crate::base32::encode(&digest[..10]);
    letters
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A join code as typed (any case, with or without dashes and spaces), normalised.
pub fn normalise_code(typed: &str) -> String {
    let letters: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    letters
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}
