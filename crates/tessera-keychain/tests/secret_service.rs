//! The keychain adapter against the real OS keychain. On Linux CI this is
//! gnome-keyring on a private D-Bus session (scripts/test.sh starts it).
//! Without a keychain the tests skip, unless TESSERA_REAL_TOOLS=1.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;
use tessera_core::vault::{
    AccountId, ProfileName, SecretStore, StoreError, Vault, MAX_PAYLOAD_BYTES,
};
use tessera_core::Account;
use tessera_fs::FileIndexStore;
use tessera_keychain::KeychainStore;

fn keychain() -> Option<KeychainStore> {
    match KeychainStore::open().and_then(|k| k.probe().map(|()| k)) {
        Ok(k) => Some(k),
        Err(err) => {
            assert!(
                std::env::var("TESSERA_REAL_TOOLS").as_deref() != Ok("1"),
                "no usable keychain: {err}"
            );
            println!("SKIPPED: no usable keychain ({err})");
            None
        }
    }
}

/// A namespace of its own per test, so tests can run in parallel.
fn namespace(test: &str) -> String {
    format!("tessera-test/{test}-{}", std::process::id())
}

#[test]
fn put_get_delete_round_trip() {
    let Some(k) = keychain() else { return };
    let ns = namespace("roundtrip");
    assert_eq!(k.get(&ns, "a").unwrap(), None);
    k.put(&ns, "a", "first").unwrap();
    k.put(&ns, "a", "second").unwrap();
    assert_eq!(k.get(&ns, "a").unwrap().unwrap().as_str(), "second");
    k.delete(&ns, "a").unwrap();
    assert_eq!(k.get(&ns, "a").unwrap(), None);
    k.delete(&ns, "a").unwrap();
}

#[test]
fn list_sees_only_its_namespace() {
    let Some(k) = keychain() else { return };
    let (ns1, ns2) = (namespace("list1"), namespace("list2"));
    k.put(&ns1, "x", "1").unwrap();
    k.put(&ns1, "y", "2").unwrap();
    k.put(&ns2, "z", "3").unwrap();
    if let Some(ids) = k.list(&ns1).unwrap() {
        assert_eq!(ids, vec!["x".to_string(), "y".to_string()]);
    }
    for (ns, id) in [(&ns1, "x"), (&ns1, "y"), (&ns2, "z")] {
        k.delete(ns, id).unwrap();
    }
}

#[test]
fn oversized_payload_is_refused_cleanly() {
    let Some(k) = keychain() else { return };
    let ns = namespace("big");
    let err = k
        .put(&ns, "big", &"x".repeat(MAX_PAYLOAD_BYTES + 1))
        .unwrap_err();
    assert_eq!(
        err,
        StoreError::TooLarge {
            bytes: MAX_PAYLOAD_BYTES + 1
        }
    );
    assert_eq!(k.get(&ns, "big").unwrap(), None);
}

#[test]
fn vault_on_the_real_keychain_keeps_the_key_out_of_the_index() {
    let Some(k) = keychain() else { return };
    let dir = tempfile::tempdir().unwrap();
    let profile = ProfileName::new(&format!("t{}", std::process::id())).unwrap();
    let vault = Vault::open(
        k,
        FileIndexStore::open(dir.path().to_path_buf()).unwrap(),
        &profile,
        std::sync::Arc::new(tessera_fs::OsEntropy),
    );
    let account: Account =
        "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8"
            .parse()
            .unwrap();
    let id = AccountId::from_random_bytes([9; 16]);
    vault.add(&account, id.clone(), 0).unwrap();
    assert_eq!(vault.code(&id, 59).unwrap().code, "94287082");
    assert!(vault.reconcile().unwrap().is_clean());

    if which("secret-tool") {
        let out = Command::new("secret-tool")
            .args(["search", "--all", "service", vault.namespace()])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
        assert!(
            text.contains(id.as_str()),
            "secret-tool does not see the item: {text}"
        );
    }
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("GEZDGNBV"), "key found in a data file");
    }
    vault.remove(&id).unwrap();
    assert_eq!(
        vault.store().get(vault.namespace(), id.as_str()).unwrap(),
        None
    );
}

fn which(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn batch_read_returns_every_item_of_the_namespace() {
    let Some(k) = keychain() else { return };
    let ns = namespace("batch");
    let other = namespace("batch-other");
    for i in 0..20 {
        k.put(
            &ns,
            &format!("id{i}"),
            &format!("{{\"v\":1,\"id\":\"id{i}\"}}"),
        )
        .unwrap();
    }
    k.put(&other, "x", "not mine").unwrap();
    let all = k
        .get_all(&ns)
        .unwrap()
        .expect("the Secret Service supports batch reads");
    let mut texts: Vec<String> = all.iter().map(|t| t.to_string()).collect();
    texts.sort();
    assert_eq!(texts.len(), 20);
    assert!(texts.iter().all(|t| t.starts_with("{\"v\":1,\"id\":\"id")));
    assert_eq!(
        k.get_all(&namespace("batch-empty"))
            .unwrap()
            .map(|v| v.len()),
        Some(0)
    );
    for i in 0..20 {
        k.delete(&ns, &format!("id{i}")).unwrap();
    }
    k.delete(&other, "x").unwrap();
}
