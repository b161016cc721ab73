//! Opening the selected profile's vault and picking accounts by query.

use crate::error::CliError;
use std::io::Write;
use std::sync::Arc;
use tessera_core::vault::{AccountRecord, IndexStore, ProfileName, Vault, VaultError};
use tessera_fs::{FileIndexStore, OsEntropy};
use tessera_keychain::KeychainStore;

/// The vault type the CLI uses: OS keychain plus index file.
pub type CliVault = Vault<KeychainStore, FileIndexStore>;

/// The checked profile name.
pub fn profile(name: &str) -> Result<ProfileName, CliError> {
    ProfileName::new(name).map_err(CliError::invalid)
}

/// The profile's index file, without touching the keychain.
pub fn index_store(profile: &ProfileName) -> Result<FileIndexStore, CliError> {
    let dir = tessera_fs::profile_dir(profile).map_err(CliError::failed)?;
    FileIndexStore::open(dir).map_err(CliError::failed)
}

/// The profile's vault: index file and OS keychain.
pub fn open(profile: &ProfileName) -> Result<CliVault, CliError> {
    let index = index_store(profile)?;
    let keychain = KeychainStore::open().map_err(CliError::failed)?;
    let vault = Vault::open(keychain, index, profile, Arc::new(OsEntropy));
    // Finish or roll back anything an interrupted earlier run left half done.
    vault.recover()?;
    Ok(vault)
}

/// Exactly one account matching `query`; none or several is invalid input
/// (several are listed on stderr).
pub fn pick_one(index: &impl IndexStore, query: &str) -> Result<AccountRecord, CliError> {
    let accounts = index.load().map_err(CliError::failed)?.accounts;
    let mut found: Vec<AccountRecord> = accounts.into_iter().filter(|a| a.matches(query)).collect();
    match found.len() {
        0 => Err(CliError::Invalid(format!(
            "no account matches '{query}' (see `tessera list`)"
        ))),
        1 => Ok(found.remove(0)),
        n => {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(
                err,
                "tessera: '{query}' matches {n} accounts; be more specific:"
            );
            for a in &found {
                let _ = writeln!(err, "  {}", a.display_name());
            }
            Err(CliError::Silent(2))
        }
    }
}

impl From<VaultError> for CliError {
    fn from(err: VaultError) -> Self {
        match err {
            VaultError::NoSuchAccount(_)
            | VaultError::WrongPin { .. }
            | VaultError::Pin(_)
            | VaultError::NoPin
            | VaultError::PinAlreadySet
            | VaultError::PinRequired
            | VaultError::BackupCodes(_)
            | VaultError::NoSuchBackupCode
            | VaultError::BackupCodeAlreadyUsed => CliError::Invalid(err.to_string()),
            other => CliError::Failed(other.to_string()),
        }
    }
}
