//! `tessera remove QUERY [--yes]` (asks for the PIN on a profile with one).

use super::print_line;
use crate::cli::RemoveArgs;
use crate::error::CliError;
use crate::pin::PinSource;
use crate::session;
use std::io::{BufRead, IsTerminal, Write};
use tessera_service::Operation;

fn confirm(name: &str) -> Result<bool, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Invalid(
            "not asking for confirmation outside a terminal: add --yes to remove".into(),
        ));
    }
    let mut err = std::io::stderr().lock();
    write!(
        err,
        "Remove {name} and delete its key? This cannot be undone. [y/N] "
    )?;
    err.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}

pub fn run(profile: &str, args: &RemoveArgs, pins: &PinSource) -> Result<(), CliError> {
    let service = session::open(profile)?;
    session::pin_for(&service, Operation::RemoveAccount, pins)?;
    let account = session::pick_one(&service, &args.query)?;
    if !args.yes && !confirm(&account.label())? {
        return print_line("not removed");
    }
    service.remove_account(&account.id)?;
    print_line(&format!("removed {}", account.label()))
}
