//! The `tessera` command. Exit status: 0 success, 2 invalid input or usage, 1 anything else.

mod cli;
mod commands;
mod error;
mod input;
mod pin;
mod session;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    tessera_service::panic_hook::install();
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => err.report(),
    }
}
