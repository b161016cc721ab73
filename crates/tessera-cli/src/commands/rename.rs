//! `tessera rename QUERY --issuer … --account …` (index only: works while the keychain is locked).

use super::print_line;
use crate::cli::RenameArgs;
use crate::error::CliError;
use crate::vault_access;
use tessera_core::vault::rename_account;

pub fn run(profile: &str, args: &RenameArgs) -> Result<(), CliError> {
    let profile = vault_access::profile(profile)?;
    let index = vault_access::index_store(&profile)?;
    let record = vault_access::pick_one(&index, &args.query)?;
    let renamed = rename_account(
        &index,
        &record.id,
        args.issuer.as_deref(),
        args.account.as_deref(),
    )?;
    print_line(&format!(
        "renamed {} to {}",
        record.display_name(),
        renamed.display_name()
    ))
}
