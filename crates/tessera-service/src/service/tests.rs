//! The service on an in-memory keychain, a fake clipboard, a fake clock and
//! a real index file in a temporary directory.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::backup::{DAILY, DEBOUNCE, KEEP_NEWEST};
use super::*;
use crate::backend::DynStore;
use crate::clock::FakeClock;
use crate::views::{AccountForm, PaperChoice, PrintRequest};
use tessera_clipboard::{ClipboardBackend, ClipboardError};
use tessera_core::otp::{totp, Algorithm};
use tessera_core::settings::SHARED_DESK_MAX_AUTO_LOCK_SECONDS;
use tessera_core::vault::MemoryStore;

const KEY: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const T0: u64 = 1_800_000_000;

#[derive(Clone, Default)]
struct FakeClipboard(Arc<Mutex<Option<String>>>);

impl ClipboardBackend for FakeClipboard {
    fn put_secret(&mut self, text: &str) -> std::result::Result<(), ClipboardError> {
        *self.0.lock().unwrap() = Some(text.to_owned());
        Ok(())
    }
    fn read_text(&mut self) -> std::result::Result<Option<Zeroizing<String>>, ClipboardError> {
        Ok(self.0.lock().unwrap().clone().map(Zeroizing::new))
    }
    fn clear(&mut self) -> std::result::Result<(), ClipboardError> {
        *self.0.lock().unwrap() = None;
        Ok(())
    }
}

struct Fixture {
    service: Service,
    clock: Arc<FakeClock>,
    store: Arc<MemoryStore>,
    clipboard: FakeClipboard,
    dir: tempfile::TempDir,
}

fn backend(
    dir: &std::path::Path,
    store: &Arc<MemoryStore>,
    clock: &Arc<FakeClock>,
    clip: &FakeClipboard,
) -> Backend {
    let (store, clip) = (Arc::clone(store), clip.clone());
    Backend {
        data_dir: dir.to_path_buf(),
        open_keychain: Box::new(move || Ok(Box::new(Arc::clone(&store)) as DynStore)),
        open_clipboard: Some(Box::new(move || Ok(Box::new(clip.clone()) as DynClipboard))),
        entropy: Arc::new(tessera_fs::OsEntropy),
        kdf: KdfParams::MIN,
        clock: Arc::clone(clock) as Arc<dyn Clock>,
        user: "frontdesk".into(),
    }
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(MemoryStore::new());
        let clock = Arc::new(FakeClock::at(T0));
        let clipboard = FakeClipboard::default();
        let service = Service::new(
            backend(dir.path(), &store, &clock, &clipboard),
            ProfileName::default_profile(),
            true,
        );
        Self {
            service,
            clock,
            store,
            clipboard,
            dir,
        }
    }

    /// Another process on the same profile (the CLI next to the app).
    fn second_process(&self) -> Service {
        Service::new(
            backend(self.dir.path(), &self.store, &self.clock, &self.clipboard),
            ProfileName::default_profile(),
            true,
        )
    }

    fn add(&self, issuer: &str) -> String {
        let form = AccountForm {
            issuer: issuer.into(),
            name: "desk".into(),
            key: KEY.into(),
            kind: None,
            algorithm: None,
            digits: None,
            period: None,
            counter: None,
        };
        self.service.add_account(&form).unwrap().id
    }

    fn with_pin(&self, shared_desk: bool) {
        self.service
            .set_pin("135790", "135790", shared_desk)
            .unwrap();
    }
}

fn expected(time: u64) -> String {
    let key = tessera_core::check_key(KEY).unwrap().key;
    totp(&key, Algorithm::Sha1, 6, 30, time)
}

// ----- hole 1: every key out needs the PIN again -----

