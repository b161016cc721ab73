//! Imports, exports, backups and restores through the real `tessera` binary
//! and the real keychain: codes equal oathtool's, exit statuses as the README
//! promises, and no key in any file written (backups and exports are
//! ciphertext, except an otpauth list made with --plain).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::{Path, PathBuf};
use support::{keychain_available, oathtool_totp, run_with_stdin, tool_available, Env};

const PASSWORD: &str = "correct horse battery staple";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tessera-core/tests/fixtures/import")
        .join(name)
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every base32 key of the fixture accounts (as otpauth.txt lists them).
fn fixture_keys() -> Vec<String> {
    std::fs::read_to_string(fixture("otpauth.txt"))
        .unwrap()
        .lines()
        .filter_map(|l| l.split("secret=").nth(1))
        .map(|rest| rest.split('&').next().unwrap().to_owned())
        .collect()
}

/// No file under `dir` holds any of `keys`.
fn assert_no_key_in(dir: &Path, keys: &[String]) {
    for entry in walk(dir) {
        let text = String::from_utf8_lossy(&std::fs::read(&entry).unwrap()).into_owned();
        for key in keys {
            assert!(
                !text.contains(key.as_str()),
                "{} holds a key",
                entry.display()
            );
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn import_previews_adds_and_says_what_it_skipped() {
    // Dry runs need no keychain.
    let env = Env::new("import-dry");
    let out = env.run(&[
        "import",
        "--dry-run",
        "--json",
        fixture("aegis_plain.json").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["format"], "aegis");
    assert_eq!(v["accounts"].as_array().unwrap().len(), 7);
    assert_eq!(v["skipped"], serde_json::json!([]));
    let hotp = v["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["counter"] == 10300)
        .expect("the HOTP account with counter 10300");
    assert_eq!(hotp["type"], "hotp");
    assert!(
        !stdout(&out).contains("secret"),
        "keys only with --show-secret"
    );
    let keys = fixture_keys();
    let out = env.run(&[
        "import",
        "--dry-run",
        "--json",
        "--show-secret",
        fixture("aegis_plain.json").to_str().unwrap(),
    ]);
    assert!(keys.iter().any(|k| stdout(&out).contains(k.as_str())));
    // Encrypted: the password, a wrong one (exit 2), none on a pipe (exit 2).
    let enc = fixture("aegis_encrypted.json");
    let out = run_with_stdin(
        &env,
        &[
            "import",
            "--dry-run",
            "--password-stdin",
            enc.to_str().unwrap(),
        ],
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 7);
    let out = run_with_stdin(
        &env,
        &[
            "import",
            "--dry-run",
            "--password-stdin",
            enc.to_str().unwrap(),
        ],
        "not it\n",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("wrong password"), "{}", stderr(&out));
    let out = run_with_stdin(&env, &["import", "--dry-run", enc.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--password-stdin"),
        "{}",
        stderr(&out)
    );
    // Unknown formats and missing files: exit 2.
    let junk = env.data.path().join("junk.bin");
    std::fs::write(&junk, b"\x00\x01 not an export").unwrap();
    assert_eq!(
        env.run(&["import", "--dry-run", junk.to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        env.run(&["import", "--dry-run", "/no/such/file"])
            .status
            .code(),
        Some(2)
    );
    // Some entries cannot be imported: exit 1, each named on stderr.
    let mixed = env.data.path().join("mixed.txt");
    std::fs::write(
        &mixed,
        "otpauth://totp/Good:a?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\notpauth://totp/Short:b?secret=JBSW\n",
    )
    .unwrap();
    let out = env.run(&["import", "--dry-run", mixed.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("1 of 2 accounts can be imported"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("Short"), "{}", stderr(&out));
    let list = env.run(&["import", "--list-formats"]);
    assert!(stdout(&list).contains("aegis") && stdout(&list).contains("keepass"));
}

#[test]
fn imported_accounts_give_oathtools_codes_and_are_not_added_twice() {
    if !keychain_available() || !tool_available("oathtool") {
        return;
    }
    let env = Env::new("import");
    let enc = fixture("2fas_encrypted.2fas");
    let out = run_with_stdin(
        &env,
        &["import", "--password-stdin", enc.to_str().unwrap()],
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("7 accounts added"),
        "{}",
        stderr(&out)
    );
    // Each TOTP SHA1 account: the code equals oathtool's.
    let list: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 7);
    let uris = std::fs::read_to_string(fixture("otpauth.txt")).unwrap();
    let deno = uris.lines().find(|l| l.contains("Deno:Mason")).unwrap();
    let key = deno
        .split("secret=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    assert_eq!(
        env.ok(&["code", "Deno", "--at", "1000000"]).trim(),
        oathtool_totp(key, 1_000_000, 6)
    );
    // Importing the same file again adds nothing.
    let out = run_with_stdin(
        &env,
        &["import", "--password-stdin", enc.to_str().unwrap()],
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("0 accounts added") && stderr(&out).contains("7 already here"),
        "{}",
        stderr(&out)
    );
    assert_no_key_in(env.data.path(), &fixture_keys());
}

#[test]
fn exports_ask_for_the_pin_and_import_back_elsewhere() {
    if !keychain_available() {
        return;
    }
    let env = Env::new("export");
    env.ok(&["import", fixture("otpauth.txt").to_str().unwrap()]);
    run_with_stdin(&env, &["--pin-stdin", "set-pin"], "246813\n");
    let out_dir = tempfile::tempdir().unwrap();
    let aegis = out_dir.path().join("vault.json");
    // No PIN: refused. Password first, then the PIN.
    let out = run_with_stdin(
        &env,
        &[
            "--pin-stdin",
            "export",
            "--format",
            "aegis",
            "--out",
            aegis.to_str().unwrap(),
            "--password-stdin",
        ],
        "export pw\n",
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!aegis.exists());
    let out = run_with_stdin(
        &env,
        &[
            "--pin-stdin",
            "export",
            "--format",
            "aegis",
            "--out",
            aegis.to_str().unwrap(),
            "--password-stdin",
        ],
        "export pw\n246813\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("7 accounts"));
    // A plain list only with --plain, and a warning.
    let plain = out_dir.path().join("links.txt");
    let out = run_with_stdin(
        &env,
        &[
            "--pin-stdin",
            "export",
            "--format",
            "otpauth",
            "--out",
            plain.to_str().unwrap(),
        ],
        "246813\n",
    );
    assert_eq!(out.status.code(), Some(2));
    let out = run_with_stdin(
        &env,
        &[
            "--pin-stdin",
            "export",
            "--format",
            "otpauth",
            "--out",
            plain.to_str().unwrap(),
            "--plain",
        ],
        "246813\n",
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("NOT encrypted"));
    assert_eq!(std::fs::read_to_string(&plain).unwrap().lines().count(), 7);
    // The Aegis export opens in another profile with the same accounts.
    let other = Env::new("export-into");
    let out = run_with_stdin(
        &other,
        &["import", "--password-stdin", aegis.to_str().unwrap()],
        "export pw\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let a: serde_json::Value = serde_json::from_str(&other.ok(&["list", "--json"])).unwrap();
    assert_eq!(a.as_array().unwrap().len(), 7);
    let log = run_with_stdin(&env, &["--pin-stdin", "log"], "246813\n");
    assert!(stdout(&log).contains("exported"), "{}", stdout(&log));
    assert_no_key_in(env.data.path(), &fixture_keys());
    // The Aegis file is ciphertext.
    let text = std::fs::read_to_string(&aegis).unwrap();
    for key in fixture_keys() {
        assert!(!text.contains(key.as_str()));
    }
}

#[test]
fn backups_are_made_listed_verified_and_restored_with_the_password_or_the_recovery_key() {
    if !keychain_available() || !tool_available("oathtool") {
        return;
    }
    let env = Env::new("backup");
    env.ok(&["import", fixture("otpauth.txt").to_str().unwrap()]);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    // No password yet.
    let out = env.run(&["backup", "now", "--dir", d]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = run_with_stdin(
        &env,
        &["backup", "set-password", "--password-stdin"],
        "backup words here\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recovery: Vec<String> = stdout(&out)
        .lines()
        .filter(|l| l.starts_with("    "))
        .map(|l| l.trim().to_owned())
        .collect();
    assert_eq!(recovery.len(), 2, "{}", stdout(&out));
    env.ok(&["backup", "now", "--dir", d]);
    let list: serde_json::Value =
        serde_json::from_str(&env.ok(&["backup", "list", "--dir", d, "--json"])).unwrap();
    let file = list[0]["path"].as_str().unwrap().to_owned();
    assert!(file.ends_with(".tessera-backup"));
    assert!(env.ok(&["backup", "verify", &file]).contains("7 accounts"));
    // Changing the password keeps the recovery key.
    let out = run_with_stdin(
        &env,
        &["backup", "set-password", "--password-stdin"],
        "newer backup words\n",
    );
    assert!(stdout(&out).contains("same as before"));

    // Restore into an empty profile: dry run, then with the recovery key.
    let fresh = Env::new("restored");
    let out = run_with_stdin(
        &fresh,
        &["restore", &file, "--password-stdin", "--dry-run", "--json"],
        "backup words here\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (
            v["format"].as_str(),
            v["accounts"].as_array().unwrap().len()
        ),
        (Some("tessera"), 7)
    );
    assert_eq!(
        fresh.ok(&["list", "--json"]).trim(),
        "[]",
        "a dry run adds nothing"
    );
    let out = run_with_stdin(
        &fresh,
        &["restore", &file, "--password-stdin"],
        "wrong words\n",
    );
    assert_eq!(out.status.code(), Some(2));
    let out = run_with_stdin(
        &fresh,
        &["restore", &file, "--recovery-key-stdin"],
        &format!("{}\n", recovery.join("\n")),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let uris = std::fs::read_to_string(fixture("otpauth.txt")).unwrap();
    let deno = uris.lines().find(|l| l.contains("Deno:Mason")).unwrap();
    let key = deno
        .split("secret=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    assert_eq!(
        fresh.ok(&["code", "Deno", "--at", "59"]).trim(),
        oathtool_totp(key, 59, 6)
    );
    assert_no_key_in(dir.path(), &fixture_keys());
    assert_no_key_in(env.data.path(), &fixture_keys());
}
