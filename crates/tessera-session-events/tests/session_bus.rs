//! Real signals on a real session bus, sent with `dbus-send`. Runs when a
//! session bus is present (scripts/test.sh runs inside dbus-run-session and
//! sets TESSERA_REAL_TOOLS=1 to require it).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;
use tessera_session_events::{watch, LockReason};

fn send(interface: &str, active: bool) {
    let status = Command::new("dbus-send")
        .args([
            "--session",
            "--type=signal",
            "/org/freedesktop/ScreenSaver",
            &format!("{interface}.ActiveChanged"),
            &format!("boolean:{active}"),
        ])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn screen_saver_signals_ask_to_lock_only_when_activated() {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        assert!(
            std::env::var_os("TESSERA_REAL_TOOLS").is_none(),
            "TESSERA_REAL_TOOLS is set but there is no session bus"
        );
        eprintln!("skipped: no D-Bus session bus");
        return;
    }
    let (tx, rx) = mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    let watching = watch(move |reason| {
        let _ = tx.lock().unwrap().send(reason);
    });
    assert!(
        watching
            .sources
            .iter()
            .any(|s| s == "org.freedesktop.ScreenSaver.ActiveChanged"),
        "{watching:?}"
    );
    send("org.freedesktop.ScreenSaver", false);
    assert!(
        rx.recv_timeout(Duration::from_millis(500)).is_err(),
        "a screen saver turning off must not lock"
    );
    send("org.freedesktop.ScreenSaver", true);
    assert_eq!(
        rx.recv_timeout(Duration::from_secs(60)).unwrap(),
        LockReason::ScreenLocked
    );
    send("org.gnome.ScreenSaver", true);
    assert_eq!(
        rx.recv_timeout(Duration::from_secs(60)).unwrap(),
        LockReason::ScreenLocked
    );
}
