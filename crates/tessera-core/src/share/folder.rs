//! The shared folder as Tessera sees it: a flat set of small immutable files
//! named by relative paths (`desks/<desk>/rec-0000000007.json`). The real
//! folder on disk is an adapter (`tessera-fs`); [`MemoryFolder`] is for tests.

use super::desk::DeskId;
use super::{Result, ShareError};
use std::collections::BTreeMap;
use std::sync::Mutex;

/// The marker file at the folder's top.
pub const PRACTICE_FILE: &str = "practice.json";

/// Where a sync engine's shared files are.
pub trait SharedFolder {
    /// Every file's relative path (`/`-separated), in any order.
    fn list(&self) -> Result<Vec<String>>;
    /// A file's bytes, `None` if it is not there.
    fn read(&self, path: &str) -> Result<Option<Vec<u8>>>;
    /// Writes a new file atomically (temp file, rename), making its
    /// directory. Writing a path that already holds the same bytes is fine;
    /// different bytes are refused (files are immutable).
    fn create(&self, path: &str, bytes: &[u8]) -> Result<()>;
}

/// What a file in the folder is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    /// `practice.json`.
    Practice,
    /// `desks/<desk>/desk.json`.
    Card(DeskId),
    /// `desks/<desk>/roster-<v>.json`.
    Roster(DeskId, u32),
    /// `desks/<desk>/keys-<v>.age`.
    Keys(DeskId, u32),
    /// `desks/<desk>/rec-<seq>.json`.
    Record(DeskId, u64),
    /// `desks/<desk>/snap-<seq>.tessera-backup`.
    Snapshot(DeskId, u64),
}

/// The path of a file of `kind`.
pub fn path_of(kind: &FileKind) -> String {
    match kind {
        FileKind::Practice => PRACTICE_FILE.to_owned(),
        FileKind::Card(d) => format!("desks/{d}/desk.json"),
        FileKind::Roster(d, v) => format!("desks/{d}/roster-{v:06}.json"),
        FileKind::Keys(d, v) => format!("desks/{d}/keys-{v:06}.age"),
        FileKind::Record(d, s) => format!("desks/{d}/rec-{s:010}.json"),
        FileKind::Snapshot(d, s) => format!("desks/{d}/snap-{s:010}.tessera-backup"),
    }
}

fn number<T: std::str::FromStr>(name: &str, prefix: &str, suffix: &str, width: usize) -> Option<T> {
    let digits = name.strip_prefix(prefix)?.strip_suffix(suffix)?;
    (digits.len() == width && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// What a path is, or `None` for anything to ignore: sync-engine conflict
/// copies (`*.sync-conflict-*`, `* (conflicted copy)*`), temporary and hidden
/// files (`.x`, `~x`, `*.tmp`, `*.part`), and any name Tessera does not write.
pub fn classify(path: &str) -> Option<FileKind> {
    let lower = path.to_ascii_lowercase();
    if lower.contains("sync-conflict") || lower.contains("conflicted copy") {
        return None;
    }
    let parts: Vec<&str> = path.split('/').collect();
    if parts
        .iter()
        .any(|p| p.starts_with('.') || p.starts_with('~') || p.is_empty())
    {
        return None;
    }
    match parts.as_slice() {
        [name] if *name == PRACTICE_FILE => Some(FileKind::Practice),
        ["desks", desk, name] => {
            let desk = DeskId::parse(desk)?;
            if *name == "desk.json" {
                return Some(FileKind::Card(desk));
            }
            if let Some(v) = number(name, "roster-", ".json", 6) {
                return Some(FileKind::Roster(desk, v));
            }
            if let Some(v) = number(name, "keys-", ".age", 6) {
                return Some(FileKind::Keys(desk, v));
            }
            if let Some(s) = number(name, "rec-", ".json", 10) {
                return Some(FileKind::Record(desk, s));
            }
            if let Some(s) = number(name, "snap-", ".tessera-backup", 10) {
                return Some(FileKind::Snapshot(desk, s));
            }
            None
        }
        _ => None,
    }
}

/// A folder in memory (tests, simulations).
#[derive(Debug, Default)]
pub struct MemoryFolder {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemoryFolder {
    /// An empty folder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every file, as a sync engine would see them.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        self.files.lock().map(|f| f.clone()).unwrap_or_default()
    }

    /// Puts a file as a sync engine would (overwriting, any name).
    pub fn put_raw(&self, path: &str, bytes: &[u8]) {
        if let Ok(mut files) = self.files.lock() {
            files.insert(path.to_owned(), bytes.to_vec());
        }
    }

    /// Removes a file as a sync engine (or a restore) would.
    pub fn remove_raw(&self, path: &str) {
        if let Ok(mut files) = self.files.lock() {
            files.remove(path);
        }
    }
}

fn poisoned() -> ShareError {
    ShareError::Folder("the in-memory folder is unusable".into())
}

impl SharedFolder for MemoryFolder {
    fn list(&self) -> Result<Vec<String>> {
        Ok(self
            .files
            .lock()
            .map_err(|_| poisoned())?
            .keys()
            .cloned()
            .collect())
    }

    fn read(&self, path: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .files
            .lock()
            .map_err(|_| poisoned())?
            .get(path)
            .cloned())
    }

    fn create(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let mut files = self.files.lock().map_err(|_| poisoned())?;
        match files.get(path) {
            Some(old) if old.as_slice() != bytes => Err(ShareError::Folder(format!(
                "{path} already exists with other contents"
            ))),
            Some(_) => Ok(()),
            None => {
                files.insert(path.to_owned(), bytes.to_vec());
                Ok(())
            }
        }
    }
}

impl<F: SharedFolder + ?Sized> SharedFolder for &F {
    fn list(&self) -> Result<Vec<String>> {
        (**self).list()
    }
    fn read(&self, path: &str) -> Result<Option<Vec<u8>>> {
        (**self).read(path)
    }
    fn create(&self, path: &str, bytes: &[u8]) -> Result<()> {
        (**self).create(path, bytes)
    }
}
