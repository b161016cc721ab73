//! The index file on a real file system: round trips, rotation, recovery from
//! a damaged file, and concurrent writers from several threads.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use tessera_core::otp::OtpParams;
use tessera_core::vault::{AccountId, AccountRecord, IndexError, IndexStore};
use tessera_fs::FileIndexStore;

fn record(n: u8) -> AccountRecord {
    AccountRecord::new(
        AccountId::from_random_bytes([n; 16]),
        &format!("Issuer {n}"),
        &format!("user{n}"),
        OtpParams::default_totp(),
        0,
    )
}

fn add(store: &FileIndexStore, n: u8) {
    store
        .update(|i| {
            i.accounts.push(record(n));
            Ok::<_, IndexError>(())
        })
        .unwrap();
}

#[test]
fn empty_then_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileIndexStore::open(dir.path().join("p")).unwrap();
    assert!(store.load().unwrap().accounts.is_empty());
    add(&store, 1);
    let again = FileIndexStore::open(dir.path().join("p")).unwrap();
    assert_eq!(again.load().unwrap().accounts, vec![record(1)]);
}

#[test]
fn keeps_three_previous_versions() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileIndexStore::open(dir.path().to_path_buf()).unwrap();
    for n in 1..=5 {
        add(&store, n);
    }
    for (backup, expected_len) in [(1, 4), (2, 3), (3, 2)] {
        let bytes = std::fs::read(dir.path().join(format!("index.json.{backup}"))).unwrap();
        let index = tessera_core::vault::Index::from_json(&bytes, "t").unwrap();
        assert_eq!(index.accounts.len(), expected_len, "backup {backup}");
    }
    assert!(!dir.path().join("index.json.4").exists());
}

#[test]
fn damaged_main_file_falls_back_to_the_newest_backup() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileIndexStore::open(dir.path().to_path_buf()).unwrap();
    add(&store, 1);
    add(&store, 2);
    std::fs::write(dir.path().join("index.json"), b"{ not json").unwrap();
    assert!(store.restore_notice().is_none());
    assert_eq!(store.load().unwrap().accounts, vec![record(1)]);
    // Not silently: the copy used, its time and the damaged file are on record.
    let notice = store.restore_notice().expect("a restore notice");
    assert!(notice.copy.ends_with("index.json.1"), "{notice:?}");
    assert!(notice.copy_time.is_some());
    assert!(notice.detail.contains("damaged"), "{notice:?}");
    let kept = notice.damaged_file.clone().unwrap();
    assert_eq!(std::fs::read(&kept).unwrap(), b"{ not json");
    // The main file itself was put back.
    let main = std::fs::read(dir.path().join("index.json")).unwrap();
    let restored = tessera_core::vault::Index::from_json(&main, "t").unwrap();
    assert_eq!(restored.accounts, vec![record(1)]);
    add(&store, 3);
    assert_eq!(store.load().unwrap().accounts.len(), 2);
    // Seen: the notice goes.
    store.dismiss_restore_notice().unwrap();
    assert!(store.restore_notice().is_none());
}

#[test]
fn every_copy_damaged_is_a_clear_error_and_nothing_is_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileIndexStore::open(dir.path().to_path_buf()).unwrap();
    for n in 1..=4 {
        add(&store, n);
    }
    for name in ["index.json", "index.json.1", "index.json.2", "index.json.3"] {
        std::fs::write(dir.path().join(name), format!("damaged {name}")).unwrap();
    }
    let err = store.load().unwrap_err();
    assert!(matches!(err, IndexError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("previous copies"), "{err}");
    assert!(store
        .update(|i| {
            i.accounts.clear();
            Ok::<_, IndexError>(())
        })
        .is_err());
    for name in ["index.json", "index.json.1", "index.json.2", "index.json.3"] {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).unwrap(),
            format!("damaged {name}"),
            "{name} was changed"
        );
    }
}

#[test]
fn a_deleted_main_file_is_restored_with_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileIndexStore::open(dir.path().to_path_buf()).unwrap();
    add(&store, 1);
    add(&store, 2);
    std::fs::remove_file(dir.path().join("index.json")).unwrap();
    assert_eq!(store.load().unwrap().accounts, vec![record(1)]);
    let notice = store.restore_notice().unwrap();
    assert!(notice.damaged_file.is_none());
    assert!(notice.detail.contains("missing"), "{notice:?}");
}

#[test]
fn damaged_without_backups_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileIndexStore::open(dir.path().to_path_buf()).unwrap();
    std::fs::write(dir.path().join("index.json"), b"garbage").unwrap();
    let err = store.load().unwrap_err();
    assert!(matches!(err, IndexError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("index.json"));
}

#[test]
fn failed_change_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileIndexStore::open(dir.path().to_path_buf()).unwrap();
    add(&store, 1);
    let before = std::fs::read(dir.path().join("index.json")).unwrap();
    let result: Result<(), IndexError> = store.update(|i| {
        i.accounts.clear();
        Err(IndexError::Io("simulated".into()))
    });
    assert!(result.is_err());
    assert_eq!(
        std::fs::read(dir.path().join("index.json")).unwrap(),
        before
    );
}

#[test]
fn concurrent_writers_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let threads: Vec<_> = (0..4u8)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || {
                let store = FileIndexStore::open(path).unwrap();
                for n in 0..10u8 {
                    add(&store, t * 10 + n);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let store = FileIndexStore::open(path).unwrap();
    assert_eq!(store.load().unwrap().accounts.len(), 40);
}

#[test]
fn newer_format_is_refused_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileIndexStore::open(dir.path().to_path_buf()).unwrap();
    std::fs::write(
        dir.path().join("index.json"),
        br#"{"format": 99, "accounts": []}"#,
    )
    .unwrap();
    assert_eq!(store.load().unwrap_err(), IndexError::TooNew(99));
    let result = store.update(|_| Ok::<_, IndexError>(()));
    assert_eq!(result.unwrap_err(), IndexError::TooNew(99));
    assert!(std::fs::read_to_string(dir.path().join("index.json"))
        .unwrap()
        .contains("99"));
}

#[test]
fn temp_files_of_killed_writers_are_cleaned_up() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileIndexStore::open(dir.path().to_path_buf()).unwrap();
    std::fs::write(dir.path().join(".index.json.tmp-99999"), b"half").unwrap();
    add(&store, 1);
    assert!(!dir.path().join(".index.json.tmp-99999").exists());
}
