//! Imports: Tessera's own fixtures for every format (`tests/fixtures/import/`,
//! made by `import_support`), the Aegis project's real export files from
//! `../shared/fixtures/imports/aegis-test-vectors/` when present, codes against
//! `oathtool`, and hostile files (truncated, garbled, huge KDF costs, too big).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod import_support;
mod support;

use import_support::{PASSWORD, SECOND_PASSWORD};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{available, Rng};
use tessera_core::import::{detect, read, same_account, Format, ImportError, Imported};
use tessera_core::otp::{Algorithm, OtpParams};
use tessera_core::Account;

/// What a file should yield for one of the seven accounts.
#[derive(Debug, Clone, PartialEq)]
struct Expect {
    /// `None`: not compared (the format does not carry it).
    issuer: Option<String>,
    name: Option<String>,
    params: OtpParams,
}

type Rule = fn(&Account) -> Option<Expect>;

fn exact(a: &Account) -> Option<Expect> {
    Some(Expect {
        issuer: Some(a.issuer.clone()),
        name: Some(a.name.clone()),
        params: a.params,
    })
}

fn totp_only(a: &Account) -> Option<Expect> {
    matches!(a.params, OtpParams::Totp { .. }).then(|| exact(a)).flatten()
}

fn not_steam(a: &Account) -> Option<Expect> {
    (!matches!(a.params, OtpParams::Steam { .. }))
        .then(|| exact(a))
        .flatten()
}

fn totp_or_steam(a: &Account) -> Option<Expect> {
    match a.params {
        OtpParams::Hotp { .. } => None,
        OtpParams::Steam { .. } => Some(Expect {
            issuer: Some("Steam".into()),
            ..exact(a)?
        }),
        _ => exact(a),
    }
}

fn steam_only(a: &Account) -> Option<Expect> {
    matches!(a.params, OtpParams::Steam { .. })
        .then(|| Expect {
            issuer: Some("Steam".into()),
            name: Some(a.name.clone()),
            params: a.params,
        })
}

fn winauth(a: &Account) -> Option<Expect> {
    // WinAuth's one name becomes the issuer; there is no account name.
    Some(Expect {
        name: Some(String::new()),
        ..exact(a)?
    })
}

fn google(a: &Account) -> Option<Expect> {
    let carried = !matches!(a.params, OtpParams::Steam { .. })
        && matches!(a.params.digits(), 6 | 8)
        && a.params.period().unwrap_or(30) == 30;
    carried.then(|| exact(a)).flatten()
}

fn sha1_totp(a: &Account) -> Option<Expect> {
    (matches!(a.params, OtpParams::Totp { .. }) && a.params.algorithm() == Algorithm::Sha1)
        .then(|| exact(a))
        .flatten()
}

/// Only the accounts with these issuers (what that export happened to hold).
fn among(issuers: &'static [&'static str], rule: Rule) -> impl Fn(&Account) -> Option<Expect> {
    move |a| {
        if issuers.contains(&a.issuer.as_str()) {
            rule(a)
        } else {
            None
        }
    }
}

const NO_STEAM: &[&str] = &["Deno", "SPDX", "Airbnb", "Issuu", "Air Canada", "WWE"];

/// One file and what it must give.
struct Case {
    path: PathBuf,
    format: Format,
    /// What `detect` says: the format, except for URI lists that look alike.
    detects_as: Format,
    password: Option<&'static str>,
    rule: Box<dyn Fn(&Account) -> Option<Expect>>,
}

fn case(
    path: PathBuf,
    format: Format,
    password: Option<&'static str>,
    rule: impl Fn(&Account) -> Option<Expect> + 'static,
) -> Case {
    Case {
        path,
        format,
        detects_as: format,
        password,
        rule: Box::new(rule),
    }
}

impl Case {
    fn detected_as(mut self, format: Format) -> Self {
        self.detects_as = format;
        self
    }

    fn file(&self) -> String {
        self.path.file_name().unwrap().to_string_lossy().into_owned()
    }
}

fn own(name: &str) -> PathBuf {
    import_support::dir().join(name)
}

