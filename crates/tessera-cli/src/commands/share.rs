//! `tessera share init|join|approve|sync|status|revoke`: the shared
//! practice vault (see `tessera_core::share`).

use super::print_line;
use crate::cli::{ShareArgs, ShareCommand};
use crate::error::CliError;
use crate::pin::PinSource;
use crate::session;
use std::io::{BufRead, IsTerminal, Write};
use tessera_service::views::{ShareStatusView, SyncReport};
use tessera_service::{DeskRole, Operation};

fn json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    print_line(&serde_json::to_string_pretty(value).map_err(CliError::failed)?)
}

fn print_status(status: &ShareStatusView) -> Result<(), CliError> {
    print_line(&format!(
        "practice {} (epoch {}); this desk: {} [{}], {}",
        status.practice,
        status.epoch,
        status.this_desk.name,
        status.this_desk.id,
        status.this_desk.state
    ))?;
    for d in &status.desks {
        let seen = d
            .last_seen
            .map(|t| format!("last seen {}", tessera_core::sheet::iso_date(t)))
            .unwrap_or_else(|| "not seen yet".into());
        print_line(&format!(
            "  {} [{}] {} {}, {seen}",
            d.name, d.id, d.role, d.state
        ))?;
    }
    for p in &status.pending {
        print_line(&format!("  waiting for approval: {} [{}]", p.name, p.id))?;
    }
    for c in &status.conflicts {
        print_line(&format!("  conflict: {}: {}", c.name, c.advice))?;
    }
    Ok(())
}

fn print_report(report: &SyncReport) -> Result<(), CliError> {
    print_line(&format!(
        "{}: {} change(s) sent; {} added, {} updated, {} removed here",
        report.state, report.sent, report.added, report.updated, report.removed
    ))
}

fn confirm(name: &str) -> Result<bool, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Invalid(
            "not asking for confirmation outside a terminal: add --yes to revoke".into(),
        ));
    }
    let mut err = std::io::stderr().lock();
    write!(
        err,
        "Revoke desk {name}? It keeps the accounts it already has; re-enrol them afterwards. [y/N] "
    )?;
    err.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}

pub fn run(profile: &str, args: &ShareArgs, pins: &PinSource) -> Result<(), CliError> {
    let service = session::open(profile)?;
    match &args.command {
        ShareCommand::Init { folder, practice } => {
            let pin = session::pin_for(&service, Operation::ShareInit, pins)?;
            let status =
                service.share_init(folder, practice, pin.as_deref().map(|p| p.as_str()))?;
            print_status(&status)
        }
        ShareCommand::Join { folder } => {
            session::pin_for(&service, Operation::ShareJoin, pins)?;
            let join = service.share_join(folder)?;
            print_line(&format!(
                "asked to join {}; on an admin desk run:\n  tessera share approve {}\njoin code: {}",
                join.practice, join.code, join.code
            ))
        }
        ShareCommand::Approve { code, admin } => {
            let pin = session::pin_for(&service, Operation::ShareApprove, pins)?;
            let role = if *admin {
                DeskRole::Admin
            } else {
                DeskRole::Staff
            };
            let desk = service.share_approve(code, role, pin.as_deref().map(|p| p.as_str()))?;
            print_line(&format!(
                "approved {} [{}] as {}",
                desk.name, desk.id, desk.role
            ))
        }
        ShareCommand::Sync => {
            session::pin_for(&service, Operation::ShareSync, pins)?;
            print_report(&service.share_sync()?)
        }
        ShareCommand::Status { json: as_json } => {
            session::pin_for(&service, Operation::ShareStatus, pins)?;
            let status = service.share_status()?;
            if *as_json {
                json(&status)
            } else {
                print_status(&status)
            }
        }
        ShareCommand::Revoke { desk, yes } => {
            let pin = session::pin_for(&service, Operation::ShareRevoke, pins)?;
            if !yes && !confirm(desk)? {
                return print_line("not revoked");
            }
            let revoked = service.share_revoke(desk, pin.as_deref().map(|p| p.as_str()))?;
            print_line(&format!(
                "revoked {} [{}]; epoch {} starts for the other desks",
                revoked.desk.name, revoked.desk.id, revoked.epoch
            ))?;
            if !revoked.reenrol.is_empty() {
                print_line(&format!(
                    "that PC keeps the keys it had: re-enrol these {} account(s) (a new key from each website):",
                    revoked.reenrol.len()
                ))?;
                for a in &revoked.reenrol {
                    let label = match (a.issuer.is_empty(), a.name.is_empty()) {
                        (false, false) => format!("{} ({})", a.issuer, a.name),
                        (false, true) => a.issuer.clone(),
                        _ => a.name.clone(),
                    };
                    print_line(&format!("  {label}"))?;
                }
            }
            Ok(())
        }
    }
}
