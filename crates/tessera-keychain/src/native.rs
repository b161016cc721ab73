//! Choosing the platform keychain. Platform code stays behind `cfg` here.

use keyring_core::CredentialStore;
use std::sync::Arc;
use tessera_core::vault::StoreError;

#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
mod imp {
    use super::*;

    pub const NAME: &str = "Secret Service (D-Bus)";
    pub const USER_ATTRIBUTE: &str = "username";

    pub fn open() -> Result<(Arc<CredentialStore>, &'static str), StoreError> {
        let store = zbus_secret_service_keyring_store::Store::new().map_err(|err| {
            StoreError::Unavailable {
                detail: format!(
                    "{err}. Tessera keeps keys in a Secret Service keychain: install and start \
                     gnome-keyring (package gnome-keyring) or KeePassXC with Secret Service \
                     integration, then retry"
                ),
            }
        })?;
        Ok((store, NAME))
    }

    pub fn search_spec(namespace: &str) -> Option<Vec<(&'static str, String)>> {
        Some(vec![("service", namespace.to_owned())])
    }
}

#[cfg(target_os = "macos")]
mod imp {
    use super::*;

    pub const NAME: &str = "macOS Keychain";
    pub const USER_ATTRIBUTE: &str = "account";

    pub fn open() -> Result<(Arc<CredentialStore>, &'static str), StoreError> {
        let store =
            apple_native_keyring_store::keychain::Store::new().map_err(crate::errors::map_error)?;
        Ok((store, NAME))
    }

    pub fn search_spec(_namespace: &str) -> Option<Vec<(&'static str, String)>> {
        None
    }
}

#[cfg(target_os = "windows")]
mod imp {
    use super::*;

    pub const NAME: &str = "Windows Credential Manager";
    pub const USER_ATTRIBUTE: &str = "username";

    pub fn open() -> Result<(Arc<CredentialStore>, &'static str), StoreError> {
        let store = windows_native_keyring_store::Store::new().map_err(crate::errors::map_error)?;
        Ok((store, NAME))
    }

    pub fn search_spec(_namespace: &str) -> Option<Vec<(&'static str, String)>> {
        None
    }
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "macos",
    target_os = "windows"
)))]
mod imp {
    use super::*;

    pub const USER_ATTRIBUTE: &str = "username";

    pub fn open() -> Result<(Arc<CredentialStore>, &'static str), StoreError> {
        Err(StoreError::Unavailable {
            detail: "no supported keychain on this platform".into(),
        })
    }

    pub fn search_spec(_namespace: &str) -> Option<Vec<(&'static str, String)>> {
        None
    }
}

pub use imp::{open, search_spec, USER_ATTRIBUTE};
