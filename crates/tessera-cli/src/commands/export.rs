//! `tessera export --format aegis|otpauth|tessera --out FILE [--password-stdin] [--plain]`:
//! every account with its key, to one file. The PIN is asked again; an
//! otpauth list is not encrypted, so it needs `--plain` and is warned about.

use super::print_line;
use crate::cli::{ExportArgs, ExportFormatArg};
use crate::error::CliError;
use crate::pin::{read_new_password, PinSource};
use crate::session;
use std::io::Write;
use tessera_service::views::ExportFormat;
use tessera_service::Operation;

pub fn run(profile: &str, args: &ExportArgs, pins: &PinSource) -> Result<(), CliError> {
    let format = match args.format {
        ExportFormatArg::Aegis => ExportFormat::Aegis,
        ExportFormatArg::Otpauth => ExportFormat::Otpauth,
        ExportFormatArg::Tessera => ExportFormat::Tessera,
    };
    if format == ExportFormat::Otpauth && !args.plain {
        return Err(CliError::Invalid(
            "an otpauth list is not encrypted: anyone who reads the file can make every code. Add --plain if that is what you want".into(),
        ));
    }
    if format != ExportFormat::Otpauth && args.plain {
        return Err(CliError::Invalid(
            "--plain goes with --format otpauth; aegis and tessera exports are always encrypted"
                .into(),
        ));
    }
    let password = match format {
        ExportFormat::Aegis => Some(read_new_password(
            args.password_stdin,
            "Password for the export: ",
        )?),
        ExportFormat::Tessera if args.password_stdin => Some(read_new_password(true, "")?),
        _ => None,
    };
    if let Some((password, again)) = &password {
        if password != again {
            return Err(CliError::Invalid(
                "the two passwords differ; nothing was written".into(),
            ));
        }
    }
    let service = session::open(profile)?;
    let pin = session::pin_for(&service, Operation::Export, pins)?;
    let written = service.export(
        format,
        &args.out,
        password.as_ref().map(|(p, _)| p.as_str()),
        pin.as_deref().map(String::as_str),
    )?;
    print_line(&format!(
        "wrote {} ({} account{})",
        written.path,
        written.accounts,
        if written.accounts == 1 { "" } else { "s" }
    ))?;
    if written.plain {
        let _ = writeln!(
            std::io::stderr(),
            "tessera: warning: {} is NOT encrypted: anyone who reads it can make every code. Import it and delete it.",
            written.path
        );
    }
    Ok(())
}
