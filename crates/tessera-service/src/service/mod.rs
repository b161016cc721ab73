//! [`Service`]: the open profile and everything done with it. One owner for
//! each piece of state: the profile and its vault (keys unlocked only in
//! here), the lock screen, the codes shown (cached per time step), HOTP codes
//! produced on request, staged setup codes, the clipboard, the profile's
//! settings and its activity log. Both shells call these methods; each
//! method checks [`Operation::access`] first.

mod accounts;
mod backup;
mod backup_codes;
mod clock_check;
mod codes;
mod doctor;
mod export;
mod import;
mod pin;
mod profile;
mod scan;
mod share;
mod sheet;

pub use accounts::MenuGroups;
pub use backup::{DAILY, DEBOUNCE, EXTENSION as BACKUP_EXTENSION, KEEP_NEWEST};
pub use codes::NEAR_END_SECONDS;
pub use doctor::{DoctorReport, IndexReport, KeychainHealth};
pub use import::{
    identify, import_formats, read_backup, read_export, BackupCredential, ImportBatch,
};
pub use pin::RevealedKey;
pub use scan::{decode_image, MAX_IMAGE_BYTES};
pub use share::{DESK_NAME_ENV, SNAPSHOT_EVERY};
pub use sheet::{default_paper, PreparedSheet};

use crate::activity::{ActivityLog, Entry, Event};
use crate::backend::{AppVault, Backend, DynClipboard, KeychainOpener};
use crate::clock::Clock;
use crate::codes::CodeCache;
use crate::error::{Error, ErrorKind, Result};
use crate::intake::Intake;
use crate::policy::{Access, Operation};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tessera_clipboard::CodeClipboard;
use tessera_core::settings::Settings;
use tessera_core::vault::{
    AccountId, Entropy, IndexStore, KdfParams, ProfileName, Vault, VaultError,
};
use tessera_fs::{FileIndexStore, SettingsFile};
use zeroize::Zeroizing;

/// Takes a mutex even if a panic poisoned it: every value guarded here is
/// valid after any partial update.
fn guard<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Something to run after a change (the tray rebuilds its menu) or on lock
/// (the app stops the camera).
pub type Hook = Arc<dyn Fn() + Send + Sync>;

/// The application layer: one open profile at a time.
pub struct Service {
    data_dir: PathBuf,
    open_keychain: KeychainOpener,
    entropy: Arc<dyn Entropy + Send + Sync>,
    kdf: KdfParams,
    clock: Arc<dyn Clock>,
    user: String,
    profile: Mutex<ProfileName>,
    /// The profile was named at launch (otherwise ask when there are several).
    profile_chosen: AtomicBool,
    settings: Mutex<Settings>,
    vault: Mutex<Option<Arc<AppVault>>>,
    /// The lock screen is up (by the user, idle time or the session; also
    /// without a PIN).
    lock_screen: AtomicBool,
    /// Bumped whenever accounts, the lock or the profile change.
    revision: AtomicU64,
    /// Bumped whenever what a backup holds changes (accounts, codes, counters).
    data_revision: AtomicU64,
    /// Monotonic time of the last such change.
    last_change: Mutex<Option<Duration>>,
    /// `data_revision` when the last backup was attempted.
    backed_up: Mutex<Option<u64>>,
    /// A file being imported, until added or the lock.
    import: Mutex<import::ImportState>,
    /// HOTP codes produced on request, shown until the lock.
    hotp_shown: Mutex<HashMap<AccountId, Zeroizing<String>>>,
    cache: Mutex<Option<CodeCache>>,
    clipboard: Option<CodeClipboard<DynClipboard>>,
    /// Monotonic time of the last user activity.
    last_activity: Mutex<Duration>,
    intake: Mutex<Intake>,
    /// The backup sheet written last (for "Open to print").
    printed: Mutex<Option<PathBuf>>,
    /// The last clock check (its offset is what a time correction applies).
    clock_report: Mutex<Option<tessera_clock::ClockReport>>,
    on_change: Mutex<Option<Hook>>,
    on_lock: Mutex<Option<Hook>>,
    /// The shared folder's files as of the last share pass (the app's poll).
    share_seen: Mutex<Option<Vec<(String, u64, u128)>>>,
    /// Unix time of the last successful share pass in this process.
    share_synced: Mutex<Option<u64>>,
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service")
            .field("profile", &*guard(&self.profile))
            .finish_non_exhaustive()
    }
}

