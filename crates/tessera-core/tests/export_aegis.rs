//! The Aegis writer, read back by a minimal reader written here from Aegis's
//! docs/vault.md (scrypt + AES-256-GCM, hex parameters, base64 content). The
//! reader is first checked against a real Aegis vault (Aegis's own test
//! files, password `test`, when ../shared/fixtures is present), and the
//! output is also decrypted with Python's `cryptography` (OpenSSL) when it
//! is installed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[allow(dead_code)] // Rng::below is for other tests.
mod support;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use proptest::prelude::*;
use serde_json::Value;
use std::cell::RefCell;
use std::path::PathBuf;
use tessera_core::export::{
    aegis_encrypted, aegis_plain, otpauth_list, ExportAccount, ExportError,
};
use tessera_core::otp::{Algorithm, OtpParams};
use tessera_core::vault::{Entropy, SealError};
use tessera_core::{Account, SecretKey};

/// Deterministic bytes from the shared SplitMix64 (tests only).
struct TestEntropy(RefCell<support::Rng>);

impl TestEntropy {
    fn new(seed: u64) -> Self {
        Self(RefCell::new(support::Rng(seed)))
    }
}

impl Entropy for TestEntropy {
    fn fill(&self, buf: &mut [u8]) -> Result<(), SealError> {
        let bytes = self.0.borrow_mut().bytes(buf.len());
        buf.copy_from_slice(&bytes);
        Ok(())
    }
}

fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// The content object of an Aegis vault file, decrypting it with `password`
/// when it is encrypted; `None` when no password slot opens.
fn read_aegis(file: &[u8], password: &str) -> Option<Value> {
    let vault: Value = serde_json::from_slice(file).unwrap();
    assert_eq!(vault["version"], 1);
    let header = &vault["header"];
    if header["slots"].is_null() && header["params"].is_null() {
        assert!(vault["db"].is_object());
        return Some(vault["db"].clone());
    }
    let mut master = None;
    for slot in header["slots"].as_array().unwrap() {
        if slot["type"] != 1 {
            continue;
        }
        let n = slot["n"].as_u64().unwrap();
        assert!(n.is_power_of_two());
        let params = scrypt::Params::new(
            n.trailing_zeros() as u8,
            slot["r"].as_u64().unwrap() as u32,
            slot["p"].as_u64().unwrap() as u32,
        )
        .unwrap();
        let mut kek = [0u8; 32];
        scrypt::scrypt(
            password.as_bytes(),
            &unhex(slot["salt"].as_str().unwrap()),
            &params,
            &mut kek,
        )
        .unwrap();
        let mut sealed = unhex(slot["key"].as_str().unwrap());
        sealed.extend(unhex(slot["key_params"]["tag"].as_str().unwrap()));
        let nonce = unhex(slot["key_params"]["nonce"].as_str().unwrap());
        if let Ok(key) = Aes256Gcm::new((&kek).into())
            .decrypt(&Nonce::try_from(&nonce[..]).unwrap(), &sealed[..])
        {
            master = Some(key);
            break;
        }
    }
    let master = master?;
    let mut sealed = B64.decode(vault["db"].as_str().unwrap()).unwrap();
    sealed.extend(unhex(header["params"]["tag"].as_str().unwrap()));
    let nonce = unhex(header["params"]["nonce"].as_str().unwrap());
    let db = Aes256Gcm::new_from_slice(&master)
        .unwrap()
        .decrypt(&Nonce::try_from(&nonce[..]).unwrap(), &sealed[..])
        .unwrap();
    Some(serde_json::from_slice(&db).unwrap())
}

