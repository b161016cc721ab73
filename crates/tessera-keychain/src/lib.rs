//! The OS keychain behind Tessera's [`SecretStore`]: Secret Service on Linux
//! and the BSDs (gnome-keyring, KeePassXC, KWallet ≥ 5.97), the login Keychain
//! on macOS, Credential Manager on Windows (local persistence), all through
//! `keyring-core`. No in-memory or file fallback exists here: when the
//! keychain is unavailable the caller gets an error it can show.

#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
mod batch;
mod errors;
mod native;

use keyring_core::{CredentialStore, Entry};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tessera_core::vault::{check_payload_size, SecretStore, StoreError, MAX_PAYLOAD_BYTES};
use zeroize::Zeroizing;

pub use errors::map_error;

/// The platform keychain.
pub struct KeychainStore {
    store: Arc<CredentialStore>,
    name: &'static str,
}

impl std::fmt::Debug for KeychainStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeychainStore")
            .field("backend", &self.name)
            .finish()
    }
}

/// Service and user used by [`KeychainStore::probe`].
const PROBE_SERVICE: &str = "tessera/probe";

impl KeychainStore {
    /// Connects to this platform's keychain.
    pub fn open() -> Result<Self, StoreError> {
        let (store, name) = native::open()?;
        Ok(Self { store, name })
    }

    /// Writes, reads back and deletes a throwaway item, proving the keychain
    /// works now (reachable, unlocked, persistent).
    pub fn probe(&self) -> Result<(), StoreError> {
        static PROBES: AtomicU64 = AtomicU64::new(0);
        let n = PROBES.fetch_add(1, Ordering::Relaxed);
        let token = format!("probe-{}-{n}", std::process::id());
        self.put(PROBE_SERVICE, &token, &token)?;
        let back = self.get(PROBE_SERVICE, &token);
        let _ = self.delete(PROBE_SERVICE, &token);
        match back? {
            Some(text) if text.as_str() == token => Ok(()),
            _ => Err(StoreError::Failed {
                detail: "an item written to the keychain could not be read back".into(),
            }),
        }
    }

    fn entry(&self, namespace: &str, id: &str) -> Result<Entry, StoreError> {
        match native::modifiers() {
            Some(modifiers) => {
                Entry::new_in_store_with_modifiers(&self.store, namespace, id, &modifiers)
            }
            None => Entry::new_in_store(&self.store, namespace, id),
        }
        .map_err(map_error)
    }
}

impl SecretStore for KeychainStore {
    fn put(&self, namespace: &str, id: &str, payload: &str) -> Result<(), StoreError> {
        check_payload_size(payload)?;
        // What the platform stores (UTF-16 on Windows), against the same limit.
        let stored = native::stored_bytes(payload);
        if stored > MAX_PAYLOAD_BYTES {
            return Err(StoreError::TooLarge { bytes: stored });
        }
        self.entry(namespace, id)?
            .set_password(payload)
            .map_err(map_error)
    }

    fn get(&self, namespace: &str, id: &str) -> Result<Option<Zeroizing<String>>, StoreError> {
        match self.entry(namespace, id)?.get_password() {
            Ok(text) => Ok(Some(Zeroizing::new(text))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(err) => Err(map_error(err)),
        }
    }

    fn delete(&self, namespace: &str, id: &str) -> Result<(), StoreError> {
        match self.entry(namespace, id)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(err) => Err(map_error(err)),
        }
    }

    fn list(&self, namespace: &str) -> Result<Option<Vec<String>>, StoreError> {
        let spec = native::search_spec(namespace);
        let Some(spec) = spec else { return Ok(None) };
        let spec: HashMap<&str, &str> = spec.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let entries = match self.store.search(&spec) {
            Ok(entries) => entries,
            Err(keyring_core::Error::NotSupportedByStore(_)) => return Ok(None),
            Err(err) => return Err(map_error(err)),
        };
        let mut ids = Vec::with_capacity(entries.len());
        for entry in entries {
            let attributes = entry.get_attributes().map_err(map_error)?;
            if let Some(user) = attributes.get(native::USER_ATTRIBUTE) {
                ids.push(user.clone());
            }
        }
        ids.sort();
        Ok(Some(ids))
    }

    fn backend_name(&self) -> String {
        self.name.to_owned()
    }

    #[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
    fn get_all(&self, namespace: &str) -> Result<Option<Vec<Zeroizing<String>>>, StoreError> {
        batch::read_all(namespace)
    }
}
