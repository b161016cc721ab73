//! `tessera clock` end to end, against a real NTP server on loopback (Debian's
//! chronyd, started here on a free port with its own configuration) and with
//! this computer's clock moved by libfaketime for the `tessera` process only
//! (`FAKETIME_DONT_FAKE_MONOTONIC=1`: socket timeouts and sleeps keep real
//! time). Skipped, with a notice, when chronyd or faketime is missing, except
//! under `TESSERA_REAL_TOOLS=1`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../tessera-clock/tests/support/chrony.rs"]
mod chrony;

use serde_json::Value;
use std::process::{Command, Output};

fn tessera(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tessera"))
        .args(args)
        .output()
        .unwrap()
}

/// `tessera ARGS` with this computer's clock moved by `shift` (`+90s`).
fn tessera_shifted(shift: &str, args: &[&str]) -> Output {
    Command::new("faketime")
        .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
        .args(["-f", shift, env!("CARGO_BIN_EXE_tessera")])
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_str(&stdout(o))
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout(o), String::from_utf8_lossy(&o.stderr)))
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

fn with_server() -> Option<chrony::Chronyd> {
    if !chrony::tool("faketime") {
        return None;
    }
    chrony::Chronyd::start()
}

#[test]
fn a_clock_ninety_seconds_fast_is_measured() {
    let Some(server) = with_server() else { return };
    let addr = server.address();
    let out = tessera_shifted("+90s", &["clock", "--server", &addr, "--json"]);
    assert_eq!(out.status.code(), Some(1), "skewed exits 1");
    let v = json(&out);
    assert_eq!(keys(&v), ["offset_ms", "servers", "verdict"]);
    assert_eq!(v["verdict"], "skewed");
    let offset = v["offset_ms"].as_i64().unwrap();
    println!("measured offset under faketime +90s: {offset} ms");
    assert!((offset + 90_000).abs() <= 1_000, "{v}");
    let one = &v["servers"][0];
    assert_eq!(keys(one), ["server", "offset_ms", "rtt_ms"]);
    assert_eq!(one["server"], addr.as_str());
    assert!(one["rtt_ms"].is_u64());

    let out = tessera_shifted("+90s", &["clock", "--server", &addr]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("Your clock is 90 s fast."), "{text}");
    assert!(
        text.contains("WARNING: codes made with this clock are often wrong"),
        "{text}"
    );

    let out = tessera_shifted("-8s", &["clock", "--server", &addr]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("Your clock is 8 s slow."), "{text}");
    assert!(
        !text.contains("WARNING"),
        "8 s off still gives right codes: {text}"
    );
}

#[test]
fn a_right_clock_is_ok_and_calm() {
    let Some(server) = with_server() else { return };
    let addr = server.address();
    let out = tessera(&["clock", "--server", &addr, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let v = json(&out);
    assert_eq!(v["verdict"], "ok");
    assert!(v["offset_ms"].as_i64().unwrap().abs() < 1_000, "{v}");
    let out = tessera(&["clock", "--server", &addr]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("Your clock is right"), "{text}");
    assert!(!text.contains("WARNING"));
    // One dead server among good ones changes nothing.
    let dead = format!("127.0.0.1:{}", chrony::free_port());
    let out = tessera(&["clock", "--server", &dead, "--server", &addr, "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(keys(&v["servers"][0]), ["server", "error"]);
    assert_eq!(v["servers"][1]["server"], addr.as_str());
}

#[test]
fn a_dead_server_is_unknown() {
    let dead = format!("127.0.0.1:{}", chrony::free_port());
    let out = tessera(&["clock", "--server", &dead, "--json"]);
    assert_eq!(out.status.code(), Some(1), "not checked exits 1");
    let v = json(&out);
    assert_eq!(v["verdict"], "unknown");
    assert!(v["offset_ms"].is_null());
    assert_eq!(keys(&v["servers"][0]), ["server", "error"]);
    assert_eq!(v["servers"][0]["server"], dead.as_str());
    assert!(v["servers"][0]["error"]
        .as_str()
        .unwrap()
        .starts_with("refused"));
    let out = tessera(&["clock", "--server", &dead]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("Clock not checked (offline)"));
}

#[test]
fn a_malformed_server_is_a_usage_error() {
    for bad in ["http://pool.ntp.org", "host:0", "host:99999", ""] {
        let out = tessera(&["clock", "--server", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("HOST:PORT"),
            "{bad:?}"
        );
    }
    assert_eq!(tessera(&["clock", "--servers", "x"]).status.code(), Some(2));
}

#[test]
fn needs_no_profile_and_no_keychain() {
    // A data directory that cannot exist and no session bus: still answers.
    let dead = format!("127.0.0.1:{}", chrony::free_port());
    let out = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .env("TESSERA_DATA_DIR", "/nonexistent/tessera")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .args(["--profile", "nobody", "clock", "--server", &dead, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["verdict"], "unknown");
}
