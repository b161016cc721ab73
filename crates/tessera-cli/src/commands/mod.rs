//! One module per command; each returns `Result<(), CliError>`.

mod check_key;
mod code;
mod inspect;

use crate::cli::{Cli, Command};
use crate::error::CliError;
use std::io::Write;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Code(args) => code::run(&args),
        Command::Inspect(args) => inspect::run(&args),
        Command::CheckKey(args) => check_key::run(&args),
    }
}

/// Writes text and a newline to stdout.
fn print_line(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    Ok(())
}
