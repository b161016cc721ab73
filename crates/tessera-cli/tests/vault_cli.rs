//! The vault commands as a user runs them, against the real OS keychain
//! (gnome-keyring on a private D-Bus session under scripts/test.sh) and real
//! files. Codes are compared with oathtool. Skips without a keychain unless
//! TESSERA_REAL_TOOLS=1.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use support::{keychain_available, oathtool_totp, run_with_stdin, Env};

use std::path::Path;
use std::process::Command;

/// Every file under `dir` must be free of every form of the key.
fn assert_no_secret_in(dir: &Path, key_b32: &str, raw: &[u8]) {
    let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    let needles = [
        key_b32.to_owned(),
        key_b32.to_lowercase(),
        hex.clone(),
        hex.to_uppercase(),
    ];
    for entry in walk(dir) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        for n in &needles {
            assert!(
                !text.contains(n.as_str()),
                "{} contains the key",
                entry.display()
            );
        }
        assert!(
            !bytes.windows(raw.len()).any(|w| w == raw),
            "{} holds raw key bytes",
            entry.display()
        );
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

const KEY: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

#[test]
fn add_list_code_rename_remove() {
    if !keychain_available() {
        return;
    }
    let env = Env::new("roundtrip");
    assert!(env.ok(&["list"]).contains("No accounts yet"));
    env.ok(&[
        "add",
        "--issuer",
        "Clinic",
        "--account",
        "desk@clinic.example",
        "--secret",
        "gezd gnbv gy3t qojq gezd gnbv gy3t qojq",
        "--digits",
        "8",
    ]);
    env.ok(&[
        "add",
        "--uri",
        "otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
    ]);

    let list: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["issuer"], "Clinic");
    assert_eq!(list[0]["digits"], 8);
    assert!(!list.to_string().contains(KEY));

    for at in [59u64, 1_111_111_109, 2_000_000_000] {
        let ours = env.ok(&["code", "clinic", "--at", &at.to_string()]);
        assert_eq!(ours.trim(), oathtool_totp(KEY, at, 8), "at {at}");
        let ours = env.ok(&["code", "GITHUB", "--at", &at.to_string()]);
        assert_eq!(
            ours.trim(),
            oathtool_totp("JBSWY3DPEHPK3PXP", at, 6),
            "at {at}"
        );
    }

    env.ok(&[
        "rename",
        "clinic",
        "--issuer",
        "Clinic Booking",
        "--account",
        "front-desk",
    ]);
    let list: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    assert_eq!(list[0]["issuer"], "Clinic Booking");
    assert_eq!(list[0]["account"], "front-desk");

    env.ok(&["remove", "github", "--yes"]);
    let list: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(env.run(&["code", "github"]).status.code(), Some(2));

    let doctor: serde_json::Value = serde_json::from_str(&env.ok(&["doctor", "--json"])).unwrap();
    assert_eq!(
        doctor["reconcile"]["missing_secrets"],
        serde_json::json!([])
    );
    assert_eq!(doctor["reconcile"]["orphan_items"], serde_json::json!([]));

    assert_no_secret_in(env.data.path(), KEY, b"12345678901234567890");
    env.ok(&["remove", "clinic", "--yes"]);
}

#[test]
fn hotp_counter_is_saved_and_matches_oathtool() {
    if !keychain_available() {
        return;
    }
    let env = Env::new("hotp");
    env.ok(&[
        "add",
        "--issuer",
        "Bank",
        "--account",
        "a",
        "--secret",
        KEY,
        "--type",
        "hotp",
        "--counter",
        "5",
    ]);
    for counter in 5..9 {
        let ours = env.ok(&["code", "bank"]);
        let theirs = Command::new("oathtool")
            .args(["--hotp", "-b", &format!("--counter={counter}"), KEY])
            .output()
            .unwrap();
        assert_eq!(
            ours,
            String::from_utf8(theirs.stdout).unwrap(),
            "counter {counter}"
        );
    }
    let list: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    assert_eq!(list[0]["counter"], 9);
    env.ok(&["remove", "bank", "--yes"]);
}

#[test]
fn profiles_cannot_see_each_other() {
    if !keychain_available() {
        return;
    }
    let a = Env::new("profile-a");
    // Profile b shares a's data directory.
    let b_profile = format!("profile-b-{}", std::process::id());
    let run_b = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_tessera"))
            .env("TESSERA_DATA_DIR", a.data.path())
            .args(["--profile", &b_profile])
            .args(args)
            .output()
            .unwrap()
    };
    a.ok(&[
        "add",
        "--issuer",
        "OnlyA",
        "--account",
        "x",
        "--secret",
        KEY,
    ]);
    let out = run_b(&["list", "--json"]);
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "[]");
    assert_eq!(run_b(&["code", "onlya"]).status.code(), Some(2));
    a.ok(&["remove", "onlya", "--yes"]);
}

