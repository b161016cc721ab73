use super::*;
use crate::otp::Algorithm;

fn vault() -> Vault<MemoryStore, MemoryIndexStore> {
    Vault::open(
        MemoryStore::new(),
        MemoryIndexStore::new(),
        &ProfileName::default_profile(),
        entropy(),
    )
}

fn entropy() -> std::sync::Arc<dyn Entropy + Send + Sync> {
    std::sync::Arc::new(super::seal::tests::TestEntropy::default())
}

fn account(uri: &str) -> Account {
    uri.parse().unwrap()
}

fn id(n: u8) -> AccountId {
    AccountId::from_random_bytes([n; 16])
}

const GITHUB: &str =
    "otpauth://totp/GitHub:octocat?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8";
const BANK: &str = "otpauth://hotp/Bank:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";

#[test]
fn add_list_code_remove() {
    let v = vault();
    v.add(&account(GITHUB), id(1), 100).unwrap();
    let all = v.accounts().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].issuer, "GitHub");
    assert_eq!(v.code(&id(1), 59).unwrap().code, "94287082");
    assert_eq!(v.accounts().unwrap()[0].last_used, Some(59));
    v.remove(&id(1)).unwrap();
    assert!(v.accounts().unwrap().is_empty());
    assert!(v.store().raw_payloads().is_empty());
}

#[test]
fn index_never_holds_the_key() {
    let v = vault();
    v.add(&account(GITHUB), id(1), 100).unwrap();
    let raw = String::from_utf8(v.index_store().raw()).unwrap();
    assert!(!raw.contains("GEZDGNBV"), "{raw}");
    assert!(raw.contains("octocat"));
}

#[test]
fn hotp_counter_advances_before_the_code_is_shown() {
    let v = vault();
    v.add(&account(BANK), id(2), 0).unwrap();
    assert_eq!(v.code(&id(2), 0).unwrap().code, "755224");
    assert_eq!(v.accounts().unwrap()[0].params.counter(), Some(1));
    assert_eq!(v.code(&id(2), 0).unwrap().code, "287082");
    assert_eq!(v.code(&id(2), 0).unwrap().code, "359152");
}

#[test]
fn failed_keychain_write_adds_nothing() {
    let v = vault();
    v.store().fail_next(StoreError::Locked {
        detail: "test".into(),
    });
    let err = v.add(&account(GITHUB), id(1), 0).unwrap_err();
    assert!(matches!(err, VaultError::Store(StoreError::Locked { .. })));
    assert!(v.accounts().unwrap().is_empty());
}

#[test]
fn failed_keychain_delete_changes_nothing() {
    let v = vault();
    v.add(&account(GITHUB), id(1), 0).unwrap();
    v.store().fail_next(StoreError::Unavailable {
        detail: "gone".into(),
    });
    assert!(matches!(
        v.remove(&id(1)),
        Err(VaultError::Store(StoreError::Unavailable { .. }))
    ));
    assert_eq!(v.accounts().unwrap().len(), 1);
    assert_eq!(v.code(&id(1), 59).unwrap().code, "94287082");
    assert!(v.reconcile().unwrap().is_clean());
}

#[test]
fn missing_secret_is_flagged_not_deleted() {
    let v = vault();
    v.add(&account(GITHUB), id(1), 0).unwrap();
    v.store().delete(v.namespace(), id(1).as_str()).unwrap();
    assert!(matches!(
        v.code(&id(1), 0),
        Err(VaultError::SecretMissing(_))
    ));
    let report = v.reconcile().unwrap();
    assert_eq!(report.missing_secrets, vec![id(1)]);
    assert_eq!(v.accounts().unwrap().len(), 1, "the account is kept");
}

#[test]
fn rename_and_find() {
    let v = vault();
    v.add(&account(GITHUB), id(1), 0).unwrap();
    v.add(&account(BANK), id(2), 0).unwrap();
    v.rename(&id(1), Some("GitHub Enterprise"), None).unwrap();
    let found = v.find("enterprise").unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name, "octocat");
    assert_eq!(v.find("ALICE").unwrap()[0].id, id(2));
    assert_eq!(v.find("").unwrap().len(), 2);
}

