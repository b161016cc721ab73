//! What the service runs on: where its files live, how the keychain and the
//! clipboard are opened, where randomness and time come from, and who is
//! signed in. The shells use [`Backend::system`]; tests substitute
//! in-memory parts and a fake clock.

use crate::clock::{Clock, SystemClock};
use std::path::PathBuf;
use std::sync::Arc;
use tessera_clipboard::{ClipboardBackend, Opener, SystemClipboard};
use tessera_core::vault::{Entropy, IndexError, KdfParams, SecretStore, StoreError, Vault};
use tessera_fs::{FileIndexStore, OsEntropy};
use tessera_keychain::KeychainStore;

/// Any keychain.
pub type DynStore = Box<dyn SecretStore + Send + Sync>;
/// Any clipboard.
pub type DynClipboard = Box<dyn ClipboardBackend>;
/// The vault the service works with.
pub type AppVault = Vault<DynStore, FileIndexStore>;
/// Opens the keychain, proving it works.
pub type KeychainOpener = Box<dyn Fn() -> Result<DynStore, StoreError> + Send + Sync>;

/// The service's connections to the outside world.
pub struct Backend {
    /// Data directory (profiles, their settings and logs).
    pub data_dir: PathBuf,
    /// Opens and probes the keychain.
    pub open_keychain: KeychainOpener,
    /// Opens the clipboard (the CLI has none).
    pub open_clipboard: Option<Opener<DynClipboard>>,
    /// Random source for ids, keys and nonces.
    pub entropy: Arc<dyn Entropy + Send + Sync>,
    /// PIN hashing cost for new PINs.
    pub kdf: KdfParams,
    /// Wall and monotonic time.
    pub clock: Arc<dyn Clock>,
    /// The operating-system user, for the activity log.
    pub user: String,
}

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Backend")
            .field("data_dir", &self.data_dir)
            .field("kdf", &self.kdf)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

/// Debug builds only: `TESSERA_TEST_KDF=fast` makes new PINs use the
/// cheapest accepted cost, so that test suites running hundreds of PIN
/// operations stay fast. Release builds ignore it (the stored cost of a PIN
/// travels with it, so a PIN set this way stays cheap: tests only).
pub const TEST_KDF_ENV: &str = "TESSERA_TEST_KDF";

/// The PIN cost for new PINs in this build.
pub fn pin_cost() -> KdfParams {
    if cfg!(debug_assertions) && std::env::var(TEST_KDF_ENV).as_deref() == Ok("fast") {
        KdfParams::MIN
    } else {
        KdfParams::DEFAULT
    }
}

/// The signed-in user's name, from the environment.
pub fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "unknown".into())
}

impl Backend {
    /// The operating system's keychain, clipboard, clock and data directory.
    pub fn system() -> Result<Self, IndexError> {
        Ok(Self::system_without_clipboard()?.with_system_clipboard())
    }

    /// As [`Backend::system`], without a clipboard (the CLI).
    pub fn system_without_clipboard() -> Result<Self, IndexError> {
        Ok(Self {
            data_dir: tessera_fs::data_dir()?,
            open_keychain: Box::new(|| {
                let store = KeychainStore::open()?;
                store.probe()?;
                Ok(Box::new(store) as DynStore)
            }),
            open_clipboard: None,
            entropy: Arc::new(OsEntropy),
            kdf: pin_cost(),
            clock: Arc::new(SystemClock::new()),
            user: os_user(),
        })
    }

    fn with_system_clipboard(mut self) -> Self {
        self.open_clipboard = Some(Box::new(|| {
            SystemClipboard::open().map(|c| Box::new(c) as DynClipboard)
        }));
        self
    }
}
