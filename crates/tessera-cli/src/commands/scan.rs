//! `tessera scan --image FILE… | --screen | --camera [--device N] [--timeout SECONDS] [--add]`:
//! prints each QR text found, one per line (exit 0), or says nothing was
//! found (exit 1). With `--add`, setup links among them are added to the vault.

use super::print_line;
use crate::cli::ScanArgs;
use crate::error::CliError;
use crate::input::{now, random_id};
use crate::pin::PinSource;
use crate::vault_access;
use std::io::Write;
use tessera_core::qr::{decode_image_within, STILL_BUDGET};
use tessera_core::{parse_setup_link, Account, SetupLink};
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
            let bytes = std::fs::read(path)
                .map_err(|e| CliError::Invalid(format!("cannot read {}: {e}", path.display())))?;
            let started = std::time::Instant::now();
            let found = decode_image_within(&bytes, &|| started.elapsed() >= STILL_BUDGET)
                .map_err(|e| CliError::Invalid(format!("{}: {e}", path.display())))?;
            texts.extend(found.into_iter().map(Zeroizing::new));
        }
        texts
    };
    if texts.is_empty() {
        let _ = writeln!(std::io::stderr(), "tessera: no QR code found");
        return Err(CliError::Silent(1));
    }
    for text in &texts {
        print_line(text)?;
    }
    if !args.add {
        return Ok(());
    }
    let mut accounts: Vec<Account> = Vec::new();
    for text in &texts {
        match parse_setup_link(text) {
            Ok(SetupLink::Account(a)) => accounts.push(a),
            Ok(SetupLink::Migration(batch)) => accounts.extend(batch.accounts),
            Err(_) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "tessera: this QR code is not an authenticator setup code: {}",
                    text.chars().take(80).collect::<String>()
                );
            }
        }
    }
    if accounts.is_empty() {
        return Err(CliError::Silent(1));
    }
    let vault = vault_access::open(&vault_access::profile(profile)?)?;
    super::pin::unlock_if_needed(&vault, pins)?;
    let now = now()?;
    for account in &accounts {
        let record = vault.add(account, random_id()?, now)?;
        let _ = writeln!(
            std::io::stderr(),
            "tessera: added {}",
            record.display_name()
        );
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
