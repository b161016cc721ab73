//! Scanning a setup QR code: from an image the user opened, dropped or
//! pasted, from the screen, or from a camera (a live preview streams to the
//! webview while a background thread decodes full-size frames). What the
//! codes hold goes to the service's intake and stays in Rust until the user
//! confirms; the webview only sees what they would add.

use crate::shell::Shell;
use std::time::{Duration, Instant};
use tauri::ipc::{Channel, InvokeBody, InvokeResponseBody, Request};
use tauri::{AppHandle, Manager, Runtime, State};
use tessera_capture::{CaptureError, Frame, ScanOutcome};
use tessera_service::views::{AccountView, CameraChoice, ScanResult};
use tessera_service::{Error, ErrorKind, Operation, Service};

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
    service: State<'_, Service>,
    request: Request<'_>,
) -> Result<ScanResult, Error> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(Error::invalid("send the image file's bytes"));
    };
    service.scan_image(bytes)
}

/// Captures every monitor (with Tessera's window hidden) and decodes the QR
/// codes on them.
#[tauri::command]
pub async fn scan_screen<R: Runtime>(
    app: AppHandle<R>,
    service: State<'_, Service>,
) -> Result<ScanResult, Error> {
    service.authorize(Operation::Scan, None)?;
    let window = app.get_webview_window(crate::MAIN_WINDOW);
    if let Some(w) = &window {
        let _ = w.hide();
        std::thread::sleep(HIDE_SETTLE);
    }
    let captured = tessera_capture::scan_screens();
    if let Some(w) = &window {
        let _ = w.show();
        let _ = w.set_focus();
    }
    service.take_scan(captured.map_err(Error::invalid)?)
}

/// The cameras connected now (empty when there are none).
#[tauri::command]
pub async fn list_cameras(
    service: State<'_, Service>,
    shell: State<'_, Shell>,
) -> Result<Vec<CameraChoice>, Error> {
    service.authorize(Operation::Scan, None)?;
    let list = (shell.cameras.list)().map_err(camera_error)?;
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
    service: State<'_, Service>,
    shell: State<'_, Shell>,
    device: u32,
    preview: Channel<InvokeResponseBody>,
) -> Result<Option<ScanResult>, Error> {
    service.authorize(Operation::Scan, None)?;
    let stop = shell.start_camera();
    let open = shell.cameras.open.clone();
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
    .map_err(|e| Error::internal(format!("the camera scan failed: {e}")))?
    .map_err(camera_error)?;
    match outcome {
        ScanOutcome::Found(texts) => service.take_scan(texts).map(Some),
        ScanOutcome::Stopped => Ok(None),
        ScanOutcome::TimedOut => Err(Error::new(
            ErrorKind::Camera,
            "no QR code was seen for five minutes, so the camera was turned off",
        )),
    }
}

/// Stops the running camera scan (the dialog closed or switched source).
#[tauri::command]
pub fn stop_camera(shell: State<'_, Shell>) {
    shell.stop_camera();
}

fn camera_error(error: CaptureError) -> Error {
    Error::new(ErrorKind::Camera, error.to_string())
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

/// Adds the accounts of the last scan; `pick`, when given, keeps only those
/// positions of the scan's preview (several codes were found and the user chose).
#[tauri::command]
pub async fn add_scanned(
    service: State<'_, Service>,
    pick: Option<Vec<u32>>,
) -> Result<Vec<AccountView>, Error> {
    service.add_scanned(pick.as_deref())
}

/// Forgets what the last scans staged, and any half-scanned export.
#[tauri::command]
pub fn cancel_scan(service: State<'_, Service>) {
    service.cancel_scan();
}
