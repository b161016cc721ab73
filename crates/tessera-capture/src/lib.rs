//! Frames for the QR decoder (`tessera_core::qr`): every monitor of the
//! screen, cameras, or image files, all as luma [`Frame`]s. A camera is a
//! [`FrameSource`]; [`scan_source`] reads one until a code appears, the time
//! runs out or the caller stops it, and the source is dropped (the camera
//! released) as soon as it returns.

mod camera;
mod files;
mod screen;
#[cfg(all(target_os = "linux", not(target_env = "ohos")))]
mod wayland;
#[cfg(all(target_os = "linux", not(target_env = "ohos")))]
mod x11;

pub use camera::{cameras, Camera, CameraInfo};
pub use files::ImageFrames;
pub use screen::{capture_screens, Screen};

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tessera_core::qr::{decode_frame_rolling, decode_frame_within, LumaFrame, STILL_BUDGET};

/// A captured greyscale picture, one byte per pixel, row by row.
#[derive(Clone)]
pub struct Frame {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width × height` bytes.
    pub pixels: Vec<u8>,
}

impl std::fmt::Debug for Frame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Frame({}×{})", self.width, self.height)
    }
}

impl Frame {
    /// The frame as the decoder takes it.
    pub fn luma(&self) -> LumaFrame<'_> {
        LumaFrame {
            width: self.width,
            height: self.height,
            pixels: &self.pixels,
        }
    }

    /// From any decoded image.
    pub fn from_image(image: &image::DynamicImage) -> Self {
        let luma = image.to_luma8();
        Self {
            width: luma.width(),
            height: luma.height(),
            pixels: luma.into_raw(),
        }
    }
}

/// What can go wrong getting frames.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CaptureError {
    /// The screen could not be captured (no display, or the desktop refused).
    #[error("the screen could not be captured: {0}")]
    Screen(String),
    /// No camera is connected.
    #[error("no camera was found; connect one, or scan from the screen or an image instead")]
    NoCamera,
    /// The chosen camera number does not exist.
    #[error("there is no camera number {0} (see the list of cameras)")]
    NoSuchCamera(u32),
    /// Another program is using the camera.
    #[error("the camera is in use by another program; close it and try again")]
    CameraBusy,
    /// The system refused access to the camera.
    #[error("access to the camera was refused; allow Tessera to use the camera in the system's privacy settings")]
    CameraDenied,
    /// Any other camera failure.
    #[error("the camera failed: {0}")]
    Camera(String),
    /// An image file that cannot be read.
    #[error("{0}")]
    Image(String),
}

/// Something that produces frames one after another (a camera, files).
pub trait FrameSource {
    /// The next frame; blocks until one is ready.
    fn next_frame(&mut self) -> Result<Frame, CaptureError>;
}

impl<T: FrameSource + ?Sized> FrameSource for Box<T> {
    fn next_frame(&mut self) -> Result<Frame, CaptureError> {
        (**self).next_frame()
    }
}

/// How a scan of a frame source ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanOutcome {
    /// QR texts found in one frame.
    Found(Vec<String>),
    /// The time ran out with nothing found.
    TimedOut,
    /// The caller stopped it.
    Stopped,
}

/// Reads frames from `source` and decodes each until a QR code is found,
/// `timeout` passes, or `stop` is set. `on_frame` sees every frame first (for
/// a live preview). The source is released when this returns.
pub fn scan_source(
    mut source: impl FrameSource,
    timeout: Duration,
    stop: &AtomicBool,
    mut on_frame: impl FnMut(&Frame),
) -> Result<ScanOutcome, CaptureError> {
    let start = Instant::now();
    let mut n = 0u64;
    loop {
        if stop.load(Ordering::SeqCst) {
            return Ok(ScanOutcome::Stopped);
        }
        if start.elapsed() >= timeout {
            return Ok(ScanOutcome::TimedOut);
        }
        let frame = source.next_frame()?;
        on_frame(&frame);
        // Live frames share the cascade: each gets the plain pass and one more.
        let decoded = decode_frame_rolling(frame.luma(), n);
        n = n.wrapping_add(1);
        if let Ok(texts) = decoded {
            if !texts.is_empty() {
                return Ok(ScanOutcome::Found(texts));
            }
        }
    }
}

/// Every QR text on every monitor, without duplicates.
pub fn scan_screens() -> Result<Vec<String>, CaptureError> {
    let mut found: Vec<String> = Vec::new();
    for screen in capture_screens()? {
        let started = Instant::now();
        let out_of_time = || started.elapsed() >= STILL_BUDGET;
        for text in decode_frame_within(screen.frame.luma(), &out_of_time).unwrap_or_default() {
            if !found.contains(&text) {
                found.push(text);
            }
        }
    }
    Ok(found)
}
