//! What the service hands the shells (and the app's UI receives over IPC):
//! plain, serialisable views. TypeScript types are generated from these (see
//! `src-tauri/tests/bindings.rs`); no view ever holds a key on its way out (a
//! key only travels *in*, typed by the user).

mod accounts;
mod activity;
mod backup;
mod clock;
mod codes;
mod key;
mod share;
mod status;
mod transfer;
mod updates;

pub use accounts::{
    AccountForm, AccountView, CameraChoice, LinkPreview, PreviewAccount, ScanResult,
};
pub use activity::ActivityView;
pub use backup::hint as backup_hint;
pub use backup::{
    BackupCodeCopied, BackupCodeView, BackupCodesView, BackupPreview, PaperChoice, PrintRequest,
    PrintedSheet,
};
pub use clock::{ClockVerdict, ClockView, ServerCheck};
pub use codes::{CodeFrame, CodeView, Copied};
pub use key::{AppInfo, KeyCheck, KeyProblem, RevealedKeyView, UnusualLengthView};
pub use share::{
    ConflictView, DeskView, JoinView, PendingDeskView, RevokeView, ShareStatusView,
    SharedAccountView, SyncReport, ThisDeskView,
};
pub use status::{AppStatus, IndexHealth, KeychainState, ShortcutView};
pub use tessera_core::settings::{Density, Settings, Theme};
pub use transfer::{
    BackupFileView, BackupStatusView, ExportFormat, ExportedFile, ImportCandidate, ImportFileView,
    ImportFormatView, ImportOutcome, ImportPreview, RecoveryKeyView, SkippedView,
};
pub use updates::{UpdateState, UpdateView};

/// A count as a JSON-friendly number.
pub(crate) fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
