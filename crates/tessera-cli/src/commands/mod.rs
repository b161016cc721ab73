//! One module per command; each returns `Result<(), CliError>`.

mod add;
mod backup;
mod backup_codes;
mod check_key;
mod clock;
mod code;
pub(crate) mod doctor;
mod export;
mod import;
mod inspect;
mod list;
mod log;
mod pin;
mod print;
mod remove;
mod rename;
mod scan;
mod share;

use crate::cli::{Cli, Command};
use crate::error::CliError;
use crate::pin::PinSource;
use std::io::Write;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<(), CliError> {
    let profile = cli.profile.as_str();
    let pins = PinSource::new(cli.pin_stdin);
    match cli.command {
        Command::Code(args) => code::run(profile, &args, &pins),
        Command::Inspect(args) => inspect::run(&args),
        Command::CheckKey(args) => check_key::run(&args),
        Command::Add(args) => add::run(profile, &args, &pins),
        Command::List(args) => list::run(profile, &args, &pins),
        Command::Rename(args) => rename::run(profile, &args, &pins),
        Command::Remove(args) => remove::run(profile, &args, &pins),
        Command::Doctor(args) => doctor::run(profile, &args),
        Command::SetPin(args) => pin::set(profile, args.shared_desk, &pins),
        Command::ChangePin => pin::change(profile, &pins),
        Command::RemovePin => pin::remove(profile, &pins),
        Command::Unlock => pin::unlock(profile, &pins),
        Command::BackupCodes(args) => backup_codes::run(profile, &args, &pins),
        Command::Scan(args) => scan::run(profile, &args, &pins),
        Command::Print(args) => print::run(profile, &args, &pins),
        Command::Log(args) => log::run(profile, &args, &pins),
        Command::Import(args) => import::run(profile, &args, &pins),
        Command::Export(args) => export::run(profile, &args, &pins),
        Command::Backup(args) => backup::run(profile, &args, &pins),
        Command::Restore(args) => import::restore(profile, &args, &pins),
        Command::Clock(args) => clock::run(&args),
        Command::Share(args) => share::run(profile, &args, &pins),
    }
}

/// Writes text and a newline to stdout.
fn print_line(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    Ok(())
}