fn own_cases() -> Vec<Case> {
    use Format::*;
    let p = Some(PASSWORD);
    vec![
        case(own("otpauth.txt"), Otpauth, None, exact),
        case(own("winauth.txt"), WinAuth, None, winauth).detected_as(Otpauth),
        case(own("google.txt"), Google, None, google),
        case(own("aegis_plain.json"), Aegis, None, exact),
        case(own("aegis_encrypted.json"), Aegis, p, exact),
        case(own("aegis_encrypted.json"), Aegis, Some(SECOND_PASSWORD), exact),
        case(own("2fas_plain.2fas"), TwoFas, None, exact),
        case(own("2fas_encrypted.2fas"), TwoFas, p, exact),
        case(own("bitwarden.json"), Bitwarden, None, exact),
        case(own("bitwarden.csv"), Bitwarden, None, exact),
        case(own("bitwarden_authenticator.json"), Bitwarden, None, exact),
        case(own("bitwarden_encrypted_pbkdf2.json"), Bitwarden, p, exact),
        case(own("bitwarden_encrypted_argon2.json"), Bitwarden, p, exact),
        case(own("ente_plain.txt"), Ente, None, exact),
        case(own("ente_encrypted.json"), Ente, p, exact),
        case(own("proton_plain.json"), Proton, None, totp_or_steam),
        case(own("proton_encrypted.json"), Proton, p, totp_or_steam),
        case(own("stratum_plain.json"), Stratum, None, exact),
        case(own("stratum.html"), Stratum, None, exact),
        case(own("stratum_uris.txt"), Stratum, None, exact).detected_as(Otpauth),
        case(own("stratum_encrypted.bin"), Stratum, p, exact),
        case(own("stratum_encrypted_legacy.bin"), Stratum, p, exact),
        case(own("andotp_plain.json"), AndOtp, None, exact),
        case(own("andotp_encrypted.bin"), AndOtp, p, exact),
        case(own("andotp_encrypted_old.bin"), AndOtp, p, exact),
        case(own("freeotp_externalBackup.xml"), FreeOtp, p, not_steam),
        case(own("freeotp_plus.json"), FreeOtpPlus, None, not_steam),
        case(own("lastpass.json"), LastPass, None, totp_only),
        case(own("lastpass_wrapped.json"), LastPass, None, totp_only),
        case(own("keepass.kdbx"), KeePass, p, exact),
        case(own("totp_authenticator.bin"), TotpAuthenticator, p, sha1_totp),
        case(own("steam.maFile"), Steam, None, steam_only),
    ]
}

fn shared_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/imports/aegis-test-vectors");
    if dir.exists() {
        Some(dir)
    } else {
        println!("SKIPPED: ../shared/fixtures/imports/aegis-test-vectors is not present");
        None
    }
}

/// 2FAS schema 1: no type, digits, period or algorithm (TOTP, 6, 30 s, SHA1).
fn twofas_v1(a: &Account) -> Option<Expect> {
    Some(Expect {
        params: OtpParams::default_totp(),
        ..exact(a)?
    })
}

/// 2FAS schema 2: TOTP only, with its digits, period (30 s when absent) and algorithm.
fn twofas_v2(a: &Account) -> Option<Expect> {
    Some(Expect {
        params: OtpParams::totp(
            a.params.algorithm(),
            a.params.digits().into(),
            a.params.period().unwrap_or(30).into(),
        )
        .unwrap(),
        ..exact(a)?
    })
}

/// Bitwarden's `steam://KEY` has no names: the shared file's item names are "Test …".
fn bitwarden_shared(a: &Account) -> Option<Expect> {
    match a.params {
        OtpParams::Steam { .. } => Some(Expect {
            issuer: None,
            name: None,
            params: a.params,
        }),
        OtpParams::Totp { .. } => exact(a),
        OtpParams::Hotp { .. } => None,
    }
}

/// TOTP Authenticator keeps digits and period but has no algorithm field
/// (the app makes SHA1 codes), and lower-cases names.
fn totp_authenticator_shared(a: &Account) -> Option<Expect> {
    let OtpParams::Totp { digits, period, .. } = a.params else {
        return None;
    };
    Some(Expect {
        name: Some(a.name.to_lowercase()),
        params: OtpParams::totp(Algorithm::Sha1, digits.into(), period.into()).unwrap(),
        ..exact(a)?
    })
}

