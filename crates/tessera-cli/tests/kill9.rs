//! Crash safety with real processes: 200 add / remove / change-pin operations
//! of the real `tessera` binary against the real keychain, most of them
//! killed with SIGKILL part-way through (the rest left to finish). After every
//! operation the vault must open with the old or the new PIN; at checkpoints
//! nothing confirmed may be lost, `doctor` must report a clean vault, and
//! every listed account must produce its code. Skips without a keychain
//! unless TESSERA_REAL_TOOLS=1.
//!
//! The kill moments adapt to the machine: each kind of operation is first
//! timed on this machine, and every kill falls uniformly within 5–95 % of
//! that kind's measured duration (the median of its latest complete runs, so
//! the figure follows the vault as it grows). The share of operations really
//! interrupted is then about the same on a slow and a fast machine.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(unix)]

mod support;

use std::collections::{BTreeMap, VecDeque};
use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use tessera_core::otp::{self, Algorithm};
use tessera_core::SecretKey;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Known {
    Present,
    Absent,
    Unknown,
}

/// Out of 100: how many operations are given a kill moment (the others run
/// to completion and are timed).
const KILL_SHARE: u64 = 70;
/// Complete runs remembered per kind of operation.
const TIMING_WINDOW: usize = 7;

/// The kinds of operation, each timed on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Op {
    Add,
    Remove,
    ChangePin,
}

/// How long each kind of operation takes on this machine, from its latest
/// complete runs.
#[derive(Debug, Default)]
struct Timings(BTreeMap<Op, VecDeque<Duration>>);

impl Timings {
    fn record(&mut self, op: Op, took: Duration) {
        let runs = self.0.entry(op).or_default();
        if runs.len() == TIMING_WINDOW {
            runs.pop_front();
        }
        runs.push_back(took);
    }

    fn median(&self, op: Op) -> Duration {
        let mut runs: Vec<Duration> = self.0[&op].iter().copied().collect();
        runs.sort();
        runs[runs.len() / 2]
    }

    /// A kill moment uniformly within 5–95 % of the operation's duration.
    fn kill_moment(&self, op: Op, rng: &mut Rng) -> Duration {
        let whole = self.median(op).as_micros() as u64;
        let (low, high) = (whole * 5 / 100, whole * 95 / 100);
        Duration::from_micros(low + rng.next() % (high - low).max(1))
    }

