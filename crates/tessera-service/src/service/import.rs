//! Bringing accounts in from other authenticators' files and from Tessera's
//! own backups: one flow for the app and the CLI. A file is read (and
//! decrypted) into a batch that stays here; the shells see a preview (names,
//! parameters, current codes, what cannot be imported and why); nothing is
//! added until the user confirms, and an account already in the profile
//! (same key and parameters) is not added twice.

use super::{guard, Service};
use crate::activity::Event;
use crate::error::{Error, ErrorKind, Result};
use crate::policy::Operation;
use crate::views::{
    ImportCandidate, ImportFileView, ImportFormatView, ImportOutcome, ImportPreview, SkippedView,
};
use tessera_core::envelope::{self, BackupContent, BackupEntry, RecoveryKey};
use tessera_core::import::{self, Format, ImportError};
use zeroize::Zeroizing;

/// What a file held, read and decrypted, waiting for the user.
#[derive(Debug)]
pub struct ImportBatch {
    /// The format's name ("aegis"; "tessera" for a backup).
    pub format: String,
    /// The app it came from.
    pub title: String,
    /// The accounts (with tags and backup codes when from a Tessera backup).
    pub entries: Vec<BackupEntry>,
    /// What cannot be imported.
    pub skipped: Vec<SkippedView>,
}

/// How a Tessera backup is opened.
#[derive(Debug, Clone, Copy)]
pub enum BackupCredential<'a> {
    /// Its password.
    Password(&'a str),
    /// The recovery key, as typed (with or without spaces and check letters).
    RecoveryKey(&'a str),
}

/// A file the user chose, kept until it is read.
struct Chosen {
    bytes: Zeroizing<Vec<u8>>,
}

/// The import in progress in the app.
#[derive(Default)]
pub(crate) struct ImportState {
    chosen: Option<Chosen>,
    batch: Option<ImportBatch>,
}

impl std::fmt::Debug for ImportState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportState")
            .field("chosen", &self.chosen.is_some())
            .field("batch", &self.batch.as_ref().map(|b| b.entries.len()))
            .finish()
    }
}

fn import_error(err: ImportError) -> Error {
    let kind = match err {
        ImportError::PasswordNeeded(_) => ErrorKind::PasswordNeeded,
        ImportError::WrongPassword(_) => ErrorKind::WrongPassword,
        _ => ErrorKind::InvalidInput,
    };
    Error::new(kind, err.to_string())
}

fn envelope_error(err: envelope::EnvelopeError) -> Error {
    use envelope::EnvelopeError as E;
    let kind = match err {
        E::WrongPassword | E::WrongRecoveryKey | E::WrongKey => ErrorKind::WrongPassword,
        E::NoEntropy => ErrorKind::Internal,
        _ => ErrorKind::InvalidInput,
    };
    Error::new(kind, err.to_string())
}

/// Whether `bytes` are a Tessera backup (looked at without any credential).
fn is_tessera_backup(bytes: &[u8]) -> bool {
    envelope::inspect(bytes).is_ok()
}

/// The formats `tessera import --list-formats` lists and the dialog names.
pub fn import_formats() -> Vec<ImportFormatView> {
    Format::ALL
        .iter()
        .map(|f| ImportFormatView {
            name: f.name().to_owned(),
            title: f.title().to_owned(),
        })
        .collect()
}

/// What a file is, from its content alone.
pub fn identify(bytes: &[u8]) -> Result<ImportFileView> {
    if is_tessera_backup(bytes) {
        return Ok(ImportFileView {
            format: "tessera".into(),
            title: "Tessera backup".into(),
            encrypted: true,
        });
    }
    let detected = import::detect(bytes).map_err(import_error)?;
    Ok(ImportFileView {
        format: detected.format.name().to_owned(),
        title: detected.format.title().to_owned(),
        encrypted: detected.encrypted,
    })
}

