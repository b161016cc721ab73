//! Benchmark (prints a table; run by `bench/transfer.sh` against a real,
//! throwaway gnome-keyring): with N accounts (default 500),
//! - an encrypted Aegis vault is read: decrypted, parsed and previewed with
//!   every code (target under 1 s);
//! - a Tessera backup is restored into the real keychain (target under 2 s);
//! - a backup is written and verified (target under 500 ms).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

use std::time::{Duration, Instant};
use tessera_core::envelope::{self, BackupContent, BackupEntry, BACKUP_KDF};
use tessera_core::export::{aegis_encrypted, ExportAccount};
use tessera_core::vault::Entropy;
use tessera_core::Account;
use tessera_service::{Backend, BackupCredential, ProfileName, Service};

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn accounts(n: usize) -> Vec<Account> {
    let entropy = tessera_fs::OsEntropy;
    (0..n)
        .map(|i| {
            let mut key = [0u8; 20];
            entropy.fill(&mut key).unwrap();
            let uri = format!(
                "otpauth://totp/Practice%20{i:03}:desk{i}?secret={}&issuer=Practice%20{i:03}",
                tessera_core::base32::encode(&key).as_str()
            );
            uri.parse().unwrap()
        })
        .collect()
}

fn service(data: &std::path::Path, name: &str) -> Service {
    std::env::set_var("TESSERA_DATA_DIR", data);
    let backend = Backend::system_without_clipboard().unwrap();
    Service::new(backend, ProfileName::new(name).unwrap(), true)
}

fn main() {
    let n: usize = std::env::var("TESSERA_BENCH_ACCOUNTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(500);
    let entropy = tessera_fs::OsEntropy;
    let list = accounts(n);
    let data = tempfile::tempdir().unwrap();

    // 1. An encrypted Aegis vault (scrypt N=2^15, as Aegis writes them).
    let exported: Vec<ExportAccount> = list.iter().cloned().map(ExportAccount::from).collect();
    let vault = aegis_encrypted(&exported, "bench password", &entropy).unwrap();
    let reader = service(data.path(), &format!("bench-read-{}", std::process::id()));
    let mut reads = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let batch = tessera_service::read_export(&vault, None, Some("bench password")).unwrap();
        let preview = reader.preview_batch(&batch, false).unwrap();
        assert_eq!(preview.accounts.len(), n);
        reads.push(t.elapsed());
    }

    // 2. A Tessera backup restored into the real keychain.
    let (key, _recovery, header) =
        envelope::new_backup_keys("bench backup words", BACKUP_KDF, &entropy).unwrap();
    let content = BackupContent {
        profile: "bench".into(),
        created: 0,
        accounts: list
            .iter()
            .cloned()
            .map(|a| BackupEntry::new(a, 0))
            .collect(),
    };
    let file = envelope::seal(&header, &key, &content.to_json(), 0, &entropy).unwrap();
    let restored = service(
        data.path(),
        &format!("bench-restore-{}", std::process::id()),
    );
    let t = Instant::now();
    let batch =
        tessera_service::read_backup(&file, BackupCredential::Password("bench backup words"))
            .unwrap();
    let opened = t.elapsed();
    let outcome = restored.add_batch(&batch, None).unwrap();
    let restore = t.elapsed();
    eprintln!("restore: the backup opened (Argon2id) in {}", ms(opened));
    assert_eq!(outcome.added.len(), n);

    // The keychain's own floor: the same number of items written straight
    // through the Secret Service, nothing of Tessera's around them.
    let floor = {
        use tessera_core::vault::SecretStore;
        let store = tessera_keychain::KeychainStore::open().unwrap();
        let ns = format!("tessera/bench-floor-{}", std::process::id());
        let payload = format!("{{\"v\":1,\"id\":\"x\",\"key\":\"{}\"}}", "A".repeat(32));
        let t = Instant::now();
        for i in 0..n {
            store.put(&ns, &format!("item-{i}"), &payload).unwrap();
        }
        let took = t.elapsed();
        for i in 0..n {
            store.delete(&ns, &format!("item-{i}")).unwrap();
        }
        took
    };

    // 3. A backup of that profile written and verified.
    let dir = tempfile::tempdir().unwrap();
    restored
        .set_backup_password("bench backup words", "bench backup words", None)
        .unwrap();
    let mut writes = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        restored.backup_now(Some(dir.path())).unwrap();
        writes.push(t.elapsed());
    }
    let size = restored
        .list_backups(Some(dir.path()))
        .unwrap()
        .first()
        .map(|f| f.bytes)
        .unwrap_or(0);

    println!("| {n} accounts | time | target |");
    println!("|---|---|---|");
    println!(
        "| read an encrypted Aegis vault: decrypt + parse + preview with codes (median of 3) | {} | < 1 s |",
        ms(median(reads))
    );
    println!(
        "| restore a Tessera backup into the real keychain (password, {n} keychain writes) | {} | < 2 s |",
        ms(restore)
    );
    println!(
        "| for scale: {n} items written straight to the Secret Service (gnome-keyring), nothing else | {} | |",
        ms(floor)
    );
    println!(
        "| write + verify a backup (median of 3; {:.0} KB) | {} | < 500 ms |",
        size as f64 / 1000.0,
        ms(median(writes))
    );
}
