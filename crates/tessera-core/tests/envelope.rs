//! Property tests of the backup envelope through the public API: every
//! credential opens what was sealed, a changed byte never opens, backups of
//! arbitrary accounts round-trip, and no secret is ever in the sealed bytes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use tessera_core::envelope::{
    self, BackupContent, BackupEntry, BackupKey, EnvelopeError, Header, RecoveryKey,
};
use tessera_core::otp::{Algorithm, OtpParams};
use tessera_core::vault::{Entropy, KdfParams, SealError};
use tessera_core::{parse_backup_codes, Account, SecretKey};

/// SplitMix64 bytes (deterministic; tests only).
#[derive(Debug)]
struct TestEntropy(AtomicU64);

impl TestEntropy {
    fn new(seed: u64) -> Self {
        Self(AtomicU64::new(seed))
    }
}

impl Entropy for TestEntropy {
    fn fill(&self, buf: &mut [u8]) -> Result<(), SealError> {
        for b in buf {
            let s = self
                .0
                .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
                .wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            *b = (z ^ (z >> 31)) as u8;
        }
        Ok(())
    }
}

const PASSWORD: &str = "tessera proptest password";

/// One set of keys for all cases: Argon2id runs once, not per case.
fn shared() -> &'static (BackupKey, RecoveryKey, Header) {
    static KEYS: OnceLock<(BackupKey, RecoveryKey, Header)> = OnceLock::new();
    KEYS.get_or_init(|| {
        envelope::new_backup_keys(PASSWORD, KdfParams::MIN, &TestEntropy::new(99)).unwrap()
    })
}

/// The recovery key typed back in one of the ways people type it.
fn typed(recovery: &RecoveryKey, style: u8) -> String {
    let lines = recovery.lines();
    match style % 5 {
        0 => recovery.display().to_string(),
        1 => recovery.display().to_lowercase(),
        2 => lines
            .iter()
            .map(|l| format!("{} {} ", l.groups, l.check))
            .collect(),
        3 => lines
            .iter()
            .map(|l| l.groups.replace(' ', ""))
            .collect::<String>(),
        _ => recovery.qr_text().to_string(),
    }
}

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop_oneof![
        Just(Algorithm::Sha1),
        Just(Algorithm::Sha256),
        Just(Algorithm::Sha512)
    ]
}

fn params() -> impl Strategy<Value = OtpParams> {
    let counter = prop_oneof![Just(0u64), Just(u64::MAX), any::<u64>()];
    prop_oneof![
        (algorithm(), 6u32..=8, 1u64..=3600)
            .prop_map(|(a, d, p)| OtpParams::totp(a, d, p).unwrap()),
        (algorithm(), 6u32..=8, counter).prop_map(|(a, d, c)| OtpParams::hotp(a, d, c).unwrap()),
        (1u64..=3600).prop_map(|p| OtpParams::steam(p).unwrap()),
    ]
}

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-zA-Z0-9 :%+&=?#/@._~\"\\\\-]{0,24}",
        any::<String>(),
    ]
}

