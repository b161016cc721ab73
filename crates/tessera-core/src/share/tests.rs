//! Unit tests of the shared practice vault's format and rules: what readers
//! ignore, membership and epochs (a revoked desk cannot open later records),
//! forged records, and merges that do not depend on the order records
//! arrive in (a delete beats a concurrent edit).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use crate::otp::{Algorithm, OtpParams};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use zeroize::Zeroizing;

const ACC1: &str = "11111111-1111-4111-8111-111111111111";
const ACC2: &str = "22222222-2222-4222-8222-222222222222";

/// SplitMix64 bytes: deterministic, for tests only.
#[derive(Debug, Default)]
struct TestEntropy(AtomicU64);

impl crate::vault::Entropy for TestEntropy {
    fn fill(&self, buf: &mut [u8]) -> std::result::Result<(), crate::vault::SealError> {
        for chunk in buf.chunks_mut(8) {
            let mut z = self
                .0
                .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
                .wrapping_add(0x9E37_79B9_7F4A_7C15);
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
        }
        Ok(())
    }
}

fn add(account: &str, issuer: &str, key: &str) -> Change {
    Change::Add {
        account: account.into(),
        issuer: issuer.into(),
        name: "front@clinic.example".into(),
        params: OtpParams::Totp {
            algorithm: Algorithm::Sha1,
            digits: 6,
            period: 30,
        },
        key: Zeroizing::new(key.into()),
        tags: Vec::new(),
        favourite: false,
        image: None,
        created: 1,
    }
}

fn body(ms: u64, seen: &[(&DeskId, u64)], changes: Vec<Change>) -> RecordBody {
    RecordBody {
        hlc: Stamp { ms, n: 0 },
        seen: seen.iter().map(|(d, s)| ((*d).clone(), *s)).collect(),
        changes,
    }
}

/// A practice: founder (admin) and one more desk, approved.
fn practice(e: &TestEntropy) -> (MemoryFolder, DeskIdentity, DeskIdentity, Trust) {
    let folder = MemoryFolder::new();
    let a = DeskIdentity::generate(e).unwrap();
    let b = DeskIdentity::generate(e).unwrap();
    let (trust, _) = ops::init(&folder, &a, "Clinic", "Desk A", 10, e).unwrap();
    let (practice, pinned, code, _) = ops::join(&folder, &b, "Desk B", 11).unwrap();
    assert_eq!(practice.practice, "Clinic");
    assert_eq!(pinned, trust);
    let view = FolderView::read(&folder, &trust, &a).unwrap();
    ops::approve(&folder, &view, &a, &code, Role::Staff, 12).unwrap();
    (folder, a, b, trust)
}

#[test]
fn readers_ignore_conflict_copies_temporary_and_unknown_files() {
    let d = "0123456789abcdef";
    assert!(matches!(
        classify(&format!("desks/{d}/rec-0000000001.json")),
        Some(FileKind::Record(_, 1))
    ));
    for ignored in [
        format!("desks/{d}/rec-0000000001.sync-conflict-20261202-010203-ABCDEFG.json"),
        format!("desks/{d}/.syncthing.rec-0000000001.json.tmp"),
        format!("desks/{d}/~rec-0000000001.json"),
        format!("desks/{d}/rec-1.json"),
        format!("desks/{d}/notes.txt"),
        "practice (conflicted copy).json".to_owned(),
        ".stfolder".to_owned(),
    ] {
        assert_eq!(classify(&ignored), None, "{ignored}");
    }
}

#[test]
fn records_round_trip_and_forgeries_are_dropped() {
    let e = TestEntropy::default();
    let (folder, a, b, trust) = practice(&e);
    let view = FolderView::read(&folder, &trust, &b).unwrap();
    let (epoch, key) = view.current_key().map(|(n, k)| (n, k.clone())).unwrap();
    let key_b32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    ops::write_record(
        &folder,
        &b,
        1,
        epoch,
        &key,
        &body(100, &[], vec![add(ACC1, "Booking", key_b32)]),
        &e,
    )
    .unwrap();
    // A record "by A" signed by B: dropped as unreadable.
    let forged = record::SealedRecord::seal(
        &b,
        1,
        epoch,
        &key,
        &body(
            101,
            &[],
            vec![Change::Delete {
                account: ACC1.into(),
            }],
        ),
        &e,
    )
    .unwrap();
    let forged = String::from_utf8(forged)
        .unwrap()
        .replace(b.id().as_str(), a.id().as_str());
    folder.put_raw(
        &format!("desks/{}/rec-0000000001.json", a.id()),
        forged.as_bytes(),
    );
    let view = FolderView::read(&folder, &trust, &a).unwrap();
    assert!(view.unreadable >= 1);
    assert!(!view.records.contains_key(a.id()));
    let state = view.state(&folder).unwrap();
    let (accounts, _) = state.accounts(&|d| d.to_string());
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].account.issuer, "Booking");
    // No key in plaintext anywhere in the folder.
    for (path, bytes) in folder.snapshot() {
        assert!(!String::from_utf8_lossy(&bytes).contains(key_b32), "{path}");
    }
}

