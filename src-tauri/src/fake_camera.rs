//! A stand-in camera for end-to-end tests (only in builds with the
//! `fake-camera` feature; the shipped app has none). With
//! `TESSERA_FAKE_CAMERA_DIR` set, the app lists one camera whose frames are
//! the image files in that folder, in name order, looped at 15 frames a
//! second — the same path a webcam's frames take from there on.

use crate::cameras::{Cameras, DynCamera};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tessera_capture::{CameraInfo, CaptureError, Frame, FrameSource, ImageFrames};

/// The environment variable naming the folder of frames.
pub const VAR: &str = "TESSERA_FAKE_CAMERA_DIR";

/// The fake camera, when [`VAR`] is set.
pub fn from_env() -> Option<Cameras> {
    let dir = PathBuf::from(std::env::var_os(VAR)?);
    let list = Arc::new(|| {
        Ok(vec![CameraInfo {
            index: 0,
            name: "Test camera (image files)".into(),
        }])
    });
    let open = Arc::new(move |index: u32| {
        if index != 0 {
            return Err(CaptureError::NoSuchCamera(index));
        }
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| CaptureError::Camera(e.to_string()))?
            .flatten()
            .map(|e| e.path())
            .collect();
        paths.sort();
        let frames = ImageFrames::open(&paths)?;
        Ok(Box::new(Paced(frames)) as DynCamera)
    });
    Some(Cameras { list, open })
}

/// Frames at a camera's pace.
struct Paced(ImageFrames);

impl FrameSource for Paced {
    fn next_frame(&mut self) -> Result<Frame, CaptureError> {
        std::thread::sleep(Duration::from_millis(66));
        self.0.next_frame()
    }
}