#[test]
fn payload_too_large_is_refused_and_nothing_is_added() {
    if !keychain_available() {
        return;
    }
    let env = Env::new("big");
    let huge = "A".repeat(4200);
    let out = env.run(&[
        "add",
        "--issuer",
        "Big",
        "--account",
        "x",
        "--secret",
        &huge,
    ]);
    // The user's input (a key far too long, refused before it is read), so exit 2.
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("too long to be a key"), "{err}");
    assert_eq!(env.ok(&["list", "--json"]).trim(), "[]");
}

#[test]
fn missing_keychain_is_a_clear_error_and_the_index_survives() {
    if !keychain_available() {
        return;
    }
    let env = Env::new("nobus");
    env.ok(&["add", "--issuer", "Kept", "--account", "x", "--secret", KEY]);
    let without_bus = |args: &[&str]| {
        env.command(args)
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .output()
            .unwrap()
    };
    let out = without_bus(&["code", "kept"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("keychain is not available"), "{err}");
    assert!(
        err.contains("gnome-keyring"),
        "the message says what to install: {err}"
    );
    assert_eq!(err.lines().count(), 1);
    // Listing needs no keychain; renaming neither.
    let out = without_bus(&["list", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("Kept"));
    assert_eq!(
        without_bus(&["rename", "kept", "--account", "y"])
            .status
            .code(),
        Some(0)
    );
    let out = without_bus(&["doctor"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("NOT WORKING"));
    // Back with the keychain: everything works again.
    assert_eq!(
        env.ok(&["code", "kept", "--at", "59"]).trim(),
        oathtool_totp(KEY, 59, 6)
    );
    env.ok(&["remove", "kept", "--yes"]);
}

#[test]
fn migration_link_adds_every_account() {
    if !keychain_available() {
        return;
    }
    let env = Env::new("migration");
    env.ok(&["add", "--uri", "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC"]);
    let list: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    assert_eq!(list[0]["issuer"], "Example");
    assert_eq!(list[0]["account"], "alice@google.com");
    assert_eq!(
        env.ok(&["code", "example", "--at", "59"]).trim(),
        oathtool_totp("JBSWY3DPEHPK3PXP", 59, 6)
    );
    env.ok(&["remove", "example", "--yes"]);
}

#[test]
fn with_a_pin_the_keychain_holds_only_ciphertext() {
    if !keychain_available() {
        return;
    }
    let env = Env::new("sealed");
    env.ok(&[
        "add",
        "--issuer",
        "Clinic",
        "--account",
        "desk",
        "--secret",
        KEY,
    ]);
    let out = run_with_stdin(&env, &["--pin-stdin", "set-pin"], "864213\n");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Added after the PIN: sealed as well.
    let out = run_with_stdin(
        &env,
        &[
            "--pin-stdin",
            "add",
            "--issuer",
            "Later",
            "--account",
            "x",
            "--secret",
            "JBSWY3DPEHPK3PXP",
        ],
        "864213\n",
    );
    assert_eq!(out.status.code(), Some(0));

    let service = format!("tessera/{}", env.profile);
    let out = Command::new("secret-tool")
        .args(["search", "--all", "service", &service])
        .output()
        .unwrap();
    let dump =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        dump.matches("secret = ").count(),
        2,
        "both items are visible to other programs: {dump}"
    );
    let raw = b"12345678901234567890";
    let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    use base64::Engine as _;
    for needle in [
        KEY.to_string(),
        KEY.to_lowercase(),
        "JBSWY3DPEHPK3PXP".to_string(),
        hex.clone(),
        hex.to_uppercase(),
        base64::engine::general_purpose::STANDARD.encode(raw),
        "12345678901234567890".to_string(),
    ] {
        assert!(
            !dump.contains(&needle),
            "the keychain shows the key ({needle}): {dump}"
        );
    }
    assert!(dump.contains("sealed"));

    // Locked: code needs the PIN; the right PIN gives oathtool's code.
    let out = env.run(&["code", "clinic", "--at", "59"]);
    assert_eq!(out.status.code(), Some(2), "no terminal and no --pin-stdin");
    let out = run_with_stdin(
        &env,
        &["--pin-stdin", "code", "clinic", "--at", "59"],
        "864213\n",
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        oathtool_totp(KEY, 59, 6)
    );
    assert_no_secret_in(env.data.path(), KEY, raw);
    let out = run_with_stdin(&env, &["--pin-stdin", "remove-pin"], "864213\n");
    assert_eq!(out.status.code(), Some(0));
    env.ok(&["remove", "clinic", "--yes"]);
    env.ok(&["remove", "later", "--yes"]);
}

#[test]
fn wrong_pins_lock_out_across_restarts() {
    if !keychain_available() {
        return;
    }
    let env = Env::new("lockout");
    env.ok(&["add", "--issuer", "Desk", "--account", "x", "--secret", KEY]);
    run_with_stdin(
        &env,
        &["--pin-stdin", "set-pin", "--shared-desk"],
        "135713\n",
    );
    for i in 1..=5 {
        let out = run_with_stdin(&env, &["--pin-stdin", "unlock"], "000000\n");
        assert_eq!(out.status.code(), Some(2), "attempt {i}");
    }
    // A new process, the right PIN: still refused until the lockout ends.
    let out = run_with_stdin(&env, &["--pin-stdin", "unlock"], "135713\n");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("too many wrong PINs: try again in"), "{err}");
    // The system clock turned back an hour (libfaketime) or forward a
    // little: still locked out.
    if support_faketime() {
        for shift in ["-1h", "-1d", "+20s"] {
            // Only the wall clock is shifted: faking the monotonic clock too
            // can stall the D-Bus client's event loop. `timeout` bounds the
            // run so a stall fails the test instead of hanging CI.
            let mut cmd = Command::new("timeout");
            cmd.args(["60", "faketime", "-f", shift, env!("CARGO_BIN_EXE_tessera")])
                .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
                .env("TESSERA_DATA_DIR", env.data.path())
                .args(["--profile", &env.profile, "--pin-stdin", "unlock"]);
            let out = support::output_with_stdin(cmd, "135713\n");
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "clock {shift}: {err}");
            assert!(err.contains("too many wrong PINs"), "clock {shift}: {err}");
        }
    }
    // Shared-desk profile: the PIN cannot be removed.
    let out = run_with_stdin(&env, &["--pin-stdin", "remove-pin"], "135713\n");
    assert_ne!(out.status.code(), Some(0));
}

