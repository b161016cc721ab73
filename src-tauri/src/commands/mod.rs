//! Tauri commands: each converts its input, calls the core through
//! [`AppState`](crate::state::AppState) and maps the result. Commands that
//! may touch the keychain or hash a PIN are `async`, so they run off the
//! window's thread.

pub mod accounts;
pub mod backup;
pub mod codes;
pub mod lock;
pub mod scan;
pub mod settings;

use crate::dto::{AppInfo, KeyCheck, KeyProblem};
use crate::error::IpcError;
use crate::state::{unix_now, AppState};
use tessera_core::vault::AccountId;
use tessera_core::{code_at, OtpParams};

/// An account id from the UI.
fn account_id(text: &str) -> Result<AccountId, IpcError> {
    AccountId::parse(text)
        .ok_or_else(|| IpcError::invalid(format!("'{text}' is not an account id")))
}

/// Refuses while the lock screen is up; otherwise counts as user activity.
fn ensure_unlocked(state: &AppState) -> Result<(), IpcError> {
    state.ensure_unlocked()?;
    state.touch();
    Ok(())
}

/// The app's version.
#[tauri::command]
pub fn app_info() -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
    }
}

/// Checks a key as typed and, when usable, returns the default-parameter code
/// it gives now (SHA1, 6 digits, 30 s). The key is not echoed back.
#[tauri::command]
pub fn preview_key(key: String) -> Result<KeyCheck, IpcError> {
    let key = zeroize::Zeroizing::new(key);
    Ok(match tessera_core::check_key(&key) {
        Ok(checked) => {
            let at = code_at(&OtpParams::default_totp(), &checked.key, unix_now()?);
            KeyCheck::valid(&checked, &at)
        }
        Err(err) => KeyCheck::Invalid {
            problem: KeyProblem::from(&err),
        },
    })
}