#[test]
fn a_revoked_desk_cannot_open_records_of_the_next_epoch() {
    let e = TestEntropy::default();
    let (folder, a, b, trust) = practice(&e);
    let view = FolderView::read(&folder, &trust, &a).unwrap();
    let state = view.state(&folder).unwrap();
    let (roster, _) = ops::revoke(&folder, &view, &state, &a, b.id(), 20, &e).unwrap();
    assert_eq!(roster.epoch, 2);
    let view_a = FolderView::read(&folder, &trust, &a).unwrap();
    let (epoch, key) = view_a.current_key().map(|(n, k)| (n, k.clone())).unwrap();
    assert_eq!(epoch, 2);
    ops::write_record(
        &folder,
        &a,
        1,
        epoch,
        &key,
        &body(
            200,
            &[],
            vec![add(ACC2, "Insurer", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")],
        ),
        &e,
    )
    .unwrap();
    let view_b = FolderView::read(&folder, &trust, &b).unwrap();
    assert!(view_b.keys.contains_key(&1));
    assert!(
        !view_b.keys.contains_key(&2),
        "the revoked desk got the new epoch key"
    );
    assert!(view_b.current_key().is_none());
    let (accounts, _) = view_b.state(&folder).unwrap().accounts(&|d| d.to_string());
    assert!(accounts.is_empty(), "the revoked desk read a later record");
    // A still reads it.
    let (accounts, _) = FolderView::read(&folder, &trust, &a)
        .unwrap()
        .state(&folder)
        .unwrap()
        .accounts(&|d| d.to_string());
    assert_eq!(accounts.len(), 1);
}

#[test]
fn merge_does_not_depend_on_arrival_order_and_deletes_win() {
    let e = TestEntropy::default();
    let a = DeskIdentity::generate(&e).unwrap().id().clone();
    let b = DeskIdentity::generate(&e).unwrap().id().clone();
    let key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    let a1 = body(
        100,
        &[],
        vec![add(ACC1, "Booking", key), add(ACC2, "Supplier", key)],
    );
    // B saw a1, then renamed acc1 and acc2; A, concurrently, deleted acc1
    // and renamed acc2 later.
    let b1 = body(
        150,
        &[(&a, 1)],
        vec![
            Change::Edit {
                account: ACC1.into(),
                issuer: Some("Booking (B)".into()),
                name: None,
                tags: None,
                favourite: None,
            },
            Change::Edit {
                account: ACC2.into(),
                issuer: Some("Supplier (B)".into()),
                name: None,
                tags: None,
                favourite: Some(true),
            },
        ],
    );
    let a2 = body(
        160,
        &[(&a, 1)],
        vec![
            Change::Delete {
                account: ACC1.into(),
            },
            Change::Edit {
                account: ACC2.into(),
                issuer: Some("Supplier (A)".into()),
                name: None,
                tags: None,
                favourite: None,
            },
        ],
    );
    let mut one = State::default();
    one.apply(&a, 1, &a1);
    one.apply(&a, 2, &a2);
    one.apply(&b, 1, &b1);
    let mut two = State::default();
    two.apply(&a, 1, &a1);
    two.apply(&b, 1, &b1);
    two.apply(&a, 2, &a2);
    let names = |d: &DeskId| d.to_string();
    let view = |s: &State| {
        s.accounts(&names)
            .0
            .into_iter()
            .map(|x| (x.id.to_string(), (x.account.issuer, x.favourite)))
            .collect::<BTreeMap<_, _>>()
    };
    assert_eq!(view(&one), view(&two));
    assert!(one.is_deleted(ACC1));
    let acc2 = view(&one).remove(ACC2).unwrap();
    // The newest issuer (A's, at 160) wins; B's favourite stands.
    assert_eq!(acc2, ("Supplier (A)".to_owned(), true));
}