impl Service {
    /// The service for `profile` on `backend`. `chosen`: the profile was
    /// named at launch; when false and several exist, the app asks.
    pub fn new(backend: Backend, profile: ProfileName, chosen: bool) -> Self {
        let Backend {
            data_dir,
            open_keychain,
            open_clipboard,
            entropy,
            kdf,
            clock,
            user,
        } = backend;
        let settings = SettingsFile::for_profile(&data_dir, &profile).load();
        let now = clock.monotonic();
        Self {
            data_dir,
            open_keychain,
            entropy,
            kdf,
            clock,
            user,
            settings: Mutex::new(settings),
            profile: Mutex::new(profile),
            profile_chosen: AtomicBool::new(chosen),
            vault: Mutex::new(None),
            lock_screen: AtomicBool::new(false),
            revision: AtomicU64::new(1),
            data_revision: AtomicU64::new(0),
            last_change: Mutex::new(None),
            backed_up: Mutex::new(None),
            import: Mutex::new(import::ImportState::default()),
            hotp_shown: Mutex::new(HashMap::new()),
            cache: Mutex::new(None),
            clipboard: open_clipboard.map(CodeClipboard::new),
            last_activity: Mutex::new(now),
            intake: Mutex::new(Intake::default()),
            printed: Mutex::new(None),
            clock_report: Mutex::new(None),
            on_change: Mutex::new(None),
            on_lock: Mutex::new(None),
            share_seen: Mutex::new(None),
            share_synced: Mutex::new(None),
        }
    }

    /// Runs `hook` after every change from now on.
    pub fn set_change_hook(&self, hook: Hook) {
        *guard(&self.on_change) = Some(hook);
    }

    /// Runs `hook` whenever the app locks.
    pub fn set_lock_hook(&self, hook: Hook) {
        *guard(&self.on_lock) = Some(hook);
    }

    /// The open profile.
    pub fn profile(&self) -> ProfileName {
        guard(&self.profile).clone()
    }

    /// Now, in Unix seconds: the wall clock as it is (the lockout, the
    /// activity log, dates).
    pub fn now(&self) -> u64 {
        self.clock.unix_now()
    }

    /// Now for codes, in Unix seconds: the wall clock plus the profile's
    /// time correction ([`Settings::clock_correction_ms`]), if any.
    pub fn code_now(&self) -> u64 {
        let correction = guard(&self.settings).clock_correction_ms.unwrap_or(0);
        self.clock.unix_now_ms().saturating_add_signed(correction) / 1000
    }

    /// Marks a change the list must reload for.
    pub fn bump(&self) {
        self.revision.fetch_add(1, Ordering::SeqCst);
        *guard(&self.cache) = None;
        let hook = guard(&self.on_change).clone();
        if let Some(hook) = hook {
            hook();
        }
    }

    fn revision(&self) -> u64 {
        self.revision.load(Ordering::SeqCst)
    }

    /// Marks a change of what a backup holds (and of the list).
    fn changed(&self) {
        self.share_after_change();
        self.changed_from_share();
    }

    /// Marks a change that came from the shared practice (already merged,
    /// nothing to record).
    fn changed_from_share(&self) {
        self.data_revision.fetch_add(1, Ordering::SeqCst);
        *guard(&self.last_change) = Some(self.clock.monotonic());
        self.bump();
    }

    fn data_revision(&self) -> u64 {
        self.data_revision.load(Ordering::SeqCst)
    }

    fn profile_dir(&self) -> PathBuf {
        tessera_fs::profile_dir_in(&self.data_dir, &self.profile())
    }

    /// The profile's index (works without the keychain).
    pub fn index(&self) -> Result<FileIndexStore> {
        Ok(FileIndexStore::open(self.profile_dir())?)
    }

    fn activity_log(&self) -> ActivityLog {
        ActivityLog::in_dir(&self.profile_dir())
    }

    /// Writes to the activity log. A log that cannot be written never stops
    /// what the user is doing.
    fn record(&self, event: Event, account: Option<String>, detail: Option<String>) {
        let _ = self.activity_log().record(Entry {
            time: self.now(),
            user: self.user.clone(),
            event,
            account,
            detail,
        });
    }

    /// Writes several entries at once (one file write).
    fn record_all(
        &self,
        events: impl IntoIterator<Item = (Event, Option<String>, Option<String>)>,
    ) {
        let (time, user) = (self.now(), self.user.clone());
        let entries = events
            .into_iter()
            .map(|(event, account, detail)| Entry {
                time,
                user: user.clone(),
                event,
                account,
                detail,
            })
            .collect();
        let _ = self.activity_log().record_all(entries);
    }

    /// The profile's vault, opening the keychain on first use. An interrupted
    /// earlier add or remove is settled when it opens.
    pub fn vault(&self) -> Result<Arc<AppVault>> {
        let mut slot = guard(&self.vault);
        if let Some(vault) = slot.as_ref() {
            return Ok(Arc::clone(vault));
        }
        let index = self.index()?;
        let store = (self.open_keychain)()?;
        let vault = Vault::open(store, index, &self.profile(), Arc::clone(&self.entropy));
        vault.recover()?;
        let vault = Arc::new(vault);
        *slot = Some(Arc::clone(&vault));
        Ok(vault)
    }

