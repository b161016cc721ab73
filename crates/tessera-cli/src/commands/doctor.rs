//! `tessera doctor [--json]`: keychain backend and state, data directory,
//! account list (and whether a copy of it had to be put back), reconcile
//! report. Exit 0 when all is well, 1 when something needs attention.

use super::print_line;
use crate::cli::DoctorArgs;
use crate::error::CliError;
use crate::session;
use serde_json::json;

pub(crate) fn when(unix: Option<u64>) -> String {
    unix.map_or_else(
        || "an unknown time".to_owned(),
        |t| format!("Unix time {t}"),
    )
}

pub fn run(profile: &str, args: &DoctorArgs) -> Result<(), CliError> {
    let service = session::open(profile)?;
    let report = service.doctor();
    if args.json {
        let value = json!({
            "profile": report.profile,
            "keychain": report.keychain,
            "data_dir": report.data_dir,
            "index": report.index,
            "restored": report.restored,
            "reconcile": match &report.reconcile {
                Some(Ok(r)) => serde_json::to_value(r)?,
                Some(Err(e)) => json!({ "error": e }),
                None => serde_json::Value::Null,
            },
        });
        print_line(&serde_json::to_string_pretty(&value)?)?;
    } else {
        print_line(&format!("Profile:        {}", report.profile))?;
        match (&report.keychain.backend, &report.keychain.error) {
            (Some(backend), None) => print_line(&format!("Keychain:       {backend} (working)"))?,
            (_, Some(e)) => print_line(&format!("Keychain:       NOT WORKING: {e}"))?,
            (None, None) => print_line("Keychain:       NOT WORKING")?,
        }
        print_line(&format!("Data directory: {}", report.data_dir))?;
        match (&report.index.accounts, &report.index.error) {
            (Some(n), _) => print_line(&format!(
                "Index:          {} ({n} accounts)",
                report.index.location
            ))?,
            (None, Some(e)) => print_line(&format!("Index:          NOT READABLE: {e}"))?,
            (None, None) => print_line("Index:          NOT READABLE")?,
        }
        if let Some(notice) = &report.restored {
            print_line(&format!(
                "Restored:       the account list was damaged ({}); it was restored from the copy of {} ({}); changes made after that copy are not in it{}. Dismiss this in the app.",
                notice.detail,
                when(notice.copy_time),
                notice.copy,
                notice
                    .damaged_file
                    .as_ref()
                    .map(|f| format!("; the damaged file is kept at {f}"))
                    .unwrap_or_default()
            ))?;
        }
        match &report.reconcile {
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
    if report.is_clean() {
        Ok(())
    } else {
        Err(CliError::Silent(1))
    }
}
