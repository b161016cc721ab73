//! Snapshots: the merged state, signed by the desk that wrote it, sealed in
//! Tessera's backup envelope ([`crate::envelope`]) with a `key` slot named
//! `epoch-<n>` for the epoch key — so a new desk starts from one file
//! instead of replaying every record. The payload is a signed file
//! (`{"by","signed","sig"}`) whose signed text is the [`State`] as JSON.

use super::desk::DeskIdentity;
use super::merge::State;
use super::record::EpochKey;
use super::signed::{self, SignedFile};
use super::{Result, ShareError};
use crate::envelope::{self, BackupKey, Header, SlotInfo};
use crate::vault::Entropy;
use zeroize::Zeroizing;

/// The envelope's key-slot id for an epoch.
pub fn slot_id(epoch: u32) -> String {
    format!("epoch-{epoch}")
}

/// Seals `state` (compacted by the caller) under `epoch`'s key.
pub fn seal(
    me: &DeskIdentity,
    state: &State,
    epoch: u32,
    key: &EpochKey,
    created: u64,
    entropy: &dyn Entropy,
) -> Result<Vec<u8>> {
    let inner = Zeroizing::new(signed::sign(me, "snapshot", state)?);
    let content = BackupKey::generate(entropy).map_err(|_| ShareError::NoEntropy)?;
    let header = Header {
        key_check: content.check_value(),
        slots: Vec::new(),
    };
    let header = envelope::add_key_slot(
        &header,
        &content,
        &slot_id(epoch),
        &key.as_backup_key(),
        entropy,
    )
    .map_err(|e| ShareError::Refused(e.to_string()))?;
    envelope::seal(&header, &content, &inner, created, entropy)
        .map_err(|e| ShareError::Refused(e.to_string()))
}

/// The epochs whose key opens this snapshot (from its slots, no key needed).
pub fn epochs(bytes: &[u8]) -> Vec<u32> {
    envelope::inspect(bytes)
        .map(|info| {
            info.slots
                .iter()
                .filter_map(|s| match s {
                    SlotInfo::Key { id } => id.strip_prefix("epoch-")?.parse().ok(),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Opens a snapshot with `epoch`'s key; returns the signed file inside (the
/// caller verifies it against the writer's key).
pub(crate) fn open(bytes: &[u8], epoch: u32, key: &EpochKey) -> Result<SignedFile> {
    let opened = envelope::open_with_slot_key(bytes, &slot_id(epoch), &key.as_backup_key())
        .map_err(|_| ShareError::Undecryptable("a snapshot".into()))?;
    signed::parse(&opened.plaintext, "a snapshot")
}

/// Verifies and reads an opened snapshot.
pub(crate) fn state(file: &SignedFile, sign_key: &[u8; 32]) -> Result<State> {
    file.open("snapshot", sign_key, "a snapshot")
}
