//! The profile at a glance, switching profiles, settings and the activity log.

use super::{guard, Service};
use crate::error::{ErrorKind, Result};
use crate::policy::Operation;
use crate::views::{ActivityView, AppStatus, IndexHealth, KeychainState};
use std::sync::atomic::Ordering;
use tessera_core::settings::Settings;
use tessera_core::vault::{IndexStore, ProfileName, MIN_PIN_CHARS};
use tessera_fs::SettingsFile;

impl Service {
    /// The lock, keychain, account list and profile at a glance. A damaged
    /// or unreadable account list is reported in `index`, not as an error,
    /// so the app can show what happened.
    pub fn status(&self) -> Result<AppStatus> {
        let now = self.now();
        let profiles: Vec<String> = tessera_fs::list_profiles(&self.data_dir)
            .iter()
            .map(ToString::to_string)
            .collect();
        let mut status = AppStatus {
            profile: self.profile().to_string(),
            choose_profile: profiles.len() > 1 && !self.profile_chosen.load(Ordering::SeqCst),
            profiles,
            keychain: KeychainState::Ready,
            pin_set: false,
            locked: self.lock_screen.load(Ordering::SeqCst),
            lockout_seconds: 0,
            failures: 0,
            shared_desk: false,
            auto_lock_seconds: 0,
            account_count: 0,
            index: IndexHealth::Ok,
            min_pin_chars: crate::views::small(MIN_PIN_CHARS),
            backup: crate::views::BackupStatusView {
                password_set: false,
                dir: None,
                automatic: false,
                last_success: None,
                last_file: None,
                last_error: None,
                needs_attention: false,
            },
        };
        let loaded = self.index().and_then(|store| Ok((store.load()?, store)));
        let (index, store) = match loaded {
            Ok(loaded) => loaded,
            Err(err) => {
                status.index = match err.kind {
                    ErrorKind::IndexDamaged => IndexHealth::Damaged {
                        message: err.message,
                    },
                    ErrorKind::IndexTooNew => IndexHealth::TooNew {
                        message: err.message,
                    },
                    _ => IndexHealth::Unreadable {
                        message: err.message,
                    },
                };
                return Ok(status);
            }
        };
        if let Some(notice) = store.restore_notice() {
            status.index = IndexHealth::Restored {
                copy_time: notice.copy_time,
                copy: notice.copy,
                damaged_file: notice.damaged_file,
                detail: notice.detail,
            };
        }
        status.keychain = match self.vault() {
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
        status.pin_set = index.pin.is_some();
        status.locked = self.is_locked(status.pin_set);
        status.lockout_seconds = index.lockout.seconds_left(now);
        status.failures = index.lockout.failures;
        status.shared_desk = index.shared_desk;
        status.auto_lock_seconds = settings.auto_lock_for(index.shared_desk);
        status.backup = self.backup_status();
        status.account_count = crate::views::small(
            index
                .accounts
                .iter()
                .filter(|a| a.state.is_active())
                .count(),
        );
        Ok(status)
    }

    /// The notice that a copy of the account list was put back, while it is
    /// not dismissed. Reads the list first, which is when a damaged one is
    /// repaired; a list that cannot be read gives `None` (the operation that
    /// needs it says why).
    pub fn restore_notice(&self) -> Option<tessera_fs::RestoreNotice> {
        let store = self.index().ok()?;
        store.load().ok()?;
        store.restore_notice()
    }

    /// The user has read that a copy of the account list was put back.
    pub fn dismiss_restore_notice(&self) -> Result<AppStatus> {
        self.index()?.dismiss_restore_notice()?;
        self.status()
    }

    /// Forgets the keychain connection so the next use reconnects (Retry).
    pub fn reconnect(&self) -> Result<AppStatus> {
        if let Some(vault) = guard(&self.vault).take() {
            vault.forget_keys();
        }
        self.bump();
        self.status()
    }

    /// Opens another profile; the current one is locked first.
    pub fn switch_profile(&self, name: &str) -> Result<AppStatus> {
        let profile = ProfileName::new(name).map_err(crate::Error::invalid)?;
        self.authorize(Operation::SwitchProfile, None)?;
        // `lock` wipes the keys; the next use opens the new profile's vault.
        self.lock();
        guard(&self.vault).take();
        *guard(&self.settings) = SettingsFile::for_profile(&self.data_dir, &profile).load();
        *guard(&self.profile) = profile;
        self.profile_chosen.store(true, Ordering::SeqCst);
        self.lock_screen.store(false, Ordering::SeqCst);
        self.bump();
        self.status()
    }

    /// Saves the profile's settings, within its limits (a shared-desk
    /// profile's ceiling on auto-lock and floor on clipboard clearing), and
    /// returns them as stored. Needs the app unlocked.
    pub fn save_settings(&self, settings: Settings) -> Result<Settings> {
        self.authorize(Operation::ChangeSettings, None)?;
        if let Some(text) = settings.global_shortcut.as_deref() {
            text.parse::<tessera_core::shortcut::Shortcut>()
                .map_err(|e| {
                    crate::Error::invalid(format!("The shortcut “{text}” cannot be used: {e}."))
                })?;
        }
        let shared_desk = self.index()?.load()?.shared_desk;
        let settings = settings.limited(shared_desk);
        SettingsFile::for_profile(&self.data_dir, &self.profile())
            .save(&settings)
            .map_err(|e| crate::Error::internal(format!("the settings could not be saved: {e}")))?;
        *guard(&self.settings) = settings.clone();
        Ok(settings)
    }

    /// The profile's activity log, newest first.
    pub fn activity(&self) -> Result<Vec<ActivityView>> {
        self.authorize(Operation::ViewActivity, None)?;
        Ok(self
            .activity_log()
            .entries()
            .iter()
            .rev()
            .map(ActivityView::from)
            .collect())
    }
}
