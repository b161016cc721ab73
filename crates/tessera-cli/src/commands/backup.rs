//! `tessera backup set-password [--password-stdin]`, `backup now [--dir DIR]`,
//! `backup list [--dir DIR] [--json]`, `backup verify FILE`.

use super::print_line;
use crate::cli::{BackupArgs, BackupCommand};
use crate::error::CliError;
use crate::pin::{read_new_password, PinSource};
use crate::session;
use std::io::Write;
use tessera_service::Operation;

pub fn run(profile: &str, args: &BackupArgs, pins: &PinSource) -> Result<(), CliError> {
    let service = session::open(profile)?;
    match &args.command {
        BackupCommand::SetPassword { password_stdin } => {
            let (password, again) = read_new_password(*password_stdin, "New backup password: ")?;
            let pin = session::pin_for(&service, Operation::Export, pins)?;
            match service.set_backup_password(
                &password,
                &again,
                pin.as_deref().map(String::as_str),
            )? {
                Some(recovery) => {
                    print_line(
                        "Backup password set. This is the recovery key of this profile's backups.",
                    )?;
                    print_line(
                        "It opens every backup if the password is forgotten; it is shown only now:",
                    )?;
                    print_line("")?;
                    for line in &recovery.lines {
                        print_line(&format!("    {line}"))?;
                    }
                    print_line("")?;
                    print_line("Write it down or print it, and keep it away from this computer.")
                }
                None => {
                    print_line("Backup password changed; the recovery key is the same as before.")
                }
            }
        }
        BackupCommand::Now { dir } => {
            session::pin_for(&service, Operation::ShowCodes, pins)?;
            let status = service.backup_now(dir.as_deref())?;
            print_line(&format!(
                "backed up to {}",
                status.last_file.unwrap_or_default()
            ))
        }
        BackupCommand::List { dir, json } => {
            let files = service.list_backups(dir.as_deref())?;
            if *json {
                return print_line(&serde_json::to_string_pretty(&files)?);
            }
            if files.is_empty() {
                return print_line("No backups of this profile in that folder yet.");
            }
            for f in &files {
                print_line(&format!(
                    "{}  {}  {} bytes",
                    tessera_core::sheet::iso_date(f.created),
                    f.path,
                    f.bytes
                ))?;
            }
            Ok(())
        }
        BackupCommand::Verify { file } => {
            session::pin_for(&service, Operation::ShowCodes, pins)?;
            match service.verify_backup(file) {
                Ok((created, accounts)) => print_line(&format!(
                    "{}: whole, opens with this profile's backup key; {accounts} account{}, made {} (Unix time {created})",
                    file.display(),
                    if accounts == 1 { "" } else { "s" },
                    tessera_core::sheet::iso_date(created),
                )),
                Err(err) => {
                    let _ = writeln!(std::io::stderr(), "tessera: {}: {}", file.display(), err.message);
                    Err(CliError::Silent(if err.is_user_input() { 2 } else { 1 }))
                }
            }
        }
    }
}