/// An account as read from an Aegis entry (the reader's own interpretation).
fn account_of(entry: &Value) -> (Account, bool, Vec<String>) {
    let info = &entry["info"];
    let algorithm: Algorithm = info["algo"].as_str().unwrap().parse().unwrap();
    let digits = info["digits"].as_u64().unwrap() as u32;
    let params = match entry["type"].as_str().unwrap() {
        "totp" => OtpParams::totp(algorithm, digits, info["period"].as_u64().unwrap()).unwrap(),
        "hotp" => {
            assert!(info.get("period").is_none());
            OtpParams::hotp(algorithm, digits, info["counter"].as_u64().unwrap()).unwrap()
        }
        "steam" => {
            assert_eq!((info["algo"].as_str(), digits), (Some("SHA1"), 5));
            OtpParams::steam(info["period"].as_u64().unwrap()).unwrap()
        }
        other => panic!("unexpected type {other}"),
    };
    let secret = info["secret"].as_str().unwrap();
    assert!(!secret.contains('='), "Aegis writes base32 unpadded");
    let key = SecretKey::from_bytes(
        tessera_core::base32::decode_symbols(secret)
            .unwrap()
            .to_vec(),
    );
    let account = Account {
        issuer: entry["issuer"].as_str().unwrap().to_owned(),
        name: entry["name"].as_str().unwrap().to_owned(),
        params,
        key,
        image: None,
    };
    let groups = entry["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap().to_owned())
        .collect();
    (account, entry["favorite"].as_bool().unwrap(), groups)
}

/// The accounts of a content object, with group UUIDs turned back into names.
fn accounts_of(db: &Value) -> Vec<ExportAccount> {
    assert_eq!(db["version"], 3);
    let groups: Vec<(String, String)> = db["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["uuid"].as_str().unwrap().to_owned(),
                g["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    db["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            for field in ["uuid", "note", "icon", "icon_mime", "icon_hash"] {
                assert!(entry.get(field).is_some(), "{field} is missing");
            }
            let (account, favourite, ids) = account_of(entry);
            let tags = ids
                .iter()
                .map(|id| {
                    groups
                        .iter()
                        .find(|(uuid, _)| uuid == id)
                        .map(|(_, name)| name.clone())
                        .unwrap()
                })
                .collect();
            ExportAccount {
                account,
                favourite,
                tags,
            }
        })
        .collect()
}

fn fixtures() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/imports/aegis-test-vectors");
    if dir.join("aegis_encrypted.json").exists() {
        Some(dir)
    } else {
        println!("SKIPPED: ../shared/fixtures/imports/aegis-test-vectors is not present");
        None
    }
}

#[test]
fn the_test_reader_opens_a_real_aegis_vault() {
    let Some(dir) = fixtures() else { return };
    let encrypted = std::fs::read(dir.join("aegis_encrypted.json")).unwrap();
    let plain: Value =
        serde_json::from_slice(&std::fs::read(dir.join("aegis_plain.json")).unwrap()).unwrap();
    let db = read_aegis(&encrypted, "test").expect("password test opens Aegis's vault");
    assert_eq!(db, plain["db"]);
    assert_eq!(db["entries"].as_array().unwrap().len(), 7);
    assert!(read_aegis(&encrypted, "Test").is_none());
}

fn sample() -> Vec<ExportAccount> {
    let mut accounts: Vec<ExportAccount> = [
        "otpauth://totp/GitHub:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
        "otpauth://totp/Bank:%C3%BCn%C3%AF%3Ac%C3%B8d%C3%A9%20100%25?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bank&algorithm=SHA512&digits=8&period=7",
        "otpauth://hotp/:name%3Awith%3Acolons?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=18446744073709551615&algorithm=SHA256&digits=7",
        "otpauth://steam/Steam:gamer?secret=JBSWY3DPEHPK3PXP&issuer=Steam&period=45",
    ]
    .iter()
    .map(|u| ExportAccount::from(u.parse::<Account>().unwrap()))
    .collect();
    accounts[0].favourite = true;
    accounts[0].tags = vec!["work".into(), "dev".into()];
    accounts[1].tags = vec!["work".into()];
    accounts
}

