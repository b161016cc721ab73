//! `tessera print --out FILE.pdf [--account QUERY]… [--with-recovery] [--paper a4|letter]`:
//! writes the backup sheet. The file is written atomically, only at `--out`.

use super::print_line;
use crate::cli::{PaperArg, PrintArgs};
use crate::error::CliError;
use crate::input::now;
use crate::pin::PinSource;
use crate::vault_access;
use std::io::Write;
use tessera_core::sheet::{self, Paper, SheetRequest, SheetWords};

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
    let profile_name = vault_access::profile(profile)?;
    let vault = vault_access::open(&profile_name)?;
    let records = if args.accounts.is_empty() {
        vault.accounts()?
    } else {
        let mut picked = Vec::new();
        for query in &args.accounts {
            let record = vault_access::pick_one(vault.index_store(), query)?;
            if !picked
                .iter()
                .any(|r: &tessera_core::vault::AccountRecord| r.id == record.id)
            {
                picked.push(record);
            }
        }
        picked
    };
    super::pin::unlock_if_needed(&vault, pins)?;
    let words = SheetWords::default();
    let mut accounts = Vec::with_capacity(records.len());
    for record in &records {
        accounts.push(vault.sheet_account(&record.id, args.with_recovery, &words)?);
    }
    let request = SheetRequest {
        profile: profile_name.as_str().to_owned(),
        printed_at: now()?,
        paper: match args.paper {
            Some(PaperArg::A4) => Paper::A4,
            Some(PaperArg::Letter) => Paper::Letter,
            None => Paper::from_locale_vars(|v| std::env::var(v).ok()),
        },
        accounts,
    };
    let fonts = tessera_fonts::for_characters(&request.characters(&words));
    let sheet = sheet::render(&request, &fonts, &words).map_err(CliError::failed)?;
    if !sheet.missing_glyphs.is_empty() {
        let chars: String = sheet.missing_glyphs.iter().collect();
        let _ = writeln!(
            std::io::stderr(),
            "tessera: no installed font has these characters; they print as boxes: {chars}"
        );
    }
    tessera_fs::write_atomically(&args.out, &sheet.pdf)
        .map_err(|e| CliError::Failed(format!("cannot write {}: {e}", args.out.display())))?;
    print_line(&format!(
        "wrote {} ({} account{}, {} page{}, {})",
        args.out.display(),
        records.len(),
        if records.len() == 1 { "" } else { "s" },
        sheet.pages,
        if sheet.pages == 1 { "" } else { "s" },
        request.paper.as_str()
    ))?;
    if args.with_recovery {
        let _ = writeln!(
            std::io::stderr(),
            "tessera: this sheet has recovery keys: anyone who holds it can make these accounts' codes"
        );
    }
    Ok(())
}
