//! A health report of the profile: keychain, data directory, account list
//! (and whether a copy of it was put back), and whether every account has
//! its key. Reads names only; never a key.

use super::Service;
use serde::Serialize;
use tessera_core::vault::{IndexStore, ReconcileReport, Vault};
use tessera_fs::RestoreNotice;

/// The keychain's part of the report.
#[derive(Debug, Clone, Serialize)]
pub struct KeychainHealth {
    /// Which keychain this is.
    pub backend: Option<String>,
    /// It answered.
    pub working: bool,
    /// What it said when it did not.
    pub error: Option<String>,
}

/// The account list's part of the report.
#[derive(Debug, Clone, Serialize)]
pub struct IndexReport {
    /// Where it is.
    pub location: String,
    /// Accounts in it, when it could be read.
    pub accounts: Option<usize>,
    /// Why it could not be read.
    pub error: Option<String>,
}

/// `tessera doctor`'s report.
#[derive(Debug, Clone, Serialize)]
pub struct DoctorReport {
    /// The profile.
    pub profile: String,
    /// The keychain.
    pub keychain: KeychainHealth,
    /// The data directory.
    pub data_dir: String,
    /// The account list.
    pub index: IndexReport,
    /// A damaged account list was replaced by this copy (until dismissed).
    pub restored: Option<RestoreNotice>,
    /// Index and keychain compared, or why that was not possible.
    pub reconcile: Option<Result<ReconcileReport, String>>,
}

impl DoctorReport {
    /// Nothing needs attention.
    pub fn is_clean(&self) -> bool {
        self.keychain.working
            && self.index.error.is_none()
            && self.restored.is_none()
            && matches!(&self.reconcile, Some(Ok(r)) if r.is_clean())
    }
}

impl Service {
    /// The profile's health (works while locked: it shows no account data).
    pub fn doctor(&self) -> DoctorReport {
        let profile = self.profile();
        let index = self.index();
        let location = index
            .as_ref()
            .map(|i| i.location())
            .unwrap_or_else(|_| self.profile_dir().display().to_string());
        let loaded = index
            .as_ref()
            .map_err(|e| e.message.clone())
            .and_then(|i| i.load().map_err(|e| crate::Error::from(e).message));
        let restored = index.as_ref().ok().and_then(|i| i.restore_notice());
        let keychain = (self.open_keychain)();
        let health = KeychainHealth {
            backend: keychain.as_ref().ok().map(|k| k.backend_name()),
            working: keychain.is_ok(),
            error: keychain.as_ref().err().map(ToString::to_string),
        };
        let reconcile = match (keychain, index, &loaded) {
            (Ok(store), Ok(index), Ok(_)) => Some(
                Vault::open(store, index, &profile, std::sync::Arc::clone(&self.entropy))
                    .reconcile()
                    .map_err(|e| e.to_string()),
            ),
            _ => None,
        };
        DoctorReport {
            profile: profile.to_string(),
            keychain: health,
            data_dir: self.data_dir.display().to_string(),
            index: IndexReport {
                location,
                accounts: loaded.as_ref().ok().map(|i| i.accounts.len()),
                error: loaded.err(),
            },
            restored,
            reconcile,
        }
    }
}
