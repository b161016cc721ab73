//! What the app runs on: where its files live and how the keychain and the
//! clipboard are opened. The real app uses the OS ([`Backend::system`]);
//! the command tests substitute in-memory parts.

use std::path::PathBuf;
use std::sync::Arc;
use tessera_capture::{CameraInfo, CaptureError, FrameSource};
use tessera_clipboard::{ClipboardBackend, Opener, SystemClipboard};
use tessera_core::vault::{Entropy, IndexError, KdfParams, SecretStore, StoreError, Vault};
use tessera_fs::{FileIndexStore, OsEntropy};
use tessera_keychain::KeychainStore;

/// Any keychain.
pub type DynStore = Box<dyn SecretStore + Send + Sync>;
/// Any clipboard.
pub type DynClipboard = Box<dyn ClipboardBackend>;
/// The vault the app works with.
pub type AppVault = Vault<DynStore, FileIndexStore>;
/// Opens the keychain, proving it works.
pub type KeychainOpener = Box<dyn Fn() -> Result<DynStore, StoreError> + Send + Sync>;

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
    /// The system's cameras (nokhwa), or, in a build with the `fake-camera`
    /// feature (end-to-end tests only), image files standing in for one.
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

/// The app's connections to the outside world.
pub struct Backend {
    /// Data directory (profiles, settings).
    pub data_dir: PathBuf,
    /// Opens and probes the keychain.
    pub open_keychain: KeychainOpener,
    /// Opens the clipboard.
    pub open_clipboard: Opener<DynClipboard>,
    /// Random source for ids, keys and nonces.
    pub entropy: Arc<dyn Entropy + Send + Sync>,
    /// PIN hashing cost for new PINs.
    pub kdf: KdfParams,
    /// Cameras for scanning.
    pub cameras: Cameras,
}

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Backend")
            .field("data_dir", &self.data_dir)
            .finish_non_exhaustive()
    }
}

impl Backend {
    /// The operating system's keychain, clipboard and data directory.
    pub fn system() -> Result<Self, IndexError> {
        Ok(Self {
            data_dir: tessera_fs::data_dir()?,
            open_keychain: Box::new(|| {
                let store = KeychainStore::open()?;
                store.probe()?;
                Ok(Box::new(store) as DynStore)
            }),
            open_clipboard: Box::new(|| {
                SystemClipboard::open().map(|c| Box::new(c) as DynClipboard)
            }),
            entropy: Arc::new(OsEntropy),
            kdf: KdfParams::DEFAULT,
            cameras: Cameras::system(),
        })
    }
}
