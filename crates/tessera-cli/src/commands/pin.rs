//! `tessera set-pin [--shared-desk]`, `change-pin`, `remove-pin`, `unlock`.

use super::print_line;
use crate::error::CliError;
use crate::input::now;
use crate::pin::PinSource;
use crate::vault_access::{self, CliVault};
use tessera_core::vault::KdfParams;

/// Unlocks `vault` if it has a PIN, asking for it.
pub fn unlock_if_needed(vault: &CliVault, pins: &PinSource) -> Result<(), CliError> {
    if vault.lock_state(now()?)?.pin_set {
        let pin = pins.read("PIN: ")?;
        vault.unlock(&pin, now()?)?;
    }
    Ok(())
}

pub fn set(profile: &str, shared_desk: bool, pins: &PinSource) -> Result<(), CliError> {
    let vault = vault_access::open(&vault_access::profile(profile)?)?;
    if vault.lock_state(now()?)?.pin_set {
        return Err(CliError::Invalid(
            "a PIN is already set: use `tessera change-pin`".into(),
        ));
    }
    let pin = pins.read_new("New PIN: ")?;
    vault.set_pin(&pin, KdfParams::DEFAULT, shared_desk)?;
    print_line("PIN set: every key is now sealed and opens only with the PIN")
}

pub fn change(profile: &str, pins: &PinSource) -> Result<(), CliError> {
    let vault = vault_access::open(&vault_access::profile(profile)?)?;
    let old = pins.read("Current PIN: ")?;
    let new = pins.read_new("New PIN: ")?;
    vault.change_pin(&old, &new, KdfParams::DEFAULT, now()?)?;
    print_line("PIN changed")
}

pub fn remove(profile: &str, pins: &PinSource) -> Result<(), CliError> {
    let vault = vault_access::open(&vault_access::profile(profile)?)?;
    let pin = pins.read("PIN: ")?;
    vault.remove_pin(&pin, now()?)?;
    print_line("PIN removed")
}

pub fn unlock(profile: &str, pins: &PinSource) -> Result<(), CliError> {
    let vault = vault_access::open(&vault_access::profile(profile)?)?;
    if !vault.lock_state(now()?)?.pin_set {
        return Err(CliError::Invalid("no PIN is set for this profile".into()));
    }
    unlock_if_needed(&vault, pins)?;
    print_line("PIN correct")
}
