//! Change records: what one desk changed, encrypted under the epoch key and
//! signed by the desk (see the module docs of [`super`]).

use super::desk::{DeskId, DeskIdentity};
use super::hlc::Stamp;
use super::signed;
use super::{b64, random, sha256, unb64, Result, ShareError};
use crate::otp::OtpParams;
use crate::vault::Entropy;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use zeroize::Zeroizing;

/// The largest record file read (a record of 200 new accounts is ~100 KiB).
pub const MAX_RECORD_BYTES: usize = 4 * 1024 * 1024;

/// An epoch's data key. Wiped when dropped; `Debug` shows its check value only.
#[derive(Clone)]
pub struct EpochKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for EpochKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EpochKey(check {})", self.check())
    }
}

impl EpochKey {
    /// A fresh key.
    pub fn generate(entropy: &dyn Entropy) -> Result<Self> {
        Ok(Self(Zeroizing::new(random::<32>(entropy)?)))
    }

    /// From its bytes.
    pub fn from_bytes(bytes: &[u8; 32]) -> Self {
        Self(Zeroizing::new(*bytes))
    }

    /// Its bytes.
    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }

    /// A public check value (hex of 16 bytes of SHA-256 of the key): tells a
    /// right key from a wrong one without revealing it.
    pub fn check(&self) -> String {
        super::hex(&sha256(&[b"tessera-share/1/epoch-check\n", &self.0[..]])[..16])
    }

    /// As an envelope content/slot key.
    pub fn as_backup_key(&self) -> crate::envelope::BackupKey {
        crate::envelope::BackupKey::from_bytes(&self.0)
    }
}

/// One change to one account.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum Change {
    /// A new account, whole.
    Add {
        /// Its id on every desk.
        account: String,
        /// Issuer.
        issuer: String,
        /// Account name.
        name: String,
        /// Parameters (with the HOTP counter).
        params: OtpParams,
        /// The key, base32.
        key: Zeroizing<String>,
        /// Tags.
        #[serde(default)]
        tags: Vec<String>,
        /// Favourite.
        #[serde(default)]
        favourite: bool,
        /// Logo URL.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        image: Option<String>,
        /// Unix time it was added.
        #[serde(default)]
        created: u64,
    },
    /// Some of an account's names.
    Edit {
        /// Which account.
        account: String,
        /// New issuer.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        issuer: Option<String>,
        /// New name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        /// New tags.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tags: Option<Vec<String>>,
        /// New favourite mark.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        favourite: Option<bool>,
    },
    /// An HOTP account's next counter.
    Counter {
        /// Which account.
        account: String,
        /// The next code's counter.
        counter: u64,
    },
    /// A new key for the account (re-enrolled).
    Key {
        /// Which account.
        account: String,
        /// The key, base32.
        key: Zeroizing<String>,
    },
    /// The account's backup codes, replaced.
    Codes {
        /// Which account.
        account: String,
        /// The codes.
        codes: Vec<Zeroizing<String>>,
    },
    /// Backup codes marked used (added to those marked before).
    Used {
        /// Which account.
        account: String,
        /// The codes, canonical (letters and digits, upper case).
        codes: Vec<Zeroizing<String>>,
    },
    /// The account removed, for good.
    Delete {
        /// Which account.
        account: String,
    },
}

impl std::fmt::Debug for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (op, account) = match self {
            Change::Add { account, .. } => ("add", account),
            Change::Edit { account, .. } => ("edit", account),
            Change::Counter { account, .. } => ("counter", account),
            Change::Key { account, .. } => ("key", account),
            Change::Codes { account, .. } => ("codes", account),
            Change::Used { account, .. } => ("used", account),
            Change::Delete { account } => ("delete", account),
        };
        write!(f, "{op}({account})")
    }
}

impl Change {
    /// The account it is about.
    pub fn account(&self) -> &str {
        match self {
            Change::Add { account, .. }
            | Change::Edit { account, .. }
            | Change::Counter { account, .. }
            | Change::Key { account, .. }
            | Change::Codes { account, .. }
            | Change::Used { account, .. }
            | Change::Delete { account } => account,
        }
    }
}

