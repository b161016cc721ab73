//! Helpers shared by the CLI's integration tests.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Longest a command under test may run before it is killed (a stall then
/// fails the test instead of hanging the whole run).
const WATCHDOG: Duration = Duration::from_secs(120);

/// Runs `cmd` with `input` on its standard input and collects its output.
pub fn output_with_stdin(mut cmd: Command, input: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let pid = child.id().to_string();
    let done = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            let start = Instant::now();
            while !done.load(Ordering::Relaxed) {
                if start.elapsed() > WATCHDOG {
                    let _ = Command::new("kill").args(["-9", &pid]).status();
                    return true;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            false
        })
    };
    let out = child.wait_with_output().unwrap();
    done.store(true, Ordering::Relaxed);
    assert!(
        !watchdog.join().unwrap(),
        "{cmd:?} ran longer than {WATCHDOG:?} and was killed"
    );
    out
}

/// Whether `tool` is on PATH. Missing under TESSERA_REAL_TOOLS=1 (the test
/// script and CI) is a broken set-up, so it panics there.
pub fn tool_available(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert_ne!(
            std::env::var("TESSERA_REAL_TOOLS").as_deref(),
            Ok("1"),
            "{tool} is not installed"
        );
        println!("SKIPPED: {tool} is not installed");
    }
    found
}
