//! Unit tests of the envelope: round trips, wrong credentials, tampering,
//! crafted headers, and what the sealed bytes must never contain.

use super::*;
use crate::backup_codes::parse_backup_codes;
use crate::otp::{Algorithm, OtpParams};
use crate::{Account, SecretKey};
use std::sync::atomic::{AtomicU64, Ordering};

/// SplitMix64 bytes: deterministic, for tests only.
#[derive(Debug, Default)]
pub(crate) struct TestEntropy(AtomicU64);

impl Entropy for TestEntropy {
    fn fill(&self, buf: &mut [u8]) -> Result<(), crate::vault::SealError> {
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

struct NoEntropy;

impl Entropy for NoEntropy {
    fn fill(&self, _: &mut [u8]) -> Result<(), crate::vault::SealError> {
        Err(crate::vault::SealError::NoEntropy("no /dev/urandom".into()))
    }
}

const PASSWORD: &str = "correct horse battery staple";

fn keys(e: &TestEntropy) -> (BackupKey, RecoveryKey, Header) {
    new_backup_keys(PASSWORD, KdfParams::MIN, e).unwrap()
}

fn sample_content() -> BackupContent {
    let totp: Account = "otpauth://totp/GitHub:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DP&issuer=GitHub&algorithm=SHA512&digits=8&period=45"
        .parse()
        .unwrap();
    let hotp = Account {
        issuer: String::new(),
        name: "bank: main %20".into(),
        params: OtpParams::hotp(Algorithm::Sha256, 7, u64::MAX).unwrap(),
        key: SecretKey::from_bytes(b"12345678901234567890".to_vec()),
        image: Some("https://example.com/logo.png".into()),
    };
    let steam = Account {
        issuer: "Steam".into(),
        name: "ünïcødé 名前".into(),
        params: OtpParams::steam(30).unwrap(),
        key: SecretKey::from_bytes((0u8..32).collect()),
        image: None,
    };
    let mut first = BackupEntry::new(totp, 1_700_000_000);
    first.tags = vec!["work".into(), "dev".into()];
    first.favourite = true;
    first.backup_codes = parse_backup_codes("1. 1234-5678\n2. 2345-6789\n3. abcd-efgh").unwrap();
    first.used_codes = vec![0, 2];
    BackupContent {
        profile: "Personal".into(),
        created: 1_767_225_600,
        accounts: vec![
            first,
            BackupEntry::new(hotp, 1),
            BackupEntry::new(steam, u64::MAX),
        ],
    }
}

#[test]
fn seal_then_open_with_each_credential() {
    let e = TestEntropy::default();
    let (key, recovery, header) = keys(&e);
    let content = sample_content();
    let file = seal(&header, &key, &content.to_json(), 1_767_225_600, &e).unwrap();

    for opened in [
        open_with_password(&file, PASSWORD).unwrap(),
        open_with_recovery(&file, &recovery).unwrap(),
        open_with_key(&file, &key).unwrap(),
    ] {
        assert_eq!(opened.created, 1_767_225_600);
        assert_eq!(opened.key, key);
        assert_eq!(opened.header, header);
        let back = BackupContent::from_json(&opened.plaintext).unwrap();
        assert_eq!(back.problems, []);
        assert_eq!(back.content, content);
    }
    // Typed back from the printed form, with and without the check letters.
    let printed = recovery.display();
    let without: String = recovery
        .lines()
        .iter()
        .map(|l| format!("{} ", l.groups))
        .collect();
    for typed in [
        printed.to_string(),
        printed.to_lowercase(),
        without.clone(),
        without.replace(' ', ""),
        recovery.qr_text().to_string(),
    ] {
        let parsed = RecoveryKey::parse(&typed).unwrap_or_else(|e| panic!("{typed:?}: {e}"));
        assert_eq!(parsed, recovery);
        assert!(open_with_recovery(&file, &parsed).is_ok());
    }
}

#[test]
fn wrong_credentials_are_named() {
    let e = TestEntropy::default();
    let (key, _, header) = keys(&e);
    let file = seal(&header, &key, b"payload", 5, &e).unwrap();
    assert_eq!(
        open_with_password(&file, "Correct horse battery staple").unwrap_err(),
        EnvelopeError::WrongPassword
    );
    assert_eq!(
        open_with_password(&file, "").unwrap_err(),
        EnvelopeError::WrongPassword
    );
    let other = RecoveryKey::generate(&e).unwrap();
    assert_eq!(
        open_with_recovery(&file, &other).unwrap_err(),
        EnvelopeError::WrongRecoveryKey
    );
    let other_key = BackupKey::generate(&e).unwrap();
    assert_eq!(
        open_with_key(&file, &other_key).unwrap_err(),
        EnvelopeError::WrongKey
    );
    assert_eq!(
        open_with_slot_key(&file, "epoch-1", &other_key).unwrap_err(),
        EnvelopeError::NoSlot(SlotKind::Key)
    );
    // Sealing with a key that is not the header's is refused.
    assert_eq!(
        seal(&header, &other_key, b"x", 5, &e).unwrap_err(),
        EnvelopeError::WrongKey
    );
}

#[test]
fn key_slots_open_with_their_key_only() {
    let e = TestEntropy::default();
    let (key, _, header) = keys(&e);
    let epoch = BackupKey::generate(&e).unwrap();
    let header = add_key_slot(&header, &key, "epoch-1", &epoch, &e).unwrap();
    let again = add_key_slot(&header, &key, "epoch-1", &epoch, &e).unwrap();
    assert_eq!(again.slots().len(), 3, "same id replaces");
    let file = seal(&header, &key, b"snapshot", 9, &e).unwrap();
    let opened = open_with_slot_key(&file, "epoch-1", &epoch).unwrap();
    assert_eq!(opened.plaintext.as_slice(), b"snapshot");
    assert_eq!(
        open_with_slot_key(&file, "epoch-1", &key).unwrap_err(),
        EnvelopeError::WrongKey
    );
    assert_eq!(
        open_with_slot_key(&file, "epoch-2", &epoch).unwrap_err(),
        EnvelopeError::NoSlot(SlotKind::Key)
    );
    assert_eq!(
        add_key_slot(&header, &key, "", &epoch, &e).unwrap_err(),
        EnvelopeError::BadKeyId
    );
    let info = inspect(&file).unwrap();
    assert!(info.has(SlotKind::Key) && info.has(SlotKind::Password));
    assert!(info.slots.contains(&SlotInfo::Key {
        id: "epoch-1".into()
    }));
}

#[test]
fn change_password_keeps_the_recovery_key() {
    let e = TestEntropy::default();
    let (key, recovery, header) = keys(&e);
    let new = change_password(&header, &key, "new password", KdfParams::MIN, &e).unwrap();
    assert_eq!(new.slots().len(), 2);
    let file = seal(&new, &key, b"after", 7, &e).unwrap();
    assert_eq!(
        open_with_password(&file, PASSWORD).unwrap_err(),
        EnvelopeError::WrongPassword
    );
    assert_eq!(
        open_with_password(&file, "new password")
            .unwrap()
            .plaintext
            .as_slice(),
        b"after"
    );
    assert_eq!(
        open_with_recovery(&file, &recovery)
            .unwrap()
            .plaintext
            .as_slice(),
        b"after"
    );
    let stranger = BackupKey::generate(&e).unwrap();
    assert_eq!(
        change_password(&header, &stranger, "x", KdfParams::MIN, &e).unwrap_err(),
        EnvelopeError::WrongKey
    );
    assert_eq!(
        change_password(&header, &key, "", KdfParams::MIN, &e).unwrap_err(),
        EnvelopeError::EmptyPassword
    );

    let (new_recovery, newer) = change_recovery_key(&new, &key, &e).unwrap();
    let file = seal(&newer, &key, b"later", 8, &e).unwrap();
    assert!(open_with_recovery(&file, &new_recovery).is_ok());
    assert_eq!(
        open_with_recovery(&file, &recovery).unwrap_err(),
        EnvelopeError::WrongRecoveryKey
    );
    assert!(open_with_password(&file, "new password").is_ok());
}

#[test]
fn new_keys_refuse_bad_input() {
    let e = TestEntropy::default();
    assert_eq!(
        new_backup_keys("", KdfParams::MIN, &e).unwrap_err(),
        EnvelopeError::EmptyPassword
    );
    let huge = KdfParams {
        m_kib: 2 * 1024 * 1024,
        t: 3,
        p: 1,
    };
    assert_eq!(
        new_backup_keys("pw", huge, &e).unwrap_err(),
        EnvelopeError::KdfTooCostly
    );
    let tiny = KdfParams {
        m_kib: 64,
        t: 1,
        p: 1,
    };
    assert_eq!(
        new_backup_keys("pw", tiny, &e).unwrap_err(),
        EnvelopeError::KdfTooWeak
    );
    assert_eq!(
        new_backup_keys("pw", KdfParams::MIN, &NoEntropy).unwrap_err(),
        EnvelopeError::NoEntropy
    );
    assert!(BACKUP_KDF.in_bounds());
}

/// The file's JSON with `edit` applied.
fn edited(file: &[u8], edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Vec<u8> {
    let mut value: Value = serde_json::from_slice(file).unwrap();
    edit(value.as_object_mut().unwrap());
    serde_json::to_vec(&value).unwrap()
}

#[test]
fn costly_parameters_are_refused_before_deriving() {
    let e = TestEntropy::default();
    let (key, _, header) = keys(&e);
    let file = seal(&header, &key, b"payload", 5, &e).unwrap();
    // Each of these would take minutes or gigabytes if Argon2 were run.
    for (field, value) in [
        ("m_kib", 4u64 * 1024 * 1024),
        ("m_kib", 1 << 40),
        ("t", 1_000_000),
        ("p", 255),
    ] {
        let crafted = edited(&file, |map| {
            map["slots"][0][field] = value.into();
        });
        assert_eq!(
            open_with_password(&crafted, PASSWORD).unwrap_err(),
            EnvelopeError::KdfTooCostly,
            "{field} = {value}"
        );
        // inspect still shows what the file asks for.
        let info = inspect(&crafted).unwrap();
        assert!(matches!(info.slots[0], SlotInfo::Password { .. }));
    }
    let weak = edited(&file, |map| {
        map["slots"][0]["m_kib"] = 16.into();
    });
    assert_eq!(
        open_with_password(&weak, PASSWORD).unwrap_err(),
        EnvelopeError::KdfTooWeak
    );
}

#[test]
fn newer_formats_are_refused_by_number() {
    let e = TestEntropy::default();
    let (key, _, header) = keys(&e);
    let file = seal(&header, &key, b"payload", 5, &e).unwrap();
    let newer = edited(&file, |map| {
        map["tessera_backup"] = 2.into();
        map.remove("slots");
        map.insert("something".into(), "new".into());
    });
    let err = open_with_password(&newer, PASSWORD).unwrap_err();
    assert_eq!(err, EnvelopeError::TooNew(2));
    assert_eq!(
        err.to_string(),
        "this backup was written by a newer Tessera (format 2); update Tessera to open it"
    );
    assert_eq!(inspect(&newer).unwrap_err(), EnvelopeError::TooNew(2));
    let far = edited(&file, |map| {
        map["tessera_backup"] = (u64::MAX).into();
    });
    assert_eq!(inspect(&far).unwrap_err(), EnvelopeError::TooNew(u32::MAX));
}

#[test]
fn not_a_backup() {
    for bytes in [
        &b""[..],
        b"   ",
        b"{}",
        b"[1,2]",
        b"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
        br#"{"version":1,"header":{"slots":null,"params":null},"db":{}}"#,
        b"\xff\xfe{\x00",
    ] {
        assert_eq!(
            inspect(bytes).unwrap_err(),
            EnvelopeError::NotABackup,
            "{bytes:?}"
        );
    }
    let big = vec![b' '; MAX_FILE_BYTES + 1];
    assert_eq!(inspect(&big).unwrap_err(), EnvelopeError::TooLarge);
}

#[test]
fn a_byte_order_mark_and_other_layouts_are_accepted() {
    let e = TestEntropy::default();
    let (key, _, header) = keys(&e);
    let file = seal(&header, &key, b"payload", 5, &e).unwrap();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&file);
    assert!(open_with_key(&bom, &key).is_ok());
    // Re-indented, with keys in another order: the canonical header is the same.
    let value: Value = serde_json::from_slice(&file).unwrap();
    let compact = serde_json::to_vec(&value).unwrap();
    assert!(open_with_key(&compact, &key).is_ok());
    let crlf = String::from_utf8(file.clone())
        .unwrap()
        .replace('\n', "\r\n");
    assert!(open_with_key(crlf.as_bytes(), &key).is_ok());
}

#[test]
fn every_truncation_is_a_typed_error() {
    let e = TestEntropy::default();
    let (key, recovery, header) = keys(&e);
    let file = seal(&header, &key, b"payload", 5, &e).unwrap();
    let end = file.trim_ascii_end().len();
    for len in 0..end {
        let prefix = &file[..len];
        for err in [
            open_with_key(prefix, &key).unwrap_err(),
            open_with_recovery(prefix, &recovery).unwrap_err(),
        ] {
            assert!(
                matches!(err, EnvelopeError::NotABackup | EnvelopeError::Damaged(_)),
                "{len}: {err:?}"
            );
        }
    }
    assert!(open_with_key(&file[..end], &key).is_ok());
}

/// Ranges of `file` covering the value of each top-level string field.
fn value_span(file: &[u8], field: &str) -> std::ops::Range<usize> {
    let text = std::str::from_utf8(file).unwrap();
    let key = format!("\"{field}\": \"");
    let start = text.find(&key).unwrap() + key.len();
    let len = text[start..].find('"').unwrap();
    start..start + len
}

fn flipped(file: &[u8], at: usize, mask: u8) -> Vec<u8> {
    let mut copy = file.to_vec();
    copy[at] ^= mask;
    copy
}

#[test]
fn every_flipped_byte_is_refused_without_a_panic() {
    let e = TestEntropy::default();
    let (key, recovery, header) = keys(&e);
    let file = seal(&header, &key, b"a small payload", 5, &e).unwrap();
    let payload = value_span(&file, "ciphertext");
    let nonce = value_span(&file, "nonce");
    for at in 0..file.len() {
        for mask in [0x01, 0x20, 0x80] {
            let bad = flipped(&file, at, mask);
            for result in [
                open_with_key(&bad, &key),
                open_with_recovery(&bad, &recovery),
            ] {
                let err = match result {
                    Ok(_) => panic!("byte {at} ^ {mask:#x} still opened"),
                    Err(err) => err,
                };
                if payload.contains(&at) || nonce.contains(&at) {
                    assert!(matches!(err, EnvelopeError::Damaged(_)), "{at}: {err:?}");
                } else {
                    // Structure: anything typed but success (a flipped digit
                    // of the version is TooNew, a flipped slot type leaves
                    // no slot of that kind, ...).
                    assert!(
                        matches!(
                            err,
                            EnvelopeError::Damaged(_)
                                | EnvelopeError::NotABackup
                                | EnvelopeError::TooNew(_)
                                | EnvelopeError::NoSlot(_)
                                | EnvelopeError::WrongKey
                                | EnvelopeError::WrongRecoveryKey
                        ),
                        "{at}: {err:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn flipped_bytes_in_the_password_slot_never_open() {
    let e = TestEntropy::default();
    let (key, _, header) = keys(&e);
    let file = seal(&header, &key, b"payload", 5, &e).unwrap();
    let text = std::str::from_utf8(&file).unwrap();
    let start = text.find("\"type\": \"password\"").unwrap();
    let end = start + text[start..].find('}').unwrap();
    for at in start..end {
        let err = open_with_password(&flipped(&file, at, 0x01), PASSWORD)
            .err()
            .unwrap_or_else(|| panic!("byte {at} still opened"));
        assert!(
            matches!(
                err,
                EnvelopeError::Damaged(_)
                    | EnvelopeError::WrongPassword
                    | EnvelopeError::KdfTooCostly
                    | EnvelopeError::KdfTooWeak
                    | EnvelopeError::NoSlot(SlotKind::Password)
            ),
            "{at}: {err:?}"
        );
    }
    // A changed byte elsewhere with the right password: damaged, not "wrong password".
    let ct = value_span(&file, "ciphertext");
    let err = open_with_password(&flipped(&file, ct.start + 3, 0x01), PASSWORD).unwrap_err();
    assert!(matches!(err, EnvelopeError::Damaged(_)), "{err:?}");
}

#[test]
fn slots_and_header_fields_cannot_be_swapped() {
    let e = TestEntropy::default();
    let (key, recovery, header) = keys(&e);
    let file = seal(&header, &key, b"payload", 5, &e).unwrap();
    let later = edited(&file, |map| map["created"] = 6.into());
    assert!(matches!(
        open_with_recovery(&later, &recovery).unwrap_err(),
        EnvelopeError::Damaged(_)
    ));
    // Dropping the password slot (to force the recovery path) is noticed.
    let dropped = edited(&file, |map| {
        map["slots"].as_array_mut().unwrap().remove(0);
    });
    assert!(matches!(
        open_with_recovery(&dropped, &recovery).unwrap_err(),
        EnvelopeError::Damaged(_)
    ));
    // A password slot from another backup of the same person: wrong key check.
    let (_, _, other) = new_backup_keys(PASSWORD, KdfParams::MIN, &e).unwrap();
    let mut spliced_header = header.clone();
    spliced_header.slots[0] = other.slots[0].clone();
    let mut map = header_object(&spliced_header, 5);
    let original: Value = serde_json::from_slice(&file).unwrap();
    map.insert("nonce".into(), original["nonce"].clone());
    map.insert("ciphertext".into(), original["ciphertext"].clone());
    let spliced = serde_json::to_vec(&Value::Object(map)).unwrap();
    assert!(matches!(
        open_with_password(&spliced, PASSWORD).unwrap_err(),
        EnvelopeError::Damaged(_)
    ));
    // A wrapped key moved into a slot of another kind does not unwrap.
    let moved = edited(&file, |map| {
        let slots = map["slots"].as_array_mut().unwrap();
        let (nonce, wrapped) = (slots[0]["nonce"].clone(), slots[0]["wrapped"].clone());
        slots[1]["nonce"] = nonce;
        slots[1]["wrapped"] = wrapped;
    });
    assert_eq!(
        open_with_recovery(&moved, &recovery).unwrap_err(),
        EnvelopeError::WrongRecoveryKey
    );
}

#[test]
fn unknown_slot_types_are_kept_and_skipped() {
    let e = TestEntropy::default();
    let (key, recovery, mut header) = keys(&e);
    header.slots.insert(
        0,
        Slot::Other(serde_json::json!({"type": "passkey", "credential": "abc"})),
    );
    let file = seal(&header, &key, b"payload", 5, &e).unwrap();
    let opened = open_with_recovery(&file, &recovery).unwrap();
    assert_eq!(opened.header, header);
    assert!(open_with_password(&file, PASSWORD).is_ok());
    assert_eq!(
        inspect(&file).unwrap().slots[0],
        SlotInfo::Unknown {
            kind: "passkey".into()
        }
    );
    // Kept through a password change, so later files carry it too.
    let changed = change_password(&header, &key, "pw2", KdfParams::MIN, &e).unwrap();
    assert!(changed.slots().contains(&SlotInfo::Unknown {
        kind: "passkey".into()
    }));
}

#[test]
fn inspect_runs_no_kdf_and_shows_no_secret() {
    let e = TestEntropy::default();
    let (key, _, header) = keys(&e);
    let file = seal(&header, &key, b"payload", 1_767_225_600, &e).unwrap();
    let info = inspect(&file).unwrap();
    assert_eq!(info.format, 1);
    assert_eq!(info.created, 1_767_225_600);
    assert_eq!(
        info.slots,
        [
            SlotInfo::Password {
                m_kib: 8192,
                t: 1,
                p: 1
            },
            SlotInfo::Recovery
        ]
    );
    assert!(info.has(SlotKind::Recovery) && !info.has(SlotKind::Key));
    let json = serde_json::to_string(&info).unwrap();
    assert_eq!(
        json,
        r#"{"format":1,"created":1767225600,"slots":[{"type":"password","m_kib":8192,"t":1,"p":1},{"type":"recovery"}]}"#
    );
}

#[test]
fn key_and_header_survive_the_keychain() {
    let e = TestEntropy::default();
    let (key, recovery, header) = keys(&e);
    let text = key.to_secret_text();
    assert!(text.starts_with("tessera-backup-key:1:"));
    assert_eq!(BackupKey::from_secret_text(&text).unwrap(), key);
    assert!(matches!(
        BackupKey::from_secret_text("tessera-backup-key:1:AAAA"),
        Err(EnvelopeError::Damaged(_))
    ));
    let stored = serde_json::to_string(&header).unwrap();
    let back: Header = serde_json::from_str(&stored).unwrap();
    assert_eq!(back, header);
    assert!(serde_json::from_str::<Header>(r#"{"slots":[]}"#).is_err());
    // An automatic backup made from the kept pair opens with the recovery key.
    let file = seal(
        &back,
        &BackupKey::from_secret_text(&text).unwrap(),
        b"auto",
        9,
        &e,
    )
    .unwrap();
    assert!(open_with_recovery(&file, &recovery).is_ok());
}

#[test]
fn debug_output_is_redacted() {
    let e = TestEntropy::default();
    let (key, recovery, header) = keys(&e);
    let file = seal(&header, &key, b"top secret payload", 5, &e).unwrap();
    let opened = open_with_key(&file, &key).unwrap();
    let key_b64 = B64.encode(key.expose());
    let recovery_b32 = recovery.qr_text()[RECOVERY_QR_PREFIX.len()..].to_owned();
    for shown in [
        format!("{key:?}"),
        format!("{recovery:?}"),
        format!("{opened:?}"),
        format!("{:?}", sample_content()),
    ] {
        assert!(!shown.contains(&key_b64), "{shown}");
        assert!(!shown.contains(&recovery_b32[..8]), "{shown}");
        assert!(!shown.contains("top secret"), "{shown}");
        assert!(!shown.contains("JBSWY3DP"), "{shown}");
        assert!(!shown.contains("1234-5678"), "{shown}");
    }
    assert_eq!(format!("{key:?}"), "BackupKey(<redacted>)");
}

#[test]
fn sealed_bytes_hold_no_secret() {
    let e = TestEntropy::default();
    let (key, recovery, header) = keys(&e);
    let content = sample_content();
    let plaintext = content.to_json();
    let file = seal(&header, &key, &plaintext, 5, &e).unwrap();
    let text = String::from_utf8(file.clone()).unwrap();
    let mut needles: Vec<Vec<u8>> = vec![
        PASSWORD.as_bytes().to_vec(),
        key.expose().to_vec(),
        B64.encode(key.expose()).into_bytes(),
        recovery.qr_text().as_bytes().to_vec(),
        crate::base32::decode_symbols(&recovery.qr_text()[RECOVERY_QR_PREFIX.len()..])
            .unwrap()
            .to_vec(),
        b"Personal".to_vec(),
        b"GitHub".to_vec(),
    ];
    for entry in &content.accounts {
        needles.push(entry.account.key.to_base32().as_bytes().to_vec());
        needles.push(entry.account.key.expose().to_vec());
        for code in &entry.backup_codes {
            needles.push(code.as_str().as_bytes().to_vec());
        }
    }
    for needle in &needles {
        assert!(
            !file.windows(needle.len()).any(|w| w == needle.as_slice()),
            "found {} bytes of a secret in the file",
            needle.len()
        );
    }
    assert!(!text.contains(&*recovery.display()));
}

#[test]
fn recovery_key_display_and_typing_mistakes() {
    let e = TestEntropy::default();
    let recovery = RecoveryKey::generate(&e).unwrap();
    let shown = recovery.display();
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines.len(), 2);
    for line in &lines {
        // `ABCD EFGH IJKL MNOP  ▸ Q`, as the sheet prints key lines.
        assert_eq!(line.chars().count(), 19 + 5);
        assert!(line.contains("  ▸ "));
    }
    assert_eq!(recovery.qr_text().len(), RECOVERY_QR_PREFIX.len() + 32);

    // One mistyped character in line 2 is caught by that line's letter.
    let mut chars: Vec<char> = shown.chars().collect();
    let at = shown.find('\n').unwrap() + 2;
    chars[at] = if chars[at] == 'A' { 'B' } else { 'A' };
    let typo: String = chars.into_iter().collect();
    assert_eq!(
        RecoveryKey::parse(&typo).unwrap_err(),
        RecoveryKeyError::Key(crate::KeyError::CheckLetterMismatch { line: 2 })
    );
    // Too short or too long.
    assert_eq!(
        RecoveryKey::parse("ABCD EFGH IJKL MNOP").unwrap_err(),
        RecoveryKeyError::WrongLength { symbols: 16 }
    );
    let long = format!(
        "{}AAAAAAAA",
        &recovery.qr_text()[RECOVERY_QR_PREFIX.len()..]
    );
    assert_eq!(
        RecoveryKey::parse(&long).unwrap_err(),
        RecoveryKeyError::WrongLength { symbols: 40 }
    );
    assert!(matches!(
        RecoveryKey::parse("0BCD").unwrap_err(),
        RecoveryKeyError::Key(crate::KeyError::InvalidCharacter { .. })
    ));
    assert!(RecoveryKey::parse("TESSERA-RECOVERY:abc").is_err());
}

#[test]
fn error_messages_name_no_secret() {
    for err in [
        EnvelopeError::WrongPassword,
        EnvelopeError::NoSlot(SlotKind::Recovery),
        EnvelopeError::KdfTooCostly,
        EnvelopeError::Damaged("slot 1: 'nonce' has the wrong length".into()),
    ] {
        let text = err.to_string();
        assert!(!text.is_empty());
        assert!(!text.contains(PASSWORD));
    }
    assert_eq!(
        EnvelopeError::NoSlot(SlotKind::Recovery).to_string(),
        "this backup cannot be opened with a recovery key"
    );
}

#[test]
fn content_round_trips_every_kind() {
    let content = sample_content();
    let json = content.to_json();
    let text = std::str::from_utf8(&json).unwrap();
    assert!(text.contains(r#""counter":18446744073709551615"#));
    assert!(text.contains(r#""type":"steam","period":30"#));
    assert!(text.contains(r#""used_codes":[0,2]"#));
    let back = BackupContent::from_json(&json).unwrap();
    assert_eq!(back.problems, []);
    assert_eq!(back.content, content);
}

#[test]
fn content_problems_are_reported_by_position() {
    let json = br#"{"format":1,"profile":"P","created":3,"accounts":[
        {"issuer":"A","name":"ok","type":"totp","algorithm":"SHA1","digits":6,"period":30,"key":"JBSWY3DPEHPK3PXP"},
        {"issuer":"B","name":"bad key","type":"totp","algorithm":"SHA1","digits":6,"period":30,"key":"JBSW0"},
        {"issuer":"C","name":"nine","type":"totp","algorithm":"SHA1","digits":9,"period":30,"key":"JBSWY3DPEHPK3PXP"},
        42,
        {"issuer":"D","type":"hotp","algorithm":"SHA1","digits":6,"counter":1,"key":"JBSWY3DPEHPK3PXP",
         "backup_codes":["1111-2222","3333-4444"],"used_codes":[1,7],"tags":"x","favourite":"yes","future":{"a":1}},
        {"issuer":"E","name":"no key","type":"steam","period":30},
        {"issuer":"F","name":"odd","type":"motp","key":"JBSWY3DPEHPK3PXP"}
    ]}"#;
    let parsed = BackupContent::from_json(json).unwrap();
    let names: Vec<&str> = parsed
        .content
        .accounts
        .iter()
        .map(|e| e.account.issuer.as_str())
        .collect();
    assert_eq!(names, ["A", "D"]);
    let d = &parsed.content.accounts[1];
    assert_eq!(d.used_codes, [1]);
    assert_eq!(d.backup_codes.len(), 2);
    let shown: Vec<String> = parsed.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        shown,
        [
            "account 2 (B: bad key): its key is not valid base32",
            "account 3 (C: nine): 9 digits is not supported (use 6, 7 or 8)",
            "account 4: it is not an account record",
            "account 5 (D): its tags are not readable and were left out",
            "account 5 (D): whether it is a favourite is not readable; it is not one",
            "account 5 (D): some used marks do not match its backup codes and were left out",
            "account 6 (E: no key): it has no key",
            "account 7 (F: odd): its OTP type or parameters are not readable",
        ]
    );
    assert!(!shown.iter().any(|s| s.contains("JBSW")));
    let skipped: Vec<usize> = parsed
        .problems
        .iter()
        .filter(|p| p.skipped)
        .map(|p| p.position)
        .collect();
    assert_eq!(skipped, [2, 3, 4, 6, 7]);

    assert_eq!(
        BackupContent::from_json(br#"{"format":2,"accounts":{"new":"shape"}}"#).unwrap_err(),
        ContentError::TooNew(2)
    );
    for bad in [&b"[]"[..], b"{}", b"{\"format\":1}", b"not json", b""] {
        assert_eq!(
            BackupContent::from_json(bad).unwrap_err(),
            ContentError::NotContent
        );
    }
}