#[test]
fn a_sheet_with_keys_needs_the_pin_again_but_one_without_does_not() {
    let f = Fixture::new();
    let id = f.add("Clinic");
    f.with_pin(false);
    let path = f.dir.path().join("sheet.pdf");
    let with_keys = PrintRequest {
        ids: vec![id.clone()],
        with_recovery: true,
        paper: PaperChoice::A4,
    };
    let err = f.service.write_sheet(&with_keys, &path, None).unwrap_err();
    assert_eq!(err.kind, ErrorKind::PinRequired);
    assert!(!path.exists(), "no sheet may be written without the PIN");
    let err = f
        .service
        .write_sheet(&with_keys, &path, Some("000000"))
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::WrongPin);
    assert!(!path.exists());
    f.service
        .write_sheet(&with_keys, &path, Some("135790"))
        .unwrap();
    assert!(path.exists());
    let without = PrintRequest {
        with_recovery: false,
        ..with_keys
    };
    f.service.write_sheet(&without, &path, None).unwrap();
    // Revealing a key: the same rule.
    assert_eq!(
        f.service.reveal_key(&id, None).unwrap_err().kind,
        ErrorKind::PinRequired
    );
    let key = f.service.reveal_key(&id, Some("135790")).unwrap();
    assert!(!format!("{key:?}").contains("JBSW"));
    let log = f.service.activity().unwrap();
    assert!(log.iter().any(|e| e.event == "keyRevealed"));
    assert!(log
        .iter()
        .any(|e| e.event == "sheetPrinted" && e.detail.as_deref() == Some("1 account, with keys")));
    assert!(log.iter().any(|e| e.event == "wrongPin"));
}

// ----- hole 4: the lock means the same for settings -----

#[test]
fn settings_cannot_change_while_locked_and_shared_desks_have_limits() {
    let f = Fixture::new();
    f.add("Clinic");
    f.with_pin(true);
    f.service.lock();
    let stretched = Settings {
        clipboard_seconds: 0,
        auto_lock_seconds: Some(86_400),
        ..Settings::default()
    };
    assert_eq!(
        f.service.save_settings(stretched.clone()).unwrap_err().kind,
        ErrorKind::Locked
    );
    f.service.unlock("135790").unwrap();
    let saved = f.service.save_settings(stretched).unwrap();
    assert_eq!(
        saved.auto_lock_seconds,
        Some(SHARED_DESK_MAX_AUTO_LOCK_SECONDS)
    );
    assert!(saved.clipboard_seconds > 0);
    assert_eq!(
        f.service.status().unwrap().auto_lock_seconds,
        SHARED_DESK_MAX_AUTO_LOCK_SECONDS
    );
    // A second process that never entered the PIN may not change them either.
    let other = f.second_process();
    assert_eq!(
        other.save_settings(Settings::default()).unwrap_err().kind,
        ErrorKind::Locked
    );
    assert_eq!(other.list_accounts().unwrap_err().kind, ErrorKind::Locked);
}

#[test]
fn settings_belong_to_their_profile() {
    let f = Fixture::new();
    f.service
        .save_settings(Settings {
            clipboard_seconds: 7,
            ..Settings::default()
        })
        .unwrap();
    f.service.switch_profile("work").unwrap();
    assert_eq!(
        f.service.settings().clipboard_seconds,
        tessera_core::settings::DEFAULT_CLIPBOARD_SECONDS
    );
    f.service.switch_profile("default").unwrap();
    assert_eq!(f.service.settings().clipboard_seconds, 7);
}

#[test]
fn a_global_shortcut_that_cannot_work_is_refused_and_nothing_is_saved() {
    let f = Fixture::new();
    let err = f
        .service
        .save_settings(Settings {
            global_shortcut: Some("Shift+Y".into()),
            clipboard_seconds: 9,
            ..Settings::default()
        })
        .unwrap_err();
    assert_eq!(err.kind, crate::ErrorKind::InvalidInput);
    assert!(
        err.message.contains("needs Ctrl, Alt or Super"),
        "{}",
        err.message
    );
    assert_ne!(f.service.settings().clipboard_seconds, 9);
    let saved = f
        .service
        .save_settings(Settings {
            global_shortcut: Some("super + f9".into()),
            ..Settings::default()
        })
        .unwrap();
    assert_eq!(saved.global_shortcut.as_deref(), Some("Super+F9"));
    let off = f
        .service
        .save_settings(Settings {
            global_shortcut: None,
            ..Settings::default()
        })
        .unwrap();
    assert_eq!(off.global_shortcut, None);
}

