//! `tessera log [--json]`: the profile's activity log, newest first (asks
//! for the PIN on a profile with one).

use super::print_line;
use crate::cli::LogArgs;
use crate::error::CliError;
use crate::pin::PinSource;
use crate::session;
use tessera_service::Operation;

pub fn run(profile: &str, args: &LogArgs, pins: &PinSource) -> Result<(), CliError> {
    let service = session::open(profile)?;
    session::pin_for(&service, Operation::ViewActivity, pins)?;
    let entries = service.activity()?;
    if args.json {
        return print_line(&serde_json::to_string_pretty(&entries)?);
    }
    if entries.is_empty() {
        return print_line("Nothing has been logged on this profile yet.");
    }
    for e in &entries {
        let mut line = format!("{}  {:<12}  {}", e.time, e.user, e.event);
        if let Some(account) = &e.account {
            line.push_str(&format!("  {account}"));
        }
        if let Some(detail) = &e.detail {
            line.push_str(&format!("  ({detail})"));
        }
        print_line(&line)?;
    }
    Ok(())
}