#[test]
fn current_codes_skip_hotp_and_report_missing_keys() {
    let v = vault();
    v.add(&account(GITHUB), id(1), 0).unwrap();
    v.add(&account(BANK), id(2), 0).unwrap();
    let codes = v.current_codes(59).unwrap();
    assert_eq!(codes.len(), 1);
    assert_eq!(codes[0].1.as_ref().unwrap().code, "94287082");
    assert_eq!(
        v.accounts().unwrap()[1].params.counter(),
        Some(0),
        "listing codes does not use HOTP"
    );
}

#[test]
fn oversized_payload_is_refused() {
    let v = vault();
    let mut big = account(GITHUB);
    big.key = crate::SecretKey::from_bytes(vec![7u8; 2000]);
    big.params = OtpParams::totp(Algorithm::Sha1, 6, 30).unwrap();
    let err = v.add(&big, id(3), 0).unwrap_err();
    assert!(
        matches!(err, VaultError::Store(StoreError::TooLarge { .. })),
        "{err:?}"
    );
    assert!(v.accounts().unwrap().is_empty());
}

#[test]
fn profile_names() {
    assert!(ProfileName::new("front-desk_2").is_ok());
    assert!(ProfileName::new("").is_err());
    assert!(ProfileName::new("../etc").is_err());
    assert!(ProfileName::new(&"x".repeat(33)).is_err());
    assert_eq!(
        ProfileName::new("desk").unwrap().keychain_service(),
        "tessera/desk"
    );
}

// ----- app lock -----

/// A vault over shared stores: a second call simulates another process.
fn reopen<'a>(
    store: &'a MemoryStore,
    index: &'a MemoryIndexStore,
) -> Vault<&'a MemoryStore, &'a MemoryIndexStore> {
    Vault::open(store, index, &ProfileName::default_profile(), entropy())
}

const KEY_B32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const KEY_HEX: &str = "3132333435363738393031323334353637383930";

fn assert_sealed(store: &MemoryStore) {
    for payload in store.raw_payloads() {
        assert!(
            !payload.contains(KEY_B32) && !payload.to_lowercase().contains(KEY_HEX),
            "{payload}"
        );
        assert!(!payload.contains("12345678901234567890"));
        assert!(payload.contains("sealed"), "{payload}");
    }
}

