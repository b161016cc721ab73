//! Cameras through `nokhwa` (V4L2 on Linux, Media Foundation on Windows,
//! AVFoundation on macOS), opened at their highest resolution and read as
//! luma frames. Dropping a [`Camera`] stops its stream and releases it.

use crate::{CaptureError, Frame, FrameSource};
use nokhwa::pixel_format::LumaFormat;
use nokhwa::utils::{ApiBackend, CameraIndex, RequestedFormat, RequestedFormatType};
use nokhwa::NokhwaError;

/// A camera the system lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CameraInfo {
    /// Its number (for `--device N`).
    pub index: u32,
    /// Its name.
    pub name: String,
}

/// The cameras connected now (empty when there are none).
pub fn cameras() -> Result<Vec<CameraInfo>, CaptureError> {
    match nokhwa::query(ApiBackend::Auto) {
        Ok(list) => Ok(list
            .into_iter()
            .enumerate()
            .map(|(i, info)| CameraInfo {
                index: match info.index() {
                    CameraIndex::Index(n) => *n,
                    CameraIndex::String(_) => u32::try_from(i).unwrap_or(u32::MAX),
                },
                name: info.human_name(),
            })
            .collect()),
        Err(e) => Err(classify(&e)),
    }
}

/// Maps nokhwa's errors to what the user can act on.
fn classify(error: &NokhwaError) -> CaptureError {
    let text = error.to_string();
    let lower = text.to_ascii_lowercase();
    if lower.contains("busy") {
        CaptureError::CameraBusy
    } else if lower.contains("permission")
        || lower.contains("denied")
        || lower.contains("not authorized")
    {
        CaptureError::CameraDenied
    } else if lower.contains("no such file")
        || lower.contains("no device")
        || lower.contains("not found")
    {
        CaptureError::NoCamera
    } else {
        CaptureError::Camera(text)
    }
}

/// An open camera, streaming.
pub struct Camera {
    inner: nokhwa::Camera,
}

impl std::fmt::Debug for Camera {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Camera")
    }
}

impl Camera {
    /// Opens camera `index` (from [`cameras`]) and starts its stream.
    pub fn open(index: u32) -> Result<Self, CaptureError> {
        let list = cameras()?;
        if list.is_empty() {
            return Err(CaptureError::NoCamera);
        }
        if !list.iter().any(|c| c.index == index) {
            return Err(CaptureError::NoSuchCamera(index));
        }
        let format =
            RequestedFormat::new::<LumaFormat>(RequestedFormatType::AbsoluteHighestResolution);
        let mut inner =
            nokhwa::Camera::new(CameraIndex::Index(index), format).map_err(|e| classify(&e))?;
        inner.open_stream().map_err(|e| classify(&e))?;
        Ok(Self { inner })
    }
}

impl FrameSource for Camera {
    fn next_frame(&mut self) -> Result<Frame, CaptureError> {
        let buffer = self.inner.frame().map_err(|e| classify(&e))?;
        let luma = buffer
            .decode_image::<LumaFormat>()
            .map_err(|e| classify(&e))?;
        Ok(Frame {
            width: luma.width(),
            height: luma.height(),
            pixels: luma.into_raw(),
        })
    }
}

impl Drop for Camera {
    fn drop(&mut self) {
        // Release the device now, not when the process ends.
        let _ = self.inner.stop_stream();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_become_messages_a_user_can_act_on() {
        let busy = NokhwaError::OpenDeviceError(
            "/dev/video0".into(),
            "Device or resource busy (os error 16)".into(),
        );
        assert_eq!(classify(&busy), CaptureError::CameraBusy);
        let denied = NokhwaError::OpenDeviceError(
            "/dev/video0".into(),
            "Permission denied (os error 13)".into(),
        );
        assert_eq!(classify(&denied), CaptureError::CameraDenied);
        let missing = NokhwaError::OpenDeviceError(
            "/dev/video0".into(),
            "No such file or directory (os error 2)".into(),
        );
        assert_eq!(classify(&missing), CaptureError::NoCamera);
        assert!(matches!(
            classify(&NokhwaError::GeneralError("odd".into())),
            CaptureError::Camera(_)
        ));
    }
}
