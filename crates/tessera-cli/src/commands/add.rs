//! `tessera add --uri URI` or `tessera add --issuer I --account A --secret KEY [...]`

use super::print_line;
use crate::cli::{AddArgs, KindArg};
use crate::error::CliError;
use crate::input::{argument_or_stdin, now, random_id};
use crate::pin::PinSource;
use crate::vault_access;
use std::io::Write;
use tessera_core::otp::OtpKind;
use tessera_core::{parse_setup_link, Account, AccountDraft, SetupLink};

fn from_args(args: &AddArgs) -> Result<Vec<Account>, CliError> {
    if let Some(uri) = &args.uri {
        let text = argument_or_stdin(uri)?;
        return match parse_setup_link(&text).map_err(CliError::invalid)? {
            SetupLink::Account(account) => Ok(vec![account]),
            SetupLink::Migration(batch) => Ok(batch.accounts),
        };
    }
    let key = argument_or_stdin(args.secret.as_deref().unwrap_or_default())?;
    let draft = AccountDraft {
        issuer: args.issuer.as_deref().unwrap_or_default(),
        name: args.account.as_deref().unwrap_or_default(),
        key: &key,
        kind: match args.kind {
            KindArg::Totp => OtpKind::Totp,
            KindArg::Hotp => OtpKind::Hotp,
            KindArg::Steam => OtpKind::Steam,
        },
        algorithm: args.algorithm.parse().map_err(CliError::invalid)?,
        digits: args.digits,
        period: args.period,
        counter: args.counter,
    };
    Ok(vec![draft.build().map_err(CliError::invalid)?])
}

pub fn run(profile: &str, args: &AddArgs, pins: &PinSource) -> Result<(), CliError> {
    let profile = vault_access::profile(profile)?;
    let accounts = from_args(args)?;
    let vault = vault_access::open(&profile)?;
    super::pin::unlock_if_needed(&vault, pins)?;
    let now = now()?;
    for account in &accounts {
        let record = vault.add(account, random_id()?, now)?;
        print_line(&format!("added {} {}", record.id, record.display_name()))?;
        if account.key_strength().is_weak() {
            let _ = writeln!(
                std::io::stderr(),
                "tessera: note: the key of {} is only {} bits",
                record.display_name(),
                account.key.bits()
            );
        }
    }
    Ok(())
}
