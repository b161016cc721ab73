//! Opening the selected profile through the application layer, asking for
//! the PIN when the policy says an operation needs it, and picking accounts
//! by query.

use crate::error::CliError;
use crate::pin::PinSource;
use std::io::Write;
use tessera_service::views::AccountView;
use tessera_service::{Access, Backend, Error, Operation, ProfileName, Service};
use zeroize::Zeroizing;

/// The checked profile name.
pub fn profile(name: &str) -> Result<ProfileName, CliError> {
    ProfileName::new(name).map_err(CliError::invalid)
}

/// The service for the named profile (no clipboard in the CLI).
pub fn open(profile_name: &str) -> Result<Service, CliError> {
    let profile = profile(profile_name)?;
    let backend = Backend::system_without_clipboard().map_err(CliError::failed)?;
    let service = Service::new(backend, profile, true);
    say_if_restored_now(&service);
    Ok(service)
}

/// A damaged account list is put back from its newest good copy when it is
/// read: the command that does it says so on standard error (later ones
/// leave it to `tessera doctor` and the app's banner).
fn say_if_restored_now(service: &Service) {
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let Some(notice) = service.restore_notice() else {
        return;
    };
    if notice.restored_at < started {
        return;
    }
    let _ = writeln!(
        std::io::stderr().lock(),
        "tessera: the account list was damaged ({}); it was restored from its copy of {} ({}); a change made after that copy is not in it (see `tessera doctor`)",
        notice.detail,
        crate::commands::doctor::when(notice.copy_time),
        notice.copy
    );
}

/// Asks for the PIN when `op` needs it on this profile (see
/// `tessera_service::policy`). For an operation that needs the vault
/// unlocked, the PIN unlocks it here; for one that needs the PIN again (it
/// reveals or exports a key), the PIN is returned to be handed to it, so it
/// is checked once.
pub fn pin_for(
    service: &Service,
    op: Operation,
    pins: &PinSource,
) -> Result<Option<Zeroizing<String>>, CliError> {
    if !service.pin_needed(op)? {
        return Ok(None);
    }
    let pin = pins.read("PIN: ")?;
    match op.access() {
        Access::PinAgain => Ok(Some(pin)),
        _ => {
            service.unlock(&pin)?;
            Ok(None)
        }
    }
}

/// Exactly one account matching `query`; none or several is invalid input
/// (several are listed on stderr).
pub fn pick_one(service: &Service, query: &str) -> Result<AccountView, CliError> {
    let mut found = service.find_accounts(query)?;
    match found.len() {
        0 => Err(CliError::Invalid(format!(
            "no account matches '{query}' (see `tessera list`)"
        ))),
        1 => Ok(found.remove(0)),
        n => {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(
                err,
                "tessera: '{query}' matches {n} accounts; be more specific:"
            );
            for a in &found {
                let _ = writeln!(err, "  {}", a.label());
            }
            Err(CliError::Silent(2))
        }
    }
}

impl From<Error> for CliError {
    fn from(err: Error) -> Self {
        if err.is_user_input() {
            CliError::Invalid(err.message)
        } else {
            CliError::Failed(err.message)
        }
    }
}
