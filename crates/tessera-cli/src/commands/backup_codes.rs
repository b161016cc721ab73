//! `tessera backup-codes set QUERY [--append]` (codes on standard input),
//! `tessera backup-codes list QUERY [--json]`, `tessera backup-codes use QUERY CODE`.

use super::print_line;
use crate::cli::{BackupCodesArgs, BackupCodesCommand};
use crate::error::CliError;
use crate::input::stdin_text;
use crate::pin::PinSource;
use crate::session;
use std::io::Write;
use tessera_core::vault::BackupSummary;
use tessera_service::Operation;
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
    let service = session::open(profile)?;
    let (query, op) = match &args.command {
        BackupCodesCommand::Set { query, .. } | BackupCodesCommand::Use { query, .. } => {
            (query, Operation::ChangeBackupCodes)
        }
        BackupCodesCommand::List { query, .. } => (query, Operation::RevealBackupCode),
    };
    // Listing shows the codes whole: the PIN is the re-authentication.
    let pin = session::pin_for(&service, op, pins)?;
    if pin.is_some() {
        service.unlock(pin.as_deref().map(String::as_str).unwrap_or_default())?;
    }
    let account = session::pick_one(&service, query)?;
    match &args.command {
        BackupCodesCommand::Set { append, .. } => {
            let text = stdin_text(
                tessera_core::backup_codes::MAX_PASTE_BYTES,
                "a block of backup codes",
            )?;
            let summary = service.set_backup_codes(&account.id, &text, *append)?;
            print_line(&format!(
                "{} backup codes stored for {} ({} unused)",
                summary.total,
                account.label(),
                summary.remaining
            ))?;
            warn_if_low(summary);
            Ok(())
        }
        BackupCodesCommand::List { json, .. } => {
            let entries =
                service.reveal_backup_codes(&account.id, pin.as_deref().map(String::as_str))?;
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
                    account.label()
                ));
            }
            for (i, e) in entries.iter().enumerate() {
                let mark = if e.used { "used" } else { "" };
                print_line(&format!("{:>3}. {:<24} {mark}", i + 1, e.code.as_str()))?;
            }
            Ok(())
        }
        BackupCodesCommand::Use { code, .. } => {
            let summary = service.use_typed_backup_code(&account.id, code)?;
            print_line(&format!(
                "marked used: {} of {} backup codes left for {}",
                summary.remaining,
                summary.total,
                account.label()
            ))?;
            warn_if_low(summary);
            Ok(())
        }
    }
}
