//! `tessera import FILE… [--format NAME] [--password-stdin] [--dry-run] [--json] [--show-secret]`,
//! `tessera import --list-formats`, and `tessera restore FILE [--password-stdin |
//! --recovery-key-stdin] [--dry-run] [--json]`.
//!
//! Exit status: 0 when every entry was imported (or would be), 1 when some
//! were skipped (listed on stderr), 2 for an unreadable file, a wrong
//! password or an unknown format.

use super::print_line;
use crate::cli::{ImportArgs, RestoreArgs};
use crate::error::CliError;
use crate::input::read_file_limited;
use crate::pin::{read_password, PinSource};
use crate::session;
use serde_json::{json, Value};
use std::io::{BufRead, Read, Write};
use std::path::Path;
use tessera_service::{BackupCredential, ImportBatch, Operation, Service};
use zeroize::Zeroizing;

/// The dry-run JSON of one batch (keys only with `show_secret`, asked for).
fn batch_json(batch: &ImportBatch, show_secret: bool) -> Value {
    let accounts: Vec<Value> = batch
        .entries
        .iter()
        .map(|e| {
            let a = &e.account;
            let mut v = json!({
                "issuer": a.issuer,
                "account": a.name,
                "type": a.params.kind().as_str(),
                "algorithm": a.params.algorithm().as_str(),
                "digits": a.params.digits(),
                "period": a.params.period(),
                "counter": a.params.counter(),
            });
            if show_secret {
                if let Some(map) = v.as_object_mut() {
                    map.insert("secret".into(), a.key.to_base32().to_string().into());
                }
            }
            v
        })
        .collect();
    let skipped: Vec<Value> = batch
        .skipped
        .iter()
        .map(|s| json!({ "entry": s.entry, "reason": s.reason }))
        .collect();
    json!({ "format": batch.format, "accounts": accounts, "skipped": skipped })
}

fn print_json(value: &Value) -> Result<(), CliError> {
    print_line(&Zeroizing::new(serde_json::to_string_pretty(value)?))
}

fn report_skipped(path: &Path, batch: &ImportBatch) {
    if batch.skipped.is_empty() {
        return;
    }
    let mut err = std::io::stderr().lock();
    let total = batch.entries.len() + batch.skipped.len();
    let _ = writeln!(
        err,
        "tessera: {}: {} of {total} accounts can be imported; {} cannot:",
        path.display(),
        batch.entries.len(),
        batch.skipped.len()
    );
    for s in &batch.skipped {
        let _ = writeln!(err, "  {}: {}", s.entry, s.reason);
    }
}

/// Adds a batch after asking for the PIN when needed; prints what happened.
fn add(
    service: &Service,
    path: &Path,
    batch: &ImportBatch,
    pins: &PinSource,
) -> Result<(), CliError> {
    session::pin_for(service, Operation::AddAccount, pins)?;
    let outcome = service.add_batch(batch, None)?;
    for view in &outcome.added {
        print_line(&format!("added {} {}", view.id, view.label()))?;
    }
    let mut summary = format!(
        "{}: {} account{} added from {}",
        path.display(),
        outcome.added.len(),
        if outcome.added.len() == 1 { "" } else { "s" },
        batch.title
    );
    if outcome.duplicates > 0 {
        summary.push_str(&format!(
            ", {} already here (not added twice)",
            outcome.duplicates
        ));
    }
    let _ = writeln!(std::io::stderr(), "tessera: {summary}");
    Ok(())
}

