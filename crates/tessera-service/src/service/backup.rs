//! Encrypted backups of the profile (the envelope of
//! [`tessera_core::envelope`]): a backup password (separate from the PIN)
//! and a recovery key each open every backup; the content key is kept in the
//! keychain (sealed under the PIN) so backups need no password once set up.
//! Automatic backups go to a folder the user chose, after every change
//! (debounced) and daily; each file is written temp → fsync → rename, then
//! read back and decrypted to verify; the last 10 and one per month are
//! kept. A failed, missing or unwritable folder is reported, never silent.

use super::{guard, Service};
use crate::activity::Event;
use crate::error::{Error, ErrorKind, Result};
use crate::policy::Operation;
use crate::views::{BackupFileView, BackupStatusView, RecoveryKeyView};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tessera_core::envelope::{self, BackupContent, BackupKey, Header, BACKUP_KDF};
use tessera_core::vault::BACKUP_KEY_RECORD;
use zeroize::Zeroizing;

/// Backups kept however old (the newest ones).
pub const KEEP_NEWEST: usize = 10;
/// After a change, how long the app waits for more changes before backing up.
pub const DEBOUNCE: Duration = Duration::from_secs(10);
/// A backup is made at least this often while the app runs unlocked.
pub const DAILY: u64 = 24 * 3600;
/// Without a successful backup for this long, the user is told.
const STALE: u64 = 2 * 24 * 3600;
/// What backup files end in.
pub const EXTENSION: &str = "tessera-backup";
const STATUS_FILE: &str = "backup-status.json";

/// The backup key and header, as kept in the keychain record.
#[derive(Serialize, Deserialize)]
struct KeyRecord {
    key: String,
    header: Header,
}

impl Drop for KeyRecord {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.key.zeroize();
    }
}

/// What the profile remembers of its backups (no secret).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct BackupLog {
    last_success: Option<u64>,
    last_file: Option<String>,
    last_error: Option<String>,
    last_attempt: Option<u64>,
}

/// `YYYYMMDD-HHMMSS` (UTC) of a Unix time, for file names.
fn stamp(unix: u64) -> String {
    let date = tessera_core::sheet::iso_date(unix).replace('-', "");
    let s = unix % 86_400;
    format!("{date}-{:02}{:02}{:02}", s / 3600, s % 3600 / 60, s % 60)
}

fn recovery_view(key: &envelope::RecoveryKey) -> RecoveryKeyView {
    RecoveryKeyView {
        lines: key.display().lines().map(str::to_owned).collect(),
        qr_text: key.qr_text().to_string(),
    }
}

fn not_written(path: &Path, err: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::FileNotWritten,
        format!("cannot write {}: {err}", path.display()),
    )
}

/// A file-system failure in words a receptionist can act on.
fn io_words(err: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match err.kind() {
        K::PermissionDenied => "permission denied (the folder is read-only or protected)".into(),
        K::NotFound => "the folder does not exist (is the drive connected?)".into(),
        K::StorageFull => "the disk is full".into(),
        K::ReadOnlyFilesystem => "the drive is read-only".into(),
        _ => match err.raw_os_error() {
            // EPERM (an immutable folder, a locked share): as permission denied.
            Some(1) => "permission denied (the folder is read-only or protected)".into(),
            _ => err.kind().to_string(),
        },
    }
}

fn folder_not_written(dir: &Path, err: &std::io::Error) -> Error {
    Error::new(
        ErrorKind::FileNotWritten,
        format!(
            "cannot write to the backup folder {}: {}.",
            dir.display(),
            io_words(err)
        ),
    )
}

impl Service {
    fn backup_log_path(&self) -> PathBuf {
        self.profile_dir().join(STATUS_FILE)
    }