    /// Whether the profile has a PIN (reads the index only).
    pub fn pin_set(&self) -> Result<bool> {
        Ok(self.index()?.load()?.pin.is_some())
    }

    fn holds_keys(&self) -> bool {
        guard(&self.vault).as_ref().is_some_and(|v| v.has_keys())
    }

    /// Whether the lock screen is up (or a PIN is set and not entered).
    fn is_locked(&self, pin_set: bool) -> bool {
        self.lock_screen.load(Ordering::SeqCst) || (pin_set && !self.holds_keys())
    }

    /// Records user activity (restarts the idle timer).
    pub fn note_activity(&self) {
        *guard(&self.last_activity) = self.clock.monotonic();
    }

    fn idle(&self) -> Duration {
        self.clock
            .monotonic()
            .saturating_sub(*guard(&self.last_activity))
    }

    /// Whether `op` needs a PIN from the user now: a shell asks for it, then
    /// passes it to [`Service::authorize`] (or to the operation itself).
    pub fn pin_needed(&self, op: Operation) -> Result<bool> {
        let pin_set = self.pin_set()?;
        Ok(match op.access() {
            Access::Open => false,
            Access::Unlocked => pin_set && !self.holds_keys(),
            Access::PinAgain => pin_set,
        })
    }

    /// Checks that `op` may run now (see [`crate::policy`]). For an
    /// [`Access::Unlocked`] operation a `pin` unlocks the vault first (the
    /// CLI); for [`Access::PinAgain`] the `pin` is required on a PIN profile
    /// and checked like on the lock screen. Counts as user activity.
    pub fn authorize(&self, op: Operation, pin: Option<&str>) -> Result<()> {
        let access = op.access();
        if access == Access::Open {
            return Ok(());
        }
        if self.lock_screen.load(Ordering::SeqCst) {
            return Err(Error::locked());
        }
        let pin_set = self.pin_set()?;
        if pin_set {
            match (access, pin) {
                (Access::PinAgain, None) => {
                    return Err(Error::new(
                        ErrorKind::PinRequired,
                        "enter your PIN again to do this",
                    ))
                }
                (_, Some(pin)) => self.check_pin(pin)?,
                (_, None) if !self.holds_keys() => return Err(Error::locked()),
                _ => {}
            }
        }
        self.note_activity();
        Ok(())
    }

    /// Checks the PIN (unlocking the vault in this process), logging wrong
    /// PINs and lockouts.
    fn check_pin(&self, pin: &str) -> Result<()> {
        let vault = self.vault()?;
        match vault.unlock(pin, self.now()) {
            Ok(()) => Ok(()),
            Err(err) => {
                match &err {
                    VaultError::WrongPin {
                        failures,
                        lockout_seconds,
                    } => {
                        self.record(
                            Event::WrongPin,
                            None,
                            Some(format!("{failures} wrong in a row")),
                        );
                        if *lockout_seconds > 0 {
                            self.record(
                                Event::LockedOut,
                                None,
                                Some(format!("{lockout_seconds} s")),
                            );
                        }
                    }
                    VaultError::LockedOut(_) => {}
                    _ => {}
                }
                Err(err.into())
            }
        }
    }

    /// A fresh account id.
    fn new_id(&self) -> Result<AccountId> {
        AccountId::generate(&*self.entropy).map_err(|e| Error::internal(e.to_string()))
    }

    /// The name an account is shown by in messages and the log.
    fn account_name(&self, id: &AccountId) -> Option<String> {
        self.index()
            .ok()?
            .load()
            .ok()?
            .get(id)
            .map(|r| r.display_name())
    }

    /// Current settings of the open profile, within its limits.
    pub fn settings(&self) -> Settings {
        let shared_desk = self
            .index()
            .and_then(|i| Ok(i.load()?.shared_desk))
            .unwrap_or(false);
        guard(&self.settings).clone().limited(shared_desk)
    }
}

/// An account id from a shell.
pub fn account_id(text: &str) -> Result<AccountId> {
    AccountId::parse(text).ok_or_else(|| Error::invalid(format!("'{text}' is not an account id")))
}

impl Drop for Service {
    fn drop(&mut self) {
        // Leave nothing of ours on the clipboard when the app exits.
        if let Some(clipboard) = &self.clipboard {
            let _ = clipboard.clear_if_ours();
        }
    }
}

#[cfg(test)]
mod tests;
