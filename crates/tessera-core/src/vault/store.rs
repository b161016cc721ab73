//! Where keys live: the [`SecretStore`] trait the vault writes keychain items
//! through, and an in-memory store for unit tests (with failure injection).
//! The real OS keychain adapter lives in the `tessera-keychain` crate.

use std::collections::BTreeMap;
use std::sync::Mutex;
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

impl<T: SecretStore + ?Sized> SecretStore for &T {
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

/// Checks a payload against [`MAX_PAYLOAD_BYTES`]; shared by every store.
pub fn check_payload_size(payload: &str) -> Result<(), StoreError> {
    if payload.len() > MAX_PAYLOAD_BYTES {
        return Err(StoreError::TooLarge {
            bytes: payload.len(),
        });
    }
    Ok(())
}

/// An in-memory [`SecretStore`] for unit tests. Never used by a real build.
type Items = BTreeMap<(String, String), Zeroizing<String>>;

#[derive(Debug, Default)]
pub struct MemoryStore {
    items: Mutex<Items>,
    fail_next: Mutex<Vec<StoreError>>,
    fail_at: Mutex<Option<(usize, StoreError)>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes the next call fail with `err` (calls fail in the order queued).
    pub fn fail_next(&self, err: StoreError) {
        if let Ok(mut queue) = self.fail_next.lock() {
            queue.push(err);
        }
    }

    /// Every payload currently stored, for tests that scan for leaked keys.
    pub fn raw_payloads(&self) -> Vec<String> {
        self.items
            .lock()
            .map(|items| items.values().map(|v| v.to_string()).collect())
            .unwrap_or_default()
    }

    /// Makes the call `n` calls from now (0 = the next one) fail with `err`,
    /// simulating a crash or outage partway through a multi-step operation.
    pub fn fail_at_call(&self, n: usize, err: StoreError) {
        if let Ok(mut slot) = self.fail_at.lock() {
            *slot = Some((n, err));
        }
    }

    /// Cancels any failure queued with [`MemoryStore::fail_next`] or [`MemoryStore::fail_at_call`].
    pub fn clear_failures(&self) {
        if let Ok(mut slot) = self.fail_at.lock() {
            *slot = None;
        }
        if let Ok(mut queue) = self.fail_next.lock() {
            queue.clear();
        }
    }

    fn injected(&self) -> Result<(), StoreError> {
        if let Ok(mut slot) = self.fail_at.lock() {
            if let Some((n, err)) = slot.take() {
                if n == 0 {
                    return Err(err);
                }
                *slot = Some((n - 1, err));
            }
        }
        let mut queue = self.fail_next.lock().map_err(|_| poisoned())?;
        if queue.is_empty() {
            Ok(())
        } else {
            Err(queue.remove(0))
        }
    }

    fn items(&self) -> Result<std::sync::MutexGuard<'_, Items>, StoreError> {
        self.items.lock().map_err(|_| poisoned())
    }
}

fn poisoned() -> StoreError {
    StoreError::Failed {
        detail: "memory store poisoned".into(),
    }
}

impl SecretStore for MemoryStore {
    fn put(&self, namespace: &str, id: &str, payload: &str) -> Result<(), StoreError> {
        self.injected()?;
        check_payload_size(payload)?;
        self.items()?.insert(
            (namespace.to_owned(), id.to_owned()),
            Zeroizing::new(payload.to_owned()),
        );
        Ok(())
    }

    fn get(&self, namespace: &str, id: &str) -> Result<Option<Zeroizing<String>>, StoreError> {
        self.injected()?;
        Ok(self
            .items()?
            .get(&(namespace.to_owned(), id.to_owned()))
            .cloned())
    }

    fn delete(&self, namespace: &str, id: &str) -> Result<(), StoreError> {
        self.injected()?;
        self.items()?.remove(&(namespace.to_owned(), id.to_owned()));
        Ok(())
    }

    fn list(&self, namespace: &str) -> Result<Option<Vec<String>>, StoreError> {
        self.injected()?;
        Ok(Some(
            self.items()?
                .keys()
                .filter(|(ns, _)| ns == namespace)
                .map(|(_, id)| id.clone())
                .collect(),
        ))
    }

    fn backend_name(&self) -> String {
        "in-memory (tests only)".into()
    }

    fn get_all(&self, namespace: &str) -> Result<Option<Vec<Zeroizing<String>>>, StoreError> {
        self.injected()?;
        Ok(Some(
            self.items()?
                .iter()
                .filter(|((ns, _), _)| ns == namespace)
                .map(|(_, v)| v.clone())
                .collect(),
        ))
    }
}
