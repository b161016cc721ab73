//! The real X11 clipboard, read back with `xclip`. Runs when an X display is
//! named (`TESSERA_TEST_DISPLAY`, else `DISPLAY`) and `xclip` is installed;
//! scripts/test.sh starts Xvfb and requires both by setting
//! TESSERA_REAL_TOOLS=1. Otherwise it says why it did nothing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

use std::process::Command;
use std::time::Duration;
use tessera_clipboard::{CodeClipboard, SystemClipboard};

fn xclip(args: &[&str]) -> Option<String> {
    let out = Command::new("xclip").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn read_clipboard() -> Option<String> {
    xclip(&["-o", "-selection", "clipboard"])
}

fn targets() -> String {
    xclip(&["-o", "-selection", "clipboard", "-t", "TARGETS"]).unwrap_or_default()
}

fn available() -> bool {
    // This binary has one test, so setting DISPLAY for arboard and xclip is safe.
    if let Some(display) = std::env::var_os("TESSERA_TEST_DISPLAY") {
        std::env::set_var("DISPLAY", display);
    }
    let ready = std::env::var_os("DISPLAY").is_some() && xclip(&["-version"]).is_some();
    if !ready && std::env::var_os("TESSERA_REAL_TOOLS").is_some() {
        panic!("TESSERA_REAL_TOOLS is set but there is no DISPLAY or no xclip");
    }
    if !ready {
        eprintln!("skipped: needs DISPLAY and xclip");
    }
    ready
}

/// Polls `done` until it holds; a minute is only a guard against a hang.
fn wait_until(what: &str, done: impl Fn() -> bool) {
    let start = std::time::Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{what}: not within a minute"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn copies_hides_from_history_and_clears_only_our_code() {
    if !available() {
        return;
    }
    let clip = CodeClipboard::new(Box::new(SystemClipboard::open));
    clip.copy("482913", Some(Duration::from_millis(1500)))
        .unwrap();
    assert_eq!(read_clipboard().as_deref(), Some("482913"));
    assert!(
        targets().contains("x-kde-passwordManagerHint"),
        "history hint missing: {}",
        targets()
    );
    // Cleared after the delay: xclip then finds no text.
    wait_until("the clipboard is cleared", || {
        read_clipboard().is_none_or(|t| t.is_empty())
    });

    // Something else copied after our code is left alone, on timer and on
    // lock. Waits on what happens, never on how long it takes: first until
    // the other program holds the clipboard, then until our timer has run.
    clip.copy("777111", Some(Duration::from_millis(2000)))
        .unwrap();
    let mut other = Command::new("xclip")
        .args(["-quiet", "-selection", "clipboard", "-i"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        other.stdin.take().unwrap().write_all(b"my note").unwrap();
    }
    wait_until("the other program holds the clipboard", || {
        read_clipboard().as_deref() == Some("my note")
    });
    wait_until("our clear timer has run", || !clip.holds_our_code());
    assert_eq!(read_clipboard().as_deref(), Some("my note"));
    assert!(!clip.clear_if_ours().unwrap());
    assert_eq!(read_clipboard().as_deref(), Some("my note"));
    let _ = other.kill();
    let _ = other.wait();
}
