//! `tessera check-key KEY [--json]`

use super::print_line;
use crate::cli::CheckKeyArgs;
use crate::error::CliError;
use crate::input::argument_or_stdin;
use serde_json::json;
use std::io::Write;
use tessera_core::check_key;
use zeroize::Zeroizing;

pub fn run(args: &CheckKeyArgs) -> Result<(), CliError> {
    let typed = argument_or_stdin(&args.key)?;
    let checked = check_key(&typed).map_err(CliError::invalid)?;
    if args.json {
        let rendered = Zeroizing::new(serde_json::to_string(&json!({
            "key": checked.normalized().as_str(),
            "bits": checked.strength.bits,
            "weak": checked.strength.is_weak(),
            "checked_lines": checked.checked_lines,
            "warning": checked.unusual_length.map(|w| w.to_string()),
        }))?);
        print_line(&rendered)
    } else {
        if checked.checked_lines > 0 {
            let _ = writeln!(
                std::io::stderr(),
                "tessera: note: typed from a backup sheet; the check letters of {} line(s) match",
                checked.checked_lines
            );
        }
        if let Some(warning) = checked.unusual_length {
            let _ = writeln!(std::io::stderr(), "tessera: warning: {warning}.");
        }
        print_line(&checked.normalized())?;
        print_line(&checked.strength.to_string())
    }
}
