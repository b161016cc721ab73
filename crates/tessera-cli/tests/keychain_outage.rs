//! The keychain daemon stopped mid-run, and a locked collection: each gives a
//! clear error, the index stays intact, and everything works again once the
//! keychain is back. Needs the throwaway gnome-keyring that scripts/test.sh
//! starts (it exports TESSERA_KEYRING_PASSWORD); skips elsewhere. One test in
//! its own binary, so no other test sees the keychain go away.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(target_os = "linux")]

mod support;

use std::process::{Command, Output};
use std::time::{Duration, Instant};

const KEY: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

fn tessera(data: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tessera"))
        .env("TESSERA_DATA_DIR", data)
        .env_remove("DISPLAY")
        .args(["--profile", "outage"])
        .args(args)
        .output()
        .unwrap()
}

fn secret_service_up() -> bool {
    Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.freedesktop.secrets",
        ])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
}

fn wait_until(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Starts (or replaces) the daemon, unlocking the test keyring with its password.
fn keychain_back(password: &str) {
    let mut cmd = Command::new("gnome-keyring-daemon");
    cmd.args(["--replace", "--unlock", "--components=secrets"]);
    support::output_with_stdin(cmd, password);
    wait_until("the Secret Service", secret_service_up);
}

fn stop_daemon() {
    let _ = Command::new("pkill")
        .args(["-f", "gnome-keyring-daemon"])
        .status();
    wait_until("the daemon to stop", || {
        !Command::new("pgrep")
            .args(["-f", "gnome-keyring-daemon"])
            .status()
            .is_ok_and(|s| s.success())
    });
}

fn one_line_error(out: &Output, expect: &str) {
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(expect), "expected '{expect}' in: {err}");
    assert_eq!(
        err.lines().filter(|l| l.starts_with("tessera:")).count(),
        1,
        "{err}"
    );
}

#[test]
fn stopped_daemon_and_locked_collection_are_clear_and_recoverable() {
    let Ok(password) = std::env::var("TESSERA_KEYRING_PASSWORD") else {
        assert!(
            std::env::var("TESSERA_REAL_TOOLS").as_deref() != Ok("1"),
            "TESSERA_KEYRING_PASSWORD not set"
        );
        println!("SKIPPED: needs the test keyring started by scripts/test.sh");
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let ok = |args: &[&str]| {
        let out = tessera(data.path(), args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    ok(&[
        "add",
        "--issuer",
        "Clinic",
        "--account",
        "desk",
        "--secret",
        KEY,
    ]);
    let index_before = std::fs::read(data.path().join("profiles/outage/index.json")).unwrap();

    // 1. The daemon is stopped. D-Bus re-activates it, but its keyring is
    //    locked and no prompt can be shown: a clear "locked" error.
    stop_daemon();
    one_line_error(
        &tessera(data.path(), &["code", "clinic", "--at", "59"]),
        "keychain is locked",
    );
    one_line_error(
        &tessera(
            data.path(),
            &["add", "--issuer", "New", "--account", "n", "--secret", KEY],
        ),
        "keychain is locked",
    );
    assert!(
        ok(&["list"]).contains("Clinic"),
        "listing needs no keychain"
    );
    assert_eq!(
        std::fs::read(data.path().join("profiles/outage/index.json")).unwrap(),
        index_before,
        "index untouched"
    );

    // 2. Unlocked again: everything works, nothing was lost.
    keychain_back(&password);
    assert_eq!(ok(&["code", "clinic", "--at", "59"]).trim(), "287082");
    assert!(
        !ok(&["list"]).contains("New"),
        "the failed add left nothing behind"
    );

    // 3. The collection is locked while the daemon runs.
    let lock = Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.secrets",
            "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.Lock",
            "array:objpath:/org/freedesktop/secrets/collection/login",
        ])
        .output()
        .unwrap();
    assert!(lock.status.success());
    one_line_error(
        &tessera(data.path(), &["code", "clinic"]),
        "keychain is locked",
    );
    let doctor = tessera(data.path(), &["doctor"]);
    assert_eq!(doctor.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&doctor.stdout)
        .contains("NOT WORKING: the system keychain is locked"));

    keychain_back(&password);
    assert_eq!(ok(&["code", "clinic", "--at", "59"]).trim(), "287082");
    ok(&["remove", "clinic", "--yes"]);
    ok(&["doctor"]);
}
