//! The lock screen, the PIN, and revealing a key.

use super::{account_id, guard, Service};
use crate::activity::Event;
use crate::error::{Error, Result};
use crate::policy::Operation;
use std::sync::atomic::Ordering;
use tessera_core::vault::{PinError, VaultError};
use zeroize::Zeroizing;

/// An account's key, revealed after the PIN was entered again: to be shown
/// by the shell in a way that does not pass through the webview.
pub struct RevealedKey {
    /// "Issuer (name)".
    pub name: String,
    /// The key in groups of four. Wiped when dropped.
    pub grouped: Zeroizing<String>,
}

impl From<RevealedKey> for crate::views::RevealedKeyView {
    fn from(key: RevealedKey) -> Self {
        Self {
            name: key.name.clone(),
            key: key.grouped.to_string(),
        }
    }
}

impl std::fmt::Debug for RevealedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RevealedKey")
            .field("name", &self.name)
            .field("grouped", &"<redacted>")
            .finish()
    }
}

fn confirm_matches(pin: &str, confirm: &str) -> Result<()> {
    if pin == confirm {
        Ok(())
    } else {
        Err(VaultError::Pin(PinError::Mismatch).into())
    }
}

impl Service {
    /// Locks: the lock screen comes up, the keys and every code held are
    /// wiped, staged setup codes are dropped, and the clipboard is cleared if
    /// it still holds a code we copied.
    pub fn lock(&self) {
        self.lock_screen.store(true, Ordering::SeqCst);
        if let Some(vault) = guard(&self.vault).as_ref() {
            vault.forget_keys();
        }
        guard(&self.hotp_shown).clear();
        guard(&self.intake).cancel();
        self.cancel_import();
        if let Some(clipboard) = &self.clipboard {
            // A clipboard that cannot be reached holds nothing of ours to clear.
            let _ = clipboard.clear_if_ours();
        }
        let hook = guard(&self.on_lock).clone();
        if let Some(hook) = hook {
            hook();
        }
        self.bump();
    }

    fn ensure_lock_screen_down(&self) -> Result<()> {
        if self.lock_screen.load(Ordering::SeqCst) {
            Err(Error::locked())
        } else {
            self.note_activity();
            Ok(())
        }
    }

    /// Lifts the lock screen: checks the PIN when one is set (any text
    /// otherwise).
    pub fn unlock(&self, pin: &str) -> Result<()> {
        if self.pin_set()? {
            self.check_pin(pin)?;
        }
        self.lock_screen.store(false, Ordering::SeqCst);
        self.note_activity();
        self.bump();
        Ok(())
    }

    /// Sets a first PIN, typed twice; `shared_desk` makes it mandatory for
    /// the profile (and its settings stricter).
    pub fn set_pin(&self, pin: &str, confirm: &str, shared_desk: bool) -> Result<()> {
        self.authorize(Operation::SetPin, None)?;
        confirm_matches(pin, confirm)?;
        self.vault()?.set_pin(pin, self.kdf, shared_desk)?;
        self.record(
            Event::PinSet,
            None,
            shared_desk.then(|| "shared desk".to_owned()),
        );
        self.bump();
        Ok(())
    }

    /// Changes the PIN; the new one typed twice.
    pub fn change_pin(&self, old: &str, new: &str, confirm: &str) -> Result<()> {
        // The old PIN is this operation's re-authentication (checked once,
        // by the vault, counting wrong tries).
        self.ensure_lock_screen_down()?;
        confirm_matches(new, confirm)?;
        let result = self.vault()?.change_pin(old, new, self.kdf, self.now());
        if let Err(VaultError::WrongPin { failures, .. }) = &result {
            self.record(
                Event::WrongPin,
                None,
                Some(format!("{failures} wrong in a row")),
            );
        }
        result?;
        self.record(Event::PinChanged, None, None);
        self.bump();
        Ok(())
    }

    /// Removes the PIN (not on a shared-desk profile).
    pub fn remove_pin(&self, pin: &str) -> Result<()> {
        self.ensure_lock_screen_down()?;
        let result = self.vault()?.remove_pin(pin, self.now());
        if let Err(VaultError::WrongPin { failures, .. }) = &result {
            self.record(
                Event::WrongPin,
                None,
                Some(format!("{failures} wrong in a row")),
            );
        }
        result?;
        self.record(Event::PinRemoved, None, None);
        self.bump();
        Ok(())
    }

    /// An account's key, after the PIN is entered again (when one is set).
    pub fn reveal_key(&self, id: &str, pin: Option<&str>) -> Result<RevealedKey> {
        let id = account_id(id)?;
        self.authorize(Operation::RevealKey, pin)?;
        let account = self.vault()?.reveal(&id)?;
        let name = self
            .account_name(&id)
            .ok_or_else(|| Error::new(crate::ErrorKind::NotFound, "no such account"))?;
        self.record(Event::KeyRevealed, Some(name.clone()), None);
        Ok(RevealedKey {
            name,
            grouped: tessera_core::key_entry::group_in_fours(&account.key.to_base32()),
        })
    }
}
