//! The notice left when a damaged index was replaced by one of its copies:
//! which copy, from when, and where the damaged file was kept.

use std::path::Path;
use tessera_core::vault::IndexError;

/// Largest notice read (a real one is a few hundred bytes).
const MAX_NOTICE_BYTES: usize = 64 * 1024;

/// A damaged `index.json` was replaced by a previous copy.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RestoreNotice {
    /// When the copy was put back (Unix seconds).
    pub restored_at: u64,
    /// Which copy was used (its path).
    pub copy: String,
    /// When that copy was written (Unix seconds), if the file system says.
    pub copy_time: Option<u64>,
    /// Where the damaged file was kept, if there was one.
    pub damaged_file: Option<String>,
    /// What was wrong with it.
    pub detail: String,
}

impl RestoreNotice {
    pub(crate) fn load(path: &Path) -> Option<Self> {
        serde_json::from_slice(&crate::read_limited(path, MAX_NOTICE_BYTES).ok()?).ok()
    }

    pub(crate) fn save(&self, path: &Path) -> Result<(), IndexError> {
        let bytes = serde_json::to_vec_pretty(self)
            .map_err(|e| IndexError::Io(format!("the restore notice could not be written: {e}")))?;
        crate::write_atomically(path, &bytes)
            .map_err(|e| IndexError::Io(format!("cannot save {}: {e}", path.display())))
    }
}

/// Seconds since the Unix epoch (0 if the clock is before it).
pub(crate) fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// When `path` was last written, as Unix seconds.
pub(crate) fn modified(path: &Path) -> Option<u64> {
    std::fs::metadata(path)
        .ok()?
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs())
}
