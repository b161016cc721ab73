//! The fuzz targets' seed inputs (`fuzz/seeds/<target>/`), made from the
//! project's own fixtures and from files this Tessera writes: the import
//! fixtures, the setup links of `tessera-core/tests/uri_table.rs`, an index and
//! settings written by a real service (with a PIN, a lockout and backup
//! codes), a backup sealed at the cheapest accepted cost, and QR codes as
//! frames and image files.
//!
//! To rewrite them (nothing random: fixed entropy and clock):
//!
//!     TESSERA_WRITE_FUZZ_SEEDS=1 cargo test -p tessera-service --test fuzz_seeds
//!
//! Without the variable the test checks that every seed is committed and
//! that the seeds are still what each parser reads: links that parse, an
//! index that loads, a backup that opens with the seeds' password, images and
//! frames that decode.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use base64::Engine as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tessera_core::envelope::{self, BackupContent, BackupEntry};
use tessera_core::import::{self, Format};
use tessera_core::qr::LumaFrame;
use tessera_core::vault::{Entropy, Index, KdfParams, MemoryStore, ProfileName, SealError};
use tessera_core::{parse_backup_codes, parse_setup_link, Account};
use tessera_service::backend::DynStore;
use tessera_service::views::AccountForm;
use tessera_service::{Backend, FakeClock, Service};

/// The password of the import fixtures and of the seed backup.
const PASSWORD: &str = "correct horse battery staple";
const KEY: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const T0: u64 = 1_800_000_000;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixtures() -> PathBuf {
    root().join("crates/tessera-core/tests/fixtures/import")
}

/// SplitMix64 (deterministic; seeds only).
#[derive(Debug)]
struct FixedEntropy(AtomicU64);

impl Entropy for FixedEntropy {
    fn fill(&self, buf: &mut [u8]) -> Result<(), SealError> {
        for b in buf {
            let mut z = self
                .0
                .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
                .wrapping_add(0x9E37_79B9_7F4A_7C15);
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            *b = (z ^ (z >> 31)) as u8;
        }
        Ok(())
    }
}

/// Rust string literals at the start of each row of uri_table.rs, unescaped.
fn table_links() -> Vec<String> {
    let source =
        std::fs::read_to_string(root().join("crates/tessera-core/tests/uri_table.rs")).unwrap();
    let mut out = Vec::new();
    for line in source.lines() {
        let Some(rest) = line.trim_start().strip_prefix("(\"") else {
            continue;
        };
        let mut text = String::new();
        let mut chars = rest.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n') => text.push('\n'),
                    Some('r') => text.push('\r'),
                    Some('t') => text.push('\t'),
                    Some('u') => {
                        let hex: String =
                            chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                        text.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                    }
                    Some(other) => text.push(other),
                    None => {}
                },
                c => text.push(c),
            }
        }
        out.push(text);
    }
    assert!(out.len() >= 40, "uri_table.rs: {} links", out.len());
    out
}

/// The lines of the link-list fixtures.
fn fixture_links() -> Vec<String> {
    let mut out = Vec::new();
    for name in [
        "otpauth.txt",
        "winauth.txt",
        "stratum_uris.txt",
        "vectors.txt",
        "ente_plain.txt",
        "google.txt",
    ] {
        let text = std::fs::read_to_string(fixtures().join(name)).unwrap();
        out.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| l.contains("://"))
                .map(str::to_owned),
        );
    }
    out
}

fn migration_links() -> Vec<String> {
    let mut links: Vec<String> = fixture_links()
        .into_iter()
        .filter(|l| l.starts_with("otpauth-migration://"))
        .collect();
    let accounts: Vec<Account> = fixture_links()
        .iter()
        .filter_map(|l| tessera_core::otpauth::parse(l).ok())
        .filter(|a| a.params.digits() != 7)
        .take(3)
        .collect();
    links.push(tessera_core::migration::format_migration(&accounts, 1, 3, 77).to_string());
    links
}