fn three_accounts(v: &Vault<&MemoryStore, &MemoryIndexStore>) {
    v.add(&account(GITHUB), id(1), 0).unwrap();
    v.add(&account(BANK), id(2), 0).unwrap();
    v.add(
        &account("otpauth://totp/Clinic:desk?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
        id(3),
        0,
    )
    .unwrap();
}

fn all_codes_right(v: &Vault<&MemoryStore, &MemoryIndexStore>) {
    assert_eq!(v.code(&id(1), 59).unwrap().code, "94287082");
    assert_eq!(v.code(&id(3), 59).unwrap().code, "287082");
    v.reveal(&id(2)).unwrap();
}

#[test]
fn pin_seals_every_item_and_locks() {
    let (store, index) = (MemoryStore::new(), MemoryIndexStore::new());
    let v = reopen(&store, &index);
    three_accounts(&v);
    v.set_pin("246824", KdfParams::MIN, false).unwrap();
    assert_sealed(&store);
    all_codes_right(&v);
    v.forget_keys();
    assert_eq!(v.code(&id(1), 59).unwrap_err(), VaultError::Locked);
    assert_eq!(
        v.add(&account(GITHUB), id(9), 0).unwrap_err(),
        VaultError::Locked
    );

    let other = reopen(&store, &index);
    assert!(other.pin_state(0).unwrap().pin_set);
    assert!(!other.pin_state(0).unwrap().unlocked);
    assert!(matches!(
        other.unlock("135713", 100),
        Err(VaultError::WrongPin { failures: 1, .. })
    ));
    other.unlock("246824", 100).unwrap();
    all_codes_right(&other);
    assert_eq!(other.pin_state(100).unwrap().failures, 0);
    // Added while unlocked: sealed too.
    other.add(&account(GITHUB), id(4), 0).unwrap();
    assert_sealed(&store);
    assert!(!String::from_utf8(index.raw()).unwrap().contains(KEY_B32));
}

#[test]
fn change_and_remove_pin() {
    let (store, index) = (MemoryStore::new(), MemoryIndexStore::new());
    let v = reopen(&store, &index);
    three_accounts(&v);
    v.set_pin("111111", KdfParams::MIN, false).unwrap();
    let before = store.raw_payloads();
    v.change_pin("111111", "222222", KdfParams::MIN, 0).unwrap();
    assert_ne!(
        store.raw_payloads(),
        before,
        "items re-sealed under a new key"
    );
    assert_sealed(&store);
    let fresh = reopen(&store, &index);
    assert!(matches!(
        fresh.unlock("111111", 0),
        Err(VaultError::WrongPin { .. })
    ));
    fresh.unlock("222222", 0).unwrap();
    all_codes_right(&fresh);
    assert_eq!(index.load().unwrap().pin.unwrap().slots.len(), 1);

    assert!(matches!(
        fresh.remove_pin("111111", 0),
        Err(VaultError::WrongPin { .. })
    ));
    fresh.remove_pin("222222", 0).unwrap();
    assert!(store.raw_payloads().iter().all(|p| p.contains(KEY_B32)));
    let plain = reopen(&store, &index);
    assert!(!plain.pin_state(0).unwrap().pin_set);
    all_codes_right(&plain);
    assert_eq!(plain.unlock("222222", 0).unwrap_err(), VaultError::NoPin);
}

#[test]
fn new_pins_are_checked() {
    let v = vault();
    assert_eq!(
        v.set_pin("123", KdfParams::MIN, false).unwrap_err(),
        VaultError::Pin(PinError::TooShort)
    );
    v.set_pin("123412", KdfParams::MIN, false).unwrap();
    assert_eq!(
        v.set_pin("567856", KdfParams::MIN, false).unwrap_err(),
        VaultError::PinAlreadySet
    );
}

#[test]
fn shared_desk_pin_cannot_be_removed() {
    let v = vault();
    v.set_pin("123412", KdfParams::MIN, true).unwrap();
    assert_eq!(
        v.remove_pin("123412", 0).unwrap_err(),
        VaultError::PinRequired
    );
    assert!(v.pin_state(0).unwrap().shared_desk);
}

#[test]
fn lockout_escalates_persists_and_ignores_clock_rollback() {
    let (store, index) = (MemoryStore::new(), MemoryIndexStore::new());
    let v = reopen(&store, &index);
    v.set_pin("246824", KdfParams::MIN, false).unwrap();
    for i in 1..=4 {
        assert_eq!(
            v.unlock("000000", 10_000).unwrap_err(),
            VaultError::WrongPin {
                failures: i,
                lockout_seconds: 0
            }
        );
    }
    assert_eq!(
        v.unlock("000000", 10_000).unwrap_err(),
        VaultError::WrongPin {
            failures: 5,
            lockout_seconds: 60
        }
    );
    // Even the right PIN is refused during the lockout, in another process too.
    let other = reopen(&store, &index);
    assert_eq!(
        other.unlock("246824", 10_010).unwrap_err(),
        VaultError::LockedOut(50)
    );
    // Setting the clock back an hour does not shorten it.
    assert_eq!(
        other.unlock("246824", 10_010 - 3600).unwrap_err(),
        VaultError::LockedOut(50)
    );
    assert_eq!(other.pin_state(6_430).unwrap().lockout_seconds, 50);
    // Putting the clock right credits only real time.
    assert_eq!(
        other.unlock("246824", 10_030).unwrap_err(),
        VaultError::LockedOut(30)
    );
    // After it expires, the right PIN works and clears the count.
    other.unlock("246824", 10_060).unwrap();
    assert_eq!(other.pin_state(2000).unwrap().failures, 0);
    assert_eq!(
        VaultError::LockedOut(300).to_string(),
        "too many wrong PINs: try again in 5 minutes"
    );
}

/// Runs `op` with the keychain failing at its n-th call, for every n until it
/// succeeds; after each failure a fresh "process" must open every account
/// with one of `pins` (or without a PIN when `pins` is empty).
fn crash_at_every_step(
    setup: impl Fn(&Vault<&MemoryStore, &MemoryIndexStore>),
    op: impl Fn(&Vault<&MemoryStore, &MemoryIndexStore>) -> Result<(), VaultError>,
    pins: &[&str],
    no_pin_ok: bool,
) -> usize {
    for n in 0.. {
        let (store, index) = (MemoryStore::new(), MemoryIndexStore::new());
        let v = reopen(&store, &index);
        setup(&v);
        store.fail_at_call(
            n,
            StoreError::Unavailable {
                detail: "crash".into(),
            },
        );
        let done = op(&v).is_ok();
        store.clear_failures();
        drop(v);
        // A new process after the "crash": some PIN, or none, must open everything.
        let after = reopen(&store, &index);
        let opened = if after.pin_state(0).unwrap().pin_set {
            pins.iter().any(|pin| after.unlock(pin, 0).is_ok())
        } else {
            no_pin_ok
        };
        assert!(opened, "after a crash at call {n}, no PIN opens the vault");
        all_codes_right(&after);
        assert!(after.reconcile().unwrap().is_clean(), "crash at call {n}");
        assert_eq!(
            after.pin_state(0).unwrap().pending,
            None,
            "unlock finished the job (call {n})"
        );
        if done {
            return n;
        }
    }
    unreachable!()
}

#[test]
fn set_pin_survives_a_crash_at_every_step() {
    let steps = crash_at_every_step(
        three_accounts,
        |v| v.set_pin("111111", KdfParams::MIN, false),
        &["111111"],
        true,
    );
    assert!(steps >= 6, "only {steps} keychain calls were interrupted");
}

#[test]
fn change_pin_survives_a_crash_at_every_step() {
    let steps = crash_at_every_step(
        |v| {
            three_accounts(v);
            v.set_pin("111111", KdfParams::MIN, false).unwrap();
        },
        |v| v.change_pin("111111", "222222", KdfParams::MIN, 0),
        &["111111", "222222"],
        false,
    );
    assert!(steps >= 6, "only {steps} keychain calls were interrupted");
}

#[test]
fn remove_pin_survives_a_crash_at_every_step() {
    let steps = crash_at_every_step(
        |v| {
            three_accounts(v);
            v.set_pin("111111", KdfParams::MIN, false).unwrap();
        },
        |v| v.remove_pin("111111", 0),
        &["111111"],
        true,
    );
    assert!(steps >= 6, "only {steps} keychain calls were interrupted");
}

// ----- interrupted adds and removes -----

/// Leaves the index as a process killed mid-operation would.
fn interrupted(
    v: &Vault<&MemoryStore, &MemoryIndexStore>,
    index: &MemoryIndexStore,
    n: u8,
    state: RecordState,
) {
    index
        .update(|i| {
            let mut r = i.get(&id(n)).cloned().unwrap_or_else(|| {
                AccountRecord::new(id(n), &format!("I{n}"), "", OtpParams::default_totp(), 0)
            });
            r.state = state;
            i.accounts.retain(|a| a.id != id(n));
            i.accounts.push(r);
            Ok::<_, VaultError>(())
        })
        .unwrap();
    let _ = v;
}

#[test]
fn recover_settles_interrupted_operations() {
    let (store, index) = (MemoryStore::new(), MemoryIndexStore::new());
    let v = reopen(&store, &index);
    // Killed after the intent, before the keychain write: rolled back.
    interrupted(&v, &index, 1, RecordState::Adding);
    // Killed after the keychain write, before the commit: completed.
    store
        .put(
            v.namespace(),
            id(2).as_str(),
            &Payload::new(crate::SecretKey::from_bytes(vec![1; 20]))
                .encode(id(2).as_str())
                .unwrap(),
        )
        .unwrap();
    interrupted(&v, &index, 2, RecordState::Adding);
    // Killed during a remove, item still there: finished.
    v.add(&account(GITHUB), id(3), 0).unwrap();
    interrupted(&v, &index, 3, RecordState::Removing);
    // Being added/removed accounts are invisible until settled.
    assert!(v.accounts().unwrap().is_empty());

    assert_eq!(v.recover().unwrap(), 3);
    let ids: Vec<AccountId> = v.accounts().unwrap().into_iter().map(|a| a.id).collect();
    assert_eq!(ids, vec![id(2)]);
    assert_eq!(
        store.list(v.namespace()).unwrap(),
        Some(vec![id(2).to_string()])
    );
    assert!(v.reconcile().unwrap().is_clean());
    assert_eq!(v.recover().unwrap(), 0);
}

#[test]
fn add_and_remove_survive_a_failure_at_every_step() {
    for n in 0..4 {
        let (store, index) = (MemoryStore::new(), MemoryIndexStore::new());
        let v = reopen(&store, &index);
        v.add(&account(BANK), id(9), 0).unwrap();
        store.fail_at_call(
            n,
            StoreError::Unavailable {
                detail: "crash".into(),
            },
        );
        let added = v.add(&account(GITHUB), id(1), 0).is_ok();
        store.clear_failures();
        store.fail_at_call(
            n,
            StoreError::Unavailable {
                detail: "crash".into(),
            },
        );
        let removed = v.remove(&id(9)).is_ok();
        store.clear_failures();
        let report = reopen(&store, &index).reconcile().unwrap();
        assert!(report.is_clean(), "step {n}: {report:?}");
        let ids: Vec<AccountId> = v.accounts().unwrap().into_iter().map(|a| a.id).collect();
        assert_eq!(ids.contains(&id(1)), added, "step {n}");
        assert_eq!(ids.contains(&id(9)), !removed, "step {n}");
    }
}

// ----- backup codes -----

fn codes(text: &str) -> Vec<crate::BackupCode> {
    crate::parse_backup_codes(text).unwrap()
}

#[test]
fn backup_codes_are_stored_in_the_keychain_and_marked_in_the_index() {
    let (store, index) = (MemoryStore::new(), MemoryIndexStore::new());
    let v = reopen(&store, &index);
    v.add(&account(GITHUB), id(1), 0).unwrap();
    let s = v
        .set_backup_codes(
            &id(1),
            &codes("a1b2c-3d4e5\nf6a7b-8c9d0\n11111-22222\n"),
            false,
        )
        .unwrap();
    assert_eq!((s.total, s.remaining), (3, 3));
    assert!(
        !String::from_utf8(index.raw()).unwrap().contains("A1B2C"),
        "codes never in the index"
    );
    let s = v.use_backup_code(&id(1), "a1b2c3d4e5").unwrap();
    assert_eq!((s.total, s.remaining), (3, 2));
    assert!(s.running_low());
    assert_eq!(
        v.use_backup_code(&id(1), "A1B2C-3D4E5").unwrap_err(),
        VaultError::BackupCodeAlreadyUsed
    );
    assert_eq!(
        v.use_backup_code(&id(1), "99999-99999").unwrap_err(),
        VaultError::NoSuchBackupCode
    );
    let listed = v.backup_codes(&id(1)).unwrap();
    assert_eq!(
        listed.iter().map(|e| e.used).collect::<Vec<_>>(),
        [true, false, false]
    );

    // Undo takes the mark back (twice is harmless); a code that is not there is refused.
    let s = v.unuse_backup_code(&id(1), 0).unwrap();
    assert_eq!((s.total, s.remaining), (3, 3));
    assert!(!v.backup_codes(&id(1)).unwrap()[0].used);
    assert_eq!(v.unuse_backup_code(&id(1), 0).unwrap().remaining, 3);
    assert_eq!(
        v.unuse_backup_code(&id(1), 3).unwrap_err(),
        VaultError::NoSuchBackupCode
    );
    v.use_backup_code(&id(1), "a1b2c3d4e5").unwrap();

    // Adding more keeps the marks; replacing clears them.
    let s = v
        .set_backup_codes(&id(1), &codes("33333-44444"), true)
        .unwrap();
    assert_eq!((s.total, s.remaining), (4, 3));
    assert!(v.backup_codes(&id(1)).unwrap()[0].used);
    let s = v
        .set_backup_codes(&id(1), &codes("55555-66666"), false)
        .unwrap();
    assert_eq!((s.total, s.remaining), (1, 1));
    // The key is untouched.
    assert_eq!(v.code(&id(1), 59).unwrap().code, "94287082");
}

#[test]
fn backup_codes_are_sealed_and_survive_a_pin_change() {
    let (store, index) = (MemoryStore::new(), MemoryIndexStore::new());
    let v = reopen(&store, &index);
    v.add(&account(GITHUB), id(1), 0).unwrap();
    v.set_backup_codes(&id(1), &codes("a1b2c-3d4e5\nf6a7b-8c9d0"), false)
        .unwrap();
    v.set_pin("111111", KdfParams::MIN, false).unwrap();
    assert!(store.raw_payloads().iter().all(|p| !p.contains("A1B2C")));
    v.change_pin("111111", "222222", KdfParams::MIN, 0).unwrap();
    let other = reopen(&store, &index);
    assert_eq!(other.backup_codes(&id(1)).unwrap_err(), VaultError::Locked);
    other.unlock("222222", 0).unwrap();
    assert_eq!(other.backup_codes(&id(1)).unwrap().len(), 2);
}

#[test]
fn stale_used_marks_never_attach_to_new_codes() {
    let (store, index) = (MemoryStore::new(), MemoryIndexStore::new());
    let v = reopen(&store, &index);
    v.add(&account(GITHUB), id(1), 0).unwrap();
    v.set_backup_codes(&id(1), &codes("a1b2c-3d4e5\nf6a7b-8c9d0"), false)
        .unwrap();
    v.use_backup_code(&id(1), "a1b2c-3d4e5").unwrap();
    // A crash after the keychain write of a replacement, before the index write:
    store.fail_at_call(
        2,
        StoreError::Unavailable {
            detail: "crash".into(),
        },
    );
    let _ = v.set_backup_codes(&id(1), &codes("77777-88888\n99999-00000"), false);
    store.clear_failures();
    let fresh = reopen(&store, &index).backup_codes(&id(1)).unwrap();
    assert!(
        fresh.iter().all(|e| !e.used),
        "old marks must not apply to the new codes"
    );
}

#[test]
fn after_an_interrupted_change_the_pin_used_to_unlock_is_kept() {
    for (unlock_with, other) in [("111111", "222222"), ("222222", "111111")] {
        let (store, index) = (MemoryStore::new(), MemoryIndexStore::new());
        let v = reopen(&store, &index);
        three_accounts(&v);
        v.set_pin("111111", KdfParams::MIN, false).unwrap();
        // Both PINs are in place; the crash hits the first re-seal write
        // (after reading and writing the lockout mirror, and clearing it).
        store.fail_at_call(
            4,
            StoreError::Unavailable {
                detail: "crash".into(),
            },
        );
        assert!(v.change_pin("111111", "222222", KdfParams::MIN, 0).is_err());
        store.clear_failures();
        assert_eq!(index.load().unwrap().pin.unwrap().slots.len(), 2);
        reopen(&store, &index).unlock(unlock_with, 0).unwrap();
        let later = reopen(&store, &index);
        assert!(matches!(
            later.unlock(other, 0),
            Err(VaultError::WrongPin { .. })
        ));
        later.unlock(unlock_with, 0).unwrap();
        all_codes_right(&later);
    }
}

// ----- the wrong-PIN count is mirrored in the keychain -----

#[test]
fn editing_the_index_does_not_reset_a_lockout() {
    let (store, index) = (MemoryStore::new(), MemoryIndexStore::new());
    let v = reopen(&store, &index);
    v.set_pin("246802", KdfParams::MIN, false).unwrap();
    for _ in 0..5 {
        let _ = v.unlock("000000", 10_000);
    }
    assert_eq!(v.pin_state(10_000).unwrap().lockout_seconds, 60);
    // Someone resets the counter in the index file.
    index
        .update(|i| {
            i.lockout = Lockout::default();
            Ok::<_, VaultError>(())
        })
        .unwrap();
    let other = reopen(&store, &index);
    assert_eq!(
        other.unlock("246802", 10_001).unwrap_err(),
        VaultError::LockedOut(59)
    );
    // The stricter copy was written back into the index too.
    assert_eq!(index.load().unwrap().lockout.failures, 5);
    // A correct PIN after the wait clears both copies.
    other.unlock("246802", 10_061).unwrap();
    assert_eq!(index.load().unwrap().lockout, Lockout::default());
    assert_eq!(store.get(other.namespace(), LOCKOUT_ITEM).unwrap(), None);
    // The mirror is not an account: no orphan, no broken batch read.
    other.add(&account(GITHUB), id(1), 0).unwrap();
    for _ in 0..2 {
        let _ = other.unlock("000000", 10_100);
    }
    assert!(store
        .get(other.namespace(), LOCKOUT_ITEM)
        .unwrap()
        .is_some());
    assert!(other.reconcile().unwrap().is_clean());
    other.unlock("246802", 10_100).unwrap();
    let codes = other.current_codes(59).unwrap();
    assert_eq!(codes[0].1.as_ref().unwrap().code, "94287082");
}

// ----- a second writer during a PIN change -----

/// A keychain that, on its first `put`, says so and waits for a go-ahead
/// before writing.
struct PausingStore<'a> {
    inner: &'a MemoryStore,
    reached: std::sync::atomic::AtomicBool,
    go: std::sync::atomic::AtomicBool,
    paused_once: std::sync::atomic::AtomicBool,
}