pub fn run(profile: &str, args: &ImportArgs, pins: &PinSource) -> Result<(), CliError> {
    if args.list_formats {
        for format in tessera_service::import_formats() {
            print_line(&format!("{:<20} {}", format.name, format.title))?;
        }
        return Ok(());
    }
    if (args.json || args.show_secret) && !args.dry_run {
        return Err(CliError::Invalid(
            "--json and --show-secret go with --dry-run".into(),
        ));
    }
    let service = session::open(profile)?;
    let mut some_skipped = false;
    let mut documents = Vec::new();
    for path in &args.files {
        let bytes = read_file_limited(path, tessera_core::import::MAX_FILE_BYTES)?;
        let found = tessera_service::identify(&bytes).map_err(|e| prefixed(path, e))?;
        let password = if found.encrypted {
            Some(read_password(
                args.password_stdin,
                &format!("Password of {} ({}): ", path.display(), found.title),
            )?)
        } else {
            None
        };
        let batch = if found.format == "tessera" {
            let password = password.as_deref().map(String::as_str).unwrap_or_default();
            tessera_service::read_backup(&bytes, BackupCredential::Password(password))
        } else {
            tessera_service::read_export(
                &bytes,
                args.format.as_deref(),
                password.as_deref().map(String::as_str),
            )
        }
        .map_err(|e| prefixed(path, e))?;
        some_skipped |= !batch.skipped.is_empty();
        report_skipped(path, &batch);
        if args.dry_run {
            if args.json {
                documents.push(batch_json(&batch, args.show_secret));
            } else {
                for e in &batch.entries {
                    print_line(&format!(
                        "would add {} ({}, {})",
                        label(&e.account.issuer, &e.account.name),
                        e.account.params.kind().as_str(),
                        e.account.params.algorithm().as_str()
                    ))?;
                }
            }
        } else {
            add(&service, path, &batch, pins)?;
        }
    }
    match documents.len() {
        0 => {}
        1 => print_json(&documents[0])?,
        _ => print_json(&Value::Array(documents))?,
    }
    if some_skipped {
        Err(CliError::Silent(1))
    } else {
        Ok(())
    }
}

fn label(issuer: &str, name: &str) -> String {
    match (issuer.is_empty(), name.is_empty()) {
        (false, false) => format!("{issuer} ({name})"),
        (false, true) => issuer.to_owned(),
        (true, false) => name.to_owned(),
        (true, true) => "an unnamed account".to_owned(),
    }
}

/// A file's error, naming the file.
fn prefixed(path: &Path, err: tessera_service::Error) -> CliError {
    let message = format!("{}: {}", path.display(), err.message);
    if err.is_user_input() {
        CliError::Invalid(message)
    } else {
        CliError::Failed(message)
    }
}

/// Reads a recovery key typed on standard input: every line up to an empty
/// one (or the end).
fn read_recovery_key() -> Result<Zeroizing<String>, CliError> {
    let mut typed = Zeroizing::new(String::new());
    let stdin = std::io::stdin();
    let mut lock = stdin.lock();
    loop {
        let mut line = Zeroizing::new(String::new());
        if (&mut lock).take(1024).read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        typed.push_str(&line);
        if typed.len() > 4096 {
            return Err(CliError::Invalid(
                "standard input holds more than a recovery key".into(),
            ));
        }
    }
    if typed.trim().is_empty() {
        return Err(CliError::Invalid(
            "no recovery key on standard input".into(),
        ));
    }
    Ok(typed)
}

pub fn restore(profile: &str, args: &RestoreArgs, pins: &PinSource) -> Result<(), CliError> {
    let bytes = read_file_limited(&args.file, tessera_core::envelope::MAX_FILE_BYTES)?;
    if tessera_service::identify(&bytes)
        .map(|f| f.format != "tessera")
        .unwrap_or(true)
    {
        return Err(CliError::Invalid(format!(
            "{} is not a Tessera backup (to bring in another app's export, use `tessera import`)",
            args.file.display()
        )));
    }
    let secret = if args.recovery_key_stdin {
        read_recovery_key()?
    } else {
        read_password(
            args.password_stdin,
            &format!("Backup password of {}: ", args.file.display()),
        )?
    };
    let credential = if args.recovery_key_stdin {
        BackupCredential::RecoveryKey(&secret)
    } else {
        BackupCredential::Password(&secret)
    };
    let batch =
        tessera_service::read_backup(&bytes, credential).map_err(|e| prefixed(&args.file, e))?;
    report_skipped(&args.file, &batch);
    if args.dry_run {
        if args.json {
            print_json(&batch_json(&batch, false))?;
        } else {
            for e in &batch.entries {
                print_line(&format!(
                    "would restore {}",
                    label(&e.account.issuer, &e.account.name)
                ))?;
            }
        }
    } else {
        let service = session::open(profile)?;
        add(&service, &args.file, &batch, pins)?;
    }
    if batch.skipped.is_empty() {
        Ok(())
    } else {
        Err(CliError::Silent(1))
    }
}
