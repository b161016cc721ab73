//! Helpers shared by the CLI's integration tests.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

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
    child.wait_with_output().unwrap()
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
