//! `tessera list [--json]` — names and parameters, never keys. On a profile
//! with a PIN it asks for the PIN, as the app does before it shows the list.

use super::print_line;
use crate::cli::ListArgs;
use crate::error::CliError;
use crate::pin::PinSource;
use crate::session;
use serde_json::json;
use tessera_core::vault::AccountRecord;
use tessera_service::Operation;

fn to_json(a: &AccountRecord) -> serde_json::Value {
    let mut v = json!({
        "id": a.id.as_str(),
        "issuer": a.issuer,
        "account": a.name,
        "type": a.params.kind().as_str(),
        "algorithm": a.params.algorithm().as_str(),
        "digits": a.params.digits(),
    });
    if let Some(map) = v.as_object_mut() {
        if let Some(p) = a.params.period() {
            map.insert("period".into(), p.into());
        }
        if let Some(c) = a.params.counter() {
            map.insert("counter".into(), c.into());
        }
        map.insert("tags".into(), json!(a.tags));
        if a.backup.total > 0 {
            map.insert(
                "backup_codes".into(),
                json!({ "total": a.backup.total, "remaining": a.backup.remaining() }),
            );
        }
        map.insert("created".into(), a.created.into());
        map.insert("last_used".into(), json!(a.last_used));
    }
    v
}

pub fn run(profile: &str, args: &ListArgs, pins: &PinSource) -> Result<(), CliError> {
    let service = session::open(profile)?;
    session::pin_for(&service, Operation::ListAccounts, pins)?;
    let accounts = service.account_records()?;
    if args.json {
        let all: Vec<_> = accounts.iter().map(to_json).collect();
        return print_line(&serde_json::to_string_pretty(&all)?);
    }
    if accounts.is_empty() {
        return print_line("No accounts yet. Add one with `tessera add --uri URI` or `tessera add --issuer I --account A --secret KEY`.");
    }
    let width = accounts
        .iter()
        .map(|a| a.issuer.chars().count())
        .max()
        .unwrap_or(0)
        .max(6);
    print_line(&format!("{:<width$}  {:<5}  ACCOUNT", "ISSUER", "TYPE"))?;
    for a in &accounts {
        print_line(&format!(
            "{:<width$}  {:<5}  {}",
            a.issuer,
            a.params.kind().as_str(),
            a.name
        ))?;
    }
    Ok(())
}
