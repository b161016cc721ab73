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
    matches!(a.params, OtpParams::Totp { .. })
        .then(|| exact(a))
        .flatten()
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
    matches!(a.params, OtpParams::Steam { .. }).then(|| Expect {
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

/// Authy: third-party tokens are SHA1 with 30 s periods.
fn authy(a: &Account) -> Option<Expect> {
    (matches!(a.params, OtpParams::Totp { period: 30, .. })
        && a.params.algorithm() == Algorithm::Sha1)
        .then(|| exact(a))
        .flatten()
}

/// Duo: SHA1, 6 digits, 30 s, TOTP or HOTP, no issuer.
fn duo(a: &Account) -> Option<Expect> {
    let carried = a.params.algorithm() == Algorithm::Sha1
        && a.params.digits() == 6
        && matches!(
            a.params,
            OtpParams::Hotp { .. } | OtpParams::Totp { period: 30, .. }
        );
    carried.then(|| Expect {
        issuer: Some(String::new()),
        name: Some(a.name.clone()),
        params: a.params,
    })
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
    rule: BoxedRule,
    /// Accounts to compare with instead of the seven (Battle.net's own).
    vectors: Option<Vec<Account>>,
}

type BoxedRule = Box<dyn Fn(&Account) -> Option<Expect>>;

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
        vectors: None,
    }
}

impl Case {
    fn against(mut self, vectors: Vec<Account>) -> Self {
        self.vectors = Some(vectors);
        self
    }

    fn detected_as(mut self, format: Format) -> Self {
        self.detects_as = format;
        self
    }

