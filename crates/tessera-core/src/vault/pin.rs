//! The app lock: setting, changing and removing the PIN, unlocking with
//! lockouts, and re-sealing every keychain item.
//!
//! Crash safety: a PIN change first saves a lock record in which *both* PINs
//! open *both* the old and the new vault key, then re-seals items one by one
//! (each a single keychain write), then drops the old PIN's slot. Whatever
//! step a crash interrupts, every item opens with the old or the new PIN, and
//! the next unlock finishes the job, keeping the PIN it was given: the old
//! one (the change did not happen, as far as the user can tell) or the new. Setting and removing a PIN work the same
//! way, with "no PIN" as the old or new state.

use super::index::{LockRecord, Pending};
use super::seal::{KdfParams, Keyset, PinSlot};
use super::{IndexStore, Payload, SecretStore, Vault, VaultError};
use serde::Serialize;

/// Fewest characters in a PIN or passphrase.
pub const MIN_PIN_CHARS: usize = 4;
/// Most characters in a PIN or passphrase.
pub const MAX_PIN_CHARS: usize = 256;

/// Why a new PIN is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PinError {
    /// Fewer than [`MIN_PIN_CHARS`].
    #[error("the PIN must have at least {MIN_PIN_CHARS} characters")]
    TooShort,
    /// More than [`MAX_PIN_CHARS`].
    #[error("the PIN must have at most {MAX_PIN_CHARS} characters")]
    TooLong,
}

fn check_new_pin(pin: &str) -> Result<(), PinError> {
    let n = pin.chars().count();
    if n < MIN_PIN_CHARS {
        Err(PinError::TooShort)
    } else if n > MAX_PIN_CHARS {
        Err(PinError::TooLong)
    } else {
        Ok(())
    }
}

/// The lock as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LockState {
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

impl<S: SecretStore, I: IndexStore> Vault<S, I> {
    /// The lock's state at `now`.
    pub fn lock_state(&self, now: u64) -> Result<LockState, VaultError> {
        let index = self.index.load()?;
        Ok(LockState {
            pin_set: index.lock.is_some(),
            unlocked: self.keys.lock().map(|k| k.is_some()).unwrap_or(false),
            lockout_seconds: index.lockout.seconds_left(now),
            failures: index.lockout.failures,
            shared_desk: index.shared_desk,
            pending: index.lock.and_then(|l| l.pending),
        })
    }

    /// Forgets the unlocked keys (they are zeroized).
    pub fn lock(&self) {
        if let Ok(mut keys) = self.keys.lock() {
            *keys = None;
        }
    }

    fn set_keys(&self, keys: Keyset) {
        if let Ok(mut slot) = self.keys.lock() {
            *slot = Some(keys);
        }
    }

    /// Checks `pin`, counting the attempt first (see [`super::lockout`]).
    /// Returns the keys and which slot (PIN) opened them.
    fn open_with_pin(&self, pin: &str, now: u64) -> Result<(Keyset, usize), VaultError> {
        // The observation is saved even when the attempt is refused.
        let attempt = self.index.update(|index| {
            let lock = index.lock.clone().ok_or(VaultError::NoPin)?;
            index.lockout.observe(now);
            let left = index.lockout.seconds_left(now);
            if left > 0 {
                return Ok(Err(VaultError::LockedOut(left)));
            }
            index.lockout.begin_attempt(now);
            Ok::<_, VaultError>(Ok(lock))
        })?;
        let lock = attempt?;
        for (position, slot) in lock.slots.iter().enumerate() {
            match slot.open(pin) {
                Ok(keys) => {
                    self.index.update(|index| {
                        index.lockout = Default::default();
                        Ok::<_, VaultError>(())
                    })?;
                    return Ok((keys, position));
                }
                Err(super::SealError::WrongPin) => continue,
                Err(other) => return Err(other.into()),
            }
        }
        let lockout = self.index.load()?.lockout;
        Err(VaultError::WrongPin {
            failures: lockout.failures,
            lockout_seconds: lockout.seconds_left(now),
        })
    }

    /// Unlocks with the PIN, and finishes an interrupted PIN change.
    /// After an interrupted change, the PIN that unlocks is the one kept.
    pub fn unlock(&self, pin: &str, now: u64) -> Result<(), VaultError> {
        let (keys, slot) = self.open_with_pin(pin, now)?;
        self.set_keys(keys);
        self.finish_pending(slot)
    }

