//! `tessera code --uri URI [--at UNIX_SECONDS] [--json]`

use super::print_line;
use crate::cli::CodeArgs;
use crate::error::CliError;
use crate::input::{argument_or_stdin, now};
use tessera_core::Account;

pub fn run(args: &CodeArgs) -> Result<(), CliError> {
    let uri = argument_or_stdin(&args.uri)?;
    let account: Account = uri.parse().map_err(CliError::invalid)?;
    let time = match args.at {
        Some(t) => t,
        None => now()?,
    };
    let code = account.code_at(time);
    if args.json {
        print_line(&serde_json::to_string(&code)?)
    } else {
        print_line(&code.code)
    }
}