    fn file(&self) -> String {
        self.path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
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
        case(
            own("aegis_encrypted.json"),
            Aegis,
            Some(SECOND_PASSWORD),
            exact,
        ),
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
        case(
            own("totp_authenticator.bin"),
            TotpAuthenticator,
            p,
            sha1_totp,
        ),
        case(own("steam.maFile"), Steam, None, steam_only),
        case(own("authy_plain.xml"), Authy, None, authy),
        case(own("authy_encrypted.xml"), Authy, p, authy),
        case(own("duo.json"), Duo, None, duo),
        case(own("battle_net.xml"), BattleNet, None, exact)
            .against(vec![import_support::battle_net_vector()]),
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

/// Authy's sample: the three TOTP accounts, made SHA1 with 30 s periods
/// (Authy's third-party tokens have no other), digits kept.
fn authy_shared(a: &Account) -> Option<Expect> {
    let OtpParams::Totp { digits, .. } = a.params else {
        return None;
    };
    Some(Expect {
        params: OtpParams::totp(Algorithm::Sha1, digits.into(), 30).unwrap(),
        ..exact(a)?
    })
}

/// Duo's sample: no issuer; SHA1/6/30 TOTP, and the HOTP account exported
/// after two codes were used (counter 3 where the vector has 1).
fn duo_shared(a: &Account) -> Option<Expect> {
    let params = match a.params {
        OtpParams::Hotp { .. } => OtpParams::hotp(Algorithm::Sha1, 6, 3).unwrap(),
        _ => OtpParams::default_totp(),
    };
    Some(Expect {
        issuer: Some(String::new()),
        name: Some(a.name.clone()),
        params,
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
        case(
            f("2fas_authenticator.json"),
            TwoFas,
            None,
            among(NO_STEAM, twofas_v1),
        ),
        case(
            f("2fas_authenticator_plain.2fas"),
            TwoFas,
            None,
            among(&["Deno", "Airbnb", "Issuu", "WWE"], twofas_v2),
        ),
        case(
            f("2fas_authenticator_encrypted.2fas"),
            TwoFas,
            test,
            among(&["Deno", "Airbnb", "Issuu", "WWE"], twofas_v2),
        ),
        case(
            f("2fas_authenticator_plain_v3.2fas"),
            TwoFas,
            None,
            among(NO_STEAM, exact),
        ),
        case(
            f("2fas_authenticator_encrypted_v3.2fas"),
            TwoFas,
            test,
            among(NO_STEAM, exact),
        ),
        case(
            f("2fas_authenticator_plain_v4.2fas"),
            TwoFas,
            None,
            among(&["Deno", "Issuu", "Air Canada", "WWE", "Boeing"], exact),
        ),
        case(
            f("2fas_authenticator_encrypted_v4.2fas"),
            TwoFas,
            test,
            among(&["Deno", "Issuu", "Air Canada", "WWE", "Boeing"], exact),
        ),
        case(f("andotp_plain.json"), AndOtp, None, exact),
        case(f("andotp_encrypted.bin"), AndOtp, test, exact),
        // Old andOTP versions had no Steam type.
        case(
            f("andotp_encrypted_old.bin"),
            AndOtp,
            test,
            among(NO_STEAM, exact),
        ),
        case(f("bitwarden.json"), Bitwarden, None, bitwarden_shared),
        case(f("bitwarden.csv"), Bitwarden, None, bitwarden_shared),
        case(f("ente_auth.txt"), Ente, None, exact),
        case(f("freeotp_plus.json"), FreeOtpPlus, None, not_steam),
        case(f("freeotp_v2_api23.xml"), FreeOtp, test, not_steam),
        case(f("freeotp_v2_api25.xml"), FreeOtp, test, not_steam),
        case(f("freeotp_v2_api27.xml"), FreeOtp, test, not_steam),
        case(f("freeotp_v2_api34.xml"), FreeOtp, test, not_steam),
        // One account whose algorithm is stored as null (SHA1 by default).
        case(
            f("freeotp_v2_null_algo.xml"),
            FreeOtp,
            test,
            among(&["Deno"], exact),
        ),
        case(f("proton_authenticator.json"), Proton, None, totp_only),
        case(f("steam.json"), Steam, None, steam_only),
        case(f("steam_old.json"), Steam, None, steam_only),
        case(f("stratum_plain.json"), Stratum, None, exact),
        case(f("stratum_encrypted.bin"), Stratum, test, exact),
        case(f("stratum_encrypted_legacy.bin"), Stratum, test, exact),
        case(
            f("totp_authenticator.bin"),
            TotpAuthenticator,
            Some("Testtest1"),
            totp_authenticator_shared,
        ),
        case(f("authy_plain.xml"), Authy, None, authy_shared),
        case(
            f("authy_encrypted.xml"),
            Authy,
            Some("testtest"),
            authy_shared,
        ),
        case(
            f("duo.json"),
            Duo,
            None,
            among(&["Deno", "Issuu"], duo_shared),
        ),
        case(f("battle_net_authenticator.xml"), BattleNet, None, exact)
            .against(vec![import_support::battle_net_vector()]),
    ]
}

/// Shared files of formats Tessera does not read (app-internal databases,
/// rooted-phone XML, other apps): `detect` must say so, not guess.
const SHARED_UNSUPPORTED: &[&str] = &[
    "authenticator_plus.zip",
    "freeotp.xml",
    "freeotp_plus_internal.xml",
    "google_authenticator.sqlite",
    "microsoft_authenticator.sqlite",
    "stratum_internal.db",
    "totp_authenticator_internal.xml",
];

/// Checks one case; returns a table row.
fn check(case: &Case, vectors: &[Account]) -> (String, Imported) {
    let vectors = case.vectors.as_deref().unwrap_or(vectors);
    let bytes = std::fs::read(&case.path).unwrap();
    let file = case.file();
    let detected = detect(&bytes).unwrap_or_else(|e| panic!("{file}: detect: {e}"));
    assert_eq!(detected.format, case.detects_as, "{file}: detected format");
    assert_eq!(
        detected.encrypted,
        case.password.is_some(),
        "{file}: encrypted?"
    );
    let forced = (case.detects_as != case.format).then_some(case.format);
    let got = read(&bytes, forced, case.password).unwrap_or_else(|e| panic!("{file}: read: {e}"));
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
        assert!(
            matched.insert(index),
            "{file}: {} imported twice",
            vector.issuer
        );
        let want = expected
            .iter()
            .find(|(i, _)| *i == index)
            .map(|(_, e)| e)
            .unwrap_or_else(|| panic!("{file}: {} should not be there", vector.issuer));
        assert_eq!(
            account.params, want.params,
            "{file}: {} parameters",
            vector.issuer
        );
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
        format!(
            "{}{}",
            detected.format.name(),
            if detected.encrypted {
                " (encrypted)"
            } else {
                ""
            }
        ),
        case.password.map_or("-", |_| "yes"),
        got.accounts.len(),
        got.skipped.len()
    );
    (row, got)
}

fn print_header(title: &str) {
    println!("\n{title}");
    println!(
        "{:<40} {:<28} {:>9} {:>3} {:>3}",
        "file", "detected", "password", "ok", "skip"
    );
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
        assert!(
            committed == bytes,
            "{name} differs from what import_support makes"
        );
    }
}

/// Rewrites the committed fixtures in `tests/fixtures/import/` from
/// `import_support` (and a fresh `keepass.kdbx`, whose salts the `keepass`
/// writer picks anew, so it changes every time).
///
/// Gated by `TESSERA_WRITE_FIXTURES=1`, not because it is slow but because it
/// writes into the source tree: an ordinary `cargo test` must never change
/// the files the other tests check. Without the variable it prints a notice
/// and does nothing. Run it on its own, so that no test reads the files while
/// they are rewritten:
/// `TESSERA_WRITE_FIXTURES=1 cargo test -p tessera-core --test import_formats write_fixtures`.
#[test]
fn write_fixtures() {
    if std::env::var("TESSERA_WRITE_FIXTURES").as_deref() != Ok("1") {
        println!("SKIPPED: fixtures not rewritten (set TESSERA_WRITE_FIXTURES=1 to rewrite them)");
        return;
    }
    for (name, bytes) in import_support::generate() {
        std::fs::write(own(name), bytes).unwrap();
    }
    std::fs::write(own("keepass.kdbx"), import_support::keepass_kdbx4()).unwrap();
}

/// Whether `tool` runs; unlike `support::available`, a missing tool is a
/// skip even under TESSERA_REAL_TOOLS=1 (KeePassXC is not part of the test
/// setup: this check is extra evidence, not a requirement).
fn installed(tool: &str) -> bool {
    let found = Command::new(tool).arg("--version").output().is_ok();
    if !found {
        println!("SKIPPED: {tool} is not installed (apt-get install keepassxc)");
    }
    found
}

#[test]
fn keepassxc_reads_our_kdbx() {
    if !installed("keepassxc-cli") {
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
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
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
    assert!(
        matches!(
            err,
            ImportError::Unsupported {
                format: Format::KeePass,
                ..
            }
        ),
        "{err}"
    );
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
    assert_eq!(
        vectors,
        import_support::vectors(),
        "vectors.txt is plain.txt"
    );
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
        // Said for what it is (an archive, an app's own database or
        // settings), with what to do instead.
        let Err(err @ ImportError::NotAnExport(_)) = result else {
            panic!("{name}: {result:?}");
        };
        println!("{name:<40} {:<28} ({err})", "not an export");
    }
    let present: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let unlisted: Vec<&String> = present.difference(&listed).collect();
    assert!(
        unlisted.is_empty(),
        "shared files not covered by this test: {unlisted:?}"
    );
}

// ---- codes against oathtool -------------------------------------------------

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn oathtool(args: &[String]) -> String {
    let out = Command::new("oathtool").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "oathtool {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Every account from every fixture (own and shared), each once.
fn every_imported_account() -> Vec<Account> {
    let mut cases = own_cases();
    if let Some(dir) = shared_dir() {
        cases.extend(shared_cases(&dir));
    }
    let mut all: Vec<Account> = Vec::new();
    for case in cases {
        let bytes = std::fs::read(&case.path).unwrap();
        let forced = (case.detects_as != case.format).then_some(case.format);
        for account in read(&bytes, forced, case.password).unwrap().accounts {
            if !all
                .iter()
                .any(|a| same_account(a, &account) && a.params == account.params)
            {
                all.push(account);
            }
        }
    }
    all
}

#[test]
fn codes_match_oathtool() {
    if !available("oathtool") {
        return;
    }
    let (mut checked, mut steam) = (0, 0);
    for account in every_imported_account() {
        let key = hex(account.key.expose());
        match account.params {
            OtpParams::Totp {
                algorithm,
                digits,
                period,
            } => {
                for time in [59u64, 1_111_111_109, 2_000_000_000 + u64::from(period) - 1] {
                    let want = oathtool(&[
                        format!("--totp={}", algorithm.as_str()),
                        format!("--digits={digits}"),
                        format!("--time-step-size={period}s"),
                        format!("--now=@{time}"),
                        key.clone(),
                    ]);
                    assert_eq!(
                        account.code_at(time).code,
                        want,
                        "{} at {time}",
                        account.issuer
                    );
                    checked += 1;
                }
            }
            OtpParams::Hotp {
                algorithm,
                digits,
                counter,
            } => {
                // oathtool's HOTP is SHA1 only; for SHA256/512, HOTP(c) is TOTP
                // with a 1 s step at time c.
                let want = if algorithm == Algorithm::Sha1 {
                    oathtool(&[
                        "--hotp".into(),
                        format!("--digits={digits}"),
                        format!("--counter={counter}"),
                        key.clone(),
                    ])
                } else {
                    oathtool(&[
                        format!("--totp={}", algorithm.as_str()),
                        format!("--digits={digits}"),
                        "--time-step-size=1s".into(),
                        format!("--now=@{counter}"),
                        key.clone(),
                    ])
                };
                assert_eq!(
                    account.code_at(0).code,
                    want,
                    "{} counter {counter}",
                    account.issuer
                );
                checked += 1;
            }
            OtpParams::Steam { .. } => steam += 1,
        }
    }
    println!("{checked} codes checked against oathtool; {steam} Steam accounts not (oathtool has no Steam codes)");
    // The project's own fixtures alone hold 4 distinct TOTP accounts (3 times
    // each) and 3 HOTP ones: 15 codes; the shared fixtures add more.
    assert!(checked >= 15, "only {checked} codes checked");
}

// ---- hostile files ----------------------------------------------------------

/// Key texts and passwords that must never appear in a message.
fn secrets() -> Vec<String> {
    let mut out: Vec<String> = import_support::vectors()
        .iter()
        .map(|a| a.key.to_base32().to_string())
        .collect();
    out.extend([
        PASSWORD.to_owned(),
        SECOND_PASSWORD.to_owned(),
        "Testtest1".to_owned(),
        "testtest".to_owned(),
    ]);
    out.push(
        import_support::battle_net_vector()
            .key
            .to_base32()
            .to_string(),
    );
    out
}

/// Reads `bytes`; a panic fails with what was read. Checks that what comes
/// back is valid and shows no secret.
fn survive(
    label: &str,
    bytes: &[u8],
    format: Option<Format>,
    password: Option<&str>,
    secrets: &[String],
) {
    let result = std::panic::catch_unwind(|| (detect(bytes), read(bytes, format, password)));
    let (detected, result) = result.unwrap_or_else(|_| panic!("panic on {label}"));
    let mut texts = vec![format!("{detected:?}")];
    match result {
        Ok(imported) => {
            for a in &imported.accounts {
                assert_eq!(a.params.validate(), Ok(a.params), "{label}");
                assert!(a.key.bits() >= 80, "{label}");
            }
            for s in &imported.skipped {
                texts.push(s.to_string());
                texts.push(format!("{s:?}"));
            }
        }
        Err(e) => {
            texts.push(e.to_string());
            texts.push(format!("{e:?}"));
        }
    }
    for text in texts {
        for secret in secrets {
            assert!(
                !text.contains(secret.as_str()),
                "{label}: a message shows a secret: {text}"
            );
        }
    }
}

fn all_fixture_files() -> Vec<(PathBuf, Format, Option<&'static str>)> {
    let mut cases = own_cases();
    if let Some(dir) = shared_dir() {
        cases.extend(shared_cases(&dir));
    }
    cases
        .into_iter()
        .map(|c| (c.path, c.format, c.password))
        .collect()
}

#[test]
fn truncated_files_never_panic() {
    let secrets = secrets();
    for (path, format, password) in all_fixture_files() {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // Every prefix, detected and forced, without a password (no key
        // derivation runs, so this is quick); a few prefixes with it.
        for cut in 0..bytes.len() {
            survive(
                &format!("{name}[..{cut}]"),
                &bytes[..cut],
                None,
                None,
                &secrets,
            );
            survive(
                &format!("{name}[..{cut}] as {format:?}"),
                &bytes[..cut],
                Some(format),
                None,
                &secrets,
            );
        }
        if password.is_some() {
            for cut in [bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
                survive(
                    &format!("{name}[..{cut}] with password"),
                    &bytes[..cut],
                    Some(format),
                    password,
                    &secrets,
                );
            }
        }
    }
}

#[test]
fn garbled_files_never_panic() {
    let secrets = secrets();
    let mut rng = Rng(0x1A9E_7E55_0002);
    for (path, format, password) in all_fixture_files() {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let rounds = if password.is_some() { 4 } else { 60 };
        for round in 0..rounds {
            let mut garbled = bytes.clone();
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(garbled.len() as u64) as usize;
                garbled[at] ^= 1 << rng.below(8);
            }
            survive(
                &format!("{name} flip {round}"),
                &garbled,
                None,
                password,
                &secrets,
            );
            survive(
                &format!("{name} flip {round} as {format:?}"),
                &garbled,
                Some(format),
                password,
                &secrets,
            );
        }
        for round in 0..20 {
            let mut garbled = bytes.clone();
            let at = rng.below(garbled.len() as u64) as usize;
            garbled[at] = rng.next_u64() as u8;
            survive(
                &format!("{name} byte {round}"),
                &garbled,
                Some(format),
                None,
                &secrets,
            );
        }
        for round in 0..5 {
            // Random bytes spliced in, or trailing garbage.
            let mut garbled = bytes.clone();
            let at = rng.below(garbled.len() as u64 + 1) as usize;
            let len = 1 + rng.below(64) as usize;
            garbled.splice(at..at, rng.bytes(len));
            survive(
                &format!("{name} splice {round}"),
                &garbled,
                Some(format),
                None,
                &secrets,
            );
        }
    }
}

#[test]
fn an_encrypted_file_with_one_bit_changed_is_refused() {
    // Authenticated formats: a changed byte in the sealed data is noticed.
    let cases: [(&str, &[u8]); 7] = [
        ("aegis_encrypted.json", b"\"db\":\""),
        ("2fas_encrypted.2fas", b"\"servicesEncrypted\":\""),
        ("proton_encrypted.json", b"\"content\":\""),
        ("ente_encrypted.json", b"\"encryptedData\":\""),
        ("bitwarden_encrypted_pbkdf2.json", b"\"data\":\"2."),
        ("stratum_encrypted.bin", b"AUTHENTICATORPRO"),
        ("andotp_encrypted.bin", b""),
    ];
    for (name, marker) in cases {
        let mut bytes = std::fs::read(own(name)).unwrap();
        let start = bytes
            .windows(marker.len().max(1))
            .position(|w| marker.is_empty() || w == marker)
            .unwrap();
        let at = start + marker.len() + 40;
        // A base64 letter becomes another one; a binary byte gets one bit flipped.
        bytes[at] = match bytes[at] {
            b'A' => b'B',
            c if c.is_ascii_alphanumeric() => b'A',
            c => c ^ 1,
        };
        let err = read(&bytes, None, Some(PASSWORD)).unwrap_err();
        assert!(
            matches!(
                err,
                ImportError::WrongPassword(_) | ImportError::Malformed { .. }
            ),
            "{name}: {err:?}"
        );
    }
}

fn edit(name: &str, from: &str, to: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(own(name)).unwrap();
    assert!(text.contains(from), "{name} has no {from}");
    text.replace(from, to).into_bytes()
}

fn assert_too_costly(label: &str, bytes: &[u8]) {
    let err = read(bytes, None, Some(PASSWORD)).unwrap_err();
    assert!(
        matches!(err, ImportError::KdfTooCostly { .. }),
        "{label}: {err:?}"
    );
    println!("{label}: {err}");
}

#[test]
fn huge_kdf_costs_are_refused() {
    assert_too_costly(
        "Aegis scrypt N=2^32",
        &edit("aegis_encrypted.json", r#""n":32768"#, r#""n":4294967296"#),
    );
    assert_too_costly(
        "Aegis scrypt r=1024",
        &edit("aegis_encrypted.json", r#""r":8"#, r#""r":1024"#),
    );
    assert_too_costly(
        "Bitwarden PBKDF2 2e9",
        &edit(
            "bitwarden_encrypted_pbkdf2.json",
            r#""kdfIterations":100000"#,
            r#""kdfIterations":2000000000"#,
        ),
    );
    assert_too_costly(
        "Bitwarden Argon2 4 GiB",
        &edit(
            "bitwarden_encrypted_argon2.json",
            r#""kdfMemory":16"#,
            r#""kdfMemory":4096"#,
        ),
    );
    assert_too_costly(
        "Bitwarden Argon2 1000 passes",
        &edit(
            "bitwarden_encrypted_argon2.json",
            r#""kdfIterations":3"#,
            r#""kdfIterations":1000"#,
        ),
    );
    assert_too_costly(
        "Ente 4 GiB",
        &edit(
            "ente_encrypted.json",
            r#""memLimit":67108864"#,
            r#""memLimit":4294967296"#,
        ),
    );
    assert_too_costly(
        "Ente 10^6 passes",
        &edit(
            "ente_encrypted.json",
            r#""opsLimit":2"#,
            r#""opsLimit":1000000"#,
        ),
    );
    // KeePass: the Argon2 memory in the KDBX header's parameter dictionary.
    let mut kdbx = std::fs::read(own("keepass.kdbx")).unwrap();
    let marker = b"\x05\x01\x00\x00\x00M\x08\x00\x00\x00";
    let at = kdbx
        .windows(marker.len())
        .position(|w| w == marker)
        .unwrap()
        + marker.len();
    kdbx[at..at + 8].copy_from_slice(&(8u64 << 30).to_le_bytes());
    assert_too_costly("KeePass Argon2 8 GiB", &kdbx);
    // FreeOTP: a master key asking for two billion PBKDF2 iterations.
    let master = r#"{"mAlgorithm":"PBKDF2withHmacSHA512","mEncryptedKey":{"mCipher":"AES/GCM/NoPadding","mCipherText":[1,2,3],"mParameters":[4,2,9,9],"mToken":"AES"},"mIterations":2000000000,"mSalt":[1,2,3,4]}"#;
    let freeotp = import_support::java_hashmap(&[("masterKey".into(), master.into())]);
    assert_too_costly("FreeOTP PBKDF2 2e9", &freeotp);
    // 2FAS (PBKDF2, 10,000), Proton (Argon2id 19 MiB × 2) and Stratum
    // (Argon2id 64 MiB × 3, or PBKDF2 64,000) fix their costs in code: their
    // files carry no parameter to inflate.
}

#[test]
fn a_file_over_20_mb_is_refused() {
    let mut big = std::fs::read(own("otpauth.txt")).unwrap();
    big.resize(21 * 1024 * 1024, b'\n');
    assert!(matches!(detect(&big), Err(ImportError::TooLarge { .. })));
    for format in Format::ALL {
        assert!(matches!(
            read(&big, Some(*format), Some("x")),
            Err(ImportError::TooLarge { .. })
        ));
    }
}

#[test]
fn json_bombs_and_encodings() {
    let bomb = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(detect(bomb.as_bytes()), Err(ImportError::UnknownFormat));
    for format in [
        Format::Aegis,
        Format::AndOtp,
        Format::Bitwarden,
        Format::TwoFas,
    ] {
        // Refused, or (andOTP: a list of one very deep entry) that entry skipped.
        match read(bomb.as_bytes(), Some(format), None) {
            Err(ImportError::Malformed { .. }) => {}
            Ok(got) if got.accounts.is_empty() && got.skipped.len() == 1 => {}
            other => panic!("{format:?}: {other:?}"),
        }
    }
    let nested = format!(
        r#"{{"version":1,"header":{{"slots":null,"params":null}},"db":{{"version":2,"entries":[{}1{}]}}}}"#,
        "[".repeat(5000),
        "]".repeat(5000)
    );
    // Too deep to detect; read as Aegis, the deep entry is skipped.
    assert_eq!(detect(nested.as_bytes()), Err(ImportError::UnknownFormat));
    let got = read(nested.as_bytes(), Some(Format::Aegis), None).unwrap();
    assert!(got.accounts.is_empty() && got.skipped.len() == 1, "{got:?}");

    let text = std::fs::read_to_string(own("otpauth.txt")).unwrap();
    let want = read(text.as_bytes(), None, None).unwrap().accounts;
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(text.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    for bytes in [bom, utf16] {
        assert_eq!(detect(&bytes).unwrap().format, Format::Otpauth);
        assert_eq!(read(&bytes, None, None).unwrap().accounts, want);
    }
    assert_eq!(detect(b""), Err(ImportError::UnknownFormat));
}

#[test]
fn files_that_are_not_exports_are_named_with_what_to_do() {
    use tessera_core::import::NotExport;
    let prefs = "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n    <string name=\"tokenOrder\">[]</string>\n</map>\n";
    for (bytes, kind, says) in [
        (
            &b"SQLite format 3\0\x10\0"[..],
            NotExport::Database,
            "make an export in that app",
        ),
        (b"PK\x03\x04\x14\0", NotExport::Zip, "unpack it"),
        (b"%PDF-1.7\n", NotExport::Pdf, "scan its QR codes"),
        (
            b"\x89PNG\r\n\x1a\n",
            NotExport::Picture,
            "tessera scan --image",
        ),
        (
            prefs.as_bytes(),
            NotExport::AppSettings,
            "make an export in that app",
        ),
    ] {
        let err = detect(bytes).unwrap_err();
        assert_eq!(err, ImportError::NotAnExport(kind));
        let message = err.to_string();
        assert!(
            message.contains("not an export file") && message.contains(says),
            "{message}"
        );
        // Reading it says the same.
        assert_eq!(read(bytes, None, None).unwrap_err(), err);
    }
}

#[test]
fn bad_entries_are_skipped_not_fatal() {
    // One good account among entries each wrong in a different way.
    let file = br#"{"version":1,"header":{"slots":null,"params":null},"db":{"version":2,"entries":[
      {"type":"totp","name":"ok","issuer":"Good","info":{"secret":"4SJHB4GSD43FZBAI7C2HLRJGPQ","algo":"SHA1","digits":6,"period":30}},
      {"type":"totp","name":"a","issuer":"Ten digits","info":{"secret":"4SJHB4GSD43FZBAI7C2HLRJGPQ","algo":"SHA1","digits":10,"period":30}},
      {"type":"totp","name":"b","issuer":"Period 0","info":{"secret":"4SJHB4GSD43FZBAI7C2HLRJGPQ","algo":"SHA1","digits":6,"period":0}},
      {"type":"totp","name":"c","issuer":"MD5","info":{"secret":"4SJHB4GSD43FZBAI7C2HLRJGPQ","algo":"MD5","digits":6,"period":30}},
      {"type":"totp","name":"d","issuer":"Short","info":{"secret":"GEZDGNBV","algo":"SHA1","digits":6,"period":30}},
      {"type":"totp","name":"e","issuer":"Not base32","info":{"secret":"4SJHB4GSD43FZBAI7C2HLRJGP0","algo":"SHA1","digits":6,"period":30}},
      {"type":"hotp","name":"f","issuer":"Negative","info":{"secret":"4SJHB4GSD43FZBAI7C2HLRJGPQ","algo":"SHA1","digits":6,"counter":-1}},
      {"type":"yandex","name":"g","issuer":"Yandex","info":{"secret":"4SJHB4GSD43FZBAI7C2HLRJGPQ","pin":"1"}},
      {"type":"motp","name":"h","issuer":"MOTP","info":{"secret":"4SJHB4GSD43FZBAI7C2HLRJGPQ"}},
      {"type":"totp","name":"i","issuer":"No info"},
      "not even an object"
    ]}}"#;
    let got = read(file, None, None).unwrap();
    assert_eq!(got.accounts.len(), 1);
    let lines: Vec<String> = got.skipped.iter().map(|s| s.to_string()).collect();
    for line in &lines {
        println!("skipped: {line}");
        assert!(!line.contains("4SJHB4GSD43FZBAI7C2HLRJGP"), "{line}");
    }
    assert_eq!(lines.len(), 10);
    assert_eq!(
        lines[0],
        "Ten digits (a): 10 digits is not supported (use 6, 7 or 8)"
    );
    assert_eq!(
        lines[1],
        "Period 0 (b): a period of 0 seconds is not supported (use 1 to 3600)"
    );
    assert!(
        lines[2].starts_with("MD5 (c): the algorithm 'MD5' is not supported"),
        "{}",
        lines[2]
    );
    assert_eq!(
        lines[3],
        "Short (d): the key is too short: 40 bits, at least 80 are needed"
    );
    assert!(
        lines[4].starts_with("Not base32 (e): the key is not valid"),
        "{}",
        lines[4]
    );
    assert_eq!(lines[5], "Negative (f): the counter -1 is negative");
    assert_eq!(lines[6], "Yandex (g): Yandex OTP is not supported");
    assert_eq!(lines[7], "MOTP (h): MOTP is not supported");
    assert!(lines[8].starts_with("entry 10: "), "{}", lines[8]);
    assert!(lines[9].starts_with("entry 11: "), "{}", lines[9]);
}

// ---- properties: every label and parameter survives ---------------------------

mod properties {
    use super::*;
    use proptest::prelude::*;
    use tessera_core::SecretKey;