/// What a record holds, decrypted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordBody {
    /// The writer's clock when it wrote this record.
    pub hlc: Stamp,
    /// Of every desk, the last contiguous sequence number the writer had
    /// applied (its own: seq − 1). Also its acknowledgement of deletes.
    pub seen: BTreeMap<DeskId, u64>,
    /// The changes; empty in an acknowledgement.
    pub changes: Vec<Change>,
}

/// A record file as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SealedRecord {
    /// Format version (1).
    pub tessera_share_record: u32,
    /// The writer.
    pub desk: DeskId,
    /// Its sequence number (1, 2, 3…).
    pub seq: u64,
    /// The epoch whose key encrypts it.
    pub epoch: u32,
    /// XChaCha20 nonce, base64.
    pub nonce: String,
    /// Ciphertext and tag, base64.
    pub ct: String,
    /// ed25519 signature, base64.
    pub sig: String,
}

fn aad(desk: &DeskId, seq: u64, epoch: u32) -> Vec<u8> {
    format!("tessera-share/1/record/{desk}/{seq}/{epoch}").into_bytes()
}

fn signed_part(desk: &DeskId, seq: u64, epoch: u32, nonce: &str, ct: &str) -> Vec<u8> {
    signed::message(
        "record",
        format!("{desk}\n{seq}\n{epoch}\n{nonce}\n{ct}").as_bytes(),
    )
}

impl SealedRecord {
    /// Encrypts and signs `body` as record `seq` of `me` in `epoch`.
    pub fn seal(
        me: &DeskIdentity,
        seq: u64,
        epoch: u32,
        key: &EpochKey,
        body: &RecordBody,
        entropy: &dyn Entropy,
    ) -> Result<Vec<u8>> {
        let plain = Zeroizing::new(
            serde_json::to_vec(body)
                .map_err(|e| ShareError::Refused(format!("cannot write a record: {e}")))?,
        );
        let nonce: [u8; 24] = random(entropy)?;
        let ct = XChaCha20Poly1305::new(key.expose().into())
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &plain,
                    aad: &aad(me.id(), seq, epoch),
                },
            )
            .map_err(|_| ShareError::Refused("a record is too large".into()))?;
        let (nonce, ct) = (b64(&nonce), b64(&ct));
        let sig = b64(&me.sign(&signed_part(me.id(), seq, epoch, &nonce, &ct)));
        let record = SealedRecord {
            tessera_share_record: 1,
            desk: me.id().clone(),
            seq,
            epoch,
            nonce,
            ct,
            sig,
        };
        serde_json::to_vec(&record)
            .map_err(|e| ShareError::Refused(format!("cannot write a record: {e}")))
    }

    /// Parses a record file (nothing verified yet).
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        if bytes.len() > MAX_RECORD_BYTES {
            return Err(ShareError::Malformed("a record".into()));
        }
        let record: Self =
            serde_json::from_slice(bytes).map_err(|_| ShareError::Malformed("a record".into()))?;
        if record.tessera_share_record != 1 {
            return Err(ShareError::Malformed("a record".into()));
        }
        Ok(record)
    }

    /// Checks the writer's signature with its public key.
    pub fn verify(&self, sign_key: &[u8; 32]) -> Result<()> {
        let sig = unb64(&self.sig, "a record")?;
        signed::verify_bytes(
            sign_key,
            &signed_part(&self.desk, self.seq, self.epoch, &self.nonce, &self.ct),
            &sig,
            "a record",
        )
    }

    /// Decrypts the body (verify first).
    pub fn open(&self, key: &EpochKey) -> Result<RecordBody> {
        let undecryptable =
            || ShareError::Undecryptable(format!("record {} of desk {}", self.seq, self.desk));
        let nonce = unb64(&self.nonce, "a record")?;
        let nonce: [u8; 24] = nonce.try_into().map_err(|_| undecryptable())?;
        let ct = unb64(&self.ct, "a record")?;
        let plain = Zeroizing::new(
            XChaCha20Poly1305::new(key.expose().into())
                .decrypt(
                    XNonce::from_slice(&nonce),
                    Payload {
                        msg: &ct,
                        aad: &aad(&self.desk, self.seq, self.epoch),
                    },
                )
                .map_err(|_| undecryptable())?,
        );
        serde_json::from_slice(&plain).map_err(|_| ShareError::Malformed("a record".into()))
    }
}