// ----- hole 5: the clock steps back -----

#[test]
fn codes_follow_the_clock_backwards_at_once() {
    let f = Fixture::new();
    f.add("Clinic");
    let code_now = |f: &Fixture| f.service.frame().codes[0].code.clone().unwrap();
    assert_eq!(code_now(&f), expected(T0));
    f.clock.advance(95);
    assert_eq!(code_now(&f), expected(T0 + 95));
    // NTP (or a user) moves the clock back two minutes.
    f.clock.set(T0 + 95 - 120);
    assert_eq!(code_now(&f), expected(T0 + 95 - 120));
    f.clock.set(T0 + 95 - 121);
    let frame = f.service.frame();
    assert_eq!(
        frame.codes[0].code.as_deref(),
        Some(expected(T0 - 26).as_str())
    );
}

#[test]
fn the_next_code_is_sent_only_in_the_last_seconds() {
    let f = Fixture::new();
    f.add("Clinic");
    let start = (T0 / 30 + 1) * 30; // the start of a period
    f.clock.set(start);
    let frame = f.service.frame();
    assert_eq!(frame.codes[0].seconds_remaining, Some(30));
    assert_eq!(frame.codes[0].next_code, None);
    f.clock.set(start + 26);
    let frame = f.service.frame();
    assert_eq!(
        frame.codes[0].next_code.as_deref(),
        Some(expected(start + 30).as_str())
    );
}

#[test]
fn copy_gives_the_current_code_the_next_on_request_and_near_the_end() {
    let f = Fixture::new();
    let id = f.add("Clinic");
    let start = (T0 / 30 + 1) * 30;
    let copied = || f.clipboard.0.lock().unwrap().clone().unwrap();
    f.clock.set(start + 10);
    let c = f.service.copy_code(&id).unwrap();
    assert_eq!(
        (copied(), c.next, c.valid_for_seconds),
        (expected(start), false, Some(20))
    );
    let c = f.service.copy_next_code(&id).unwrap();
    assert_eq!(
        (copied(), c.next, c.valid_for_seconds),
        (expected(start + 30), true, Some(50))
    );
    // With NEAR_END_SECONDS left, a plain copy takes the next code.
    f.clock.set(start + 30 - u64::from(crate::NEAR_END_SECONDS));
    let c = f.service.copy_code(&id).unwrap();
    assert_eq!((copied(), c.next), (expected(start + 30), true));
    // Unless the profile turned that off.
    let settings = Settings {
        copy_next_near_end: false,
        ..f.service.settings()
    };
    f.service.save_settings(settings).unwrap();
    let c = f.service.copy_code(&id).unwrap();
    assert_eq!((copied(), c.next), (expected(start), false));
}

#[test]
fn using_a_backup_code_needs_the_pin_copies_the_next_unused_one_and_undo_unmarks() {
    let f = Fixture::new();
    let id = f.add("Clinic");
    f.service
        .set_backup_codes(&id, "1111-2222\n3333-4444\n5555-6666\n", false)
        .unwrap();
    f.service.use_backup_code(&id, 0).unwrap();
    f.with_pin(false);
    let copied = || f.clipboard.0.lock().unwrap().clone();
    assert_eq!(
        f.service.copy_next_backup_code(&id, None).unwrap_err().kind,
        ErrorKind::PinRequired
    );
    assert_eq!(
        f.service
            .copy_next_backup_code(&id, Some("000000"))
            .unwrap_err()
            .kind,
        ErrorKind::WrongPin
    );
    assert_eq!(copied(), None, "nothing copied without the PIN");
    let c = f
        .service
        .copy_next_backup_code(&id, Some("135790"))
        .unwrap();
    assert_eq!(copied().as_deref(), Some("3333-4444"));
    assert_eq!((c.index, c.hint.as_str()), (1, "••••-••44"));
    assert!(
        !format!("{c:?}").contains("3333"),
        "the code is not in the view"
    );
    // Not used until the user says so; then Undo takes it back.
    assert_eq!(f.service.backup_codes(&id).unwrap().remaining, 2);
    assert_eq!(
        f.service.use_backup_code(&id, c.index).unwrap().remaining,
        1
    );
    assert_eq!(
        f.service.unuse_backup_code(&id, c.index).unwrap().remaining,
        2
    );
    f.service.use_backup_code(&id, 1).unwrap();
    f.service.use_backup_code(&id, 2).unwrap();
    let err = f
        .service
        .copy_next_backup_code(&id, Some("135790"))
        .unwrap_err();
    assert!(err.message.contains("every backup code"), "{}", err.message);
    assert!(f
        .service
        .activity()
        .unwrap()
        .iter()
        .any(|e| e.event == "backupCodeRevealed" && e.detail.as_deref() == Some("copied")));
}

