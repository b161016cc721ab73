//! Choosing the platform keychain. Platform code stays behind `cfg` here.

use keyring_core::CredentialStore;
use std::collections::HashMap;
use std::sync::Arc;
use tessera_core::vault::StoreError;

/// Bytes a payload takes in Credential Manager, which stores text as UTF-16.
#[cfg(any(windows, test))]
pub fn utf16_bytes(payload: &str) -> usize {
    payload.encode_utf16().count() * 2
}

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

    pub fn modifiers() -> Option<HashMap<&'static str, &'static str>> {
        None
    }

    /// Secret Service stores the text as given (UTF-8).
    pub fn stored_bytes(payload: &str) -> usize {
        payload.len()
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

    pub fn modifiers() -> Option<HashMap<&'static str, &'static str>> {
        None
    }

    pub fn stored_bytes(payload: &str) -> usize {
        payload.len()
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

    /// Local persistence, as the README says: the items stay on this PC
    /// (the store's default, Enterprise, roams with a domain profile).
    pub fn modifiers() -> Option<HashMap<&'static str, &'static str>> {
        Some(HashMap::from([("persistence", "local")]))
    }

    /// Credential Manager stores the text as UTF-16.
    pub fn stored_bytes(payload: &str) -> usize {
        super::utf16_bytes(payload)
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

    pub fn modifiers() -> Option<HashMap<&'static str, &'static str>> {
        None
    }

    pub fn stored_bytes(payload: &str) -> usize {
        payload.len()
    }
}

pub use imp::{modifiers, open, search_spec, stored_bytes, USER_ATTRIBUTE};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_manager_sizes_are_utf16() {
        assert_eq!(utf16_bytes("abc"), 6);
        assert_eq!(utf16_bytes("é"), 2);
        assert_eq!(utf16_bytes("𝄞"), 4);
        // An ASCII payload of 1,281 characters is over Windows' 2,560-byte limit.
        let long = "a".repeat(1281);
        assert!(utf16_bytes(&long) > tessera_core::vault::MAX_PAYLOAD_BYTES);
        assert!(long.len() <= tessera_core::vault::MAX_PAYLOAD_BYTES);
    }
}
