//! `tessera code QUERY | --uri URI [--at UNIX_SECONDS] [--json]`

use super::print_line;
use crate::cli::CodeArgs;
use crate::error::CliError;
use crate::input::{argument_or_stdin, now};
use crate::pin::PinSource;
use crate::vault_access;
use tessera_core::{Account, CodeAt};

fn print(code: &CodeAt, json: bool) -> Result<(), CliError> {
    if json {
        print_line(&serde_json::to_string(code)?)
    } else {
        print_line(&code.code)
    }
}

pub fn run(profile: &str, args: &CodeArgs, pins: &PinSource) -> Result<(), CliError> {
    let time = match args.at {
        Some(t) => t,
        None => now()?,
    };
    if let Some(uri) = &args.uri {
        let uri = argument_or_stdin(uri)?;
        let account: Account = uri.parse().map_err(CliError::invalid)?;
        return print(&account.code_at(time), args.json);
    }
    let profile = vault_access::profile(profile)?;
    let vault = vault_access::open(&profile)?;
    let record = vault_access::pick_one(
        vault.index_store(),
        args.query.as_deref().unwrap_or_default(),
    )?;
    super::pin::unlock_if_needed(&vault, pins)?;
    print(&vault.code(&record.id, time)?, args.json)
}
