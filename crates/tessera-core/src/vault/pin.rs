//! PIN protection: setting, changing and removing the PIN, unlocking with
//! lockouts, and re-sealing every keychain item.
//!
//! Words used here: the **PIN** (or passphrase) protects the vault keys; a
//! vault is **unlocked** in a process while it holds those keys; the
//! **lockout** is the wait imposed after too many wrong PINs. (The app's lock
//! *screen* lives in the application layer, not here.)
//!
//! Crash safety: a PIN change first saves a PIN record in which *both* PINs
//! open *both* the old and the new vault key, then re-seals every item, then
//! drops the old PIN's slot and the old key. Whatever step a crash
//! interrupts, every item opens with the old or the new PIN, and the next
//! unlock finishes the job, keeping the PIN it was given: the old one (the
//! change did not happen, as far as the user can tell) or the new. Setting
//! and removing a PIN work the same way, with "no PIN" as the old or new state.
//!
//! Concurrency: re-sealing runs under the index's writer lock, and every
//! other keychain write seals under that lock with the generation the index
//! names at that moment (see [`Vault::write_item`]). So a second process
//! adding an account or backup codes during a PIN change either writes before
//! the re-seal (and is re-sealed with the rest) or after it (with the new
//! generation, or it is refused with [`VaultError::KeysOutdated`]); no item
//! is ever left sealed under a key that is about to be dropped.
//!
//! Wrong PINs are counted in the index *and* in a keychain item of the
//! profile; the stricter of the two wins, so editing `index.json` does not
//! reset a lockout.

use super::index::{Index, Pending, PinRecord};
use super::lockout::Lockout;
use super::seal::{KdfParams, Kek, Keyset, PinSlot};
use super::{IndexStore, Payload, SecretStore, Vault, VaultError};
use serde::Serialize;

/// Fewest characters in a PIN or passphrase: six digits, or a passphrase.
pub const MIN_PIN_CHARS: usize = 6;
/// Most characters in a PIN or passphrase.
pub const MAX_PIN_CHARS: usize = 256;

/// Why a new PIN is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PinError {
    /// Fewer than [`MIN_PIN_CHARS`].
    #[error("the PIN must have at least {MIN_PIN_CHARS} digits (or use a longer passphrase)")]
    TooShort,
    /// More than [`MAX_PIN_CHARS`].
    #[error("the PIN must have at most {MAX_PIN_CHARS} characters")]
    TooLong,
    /// The PIN and its confirmation differ.
    #[error("the two PINs differ; nothing was changed")]
    Mismatch,
}

/// Checks a new PIN or passphrase.
pub fn check_new_pin(pin: &str) -> Result<(), PinError> {
    let n = pin.chars().count();
    if n < MIN_PIN_CHARS {
        Err(PinError::TooShort)
    } else if n > MAX_PIN_CHARS {
        Err(PinError::TooLong)
    } else {
        Ok(())
    }
}

/// PIN protection as the shells show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PinState {
    /// A PIN is set.
    pub pin_set: bool,
    /// The keys are unlocked in this process.
    pub unlocked: bool,
    /// Seconds before another PIN attempt is allowed.
    pub lockout_seconds: u64,
    /// Wrong attempts since the last correct PIN.
    pub failures: u32,
    /// The profile requires a PIN.
    pub shared_desk: bool,
    /// An interrupted PIN change waits to be finished.
    pub pending: Option<Pending>,
}

/// The keychain item (in the profile's namespace) that mirrors the wrong-PIN
/// count. Not a UUID, so it can never be an account's item.
pub const LOCKOUT_ITEM: &str = "tessera-lockout";

/// Keychain item ids that belong to the vault itself, not to an account.
pub fn is_reserved_item(id: &str) -> bool {
    id == LOCKOUT_ITEM || super::records::SEALED_RECORDS.contains(&id)
}

#[derive(serde::Serialize, serde::Deserialize)]
struct LockoutItem {
    v: u32,
    lockout: Lockout,
}

impl<S: SecretStore, I: IndexStore> Vault<S, I> {
    /// PIN protection's state at `now`.
    pub fn pin_state(&self, now: u64) -> Result<PinState, VaultError> {
        let index = self.index.load()?;
        Ok(PinState {
            pin_set: index.pin.is_some(),
            unlocked: self.has_keys(),
            lockout_seconds: index.lockout.seconds_left(now),
            failures: index.lockout.failures,
            shared_desk: index.shared_desk,
            pending: index.pin.and_then(|l| l.pending),
        })
    }

    /// Whether this process holds the unlocked vault keys.
    pub fn has_keys(&self) -> bool {
        self.keys.lock().map(|k| k.is_some()).unwrap_or(false)
    }

