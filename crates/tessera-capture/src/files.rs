//! Image files as a frame source: the same path a camera's frames take, fed
//! from files (tests, and machines without a camera).

use crate::{CaptureError, Frame, FrameSource};
use std::path::PathBuf;

/// Frames read from image files in turn, starting again after the last.
#[derive(Debug)]
pub struct ImageFrames {
    frames: Vec<Frame>,
    next: usize,
}

impl ImageFrames {
    /// Reads every file now; fails naming the first that is not an image.
    pub fn open(paths: &[PathBuf]) -> Result<Self, CaptureError> {
        let mut frames = Vec::with_capacity(paths.len());
        for path in paths {
            let image = image::open(path)
                .map_err(|e| CaptureError::Image(format!("{}: {e}", path.display())))?;
            frames.push(Frame::from_image(&image));
        }
        Self::from_frames(frames)
    }

    /// A source that plays these frames in a loop.
    pub fn from_frames(frames: Vec<Frame>) -> Result<Self, CaptureError> {
        if frames.is_empty() {
            return Err(CaptureError::Image("no frames".into()));
        }
        Ok(Self { frames, next: 0 })
    }
}

impl FrameSource for ImageFrames {
    fn next_frame(&mut self) -> Result<Frame, CaptureError> {
        let frame = self
            .frames
            .get(self.next % self.frames.len())
            .cloned()
            .ok_or_else(|| CaptureError::Image("no frames".into()))?;
        self.next = self.next.wrapping_add(1);
        Ok(frame)
    }
}
