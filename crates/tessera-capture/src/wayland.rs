//! Wayland screen capture on wlroots compositors (sway, Hyprland, river,
//! Wayfire, labwc…) through the wlr-screencopy protocol, with libwayshot
//! (the crate xcap itself uses for it): every output separately, at its
//! physical resolution, so a HiDPI output is read pixel for pixel and no
//! permission dialog is shown. Compositors without the protocol (GNOME,
//! KDE) answer at once that it is missing, and the desktop's screenshot
//! portal is asked instead (`screen.rs`, through xcap).

use crate::{CaptureError, Frame, Screen};
use std::panic::{catch_unwind, AssertUnwindSafe};

fn fail(e: impl std::fmt::Display) -> CaptureError {
    CaptureError::Screen(format!("Wayland screen copy: {e}"))
}

/// Every output of the compositor named by `WAYLAND_DISPLAY`.
pub(crate) fn capture() -> Result<Vec<Screen>, CaptureError> {
    // A protocol surprise inside the Wayland libraries must not take the
    // app or the CLI down with it.
    catch_unwind(AssertUnwindSafe(capture_outputs))
        .unwrap_or_else(|_| Err(fail("the compositor's answer could not be read")))
}

fn capture_outputs() -> Result<Vec<Screen>, CaptureError> {
    let conn = libwayshot_xcap::WayshotConnection::new().map_err(fail)?;
    let outputs = conn.get_all_outputs();
    if outputs.is_empty() {
        return Err(fail("the compositor lists no output"));
    }
    let mut screens = Vec::with_capacity(outputs.len());
    for output in outputs {
        let image = conn.screenshot_single_output(output, false).map_err(fail)?;
        let position = output.logical_region.inner.position;
        screens.push(Screen {
            name: output.name.clone(),
            x: position.x,
            y: position.y,
            frame: Frame::from_image(&image),
        });
    }
    Ok(screens)
}
