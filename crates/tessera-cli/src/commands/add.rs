//! `tessera add --uri URI` or `tessera add --issuer I --account A --secret KEY [...]`

use super::print_line;
use crate::cli::{AddArgs, KindArg};
use crate::error::CliError;
use crate::input::argument_or_stdin;
use crate::pin::PinSource;
use crate::session;
use std::io::Write;
use tessera_service::views::AccountForm;
use tessera_service::Operation;

pub fn run(profile: &str, args: &AddArgs, pins: &PinSource) -> Result<(), CliError> {
    let service = session::open(profile)?;
    if let Some(uri) = &args.uri {
        let text = argument_or_stdin(uri)?;
        // Checked before the PIN is asked: a broken link says so at once.
        let previews = service.inspect_link(&text)?.accounts;
        session::pin_for(&service, Operation::AddAccount, pins)?;
        for (view, preview) in service.add_link(&text)?.iter().zip(&previews) {
            print_line(&format!("added {} {}", view.id, view.label()))?;
            weak_key_note(&view.label(), preview.weak_key, preview.key_bits);
        }
        return Ok(());
    }
    let form = AccountForm {
        issuer: args.issuer.clone().unwrap_or_default(),
        name: args.account.clone().unwrap_or_default(),
        key: argument_or_stdin(args.secret.as_deref().unwrap_or_default())?.to_string(),
        kind: Some(
            match args.kind {
                KindArg::Totp => "totp",
                KindArg::Hotp => "hotp",
                KindArg::Steam => "steam",
            }
            .to_owned(),
        ),
        algorithm: Some(args.algorithm.clone()),
        digits: Some(args.digits),
        period: args.period,
        counter: args.counter,
    };
    let preview = service.preview_account(&form)?;
    session::pin_for(&service, Operation::AddAccount, pins)?;
    let view = service.add_account(&form)?;
    print_line(&format!("added {} {}", view.id, view.label()))?;
    weak_key_note(&view.label(), preview.weak_key, preview.key_bits);
    Ok(())
}

fn weak_key_note(name: &str, weak: bool, bits: u32) {
    if weak {
        let _ = writeln!(
            std::io::stderr(),
            "tessera: note: the key of {name} is only {bits} bits"
        );
    }
}
