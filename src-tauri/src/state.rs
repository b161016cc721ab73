//! The app's state, one owner for each piece: the open profile and its vault
//! (keys unlocked only in here), the settings, the lock curtain, the codes
//! shown (cached until their period ends, so the keychain is read once per
//! period, not once per second), HOTP codes produced on request, and the
//! clipboard. Commands and the code feed go through [`AppState`] only.

use crate::backend::{AppVault, Backend, Cameras, DynClipboard, KeychainOpener};
use crate::dto::{AppStatus, CodeFrame, CodeView, KeychainState};
use crate::error::{ErrorKind, IpcError};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tessera_clipboard::CodeClipboard;
use tessera_core::settings::Settings;
use tessera_core::transfer::TransferCollector;
use tessera_core::vault::{
    AccountId, AccountRecord, Entropy, IndexStore, KdfParams, ProfileName, Vault,
};
use tessera_fs::{FileIndexStore, SettingsFile};
use zeroize::Zeroizing;

/// Seconds since the Unix epoch: the app's one clock.
pub fn unix_now() -> Result<u64, IpcError> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| IpcError::internal("the system clock is set before 1970"))
}

/// Takes a mutex even if a panic poisoned it: every value guarded here is
/// valid after any partial update.
fn guard<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Codes computed at the start of a period, valid until it ends.
struct CodeCache {
    revision: u64,
    /// When the first of these codes expires (Unix seconds).
    expires: u64,
    /// Each code with the Unix time its period ends.
    codes: Vec<(CodeView, Option<u64>)>,
}

/// Everything the running app knows.
pub struct AppState {
    data_dir: PathBuf,
    open_keychain: KeychainOpener,
    entropy: Arc<dyn Entropy + Send + Sync>,
    kdf: KdfParams,
    settings_file: SettingsFile,
    settings: Mutex<Settings>,
    profile: Mutex<ProfileName>,
    /// The profile was not named at launch: ask when there are several.
    profile_open: AtomicBool,
    vault: Mutex<Option<Arc<AppVault>>>,
    /// Locked by the user or the idle timer (also without a PIN).
    curtain: AtomicBool,
    /// Bumped whenever accounts, the lock or the profile change.
    revision: AtomicU64,
    hotp: Mutex<HashMap<AccountId, Zeroizing<String>>>,
    cache: Mutex<Option<CodeCache>>,
    clipboard: CodeClipboard<DynClipboard>,
    activity: Mutex<Instant>,
    /// Stop flag of the running code feed.
    feed: Mutex<Option<Arc<AtomicBool>>>,
    /// Setup links from the last scan, until added or the lock.
    scanned: Mutex<Vec<Zeroizing<String>>>,
    /// Parts of a Google Authenticator export scanned so far, until complete or the lock.
    transfer: Mutex<TransferCollector>,
    /// Called after every change (the tray menu rebuilds itself).
    on_change: Mutex<Option<ChangeHook>>,
    /// The backup sheet written last (for "Open").
    printed: Mutex<Option<PathBuf>>,
    /// How cameras are listed and opened.
    cameras: Cameras,
    /// Stop flag of the running camera scan.
    camera: Mutex<Option<Arc<AtomicBool>>>,
}

