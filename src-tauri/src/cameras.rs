//! How the app finds and opens cameras: the system's (nokhwa), or, in a
//! build with the `fake-camera` feature (end-to-end tests only), image files
//! standing in for one. The command tests substitute their own.

use std::sync::Arc;
use tessera_capture::{CameraInfo, CaptureError, FrameSource};

/// An open camera: its frames, until dropped (which releases it).
pub type DynCamera = Box<dyn FrameSource>;
/// Lists the cameras connected now.
pub type CameraLister = Arc<dyn Fn() -> Result<Vec<CameraInfo>, CaptureError> + Send + Sync>;
/// Opens camera N. Called on the scanning thread: a camera need not be `Send`.
pub type CameraOpener = Arc<dyn Fn(u32) -> Result<DynCamera, CaptureError> + Send + Sync>;

/// How the app finds and opens cameras.
#[derive(Clone)]
pub struct Cameras {
    /// Lists them.
    pub list: CameraLister,
    /// Opens one.
    pub open: CameraOpener,
}

impl std::fmt::Debug for Cameras {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cameras")
    }
}

impl Cameras {
    /// The system's cameras, or the stand-in of a `fake-camera` build.
    pub fn system() -> Self {
        #[cfg(feature = "fake-camera")]
        if let Some(fake) = crate::fake_camera::from_env() {
            return fake;
        }
        Self {
            list: Arc::new(tessera_capture::cameras),
            open: Arc::new(|index| {
                tessera_capture::Camera::open(index).map(|c| Box::new(c) as DynCamera)
            }),
        }
    }
}
