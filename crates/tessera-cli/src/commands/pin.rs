//! `tessera set-pin [--shared-desk]`, `change-pin`, `remove-pin`, `unlock`.

use super::print_line;
use crate::error::CliError;
use crate::pin::PinSource;
use crate::session;

pub fn set(profile: &str, shared_desk: bool, pins: &PinSource) -> Result<(), CliError> {
    let service = session::open(profile)?;
    if service.pin_set()? {
        return Err(CliError::Invalid(
            "a PIN is already set: use `tessera change-pin`".into(),
        ));
    }
    let (pin, confirm) = pins.read_new("New PIN (at least 6 digits, or a passphrase): ")?;
    service.set_pin(&pin, &confirm, shared_desk)?;
    print_line("PIN set: every key is now sealed and opens only with the PIN")
}

pub fn change(profile: &str, pins: &PinSource) -> Result<(), CliError> {
    let service = session::open(profile)?;
    let old = pins.read("Current PIN: ")?;
    let (new, confirm) = pins.read_new("New PIN: ")?;
    service.change_pin(&old, &new, &confirm)?;
    print_line("PIN changed")
}

pub fn remove(profile: &str, pins: &PinSource) -> Result<(), CliError> {
    let service = session::open(profile)?;
    let pin = pins.read("PIN: ")?;
    service.remove_pin(&pin)?;
    print_line("PIN removed")
}

pub fn unlock(profile: &str, pins: &PinSource) -> Result<(), CliError> {
    let service = session::open(profile)?;
    if !service.pin_set()? {
        return Err(CliError::Invalid("no PIN is set for this profile".into()));
    }
    let pin = pins.read("PIN: ")?;
    service.unlock(&pin)?;
    print_line("PIN correct")
}
