//! OS services for the vault: the system random source ([`OsEntropy`]), and
//! the files Tessera keeps: the per-profile index (never a secret) in the per-user
//! data directory. Writes are atomic and durable: temp file in the same
//! directory, fsync, rename over the old file, fsync the directory. The three
//! previous versions are kept as `index.json.1` … `.3`. A writer-lock file
//! (`index.lock`) serialises writers, so the app and the CLI can run at the
//! same time.
//!
//! A damaged `index.json` is never replaced silently: the newest readable
//! copy is put back, the damaged file is kept beside it
//! (`index.json.damaged-<unix time>`), and a notice (`index.restored.json`)
//! says which copy was used and from when, until the user has seen it
//! ([`FileIndexStore::restore_notice`]).

mod atomic;
mod data_dir;
mod entropy;
mod limited;
mod restore;
mod settings_file;
mod share_folder;

pub use atomic::write_atomically;
pub use data_dir::{data_dir, list_profiles, profile_dir, profile_dir_in, DATA_DIR_ENV};
pub use entropy::OsEntropy;
pub use limited::{read_limited, LimitedReadError};
pub use restore::RestoreNotice;
pub use settings_file::SettingsFile;
pub use share_folder::{DiskFolder, FileLock};

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use tessera_core::vault::{Index, IndexError, IndexStore, MAX_INDEX_BYTES};

const INDEX: &str = "index.json";
const WRITER_LOCK: &str = "index.lock";
const RESTORED: &str = "index.restored.json";
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

    fn open_lock(&self) -> std::io::Result<File> {
        OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.dir.join(WRITER_LOCK))
    }

    fn writer_lock(&self) -> Result<File, IndexError> {
        self.open_lock()
            .map_err(|e| io("cannot open", &self.dir.join(WRITER_LOCK), e))
    }

    /// The lock readers share with each other. On a file system mounted
    /// read-only the lock file is opened for reading (locks work on it), or,
    /// if it is missing, not taken: nobody can write there meanwhile.
    fn reader_lock(&self) -> Result<Option<File>, IndexError> {
        let path = self.dir.join(WRITER_LOCK);
        match self.open_lock() {
            Ok(lock) => Ok(Some(lock)),
            Err(e) if e.kind() == std::io::ErrorKind::ReadOnlyFilesystem => {
                Ok(File::open(&path).ok())
            }
            Err(e) => Err(io("cannot open", &path, e)),
        }
    }

    /// Reads `index.json` alone. A symbolic link there is refused, not
    /// followed: writes replace `index.json` by renaming a new file over it,
    /// which would silently turn the link into a file of its own (the place
    /// it pointed to would keep an old list), and a link in the private data
    /// directory is not something Tessera makes. A file larger than
    /// [`MAX_INDEX_BYTES`] is damaged and not read.
    fn read_main(&self) -> Result<Index, MainProblem> {
        let main = self.index_path();
        let location = main.display().to_string();
        match std::fs::symlink_metadata(&main) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(MainProblem::Fatal(IndexError::Link(location)))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(MainProblem::Missing),
            _ => {}
        }
        match read_limited(&main, MAX_INDEX_BYTES) {
            Ok(bytes) => match Index::from_json(&bytes, &location) {
                Ok(index) => Ok(index),
                Err(err @ (IndexError::TooNew(_) | IndexError::Io(_))) => {
                    Err(MainProblem::Fatal(err))
                }
                Err(err) => Err(MainProblem::Damaged(err)),
            },
            Err(LimitedReadError::TooLarge { bytes, .. }) => Err(MainProblem::Damaged(
                IndexError::too_large(&location, bytes),
            )),
            Err(LimitedReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(MainProblem::Missing)
            }
            Err(LimitedReadError::Io(e)) => Err(MainProblem::Fatal(io("cannot read", &main, e))),
        }
    }

    /// With the writer lock held: reads the index, putting back the newest
    /// readable copy (and saying so in a notice) when `index.json` is damaged
    /// or missing while copies exist.
    fn read_repairing(&self) -> Result<Index, IndexError> {
        let problem = match self.read_main() {
            Ok(index) => return Ok(index),
            Err(MainProblem::Fatal(err)) => return Err(err),
            Err(problem) => problem,
        };
        let Some((n, bytes, index)) = self.newest_good_backup() else {
            return match problem {
                // A new profile: nothing saved yet.
                MainProblem::Missing => Ok(Index::default()),
                MainProblem::Damaged(err) => Err(match err {
                    IndexError::Corrupt { location, detail } => IndexError::Corrupt {
                        location,
                        detail: format!(
                            "{detail}; none of its {BACKUPS} previous copies can be read either"
                        ),
                    },
                    other => other,
                }),
                MainProblem::Fatal(err) => Err(err),
            };
        };
        let main = self.index_path();
        let now = restore::unix_now();
        let (damaged_file, detail) = match &problem {
            MainProblem::Damaged(err) => {
                let kept = self.dir.join(format!("{INDEX}.damaged-{now}"));
                std::fs::rename(&main, &kept).map_err(|e| io("cannot set aside", &main, e))?;
                (Some(kept.display().to_string()), err.to_string())
            }
            _ => (None, format!("{} was missing", main.display())),
        };
        let copy = self.backup_path(n);
        write_atomically(&main, &bytes).map_err(|e| io("cannot restore", &main, e))?;
        let notice = RestoreNotice {
            restored_at: now,
            copy: copy.display().to_string(),
            copy_time: restore::modified(&copy),
            damaged_file,
            detail,
        };
        notice.save(&self.dir.join(RESTORED))?;
        Ok(index)
    }

    fn newest_good_backup(&self) -> Option<(usize, Vec<u8>, Index)> {
        (1..=BACKUPS).find_map(|n| {
            let path = self.backup_path(n);
            if std::fs::symlink_metadata(&path)
                .ok()?
                .file_type()
                .is_symlink()
            {
                return None;
            }
            let bytes = read_limited(&path, MAX_INDEX_BYTES).ok()?;
            let index = Index::from_json(&bytes, &path.display().to_string()).ok()?;
            Some((n, bytes, index))
        })
    }

    /// The notice left when a damaged index was replaced by a copy, until
    /// [`FileIndexStore::dismiss_restore_notice`].
    pub fn restore_notice(&self) -> Option<RestoreNotice> {
        RestoreNotice::load(&self.dir.join(RESTORED))
    }

    /// The user has seen the restore notice.
    pub fn dismiss_restore_notice(&self) -> Result<(), IndexError> {
        match std::fs::remove_file(self.dir.join(RESTORED)) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io("cannot remove", &self.dir.join(RESTORED), e)),
        }
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
        write_atomically(&main, &index.to_json()?).map_err(|e| io("cannot save", &main, e))
    }
}

