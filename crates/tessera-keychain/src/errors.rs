//! keyring-core errors as Tessera's [`StoreError`], with advice the user can act on.

use tessera_core::vault::{StoreError, MAX_PAYLOAD_BYTES};

/// Maps a keyring-core error. Never includes secret data: `BadEncoding` and
/// `BadDataFormat` carry the raw bytes, which are dropped here.
pub fn map_error(err: keyring_core::Error) -> StoreError {
    use keyring_core::Error as E;
    match err {
        E::NoStorageAccess(inner) if no_default_keyring() => {
            let _ = inner;
            StoreError::Unavailable {
                detail: NO_DEFAULT_KEYRING.to_owned(),
            }
        }
        E::NoStorageAccess(inner) => StoreError::Locked {
            detail: inner.to_string(),
        },
        E::PlatformFailure(inner) => {
            let detail = inner.to_string();
            if looks_unavailable(&detail) {
                StoreError::Unavailable {
                    detail: format!(
                        "{detail}. Install and start a Secret Service provider such as \
                         gnome-keyring or KeePassXC, then retry"
                    ),
                }
            } else {
                StoreError::Failed { detail }
            }
        }
        E::TooLong(_, _) => StoreError::TooLarge {
            bytes: MAX_PAYLOAD_BYTES + 1,
        },
        E::BadEncoding(_) | E::BadDataFormat(_, _) => StoreError::Failed {
            detail: "a keychain item is not readable text".into(),
        },
        E::Ambiguous(items) => StoreError::Failed {
            detail: format!("{} keychain items match one account", items.len()),
        },
        other => StoreError::Failed {
            detail: other.to_string(),
        },
    }
}

/// What to do when the session has no default keyring at all.
pub const NO_DEFAULT_KEYRING: &str = "this session has no default keyring yet (the \"Login\" \
    keyring a desktop login usually creates), so keys cannot be stored. Create it: open \
    \"Passwords and Keys\" (seahorse), choose + then \"Password keyring\", name it Login and \
    make it the default; or run `secret-tool store --label=Tessera tessera setup` in a \
    terminal and choose a password when asked. Then choose Retry";

#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
fn no_default_keyring() -> bool {
    crate::batch::has_default_collection() == Some(false)
}

#[cfg(not(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd")))]
fn no_default_keyring() -> bool {
    false
}

fn looks_unavailable(detail: &str) -> bool {
    let d = detail.to_ascii_lowercase();
    [
        "serviceunknown",
        "not provided by any .service",
        "no such file",
        "connection refused",
        "dbus_session_bus_address",
        "was not provided",
    ]
    .iter()
    .any(|needle| d.contains(needle))
}