    fn backup_log(&self) -> BackupLog {
        tessera_fs::read_limited(&self.backup_log_path(), 1024 * 1024)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    fn save_backup_log(&self, log: &BackupLog) {
        if let Ok(bytes) = serde_json::to_vec_pretty(log) {
            let _ = tessera_fs::write_atomically(&self.backup_log_path(), &bytes);
        }
    }

    pub(super) fn backup_keys(&self) -> Result<Option<(BackupKey, Header)>> {
        let Some(text) = self.vault()?.get_record(BACKUP_KEY_RECORD)? else {
            return Ok(None);
        };
        let record: KeyRecord = serde_json::from_str(&text)
            .map_err(|_| Error::internal("the backup key in the keychain is damaged"))?;
        let key =
            BackupKey::from_secret_text(&record.key).map_err(|e| Error::internal(e.to_string()))?;
        Ok(Some((key, record.header.clone())))
    }

    fn store_backup_keys(&self, key: &BackupKey, header: Header) -> Result<()> {
        let record = KeyRecord {
            key: key.to_secret_text().to_string(),
            header,
        };
        let text = Zeroizing::new(
            serde_json::to_string(&record)
                .map_err(|e| Error::internal(format!("the backup key could not be kept: {e}")))?,
        );
        Ok(self.vault()?.put_record(BACKUP_KEY_RECORD, &text)?)
    }

    /// Whether a backup password is set (reads the keychain; false when it
    /// cannot be read now).
    fn backup_password_set(&self) -> bool {
        self.vault()
            .ok()
            .and_then(|v| v.has_record(BACKUP_KEY_RECORD).ok())
            .unwrap_or(false)
    }

    /// Sets the backup password (typed twice). The first time, a recovery
    /// key is made and returned — shown once, to be printed or written down;
    /// later calls change the password and keep the recovery key. Needs the
    /// PIN again: it decides who can open copies of every key.
    pub fn set_backup_password(
        &self,
        password: &str,
        confirm: &str,
        pin: Option<&str>,
    ) -> Result<Option<RecoveryKeyView>> {
        self.authorize(Operation::Export, pin)?;
        if password != confirm {
            return Err(Error::invalid(
                "the two passwords differ; nothing was changed",
            ));
        }
        if password.chars().count() < 8 {
            return Err(Error::invalid(
                "the backup password must have at least 8 characters (a few words are best)",
            ));
        }
        let result = match self.backup_keys()? {
            Some((key, header)) => {
                let header =
                    envelope::change_password(&header, &key, password, BACKUP_KDF, &*self.entropy)
                        .map_err(|e| Error::internal(e.to_string()))?;
                self.store_backup_keys(&key, header)?;
                None
            }
            None => {
                let (key, recovery, header) =
                    envelope::new_backup_keys(password, BACKUP_KDF, &*self.entropy)
                        .map_err(Error::invalid)?;
                self.store_backup_keys(&key, header)?;
                Some(recovery_view(&recovery))
            }
        };
        self.record(Event::Exported, None, Some("backup password set".into()));
        Ok(result)
    }

    /// A new recovery key in place of the old (lost) one, for backups made
    /// from now on. Needs the PIN again.
    pub fn new_recovery_key(&self, pin: Option<&str>) -> Result<RecoveryKeyView> {
        self.authorize(Operation::Export, pin)?;
        let (key, header) = self
            .backup_keys()?
            .ok_or_else(|| Error::invalid("set a backup password first"))?;
        let (recovery, header) = envelope::change_recovery_key(&header, &key, &*self.entropy)
            .map_err(|e| Error::internal(e.to_string()))?;
        self.store_backup_keys(&key, header)?;
        Ok(recovery_view(&recovery))
    }

    /// The profile's backups at a glance.
    pub fn backup_status(&self) -> BackupStatusView {
        let settings = self.settings();
        let log = self.backup_log();
        let password_set = self.backup_password_set();
        let automatic = settings.auto_backup && settings.backup_dir.is_some();
        let stale = log
            .last_success
            .is_none_or(|t| self.now().saturating_sub(t) > STALE);
        BackupStatusView {
            password_set,
            dir: settings.backup_dir.clone(),
            automatic,
            last_success: log.last_success,
            last_file: log.last_file,
            last_error: log.last_error.clone(),
            needs_attention: automatic && (log.last_error.is_some() || !password_set || stale),
        }
    }

    /// The folder to back up to: `dir`, else the profile's setting.
    fn backup_dir(&self, dir: Option<&Path>) -> Result<PathBuf> {
        match dir {
            Some(dir) => Ok(dir.to_path_buf()),
            None => self
                .settings()
                .backup_dir
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Error::invalid(
                        "choose a folder for backups first (Settings → Backups, or --dir)",
                    )
                }),
        }
    }

    /// Writes a backup now into `dir` (default: the chosen folder), verifies
    /// it by reading it back, and prunes old ones. Needs the vault unlocked.
    pub fn backup_now(&self, dir: Option<&Path>) -> Result<BackupStatusView> {
        self.authorize(Operation::ShowCodes, None)?;
        let now = self.now();
        let result = self.write_backup(dir, now);
        let mut log = self.backup_log();
        log.last_attempt = Some(now);
        match &result {
            Ok(path) => {
                log.last_success = Some(now);
                log.last_file = Some(path.display().to_string());
                log.last_error = None;
            }
            Err(err) => log.last_error = Some(err.message.clone()),
        }
        self.save_backup_log(&log);
        *guard(&self.backed_up) = Some(self.data_revision());
        result.map(|_| self.backup_status())
    }

    fn write_backup(&self, dir: Option<&Path>, now: u64) -> Result<PathBuf> {
        let dir = self.backup_dir(dir)?;
        let (key, header) = self.backup_keys()?.ok_or_else(|| {
            Error::invalid("set a backup password first (Settings → Backups, or `tessera backup set-password`)")
        })?;
        if !dir.is_dir() {
            return Err(Error::new(
                ErrorKind::FileNotWritten,
                format!(
                    "the backup folder {} does not exist (is the drive connected?)",
                    dir.display()
                ),
            ));
        }
        let entries = self.vault()?.backup_entries()?;
        let count = entries.len();
        let content = BackupContent {
            profile: self.profile().to_string(),
            created: now,
            accounts: entries,
        };
        let plain = content.to_json();
        let sealed = envelope::seal(&header, &key, &plain, now, &*self.entropy)
            .map_err(|e| Error::internal(e.to_string()))?;
        let path = dir.join(format!(
            "Tessera-{}-{}.{EXTENSION}",
            self.profile(),
            stamp(now)
        ));
        tessera_fs::write_atomically(&path, &sealed).map_err(|e| folder_not_written(&dir, &e))?;
        // Read it back as a restore would, before calling it a backup.
        let back = std::fs::read(&path).map_err(|e| not_written(&path, e))?;
        let opened = envelope::open_with_key(&back, &key)
            .map_err(|e| not_written(&path, format!("it does not read back: {e}")))?;
        let batch = super::import::batch_of_backup(&opened.plaintext)?;
        if batch.entries.len() != count {
            return Err(not_written(&path, "it reads back with accounts missing"));
        }
        self.prune_backups(&dir);
        Ok(path)
    }

    /// Keeps the newest [`KEEP_NEWEST`] backups of this profile and the
    /// newest of every month; removes the rest. Touches only its own files.
    fn prune_backups(&self, dir: &Path) {
        let Ok(mut files) = self.list_backups(Some(dir)) else {
            return;
        };
        files.sort_by_key(|f| std::cmp::Reverse(f.created));
        let mut months_seen: Vec<String> = Vec::new();
        for (i, file) in files.iter().enumerate() {
            let month = tessera_core::sheet::iso_date(file.created)[..7].to_owned();
            let first_of_month = !months_seen.contains(&month);
            if first_of_month {
                months_seen.push(month);
            }
            if i >= KEEP_NEWEST && !first_of_month {
                let _ = std::fs::remove_file(&file.path);
            }
        }
    }

    /// This profile's backups in `dir` (default: the chosen folder), newest first.
    pub fn list_backups(&self, dir: Option<&Path>) -> Result<Vec<BackupFileView>> {
        let dir = self.backup_dir(dir)?;
        let prefix = format!("Tessera-{}-", self.profile());
        let entries = std::fs::read_dir(&dir).map_err(|e| {
            Error::new(
                ErrorKind::FileNotWritten,
                format!("cannot read the backup folder {}: {e}", dir.display()),
            )
        })?;
        let mut files = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with(&prefix) || !name.ends_with(&format!(".{EXTENSION}")) {
                continue;
            }
            let path = entry.path();
            let Ok(bytes) = tessera_fs::read_limited(&path, envelope::MAX_FILE_BYTES) else {
                continue;
            };
            let Ok(info) = envelope::inspect(&bytes) else {
                continue;
            };
            files.push(BackupFileView {
                path: path.display().to_string(),
                created: info.created,
                bytes: bytes.len() as u64,
            });
        }
        files.sort_by_key(|f| std::cmp::Reverse(f.created));
        Ok(files)
    }

    /// Checks that a backup file is whole and opens with this profile's
    /// backup key; returns how many accounts it holds and when it was made.
    pub fn verify_backup(&self, path: &Path) -> Result<(u64, usize)> {
        self.authorize(Operation::ShowCodes, None)?;
        let bytes =
            tessera_fs::read_limited(path, envelope::MAX_FILE_BYTES).map_err(|e| match e {
                tessera_fs::LimitedReadError::TooLarge { .. } => {
                    Error::invalid(envelope::EnvelopeError::TooLarge)
                }
                tessera_fs::LimitedReadError::Io(e) => {
                    Error::invalid(format!("cannot read {}: {e}", path.display()))
                }
            })?;
        envelope::inspect(&bytes).map_err(Error::invalid)?;
        let (key, _) = self
            .backup_keys()?
            .ok_or_else(|| Error::invalid("this profile has no backup password set"))?;
        let opened = envelope::open_with_key(&bytes, &key).map_err(|e| match e {
            envelope::EnvelopeError::WrongKey => Error::invalid(
                "this backup was not made with this profile's backup key: check it with `tessera restore FILE --dry-run` and its password",
            ),
            other => Error::invalid(other.to_string()),
        })?;
        let batch = super::import::batch_of_backup(&opened.plaintext)?;
        Ok((opened.created, batch.entries.len()))
    }

    /// The app calls this every few seconds: makes a backup when one is due
    /// (a change at least [`DEBOUNCE`] old, or none for a day) and possible
    /// (a folder and password set, the app unlocked). Returns the status
    /// after an attempt, `None` when nothing was due.
    pub fn backup_tick(&self) -> Option<BackupStatusView> {
        let settings = self.settings();
        if !settings.auto_backup || settings.backup_dir.is_none() {
            return None;
        }
        let pin_set = self.pin_set().ok()?;
        if self.is_locked(pin_set) || !self.backup_password_set() {
            return None;
        }
        let changed = guard(&self.last_change).is_some_and(|at| {
            guard(&self.backed_up).is_none_or(|rev| rev < self.data_revision())
                && self.clock.monotonic().saturating_sub(at) >= DEBOUNCE
        });
        let log = self.backup_log();
        let daily = log
            .last_success
            .is_none_or(|t| self.now().saturating_sub(t) >= DAILY);
        // After a failure, try again at most every few minutes.
        let retry_wait = log.last_error.is_some()
            && log
                .last_attempt
                .is_some_and(|t| self.now().saturating_sub(t) < 300);
        if (!changed && !daily) || retry_wait {
            return None;
        }
        Some(
            self.backup_now(None)
                .unwrap_or_else(|_| self.backup_status()),
        )
    }
}