/// What is wrong with `index.json` itself.
enum MainProblem {
    Missing,
    Damaged(IndexError),
    /// Not repairable by a copy: written by a newer Tessera, or unreadable.
    Fatal(IndexError),
}

impl IndexStore for FileIndexStore {
    fn load(&self) -> Result<Index, IndexError> {
        let lock = self.reader_lock()?;
        if let Some(lock) = &lock {
            lock.lock_shared()
                .map_err(|e| io("cannot lock", &self.dir, e))?;
        }
        let first = self.read_main();
        if let Some(lock) = &lock {
            let _ = lock.unlock();
        }
        match first {
            Ok(index) => Ok(index),
            Err(MainProblem::Fatal(err)) => Err(err),
            // Repairing writes: take the writer lock (and look again).
            Err(_) => self.with_writer_lock(|index| Ok::<_, IndexError>(index.clone())),
        }
    }

    fn update<T, E: From<IndexError>>(
        &self,
        change: impl FnOnce(&mut Index) -> Result<T, E>,
    ) -> Result<T, E> {
        let lock = self.writer_lock()?;
        lock.lock().map_err(|e| io("cannot lock", &self.dir, e))?;
        let result = (|| {
            let mut index = self.read_repairing()?;
            let out = change(&mut index)?;
            self.write(&index)?;
            Ok(out)
        })();
        let _ = lock.unlock();
        result
    }

    fn with_writer_lock<T, E: From<IndexError>>(
        &self,
        f: impl FnOnce(&Index) -> Result<T, E>,
    ) -> Result<T, E> {
        let lock = self.writer_lock()?;
        lock.lock().map_err(|e| io("cannot lock", &self.dir, e))?;
        let result = (|| {
            let index = self.read_repairing()?;
            f(&index)
        })();
        let _ = lock.unlock();
        result
    }

    fn location(&self) -> String {
        self.index_path().display().to_string()
    }
}
