//! Taking accounts out: an encrypted Aegis vault (which Aegis, Ente, Proton,
//! 2FAS and Stratum import), a Tessera backup file, or — only when asked for
//! explicitly — a plain list of `otpauth://` links. Always the PIN again;
//! written atomically, only where the user chose; logged.

use super::Service;
use crate::activity::Event;
use crate::error::{Error, ErrorKind, Result};
use crate::policy::Operation;
use crate::views::{ExportFormat, ExportedFile};
use std::path::Path;
use tessera_core::envelope::{self, BackupContent, BACKUP_KDF};
use tessera_core::export::{aegis_encrypted, otpauth_list, ExportAccount};
use zeroize::Zeroizing;

impl Service {
    /// Writes every account to `path` in `format`. `password` encrypts an
    /// Aegis export (required) or a Tessera file (optional: without one, the
    /// profile's backup password and recovery key open it). `pin` is the
    /// PIN asked again.
    pub fn export(
        &self,
        format: ExportFormat,
        path: &Path,
        password: Option<&str>,
        pin: Option<&str>,
    ) -> Result<ExportedFile> {
        self.authorize(Operation::Export, pin)?;
        let entries = self.vault()?.backup_entries()?;
        let count = entries.len();
        let password = password.filter(|p| !p.is_empty());
        let bytes: Zeroizing<Vec<u8>> = match format {
            ExportFormat::Aegis => {
                let password = password.ok_or_else(|| {
                    Error::invalid("an Aegis export is encrypted: give it a password")
                })?;
                let accounts: Vec<ExportAccount> =
                    entries.iter().map(ExportAccount::from).collect();
                aegis_encrypted(&accounts, password, &*self.entropy).map_err(Error::invalid)?
            }
            ExportFormat::Otpauth => {
                let accounts: Vec<ExportAccount> =
                    entries.iter().map(ExportAccount::from).collect();
                Zeroizing::new(otpauth_list(&accounts).as_bytes().to_vec())
            }
            ExportFormat::Tessera => {
                let now = self.now();
                let (key, header) = match password {
                    Some(password) => {
                        let (key, _recovery, header) =
                            envelope::new_backup_keys(password, BACKUP_KDF, &*self.entropy)
                                .map_err(Error::invalid)?;
                        (key, header)
                    }
                    None => self.backup_keys()?.ok_or_else(|| {
                        Error::invalid(
                            "give the file a password, or set a backup password first (tessera backup set-password)",
                        )
                    })?,
                };
                let content = BackupContent {
                    profile: self.profile().to_string(),
                    created: now,
                    accounts: entries,
                };
                Zeroizing::new(
                    envelope::seal(&header, &key, &content.to_json(), now, &*self.entropy)
                        .map_err(|e| Error::internal(e.to_string()))?,
                )
            }
        };
        tessera_fs::write_atomically(path, &bytes).map_err(|e| {
            Error::new(
                ErrorKind::FileNotWritten,
                format!("cannot write {}: {e}", path.display()),
            )
        })?;
        let plain = format == ExportFormat::Otpauth;
        self.record(
            Event::Exported,
            None,
            Some(format!(
                "{count} account{} as {}{}",
                if count == 1 { "" } else { "s" },
                match format {
                    ExportFormat::Aegis => "Aegis",
                    ExportFormat::Otpauth => "otpauth links",
                    ExportFormat::Tessera => "Tessera backup",
                },
                if plain { ", not encrypted" } else { "" }
            )),
        );
        Ok(ExportedFile {
            path: path.display().to_string(),
            accounts: crate::views::small(count),
            plain,
        })
    }
}
