//! The `tessera` command. Exit status: 0 success, 2 invalid input or usage, 1 anything else.

mod cli;
mod commands;
mod error;
mod input;
mod pin;
mod vault_access;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    tessera_core::qr::quiet_decoder_panics();
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => err.report(),
    }
}
