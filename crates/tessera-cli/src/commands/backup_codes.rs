//! `tessera backup-codes set QUERY [--append]` (codes on standard input),
//! `tessera backup-codes list QUERY [--json]`, `tessera backup-codes use QUERY CODE`.

use super::print_line;
use crate::cli::{BackupCodesArgs, BackupCodesCommand};
use crate::error::CliError;
use crate::pin::PinSource;
use crate::vault_access;
use std::io::{Read, Write};
use tessera_core::parse_backup_codes;
use tessera_core::vault::BackupSummary;
use zeroize::Zeroizing;

fn warn_if_low(summary: BackupSummary) {
    if summary.running_low() {
        let _ = writeln!(
            std::io::stderr(),
            "tessera: only {} unused backup code(s) left: get new ones from the website",
            summary.remaining
        );
    }
}

pub fn run(profile: &str, args: &BackupCodesArgs, pins: &PinSource) -> Result<(), CliError> {
    let profile = vault_access::profile(profile)?;
    let vault = vault_access::open(&profile)?;
    let query = match &args.command {
        BackupCodesCommand::Set { query, .. }
        | BackupCodesCommand::List { query, .. }
        | BackupCodesCommand::Use { query, .. } => query,
    };
    let record = vault_access::pick_one(vault.index_store(), query)?;
    super::pin::unlock_if_needed(&vault, pins)?;
    match &args.command {
        BackupCodesCommand::Set { append, .. } => {
            let mut text = Zeroizing::new(String::new());
            std::io::stdin().read_to_string(&mut text)?;
            let codes = parse_backup_codes(&text).map_err(CliError::invalid)?;
            let summary = vault.set_backup_codes(&record.id, &codes, *append)?;
            print_line(&format!(
                "{} backup codes stored for {} ({} unused)",
                summary.total,
                record.display_name(),
                summary.remaining
            ))?;
            warn_if_low(summary);
            Ok(())
        }
        BackupCodesCommand::List { json, .. } => {
            let entries = vault.backup_codes(&record.id)?;
            if *json {
                let list: Vec<_> = entries
                    .iter()
                    .map(|e| serde_json::json!({ "code": e.code.as_str(), "used": e.used }))
                    .collect();
                return print_line(&Zeroizing::new(serde_json::to_string_pretty(&list)?));
            }
            if entries.is_empty() {
                return print_line(&format!(
                    "No backup codes stored for {}. Paste them with `tessera backup-codes set QUERY`.",
                    record.display_name()
                ));
            }
            for (i, e) in entries.iter().enumerate() {
                let mark = if e.used { "used" } else { "" };
                print_line(&format!("{:>3}. {:<24} {mark}", i + 1, e.code.as_str()))?;
            }
            Ok(())
        }
        BackupCodesCommand::Use { code, .. } => {
            let summary = vault.use_backup_code(&record.id, code)?;
            print_line(&format!(
                "marked used: {} of {} backup codes left for {}",
                summary.remaining,
                summary.total,
                record.display_name()
            ))?;
            warn_if_low(summary);
            Ok(())
        }
    }
}