    /// Forgets the unlocked keys (they are zeroized).
    pub fn forget_keys(&self) {
        if let Ok(mut keys) = self.keys.lock() {
            *keys = None;
        }
    }

    fn set_keys(&self, keys: Keyset) {
        if let Ok(mut slot) = self.keys.lock() {
            *slot = Some(keys);
        }
    }

    /// The wrong-PIN count mirrored in the keychain, if any.
    fn mirrored_lockout(&self) -> Result<Option<Lockout>, VaultError> {
        let Some(text) = self.store.get(&self.namespace, LOCKOUT_ITEM)? else {
            return Ok(None);
        };
        // A damaged mirror counts as "no information": the index still counts.
        Ok(serde_json::from_str::<LockoutItem>(&text)
            .ok()
            .map(|item| item.lockout))
    }

    fn mirror_lockout(&self, lockout: Lockout) -> Result<(), VaultError> {
        if lockout == Lockout::default() {
            return Ok(self.store.delete(&self.namespace, LOCKOUT_ITEM)?);
        }
        let text = serde_json::to_string(&LockoutItem { v: 1, lockout })
            .map_err(|e| VaultError::Internal(format!("the lockout could not be saved: {e}")))?;
        Ok(self.store.put(&self.namespace, LOCKOUT_ITEM, &text)?)
    }

    /// Checks `pin`, counting the attempt first (see [`super::lockout`]), in
    /// the index and in the keychain. Returns the keys, which slot (PIN)
    /// opened them, and that slot's key-encryption key (so the caller can
    /// re-wrap without deriving again).
    fn open_with_pin(&self, pin: &str, now: u64) -> Result<(Keyset, usize, Kek), VaultError> {
        let mirrored = self.mirrored_lockout()?;
        // The observation is saved even when the attempt is refused.
        let (attempt, counted) = self.index.update(|index| {
            let record = index.pin.clone().ok_or(VaultError::NoPin)?;
            if let Some(mirrored) = mirrored {
                index.lockout = Lockout::stricter(index.lockout, mirrored, now);
            }
            index.lockout.observe(now);
            let left = index.lockout.seconds_left(now);
            if left > 0 {
                return Ok((Err(VaultError::LockedOut(left)), index.lockout));
            }
            index.lockout.begin_attempt(now);
            Ok::<_, VaultError>((Ok(record), index.lockout))
        })?;
        self.mirror_lockout(counted)?;
        let record = attempt?;
        for (position, slot) in record.slots.iter().enumerate() {
            match slot.open(pin) {
                Ok((keys, kek)) => {
                    self.index.update(|index| {
                        index.lockout = Lockout::default();
                        Ok::<_, VaultError>(())
                    })?;
                    self.mirror_lockout(Lockout::default())?;
                    return Ok((keys, position, kek));
                }
                Err(super::SealError::WrongPin) => continue,
                Err(other) => return Err(other.into()),
            }
        }
        Err(VaultError::WrongPin {
            failures: counted.failures,
            lockout_seconds: counted.seconds_left(now),
        })
    }

    /// Unlocks with the PIN, and finishes an interrupted PIN change.
    /// After an interrupted change, the PIN that unlocks is the one kept.
    pub fn unlock(&self, pin: &str, now: u64) -> Result<(), VaultError> {
        let (keys, slot, _) = self.open_with_pin(pin, now)?;
        self.set_keys(keys);
        self.finish_pending(slot)
    }

    /// Checks the PIN again before something that reveals or exports a key
    /// (wrong tries count as on the lock screen). Leaves the vault unlocked.
    pub fn confirm_pin(&self, pin: &str, now: u64) -> Result<(), VaultError> {
        self.unlock(pin, now)
    }

    /// Sets a first PIN and seals every item under a new random vault key.
    /// `shared_desk` makes the PIN mandatory for this profile.
    pub fn set_pin(&self, pin: &str, kdf: KdfParams, shared_desk: bool) -> Result<(), VaultError> {
        check_new_pin(pin)?;
        if self.index.load()?.pin.is_some() {
            return Err(VaultError::PinAlreadySet);
        }
        let mut keys = Keyset::default();
        keys.generate(1, &*self.entropy)?;
        let kek = Kek::derive(pin, kdf, &*self.entropy)?;
        let slot = PinSlot::wrap(&keys, &kek, &*self.entropy)?;
        self.index.update(|index| {
            if index.pin.is_some() {
                return Err(VaultError::PinAlreadySet);
            }
            index.pin = Some(PinRecord {
                slots: vec![slot],
                generation: 1,
                pending: Some(Pending::Seal),
            });
            index.shared_desk |= shared_desk;
            index.lockout = Lockout::default();
            Ok::<_, VaultError>(())
        })?;
        self.set_keys(keys);
        self.finish_pending(0)
    }

