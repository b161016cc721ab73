//! The shared practice vault at practice size (criterion): 200 accounts and
//! 4 desks on one folder. Prints first, from plain timing loops:
//!
//! - join from a snapshot: a new desk asks to join, an admin approves it
//!   (not timed; that writes the snapshot), then the new desk's `share join`
//!   and first pass, after which it holds all 200 accounts (target < 2 s);
//! - one merge pass taking in 50 new records written by another desk
//!   (target < 200 ms);
//! - the folder's size (target < 2 MB);
//!
//! then criterion's own estimates of the same two operations.
//! Run: bench/share.sh

#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tessera_core::vault::{KdfParams, MemoryStore, ProfileName};
use tessera_service::backend::DynStore;
use tessera_service::views::AccountForm;
use tessera_service::{Backend, DeskRole, Service, SystemClock};

const ACCOUNTS: usize = 200;
const NEW_RECORDS: usize = 50;

struct Desk {
    service: Service,
    _data: tempfile::TempDir,
}

fn desk() -> Desk {
    let data = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryStore::new());
    let backend = Backend {
        data_dir: data.path().to_path_buf(),
        open_keychain: Box::new(move || Ok(Box::new(Arc::clone(&store)) as DynStore)),
        open_clipboard: None,
        entropy: Arc::new(tessera_fs::OsEntropy),
        kdf: KdfParams::MIN,
        clock: Arc::new(SystemClock::new()),
        user: "bench".into(),
    };
    Desk {
        service: Service::new(backend, ProfileName::default_profile(), true),
        _data: data,
    }
}

fn form(n: usize, tag: &str) -> AccountForm {
    // A distinct valid base32 key per account.
    const B32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut x = (n as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let key: String = (0..32)
        .map(|_| {
            x ^= x >> 13;
            x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
            B32[(x % 32) as usize] as char
        })
        .collect();
    AccountForm {
        issuer: format!("Supplier {tag}{n}"),
        name: format!("frontdesk{n}@clinic.example"),
        key,
        kind: None,
        algorithm: None,
        digits: None,
        period: None,
        counter: None,
    }
}

fn size(dir: &Path) -> u64 {
    let mut total = 0;
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        total += if p.is_dir() {
            size(&p)
        } else {
            e.metadata().map(|m| m.len()).unwrap_or(0)
        };
    }
    total
}

/// A practice of 4 desks on one folder; the founder added 200 accounts one
/// by one (200 records) and every desk has synced.
struct Practice {
    _root: tempfile::TempDir,
    folder: PathBuf,
    desks: Vec<Desk>,
    added: usize,
}

impl Practice {
    fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        let folder = root.path().join("practice");
        std::fs::create_dir_all(&folder).unwrap();
        let desks: Vec<Desk> = (0..3).map(|_| desk()).collect();
        desks[0]
            .service
            .share_init(&folder, "Riverside Clinic", None)
            .unwrap();
        for d in &desks[1..] {
            let join = d.service.share_join(&folder).unwrap();
            desks[0]
                .service
                .share_approve(&join.code, DeskRole::Staff, None)
                .unwrap();
        }
        for n in 0..ACCOUNTS {
            desks[0].service.add_account(&form(n, "")).unwrap();
        }
        for d in &desks {
            d.service.share_sync().unwrap();
        }
        let mut p = Practice {
            _root: root,
            folder,
            desks,
            added: 0,
        };
        // The fourth desk joins (and is kept).
        let (fourth, _) = p.join();
        p.desks.push(fourth);
        for d in &p.desks {
            d.service.share_sync().unwrap();
        }
        p
    }

    /// A new desk joins from the snapshot; returns it and the time its
    /// join and first pass took.
    fn join(&self) -> (Desk, Duration) {
        let new = desk();
        let t = Instant::now();
        let join = new.service.share_join(&self.folder).unwrap();
        let asked = t.elapsed();
        self.desks[0]
            .service
            .share_approve(&join.code, DeskRole::Staff, None)
            .unwrap();
        let t = Instant::now();
        let report = new.service.share_sync().unwrap();
        let took = asked + t.elapsed();
        assert_eq!(report.state, "active");
        assert!(new.service.list_accounts().unwrap().len() >= ACCOUNTS);
        (new, took)
    }

    /// A timed join whose desk is revoked afterwards (4 active desks stay).
    fn join_and_leave(&self) -> Duration {
        let (new, took) = self.join();
        let id = new.service.share_status().unwrap().this_desk.id;
        self.desks[0].service.share_revoke(&id, None).unwrap();
        took
    }

    /// Desk 1 writes 50 records; desk 2's pass that merges them is timed.
    fn merge_50(&mut self) -> Duration {
        for _ in 0..NEW_RECORDS {
            self.desks[1]
                .service
                .add_account(&form(ACCOUNTS + self.added, "new "))
                .unwrap();
            self.added += 1;
        }
        let t = Instant::now();
        let report = self.desks[2].service.share_sync().unwrap();
        let took = t.elapsed();
        assert_eq!(report.added as usize, NEW_RECORDS);
        took
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn report() {
    let t = Instant::now();
    let mut p = Practice::new();
    let setup = t.elapsed();
    let bytes = size(&p.folder);
    let joins: Vec<Duration> = (0..3).map(|_| p.join_and_leave()).collect();
    let merges: Vec<Duration> = (0..3).map(|_| p.merge_50()).collect();
    println!("shared practice vault: {ACCOUNTS} accounts, 4 desks (set-up {setup:.1?})");
    println!(
        "  join from a snapshot (join + first pass), median of 3: {:>8.1?}   target < 2 s",
        median(joins)
    );
    println!(
        "  merge pass with {NEW_RECORDS} new records, median of 3:     {:>8.1?}   target < 200 ms",
        median(merges)
    );
    println!(
        "  folder size:                                      {:>8.2} MB   target < 2 MB ({bytes} bytes)",
        bytes as f64 / 1_000_000.0
    );
}

fn bench(c: &mut Criterion) {
    report();
    let mut p = Practice::new();
    let mut group = c.benchmark_group("share");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(1));
    group.bench_function("join_from_snapshot_200_accounts", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| p.join_and_leave()).sum())
    });
    group.bench_function("merge_pass_50_records", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| p.merge_50()).sum())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
