//! OS services for the vault: the system random source ([`OsEntropy`]), and
//! the files Tessera keeps: the per-profile index (never a secret) in the per-user
//! data directory. Writes are atomic and durable: temp file in the same
//! directory, fsync, rename over the old file, fsync the directory. The three
//! previous versions are kept as `index.json.1` … `.3`. A lock file serialises
//! writers, so the app and the CLI can run at the same time.

mod atomic;
mod data_dir;
mod entropy;
mod settings_file;

pub use atomic::write_atomically;
pub use data_dir::{data_dir, list_profiles, profile_dir, profile_dir_in, DATA_DIR_ENV};
pub use entropy::OsEntropy;
pub use settings_file::SettingsFile;

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use tessera_core::vault::{Index, IndexError, IndexStore};

const INDEX: &str = "index.json";
const LOCK: &str = "index.lock";
/// How many previous versions are kept.
pub const BACKUPS: usize = 3;

/// A profile's index in a directory on disk.
#[derive(Debug, Clone)]
pub struct FileIndexStore {
    dir: PathBuf,
}

fn io(context: &str, path: &Path, err: std::io::Error) -> IndexError {
    IndexError::Io(format!("{context} {}: {err}", path.display()))
}

impl FileIndexStore {
    /// Uses `dir` (created, private to the user, if missing).
    pub fn open(dir: PathBuf) -> Result<Self, IndexError> {
        data_dir::create_private_dir(&dir).map_err(|e| io("cannot create", &dir, e))?;
        Ok(Self { dir })
    }

    /// The directory holding the index.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn index_path(&self) -> PathBuf {
        self.dir.join(INDEX)
    }

    fn backup_path(&self, n: usize) -> PathBuf {
        self.dir.join(format!("{INDEX}.{n}"))
    }

    fn lock_file(&self) -> Result<File, IndexError> {
        let path = self.dir.join(LOCK);
        OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| io("cannot open", &path, e))
    }

    /// Reads the index, falling back to the newest readable backup when the
    /// main file is damaged. A missing file is an empty index.
    fn read(&self) -> Result<Index, IndexError> {
        let main = self.index_path();
        let first_error = match std::fs::read(&main) {
            Ok(bytes) => match Index::from_json(&bytes, &main.display().to_string()) {
                Ok(index) => return Ok(index),
                Err(err @ IndexError::TooNew(_)) => return Err(err),
                Err(err) => err,
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // No main file: either a new profile or a crash between
                // rotation steps. A backup, if any, is the latest state.
                match self.read_backups() {
                    Some(index) => return Ok(index),
                    None => return Ok(Index::default()),
                }
            }
            Err(e) => return Err(io("cannot read", &main, e)),
        };
        self.read_backups().ok_or(first_error)
    }

    fn read_backups(&self) -> Option<Index> {
        (1..=BACKUPS).find_map(|n| {
            let path = self.backup_path(n);
            let bytes = std::fs::read(&path).ok()?;
            Index::from_json(&bytes, &path.display().to_string()).ok()
        })
    }

    /// Temp files left by writers that were killed mid-write. Called only
    /// under the exclusive lock, so no live writer owns one.
    fn remove_stale_temp_files(&self) {
        let prefix = format!(".{INDEX}.tmp-");
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for entry in entries.flatten() {
                if entry.file_name().to_string_lossy().starts_with(&prefix) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }

    fn write(&self, index: &Index) -> Result<(), IndexError> {
        let main = self.index_path();
        // Rotate: .2 → .3, .1 → .2, then the current file becomes .1 by a hard
        // link, so the main file is never missing while the new one is written.
        for n in (1..BACKUPS).rev() {
            let from = self.backup_path(n);
            if from.exists() {
                std::fs::rename(&from, self.backup_path(n + 1))
                    .map_err(|e| io("cannot rotate", &from, e))?;
            }
        }
        if main.exists() {
            let first = self.backup_path(1);
            let _ = std::fs::remove_file(&first);
            if std::fs::hard_link(&main, &first).is_err() {
                std::fs::copy(&main, &first).map_err(|e| io("cannot back up", &main, e))?;
            }
        }
        self.remove_stale_temp_files();
        write_atomically(&main, &index.to_json()).map_err(|e| io("cannot save", &main, e))
    }
}

impl IndexStore for FileIndexStore {
    fn load(&self) -> Result<Index, IndexError> {
        let lock = self.lock_file()?;
        lock.lock_shared()
            .map_err(|e| io("cannot lock", &self.dir, e))?;
        let result = self.read();
        let _ = lock.unlock();
        result
    }

    fn update<T, E: From<IndexError>>(
        &self,
        change: impl FnOnce(&mut Index) -> Result<T, E>,
    ) -> Result<T, E> {
        let lock = self.lock_file()?;
        lock.lock().map_err(|e| io("cannot lock", &self.dir, e))?;
        let result = (|| {
            let mut index = self.read()?;
            let out = change(&mut index)?;
            self.write(&index)?;
            Ok(out)
        })();
        let _ = lock.unlock();
        result
    }

    fn location(&self) -> String {
        self.index_path().display().to_string()
    }
}
