//! A shared practice vault: the same accounts on every front-desk PC of a
//! practice, carried by a folder that the practice's own sync engine
//! (Syncthing, a Nextcloud/WebDAV folder, OneDrive/Dropbox, an SMB share)
//! replicates. There is no server of Tessera's own, and nothing relies on the
//! engine's encryption: every key in the folder is ciphertext, every file is
//! signed by the desk that wrote it, and the local vault of each desk stays
//! the source of truth.
//!
//! # Prior art
//!
//! - **DecSync** (<https://github.com/39aldo39/DecSync>): synchronisation
//!   over any file-sync engine with *one writer per directory* — each device
//!   writes only below its own directory, so the engine never sees two
//!   writers of one file and never has to resolve a conflict; readers merge
//!   all directories with last-writer-wins per key. Tessera keeps that layout
//!   and adds encryption, signatures and a membership roster.
//! - **Hybrid logical clocks** (Kulkarni et al., "Logical Physical Clocks",
//!   2014): timestamps close to wall time that still order causally.
//! - **age** (<https://age-encryption.org/v1>): each epoch's data key is
//!   wrapped to every active desk's X25519 key.
//! - Tessera's own backup envelope ([`crate::envelope`]) holds snapshots,
//!   with a `key` slot for the epoch key.
//!
//! # Folder layout
//!
//! ```text
//! practice.json                      founder's signed marker (practice name, founder key)
//! desks/<desk>/desk.json             the desk's card: name, ed25519 and X25519 public keys (self-signed)
//! desks/<desk>/roster-<v>.json       (admins) roster version v, signed, chained to v-1
//! desks/<desk>/keys-<v>.age          (admins) every epoch key so far, age-encrypted to roster v's active desks
//! desks/<desk>/rec-<seq>.json        the desk's change records, seq = 1, 2, 3… (append-only)
//! desks/<desk>/snap-<seq>.tessera-backup  a snapshot of the merged state after the desk's record seq
//! ```
//!
//! Every file is written once (temp file, rename) and never changed. A reader
//! ignores `*.sync-conflict-*` copies, temporary files (`.name`, `~name`,
//! `*.tmp`) and names it does not know ([`folder::classify`]); a file that
//! does not parse or verify is treated as not there yet (a sync engine may
//! still be copying it), and a gap in a desk's sequence is waited on.
//!
//! # Records
//!
//! `rec-<seq>.json` is `{"tessera_share_record":1,"desk","seq","epoch","nonce","ct","sig"}`:
//! `ct` = XChaCha20-Poly1305(epoch key, nonce, body, associated data
//! `tessera-share/1/record/<desk>/<seq>/<epoch>`), `sig` = ed25519 by the
//! desk over the same fields. The body is JSON: the writer's hybrid logical
//! clock, the contiguous sequence numbers it had applied of every desk
//! (`seen`, which is also its acknowledgement), and a list of changes:
//! `add`, `edit` (issuer, name, tags, favourite), `counter` (HOTP), `key`,
//! `codes` (backup codes), `used` (backup codes marked used), `delete`, or
//! none (an acknowledgement).
//!
//! # Merge ([`merge`])
//!
//! Per account and field, the newest clock wins (ties by desk id, then
//! sequence); the HOTP counter takes the largest value (it only moves
//! forward, so no code is ever shown twice); used marks are a union. A
//! delete is final: it beats every edit, older or concurrent (a re-added
//! account has a new id). A delete is forgotten (left out of snapshots) only
//! once every active desk has acknowledged it. When the key itself was
//! changed on two desks concurrently (neither had seen the other's change),
//! both versions are kept — the other one as a second account named
//! "… (other key from <desk>)" — and listed as a conflict, so the user can
//! test a code and delete the wrong one.
//!
//! # Membership ([`roster`])
//!
//! A signed roster lists the desks (admin or staff). A new desk writes its
//! card and shows a join code (a fingerprint of the card); an admin desk
//! types the code to approve it, which writes the next roster and a keys
//! file that includes the new desk. Revoking a desk writes a roster with the
//! desk marked revoked (its records up to the last one the admin had seen
//! stay valid) and a **new epoch** key for the remaining desks only; the
//! revoked PC keeps what it already had, so the accounts it held are listed
//! for re-enrolment.

pub mod desk;
pub mod folder;
pub mod hlc;
pub mod merge;
pub mod ops;
pub mod record;
pub mod roster;
mod signed;
pub mod snapshot;
#[cfg(test)]
mod tests;
pub mod view;

pub use desk::{join_code, normalise_code, DeskCard, DeskId, DeskIdentity};
pub use folder::{classify, FileKind, MemoryFolder, SharedFolder};
pub use hlc::Stamp;
pub use merge::{conflict_id, Conflict, FieldVersions, SharedAccount, State, Version};
pub use record::{Change, EpochKey, RecordBody, SealedRecord};
pub use roster::{KeysFile, Member, MemberState, Practice, Role, Roster, SignedRoster};
pub use view::{FolderView, Trust};

/// Why a share operation failed. Messages are for the user and never hold
/// a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ShareError {
    /// The folder could not be read or written.
    #[error("the shared folder: {0}")]
    Folder(String),
    /// A file is not in the expected format (or is cut short).
    #[error("{0} is damaged or incomplete")]
    Malformed(String),
    /// A signature does not verify.
    #[error("{0} is not signed by the desk it names")]
    BadSignature(String),
    /// A record's epoch key is not known to this desk.
    #[error("no key for epoch {0} on this desk")]
    NoEpochKey(u32),
    /// Decryption failed.
    #[error("{0} does not decrypt")]
    Undecryptable(String),
    /// The random source failed.
    #[error("the system random source is not available")]
    NoEntropy,
    /// Something the caller asked for is not possible.
    #[error("{0}")]
    Refused(String),
}

/// Shorthand.
pub type Result<T> = std::result::Result<T, ShareError>;

pub(crate) fn random<const N: usize>(entropy: &dyn crate::vault::Entropy) -> Result<[u8; N]> {
    let mut out = [0u8; N];
    entropy.fill(&mut out).map_err(|_| ShareError::NoEntropy)?;
    Ok(out)
}

pub(crate) fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub(crate) fn unb64(text: &str, what: &str) -> Result<Vec<u8>> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| ShareError::Malformed(what.to_owned()))
}

pub(crate) fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    use sha2::Digest as _;
    let mut h = sha2::Sha256::new();
    for p in parts {
        h.update(p);
    }
    let out = h.finalize();
    let mut a = [0u8; 32];
    a.copy_from_slice(&out);
    a
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
