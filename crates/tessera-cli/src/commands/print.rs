//! `tessera print --out FILE.pdf [--account QUERY]… [--with-recovery] [--paper a4|letter]`:
//! writes the backup sheet. The file is written atomically, only at `--out`.

use super::print_line;
use crate::cli::{PaperArg, PrintArgs};
use crate::error::CliError;
use crate::pin::PinSource;
use crate::session;
use std::io::Write;
use tessera_service::views::{PaperChoice, PrintRequest};
use tessera_service::Operation;

pub fn run(profile: &str, args: &PrintArgs, pins: &PinSource) -> Result<(), CliError> {
    if args
        .out
        .extension()
        .is_none_or(|e| !e.eq_ignore_ascii_case("pdf"))
    {
        return Err(CliError::Invalid(format!(
            "{} does not end in .pdf",
            args.out.display()
        )));
    }
    let service = session::open(profile)?;
    let op = if args.with_recovery {
        Operation::PrintSheetWithKeys
    } else {
        Operation::PrintSheet
    };
    // With keys, the PIN is this sheet's re-authentication.
    let pin = session::pin_for(&service, op, pins)?;
    let mut ids = Vec::new();
    if !args.accounts.is_empty() {
        if let Some(pin) = &pin {
            service.unlock(pin)?;
        }
        for query in &args.accounts {
            let account = session::pick_one(&service, query)?;
            if !ids.contains(&account.id) {
                ids.push(account.id);
            }
        }
    }
    let request = PrintRequest {
        ids,
        with_recovery: args.with_recovery,
        paper: match args.paper {
            Some(PaperArg::A4) => PaperChoice::A4,
            Some(PaperArg::Letter) => PaperChoice::Letter,
            None => tessera_service::default_paper(|v| std::env::var(v).ok()),
        },
    };
    let sheet = service.write_sheet(&request, &args.out, pin.as_deref().map(String::as_str))?;
    if !sheet.missing_glyphs.is_empty() {
        let _ = writeln!(
            std::io::stderr(),
            "tessera: no installed font has these characters; they print as boxes: {}",
            sheet.missing_glyphs
        );
    }
    print_line(&format!(
        "wrote {} ({} account{}, {} page{}, {})",
        args.out.display(),
        sheet.accounts,
        if sheet.accounts == 1 { "" } else { "s" },
        sheet.pages,
        if sheet.pages == 1 { "" } else { "s" },
        match request.paper {
            PaperChoice::A4 => "a4",
            PaperChoice::Letter => "letter",
        }
    ))?;
    if args.with_recovery {
        let _ = writeln!(
            std::io::stderr(),
            "tessera: this sheet has recovery keys: anyone who holds it can make these accounts' codes"
        );
    }
    Ok(())
}