    fn summary(&self) -> String {
        self.0
            .keys()
            .map(|op| format!("{op:?} {} ms", self.median(*op).as_millis()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// How an operation ended.
enum Ended {
    /// It finished by itself (successfully or not), taking this long.
    Finished(bool, Duration),
    /// It was killed while still running.
    Killed,
}

struct Harness {
    data: tempfile::TempDir,
    profile: String,
}

impl Harness {
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_tessera"));
        // The cheapest PIN cost (debug builds only): this test is about crash
        // safety, and its 400-odd PIN checks would otherwise take minutes.
        c.env("TESSERA_DATA_DIR", self.data.path())
            .env("TESSERA_TEST_KDF", "fast")
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

    /// Runs the command and, when `kill_at` is given, kills it (SIGKILL) at
    /// that moment after its start unless it has ended by then.
    fn run_killed(&self, args: &[&str], stdin: &str, kill_at: Option<Duration>) -> Ended {
        let started = Instant::now();
        let mut child = self.cmd(args).spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let Some(kill_at) = kill_at else {
            let status = child.wait().unwrap();
            return Ended::Finished(status.success(), started.elapsed());
        };
        if let Some(left) = kill_at.checked_sub(started.elapsed()) {
            std::thread::sleep(left);
        }
        match child.try_wait().unwrap() {
            Some(status) => Ended::Finished(status.success(), started.elapsed()),
            None => {
                child.kill().unwrap(); // SIGKILL
                child.wait().unwrap();
                Ended::Killed
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

fn add_args(n: u32) -> (String, String) {
    (format!("Acct-{n:03}"), b32(&key_for(n)))
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
    let pins = PINS;
    let mut pin = 0usize; // index into pins of the PIN known to work
    assert!(h
        .run(&["set-pin"], &format!("{}\n", pins[0]))
        .status
        .success());

    let mut accounts: BTreeMap<u32, Known> = BTreeMap::new();
    let mut rng = Rng(0x5EED_0009);
    let mut next_id = 0u32;

    // Time each kind of operation on this machine before killing any:
    // three complete adds, one remove and two PIN changes (there and back).
    let mut timings = Timings::default();
    for _ in 0..3 {
        let n = next_id;
        next_id += 1;
        let (issuer, key) = add_args(n);
        let args = [
            "add",
            "--issuer",
            &issuer,
            "--account",
            "x",
            "--secret",
            &key,
        ];
        match h.run_killed(&args, &format!("{}\n", pins[pin]), None) {
            Ended::Finished(true, took) => timings.record(Op::Add, took),
            _ => panic!("calibration add failed"),
        }
        accounts.insert(n, Known::Present);
    }
    match h.run_killed(
        &["remove", "Acct-000", "--yes"],
        &format!("{}\n", pins[pin]),
        None,
    ) {
        Ended::Finished(true, took) => timings.record(Op::Remove, took),
        _ => panic!("calibration remove failed"),
    }
    accounts.insert(0, Known::Absent);
    for _ in 0..2 {
        let new = 1 - pin;
        let stdin = format!("{}\n{}\n", pins[pin], pins[new]);
        match h.run_killed(&["change-pin"], &stdin, None) {
            Ended::Finished(true, took) => timings.record(Op::ChangePin, took),
            _ => panic!("calibration change-pin failed"),
        }
        pin = new;
    }
    let calibrated = timings.summary();

    let (mut killed, mut finished) = (0, 0);
    let started = Instant::now();
    for op in 0..200 {
        let choice = rng.next() % 100;
        let kill = rng.next() % 100 < KILL_SHARE;
        let current = pins[pin];
        let live: Vec<u32> = accounts
            .iter()
            .filter(|(_, k)| **k != Known::Absent)
            .map(|(n, _)| *n)
            .collect();
        let kind = if choice < 55 || (choice < 75 && live.is_empty()) {
            Op::Add
        } else if choice < 75 {
            Op::Remove
        } else {
            Op::ChangePin
        };
        let kill_at = kill.then(|| timings.kill_moment(kind, &mut rng));
        let ended = match kind {
            Op::Add => {
                let n = next_id;
                next_id += 1;
                let (issuer, key) = add_args(n);
                let args = [
                    "add",
                    "--issuer",
                    &issuer,
                    "--account",
                    "x",
                    "--secret",
                    &key,
                ];
                let ended = h.run_killed(&args, &format!("{current}\n"), kill_at);
                accounts.insert(
                    n,
                    match ended {
                        Ended::Finished(true, _) => Known::Present,
                        Ended::Finished(false, _) => panic!("add failed at op {op}"),
                        Ended::Killed => Known::Unknown,
                    },
                );
                ended
            }
            Op::Remove => {
                let n = live[(rng.next() as usize) % live.len()];
                let issuer = format!("Acct-{n:03}");
                let ended = h.run_killed(
                    &["remove", &issuer, "--yes"],
                    &format!("{current}\n"),
                    kill_at,
                );
                let was = accounts[&n];
                accounts.insert(
                    n,
                    match (&ended, was) {
                        (Ended::Finished(true, _), _) => Known::Absent,
                        // Not present (an earlier add was killed before it counted): fine.
                        (Ended::Finished(false, _), Known::Unknown) => Known::Absent,
                        (Ended::Finished(false, _), _) => panic!("remove failed at op {op}"),
                        (Ended::Killed, _) => Known::Unknown,
                    },
                );
                ended
            }
            Op::ChangePin => {
                let new = 1 - pin;
                let ended = h.run_killed(
                    &["change-pin"],
                    &format!("{current}\n{}\n", pins[new]),
                    kill_at,
                );
                match ended {
                    Ended::Finished(true, _) => pin = new,
                    Ended::Finished(false, _) => panic!("change-pin failed at op {op}"),
                    Ended::Killed => {}
                }
                ended
            }
        };
        match ended {
            Ended::Finished(ok, took) => {
                finished += 1;
                // Only complete runs of the real operation are timings (a
                // remove of an account whose add never counted fails fast).
                if ok && kill_at.is_none() {
                    timings.record(kind, took);
                }
            }
            Ended::Killed => killed += 1,
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
        "200 operations in {:.0} s: {killed} killed, {finished} finished; {} accounts at the end; \
         operations took (median) {calibrated} at the start, {} at the end",
        started.elapsed().as_secs_f64(),
        accounts.values().filter(|k| **k == Known::Present).count(),
        timings.summary()
    );
    assert!(
        killed >= 50,
        "too few operations were actually interrupted ({killed})"
    );
}

/// The two PINs the test switches between.
const PINS: [&str; 2] = ["111111", "222222"];

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
        serde_json::from_slice(&h.run(&["list", "--json"], &format!("{pin}\n")).stdout).unwrap();
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