/// Something to run after accounts, the lock or the profile change.
pub type ChangeHook = Arc<dyn Fn() + Send + Sync>;

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("profile", &*guard(&self.profile))
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// State for `profile` on `backend`, with the saved settings. When
    /// `named` is false and several profiles exist, the UI asks which to open.
    pub fn new(backend: Backend, profile: ProfileName, named: bool) -> Self {
        let Backend {
            data_dir,
            open_keychain,
            open_clipboard,
            entropy,
            kdf,
            cameras,
        } = backend;
        let settings_file = SettingsFile::in_dir(&data_dir);
        Self {
            settings: Mutex::new(settings_file.load()),
            settings_file,
            data_dir,
            open_keychain,
            entropy,
            kdf,
            profile: Mutex::new(profile),
            profile_open: AtomicBool::new(named),
            vault: Mutex::new(None),
            curtain: AtomicBool::new(false),
            revision: AtomicU64::new(1),
            hotp: Mutex::new(HashMap::new()),
            cache: Mutex::new(None),
            clipboard: CodeClipboard::new(open_clipboard),
            activity: Mutex::new(Instant::now()),
            feed: Mutex::new(None),
            on_change: Mutex::new(None),
            scanned: Mutex::new(Vec::new()),
            transfer: Mutex::new(TransferCollector::new()),
            printed: Mutex::new(None),
            cameras,
            camera: Mutex::new(None),
        }
    }

    /// Runs `hook` after every change from now on.
    pub fn set_change_hook(&self, hook: ChangeHook) {
        *guard(&self.on_change) = Some(hook);
    }

    /// The open profile.
    pub fn profile(&self) -> ProfileName {
        guard(&self.profile).clone()
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

    /// The profile's index (works without the keychain).
    pub fn index(&self) -> Result<FileIndexStore, IpcError> {
        let dir = tessera_fs::profile_dir_in(&self.data_dir, &self.profile());
        Ok(FileIndexStore::open(dir)?)
    }

    /// The profile's vault, opening the keychain on first use. An interrupted
    /// earlier add or remove is settled when it opens.
    pub fn vault(&self) -> Result<Arc<AppVault>, IpcError> {
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

    /// Forgets the keychain connection so the next use reconnects (Retry).
    pub fn reconnect(&self) {
        if let Some(vault) = guard(&self.vault).take() {
            vault.lock();
        }
        self.bump();
    }

    /// PIN cost for new PINs.
    pub fn kdf(&self) -> KdfParams {
        self.kdf
    }

    /// A fresh account id.
    pub fn new_id(&self) -> Result<AccountId, IpcError> {
        AccountId::generate(&*self.entropy).map_err(|e| IpcError::internal(e.to_string()))
    }

    /// Current settings.
    pub fn settings(&self) -> Settings {
        guard(&self.settings).clone()
    }

    /// Saves new settings (clamped to their limits) and returns them.
    pub fn save_settings(&self, settings: Settings) -> Result<Settings, IpcError> {
        let settings = settings.clamped();
        self.settings_file
            .save(&settings)
            .map_err(|e| IpcError::internal(format!("the settings could not be saved: {e}")))?;
        *guard(&self.settings) = settings.clone();
        Ok(settings)
    }

    /// Records user activity (resets the idle timer).
    pub fn touch(&self) {
        *guard(&self.activity) = Instant::now();
    }

    fn idle(&self) -> Duration {
        guard(&self.activity).elapsed()
    }

    /// The lock, keychain and profile at a glance.
    pub fn status(&self, now: u64) -> Result<AppStatus, IpcError> {
        let index = self.index()?.load()?;
        let keychain = match self.vault() {
            Ok(_) => KeychainState::Ready,
            Err(err) => match err.kind {
                ErrorKind::KeychainUnavailable => KeychainState::Unavailable {
                    message: err.message,
                },
                ErrorKind::KeychainLocked => KeychainState::Locked {
                    message: err.message,
                },
                _ => return Err(err),
            },
        };
        let settings = self.settings();
        let profiles: Vec<String> = tessera_fs::list_profiles(&self.data_dir)
            .iter()
            .map(ToString::to_string)
            .collect();
        Ok(AppStatus {
            profile: self.profile().to_string(),
            choose_profile: profiles.len() > 1 && !self.profile_open.load(Ordering::SeqCst),
            profiles,
            keychain,
            pin_set: index.lock.is_some(),
            locked: self.is_locked(index.lock.is_some()),
            lockout_seconds: index.lockout.seconds_left(now),
            failures: index.lockout.failures,
            shared_desk: index.shared_desk,
            auto_lock_seconds: settings.auto_lock_for(index.shared_desk),
            account_count: crate::dto::small(
                index
                    .accounts
                    .iter()
                    .filter(|a| a.state.is_active())
                    .count(),
            ),
        })
    }

    /// Whether the lock screen is up (reads the index for whether a PIN is set).
    pub fn status_locked(&self) -> Result<bool, IpcError> {
        let pin_set = self.index()?.load()?.lock.is_some();
        Ok(self.is_locked(pin_set))
    }

    /// The `locked` error while the lock screen is up.
    pub fn ensure_unlocked(&self) -> Result<(), IpcError> {
        if self.status_locked()? {
            Err(IpcError::new(
                ErrorKind::Locked,
                "Tessera is locked: unlock it first",
            ))
        } else {
            Ok(())
        }
    }

    fn unlocked_keys(&self) -> bool {
        guard(&self.vault)
            .as_ref()
            .and_then(|v| v.lock_state(0).ok())
            .is_some_and(|s| s.unlocked)
    }

    fn is_locked(&self, pin_set: bool) -> bool {
        self.curtain.load(Ordering::SeqCst) || (pin_set && !self.unlocked_keys())
    }

    /// Locks: wipes the unlocked keys and every code held, and clears the
    /// clipboard if it still holds a code we copied.
    pub fn lock(&self) {
        self.curtain.store(true, Ordering::SeqCst);
        if let Some(vault) = guard(&self.vault).as_ref() {
            vault.lock();
        }
        guard(&self.hotp).clear();
        guard(&self.scanned).clear();
        guard(&self.transfer).clear();
        self.stop_camera();
        // A clipboard that cannot be reached holds nothing of ours to clear.
        let _ = self.clipboard.clear_if_ours();
        self.bump();
    }

    /// Lifts the lock: checks the PIN when one is set.
    pub fn unlock(&self, pin: &str, now: u64) -> Result<(), IpcError> {
        let pin_set = self.index()?.load()?.lock.is_some();
        if pin_set {
            let vault = self.vault()?;
            if !vault.lock_state(now)?.unlocked {
                vault.unlock(pin, now)?;
            }
        }
        self.curtain.store(false, Ordering::SeqCst);
        self.touch();
        self.bump();
        Ok(())
    }

    /// Opens another profile; the current one is locked first.
    pub fn switch_profile(&self, profile: ProfileName) {
        // `lock` has wiped the keys; the next use opens the new profile's vault.
        self.lock();
        guard(&self.vault).take();
        *guard(&self.profile) = profile;
        self.profile_open.store(true, Ordering::SeqCst);
        self.curtain.store(false, Ordering::SeqCst);
        self.bump();
    }

    /// Copies a code; it is cleared after the configured delay.
    pub fn copy(&self, code: &str) -> Result<u32, IpcError> {
        let seconds = self.settings().clipboard_seconds;
        let delay = (seconds > 0).then(|| Duration::from_secs(u64::from(seconds)));
        self.clipboard.copy(code, delay)?;
        Ok(seconds)
    }

    /// Copies an account's code: the current one for time-based accounts,
    /// the one shown for HOTP (a new one if none is shown yet). Returns the
    /// seconds before the clipboard is cleared.
    pub fn copy_code(&self, id: &AccountId) -> Result<u32, IpcError> {
        self.ensure_unlocked()?;
        let is_hotp = self
            .index()?
            .load()?
            .get(id)
            .is_some_and(|a| a.params.counter().is_some());
        let code = match (is_hotp, self.shown_hotp(id)) {
            (true, Some(code)) => code,
            (true, None) => self.next_hotp(id)?,
            (false, _) => Zeroizing::new(self.vault()?.code(id, unix_now()?)?.code.clone()),
        };
        self.copy(&code)
    }

    /// Produces a counter-based account's next code (the counter is saved
    /// before the code is returned, see `Vault::code`) and shows it.
    pub fn next_hotp(&self, id: &AccountId) -> Result<Zeroizing<String>, IpcError> {
        let code = Zeroizing::new(self.vault()?.code(id, unix_now()?)?.code.clone());
        self.show_hotp(id.clone(), code.clone());
        Ok(code)
    }

    /// Keeps a scan's setup links until the user confirms (replacing any earlier scan).
    pub fn hold_scanned(&self, links: Vec<Zeroizing<String>>) {
        *guard(&self.scanned) = links;
    }

    /// Runs `f` on the export being collected.
    pub fn with_transfer<T>(&self, f: impl FnOnce(&mut TransferCollector) -> T) -> T {
        f(&mut guard(&self.transfer))
    }

    /// The held setup links, emptied.
    pub fn take_scanned(&self) -> Vec<Zeroizing<String>> {
        std::mem::take(&mut *guard(&self.scanned))
    }

    /// Remembers the sheet just written.
    pub fn set_printed(&self, path: PathBuf) {
        *guard(&self.printed) = Some(path);
    }

    /// The sheet written last, if any.
    pub fn printed(&self) -> Option<PathBuf> {
        guard(&self.printed).clone()
    }

    /// The HOTP code last produced for `id`, if any.
    pub fn shown_hotp(&self, id: &AccountId) -> Option<Zeroizing<String>> {
        guard(&self.hotp).get(id).cloned()
    }

    /// Remembers a freshly produced HOTP code until the lock.
    pub fn show_hotp(&self, id: AccountId, code: Zeroizing<String>) {
        guard(&self.hotp).insert(id, code);
        self.bump();
    }

    /// How cameras are listed and opened.
    pub fn cameras(&self) -> Cameras {
        self.cameras.clone()
    }

    /// Stops any running camera scan and returns the stop flag of a new one.
    pub fn start_camera(&self) -> Arc<AtomicBool> {
        let stop = Arc::new(AtomicBool::new(false));
        if let Some(old) = guard(&self.camera).replace(Arc::clone(&stop)) {
            old.store(true, Ordering::SeqCst);
        }
        stop
    }

    /// Stops the running camera scan, if any (its thread then releases the camera).
    pub fn stop_camera(&self) {
        if let Some(old) = guard(&self.camera).take() {
            old.store(true, Ordering::SeqCst);
        }
    }

    /// Replaces the running code feed; returns its stop flag.
    pub fn start_feed(&self) -> Arc<AtomicBool> {
        let stop = Arc::new(AtomicBool::new(false));
        if let Some(old) = guard(&self.feed).replace(Arc::clone(&stop)) {
            old.store(true, Ordering::SeqCst);
        }
        stop
    }

    /// Everything the list shows at `now`. Locks first when idle too long.
    pub fn frame(&self, now: u64) -> CodeFrame {
        let revision = self.revision();
        let index = match self.index().and_then(|i| Ok(i.load()?)) {
            Ok(index) => index,
            Err(problem) => return problem_frame(revision, problem),
        };
        let pin_set = index.lock.is_some();
        if !self.is_locked(pin_set) {
            let auto = self.settings().auto_lock_for(index.shared_desk);
            if auto > 0 && self.idle() >= Duration::from_secs(u64::from(auto)) {
                self.lock();
            }
        }
        let revision = self.revision();
        if self.is_locked(pin_set) {
            return CodeFrame {
                revision,
                locked: true,
                codes: Vec::new(),
                problem: None,
            };
        }
        match self.codes(revision, now) {
            Ok(codes) => CodeFrame {
                revision,
                locked: false,
                codes,
                problem: None,
            },
            Err(problem) => problem_frame(revision, problem),
        }
    }

    fn codes(&self, revision: u64, now: u64) -> Result<Vec<CodeView>, IpcError> {
        let mut cache = guard(&self.cache);
        let fresh = cache
            .as_ref()
            .is_some_and(|c| c.revision == revision && now < c.expires);
        if !fresh {
            *cache = Some(self.compute_codes(revision, now)?);
        }
        let Some(cache) = cache.as_ref() else {
            return Ok(Vec::new());
        };
        Ok(cache
            .codes
            .iter()
            .map(|(view, ends)| CodeView {
                seconds_remaining: ends
                    .map(|end| u32::try_from(end.saturating_sub(now)).unwrap_or(u32::MAX)),
                ..view.clone()
            })
            .collect())
    }

    fn compute_codes(&self, revision: u64, now: u64) -> Result<CodeCache, IpcError> {
        let vault = self.vault()?;
        let accounts = vault.accounts()?;
        let mut computed: HashMap<String, (CodeView, Option<u64>)> = vault
            .current_codes(now)?
            .into_iter()
            .map(|(record, result)| {
                let id = record.id.to_string();
                let entry = match result {
                    Ok(at) => {
                        let ends = at.seconds_remaining.map(|s| now + u64::from(s));
                        let view = CodeView {
                            id: id.clone(),
                            code: Some(at.code.clone()),
                            next_code: Some(at.next_code.clone()),
                            seconds_remaining: at.seconds_remaining,
                            period: record.params.period(),
                            problem: None,
                        };
                        (view, ends)
                    }
                    Err(err) => (problem_view(&record, err.into()), Some(now + 5)),
                };
                (id, entry)
            })
            .collect();
        let mut codes = Vec::with_capacity(accounts.len());
        for record in &accounts {
            if let Some(entry) = computed.remove(record.id.as_str()) {
                codes.push(entry);
            } else {
                let shown = self.shown_hotp(&record.id);
                codes.push((
                    CodeView {
                        id: record.id.to_string(),
                        code: shown.map(|c| c.to_string()),
                        next_code: None,
                        seconds_remaining: None,
                        period: None,
                        problem: None,
                    },
                    None,
                ));
            }
        }
        let expires = codes
            .iter()
            .filter_map(|(_, ends)| *ends)
            .min()
            .unwrap_or(now + 30);
        Ok(CodeCache {
            revision,
            expires,
            codes,
        })
    }
}

fn problem_view(record: &AccountRecord, err: IpcError) -> CodeView {
    CodeView {
        id: record.id.to_string(),
        code: None,
        next_code: None,
        seconds_remaining: None,
        period: record.params.period(),
        problem: Some(err.message),
    }
}

fn problem_frame(revision: u64, problem: IpcError) -> CodeFrame {
    CodeFrame {
        revision,
        locked: false,
        codes: Vec::new(),
        problem: Some(problem),
    }
}

impl Drop for AppState {
    fn drop(&mut self) {
        // Leave nothing of ours on the clipboard when the app exits.
        let _ = self.clipboard.clear_if_ours();
    }
}
