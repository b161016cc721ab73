//! What the app shows before the account list: profile, lock, keychain.

use serde::Serialize;

/// Whether the keychain can be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum KeychainState {
    /// Working.
    Ready,
    /// No keychain service: install or start one.
    Unavailable {
        /// What the platform said and what to do.
        message: String,
    },
    /// The keychain is locked: unlock it and retry.
    Locked {
        /// What the platform said.
        message: String,
    },
}

/// Whether the profile's account list could be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum IndexHealth {
    /// Read as saved.
    Ok,
    /// The list was damaged (or missing) and a previous copy was put back.
    #[serde(rename_all = "camelCase")]
    Restored {
        /// When the copy that was used had been written (Unix seconds), if known.
        copy_time: Option<u64>,
        /// Which file was used.
        copy: String,
        /// Where the damaged file was kept, if there was one.
        damaged_file: Option<String>,
        /// What was wrong.
        detail: String,
    },
    /// The list and every copy of it are damaged: nothing can be shown.
    #[serde(rename_all = "camelCase")]
    Damaged {
        /// What happened, and where the files are.
        message: String,
    },
    /// Written by a newer Tessera: update Tessera.
    #[serde(rename_all = "camelCase")]
    TooNew {
        /// What happened.
        message: String,
    },
    /// The list cannot be read (permissions, a full or missing disk).
    #[serde(rename_all = "camelCase")]
    Unreadable {
        /// What happened.
        message: String,
    },
}

/// The app's state at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    /// The open profile.
    pub profile: String,
    /// All profiles on this computer.
    pub profiles: Vec<String>,
    /// Ask which profile to open (several exist and none was named at launch).
    pub choose_profile: bool,
    /// The keychain.
    pub keychain: KeychainState,
    /// A PIN is set for this profile.
    pub pin_set: bool,
    /// The lock screen is up.
    pub locked: bool,
    /// Seconds before another PIN attempt is allowed.
    pub lockout_seconds: u64,
    /// Wrong PINs since the last correct one.
    pub failures: u32,
    /// The profile requires a PIN (shared desk).
    pub shared_desk: bool,
    /// Idle seconds before the app locks (0: never).
    pub auto_lock_seconds: u32,
    /// Accounts in the profile.
    pub account_count: u32,
    /// Whether the account list could be read (and whether a copy was used).
    pub index: IndexHealth,
    /// Fewest characters a new PIN may have.
    pub min_pin_chars: u32,
    /// The profile's backups.
    pub backup: super::BackupStatusView,
}

/// The global shortcut (Settings → Quick copy): the one set, and whether it is in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ShortcutView {
    /// The shortcut in the settings; `None`: turned off.
    pub shortcut: Option<String>,
    /// It is registered and brings up the mini window from any application.
    pub active: bool,
    /// Why it is not in use (taken by another program, not allowed on this
    /// desktop), in a sentence for the user.
    pub problem: Option<String>,
}
