//! Capturing every monitor, in physical pixels: a HiDPI screen is read at
//! its full resolution, and each monitor separately, so a code on any of
//! them is found. On X11 Tessera talks to the X server itself (`x11.rs`); on
//! Wayland it asks the compositor for a screen copy (wlroots compositors,
//! `wayland.rs`), else the desktop's screenshot portal (GNOME, KDE) through
//! `xcap`, which also serves Windows and macOS.

use crate::{CaptureError, Frame};

/// One monitor's picture.
#[derive(Debug, Clone)]
pub struct Screen {
    /// The monitor's name as the system reports it.
    pub name: String,
    /// Its position on the desktop (logical pixels).
    pub x: i32,
    /// Its position on the desktop (logical pixels).
    pub y: i32,
    /// The picture.
    pub frame: Frame,
}

/// A picture of every monitor.
pub fn capture_screens() -> Result<Vec<Screen>, CaptureError> {
    #[cfg(all(target_os = "linux", not(target_env = "ohos")))]
    if std::env::var_os("WAYLAND_DISPLAY").is_some() {
        // X11 capture under Wayland sees only the X windows (XWayland).
        return crate::wayland::capture().or_else(|wlr| {
            capture_with_xcap().map_err(|portal| match portal {
                CaptureError::Screen(portal) => CaptureError::Screen(format!("{portal}; {wlr}")),
                other => other,
            })
        });
    }
    #[cfg(all(target_os = "linux", not(target_env = "ohos")))]
    if std::env::var_os("DISPLAY").is_some() {
        // A connection the X server drops is tried once more before the user
        // is told (seen once in CI on Xvfb, under many captures in a row).
        return crate::x11::capture().or_else(|_| {
            std::thread::sleep(std::time::Duration::from_millis(200));
            crate::x11::capture()
        });
    }
    capture_with_xcap()
}

/// Windows, macOS and Wayland desktops without wlr-screencopy (through
/// GNOME Shell's screenshot service or the desktop's screenshot portal).
fn capture_with_xcap() -> Result<Vec<Screen>, CaptureError> {
    let monitors = xcap::Monitor::all().map_err(|e| CaptureError::Screen(e.to_string()))?;
    if monitors.is_empty() {
        return Err(CaptureError::Screen("no monitor was found".into()));
    }
    let mut screens = Vec::with_capacity(monitors.len());
    let mut last_error = None;
    for monitor in monitors {
        match monitor.capture_image() {
            Ok(image) => screens.push(Screen {
                name: monitor.name().unwrap_or_default(),
                x: monitor.x().unwrap_or(0),
                y: monitor.y().unwrap_or(0),
                frame: Frame::from_image(&image::DynamicImage::ImageRgba8(image)),
            }),
            Err(e) => last_error = Some(e.to_string()),
        }
    }
    if screens.is_empty() {
        return Err(CaptureError::Screen(
            last_error.unwrap_or_else(|| "nothing was captured".into()),
        ));
    }
    Ok(screens)
}
