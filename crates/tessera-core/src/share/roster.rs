//! The practice marker, the signed roster of desks, and keys files (every
//! epoch key so far, age-encrypted to the roster's active desks).

use super::desk::{DeskCard, DeskId, DeskIdentity};
use super::record::EpochKey;
use super::signed::{self, SignedFile};
use super::{b64, hex, sha256, unb64, Result, ShareError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::str::FromStr as _;
use zeroize::Zeroizing;

/// `practice.json`: the practice's name and its founding desk's key. A
/// joining desk pins this key; roster 1 must be signed by it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Practice {
    /// The practice's name.
    pub practice: String,
    /// The founding desk.
    pub founder: DeskId,
    /// Its ed25519 public key, base64.
    pub sign: String,
    /// Unix time it was set up.
    pub created: u64,
}

impl Practice {
    /// The signed file for a new practice founded by `me`.
    pub fn file(me: &DeskIdentity, practice: &str, created: u64) -> Result<Vec<u8>> {
        signed::sign(
            me,
            "practice",
            &Practice {
                practice: practice.to_owned(),
                founder: me.id().clone(),
                sign: b64(&me.sign_public()),
                created,
            },
        )
    }

    /// Reads and verifies (self-signed) a practice file.
    pub fn read(bytes: &[u8]) -> Result<Self> {
        let file: SignedFile = signed::parse(bytes, "practice.json")?;
        let body: Practice = file.peek("practice.json")?;
        if body.founder != file.by {
            return Err(ShareError::BadSignature("practice.json".into()));
        }
        let key = body.sign_key()?;
        file.open("practice", &key, "practice.json")
    }

    /// The founder's signing key.
    pub fn sign_key(&self) -> Result<[u8; 32]> {
        unb64(&self.sign, "practice.json")?
            .try_into()
            .map_err(|_| ShareError::Malformed("practice.json".into()))
    }
}

/// What a desk may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Approves and revokes desks.
    Admin,
    /// Uses the accounts.
    Staff,
}

impl Role {
    /// `admin` or `staff`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Staff => "staff",
        }
    }
}

/// Whether a desk is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum MemberState {
    /// In: receives every epoch key.
    Active,
    /// Out: its records up to `final_seq` stay valid; no key of a later
    /// epoch is wrapped to it.
    Revoked {
        /// The last of its records accepted.
        final_seq: u64,
        /// Unix time it was revoked.
        at: u64,
    },
}

/// One desk in the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Its card (id, name, public keys).
    pub card: DeskCard,
    /// Admin or staff.
    pub role: Role,
    /// Active or revoked.
    #[serde(flatten)]
    pub state: MemberState,
}

impl Member {
    /// Whether it is active.
    pub fn is_active(&self) -> bool {
        self.state == MemberState::Active
    }

    /// Whether its record `seq` is accepted.
    pub fn accepts(&self, seq: u64) -> bool {
        match self.state {
            MemberState::Active => true,
            MemberState::Revoked { final_seq, .. } => seq <= final_seq,
        }
    }
}

/// A roster version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    /// The practice's name.
    pub practice: String,
    /// 1, 2, 3…
    pub version: u32,
    /// SHA-256 (hex) of the signed text of version − 1 (empty for 1).
    pub parent: String,
    /// The current epoch.
    pub epoch: u32,
    /// Its key's check value ([`EpochKey::check`]).
    pub epoch_check: String,
    /// SHA-256 (hex) of `keys-<version>.age`, written with this roster.
    pub keys_hash: String,
    /// Every desk ever approved, in approval order.
    pub members: Vec<Member>,
    /// Unix time it was signed.
    pub created: u64,
}

/// A roster as read: its body, signer and the hash its successor names.
#[derive(Debug, Clone)]
pub struct SignedRoster {
    /// The roster.
    pub roster: Roster,
    /// The admin desk that signed it.
    pub signer: DeskId,
    /// SHA-256 (hex) of its signed text.
    pub hash: String,
}

