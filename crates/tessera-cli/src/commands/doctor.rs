//! `tessera doctor [--json]`: keychain backend and state, data directory,
//! reconcile report. Exit 0 when all is well, 1 when something needs attention.

use super::print_line;
use crate::cli::DoctorArgs;
use crate::error::CliError;
use crate::vault_access;
use serde_json::json;
use std::sync::Arc;
use tessera_core::vault::{IndexStore, SecretStore, Vault};
use tessera_fs::OsEntropy;
use tessera_keychain::KeychainStore;

pub fn run(profile: &str, args: &DoctorArgs) -> Result<(), CliError> {
    let profile = vault_access::profile(profile)?;
    let data_dir = tessera_fs::data_dir().map_err(CliError::failed)?;
    let index = vault_access::index_store(&profile)?;
    let location = index.location();
    let accounts = index.load().map(|i| i.accounts.len());

    let keychain = KeychainStore::open();
    let backend = keychain.as_ref().map(SecretStore::backend_name).ok();
    let probe = keychain
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|k| k.probe());
    let report = match (keychain, &accounts) {
        (Ok(k), Ok(_)) => Some(Vault::open(k, index, &profile, Arc::new(OsEntropy)).reconcile()),
        _ => None,
    };

    let keychain_ok = probe.is_ok();
    let index_ok = accounts.is_ok();
    let clean = matches!(&report, Some(Ok(r)) if r.is_clean());
    if args.json {
        let value = json!({
            "profile": profile.as_str(),
            "keychain": {
                "backend": backend,
                "working": keychain_ok,
                "error": probe.as_ref().err().map(ToString::to_string),
            },
            "data_dir": data_dir.display().to_string(),
            "index": {
                "location": location,
                "accounts": accounts.as_ref().ok(),
                "error": accounts.as_ref().err().map(ToString::to_string),
            },
            "reconcile": match &report {
                Some(Ok(r)) => serde_json::to_value(r)?,
                Some(Err(e)) => json!({ "error": e.to_string() }),
                None => serde_json::Value::Null,
            },
        });
        print_line(&serde_json::to_string_pretty(&value)?)?;
    } else {
        print_line(&format!("Profile:        {profile}"))?;
        match &probe {
            Ok(()) => print_line(&format!(
                "Keychain:       {} (working)",
                backend.unwrap_or_default()
            ))?,
            Err(e) => print_line(&format!("Keychain:       NOT WORKING: {e}"))?,
        }
        print_line(&format!("Data directory: {}", data_dir.display()))?;
        match &accounts {
            Ok(n) => print_line(&format!("Index:          {location} ({n} accounts)"))?,
            Err(e) => print_line(&format!("Index:          NOT READABLE: {e}"))?,
        }
        match &report {
            Some(Ok(r)) if r.is_clean() => print_line("Consistency:    every account has its key")?,
            Some(Ok(r)) => {
                for id in &r.missing_secrets {
                    print_line(&format!(
                        "Consistency:    account {id} has no key in the keychain (kept)"
                    ))?;
                }
                for id in r.orphan_items.iter().flatten() {
                    print_line(&format!(
                        "Consistency:    keychain item {id} belongs to no account"
                    ))?;
                }
            }
            Some(Err(e)) => print_line(&format!("Consistency:    not checked: {e}"))?,
            None => print_line("Consistency:    not checked (keychain or index unavailable)")?,
        }
    }
    if keychain_ok && index_ok && clean {
        Ok(())
    } else {
        Err(CliError::Silent(1))
    }
}
