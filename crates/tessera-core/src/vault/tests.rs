use super::*;
use crate::otp::Algorithm;

fn vault() -> Vault<MemoryStore, MemoryIndexStore> {
    Vault::open(
        MemoryStore::new(),
        MemoryIndexStore::new(),
        &ProfileName::default_profile(),
    )
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
fn failed_keychain_delete_keeps_index_consistent_for_reconcile() {
    let v = vault();
    v.add(&account(GITHUB), id(1), 0).unwrap();
    v.store().fail_next(StoreError::Unavailable {
        detail: "gone".into(),
    });
    // Index entry removed first; the keychain delete fails and leaves an orphan.
    assert!(v.remove(&id(1)).is_err());
    let report = v.reconcile().unwrap();
    assert_eq!(report.orphan_items, Some(vec![id(1).to_string()]));
    assert!(report.missing_secrets.is_empty());
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