    /// Changes the PIN: checks the old one, then re-seals every item under a
    /// new vault key that only the new PIN opens. The PIN is hashed twice in
    /// all: once to check the old PIN, once for the new one.
    pub fn change_pin(
        &self,
        old: &str,
        new: &str,
        kdf: KdfParams,
        now: u64,
    ) -> Result<(), VaultError> {
        check_new_pin(new)?;
        let (mut keys, slot, old_kek) = self.open_with_pin(old, now)?;
        self.set_keys(keys.clone());
        self.finish_pending(slot)?;
        let new_kek = Kek::derive(new, kdf, &*self.entropy)?;
        // Both PINs open both keys until every item is re-sealed.
        let generation = self.index.update(|index| {
            let record = index.pin.as_mut().ok_or(VaultError::NoPin)?;
            let generation = record.generation + 1;
            keys.generate(generation, &*self.entropy)?;
            record.slots = vec![
                PinSlot::wrap(&keys, &old_kek, &*self.entropy)?,
                PinSlot::wrap(&keys, &new_kek, &*self.entropy)?,
            ];
            record.generation = generation;
            record.pending = Some(Pending::Seal);
            Ok::<_, VaultError>(generation)
        })?;
        self.set_keys(keys.clone());
        // One locked step: re-seal every item, then keep only the new PIN and
        // the new key, so no writer can seal with the old key in between.
        let mut newest = keys.clone();
        newest.retain_only(generation);
        self.index.update(|index| {
            self.reseal_items(index)?;
            let tidy = PinSlot::wrap(&newest, &new_kek, &*self.entropy)?;
            if let Some(record) = index.pin.as_mut() {
                record.pending = None;
                record.slots = vec![tidy];
            }
            Ok::<_, VaultError>(())
        })?;
        self.set_keys(newest);
        Ok(())
    }

    /// Removes the PIN after checking it: every item is written back in the clear.
    pub fn remove_pin(&self, pin: &str, now: u64) -> Result<(), VaultError> {
        if self.index.load()?.shared_desk {
            return Err(VaultError::PinRequired);
        }
        let (keys, slot, _) = self.open_with_pin(pin, now)?;
        self.set_keys(keys);
        self.finish_pending(slot)?;
        self.index.update(|index| {
            let record = index.pin.as_mut().ok_or(VaultError::NoPin)?;
            record.pending = Some(Pending::Unseal);
            Ok::<_, VaultError>(())
        })?;
        self.finish_pending(slot)?;
        self.forget_keys();
        Ok(())
    }

    /// Re-seals (or unseals) every item as the pending PIN record asks, then
    /// marks the work done, keeping only PIN slot `keep_slot` (the PIN in use).
    /// Needs the unlocked keys; every slot wraps every key generation, so
    /// whichever PIN is kept opens the re-sealed items. Runs under the
    /// index's writer lock.
    fn finish_pending(&self, keep_slot: usize) -> Result<(), VaultError> {
        if self.index.load()?.pin.and_then(|p| p.pending).is_none() {
            return Ok(());
        }
        self.index.update(|index| {
            let Some(pending) = index.pin.as_ref().and_then(|p| p.pending) else {
                return Ok(());
            };
            self.reseal_items(index)?;
            match pending {
                Pending::Seal => {
                    if let Some(record) = index.pin.as_mut() {
                        record.pending = None;
                        if record.slots.len() > 1 {
                            let last = record.slots.len() - 1;
                            let kept = record.slots.swap_remove(keep_slot.min(last));
                            record.slots = vec![kept];
                        }
                    }
                }
                Pending::Unseal => index.pin = None,
            }
            Ok::<_, VaultError>(())
        })
    }

    /// Brings every account's item (accounts being added included) to what
    /// the index's PIN record asks: sealed with its generation, or clear.
    /// Must be called inside an index update (the writer lock is held).
    fn reseal_items(&self, index: &Index) -> Result<(), VaultError> {
        let Some(record) = index.pin.clone() else {
            return Ok(());
        };
        for account in &index.accounts {
            let Some(text) = self.store.get(&self.namespace, account.id.as_str())? else {
                continue; // reported by reconcile; nothing to re-seal
            };
            let payload: Payload = self.decode_item(&text, account)?;
            let target = self.encode_item(&payload, &account.id, Some(&record))?;
            if target.as_str() != text.as_str() {
                self.store
                    .put(&self.namespace, account.id.as_str(), &target)?;
            }
        }
        self.reseal_records(index)
    }
}