impl SecretStore for PausingStore<'_> {
    fn put(&self, namespace: &str, id: &str, payload: &str) -> Result<(), StoreError> {
        use std::sync::atomic::Ordering::SeqCst;
        if !self.paused_once.swap(true, SeqCst) {
            self.reached.store(true, SeqCst);
            while !self.go.load(SeqCst) {
                std::thread::yield_now();
            }
        }
        self.inner.put(namespace, id, payload)
    }
    fn get(&self, namespace: &str, id: &str) -> Result<Option<Zeroizing<String>>, StoreError> {
        self.inner.get(namespace, id)
    }
    fn delete(&self, namespace: &str, id: &str) -> Result<(), StoreError> {
        self.inner.delete(namespace, id)
    }
    fn list(&self, namespace: &str) -> Result<Option<Vec<String>>, StoreError> {
        self.inner.list(namespace)
    }
    fn backend_name(&self) -> String {
        "pausing".into()
    }
}

/// Process B (unlocked with the old PIN) starts `second` and is held at its
/// keychain write; process A then changes the PIN, and B is let go once A
/// has finished or is waiting for the index's writer lock. However the two
/// interleave, the new PIN must open every item afterwards.
fn interleave_with_pin_change(
    second: impl FnOnce(&Vault<&PausingStore<'_>, &MemoryIndexStore>) -> Result<(), VaultError> + Send,
) {
    use std::sync::atomic::Ordering::SeqCst;
    let (store, index) = (MemoryStore::new(), MemoryIndexStore::new());
    let setup = reopen(&store, &index);
    three_accounts(&setup);
    setup.set_pin("111111", KdfParams::MIN, false).unwrap();
    let pausing = PausingStore {
        inner: &store,
        reached: Default::default(),
        go: Default::default(),
        // Not while B unlocks (that writes the lockout mirror).
        paused_once: std::sync::atomic::AtomicBool::new(true),
    };
    let b = Vault::open(&pausing, &index, &ProfileName::default_profile(), entropy());
    b.unlock("111111", 0).unwrap();
    pausing.paused_once.store(false, SeqCst);
    let a_done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        let second_thread = scope.spawn(|| second(&b));
        while !pausing.reached.load(SeqCst) && !second_thread.is_finished() {
            std::thread::yield_now();
        }
        let first = scope.spawn(|| {
            let a = reopen(&store, &index);
            let result = a.change_pin("111111", "222222", KdfParams::MIN, 0);
            a_done.store(true, SeqCst);
            result
        });
        while !a_done.load(SeqCst) && index.writers_waiting() == 0 {
            std::thread::yield_now();
        }
        pausing.go.store(true, SeqCst);
        first.join().unwrap().unwrap();
        match second_thread.join().unwrap() {
            // Done before the change, or refused because the PIN changed under it.
            Ok(()) | Err(VaultError::KeysOutdated) => {}
            Err(other) => panic!("unexpected: {other}"),
        }
    });
    let after = reopen(&store, &index);
    after.unlock("222222", 0).unwrap();
    for record in after.accounts().unwrap() {
        after
            .reveal(&record.id)
            .unwrap_or_else(|e| panic!("{} is unreadable: {e}", record.display_name()));
    }
    assert!(after.reconcile().unwrap().is_clean());
}