/// The protobuf payload of a transfer link.
fn payload(link: &str) -> Vec<u8> {
    let data = link.split_once("data=").unwrap().1;
    let data = percent_decode(data);
    base64::engine::general_purpose::STANDARD
        .decode(data.trim_end_matches('='))
        .or_else(|_| {
            base64::engine::general_purpose::STANDARD_NO_PAD.decode(data.trim_end_matches('='))
        })
        .unwrap()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

const KEYS: &[&str] = &[
    "JBSWY3DPEHPK3PXP",
    "jbsw y3dp ehpk 3pxp",
    "JBSW-Y3DP-EHPK-3PXP",
    "JBSWY3DPEHPK3PXP====",
    "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
    "JBSWY3DPEHPK3PX0",
    "JBSWY3DPEHPK3PXÖ",
    "ЈBSWY3DPEHPK3PXP",
    "JBSW\u{00A0}Y3DP\u{200B}EHPK\t3PXP",
    "JBSWY3DP",
    "JBSWY3D",
    "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
];

const CODE_BLOCKS: &[&str] = &[
    "a1b2c-3d4e5\nf6a7b-8c9d0\n",
    "1. 1234 5678\n2. 8765 4321\n\n3. 1111 2222",
    "abcd1234, EFGH5678; ijkl9012 mnop3456",
    "• wxyz-abcd\n(2) qrst-uvwx\n#3 98765432",
    "Keep these codes somewhere safe\n1234-5678",
    "1234-5678\r\n12345678\r\n",
];

/// A service on an in-memory keychain in `dir`, at a fixed time, with fixed entropy.
fn service(dir: &Path) -> Service {
    let store = Arc::new(MemoryStore::new());
    let backend = Backend {
        data_dir: dir.to_path_buf(),
        open_keychain: Box::new(move || Ok(Box::new(Arc::clone(&store)) as DynStore)),
        open_clipboard: None,
        entropy: Arc::new(FixedEntropy(AtomicU64::new(7))),
        kdf: KdfParams::MIN,
        clock: Arc::new(FakeClock::at(T0)),
        user: "seeds".into(),
    };
    Service::new(backend, ProfileName::default_profile(), true)
}

fn form(issuer: &str, kind: &str, counter: Option<u64>) -> AccountForm {
    AccountForm {
        issuer: issuer.into(),
        name: "desk@clinic.example".into(),
        key: KEY.into(),
        kind: Some(kind.into()),
        algorithm: Some("SHA256".into()),
        digits: Some(8),
        period: None,
        counter,
    }
}

/// An index and settings written by a real service: three accounts (TOTP,
/// HOTP, Steam), tags, a favourite, backup codes, a PIN, one wrong PIN.
fn profile_files() -> Vec<(&'static str, Vec<u8>, Vec<u8>)> {
    let dir = tempfile::tempdir().unwrap();
    let s = service(dir.path());
    let profile = dir.path().join("profiles/default");
    let read = |name: &str| std::fs::read(profile.join(name)).unwrap_or_default();
    s.save_settings(tessera_core::settings::Settings::default())
        .unwrap();
    let plain = (read("index.json"), read("settings.json"));
    let a = s.add_account(&form("Clinic", "totp", None)).unwrap();
    s.add_account(&form("Bank", "hotp", Some(5))).unwrap();
    let mut steam = form("Steam", "steam", None);
    steam.digits = None;
    steam.algorithm = None;
    s.add_account(&steam).unwrap();
    s.edit_account(&a.id, "Clinic", "desk", &["work".into(), "日本".into()])
        .unwrap();
    s.set_favourite(&a.id, true).unwrap();
    s.set_backup_codes(&a.id, CODE_BLOCKS[1], false).unwrap();
    s.use_backup_code(&a.id, 1).unwrap();
    let accounts = (read("index.json"), read("settings.json"));
    s.set_pin("135790", "135790", true).unwrap();
    s.lock();
    let _ = s.unlock("000000");
    // The index with a wrong PIN counted, before the right one clears it.
    let pin_index = read("index.json");
    s.unlock("135790").unwrap();
    let mut settings = s.settings();
    settings.clipboard_seconds = 45;
    settings.backup_dir = Some("/backups/tessera".into());
    settings.clock_correction_ms = Some(-90_000);
    s.save_settings(settings).unwrap();
    let pin = (pin_index, read("settings.json"));
    vec![
        ("empty", plain.0, plain.1),
        ("accounts", accounts.0, accounts.1),
        ("pin", pin.0, pin.1),
    ]
}

/// Backup contents and an envelope sealed with them at `KdfParams::MIN`.
fn backup() -> (Vec<u8>, Vec<u8>) {
    let entropy = FixedEntropy(AtomicU64::new(11));
    let mut entries: Vec<BackupEntry> = fixture_links()
        .iter()
        .filter_map(|l| tessera_core::otpauth::parse(l).ok())
        .take(4)
        .map(|a| BackupEntry::new(a, T0))
        .collect();
    entries[0].tags = vec!["work".into()];
    entries[0].favourite = true;
    entries[0].backup_codes = parse_backup_codes(CODE_BLOCKS[0]).unwrap();
    entries[0].used_codes = vec![1];
    let content = BackupContent {
        profile: "default".into(),
        created: T0,
        accounts: entries,
    };
    let plaintext = content.to_json().to_vec();
    let (key, _recovery, header) =
        envelope::new_backup_keys(PASSWORD, KdfParams::MIN, &entropy).unwrap();
    let sealed = envelope::seal(&header, &key, &plaintext, T0, &entropy).unwrap();
    (plaintext, sealed)
}

/// A QR code of `text`, `scale` pixels a module, with a quiet zone.
fn qr(text: &str, scale: u32) -> image::GrayImage {
    let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
    code.render::<image::Luma<u8>>()
        .module_dimensions(scale, scale)
        .quiet_zone(true)
        .build()
}

/// A frame as the qr_frame target reads it: width (u16 LE, minus one), frame number, pixels.
fn frame_seed(img: &image::GrayImage, n: u8) -> Vec<u8> {
    let mut out = u16::try_from(img.width() - 1)
        .unwrap()
        .to_le_bytes()
        .to_vec();
    out.push(n);
    out.extend_from_slice(img.as_raw());
    out
}

fn encoded(img: &image::GrayImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageLuma8(img.clone())
        .to_rgb8()
        .write_to(&mut out, format)
        .unwrap();
    out.into_inner()
}

/// The format a fixture file is in (its name says), for the forced-format seeds.
fn fixture_format(name: &str) -> Option<Format> {
    let prefixes: &[(&str, Format)] = &[
        ("2fas", Format::TwoFas),
        ("aegis", Format::Aegis),
        ("andotp", Format::AndOtp),
        ("authy", Format::Authy),
        ("battle_net", Format::BattleNet),
        ("bitwarden", Format::Bitwarden),
        ("duo", Format::Duo),
        ("ente", Format::Ente),
        ("freeotp_plus", Format::FreeOtpPlus),
        ("freeotp", Format::FreeOtp),
        ("google", Format::Google),
        ("keepass", Format::KeePass),
        ("lastpass", Format::LastPass),
        ("otpauth", Format::Otpauth),
        ("proton", Format::Proton),
        ("steam", Format::Steam),
        ("stratum", Format::Stratum),
        ("totp_authenticator", Format::TotpAuthenticator),
        ("winauth", Format::WinAuth),
    ];
    prefixes
        .iter()
        .find(|(p, _)| name.starts_with(p))
        .map(|(_, f)| *f)
}

/// Every seed, as (target, file name, bytes).
fn seeds() -> Vec<(&'static str, String, Vec<u8>)> {
    let mut out: Vec<(&'static str, String, Vec<u8>)> = Vec::new();
    let mut add = |target: &'static str, name: String, bytes: Vec<u8>| {
        out.push((target, name, bytes));
    };
    let mut links = table_links();
    links.extend(fixture_links());
    for (i, link) in links.iter().enumerate() {
        for target in ["otpauth_uri", "setup_link", "intake_classify"] {
            add(target, format!("link-{i:03}"), link.clone().into_bytes());
        }
    }
    add(
        "intake_classify",
        "scan-of-parts".into(),
        migration_links()[..2].join("\n").into_bytes(),
    );
    add(
        "intake_classify",
        "web-address".into(),
        b"https://example.com/poster".to_vec(),
    );
    for (i, link) in migration_links().iter().enumerate() {
        add("migration", format!("link-{i}"), link.clone().into_bytes());
        let mut raw = vec![0u8];
        raw.extend(payload(link));
        add("migration", format!("payload-{i}"), raw);
    }
    for (i, key) in KEYS.iter().enumerate() {
        add("key_entry", format!("key-{i:02}"), key.as_bytes().to_vec());
    }
    let sheet: Vec<String> = tessera_core::sheet::key_lines(KEY)
        .iter()
        .map(|l| format!("{} {}", l.groups, l.check))
        .collect();
    add(
        "key_entry",
        "sheet-lines".into(),
        sheet.join("\n").into_bytes(),
    );
    for (i, block) in CODE_BLOCKS.iter().enumerate() {
        add(
            "backup_codes",
            format!("block-{i}"),
            block.as_bytes().to_vec(),
        );
    }
    for (name, index, settings) in profile_files() {
        add("index_json", format!("{name}.json"), index);
        add("settings_json", format!("{name}.json"), settings);
    }
    let (plaintext, sealed) = backup();
    add("backup_content", "content.json".into(), plaintext);
    add("envelope", "backup.tessera".into(), sealed);
    let link = &fixture_links()[0];
    for (scale, n) in [(1u32, 0u8), (2, 3)] {
        let img = qr(link, scale);
        add("qr_frame", format!("code-x{scale}"), frame_seed(&img, n));
        let mut inverted = img.clone();
        image::imageops::invert(&mut inverted);
        add(
            "qr_frame",
            format!("inverted-x{scale}"),
            frame_seed(&inverted, n),
        );
    }
    let img = qr("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP", 2);
    for (ext, format) in [
        ("png", image::ImageFormat::Png),
        ("jpg", image::ImageFormat::Jpeg),
        ("gif", image::ImageFormat::Gif),
        ("bmp", image::ImageFormat::Bmp),
        ("webp", image::ImageFormat::WebP),
    ] {
        add("qr_image", format!("code.{ext}"), encoded(&img, format));
    }
    let mut names: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "README.md")
        .collect();
    names.sort();
    for name in names {
        let bytes = std::fs::read(fixtures().join(&name)).unwrap();
        add("import_detect", name.clone(), bytes.clone());
        let encrypted = import::detect(&bytes).is_ok_and(|d| d.encrypted);
        let flag = u8::from(encrypted);
        let mut detected = vec![0, flag];
        detected.extend_from_slice(&bytes);
        add("import_read", format!("detect-{name}"), detected);
        if let Some(format) = fixture_format(&name) {
            let n = Format::ALL.iter().position(|f| *f == format).unwrap();
            let mut forced = vec![u8::try_from(n + 1).unwrap(), flag];
            forced.extend_from_slice(&bytes);
            add("import_read", format!("forced-{name}"), forced);
        }
    }
    out
}