/// Reads another app's export (`format` forces one; `password` when encrypted).
pub fn read_export(
    bytes: &[u8],
    format: Option<&str>,
    password: Option<&str>,
) -> Result<ImportBatch> {
    let format = match format {
        Some(name) => Some(Format::from_name(name).ok_or_else(|| {
            Error::invalid(format!(
                "unknown format '{name}' (see `tessera import --list-formats`)"
            ))
        })?),
        None => None,
    };
    let imported = import::read(bytes, format, password).map_err(import_error)?;
    Ok(ImportBatch {
        format: imported.format.name().to_owned(),
        title: imported.format.title().to_owned(),
        entries: imported
            .accounts
            .into_iter()
            .map(|account| BackupEntry::new(account, 0))
            .collect(),
        skipped: imported
            .skipped
            .into_iter()
            .map(|s| SkippedView {
                entry: s.entry,
                reason: s.reason.to_string(),
            })
            .collect(),
    })
}

/// Reads a Tessera backup with its password or recovery key.
pub fn read_backup(bytes: &[u8], credential: BackupCredential<'_>) -> Result<ImportBatch> {
    let opened = match credential {
        BackupCredential::Password(password) => envelope::open_with_password(bytes, password),
        BackupCredential::RecoveryKey(typed) => {
            let key = RecoveryKey::parse(typed).map_err(Error::invalid)?;
            envelope::open_with_recovery(bytes, &key)
        }
    }
    .map_err(envelope_error)?;
    batch_of_backup(&opened.plaintext)
}

/// A backup's contents as a batch.
pub(crate) fn batch_of_backup(plaintext: &[u8]) -> Result<ImportBatch> {
    let parsed = BackupContent::from_json(plaintext).map_err(Error::invalid)?;
    Ok(ImportBatch {
        format: "tessera".into(),
        title: "Tessera backup".into(),
        entries: parsed.content.accounts,
        skipped: parsed
            .problems
            .into_iter()
            .filter(|p| p.skipped)
            .map(|p| SkippedView {
                entry: if p.account.is_empty() {
                    format!("account {}", p.position)
                } else {
                    p.account.clone()
                },
                reason: p.reason,
            })
            .collect(),
    })
}

fn label(issuer: &str, name: &str, position: usize) -> String {
    match (issuer.is_empty(), name.is_empty()) {
        (false, false) => format!("{issuer} ({name})"),
        (false, true) => issuer.to_owned(),
        (true, false) => name.to_owned(),
        (true, true) => format!("entry {}", position + 1),
    }
}

impl Service {
    /// Which of `batch`'s accounts the profile already has (same key and
    /// parameters); `None` when the keys cannot be read now.
    fn duplicates(&self, batch: &ImportBatch) -> Result<Vec<bool>> {
        let existing = self.vault()?.backup_entries()?;
        let mut seen: Vec<&tessera_core::Account> = existing.iter().map(|e| &e.account).collect();
        // An account twice in the same file counts as a duplicate the second time.
        Ok(batch
            .entries
            .iter()
            .map(|e| {
                let duplicate = seen.iter().any(|a| import::same_account(a, &e.account));
                if !duplicate {
                    seen.push(&e.account);
                }
                duplicate
            })
            .collect())
    }

    /// The preview of a batch: every account with its code now, and whether
    /// it is already here (when `check_duplicates`).
    pub fn preview_batch(
        &self,
        batch: &ImportBatch,
        check_duplicates: bool,
    ) -> Result<ImportPreview> {
        let duplicates = if check_duplicates {
            self.duplicates(batch)?
        } else {
            vec![false; batch.entries.len()]
        };
        let now = self.now();
        Ok(ImportPreview {
            format: batch.format.clone(),
            title: batch.title.clone(),
            accounts: batch
                .entries
                .iter()
                .zip(duplicates)
                .enumerate()
                .map(|(i, (e, duplicate))| {
                    let a = &e.account;
                    ImportCandidate {
                        index: crate::views::small(i),
                        issuer: a.issuer.clone(),
                        name: a.name.clone(),
                        kind: a.params.kind().as_str().to_owned(),
                        algorithm: a.params.algorithm().as_str().to_owned(),
                        digits: a.params.digits(),
                        period: a.params.period(),
                        counter: a.params.counter(),
                        code: a.code_at(now).code.clone(),
                        duplicate,
                        backup_codes: crate::views::small(e.backup_codes.len()),
                    }
                })
                .collect(),
            skipped: batch.skipped.clone(),
        })
    }

