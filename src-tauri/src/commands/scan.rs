//! Scanning a setup QR code: from an image the user opened, dropped or
//! pasted, from the screen, or from a camera (a live preview streams to the
//! webview while a background thread decodes full-size frames). The decoded
//! links stay in Rust until the user confirms; the webview only sees what
//! they would add (names and current codes). A Google Authenticator export in several codes is collected part
//! by part and added when complete.

use super::ensure_unlocked;
use crate::dto::{AccountView, CameraChoice, LinkPreview, PreviewAccount, ScanResult};
use crate::error::{ErrorKind, IpcError};
use crate::state::{unix_now, AppState};
use std::time::{Duration, Instant};
use tauri::ipc::{Channel, InvokeBody, InvokeResponseBody, Request};
use tauri::{AppHandle, Manager, Runtime, State};
use tessera_capture::{CaptureError, Frame, ScanOutcome};
use tessera_core::{parse_setup_link, SetupLink};
use zeroize::Zeroizing;

/// Largest image file accepted (the decoder also caps pixels).
const MAX_IMAGE_BYTES: usize = 50 * 1024 * 1024;

/// How long the window stays hidden before the screen is captured, so the
/// capture shows what is behind Tessera, not Tessera itself.
const HIDE_SETTLE: Duration = Duration::from_millis(300);

/// Preview frames go to the webview at most this often (15 a second).
const PREVIEW_EVERY: Duration = Duration::from_millis(66);
/// Preview frames are at most this wide; the decoder sees whole frames.
const PREVIEW_WIDTH: u32 = 320;
/// A camera left scanning with nothing found is turned off after this long.
const CAMERA_TIMEOUT: Duration = Duration::from_secs(300);

/// Decodes every QR code in the image sent as the raw request body.
#[tauri::command]
pub async fn scan_image(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Result<ScanResult, IpcError> {
    ensure_unlocked(&state)?;
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(IpcError::invalid("send the image file's bytes"));
    };
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(IpcError::invalid("the image file is larger than 50 MB"));
    }
    let started = Instant::now();
    let out_of_time = || started.elapsed() >= tessera_core::qr::STILL_BUDGET;
    let texts =
        tessera_core::qr::decode_image_within(bytes, &out_of_time).map_err(IpcError::invalid)?;
    take_texts(&state, texts)
}

/// Captures every monitor (with Tessera's window hidden) and decodes the QR
/// codes on them.
#[tauri::command]
pub async fn scan_screen<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<ScanResult, IpcError> {
    ensure_unlocked(&state)?;
    let window = app.get_webview_window("main");
    if let Some(w) = &window {
        let _ = w.hide();
        std::thread::sleep(HIDE_SETTLE);
    }
    let captured = tessera_capture::scan_screens();
    if let Some(w) = &window {
        let _ = w.show();
        let _ = w.set_focus();
    }
    let texts = captured.map_err(|e| IpcError::invalid(e.to_string()))?;
    take_texts(&state, texts)
}

/// The cameras connected now (empty when there are none).
#[tauri::command]
pub async fn list_cameras(state: State<'_, AppState>) -> Result<Vec<CameraChoice>, IpcError> {
    ensure_unlocked(&state)?;
    let list = (state.cameras().list)().map_err(camera_error)?;
    Ok(list
        .into_iter()
        .map(|c| CameraChoice {
            index: c.index,
            name: c.name,
        })
        .collect())
}

/// Scans with camera `device` until a QR code is seen, [`stop_camera`] is
/// called (the dialog closed), the app locks, or five minutes pass. While it
/// runs, small greyscale preview frames go to `preview` as raw bytes: width
/// and height (little-endian u16 each), then one byte per pixel. The camera
/// is released the moment this returns. `None` when it was stopped.
#[tauri::command]
pub async fn scan_camera(
    state: State<'_, AppState>,
    device: u32,
    preview: Channel<InvokeResponseBody>,
) -> Result<Option<ScanResult>, IpcError> {
    ensure_unlocked(&state)?;
    let stop = state.start_camera();
    let open = state.cameras().open;
    let outcome = tauri::async_runtime::spawn_blocking(move || {
        let camera = open(device)?;
        let mut last: Option<Instant> = None;
        tessera_capture::scan_source(camera, CAMERA_TIMEOUT, &stop, |frame| {
            if last.is_none_or(|t| t.elapsed() >= PREVIEW_EVERY) {
                last = Some(Instant::now());
                // A closed dialog stops the scan through stop_camera; a lost
                // channel only loses the preview.
                let _ = preview.send(InvokeResponseBody::Raw(preview_bytes(frame)));
            }
        })
    })
    .await
    .map_err(|e| IpcError::internal(format!("the camera scan failed: {e}")))?
    .map_err(camera_error)?;
    match outcome {
        ScanOutcome::Found(texts) => take_texts(&state, texts).map(Some),
        ScanOutcome::Stopped => Ok(None),
        ScanOutcome::TimedOut => Err(IpcError::new(
            ErrorKind::Camera,
            "no QR code was seen for five minutes, so the camera was turned off",
        )),
    }
}

