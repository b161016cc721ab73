//! The activity log of a profile: what was done on this desk, when and by
//! which operating-system user — copies, reveals, exports, printed sheets,
//! PIN changes, wrong PINs, lockouts, accounts added and removed. It never
//! holds a secret (no code, key, PIN or backup code; an account is named by
//! its issuer and name). Kept in `activity.json` in the profile's directory,
//! at most [`MAX_ENTRIES`] entries (the oldest go first), every write atomic.

use crate::views::ActivityView;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Mutex;

/// Entries kept; older ones are dropped.
pub const MAX_ENTRIES: usize = 1000;
/// Largest log file read, in bytes ([`MAX_ENTRIES`] entries are a few hundred KB).
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
const FILE: &str = "activity.json";

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Event {
    /// A code was copied.
    Copied,
    /// An account's key was shown.
    KeyRevealed,
    /// A backup code was shown.
    BackupCodeRevealed,
    /// A backup code was marked used.
    BackupCodeUsed,
    /// Accounts were exported with their keys.
    Exported,
    /// The backup sheet was written.
    SheetPrinted,
    /// A PIN was set.
    PinSet,
    /// The PIN was changed.
    PinChanged,
    /// The PIN was removed.
    PinRemoved,
    /// A wrong PIN was entered.
    WrongPin,
    /// Too many wrong PINs: a lockout began.
    LockedOut,
    /// An account was added.
    AccountAdded,
    /// An account was removed.
    AccountRemoved,
    /// The account list was damaged and a copy was put back.
    IndexRestored,
}

impl Event {
    /// The stable name (as serialised).
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// One entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Unix seconds.
    pub time: u64,
    /// Operating-system user.
    pub user: String,
    /// What happened.
    pub event: Event,
    /// "Issuer (name)" of the account concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// A few words more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl From<&Entry> for ActivityView {
    fn from(e: &Entry) -> Self {
        Self {
            time: e.time,
            user: e.user.clone(),
            event: e.event.name(),
            account: e.account.clone(),
            detail: e.detail.clone(),
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    v: u32,
    entries: Vec<Entry>,
}

/// A profile's log on disk.
#[derive(Debug)]
pub struct ActivityLog {
    path: PathBuf,
    /// Serialises writers in this process (the file is rewritten whole).
    write: Mutex<()>,
}

impl ActivityLog {
    /// The log in a profile's directory.
    pub fn in_dir(dir: &std::path::Path) -> Self {
        Self {
            path: dir.join(FILE),
            write: Mutex::new(()),
        }
    }

    /// Every entry, oldest first (an unreadable file, or one larger than
    /// [`MAX_FILE_BYTES`], reads as empty).
    pub fn entries(&self) -> Vec<Entry> {
        tessera_fs::read_limited(&self.path, MAX_FILE_BYTES)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<File>(&bytes).ok())
            .map(|f| f.entries)
            .unwrap_or_default()
    }

    /// Appends an entry, dropping the oldest beyond [`MAX_ENTRIES`].
    pub fn record(&self, entry: Entry) -> std::io::Result<()> {
        self.record_all(vec![entry])
    }

    /// Appends several entries in one write (an import of many accounts).
    pub fn record_all(&self, new: Vec<Entry>) -> std::io::Result<()> {
        let _guard = self.write.lock().unwrap_or_else(|e| e.into_inner());
        let mut entries = self.entries();
        entries.extend(new);
        if entries.len() > MAX_ENTRIES {
            let extra = entries.len() - MAX_ENTRIES;
            entries.drain(..extra);
        }
        let bytes = serde_json::to_vec_pretty(&File { v: 1, entries })
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        tessera_fs::write_atomically(&self.path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    fn entry(time: u64, event: Event) -> Entry {
        Entry {
            time,
            user: "desk1".into(),
            event,
            account: Some("Clinic (front)".into()),
            detail: None,
        }
    }

    #[test]
    fn keeps_the_newest_entries_only() {
        let dir = tempfile::tempdir().unwrap();
        let log = ActivityLog::in_dir(dir.path());
        for t in 0..(MAX_ENTRIES as u64 + 25) {
            log.record(entry(t, Event::Copied)).unwrap();
        }
        let entries = log.entries();
        assert_eq!(entries.len(), MAX_ENTRIES);
        assert_eq!(entries[0].time, 25);
        assert_eq!(entries.last().unwrap().time, MAX_ENTRIES as u64 + 24);
        // Only the log file is left: every write replaced it whole.
        let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(files.len(), 1);
    }

    #[test]
    fn a_damaged_file_reads_as_empty_and_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), b"{garbage").unwrap();
        let log = ActivityLog::in_dir(dir.path());
        assert!(log.entries().is_empty());
        log.record(entry(5, Event::WrongPin)).unwrap();
        assert_eq!(log.entries().len(), 1);
        assert_eq!(Event::WrongPin.name(), "wrongPin");
    }
}