fn seed_dir() -> PathBuf {
    root().join("fuzz/seeds")
}

#[test]
fn seeds_are_current_and_readable() {
    let all = seeds();
    if std::env::var("TESSERA_WRITE_FUZZ_SEEDS").as_deref() == Ok("1") {
        let _ = std::fs::remove_dir_all(seed_dir());
        for (target, name, bytes) in &all {
            let dir = seed_dir().join(target);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        println!("wrote {} seeds to {}", all.len(), seed_dir().display());
        return;
    }
    // Every seed the generator makes is committed (a seed may lag behind a
    // format change: it is only a starting point), and the ones below still
    // reach past their parser's first checks.
    for (target, name, _) in &all {
        let path = seed_dir().join(target).join(name);
        assert!(
            path.is_file(),
            "{} is missing; rewrite the seeds (see this file's header)",
            path.display()
        );
    }
    let text = |target: &str, name: &str| {
        String::from_utf8(std::fs::read(seed_dir().join(target).join(name)).unwrap()).unwrap()
    };
    assert!(parse_setup_link(&text("migration", "link-2")).is_ok());
    for name in ["accounts.json", "pin.json"] {
        let bytes = std::fs::read(seed_dir().join("index_json").join(name)).unwrap();
        let index = Index::from_json(&bytes, name).unwrap();
        assert_eq!(index.pin.is_some(), name == "pin.json");
    }
    let sealed = std::fs::read(seed_dir().join("envelope/backup.tessera")).unwrap();
    let opened = envelope::open_with_password(&sealed, PASSWORD).unwrap();
    assert_eq!(
        BackupContent::from_json(&opened.plaintext)
            .unwrap()
            .content
            .accounts
            .len(),
        4
    );
    for ext in ["png", "jpg", "gif", "bmp", "webp"] {
        let bytes = std::fs::read(seed_dir().join(format!("qr_image/code.{ext}"))).unwrap();
        assert_eq!(
            tessera_core::qr::decode_image(&bytes).unwrap().len(),
            1,
            "code.{ext}"
        );
    }
    let frame = std::fs::read(seed_dir().join("qr_frame/code-x2")).unwrap();
    let width = usize::from(u16::from_le_bytes([frame[0], frame[1]])) + 1;
    let pixels = &frame[3..];
    let found = tessera_core::qr::decode_frame(LumaFrame {
        width: u32::try_from(width).unwrap(),
        height: u32::try_from(pixels.len() / width).unwrap(),
        pixels,
    })
    .unwrap();
    assert_eq!(found.len(), 1);
}
