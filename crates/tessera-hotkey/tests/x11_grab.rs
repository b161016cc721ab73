//! The real X11 key grab on the test X server (Xvfb), pressed with `xdotool`
//! (XTEST, as a keyboard would): the callback runs, a second grab of the same
//! combination is reported as taken, and dropping the first gives it back.
//! Runs when an X display is named (`TESSERA_TEST_DISPLAY`, else `DISPLAY`)
//! and `xdotool` is installed; scripts/test.sh requires both
//! (TESSERA_REAL_TOOLS=1). Otherwise it says why it did nothing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tessera_core::shortcut::Shortcut;
use tessera_hotkey::{register, HotkeyError};

fn available() -> bool {
    // This binary has one test, so setting DISPLAY is safe.
    if let Some(display) = std::env::var_os("TESSERA_TEST_DISPLAY") {
        std::env::set_var("DISPLAY", display);
    }
    std::env::remove_var("WAYLAND_DISPLAY");
    let xdotool = Command::new("xdotool")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    let ready = std::env::var_os("DISPLAY").is_some() && xdotool;
    if !ready && std::env::var_os("TESSERA_REAL_TOOLS").is_some() {
        panic!("TESSERA_REAL_TOOLS is set but there is no DISPLAY or no xdotool");
    }
    if !ready {
        eprintln!("skipped: needs DISPLAY and xdotool");
    }
    ready
}

fn press(keys: &str) {
    let status = Command::new("xdotool")
        .args(["key", keys])
        .status()
        .unwrap();
    assert!(status.success(), "xdotool key {keys} failed");
}

/// Presses `keys` until `count` grows (a press may land before the server
/// has the grab in place on a busy machine); a minute is only a guard.
fn press_until_counted(keys: &str, count: &AtomicUsize) {
    let before = count.load(Ordering::SeqCst);
    let start = Instant::now();
    while count.load(Ordering::SeqCst) == before {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{keys} never reached the grab"
        );
        press(keys);
        let wait = Instant::now();
        while count.load(Ordering::SeqCst) == before && wait.elapsed() < Duration::from_secs(2) {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn a_grabbed_shortcut_calls_back_and_is_given_back_on_drop() {
    if !available() {
        return;
    }
    // An X server resets when its last client leaves, and refuses clients
    // while it does; xdotool comes and goes, so this connection stays open
    // for the whole test (the app's own windows do that in real sessions).
    let _keep_server = x11rb::connect(None).expect("the X display");
    let shortcut: Shortcut = "Ctrl+Alt+T".parse().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&count);
    let first = register(
        shortcut,
        Box::new(move || {
            counter.fetch_add(1, Ordering::SeqCst);
        }),
    )
    .expect("the first grab");
    assert_eq!(first.shortcut(), shortcut);
    press_until_counted("ctrl+alt+t", &count);

    // Caps Lock on: the shortcut still works.
    press("Caps_Lock");
    press_until_counted("ctrl+alt+t", &count);
    press("Caps_Lock");

    // Another program (here: another connection) cannot take it meanwhile.
    match register(shortcut, Box::new(|| {})) {
        Err(HotkeyError::Taken(taken)) => {
            assert_eq!(taken, shortcut);
            let message = HotkeyError::Taken(taken).to_string();
            assert!(message.contains("Ctrl+Alt+T is already used"), "{message}");
        }
        other => panic!("a second grab of the same shortcut: {other:?}"),
    }

    drop(first);
    let again = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&again);
    let second = register(
        shortcut,
        Box::new(move || {
            counter.fetch_add(1, Ordering::SeqCst);
        }),
    )
    .expect("the shortcut is free again after the drop");
    press_until_counted("ctrl+alt+t", &again);
    drop(second);
}
