//! keyring-core errors as Tessera's [`StoreError`], with advice the user can act on.

use tessera_core::vault::{StoreError, MAX_PAYLOAD_BYTES};

/// Maps a keyring-core error. Never includes secret data: `BadEncoding` and
/// `BadDataFormat` carry the raw bytes, which are dropped here.
pub fn map_error(err: keyring_core::Error) -> StoreError {
    use keyring_core::Error as E;
    match err {
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