fn without_images(accounts: &[ExportAccount]) -> Vec<ExportAccount> {
    accounts
        .iter()
        .cloned()
        .map(|mut a| {
            a.account.image = None;
            a
        })
        .collect()
}

#[test]
fn encrypted_and_plain_vaults_read_back() {
    let accounts = sample();
    let e = TestEntropy::new(1);
    let file = aegis_encrypted(&accounts, "pässwörd 🔑", &e).unwrap();
    let db = read_aegis(&file, "pässwörd 🔑").expect("opens");
    assert_eq!(accounts_of(&db), without_images(&accounts));
    assert!(read_aegis(&file, "password").is_none());

    let vault: Value = serde_json::from_slice(&file).unwrap();
    let slot = &vault["header"]["slots"][0];
    assert_eq!(
        (&slot["type"], &slot["n"], &slot["r"], &slot["p"]),
        (&1.into(), &32768.into(), &8.into(), &1.into())
    );
    assert_eq!(slot["salt"].as_str().unwrap().len(), 64);
    assert_eq!(slot["key"].as_str().unwrap().len(), 64);
    assert_eq!(slot["key_params"]["nonce"].as_str().unwrap().len(), 24);
    assert_eq!(slot["key_params"]["tag"].as_str().unwrap().len(), 32);
    assert_eq!(slot["repaired"], true);
    assert_eq!(
        vault["header"]["params"]["nonce"].as_str().unwrap().len(),
        24
    );

    // The keys are nowhere in the encrypted file.
    let text = String::from_utf8(file.to_vec()).unwrap();
    for a in &accounts {
        assert!(!text.contains(a.account.key.to_base32().as_str()));
        assert!(!text.contains(&a.account.issuer) || a.account.issuer.is_empty());
    }

    let plain = aegis_plain(&accounts, &e).unwrap();
    let db = read_aegis(&plain, "").unwrap();
    assert_eq!(accounts_of(&db), without_images(&accounts));
    assert_eq!(db["groups"].as_array().unwrap().len(), 2);

    assert_eq!(
        aegis_encrypted(&accounts, "", &e).unwrap_err(),
        ExportError::EmptyPassword
    );
}

#[test]
fn uuids_are_random_version_4_and_distinct() {
    let accounts = sample();
    let plain = aegis_plain(&accounts, &TestEntropy::new(7)).unwrap();
    let db: Value = serde_json::from_slice(&plain).unwrap();
    let mut ids: Vec<&str> = db["db"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .chain(db["db"]["groups"].as_array().unwrap())
        .map(|e| e["uuid"].as_str().unwrap())
        .collect();
    for id in &ids {
        let parts: Vec<&str> = id.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('4'), "{id}");
        assert!("89ab".contains(&parts[3][..1]), "{id}");
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), accounts.len() + 2);
}