#[test]
fn idle_time_locks_and_wipes() {
    let f = Fixture::new();
    let id = f.add("Clinic");
    f.with_pin(false);
    f.service.copy_code(&id).unwrap();
    assert!(f.clipboard.0.lock().unwrap().is_some());
    f.clock.advance(301);
    assert!(f.service.frame().locked);
    assert!(
        f.clipboard.0.lock().unwrap().is_none(),
        "our code was cleared"
    );
    assert_eq!(
        f.service.copy_code(&id).unwrap_err().kind,
        ErrorKind::Locked
    );
}

// ----- hole 8 (service level): a half-scanned export never blocks -----

#[test]
fn scan_intake_picks_among_its_own_accounts_and_cancels() {
    let f = Fixture::new();
    let parts: Vec<String> = (0..2u32)
        .map(|i| {
            let a: tessera_core::Account = format!("otpauth://totp/Part{i}:a?secret={KEY}")
                .parse()
                .unwrap();
            tessera_core::migration::format_migration(&[a], i, 2, 42).to_string()
        })
        .collect();
    let first = f.service.take_scan(vec![parts[0].clone()]).unwrap();
    assert_eq!(first.transfer, Some((1, 2)));
    let solo = format!("otpauth://totp/Solo:a?secret={KEY}");
    let scan = f.service.take_scan(vec![solo]).unwrap();
    assert_eq!(scan.preview.accounts.len(), 1);
    let added = f.service.add_scanned(Some(&[0])).unwrap();
    assert_eq!(added[0].issuer, "Solo");
    f.service.cancel_scan();
    let again = f.service.take_scan(vec![parts[1].clone()]).unwrap();
    assert_eq!(again.transfer, Some((1, 2)), "a fresh collection");
}

// ----- the activity log -----

#[test]
fn the_activity_log_names_what_happened_and_never_a_secret() {
    let f = Fixture::new();
    let id = f.add("Clinic");
    f.service.copy_code(&id).unwrap();
    f.with_pin(false);
    f.service.lock();
    assert!(f.service.unlock("999999").is_err());
    f.service.unlock("135790").unwrap();
    f.service.change_pin("135790", "246801", "246801").unwrap();
    f.service.remove_account(&id).unwrap();
    let events: Vec<String> = f
        .service
        .activity()
        .unwrap()
        .into_iter()
        .rev()
        .map(|e| e.event)
        .collect();
    assert_eq!(
        events,
        [
            "accountAdded",
            "copied",
            "pinSet",
            "wrongPin",
            "pinChanged",
            "accountRemoved"
        ]
    );
    let raw = std::fs::read_to_string(f.dir.path().join("profiles/default/activity.json")).unwrap();
    assert!(raw.contains("frontdesk"));
    for secret in [KEY, "135790", "246801", "999999", &expected(T0)] {
        assert!(!raw.contains(secret), "the log holds {secret}");
    }
}

// ----- PINs -----