fn entry() -> impl Strategy<Value = BackupEntry> {
    (
        (label(), label(), params()),
        proptest::collection::vec(any::<u8>(), 10..64),
        proptest::option::of("https://[a-z]{1,10}\\.example/[a-z%]{0,10}\\.png"),
        proptest::collection::vec(label(), 0..3),
        any::<bool>(),
        any::<u64>(),
        proptest::collection::btree_set(10_000_000u32..99_999_999, 0..12),
        proptest::collection::vec(any::<bool>(), 12),
    )
        .prop_map(
            |((issuer, name, params), key, image, tags, favourite, created, codes, used)| {
                let text: String = codes
                    .iter()
                    .map(|c| format!("{}-{}\n", c / 10_000, c % 10_000))
                    .collect();
                let backup_codes = if text.is_empty() {
                    Vec::new()
                } else {
                    parse_backup_codes(&text).unwrap()
                };
                let used_codes = (0..backup_codes.len() as u32)
                    .filter(|i| used[*i as usize])
                    .collect();
                BackupEntry {
                    account: Account {
                        issuer,
                        name,
                        params,
                        key: SecretKey::from_bytes(key),
                        image,
                    },
                    tags,
                    favourite,
                    created,
                    backup_codes,
                    used_codes,
                }
            },
        )
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn sealed_payloads_open_with_the_key_and_the_typed_recovery_key(
        plaintext in proptest::collection::vec(any::<u8>(), 0..2048),
        created in any::<u64>(),
        style in any::<u8>(),
        seed in any::<u64>(),
    ) {
        let (key, recovery, header) = shared();
        let e = TestEntropy::new(seed);
        let file = envelope::seal(header, key, &plaintext, created, &e).unwrap();
        let by_key = envelope::open_with_key(&file, key).unwrap();
        prop_assert_eq!(by_key.plaintext.as_slice(), plaintext.as_slice());
        prop_assert_eq!(by_key.created, created);
        let parsed = RecoveryKey::parse(&typed(recovery, style)).unwrap();
        prop_assert_eq!(&parsed, recovery);
        let by_recovery = envelope::open_with_recovery(&file, &parsed).unwrap();
        prop_assert_eq!(by_recovery.plaintext.as_slice(), plaintext.as_slice());
        prop_assert_eq!(&by_recovery.key, key);
        prop_assert_eq!(envelope::inspect(&file).unwrap().created, created);
    }

    #[test]
    fn a_changed_byte_never_opens_and_never_panics(
        plaintext in proptest::collection::vec(any::<u8>(), 0..512),
        at in any::<prop::sample::Index>(),
        mask in 1u8..=255,
        seed in any::<u64>(),
    ) {
        let (key, recovery, header) = shared();
        let mut file = envelope::seal(header, key, &plaintext, 1, &TestEntropy::new(seed)).unwrap();
        let i = at.index(file.len());
        file[i] ^= mask;
        // A changed byte of white space can leave the JSON valid and equal.
        let still_same = serde_json::from_slice::<serde_json::Value>(&file).ok()
            == serde_json::from_slice::<serde_json::Value>(
                &envelope::seal(header, key, &plaintext, 1, &TestEntropy::new(seed)).unwrap(),
            ).ok();
        for result in [envelope::open_with_key(&file, key), envelope::open_with_recovery(&file, recovery)] {
            match result {
                Ok(opened) => {
                    prop_assert!(still_same, "byte {} ^ {:#x} opened", i, mask);
                    prop_assert_eq!(opened.plaintext.as_slice(), plaintext.as_slice());
                }
                Err(EnvelopeError::Damaged(_) | EnvelopeError::NotABackup | EnvelopeError::TooNew(_)
                    | EnvelopeError::NoSlot(_) | EnvelopeError::WrongKey | EnvelopeError::WrongRecoveryKey) => {}
                Err(other) => prop_assert!(false, "byte {}: unexpected {:?}", i, other),
            }
        }
    }

    #[test]
    fn truncated_files_are_typed_errors(cut in any::<prop::sample::Index>(), seed in any::<u64>()) {
        let (key, _, header) = shared();
        let file = envelope::seal(header, key, b"some payload", 1, &TestEntropy::new(seed)).unwrap();
        let len = cut.index(file.trim_ascii_end().len());
        let err = envelope::open_with_key(&file[..len], key).unwrap_err();
        prop_assert!(matches!(err, EnvelopeError::Damaged(_) | EnvelopeError::NotABackup), "{:?}", err);
    }

    #[test]
    fn backups_of_any_accounts_round_trip_and_hide_every_secret(
        accounts in proptest::collection::vec(entry(), 0..6),
        profile in label(),
        created in any::<u64>(),
        seed in any::<u64>(),
    ) {
        let (key, recovery, header) = shared();
        let content = BackupContent { profile, created, accounts };
        let file = envelope::seal(header, key, &content.to_json(), created, &TestEntropy::new(seed)).unwrap();

        let opened = envelope::open_with_recovery(&file, recovery).unwrap();
        let back = BackupContent::from_json(&opened.plaintext).unwrap();
        prop_assert_eq!(back.problems, vec![]);
        prop_assert_eq!(&back.content, &content);

        prop_assert!(!contains(&file, PASSWORD.as_bytes()));
        prop_assert!(!contains(&file, key.to_secret_text().as_bytes()));
        prop_assert!(!contains(&file, recovery.qr_text().as_bytes()));
        for entry in &content.accounts {
            let key = &entry.account.key;
            prop_assert!(!contains(&file, key.to_base32().as_bytes()));
            prop_assert!(!contains(&file, key.expose()));
            for code in &entry.backup_codes {
                prop_assert!(!contains(&file, code.as_str().as_bytes()));
            }
        }
    }
}

proptest! {
    // Argon2id (8 MiB, 1 pass) twice per case.
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn any_password_opens_its_backup_and_no_other(password in "\\PC{1,24}", other in "\\PC{1,24}") {
        let e = TestEntropy::new(5);
        let (key, _, header) = envelope::new_backup_keys(&password, KdfParams::MIN, &e).unwrap();
        let file = envelope::seal(&header, &key, b"payload", 1, &e).unwrap();
        let opened = envelope::open_with_password(&file, &password).unwrap();
        prop_assert_eq!(opened.plaintext.as_slice(), b"payload");
        if other != password {
            prop_assert_eq!(envelope::open_with_password(&file, &other).unwrap_err(), EnvelopeError::WrongPassword);
        }
    }
}
