//! Tessera's application layer, shared by the app (`src-tauri`) and the CLI
//! (`tessera-cli`): the open profile and its vault, the lock screen and the
//! re-authentication policy ([`policy`]), intake of scanned and pasted setup
//! codes ([`intake`]), the backup sheet, backup codes, the per-period code
//! cache ([`codes`]), settings per profile and the activity log
//! ([`activity`]), and the administrator's policy ([`admin`]). No Tauri in here: each shell only adapts its own input and
//! output (IPC, dialogs, tray; arguments, prompts, exit codes) to
//! [`Service`]'s methods, so every flow and every rule exists once.

pub mod activity;
pub mod admin;
pub mod backend;
pub mod clock;
pub mod codes;
mod error;
pub mod intake;
pub mod panic_hook;
pub mod policy;
mod service;
pub mod views;

pub use backend::Backend;
pub use clock::{Clock, FakeClock, SystemClock};
pub use error::{Error, ErrorKind, Result};
pub use policy::{Access, Operation};
pub use service::{
    account_id, decode_image, identify, import_formats, read_backup, read_export, BackupCredential,
    DoctorReport, Hook, ImportBatch, IndexReport, KeychainHealth, RevealedKey, Service,
    BACKUP_EXTENSION, DAILY, DEBOUNCE, DESK_NAME_ENV, KEEP_NEWEST, MAX_IMAGE_BYTES, SNAPSHOT_EVERY,
};
pub use service::{default_paper, MenuGroups, PreparedSheet, NEAR_END_SECONDS};
pub use tessera_core::share::Role as DeskRole;
pub use tessera_core::vault::ProfileName;