#[test]
fn a_new_pin_is_typed_twice_and_has_six_digits() {
    let f = Fixture::new();
    f.add("Clinic");
    let err = f.service.set_pin("135790", "135709", false).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(err.message.contains("differ"));
    assert!(!f.service.pin_set().unwrap(), "nothing was changed");
    let err = f.service.set_pin("1357", "1357", false).unwrap_err();
    assert!(err.message.contains("6"), "{}", err.message);
    f.with_pin(false);
    let err = f
        .service
        .change_pin("135790", "246801", "246810")
        .unwrap_err();
    assert!(err.message.contains("differ"));
    f.service.lock();
    f.service.unlock("135790").unwrap();
}

#[test]
fn a_damaged_account_list_is_reported_not_hidden() {
    let f = Fixture::new();
    f.add("Clinic");
    f.add("Insurer");
    let dir = f.dir.path().join("profiles/default");
    std::fs::write(dir.join("index.json"), b"{ damaged").unwrap();
    let status = f.service.status().unwrap();
    match status.index {
        crate::views::IndexHealth::Restored {
            copy, damaged_file, ..
        } => {
            assert!(copy.ends_with("index.json.1"));
            assert!(damaged_file.is_some());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(status.account_count, 1, "the copy before the second add");
    f.service.dismiss_restore_notice().unwrap();
    assert_eq!(
        f.service.status().unwrap().index,
        crate::views::IndexHealth::Ok
    );
    for name in ["index.json", "index.json.1", "index.json.2", "index.json.3"] {
        std::fs::write(dir.join(name), b"garbage").unwrap();
    }
    let status = f.service.status().unwrap();
    assert!(
        matches!(status.index, crate::views::IndexHealth::Damaged { .. }),
        "{:?}",
        status.index
    );
    assert_eq!(
        f.service.list_accounts().unwrap_err().kind,
        ErrorKind::IndexDamaged
    );
    std::fs::write(dir.join("index.json"), br#"{"format": 99, "accounts": []}"#).unwrap();
    assert!(matches!(
        f.service.status().unwrap().index,
        crate::views::IndexHealth::TooNew { .. }
    ));
}

// ----- imports, exports and backups -----

fn other_profile(f: &Fixture) -> Service {
    Service::new(
        backend(f.dir.path(), &f.store, &f.clock, &f.clipboard),
        ProfileName::new("second").unwrap(),
        true,
    )
}

#[test]
fn an_aegis_export_imports_back_with_a_preview_and_no_duplicates() {
    let f = Fixture::new();
    f.add("Clinic");
    f.service
        .add_link(&format!(
            "otpauth://hotp/Door:desk?secret={KEY}&counter=7&digits=8&algorithm=SHA256"
        ))
        .unwrap();
    f.with_pin(false);
    let path = f.dir.path().join("export.json");
    // The PIN again, and a password.
    assert_eq!(
        f.service
            .export(
                crate::views::ExportFormat::Aegis,
                &path,
                Some("aegis pw"),
                None
            )
            .unwrap_err()
            .kind,
        ErrorKind::PinRequired
    );
    let written = f
        .service
        .export(
            crate::views::ExportFormat::Aegis,
            &path,
            Some("aegis pw"),
            Some("135790"),
        )
        .unwrap();
    assert_eq!(written.accounts, 2);
    let bytes = std::fs::read(&path).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains("JBSW"));

    let second = other_profile(&f);
    let file = second.choose_import_file(bytes.clone()).unwrap();
    assert_eq!((file.format.as_str(), file.encrypted), ("aegis", true));
    assert_eq!(
        second.open_import_file(None, None, None).unwrap_err().kind,
        ErrorKind::PasswordNeeded
    );
    assert_eq!(
        second
            .open_import_file(None, Some("wrong"), None)
            .unwrap_err()
            .kind,
        ErrorKind::WrongPassword
    );
    let preview = second
        .open_import_file(None, Some("aegis pw"), None)
        .unwrap();
    assert_eq!(preview.accounts.len(), 2);
    let door = preview
        .accounts
        .iter()
        .find(|a| a.issuer == "Door")
        .unwrap();
    assert_eq!(
        (door.kind.as_str(), door.counter, door.digits),
        ("hotp", Some(7), 8)
    );
    assert_eq!(door.algorithm, "SHA256");
    assert!(preview.accounts.iter().all(|a| !a.duplicate));
    // Add one of the two: the pick is honoured.
    let clinic = preview
        .accounts
        .iter()
        .find(|a| a.issuer == "Clinic")
        .unwrap()
        .index;
    let outcome = second.add_imported(Some(&[clinic])).unwrap();
    assert_eq!(outcome.added.len(), 1);
    assert_eq!(second.list_accounts().unwrap().len(), 1);
    // Again: the one already here is reported, not added twice.
    second.choose_import_file(bytes).unwrap();
    let again = second
        .open_import_file(None, Some("aegis pw"), None)
        .unwrap();
    assert_eq!(again.accounts.iter().filter(|a| a.duplicate).count(), 1);
    let outcome = second.add_imported(None).unwrap();
    assert_eq!((outcome.added.len(), outcome.duplicates), (1, 1));
    assert_eq!(second.list_accounts().unwrap().len(), 2);
    let log = f.service.activity().unwrap();
    assert!(log.iter().any(|e| e.event == "exported"));
}

#[test]
fn backups_are_written_verified_restored_and_pruned() {
    let f = Fixture::new();
    let id = f.add("Clinic");
    f.service
        .set_backup_codes(&id, "1111-2222\n3333-4444", false)
        .unwrap();
    f.service.use_backup_code(&id, 0).unwrap();
    let dir = f.dir.path().join("backups");
    std::fs::create_dir_all(&dir).unwrap();
    // No password yet: said so, nothing written.
    let err = f.service.backup_now(Some(&dir)).unwrap_err();
    assert!(err.message.contains("backup password"), "{}", err.message);
    assert!(f
        .service
        .set_backup_password("correct horse", "correct hors", None)
        .is_err());
    let recovery = f
        .service
        .set_backup_password("correct horse", "correct horse", None)
        .unwrap()
        .expect("a recovery key the first time");
    assert_eq!(recovery.lines.len(), 2);
    assert!(!format!("{recovery:?}").contains(&recovery.lines[0]));
    f.service.backup_now(Some(&dir)).unwrap();
    let files = f.service.list_backups(Some(&dir)).unwrap();
    assert_eq!(files.len(), 1);
    let path = std::path::PathBuf::from(&files[0].path);
    assert_eq!(f.service.verify_backup(&path).unwrap().1, 1);
    let bytes = std::fs::read(&path).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains("JBSW"));
    assert!(!String::from_utf8_lossy(&bytes).contains("3333"));

    // Restore into another profile: with the password, or the recovery key
    // as printed; backup codes and used marks come along.
    for credential in [
        super::BackupCredential::Password("correct horse"),
        super::BackupCredential::RecoveryKey(&recovery.lines.join("\n")),
    ] {
        let batch = super::read_backup(&bytes, credential).unwrap();
        assert_eq!(batch.entries.len(), 1);
        assert_eq!(batch.entries[0].used_codes, vec![0]);
    }
    assert_eq!(
        super::read_backup(&bytes, super::BackupCredential::Password("nope"))
            .unwrap_err()
            .kind,
        ErrorKind::WrongPassword
    );
    let second = other_profile(&f);
    let batch =
        super::read_backup(&bytes, super::BackupCredential::Password("correct horse")).unwrap();
    second.add_batch(&batch, None).unwrap();
    let restored = second.list_accounts().unwrap();
    assert_eq!(
        (restored[0].backup_total, restored[0].backup_remaining),
        (2, 1)
    );

    // Many backups over months: the newest 10 and one per month stay.
    for day in 0..40u64 {
        f.clock.set(T0 + day * 86_400 * 3);
        f.service.backup_now(Some(&dir)).unwrap();
    }
    let kept = f.service.list_backups(Some(&dir)).unwrap();
    let months: std::collections::BTreeSet<String> = kept
        .iter()
        .map(|k| tessera_core::sheet::iso_date(k.created)[..7].to_owned())
        .collect();
    // 40 backups three days apart from mid-January to mid-May: the newest 10
    // (mid-April on) and the newest of January, February and March.
    assert_eq!(months.len(), 5, "{months:?}");
    assert_eq!(kept.len(), KEEP_NEWEST + 3, "{kept:?}");
    let newest_10_months: std::collections::BTreeSet<String> = kept[..KEEP_NEWEST]
        .iter()
        .map(|k| tessera_core::sheet::iso_date(k.created)[..7].to_owned())
        .collect();
    assert_eq!(newest_10_months.len(), 2);
}

#[test]
fn automatic_backups_follow_changes_and_failures_are_reported() {
    let f = Fixture::new();
    f.add("Clinic");
    let dir = f.dir.path().join("auto");
    std::fs::create_dir_all(&dir).unwrap();
    f.service
        .set_backup_password("correct horse", "correct horse", None)
        .unwrap();
    f.service
        .save_settings(Settings {
            backup_dir: Some(dir.display().to_string()),
            ..Settings::default()
        })
        .unwrap();
    // None yet: the daily one is due at once.
    let status = f.service.backup_tick().expect("a first backup");
    assert!(status.last_success.is_some() && status.last_error.is_none());
    assert_eq!(f.service.backup_tick(), None, "nothing changed");
    f.add("Insurer");
    assert_eq!(f.service.backup_tick(), None, "waits for more changes");
    f.clock.advance(DEBOUNCE.as_secs());
    assert!(f.service.backup_tick().is_some(), "the change is backed up");
    assert_eq!(f.service.list_backups(Some(&dir)).unwrap().len(), 2);
    // The folder goes away (a USB drive unplugged): reported, not silent.
    std::fs::remove_dir_all(&dir).unwrap();
    f.clock.advance(DAILY);
    let status = f.service.backup_tick().expect("an attempt");
    assert!(status
        .last_error
        .as_deref()
        .unwrap()
        .contains("does not exist"));
    assert!(status.needs_attention);
    assert!(f.service.status().unwrap().backup.needs_attention);
    // Locked: no backup (the keys are not in memory).
    std::fs::create_dir_all(&dir).unwrap();
    f.with_pin(false);
    f.service.lock();
    f.clock.advance(DAILY);
    assert_eq!(f.service.backup_tick(), None);
}

// ----- the clock check and the time correction for codes -----

fn measured(offset_ms: i64) -> tessera_clock::ClockReport {
    tessera_clock::ClockReport::from_results(vec![tessera_clock::ServerResult::Ok(
        tessera_clock::ServerReading {
            server: "127.0.0.1:123".into(),
            offset_ms,
            rtt_ms: 1,
        },
    )])
}

fn offline() -> tessera_clock::ClockReport {
    tessera_clock::ClockReport::from_results(vec![tessera_clock::ServerResult::Err {
        server: "pool.ntp.org".into(),
        error: "pool.ntp.org could not be found".into(),
    }])
}

#[test]
fn a_time_correction_makes_the_codes_of_the_corrected_time() {
    use crate::views::ClockVerdict;
    let f = Fixture::new();
    let id = f.add("Clinic");
    // This clock runs 90 s fast: the servers say T0 + 10 - 90.
    f.clock.set(T0 + 10);
    let real = T0 + 10 - 90;
    let view = f.service.clock_checked(measured(-90_000));
    assert_eq!(view.offset_ms, Some(-90_000));
    assert_eq!(view.verdict, ClockVerdict::Skewed);
    assert!(view.wrong_codes, "90 s off gives wrong 30-s codes");
    assert_eq!(view.correction_ms, None);
    assert_eq!(f.service.frame().codes[0].code, Some(expected(T0 + 10)));

    let view = f.service.apply_clock_correction(true).unwrap();
    assert_eq!(view.correction_ms, Some(-90_000));
    assert!(!view.wrong_codes, "the codes shown are right again");
    assert_eq!(
        view.verdict,
        ClockVerdict::Skewed,
        "the clock itself is still off"
    );
    let frame = f.service.frame();
    assert_eq!(frame.codes[0].code, Some(expected(real)));
    assert_ne!(expected(real), expected(T0 + 10));
    assert_eq!(
        frame.codes[0].seconds_remaining,
        Some(30 - (real % 30) as u32)
    );
    assert_eq!(f.service.code_at(&id, None).unwrap().code, expected(real));
    f.service.copy_code(&id).unwrap();
    assert_eq!(f.clipboard.0.lock().unwrap().clone(), Some(expected(real)));
    // Only codes: the log keeps the real clock.
    let log = f.service.activity().unwrap();
    let copied = log.iter().find(|e| e.event == "copied").unwrap();
    assert_eq!(copied.time, T0 + 10, "{log:?}");
    assert_eq!(f.service.now(), T0 + 10);

    // The correction is a setting of the profile: another process uses it.
    assert_eq!(f.service.settings().clock_correction_ms, Some(-90_000));
    let other = f.second_process();
    assert_eq!(other.frame().codes[0].code, Some(expected(real)));

    let view = f.service.apply_clock_correction(false).unwrap();
    assert_eq!(view.correction_ms, None);
    assert!(view.wrong_codes);
    assert_eq!(f.service.frame().codes[0].code, Some(expected(T0 + 10)));
}

#[test]
fn a_correction_counts_milliseconds_and_a_slow_clock_goes_forward() {
    let f = Fixture::new();
    f.add("Clinic");
    f.service.clock_checked(measured(-500));
    f.service.apply_clock_correction(true).unwrap();
    assert_eq!(f.service.code_now(), T0 - 1, "half a second back from T0");
    f.service.clock_checked(measured(20_400));
    let view = f.service.apply_clock_correction(true).unwrap();
    assert_eq!(view.correction_ms, Some(20_400));
    assert_eq!(f.service.code_now(), T0 + 20);
    assert_eq!(f.service.frame().codes[0].code, Some(expected(T0 + 20)));
    // A small offset: ok, nothing to warn about.
    let view = f.service.clock_checked(measured(1_200));
    assert_eq!(view.verdict, crate::views::ClockVerdict::Ok);
}

#[test]
fn no_correction_without_a_measurement_and_none_while_locked() {
    use crate::views::ClockVerdict;
    let f = Fixture::new();
    f.add("Clinic");
    let err = f.service.apply_clock_correction(true).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    let view = f.service.clock_checked(offline());
    assert_eq!(view.verdict, ClockVerdict::Unknown);
    assert!(!view.wrong_codes, "not checked is not a warning");
    assert_eq!(
        view.servers[0].error.as_deref(),
        Some("pool.ntp.org could not be found")
    );
    let err = f.service.apply_clock_correction(true).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert_eq!(f.service.settings().clock_correction_ms, None);

    f.with_pin(false);
    f.service.lock();
    // The lock screen may check the clock (a dead server: refused at once)…
    let dead = std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .to_string();
    let view = f.service.check_clock(&[dead]).unwrap();
    assert_eq!(view.verdict, ClockVerdict::Unknown);
    assert!(view.servers[0]
        .error
        .as_deref()
        .unwrap()
        .starts_with("refused"));
    // …but not change how codes are made.
    f.service.clock_checked(measured(-90_000));
    let err = f.service.apply_clock_correction(true).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Locked);
}

#[test]
fn wrong_codes_follow_the_shortest_period() {
    let f = Fixture::new();
    let form = AccountForm {
        issuer: "Bank".into(),
        name: "desk".into(),
        key: KEY.into(),
        kind: None,
        algorithm: None,
        digits: None,
        period: Some(60),
        counter: None,
    };
    f.service.add_account(&form).unwrap();
    assert!(
        !f.service.clock_checked(measured(-20_000)).wrong_codes,
        "60-s codes"
    );
    f.add("Clinic");
    assert!(
        f.service.clock_checked(measured(-20_000)).wrong_codes,
        "30-s codes"
    );
    assert!(!f.service.clock_checked(measured(-14_999)).wrong_codes);
}
