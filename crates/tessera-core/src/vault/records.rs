//! The vault's own secrets beside the accounts' keys: named keychain items
//! in the profile's namespace (the backup key, which lets automatic
//! backups run without asking for the backup password, and a shared
//! practice desk's identity). Sealed
//! under the PIN like every account item, bound to their name, and re-sealed
//! with the accounts when the PIN changes, so a PIN change never strands one.
//!
//! Text: `{"v":1,"name":N,"record":"<text>"}` in the clear, or
//! `{"v":1,"name":N,"sealed":{…}}` with a PIN (see [`super::seal`]).

use super::index::{Index, Pending, PinRecord};
use super::seal::Sealed;
use super::{IndexStore, SecretStore, Vault, VaultError};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// The backup key and header of the profile's backups.
pub const BACKUP_KEY_RECORD: &str = "tessera-backup-key";

/// This desk's identity in a shared practice vault (its ed25519 signing
/// key and age X25519 key; see [`crate::share`]).
pub const SHARE_IDENTITY_RECORD: &str = "tessera-share-identity";

/// Every sealed record name (re-sealed on PIN changes, never orphans).
pub const SEALED_RECORDS: &[&str] = &[BACKUP_KEY_RECORD, SHARE_IDENTITY_RECORD];

#[derive(Serialize, Deserialize)]
struct Wire {
    v: u32,
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    record: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sealed: Option<Sealed>,
}

impl Drop for Wire {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        if let Some(record) = self.record.as_mut() {
            record.zeroize();
        }
    }
}

fn malformed() -> VaultError {
    VaultError::Internal("a vault record in the keychain is damaged".into())
}

impl<S: SecretStore, I: IndexStore> Vault<S, I> {
    fn record_aad(&self, name: &str) -> String {
        format!("{}/record/{name}", self.namespace)
    }

    fn decode_record(&self, name: &str, text: &str) -> Result<Zeroizing<String>, VaultError> {
        let wire: Wire = serde_json::from_str(text).map_err(|_| malformed())?;
        if wire.v != 1 || wire.name != name {
            return Err(malformed());
        }
        if let Some(record) = &wire.record {
            return Ok(Zeroizing::new(record.clone()));
        }
        let sealed = wire.sealed.as_ref().ok_or_else(malformed)?;
        let guard = self.keys.lock().map_err(|_| VaultError::Locked)?;
        let keys = guard.as_ref().ok_or(VaultError::Locked)?;
        if keys
            .newest()
            .is_some_and(|newest| sealed.generation > newest)
        {
            return Err(VaultError::KeysOutdated);
        }
        let plain = sealed.open(keys, &self.record_aad(name))?;
        String::from_utf8(plain.to_vec())
            .map(Zeroizing::new)
            .map_err(|_| malformed())
    }

    fn encode_record(
        &self,
        name: &str,
        text: &str,
        pin: Option<&PinRecord>,
    ) -> Result<Zeroizing<String>, VaultError> {
        let wire = match pin {
            Some(pin) if pin.pending != Some(Pending::Unseal) => {
                let guard = self.keys.lock().map_err(|_| VaultError::Locked)?;
                let keys = guard.as_ref().ok_or(VaultError::Locked)?;
                if !keys.has(pin.generation) {
                    return Err(VaultError::KeysOutdated);
                }
                let sealed = Sealed::seal(
                    keys,
                    pin.generation,
                    &self.record_aad(name),
                    text.as_bytes(),
                    &*self.entropy,
                )?;
                Wire {
                    v: 1,
                    name: name.to_owned(),
                    record: None,
                    sealed: Some(sealed),
                }
            }
            _ => Wire {
                v: 1,
                name: name.to_owned(),
                record: Some(text.to_owned()),
                sealed: None,
            },
        };
        serde_json::to_string(&wire)
            .map(Zeroizing::new)
            .map_err(|e| VaultError::Internal(format!("a vault record could not be written: {e}")))
    }

    /// Stores a named record, sealed under the PIN when one is set (under
    /// the index's writer lock, like every keychain write).
    pub fn put_record(&self, name: &str, text: &str) -> Result<(), VaultError> {
        self.index.with_writer_lock(|index| {
            let encoded = self.encode_record(name, text, index.pin.as_ref())?;
            super::check_payload_size(&encoded)?;
            self.store.put(&self.namespace, name, &encoded)?;
            Ok::<_, VaultError>(())
        })
    }

    /// A named record, if stored.
    pub fn get_record(&self, name: &str) -> Result<Option<Zeroizing<String>>, VaultError> {
        match self.store.get(&self.namespace, name)? {
            Some(text) => self.decode_record(name, &text).map(Some),
            None => Ok(None),
        }
    }

    /// Whether a named record is stored (needs no keys).
    pub fn has_record(&self, name: &str) -> Result<bool, VaultError> {
        Ok(self.store.get(&self.namespace, name)?.is_some())
    }

    /// Deletes a named record (a missing one is fine).
    pub fn delete_record(&self, name: &str) -> Result<(), VaultError> {
        Ok(self.store.delete(&self.namespace, name)?)
    }

    /// Brings every sealed record to what the index's PIN record asks.
    /// Called inside an index update (the writer lock is held).
    pub(super) fn reseal_records(&self, index: &Index) -> Result<(), VaultError> {
        for name in SEALED_RECORDS {
            let Some(text) = self.store.get(&self.namespace, name)? else {
                continue;
            };
            let plain = self.decode_record(name, &text)?;
            let target = self.encode_record(name, &plain, index.pin.as_ref())?;
            if target.as_str() != text.as_str() {
                self.store.put(&self.namespace, name, &target)?;
            }
        }
        Ok(())
    }
}
