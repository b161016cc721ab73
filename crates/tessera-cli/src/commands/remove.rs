//! `tessera remove QUERY [--yes]`

use super::print_line;
use crate::cli::RemoveArgs;
use crate::error::CliError;
use crate::vault_access;
use std::io::{BufRead, IsTerminal, Write};

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

pub fn run(profile: &str, args: &RemoveArgs) -> Result<(), CliError> {
    let profile = vault_access::profile(profile)?;
    let vault = vault_access::open(&profile)?;
    let record = vault_access::pick_one(vault.index_store(), &args.query)?;
    if !args.yes && !confirm(&record.display_name())? {
        return print_line("not removed");
    }
    vault.remove(&record.id)?;
    print_line(&format!("removed {}", record.display_name()))
}