impl Roster {
    /// A desk by id.
    pub fn member(&self, id: &DeskId) -> Option<&Member> {
        self.members.iter().find(|m| &m.card.id == id)
    }

    /// The active desks.
    pub fn active(&self) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(|m| m.is_active())
    }

    /// Whether `id` is an active admin.
    pub fn is_admin(&self, id: &DeskId) -> bool {
        self.member(id)
            .is_some_and(|m| m.is_active() && m.role == Role::Admin)
    }

    /// Signs this roster as `me`.
    pub fn file(&self, me: &DeskIdentity) -> Result<Vec<u8>> {
        signed::sign(me, "roster", self)
    }

    /// Parses a roster file: the signed body, unverified, and the file.
    pub(crate) fn parse(bytes: &[u8]) -> Result<(Roster, SignedFile)> {
        let file: SignedFile = signed::parse(bytes, "a roster")?;
        let roster: Roster = file.peek("a roster")?;
        Ok((roster, file))
    }

    /// Verifies a roster file against the signer's key.
    pub(crate) fn verify(file: &SignedFile, key: &[u8; 32]) -> Result<SignedRoster> {
        let roster: Roster = file.open("roster", key, "a roster")?;
        Ok(SignedRoster {
            roster,
            signer: file.by.clone(),
            hash: hex(&sha256(&[file.signed.as_bytes()])),
        })
    }
}

/// What a keys file holds.
#[derive(Serialize, Deserialize)]
struct KeysText {
    keys: BTreeMap<u32, String>,
}

impl Drop for KeysText {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        for v in self.keys.values_mut() {
            v.zeroize();
        }
    }
}

/// Every epoch key so far, for the desks of one roster version.
#[derive(Debug, Clone, Default)]
pub struct KeysFile {
    /// Epoch → key.
    pub keys: BTreeMap<u32, EpochKey>,
}

impl KeysFile {
    /// Encrypts the keys to every active member of `roster` (age, X25519).
    pub fn seal(&self, roster: &Roster) -> Result<Vec<u8>> {
        let recipients = roster
            .active()
            .map(|m| {
                age::x25519::Recipient::from_str(&m.card.age)
                    .map_err(|_| ShareError::Malformed(format!("the card of desk {}", m.card.id)))
            })
            .collect::<Result<Vec<_>>>()?;
        if recipients.is_empty() {
            return Err(ShareError::Refused("no active desk to share with".into()));
        }
        let text = KeysText {
            keys: self
                .keys
                .iter()
                .map(|(e, k)| (*e, b64(k.expose())))
                .collect(),
        };
        let plain = Zeroizing::new(serde_json::to_vec(&text).unwrap_or_default());
        let cant = |_| ShareError::Refused("cannot wrap the epoch keys".into());
        let encryptor =
            age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
                .map_err(|_| ShareError::Refused("cannot wrap the epoch keys".into()))?;
        let mut out = Vec::new();
        let mut writer = encryptor.wrap_output(&mut out).map_err(cant)?;
        writer.write_all(&plain).map_err(cant)?;
        writer.finish().map_err(cant)?;
        Ok(out)
    }

    /// Opens a keys file with this desk's age key; `None` when it is not
    /// one of the file's recipients.
    pub fn open(bytes: &[u8], me: &DeskIdentity) -> Option<Self> {
        let plain = Zeroizing::new(age::decrypt(me.age(), bytes).ok()?);
        let text: KeysText = serde_json::from_slice(&plain).ok()?;
        let mut keys = BTreeMap::new();
        for (epoch, key) in &text.keys {
            let raw = Zeroizing::new(unb64(key, "keys").ok()?);
            let raw: &[u8; 32] = raw.as_slice().try_into().ok()?;
            keys.insert(*epoch, EpochKey::from_bytes(raw));
        }
        Some(Self { keys })
    }
}