/// Python's `cryptography` (OpenSSL's scrypt and AES-GCM) opens the file too.
#[test]
fn python_cryptography_opens_the_encrypted_vault() {
    if !support::available("python3") {
        return;
    }
    let has_module = std::process::Command::new("python3")
        .args(["-c", "import cryptography"])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !has_module {
        println!("SKIPPED: python3 has no 'cryptography' module");
        return;
    }
    let accounts = sample();
    let file = aegis_encrypted(&accounts, "pässwörd", &TestEntropy::new(3)).unwrap();
    let dir = std::env::temp_dir().join(format!("tessera-aegis-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("vault.json");
    std::fs::write(&path, &*file).unwrap();
    let script = r#"
import base64, json, os, sys
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
vault = json.load(open(sys.argv[1], encoding="utf-8"))
slot = vault["header"]["slots"][0]
kek = Scrypt(salt=bytes.fromhex(slot["salt"]), length=32, n=slot["n"], r=slot["r"], p=slot["p"]).derive(os.environ["PW"].encode("utf-8"))
kp = slot["key_params"]
master = AESGCM(kek).decrypt(bytes.fromhex(kp["nonce"]), bytes.fromhex(slot["key"]) + bytes.fromhex(kp["tag"]), None)
p = vault["header"]["params"]
db = AESGCM(master).decrypt(bytes.fromhex(p["nonce"]), base64.b64decode(vault["db"]) + bytes.fromhex(p["tag"]), None)
sys.stdout.write(db.decode("utf-8"))
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .env("PW", "pässwörd")
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let db: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(accounts_of(&db), without_images(&accounts));
}

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop_oneof![
        Just(Algorithm::Sha1),
        Just(Algorithm::Sha256),
        Just(Algorithm::Sha512)
    ]
}

fn params() -> impl Strategy<Value = OtpParams> {
    let counter = prop_oneof![
        Just(0u64),
        Just(u64::MAX),
        Just(i64::MAX as u64 + 1),
        any::<u64>()
    ];
    prop_oneof![
        (algorithm(), 6u32..=8, 1u64..=3600)
            .prop_map(|(a, d, p)| OtpParams::totp(a, d, p).unwrap()),
        (algorithm(), 6u32..=8, counter).prop_map(|(a, d, c)| OtpParams::hotp(a, d, c).unwrap()),
        (1u64..=3600).prop_map(|p| OtpParams::steam(p).unwrap()),
    ]
}

/// Labels with what breaks naive writers: unicode, colons, `%`, quotes, empty.
fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-zA-Z0-9 :%+&=?#/@._~\"\\\\-]{0,24}",
        "\\PC{0,16}",
    ]
}

fn account() -> impl Strategy<Value = ExportAccount> {
    (
        label(),
        label(),
        params(),
        proptest::collection::vec(any::<u8>(), 10..64),
        any::<bool>(),
        proptest::collection::vec(prop_oneof![Just("a"), Just("b:c"), Just("ünï")], 0..3),
    )
        .prop_map(|(issuer, name, params, key, favourite, tags)| {
            let mut tags: Vec<String> = tags.into_iter().map(str::to_owned).collect();
            tags.dedup();
            ExportAccount {
                account: Account {
                    issuer,
                    name,
                    params,
                    key: SecretKey::from_bytes(key),
                    image: None,
                },
                favourite,
                tags,
            }
        })
}

/// Tags as the reader gives them back: each one once, in the account's order.
fn distinct_tags(accounts: Vec<ExportAccount>) -> Vec<ExportAccount> {
    accounts
        .into_iter()
        .map(|mut a| {
            let mut seen = Vec::new();
            a.tags.retain(|t| {
                let new = !seen.contains(t);
                seen.push(t.clone());
                new
            });
            a
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn plain_vaults_round_trip(accounts in proptest::collection::vec(account(), 0..8), seed in any::<u64>()) {
        let file = aegis_plain(&accounts, &TestEntropy::new(seed)).unwrap();
        let db = read_aegis(&file, "").unwrap();
        prop_assert_eq!(accounts_of(&db), distinct_tags(accounts.clone()));
        // The otpauth list carries the same accounts (URI labels are read
        // back trimmed, as setup links are).
        let list = otpauth_list(&accounts);
        let back: Vec<Account> = list.lines().map(|l| l.parse().unwrap()).collect();
        let original: Vec<Account> = accounts
            .into_iter()
            .map(|a| Account {
                issuer: a.account.issuer.trim().to_owned(),
                name: a.account.name.trim().to_owned(),
                ..a.account
            })
            .collect();
        prop_assert_eq!(back, original);
    }
}

proptest! {
    // scrypt with N = 2^15 twice per case: a few cases only.
    #![proptest_config(ProptestConfig::with_cases(4))]

    #[test]
    fn encrypted_vaults_round_trip(accounts in proptest::collection::vec(account(), 1..6), password in "\\PC{1,12}") {
        let file = aegis_encrypted(&accounts, &password, &TestEntropy::new(11)).unwrap();
        let db = read_aegis(&file, &password).unwrap();
        prop_assert_eq!(accounts_of(&db), distinct_tags(accounts));
    }
}