    fn algorithm() -> impl Strategy<Value = Algorithm> {
        prop_oneof![
            Just(Algorithm::Sha1),
            Just(Algorithm::Sha256),
            Just(Algorithm::Sha512)
        ]
    }

    fn params() -> impl Strategy<Value = OtpParams> {
        prop_oneof![
            (algorithm(), 6u32..=8, 1u64..=3600)
                .prop_map(|(a, d, p)| OtpParams::totp(a, d, p).unwrap()),
            (algorithm(), 6u32..=8, any::<u64>())
                .prop_map(|(a, d, c)| OtpParams::hotp(a, d, c).unwrap()),
            (1u64..=3600).prop_map(|p| OtpParams::steam(p).unwrap()),
        ]
    }

    fn label() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9 :%+&=?#/@._~\"\\\\-]{0,24}",
            any::<String>(),
            "\\PC{0,16}"
        ]
        .prop_map(|s| s.trim().to_owned())
    }

    fn account() -> impl Strategy<Value = Account> {
        (
            label(),
            label(),
            params(),
            proptest::collection::vec(any::<u8>(), 10..64),
        )
            .prop_map(|(issuer, name, params, key)| Account {
                issuer,
                name,
                params,
                key: SecretKey::from_bytes(key),
                image: None,
            })
    }

    /// The Aegis plain vault of these accounts, written with serde_json.
    fn aegis(accounts: &[Account]) -> String {
        let entries: Vec<serde_json::Value> = accounts
            .iter()
            .map(|a| {
                let mut info = serde_json::json!({
                    "secret": a.key.to_base32().as_str(),
                    "algo": a.params.algorithm().as_str(),
                    "digits": a.params.digits(),
                });
                match a.params {
                    OtpParams::Hotp { counter, .. } => info["counter"] = counter.into(),
                    _ => info["period"] = a.params.period().unwrap_or(30).into(),
                }
                serde_json::json!({"type": a.params.kind().as_str(), "uuid": "u", "name": a.name, "issuer": a.issuer, "info": info})
            })
            .collect();
        serde_json::json!({"version": 1, "header": {"slots": null, "params": null}, "db": {"version": 3, "entries": entries}})
            .to_string()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn otpauth_list_round_trip(accounts in proptest::collection::vec(account(), 1..8)) {
            let text: String = accounts.iter().map(|a| format!("{}\n", a.to_uri().as_str())).collect();
            let got = read(text.as_bytes(), Some(Format::Otpauth), None).unwrap();
            prop_assert!(got.skipped.is_empty(), "{:?}", got.skipped);
            prop_assert_eq!(got.accounts, accounts);
        }

        #[test]
        fn aegis_plain_round_trip(accounts in proptest::collection::vec(account(), 1..8)) {
            let file = aegis(&accounts);
            prop_assert_eq!(detect(file.as_bytes()).unwrap().format, Format::Aegis);
            let got = read(file.as_bytes(), None, None).unwrap();
            prop_assert!(got.skipped.is_empty(), "{:?}", got.skipped);
            prop_assert_eq!(got.accounts, accounts);
        }

        #[test]
        fn any_text_never_panics(text in any::<String>()) {
            for format in Format::ALL {
                let _ = read(text.as_bytes(), Some(*format), Some("pw"));
            }
            let _ = detect(text.as_bytes());
        }
    }
}
