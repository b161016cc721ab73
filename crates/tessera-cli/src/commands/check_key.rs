//! `tessera check-key KEY [--json]`

use super::print_line;
use crate::cli::CheckKeyArgs;
use crate::error::CliError;
use crate::input::argument_or_stdin;
use serde_json::json;
use tessera_core::check_key;
use zeroize::Zeroizing;

pub fn run(args: &CheckKeyArgs) -> Result<(), CliError> {
    let typed = argument_or_stdin(&args.key)?;
    let checked = check_key(&typed).map_err(CliError::invalid)?;
    if args.json {
        let rendered = Zeroizing::new(serde_json::to_string(&json!({
            "key": checked.normalized().as_str(),
            "bits": checked.strength.bits,
            "weak": checked.strength.is_weak(),
        }))?);
        print_line(&rendered)
    } else {
        print_line(&checked.normalized())?;
        print_line(&checked.strength.to_string())
    }
}
