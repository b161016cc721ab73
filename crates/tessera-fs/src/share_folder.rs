//! The shared practice folder on disk ([`tessera_core::share::SharedFolder`]):
//! whatever folder the practice's sync engine replicates (Syncthing, a
//! Nextcloud/WebDAV mount, OneDrive/Dropbox, an SMB share). Files are written
//! once, atomically (hidden temp file, fsync, rename), and never changed;
//! listing walks `practice.json` and `desks/*/*` only.

use std::fs::{File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use tessera_core::share::{Result, ShareError, SharedFolder};

/// A shared folder at a path.
#[derive(Debug, Clone)]
pub struct DiskFolder {
    root: PathBuf,
}

fn folder_error(what: &str, path: &Path, err: &std::io::Error) -> ShareError {
    ShareError::Folder(format!("cannot {what} {}: {err}", path.display()))
}

impl DiskFolder {
    /// The folder at `root` (which must exist: it is the sync engine's).
    pub fn open(root: &Path) -> Result<Self> {
        if !root.is_dir() {
            return Err(ShareError::Folder(format!(
                "{} is not a folder (is the drive connected, or the sync engine set up?)",
                root.display()
            )));
        }
        Ok(Self {
            root: root.to_path_buf(),
        })
    }

    /// Its path.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn full(&self, path: &str) -> Result<PathBuf> {
        if path
            .split('/')
            .any(|p| p.is_empty() || p == "." || p == "..")
            || path.contains('\\')
        {
            return Err(ShareError::Folder(format!("{path} is not a folder path")));
        }
        Ok(path
            .split('/')
            .fold(self.root.clone(), |p, part| p.join(part)))
    }
}

fn names(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default()
}

impl SharedFolder for DiskFolder {
    fn list(&self) -> Result<Vec<String>> {
        let mut out: Vec<String> = names(&self.root)
            .into_iter()
            .filter(|n| self.root.join(n).is_file())
            .collect();
        let desks = self.root.join("desks");
        for desk in names(&desks) {
            let dir = desks.join(&desk);
            if !dir.is_dir() {
                continue;
            }
            for name in names(&dir) {
                out.push(format!("desks/{desk}/{name}"));
            }
        }
        Ok(out)
    }

    fn read(&self, path: &str) -> Result<Option<Vec<u8>>> {
        let full = self.full(path)?;
        match std::fs::read(&full) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(folder_error("read", &full, &e)),
        }
    }

    fn create(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let full = self.full(path)?;
        if let Some(old) = self.read(path)? {
            return if old == bytes {
                Ok(())
            } else {
                Err(ShareError::Folder(format!(
                    "{} already exists with other contents",
                    full.display()
                )))
            };
        }
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir).map_err(|e| folder_error("create", dir, &e))?;
        }
        crate::write_atomically(&full, bytes).map_err(|e| folder_error("write", &full, &e))
    }
}

/// An exclusive lock on a file (held until dropped): one share pass at a
/// time per profile, so the app and the CLI never write the same sequence
/// number.
#[derive(Debug)]
pub struct FileLock {
    _file: File,
}

impl FileLock {
    /// Waits for the lock on `path` (created if missing).
    pub fn acquire(path: &Path) -> std::io::Result<Self> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)?;
        file.lock()?;
        Ok(Self { _file: file })
    }
}