/// Stops the running camera scan (the dialog closed or switched source).
#[tauri::command]
pub fn stop_camera(state: State<'_, AppState>) {
    state.stop_camera();
}

fn camera_error(error: CaptureError) -> IpcError {
    IpcError::new(ErrorKind::Camera, error.to_string())
}

/// A small greyscale copy of `frame` for the preview: a header of width and
/// height (u16, little-endian), then the pixels, shrunk by whole steps to at
/// most [`PREVIEW_WIDTH`] wide.
pub fn preview_bytes(frame: &Frame) -> Vec<u8> {
    let step = frame.width.div_ceil(PREVIEW_WIDTH).max(1) as usize;
    let (w, h) = (frame.width as usize / step, frame.height as usize / step);
    let (w, h) = (w.min(usize::from(u16::MAX)), h.min(usize::from(u16::MAX)));
    let mut out = Vec::with_capacity(4 + w * h);
    out.extend_from_slice(&(w as u16).to_le_bytes());
    out.extend_from_slice(&(h as u16).to_le_bytes());
    let fw = frame.width as usize;
    for y in 0..h {
        for x in 0..w {
            out.push(
                frame
                    .pixels
                    .get(y * step * fw + x * step)
                    .copied()
                    .unwrap_or(0),
            );
        }
    }
    out
}

/// Sorts decoded texts into setup links (held for `add_scanned`), export
/// parts (collected) and other texts (shown as they are).
pub fn take_texts(state: &AppState, texts: Vec<String>) -> Result<ScanResult, IpcError> {
    let now = unix_now()?;
    let mut accounts = Vec::new();
    let mut part = None;
    let mut links = Vec::new();
    let mut other = Vec::new();
    let mut transfer = None;
    for text in texts {
        let text = Zeroizing::new(text);
        match parse_setup_link(&text) {
            Ok(SetupLink::Account(account)) => {
                accounts.push(PreviewAccount::of(&account, now));
                links.push(text);
            }
            Ok(SetupLink::Migration(batch)) if batch.batch_size > 1 => {
                part = Some((batch.batch_index + 1, batch.batch_size));
                accounts.extend(batch.accounts.iter().map(|a| PreviewAccount::of(a, now)));
                let progress = state
                    .with_transfer(|c| c.add(batch))
                    .map_err(IpcError::invalid)?;
                transfer = Some((progress.scanned, progress.total));
            }
            Ok(SetupLink::Migration(batch)) => {
                accounts.extend(batch.accounts.iter().map(|a| PreviewAccount::of(a, now)));
                links.push(text);
            }
            // Not an authenticator code: its text is shown so the user sees what it was.
            Err(_) => other.push(text.to_string()),
        }
    }
    let found = !(accounts.is_empty() && other.is_empty());
    state.hold_scanned(links);
    Ok(ScanResult {
        found,
        transfer,
        preview: LinkPreview { accounts, part },
        other_texts: other,
    })
}

/// Adds the accounts of the last scan, or of a whole multi-code export once
/// every part is scanned. `pick`, when given, keeps only those positions of
/// the scan's preview (several codes were found and the user chose).
#[tauri::command]
pub async fn add_scanned(
    state: State<'_, AppState>,
    pick: Option<Vec<u32>>,
) -> Result<Vec<AccountView>, IpcError> {
    ensure_unlocked(&state)?;
    let mut accounts = Vec::new();
    let pending = state.with_transfer(|c| c.progress());
    if let Some(progress) = pending {
        if !progress.is_complete() {
            return Err(IpcError::invalid(format!(
                "{} of {} parts of the export are scanned; scan the rest first",
                progress.scanned, progress.total
            )));
        }
        accounts.extend(
            state
                .with_transfer(|c| c.take_complete())
                .unwrap_or_default(),
        );
    }
    for link in &state.take_scanned() {
        match parse_setup_link(link).map_err(IpcError::invalid)? {
            SetupLink::Account(account) => accounts.push(account),
            SetupLink::Migration(batch) => accounts.extend(batch.accounts),
        }
    }
    if let Some(pick) = pick {
        accounts = accounts
            .into_iter()
            .enumerate()
            .filter(|(i, _)| pick.iter().any(|p| *p as usize == *i))
            .map(|(_, a)| a)
            .collect();
    }
    if accounts.is_empty() {
        return Err(IpcError::invalid("there is no scanned account to add"));
    }
    super::accounts::add_all(&state, &accounts)
}
