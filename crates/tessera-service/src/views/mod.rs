//! Request and response types crossing the IPC boundary. TypeScript types are
//! generated from these (see `tests/bindings.rs`); no DTO ever holds a key
//! on its way out (a key only travels *in*, typed by the user).

mod accounts;
mod backup;
mod codes;
mod key;
mod status;

pub use accounts::{
    AccountForm, AccountView, CameraChoice, LinkPreview, PreviewAccount, ScanResult,
};
pub use backup::hint as backup_hint;
pub use backup::{
    BackupCodeView, BackupCodesView, BackupPreview, PaperChoice, PrintRequest, PrintedSheet,
};
pub use codes::{CodeFrame, CodeView, Copied};
pub use key::{AppInfo, KeyCheck, KeyProblem};
pub use status::{AppStatus, KeychainState};
pub use tessera_core::settings::{Settings, Theme};

/// A count as a JSON-friendly number.
pub(crate) fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