    /// Sets a first PIN and seals every item under a new random vault key.
    /// `shared_desk` makes the PIN mandatory for this profile.
    pub fn set_pin(&self, pin: &str, kdf: KdfParams, shared_desk: bool) -> Result<(), VaultError> {
        check_new_pin(pin)?;
        let mut keys = Keyset::default();
        keys.generate(1, &*self.entropy)?;
        let slot = PinSlot::wrap(&keys, pin, kdf, &*self.entropy)?;
        self.index.update(|index| {
            if index.lock.is_some() {
                return Err(VaultError::PinAlreadySet);
            }
            index.lock = Some(LockRecord {
                slots: vec![slot],
                generation: 1,
                pending: Some(Pending::Seal),
            });
            index.shared_desk |= shared_desk;
            index.lockout = Default::default();
            Ok::<_, VaultError>(())
        })?;
        self.set_keys(keys);
        self.finish_pending(0)
    }

    /// Changes the PIN: checks the old one, then re-seals every item under a
    /// new vault key that only the new PIN opens.
    pub fn change_pin(
        &self,
        old: &str,
        new: &str,
        kdf: KdfParams,
        now: u64,
    ) -> Result<(), VaultError> {
        check_new_pin(new)?;
        let (mut keys, slot) = self.open_with_pin(old, now)?;
        self.set_keys(keys.clone());
        self.finish_pending(slot)?;
        let generation = self
            .index
            .load()?
            .lock
            .map(|l| l.generation)
            .ok_or(VaultError::NoPin)?
            + 1;
        keys.generate(generation, &*self.entropy)?;
        // Both PINs open both keys until every item is re-sealed.
        let old_slot = PinSlot::wrap(&keys, old, kdf, &*self.entropy)?;
        let new_slot = PinSlot::wrap(&keys, new, kdf, &*self.entropy)?;
        self.index.update(|index| {
            let lock = index.lock.as_mut().ok_or(VaultError::NoPin)?;
            lock.slots = vec![old_slot, new_slot];
            lock.generation = generation;
            lock.pending = Some(Pending::Seal);
            Ok::<_, VaultError>(())
        })?;
        self.set_keys(keys.clone());
        self.finish_pending(1)?;
        // Now only the new PIN remains; drop the old key from its slot too.
        keys.retain_only(generation);
        let tidy = PinSlot::wrap(&keys, new, kdf, &*self.entropy)?;
        self.index.update(|index| {
            if let Some(lock) = index.lock.as_mut() {
                lock.slots = vec![tidy];
            }
            Ok::<_, VaultError>(())
        })?;
        self.set_keys(keys);
        Ok(())
    }

    /// Removes the PIN after checking it: every item is written back in the clear.
    pub fn remove_pin(&self, pin: &str, now: u64) -> Result<(), VaultError> {
        if self.index.load()?.shared_desk {
            return Err(VaultError::PinRequired);
        }
        let (keys, slot) = self.open_with_pin(pin, now)?;
        self.set_keys(keys);
        self.finish_pending(slot)?;
        self.index.update(|index| {
            let lock = index.lock.as_mut().ok_or(VaultError::NoPin)?;
            lock.pending = Some(Pending::Unseal);
            Ok::<_, VaultError>(())
        })?;
        self.finish_pending(slot)?;
        self.lock();
        Ok(())
    }

    /// Re-seals (or unseals) every item as the pending lock record asks, then
    /// marks the work done, keeping only PIN slot `keep_slot` (the PIN in use).
    /// Needs the unlocked keys; every slot wraps every key generation, so
    /// whichever PIN is kept opens the re-sealed items.
    fn finish_pending(&self, keep_slot: usize) -> Result<(), VaultError> {
        let index = self.index.load()?;
        let Some(lock) = index.lock.clone() else {
            return Ok(());
        };
        let Some(pending) = lock.pending else {
            return Ok(());
        };
        for record in &index.accounts {
            let Some(text) = self.store.get(&self.namespace, record.id.as_str())? else {
                continue; // reported by reconcile; nothing to re-seal
            };
            let payload: Payload = self.decode_item(&text, record)?;
            let target = match pending {
                Pending::Seal => self.encode_item(&payload, &record.id, Some(&lock))?,
                Pending::Unseal => payload.encode(record.id.as_str()),
            };
            if target.as_str() != text.as_str() {
                self.store
                    .put(&self.namespace, record.id.as_str(), &target)?;
            }
        }
        self.index.update(|index| {
            match pending {
                Pending::Seal => {
                    if let Some(lock) = index.lock.as_mut() {
                        lock.pending = None;
                        if lock.slots.len() > 1 {
                            let kept = lock.slots.swap_remove(keep_slot.min(lock.slots.len() - 1));
                            lock.slots = vec![kept];
                        }
                    }
                }
                Pending::Unseal => index.lock = None,
            }
            Ok::<_, VaultError>(())
        })
    }
}