fn shared_cases(dir: &Path) -> Vec<Case> {
    use Format::*;
    let f = |name: &str| dir.join(name);
    let test = Some("test");
    vec![
        case(f("plain.txt"), Otpauth, None, exact),
        case(f("aegis_plain.json"), Aegis, None, exact),
        case(f("aegis_plain_grouped_v2.json"), Aegis, None, exact),
        case(f("aegis_encrypted.json"), Aegis, test, exact),
        case(f("2fas_authenticator.json"), TwoFas, None, among(NO_STEAM, twofas_v1)),
        case(f("2fas_authenticator_plain.2fas"), TwoFas, None, among(&["Deno", "Airbnb", "Issuu", "WWE"], twofas_v2)),
        case(f("2fas_authenticator_encrypted.2fas"), TwoFas, test, among(&["Deno", "Airbnb", "Issuu", "WWE"], twofas_v2)),
        case(f("2fas_authenticator_plain_v3.2fas"), TwoFas, None, among(NO_STEAM, exact)),
        case(f("2fas_authenticator_encrypted_v3.2fas"), TwoFas, test, among(NO_STEAM, exact)),
        case(f("2fas_authenticator_plain_v4.2fas"), TwoFas, None, among(&["Deno", "Issuu", "Air Canada", "WWE", "Boeing"], exact)),
        case(f("2fas_authenticator_encrypted_v4.2fas"), TwoFas, test, among(&["Deno", "Issuu", "Air Canada", "WWE", "Boeing"], exact)),
        case(f("andotp_plain.json"), AndOtp, None, exact),
        case(f("andotp_encrypted.bin"), AndOtp, test, exact),
        // Old andOTP versions had no Steam type.
        case(f("andotp_encrypted_old.bin"), AndOtp, test, among(NO_STEAM, exact)),
        case(f("bitwarden.json"), Bitwarden, None, bitwarden_shared),
        case(f("bitwarden.csv"), Bitwarden, None, bitwarden_shared),
        case(f("ente_auth.txt"), Ente, None, exact),
        case(f("freeotp_plus.json"), FreeOtpPlus, None, not_steam),
        case(f("freeotp_v2_api23.xml"), FreeOtp, test, not_steam),
        case(f("freeotp_v2_api25.xml"), FreeOtp, test, not_steam),
        case(f("freeotp_v2_api27.xml"), FreeOtp, test, not_steam),
        case(f("freeotp_v2_api34.xml"), FreeOtp, test, not_steam),
        // One account whose algorithm is stored as null (SHA1 by default).
        case(f("freeotp_v2_null_algo.xml"), FreeOtp, test, among(&["Deno"], exact)),
        case(f("proton_authenticator.json"), Proton, None, totp_only),
        case(f("steam.json"), Steam, None, steam_only),
        case(f("steam_old.json"), Steam, None, steam_only),
        case(f("stratum_plain.json"), Stratum, None, exact),
        case(f("stratum_encrypted.bin"), Stratum, test, exact),
        case(f("stratum_encrypted_legacy.bin"), Stratum, test, exact),
        case(f("totp_authenticator.bin"), TotpAuthenticator, Some("Testtest1"), totp_authenticator_shared),
    ]
}

/// Shared files of formats Tessera does not read (app-internal databases,
/// rooted-phone XML, other apps): `detect` must say so, not guess.
const SHARED_UNSUPPORTED: &[&str] = &[
    "authenticator_plus.zip",
    "authy_encrypted.xml",
    "authy_plain.xml",
    "battle_net_authenticator.xml",
    "duo.json",
    "freeotp.xml",
    "freeotp_plus_internal.xml",
    "google_authenticator.sqlite",
    "microsoft_authenticator.sqlite",
    "stratum_internal.db",
    "totp_authenticator_internal.xml",
];

/// Checks one case; returns a table row.
fn check(case: &Case, vectors: &[Account]) -> (String, Imported) {
    let bytes = std::fs::read(&case.path).unwrap();
    let file = case.file();
    let detected = detect(&bytes).unwrap_or_else(|e| panic!("{file}: detect: {e}"));
    assert_eq!(detected.format, case.detects_as, "{file}: detected format");
    assert_eq!(detected.encrypted, case.password.is_some(), "{file}: encrypted?");
    let forced = (case.detects_as != case.format).then_some(case.format);
    let got = read(&bytes, forced, case.password)
        .unwrap_or_else(|e| panic!("{file}: read: {e}"));
    assert_eq!(got.format, case.format, "{file}");
    assert!(got.skipped.is_empty(), "{file}: skipped {:?}", got.skipped);
    let expected: Vec<(usize, Expect)> = vectors
        .iter()
        .enumerate()
        .filter_map(|(i, v)| (case.rule)(v).map(|e| (i, e)))
        .collect();
    let mut matched = BTreeSet::new();
    for account in &got.accounts {
        let (index, vector) = vectors
            .iter()
            .enumerate()
            .find(|(_, v)| v.key == account.key)
            .unwrap_or_else(|| panic!("{file}: an account whose key is not among the vectors"));
        assert!(matched.insert(index), "{file}: {} imported twice", vector.issuer);
        let want = expected
            .iter()
            .find(|(i, _)| *i == index)
            .map(|(_, e)| e)
            .unwrap_or_else(|| panic!("{file}: {} should not be there", vector.issuer));
        assert_eq!(account.params, want.params, "{file}: {} parameters", vector.issuer);
        if let Some(issuer) = &want.issuer {
            assert_eq!(&account.issuer, issuer, "{file}: issuer");
        }
        if let Some(name) = &want.name {
            assert_eq!(&account.name, name, "{file}: name of {}", vector.issuer);
        }
    }
    assert_eq!(
        matched.len(),
        expected.len(),
        "{file}: {} of {} expected accounts",
        matched.len(),
        expected.len()
    );
    if let Some(password) = case.password {
        let wrong = format!("{password}x");
        assert_eq!(
            read(&bytes, forced, Some(&wrong)).unwrap_err(),
            ImportError::WrongPassword(case.format),
            "{file}: wrong password"
        );
        assert_eq!(
            read(&bytes, forced, None).unwrap_err(),
            ImportError::PasswordNeeded(case.format),
            "{file}: no password"
        );
    }
    let row = format!(
        "{file:<40} {:<28} {:>9} {:>3} {:>3}",
        format!("{}{}", detected.format.name(), if detected.encrypted { " (encrypted)" } else { "" }),
        case.password.map_or("-", |_| "yes"),
        got.accounts.len(),
        got.skipped.len()
    );
    (row, got)
}

