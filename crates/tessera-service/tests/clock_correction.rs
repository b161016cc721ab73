//! The time correction for codes, end to end: a service whose clock runs
//! 90 s fast (this test re-runs itself under libfaketime, `+90s`, with the
//! system clock as the service's clock) checks the clock against a real
//! chronyd on loopback, applies the measured offset, and its codes are then
//! the ones `oathtool` makes at the real time. Skipped, with a notice, when
//! chronyd, faketime or oathtool is missing, except under
//! `TESSERA_REAL_TOOLS=1`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../tessera-clock/tests/support/chrony.rs"]
mod chrony;

use std::process::Command;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};
use tessera_core::vault::{KdfParams, MemoryStore, ProfileName};
use tessera_service::backend::DynStore;
use tessera_service::views::{AccountForm, ClockVerdict};
use tessera_service::{Backend, Service, SystemClock};

const KEY: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/// Set in the re-run under faketime: the server to check against.
const CHILD_ENV: &str = "TESSERA_CLOCK_CORRECTION_SERVER";
const MARK: &str = "CLOCK-CORRECTION ";

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn oathtool_at(time: u64) -> String {
    let out = Command::new("oathtool")
        .args(["--totp", "-b", KEY, "--now", &format!("@{time}")])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Under faketime: the service on the (fast) system clock, an in-memory
/// keychain and a throwaway data directory.
fn child(server: &str) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryStore::new());
    let backend = Backend {
        data_dir: dir.path().to_path_buf(),
        open_keychain: Box::new(move || Ok(Box::new(Arc::clone(&store)) as DynStore)),
        open_clipboard: None,
        entropy: Arc::new(tessera_fs::OsEntropy),
        kdf: KdfParams::MIN,
        clock: Arc::new(SystemClock::new()),
        user: "test".into(),
    };
    let service = Service::new(backend, ProfileName::default_profile(), true);
    service
        .add_account(&AccountForm {
            issuer: "Clinic".into(),
            name: "desk".into(),
            key: KEY.into(),
            kind: None,
            algorithm: None,
            digits: None,
            period: None,
            counter: None,
        })
        .unwrap();
    let uncorrected = service.frame().codes[0].code.clone().unwrap();
    let view = service.check_clock(&[server.to_owned()]).unwrap();
    assert_eq!(view.verdict, ClockVerdict::Skewed, "{view:?}");
    assert!(view.wrong_codes);
    let view = service.apply_clock_correction(true).unwrap();
    assert!(!view.wrong_codes, "{view:?}");
    let corrected = service.frame().codes[0].code.clone().unwrap();
    let line = serde_json::json!({
        "offset_ms": view.offset_ms,
        "correction_ms": view.correction_ms,
        "uncorrected": uncorrected,
        "corrected": corrected,
        "faked_now": service.now(),
    });
    println!("{MARK}{line}");
}

#[test]
fn a_corrected_fast_clock_gives_the_codes_of_the_real_time() {
    if let Ok(server) = std::env::var(CHILD_ENV) {
        return child(&server);
    }
    if !chrony::tool("faketime") || !chrony::tool("oathtool") {
        return;
    }
    let Some(server) = chrony::Chronyd::start() else {
        return;
    };
    let before = unix_now();
    let out = Command::new("faketime")
        .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
        .env(CHILD_ENV, server.address())
        .args(["-f", "+90s"])
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_corrected_fast_clock_gives_the_codes_of_the_real_time",
            "--nocapture",
            "--test-threads=1",
        ])
        .output()
        .unwrap();
    let after = unix_now();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the run under faketime failed:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = text
        .lines()
        .find_map(|l| l.split_once(MARK).map(|(_, json)| json))
        .unwrap_or_else(|| panic!("no result from the run under faketime:\n{text}"));
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    println!("under faketime +90s: {v}");
    let offset = v["offset_ms"].as_i64().unwrap();
    assert!((offset + 90_000).abs() <= 1_000, "{v}");
    assert_eq!(v["correction_ms"], v["offset_ms"]);
    let faked_now = v["faked_now"].as_u64().unwrap();
    assert!(faked_now >= before + 89, "the clock in there was fast: {v}");
    // Codes of the real time while it ran (the offset is measured to well
    // under a second; a second either side covers a step boundary).
    let real: Vec<String> = (before - 1..=after + 1).map(oathtool_at).collect();
    let corrected = v["corrected"].as_str().unwrap().to_owned();
    let uncorrected = v["uncorrected"].as_str().unwrap().to_owned();
    assert!(
        real.contains(&corrected),
        "{corrected} is not among {real:?}"
    );
    assert!(
        !real.contains(&uncorrected),
        "without the correction the code is the fast clock's: {v}"
    );
}