    /// Adds a batch's accounts (all, or the positions in `pick`), skipping
    /// those already here. Tags, favourites and backup codes from a Tessera
    /// backup come along.
    pub fn add_batch(&self, batch: &ImportBatch, pick: Option<&[u32]>) -> Result<ImportOutcome> {
        self.authorize(Operation::AddAccount, None)?;
        if let Some(bad) = pick.and_then(|p| p.iter().find(|i| **i as usize >= batch.entries.len()))
        {
            return Err(Error::invalid(format!(
                "there is no account number {} in this file",
                u64::from(*bad) + 1
            )));
        }
        let duplicates = self.duplicates(batch)?;
        let vault = self.vault()?;
        let now = self.now();
        let mut chosen = Vec::new();
        let mut skipped_duplicates = 0u32;
        for (i, entry) in batch.entries.iter().enumerate() {
            if pick.is_some_and(|p| !p.contains(&(i as u32))) {
                continue;
            }
            if duplicates[i] {
                skipped_duplicates += 1;
                continue;
            }
            chosen.push((entry.clone(), self.new_id()?));
        }
        let records = vault.add_entries(&chosen, now)?;
        self.record_all(records.iter().enumerate().map(|(i, record)| {
            (
                Event::AccountAdded,
                Some(label(&record.issuer, &record.name, i)),
                Some(format!("imported from {}", batch.title)),
            )
        }));
        if !records.is_empty() {
            self.changed();
        }
        Ok(ImportOutcome {
            added: records
                .iter()
                .map(crate::views::AccountView::from)
                .collect(),
            duplicates: skipped_duplicates,
        })
    }

    /// The app: keeps a chosen file and says what it is.
    pub fn choose_import_file(&self, bytes: Vec<u8>) -> Result<ImportFileView> {
        self.authorize(Operation::AddAccount, None)?;
        if bytes.len() > import::MAX_FILE_BYTES {
            return Err(Error::invalid(
                ImportError::TooLarge {
                    bytes: bytes.len(),
                    max: import::MAX_FILE_BYTES,
                }
                .to_string(),
            ));
        }
        let bytes = Zeroizing::new(bytes);
        let view = identify(&bytes)?;
        let mut state = guard(&self.import);
        state.chosen = Some(Chosen { bytes });
        state.batch = None;
        Ok(view)
    }

    /// The app: reads the chosen file (with its password when encrypted;
    /// a Tessera backup also opens with its recovery key) and previews it.
    pub fn open_import_file(
        &self,
        format: Option<&str>,
        password: Option<&str>,
        recovery_key: Option<&str>,
    ) -> Result<ImportPreview> {
        self.authorize(Operation::AddAccount, None)?;
        let bytes = guard(&self.import)
            .chosen
            .as_ref()
            .map(|c| c.bytes.clone())
            .ok_or_else(|| Error::invalid("choose a file to import first"))?;
        let batch = if is_tessera_backup(&bytes) {
            let credential = match (recovery_key, password) {
                (Some(key), _) => BackupCredential::RecoveryKey(key),
                (None, Some(password)) => BackupCredential::Password(password),
                (None, None) => {
                    return Err(Error::new(
                        ErrorKind::PasswordNeeded,
                        "this Tessera backup is encrypted: enter its password or recovery key",
                    ))
                }
            };
            read_backup(&bytes, credential)?
        } else {
            read_export(&bytes, format, password)?
        };
        let preview = self.preview_batch(&batch, true)?;
        guard(&self.import).batch = Some(batch);
        Ok(preview)
    }

    /// The app: adds the previewed accounts (all, or the positions in `pick`).
    pub fn add_imported(&self, pick: Option<&[u32]>) -> Result<ImportOutcome> {
        let batch = guard(&self.import)
            .batch
            .take()
            .ok_or_else(|| Error::invalid("there is nothing to import: open a file first"))?;
        let outcome = self.add_batch(&batch, pick);
        if outcome.is_err() {
            // Keep it for another try.
            guard(&self.import).batch = Some(batch);
        } else {
            guard(&self.import).chosen = None;
        }
        outcome
    }

    /// Forgets a chosen file and its batch.
    pub fn cancel_import(&self) {
        *guard(&self.import) = ImportState::default();
    }
}
