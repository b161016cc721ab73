//! In-memory keychain and index stores for tests, with failure injection.
//! Compiled only for tests or with the `test-support` feature, so no release
//! build can contain a mock keychain.

use super::index::{Index, IndexError, IndexStore};
use super::store::{check_payload_size, SecretStore, StoreError};
use std::collections::BTreeMap;
use std::sync::Mutex;
use zeroize::Zeroizing;

type Items = BTreeMap<(String, String), Zeroizing<String>>;

/// An in-memory [`SecretStore`]. Never part of a release build.
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

/// An in-memory [`IndexStore`] for unit tests. Its mutex plays the file's
/// writer lock; [`MemoryIndexStore::writers_waiting`] lets a test see a
/// second writer blocked on it.
#[derive(Debug, Default)]
pub struct MemoryIndexStore {
    saved: std::sync::Mutex<Option<Vec<u8>>>,
    waiting: std::sync::atomic::AtomicUsize,
}

impl MemoryIndexStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many callers are waiting for the writer lock right now.
    pub fn writers_waiting(&self) -> usize {
        self.waiting.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn writer_lock(&self) -> Result<std::sync::MutexGuard<'_, Option<Vec<u8>>>, IndexError> {
        use std::sync::atomic::Ordering;
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let guard = self.saved.lock();
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        guard.map_err(|_| IndexError::Io("poisoned".into()))
    }

    /// The bytes last saved, for tests that scan for leaked keys.
    pub fn raw(&self) -> Vec<u8> {
        self.saved
            .lock()
            .ok()
            .and_then(|s| s.clone())
            .unwrap_or_default()
    }
}

impl IndexStore for MemoryIndexStore {
    fn load(&self) -> Result<Index, IndexError> {
        let saved = self.writer_lock()?;
        match saved.as_deref() {
            Some(bytes) => Index::from_json(bytes, "memory"),
            None => Ok(Index::default()),
        }
    }

    fn update<T, E: From<IndexError>>(
        &self,
        change: impl FnOnce(&mut Index) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut saved = self.writer_lock()?;
        let mut index = match saved.as_deref() {
            Some(bytes) => Index::from_json(bytes, "memory")?,
            None => Index::default(),
        };
        let out = change(&mut index)?;
        *saved = Some(index.to_json()?);
        Ok(out)
    }

    fn with_writer_lock<T, E: From<IndexError>>(
        &self,
        f: impl FnOnce(&Index) -> Result<T, E>,
    ) -> Result<T, E> {
        let saved = self.writer_lock()?;
        let index = match saved.as_deref() {
            Some(bytes) => Index::from_json(bytes, "memory")?,
            None => Index::default(),
        };
        f(&index)
    }

    fn location(&self) -> String {
        "memory".into()
    }
}