fn print_header(title: &str) {
    println!("\n{title}");
    println!("{:<40} {:<28} {:>9} {:>3} {:>3}", "file", "detected", "password", "ok", "skip");
}

#[test]
fn own_fixtures() {
    let vectors = import_support::vectors();
    assert_eq!(vectors.len(), 7);
    print_header("own fixtures (tests/fixtures/import)");
    for case in own_cases() {
        let (row, _) = check(&case, &vectors);
        println!("{row}");
    }
}

#[test]
fn own_fixtures_are_what_the_generator_makes() {
    for (name, bytes) in import_support::generate() {
        let committed = std::fs::read(own(name)).unwrap_or_else(|_| panic!("{name} is missing"));
        assert!(committed == bytes, "{name} differs from what import_support makes");
    }
}

/// Rewrites the fixtures (run with TESSERA_WRITE_FIXTURES=1 and --ignored).
#[test]
#[ignore]
fn write_fixtures() {
    if std::env::var("TESSERA_WRITE_FIXTURES").as_deref() != Ok("1") {
        return;
    }
    for (name, bytes) in import_support::generate() {
        std::fs::write(own(name), bytes).unwrap();
    }
    std::fs::write(own("keepass.kdbx"), import_support::keepass_kdbx4()).unwrap();
}

#[test]
fn keepassxc_reads_our_kdbx() {
    if !available("keepassxc-cli") {
        return;
    }
    // The real KeePassXC opens the fixture and finds the same OTP fields.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "printf '%s\\n' '{PASSWORD}' | keepassxc-cli show -q -s -a otp '{}' Deno",
            own("keepass.kdbx").display()
        ))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let uri = String::from_utf8(out.stdout).unwrap();
    let account: Account = uri.trim().parse().unwrap();
    assert!(same_account(&account, &import_support::vectors()[0]));
}

#[test]
fn keepassxc_kdbx3_is_refused() {
    // Made by keepassxc-cli 2.7.4 `import` (KDBX 3.1, AES-KDF), password in the README.
    let bytes = std::fs::read(own("keepassxc_kdbx3.kdbx")).unwrap();
    assert_eq!(detect(&bytes).unwrap().format, Format::KeePass);
    let err = read(&bytes, None, Some(PASSWORD)).unwrap_err();
    assert!(matches!(err, ImportError::Unsupported { format: Format::KeePass, .. }), "{err}");
    assert!(err.to_string().contains("KDBX 3"), "{err}");
}

#[test]
fn shared_fixtures() {
    let Some(dir) = shared_dir() else { return };
    let vectors: Vec<Account> = std::fs::read_to_string(dir.join("plain.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.parse().unwrap())
        .collect();
    assert_eq!(vectors, import_support::vectors(), "vectors.txt is plain.txt");
    let cases = shared_cases(&dir);
    let mut listed: BTreeSet<String> = SHARED_UNSUPPORTED.iter().map(|s| s.to_string()).collect();
    print_header("shared fixtures (Aegis test vectors)");
    for case in &cases {
        let (row, _) = check(case, &vectors);
        println!("{row}");
        listed.insert(case.file());
    }
    for name in SHARED_UNSUPPORTED {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let result = detect(&bytes);
        assert_eq!(result, Err(ImportError::UnknownFormat), "{name}");
        println!("{name:<40} {:<28} (format not supported)", "unknown");
    }
    let present: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let unlisted: Vec<&String> = present.difference(&listed).collect();
    assert!(unlisted.is_empty(), "shared files not covered by this test: {unlisted:?}");
}