#[test]
fn an_add_during_a_pin_change_is_never_stranded() {
    interleave_with_pin_change(|b| b.add(&account(BANK), id(9), 0).map(|_| ()));
}

#[test]
fn backup_codes_set_during_a_pin_change_are_never_stranded() {
    interleave_with_pin_change(|b| {
        let first = b.accounts().unwrap()[0].id.clone();
        b.set_backup_codes(&first, &codes("1111-2222\n3333-4444"), false)
            .map(|_| ())
    });
}

// ----- named records beside the accounts -----

#[test]
fn records_are_sealed_and_survive_pin_changes() {
    let (store, index) = (MemoryStore::new(), MemoryIndexStore::new());
    let v = reopen(&store, &index);
    three_accounts(&v);
    v.put_record(BACKUP_KEY_RECORD, "backup key text").unwrap();
    assert_eq!(
        v.get_record(BACKUP_KEY_RECORD)
            .unwrap()
            .as_deref()
            .map(String::as_str),
        Some("backup key text")
    );
    v.set_pin("111111", KdfParams::MIN, false).unwrap();
    let raw = store
        .get(v.namespace(), BACKUP_KEY_RECORD)
        .unwrap()
        .unwrap();
    assert!(
        !raw.contains("backup key text"),
        "not sealed: {}",
        raw.as_str()
    );
    v.change_pin("111111", "222222", KdfParams::MIN, 0).unwrap();
    let fresh = reopen(&store, &index);
    assert_eq!(
        fresh.get_record(BACKUP_KEY_RECORD).unwrap_err(),
        VaultError::Locked
    );
    fresh.unlock("222222", 0).unwrap();
    assert_eq!(
        fresh
            .get_record(BACKUP_KEY_RECORD)
            .unwrap()
            .as_deref()
            .map(String::as_str),
        Some("backup key text")
    );
    // Not an orphan, and the batch read of codes still works.
    assert!(fresh.reconcile().unwrap().is_clean());
    assert!(fresh
        .current_codes(59)
        .unwrap()
        .iter()
        .all(|(_, c)| c.is_ok()));
    fresh.remove_pin("222222", 0).unwrap();
    let plain = reopen(&store, &index);
    assert_eq!(
        plain
            .get_record(BACKUP_KEY_RECORD)
            .unwrap()
            .as_deref()
            .map(String::as_str),
        Some("backup key text")
    );
    plain.delete_record(BACKUP_KEY_RECORD).unwrap();
    assert_eq!(plain.get_record(BACKUP_KEY_RECORD).unwrap(), None);
}

#[test]
fn backup_entries_come_back_whole() {
    let v = vault();
    v.add(&account(GITHUB), id(1), 100).unwrap();
    v.add(&account(BANK), id(2), 200).unwrap();
    set_tags(v.index_store(), &id(1), &["work".into()]).unwrap();
    set_favourite(v.index_store(), &id(2), true).unwrap();
    v.set_backup_codes(&id(1), &codes("1111-2222\n3333-4444"), false)
        .unwrap();
    v.use_backup_code(&id(1), "3333-4444").unwrap();
    let entries = v.backup_entries().unwrap();
    let other = vault();
    for (n, entry) in entries.iter().enumerate() {
        other.add_entry(entry, id(10 + n as u8), 0).unwrap();
    }
    let again = other.backup_entries().unwrap();
    assert_eq!(again.len(), 2);
    for (a, b) in entries.iter().zip(&again) {
        assert_eq!(a.account, b.account);
        assert_eq!(a.tags, b.tags);
        assert_eq!(a.favourite, b.favourite);
        assert_eq!(a.backup_codes, b.backup_codes);
        assert_eq!(a.used_codes, b.used_codes);
    }
    assert_eq!(again[1].used_codes, vec![1]);
}
