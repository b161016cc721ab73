//! What the app shows before the account list: profile, lock, keychain.

use serde::Serialize;
use ts_rs::TS;

/// Whether the keychain can be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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

/// The app's state at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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
}
