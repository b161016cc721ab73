//! The UI's TypeScript types are generated from the Rust DTOs. This test fails
//! when `ui/src/lib/bindings.ts` is stale; `UPDATE_BINDINGS=1 cargo test -p
//! tessera-app --test bindings` rewrites it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use tessera_service::views::{
    AccountForm, AccountView, ActivityView, AppInfo, AppStatus, BackupCodeCopied, BackupCodeView,
    BackupCodesView, BackupFileView, BackupPreview, BackupStatusView, CameraChoice, ClockVerdict,
    ClockView, CodeFrame, CodeView, Copied, Density, ExportFormat, ExportedFile, ImportCandidate,
    ImportFileView, ImportFormatView, ImportOutcome, ImportPreview, IndexHealth, KeyCheck,
    KeyProblem, KeychainState, LinkPreview, PaperChoice, PreviewAccount, PrintRequest,
    PrintedSheet, RecoveryKeyView, RevealedKeyView, ScanResult, ServerCheck, Settings,
    ShortcutView, SkippedView, Theme, UnusualLengthView, UpdateState, UpdateView,
};
use tessera_service::views::{
    ConflictView, DeskView, JoinView, PendingDeskView, RevokeView, ShareStatusView,
    SharedAccountView, SyncReport, ThisDeskView,
};
use tessera_service::{Error as IpcError, ErrorKind};
use ts_rs::{Config, TS};

fn render() -> String {
    // u64/usize travel as JSON numbers; every value we send fits in 2^53.
    let cfg = Config::new().with_large_int("number");
    let decls = [
        AppInfo::decl(&cfg),
        ErrorKind::decl(&cfg),
        IpcError::decl(&cfg),
        KeyProblem::decl(&cfg),
        UnusualLengthView::decl(&cfg),
        KeyCheck::decl(&cfg),
        RevealedKeyView::decl(&cfg),
        AccountView::decl(&cfg),
        AccountForm::decl(&cfg),
        PreviewAccount::decl(&cfg),
        LinkPreview::decl(&cfg),
        ScanResult::decl(&cfg),
        CodeView::decl(&cfg),
        CodeFrame::decl(&cfg),
        Copied::decl(&cfg),
        KeychainState::decl(&cfg),
        IndexHealth::decl(&cfg),
        AppStatus::decl(&cfg),
        ActivityView::decl(&cfg),
        BackupStatusView::decl(&cfg),
        BackupFileView::decl(&cfg),
        RecoveryKeyView::decl(&cfg),
        ImportFormatView::decl(&cfg),
        ImportFileView::decl(&cfg),
        ImportCandidate::decl(&cfg),
        SkippedView::decl(&cfg),
        ImportPreview::decl(&cfg),
        ImportOutcome::decl(&cfg),
        ExportFormat::decl(&cfg),
        ExportedFile::decl(&cfg),
        Theme::decl(&cfg),
        Density::decl(&cfg),
        Settings::decl(&cfg),
        BackupCodeView::decl(&cfg),
        BackupCodeCopied::decl(&cfg),
        BackupCodesView::decl(&cfg),
        BackupPreview::decl(&cfg),
        PaperChoice::decl(&cfg),
        PrintRequest::decl(&cfg),
        PrintedSheet::decl(&cfg),
        CameraChoice::decl(&cfg),
        ClockVerdict::decl(&cfg),
        ServerCheck::decl(&cfg),
        ClockView::decl(&cfg),
        ShortcutView::decl(&cfg),
        UpdateState::decl(&cfg),
        UpdateView::decl(&cfg),
        DeskView::decl(&cfg),
        PendingDeskView::decl(&cfg),
        ConflictView::decl(&cfg),
        ThisDeskView::decl(&cfg),
        ShareStatusView::decl(&cfg),
        JoinView::decl(&cfg),
        SharedAccountView::decl(&cfg),
        SyncReport::decl(&cfg),
        RevokeView::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the views in crates/tessera-service/src/{views,error.rs} (and tessera-core's settings) by\n\
         // `UPDATE_BINDINGS=1 cargo test -p tessera-app --test bindings`. Do not edit.\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.trim_end().to_owned() + "\n"
}

#[test]
fn bindings_are_fresh() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/lib/bindings.ts");
    let wanted = render();
    if std::env::var("UPDATE_BINDINGS").as_deref() == Ok("1") {
        std::fs::write(path, &wanted).unwrap();
        return;
    }
    let current = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        current == wanted,
        "ui/src/lib/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p tessera-app --test bindings`"
    );
}
