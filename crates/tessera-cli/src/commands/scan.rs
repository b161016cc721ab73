//! `tessera scan --image FILE… | --screen | --camera [--device N] [--timeout SECONDS] [--add]`:
//! prints each QR text found, one per line (exit 0), or says nothing was
//! found (exit 1). With `--add`, the setup codes among them are added to the
//! vault and only what was added is printed (issuer and account, never the
//! links, which hold the keys).

use super::print_line;
use crate::cli::ScanArgs;
use crate::error::CliError;
use crate::input::read_file_limited;
use crate::pin::PinSource;
use crate::session;
use std::io::Write;
use tessera_service::Operation;
use zeroize::Zeroizing;

pub fn run(profile: &str, args: &ScanArgs, pins: &PinSource) -> Result<(), CliError> {
    if !args.camera && (args.device.is_some() || args.timeout.is_some()) {
        return Err(CliError::Invalid(
            "--device and --timeout go with --camera".into(),
        ));
    }
    let texts: Vec<Zeroizing<String>> = if args.screen {
        tessera_capture::scan_screens()
            .map_err(CliError::failed)?
            .into_iter()
            .map(Zeroizing::new)
            .collect()
    } else if args.camera {
        scan_camera(args.device.unwrap_or(0), args.timeout.unwrap_or(30))?
    } else {
        let mut texts = Vec::new();
        for path in &args.images {
            let bytes = read_file_limited(path, tessera_service::MAX_IMAGE_BYTES)?;
            let found = tessera_service::decode_image(&bytes)
                .map_err(|e| CliError::Invalid(format!("{}: {}", path.display(), e.message)))?;
            texts.extend(found.into_iter().map(Zeroizing::new));
        }
        texts
    };
    if texts.is_empty() {
        let _ = writeln!(std::io::stderr(), "tessera: no QR code found");
        return Err(CliError::Silent(1));
    }
    if !args.add {
        for text in &texts {
            print_line(text)?;
        }
        return Ok(());
    }
    // Adding: the same intake as the app's; what was added is printed, never
    // the links (they hold the keys).
    let service = session::open(profile)?;
    session::pin_for(&service, Operation::AddAccount, pins)?;
    let found = service.take_scan(texts.iter().map(|t| t.to_string()).collect())?;
    for reason in &found.refused {
        let _ = writeln!(std::io::stderr(), "tessera: not added: {reason}");
    }
    for text in &found.other_texts {
        let _ = writeln!(
            std::io::stderr(),
            "tessera: this QR code is not an authenticator setup code: {text}"
        );
    }
    if found.preview.accounts.is_empty() {
        if let Some((scanned, total)) = found.transfer {
            let _ = writeln!(
                std::io::stderr(),
                "tessera: {scanned} of {total} parts of a Google Authenticator export were found; scan all of them in one go"
            );
        }
        return Err(CliError::Silent(1));
    }
    for view in service.add_scanned(None)? {
        print_line(&format!("added {} {}", view.id, view.label()))?;
    }
    Ok(())
}

/// Looks through camera `device` until a code shows or `timeout` seconds pass.
fn scan_camera(device: u32, timeout: u64) -> Result<Vec<Zeroizing<String>>, CliError> {
    use tessera_capture::{Camera, CaptureError, ScanOutcome};
    let camera = match Camera::open(device) {
        Ok(camera) => camera,
        Err(CaptureError::NoSuchCamera(n)) => {
            let names: Vec<String> = tessera_capture::cameras()
                .unwrap_or_default()
                .into_iter()
                .map(|c| format!("{}: {}", c.index, c.name))
                .collect();
            return Err(CliError::Invalid(format!(
                "there is no camera {n}; cameras: {}",
                names.join(", ")
            )));
        }
        Err(e) => return Err(CliError::failed(e)),
    };
    let _ = writeln!(
        std::io::stderr(),
        "tessera: hold the QR code up to the camera ({timeout} s)…"
    );
    let stop = std::sync::atomic::AtomicBool::new(false);
    match tessera_capture::scan_source(
        camera,
        std::time::Duration::from_secs(timeout),
        &stop,
        |_| {},
    )
    .map_err(CliError::failed)?
    {
        ScanOutcome::Found(texts) => Ok(texts.into_iter().map(Zeroizing::new).collect()),
        ScanOutcome::TimedOut | ScanOutcome::Stopped => Ok(Vec::new()),
    }
}
