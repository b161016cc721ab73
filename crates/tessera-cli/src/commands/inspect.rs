//! `tessera inspect URI [--show-secret]`

use super::print_line;
use crate::cli::InspectArgs;
use crate::error::CliError;
use crate::input::argument_or_stdin;
use serde_json::{json, Value};
use tessera_core::Account;
use tessera_service::intake::{classify, Classified, NOT_A_LINK};
use zeroize::Zeroizing;

fn describe(account: &Account, show_secret: bool) -> Result<Value, CliError> {
    let mut value = serde_json::to_value(account.info())?;
    if show_secret {
        if let Value::Object(map) = &mut value {
            map.insert(
                "secret".into(),
                Value::String(account.key.to_base32().to_string()),
            );
        }
    }
    Ok(value)
}

pub fn run(args: &InspectArgs) -> Result<(), CliError> {
    let text = argument_or_stdin(&args.uri)?;
    // Read as the app reads a pasted or scanned link (the same size caps and
    // messages).
    let value = match classify(&text) {
        Classified::Account(account) => describe(&account, args.show_secret)?,
        Classified::Refused(reason) => return Err(CliError::invalid(reason)),
        Classified::Other(_) => return Err(CliError::invalid(NOT_A_LINK)),
        Classified::Export(batch) => {
            let accounts = batch
                .accounts
                .iter()
                .map(|a| describe(a, args.show_secret))
                .collect::<Result<Vec<_>, _>>()?;
            json!({
                "batch_size": batch.batch_size,
                "batch_index": batch.batch_index,
                "batch_id": batch.batch_id,
                "version": batch.version,
                "accounts": accounts,
            })
        }
    };
    let rendered = Zeroizing::new(serde_json::to_string_pretty(&value)?);
    print_line(&rendered)
}
