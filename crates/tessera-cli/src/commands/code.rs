//! `tessera code QUERY | --uri URI [--at UNIX_SECONDS] [--json]`

use super::print_line;
use crate::cli::CodeArgs;
use crate::error::CliError;
use crate::input::{argument_or_stdin, now};
use crate::pin::PinSource;
use crate::session;
use tessera_core::{Account, CodeAt};
use tessera_service::Operation;

fn print(code: &CodeAt, json: bool) -> Result<(), CliError> {
    if json {
        print_line(&serde_json::to_string(code)?)
    } else {
        print_line(&code.code)
    }
}

pub fn run(profile: &str, args: &CodeArgs, pins: &PinSource) -> Result<(), CliError> {
    if let Some(uri) = &args.uri {
        let time = match args.at {
            Some(t) => t,
            None => now()?,
        };
        let uri = argument_or_stdin(uri)?;
        let account: Account = uri.parse().map_err(CliError::invalid)?;
        return print(&account.code_at(time), args.json);
    }
    let service = session::open(profile)?;
    session::pin_for(&service, Operation::ShowCodes, pins)?;
    let account = session::pick_one(&service, args.query.as_deref().unwrap_or_default())?;
    print(&service.code_at(&account.id, args.at)?, args.json)
}
