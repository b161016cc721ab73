//! Where keys live: the [`SecretStore`] trait the vault writes keychain items
//! through, and an in-memory store for unit tests (with failure injection).
//! The real OS keychain adapter lives in the `tessera-keychain` crate.

use zeroize::Zeroizing;

/// Largest payload one keychain item may hold (Windows Credential Manager's limit).
pub const MAX_PAYLOAD_BYTES: usize = 2560;

/// Why the keychain could not do what was asked. Messages say what the user can do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// No keychain service is reachable (for example no Secret Service on the session bus).
    #[error("the system keychain is not available: {detail}")]
    Unavailable {
        /// What the platform said, and what to install or start.
        detail: String,
    },
    /// The keychain exists but is locked, or the unlock prompt was dismissed.
    #[error("the system keychain is locked: unlock it (for example by logging in again) and retry ({detail})")]
    Locked {
        /// What the platform said.
        detail: String,
    },
    /// The payload is larger than a keychain item may hold.
    #[error("the data for this account is too large for the keychain ({bytes} bytes, at most {MAX_PAYLOAD_BYTES})")]
    TooLarge {
        /// Size that was refused.
        bytes: usize,
    },
    /// Any other keychain failure.
    #[error("the system keychain failed: {detail}")]
    Failed {
        /// What the platform said.
        detail: String,
    },
}

/// A keychain: text items addressed by (namespace, id).
///
/// `namespace` is the keychain "service" (one per profile), `id` the account's UUID.
pub trait SecretStore {
    /// Creates or replaces an item. Must refuse payloads over [`MAX_PAYLOAD_BYTES`].
    fn put(&self, namespace: &str, id: &str, payload: &str) -> Result<(), StoreError>;
    /// Reads an item; `Ok(None)` when it does not exist.
    fn get(&self, namespace: &str, id: &str) -> Result<Option<Zeroizing<String>>, StoreError>;
    /// Deletes an item; deleting a missing item is not an error.
    fn delete(&self, namespace: &str, id: &str) -> Result<(), StoreError>;
    /// Ids of all items in a namespace, or `None` if this keychain cannot list.
    fn list(&self, namespace: &str) -> Result<Option<Vec<String>>, StoreError>;
    /// Which backend this is, for `tessera doctor`.
    fn backend_name(&self) -> String;
    /// Every item text in a namespace in one go, when the keychain can do
    /// that faster than item by item; `None` means "read them one by one".
    fn get_all(&self, _namespace: &str) -> Result<Option<Vec<Zeroizing<String>>>, StoreError> {
        Ok(None)
    }
}

/// Forwards every method of [`SecretStore`] through a pointer type.
macro_rules! forward_secret_store {
    ($($pointer:ty),+) => {$(
        impl<T: SecretStore + ?Sized> SecretStore for $pointer {
            fn put(&self, namespace: &str, id: &str, payload: &str) -> Result<(), StoreError> {
                (**self).put(namespace, id, payload)
            }
            fn get(&self, namespace: &str, id: &str) -> Result<Option<Zeroizing<String>>, StoreError> {
                (**self).get(namespace, id)
            }
            fn delete(&self, namespace: &str, id: &str) -> Result<(), StoreError> {
                (**self).delete(namespace, id)
            }
            fn list(&self, namespace: &str) -> Result<Option<Vec<String>>, StoreError> {
                (**self).list(namespace)
            }
            fn backend_name(&self) -> String {
                (**self).backend_name()
            }
            fn get_all(&self, namespace: &str) -> Result<Option<Vec<Zeroizing<String>>>, StoreError> {
                (**self).get_all(namespace)
            }
        }
    )+};
}

forward_secret_store!(&T, Box<T>, std::sync::Arc<T>);

/// Checks a payload against [`MAX_PAYLOAD_BYTES`]; shared by every store.
pub fn check_payload_size(payload: &str) -> Result<(), StoreError> {
    if payload.len() > MAX_PAYLOAD_BYTES {
        return Err(StoreError::TooLarge {
            bytes: payload.len(),
        });
    }
    Ok(())
}
