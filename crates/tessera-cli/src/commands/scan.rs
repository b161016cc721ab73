//! `tessera scan --image FILE… [--add]`: prints each QR text found, one per
//! line (exit 0), or says nothing was found (exit 1). With `--add`, setup
//! links among them are added to the vault.

use super::print_line;
use crate::cli::ScanArgs;
use crate::error::CliError;
use crate::input::{now, random_id};
use crate::pin::PinSource;
use crate::vault_access;
use std::io::Write;
use tessera_core::qr::decode_image;
use tessera_core::{parse_setup_link, Account, SetupLink};
use zeroize::Zeroizing;

pub fn run(profile: &str, args: &ScanArgs, pins: &PinSource) -> Result<(), CliError> {
    let mut texts: Vec<Zeroizing<String>> = Vec::new();
    for path in &args.images {
        let bytes = std::fs::read(path)
            .map_err(|e| CliError::Invalid(format!("cannot read {}: {e}", path.display())))?;
        let found = decode_image(&bytes)
            .map_err(|e| CliError::Invalid(format!("{}: {e}", path.display())))?;
        texts.extend(found.into_iter().map(Zeroizing::new));
    }
    if texts.is_empty() {
        let _ = writeln!(std::io::stderr(), "tessera: no QR code found");
        return Err(CliError::Silent(1));
    }
    for text in &texts {
        print_line(text)?;
    }
    if !args.add {
        return Ok(());
    }
    let mut accounts: Vec<Account> = Vec::new();
    for text in &texts {
        match parse_setup_link(text) {
            Ok(SetupLink::Account(a)) => accounts.push(a),
            Ok(SetupLink::Migration(batch)) => accounts.extend(batch.accounts),
            Err(_) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "tessera: this QR code is not an authenticator setup code: {}",
                    text.chars().take(80).collect::<String>()
                );
            }
        }
    }
    if accounts.is_empty() {
        return Err(CliError::Silent(1));
    }
    let vault = vault_access::open(&vault_access::profile(profile)?)?;
    super::pin::unlock_if_needed(&vault, pins)?;
    let now = now()?;
    for account in &accounts {
        let record = vault.add(account, random_id()?, now)?;
        let _ = writeln!(
            std::io::stderr(),
            "tessera: added {}",
            record.display_name()
        );
    }
    Ok(())
}
