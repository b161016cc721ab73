//! Tauri commands: each converts its input, calls the core once, and maps the result.

use crate::dto::{AppInfo, KeyCheck, KeyProblem};
use crate::error::IpcError;
use tessera_core::{code_at, OtpParams};

/// Seconds since the Unix epoch: the app's one clock.
fn now() -> Result<u64, IpcError> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| IpcError::internal("the system clock is set before 1970"))
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
            let at = code_at(&OtpParams::default_totp(), &checked.key, now()?);
            KeyCheck::valid(&checked, &at)
        }
        Err(err) => KeyCheck::Invalid {
            problem: KeyProblem::from(&err),
        },
    })
}
