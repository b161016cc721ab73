//! Queries against servers on loopback: a real chronyd, and a scripted
//! SNTP server in this process whose clock is wherever the test puts it
//! (its replies follow RFC 5905 §7.3: mode 4, our transmit time echoed as
//! the originate time).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/chrony.rs"]
mod chrony;

use std::net::UdpSocket;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tessera_clock::{check, query, ClockError, ServerResult, Verdict};

/// Seconds from 1900 (NTP's era 0) to 1970.
const NTP_UNIX_OFFSET: u64 = 2_208_988_800;
/// Generous: a slow machine only makes a query take longer, never fail.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Now plus `skew_ms` as a 64-bit NTP timestamp.
fn ntp_now(skew_ms: i64) -> [u8; 8] {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let ms = i128::try_from(now.as_millis()).unwrap() + i128::from(skew_ms);
    let secs = u64::try_from(ms / 1000).unwrap() + NTP_UNIX_OFFSET;
    let frac = (u64::try_from(ms % 1000).unwrap() << 32) / 1000;
    let mut out = [0u8; 8];
    out[..4].copy_from_slice(&u32::try_from(secs).unwrap().to_be_bytes());
    out[4..].copy_from_slice(&u32::try_from(frac).unwrap().to_be_bytes());
    out
}

/// How the scripted server answers.
#[derive(Clone, Copy)]
struct Script {
    skew_ms: i64,
    leap: u8,
    stratum: u8,
    refid: [u8; 4],
}

const SYNCED: Script = Script {
    skew_ms: 0,
    leap: 0,
    stratum: 2,
    refid: *b"GPS\0",
};

/// Answers every request until the test ends; returns its address.
fn scripted_server(script: Script) -> String {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    let address = socket.local_addr().unwrap().to_string();
    std::thread::spawn(move || loop {
        let mut request = [0u8; 48];
        let Ok((_, from)) = socket.recv_from(&mut request) else {
            return;
        };
        let mut reply = [0u8; 48];
        reply[0] = (script.leap << 6) | (4 << 3) | 4; // version 4, mode 4 (server)
        reply[1] = script.stratum;
        reply[12..16].copy_from_slice(&script.refid);
        reply[16..24].copy_from_slice(&ntp_now(script.skew_ms - 60_000)); // reference
        reply[24..32].copy_from_slice(&request[40..48]); // originate = their transmit
        reply[32..40].copy_from_slice(&ntp_now(script.skew_ms)); // receive
        reply[40..48].copy_from_slice(&ntp_now(script.skew_ms)); // transmit
        let _ = socket.send_to(&reply, from);
    });
    address
}

/// A UDP port nothing listens on, and that nothing else in this test binary
/// can be given meanwhile: below the ephemeral range the other tests' servers
/// (bound to port 0) get theirs from. A port freed inside that range was
/// once handed to a scripted server a moment later (a kiss-o'-death instead
/// of "refused").
fn dead_port() -> u16 {
    let low = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|r| r.split_whitespace().next()?.parse::<u16>().ok())
        .unwrap_or(32768);
    (low.saturating_sub(8000)..low)
        .find(|&port| UdpSocket::bind(("127.0.0.1", port)).is_ok())
        .expect("a free port below the ephemeral range")
}

#[test]
fn a_server_ninety_seconds_ahead_reads_plus_ninety() {
    let ahead = scripted_server(Script {
        skew_ms: 90_000,
        ..SYNCED
    });
    let reading = query(&ahead, TIMEOUT).unwrap();
    assert_eq!(reading.server, ahead);
    assert!(
        (reading.offset_ms - 90_000).abs() < 1_000,
        "{reading:?}: this clock is 90 s slow"
    );
}

#[test]
fn one_wrong_server_does_not_decide_and_a_dead_one_is_reported() {
    let right = scripted_server(SYNCED);
    let also_right = scripted_server(SYNCED);
    let wrong = scripted_server(Script {
        skew_ms: -3_600_000,
        ..SYNCED
    });
    let dead = format!("127.0.0.1:{}", dead_port());
    let servers = [right, wrong, dead.clone(), also_right];
    let report = check(&servers, TIMEOUT);
    assert_eq!(report.verdict, Verdict::Ok, "{report:?}");
    assert!(report.offset_ms.unwrap().abs() < 1_000, "{report:?}");
    assert!(!report.would_give_wrong_codes(30));
    let names: Vec<&str> = report.servers.iter().map(ServerResult::server).collect();
    assert_eq!(
        names,
        servers.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert_eq!(
        report.servers[2],
        ServerResult::Err {
            server: dead,
            error: ClockError::Refused.to_string()
        }
    );
}

#[test]
fn a_kiss_of_death_or_an_unsynchronised_server_gives_no_reading() {
    let kod = scripted_server(Script {
        stratum: 0,
        refid: *b"RATE",
        ..SYNCED
    });
    assert!(
        matches!(query(&kod, TIMEOUT), Err(ClockError::BadReply(_))),
        "a kiss-o'-death is a refusal, not a time"
    );
    let unsynced = scripted_server(Script {
        leap: 3,
        stratum: 16,
        ..SYNCED
    });
    let report = check(&[unsynced], TIMEOUT);
    assert_eq!(report.verdict, Verdict::Unknown, "{report:?}");
    assert_eq!(report.offset_ms, None);
}

#[test]
fn offline_is_unknown_with_every_servers_reason() {
    // Nothing resolves `.invalid` (RFC 2606), online or not; the closed
    // port is refused.
    let servers = [
        "ntp.tessera.invalid".to_owned(),
        format!("127.0.0.1:{}", dead_port()),
        "not a server".to_owned(),
    ];
    let report = check(&servers, TIMEOUT);
    assert_eq!(report.verdict, Verdict::Unknown);
    assert_eq!(report.offset_ms, None);
    let errors: Vec<String> = report
        .servers
        .iter()
        .map(|s| match s {
            ServerResult::Err { error, .. } => error.clone(),
            ServerResult::Ok(r) => panic!("{r:?} answered"),
        })
        .collect();
    assert!(errors[0].contains("could not be looked up"), "{errors:?}");
    assert!(errors[1].starts_with("refused"), "{errors:?}");
    assert!(errors[2].contains("HOST:PORT"), "{errors:?}");
}

#[test]
fn a_real_chronyd_on_loopback_agrees_with_this_clock() {
    let Some(server) = chrony::Chronyd::start() else {
        return;
    };
    let reading = query(&server.address(), TIMEOUT).unwrap();
    assert!(
        reading.offset_ms.abs() < 1_000,
        "chronyd serves this machine's own clock: {reading:?}\n{}",
        server.log()
    );
    let report = check(&[server.address()], TIMEOUT);
    assert_eq!(report.verdict, Verdict::Ok);
}
