//! Tessera's pure domain library: one-time passwords, setup links, typed keys.
//!
//! Nothing here touches the OS: no clock, no files, no keychain. Time is a
//! parameter (`unix_time: u64`); storage and capture live in adapter crates.

pub mod account;
pub mod backup_codes;
pub mod base32;
pub mod envelope;
pub mod export;
pub mod import;
pub mod key_entry;
pub mod migration;
pub mod otp;
pub mod otpauth;
pub mod qr;
pub mod secret;
pub mod settings;
pub mod setup_link;
pub mod share;
pub mod sheet;
pub mod shortcut;
pub mod transfer;
pub mod vault;

pub use account::{Account, AccountDraft, AccountInfo, DraftError};
pub use backup_codes::{parse_backup_codes, BackupCode, BackupCodeError};
pub use key_entry::{check_key, CheckedKey, KeyError, KeyStrength};
pub use migration::{parse_migration, MigrationBatch, MigrationError};
pub use otp::{code_at, Algorithm, CodeAt, OtpKind, OtpParams, ParamError};
pub use otpauth::UriError;
pub use secret::SecretKey;
pub use setup_link::{parse_setup_link, SetupLink, SetupLinkError};
