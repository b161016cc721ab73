//! `tessera rename QUERY --issuer … --account … --tags …` (asks for the PIN
//! on a profile with one, as the app needs it unlocked to edit).

use super::print_line;
use crate::cli::RenameArgs;
use crate::error::CliError;
use crate::pin::PinSource;
use crate::session;
use tessera_service::Operation;

pub fn run(profile: &str, args: &RenameArgs, pins: &PinSource) -> Result<(), CliError> {
    let service = session::open(profile)?;
    session::pin_for(&service, Operation::EditAccount, pins)?;
    let account = session::pick_one(&service, &args.query)?;
    let mut renamed = account.clone();
    if args.issuer.is_some() || args.account.is_some() {
        renamed =
            service.rename_account(&account.id, args.issuer.as_deref(), args.account.as_deref())?;
    }
    if let Some(tags) = &args.tags {
        let tags: Vec<String> = tags
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        renamed = service.edit_account(&account.id, &renamed.issuer, &renamed.name, &tags)?;
    }
    print_line(&format!(
        "renamed {} to {}",
        account.label(),
        renamed.label()
    ))
}