fn support_faketime() -> bool {
    support::tool_available("faketime")
}

#[test]
fn scan_add_enrols_the_account_from_a_qr_image() {
    if !keychain_available() {
        return;
    }
    let env = Env::new("scan");
    let uri = format!("otpauth://totp/Scanned:desk?secret={KEY}&issuer=Scanned&digits=8");
    let img = qrcode::QrCode::new(uri.as_bytes())
        .unwrap()
        .render::<image::Luma<u8>>()
        .module_dimensions(5, 5)
        .build();
    let path = env.data.path().join("qr.png");
    img.save(&path).unwrap();
    let out = env.run(&["scan", "--image", path.to_str().unwrap(), "--add"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // What was added is printed; the link (it holds the key) is not.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Scanned (desk)"), "{stdout}");
    assert!(
        !stdout.contains("otpauth") && !stdout.contains(KEY),
        "{stdout}"
    );
    assert_eq!(
        env.ok(&["code", "scanned", "--at", "59"]).trim(),
        oathtool_totp(KEY, 59, 8)
    );
    std::fs::remove_file(&path).unwrap();
    env.ok(&["remove", "scanned", "--yes"]);
}

#[test]
fn backup_codes_set_list_use() {
    if !keychain_available() {
        return;
    }
    let env = Env::new("backup");
    env.ok(&[
        "add",
        "--issuer",
        "GitHub",
        "--account",
        "octo",
        "--secret",
        KEY,
    ]);
    let block = "Your recovery codes:\n";
    let out = run_with_stdin(&env, &["backup-codes", "set", "github"], block);
    assert_eq!(out.status.code(), Some(2), "prose is refused");
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1 does not look like backup codes"));

    let out = run_with_stdin(
        &env,
        &["backup-codes", "set", "github"],
        "1. a1b2c-3d4e5\n2. f6a7b-8c9d0\n3. 11111-22222\n",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("3 backup codes stored"));

    let list: serde_json::Value =
        serde_json::from_str(&env.ok(&["backup-codes", "list", "github", "--json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 3);
    assert_eq!(list[0]["code"], "A1B2C-3D4E5");

    let out = env.run(&["backup-codes", "use", "github", "a1b2c3d4e5"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 of 3 backup codes left"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("only 2 unused backup code(s) left"));
    assert_eq!(
        env.run(&["backup-codes", "use", "github", "a1b2c3d4e5"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        env.run(&["backup-codes", "use", "github", "zzzzz-zzzzz"])
            .status
            .code(),
        Some(2)
    );

    let accounts: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    assert_eq!(
        accounts[0]["backup_codes"],
        serde_json::json!({ "total": 3, "remaining": 2 })
    );
    assert_no_secret_in(env.data.path(), "A1B2C-3D4E5", b"A1B2C3D4E5");

    // With a PIN, the codes are sealed too; the PIN comes first on stdin.
    run_with_stdin(&env, &["--pin-stdin", "set-pin"], "246813\n");
    let out = run_with_stdin(
        &env,
        &["--pin-stdin", "backup-codes", "set", "github", "--append"],
        "246813\n33333-44444\n",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let service = format!("tessera/{}", env.profile);
    let dump = Command::new("secret-tool")
        .args(["search", "--all", "service", &service])
        .output()
        .unwrap();
    let dump = String::from_utf8_lossy(&dump.stdout);
    assert!(!dump.contains("33333") && !dump.contains("F6A7B"), "{dump}");
    let list = run_with_stdin(
        &env,
        &["--pin-stdin", "backup-codes", "list", "github"],
        "246813\n",
    );
    let text = String::from_utf8_lossy(&list.stdout);
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(text.lines().next().unwrap().contains("used"));
    run_with_stdin(&env, &["--pin-stdin", "remove-pin"], "246813\n");
    env.ok(&["remove", "github", "--yes"]);
}
