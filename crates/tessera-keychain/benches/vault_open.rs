//! Benchmark (prints a table; run by `bench/vault.sh` against a real
//! gnome-keyring): a profile with N accounts and a PIN set is opened in a
//! fresh `Vault`, unlocked, and all current codes are produced. Also the time
//! of one add. Target: under 300 ms for 500 accounts.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

use std::sync::Arc;
use std::time::{Duration, Instant};
use tessera_core::vault::{AccountId, KdfParams, ProfileName, Vault};
use tessera_core::Account;
use tessera_fs::{FileIndexStore, OsEntropy};
use tessera_keychain::KeychainStore;

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let n: usize = std::env::var("TESSERA_BENCH_ACCOUNTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(500);
    let dir = tempfile::tempdir().unwrap();
    let profile = ProfileName::new(&format!("bench-{}", std::process::id())).unwrap();
    let open = || {
        Vault::open(
            KeychainStore::open().expect("keychain"),
            FileIndexStore::open(dir.path().to_path_buf()).unwrap(),
            &profile,
            Arc::new(OsEntropy),
        )
    };
    let vault = open();
    vault
        .set_pin("bench-pin", KdfParams::DEFAULT, false)
        .unwrap();
    let mut adds = Vec::with_capacity(n);
    for i in 0..n {
        let account: Account =
            format!("otpauth://totp/Issuer{i}:user{i}?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
                .parse()
                .unwrap();
        let mut id = [0u8; 16];
        id[..8].copy_from_slice(&(i as u64).to_le_bytes());
        id[8..].copy_from_slice(&(std::process::id() as u64).to_le_bytes());
        let t = Instant::now();
        vault
            .add(&account, AccountId::from_random_bytes(id), 0)
            .unwrap();
        adds.push(t.elapsed());
    }
    drop(vault);

    let (mut connect, mut unlock, mut codes, mut total) = (vec![], vec![], vec![], vec![]);
    for _ in 0..5 {
        let t0 = Instant::now();
        let v = open();
        let t1 = Instant::now();
        v.unlock("bench-pin", 1_700_000_000).unwrap();
        let t2 = Instant::now();
        let all = v.current_codes(1_700_000_000).unwrap();
        let t3 = Instant::now();
        assert_eq!(all.len(), n);
        assert!(all.iter().all(|(_, c)| c.is_ok()));
        connect.push(t1 - t0);
        unlock.push(t2 - t1);
        codes.push(t3 - t2);
        total.push(t3 - t0);
    }

    let kdf = KdfParams::DEFAULT;
    println!("| measure ({n} accounts, PIN set, gnome-keyring) | median of 5 |");
    println!("|---|---|");
    println!(
        "| connect to the keychain, open the index | {} |",
        ms(median(connect))
    );
    println!(
        "| unlock: Argon2id {} MiB × {} + lockout bookkeeping (2 durable index writes) | {} |",
        kdf.m_kib / 1024,
        kdf.t,
        ms(median(unlock))
    );
    println!(
        "| read + unseal all keys, all current codes | {} |",
        ms(median(codes))
    );
    println!(
        "| **total: open profile to all codes** | **{}** |",
        ms(median(total))
    );
    println!("| one add (median of {n}) | {} |", ms(median(adds)));

    // Clean up the keychain.
    let v = open();
    v.unlock("bench-pin", 1_700_000_000).unwrap();
    for a in v.accounts().unwrap() {
        v.remove(&a.id).unwrap();
    }
}
