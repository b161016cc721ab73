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
    // A command may refuse its input before reading all of it (too long,
    // not a link): a closed pipe is its answer, not the test's failure.
    if let Err(e) = child.stdin.take().unwrap().write_all(input.as_bytes()) {
        assert_eq!(
            e.kind(),
            std::io::ErrorKind::BrokenPipe,
            "writing stdin: {e}"
        );
    }
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

/// A throwaway data dir and profile for one test.
pub struct Env {
    pub data: tempfile::TempDir,
    pub profile: String,
}

/// Whether the real keychain works (a must under TESSERA_REAL_TOOLS=1).
pub fn keychain_available() -> bool {
    let env = Env::new("probe");
    let out = env.run(&["doctor", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let working = v["keychain"]["working"] == true;
    if !working {
        assert!(
            std::env::var("TESSERA_REAL_TOOLS").as_deref() != Ok("1"),
            "no usable keychain: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        println!("SKIPPED: no usable keychain");
    }
    working
}

impl Env {
    pub fn new(test: &str) -> Self {
        Env {
            data: tempfile::tempdir().unwrap(),
            profile: format!("{test}-{}", std::process::id()),
        }
    }

    /// The same, with the data dir made inside `dir` (a test's own mount).
    pub fn new_in(dir: &std::path::Path, test: &str) -> Self {
        Env {
            data: tempfile::tempdir_in(dir).unwrap(),
            profile: format!("{test}-{}", std::process::id()),
        }
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tessera"));
        cmd.env("TESSERA_DATA_DIR", self.data.path())
            .arg("--profile")
            .arg(&self.profile)
            .args(args);
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

/// oathtool's TOTP code for a base32 key at a Unix time.
pub fn oathtool_totp(key_b32: &str, at: u64, digits: u32) -> String {
    let out = Command::new("oathtool")
        .args([
            "--totp",
            "-b",
            &format!("--digits={digits}"),
            &format!("--now=@{at}"),
            key_b32,
        ])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Runs a `tessera` command with `input` on its standard input.
pub fn run_with_stdin(env: &Env, args: &[&str], input: &str) -> Output {
    output_with_stdin(env.command(args), input)
}
