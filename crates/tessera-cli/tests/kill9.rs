//! Crash safety with real processes: 200 add / remove / change-pin operations
//! of the real `tessera` binary against the real keychain, each killed with
//! SIGKILL at a random moment (or left to finish). After every operation the
//! vault must open with the old or the new PIN; at checkpoints nothing
//! confirmed may be lost, `doctor` must report a clean vault, and every
//! listed account must produce its code. Skips without a keychain unless
//! TESSERA_REAL_TOOLS=1.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(unix)]

mod support;

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::Duration;
use tessera_core::otp::{self, Algorithm};
use tessera_core::SecretKey;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Known {
    Present,
    Absent,
    Unknown,
}

struct Harness {
    data: tempfile::TempDir,
    profile: String,
}

impl Harness {
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_tessera"));
        c.env("TESSERA_DATA_DIR", self.data.path())
            .args(["--profile", &self.profile, "--pin-stdin"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    fn run(&self, args: &[&str], stdin: &str) -> Output {
        support::output_with_stdin(self.cmd(args), stdin)
    }

    /// Runs and kills after `delay`; returns Some(success) if it ended first.
    fn run_killed(&self, args: &[&str], stdin: &str, delay: Duration) -> Option<bool> {
        let mut child = self.cmd(args).spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        std::thread::sleep(delay);
        match child.try_wait().unwrap() {
            Some(status) => Some(status.success()),
            None => {
                child.kill().unwrap(); // SIGKILL
                child.wait().unwrap();
                None
            }
        }
    }
}

fn key_for(n: u32) -> Vec<u8> {
    (0..20u32)
        .map(|i| (n.wrapping_mul(31).wrapping_add(i * 7) % 251) as u8)
        .collect()
}

fn b32(bytes: &[u8]) -> String {
    tessera_core::base32::encode(bytes).to_string()
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[test]
fn two_hundred_killed_operations_lose_nothing() {
    let h = Harness {
        data: tempfile::tempdir().unwrap(),
        profile: format!("kill9-{}", std::process::id()),
    };
    let probe = h.run(&["doctor", "--json"], "");
    let v: serde_json::Value = serde_json::from_slice(&probe.stdout).unwrap_or_default();
    if v["keychain"]["working"] != true {
        assert!(
            std::env::var("TESSERA_REAL_TOOLS").as_deref() != Ok("1"),
            "no usable keychain"
        );
        println!("SKIPPED: no usable keychain");
        return;
    }
    let pins = ["1111", "2222"];
    let mut pin = 0usize; // index into pins of the PIN known to work
    assert!(h.run(&["set-pin"], "1111\n").status.success());

    let mut accounts: BTreeMap<u32, Known> = BTreeMap::new();
    let mut rng = Rng(0x5EED_0009);
    let mut next_id = 0u32;
    let (mut killed, mut finished) = (0, 0);

    for op in 0..200 {
        // Most operations take 100–600 ms; kill within that window so that
        // well over a quarter of them are really interrupted.
        let delay = Duration::from_millis(rng.next() % 450);
        let choice = rng.next() % 100;
        let current = pins[pin];
        let outcome;
        let live: Vec<u32> = accounts
            .iter()
            .filter(|(_, k)| **k != Known::Absent)
            .map(|(n, _)| *n)
            .collect();
        if choice < 55 || (choice < 75 && live.is_empty()) {
            let n = next_id;
            next_id += 1;
            let issuer = format!("Acct-{n:03}");
            outcome = h.run_killed(
                &[
                    "add",
                    "--issuer",
                    &issuer,
                    "--account",
                    "x",
                    "--secret",
                    &b32(&key_for(n)),
                ],
                &format!("{current}\n"),
                delay,
            );
            accounts.insert(
                n,
                match outcome {
                    Some(true) => Known::Present,
                    Some(false) => panic!("add failed at op {op}"),
                    None => Known::Unknown,
                },
            );
        } else if choice < 75 {
            let n = live[(rng.next() as usize) % live.len()];
            let issuer = format!("Acct-{n:03}");
            outcome = h.run_killed(
                &["remove", &issuer, "--yes"],
                &format!("{current}\n"),
                delay,
            );
            let was = accounts[&n];
            accounts.insert(
                n,
                match (outcome, was) {
                    (Some(true), _) => Known::Absent,
                    // Not present (an earlier add was killed before it counted): fine.
                    (Some(false), Known::Unknown) => Known::Absent,
                    (Some(false), _) => panic!("remove failed at op {op}"),
                    (None, _) => Known::Unknown,
                },
            );
        } else {
            let new = 1 - pin;
            outcome = h.run_killed(
                &["change-pin"],
                &format!("{current}\n{}\n", pins[new]),
                delay,
            );
            if outcome == Some(true) {
                pin = new;
            } else if outcome == Some(false) {
                panic!("change-pin failed at op {op}");
            }
        }
        if outcome.is_some() {
            finished += 1
        } else {
            killed += 1
        }

        // The vault opens with the old or the new PIN (this also finishes any
        // interrupted re-seal and resets the wrong-PIN count).
        let opened = [pin, 1 - pin].into_iter().find(|&p| {
            h.run(&["unlock"], &format!("{}\n", pins[p]))
                .status
                .success()
        });
        pin = opened.unwrap_or_else(|| panic!("no PIN opens the vault after op {op}"));

        if op % 25 == 24 || op == 199 {
            checkpoint(&h, pins[pin], &mut accounts, op == 199, op);
        }
    }
    println!(
        "200 operations: {killed} killed, {finished} finished; {} accounts at the end",
        accounts.values().filter(|k| **k == Known::Present).count()
    );
    assert!(
        killed >= 50,
        "too few operations were actually interrupted ({killed})"
    );
}

fn checkpoint(
    h: &Harness,
    pin: &str,
    accounts: &mut BTreeMap<u32, Known>,
    all_codes: bool,
    op: usize,
) {
    let doctor = h.run(&["doctor", "--json"], "");
    assert!(
        doctor.status.success(),
        "doctor not clean after op {op}: {}",
        String::from_utf8_lossy(&doctor.stdout)
    );
    let list: serde_json::Value =
        serde_json::from_slice(&h.run(&["list", "--json"], "").stdout).unwrap();
    let listed: Vec<u32> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            a["issuer"]
                .as_str()
                .unwrap()
                .trim_start_matches("Acct-")
                .parse()
                .unwrap()
        })
        .collect();
    let mut unique = listed.clone();
    unique.dedup();
    assert_eq!(
        unique.len(),
        listed.len(),
        "duplicate accounts after op {op}"
    );
    for (n, known) in accounts.iter_mut() {
        let present = listed.contains(n);
        match known {
            Known::Present => assert!(present, "account {n} was lost by op {op}"),
            Known::Absent => assert!(!present, "removed account {n} is back at op {op}"),
            Known::Unknown => {
                *known = if present {
                    Known::Present
                } else {
                    Known::Absent
                }
            }
        }
    }
    let check: Vec<u32> = if all_codes {
        listed.clone()
    } else {
        listed.iter().copied().take(3).collect()
    };
    for n in check {
        let issuer = format!("Acct-{n:03}");
        let out = h.run(&["code", &issuer, "--at", "59"], &format!("{pin}\n"));
        assert!(
            out.status.success(),
            "account {n} unusable after op {op}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let want = otp::totp(
            &SecretKey::from_bytes(key_for(n)),
            Algorithm::Sha1,
            6,
            30,
            59,
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            want,
            "account {n} at op {op}"
        );
    }
    // Nothing on disk holds a key, in any form.
    for entry in std::fs::read_dir(h.data.path().join("profiles").join(&h.profile))
        .unwrap()
        .flatten()
    {
        let text =
            String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap_or_default()).into_owned();
        for n in accounts.keys() {
            assert!(
                !text.contains(&b32(&key_for(*n))),
                "{} holds a key",
                entry.path().display()
            );
        }
    }
}
